//! `dyad code`: stream articles through the pipeline in parallel, events out in input order.

use std::io::{self, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use dyad_core::input::{Problem, Reader};
use dyad_core::output::{EventRecord, Format, RecordWriter};
use rayon::prelude::*;

use crate::{parse_date_flag, Dicts, OutFormat};

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
    #[command(flatten)]
    dicts: Dicts,
}

/// One article's result.
enum Coded {
    Events(Vec<EventRecord>),
    /// The article's id and language.
    NotEnglish(String, dyad_core::language::Language),
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    read: usize,
    coded: usize,
    skipped: usize,
    events: usize,
    /// Articles not coded because they are not in English, by language name.
    not_english: std::collections::BTreeMap<String, usize>,
}

pub fn run(a: CodeArgs) -> Result<ExitCode, String> {
    let published = parse_date_flag(a.published.as_deref())?;
    let pipeline = a.dicts.pipeline()?;
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
    let mut reader = Reader::new(&a.paths);
    let mut broken_pipe = false;
    if out.header().is_err() {
        return Ok(ExitCode::SUCCESS);
    }
    'outer: loop {
        let batch: Vec<_> = reader.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let coded: Vec<Result<Coded, Problem>> = batch
            .into_par_iter()
            .map(|item| {
                let mut article = item?;
                if article.published.is_none() {
                    article.published = published;
                }
                let origin = article.origin.clone();
                let named = origin.clone();
                catch_unwind(AssertUnwindSafe(|| {
                    let doc = pipeline.code(article);
                    match doc.language.clone().filter(|l| !l.coded) {
                        Some(l) => Coded::NotEnglish(named, l),
                        None => Coded::Events(EventRecord::all(&doc)),
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
            match r {
                Ok(Coded::NotEnglish(origin, l)) => {
                    *tally.not_english.entry(l.name.clone()).or_default() += 1;
                    progress.suspend(|| {
                        eprintln!(
                            "dyad: not coded {origin}: {l}; dyad codes English only (see --lang)"
                        )
                    });
                }
                Ok(Coded::Events(events)) => {
                    tally.coded += 1;
                    tally.events += events.len();
                    for e in &events {
                        if let Err(err) = out.write(e) {
                            if err.kind() == io::ErrorKind::BrokenPipe {
                                broken_pipe = true;
                                break 'outer;
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
                broken_pipe = true;
                break;
            }
            return Err(format!("cannot write output: {err}"));
        }
    }
    progress.finish_and_clear();
    if broken_pipe {
        return Ok(ExitCode::SUCCESS);
    }
    let _ = out.flush();
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
        "dyad: {} articles read, {} coded, {} skipped{not_english}; {} events",
        tally.read, tally.coded, tally.skipped, tally.events
    );
    let _ = io::stderr().flush();
    Ok(if tally.coded == 0 && tally.not_english.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
