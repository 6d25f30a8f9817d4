//! Scoring against the PETRARCH2 unit-test suite (a peer's test suite).
//!
//! The suite's records are single sentences about fictional states (Arnor,
//! Gondor, Mordor), so its actors and agents are loaded as a user dictionary:
//! PETRARCH's dictionary syntax is converted to dyad's (phrases title-cased,
//! `<YYMMDD`/`>YYMMDD`/`YYYYMMDD-YYYYMMDD` date restrictions turned into dated
//! terms, agent codes `~GOV` into roles). The verbs are ordinary English and
//! are coded with dyad's own lexicon. Scoring follows the suite's README: an
//! event's key is (source country, target country, root), `---` matches
//! anything, and a record passes when every expected event is found and
//! nothing else is emitted.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::actors::dictionary::ROLES;
use crate::dictionaries::DictFormat;
use crate::error::{Error, LineError};
use crate::input::Article;
use crate::output::EventRecord;
use crate::{Pipeline, Sources};

/// One record of the suite.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: String,
    pub date: NaiveDate,
    pub sentence: String,
    /// (source, target, code); empty for `NONE`.
    pub expected: Vec<(String, String, String)>,
    pub category: String,
}

/// Result of one record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordResult {
    pub id: String,
    pub category: String,
    pub passed: bool,
    pub expected: Vec<String>,
    pub emitted: Vec<String>,
}

/// Scores over the suite.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Petr2Report {
    pub records: usize,
    pub passed: usize,
    pub expected_events: usize,
    pub emitted_events: usize,
    pub found: usize,
    pub matching_emitted: usize,
    pub exact_code: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub results: Vec<RecordResult>,
}

fn yymmdd(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let y = if yy < 50 { 2000 + yy } else { 1900 + yy };
            NaiveDate::from_ymd_opt(y, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
        }
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        _ => None,
    }
}

/// Converts the suite's `actors.tsv` and `agents.tsv` to a dyad actor dictionary.
pub fn convert_dictionaries(actors: &str, agents: &str) -> String {
    let mut out =
        String::from("# converted from the PETRARCH2 unit-test suite's actors and agents\n");
    let mut rows = Vec::new();
    for line in actors.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 2
            || c[0].trim().is_empty()
            || !c[1]
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
            || c[1].len() < 3
        {
            continue;
        }
        // (PETRARCH's own phrase rules: "THE KU" is "Ku", "K.U." keeps its capitals.)
        let Some(phrase) =
            crate::dictionaries::petrarch::actor_phrase(c[0], &mut Default::default())
        else {
            continue;
        };
        let restriction = c.get(2).map(|s| s.trim()).unwrap_or("");
        let (from, until) = if let Some(d) = restriction.strip_prefix('<') {
            (None, yymmdd(d).and_then(|d| d.pred_opt()))
        } else if let Some(d) = restriction.strip_prefix('>') {
            (yymmdd(d).and_then(|d| d.succ_opt()), None)
        } else if let Some((a, b)) = restriction.split_once('-') {
            (yymmdd(a), yymmdd(b))
        } else {
            (None, None)
        };
        rows.push((phrase, c[1], from, until));
    }
    // A name whose code changed on a date (`ZIMBABWE RHO <790606`, then `ZBW`)
    // is one dated entry: its undated code is the default outside the dated
    // terms, not a second actor that competes with them.
    let dated: std::collections::HashSet<&str> = rows
        .iter()
        .filter(|r| r.2.is_some() || r.3.is_some())
        .map(|r| r.0.as_str())
        .collect();
    let fmt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for (phrase, code, from, until) in &rows {
        if dated.contains(phrase.as_str()) {
            let _ = writeln!(
                out,
                "{phrase}\t{code}\tperson\t{}\t{}",
                fmt(*from),
                fmt(*until)
            );
        } else {
            let _ = writeln!(out, "{phrase}\t{code}\tcountry");
        }
    }
    for line in agents.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 2 {
            continue;
        }
        let code = c[1].trim().trim_matches('~');
        let role = code.get(..3).unwrap_or("");
        if !ROLES.contains(&role) {
            continue;
        }
        let _ = writeln!(out, "{}\t{role}\tagent", c[0].trim().to_lowercase());
    }
    out
}

/// Parses `records.tsv`.
pub fn parse_records(text: &str) -> Result<Vec<Record>, LineError> {
    let mut out = Vec::new();
    let err = |line: usize, reason: String| LineError {
        file: "records.tsv".into(),
        line,
        reason,
    };
    for (i, line) in text.lines().enumerate().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 5 {
            return Err(err(i + 1, "expected at least 5 columns".into()));
        }
        let date = NaiveDate::parse_from_str(c[1], "%Y-%m-%d")
            .map_err(|_| err(i + 1, format!("bad date {:?}", c[1])))?;
        let expected = if c[3].trim() == "NONE" {
            Vec::new()
        } else {
            c[3].split(';')
                .filter(|e| !e.trim().is_empty())
                .filter_map(|e| {
                    let (pair, code) = e.trim().split_once(':')?;
                    let (s, t) = pair.split_once('>')?;
                    Some((s.to_string(), t.to_string(), code.to_string()))
                })
                .collect()
        };
        out.push(Record {
            id: c[0].to_string(),
            date,
            sentence: c[2].to_string(),
            expected,
            category: c[4].to_string(),
        });
    }
    Ok(out)
}

fn key_matches(exp: &(String, String, String), e: &EventRecord) -> bool {
    let side = |want: &str, got: &str| want.starts_with("---") || got.get(..3) == want.get(..3);
    side(&exp.0, &e.source) && side(&exp.1, &e.target) && e.root == exp.2.get(..2).unwrap_or("")
}

/// The suite's verb dictionary, loaded as a user pattern file when present.
pub const VERBS_FILE: &str = "PETR.Validate.verbs.txt";

/// Codes every record with the built-in dictionaries and `base` (the user's
/// files), plus the suite's own actors, agents and verbs (`PETR.Validate.verbs.txt`,
/// converted from PETRARCH syntax), and scores them.
/// `parse` runs the parse stage (see [`Pipeline::parse`]).
pub fn evaluate(base: &Sources, dir: &Path, parse: bool) -> Result<Petr2Report, Error> {
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).map_err(Error::read(dir.join(f)));
    let dict = convert_dictionaries(&read("actors.tsv")?, &read("agents.tsv")?);
    let mut sources = base.clone();
    sources
        .actors
        .push((dir.join("actors.tsv").display().to_string(), dict));
    let verbs = dir.join(VERBS_FILE);
    if verbs.exists() {
        let (name, text) = crate::dictionaries::load_patterns(&verbs, DictFormat::Petrarch)?;
        sources.patterns.push((name, text));
    }
    let mut pipeline = Pipeline::from_sources(&sources)?;
    pipeline.parse = parse;
    let records = parse_records(&read("records.tsv")?)?;
    let mut r = Petr2Report {
        records: records.len(),
        ..Petr2Report::default()
    };
    for rec in &records {
        let mut a = Article::text(rec.id.clone(), rec.sentence.clone());
        a.published = Some(rec.date);
        let evs = EventRecord::all(&pipeline.code(a));
        let mut used = HashSet::new();
        let mut found = 0;
        for exp in &rec.expected {
            if let Some((i, e)) = evs
                .iter()
                .enumerate()
                .find(|(i, e)| !used.contains(i) && key_matches(exp, e))
            {
                used.insert(i);
                found += 1;
                if e.cameo == exp.2 {
                    r.exact_code += 1;
                }
            }
        }
        let matching = evs
            .iter()
            .filter(|e| rec.expected.iter().any(|x| key_matches(x, e)))
            .count();
        r.expected_events += rec.expected.len();
        r.emitted_events += evs.len();
        r.found += found;
        r.matching_emitted += matching;
        let passed = found == rec.expected.len() && matching == evs.len();
        r.passed += passed as usize;
        r.results.push(RecordResult {
            id: rec.id.clone(),
            category: rec.category.clone(),
            passed,
            expected: rec
                .expected
                .iter()
                .map(|(s, t, c)| format!("{s}>{t}:{c}"))
                .collect(),
            emitted: evs
                .iter()
                .map(|e| format!("{}>{}:{}", e.source, e.target, e.cameo))
                .collect(),
        });
    }
    (r.precision, r.recall, r.f1) = super::prf(
        r.matching_emitted,
        r.emitted_events,
        r.found,
        r.expected_events,
    );
    Ok(r)
}

/// The report as text.
pub fn render(r: &Petr2Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "== PETRARCH2 unit-test suite");
    let _ = writeln!(
        s,
        "records passed {}/{}  events expected {} emitted {} found {} (exact 3-digit code {})",
        r.passed, r.records, r.expected_events, r.emitted_events, r.found, r.exact_code
    );
    let _ = writeln!(
        s,
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        r.precision, r.recall, r.f1
    );
    let mut cats: Vec<&str> = r.results.iter().map(|x| x.category.as_str()).collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        let rs: Vec<&RecordResult> = r.results.iter().filter(|x| x.category == c).collect();
        let _ = writeln!(
            s,
            "  {c:<10} passed {}/{}",
            rs.iter().filter(|x| x.passed).count(),
            rs.len()
        );
    }
    let _ = writeln!(s, "\n-- failing records");
    for x in r.results.iter().filter(|x| !x.passed) {
        let _ = writeln!(
            s,
            "{} [{}] expected {:?} emitted {:?}",
            x.id, x.category, x.expected, x.emitted
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_petrarch_dictionaries() {
        let d = convert_dictionaries("phrase\tcode\tdate_restriction\nMINAS TIRITH\tGON\t\nGOLLUM\tHOB\t<950601\nGOLLUM\tHOBREB\t>990816\n", "phrase\tcode\nAMBASSADOR\t~GOV\nCOPTIC CHRISTIAN\t~CHRCPT\n");
        assert!(d.contains("Minas Tirith\tGON\tcountry\n"));
        assert!(d.contains("Gollum\tHOB\tperson\t\t1995-05-31\n"));
        assert!(d.contains("Gollum\tHOBREB\tperson\t1999-08-17\t\n"));
        assert!(d.contains("ambassador\tGOV\tagent\n"));
        assert!(!d.contains("coptic"));
        // An undated code beside a dated one is that name's default, not a rival entry.
        let d = convert_dictionaries(
            "phrase\tcode\tdate_restriction\nZIMBABWE\tRHO\t<790606\nZIMBABWE\tZBW\t\n",
            "phrase\tcode\n",
        );
        assert!(d.contains("Zimbabwe\tRHO\tperson\t\t1979-06-05\n"), "{d}");
        assert!(d.contains("Zimbabwe\tZBW\tperson\t\t\n"), "{d}");
    }

    #[test]
    fn parses_records() {
        let r = parse_records("h\nA-1\t1995-01-01\tArnor met Gondor.\tARN>GON:040;GON>ARN:040\tDEMO\tnote\nA-2\t1995-01-01\tNothing.\tNONE\tDEMO\t\n").unwrap();
        assert_eq!(r[0].expected.len(), 2);
        assert!(r[1].expected.is_empty());
    }
}
