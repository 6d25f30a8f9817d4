//! Alerts: dyads whose latest period departs from their own history.
//!
//! For every unordered pair of different countries/IGOs, events (counted
//! modes only) are grouped by period. The *current* period is the one holding
//! the newest publication date in the database (or a given date). For each
//! dyad with events in it, three statistics of the current period are compared
//! with the `window` periods before it:
//!
//! * Goldstein mean, against the means of the trailing periods that had events;
//! * conflict share `(q3 + q4) / events`, likewise;
//! * event count, against all trailing periods (empty ones count as 0).
//!
//! `z = (current - mean) / max(sd, floor)`, with the sample standard
//! deviation and floors (1 Goldstein point, 0.1 share, 1 event) so a flat
//! history does not make every small change infinite. A dyad needs at least
//! [`MIN_HISTORY`] trailing periods with events. Its score is the largest |z|;
//! dyads with score ≥ the threshold are ranked by score.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use crate::query::{stored_event, StoredEvent, EVENT_SELECT};
use crate::relations::{Period, COUNTED_MODES};
use crate::{Store, StoreError};

/// Trailing periods with events a dyad needs before it can alert.
pub const MIN_HISTORY: usize = 3;
const SD_FLOOR_GOLDSTEIN: f64 = 1.0;
const SD_FLOOR_SHARE: f64 = 0.1;
const SD_FLOOR_COUNT: f64 = 1.0;

/// One coded event as alerts see it.
#[derive(Debug, Clone)]
pub struct Obs {
    /// Unordered pair, alphabetical.
    pub dyad: (String, String),
    pub day: NaiveDate,
    pub quad: u8,
    pub goldstein: f64,
    /// Event row id, to fetch the evidence.
    pub event: i64,
}

/// Alert settings.
#[derive(Debug, Clone)]
pub struct AlertQuery {
    pub period: Period,
    /// Trailing periods compared against.
    pub window: usize,
    /// Smallest |z| reported.
    pub z: f64,
    pub limit: usize,
    /// Ignore events before this day.
    pub since: Option<NaiveDate>,
    /// Test the period containing this day instead of the newest one.
    pub at: Option<NaiveDate>,
    /// Events in the current period a dyad needs.
    pub min_events: usize,
}

/// A z-score with what it compares.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Z {
    pub current: f64,
    pub mean: f64,
    pub sd: f64,
    pub z: f64,
}

/// One dyad that departs from its history.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub a: String,
    pub b: String,
    pub period: String,
    pub events: usize,
    pub history_periods: usize,
    pub goldstein: Z,
    pub conflict_share: Z,
    pub count: Z,
    /// Largest |z| of the three.
    pub score: f64,
    /// Which statistic gave the score.
    pub driver: &'static str,
    /// Current-period event ids, strongest |Goldstein| first.
    #[serde(skip)]
    pub event_ids: Vec<i64>,
    /// The events behind it, with their sentences (filled by [`alerts`]).
    pub evidence: Vec<StoredEvent>,
}

/// Mean and sample standard deviation.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let m = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (m, 0.0);
    }
    let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, var.sqrt())
}

/// The z-score of `current` against `history`, with a floor on the spread.
pub fn zscore(current: f64, history: &[f64], floor: f64) -> Z {
    let (mean, sd) = mean_sd(history);
    Z {
        current,
        mean,
        sd,
        z: (current - mean) / sd.max(floor),
    }
}

#[derive(Default, Clone)]
struct Cell {
    n: usize,
    conflict: usize,
    gsum: f64,
}

/// Scores every dyad; `current` is the first day of the period under test.
pub fn compute(obs: &[Obs], q: &AlertQuery, current: NaiveDate) -> Vec<Alert> {
    let mut by: HashMap<&(String, String), BTreeMap<NaiveDate, Cell>> = HashMap::new();
    let mut current_events: HashMap<&(String, String), Vec<(f64, i64)>> = HashMap::new();
    let current = q.period.start(current);
    // The trailing window: the `window` periods right before the current one.
    let mut window = Vec::with_capacity(q.window);
    let mut p = current;
    for _ in 0..q.window {
        let prev = q.period.start(p - chrono::Duration::days(1));
        window.push(prev);
        p = prev;
    }
    let oldest = window.last().copied().unwrap_or(current);
    for o in obs {
        let start = q.period.start(o.day);
        if start < oldest || start > current {
            continue;
        }
        let c = by.entry(&o.dyad).or_default().entry(start).or_default();
        c.n += 1;
        c.gsum += o.goldstein;
        if o.quad >= 3 {
            c.conflict += 1;
        }
        if start == current {
            current_events
                .entry(&o.dyad)
                .or_default()
                .push((o.goldstein, o.event));
        }
    }
    let mut out = Vec::new();
    for (dyad, cells) in by {
        let Some(cur) = cells.get(&current) else {
            continue;
        };
        if cur.n < q.min_events.max(1) {
            continue;
        }
        let hist: Vec<&Cell> = window.iter().filter_map(|p| cells.get(p)).collect();
        if hist.len() < MIN_HISTORY {
            continue;
        }
        let means: Vec<f64> = hist.iter().map(|c| c.gsum / c.n as f64).collect();
        let shares: Vec<f64> = hist
            .iter()
            .map(|c| c.conflict as f64 / c.n as f64)
            .collect();
        let counts: Vec<f64> = window
            .iter()
            .map(|p| cells.get(p).map_or(0.0, |c| c.n as f64))
            .collect();
        let g = zscore(cur.gsum / cur.n as f64, &means, SD_FLOOR_GOLDSTEIN);
        let s = zscore(cur.conflict as f64 / cur.n as f64, &shares, SD_FLOOR_SHARE);
        let c = zscore(cur.n as f64, &counts, SD_FLOOR_COUNT);
        let (score, driver) = [
            (g.z.abs(), "goldstein_mean"),
            (s.z.abs(), "conflict_share"),
            (c.z.abs(), "count"),
        ]
        .into_iter()
        .fold(
            (0.0, "goldstein_mean"),
            |best, x| if x.0 > best.0 { x } else { best },
        );
        if score < q.z {
            continue;
        }
        let mut evs = current_events.remove(dyad).unwrap_or_default();
        evs.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then(x.1.cmp(&y.1)));
        out.push(Alert {
            a: dyad.0.clone(),
            b: dyad.1.clone(),
            period: q.period.label(current),
            events: cur.n,
            history_periods: hist.len(),
            goldstein: g,
            conflict_share: s,
            count: c,
            score,
            driver,
            event_ids: evs.into_iter().map(|(_, id)| id).collect(),
            evidence: Vec::new(),
        });
    }
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    out.truncate(q.limit);
    out
}

/// The day whose period is tested by default: the newest publication date.
pub fn newest_day(store: &Store) -> Result<Option<NaiveDate>, StoreError> {
    let d: Option<String> = store
        .conn
        .query_row("SELECT MAX(published) FROM articles", [], |r| r.get(0))
        .map_err(|e| store.err(&e))?;
    Ok(d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

/// Events per alert shown as evidence.
pub const EVIDENCE: usize = 5;

/// Finds the alerts and attaches up to [`EVIDENCE`] events with sentences to each.
pub fn alerts(
    store: &Store,
    q: &AlertQuery,
) -> Result<(Option<NaiveDate>, Vec<Alert>), StoreError> {
    let current = match q.at {
        Some(d) => Some(d),
        None => newest_day(store)?,
    };
    let Some(current) = current else {
        return Ok((None, Vec::new()));
    };
    let mut sql = String::from(
        "SELECT pk, source_country, target_country, day, quad_class, goldstein FROM events \
         WHERE day IS NOT NULL AND source_country <> '' AND target_country <> '' \
         AND source_country <> target_country \
         AND source_country <> '---' AND target_country <> '---' AND day <= ?1",
    );
    let mut args = vec![Value::Text(
        q.period.next(q.period.start(current)).to_string(),
    )];
    // `day <= next period start` keeps the query on the index; the exact bound
    // is applied in `compute`.
    if let Some(s) = q.since {
        args.push(Value::Text(s.to_string()));
        sql.push_str(&format!(" AND day >= ?{}", args.len()));
    }
    let marks: Vec<String> = COUNTED_MODES
        .iter()
        .map(|m| {
            args.push(Value::Text((*m).to_string()));
            format!("?{}", args.len())
        })
        .collect();
    sql.push_str(&format!(" AND mode IN ({})", marks.join(", ")));
    let mut stmt = store.conn.prepare(&sql).map_err(|e| store.err(&e))?;
    let rows = stmt
        .query_map(params_from_iter(args), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, u8>(4)?,
                r.get::<_, f64>(5)?,
            ))
        })
        .map_err(|e| store.err(&e))?;
    let mut obs = Vec::new();
    for row in rows {
        let (pk, s, t, day, quad, g) = row.map_err(|e| store.err(&e))?;
        let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else {
            continue;
        };
        let dyad = if s <= t { (s, t) } else { (t, s) };
        obs.push(Obs {
            dyad,
            day,
            quad,
            goldstein: g,
            event: pk,
        });
    }
    let mut found = compute(&obs, q, current);
    let mut ev = store
        .conn
        .prepare(&format!("{} WHERE e.pk = ?1", *EVENT_SELECT))
        .map_err(|e| store.err(&e))?;
    for a in &mut found {
        for id in a.event_ids.iter().take(EVIDENCE) {
            let e = ev
                .query_row([id], stored_event)
                .map_err(|e| store.err(&e))?;
            a.evidence.push(e);
        }
    }
    Ok((Some(current), found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(day: &str, quad: u8, g: f64, id: i64) -> Obs {
        Obs {
            dyad: ("JPN".into(), "RUS".into()),
            day: day.parse().unwrap(),
            quad,
            goldstein: g,
            event: id,
        }
    }

    fn query() -> AlertQuery {
        AlertQuery {
            period: Period::Month,
            window: 12,
            z: 2.0,
            limit: 10,
            since: None,
            at: None,
            min_events: 1,
        }
    }

    #[test]
    fn zscore_with_floor() {
        let z = zscore(5.0, &[1.0, 2.0, 3.0], 1.0);
        assert_eq!(z.mean, 2.0);
        assert!((z.sd - 1.0).abs() < 1e-12);
        assert!((z.z - 3.0).abs() < 1e-12);
        // Flat history: the floor keeps z finite.
        assert_eq!(zscore(2.0, &[1.0, 1.0, 1.0], 1.0).z, 1.0);
    }

    #[test]
    fn synthetic_series_flags_the_break_only() {
        // Twelve calm months of cooperation (Goldstein around +3), then a month
        // of material conflict.
        let mut o = Vec::new();
        let mut id = 0;
        for m in 1..=12 {
            for k in 0..3 {
                id += 1;
                let g = 3.0 + (f64::from(m % 3) - 1.0) * 0.5 + f64::from(k) * 0.1;
                o.push(obs(&format!("2017-{m:02}-1{k}"), 1, g, id));
            }
        }
        let calm = compute(&o, &query(), "2017-12-15".parse().unwrap());
        assert!(calm.is_empty(), "a calm month must not alert: {calm:?}");
        o.push(obs("2018-01-05", 4, -10.0, 900));
        o.push(obs("2018-01-09", 4, -9.5, 901));
        let found = compute(&o, &query(), "2018-01-20".parse().unwrap());
        assert_eq!(found.len(), 1);
        let a = &found[0];
        assert_eq!(
            (a.a.as_str(), a.b.as_str(), a.period.as_str()),
            ("JPN", "RUS", "2018-01")
        );
        assert_eq!(a.history_periods, 12);
        assert!(a.goldstein.z < -10.0, "{:?}", a.goldstein);
        assert!((a.goldstein.current - -9.75).abs() < 1e-9);
        assert_eq!(a.event_ids, vec![900, 901]);
        // Too little history: nothing.
        let cut = NaiveDate::from_ymd_opt(2017, 11, 1).unwrap();
        let short: Vec<Obs> = o.iter().filter(|x| x.day >= cut).cloned().collect();
        assert!(compute(&short, &query(), "2018-01-20".parse().unwrap()).is_empty());
    }
}
