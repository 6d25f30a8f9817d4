//! Actor-mention test set and scorer (GitHub issue "Actors").
//!
//! The data is `tests/data/actor_mentions.tsv`, one line per test item:
//!
//! ```text
//! published <TAB> sentence(s) <TAB> expected <TAB> category [<TAB> traps]
//! ```
//!
//! * `expected` lists `surface=CODE` pairs separated by ` ; ` for every actor the
//!   line should yield, or `NONE`.
//! * `category` is one of [`CATEGORIES`].
//! * `traps` (only on `ambiguity` lines) lists the words, separated by ` ; `, that
//!   look like an actor but must yield none ("Russian roulette", "turkey", "Georgia"
//!   in a US-politics sentence).
//!
//! Each line is coded as one article by `Pipeline::builtin()` with `published` set.
//! What the line yields is every mention of every sentence whose `attached` flag is
//! false (an attached mention, e.g. "Japan" in "Russia's ambassador to Japan", only
//! describes another actor).
//!
//! ## Scoring rule
//!
//! A yielded mention is **correct** when an expected pair of the same line, not yet
//! used by another mention, has exactly the same code and its surface is contained
//! in the mention's `text` or the mention's `text` is contained in the surface.
//! Containment is tested on words: both strings are lower-cased and split into runs
//! of letters and digits (so "U.S." is `u s` and "Russia's" is `russia s`), and one
//! word sequence must occur contiguously in the other. Pairs are matched one-to-one,
//! exact word-for-word matches first, then containment, mentions in text order.
//!
//! precision = correct mentions / yielded mentions;
//! recall = expected pairs matched / expected pairs.
//!
//! An `ambiguity` line additionally fails its trap check when any mention, attached
//! or not, overlaps a trap word (the mention's words contain the trap's words or the
//! other way round).
//!
//! ## Every line
//!
//! A line is *perfect* when every expected pair is matched, every yielded mention is
//! correct and no trap word yields an actor. Every line must be perfect except those
//! listed, with today's symptoms and the reason, in `tests/data/known_failures.tsv`
//! (see `known/mod.rs`): `actor_mentions_every_line` fails on any other imperfect line,
//! on a listed line that is now perfect or fails differently, and prints the rows to
//! paste.
//!
//! `cargo test -p dyad-core --test actor_mentions -- --nocapture` prints per-category
//! and overall figures, and every line that is not perfect (expected vs got).

mod known;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::NaiveDate;
use dyad_core::input::Article;
use dyad_core::Pipeline;

/// Categories of the test set; each must have at least [`MIN_PER_CATEGORY`] lines.
const CATEGORIES: &[&str] = &[
    "name",
    "demonym",
    "metonym",
    "igo",
    "leader_dated",
    "agent",
    "title",
    "possessive",
    "pronoun",
    "ambiguity",
];
const MIN_PER_CATEGORY: usize = 8;
const MIN_LINES: usize = 160;
/// Hard requirements of the issue.
const MIN_RECALL: f64 = 0.80;
const MIN_PRECISION: f64 = 0.85;

const DATA: &str = include_str!("data/actor_mentions.tsv");

#[derive(Debug, Clone)]
struct Item {
    line: usize,
    published: NaiveDate,
    text: String,
    expected: Vec<(String, String)>,
    category: String,
    traps: Vec<String>,
}

#[derive(Debug, Clone)]
struct Got {
    text: String,
    code: String,
    attached: bool,
}

#[derive(Debug, Clone)]
struct Outcome {
    item: Item,
    /// All mentions, attached ones included (for the trap check and the report).
    got: Vec<Got>,
    /// For each non-attached mention (in order): the index of the expected pair it matched.
    matched_got: Vec<Option<usize>>,
    /// For each expected pair: matched?
    matched_exp: Vec<bool>,
    /// Trap words some mention overlapped, with the offending mention.
    trap_hits: Vec<(String, String)>,
}

impl Outcome {
    /// What is wrong with the line, worded for the known-failures list; empty when the
    /// line is perfect.
    fn symptoms(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .item
            .expected
            .iter()
            .zip(&self.matched_exp)
            .filter(|(_, &m)| !m)
            .map(|((s, c), _)| format!("missed {s}={c}"))
            .collect();
        let yielded = self.got.iter().filter(|g| !g.attached);
        for (g, m) in yielded.zip(&self.matched_got) {
            if m.is_none() {
                out.push(format!("wrong {}={}", g.text, g.code));
            }
        }
        for (t, g) in &self.trap_hits {
            out.push(format!("trap {t} yielded {g}"));
        }
        out
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    lines: usize,
    expected: usize,
    yielded: usize,
    correct: usize,
    recalled: usize,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.lines += 1;
        self.expected += o.matched_exp.len();
        self.yielded += o.matched_got.len();
        self.correct += o.matched_got.iter().filter(|m| m.is_some()).count();
        self.recalled += o.matched_exp.iter().filter(|&&m| m).count();
    }
    fn precision(&self) -> f64 {
        if self.yielded == 0 {
            1.0
        } else {
            self.correct as f64 / self.yielded as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.recalled as f64 / self.expected as f64
        }
    }
}

fn parse() -> Vec<Item> {
    let mut items = Vec::new();
    for (i, raw) in DATA.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split('\t').collect();
        assert!(
            cols.len() == 4 || cols.len() == 5,
            "actor_mentions.tsv:{line}: expected 4 or 5 TAB-separated columns, got {}",
            cols.len()
        );
        let published = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("actor_mentions.tsv:{line}: bad date {:?}: {e}", cols[0]));
        let expected = if cols[2].trim() == "NONE" {
            Vec::new()
        } else {
            cols[2]
                .split(" ; ")
                .map(|p| {
                    let (s, c) = p.rsplit_once('=').unwrap_or_else(|| {
                        panic!("actor_mentions.tsv:{line}: pair without '=': {p:?}")
                    });
                    let (s, c) = (s.trim(), c.trim());
                    assert!(
                        !s.is_empty(),
                        "actor_mentions.tsv:{line}: empty surface in {p:?}"
                    );
                    assert!(
                        !c.is_empty()
                            && c.chars()
                                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit()),
                        "actor_mentions.tsv:{line}: bad code {c:?}"
                    );
                    assert!(
                        cols[1].contains(s),
                        "actor_mentions.tsv:{line}: surface {s:?} does not occur in the sentence"
                    );
                    (s.to_string(), c.to_string())
                })
                .collect()
        };
        let category = cols[3].trim().to_string();
        assert!(
            CATEGORIES.contains(&category.as_str()),
            "actor_mentions.tsv:{line}: unknown category {category:?}"
        );
        let traps: Vec<String> = cols
            .get(4)
            .map(|t| {
                t.split(" ; ")
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if category == "ambiguity" {
            assert!(
                !traps.is_empty(),
                "actor_mentions.tsv:{line}: ambiguity line without trap words"
            );
        } else {
            assert!(
                traps.is_empty(),
                "actor_mentions.tsv:{line}: trap words on a non-ambiguity line"
            );
        }
        for t in &traps {
            assert!(
                cols[1].contains(t.as_str()),
                "actor_mentions.tsv:{line}: trap {t:?} does not occur in the sentence"
            );
        }
        items.push(Item {
            line,
            published,
            text: cols[1].to_string(),
            expected,
            category,
            traps,
        });
    }
    items
}

/// Lower-cased runs of letters and digits.
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Does `needle` occur contiguously in `hay`?
fn contains(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.len() <= hay.len()
        && hay.windows(needle.len()).any(|w| w == needle)
}

/// The scoring rule: same code, and one surface contained in the other (by words).
fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    contains(&a, &b) || contains(&b, &a)
}

fn run_item(p: &Pipeline, item: &Item) -> Outcome {
    let mut a = Article::text(format!("actor_mentions:{}", item.line), item.text.clone());
    a.published = Some(item.published);
    let doc = p.code(a);
    let got: Vec<Got> = doc
        .sentences
        .iter()
        .flat_map(|s| s.actors.iter())
        .map(|m| Got {
            text: m.text.clone(),
            code: m.code.clone(),
            attached: m.attached,
        })
        .collect();
    let yielded: Vec<&Got> = got.iter().filter(|g| !g.attached).collect();
    let mut matched_got: Vec<Option<usize>> = vec![None; yielded.len()];
    let mut matched_exp = vec![false; item.expected.len()];
    // Pass 1: exact word-for-word matches; pass 2: containment.
    for exact in [true, false] {
        for (gi, g) in yielded.iter().enumerate() {
            if matched_got[gi].is_some() {
                continue;
            }
            let found = item.expected.iter().enumerate().position(|(ei, (s, c))| {
                !matched_exp[ei]
                    && *c == g.code
                    && if exact {
                        words(s) == words(&g.text)
                    } else {
                        overlaps(s, &g.text)
                    }
            });
            if let Some(ei) = found {
                matched_got[gi] = Some(ei);
                matched_exp[ei] = true;
            }
        }
    }
    let mut trap_hits = Vec::new();
    for t in &item.traps {
        for g in &got {
            if overlaps(t, &g.text) {
                trap_hits.push((t.clone(), format!("{}={}", g.text, g.code)));
            }
        }
    }
    Outcome {
        item: item.clone(),
        got,
        matched_got,
        matched_exp,
        trap_hits,
    }
}

struct Results {
    outcomes: Vec<Outcome>,
    overall: Tally,
    report: String,
}

fn results() -> &'static Results {
    static R: OnceLock<Results> = OnceLock::new();
    R.get_or_init(|| {
        let items = parse();
        let p = Pipeline::builtin();
        let outcomes: Vec<Outcome> = items.iter().map(|it| run_item(&p, it)).collect();
        let mut per_category: BTreeMap<String, Tally> = BTreeMap::new();
        let mut overall = Tally::default();
        for o in &outcomes {
            per_category
                .entry(o.item.category.clone())
                .or_default()
                .add(o);
            overall.add(o);
        }
        let report = report(&outcomes, &per_category, &overall);
        Results {
            outcomes,
            overall,
            report,
        }
    })
}

fn report(outcomes: &[Outcome], per_category: &BTreeMap<String, Tally>, overall: &Tally) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "\n== actor mentions: failing lines (expected vs got) ==");
    for o in outcomes {
        if o.symptoms().is_empty() {
            continue;
        }
        let it = &o.item;
        let _ = writeln!(
            r,
            "[{}] line {} ({}): {}",
            it.category, it.line, it.published, it.text
        );
        let exp: Vec<String> = it
            .expected
            .iter()
            .zip(&o.matched_exp)
            .map(|((s, c), &m)| format!("{}{s}={c}", if m { "" } else { "MISSED " }))
            .collect();
        let _ = writeln!(
            r,
            "    expected: {}",
            if exp.is_empty() {
                "NONE".into()
            } else {
                exp.join(" ; ")
            }
        );
        let mut gi = 0;
        let got: Vec<String> = o
            .got
            .iter()
            .map(|g| {
                if g.attached {
                    format!("({}={}, attached)", g.text, g.code)
                } else {
                    let ok = o.matched_got[gi].is_some();
                    gi += 1;
                    format!("{}{}={}", if ok { "" } else { "WRONG " }, g.text, g.code)
                }
            })
            .collect();
        let _ = writeln!(
            r,
            "    got:      {}",
            if got.is_empty() {
                "NONE".into()
            } else {
                got.join(" ; ")
            }
        );
        for (t, g) in &o.trap_hits {
            let _ = writeln!(r, "    TRAP {t:?} yielded {g}");
        }
    }
    let _ = writeln!(r, "\n== actor mentions: scores ==");
    let _ = writeln!(
        r,
        "{:<13} {:>5} {:>8} {:>8} {:>8} {:>9} {:>7}",
        "category", "lines", "expected", "yielded", "correct", "precision", "recall"
    );
    let row = |r: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            r,
            "{:<13} {:>5} {:>8} {:>8} {:>8} {:>9.3} {:>7.3}",
            name,
            t.lines,
            t.expected,
            t.yielded,
            t.correct,
            t.precision(),
            t.recall()
        );
    };
    for c in CATEGORIES {
        if let Some(t) = per_category.get(*c) {
            row(&mut r, c, t);
        }
    }
    row(&mut r, "OVERALL", overall);
    r
}

#[test]
fn data_file_is_well_formed_and_covers_every_category() {
    let items = parse();
    assert!(
        items.len() >= MIN_LINES,
        "{} lines, want at least {MIN_LINES}",
        items.len()
    );
    for c in CATEGORIES {
        let n = items.iter().filter(|i| i.category == *c).count();
        assert!(
            n >= MIN_PER_CATEGORY,
            "category {c}: {n} lines, want at least {MIN_PER_CATEGORY}"
        );
    }
}

#[test]
fn scoring_rule() {
    assert!(overlaps("Japanese troops", "Japanese troops"));
    assert!(overlaps("India's prime minister", "prime minister"));
    assert!(overlaps("Kremlin", "the Kremlin"));
    assert!(overlaps("U.S.", "the U.S."));
    assert!(!overlaps("US", "Russia"));
    assert!(!overlaps("he", "the Prime Minister"));
    assert!(!overlaps("Japan", "Japanese"));
}

/// Prints the figures and the failing lines; never fails (see the two tests below).
#[test]
fn actor_mentions_report() {
    let r = results();
    println!("{}", r.report);
}

/// Hard requirement of the issue: overall recall ≥ 0.80 and precision ≥ 0.85.
#[test]
fn actor_mentions_thresholds() {
    let r = results();
    println!("{}", r.report);
    let o = &r.overall;
    assert!(
        o.recall() >= MIN_RECALL && o.precision() >= MIN_PRECISION,
        "overall precision {:.3} (want ≥ {MIN_PRECISION}), recall {:.3} (want ≥ {MIN_RECALL})",
        o.precision(),
        o.recall()
    );
}

/// Every line is perfect, except the known failures, which fail exactly as listed.
#[test]
fn actor_mentions_every_line() {
    let r = results();
    let lines: Vec<known::LineResult> = r
        .outcomes
        .iter()
        .map(|o| known::LineResult {
            line_no: o.item.line,
            sentence: o.item.text.clone(),
            symptoms: o.symptoms(),
        })
        .collect();
    known::check("actors", &lines);
}

/// Hard requirement of the issue: no ambiguity line yields an actor for its trap words
/// (US states are not actors; weak names like Georgia, Jordan, Chad need support).
#[test]
fn ambiguity_traps_yield_no_actor() {
    let r = results();
    let hits: Vec<String> = r
        .outcomes
        .iter()
        .filter(|o| !o.trap_hits.is_empty())
        .map(|o| {
            let h: Vec<String> = o
                .trap_hits
                .iter()
                .map(|(t, g)| format!("{t:?} -> {g}"))
                .collect();
            format!("line {}: {} [{}]", o.item.line, o.item.text, h.join(", "))
        })
        .collect();
    assert!(
        hits.is_empty(),
        "trap words yielded actors:\n{}",
        hits.join("\n")
    );
}
