//! The declared `rust-version` is the true minimum: no locked dependency
//! needs a newer Rust (issue 14, item 13). Our own code is held to it by
//! clippy's `incompatible_msrv` lint, which reads the same field.

use std::process::Command;

/// `1.89` and `1.89.0` alike, as (major, minor, patch).
fn version(v: &str) -> (u32, u32, u32) {
    let mut p = v.split('.').map(|p| p.parse().unwrap_or(0));
    (
        p.next().unwrap_or(0),
        p.next().unwrap_or(0),
        p.next().unwrap_or(0),
    )
}

#[test]
fn declared_rust_version_covers_every_dependency() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("the workspace declares rust-version")
        .trim_matches('"');
    assert_eq!(
        env!("CARGO_PKG_RUST_VERSION"),
        declared,
        "member crates inherit it (rust-version.workspace = true)"
    );
    let host = String::from_utf8(
        Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .arg("-vV")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap()
        .to_string();
    let o = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host,
        ])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut newest = ("".to_string(), "0".to_string());
    for p in meta["packages"].as_array().unwrap() {
        if let Some(v) = p["rust_version"].as_str() {
            if version(v) > version(&newest.1) {
                newest = (p["name"].as_str().unwrap().to_string(), v.to_string());
            }
        }
    }
    assert!(
        version(declared) >= version(&newest.1),
        "rust-version {declared} is too old: {} needs {}; raise it in Cargo.toml and the README",
        newest.0,
        newest.1
    );
}
