//! What `code` and `ingest` share about their inputs: named paths that do
//! not exist, files left out of folders, the id of stdin text, and which
//! modes an export keeps.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dyad_core::input::{Article, Problem, EXTENSIONS};
use dyad_core::Mode;

/// The paths that exist (and `-`); each missing one is reported on stderr.
/// Returns them with the number of missing paths.
pub fn existing_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, usize) {
    let mut found = Vec::new();
    let mut missing = 0;
    for p in paths {
        if p == Path::new("-") || p.exists() {
            found.push(p.clone());
        } else {
            missing += 1;
            eprintln!(
                "dyad: error: {}: no such file or folder (check the path; nothing was read from it)",
                p.display()
            );
        }
    }
    (found, missing)
}

/// A line naming the files left out of the folders by kind, e.g.
/// `2 files in folders left out (not .txt/.html/.htm/.jsonl/.json): 1 .md, 1 without extension`.
pub fn left_out_line(files: &[PathBuf]) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for f in files {
        let k = match f.extension() {
            Some(e) => format!(".{}", e.to_string_lossy().to_ascii_lowercase()),
            None => "without extension".into(),
        };
        *kinds.entry(k).or_default() += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let exts: Vec<String> = EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    Some(format!(
        "{} in folders left out (dyad reads {}): {}; name a file to read it as text",
        dyad_store::ingest::plural(files.len(), "file", "files"),
        exts.join(" "),
        kinds.join(", ")
    ))
}

/// What `code` and `ingest` do to each article before coding it: the id the
/// user chose for stdin text, and the year for a dateline without one.
#[derive(Clone, Default)]
pub struct Prepare {
    pub stdin_id: Option<String>,
    pub published_year: Option<i32>,
}

impl Prepare {
    pub fn apply(&self, item: Result<Article, Problem>) -> Result<Article, Problem> {
        let mut a = item?;
        if let Some(id) = &self.stdin_id {
            if a.origin == "<stdin>" {
                a.id = id.clone();
            }
        }
        if let (None, Some(y)) = (a.published, self.published_year) {
            // Only a dateline with month and day but no year takes it; a full
            // dateline is found by the pipeline itself.
            if !a.is_html && dyad_core::published::from_text(&a.body).is_none() {
                a.published = dyad_core::published::dateline_in_year(&a.body, y);
            }
        }
        Ok(a)
    }
}

/// Parses `--published-year`.
pub fn year_arg(v: Option<&str>) -> Result<Option<i32>, String> {
    v.map(|s| {
        s.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1800..=2200).contains(y))
            .ok_or_else(|| format!("--published-year: expected a year such as 2019, got {s:?}"))
    })
    .transpose()
}

/// The four modes, in the order messages list them.
pub const MODES: &[&str] = &["asserted", "planned", "hypothetical", "negated"];

/// Parses `--modes`: `all` or a comma-separated list of modes.
pub fn parse_modes(s: &str) -> Result<Vec<Mode>, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(MODES.iter().filter_map(|m| Mode::parse(m)).collect());
    }
    let mut out = Vec::new();
    for m in s.split(',').map(|m| m.trim().to_ascii_lowercase()) {
        let Some(mode) = Mode::parse(&m) else {
            return Err(format!(
                "--modes: unknown mode {m:?}: expected all, or some of {} separated by commas",
                MODES.join(", ")
            ));
        };
        if !out.contains(&mode) {
            out.push(mode);
        }
    }
    Ok(out)
}

/// The modes a run writes: `--modes` if given, else asserted events only
/// for GDELT rows (they have no mode column, so a denied or hypothetical
/// event would read as one that happened), else all.
pub fn modes_for(flag: Option<&str>, gdelt: bool) -> Result<Option<Vec<Mode>>, String> {
    match flag {
        Some(s) => {
            let m = parse_modes(s)?;
            Ok((m.len() < MODES.len()).then_some(m))
        }
        None if gdelt => Ok(Some(vec![Mode::Asserted])),
        None => Ok(None),
    }
}

/// A line saying how many events a mode filter left out, by mode.
pub fn modes_left_out_line(left_out: &BTreeMap<String, usize>, gdelt: bool) -> Option<String> {
    let n: usize = left_out.values().sum();
    if n == 0 {
        return None;
    }
    let by: Vec<String> = MODES
        .iter()
        .filter_map(|m| left_out.get(*m).map(|k| format!("{k} {m}")))
        .collect();
    let why = if gdelt {
        "GDELT rows have no mode column, so only asserted events are written by default; --modes all (or e.g. --modes asserted,planned) to choose"
    } else {
        "--modes chose which to keep"
    };
    Some(format!(
        "{} left out ({}): {why}",
        dyad_store::ingest::plural(n, "event", "events"),
        by.join(", ")
    ))
}
