//! API tests: every endpoint and error, through the router with `oneshot`,
//! on a temporary database built from a few hand-written articles.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use dyad_core::input::Article;
use dyad_server::Config;
use dyad_store::{IngestOptions, Store};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const TOKEN: &str = "test-token-123";

fn article(id: &str, published: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        origin: id.into(),
        body: text.into(),
        published: published.parse().ok(),
        title: Some(format!("Title of {id}")),
        source: Some("Test Wire".into()),
        url: Some(format!("https://news.example/{id}")),
        ..Article::default()
    }
}

/// A database with Japan–Russia events in three months and a China story.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("test.db");
    let arts = vec![
        article(
            "jr-2018-03",
            "2018-03-27",
            "Japan and Russia hold talks\n\nJapanese Prime Minister Shinzo Abe praised Russia on Tuesday for its help with fisheries.\n\nRussia thanked Japan for the aid.",
        ),
        article(
            "jr-2018-05",
            "2018-05-26",
            "Abe meets Putin\n\nRussian President Vladimir Putin met Japanese Prime Minister Shinzo Abe in Moscow on Saturday.\n\nThe two leaders agreed to continue negotiations on a peace treaty.",
        ),
        article(
            "jr-2018-09",
            "2018-09-12",
            "Tokyo protests\n\nJapan lodged a protest with Russia on Wednesday over military drills on the disputed islands.",
        ),
        article(
            "cj-2023-08",
            "2023-08-24",
            "China bans Japanese seafood\n\nChina criticized Japan on Thursday over the release of treated water from Fukushima.",
        ),
    ];
    let store = Store::open(&db).unwrap();
    let tally = dyad_store::ingest(
        store,
        &dyad_server::pipeline(),
        arts.into_iter().map(Ok),
        &IngestOptions::default(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(tally.added, 4, "{tally}");
    assert!(tally.events >= 4, "the fixture must code events: {tally}");
    (dir, db)
}

fn app_with(db: &PathBuf, f: impl FnOnce(&mut Config)) -> Router {
    let mut c = Config::new(db);
    f(&mut c);
    dyad_server::app(c).unwrap()
}

fn app(db: &PathBuf) -> Router {
    app_with(db, |c| c.token = Some(TOKEN.into()))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let v = if ct.starts_with("application/json") {
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("bad JSON ({e}): {bytes:?}"))
    } else {
        Value::String(String::from_utf8_lossy(&bytes).into_owned())
    };
    if status.is_client_error() || status.is_server_error() {
        assert!(
            ct.starts_with("application/json"),
            "error {status} is not JSON: {ct} {v}"
        );
        assert_eq!(v["status"], status.as_u16(), "{v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    }
    (status, v)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut r = Request::post("/api/articles").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, r.body(Body::from(body.to_string())).unwrap()).await
}

fn err(v: &Value) -> &str {
    v["error"].as_str().unwrap_or("")
}

#[tokio::test]
async fn health_and_openapi_describe_every_route() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["status"], "ok");
    let (s, v) = get(&app, "/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    let paths = v["paths"].as_object().unwrap();
    for p in [
        "/api/health",
        "/api/articles",
        "/api/articles/{id}",
        "/api/events",
        "/api/relations",
        "/api/alerts",
        "/api/search",
        "/api/actors",
        "/openapi.json",
        "/",
    ] {
        assert!(paths.contains_key(p), "openapi.json lacks {p}");
    }
    assert!(paths["/api/articles"]["post"].is_object());
}

#[tokio::test]
async fn dashboard_assets_are_served_with_a_strict_policy() {
    let (_d, db) = fixture();
    let app = app(&db);
    for (path, ty) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let res = app
            .clone()
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let h = res.headers();
        assert!(h[header::CONTENT_TYPE].to_str().unwrap().starts_with(ty));
        assert!(h[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'self'"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        // CORS is off unless asked for.
        assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    }
    let (_, html) = get(&app, "/").await;
    let html = html.as_str().unwrap();
    assert!(html.contains("/app.js") && !html.contains("http://") && !html.contains("https://"));
}

#[tokio::test]
async fn articles_list_pages_with_totals() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/articles?limit=2").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 4);
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert_eq!(v["items"][0]["id"], "cj-2023-08", "newest first");
    assert_eq!(v["next_offset"], 2);
    let (_, v) = get(&app, "/api/articles?limit=2&offset=2").await;
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert!(v["next_offset"].is_null());
    let (_, v) = get(&app, "/api/articles?since=2018-05-01&until=2018-12-31").await;
    assert_eq!(v["total"], 2);
    let (s, v) = get(&app, "/api/articles?limit=5000").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(err(&v).contains("limit"));
    let (s, v) = get(&app, "/api/articles?offset=-1").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(err(&v).contains("offset"));
}

#[tokio::test]
async fn one_article_with_summary_and_events_or_404() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/articles/jr-2018-05").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["id"], "jr-2018-05");
    assert_eq!(v["title"], "Title of jr-2018-05");
    assert!(!v["summary"].as_str().unwrap().is_empty());
    let evs = v["events"].as_array().unwrap();
    assert!(!evs.is_empty());
    assert!(evs[0]["id"].as_i64().is_some() && evs[0]["sentence"].as_str().is_some());
    let (s, v) = get(&app, "/api/articles/no-such-article").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(err(&v).contains("no-such-article"));
}

#[tokio::test]
async fn events_filters() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, all) = get(&app, "/api/events?limit=1000").await;
    assert_eq!(s, StatusCode::OK);
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 4);
    let (_, v) = get(&app, "/api/events?dyad=JPN,RUS").await;
    let jr = v["total"].as_u64().unwrap();
    assert!(jr >= 3 && jr < total, "{v}");
    for e in v["items"].as_array().unwrap() {
        let pair = [
            e["source_country"].as_str().unwrap(),
            e["target_country"].as_str().unwrap(),
        ];
        assert!(pair == ["JPN", "RUS"] || pair == ["RUS", "JPN"], "{e}");
    }
    let (_, v) = get(&app, "/api/events?dyad=jpn,rus&directed=true").await;
    for e in v["items"].as_array().unwrap() {
        assert_eq!(e["source_country"], "JPN");
    }
    let (_, v) = get(&app, "/api/events?actor=CHN").await;
    assert!(v["total"].as_u64().unwrap() >= 1);
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source_country"] == "CHN" || e["target_country"] == "CHN"));
    let (_, v) = get(&app, "/api/events?since=2018-05-01&until=2018-05-31").await;
    for e in v["items"].as_array().unwrap() {
        assert!(e["day"].as_str().unwrap().starts_with("2018-05"), "{e}");
    }
    let (_, v) = get(&app, "/api/events?q=protest").await;
    assert!(v["total"].as_u64().unwrap() >= 1);
    for e in v["items"].as_array().unwrap() {
        assert!(e["sentence"].as_str().unwrap().contains("protest"));
    }
    let (_, v) = get(&app, "/api/events?mode=asserted,planned").await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["mode"] == "asserted" || e["mode"] == "planned"));
    let root = all["items"][0]["root"].as_str().unwrap().to_string();
    let (_, v) = get(&app, &format!("/api/events?root={root}")).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["root"] == root.as_str()));
    let (_, v) = get(&app, &format!("/api/events?code={root}")).await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["cameo"].as_str().unwrap().starts_with(&root)));
    let (_, v) = get(&app, "/api/events?limit=1&offset=1").await;
    assert_eq!(v["items"][0]["id"], all["items"][1]["id"]);

    for (uri, what) in [
        ("/api/events?actor=XYZZY", "unknown actor code"),
        ("/api/events?dyad=JPN", "two codes"),
        ("/api/events?dyad=JPN,QQQ", "unknown actor code"),
        ("/api/events?code=abc", "CAMEO"),
        ("/api/events?root=21", "root"),
        ("/api/events?mode=maybe", "mode"),
        ("/api/events?since=2018-02-30", "YYYY-MM-DD"),
        ("/api/events?until=yesterday", "YYYY-MM-DD"),
        ("/api/events?since=2019-01-01&until=2018-01-01", "after"),
        ("/api/events?directed=perhaps", "true or false"),
        ("/api/events?q=%22unbalanced", "not valid"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(err(&v).contains(what), "{uri}: {v}");
    }
    let (_, v) = get(&app, "/api/events?actor=XYZZY").await;
    assert!(
        err(&v).contains("JPN"),
        "the message shows what a code looks like: {v}"
    );
}

#[tokio::test]
async fn relations_series_and_errors() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/relations?a=JPN&b=RUS&by=month").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["title"], "JPN–RUS relations");
    let pts = v["points"].as_array().unwrap();
    assert_eq!(pts[0]["period"], "2018-03");
    assert!(pts
        .iter()
        .any(|p| p["period"] == "2018-09" && p["events"].as_u64().unwrap() > 0));
    let sum: u64 = pts
        .iter()
        .map(|p| {
            (1..=4)
                .map(|q| p[format!("q{q}")].as_u64().unwrap())
                .sum::<u64>()
        })
        .sum();
    assert_eq!(sum, v["total_events"].as_u64().unwrap());
    let (_, y) = get(
        &app,
        "/api/relations?a=rus&b=jpn&by=year&since=2018-01-01&until=2018-12-31",
    )
    .await;
    assert_eq!(y["points"].as_array().unwrap().len(), 1);
    assert_eq!(y["total_events"], v["total_events"]);
    let (_, d) = get(&app, "/api/relations?a=JPN&b=RUS&directed=1").await;
    assert_eq!(d["title"], "JPN→RUS relations");
    let (_, all) = get(&app, "/api/relations?a=JPN&b=RUS&all_modes=true").await;
    assert!(all["total_events"].as_u64() >= v["total_events"].as_u64());

    for (uri, what) in [
        ("/api/relations?a=JPN", "required"),
        ("/api/relations?a=JPN&b=XXQ", "unknown actor code"),
        ("/api/relations?a=J%20N&b=RUS", "unknown actor code"),
        ("/api/relations?a=JPN&b=JPN", "two different"),
        ("/api/relations?a=JPN&b=RUS&by=decade", "week, month"),
        ("/api/relations?a=JPN&b=RUS&since=03/01/2018", "YYYY-MM-DD"),
        (
            "/api/relations?a=JPN&b=RUS&by=week&since=1900-01-01&until=2100-01-01",
            "periods",
        ),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(err(&v).contains(what), "{uri}: {v}");
    }
}

#[tokio::test]
async fn alerts_search_and_actors() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/alerts").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["period"], "2023-08");
    assert!(v["alerts"].is_array());
    let (s, v) = get(&app, "/api/alerts?window=0").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, _) = get(&app, "/api/alerts?z=abc").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = get(&app, "/api/alerts?at=2018-99-01").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    let (s, v) = get(&app, "/api/search?q=peace%20treaty").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["total"], 1);
    let hit = &v["items"][0];
    assert_eq!(hit["article"], "jr-2018-05");
    let marked: Vec<&str> = hit["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["match"] == true)
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["peace", "treaty"]);
    assert!(!hit["sentence"].as_str().unwrap().contains('\u{1}'));
    let (_, v) = get(&app, "/api/search?q=Japan&limit=1").await;
    assert!(v["total"].as_u64().unwrap() > 1);
    assert_eq!(v["next_offset"], 1);
    let (_, v) = get(&app, "/api/search?q=Japan&actor=CHN").await;
    assert!(v["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["article"] == "cj-2023-08"));
    for (uri, what) in [
        ("/api/search", "q is required"),
        ("/api/search?q=", "q is required"),
        ("/api/search?q=%22open", "not valid"),
        ("/api/search?q=x&actor=123", "unknown actor code"),
        ("/api/search?q=x&offset=20000", "deep"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {v}");
        assert!(err(&v).contains(what), "{uri}: {v}");
    }

    let (s, v) = get(&app, "/api/actors").await;
    assert_eq!(s, StatusCode::OK);
    let codes: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes[0], "JPN");
    assert!(codes.contains(&"RUS") && codes.contains(&"CHN"));
}

#[tokio::test]
async fn unknown_routes_and_methods_are_json_errors() {
    let (_d, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/nothing-here").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(err(&v).contains("/openapi.json"));
    let (s, _) = get(&app, "/favicon.ico").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, v) = send(
        &app,
        Request::builder()
            .method(Method::DELETE)
            .uri("/api/articles")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{v}");
}

#[tokio::test]
async fn writes_need_the_token() {
    let (_d, db) = fixture();
    let body = r#"{"id":"w1","text":"Japan praised Russia on Monday.","published":"2020-01-06"}"#;
    // No token configured: writes are refused, and the message says how to enable them.
    let open = app_with(&db, |_| {});
    let (s, v) = post(&open, Some("anything"), body).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(err(&v).contains("--token"), "{v}");
    let app = app(&db);
    let (s, v) = post(&app, None, body).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(err(&v).contains("Bearer"));
    let (s, v) = post(&app, Some("wrong-token"), body).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(err(&v).contains("wrong token"));
    // Nothing was written by the refused requests.
    let (s, _) = get(&app, "/api/articles/w1").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn post_ingests_and_returns_events() {
    let (_d, db) = fixture();
    let app = app(&db);
    let body = r#"{"id":"w1","text":"Japan praised Russia on Monday.","published":"2020-01-06","title":"Praise"}"#;
    let (s, v) = post(&app, Some(TOKEN), body).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let a = &v["articles"][0];
    assert_eq!(a["id"], "w1");
    assert_eq!(a["status"], "added");
    let ev = &a["events"][0];
    assert_eq!(
        (ev["source"].as_str(), ev["target"].as_str()),
        (Some("JPN"), Some("RUS"))
    );
    assert_eq!(ev["date"], "2020-01-06");
    // Readable right away.
    let (s, v) = get(&app, "/api/articles/w1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["title"], "Praise");
    let (_, v) = get(
        &app,
        "/api/relations?a=JPN&b=RUS&since=2020-01-01&until=2020-01-31",
    )
    .await;
    assert_eq!(v["total_events"], 1);
    // The same article again is unchanged.
    let (s, v) = post(&app, Some(TOKEN), body).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["articles"][0]["status"], "unchanged");
    // A JSONL batch, with the other header.
    let batch = "{\"id\":\"w2\",\"text\":\"China criticized Japan on Friday.\",\"published\":\"2021-02-05\"}\n\
                 {\"id\":\"w3\",\"html\":\"<html><body><p>Russia warned Japan on Monday.</p></body></html>\",\"published\":\"2021-02-08\"}\n";
    let (s, v) = send(
        &app,
        Request::post("/api/articles")
            .header("x-dyad-token", TOKEN)
            .header(header::CONTENT_TYPE, "application/x-ndjson")
            .body(Body::from(batch))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["tally"]["added"], 2);
    assert_eq!(v["articles"][1]["id"], "w3");
    let (_, v) = get(&app, "/api/articles").await;
    assert_eq!(v["total"], 7);
}

#[tokio::test]
async fn bad_posts_are_400_and_store_nothing() {
    let (_d, db) = fixture();
    let app = app(&db);
    for (body, what) in [
        ("{\"id\": \"x\", \"text\": ", "malformed JSON"),
        ("not json at all", "malformed JSON"),
        ("", "empty"),
        ("[]", "empty"),
        ("42", "JSON object"),
        (r#"{"text":"Japan praised Russia."}"#, "\"id\" is missing"),
        (r#"{"id":"x"}"#, "\"text\" or \"html\""),
        (r#"{"id":"x","text":"   "}"#, "empty"),
        (
            r#"{"id":"x","text":"Japan praised Russia.","published":"27/03/2018"}"#,
            "date",
        ),
        (r#"{"id":["x"],"text":"Japan praised Russia."}"#, "\"id\""),
        (
            "{\"id\":\"ok\",\"text\":\"Japan praised Russia.\"}\n{\"id\":\"bad\"",
            "body:2",
        ),
    ] {
        let (s, v) = post(&app, Some(TOKEN), body).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert!(err(&v).contains(what), "{body}: {v}");
    }
    let (s, _) = send(
        &app,
        Request::post("/api/articles")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::from(vec![0xff, 0xfe, 0x00]))
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // The valid first line of the rejected batch was not stored.
    let (s, _) = get(&app, "/api/articles/ok").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn too_large_bodies_are_413() {
    let (_d, db) = fixture();
    let app = app_with(&db, |c| {
        c.token = Some(TOKEN.into());
        c.body_limit = 1024;
    });
    let big = format!(
        r#"{{"id":"big","text":"{}"}}"#,
        "Japan praised Russia. ".repeat(200)
    );
    let (s, v) = post(&app, Some(TOKEN), &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert!(err(&v).contains("--body-limit"));
    // Without a Content-Length (a streamed body) the limit holds too.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..20).map(|_| Ok(vec![b' '; 200])).collect();
    let stream = Body::from_stream(futures_util::stream::iter(chunks));
    let (s, _) = send(
        &app,
        Request::post("/api/articles")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(stream)
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    // Small enough still works.
    let (s, _) = post(
        &app,
        Some(TOKEN),
        r#"{"id":"small","text":"Japan praised Russia."}"#,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
}

#[tokio::test]
async fn private_mode_guards_reads() {
    let (_d, db) = fixture();
    let mut c = Config::new(&db);
    c.private = true;
    assert!(dyad_server::app(c.clone())
        .unwrap_err()
        .to_string()
        .contains("--token"));
    c.token = Some(TOKEN.into());
    let app = dyad_server::app(c).unwrap();
    let (s, _) = get(&app, "/api/events").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = get(&app, "/api/articles").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = send(
        &app,
        Request::get("/api/events")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = get(&app, "/api/health").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn startup_errors_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let e = dyad_server::app(Config::new(&missing))
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not exist") && e.contains("--token"), "{e}");
    // With a token the database is created.
    let mut c = Config::new(&missing);
    c.token = Some("t".into());
    assert!(dyad_server::app(c).is_ok());
    let foreign = dir.path().join("foreign.db");
    std::fs::write(&foreign, "not a database").unwrap();
    assert!(dyad_server::app(Config::new(&foreign)).is_err());
}

#[tokio::test]
async fn hostile_inputs_never_give_500() {
    let (_d, db) = fixture();
    let app = app(&db);
    let values = [
        "",
        "%00",
        "%27%3B%20DROP%20TABLE%20events%3B--",
        "%E2%80%AE%F0%9F%92%A5",
        "-1",
        "99999999999999999999999",
        "NaN",
        "inf",
        "1e309",
        "%25",
        "_",
        "%22",
        "NEAR(",
        "*",
        "JPN,RUS,CHN",
        &"A".repeat(5000),
    ];
    let params = [
        (
            "/api/events",
            &[
                "actor", "dyad", "code", "root", "mode", "since", "until", "q", "limit", "offset",
                "directed",
            ][..],
        ),
        (
            "/api/relations?a=JPN&b=RUS",
            &["by", "since", "until", "directed", "all_modes"][..],
        ),
        ("/api/relations?b=RUS", &["a"][..]),
        (
            "/api/alerts",
            &["by", "window", "z", "limit", "since", "at", "min_events"][..],
        ),
        (
            "/api/search?q=Japan",
            &["actor", "code", "since", "until", "limit", "offset"][..],
        ),
        ("/api/search", &["q"][..]),
        (
            "/api/articles",
            &["since", "until", "limit", "offset", "source"][..],
        ),
    ];
    for (base, keys) in params {
        for k in keys {
            for v in values {
                let sep = if base.contains('?') { '&' } else { '?' };
                let uri = format!("{base}{sep}{k}={v}");
                let (s, body) = get(&app, &uri).await;
                assert!(s.is_success() || s.is_client_error(), "{uri}: {s} {body}");
            }
        }
    }
    for id in [
        "%00",
        "..%2F..%2Fetc%2Fpasswd",
        "%F0%9F%92%A5",
        &"x".repeat(3000),
    ] {
        let (s, _) = get(&app, &format!("/api/articles/{id}")).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{id}");
    }
}

#[tokio::test]
async fn concurrent_reads_and_writes() {
    let (_d, db) = fixture();
    let app = app(&db);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let body = format!(
                r#"{{"id":"c{i}","text":"Japan praised Russia on Monday. Reference {i}, with words {}.","published":"2022-0{}-07"}}"#,
                "unique ".repeat(i + 1),
                1 + i % 9
            );
            let (s, v) = post(&app, Some(TOKEN), &body).await;
            assert!(s.is_success(), "{v}");
        }));
    }
    for _ in 0..24 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let (s, v) = get(&app, "/api/relations?a=JPN&b=RUS").await;
            assert_eq!(s, StatusCode::OK, "{v}");
            let (s, _) = get(&app, "/api/events?dyad=JPN,RUS").await;
            assert_eq!(s, StatusCode::OK);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (_, v) = get(&app, "/api/articles").await;
    assert_eq!(v["total"], 12);
}

#[tokio::test]
async fn relations_cache_follows_every_writer() {
    let (_d, db) = fixture();
    let app = app(&db);
    let uri = "/api/relations?a=JPN&b=RUS&since=2021-01-01&until=2021-12-31";
    let (_, v) = get(&app, uri).await;
    assert_eq!(v["total_events"], 0);
    let (_, again) = get(&app, uri).await;
    assert_eq!(v, again);
    // A write through the API is seen at once.
    let (s, _) = post(
        &app,
        Some(TOKEN),
        r#"{"id":"n1","text":"Japan praised Russia on Monday.","published":"2021-03-08"}"#,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, v) = get(&app, uri).await;
    assert_eq!(v["total_events"], 1, "{v}");
    // So is a write by another connection (e.g. `dyad ingest` running alongside).
    let store = Store::open(&db).unwrap();
    dyad_store::ingest(
        store,
        &dyad_server::pipeline(),
        std::iter::once(Ok(article(
            "n2",
            "2021-06-07",
            "Russia praised Japan on Monday for the agreement.",
        ))),
        &IngestOptions::default(),
        &|_| {},
    )
    .unwrap();
    let (_, v) = get(&app, uri).await;
    assert_eq!(v["total_events"], 2, "{v}");
}

/// Issue 14, item 7: role codes match as prefixes of the full actor code, as
/// the docs and the API's own error text say.
#[tokio::test]
async fn role_codes_match_as_prefixes() {
    let (_dir, db) = fixture();
    let app = app(&db);
    let (s, v) = get(&app, "/api/relations?a=JPNGOV&b=RUS&by=year").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!(v["total_events"].as_u64().unwrap() > 0, "{v}");
    let (s, v) = get(&app, "/api/events?dyad=JPNGOV,RUS").await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{v}");
    assert!(items
        .iter()
        .all(|e| e["source"].as_str().unwrap().starts_with("JPNGOV")
            || e["target"].as_str().unwrap().starts_with("JPNGOV")));
    // A role alone does not widen to the country: JPNMIL has no events here.
    let (_, v) = get(&app, "/api/relations?a=JPNMIL&b=RUS&by=year").await;
    assert_eq!(v["total_events"], 0, "{v}");
}
