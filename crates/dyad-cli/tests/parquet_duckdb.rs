//! `dyad export --format parquet --partition month` read back by DuckDB:
//! DATE columns, typed numbers, year/month partitions that prune.
//!
//! Runs `scripts/parquet_check.py` with the Python named by `DYAD_PYTHON`
//! (`scripts/test.sh` makes a venv with DuckDB under `target/pyenv` and sets
//! it), else `target/pyenv/bin/python` when present. Without one the test is
//! skipped, except under CI (env `CI` set), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DYAD_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = root().join("target/pyenv/bin/python");
    venv.exists().then_some(venv)
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .unwrap()
}

fn dyad(args: &[&str]) -> std::process::Output {
    let out = run(args);
    assert!(
        out.status.success(),
        "dyad {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn partitioned_parquet_opens_in_duckdb_with_dates_and_pruning() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let db = db.to_str().unwrap();
    let examples = root().join("examples");
    dyad(&["ingest", "--db", db, examples.to_str().unwrap()]);
    let out = dir.path().join("events");
    let export = [
        "export",
        "--db",
        db,
        "--format",
        "parquet",
        "--partition",
        "month",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = dyad(&export);
    let msg = String::from_utf8_lossy(&o.stderr).to_string();
    let n: usize = msg
        .split_whitespace()
        .nth(1)
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("event count in {msg:?}"));
    assert!(n > 10, "{msg}");
    assert!(!dir.path().join("events.partial").exists());
    let months: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(months.iter().all(|m| m.starts_with("year=")), "{months:?}");
    // A second export into the same, now non-empty folder is refused.
    let again = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args([
            "export",
            "--db",
            db,
            "--format",
            "parquet",
            "--partition",
            "month",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!again.status.success());

    let Some(py) = python() else {
        if std::env::var_os("CI").is_some() {
            panic!("DuckDB for Python is required under CI: scripts/test.sh installs it into target/pyenv");
        }
        eprintln!(
            "skipped the DuckDB check: no DYAD_PYTHON and no target/pyenv (run scripts/test.sh)"
        );
        return;
    };
    let check = Command::new(&py)
        .arg(root().join("scripts/parquet_check.py"))
        .arg(&out)
        .arg(n.to_string())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    eprintln!("{report}");
    assert!(
        check.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(report.contains("\"published\": \"DATE\""), "{report}");
}
