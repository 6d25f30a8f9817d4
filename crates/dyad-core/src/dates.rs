//! Stage 5, dates: each event's own date, not the article's.
//!
//! Date expressions are found in the sentence ("March 25, 2018", "in March
//! 2022", "last September", "on Saturday", "two years ago", "earlier this
//! month"), anchored to the publication date, and given to the event whose
//! trigger is in the same clause. Partial dates go backwards for past events
//! and forwards for planned ones ("is likely to visit on May 26" → the next May
//! 26). An event with no date expression takes the publication date with
//! precision `publication`.
//!
//! ```
//! use chrono::NaiveDate;
//! use dyad_core::dates::{find_dates, Precision};
//! let toks = dyad_core::segment::tokenize("He will visit on May 26.", 0, 24);
//! let d = &find_dates(&toks)[0];
//! let pubd = NaiveDate::from_ymd_opt(2018, 3, 27).unwrap();
//! let r = d.resolve(pubd, true).unwrap();
//! assert_eq!((r.value.as_str(), r.precision), ("2018-05-26", Precision::Day));
//! ```

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use crate::document::{abbreviation_bracket, Document, Event, Token};
use crate::grammar::{self, CLAUSE_OPENERS, DATE_PREPS, YEAR_PREPS};
use crate::tree::DepTree;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Day,
    Month,
    Year,
    /// No date in the text: the publication date stands in.
    Publication,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Publication => "publication",
        }
    }

    /// The precision `as_str` names.
    pub fn parse(s: &str) -> Option<Precision> {
        Some(match s {
            "day" => Precision::Day,
            "month" => Precision::Month,
            "year" => Precision::Year,
            "publication" => Precision::Publication,
            _ => return None,
        })
    }
}

/// An event date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and its precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventDate {
    pub value: String,
    pub precision: Precision,
}

/// As written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
impl std::fmt::Display for EventDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)
    }
}

impl EventDate {
    /// The publication date standing in for an event's own.
    fn publication(p: NaiveDate) -> EventDate {
        EventDate {
            value: p.format("%Y-%m-%d").to_string(),
            precision: Precision::Publication,
        }
    }

    fn day(d: NaiveDate) -> EventDate {
        EventDate {
            value: d.format("%Y-%m-%d").to_string(),
            precision: Precision::Day,
        }
    }
    fn month(y: i32, m: u32) -> EventDate {
        EventDate {
            value: format!("{y:04}-{m:02}"),
            precision: Precision::Month,
        }
    }
    fn year(y: i32) -> EventDate {
        EventDate {
            value: format!("{y:04}"),
            precision: Precision::Year,
        }
    }

    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real date), with the
    /// precision its form gives.
    pub fn parse(s: &str) -> Option<EventDate> {
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let precision = match parts.as_slice() {
            [y] if digits(y, 4) => Precision::Year,
            [y, m] if digits(y, 4) && digits(m, 2) => Precision::Month,
            [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => Precision::Day,
            _ => return None,
        };
        let date = EventDate {
            value: s.to_string(),
            precision,
        };
        date.first_day().map(|_| date)
    }

    /// The first day the date covers.
    pub fn first_day(&self) -> Option<NaiveDate> {
        let parts: Vec<&str> = self.value.split('-').collect();
        let y = parts.first()?.parse().ok()?;
        let m = parts.get(1).and_then(|m| m.parse().ok()).unwrap_or(1);
        let d = parts.get(2).and_then(|d| d.parse().ok()).unwrap_or(1);
        NaiveDate::from_ymd_opt(y, m, d)
    }
}

/// What a date expression says, before anchoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSpec {
    Full(NaiveDate),
    MonthYear(i32, u32),
    Year(i32),
    /// Month and day, year from context.
    MonthDay(u32, u32),
    /// A month; `rel` is -1 for "last", +1 for "next", 0 for plain.
    Month(u32, i32),
    /// A weekday; `rel` as for months.
    Weekday(Weekday, i32),
    /// Days from publication (yesterday = -1).
    Days(i64),
    /// Weeks from publication ("last week" = -1).
    Weeks(i64),
    /// Months from publication ("last month" = -1, "this month" = 0).
    Months(i32),
    /// Years from publication.
    Years(i32),
    /// "recently".
    Recent,
    /// "last summer": the year of the last such season ended before
    /// publication (the season's last month).
    LastSeason(u32),
    /// Days from the last date the article told ("the next day", "two days
    /// later", "that day"), not from publication.
    Narrative(i64),
    /// A month (or, with `None`, the whole year) of the year the article
    /// last told: "in February *of that year*", "*that year*".
    ThatYear(Option<u32>),
    /// The month the article last told: "later *that month*".
    ThatMonth,
    /// Years after the year the article last told: "*the following year*".
    YearsAfter(i32),
    /// Months after the month the article last told: "*the following
    /// month*" (1), "*the previous month*" (-1).
    MonthsAfter(i32),
    /// A month of a year counted from publication: "August *last year*"
    /// (-1), "in March this year" (0).
    MonthOfYears(u32, i32),
    /// "He *then* flew on to Tbilisi": the next step of the story, at the
    /// date (day, month or year) told in this sentence or the two before
    /// (a quote may stand between).
    Then,
}

impl DateSpec {
    /// Whether the date counts from the date the article told before, not
    /// from publication.
    fn is_narrative(&self) -> bool {
        matches!(
            self,
            DateSpec::Narrative(_)
                | DateSpec::ThatYear(_)
                | DateSpec::ThatMonth
                | DateSpec::YearsAfter(_)
                | DateSpec::MonthsAfter(_)
                | DateSpec::Then
        )
    }
}

/// A date expression in a sentence.
#[derive(Debug, Clone)]
pub struct DateExpr {
    /// Token span.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub spec: DateSpec,
}

impl DateExpr {
    /// Anchors the expression to the publication date; `future` for planned events.
    /// Dates outside years 1–9999 (from an absurd publication date or
    /// offset) are left undated: they cannot be written as `YYYY-MM-DD`.
    pub fn resolve(&self, published: NaiveDate, future: bool) -> Option<EventDate> {
        let absolute = matches!(
            self.spec,
            DateSpec::Full(_) | DateSpec::MonthYear(..) | DateSpec::Year(_)
        );
        if !absolute && !(1..=9999).contains(&published.year()) {
            return None;
        }
        self.resolve_unchecked(published, future).filter(|d| {
            d.first_day()
                .is_some_and(|f| (1..=9999).contains(&f.year()))
        })
    }

    fn resolve_unchecked(&self, published: NaiveDate, future: bool) -> Option<EventDate> {
        let p = published;
        Some(match self.spec {
            DateSpec::Full(d) => EventDate::day(d),
            DateSpec::MonthYear(y, m) => EventDate::month(y, m),
            DateSpec::MonthOfYears(m, n) => EventDate::month(p.year().checked_add(n)?, m),
            DateSpec::Year(y) => EventDate::year(y),
            DateSpec::MonthDay(m, d) => {
                let this = NaiveDate::from_ymd_opt(p.year(), m, d)?;
                let date = if future {
                    if this >= p {
                        this
                    } else {
                        NaiveDate::from_ymd_opt(p.year() + 1, m, d)?
                    }
                } else if this <= p + Duration::days(1) {
                    this
                } else {
                    NaiveDate::from_ymd_opt(p.year() - 1, m, d)?
                };
                EventDate::day(date)
            }
            DateSpec::Month(m, rel) => {
                let y = match rel {
                    -1 => {
                        if m < p.month() {
                            p.year()
                        } else {
                            p.year() - 1
                        }
                    }
                    1 => {
                        if m > p.month() {
                            p.year()
                        } else {
                            p.year() + 1
                        }
                    }
                    _ if future => {
                        if m >= p.month() {
                            p.year()
                        } else {
                            p.year() + 1
                        }
                    }
                    _ => {
                        if m <= p.month() {
                            p.year()
                        } else {
                            p.year() - 1
                        }
                    }
                };
                EventDate::month(y, m)
            }
            DateSpec::Weekday(w, rel) => {
                let pw = p.weekday().num_days_from_monday() as i64;
                let ww = w.num_days_from_monday() as i64;
                let date = if rel > 0 || (rel == 0 && future) {
                    let mut ahead = (ww - pw).rem_euclid(7);
                    // A plan "on Friday" in a Friday's report is most often
                    // that day's ("to return the pilot later on Friday");
                    // a week on is "next Friday".
                    if ahead == 0 && rel > 0 {
                        ahead = 7;
                    }
                    p + Duration::days(ahead)
                } else {
                    let mut back = (pw - ww).rem_euclid(7);
                    if rel < 0 && back <= 1 {
                        // "last Thursday" said on a Friday means the week before; yesterday would be "yesterday".
                        back += 7;
                    }
                    if rel < 0 && back == 0 {
                        back = 7;
                    }
                    p - Duration::days(back)
                };
                EventDate::day(date)
            }
            DateSpec::Days(n) => EventDate::day(p.checked_add_signed(Duration::try_days(n)?)?),
            // "this week" in a report is the part of the week before publication.
            DateSpec::Weeks(0) => EventDate::month(p.year(), p.month()),
            DateSpec::Weeks(n) => {
                // The middle (Thursday) of that calendar week decides its month.
                let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64);
                let d = monday.checked_add_signed(Duration::try_days(n.checked_mul(7)? + 3)?)?;
                EventDate::month(d.year(), d.month())
            }
            DateSpec::Months(n) => {
                let total = (p.year() * 12 + p.month0() as i32).checked_add(n)?;
                EventDate::month(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
            }
            DateSpec::Years(n) => EventDate::year(p.year().checked_add(n)?),
            DateSpec::Recent => EventDate::month(p.year(), p.month()),
            DateSpec::LastSeason(end) => EventDate::year(if p.month() > end {
                p.year()
            } else {
                p.year().checked_sub(1)?
            }),
            // Without the date told before it, nothing to count from.
            DateSpec::Narrative(_)
            | DateSpec::ThatYear(_)
            | DateSpec::ThatMonth
            | DateSpec::YearsAfter(_)
            | DateSpec::MonthsAfter(_)
            | DateSpec::Then => return None,
        })
    }
}

/// The month a lower-case name or abbreviation names, with or without a
/// trailing period (`data/grammar/months.txt`).
pub(crate) fn month_of(w: &str) -> Option<u32> {
    grammar::month_number(w.trim_end_matches('.'))
}

/// The weekday a lower-case name names (`data/grammar/weekdays.txt`).
pub(crate) fn weekday_of(w: &str) -> Option<Weekday> {
    grammar::weekday(w)
}

/// A count in words (`data/grammar/number-words.txt`) or digits (1-199).
fn number_word(w: &str) -> Option<i64> {
    grammar::number_word(w).or_else(|| w.parse().ok().filter(|n: &i64| *n > 0 && *n < 200))
}

fn day_num(t: &Token) -> Option<u32> {
    // Only a number parses, and a number starts with a digit or a sign: the
    // words, most tokens, are turned away before they are trimmed.
    if !matches!(t.lower.as_bytes().first(), Some(b'0'..=b'9' | b'+')) {
        return None;
    }
    let s = t.lower.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &t.lower[s.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    s.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_num(t: &Token) -> Option<i32> {
    if t.text.len() == 4 && t.text.chars().all(|c| c.is_ascii_digit()) {
        t.text.parse().ok().filter(|y| (1900..=2100).contains(y))
    } else {
        None
    }
}

/// Finds the date expressions of a sentence.
pub fn find_dates(toks: &[Token]) -> Vec<DateExpr> {
    let mut out: Vec<DateExpr> = Vec::new();
    let lw = |i: usize| toks.get(i).map(|t| t.lower.as_str()).unwrap_or("");
    let mut i = 0;
    while i < toks.len() {
        let w = lw(i);
        let prev = if i > 0 { lw(i - 1) } else { "" };
        // "last", "next" ... (`data/grammar/date-directions.txt`): -1, 1, or 0.
        let rel = grammar::date_direction(prev);
        let rel_start = if rel != 0 { i - 1 } else { i };
        let mut push = |start: usize, end: usize, spec: DateSpec| {
            let text = span_text(toks, start, end);
            out.push(DateExpr {
                start,
                end,
                text,
                spec,
            });
            end
        };
        // Month names: capitalised, and "May" only next to a number or a date preposition.
        if let Some(m) = month_of(w).filter(|_| toks[i].is_capitalized()) {
            let mut j = i + 1;
            // The period of an abbreviation ("Aug. 5"), not a sentence's
            // after a full name ("since August.").
            let full = grammar::is_month_name(w);
            if lw(j) == "." && !full {
                j += 1;
            }
            let may_ok = w != "may"
                || day_num_at(toks, j).is_some()
                || year_num_at(toks, j).is_some()
                || matches!(
                    prev,
                    "in" | "last"
                        | "next"
                        | "since"
                        | "early"
                        | "late"
                        | "mid"
                        | "of"
                        | "until"
                        | "this"
                );
            let abbrev_ok = w.len() > 3
                || w == "may"
                || day_num_at(toks, j).is_some()
                || year_num_at(toks, j).is_some();
            if may_ok && abbrev_ok {
                if let Some(d) = day_num_at(toks, j) {
                    let (end, spec) = day_and_month(toks, j + 1, m, d);
                    i = push(i, end, spec);
                    continue;
                }
                let mut k = j;
                if lw(k) == "of" || lw(k) == "," {
                    k += 1;
                }
                if let Some(y) = year_num_at(toks, k) {
                    i = push(i, k + 1, DateSpec::MonthYear(y, m));
                    continue;
                }
                i = push(rel_start, j, DateSpec::Month(m, rel));
                continue;
            }
        }
        // Day first: "25 March 2018", "10 November".
        if let Some(d) = day_num(&toks[i]) {
            let mut j = i + 1;
            if lw(j) == "of" {
                j += 1;
            }
            if let Some(m) =
                month_of(lw(j)).filter(|_| toks.get(j).is_some_and(|t| t.is_capitalized()))
            {
                let (end, spec) = day_and_month(toks, j + 1, m, d);
                i = push(i, end, spec);
                continue;
            }
        }
        // ISO dates inside the text: 2018-03-25 tokenizes as 2018 - 03 - 25.
        if let (Some(y), "-") = (year_num(&toks[i]), lw(i + 1)) {
            if let (Some(m), "-", Some(d)) = (
                lw(i + 2).parse::<u32>().ok(),
                lw(i + 3),
                toks.get(i + 4).and_then(day_num),
            ) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    i = push(i, i + 5, DateSpec::Full(date));
                    continue;
                }
            }
        }
        if let Some(y) = year_num(&toks[i]) {
            let next_is_noun = toks
                .get(i + 1)
                .is_some_and(|t| t.kind == crate::document::TokenKind::Word);
            if YEAR_PREPS.contains(&prev) && (prev != "the" || next_is_noun)
                || (i == 0 && lw(1) == ",")
            {
                i = push(i, i + 1, DateSpec::Year(y));
                continue;
            }
        }
        if let Some(wd) = weekday_of(w).filter(|_| toks[i].is_capitalized()) {
            i = push(rel_start, i + 1, DateSpec::Weekday(wd, rel));
            continue;
        }
        match w {
            "yesterday" => {
                i = push(i, i + 1, DateSpec::Days(-1));
                continue;
            }
            "today" | "tonight" => {
                i = push(i, i + 1, DateSpec::Days(0));
                continue;
            }
            "tomorrow" => {
                i = push(i, i + 1, DateSpec::Days(1));
                continue;
            }
            "recently" => {
                i = push(i, i + 1, DateSpec::Recent);
                continue;
            }
            // "later that month", "the same month": the month told before.
            "month" if prev == "that" || prev == "same" && matches!(lw(i - 2), "the" | "that") => {
                let mut start = if prev == "that" { i - 1 } else { i - 2 };
                if start >= 1 && matches!(lw(start - 1), "later" | "earlier") {
                    start -= 1;
                }
                i = push(start, i + 1, DateSpec::ThatMonth);
                continue;
            }
            // "the following month": the month after the one told before.
            "month"
                if matches!(prev, "following" | "next" | "previous")
                    && i >= 2
                    && lw(i - 2) == "the" =>
            {
                let n = if prev == "previous" { -1 } else { 1 };
                i = push(i - 2, i + 1, DateSpec::MonthsAfter(n));
                continue;
            }
            // "the following year", "the next year": the year after the one
            // told before (a bare "next year" counts from publication).
            "year" if matches!(prev, "following" | "next") && i >= 2 && lw(i - 2) == "the" => {
                i = push(i - 2, i + 1, DateSpec::YearsAfter(1));
                continue;
            }
            // "last summer" (not "last winter", which straddles two years).
            "spring" | "summer" | "autumn" | "fall" if prev == "last" => {
                let end = match w {
                    "spring" => 5,
                    "summer" => 8,
                    _ => 11,
                };
                i = push(i - 1, i + 1, DateSpec::LastSeason(end));
                continue;
            }
            "week" | "month" | "year" | "weekend" => {
                let unit = w;
                // "last week", "this month", "next year", "earlier this month", "earlier in the month"
                let (start, n) = match prev {
                    _ if rel != 0 => (i - 1, rel),
                    "this" | "the"
                        if i >= 2
                            && matches!(
                                lw(i - 2),
                                "earlier" | "later" | "in" | "early" | "late"
                            ) =>
                    {
                        let s = if lw(i - 2) == "in"
                            && i >= 3
                            && matches!(lw(i - 3), "earlier" | "later" | "early" | "late")
                        {
                            i - 3
                        } else {
                            i - 2
                        };
                        if prev == "the" && lw(i - 2) != "in" {
                            i += 1;
                            continue;
                        }
                        (s, 0)
                    }
                    "this" => (i - 1, 0),
                    _ => {
                        i += 1;
                        continue;
                    }
                };
                let spec = match unit {
                    "week" | "weekend" => DateSpec::Weeks(n as i64),
                    "month" => DateSpec::Months(n),
                    _ => DateSpec::Years(n),
                };
                i = push(start, i + 1, spec);
                continue;
            }
            // "the next day", "the following day", "the previous day", "that
            // same day": counted from the date told before.
            // "later in the day", "earlier in the day": the day told before.
            "day"
                if i >= 3
                    && prev == "the"
                    && lw(i - 2) == "in"
                    && matches!(lw(i - 3), "later" | "earlier") =>
            {
                i = push(i - 3, i + 1, DateSpec::Narrative(0));
                continue;
            }
            // "that evening", "the same night", "the next morning".
            "morning" | "afternoon" | "evening" | "night"
                if i >= 1
                    && (prev == "that"
                        || matches!(prev, "same" | "next" | "following" | "previous")
                            && i >= 2
                            && matches!(lw(i - 2), "the" | "that")) =>
            {
                let start = if prev == "that" { i - 1 } else { i - 2 };
                let n = match prev {
                    "next" | "following" => 1,
                    "previous" => -1,
                    _ => 0,
                };
                i = push(start, i + 1, DateSpec::Narrative(n));
                continue;
            }
            "day" if i >= 1 => {
                let n = match (prev, i.checked_sub(2).map_or("", lw)) {
                    ("next" | "following", "the") => Some(1),
                    ("previous", "the") => Some(-1),
                    ("same", "the" | "that") => Some(0),
                    ("that", _) if lw(i + 1) != "of" => Some(0),
                    _ => None,
                };
                if let Some(n) = n {
                    let start = if matches!(prev, "that") { i - 1 } else { i - 2 };
                    i = push(start, i + 1, DateSpec::Narrative(n));
                    continue;
                }
            }
            // "hours later", "within hours".
            "hours" if matches!(lw(i + 1), "later") || prev == "within" => {
                let (start, end) = if prev == "within" {
                    (i - 1, i + 1)
                } else {
                    (i, i + 2)
                };
                i = push(start, end, DateSpec::Narrative(0));
                continue;
            }
            "later" if i >= 2 => {
                // "two days later", "a week later"
                if let Some(n) = number_word(lw(i - 2)) {
                    let days = match lw(i - 1).trim_end_matches('s') {
                        "day" => Some(n),
                        "week" => Some(7 * n),
                        _ => None,
                    };
                    if let Some(d) = days {
                        i = push(i - 2, i + 1, DateSpec::Narrative(d));
                        continue;
                    }
                    if let Some(spec) = months_or_years_on(lw(i - 1), n) {
                        i = push(i - 2, i + 1, spec);
                        continue;
                    }
                }
            }
            "ago" | "earlier" if i >= 2 => {
                // "two years ago", "three days earlier"
                let unit = lw(i - 1);
                if let Some(n) = number_word(lw(i - 2)) {
                    let spec = match unit.trim_end_matches('s') {
                        "day" => Some(DateSpec::Days(-n)),
                        "week" => Some(DateSpec::Weeks(-n)),
                        "month" => Some(DateSpec::Months(-n as i32)),
                        "year" => Some(DateSpec::Years(-n as i32)),
                        "decade" => Some(DateSpec::Years(-10 * n as i32)),
                        _ => None,
                    };
                    if let Some(spec) = spec.filter(|_| w == "ago") {
                        i = push(i - 2, i + 1, spec);
                        continue;
                    }
                    // "three days earlier": before the date told before.
                    if matches!(unit.trim_end_matches('s'), "day") {
                        i = push(i - 2, i + 1, DateSpec::Narrative(-n));
                        continue;
                    }
                    if let Some(spec) = months_or_years_on(unit, -n) {
                        i = push(i - 2, i + 1, spec);
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    // "August *last year*", "in March *this year*": one date, the month of
    // that year.
    let mut k = 0;
    while k + 1 < out.len() {
        if let (DateSpec::Month(m, 0), DateSpec::Years(n)) = (&out[k].spec, &out[k + 1].spec) {
            let gap = out[k + 1].start - out[k].end;
            if (gap == 0 || gap == 1 && lw(out[k].end) == "of")
                && out[k + 1].end - out[k + 1].start == 2
                && lw(out[k + 1].end - 1) == "year"
            {
                let (m, n, end) = (*m, *n, out[k + 1].end);
                out[k].end = end;
                out[k].text = span_text(toks, out[k].start, end);
                out[k].spec = DateSpec::MonthOfYears(m, n);
                out.remove(k + 1);
            }
        }
        k += 1;
    }
    // "February *of that year*", "*that year*": the year the story told last.
    let that_year = |k: usize| lw(k) == "that" && lw(k + 1) == "year";
    for d in out.iter_mut() {
        if let DateSpec::Month(m, 0) = d.spec {
            if lw(d.end) == "of" && that_year(d.end + 1) {
                d.end += 3;
                d.text = span_text(toks, d.start, d.end);
                d.spec = DateSpec::ThatYear(Some(m));
            }
        }
    }
    // (A Vec with nothing in it allocates nothing: most sentences say no
    // "that year".)
    let bare: Vec<usize> = (0..toks.len().saturating_sub(1))
        .filter(|&k| that_year(k) && !out.iter().any(|d| (d.start..d.end).contains(&k)))
        .collect();
    if !bare.is_empty() {
        for k in bare {
            out.push(DateExpr {
                start: k,
                end: k + 2,
                text: span_text(toks, k, k + 2),
                spec: DateSpec::ThatYear(None),
            });
        }
        out.sort_by_key(|d| d.start);
    }
    // Ranges: "between 2014 and 2016", "from March 3 to 5" keep their start only.
    let mut kept: Vec<DateExpr> = Vec::new();
    for d in out {
        if let Some(prev) = kept.last() {
            let gap: Vec<&str> = (prev.end..d.start).map(lw).collect();
            if matches!(
                gap.as_slice(),
                ["and"] | ["to"] | ["-"] | ["–"] | ["until"] | ["through"] | ["till"]
            ) {
                continue;
            }
        }
        kept.push(d);
    }
    if kept.is_empty() {
        kept.extend(then_at(toks).map(|k| DateExpr {
            start: k,
            end: k + 1,
            text: toks[k].text.clone(),
            spec: DateSpec::Then,
        }));
    }
    if kept.is_empty() {
        kept.extend(at_the_time(toks).map(|(start, end)| DateExpr {
            start,
            end,
            text: span_text(toks, start, end),
            spec: DateSpec::Then,
        }));
    }
    kept
}

/// "Addis Ababa accused Khartoum *at the time*", "*at that time*": the time
/// the story told before, as a narrative "then" (not "at the time of
/// writing", which is the article's).
fn at_the_time(toks: &[Token]) -> Option<(usize, usize)> {
    let lw = |i: usize| toks.get(i).map_or("", |t| t.lower.as_str());
    let k = (0..toks.len())
        .find(|&k| lw(k) == "at" && matches!(lw(k + 1), "the" | "that") && lw(k + 2) == "time")?;
    (!(lw(k + 3) == "of" && matches!(lw(k + 4), "writing" | "publication"))).then_some((k, k + 3))
}

/// The narrative "then" of a sentence that tells no date of its own ("He
/// *then* travelled on to Tbilisi", "and then met Kerry"): not the adjective
/// ("the *then* president"), a span ("since then", "until then"), a
/// condition's consequent ("if ..., then"), or a step still to come ("could
/// then reconsider").
fn then_at(toks: &[Token]) -> Option<usize> {
    let lw = |i: usize| toks[i].lower.as_str();
    let k = toks.iter().position(|t| t.lower == "then")?;
    let before = if k > 0 { lw(k - 1) } else { "" };
    let spans = matches!(
        before,
        "the"
            | "its"
            | "his"
            | "her"
            | "their"
            | "'s"
            | "since"
            | "until"
            | "till"
            | "by"
            | "from"
            | "before"
            | "than"
            | "now"
    );
    let modal = grammar::FUTURE_AUX.contains(&before)
        || matches!(
            before,
            "could" | "can" | "may" | "might" | "should" | "must"
        );
    let conditional = (0..k).any(|j| matches!(lw(j), "if" | "unless" | "once"));
    (!spans && !modal && !conditional).then_some(k)
}

/// A day and month, then an optional year at `after` ("March 25, 2018", "25 March 2018"):
/// where the expression ends and what it says.
/// "Three *months* later", "a *year* earlier": `n` months or years from
/// the month or year the story told before, a count in that unit (a day
/// would claim more than the text says).
fn months_or_years_on(unit: &str, n: i64) -> Option<DateSpec> {
    let n = i32::try_from(n).ok()?;
    match unit.trim_end_matches('s') {
        "month" => Some(DateSpec::MonthsAfter(n)),
        "year" => Some(DateSpec::YearsAfter(n)),
        _ => None,
    }
}

fn day_and_month(toks: &[Token], after: usize, m: u32, d: u32) -> (usize, DateSpec) {
    let k = if toks.get(after).is_some_and(|t| t.text == ",") {
        after + 1
    } else {
        after
    };
    match year_num_at(toks, k).and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
        Some(date) => (k + 1, DateSpec::Full(date)),
        None => (after, DateSpec::MonthDay(m, d)),
    }
}

fn day_num_at(toks: &[Token], j: usize) -> Option<u32> {
    toks.get(j)
        .filter(|t| t.kind == crate::document::TokenKind::Number)
        .and_then(day_num)
}

fn year_num_at(toks: &[Token], j: usize) -> Option<i32> {
    toks.get(j).and_then(year_num)
}

fn span_text(toks: &[Token], start: usize, end: usize) -> String {
    toks[start..end]
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether "that" at `k` opens a clause rather than determining a noun ("that time").
fn that_opens_clause(toks: &[Token], k: usize) -> bool {
    match toks.get(k + 1) {
        None => true,
        Some(n) => {
            n.is_capitalized()
                || n.kind != crate::document::TokenKind::Word
                || matches!(
                    n.lower.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "he"
                        | "she"
                        | "it"
                        | "they"
                        | "we"
                        | "i"
                        | "you"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "this"
                        | "these"
                        | "those"
                        | "there"
                        | "our"
                        | "my"
                        | "no"
                        | "all"
                        | "both"
                        | "some"
                )
        }
    }
}

/// Whether the participle at `k` is a passive verb's ("the treaty *was
/// signed* by the two leaders in 2009"): its "by" names the agent inside the
/// clause, unlike a reduced relative clause after a noun ("the hospitality
/// *shown* by Canadians on September 11"), which is a clause of its own.
fn passive_participle(toks: &[Token], k: usize) -> bool {
    toks[..k]
        .iter()
        .rev()
        .find(|t| !grammar::PASSIVE_FILLERS.contains(&t.lower.as_str()))
        .is_some_and(|t| grammar::BE_FORMS.contains(&t.lower.as_str()))
}

/// Whether token `hi` lies in the agent phrase that the "by" at `k` opens:
/// an act named there ("was followed *by Moscow's expulsion*") is an act of
/// its own, not dated by the passive's clause.
fn in_agent(toks: &[Token], k: usize, hi: usize) -> bool {
    toks[k + 1..hi].iter().all(|t| {
        (t.kind != crate::document::TokenKind::Punct || t.lower == "'s")
            && !grammar::EVENT_PREPOSITIONS.contains(&t.lower.as_str())
    })
}

/// Whether a clause boundary lies strictly between token `a` and token `b`.
pub fn clause_break_between(toks: &[Token], a: usize, b: usize) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    for (k, tok) in toks.iter().enumerate().take(hi).skip(lo + 1) {
        let w = tok.lower.as_str();
        if matches!(w, ";" | ":") || matches!(w, "(" | ")") && !abbreviation_bracket(toks, k) {
            return true;
        }
        // A reduced relative clause: "the hospitality shown by Canadians on September 11".
        if w == "by"
            && k > 0
            && k > lo + 1
            && (toks[k - 1].lower.ends_with("ed")
                || toks[k - 1].lower.ends_with("wn")
                || toks[k - 1].lower.ends_with("en"))
            && (!passive_participle(toks, k - 1) || in_agent(toks, k, hi))
        {
            return true;
        }
        // ", and was condemned ...": a new coordinated clause.
        if w == ","
            && toks
                .get(k + 1)
                .is_some_and(|n| matches!(n.lower.as_str(), "and" | "but" | "or"))
        {
            return true;
        }
        if CLAUSE_OPENERS.contains(&w) {
            // "after 2014 when Russia annexed Crimea", "began on August 19, when
            // Maduro closed the border": a when-clause right after a date belongs to it.
            if w == "when" && (k == lo + 1 || k == lo + 2 && toks[lo + 1].text == ",") {
                continue;
            }
            if w == "that" && !that_opens_clause(toks, k) {
                continue;
            }
            return true;
        }
    }
    false
}

/// The date expression that governs a trigger at token `t`: the nearest one in the
/// same clause; a sentence-opening date ("In 2016, ...") governs the main clause.
pub fn governing<'a>(dates: &'a [DateExpr], toks: &[Token], t: usize) -> Option<&'a DateExpr> {
    dates
        .iter()
        .filter(|d| {
            let anchor = if d.end <= t {
                d.end - 1
            } else if d.start > t + 1 && DATE_PREPS.contains(&toks[d.start - 1].lower.as_str()) {
                d.start - 1
            } else {
                d.start
            };
            // A possessive date ("*Wednesday's* ruling") dates the noun it
            // owns, not the clause around it.
            let possessive = toks.get(d.end).is_some_and(|x| x.lower == "'s");
            !clause_break_between(toks, anchor, t)
                && !since_not(toks, t, d)
                && !aside(toks, t, d)
                && (!possessive || t <= d.end + 2 && t > d.end)
                && (d.start <= t || !is_deadline(toks, d.start) && !attributed(toks, t, d.start))
        })
        .min_by_key(|d| if d.end <= t { t - d.end } else { d.start - t })
}

/// Whether `d` lies in a relative clause set off by commas that `t` is
/// outside of: "Russia, *which brokered the ceasefire last November*, called
/// on both sides" dates the brokering, not the call. (Read on the words: the
/// parser often makes the clause the main one.)
fn aside(toks: &[Token], t: usize, d: &DateExpr) -> bool {
    let comma = |k: usize| toks[k].text == ",";
    let mark = |k: usize| {
        matches!(
            toks[k].text.as_str(),
            "," | ";" | ":" | "(" | ")" | "—" | "–"
        )
    };
    let Some(open) = (0..d.start).rev().find(|&k| mark(k)) else {
        return false;
    };
    let relative = comma(open)
        && toks
            .get(open + 1)
            .is_some_and(|x| matches!(x.lower.as_str(), "which" | "who" | "whose" | "whom"));
    if !relative {
        return false;
    }
    let close = (d.end..toks.len()).find(|&k| mark(k)).filter(|&k| comma(k));
    close.is_some_and(|c| t > c) || t < open
}

/// Whether `d` is the start of a span in which the act at `t` did not
/// happen: "has not met Kim *since June 2019*" tells of no meeting then, and
/// "the first visit *since August*" of none between.
fn since_not(toks: &[Token], t: usize, d: &DateExpr) -> bool {
    let since = |k: usize| toks.get(k).is_some_and(|x| x.lower == "since");
    d.start > t
        && (since(d.start) || since(d.start - 1))
        && toks[t.saturating_sub(4)..d.start]
            .iter()
            .any(|x| grammar::negates(&x.lower) || x.lower == "first")
}

/// Whether a date after the trigger at `t` dates a trailing attribution
/// instead: "Iran has delivered missiles to Russia, Blinken *said on
/// Tuesday*" dates the saying, not the delivery.
fn attributed(toks: &[Token], t: usize, start: usize) -> bool {
    (t + 1..start).any(|k| {
        grammar::REPORTING.contains(&toks[k].lower.as_str())
            && toks[t + 1..k].iter().any(|x| x.text == ",")
    })
}

/// Whether the date at `start` is a deadline ("by the end of February",
/// "until March"): it bounds a later act, not the act before it ("agreed on
/// Wednesday to begin talks by the end of February").
fn is_deadline(toks: &[Token], start: usize) -> bool {
    let mut k = start;
    // "the end of", "the middle of", "early", "late", "mid -"
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "the"
                | "end"
                | "middle"
                | "start"
                | "beginning"
                | "of"
                | "early"
                | "late"
                | "mid"
                | "-"
        )
        && start - k < 4
    {
        k -= 1;
    }
    k > 0 && matches!(toks[k - 1].lower.as_str(), "by" | "until" | "till")
}

/// The phrase that puts the event at `h` in sequence with another ("two
/// weeks *after Tokyo expelled* eight diplomats", "joined NATO in 2023
/// *following Russia's invasion*"): its root, when `h` lies in one. A date
/// outside that phrase is the other event's, not this one's.
fn sequenced_phrase(tree: &DepTree, toks: &[Token], h: usize) -> Option<usize> {
    let mut x = h;
    for _ in 0..6 {
        let up = tree.head[x]?;
        let marked = tree.children(x).any(|k| {
            matches!(tree.base_rel(k), "case" | "mark")
                && matches!(toks[k].lower.as_str(), "after" | "before" | "following")
        });
        if marked && matches!(tree.base_rel(x), "obl" | "advcl" | "nmod") {
            return Some(x);
        }
        // "following" read as a participle: "joined NATO following *the invasion*".
        if toks[up].lower == "following" && tree.base_rel(x) == "obj" {
            return Some(up);
        }
        x = up;
    }
    None
}

/// Whether the date `d` belongs to a clause the event at `h` is not in: a
/// relative clause, or a phrase that sequences another event.
/// A phrase's date is kept from the clause around it only where the phrase
/// tells a distance ("on Wednesday, *two weeks after* Tokyo expelled ...
/// in March"): an act done after another in a month is most often done in
/// that month too. ("After *2014*", a date that is itself what the phrase
/// sequences by, dates what follows it.)
fn elsewhere(tree: &DepTree, toks: &[Token], d: &DateExpr, h: usize) -> bool {
    in_other_relative(tree, d.start, h)
        || sequenced_phrase(tree, toks, d.start).is_some_and(|a| {
            !(d.start..d.end).contains(&a) && !tree.dominates(a, h) && apart(tree, toks, a)
        })
}

/// Whether the sequenced phrase at `a` puts a distance between the two
/// events: "*two weeks* after", "*days* before", "*long* after".
fn apart(tree: &DepTree, toks: &[Token], a: usize) -> bool {
    let marker = if toks[a].lower == "following" {
        Some(a)
    } else {
        tree.children(a).find(|&k| {
            matches!(tree.base_rel(k), "case" | "mark")
                && matches!(toks[k].lower.as_str(), "after" | "before" | "following")
        })
    };
    marker.is_some_and(|m| {
        toks[m.saturating_sub(2)..m].iter().any(|t| {
            t.lower == "long"
                || matches!(
                    t.lower.trim_end_matches('s'),
                    "day" | "week" | "month" | "year" | "decade"
                )
        })
    })
}

/// Whether a date names a day, not a month or a year.
fn day_level(d: &DateExpr) -> bool {
    matches!(
        d.spec,
        DateSpec::Full(_)
            | DateSpec::MonthDay(..)
            | DateSpec::Weekday(..)
            | DateSpec::Days(_)
            | DateSpec::Narrative(_)
    )
}

/// Whether token `d` lies in a relative clause (`acl:relcl`) that does not
/// hold the event's head `h`.
fn in_other_relative(tree: &DepTree, d: usize, h: usize) -> bool {
    let mut x = d;
    for _ in 0..tree.len() {
        if tree.deprel[x] == "acl:relcl" && !tree.dominates(x, h) {
            return true;
        }
        match tree.head[x] {
            Some(up) => x = up,
            None => return false,
        }
    }
    false
}

/// How long after a past date the story told a day named without a year
/// still belongs to that story's year.
const CONTINUED_DAYS: i64 = 92;
/// And how many sentences on: further on, the story may be back in the
/// publication's year ("*In June 2023* ... [ten sentences] ... a plane
/// entered Japanese airspace *on August 26*" in a 2024 article).
const CONTINUED_SENTENCES: usize = 3;

/// The dates an article has told so far, read in order: what "the next day"
/// counts from. (A sentence with no date of its own takes the one told
/// before it only where `carry_told_dates` says.)
struct Told {
    /// Each sentence's narrative expressions, by start token, as resolved.
    narrative: Vec<Vec<(usize, Option<EventDate>)>>,
}

impl Told {
    fn new(per_sentence: &[Vec<DateExpr>], p: NaiveDate) -> Told {
        let mut narrative = Vec::with_capacity(per_sentence.len());
        let mut last: Option<EventDate> = None;
        // The last day told, and in which sentence: "erupted *on September
        // 18*, when ... a leader shot dead in June. Canada expelled a diplomat
        // *the same day*" counts from the day, not the month in between.
        let mut last_day: Option<(usize, EventDate)> = None;
        // The sentence `last` was told in.
        let mut last_at = 0;
        for (si, exprs) in per_sentence.iter().enumerate() {
            let mut own = Vec::new();
            for e in exprs {
                let date = match e.spec {
                    DateSpec::ThatYear(m) => {
                        let d = last.as_ref().and_then(|d| d.first_day()).map(|d| match m {
                            Some(m) => EventDate::month(d.year(), m),
                            None => EventDate::year(d.year()),
                        });
                        own.push((e.start, d.clone()));
                        d
                    }
                    DateSpec::ThatMonth => {
                        let d = last
                            .as_ref()
                            .filter(|d| matches!(d.precision, Precision::Day | Precision::Month))
                            .and_then(|d| d.first_day())
                            .map(|d| EventDate::month(d.year(), d.month()));
                        own.push((e.start, d.clone()));
                        d
                    }
                    DateSpec::MonthsAfter(n) => {
                        let d = last
                            .as_ref()
                            .filter(|d| matches!(d.precision, Precision::Day | Precision::Month))
                            .and_then(|d| d.first_day())
                            .and_then(|d| {
                                let total = (d.year() * 12 + d.month0() as i32).checked_add(n)?;
                                Some(EventDate::month(
                                    total.div_euclid(12),
                                    total.rem_euclid(12) as u32 + 1,
                                ))
                            });
                        own.push((e.start, d.clone()));
                        d
                    }
                    DateSpec::YearsAfter(n) => {
                        let d = last
                            .as_ref()
                            .and_then(|d| d.first_day())
                            .and_then(|d| Some(EventDate::year(d.year().checked_add(n)?)));
                        own.push((e.start, d.clone()));
                        d
                    }
                    DateSpec::Narrative(n) => {
                        let recent_day = last_day
                            .as_ref()
                            .filter(|(at, _)| at + 2 >= si)
                            .map(|(_, d)| d);
                        let d = last
                            .as_ref()
                            .filter(|d| d.precision == Precision::Day)
                            .or(recent_day)
                            .and_then(|d| d.first_day())
                            .and_then(|d| d.checked_add_signed(Duration::try_days(n)?))
                            .map(EventDate::day);
                        own.push((e.start, d.clone()));
                        d
                    }
                    DateSpec::Then => {
                        let d = last.clone().filter(|_| last_at + 2 >= si);
                        own.push((e.start, d.clone()));
                        d
                    }
                    // "When AUKUS was announced on September 15, 2021 ...
                    // Biden phoned Macron *on September 22*": a day with no
                    // year, weeks after a past date the story told, goes on
                    // that story, not the publication's year.
                    DateSpec::MonthDay(m, day) => {
                        // (From a day or a month, or a year told in the same
                        // sentence, "the 1982 war, in which Argentina invaded
                        // on April 2": a year's or a season's first day is no
                        // point the story was at, "last autumn ... on March
                        // 11".)
                        let continued = last
                            .as_ref()
                            .filter(|_| last_at + CONTINUED_SENTENCES >= si)
                            .filter(|l| {
                                matches!(l.precision, Precision::Day | Precision::Month)
                                    || last_at == si
                            })
                            .and_then(|l| l.first_day())
                            .filter(|l| l.year() < p.year())
                            .and_then(|l| {
                                let d = NaiveDate::from_ymd_opt(l.year(), m, day)?;
                                (d >= l && (d - l).num_days() <= CONTINUED_DAYS).then_some(d)
                            })
                            .map(EventDate::day);
                        if continued.is_some() {
                            own.push((e.start, continued.clone()));
                        }
                        continued.or_else(|| e.resolve(p, false))
                    }
                    _ => e.resolve(p, false),
                };
                // Only a past date is a point the story counts from.
                if let Some(d) = date.filter(|d| d.first_day().is_some_and(|f| f <= p)) {
                    if d.precision == Precision::Day {
                        last_day = Some((si, d.clone()));
                    }
                    last = Some(d);
                    last_at = si;
                }
            }
            narrative.push(own);
        }
        Told { narrative }
    }

    fn narrative(&self, si: usize, start: usize) -> Option<EventDate> {
        self.narrative[si]
            .iter()
            .find(|(s, _)| *s == start)
            .and_then(|(_, d)| d.clone())
    }
}

/// The reporting verb whose told content the event at `h` is, when that
/// content is of the telling: a plan ("said *it would expel*", "announced
/// that they *will restore* ties"), a stance ("said in August that
/// Pyongyang *had no interest*", "says it *opposes*") or an act in progress
/// as it is told ("announced on March 21 that it *was withdrawing*"). Not an
/// act told as done before ("said Russia *had expelled*", "said Russia
/// *expelled*").
fn told_content(tree: &DepTree, toks: &[Token], h: usize) -> Option<usize> {
    let h = tree.content_clause(h);
    if tree.base_rel(h) != "ccomp" {
        return None;
    }
    let aux = |k: usize, words: &dyn Fn(&str) -> bool| {
        tree.base_rel(k) == "aux" && words(toks[k].lower.as_str())
    };
    let planned = tree
        .children(h)
        .any(|k| aux(k, &|w| grammar::FUTURE_AUX.contains(&w)));
    let perfect = tree.children(h).any(|k| aux(k, &perfect_aux));
    let stance = !perfect
        && (!grammar::is_past_form(&toks[h].lower)
            || matches!(toks[h].lower.as_str(), "was" | "were" | "had"));
    let said = tree.head[h]?;
    ((planned || stance) && grammar::REPORTING.contains(&toks[said].lower.as_str())).then_some(said)
}

/// The year of the noun a relative clause hangs on, which dates the
/// clause's act when it has no date of its own: "a *1965* treaty under which
/// the two countries restored ties", "the *2018* agreement, which Seoul
/// signed".
fn antecedent_year(tree: &DepTree, toks: &[Token], h: usize) -> Option<DateExpr> {
    let mut c = tree.clause_of(h);
    // ("... under which they restored ties *and Japan provided* loans".)
    while tree.deprel[c] == "conj" {
        c = tree.head[c]?;
    }
    let noun = tree.head[c].filter(|_| tree.deprel[c] == "acl:relcl")?;
    let k = tree
        .children(noun)
        .find(|&k| k < noun && year_num(&toks[k]).is_some())?;
    Some(DateExpr {
        start: k,
        end: k + 1,
        text: toks[k].text.clone(),
        spec: DateSpec::Year(year_num(&toks[k])?),
    })
}

/// Runs the dates stage: sets each event's date from its sentence, or from
/// the time the story set before it.
pub fn run(doc: &mut Document) {
    let published = doc.published;
    let per_sentence: Vec<Vec<DateExpr>> = doc
        .sentences
        .iter()
        .map(|s| find_dates(&s.tokens))
        .collect();
    // (Only an article that counts from a date it told needs them.)
    let told = published
        .filter(|_| {
            per_sentence
                .iter()
                .flatten()
                .any(|e| e.spec.is_narrative() || matches!(e.spec, DateSpec::MonthDay(..)))
        })
        .map(|p| {
            // (A year naming a thing sets no time for the story after it.)
            let times: Vec<Vec<DateExpr>> = doc
                .sentences
                .iter()
                .zip(&per_sentence)
                .map(|(s, ds)| {
                    ds.iter()
                        .filter(|d| !names_a_thing(&s.tokens, d))
                        .cloned()
                        .collect()
                })
                .collect();
            Told::new(&times, p)
        });
    // Per event, for `carry_told_dates`: a simple past that only the
    // publication dated (no date in its sentence), and a plan or expectation.
    let mut undated_past = vec![false; doc.events.len()];
    let mut future_at = vec![false; doc.events.len()];
    for (i, ev) in doc.events.iter_mut().enumerate() {
        let toks = &doc.sentences[ev.sentence].tokens;
        // (A year naming a thing dates that thing only: "*the 1960* treaty",
        // but "Turkey's *1974* invasion".)
        let t0 = ev.trigger_start;
        let dates_it = |d: &&DateExpr| !names_a_thing(toks, d) || (d.end..=d.end + 3).contains(&t0);
        let things: Vec<DateExpr>;
        let dates = if per_sentence[ev.sentence].iter().all(|d| dates_it(&d)) {
            &per_sentence[ev.sentence][..]
        } else {
            things = per_sentence[ev.sentence]
                .iter()
                .filter(dates_it)
                .cloned()
                .collect();
            &things[..]
        };
        // The tree and the event's head in it, read by the three rules below.
        let parsed = doc.sentences[ev.sentence]
            .tree
            .as_ref()
            .filter(|t| t.len() == toks.len())
            .map(|t| (t, ev.trigger_head(t)));
        let future = crate::mode::is_future(toks, ev.trigger_start, parsed);
        future_at[i] = future;
        let scope = parsed.and_then(|(t, h)| sequenced_phrase(t, toks, h).map(|a| (t, a)));
        let own: Vec<DateExpr>;
        let dates = match scope {
            Some((t, a)) => {
                // (Or right after it, where the parser hung a trailing date
                // higher: "after his visit to Taiwan *last month*".)
                let last = (0..toks.len())
                    .rev()
                    .find(|&k| t.dominates(a, k))
                    .unwrap_or(a);
                let inside: Vec<DateExpr> = dates
                    .iter()
                    .filter(|d| d.start == last + 1 || (d.start..d.end).any(|k| t.dominates(a, k)))
                    .cloned()
                    .collect();
                // With no distance told ("punched *after the session ended*
                // last Wednesday"), the two are close: a day outside still
                // dates it, and so does a month or a year when the phrase
                // tells the act as a clause ("recalled their ambassadors in
                // January, *after Indonesia executed* ..."): a story tells
                // the step that led to the one it dates. A noun may name a
                // well-known act of any time before ("joined NATO in 2023
                // following *the invasion*").
                own = if inside.is_empty() && !apart(t, toks, a) {
                    let clause = t.upos[a] == "VERB";
                    dates
                        .iter()
                        .filter(|d| clause || day_level(d))
                        .cloned()
                        .collect()
                } else {
                    inside
                };
                &own[..]
            }
            None => dates,
        };
        // A date inside a relative clause or a sequenced phrase dates that
        // clause's act, not the noun's or the main clause's: "lifted controls
        // on chemicals *it had restricted in 2019*", "was concerned *after
        // ships fired on Sunday*".
        let outside: Vec<DateExpr>;
        let dates = match parsed {
            Some((t, h)) if dates.iter().any(|d| elsewhere(t, toks, d, h)) => {
                outside = dates
                    .iter()
                    .filter(|d| !elsewhere(t, toks, d, h))
                    .cloned()
                    .collect();
                &outside[..]
            }
            _ => dates,
        };
        let narrative = |e: &DateExpr| {
            told.as_ref()
                .and_then(|t| t.narrative(ev.sentence, e.start))
        };
        // A count from the date told before needs that date ("the next day"
        // with none before it says nothing).
        let dated_noun = parsed.and_then(|(t, h)| antecedent_year(t, toks, h));
        // A plan or stance told ("announced on Wednesday that it would
        // reopen the border") is an act of its telling, dated when told: a
        // date outside the told clause is the saying's, a past one.
        let telling = parsed.and_then(|(t, h)| Some((t, h, told_content(t, toks, h)?)));
        let own = governing(dates, toks, ev.trigger_start);
        let sayings = match (own, telling) {
            (Some(e), Some((t, h, _))) => {
                let told = t.content_clause(h);
                !(e.start..e.end).any(|k| t.dominates(told, k))
            }
            (None, Some(_)) => true,
            _ => false,
        };
        let future = future && !sayings;
        // With no date in its own clause, an act told in the past takes the
        // date an earlier clause of its sentence told: "*On November 29*
        // Chinese bombers flew a patrol, and Tokyo conveyed its concern", "said
        // *on Tuesday* that it was concerned and urged Venezuela to ...".
        // (Not for a plan told: "... on October 4, and officials have said
        // they would welcome a *meeting*" is no meeting on October 4.)
        let told_plan = telling.is_some_and(|(t, h, _)| {
            t.children(t.content_clause(h)).any(|k| {
                t.base_rel(k) == "aux" && grammar::FUTURE_AUX.contains(&toks[k].lower.as_str())
            })
        });
        let earlier_clause = (!future && !told_plan && told_as_past(toks, ev, parsed))
            .then(|| earlier_clause_date(dates, toks, ev.trigger_start, published))
            .flatten();
        let expr = own
            .or_else(|| governing(dates, toks, telling?.2))
            .or(dated_noun.as_ref())
            .or(earlier_clause)
            .filter(|e| !e.spec.is_narrative() || narrative(e).is_some());
        match (expr, published) {
            (Some(e), Some(_))
                if e.spec.is_narrative()
                    || matches!(e.spec, DateSpec::MonthDay(..)) && narrative(e).is_some() =>
            {
                ev.date = narrative(e);
                ev.date_text = Some(e.text.clone());
            }
            (Some(e), Some(p)) => {
                ev.date = e.resolve(p, future);
                ev.date_text = Some(e.text.clone());
                // A past act is not dated after its report: "invited Tokayev
                // to visit *next year*" dates the visit, not the invitation.
                // (An absolute date is taken as written.)
                let relative = !matches!(
                    e.spec,
                    DateSpec::Full(_) | DateSpec::MonthYear(..) | DateSpec::Year(_)
                );
                let after = relative
                    && ev
                        .date
                        .as_ref()
                        .and_then(|d| d.first_day())
                        .is_some_and(|d| d > p);
                let past = toks
                    .get(ev.trigger_start)
                    .is_some_and(|t| grammar::is_past_form(&t.lower));
                if after && past && !future {
                    ev.date = Some(EventDate::publication(p));
                    ev.date_text = None;
                }
            }
            (Some(e), None) => {
                // Absolute dates need no anchor.
                ev.date = match e.spec {
                    DateSpec::Full(_) | DateSpec::MonthYear(..) | DateSpec::Year(_) => {
                        e.resolve(NaiveDate::MIN, future)
                    }
                    _ => None,
                };
                ev.date_text = Some(e.text.clone());
            }
            (None, Some(p)) if (1..=9999).contains(&p.year()) => {
                ev.date = Some(EventDate::publication(p));
                undated_past[i] =
                    !future && !doc.sentences[ev.sentence].heading && simple_past(toks, ev, parsed);
            }
            (None, _) => ev.date = None,
        }
    }
    carry_told_dates(doc, &undated_past, &future_at);
}

/// How many sentences back a told date still dates a simple past.
const CARRIED_SENTENCES: usize = 2;

/// A story told in the simple past keeps the time it set: "*On March 26*
/// Germany expelled four Russian diplomats. Poland expelled four more." The
/// second expulsion is on the day told before, within the same paragraph
/// and a sentence or two, from an act dated in its own sentence (a dated
/// act only: a carried date is not carried again). A perfect ("has
/// expelled"), a present or a plan sets no such time, and a year is a
/// backdrop rather than a time the story is at ("established ties in 1991").
fn carry_told_dates(doc: &mut Document, undated_past: &[bool], future: &[bool]) {
    let Some(p) = doc.published else { return };
    for i in 0..doc.events.len() {
        if !undated_past[i] {
            continue;
        }
        let (si, paragraph) = (
            doc.events[i].sentence,
            doc.sentences[doc.events[i].sentence].paragraph,
        );
        let told = doc
            .events
            .iter()
            .enumerate()
            .filter(|&(j, o)| {
                o.sentence < si
                    && o.sentence + CARRIED_SENTENCES >= si
                    && !future[j]
                    && !undated_past[j]
                    && o.date_text.is_some()
                    && doc.sentences[o.sentence].paragraph == paragraph
                    && o.date.as_ref().is_some_and(|d| {
                        matches!(d.precision, Precision::Day | Precision::Month)
                            && d.first_day().is_some_and(|f| f <= p)
                    })
            })
            .max_by_key(|(_, o)| (o.sentence, o.trigger_start))
            .map(|(_, o)| (o.date.clone(), o.date_text.clone()));
        if let Some((date, text)) = told {
            let ev = &mut doc.events[i];
            ev.date = date;
            ev.date_text = text;
        }
    }
}

/// An auxiliary of the perfect ("has expelled", "they've met").
fn perfect_aux(w: &str) -> bool {
    matches!(w, "has" | "have" | "had" | "'s" | "'ve" | "'d")
}

/// Whether `d` is a year (or month and year) used as a noun's modifier,
/// naming a thing rather than dating an act: "put *the 1960* Indus Waters
/// Treaty in abeyance", "suspended *the September 2018* military
/// agreement", "*its 2002* ruling". Not where a preposition of time governs
/// the phrase ("*during the 2022* fighting", "*after the 2027* election").
fn names_a_thing(toks: &[Token], d: &DateExpr) -> bool {
    if !matches!(d.spec, DateSpec::Year(_) | DateSpec::MonthYear(..)) || d.start == 0 {
        return false;
    }
    let det = toks[d.start - 1].lower.as_str();
    let determiner = grammar::DETERMINERS.contains(&det) || det == "'s";
    let noun_after = toks.get(d.end).is_some_and(|t| {
        t.kind == crate::document::TokenKind::Word
            && !matches!(
                t.lower.as_str(),
                "and" | "or" | "to" | "when" | "that" | "which"
            )
    });
    let of_time = d.start >= 2 && {
        let w = toks[d.start - 2].lower.as_str();
        DATE_PREPS.contains(&w)
            || matches!(
                w,
                "during" | "after" | "before" | "since" | "until" | "throughout"
            )
    };
    // ("the 1989 blockade, *when* New Delhi closed the border points")
    let told_then = (d.end..(d.end + 6).min(toks.len()))
        .any(|k| toks[k].text == "," && toks.get(k + 1).is_some_and(|t| t.lower == "when"));
    determiner && noun_after && !of_time && !told_then
}

/// The nearest date told before token `t` in its sentence that can date an
/// act in a later clause ("*The same day*, ... summoned him, and Malaysia
/// recalled its ambassador" too, a count from the date told before): not a
/// span in which the act did not happen, a deadline, a relative clause set off by
/// commas ("Russia, *which brokered the ceasefire last November*, called
/// ..."), a possessive ("*Wednesday's* ruling") or a date after publication.
fn earlier_clause_date<'a>(
    dates: &'a [DateExpr],
    toks: &[Token],
    t: usize,
    published: Option<NaiveDate>,
) -> Option<&'a DateExpr> {
    let not_after = |d: &DateExpr| {
        published.is_none_or(|p| {
            d.resolve(p, false)
                .and_then(|r| r.first_day())
                .is_none_or(|f| f <= p)
        })
    };
    dates
        .iter()
        .filter(|d| {
            d.end <= t
                && !since_not(toks, t, d)
                && !is_deadline(toks, d.start)
                && !aside(toks, t, d)
                && toks.get(d.end).is_none_or(|x| x.lower != "'s")
                && not_after(d)
        })
        .max_by_key(|d| d.end)
}

/// Whether the act at the trigger is told in the past, or as a noun or
/// participle in a sentence told in the past: not a present ("accuses"), a
/// perfect of the present ("has accused"), nor with a modal ("will meet",
/// "could consider"). A past perfect is past ("had first said").
fn told_as_past(toks: &[Token], ev: &Event, parsed: Option<(&DepTree, usize)>) -> bool {
    let present_aux = |w: &str| {
        matches!(
            w,
            "has" | "have" | "'s" | "'ve" | "is" | "are" | "am" | "'re" | "can" | "should" | "must"
        ) || grammar::FUTURE_AUX.contains(&w)
    };
    if aux_in_words(toks, ev, present_aux) {
        return false;
    }
    parsed.is_none_or(|(t, h)| {
        let w = toks[h].lower.as_str();
        let present = t.upos[h] == "VERB"
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !grammar::is_past_form(w);
        !present
            && !t
                .children(h)
                .any(|k| t.base_rel(k) == "aux" && present_aux(&toks[k].lower))
    })
}

/// Whether the act at the trigger is told in the simple past, active or
/// passive ("expelled", "was expelled"), not a perfect, a present or with
/// a modal ("has expelled", "said it would expel").
fn simple_past(toks: &[Token], ev: &Event, parsed: Option<(&DepTree, usize)>) -> bool {
    let auxiliary = |w: &str| perfect_aux(w) || grammar::FUTURE_AUX.contains(&w);
    if aux_in_words(toks, ev, auxiliary) {
        return false;
    }
    match parsed {
        Some((t, h)) => {
            grammar::is_past_form(&toks[h].lower)
                && !t.children(h).any(|k| {
                    t.base_rel(k) == "aux" && !matches!(toks[k].lower.as_str(), "was" | "were")
                })
        }
        None => toks
            .get(ev.trigger_start)
            .is_some_and(|t| grammar::is_past_form(&t.lower)),
    }
}

/// Whether an auxiliary that `is_aux` accepts is in the trigger's words or
/// is the word before them, adverbs skipped. (Read off the words, which the
/// tree may hang elsewhere: "has not, however, recalled", "has long
/// accused", "has since deployed".)
fn aux_in_words(toks: &[Token], ev: &Event, is_aux: impl Fn(&str) -> bool) -> bool {
    let end = ev.trigger_end.max(ev.trigger_start + 1).min(toks.len());
    let between = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "," | "not"
                | "n't"
                | "never"
                | "also"
                | "however"
                | "already"
                | "just"
                | "still"
                | "since"
                | "long"
        ) || t.lower.len() > 3 && t.lower.ends_with("ly")
    };
    // (Inside the words, "'s" after a word is a possessive: "declared
    // *Egypt's* ambassador persona non grata".)
    toks[ev.trigger_start..end]
        .iter()
        .enumerate()
        .any(|(k, t)| is_aux(&t.lower) && !(k > 0 && t.lower == "'s"))
        || toks[..ev.trigger_start]
            .iter()
            .rev()
            .find(|t| !between(t))
            .is_some_and(|t| is_aux(&t.lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each event's date and date text in `text`, published 2018-03-28.
    fn event_dates(text: &str) -> Vec<(String, Option<String>)> {
        event_dates_on(text, "2018-03-28")
    }

    /// Each event's date and date text in `text`, published on `published`.
    fn event_dates_on(text: &str, published: &str) -> Vec<(String, Option<String>)> {
        let mut a = crate::input::Article::text("t", text);
        a.published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        crate::Pipeline::builtin()
            .code(a)
            .events
            .iter()
            .map(|e| (e.date.as_ref().unwrap().value.clone(), e.date_text.clone()))
            .collect()
    }

    #[test]
    fn a_simple_past_keeps_the_time_told_in_its_paragraph() {
        let told = "Germany expelled four Russian diplomats on March 26.";
        let dated = ("2018-03-26".to_string(), Some("March 26".to_string()));
        let undated = ("2018-03-28".to_string(), None);
        let next = |s: &str| event_dates(&format!("{told} {s}"))[1].clone();
        assert_eq!(next("Poland expelled three Russian diplomats."), dated);
        assert_eq!(
            next("Three Russian diplomats were expelled by Poland."),
            dated
        );
        // A perfect, a plan or a present sets no time of the story.
        assert_eq!(
            next("Poland has expelled three Russian diplomats."),
            undated
        );
        assert_eq!(
            next("Poland has not, however, expelled Russian diplomats."),
            undated
        );
        assert_eq!(
            next("Poland said it would expel Russian diplomats."),
            undated
        );
        assert_eq!(next("Poland accuses Russia of spying."), undated);
        // Nor does a new paragraph, a year, or a date three sentences back.
        assert_eq!(
            event_dates(&format!(
                "{told}\n\nPoland expelled three Russian diplomats."
            ))[1],
            undated
        );
        let year = event_dates("Russia annexed Crimea in 2014. Ukraine condemned Russia.");
        assert_eq!(year[1], undated);
        let far = event_dates(&format!(
            "{told} Russia condemned Germany. Poland expelled three Russian diplomats. Russia \
             condemned Poland."
        ));
        assert_eq!(far[1], dated);
        assert_eq!(far[2], dated);
        assert_eq!(far[3], undated, "a carried date is not carried again");
    }

    #[test]
    fn an_act_told_in_the_past_takes_an_earlier_clauses_date() {
        // Published Wednesday 2018-03-28.
        let dates = |s: &str| -> Vec<Option<String>> {
            event_dates(s).into_iter().map(|(d, _)| Some(d)).collect()
        };
        let monday = Some("2018-03-26".to_string());
        let undated = Some("2018-03-28".to_string());
        let both = dates(
            "On Monday Chinese bombers flew over the Sea of Japan, and Tokyo protested to \
             Beijing.",
        );
        assert_eq!(both.last(), Some(&monday));
        let said = dates("Japan said on Monday that it was concerned and urged China to stop.");
        assert_eq!(said.last(), Some(&monday));
        let same_day = dates(
            "Russia expelled two Japanese diplomats on Monday. The same day, Japan summoned the \
             Russian ambassador, and Tokyo recalled its envoy from Moscow.",
        );
        assert_eq!(same_day.last(), Some(&monday));
        // Not a perfect, a present or a plan, nor from a relative clause, a
        // possessive or a date to come.
        let perfect = dates(
            "Russia expelled two Japanese diplomats on Monday, and Tokyo has accused Moscow of \
             spying.",
        );
        assert_eq!(perfect.last(), Some(&undated));
        let relative =
            dates("Russia, which expelled two Japanese diplomats on Monday, condemned Japan.");
        assert_eq!(relative.last(), Some(&undated));
        let owned = dates("Japan criticised Monday's ruling and condemned Russia.");
        assert_eq!(owned.last(), Some(&undated));
        let plan =
            dates("Putin is expected to visit Japan next month, and Russia condemned Japan.");
        assert_eq!(plan.last(), Some(&undated));
    }

    #[test]
    fn a_year_naming_a_thing_dates_only_that_thing() {
        let undated = ("2018-03-28".to_string(), None);
        assert_eq!(
            event_dates("Japan suspended the 1956 fisheries agreement with Russia.")[0],
            undated
        );
        let year = ("1974".to_string(), Some("1974".to_string()));
        assert_eq!(
            event_dates("Greece condemned the 1974 invasion of Cyprus by Turkey.").last(),
            Some(&year)
        );
        // A time that a clause tells of is a date still.
        let when = event_dates("It was the 1989 blockade, when Nepal closed the border to India.");
        assert_eq!(when[0].0, "1989");
        let during = event_dates("During the 2014 crisis Russia annexed Crimea from Ukraine.");
        assert_eq!(during[0].0, "2014");
    }

    #[test]
    fn a_day_goes_on_a_year_told_earlier_only_in_its_own_sentence() {
        // Published 2018-03-28: "last autumn" is 2017, a year, and the day
        // told two sentences on is this March's.
        let later = event_dates(
            "Russia became a concern last autumn. Few expected the crisis. Japan expelled two \
             Russian diplomats on March 11.",
        );
        assert_eq!(later.last().unwrap().0, "2018-03-11");
        let same = event_dates(
            "Britain has kept troops there since the 1982 war, in which Argentina invaded the \
             islands on April 2.",
        );
        assert_eq!(same.last().unwrap().0, "1982-04-02");
    }

    #[test]
    fn at_the_time_is_the_time_told_before() {
        let told = "Germany expelled four Russian diplomats in March 2016.";
        let dates = event_dates(&format!(
            "{told} Russia accused Germany at the time of spying."
        ));
        assert_eq!(
            dates[1],
            ("2016-03".to_string(), Some("at the time".to_string()))
        );
        let t = crate::segment::tokenize("as it stood at the time of writing", 0, 34);
        assert_eq!(at_the_time(&t), None);
        let dates = event_dates(&format!(
            "{told} Russia expelled German diplomats the next month."
        ));
        assert_eq!(dates[1].0, "2016-04");
    }

    #[test]
    fn a_plan_told_is_dated_when_told() {
        let day = |s: &str| event_dates(s)[0].0.clone();
        // (Published Wednesday 2018-03-28.)
        let told = "Poland announced on Monday that it would expel three Russian diplomats.";
        assert_eq!(day(told), "2018-03-26");
        let told = "On Monday, Poland said it would expel three Russian diplomats.";
        assert_eq!(
            day(told),
            "2018-03-26",
            "a weekday before the saying is past"
        );
        let stance = "Poland said on Monday that it had no interest in talks with Russia.";
        assert_eq!(day(stance), "2018-03-26");
        // A date inside the told clause is the plan's own.
        let own = "Poland said it would expel three Russian diplomats on Monday.";
        assert_eq!(day(own), "2018-04-02");
    }

    #[test]
    fn a_deadline_after_the_trigger_does_not_date_it() {
        let t = crate::segment::tokenize(
            "They agreed on Wednesday to begin talks by the end of February.",
            0,
            62,
        );
        let d = find_dates(&t);
        let agreed = t.iter().position(|x| x.lower == "agreed").unwrap();
        assert_eq!(governing(&d, &t, agreed).unwrap().text, "Wednesday");
        let t = crate::segment::tokenize("They agreed to begin talks by March.", 0, 36);
        let d = find_dates(&t);
        assert!(governing(&d, &t, 1).is_none());
    }

    /// The text of the date that governs the first `word` of `s`.
    fn date_of(s: &str, word: &str) -> Option<String> {
        let t = crate::segment::tokenize(s, 0, s.len());
        let k = t.iter().position(|x| x.lower == word).unwrap();
        governing(&find_dates(&t), &t, k).map(|d| d.text.clone())
    }

    #[test]
    fn a_span_started_by_since_does_not_date_an_act_outside_it() {
        let s = "Xi has not met Kim since June 2019.";
        assert_eq!(date_of(s, "met"), None);
        let s = "Misri travelled to Dhaka for the first visit since August.";
        assert_eq!(date_of(s, "travelled"), None);
        let s = "Talks have continued since August.";
        assert_eq!(date_of(s, "continued").as_deref(), Some("August"));
    }

    #[test]
    fn a_trailing_attributions_date_is_the_sayings() {
        let s = "Iran has delivered missiles to Russia, Blinken said on Tuesday.";
        assert_eq!(date_of(s, "delivered"), None);
        assert_eq!(date_of(s, "said").as_deref(), Some("Tuesday"));
        // Before the attribution the date is the act's.
        let s = "Russia expelled two diplomats on Monday, the ministry said.";
        assert_eq!(date_of(s, "expelled").as_deref(), Some("Monday"));
    }

    /// Issue 15: dates that cannot be written as YYYY stay undated.
    #[test]
    fn dates_outside_years_1_to_9999_are_dropped() {
        assert!(resolve("next year", "9999-06-01", true).is_empty());
        assert!(resolve("in two years", "9999-06-01", true).is_empty());
        assert!(resolve("last year", "0001-06-01", false).is_empty());
        assert_eq!(one("next year", "9998-06-01", true), "9999");
        // Absolute dates need no anchor, in range or not.
        let toks = crate::segment::tokenize("March 25, 2018", 0, 14);
        let abs = find_dates(&toks);
        assert_eq!(
            abs[0].resolve(NaiveDate::MIN, false).unwrap().value,
            "2018-03-25"
        );
        let toks = crate::segment::tokenize("yesterday", 0, 9);
        for d in find_dates(&toks) {
            assert!(d.resolve(NaiveDate::MIN, false).is_none());
            assert!(d.resolve(NaiveDate::MAX, false).is_none());
        }
    }

    /// The text and meaning of each date expression in `text`.
    fn specs(text: &str) -> Vec<(String, DateSpec)> {
        let toks = crate::segment::tokenize(text, 0, text.len());
        find_dates(&toks)
            .into_iter()
            .map(|d| (d.text, d.spec))
            .collect()
    }

    #[test]
    fn a_narrative_then_is_a_date_only_where_the_sentence_tells_none() {
        let spec = |text: &str| specs(text).into_iter().map(|d| d.1).collect::<Vec<_>>();
        assert_eq!(spec("He then flew on to Tbilisi."), [DateSpec::Then]);
        assert_eq!(spec("Seoul and then Tokyo protested."), [DateSpec::Then]);
        for none in [
            "The then president visited Seoul.",
            "Since then, relations have improved.",
            "If Russia attacks, NATO will then respond.",
            "Seoul could then reconsider its policy.",
        ] {
            assert!(spec(none).is_empty(), "{none}");
        }
        // A date of its own comes first.
        assert!(matches!(
            spec("Then, on February 15, Kim spoke.").as_slice(),
            [DateSpec::MonthDay(2, 15)]
        ));
    }

    #[test]
    fn counts_from_the_date_told_before_are_narrative() {
        let cases: [(&str, [(&str, DateSpec); 2]); 8] = [
            (
                "Three months later they met; a year earlier they had quarrelled.",
                [
                    ("Three months later", DateSpec::MonthsAfter(3)),
                    ("a year earlier", DateSpec::YearsAfter(-1)),
                ],
            ),
            (
                "He met Putin the next day and left two days later.",
                [
                    ("the next day", DateSpec::Narrative(1)),
                    ("two days later", DateSpec::Narrative(2)),
                ],
            ),
            (
                "Hours later, troops moved in; three days earlier they had met.",
                [
                    ("Hours later", DateSpec::Narrative(0)),
                    ("three days earlier", DateSpec::Narrative(-3)),
                ],
            ),
            (
                "in February of that year, and that year too",
                [
                    ("February of that year", DateSpec::ThatYear(Some(2))),
                    ("that year", DateSpec::ThatYear(None)),
                ],
            ),
            (
                "Later in the day they met, and that evening they ate.",
                [
                    ("Later in the day", DateSpec::Narrative(0)),
                    ("that evening", DateSpec::Narrative(0)),
                ],
            ),
            (
                "He came the following month; the previous month they met.",
                [
                    ("the following month", DateSpec::MonthsAfter(1)),
                    ("the previous month", DateSpec::MonthsAfter(-1)),
                ],
            ),
            (
                "They replied the next morning; the previous night they met.",
                [
                    ("the next morning", DateSpec::Narrative(1)),
                    ("the previous night", DateSpec::Narrative(-1)),
                ],
            ),
            (
                "He came later that month and left the following year.",
                [
                    ("later that month", DateSpec::ThatMonth),
                    ("the following year", DateSpec::YearsAfter(1)),
                ],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, DateSpec)> =
                want.into_iter().map(|(t, d)| (t.to_string(), d)).collect();
            assert_eq!(specs(text), want, "{text}");
        }
        // A bare "next year" still counts from publication.
        assert_eq!(specs("They meet next year.")[0].1, DateSpec::Years(1));
        // "That day of mourning" is no date; a count alone resolves to nothing.
        assert!(specs("They marked that day of mourning.").is_empty());
        assert!(resolve("the next day", "2023-09-20", false).is_empty());
    }

    fn resolve(text: &str, published: &str, future: bool) -> Vec<(String, Precision)> {
        let toks = crate::segment::tokenize(text, 0, text.len());
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
        find_dates(&toks)
            .iter()
            .filter_map(|d| d.resolve(p, future))
            .map(|d| (d.value, d.precision))
            .collect()
    }

    fn one(text: &str, published: &str, future: bool) -> String {
        resolve(text, published, future)
            .first()
            .map(|d| d.0.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_month_of_last_this_or_next_year_is_one_date() {
        assert_eq!(
            resolve("halted in August last year", "2024-09-25", false),
            vec![("2023-08".into(), Precision::Month)]
        );
        assert_eq!(
            one("met in March this year", "2024-09-25", false),
            "2024-03"
        );
        assert_eq!(
            one("will meet in May of next year", "2024-09-25", true),
            "2025-05"
        );
        // A month alone, then a year on its own, stay two dates.
        assert_eq!(
            resolve("in August, last year", "2024-09-25", false).len(),
            2
        );
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            resolve("on March 25, 2018 and in March 2022", "2020-01-01", false),
            vec![
                ("2018-03-25".into(), Precision::Day),
                ("2022-03".into(), Precision::Month)
            ]
        );
        assert_eq!(one("In 2016, Japan agreed", "2018-03-27", false), "2016");
        assert_eq!(
            one("on 10 November, Japanese time", "2004-11-18", false),
            "2004-11-10"
        );
        assert_eq!(
            one("on September 11, 2001, when", "2004-11-30", false),
            "2001-09-11"
        );
        assert_eq!(one("in February 2025", "2026-01-01", false), "2025-02");
    }

    #[test]
    fn partial_dates_follow_tense() {
        assert_eq!(
            one("is likely to visit Russia on May 26", "2018-03-27", true),
            "2018-05-26"
        );
        assert_eq!(
            one("visited Russia on May 26", "2018-03-27", false),
            "2017-05-26"
        );
        assert_eq!(
            one("Last September, during the forum", "2018-03-27", false),
            "2017-09"
        );
        assert_eq!(
            one("In December, a Turkish official said", "2020-01-10", false),
            "2019-12"
        );
        assert_eq!(
            one("Last April, the department", "2020-01-05", false),
            "2019-04"
        );
    }

    #[test]
    fn last_summer_is_the_last_one_ended() {
        assert_eq!(one("agreed last summer", "2023-06-02", false), "2022");
        assert_eq!(one("agreed last summer", "2023-10-02", false), "2023");
        assert_eq!(one("met last autumn", "2024-06-22", false), "2023");
        assert_eq!(one("met last fall", "2024-12-10", false), "2024");
        assert!(resolve("met last winter", "2024-06-22", false).is_empty());
    }

    #[test]
    fn a_day_named_without_a_year_goes_on_the_story_told_just_before() {
        // Published in 2024; the story told a 2023 month.
        let p = "2024-09-26";
        let story = "Chinese ships entered Japanese waters in June 2023.";
        let next = format!("{story} A Chinese plane entered Japanese airspace on August 26.");
        assert_eq!(
            event_dates_on(&next, p)[1].0,
            "2023-08-26",
            "the story's year"
        );
        let far = format!(
            "{story} Japan protested. Japan protested again. Japan protested once more. A Chinese \
             plane entered Japanese airspace on August 26."
        );
        let dates = event_dates_on(&far, p);
        assert_eq!(
            dates[dates.len() - 1].0,
            "2024-08-26",
            "back in its own year"
        );
    }

    #[test]
    fn weekdays_and_relative_days() {
        assert_eq!(
            one("Germany on Monday banned", "2019-01-23", false),
            "2019-01-21"
        );
        assert_eq!(one("met on Saturday", "2018-03-27", false), "2018-03-24");
        assert_eq!(
            one(
                "On last Thursday, the delegations had met",
                "2020-01-10",
                false
            ),
            "2020-01-02"
        );
        assert_eq!(
            one(
                "after the session ended last Wednesday",
                "2004-12-06",
                false
            ),
            "2004-12-01"
        );
        assert_eq!(
            one("Yesterday, the Parliament voted", "2020-01-06", false),
            "2020-01-05"
        );
        assert_eq!(one("two years ago", "2018-03-27", false), "2016");
        assert_eq!(one("earlier this month", "2019-01-23", false), "2019-01");
        assert_eq!(one("earlier in the month", "2019-01-23", false), "2019-01");
        assert_eq!(
            one("his visit to Taiwan last month", "2004-12-06", false),
            "2004-11"
        );
        assert_eq!(
            one("Last year the US withdrew", "2019-01-23", false),
            "2018"
        );
    }

    #[test]
    fn modal_may_is_not_a_month() {
        assert!(resolve("Congo may be preparing", "2004-12-03", false).is_empty());
        assert_eq!(one("The May 2019 map", "2020-01-10", false), "2019-05");
    }

    #[test]
    fn ranges_keep_their_start() {
        assert_eq!(
            resolve("between 2014 and 2016", "2020-01-01", false),
            vec![("2014".into(), Precision::Year)]
        );
    }

    #[test]
    fn a_plan_told_as_a_noun_or_infinitive_is_dated_when_told() {
        // Published on a Wednesday: "on Monday" dates the saying, two days
        // before, not a Monday to come, wherever the act's word sits.
        let d = event_dates("Denmark said on Monday it would send Canada a letter of protest.");
        assert_eq!(d[0].0, "2018-03-26");
        let d = event_dates(
            "Armenia's foreign minister visited Ankara on Monday and said his country was ready \
             to normalise relations with Turkey.",
        );
        assert!(d.iter().all(|(v, _)| v == "2018-03-26"), "{d:?}");
    }

    #[test]
    fn a_plan_on_the_reports_weekday_is_that_day() {
        // 2018-03-28 is a Wednesday.
        assert_eq!(
            one("will meet on Wednesday", "2018-03-28", true),
            "2018-03-28"
        );
        assert_eq!(
            one("will meet next Wednesday", "2018-03-28", true),
            "2018-04-04"
        );
        assert_eq!(one("will meet on Friday", "2018-03-28", true), "2018-03-30");
    }

    #[test]
    fn months_later_count_from_the_month_told() {
        let d = event_dates(
            "Russia expelled four German diplomats in February 2017. Three months later Germany \
             expelled two Russian diplomats.",
        );
        assert_eq!(d[1].0, "2017-05");
        let d = event_dates(
            "Russia expelled four German diplomats in February 2017. A year earlier Germany had \
             expelled two Russian diplomats.",
        );
        assert_eq!(d[1].0, "2016");
    }

    #[test]
    fn a_possessive_in_the_pattern_is_no_auxiliary() {
        // The act in the later clause takes the date the sentence opened with.
        let d = event_dates(
            "In November 2013 Egypt expelled the Turkish ambassador, and Turkey declared Egypt's \
             ambassador persona non grata.",
        );
        assert!(d.iter().all(|(v, _)| v == "2013-11"), "{d:?}");
    }

    #[test]
    fn an_act_the_dated_one_followed_shares_its_month() {
        let d = event_dates(
            "Brazil recalled its ambassador from Jakarta in January 2015, after Indonesia \
             executed a Brazilian citizen.",
        );
        assert!(!d.is_empty());
        assert!(d.iter().all(|(v, _)| v == "2015-01"), "{d:?}");
        // Not a noun naming an act of any time before.
        let d =
            event_dates("Sweden joined NATO in March 2024 following Russia's invasion of Ukraine.");
        assert!(d.contains(&("2018-03-28".to_string(), None)), "{d:?}");
    }

    #[test]
    fn a_passive_agent_does_not_end_the_clause() {
        // The date after "signed by ..." is the signing's: a passive's "by"
        // is no reduced relative clause.
        let d = event_dates(
            "The agreement was signed by Japan and South Korea in Tokyo in November 2015.",
        );
        assert!(!d.is_empty());
        assert!(d.iter().all(|(v, _)| v == "2015-11"), "{d:?}");
        let s = "Ottawa praised the hospitality shown by Canadians on September 11.";
        assert_eq!(date_of(s, "praised"), None);
        // An act named in the agent is its own ("was followed by Moscow's
        // expulsion"), not dated by the subject's date.
        let s =
            "The expulsion by Japan in April 2022 was followed by Moscow's expulsion of envoys.";
        let toks = crate::segment::tokenize(s, 0, s.len());
        let t = toks.iter().rposition(|t| t.lower == "expulsion").unwrap();
        assert!(governing(&find_dates(&toks), &toks, t).is_none());
    }

    #[test]
    fn clause_boundaries_stop_dates() {
        let s = "Putin will continue to back the cooperation that Abe had proposed two years ago in Russia.";
        assert_eq!(date_of(s, "back"), None);
        let s = "These developments started more after 2014 when Russia annexed Crimea.";
        let toks = crate::segment::tokenize(s, 0, s.len());
        let dates = find_dates(&toks);
        let t = toks.iter().position(|t| t.lower == "annexed").unwrap();
        assert_eq!(governing(&dates, &toks, t).unwrap().text, "2014");
    }
}
