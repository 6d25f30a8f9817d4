//! `dyad bench --hostile`: time and peak memory of the inputs that used to be
//! superlinear (issue 15), at 1×, 4× and 16× size, each beside a normal
//! corpus of the same size coded in the same run.
//!
//! Every run is a child `dyad code` or `dyad ingest` process, so each has its
//! own peak RSS (the child reports its VmHWM when `DYAD_REPORT_PEAK` is set).
//! Linear growth shows as a 16× time near 16 times the 1× time; the ratio to
//! the normal corpus says how much dearer a hostile byte is than a news byte.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One input shape: how to make it at a size, and whether it is ingested.
struct Case {
    name: &'static str,
    ingest: bool,
    /// Bytes at 1×.
    base: usize,
    make: fn(usize) -> (String, String),
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)[..bytes].to_string()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "short sentences, one article",
            ingest: false,
            base: 1_000_000,
            make: |n| {
                let mut s = String::with_capacity(n + 64);
                let mut i = 0;
                while s.len() < n {
                    let _ = write!(s, "Japan praised Russia {i}. ");
                    i += 1;
                }
                ("txt".into(), s)
            },
        },
        Case {
            name: "run-on text without punctuation",
            ingest: false,
            base: 1_000_000,
            make: |n| {
                (
                    "txt".into(),
                    repeat_to("Japan and Russia talks alpha beta ", n),
                )
            },
        },
        Case {
            name: "HTML: '<a ' without '>'",
            ingest: false,
            base: 1_000_000,
            make: |n| {
                let head = "<html><body><p>Japan praised Russia.</p>";
                ("html".into(), format!("{head}{}", repeat_to("<a ", n)))
            },
        },
        Case {
            name: "HTML: stray end tags <div></x>",
            ingest: false,
            base: 1_000_000,
            make: |n| {
                let head = "<html><body><p>Japan praised Russia.</p>";
                (
                    "html".into(),
                    format!("{head}{}", repeat_to("<div></x>", n)),
                )
            },
        },
        Case {
            name: "ingest: one article of many sentences (summary)",
            ingest: true,
            base: 250_000,
            make: |n| ("txt".into(), repeat_to("Russia attacked Ukraine. ", n)),
        },
        Case {
            name: "ingest: many short similar articles (SimHash)",
            ingest: true,
            base: 170_000,
            make: |n| {
                let mut s = String::with_capacity(n + 128);
                let mut i = 0u64;
                while s.len() < n {
                    let _ = writeln!(
                        s,
                        "{{\"id\":\"{i}\",\"text\":\"Japan praised Russia on Monday in talks about item {i} and {}.\"}}",
                        i * 7
                    );
                    i += 1;
                }
                ("jsonl".into(), s)
            },
        },
    ]
}

/// Normal news of about `bytes`, as JSONL lines built from the corpus.
fn normal(seed: &[String], bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 4096);
    let mut i = 0;
    while s.len() < bytes {
        let line = serde_json::json!({
            "id": format!("n{i}"),
            "text": format!("{}\n\nReference {i}.", seed[i % seed.len()]),
            "published": "2018-03-27",
        });
        s.push_str(&line.to_string());
        s.push('\n');
        i += 1;
    }
    s
}

/// Runs `dyad code` or `dyad ingest` on `file`; seconds and peak MiB.
fn measure(exe: &Path, file: &Path, ingest: bool, dir: &Path) -> Result<(f64, f64), String> {
    let mut cmd = Command::new(exe);
    if ingest {
        let db = dir.join("bench.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        cmd.arg("ingest").arg(file).arg("--db").arg(db);
    } else {
        cmd.arg("code")
            .arg(file)
            .arg("--published")
            .arg("2018-03-27");
    }
    let t = Instant::now();
    let out = cmd
        .env("DYAD_REPORT_PEAK", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let secs = t.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let peak = err
        .lines()
        .find_map(|l| l.strip_prefix("dyad: peak-rss-mib "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(f64::NAN);
    if !out.status.success() {
        return Err(format!("{} failed: {err}", file.display()));
    }
    Ok((secs, peak))
}

pub fn run(from: &PathBuf, scales: &[usize]) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find dyad itself: {e}"))?;
    let seed: Vec<String> = dyad_core::input::Reader::new(&[from])
        .filter_map(Result::ok)
        .filter(|a| !a.is_html)
        .map(|a| a.body)
        .collect();
    if seed.is_empty() {
        return Err(format!(
            "no example articles in {} (use --from DIR)",
            from.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("dyad-bench-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    println!("case\tscale\tMiB\tseconds\tpeak MiB\tnormal seconds\tnormal peak MiB\tx normal\tgrowth vs 1x");
    for case in cases() {
        let mut first = None;
        for &k in scales {
            let bytes = case.base * k;
            let (ext, body) = (case.make)(bytes);
            let file = dir.join(format!("hostile.{ext}"));
            std::fs::write(&file, &body).map_err(|e| e.to_string())?;
            let mib = body.len() as f64 / 1_048_576.0;
            drop(body);
            let (t, peak) = measure(&exe, &file, case.ingest, &dir)?;
            let nfile = dir.join("normal.jsonl");
            std::fs::write(&nfile, normal(&seed, bytes)).map_err(|e| e.to_string())?;
            let (nt, npeak) = measure(&exe, &nfile, case.ingest, &dir)?;
            let t1 = *first.get_or_insert((t, k));
            println!(
                "{}\t{k}x\t{mib:.2}\t{t:.2}\t{peak:.0}\t{nt:.2}\t{npeak:.0}\t{:.1}\t{:.1} (input {}x)",
                case.name,
                t / nt.max(1e-3),
                t / t1.0.max(1e-3),
                k / t1.1
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
