//! Time series of the relations between two actors.
//!
//! Events are placed on their own day (`events.day`: the event date's first
//! day, else the publication date), so a 2018 article about the 2014
//! annexation of Crimea counts in 2014. Per period the series holds the event
//! count per QuadClass, the Goldstein sum and mean, and the net cooperation
//! index `(q1 + q2 - q3 - q4) / total`: +1 when every event is cooperative,
//! -1 when every event is conflictual.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use crate::{Store, StoreError};

/// Modes counted by default: events that happened or are planned. Negated and
/// hypothetical events did not happen.
pub const COUNTED_MODES: &[&str] = &["asserted", "planned"];

/// Most periods a series may span (keeps a stray 1800s date from producing
/// an unusable table); narrow it with since/until.
pub const MAX_PERIODS: usize = 5_000;

/// Period length for series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    Quarter,
    Year,
}

impl Period {
    /// Parses `week`, `month`, `quarter` or `year`.
    pub fn parse(s: &str) -> Option<Period> {
        Some(match s {
            "week" => Period::Week,
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            _ => return None,
        })
    }

    /// The name `--by` takes.
    pub fn name(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// First day of the period containing `d` (weeks start on Monday).
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1).expect("valid first day");
        match self {
            Period::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Period::Month => ymd(d.year(), d.month()),
            Period::Quarter => ymd(d.year(), (d.month() - 1) / 3 * 3 + 1),
            Period::Year => ymd(d.year(), 1),
        }
    }

    /// First day of the next period, given a period start.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        let months = |n: u32| start.checked_add_months(chrono::Months::new(n));
        match self {
            Period::Week => Some(start + Duration::days(7)),
            Period::Month => months(1),
            Period::Quarter => months(3),
            Period::Year => months(12),
        }
        .unwrap_or(NaiveDate::MAX)
    }

    /// Label: `2018-W13`, `2018-03`, `2018-Q1`, `2018`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Period::Week => start.format("%G-W%V").to_string(),
            Period::Month => start.format("%Y-%m").to_string(),
            Period::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
            Period::Year => start.format("%Y").to_string(),
        }
    }
}

/// One period of a series.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Point {
    pub period: String,
    pub start: String,
    /// Events per QuadClass: verbal cooperation, material cooperation,
    /// verbal conflict, material conflict.
    pub q1: u32,
    pub q2: u32,
    pub q3: u32,
    pub q4: u32,
    pub events: u32,
    pub goldstein_sum: f64,
    /// `None` for a period without events.
    pub goldstein_mean: Option<f64>,
    /// Net cooperation index `(q1 + q2 - q3 - q4) / events`.
    pub cooperation: Option<f64>,
}

impl Point {
    fn add(&mut self, quad: u8, goldstein: f64) {
        match quad {
            1 => self.q1 += 1,
            2 => self.q2 += 1,
            3 => self.q3 += 1,
            4 => self.q4 += 1,
            _ => {}
        }
        self.events += 1;
        self.goldstein_sum += goldstein;
    }

    fn finish(&mut self) {
        if self.events > 0 {
            let n = f64::from(self.events);
            self.goldstein_mean = Some(self.goldstein_sum / n);
            self.cooperation =
                Some((f64::from(self.q1 + self.q2) - f64::from(self.q3 + self.q4)) / n);
        }
    }
}

/// What to put in a series.
#[derive(Debug, Clone)]
pub struct SeriesQuery {
    pub a: String,
    pub b: String,
    /// Only events with `a` as source and `b` as target.
    pub directed: bool,
    pub period: Period,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Count every mode, not only [`COUNTED_MODES`].
    pub all_modes: bool,
    /// Only events of this PLOVER event type (`ASSAULT`).
    pub plover: Option<String>,
}

/// Observations (day, quad class, Goldstein) behind a series.
pub fn observations(
    store: &Store,
    q: &SeriesQuery,
) -> Result<Vec<(NaiveDate, u8, f64)>, StoreError> {
    let (pair, mut args) = crate::query::dyad_condition(&q.a, &q.b, q.directed);
    let mut sql = format!(
        "SELECT e.day, e.quad_class, e.goldstein FROM events e WHERE e.day IS NOT NULL AND {pair}"
    );
    if let Some(d) = q.since {
        args.push(Value::Text(d.to_string()));
        sql.push_str(" AND e.day >= ?");
    }
    if let Some(d) = q.until {
        args.push(Value::Text(d.to_string()));
        sql.push_str(" AND e.day <= ?");
    }
    if let Some(p) = &q.plover {
        args.push(Value::Text(p.to_uppercase()));
        sql.push_str(&format!(" AND e.plover_type = ?{}", args.len()));
    }
    if !q.all_modes {
        let marks = vec!["?"; COUNTED_MODES.len()].join(", ");
        args.extend(COUNTED_MODES.iter().map(|m| Value::Text((*m).to_string())));
        sql.push_str(&format!(" AND e.mode IN ({marks})"));
    }
    let mut stmt = store.conn.prepare(&sql).map_err(|e| store.err(&e))?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, f64>(2)?,
            ))
        })
        .map_err(|e| store.err(&e))?;
    let mut out = Vec::new();
    for row in rows {
        let (day, quad, g) = row.map_err(|e| store.err(&e))?;
        if let Ok(d) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
            out.push((d, quad, g));
        }
    }
    Ok(out)
}

/// Aggregates observations into consecutive periods, empty ones included,
/// from `since` (else the first event) to `until` (else the last event).
pub fn aggregate(
    obs: &[(NaiveDate, u8, f64)],
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<Vec<Point>, StoreError> {
    let mut by: BTreeMap<NaiveDate, Point> = BTreeMap::new();
    for &(d, quad, g) in obs {
        by.entry(period.start(d)).or_default().add(quad, g);
    }
    let first = since
        .map(|d| period.start(d))
        .or_else(|| by.keys().next().copied());
    let last = until
        .map(|d| period.start(d))
        .or_else(|| by.keys().next_back().copied());
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut p = first;
    while p <= last {
        if out.len() >= MAX_PERIODS {
            return Err(StoreError::BadQuery(format!(
                "the series would have more than {MAX_PERIODS} periods (events from {first} to {last}); narrow it with --since/--until or use a longer --by"
            )));
        }
        let mut pt = by.remove(&p).unwrap_or_default();
        pt.period = period.label(p);
        pt.start = p.to_string();
        pt.finish();
        out.push(pt);
        p = period.next(p);
    }
    Ok(out)
}

/// A period length that suits data spanning `first` to `last`: years beyond
/// five years, quarters beyond two, else months; so a default table has
/// tens of rows, not hundreds.
pub fn period_for_span(first: NaiveDate, last: NaiveDate) -> Period {
    let days = (last - first).num_days();
    if days > 5 * 365 {
        Period::Year
    } else if days > 2 * 365 {
        Period::Quarter
    } else {
        Period::Month
    }
}

/// The series for a query.
pub fn series(store: &Store, q: &SeriesQuery) -> Result<Vec<Point>, StoreError> {
    let obs = observations(store, q)?;
    aggregate(&obs, q.period, q.since, q.until)
}

/// A terminal sparkline: one block per value scaled between min and max; a
/// space for a missing value.
pub fn sparkline(values: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    let (lo, hi) = present
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if hi - lo < 1e-9 => BARS[3 + usize::from(*v > 0.0)],
            Some(v) => BARS[(((v - lo) / (hi - lo)) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn fmt_opt(v: Option<f64>, prec: usize) -> String {
    v.map(|x| format!("{x:.prec$}"))
        .unwrap_or_else(|| "-".into())
}

/// The series as an aligned text table with a sparkline of the Goldstein mean.
pub fn render_table(title: &str, points: &[Point]) -> String {
    let mut out = format!("{title}\n");
    if points.is_empty() {
        out.push_str("no events\n");
        return out;
    }
    out.push_str(&format!(
        "{:<10} {:>6} {:>5} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}\n",
        "period", "events", "q1", "q2", "q3", "q4", "gs_sum", "gs_mean", "coop"
    ));
    let mut i = 0;
    while i < points.len() {
        // A run of two or more empty periods is one line: only periods with
        // events are listed, and the gap says how long it was.
        let run = points[i..].iter().take_while(|p| p.events == 0).count();
        if run >= 2 {
            out.push_str(&format!(
                "{:<10} {:>6}   ({run} periods without events: {} to {})\n",
                "···",
                0,
                points[i].period,
                points[i + run - 1].period
            ));
            i += run;
            continue;
        }
        let p = &points[i];
        out.push_str(&format!(
            "{:<10} {:>6} {:>5} {:>5} {:>5} {:>5} {:>9.1} {:>7} {:>6}\n",
            p.period,
            p.events,
            p.q1,
            p.q2,
            p.q3,
            p.q4,
            p.goldstein_sum,
            fmt_opt(p.goldstein_mean, 2),
            fmt_opt(p.cooperation, 2)
        ));
        i += 1;
    }
    let means: Vec<Option<f64>> = points.iter().map(|p| p.goldstein_mean).collect();
    let present: Vec<f64> = means.iter().flatten().copied().collect();
    let lo = present.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    out.push_str(&format!(
        "Goldstein mean {} {} … {}  ({} to {}; blank = no events)\n",
        sparkline(&means),
        fmt_opt(lo.is_finite().then_some(lo), 1),
        fmt_opt(hi.is_finite().then_some(hi), 1),
        points[0].period,
        points[points.len() - 1].period
    ));
    let total: u32 = points.iter().map(|p| p.events).sum();
    out.push_str(&format!(
        "{total} events\n\
         q1..q4   events per QuadClass: q1 verbal cooperation, q2 material cooperation,\n\
         \x20        q3 verbal conflict, q4 material conflict\n\
         gs_sum   sum of the events' Goldstein scores (-10 most conflictual ... +10 most cooperative)\n\
         gs_mean  their mean\n\
         coop     (q1 + q2 - q3 - q4) / events: -1 all conflict ... +1 all cooperation\n"
    ));
    out
}

/// The series as CSV with a header.
pub fn render_csv(points: &[Point]) -> String {
    let mut out =
        String::from("period,start,events,q1,q2,q3,q4,goldstein_sum,goldstein_mean,cooperation\n");
    let o = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    for p in points {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{:.4},{},{}\n",
            p.period,
            p.start,
            p.events,
            p.q1,
            p.q2,
            p.q3,
            p.q4,
            p.goldstein_sum,
            o(p.goldstein_mean),
            o(p.cooperation)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(Period::Week.start(d("2018-03-28")), d("2018-03-26"));
        assert_eq!(Period::Quarter.start(d("2018-08-15")), d("2018-07-01"));
        assert_eq!(Period::Quarter.label(d("2018-07-01")), "2018-Q3");
        assert_eq!(Period::Week.label(d("2018-03-26")), "2018-W13");
        assert_eq!(Period::Month.next(d("2018-12-01")), d("2019-01-01"));
    }

    #[test]
    fn aggregates_with_gaps_and_index() {
        let obs = [
            (d("2018-01-05"), 1, 3.0),
            (d("2018-01-20"), 4, -10.0),
            (d("2018-03-02"), 2, 7.0),
        ];
        let s = aggregate(&obs, Period::Month, None, None).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].events, 2);
        assert_eq!(s[0].goldstein_mean, Some(-3.5));
        assert_eq!(s[0].cooperation, Some(0.0));
        assert_eq!(s[1].events, 0);
        assert_eq!(s[1].goldstein_mean, None);
        assert_eq!(s[2].cooperation, Some(1.0));
        assert_eq!(sparkline(&[Some(-3.5), None, Some(7.0)]), "▁ █");
    }
}
