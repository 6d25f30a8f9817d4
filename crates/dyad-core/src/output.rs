//! The output schema: one flat record per event, written as JSONL, CSV or
//! GDELT 2.0 event-table rows.
//!
//! The record's fields are documented in the README ("Output schema").
//! `char_start`/`char_end` are character (Unicode scalar) offsets of the
//! sentence in the raw input, so `raw[char_start..char_end]` in Python, or
//! `raw.chars().skip(start).take(end - start)` in Rust, gives the sentence as the
//! user gave it (HTML markup included for HTML input).

use std::io::{self, Write};

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};

use crate::dates::EventDate;
use crate::document::{Document, Event, Mode};
use crate::schema::{ActorCode, CameoCode, Value, FIELDS};

/// One coded event, flattened for output and storage.
///
/// Its fields, their order and their output forms are listed once, in
/// [`crate::schema::FIELDS`]: the JSON form (serde), the CSV columns and
/// dyad-store's SQL and Parquet columns all derive from that list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventRecord {
    pub article: String,
    pub published: Option<NaiveDate>,
    pub sentence_index: usize,
    pub sentence: String,
    pub char_start: usize,
    pub char_end: usize,
    pub source: ActorCode,
    pub source_country: String,
    pub source_text: String,
    pub target: ActorCode,
    pub target_country: String,
    pub target_text: String,
    pub cameo: CameoCode,
    pub root: CameoCode,
    /// PLOVER event type of the CAMEO code (official conversion table; none
    /// for CAMEO roots 01 and 02, which it does not cover).
    pub plover_type: Option<String>,
    /// PLOVER mode, when the table gives one.
    pub plover_mode: Option<String>,
    /// PLOVER context, when the table gives one.
    pub plover_context: Option<String>,
    pub quad_class: u8,
    pub goldstein: f64,
    /// The event's own date with its precision (output as `date` and
    /// `date_precision`).
    pub date: Option<EventDate>,
    pub date_text: Option<String>,
    pub mode: Mode,
    pub mode_cue: Option<String>,
    pub rule: String,
    pub url: Option<String>,
    /// Where the event happened (see [`crate::places`]): gazetteer name.
    pub place_name: Option<String>,
    /// ISO 3166 alpha-3 country of the place (the administering state for a
    /// disputed area; empty for open sea).
    pub place_country: Option<String>,
    /// First-level region name.
    pub place_adm1: Option<String>,
    /// GeoNames first-level region code (`JP.40`).
    pub place_adm1_code: Option<String>,
    pub place_lat: Option<f64>,
    pub place_lon: Option<f64>,
    /// `country`, `adm1`, `city`, `territory`, `sea`, `strait`, `disputed islands`, ...
    pub place_feature: Option<String>,
    /// GeoNames id of the place.
    pub place_geonameid: Option<u64>,
    /// The words that named the place.
    pub place_text: Option<String>,
    /// How it was chosen (`after 'near'`, `territory noun 'airspace'`, `dateline`, ...).
    pub place_how: Option<String>,
}

/// Column order for CSV output (the same as the JSON field order): the
/// names of [`FIELDS`].
pub static CSV_COLUMNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| FIELDS.iter().map(|f| f.name).collect());

/// Sentence `si`'s text as records show it, and its character span in the
/// raw input.
fn sentence_text(doc: &Document, si: usize) -> (String, (usize, usize)) {
    let s = &doc.sentences[si];
    (s.text(&doc.text), doc.raw_char_span(s.start, s.end))
}

impl EventRecord {
    /// Flattens one event of a document.
    pub fn new(doc: &Document, ev: &Event) -> EventRecord {
        let index = doc.events.iter().position(|e| std::ptr::eq(e, ev));
        EventRecord::build(doc, ev, index, sentence_text(doc, ev.sentence))
    }

    /// Flattens event `ev`, the `index`th of the document, whose sentence
    /// reads `sentence` at characters `[cs, ce)` of the raw input.
    fn build(
        doc: &Document,
        ev: &Event,
        index: Option<usize>,
        (sentence, (cs, ce)): (String, (usize, usize)),
    ) -> EventRecord {
        let plover = crate::plover::lookup(&ev.cameo);
        let nonempty = |v: &str| (!v.is_empty()).then(|| v.to_string());
        // The lexicon and the actor dictionaries check their codes when they
        // are loaded, so these always hold.
        let actor = |c: &str| {
            let code = ActorCode::new(c);
            debug_assert!(code.is_some(), "actor code {c:?}");
            code.unwrap_or_default()
        };
        let cameo = CameoCode::new(&ev.cameo);
        debug_assert!(cameo.is_some(), "CAMEO code {:?}", ev.cameo);
        let cameo = cameo.unwrap_or_default();
        let mut r = EventRecord {
            article: doc.id.clone(),
            published: doc.published,
            sentence_index: ev.sentence,
            sentence,
            char_start: cs,
            char_end: ce,
            source: actor(&ev.source.code),
            source_country: ev.source.country.clone(),
            source_text: ev.source.text.clone(),
            target: actor(&ev.target.code),
            target_country: ev.target.country.clone(),
            target_text: ev.target.text.clone(),
            root: cameo.root(),
            cameo,
            plover_type: plover.map(|p| p.event_type.to_string()),
            plover_mode: plover.and_then(|p| nonempty(p.mode)),
            plover_context: plover.and_then(|p| nonempty(p.context)),
            quad_class: ev.quad_class,
            goldstein: ev.goldstein,
            date: ev.date.clone(),
            date_text: ev.date_text.clone(),
            mode: ev.mode,
            mode_cue: ev.mode_cue.clone(),
            rule: ev.rule.clone(),
            url: doc.url.clone(),
            ..EventRecord::default()
        };
        let place = index
            .and_then(|i| doc.places.get(i))
            .and_then(|p| p.as_ref());
        if let Some(p) = place {
            r.place_name = Some(p.name.clone());
            r.place_country = Some(p.country.clone());
            r.place_adm1 = p.adm1.clone();
            r.place_adm1_code = p.adm1_code.clone();
            r.place_lat = Some(p.lat);
            r.place_lon = Some(p.lon);
            r.place_feature = Some(p.feature.clone());
            r.place_geonameid = p.geonameid;
            r.place_text = Some(p.text.clone());
            r.place_how = Some(p.how.clone());
        }
        r
    }

    /// The day the event is placed on in time series: the first day of its
    /// own date, else the publication date.
    pub fn day(&self) -> Option<NaiveDate> {
        self.date
            .as_ref()
            .and_then(EventDate::first_day)
            .or(self.published)
    }

    /// All events of a document.
    pub fn all(doc: &Document) -> Vec<EventRecord> {
        if doc.events.is_empty() {
            return Vec::new();
        }
        // The events of one sentence share its text and span: each is
        // worked out once.
        let mut texts: Vec<Option<(String, (usize, usize))>> = vec![None; doc.sentences.len()];
        doc.events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let text = texts[e.sentence].get_or_insert_with(|| sentence_text(doc, e.sentence));
                EventRecord::build(doc, e, Some(i), text.clone())
            })
            .collect()
    }

    /// The values in [`CSV_COLUMNS`] order.
    pub fn csv_values(&self) -> Vec<String> {
        FIELDS.iter().map(|f| f.csv(self)).collect()
    }

    /// A GDELT 2.0 event-table row (61 tab-separated columns, no header).
    ///
    /// Columns dyad has no value for (religion, ethnicity, geography, tone) are
    /// empty. `Day` is the event's own date (its first day for month or year
    /// precision), not the article's; `DATEADDED` is the publication date.
    /// `global_id` numbers the events of a run.
    pub fn gdelt_row(&self, global_id: u64, num_articles: u32, num_sources: u32) -> Vec<String> {
        let (day, month_year, year, fraction) = match self.day() {
            Some(d) => (
                d.format("%Y%m%d").to_string(),
                d.format("%Y%m").to_string(),
                d.format("%Y").to_string(),
                format!(
                    "{:.4}",
                    f64::from(d.year())
                        + (f64::from(d.month0()) * 30.0 + f64::from(d.day())) / 365.0
                ),
            ),
            None => (String::new(), String::new(), String::new(), String::new()),
        };
        let actor = |code: &str, name: &str, country: &str| {
            let role = code.strip_prefix(country).unwrap_or("");
            // GDELT leaves both the country and group empty for an actor of unknown
            // country; its sector still goes in the type code.
            let unknown = country == crate::actors::NON_STATE;
            let is_igo = !unknown && !crate::actors::is_state(country);
            vec![
                code.to_string(),
                gdelt_name(name, country),
                if is_igo || unknown {
                    String::new()
                } else {
                    country.to_string()
                },
                if is_igo {
                    country.to_string()
                } else {
                    String::new()
                },
                String::new(),
                String::new(),
                String::new(),
                role.get(..3).unwrap_or("").to_string(),
                role.get(3..6).unwrap_or("").to_string(),
                String::new(),
            ]
        };
        let mut row = vec![global_id.to_string(), day, month_year, year, fraction];
        row.extend(actor(&self.source, &self.source_text, &self.source_country));
        row.extend(actor(&self.target, &self.target_text, &self.target_country));
        let base = self.cameo.get(..3).unwrap_or(&self.cameo).to_string();
        row.extend([
            "1".to_string(),
            self.cameo.to_string(),
            base,
            self.root.to_string(),
            self.quad_class.to_string(),
            format!("{:.1}", self.goldstein),
            "1".to_string(),
            num_sources.to_string(),
            num_articles.to_string(),
            String::new(),
        ]);
        // Actor1Geo, Actor2Geo: the actor's country (its centroid); ActionGeo:
        // the event's place. 8 columns each.
        row.extend(crate::places::gdelt_country_geo(&self.source_country));
        row.extend(crate::places::gdelt_country_geo(&self.target_country));
        row.extend(self.gdelt_action_geo());
        row.push(
            self.published
                .map(|d| d.format("%Y%m%d000000").to_string())
                .unwrap_or_default(),
        );
        row.push(self.url.clone().unwrap_or_default());
        row
    }
}

/// Words that open an anaphoric mention ("its", "he", "the two leaders",
/// "the country"): they name no one by themselves.
const ANAPHORS: &[&str] = &[
    "he", "she", "it", "its", "his", "her", "hers", "him", "they", "them", "their", "theirs", "we",
    "our", "us", "i", "me", "my", "the", "both", "two", "this", "that", "these", "those", "latter",
    "former",
];

/// The name of a country or IGO code: the first name of its `country` or
/// `igo` line in the built-in dictionary (`JPN` → `Japan`, `UNO` → `United Nations`).
pub fn country_name(code: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut m = std::collections::HashMap::new();
            for file in [
                include_str!("../data/actors/countries.tsv"),
                include_str!("../data/actors/igos.tsv"),
            ] {
                for line in file.lines().filter(|l| !l.starts_with('#')) {
                    let cols: Vec<&str> = line.split('\t').collect();
                    if let [names, code, kind, ..] = cols.as_slice() {
                        if matches!(*kind, "country" | "igo") {
                            let first = names.split('|').next().unwrap_or("");
                            m.entry(*code).or_insert(first.trim_start_matches('~'));
                        }
                    }
                }
            }
            m
        })
        .get(code)
        .copied()
}

/// GDELT's Actor1Name/Actor2Name: the words that named the actor, upper-cased,
/// unless they only point back at it (a pronoun, "the two leaders", "the
/// country"): then the name of its country or organisation, as GDELT writes it.
pub fn gdelt_name(text: &str, country: &str) -> String {
    let t = text.trim();
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    // Only the first letter may be a capital (sentence start): "The Kremlin" names someone.
    let rest_lower = t.chars().skip(1).all(|c| !c.is_uppercase());
    let anaphoric = t.is_empty() || (ANAPHORS.contains(&first.as_str()) && rest_lower);
    match country_name(country) {
        Some(name) if anaphoric => name.to_uppercase(),
        _ => t.to_uppercase(),
    }
}

impl EventRecord {
    /// GDELT's ActionGeo_* columns (Type, FullName, CountryCode, ADM1Code,
    /// ADM2Code, Lat, Long, FeatureID) from the event's place.
    fn gdelt_action_geo(&self) -> Vec<String> {
        let (Some(name), Some(lat), Some(lon)) = (&self.place_name, self.place_lat, self.place_lon)
        else {
            return vec![String::new(); 8];
        };
        let country = self.place_country.clone().unwrap_or_default();
        crate::places::gdelt_geo(
            name,
            &country,
            self.place_feature.as_deref().unwrap_or(""),
            self.place_adm1.as_deref(),
            self.place_adm1_code.as_deref(),
            lat,
            lon,
            self.place_geonameid,
        )
    }
}

/// Output formats for event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Gdelt,
}

/// Writes event records in one format; CSV writes its header first.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    header_done: bool,
    next_id: u64,
    /// A JSONL line, reused from record to record.
    line: Vec<u8>,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: Format) -> RecordWriter<W> {
        RecordWriter {
            out,
            format,
            header_done: false,
            next_id: 1,
            line: Vec::new(),
        }
    }

    /// Writes the CSV header even when no record follows.
    pub fn header(&mut self) -> io::Result<()> {
        if self.format == Format::Csv && !self.header_done {
            self.header_done = true;
            writeln!(self.out, "{}", CSV_COLUMNS.join(","))?;
        }
        Ok(())
    }

    pub fn write(&mut self, r: &EventRecord) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                json_line(&mut self.line, r)?;
                self.out.write_all(&self.line)
            }
            Format::Csv => {
                self.header()?;
                let line: Vec<String> = r.csv_values().iter().map(|v| csv_field(v)).collect();
                writeln!(self.out, "{}", line.join(","))
            }
            Format::Gdelt => {
                let row = r.gdelt_row(self.next_id, 1, 1);
                self.next_id += 1;
                let clean: Vec<String> = row
                    .into_iter()
                    .map(|v| v.replace(['\t', '\n', '\r'], " "))
                    .collect();
                writeln!(self.out, "{}", clean.join("\t"))
            }
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer, for lines of another kind between records
    /// (`dyad code --simhash` writes one per article).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }
}

/// Puts a record's JSONL line (newline included) into `line`, byte for byte
/// what `serde_json::to_writer` makes of it. serde_json's string escaping
/// tests every byte on its own; the sentence and the other texts are most of
/// the output, and nearly all of their bytes need no escape.
fn json_line(line: &mut Vec<u8>, r: &EventRecord) -> io::Result<()> {
    line.clear();
    line.push(b'{');
    for (i, f) in FIELDS.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        // Field names are plain identifiers (a test checks), so need no escape.
        line.push(b'"');
        line.extend_from_slice(f.name.as_bytes());
        line.extend_from_slice(b"\":");
        match (f.get)(r) {
            Value::Null => line.extend_from_slice(b"null"),
            Value::Text(t) => push_json_str(line, &t),
            Value::PartialDate(d) => push_json_str(line, &d.value),
            v => serde_json::to_writer(&mut *line, &v)?,
        }
    }
    line.extend_from_slice(b"}\n");
    Ok(())
}

/// Appends `s` as a JSON string escaped as serde_json escapes it: `\"`,
/// `\\`, the short escapes of backspace, form feed, newline, carriage return
/// and tab, `\u00xx` (lower-case hex) for the other control bytes, and
/// everything else (DEL and non-ASCII too) as it is.
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any of eight bytes is below 0x20, a quote or a backslash (the
    // "has less" and "has zero" bit tricks: exact as to whether, though not
    // as to which).
    let special = |x: u64| {
        let q = x ^ (ONES * u64::from(b'"'));
        let b = x ^ (ONES * u64::from(b'\\'));
        ((x.wrapping_sub(ONES * 0x20) & !x)
            | (q.wrapping_sub(ONES) & !q)
            | (b.wrapping_sub(ONES) & !b))
            & HIGH
            != 0
    };
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Bytes from `run` on are yet to be copied.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !special(x) {
                i += 8;
                continue;
            }
        }
        let c = bytes[i];
        let short: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..0x20 => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[run..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 0xf)]);
        } else {
            out.extend_from_slice(short);
        }
        i += 1;
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Quotes a CSV field when needed (RFC 4180).
pub fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> EventRecord {
        EventRecord {
            article: "a".into(),
            published: "2018-03-27".parse().ok(),
            sentence_index: 0,
            sentence: "Japan, \"quoted\", praised Russia.".into(),
            char_start: 0,
            char_end: 10,
            source: ActorCode::new("JPNGOV").unwrap(),
            source_country: "JPN".into(),
            source_text: "Japan".into(),
            target: ActorCode::new("NATO").unwrap(),
            target_country: "NATO".into(),
            target_text: "NATO".into(),
            cameo: CameoCode::new("051").unwrap(),
            root: CameoCode::new("05").unwrap(),
            plover_type: Some("SUPPORT".into()),
            plover_mode: None,
            plover_context: Some("diplomatic".into()),
            quad_class: 1,
            goldstein: 3.4,
            date: EventDate::parse("2018-05"),
            date_text: None,
            mode: Mode::Asserted,
            mode_cue: None,
            rule: "r".into(),
            url: None,
            ..EventRecord::default()
        }
    }

    /// Every field set, so that a field missing from `FIELDS` (and so from
    /// every output) loses its value in the round trip below. No
    /// `..Default::default()`: a new field must be added here.
    fn full_record() -> EventRecord {
        let mut date = EventDate::parse("2018-03-27").unwrap();
        date.precision = crate::dates::Precision::Publication;
        EventRecord {
            article: "a".into(),
            published: "2018-03-27".parse().ok(),
            sentence_index: 3,
            sentence: "s".into(),
            char_start: 5,
            char_end: 10,
            source: ActorCode::new("JPNGOV").unwrap(),
            source_country: "JPN".into(),
            source_text: "Japan".into(),
            target: ActorCode::new("RUS").unwrap(),
            target_country: "RUS".into(),
            target_text: "Russia".into(),
            cameo: CameoCode::new("042").unwrap(),
            root: CameoCode::new("04").unwrap(),
            plover_type: Some("CONSULT".into()),
            plover_mode: Some("visit".into()),
            plover_context: Some("diplomatic".into()),
            quad_class: 1,
            goldstein: 1.9,
            date: Some(date),
            date_text: Some("on Tuesday".into()),
            mode: Mode::Planned,
            mode_cue: Some("will".into()),
            rule: "04_consult.tsv:1 visit".into(),
            url: Some("https://example.com/a".into()),
            place_name: Some("Tokyo".into()),
            place_country: Some("JPN".into()),
            place_adm1: Some("Tokyo".into()),
            place_adm1_code: Some("JP.40".into()),
            place_lat: Some(35.6895),
            place_lon: Some(139.69171),
            place_feature: Some("city".into()),
            place_geonameid: Some(1850147),
            place_text: Some("Tokyo".into()),
            place_how: Some("after 'in'".into()),
        }
    }

    #[test]
    fn every_field_round_trips_through_json() {
        let text = serde_json::to_string(&full_record()).unwrap();
        let back: EventRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, full_record());
        // The JSON keys are the schema's names, in order.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut sorted = CSV_COLUMNS.clone();
        sorted.sort();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort();
        assert_eq!(keys_sorted, sorted);
        assert!(text
            .starts_with("{\"article\":\"a\",\"published\":\"2018-03-27\",\"sentence_index\":3,"));
        assert!(text.contains("\"date\":\"2018-03-27\",\"date_precision\":\"publication\","));
        assert!(text.contains("\"mode\":\"planned\""));
    }

    #[test]
    fn json_is_unchanged() {
        let mut buf = Vec::new();
        RecordWriter::new(&mut buf, Format::Jsonl)
            .write(&record())
            .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            r#"{"article":"a","published":"2018-03-27","sentence_index":0,"sentence":"Japan, \"quoted\", praised Russia.","char_start":0,"char_end":10,"source":"JPNGOV","source_country":"JPN","source_text":"Japan","target":"NATO","target_country":"NATO","target_text":"NATO","cameo":"051","root":"05","plover_type":"SUPPORT","plover_mode":null,"plover_context":"diplomatic","quad_class":1,"goldstein":3.4,"date":"2018-05","date_precision":"month","date_text":null,"mode":"asserted","mode_cue":null,"rule":"r","url":null,"place_name":null,"place_country":null,"place_adm1":null,"place_adm1_code":null,"place_lat":null,"place_lon":null,"place_feature":null,"place_geonameid":null,"place_text":null,"place_how":null}
"#
        );
    }

    #[test]
    fn csv_is_unchanged() {
        let mut buf = Vec::new();
        let mut w = RecordWriter::new(&mut buf, Format::Csv);
        w.write(&full_record()).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "a,2018-03-27,3,s,5,10,JPNGOV,JPN,Japan,RUS,RUS,Russia,042,04,CONSULT,visit,diplomatic,1,1.9,2018-03-27,publication,on Tuesday,planned,will,04_consult.tsv:1 visit,https://example.com/a,Tokyo,JPN,Tokyo,JP.40,35.6895,139.6917,city,1850147,Tokyo,after 'in'"
        );
    }

    #[test]
    fn csv_quotes_and_column_count() {
        let mut buf = Vec::new();
        let mut w = RecordWriter::new(&mut buf, Format::Csv);
        w.write(&record()).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut rdr = text.lines();
        assert_eq!(rdr.next().unwrap().split(',').count(), CSV_COLUMNS.len());
        assert!(text.contains("\"Japan, \"\"quoted\"\", praised Russia.\""));
    }

    #[test]
    fn gdelt_row_has_61_columns_and_event_date() {
        let row = record().gdelt_row(7, 1, 1);
        assert_eq!(row.len(), 61);
        assert_eq!(row[1], "20180501");
        assert_eq!(row[5], "JPNGOV");
        assert_eq!(row[7], "JPN");
        assert_eq!(row[12], "GOV");
        assert_eq!(row[15], "NATO");
        assert_eq!(row[18], "NATO"); // KnownGroupCode for an IGO
        assert_eq!(row[26], "051");
        assert_eq!(row[28], "05");
        assert_eq!(row[59], "20180327000000");
    }

    #[test]
    fn gdelt_names_resolve_pronouns() {
        assert_eq!(gdelt_name("its", "JPN"), "JAPAN");
        assert_eq!(gdelt_name("He", "RUS"), "RUSSIA");
        assert_eq!(gdelt_name("the two leaders", "RUS"), "RUSSIA");
        assert_eq!(gdelt_name("the Kremlin", "RUS"), "THE KREMLIN");
        assert_eq!(gdelt_name("Shinzo Abe", "JPN"), "SHINZO ABE");
        assert_eq!(gdelt_name("it", "UNO"), "UNITED NATIONS");
    }

    #[test]
    fn jsonl_line_is_serde_jsons() {
        let mut line = Vec::new();
        for r in [record(), full_record()] {
            json_line(&mut line, &r).unwrap();
            let mut want = serde_json::to_vec(&r).unwrap();
            want.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&line),
                String::from_utf8_lossy(&want)
            );
        }
        assert!(FIELDS.iter().all(|f| f
            .name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')));
        // Every ASCII byte, at every place in and around an eight-byte chunk.
        let all: String = (0u8..128).map(char::from).collect();
        let mut texts = vec![all.clone(), format!("Tōkyō “quoted” \u{7f}{all}é")];
        for c in (0u8..128).map(char::from) {
            for at in 0..18 {
                let mut t = "x".repeat(at);
                t.push(c);
                t.push_str(&"yz".repeat(at % 5));
                texts.push(t);
            }
        }
        for t in texts {
            let mut got = Vec::new();
            push_json_str(&mut got, &t);
            assert_eq!(got, serde_json::to_vec(&t).unwrap(), "{t:?}");
        }
    }

    #[test]
    fn jsonl_round_trips() {
        let mut buf = Vec::new();
        RecordWriter::new(&mut buf, Format::Jsonl)
            .write(&record())
            .unwrap();
        let back: EventRecord = serde_json::from_slice(&buf).unwrap();
        assert_eq!(back, record());
    }
}
