//! Where an event happened, from an embedded GeoNames gazetteer.
//!
//! The gazetteer (`data/places/`, GeoNames CC BY 4.0, built by
//! `scripts/gazetteer.py`) holds every country with its centroid, first-level
//! regions, populated places of at least 15,000 people, and hand-written seas,
//! straits, islands and disputed areas (`features.tsv`).
//!
//! For each event the stage looks, in the event's sentence, for a place
//! phrase: a gazetteer name or country mention after a locative word (`in
//! Riyadh`, `near the Kuril Islands`, `southwest of Okinawa`, `entered the
//! East China Sea`), or a country's adjective before a territory noun (`into
//! Japanese airspace`). A named place (city, region, sea, island) wins over a
//! country, and among equals the phrase nearest the trigger. Without one, a
//! visit (CAMEO 042/043) is placed in the host's country, and otherwise the
//! article's dateline (`TOKYO, March 3 -`) places it. A name with several
//! entries (Georgia, Paris) is resolved by a qualifier (`Paris, Texas`), the
//! countries of the sentence and the article, the kind of place, and population.

// FxHash: the gazetteer is looked up for many words of every article, and
// SipHash's resistance to chosen keys buys nothing for built-in names.
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::document::{Document, Event, MentionKind, Sentence};
use crate::grammar::{self, LOCATIVE, MOVEMENT, NOT_PLACES, OF_LOCATIVE, SKIP, TERRITORY};

const COUNTRIES: &str = include_str!("../data/places/countries.tsv");
const ADMIN1: &str = include_str!("../data/places/admin1.tsv");
const CITIES: &str = include_str!("../data/places/cities.tsv");
const FEATURES: &str = include_str!("../data/places/features.tsv");

/// Bytes of gazetteer data embedded in the binary.
pub const EMBEDDED_BYTES: usize = COUNTRIES.len() + ADMIN1.len() + CITIES.len() + FEATURES.len();

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Gazetteer name (`Riyadh`, `Kuril Islands`, `Japan`).
    pub name: String,
    /// ISO 3166 alpha-3 code of the country it is in (or that administers
    /// it); empty for open sea.
    pub country: String,
    /// First-level region name, for places inside a country.
    pub adm1: Option<String>,
    /// GeoNames first-level region code, `JP.40`.
    pub adm1_code: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// `country`, `adm1`, `city`, or a hand-written kind (`sea`, `strait`,
    /// `disputed islands`, `disputed area`, ...).
    pub feature: String,
    /// GeoNames id of a place, region or country.
    pub geonameid: Option<u64>,
    /// The words that named it.
    pub text: String,
    /// How it was chosen (`after 'near'`, `territory noun 'airspace'`, `dateline`, ...).
    pub how: String,
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    iso2: String,
    iso3: String,
    adm1: String,
    lat: f64,
    lon: f64,
    feature: String,
    population: u64,
    geonameid: Option<u64>,
}

#[derive(Debug, Default)]
struct Country {
    iso2: String,
    fips: String,
    name: String,
    entry: usize,
}

/// The embedded gazetteer, indexed by lower-cased name.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_name: HashMap<String, Vec<usize>>,
    countries: HashMap<String, Country>,
    iso2_to_iso3: HashMap<String, String>,
    admin1_names: HashMap<(String, String), String>,
    /// Longest name in words.
    max_words: usize,
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

/// Lower-cases and folds whitespace; the key of the name index.
fn key(s: &str) -> String {
    let mut out = String::new();
    key_into(s, &mut out);
    out
}

/// [`key`] into a buffer. Every capitalised word after a locative cue is
/// looked up at each length up to the longest name, and the gazetteer keys
/// its ~200k names this way at start-up: ASCII text, nearly all of it, is
/// folded in one pass with no allocation beyond `out`'s.
fn key_into(s: &str, out: &mut String) {
    out.clear();
    if !s.is_ascii() {
        out.push_str(
            &s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .replace(['\u{2019}', '\u{2018}'], "'"),
        );
        return;
    }
    // The ASCII chars `char::is_whitespace` holds for (which, unlike
    // `u8::is_ascii_whitespace`, include the vertical tab).
    let space = |c: char| matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ');
    for w in s.split(space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.make_ascii_lowercase();
}

impl Gazetteer {
    /// The built-in gazetteer (parsed once).
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::load)
    }

    fn add(&mut self, e: Entry, names: &[&str]) -> usize {
        let i = self.entries.len();
        for n in names {
            let n = n.trim();
            if n.chars().count() < 3 {
                continue;
            }
            self.max_words = self.max_words.max(n.split_whitespace().count());
            let v = self.by_name.entry(key(n)).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
        self.entries.push(e);
        i
    }

    fn load() -> Gazetteer {
        let mut g = Gazetteer::default();
        let num = |s: &str| s.parse::<f64>().unwrap_or(0.0);
        for r in rows(COUNTRIES) {
            let [iso3, iso2, fips, name, lat, lon, pop, id] = r[..] else {
                continue;
            };
            let entry = g.add(
                Entry {
                    name: name.into(),
                    iso2: iso2.into(),
                    iso3: iso3.into(),
                    adm1: String::new(),
                    lat: num(lat),
                    lon: num(lon),
                    feature: "country".into(),
                    population: pop.parse().unwrap_or(0),
                    geonameid: id.parse().ok(),
                },
                &[name],
            );
            g.iso2_to_iso3.insert(iso2.into(), iso3.into());
            g.countries.insert(
                iso3.into(),
                Country {
                    iso2: iso2.into(),
                    fips: fips.into(),
                    name: name.into(),
                    entry,
                },
            );
        }
        for r in rows(ADMIN1) {
            let [iso2, code, name, lat, lon] = r[..] else {
                continue;
            };
            let Some(iso3) = g.iso2_to_iso3.get(iso2).cloned() else {
                continue;
            };
            g.admin1_names
                .insert((iso2.to_string(), code.to_string()), name.to_string());
            g.add(
                Entry {
                    name: name.into(),
                    iso2: iso2.into(),
                    iso3,
                    adm1: code.into(),
                    lat: num(lat),
                    lon: num(lon),
                    feature: "adm1".into(),
                    population: 0,
                    geonameid: None,
                },
                &[name],
            );
        }
        for r in rows(CITIES) {
            let [id, name, other, iso2, adm1, lat, lon, pop] = r[..] else {
                continue;
            };
            let Some(iso3) = g.iso2_to_iso3.get(iso2).cloned() else {
                continue;
            };
            let mut names = vec![name];
            names.extend(other.split('|').filter(|s| !s.is_empty()));
            g.add(
                Entry {
                    name: name.into(),
                    iso2: iso2.into(),
                    iso3,
                    adm1: adm1.into(),
                    lat: num(lat),
                    lon: num(lon),
                    feature: "city".into(),
                    population: pop.parse().unwrap_or(0),
                    geonameid: id.parse().ok(),
                },
                &names,
            );
        }
        for r in rows(FEATURES) {
            let [names, feature, country, _claimants, lat, lon] = r[..] else {
                continue;
            };
            let names: Vec<&str> = names.split('|').collect();
            let iso2 = g
                .countries
                .get(country)
                .map(|c| c.iso2.clone())
                .unwrap_or_default();
            g.add(
                Entry {
                    name: names[0].into(),
                    iso2,
                    iso3: country.into(),
                    adm1: String::new(),
                    lat: num(lat),
                    lon: num(lon),
                    feature: feature.into(),
                    population: 0,
                    geonameid: None,
                },
                &names,
            );
        }
        g
    }

    /// Number of places (countries, regions, cities, hand-written features).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// FIPS 10-4 code of a country (GDELT's country codes).
    pub fn fips(&self, iso3: &str) -> Option<&str> {
        self.countries
            .get(iso3)
            .map(|c| c.fips.as_str())
            .filter(|f| !f.is_empty())
    }

    /// A country as a place (its centroid).
    pub fn country(&self, iso3: &str, text: &str, how: &str) -> Option<Place> {
        let c = self.countries.get(iso3)?;
        Some(self.place(c.entry, text, how))
    }

    fn place(&self, i: usize, text: &str, how: &str) -> Place {
        let e = &self.entries[i];
        let adm1_name = (!e.adm1.is_empty())
            .then(|| {
                self.admin1_names
                    .get(&(e.iso2.clone(), e.adm1.clone()))
                    .cloned()
            })
            .flatten();
        Place {
            name: e.name.clone(),
            country: e.iso3.clone(),
            adm1: adm1_name,
            adm1_code: (!e.adm1.is_empty()).then(|| format!("{}.{}", e.iso2, e.adm1)),
            lat: e.lat,
            lon: e.lon,
            feature: e.feature.clone(),
            geonameid: e.geonameid,
            text: text.to_string(),
            how: how.to_string(),
        }
    }

    /// The best entry for a name: a qualifier (`Texas`, `Brazil`) first, then
    /// the sentence's and article's countries, kind of place and population.
    fn resolve(
        &self,
        name: &str,
        qualifier: Option<&str>,
        sentence_countries: &[String],
        article_countries: &HashMap<String, usize>,
    ) -> Option<(usize, bool)> {
        let cands = self.by_name.get(&key(name))?;
        let qual = qualifier.map(key);
        let mut best: Option<(f64, usize, bool)> = None;
        for &i in cands {
            let e = &self.entries[i];
            let mut score = match e.feature.as_str() {
                "country" => 40.0,
                "adm1" => 20.0,
                "city" => 10.0 + 6.0 * (e.population.max(1) as f64).log10(),
                _ => 35.0,
            };
            let mut qualified = false;
            if let Some(q) = &qual {
                let country_name = self.countries.get(&e.iso3).map(|c| key(&c.name));
                let adm1_name = self
                    .admin1_names
                    .get(&(e.iso2.clone(), e.adm1.clone()))
                    .map(|n| key(n));
                if country_name.as_ref() == Some(q) || adm1_name.as_ref() == Some(q) {
                    score += 1000.0;
                    qualified = true;
                }
            }
            if sentence_countries.contains(&e.iso3) {
                score += 60.0;
            }
            if article_countries.contains_key(&e.iso3) {
                score += 30.0;
            }
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, i, qualified));
            }
        }
        best.map(|b| (b.1, b.2))
    }
}

/// A place phrase found in a sentence.
struct Candidate {
    /// Token span of the name.
    start: usize,
    end: usize,
    place: Place,
    /// Named with a qualifier or a feature: preferred over a bare country.
    rank: u8,
}

fn lower(s: &Sentence, i: usize) -> &str {
    s.tokens.get(i).map(|t| t.lower.as_str()).unwrap_or("")
}

/// Whether the words before token `i` make it a locative; returns the cue.
fn locative_before(s: &Sentence, i: usize) -> Option<String> {
    let mut j = i;
    while j > 0 && SKIP.contains(&lower(s, j - 1)) {
        j -= 1;
    }
    if j == 0 {
        return None;
    }
    let w = lower(s, j - 1);
    if w == "to" {
        // Only movement: "visit to Canada", "flights to Cuba", not "ambassador to Greece".
        let m = if j >= 2 { lower(s, j - 2) } else { "" };
        return MOVEMENT.contains(&m).then(|| format!("after '{m} to'"));
    }
    if LOCATIVE.contains(&w) {
        return Some(format!("after '{w}'"));
    }
    if w == "of" && j >= 2 {
        let d = lower(s, j - 2);
        if OF_LOCATIVE.contains(&d) {
            return Some(format!("after '{d} of'"));
        }
    }
    None
}

fn article_countries(doc: &Document) -> HashMap<String, usize> {
    let mut m: HashMap<String, usize> = HashMap::default();
    for s in &doc.sentences {
        for a in &s.actors {
            if crate::actors::is_state(&a.country) {
                *m.entry(a.country.clone()).or_default() += 1;
            }
        }
    }
    m
}

/// Place phrases of one sentence.
fn candidates(
    g: &Gazetteer,
    doc: &Document,
    s: &Sentence,
    article: &HashMap<String, usize>,
) -> Vec<Candidate> {
    let sentence_countries: Vec<String> = s.actors.iter().map(|a| a.country.clone()).collect();
    let mut out = Vec::new();
    let n = s.tokens.len();
    let mut name_key = String::new();
    let in_mention = |i: usize, kinds: &[MentionKind]| {
        s.actors
            .iter()
            .any(|a| a.start <= i && i < a.end && kinds.contains(&a.kind))
    };
    let mut i = 0;
    while i < n {
        let t = &s.tokens[i];
        if !t.is_capitalized() || not_a_place(&t.lower) {
            i += 1;
            continue;
        }
        if in_mention(
            i,
            &[
                MentionKind::Person,
                MentionKind::LocalPerson,
                MentionKind::Igo,
                MentionKind::Title,
            ],
        ) {
            i += 1;
            continue;
        }
        // Only a word after a locative cue can start a place; checking the cue
        // first spares most capitalised words the gazetteer lookups.
        let Some(cue) = locative_before(s, i) else {
            i += 1;
            continue;
        };
        // Longest gazetteer name starting here.
        let mut found = None;
        for len in (1..=g.max_words.min(n - i)).rev() {
            let end = i + len;
            let last = &s.tokens[end - 1];
            if last.kind == crate::document::TokenKind::Punct {
                continue;
            }
            let text = &doc.text[t.start..last.end];
            key_into(text, &mut name_key);
            if g.by_name.contains_key(&name_key) {
                found = Some((end, text.to_string()));
                break;
            }
        }
        let Some((end, name)) = found else {
            i += 1;
            continue;
        };
        // A following capitalised word makes a longer name we do not know
        // ("Washington Post", "Palacio do Planalto"): not a place.
        let next_cap = |k: usize| {
            s.tokens
                .get(k)
                .is_some_and(|t| t.is_capitalized() && t.kind == crate::document::TokenKind::Word)
        };
        if next_cap(end)
            || (matches!(
                lower(s, end),
                "do" | "da" | "de" | "del" | "di" | "of" | "la"
            ) && next_cap(end + 1))
        {
            i = end;
            continue;
        }
        // "Paris, Texas" / "Brasilia, Brazil": the qualifier after a comma.
        let qualifier = (lower(s, end) == ",")
            .then(|| {
                let q0 = s.tokens.get(end + 1)?;
                if !q0.is_capitalized() {
                    return None;
                }
                let mut qe = end + 2;
                while qe < n && s.tokens[qe].is_capitalized() && qe < end + 4 {
                    qe += 1;
                }
                Some(doc.text[q0.start..s.tokens[qe - 1].end].to_string())
            })
            .flatten();
        if let Some((idx, qualified)) =
            g.resolve(&name, qualifier.as_deref(), &sentence_countries, article)
        {
            let how = if qualified {
                format!("{cue}, qualified by '{}'", qualifier.unwrap_or_default())
            } else {
                cue
            };
            let place = g.place(idx, &name, &how);
            let rank = if place.feature == "country" { 0 } else { 1 };
            out.push(Candidate {
                start: i,
                end,
                place,
                rank,
            });
        }
        i = end;
    }
    // Country mentions the gazetteer does not name ("the U.S.", "Britain"),
    // and adjectives before territory nouns ("Japanese airspace").
    for a in &s.actors {
        if !crate::actors::is_state(&a.country) || out.iter().any(|c| c.start == a.start) {
            continue;
        }
        match a.kind {
            MentionKind::Country => {
                if let Some(cue) = locative_before(s, a.start) {
                    if let Some(p) = g.country(&a.country, &a.text, &cue) {
                        out.push(Candidate {
                            start: a.start,
                            end: a.end,
                            place: p,
                            rank: 0,
                        });
                    }
                }
            }
            MentionKind::Demonym => {
                let mut k = a.end;
                while k < n
                    && matches!(
                        lower(s, k),
                        "territorial" | "national" | "sovereign" | "military" | "air" | "naval"
                    )
                {
                    k += 1;
                }
                let noun = lower(s, k);
                if TERRITORY.contains(&noun) {
                    let text = doc.text[s.tokens[a.start].start..s.tokens[k].end].to_string();
                    let how = format!("territory noun '{noun}'");
                    if let Some(mut p) = g.country(&a.country, &text, &how) {
                        p.feature = "territory".into();
                        out.push(Candidate {
                            start: a.start,
                            end: k + 1,
                            place: p,
                            rank: 0,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The dateline place: `BRASÍLIA, Brazil –`, `TOKYO (Reuters) -` at the start
/// of one of the first body lines.
fn dateline(g: &Gazetteer, doc: &Document, article: &HashMap<String, usize>) -> Option<Place> {
    for s in doc.sentences.iter().filter(|s| !s.heading).take(3) {
        let text = &doc.text[s.start..s.end];
        let head: String = text.chars().take(80).collect();
        let cut = ["\u{2013}", "\u{2014}", " - ", " -- ", "("]
            .iter()
            .filter_map(|d| head.find(d))
            .min()?;
        let lead = head[..cut].trim().trim_end_matches(',');
        let mut parts = lead.split(',').map(str::trim);
        let name = parts.next()?;
        let qualifier = parts.next();
        if name.is_empty()
            || name.split_whitespace().count() > 4
            || !name.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        if let Some((idx, _)) = g.resolve(name, qualifier, &[], article) {
            return Some(g.place(idx, lead, "dateline"));
        }
    }
    None
}

/// The place of one event.
fn place_of(
    g: &Gazetteer,
    ev: &Event,
    cands: &[Candidate],
    dateline: &Option<Place>,
) -> Option<Place> {
    let dist = |c: &Candidate| {
        if c.end <= ev.trigger_start {
            ev.trigger_start - c.end
        } else {
            c.start.saturating_sub(ev.trigger_end)
        }
    };
    if let Some(best) = cands.iter().min_by_key(|c| {
        (
            std::cmp::Reverse(c.rank),
            dist(c),
            std::cmp::Reverse(c.start),
        )
    }) {
        return Some(best.place.clone());
    }
    let country = |c: &str, text: &str, how: &str| {
        crate::actors::is_state(c)
            .then(|| g.country(c, text, how))
            .flatten()
    };
    match ev.cameo.get(..3) {
        Some("042") => {
            if let Some(p) = country(&ev.target.country, &ev.target.text, "visit: host's country") {
                return Some(p);
            }
        }
        Some("043") => {
            if let Some(p) = country(&ev.source.country, &ev.source.text, "visit: host's country") {
                return Some(p);
            }
        }
        _ => {}
    }
    dateline.clone()
}

/// Places every event of a document (fills [`Document::places`], one entry per event).
pub fn run(doc: &mut Document) {
    let g = Gazetteer::builtin();
    let article = article_countries(doc);
    let dl = dateline(g, doc, &article);
    // Events come in sentence order: a sentence's candidates are found once.
    let mut cached: Option<(usize, Vec<Candidate>)> = None;
    let mut places = Vec::with_capacity(doc.events.len());
    for ev in &doc.events {
        if cached.as_ref().is_none_or(|(si, _)| *si != ev.sentence) {
            let cands = candidates(g, doc, &doc.sentences[ev.sentence], &article);
            cached = Some((ev.sentence, cands));
        }
        let cands = cached.as_ref().map_or(&[][..], |(_, c)| c.as_slice());
        places.push(place_of(g, ev, cands, &dl));
    }
    doc.places = places;
}

/// GDELT geography columns (Type, FullName, CountryCode, ADM1Code, ADM2Code,
/// Lat, Long, FeatureID) for a place. Type: 1 country, 2 US state, 3 US city,
/// 4 other city or named feature, 5 other first-level region; CountryCode and
/// ADM1Code are FIPS 10-4 as in GDELT (`JA`, `JA40`); FeatureID the GeoNames
/// id (GDELT uses GNS ids), or the FIPS code for a country as GDELT does.
#[allow(clippy::too_many_arguments)]
pub fn gdelt_geo(
    name: &str,
    iso3: &str,
    feature: &str,
    adm1: Option<&str>,
    adm1_code: Option<&str>,
    lat: f64,
    lon: f64,
    geonameid: Option<u64>,
) -> Vec<String> {
    let g = Gazetteer::builtin();
    let fips = g.fips(iso3).unwrap_or("").to_string();
    let us = iso3 == "USA";
    let kind = match feature {
        "country" | "territory" => 1,
        "adm1" if us => 2,
        "adm1" => 5,
        "city" if us => 3,
        _ => 4,
    };
    let country_name = g.countries.get(iso3).map(|c| c.name.as_str()).unwrap_or("");
    let mut full = vec![name.to_string()];
    if let Some(a) = adm1.filter(|a| *a != name) {
        full.push(a.to_string());
    }
    if !country_name.is_empty() && country_name != name {
        full.push(country_name.to_string());
    }
    let adm1_gdelt = adm1_code
        .and_then(|c| c.split_once('.'))
        .map(|(_, code)| format!("{fips}{code}"))
        .unwrap_or_else(|| fips.clone());
    let feature_id = match (kind, geonameid) {
        (1, _) => fips.clone(),
        (_, Some(id)) => id.to_string(),
        _ => String::new(),
    };
    vec![
        kind.to_string(),
        full.join(", "),
        fips,
        adm1_gdelt,
        String::new(),
        format!("{lat:.4}"),
        format!("{lon:.4}"),
        feature_id,
    ]
}

/// GDELT geography columns for an actor's country (its centroid); empty for
/// IGOs and actors of unknown country.
pub fn gdelt_country_geo(iso3: &str) -> Vec<String> {
    let g = Gazetteer::builtin();
    match g.countries.get(iso3) {
        Some(c) if crate::actors::is_state(iso3) => {
            let e = &g.entries[c.entry];
            gdelt_geo(&e.name, iso3, "country", None, None, e.lat, e.lon, None)
        }
        _ => vec![String::new(); 8],
    }
}

/// Capitalised words that are never places here: month and weekday names
/// and `data/grammar/not-places.txt`.
fn not_a_place(w: &str) -> bool {
    NOT_PLACES.contains(&w) || grammar::is_month_name(w) || grammar::weekday(w).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_keys_fold_as_the_general_rule_does() {
        let general = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .replace(['\u{2019}', '\u{2018}'], "'")
        };
        for s in [
            "",
            " ",
            "Tokyo",
            "  New \t York\x0bCity \r\n",
            "Cote d'Ivoire",
            "C\u{f4}te d\u{2019}Ivoire",
            "S\u{e3}o\u{a0}Paulo",
            "\u{3a3}\u{39f}\u{3a3} \u{3a3}",
        ] {
            assert_eq!(key(s), general(s), "{s:?}");
        }
    }

    #[test]
    fn gazetteer_loads_every_file() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 30_000, "{}", g.len());
        assert_eq!(g.fips("JPN"), Some("JA"));
        let (i, _) = g.resolve("Riyadh", None, &[], &HashMap::default()).unwrap();
        assert_eq!(g.entries[i].iso3, "SAU");
        let (i, _) = g
            .resolve("Senkaku Islands", None, &[], &HashMap::default())
            .unwrap();
        assert!((g.entries[i].lat - 25.7).abs() < 0.5);
    }

    #[test]
    fn ambiguous_names_follow_the_article() {
        let g = Gazetteer::builtin();
        let none = HashMap::default();
        let us: HashMap<String, usize> = [("USA".to_string(), 3)].into_iter().collect();
        let fr: HashMap<String, usize> = [("FRA".to_string(), 1)].into_iter().collect();
        let iso3 = |r: Option<(usize, bool)>| g.entries[r.unwrap().0].iso3.clone();
        assert_eq!(iso3(g.resolve("Georgia", None, &[], &none)), "GEO");
        assert_eq!(iso3(g.resolve("Georgia", None, &[], &us)), "USA");
        assert_eq!(iso3(g.resolve("Paris", None, &[], &fr)), "FRA");
        assert_eq!(iso3(g.resolve("Paris", Some("Texas"), &[], &fr)), "USA");
    }
}
