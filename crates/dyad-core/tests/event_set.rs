//! The event test set (`tests/data/events.tsv`): hand-written news sentences with the
//! events a careful human coder would code, scored like the project's gold format.
//!
//! Line format: `published<TAB>text<TAB>expected<TAB>category`; `expected` is `NONE` or
//! events joined by ` ; `, each `SRC>TGT:ROOT[|ROOT...]@DATE#MODE` (`DATE` is a prefix
//! of the event's date, or `-` for the publication date).
//!
//! An expected event is *found* when an emitted event of the line has the same
//! source/target country (either direction when the roots include 04) and a root among
//! the expected ones. Precision counts emitted events that match some expected event of
//! their line (on `NONE` lines every emitted event is a false positive). Date and mode
//! accuracy are over found events, taking the matching event that gets most right.
//!
//! A line *passes* when every expected event is found with the right date and mode and
//! nothing else is emitted. Every line must pass except those listed, with today's
//! symptoms and the reason, in `tests/data/known_failures.tsv` (see `known/mod.rs`):
//! `event_set_every_line` fails on any other failing line, on a listed line that now
//! passes or fails differently, and prints the rows to paste.
//!
//! `cargo test -p dyad-core --test event_set -- --nocapture` prints the overall and
//! per-category figures and every failing line (expected vs emitted, with the rule).

mod known;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use dyad_core::input::Article;
use dyad_core::output::EventRecord;
use dyad_core::Pipeline;

const DATA: &str = include_str!("data/events.tsv");

/// One expected event.
#[derive(Debug, Clone)]
struct Expected {
    source: String,
    target: String,
    roots: Vec<String>,
    /// `None`: the publication date.
    date: Option<String>,
    mode: String,
}

/// One test line.
#[derive(Debug, Clone)]
struct Line {
    line_no: usize,
    published: String,
    text: String,
    expected: Vec<Expected>,
    category: String,
}

const MODES: &[&str] = &["asserted", "planned", "hypothetical", "negated"];

fn parse_expected(s: &str, line_no: usize) -> Vec<Expected> {
    if s == "NONE" {
        return Vec::new();
    }
    s.split(" ; ")
        .map(|ev| {
            let bad = || panic!("events.tsv line {line_no}: malformed expected event {ev:?}");
            let (pair, rest) = ev.split_once(':').unwrap_or_else(bad);
            let (source, target) = pair.split_once('>').unwrap_or_else(bad);
            let (roots, rest) = rest.split_once('@').unwrap_or_else(bad);
            let (date, mode) = rest.split_once('#').unwrap_or_else(bad);
            let roots: Vec<String> = roots.split('|').map(str::to_string).collect();
            if roots
                .iter()
                .any(|r| r.len() != 2 || !r.chars().all(|c| c.is_ascii_digit()))
                || !MODES.contains(&mode)
                || source.is_empty()
                || target.is_empty()
            {
                bad();
            }
            Expected {
                source: source.to_string(),
                target: target.to_string(),
                roots,
                date: (date != "-").then(|| date.to_string()),
                mode: mode.to_string(),
            }
        })
        .collect()
}

fn parse_set() -> Vec<Line> {
    let mut out = Vec::new();
    for (i, raw) in DATA.lines().enumerate() {
        let line_no = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = raw.split('\t').collect();
        assert_eq!(
            c.len(),
            4,
            "events.tsv line {line_no}: expected 4 tab-separated columns"
        );
        out.push(Line {
            line_no,
            published: c[0].to_string(),
            text: c[1].to_string(),
            expected: parse_expected(c[2].trim(), line_no),
            category: c[3].trim().to_string(),
        });
    }
    out
}

fn matches(x: &Expected, e: &EventRecord) -> bool {
    if !x.roots.iter().any(|r| *r == e.root) {
        return false;
    }
    let direct = e.source_country == x.source && e.target_country == x.target;
    let reverse = x.roots.iter().any(|r| r == "04")
        && e.source_country == x.target
        && e.target_country == x.source;
    direct || reverse
}

fn date_ok(x: &Expected, published: &str, e: &EventRecord) -> bool {
    let Some(d) = &e.date else { return false };
    match &x.date {
        Some(prefix) => d.value.starts_with(prefix.as_str()),
        None => published.starts_with(d.value.as_str()),
    }
}

/// Counts for a group of lines.
#[derive(Debug, Default, Clone)]
struct Tally {
    lines: usize,
    expected: usize,
    found: usize,
    emitted: usize,
    matching: usize,
    date_ok: usize,
    mode_ok: usize,
    /// Lines with everything right (all found, no false positive, dates and modes right).
    perfect: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.lines += o.lines;
        self.expected += o.expected;
        self.found += o.found;
        self.emitted += o.emitted;
        self.matching += o.matching;
        self.date_ok += o.date_ok;
        self.mode_ok += o.mode_ok;
        self.perfect += o.perfect;
    }
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.matching, self.emitted)
    }
    fn recall(&self) -> f64 {
        Self::ratio(self.found, self.expected)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn date_accuracy(&self) -> f64 {
        Self::ratio(self.date_ok, self.found)
    }
    fn mode_accuracy(&self) -> f64 {
        Self::ratio(self.mode_ok, self.found)
    }
    fn row(&self, name: &str) -> String {
        format!(
            "{name:<18} {:>5} {:>5} {:>5} {:>6} {:>5} | P {:.3} R {:.3} F1 {:.3} | date {:.3} mode {:.3} | perfect lines {}/{}",
            self.lines,
            self.expected,
            self.found,
            self.emitted,
            self.matching,
            self.precision(),
            self.recall(),
            self.f1(),
            self.date_accuracy(),
            self.mode_accuracy(),
            self.perfect,
            self.lines,
        )
    }
}

struct Scored {
    overall: Tally,
    by_category: BTreeMap<String, Tally>,
    /// Recall by expected root (an expected event counts for each of its roots).
    by_root: BTreeMap<String, Tally>,
    /// Lines per root (a line counts once for each root any of its expected events allows).
    root_lines: BTreeMap<String, usize>,
    failures: String,
    /// Every line with its symptoms (none when it passes), for the known-failures check.
    lines: Vec<known::LineResult>,
}

fn show_event(e: &EventRecord) -> String {
    format!(
        "{}>{} {} ({}→{}) {}@{} [{}] #{}{} rule {}",
        e.source_country,
        e.target_country,
        e.cameo,
        e.source_text,
        e.target_text,
        e.date.as_ref().map_or("null", |d| d.value.as_str()),
        e.date.as_ref().map_or("-", |d| d.precision.as_str()),
        e.date_text.as_deref().unwrap_or(""),
        e.mode,
        e.mode_cue
            .as_deref()
            .map(|c| format!(" (cue {c:?})"))
            .unwrap_or_default(),
        e.rule
    )
}

fn show_expected(x: &Expected) -> String {
    format!(
        "{}>{}:{}@{}#{}",
        x.source,
        x.target,
        x.roots.join("|"),
        x.date.as_deref().unwrap_or("-"),
        x.mode
    )
}

/// An expected event without date and mode: `SRC>TGT:ROOT[|ROOT...]`.
fn short_expected(x: &Expected) -> String {
    format!("{}>{}:{}", x.source, x.target, x.roots.join("|"))
}

fn run_set() -> Scored {
    let lines = parse_set();
    let pipeline = Pipeline::builtin();
    let mut s = Scored {
        overall: Tally::default(),
        by_category: BTreeMap::new(),
        by_root: BTreeMap::new(),
        root_lines: BTreeMap::new(),
        failures: String::new(),
        lines: Vec::new(),
    };
    for l in &lines {
        let mut article = Article::text(format!("events-{}", l.line_no), l.text.clone());
        article.published = l.published.parse().ok();
        assert!(
            article.published.is_some(),
            "line {}: bad published date",
            l.line_no
        );
        let doc = pipeline.code(article);
        let evs = EventRecord::all(&doc);

        let mut t = Tally {
            lines: 1,
            expected: l.expected.len(),
            emitted: evs.len(),
            ..Tally::default()
        };
        let mut problems: Vec<String> = Vec::new();
        // The same problems, worded without rule origins (which move when a
        // dictionary is edited), for the known-failures list.
        let mut symptoms: Vec<String> = Vec::new();
        let mut roots_here = BTreeSet::new();
        for x in &l.expected {
            let cands: Vec<&EventRecord> = evs.iter().filter(|e| matches(x, e)).collect();
            let best = cands.iter().max_by_key(|e| {
                date_ok(x, &l.published, e) as u8 + (e.mode.as_str() == x.mode) as u8
            });
            let mut rt = Tally {
                expected: 1,
                ..Tally::default()
            };
            match best {
                Some(e) => {
                    t.found += 1;
                    rt.found = 1;
                    let dok = date_ok(x, &l.published, e);
                    let mok = e.mode.as_str() == x.mode;
                    t.date_ok += dok as usize;
                    t.mode_ok += mok as usize;
                    rt.date_ok = dok as usize;
                    rt.mode_ok = mok as usize;
                    if !dok {
                        problems.push(format!("date: {} got {}", show_expected(x), show_event(e)));
                        symptoms.push(format!(
                            "date {} got {}",
                            short_expected(x),
                            e.date.as_ref().map_or("null", |d| d.value.as_str())
                        ));
                    }
                    if !mok {
                        problems.push(format!("mode: {} got {}", show_expected(x), show_event(e)));
                        symptoms.push(format!(
                            "mode {} got {}",
                            short_expected(x),
                            e.mode.as_str()
                        ));
                    }
                }
                None => {
                    problems.push(format!("missed: {}", show_expected(x)));
                    symptoms.push(format!("missed {}", short_expected(x)));
                }
            }
            for r in &x.roots {
                s.by_root.entry(r.clone()).or_default().add(&rt);
                roots_here.insert(r.clone());
            }
        }
        for r in roots_here {
            *s.root_lines.entry(r).or_default() += 1;
        }
        for e in &evs {
            if l.expected.iter().any(|x| matches(x, e)) {
                t.matching += 1;
            } else {
                problems.push(format!("false positive: {}", show_event(e)));
                symptoms.push(format!(
                    "false positive {}>{} {}",
                    e.source_country, e.target_country, e.cameo
                ));
            }
        }
        if problems.is_empty() {
            t.perfect = 1;
        } else {
            let _ = writeln!(
                s.failures,
                "\nline {} [{}] ({}) {}",
                l.line_no, l.category, l.published, l.text
            );
            let exp = if l.expected.is_empty() {
                "NONE".to_string()
            } else {
                l.expected
                    .iter()
                    .map(show_expected)
                    .collect::<Vec<_>>()
                    .join(" ; ")
            };
            let _ = writeln!(s.failures, "  expected: {exp}");
            if evs.is_empty() {
                let _ = writeln!(s.failures, "  emitted:  nothing");
            }
            for e in &evs {
                let _ = writeln!(s.failures, "  emitted:  {}", show_event(e));
            }
            for p in &problems {
                let _ = writeln!(s.failures, "  - {p}");
            }
        }
        s.lines.push(known::LineResult {
            line_no: l.line_no,
            sentence: l.text.clone(),
            symptoms,
        });
        s.overall.add(&t);
        s.by_category.entry(l.category.clone()).or_default().add(&t);
    }
    s
}

fn report(s: &Scored) -> String {
    let mut out = String::new();
    let header = format!(
        "{:<18} {:>5} {:>5} {:>5} {:>6} {:>5}",
        "category", "lines", "exp", "found", "emitd", "match"
    );
    let _ = writeln!(out, "== dyad event test set (tests/data/events.tsv)");
    let _ = writeln!(out, "{header}");
    let _ = writeln!(out, "{}", s.overall.row("OVERALL"));
    let _ = writeln!(out, "\n-- per category\n{header}");
    for (c, t) in &s.by_category {
        let _ = writeln!(out, "{}", t.row(c));
    }
    let _ = writeln!(
        out,
        "\n-- recall per expected root (lines with the root / expected events / found)"
    );
    for (r, t) in &s.by_root {
        let _ = writeln!(
            out,
            "root {r}: lines {:>3}  expected {:>3}  found {:>3}  recall {:.3}  date {:.3}  mode {:.3}",
            s.root_lines.get(r).copied().unwrap_or(0),
            t.expected,
            t.found,
            t.recall(),
            t.date_accuracy(),
            t.mode_accuracy()
        );
    }
    let _ = writeln!(out, "\n-- failing lines{}", s.failures);
    out
}

/// Always runs: the set is well formed and big enough, and the figures are printed.
#[test]
fn event_set_figures() {
    let s = run_set();
    println!("{}", report(&s));
    assert!(s.overall.lines >= 180, "only {} lines", s.overall.lines);
    let roots: Vec<String> = (1..=20).map(|r| format!("{r:02}")).collect();
    for r in &roots {
        let n = s.root_lines.get(r).copied().unwrap_or(0);
        assert!(n >= 5, "root {r} is expected on only {n} lines");
    }
    for c in [
        "passive",
        "coordination",
        "infinitive",
        "nominal",
        "reported",
        "context",
        "none",
        "date_abs",
        "date_partial",
        "date_relative",
        "date_range",
        "mode_planned",
        "mode_hypothetical",
        "mode_negated",
    ] {
        let n = s.by_category.get(c).map_or(0, |t| t.lines);
        assert!(n >= 8, "category {c} has only {n} lines");
    }
    for x in [
        s.overall.precision(),
        s.overall.recall(),
        s.overall.date_accuracy(),
        s.overall.mode_accuracy(),
    ] {
        assert!((0.0..=1.0).contains(&x));
    }
}

/// Every line passes, except the known failures, which fail exactly as listed.
#[test]
fn event_set_every_line() {
    let s = run_set();
    known::check("events", &s.lines);
}
