//! A small HTTP/1.1 load generator for `dyad serve-bench`: keep-alive GETs
//! from a few connections against a server on this machine, bounded in time
//! and in request count.
//!
//! It speaks just enough HTTP for our own server (Content-Length bodies), so
//! it needs no client library.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What one endpoint sustained.
#[derive(Debug, Clone)]
pub struct LoadResult {
    pub path: String,
    pub requests: u64,
    /// Non-2xx answers and broken connections.
    pub errors: u64,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Size of the last response body, in bytes.
    pub body_bytes: usize,
}

/// Reads one response; returns (status, body length).
async fn read_response(s: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<(u16, usize)> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 16 * 1024];
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no status"))?;
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .ok_or_else(|| bad("no content-length"))?;
    while buf.len() < head_end + len {
        let mut chunk = [0u8; 64 * 1024];
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("connection closed in the body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..head_end + len);
    Ok((status, len))
}

/// Sends GET `path` over `connections` keep-alive connections for `duration`
/// or until `max_requests` in total, whichever comes first.
pub async fn load(
    addr: SocketAddr,
    path: &str,
    connections: usize,
    duration: Duration,
    max_requests: u64,
) -> LoadResult {
    let started = Instant::now();
    let deadline = started + duration;
    let per_conn = max_requests / connections.max(1) as u64;
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: dyad-serve-bench\r\n\r\n");
    let mut tasks = Vec::new();
    for _ in 0..connections.max(1) {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0u64;
            let mut body = 0;
            let mut conn: Option<TcpStream> = None;
            let mut buf = Vec::new();
            while Instant::now() < deadline && (lat.len() as u64) < per_conn {
                let s = match &mut conn {
                    Some(s) => s,
                    None => match TcpStream::connect(addr).await {
                        Ok(s) => {
                            let _ = s.set_nodelay(true);
                            buf.clear();
                            conn.insert(s)
                        }
                        Err(_) => {
                            errors += 1;
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    },
                };
                let t = Instant::now();
                let r = async {
                    s.write_all(request.as_bytes()).await?;
                    read_response(s, &mut buf).await
                }
                .await;
                match r {
                    Ok((status, len)) => {
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        body = len;
                        if !(200..300).contains(&status) {
                            errors += 1;
                        }
                    }
                    Err(_) => {
                        errors += 1;
                        conn = None;
                    }
                }
            }
            (lat, errors, body)
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    let mut body_bytes = 0;
    for t in tasks {
        if let Ok((l, e, b)) = t.await {
            lat.extend(l);
            errors += e;
            body_bytes = body_bytes.max(b);
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        if lat.is_empty() {
            0.0
        } else {
            lat[((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1]
        }
    };
    LoadResult {
        path: path.to_string(),
        requests: lat.len() as u64,
        errors,
        seconds,
        per_second: lat.len() as f64 / seconds.max(1e-9),
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
        body_bytes,
    }
}

/// The measurements of [`compare`].
pub struct Comparison {
    /// `/api/health`: no database work.
    pub baseline: LoadResult,
    /// The endpoint with the response cache (the server's default).
    pub cached: LoadResult,
    /// The endpoint recomputed from SQLite on every request.
    pub uncached: LoadResult,
}

/// Serves `db` in-process on free loopback ports and loads `/api/health`
/// (the baseline), then `path` with the response cache, then `path` on a
/// second server without it, each for `duration`, in the same run.
pub fn compare(
    db: &std::path::Path,
    path: &str,
    connections: usize,
    duration: Duration,
    max_requests: u64,
) -> Result<Comparison, crate::ServerError> {
    let with_cache = crate::app(crate::Config::new(db))?;
    let mut plain = crate::Config::new(db);
    plain.cache_entries = 0;
    let without_cache = crate::app(plain)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(crate::ServerError::Runtime)?;
    rt.block_on(async {
        let mut addrs = Vec::new();
        let mut stops = Vec::new();
        let mut servers = Vec::new();
        for router in [with_cache, without_cache] {
            let listen = |source| crate::ServerError::Listen {
                addr: "127.0.0.1:0".into(),
                source,
            };
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(listen)?;
            addrs.push(listener.local_addr().map_err(listen)?);
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            stops.push(stop);
            servers.push(tokio::spawn(crate::serve_on(listener, router, async {
                let _ = stopped.await;
            })));
        }
        // One request first, so every measurement starts with a warm page cache.
        load(addrs[0], path, 1, duration, 1).await;
        let baseline = load(addrs[0], "/api/health", connections, duration, max_requests).await;
        let cached = load(addrs[0], path, connections, duration, max_requests).await;
        let uncached = load(addrs[1], path, connections, duration, max_requests).await;
        for s in stops {
            let _ = s.send(());
        }
        for s in servers {
            let _ = s.await;
        }
        Ok(Comparison {
            baseline,
            cached,
            uncached,
        })
    })
}
