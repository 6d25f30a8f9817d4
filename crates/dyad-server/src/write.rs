//! `POST /api/articles`: code articles and store them.

use std::panic::{catch_unwind, AssertUnwindSafe};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use dyad_core::input::{parse_jsonl_line, Article, Problem};
use dyad_store::ingest::Prepared;
use dyad_store::Tally;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::state::write;
use crate::AppState;

/// Most problems listed in one 400 answer.
const MAX_LISTED: usize = 10;

const SCHEMA_HINT: &str = "send one article as a JSON object, or several as JSON lines (one object per line) \
     or a JSON array; fields: id (required), text or html (required), published (YYYY-MM-DD), url, title, source";

/// Parses one object (already known to be JSON) into an article, insisting
/// on an id: the CLI can name articles after their file, a request cannot.
fn one(v: &Value, line: &str, n: usize) -> Result<Article, Problem> {
    if !v.is_object() {
        return Err(Problem {
            origin: format!("body:{n}"),
            message: "expected a JSON object with the article's fields".into(),
        });
    }
    if v.get("id").is_none_or(Value::is_null) {
        return Err(Problem {
            origin: format!("body:{n}"),
            message: "\"id\" is missing: give each article a unique id".into(),
        });
    }
    parse_jsonl_line(line, "body", n)
}

/// Reads the body as one object, a JSON array of objects, or JSON lines.
/// Every problem is reported at once, and nothing is stored if any.
pub fn parse_body(body: &[u8]) -> Result<Vec<Article>, ApiError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad(format!("the body is not UTF-8 text ({e}); {SCHEMA_HINT}")))?;
    if text.trim().is_empty() {
        return Err(ApiError::bad(format!("the body is empty; {SCHEMA_HINT}")));
    }
    let mut results: Vec<Result<Article, Problem>> = Vec::new();
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            if items.is_empty() {
                return Err(ApiError::bad(format!("the array is empty; {SCHEMA_HINT}")));
            }
            for (i, item) in items.iter().enumerate() {
                results.push(one(item, &item.to_string(), i + 1));
            }
        }
        Ok(v) => results.push(one(&v, text, 1)),
        Err(whole) => {
            let lines: Vec<(usize, &str)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i + 1, l))
                .collect();
            if lines.len() < 2 {
                return Err(ApiError::bad(format!(
                    "malformed JSON: {whole}; {SCHEMA_HINT}"
                )));
            }
            for (n, l) in lines {
                results.push(match serde_json::from_str::<Value>(l) {
                    Ok(v) => one(&v, l, n),
                    Err(e) => Err(Problem {
                        origin: format!("body:{n}"),
                        message: format!("malformed JSON: {e}"),
                    }),
                });
            }
        }
    }
    let problems: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|p| p.to_string()))
        .collect();
    if !problems.is_empty() {
        let more = problems.len().saturating_sub(MAX_LISTED);
        let mut msg = format!(
            "{} of {} articles cannot be read, nothing was stored: {}",
            problems.len(),
            results.len(),
            problems[..problems.len().min(MAX_LISTED)].join("; ")
        );
        if more > 0 {
            msg.push_str(&format!("; and {more} more"));
        }
        return Err(ApiError::bad(msg));
    }
    Ok(results.into_iter().filter_map(Result::ok).collect())
}

/// Codes and stores the articles; answers with each article's outcome and
/// coded events.
pub async fn post_articles(
    State(st): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let articles = parse_body(&body)?;
    drop(body);
    // Coding is CPU work: do it outside the writer lock so that reads and
    // other writers' coding go on meanwhile.
    let p = st.config.pipeline.clone();
    let prepared = tokio::task::spawn_blocking(move || {
        articles
            .into_par_iter()
            .map(|a| {
                let id = a.id.clone();
                catch_unwind(AssertUnwindSafe(|| Prepared::code(&p, a))).map_err(|_| id)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::internal(format!("coding failed: {e}")))?;
    if let Some(Err(id)) = prepared.iter().find(|r| r.is_err()) {
        return Err(ApiError::internal(format!(
            "internal error while coding article {id:?} (please report it); nothing was stored"
        )));
    }
    let prepared: Vec<Prepared> = prepared.into_iter().filter_map(Result::ok).collect();
    let (status, out) = write(&st, move |store| {
        let mut tally = Tally::default();
        let mut out = Vec::with_capacity(prepared.len());
        let mut skipped = Vec::new();
        for p in prepared {
            let before = tally.clone();
            let record = json!({ "id": p.id, "events": p.events });
            // One transaction per article gives each its outcome; WAL with
            // synchronous=NORMAL makes the extra commits cheap.
            store
                .write_batch(vec![Ok(p)], false, &mut tally, &|r| {
                    if let dyad_store::ingest::Report::Skipped(problem) = r {
                        eprintln!("dyad serve: skipped {problem}");
                    }
                })
                .map_err(ApiError::from)?;
            let status = if tally.added > before.added {
                "added"
            } else if tally.replaced > before.replaced {
                "replaced"
            } else if tally.unchanged > before.unchanged {
                "unchanged"
            } else if tally.duplicates > before.duplicates {
                "duplicate"
            } else {
                skipped.push(record["id"].clone());
                "skipped"
            };
            let mut record = record;
            record["status"] = json!(status);
            out.push(record);
        }
        let status = if tally.added + tally.replaced > 0 {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok((
            status,
            json!({
                "articles": out,
                "tally": {
                    "read": tally.read,
                    "added": tally.added,
                    "replaced": tally.replaced,
                    "unchanged": tally.unchanged,
                    "duplicates": tally.duplicates,
                    "skipped": tally.skipped,
                    "events": tally.events,
                },
            }),
        ))
    })
    .await?;
    Ok((status, Json(out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        let one = br#"{"id":"a","text":"Japan praised Russia."}"#;
        assert_eq!(parse_body(one).unwrap().len(), 1);
        let lines = b"{\"id\":\"a\",\"text\":\"x y\"}\n\n{\"id\":\"b\",\"text\":\"z w\"}\n";
        assert_eq!(parse_body(lines).unwrap().len(), 2);
        let arr = br#"[{"id":"a","text":"x"},{"id":2,"html":"<p>y</p>"}]"#;
        assert_eq!(parse_body(arr).unwrap().len(), 2);
        let bad = b"{\"id\":\"a\",\"text\":\"x\"}\n{nope\n";
        let e = parse_body(bad).unwrap_err();
        assert!(e.message.contains("body:2"), "{}", e.message);
        assert!(parse_body(br#"{"text":"no id"}"#)
            .unwrap_err()
            .message
            .contains("\"id\""));
        assert!(parse_body(br#"{"id":"a","published":"27/03/2018","text":"x"}"#).is_err());
        assert!(parse_body(b"\xff\xfe").is_err());
        assert!(parse_body(b"  ").is_err());
        assert!(parse_body(b"42").is_err());
    }
}
