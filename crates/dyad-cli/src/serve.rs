//! `dyad serve` (a thin layer over `dyad-server`) and `dyad serve-bench`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use dyad_store::{IngestOptions, Store};

use crate::Dicts;

#[derive(Args)]
pub struct ServeArgs {
    /// The dyad database (SQLite); created when --token enables writes.
    #[arg(long, default_value = "dyad.db", value_name = "PATH")]
    db: PathBuf,
    /// Address to listen on. Loopback by default: other machines need an explicit address.
    /// HOST:PORT, with a host name or an IP address (localhost:8081, 0.0.0.0:8080).
    #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_addr)]
    addr: SocketAddr,
    /// Token that POST /api/articles needs (Authorization: Bearer T); without one, writes are refused.
    #[arg(long, env = "DYAD_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Require the token for reads too.
    #[arg(long)]
    private: bool,
    /// Largest request body: bytes, or with KiB, MiB, KB, MB.
    #[arg(long, default_value = "10MiB", value_parser = parse_size)]
    body_limit: usize,
    /// Longest a request may take, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Allow browser pages from this origin to call the API (CORS); off by default.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// Relations answers kept in memory until the database changes (0: none).
    #[arg(long, default_value_t = 256)]
    cache: usize,
    /// The dictionaries that code POSTed articles, as for `code` and `ingest`.
    #[command(flatten)]
    dicts: Dicts,
}

/// Parses `HOST:PORT`, resolving a host name (`localhost:8081`); of several
/// addresses, an IPv4 one first, as browsers try `localhost` that way too.
pub fn parse_addr(s: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Ok(a);
    }
    let addrs: Vec<SocketAddr> = s
        .to_socket_addrs()
        .map_err(|e| {
            format!("expected HOST:PORT such as 127.0.0.1:8080 or localhost:8080, got {s:?} ({e})")
        })?
        .collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| format!("{s:?} resolves to no address"))
}

/// Parses `10MiB`, `512KiB`, `1MB`, `2048`.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("expected a size like 10MiB, 512KiB or 1048576, got {s:?}"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1000,
        "kib" => 1024,
        "m" | "mb" => 1_000_000,
        "mib" => 1024 * 1024,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1024 * 1024 * 1024,
        u => {
            return Err(format!(
                "unknown size unit {u:?} (use B, KiB, MiB, KB or MB)"
            ))
        }
    };
    match n.checked_mul(mult) {
        Some(0) => Err("the body limit must be more than 0".into()),
        Some(v) => Ok(v),
        None => Err(format!("{s:?} is too large")),
    }
}

pub fn serve(a: ServeArgs) -> Result<ExitCode, String> {
    let pipeline = std::sync::Arc::new(a.dicts.pipeline()?);
    let config = dyad_server::Config {
        db: a.db,
        addr: a.addr,
        token: a.token.filter(|t| !t.is_empty()),
        private: a.private,
        body_limit: a.body_limit,
        timeout: Duration::from_secs(a.timeout.max(1)),
        cors_origin: a.cors,
        cache_entries: a.cache,
        pipeline,
    };
    dyad_server::run(config).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ServeBenchArgs {
    /// Database to serve; built from a synthetic corpus when it has fewer articles than --articles.
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Articles in the synthetic database.
    #[arg(long, default_value_t = 50_000)]
    articles: usize,
    /// Folder of example articles to build the corpus from.
    #[arg(long, default_value = "examples")]
    from: PathBuf,
    /// Seconds per endpoint (the baseline and the relations endpoint run one after the other).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Most requests per endpoint.
    #[arg(long, default_value_t = 1_000_000)]
    max_requests: u64,
    #[command(flatten)]
    dicts: Dicts,
}

fn article_count(db: &Path) -> usize {
    Store::open_read_only(db)
        .ok()
        .and_then(|s| dyad_store::browse::counts(&s).ok())
        .map_or(0, |c| c.articles as usize)
}

fn db_size(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|ext| std::fs::metadata(format!("{}{ext}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// `dyad serve-bench`: serves a large database in-process on loopback and
/// measures the relations endpoint against `/api/health` in the same run.
pub fn serve_bench(a: ServeBenchArgs) -> Result<ExitCode, String> {
    let db =
        a.db.clone()
            .unwrap_or_else(|| std::env::temp_dir().join("dyad-serve-bench.db"));
    if article_count(&db) < a.articles {
        let pipeline = a.dicts.pipeline()?;
        let docs = crate::store_cmds::mixed_corpus(&a.from, a.articles)?;
        eprintln!(
            "dyad serve-bench: ingesting {} synthetic articles into {}",
            docs.len(),
            db.display()
        );
        let t = Instant::now();
        let store = Store::open(&db).map_err(|e| e.to_string())?;
        let tally = dyad_store::ingest(
            store,
            &pipeline,
            docs.into_iter().map(Ok),
            &IngestOptions::default(),
            &|_| {},
        )
        .map_err(|e| e.to_string())?;
        eprintln!(
            "dyad serve-bench: {tally} in {:.0}s",
            t.elapsed().as_secs_f64()
        );
    }
    let articles = article_count(&db);
    let events = Store::open_read_only(&db)
        .and_then(|s| dyad_store::browse::counts(&s))
        .map_err(|e| e.to_string())?
        .events;
    let secs = Duration::from_secs(a.seconds.clamp(1, 60));
    let path = "/api/relations?a=JPN&b=RUS&by=month";
    let c = dyad_server::loadtest::compare(&db, path, a.connections, secs, a.max_requests)
        .map_err(|e| e.to_string())?;
    println!("measure\tvalue");
    println!("database\t{}", db.display());
    println!("articles\t{articles}");
    println!("events\t{events}");
    println!("database MiB\t{:.1}", db_size(&db) as f64 / 1048576.0);
    println!("connections\t{}", a.connections);
    println!("relations response bytes\t{}", c.cached.body_bytes);
    for (name, r) in [
        ("baseline", &c.baseline),
        ("cached", &c.cached),
        ("uncached", &c.uncached),
    ] {
        println!(
            "{name} {}\t{} requests in {:.1}s, {} errors: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            r.path, r.requests, r.seconds, r.errors, r.per_second, r.p50_ms, r.p99_ms, r.max_ms
        );
    }
    let ratio =
        |r: &dyad_server::loadtest::LoadResult| r.per_second / c.baseline.per_second.max(1e-9);
    println!("cached relations / baseline req/s\t{:.3}", ratio(&c.cached));
    println!(
        "uncached relations / baseline req/s\t{:.4}",
        ratio(&c.uncached)
    );
    let errors = c.baseline.errors + c.cached.errors + c.uncached.errors;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MiB").unwrap(), 10 * 1024 * 1024);
        assert_eq!(parse_size("512kib").unwrap(), 512 * 1024);
        assert_eq!(parse_size("1MB").unwrap(), 1_000_000);
        assert_eq!(parse_size("2048").unwrap(), 2048);
        assert!(parse_size("ten").is_err());
        assert!(parse_size("10 parsecs").is_err());
        assert!(parse_size("0").is_err());
    }
}
