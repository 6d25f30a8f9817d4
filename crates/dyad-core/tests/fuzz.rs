//! Property-based fuzzing on stable Rust (proptest), issue 15: the cleaner
//! (text and HTML), segmenter, date resolver, JSONL reader and dictionary
//! parsers never panic, never hang, and keep their invariants (offsets inside
//! the input, sentences inside the text) on generated hostile input.
//!
//! Cases per property: `PROPTEST_CASES` (default 128; CI runs the default).
//! A longer run: `PROPTEST_CASES=5000 cargo test -p dyad-core --test fuzz`.
//! A failure is shrunk and saved in `tests/fuzz.proptest-regressions`; commit that
//! file so the case is replayed on every run.

use std::io::Write;

use dyad_core::input::{parse_jsonl_line, parse_published, Article, Reader};
use dyad_core::Pipeline;
use proptest::prelude::*;

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(default),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(Pipeline::builtin)
}

/// Pieces that news text and scraped pages are made of, plus the characters
/// that break naive parsers: multi-byte text, entities, stray markup, CR,
/// BOM, NUL-free control characters, digits that look like dates.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Japan praised Russia. ".to_string()),
        Just("China condemned India on Monday. ".to_string()),
        Just("Abe will visit Moscow next year. ".to_string()),
        Just("on March 25, 2018 ".to_string()),
        Just("U.S. ".to_string()),
        Just("Mr. ".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&#99999999;".to_string()),
        Just("ééé".to_string()),
        Just("日本とロシア".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div>".to_string()),
        Just("</x>".to_string()),
        Just("<a ".to_string()),
        Just("<script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("\"".to_string()),
        Just(", ".to_string()),
        Just("• ".to_string()),
        Just("— ".to_string()),
        "[a-zA-Z]{1,12} ",
        "[0-9]{1,6}",
        "\\PC{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat())
}

fn hostile_html() -> impl Strategy<Value = String> {
    hostile_text().prop_map(|t| format!("<html><body>{t}</body></html>"))
}

fn check_document(body: String, is_html: bool, published: Option<chrono::NaiveDate>) {
    let chars = body.chars().count();
    let mut a = Article::text("f", body);
    a.is_html = is_html;
    a.published = published;
    let doc = pipeline().code(a);
    for s in &doc.sentences {
        assert!(s.start <= s.end && s.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(s.start) && doc.text.is_char_boundary(s.end));
        let (cs, ce) = doc.raw_char_span(s.start, s.end);
        assert!(cs <= ce && ce <= chars, "span {cs}..{ce} of {chars} chars");
    }
    for r in dyad_core::output::EventRecord::all(&doc) {
        if let Some(d) = &r.date {
            let y = d.value.split('-').next().unwrap_or("");
            assert!(y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()), "{d}");
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Cleaner + segmenter + coder on text: no panic, spans inside the input.
    #[test]
    fn text_pipeline(body in hostile_text()) {
        check_document(body, false, "2018-03-27".parse().ok());
    }

    /// Cleaner on HTML, structure included.
    #[test]
    fn html_pipeline(body in hostile_html()) {
        check_document(body, true, None);
    }

    /// Raw HTML with no wrapper at all.
    #[test]
    fn bare_html_pipeline(body in hostile_text()) {
        check_document(body, true, None);
    }

    /// The date resolver at any publication date chrono can hold: dates are
    /// either absent or written as four-digit years.
    #[test]
    fn dates_at_any_publication_day(
        days in -100_000_000i64..100_000_000,
        text in prop::collection::vec(prop_oneof![
            Just("yesterday "), Just("next year "), Just("last month "),
            Just("two years ago "), Just("on Monday "), Just("March 25 "),
            Just("in 2016 "), Just("next week "), Just("this week "),
            Just("three days earlier "), Just("Japan praised Russia "),
        ], 1..8).prop_map(|v| v.concat()),
    ) {
        let p = chrono::NaiveDate::from_num_days_from_ce_opt(
            days.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        );
        if let Some(p) = p {
            check_document(format!("{text}."), false, Some(p));
        }
    }

    /// The JSONL line parser on near-JSON: a problem or an article, never a panic.
    #[test]
    fn jsonl_lines(line in prop_oneof![
        "\\PC{0,80}",
        (any::<Option<u64>>(), "\\PC{0,40}", prop_oneof![
            Just(""), Just("2018-03-27"), Just("+262142-12-31"), Just("-1-01-01"), Just("x")
        ]).prop_map(|(id, t, p)| {
            let id = id.map_or("null".to_string(), |n| format!("{n}{n}"));
            serde_json::json!({"text": t, "published": p}).to_string().replacen('{', &format!("{{\"id\":{id},"), 1)
        }),
        Just("[1,2]".to_string()),
        Just("null".to_string()),
        Just("\u{feff}{\"text\":\"a\"}".to_string()),
    ]) {
        if let Ok(a) = parse_jsonl_line(&line, "f.jsonl", 1) {
            prop_assert!(!a.id.is_empty());
            if let Some(d) = a.published {
                prop_assert!(parse_published(&d.to_string()).is_ok());
            }
        }
    }

    /// The reader on arbitrary bytes, as a file of each kind: every line or
    /// file is an article or a problem naming it.
    #[test]
    fn reader_on_arbitrary_bytes(
        bytes in prop::collection::vec(prop_oneof![
            any::<u8>(),
            Just(b'\n'), Just(b'\r'), Just(b'{'), Just(b'"'), Just(0xEF), Just(0xBB), Just(0xBF),
        ], 0..400),
        ext in prop_oneof![Just("txt"), Just("html"), Just("jsonl")],
    ) {
        let dir = tempdir();
        let path = dir.join(format!("f.{ext}"));
        std::fs::File::create(&path).unwrap().write_all(&bytes).unwrap();
        for item in Reader::new(&[&path]) {
            match item {
                Ok(a) => prop_assert!(a.origin.contains("f.")),
                Err(p) => {
                    prop_assert!(p.origin.contains("f."));
                    prop_assert!(!p.message.is_empty());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

proptest! {
    // Each case compiles the built-in dictionaries again: fewer cases.
    #![proptest_config(config(16))]

    /// User actor dictionaries and pattern files: a line-numbered error or a
    /// pipeline, never a panic.
    #[test]
    fn dictionary_parsers(
        actors in prop::collection::vec(dict_line(), 0..6),
        patterns in prop::collection::vec(dict_line(), 0..6),
    ) {
        let dir = tempdir();
        let a = dir.join("a.tsv");
        let p = dir.join("p.tsv");
        std::fs::write(&a, actors.join("\n")).unwrap();
        std::fs::write(&p, patterns.join("\n")).unwrap();
        if let Err(e) = Pipeline::with_user_files(&[a.as_path()], &[]) {
            prop_assert!(!e.to_string().is_empty());
        }
        if let Err(e) = Pipeline::with_user_files(&[], &[p.as_path()]) {
            prop_assert!(!e.to_string().is_empty());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn dict_line() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just(String::new()),
        Just("Japan|Nippon".to_string()),
        Just("~Abe".to_string()),
        Just("JPN".to_string()),
        Just("JPNGOV".to_string()),
        Just("country".to_string()),
        Just("person".to_string()),
        Just("2018-01-01".to_string()),
        Just("+262142-12-31".to_string()),
        Just("042".to_string()),
        Just("* praise +".to_string()),
        Just("[".to_string()),
        Just("|".to_string()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(field, 1..7).prop_map(|f| f.join("\t"))
}

fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "dyad-fuzz-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}
