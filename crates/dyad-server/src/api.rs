//! Read endpoints.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use dyad_core::Mode;
use dyad_store::alerts::AlertQuery;
use dyad_store::browse::{ArticleQuery, ArticleRow, EventQuery};
use dyad_store::query::StoredEvent;
use dyad_store::relations::{Period, SeriesQuery, COUNTED_MODES};
use dyad_store::{Filter, Store, StoreError};
use serde::Serialize;
use serde_json::{json, Value as Json_};

use crate::error::{echo, ApiError};
use crate::state::{read, Shared};
use crate::AppState;

/// Query parameters as given; each handler parses what it knows so that a
/// bad value gets a message naming the parameter.
type Params = Query<HashMap<String, String>>;

/// Most items per page.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 50;
/// Deepest search page (search ranks in SQLite, then skips).
const MAX_SEARCH_DEPTH: usize = 10_000;
/// Words and operators in one search: each OR term is a full index scan.
const MAX_SEARCH_TERMS: usize = 64;
const MAX_SEARCH_QUERY_BYTES: usize = 2048;

fn get<'a>(p: &'a HashMap<String, String>, k: &str) -> Option<&'a str> {
    p.get(k).map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn date(p: &HashMap<String, String>, k: &str) -> Result<Option<NaiveDate>, ApiError> {
    get(p, k)
        .map(|v| {
            let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                ApiError::bad(format!(
                    "{k}: expected a date as YYYY-MM-DD (e.g. 2018-03-27), got {}",
                    echo(v)
                ))
            })?;
            dyad_core::input::parse_day(v).map_err(|_| {
                ApiError::bad(format!("{k}: {d} is out of range: years 0001 to 9999 only"))
            })
        })
        .transpose()
}

fn range(p: &HashMap<String, String>) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    let (since, until) = (date(p, "since")?, date(p, "until")?);
    if let (Some(s), Some(u)) = (since, until) {
        if s > u {
            return Err(ApiError::bad(format!(
                "since ({s}) is after until ({u}): swap them"
            )));
        }
    }
    Ok((since, until))
}

fn flag(p: &HashMap<String, String>, k: &str) -> Result<bool, ApiError> {
    match p.get(k).map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("false") | Some("0") | Some("no") => Ok(false),
        Some("") | Some("true") | Some("1") | Some("yes") => Ok(true),
        Some(v) => Err(ApiError::bad(format!(
            "{k}: expected true or false, got {}",
            echo(v)
        ))),
    }
}

fn number<T: std::str::FromStr>(
    p: &HashMap<String, String>,
    k: &str,
    default: T,
    what: &str,
) -> Result<T, ApiError> {
    match get(p, k) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::bad(format!("{k}: expected {what}, got {}", echo(v)))),
    }
}

/// `limit` and `offset`.
fn page(p: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let limit: usize = number(p, "limit", DEFAULT_LIMIT, "a whole number")?;
    if limit > MAX_LIMIT {
        return Err(ApiError::bad(format!(
            "limit: at most {MAX_LIMIT} per page (page on with offset)"
        )));
    }
    let offset: usize = number(p, "offset", 0, "a whole number")?;
    if offset > i64::MAX as usize {
        return Err(ApiError::bad("offset: too large"));
    }
    Ok((limit, offset))
}

fn period(p: &HashMap<String, String>) -> Result<Period, ApiError> {
    let by = get(p, "by").unwrap_or("month");
    Period::parse(by).ok_or_else(|| {
        ApiError::bad(format!(
            "by: expected week, month, quarter or year, got {}",
            echo(by)
        ))
    })
}

fn cameo(p: &HashMap<String, String>) -> Result<Option<String>, ApiError> {
    get(p, "code")
        .map(|c| {
            if (1..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) {
                Ok(c.to_string())
            } else {
                Err(ApiError::bad(format!(
                    "code: a CAMEO code (or its start) is 1-4 digits, e.g. 04, 042 or 0421; got {}",
                    echo(c)
                )))
            }
        })
        .transpose()
}

fn plover(p: &HashMap<String, String>) -> Result<Option<String>, ApiError> {
    get(p, "plover")
        .map(|v| {
            let up = v.to_uppercase();
            if dyad_core::plover::EVENT_TYPES.contains(&up.as_str()) {
                Ok(up)
            } else {
                Err(ApiError::bad(format!(
                    "plover: expected a PLOVER event type ({}), got {}",
                    dyad_core::plover::EVENT_TYPES.join(", "),
                    echo(v)
                )))
            }
        })
        .transpose()
}

/// Checks a full-text query on its own, so a malformed one (an unbalanced
/// quote, a NUL, a stray `NEAR(`) is the client's 400 naming the parameter.
fn check_fts(store: &Store, param: &str, q: &str) -> Result<(), ApiError> {
    dyad_store::browse::check_search(store, q).map_err(|e| search_error(param, e))
}

/// A store error from a search, with an invalid query named by its parameter.
fn search_error(param: &str, e: StoreError) -> ApiError {
    match e {
        StoreError::BadSearch(m) => ApiError::bad(format!(
            "{param}: the search query is not valid: {m} (plain words match as they are; quote phrases with \"...\" and write OR/NEAR in capitals)"
        )),
        e => e.into(),
    }
}

/// A page of results with the total that matched.
#[derive(Serialize)]
pub struct Page<T> {
    pub total: u64,
    pub limit: usize,
    pub offset: usize,
    /// Offset of the next page, `null` on the last one.
    pub next_offset: Option<usize>,
    pub items: Vec<T>,
}

impl<T> Page<T> {
    fn new(total: u64, limit: usize, offset: usize, items: Vec<T>) -> Page<T> {
        let end = offset.saturating_add(items.len());
        Page {
            total,
            limit,
            offset,
            next_offset: (limit > 0 && (end as u64) < total).then_some(end),
            items,
        }
    }
}

/// An event with its stable id.
#[derive(Serialize)]
pub struct EventOut {
    pub id: i64,
    #[serde(flatten)]
    pub event: StoredEvent,
}

impl From<StoredEvent> for EventOut {
    fn from(event: StoredEvent) -> EventOut {
        EventOut {
            id: event.pk,
            event,
        }
    }
}

/// `GET /api/health`: no database access; the load test's baseline.
pub async fn health() -> Json<Json_> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Fallback: unknown routes are JSON 404s.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no route for {method} {}: GET /openapi.json lists the API",
        echo(uri.path())
    ))
}

/// `GET /api/articles`: newest first; `since`/`until` on the publication date.
pub async fn articles(
    State(st): State<AppState>,
    Query(p): Params,
) -> Result<Json<Page<ArticleRow>>, ApiError> {
    let (limit, offset) = page(&p)?;
    let (since, until) = range(&p)?;
    let source = get(&p, "source").map(str::to_string);
    read(&st, move |_, store| {
        let q = ArticleQuery {
            since,
            until,
            source,
            limit,
            offset,
        };
        let found = dyad_store::browse::articles(store, &q)?;
        Ok(Json(Page::new(found.total, limit, offset, found.items)))
    })
    .await
}

/// `GET /api/articles/{id}`: title, dates, summary, copies and events.
pub async fn article(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Json_>, ApiError> {
    read(&st, move |_, store| {
        let Some(view) = dyad_store::search::article(store, &id)? else {
            return Err(ApiError::not_found(format!(
                "no article with id {} (GET /api/articles or /api/search?q=... find ids)",
                echo(&id)
            )));
        };
        let mut v = serde_json::to_value(&view).map_err(|e| ApiError::internal(e.to_string()))?;
        // Give events their ids, as /api/events does.
        let events: Vec<EventOut> = view.events.into_iter().map(EventOut::from).collect();
        v["events"] =
            serde_json::to_value(events).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(Json(v))
    })
    .await
}

/// Modes a request asks for: a comma-separated list of known modes.
fn modes(p: &HashMap<String, String>) -> Result<Option<Vec<Mode>>, ApiError> {
    let Some(v) = get(p, "mode") else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for m in v
        .split(',')
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty())
    {
        let Some(mode) = Mode::parse(&m) else {
            return Err(ApiError::bad(format!(
                "mode: expected one or more of asserted, planned, hypothetical, negated (comma-separated), got {}",
                echo(&m)
            )));
        };
        out.push(mode);
    }
    Ok(Some(out))
}

/// `GET /api/events`: events filtered by actor, dyad, code, root, mode,
/// dates (of the event's own day) and sentence text, oldest day first.
pub async fn events(
    State(st): State<AppState>,
    Query(p): Params,
) -> Result<Json<Page<EventOut>>, ApiError> {
    let (limit, offset) = page(&p)?;
    let (since, until) = range(&p)?;
    let actor = get(&p, "actor")
        .map(|a| st.actor_code("actor", a))
        .transpose()?;
    let dyad = match get(&p, "dyad") {
        None => None,
        Some(d) => {
            let parts: Vec<&str> = d.split(',').map(str::trim).collect();
            let [a, b] = parts.as_slice() else {
                return Err(ApiError::bad(format!(
                    "dyad: expected two codes separated by a comma, e.g. JPN,RUS; got {}",
                    echo(d)
                )));
            };
            Some((st.actor_code("dyad", a)?, st.actor_code("dyad", b)?))
        }
    };
    let directed = flag(&p, "directed")?;
    let code = cameo(&p)?;
    let root = match get(&p, "root") {
        None => None,
        Some(r) => match r.parse::<u8>() {
            Ok(n @ 1..=20) => Some(format!("{n:02}")),
            _ => {
                return Err(ApiError::bad(format!(
                    "root: expected a CAMEO root from 01 to 20, got {}",
                    echo(r)
                )))
            }
        },
    };
    let modes = modes(&p)?;
    let plover = plover(&p)?;
    let q = get(&p, "q").map(str::to_string);
    read(&st, move |_, store| {
        let query = EventQuery {
            filter: Filter {
                query: q,
                actor,
                code,
                plover,
                since,
                until,
                modes,
            },
            dyad,
            directed,
            root,
            limit,
            offset,
        };
        let found = dyad_store::browse::events(store, &query).map_err(|e| search_error("q", e))?;
        let items = found.items.into_iter().map(EventOut::from).collect();
        Ok(Json(Page::new(found.total, limit, offset, items)))
    })
    .await
}

/// `GET /api/relations`: the series between two actors.
pub async fn relations(State(st): State<AppState>, Query(p): Params) -> Result<Response, ApiError> {
    let (Some(a), Some(b)) = (get(&p, "a"), get(&p, "b")) else {
        return Err(ApiError::bad(
            "a and b are required: two country or IGO codes, e.g. /api/relations?a=JPN&b=RUS",
        ));
    };
    let a = st.actor_code("a", a)?;
    let b = st.actor_code("b", b)?;
    if a == b {
        return Err(ApiError::bad(format!(
            "a and b are both {a}: relations need two different actors"
        )));
    }
    let period = period(&p)?;
    let (since, until) = range(&p)?;
    let directed = flag(&p, "directed")?;
    let all_modes = flag(&p, "all_modes")?;
    let plover = plover(&p)?;
    let by = get(&p, "by").unwrap_or("month").to_string();
    let key =
        format!("relations {a} {b} {by} {since:?} {until:?} {directed} {all_modes} {plover:?}");
    let v = read(&st, move |shared, store| {
        shared.cached(key, || {
            relations_json(
                store, a, b, by, period, since, until, directed, all_modes, plover,
            )
        })
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], v).into_response())
}

#[allow(clippy::too_many_arguments)]
fn relations_json(
    store: &Store,
    a: String,
    b: String,
    by: String,
    period: Period,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    directed: bool,
    all_modes: bool,
    plover: Option<String>,
) -> Result<Json_, ApiError> {
    {
        let q = SeriesQuery {
            a: a.clone(),
            b: b.clone(),
            directed,
            period,
            since,
            until,
            all_modes,
            plover: plover.clone(),
        };
        let points = dyad_store::relations::series(store, &q)?;
        let total: u32 = points.iter().map(|p| p.events).sum();
        let arrow = if directed { "→" } else { "–" };
        Ok(json!({
            "title": format!("{a}{arrow}{b} relations"),
            "a": a,
            "b": b,
            "by": by,
            "directed": directed,
            "modes": if all_modes { json!("all") } else { json!(COUNTED_MODES) },
            "plover": plover,
            "since": since,
            "until": until,
            "total_events": total,
            "points": points,
        }))
    }
}

/// `GET /api/alerts`: dyads whose latest period departs from their history.
pub async fn alerts(State(st): State<AppState>, Query(p): Params) -> Result<Json<Json_>, ApiError> {
    let period = period(&p)?;
    let window: usize = number(&p, "window", 12, "a whole number of periods")?;
    if !(1..=120).contains(&window) {
        return Err(ApiError::bad("window: between 1 and 120 periods"));
    }
    let z: f64 = number(&p, "z", 2.0, "a number")?;
    if !z.is_finite() || z < 0.0 {
        return Err(ApiError::bad("z: a number of 0 or more"));
    }
    let limit: usize = number(&p, "limit", 20, "a whole number")?;
    if limit > 100 {
        return Err(ApiError::bad("limit: at most 100 alerts"));
    }
    let min_events: usize = number(&p, "min_events", 1, "a whole number")?;
    let since = date(&p, "since")?;
    let at = date(&p, "at")?;
    read(&st, move |_, store| {
        let q = AlertQuery {
            period,
            window,
            z,
            limit,
            since,
            at,
            min_events,
        };
        let (current, found) = dyad_store::alerts::alerts(store, &q)?;
        let found: Vec<Json_> = found
            .into_iter()
            .map(|mut a| {
                let evidence: Vec<EventOut> = std::mem::take(&mut a.evidence)
                    .into_iter()
                    .map(EventOut::from)
                    .collect();
                let mut v = serde_json::to_value(&a).unwrap_or_default();
                v["evidence"] = serde_json::to_value(evidence).unwrap_or_default();
                v["total_events"] = json!(a.event_ids.len());
                v
            })
            .collect();
        Ok(Json(json!({
            "period": current.map(|d| period.label(period.start(d))),
            "window": window,
            "z": z,
            "alerts": found,
        })))
    })
    .await
}

/// A search hit with the matches marked as fragments (no HTML to escape).
#[derive(Serialize)]
pub struct HitOut {
    pub article: String,
    pub published: Option<String>,
    pub title: Option<String>,
    pub sentence_index: usize,
    pub sentence: String,
    /// The sentence cut into pieces; `match` pieces are the query's words.
    pub fragments: Vec<Fragment>,
}

#[derive(Serialize)]
pub struct Fragment {
    pub text: String,
    #[serde(rename = "match")]
    pub is_match: bool,
}

const OPEN: &str = "\u{1}";
const CLOSE: &str = "\u{2}";

fn fragments(marked: &str) -> (String, Vec<Fragment>) {
    let mut plain = String::new();
    let mut out = Vec::new();
    let mut rest = marked;
    while let Some(i) = rest.find(OPEN) {
        if i > 0 {
            out.push(Fragment {
                text: rest[..i].to_string(),
                is_match: false,
            });
        }
        rest = &rest[i + OPEN.len()..];
        let j = rest.find(CLOSE).unwrap_or(rest.len());
        out.push(Fragment {
            text: rest[..j].to_string(),
            is_match: true,
        });
        rest = rest.get(j + CLOSE.len()..).unwrap_or("");
    }
    if !rest.is_empty() {
        out.push(Fragment {
            text: rest.to_string(),
            is_match: false,
        });
    }
    for f in &out {
        plain.push_str(&f.text);
    }
    (plain, out)
}

/// `GET /api/search?q=...`: sentences ranked by BM25.
pub async fn search(State(st): State<AppState>, Query(p): Params) -> Result<Json<Json_>, ApiError> {
    let Some(q) = get(&p, "q").map(str::to_string) else {
        return Err(ApiError::bad(
            "q is required: the words to search for, e.g. /api/search?q=peace+treaty",
        ));
    };
    let terms = q
        .split(|c: char| c.is_whitespace() || "()\"".contains(c))
        .filter(|w| !w.is_empty())
        .count();
    if terms > MAX_SEARCH_TERMS || q.len() > MAX_SEARCH_QUERY_BYTES {
        return Err(ApiError::bad(format!(
            "q: at most {MAX_SEARCH_TERMS} words and operators ({MAX_SEARCH_QUERY_BYTES} bytes); this query has {terms}: narrow it"
        )));
    }
    let (limit, offset) = page(&p)?;
    if offset + limit > MAX_SEARCH_DEPTH {
        return Err(ApiError::bad(format!(
            "offset + limit: search pages reach at most {MAX_SEARCH_DEPTH} results deep; narrow the query"
        )));
    }
    let (since, until) = range(&p)?;
    let actor = get(&p, "actor")
        .map(|a| st.actor_code("actor", a))
        .transpose()?;
    let code = cameo(&p)?;
    let plover = plover(&p)?;
    read(&st, move |_: &Shared, store| {
        check_fts(store, "q", &q)?;
        let filter = Filter {
            query: None,
            actor,
            code,
            plover,
            since,
            until,
            modes: None,
        };
        let hits = dyad_store::search::search(store, &q, &filter, offset + limit, (OPEN, CLOSE))
            .map_err(|e| search_error("q", e))?;
        let total =
            dyad_store::search::count(store, &q, &filter).map_err(|e| search_error("q", e))?;
        let items: Vec<HitOut> = hits
            .into_iter()
            .skip(offset)
            .map(|h| {
                let (sentence, fragments) = fragments(&h.sentence);
                HitOut {
                    article: h.article,
                    published: h.published,
                    title: h.title,
                    sentence_index: h.sentence_index,
                    sentence,
                    fragments,
                }
            })
            .collect();
        let page = Page::new(total, limit, offset, items);
        let mut v = serde_json::to_value(page).map_err(|e| ApiError::internal(e.to_string()))?;
        v["q"] = json!(q);
        Ok(Json(v))
    })
    .await
}

/// `GET /api/actors`: country and IGO codes in the database with event counts.
pub async fn actors(State(st): State<AppState>) -> Result<Json<Json_>, ApiError> {
    read(&st, |_, store| {
        let items = dyad_store::browse::actors(store)?;
        Ok(Json(json!({ "items": items })))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_split_marks() {
        let (plain, f) = fragments("Japan \u{1}praised\u{2} Russia \u{1}today\u{2}");
        assert_eq!(plain, "Japan praised Russia today");
        assert_eq!(f.len(), 4);
        assert!(f[1].is_match && !f[2].is_match && f[3].is_match);
    }
}
