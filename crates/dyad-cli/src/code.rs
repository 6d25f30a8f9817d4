//! `dyad code`: stream articles through the pipeline in parallel, events out in input order.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use dyad_core::input::{Problem, Reader};
use dyad_core::output::{EventRecord, Format, RecordWriter};
use rayon::prelude::*;

use crate::{inputs, parse_date_flag, Dicts, OutFormat};

/// Articles coded together; output order is kept within and across batches.
const BATCH: usize = 256;

#[derive(Args)]
pub struct CodeArgs {
    /// Files (.txt, .html, .htm, .jsonl), folders (read recursively, sorted), or - for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for articles that do not carry one.
    #[arg(long)]
    published: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutFormat,
    /// Modes to write: `all` or a list such as `asserted,planned` (default: all;
    /// for gdelt, asserted only, since GDELT rows have no mode column).
    #[arg(long, value_name = "MODES")]
    modes: Option<String>,
    /// Year for articles whose dateline gives a month and day but no year
    /// ("TOKYO, March 3 (Reuters) -"), when nothing else dates them.
    #[arg(long, value_name = "YYYY")]
    published_year: Option<String>,
    /// Article id for plain text read from stdin (default: `stdin-` and a hash of the text).
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    /// JSONL only: before each article's events, write a line
    /// `{"record":"article","article":ID,"published":...,"source":...,"simhash":"16 hex digits",...}`
    /// with the SimHash and hashed 4-shingles of its cleaned text and the source it counts as, so a
    /// job spread over machines can count syndicated copies once (see
    /// examples/spark). Event lines are unchanged and have no `record` field.
    #[arg(long)]
    simhash: bool,
    #[command(flatten)]
    dicts: Dicts,
}

/// One article's result, with its `--simhash` line when asked for.
enum Coded {
    Events(Vec<EventRecord>, Option<ArticleLine>),
    /// The article's id and language.
    NotEnglish(String, dyad_core::language::Language, Option<ArticleLine>),
}

/// The per-article line of `--simhash`: what grouping syndicated copies
/// needs, computed as `dyad ingest` computes it.
#[derive(serde::Serialize)]
struct ArticleLine {
    record: &'static str,
    article: String,
    published: Option<String>,
    url: Option<String>,
    /// The given source, else the URL's host (what `num_sources` counts).
    source: Option<String>,
    /// SimHash of the cleaned text as 16 hex digits (JSON numbers lose
    /// precision above 2^53); null when the text has no words.
    simhash: Option<String>,
    /// The hashed word 4-shingles of the cleaned text, 16 hex digits each,
    /// sorted and concatenated: what the store's second tier compares
    /// (Jaccard similarity) for copies a few bits further away.
    shingles: String,
    /// ISO 639-3 code of the detected language, when detected.
    language: Option<String>,
    /// Whether the article was coded (false: not in English).
    coded: bool,
    /// Events the article yielded (before any --modes filter).
    events: usize,
}

impl ArticleLine {
    fn new(doc: &dyad_core::Document, coded: bool, events: usize) -> ArticleLine {
        ArticleLine {
            record: "article",
            article: doc.id.clone(),
            published: doc.published.map(|d| d.format("%Y-%m-%d").to_string()),
            url: doc.url.clone(),
            source: dyad_store::ingest::counted_source(doc),
            simhash: dyad_store::simhash::simhash(&doc.text).map(|h| format!("{h:016x}")),
            shingles: {
                let mut sh: Vec<u64> = dyad_store::simhash::shingles(&doc.text)
                    .into_iter()
                    .collect();
                sh.sort_unstable();
                sh.iter().map(|h| format!("{h:016x}")).collect()
            },
            language: doc.language.as_ref().map(|l| l.code.clone()),
            coded,
            events,
        }
    }
}

/// Counts for the summary line.
#[derive(Default)]
pub struct Tally {
    /// Articles read (coded, skipped or not in English).
    pub read: usize,
    pub coded: usize,
    skipped: usize,
    pub events: usize,
    /// Events written without any date (none of their own, no publication date).
    undated: usize,
    /// Events not written because of their mode, by mode.
    modes_left_out: BTreeMap<String, usize>,
    /// Articles not coded because they are not in English, by language name.
    not_english: BTreeMap<String, usize>,
}

pub fn run(a: CodeArgs) -> Result<ExitCode, String> {
    let published = parse_date_flag(a.published.as_deref())?;
    let modes = inputs::modes_for(a.modes.as_deref(), matches!(a.format, OutFormat::Gdelt))?;
    if a.simhash && !matches!(a.format, OutFormat::Jsonl) {
        return Err("--simhash adds a JSON line per article: use it with --format jsonl".into());
    }
    let with_simhash = a.simhash;
    let pipeline = a.dicts.pipeline()?;
    let (paths, missing) = inputs::existing_paths(&a.paths);
    if paths.is_empty() {
        eprintln!("dyad: nothing to read");
        return Ok(ExitCode::from(1));
    }
    let format = match a.format {
        OutFormat::Jsonl => Format::Jsonl,
        OutFormat::Csv => Format::Csv,
        OutFormat::Gdelt => Format::Gdelt,
    };
    let stdout = io::stdout();
    let mut out = RecordWriter::new(io::BufWriter::new(stdout.lock()), format);
    let progress = if io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    progress.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos} articles coded, {msg} [{elapsed}] {per_sec}",
        )
        .expect("static template"),
    );
    let mut tally = Tally::default();
    let mut reader = Reader::new(&paths);
    let left_out = inputs::left_out_line(reader.left_out());
    let prepare = inputs::Prepare {
        stdin_id: a.id.clone(),
        published_year: inputs::year_arg(a.published_year.as_deref())?,
    };
    if out.header().is_err() {
        return Ok(ExitCode::SUCCESS);
    }
    let run = Run {
        pipeline: &pipeline,
        published,
        modes: modes.clone(),
        prepare,
        with_simhash,
    };
    let broken_pipe = code_all(&run, &mut reader, &mut out, &progress, &mut tally)?;
    progress.finish_and_clear();
    if broken_pipe {
        return Ok(ExitCode::SUCCESS);
    }
    let _ = out.flush();
    if let Some(l) = left_out {
        eprintln!("dyad: {l}");
    }
    if let Some(l) = inputs::modes_left_out_line(&tally.modes_left_out, format == Format::Gdelt) {
        eprintln!("dyad: {l}");
    }
    if tally.undated > 0 {
        eprintln!("dyad: {}", crate::undated_line(tally.undated, tally.events));
    }
    let plural = dyad_store::ingest::plural;
    let not_english = if tally.not_english.is_empty() {
        String::new()
    } else {
        let langs: Vec<String> = tally
            .not_english
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        format!(
            ", {} not in English ({})",
            tally.not_english.values().sum::<usize>(),
            langs.join(", ")
        )
    };
    eprintln!(
        "dyad: {} read, {} coded, {} skipped{}{not_english}; {}",
        plural(tally.read, "article", "articles"),
        tally.coded,
        tally.skipped,
        if missing > 0 {
            format!(", {} missing", plural(missing, "path", "paths"))
        } else {
            String::new()
        },
        plural(tally.events, "event", "events")
    );
    let _ = io::stderr().flush();
    Ok(
        if (tally.coded == 0 && tally.not_english.is_empty()) || missing > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// What a coding run needs besides its input and output.
pub struct Run<'a> {
    pub pipeline: &'a dyad_core::Pipeline,
    pub published: Option<chrono::NaiveDate>,
    /// Modes to write; `None`: all.
    pub modes: Option<Vec<dyad_core::Mode>>,
    pub prepare: inputs::Prepare,
    /// Write the `--simhash` line before each article's events.
    pub with_simhash: bool,
}

/// Codes all that `reader` yields into `out`, `BATCH` articles at a time on
/// the current rayon pool, events in input order: the path of `dyad code`,
/// which `dyad bench` times. Returns `true` when the output was closed
/// (broken pipe).
pub fn code_all<W: Write>(
    run: &Run,
    reader: &mut Reader,
    out: &mut RecordWriter<W>,
    progress: &indicatif::ProgressBar,
    tally: &mut Tally,
) -> Result<bool, String> {
    loop {
        let batch: Vec<_> = reader.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let coded: Vec<Result<Coded, Problem>> = batch
            .into_par_iter()
            .map(|item| {
                let mut article = run.prepare.apply(item)?;
                if article.published.is_none() {
                    article.published = run.published;
                }
                let origin = article.origin.clone();
                let named = origin.clone();
                catch_unwind(AssertUnwindSafe(|| {
                    let doc = run.pipeline.code(article);
                    match doc.language.clone().filter(|l| !l.coded) {
                        Some(l) => {
                            let line = run.with_simhash.then(|| ArticleLine::new(&doc, false, 0));
                            Coded::NotEnglish(named, l, line)
                        }
                        None => {
                            let events = EventRecord::all(&doc);
                            let line = run
                                .with_simhash
                                .then(|| ArticleLine::new(&doc, true, events.len()));
                            Coded::Events(events, line)
                        }
                    }
                }))
                .map_err(|_| Problem {
                    origin,
                    message: "internal error while coding this article (please report it); skipped"
                        .into(),
                })
            })
            .collect();
        for r in coded {
            tally.read += 1;
            let line = match &r {
                Ok(Coded::Events(_, line)) | Ok(Coded::NotEnglish(_, _, line)) => line.as_ref(),
                Err(_) => None,
            };
            if let Some(line) = line {
                let w = out.get_mut();
                if let Err(err) = serde_json::to_writer(&mut *w, line)
                    .map_err(io::Error::from)
                    .and_then(|()| w.write_all(b"\n"))
                {
                    if err.kind() == io::ErrorKind::BrokenPipe {
                        return Ok(true);
                    }
                    return Err(format!("cannot write output: {err}"));
                }
            }
            match r {
                Ok(Coded::NotEnglish(origin, l, _)) => {
                    *tally.not_english.entry(l.name.clone()).or_default() += 1;
                    progress.suspend(|| {
                        eprintln!(
                            "dyad: not coded {origin}: {l}; dyad codes English only (see --lang)"
                        )
                    });
                }
                Ok(Coded::Events(events, _)) => {
                    tally.coded += 1;
                    for e in &events {
                        if run.modes.as_ref().is_some_and(|m| !m.contains(&e.mode)) {
                            *tally.modes_left_out.entry(e.mode.to_string()).or_default() += 1;
                            continue;
                        }
                        tally.events += 1;
                        if e.date.is_none() && e.published.is_none() {
                            tally.undated += 1;
                        }
                        if let Err(err) = out.write(e) {
                            if err.kind() == io::ErrorKind::BrokenPipe {
                                return Ok(true);
                            }
                            return Err(format!("cannot write output: {err}"));
                        }
                    }
                }
                Err(p) => {
                    tally.skipped += 1;
                    progress.suspend(|| eprintln!("dyad: skipped {p}"));
                }
            }
            progress.inc(1);
            progress.set_message(format!("{} events", tally.events));
        }
        if let Err(err) = out.flush() {
            if err.kind() == io::ErrorKind::BrokenPipe {
                return Ok(true);
            }
            return Err(format!("cannot write output: {err}"));
        }
    }
    Ok(false)
}
