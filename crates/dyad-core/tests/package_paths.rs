//! `cargo package` copies only the crate's own folder, so every file that
//! `include_str!`/`include_bytes!` compiles in must be reached from inside it.
//! The dictionaries stay in one place, the repository's `data/`, which the crate
//! reaches through its link `crates/dyad-core/data -> ../../data` (cargo packages
//! the files behind the link). So `src/lexicon.rs` includes `"../data/cameo/…"`,
//! `src/actors/dictionary.rs` `"../../data/actors/…"`, never `"../../../data/…"`.
//!
//! This test checks that lexically (no build, well under a second); the full
//! check is `cargo package -p dyad-core --allow-dirty` (see ARCHITECTURE.md).

use std::path::{Component, Path, PathBuf};

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The literal paths of the `include_str!`/`include_bytes!` calls in `src`.
fn included(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for mac in ["include_str!(", "include_bytes!("] {
        for (i, _) in src.match_indices(mac) {
            let rest = src[i + mac.len()..].trim_start();
            if let Some(lit) = rest.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    out.push(lit[..end].to_string());
                }
            }
        }
    }
    out
}

/// Does `rel`, relative to a folder `depth` levels below the crate's root,
/// lead out of the crate? (Lexically: the data link counts as inside.)
fn escapes(depth: usize, rel: &str) -> bool {
    let mut d = depth as isize;
    for c in Path::new(rel).components() {
        match c {
            Component::ParentDir => d -= 1,
            Component::Normal(_) => d += 1,
            _ => {}
        }
        if d < 0 {
            return true;
        }
    }
    false
}

#[test]
fn compiled_in_files_are_inside_the_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    let mut bad = Vec::new();
    let mut checked = 0;
    // This file's own examples are not includes.
    files.retain(|f| !f.ends_with("tests/package_paths.rs"));
    for f in &files {
        let dir = f.parent().unwrap().strip_prefix(root).unwrap();
        let depth = dir.components().count();
        for rel in included(&std::fs::read_to_string(f).unwrap()) {
            checked += 1;
            if escapes(depth, &rel) {
                bad.push(format!(
                    "{}: {rel:?}",
                    f.strip_prefix(root).unwrap().display()
                ));
            } else {
                assert!(
                    f.parent().unwrap().join(&rel).exists(),
                    "{}: {rel:?} does not exist",
                    f.display()
                );
            }
        }
    }
    assert!(
        checked >= 40,
        "only {checked} includes found: is the scan broken?"
    );
    assert!(
        bad.is_empty(),
        "these includes reach outside crates/dyad-core, which `cargo package` cannot copy; \
         go through the crate's data link instead (\"../data/...\" from src/, \
         \"../../data/...\" from src/<module>/):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_data_link_is_the_repository_data_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let link = root.join("data");
    // In the repository a link (one copy of the data); in a packaged crate, the
    // folder cargo copied from behind it.
    if link.is_symlink() {
        assert_eq!(
            std::fs::read_link(&link).unwrap(),
            Path::new("../../data"),
            "crates/dyad-core/data must link to the repository's data/"
        );
    }
    assert!(link.join("cameo/codes.tsv").is_file());
    assert!(link.join("actors/countries.tsv").is_file());
}

#[test]
fn the_scan_sees_what_it_should() {
    assert_eq!(
        included("const A: &str = include_str!(\"../data/a.tsv\");\ninclude_bytes!( \"x.bin\")"),
        ["../data/a.tsv", "x.bin"]
    );
    assert!(!escapes(1, "../data/a.tsv"));
    assert!(!escapes(2, "../../data/a.tsv"));
    assert!(escapes(1, "../../../data/a.tsv"));
    assert!(escapes(2, "../../../../data/parser/en_ewt.model"));
    assert!(escapes(0, "../x"));
}
