//! The known-failures list shared by the table-driven set tests (`event_set.rs`,
//! `actor_mentions.rs`): every line of a set must come out perfect, except the lines
//! listed in `tests/data/known_failures.tsv`, which must fail exactly as listed.
//!
//! A row of the list is `set<TAB>sentence<TAB>symptoms<TAB>reason`:
//! * `set`: `events` or `actors`;
//! * `sentence`: the line's text, exactly as in the set (the key: it survives lines
//!   being added or moved);
//! * `symptoms`: what goes wrong today, as the test words it, joined by ` ; `;
//! * `reason`: one line of prose, why the coder gets it wrong.
//!
//! The check fails when a line not in the list fails (a regression), when a listed
//! line now passes (remove it: the list only shrinks), when a listed line fails with
//! other symptoms (update the row: it may have got better or worse), and when a row
//! names no line of its set.

use std::collections::BTreeMap;
use std::fmt::Write as _;

const KNOWN: &str = include_str!("../data/known_failures.tsv");

/// One line of a set as the test scored it.
pub struct LineResult {
    /// The line number in the set's file (for messages only).
    pub line_no: usize,
    pub sentence: String,
    /// Empty when the line passes.
    pub symptoms: Vec<String>,
}

struct Row {
    file_line: usize,
    symptoms: String,
    reason: String,
}

/// The rows of the list for `set`, by sentence; panics on a malformed row.
fn rows(set: &str) -> BTreeMap<String, Row> {
    let mut out = BTreeMap::new();
    for (i, raw) in KNOWN.lines().enumerate() {
        let file_line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = raw.split('\t').collect();
        assert!(
            c.len() == 4 && c.iter().all(|f| !f.trim().is_empty()),
            "known_failures.tsv:{file_line}: want 4 non-empty tab-separated columns \
             (set, sentence, symptoms, reason)"
        );
        assert!(
            ["events", "actors"].contains(&c[0]),
            "known_failures.tsv:{file_line}: unknown set {:?}",
            c[0]
        );
        if c[0] != set {
            continue;
        }
        let row = Row {
            file_line,
            symptoms: c[2].to_string(),
            reason: c[3].to_string(),
        };
        if let Some(old) = out.insert(c[1].to_string(), row) {
            panic!(
                "known_failures.tsv:{file_line}: the sentence is listed already on line {}",
                old.file_line
            );
        }
    }
    out
}

/// Checks the results of `set` against the list; panics with every problem found.
pub fn check(set: &str, results: &[LineResult]) {
    let mut rows = rows(set);
    let mut problems = String::new();
    let mut new_rows = String::new();
    let mut known = 0;
    for r in results {
        let got = r.symptoms.join(" ; ");
        match rows.remove(&r.sentence) {
            None if r.symptoms.is_empty() => {}
            None => {
                let _ = writeln!(
                    problems,
                    "line {} fails and is not a known failure: {}\n    {got}",
                    r.line_no, r.sentence
                );
                let _ = writeln!(new_rows, "{set}\t{}\t{got}\tREASON", r.sentence);
            }
            Some(row) if r.symptoms.is_empty() => {
                let _ = writeln!(
                    problems,
                    "line {} now passes: remove it from known_failures.tsv (line {}): {}",
                    r.line_no, row.file_line, r.sentence
                );
            }
            Some(row) if row.symptoms != got => {
                let _ = writeln!(
                    problems,
                    "line {} fails differently from known_failures.tsv:{} ({}): {}\n    listed: {}\n    now:    {got}",
                    r.line_no, row.file_line, row.reason, r.sentence, row.symptoms
                );
                let _ = writeln!(new_rows, "{set}\t{}\t{got}\t{}", r.sentence, row.reason);
            }
            Some(_) => known += 1,
        }
    }
    for (sentence, row) in &rows {
        let _ = writeln!(
            problems,
            "known_failures.tsv:{} names no line of the {set} set: {sentence}",
            row.file_line
        );
    }
    println!("{set}: {known} known failures, as listed");
    assert!(
        problems.is_empty(),
        "{set} set:\n{problems}\nrows to paste into tests/data/known_failures.tsv \
         (write the reason):\n{new_rows}"
    );
}
