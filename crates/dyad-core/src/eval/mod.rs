//! Scoring the coder against gold event files (`gold.tsv`) and, in [`petr2`],
//! against the PETRARCH2 unit-test suite.
//!
//! The format and the scoring rules are those of the evaluation README:
//! a gold line is *found* when an event of its article comes from a sentence
//! containing the evidence substring, with matching source and target countries
//! and one of the allowed roots (either direction when the roots include `04`).
//! Precision counts only events from sentences that hold some gold evidence;
//! events from other sentences are listed as unscored. Date and mode accuracy
//! are over found lines; when several events match one line, the one with the
//! right date and mode (if any) is credited.

pub mod petr2;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::document::normalize_space;
use crate::error::{Error, LineError};
use crate::input::{decode_article_bytes, Article};
use crate::output::EventRecord;
use crate::Pipeline;

/// One gold event.
#[derive(Debug, Clone, Serialize)]
pub struct GoldLine {
    pub line: usize,
    pub id: String,
    pub published: NaiveDate,
    pub source: String,
    pub target: String,
    pub roots: Vec<String>,
    /// Date prefix, or `None` for `-` (publication date).
    pub date: Option<String>,
    pub mode: crate::Mode,
    pub evidence: String,
}

/// Parses a gold TSV file.
pub fn parse_gold(text: &str, file: &str) -> Result<Vec<GoldLine>, LineError> {
    let mut out = Vec::new();
    let err = |line: usize, reason: String| LineError {
        file: file.to_string(),
        line,
        reason,
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 8 {
            return Err(err(i + 1, format!("expected 8 tab-separated columns (id, published, source, target, roots, date, mode, evidence), found {}", c.len())));
        }
        let published = NaiveDate::parse_from_str(c[1].trim(), "%Y-%m-%d")
            .map_err(|_| err(i + 1, format!("bad published date {:?}", c[1])))?;
        let Some(mode) = crate::Mode::parse(c[6].trim()) else {
            return Err(err(i + 1, format!("bad mode {:?}", c[6])));
        };
        out.push(GoldLine {
            line: i + 1,
            id: c[0].trim().to_string(),
            published,
            source: c[2].trim().to_string(),
            target: c[3].trim().to_string(),
            roots: c[4].split('|').map(|r| r.trim().to_string()).collect(),
            date: if c[5].trim() == "-" {
                None
            } else {
                Some(c[5].trim().to_string())
            },
            mode,
            evidence: normalize_space(c[7]),
        });
    }
    Ok(out)
}

/// Whether an event matches a gold line (sentence, actors, root).
pub fn matches(g: &GoldLine, e: &EventRecord) -> bool {
    if !e.sentence.contains(&g.evidence) || !g.roots.iter().any(|r| *r == e.root) {
        return false;
    }
    let direct = e.source_country == g.source && e.target_country == g.target;
    let reverse = g.roots.iter().any(|r| r == "04")
        && e.source_country == g.target
        && e.target_country == g.source;
    direct || reverse
}

/// Whether an event's date satisfies a gold line's date column.
pub fn date_ok(g: &GoldLine, e: &EventRecord) -> bool {
    let Some(d) = &e.date else { return false };
    match &g.date {
        Some(prefix) => d.value.starts_with(prefix.as_str()),
        None => {
            let p = g.published.format("%Y-%m-%d").to_string();
            p.starts_with(d.value.as_str())
        }
    }
}

/// A gold line and what the coder did with it.
#[derive(Debug, Clone, Serialize)]
pub struct LineResult {
    pub gold: GoldLine,
    pub found: bool,
    pub date_ok: bool,
    pub mode_ok: bool,
    /// The credited event, if found; else the nearest event from the same sentence.
    pub event: Option<EventRecord>,
}

/// Scores for one gold file.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    pub gold_lines: usize,
    pub found: usize,
    pub scored_events: usize,
    pub matching_events: usize,
    pub unscored_events: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub date_correct: usize,
    pub mode_correct: usize,
    pub date_accuracy: f64,
    pub mode_accuracy: f64,
    pub lines: Vec<LineResult>,
    /// Events from sentences without gold evidence: not scored, shown for reading.
    pub unscored: Vec<EventRecord>,
    /// Events from gold sentences that match no gold line (false positives).
    pub false_positives: Vec<EventRecord>,
    pub errors: Vec<String>,
    /// Domestic and non-state events left out: gold files list interstate events.
    pub not_interstate: usize,
}

/// Scores a set of gold lines against events per article.
pub fn score(gold: &[GoldLine], events: &HashMap<String, Vec<EventRecord>>) -> Report {
    let mut r = Report {
        gold_lines: gold.len(),
        ..Report::default()
    };
    for g in gold {
        let evs = events.get(&g.id).map(|v| v.as_slice()).unwrap_or(&[]);
        let cands: Vec<&EventRecord> = evs.iter().filter(|e| matches(g, e)).collect();
        let best = cands
            .iter()
            .max_by_key(|e| (date_ok(g, e) as u8) + (e.mode == g.mode) as u8);
        let lr = match best {
            Some(e) => LineResult {
                gold: g.clone(),
                found: true,
                date_ok: date_ok(g, e),
                mode_ok: e.mode == g.mode,
                event: Some((*e).clone()),
            },
            None => LineResult {
                gold: g.clone(),
                found: false,
                date_ok: false,
                mode_ok: false,
                event: evs
                    .iter()
                    .find(|e| e.sentence.contains(&g.evidence))
                    .cloned(),
            },
        };
        if lr.found {
            r.found += 1;
            r.date_correct += lr.date_ok as usize;
            r.mode_correct += lr.mode_ok as usize;
        }
        r.lines.push(lr);
    }
    let mut ids: Vec<&String> = events.keys().collect();
    ids.sort();
    for id in ids {
        let gl: Vec<&GoldLine> = gold.iter().filter(|g| &g.id == id).collect();
        for e in &events[id] {
            if gl.iter().any(|g| e.sentence.contains(&g.evidence)) {
                r.scored_events += 1;
                if gl.iter().any(|g| matches(g, e)) {
                    r.matching_events += 1;
                } else {
                    r.false_positives.push(e.clone());
                }
            } else {
                r.unscored_events += 1;
                r.unscored.push(e.clone());
            }
        }
    }
    (r.precision, r.recall, r.f1) = prf(r.matching_events, r.scored_events, r.found, r.gold_lines);
    r.date_accuracy = prf(r.date_correct, r.found, 0, 0).0;
    r.mode_accuracy = prf(r.mode_correct, r.found, 0, 0).0;
    r
}

/// Precision, recall and F1 from matching/emitted and found/expected counts.
pub fn prf(matching: usize, emitted: usize, found: usize, expected: usize) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(matching, emitted), ratio(found, expected));
    (
        p,
        r,
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        },
    )
}

/// Codes the articles beside a gold file (`<id>.txt`) and scores them.
pub fn evaluate(pipeline: &Pipeline, gold_file: &Path) -> Result<Report, Error> {
    let text = std::fs::read_to_string(gold_file).map_err(Error::read(gold_file))?;
    let gold = parse_gold(&text, &gold_file.display().to_string())?;
    let dir = gold_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut published: HashMap<String, NaiveDate> = HashMap::new();
    for g in &gold {
        published.entry(g.id.clone()).or_insert(g.published);
    }
    let mut ids: Vec<&String> = published.keys().collect();
    ids.sort();
    let mut events = HashMap::new();
    let mut errors = Vec::new();
    let mut not_interstate = 0;
    for id in ids {
        let path = dir.join(format!("{id}.txt"));
        let body = match std::fs::read(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))
            .and_then(|b| {
                decode_article_bytes(b, &path.display().to_string()).map_err(|p| p.to_string())
            }) {
            Ok(b) => b,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut a = Article::text(id.clone(), body);
        a.published = Some(published[id]);
        let mut doc = pipeline.code(a);
        let n = doc.events.len();
        doc.events.retain(crate::Event::is_interstate);
        not_interstate += n - doc.events.len();
        events.insert(id.clone(), EventRecord::all(&doc));
    }
    let mut r = score(&gold, &events);
    r.errors = errors;
    r.not_interstate = not_interstate;
    Ok(r)
}

/// The report as text for people.
pub fn render(r: &Report, name: &str) -> String {
    let mut s = String::new();
    use std::fmt::Write;
    let _ = writeln!(s, "== {name}");
    let _ = writeln!(s, "gold events {}  found {}  emitted in gold sentences {}  matching {}  unscored (other sentences) {}", r.gold_lines, r.found, r.scored_events, r.matching_events, r.unscored_events);
    let _ = writeln!(
        s,
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        r.precision, r.recall, r.f1
    );
    let _ = writeln!(
        s,
        "date accuracy {:.3} ({}/{})  mode accuracy {:.3} ({}/{})",
        r.date_accuracy, r.date_correct, r.found, r.mode_accuracy, r.mode_correct, r.found
    );
    if r.not_interstate > 0 {
        let _ = writeln!(
            s,
            "domestic and non-state events not scored (gold lists interstate events): {}",
            r.not_interstate
        );
    }
    for e in &r.errors {
        let _ = writeln!(s, "error: {e}");
    }
    let misses: Vec<&LineResult> = r.lines.iter().filter(|l| !l.found).collect();
    if !misses.is_empty() {
        let _ = writeln!(s, "\n-- missed gold events");
        for l in misses {
            let g = &l.gold;
            let _ = writeln!(
                s,
                "{} line {}: {}→{} [{}] {:?}",
                g.id,
                g.line,
                g.source,
                g.target,
                g.roots.join("|"),
                g.evidence
            );
            match &l.event {
                Some(e) => {
                    let _ = writeln!(
                        s,
                        "    nearest: {}→{} {} ({})",
                        e.source, e.target, e.cameo, e.rule
                    );
                }
                None => {
                    let _ = writeln!(s, "    nearest: no event from that sentence");
                }
            }
        }
    }
    let wrong: Vec<&LineResult> = r
        .lines
        .iter()
        .filter(|l| l.found && (!l.date_ok || !l.mode_ok))
        .collect();
    if !wrong.is_empty() {
        let _ = writeln!(s, "\n-- found with wrong date or mode");
        for l in wrong {
            let e = l.event.as_ref().expect("found lines carry their event");
            let _ = writeln!(
                s,
                "{} line {}: date {} (gold {}) mode {} (gold {}) {:?}",
                l.gold.id,
                l.gold.line,
                e.date.as_ref().map_or("-", |d| d.value.as_str()),
                l.gold.date.as_deref().unwrap_or("publication"),
                e.mode.as_str(),
                l.gold.mode,
                l.gold.evidence
            );
        }
    }
    if !r.false_positives.is_empty() {
        let _ = writeln!(
            s,
            "\n-- false positives (in gold sentences, matching no gold line)"
        );
        for e in &r.false_positives {
            let _ = writeln!(
                s,
                "{} s{}: {}→{} {} ({}) {:?}",
                e.article, e.sentence_index, e.source, e.target, e.cameo, e.rule, e.sentence
            );
        }
    }
    if !r.unscored.is_empty() {
        let _ = writeln!(s, "\n-- unscored events (sentences without gold evidence)");
        for e in &r.unscored {
            let _ = writeln!(
                s,
                "{} s{}: {}→{} {} ({}) {:?}",
                e.article, e.sentence_index, e.source, e.target, e.cameo, e.rule, e.sentence
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EventDate;
    use crate::schema::{ActorCode, CameoCode};
    use crate::Mode;

    fn ev(sentence: &str, s: &str, t: &str, root: &str, date: &str, mode: &str) -> EventRecord {
        EventRecord {
            article: "a".into(),
            published: "2018-03-27".parse().ok(),
            sentence_index: 0,
            sentence: sentence.into(),
            char_start: 0,
            char_end: 0,
            source: ActorCode::new(s).unwrap(),
            source_country: s.into(),
            source_text: String::new(),
            target: ActorCode::new(t).unwrap(),
            target_country: t.into(),
            target_text: String::new(),
            cameo: CameoCode::new(&format!("{root}0")).unwrap(),
            root: CameoCode::new(root).unwrap(),
            quad_class: 1,
            goldstein: 0.0,
            date: EventDate::parse(date),
            date_text: None,
            mode: Mode::parse(mode).unwrap(),
            mode_cue: None,
            rule: String::new(),
            url: None,
            ..EventRecord::default()
        }
    }

    #[test]
    fn scoring_follows_the_readme() {
        let gold = parse_gold("# c\na\t2018-03-27\tJPN\tRUS\t04|03\t2018-05-26\tplanned\tvisit Russia\na\t2018-03-27\tRUS\tUKR\t19\t2014\tasserted\tannexed Crimea\na\t2018-03-27\tRUS\tJPN\t06\t-\tasserted\tgas supply\n", "g").unwrap();
        let mut events = HashMap::new();
        events.insert(
            "a".to_string(),
            vec![
                // meeting in the other direction still matches
                ev(
                    "Abe will visit Russia soon.",
                    "RUS",
                    "JPN",
                    "04",
                    "2018-05-26",
                    "planned",
                ),
                // right actors, wrong date
                ev(
                    "Russia annexed Crimea.",
                    "RUS",
                    "UKR",
                    "19",
                    "2018",
                    "asserted",
                ),
                // false positive in a gold sentence
                ev(
                    "Russia annexed Crimea.",
                    "UKR",
                    "RUS",
                    "11",
                    "2018",
                    "asserted",
                ),
                // publication-date rule: a prefix of the publication date is fine
                ev(
                    "More gas supply to Tokyo.",
                    "RUS",
                    "JPN",
                    "06",
                    "2018-03",
                    "asserted",
                ),
                // unscored sentence
                ev("Other news.", "USA", "CHN", "11", "2018", "asserted"),
            ],
        );
        let r = score(&gold, &events);
        assert_eq!((r.found, r.gold_lines), (3, 3));
        assert_eq!(
            (r.matching_events, r.scored_events, r.unscored_events),
            (3, 4, 1)
        );
        assert_eq!(r.date_correct, 2);
        assert_eq!(r.mode_correct, 3);
        assert!((r.precision - 0.75).abs() < 1e-9);
    }

    #[test]
    fn malformed_gold_is_reported_with_line() {
        let e = parse_gold("a\t2018-03-27\tJPN\n", "g.tsv").unwrap_err();
        assert!(e.to_string().starts_with("g.tsv:1"));
    }
}
