//! Commands over the event database (`dyad-store`): ingest, relations,
//! alerts, show, search, export and ingest-bench.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use dyad_core::input::{Article, Reader};
use dyad_core::output::EventRecord;
use dyad_store::alerts::{AlertQuery, EVIDENCE};
use dyad_store::export::ExportFormat;
use dyad_store::ingest::Report;
use dyad_store::relations::{Period, SeriesQuery};
use dyad_store::{Filter, IngestOptions, Store};
use rayon::prelude::*;

use crate::{inputs, parse_date_flag, Dicts};

/// The database file.
#[derive(Args, Clone)]
pub struct DbArg {
    /// The dyad database (SQLite).
    #[arg(long, default_value = "dyad.db", value_name = "PATH")]
    db: PathBuf,
}

fn date_arg(name: &str, s: &Option<String>) -> Result<Option<NaiveDate>, String> {
    s.as_deref()
        .map(|v| dyad_core::input::parse_day(v).map_err(|e| format!("{name}: {e}")))
        .transpose()
}

/// An actor argument as a code: a code is checked against the dictionaries,
/// a name the coder knows ("Japan", "the Kremlin") is read as its code with a
/// note; anything else is refused with what to type instead.
fn actor_arg(param: &str, v: &str) -> Result<String, String> {
    use dyad_store::codes::{unknown_code_message, KnownCodes, Resolved};
    let pipeline = dyad_core::Pipeline::builtin();
    match KnownCodes::new(&pipeline).resolve(&pipeline, v) {
        Some(Resolved::Code(c)) => Ok(c),
        Some(Resolved::Name(c)) => {
            eprintln!("dyad: note: {param} {v:?} read as {c}");
            Ok(c)
        }
        None => Err(format!(
            "{}; a country or organisation name works too (Japan, \"United Nations\")",
            unknown_code_message(param, &format!("{v:?}"))
        )),
    }
}

fn plover_arg(s: &Option<String>) -> Result<Option<String>, String> {
    s.as_deref()
        .map(|v| {
            let up = v.to_uppercase();
            if dyad_core::plover::EVENT_TYPES.contains(&up.as_str()) {
                Ok(up)
            } else {
                Err(format!(
                    "--plover: expected a PLOVER event type ({}), got {v:?}",
                    dyad_core::plover::EVENT_TYPES.join(", ")
                ))
            }
        })
        .transpose()
}

fn period_arg(s: &str) -> Result<Period, String> {
    Period::parse(s)
        .ok_or_else(|| format!("--by: expected week, month, quarter or year, got {s:?}"))
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = if io::stderr().is_terminal() {
        indicatif::ProgressBar::new_spinner()
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {pos} articles stored, {msg} [{elapsed}] {per_sec}",
        )
        .expect("static template"),
    );
    bar
}

#[derive(Args)]
pub struct IngestArgs {
    /// Files (.txt, .html, .htm, .jsonl), folders (read recursively, sorted), or - for stdin.
    /// With none, only creates or upgrades the database.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    /// Publication date (YYYY-MM-DD) for articles that do not carry one.
    #[arg(long)]
    published: Option<String>,
    /// Re-code articles already stored unchanged (after changing dictionaries).
    #[arg(long)]
    recode: bool,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Year for articles whose dateline gives a month and day but no year
    /// ("TOKYO, March 3 (Reuters) -"), when nothing else dates them.
    #[arg(long, value_name = "YYYY")]
    published_year: Option<String>,
    /// Article id for plain text read from stdin (default: `stdin-` and a hash
    /// of the text). An article stored under the same id is replaced.
    #[arg(long, value_name = "ID")]
    id: Option<String>,
    #[command(flatten)]
    dicts: Dicts,
}

pub fn ingest(a: IngestArgs) -> Result<ExitCode, String> {
    let published = parse_date_flag(a.published.as_deref())?;
    let pipeline = a.dicts.pipeline()?;
    if a.paths.is_empty() {
        Store::open(&a.db.db).map_err(|e| e.to_string())?;
        eprintln!("dyad: {} is ready (no articles given)", a.db.db.display());
        return Ok(ExitCode::SUCCESS);
    }
    let (paths, missing) = inputs::existing_paths(&a.paths);
    let mut reader = Reader::new(&paths);
    let left_out = inputs::left_out_line(reader.left_out());
    let prepare = inputs::Prepare {
        stdin_id: a.id.clone(),
        published_year: inputs::year_arg(a.published_year.as_deref())?,
    };
    // Read up to the first good article before touching the database, so a
    // run that can read nothing creates nothing.
    let mut leading = Vec::new();
    let first = loop {
        match reader.next() {
            None => break None,
            Some(Ok(art)) => break Some(art),
            Some(Err(p)) => leading.push(p),
        }
    };
    let Some(first) = first else {
        for p in &leading {
            eprintln!("dyad: skipped {p}");
        }
        if let Some(l) = left_out {
            eprintln!("dyad: {l}");
        }
        eprintln!(
            "dyad: no article could be read; {} was not {}",
            a.db.db.display(),
            if a.db.db.exists() {
                "changed"
            } else {
                "created"
            }
        );
        return Ok(ExitCode::from(1));
    };
    let articles = leading
        .into_iter()
        .map(Err)
        .chain(std::iter::once(Ok(first)))
        .chain(reader)
        .map(|item| prepare.apply(item));
    let store = Store::open(&a.db.db).map_err(|e| e.to_string())?;
    let progress = progress_bar();
    let opts = IngestOptions {
        published,
        recode: a.recode,
        batch: a.batch,
    };
    let report = |r: Report| {
        match r {
        Report::Skipped(p) => progress.suspend(|| eprintln!("dyad: skipped {p}")),
        Report::Replaced {
            id,
            origin,
            events_before,
        } => progress.suspend(|| {
            eprintln!(
                "dyad: replaced article {id:?} ({origin}): this id was stored with other content, whose {} were removed (give each article its own id to keep both)",
                dyad_store::ingest::plural(events_before, "event", "events")
            )
        }),
        Report::NotEnglish { origin, language } => progress.suspend(|| {
            eprintln!("dyad: not coded {origin}: {language}; dyad codes English only (stored with its language)")
        }),
        Report::Committed(t) => {
            progress.set_position(t.read as u64);
            progress.set_message(format!("{} events, {} copies", t.events, t.duplicates));
        }
    }
    };
    let started = Instant::now();
    let result = dyad_store::ingest(store, &pipeline, articles, &opts, &report);
    progress.finish_and_clear();
    let tally = result.map_err(|e| {
        format!("{e}\n(batches committed before the error are kept; running the same command again resumes)")
    })?;
    if let Some(l) = left_out {
        eprintln!("dyad: {l}");
    }
    if tally.undated > 0 {
        eprintln!(
            "dyad: {} ({} without a publication date)",
            crate::undated_line(tally.undated, tally.events),
            dyad_store::ingest::plural(tally.undated_articles, "article", "articles")
        );
    }
    eprintln!(
        "dyad: {tally}{} in {:.1}s into {}",
        if missing > 0 {
            format!(
                "; {} missing",
                dyad_store::ingest::plural(missing, "path", "paths")
            )
        } else {
            String::new()
        },
        started.elapsed().as_secs_f64(),
        a.db.db.display()
    );
    Ok(
        if missing > 0 || (tally.read > 0 && tally.skipped == tally.read) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

#[derive(Args)]
pub struct RelationsArgs {
    /// First actor: a country or IGO code (JPN, RUS, NATO).
    a: String,
    /// Second actor.
    b: String,
    /// Only events with A as source and B as target.
    #[arg(long)]
    directed: bool,
    /// Period length: week, month, quarter or year (default: from the
    /// events' span: year beyond five years, quarter beyond two, else month).
    #[arg(long)]
    by: Option<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Count negated and hypothetical events too.
    #[arg(long)]
    all_modes: bool,
    /// Only events of this PLOVER event type (AGREE, CONSULT, ... ASSAULT).
    #[arg(long)]
    plover: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: TableFormat,
    /// Also draw the series to an SVG file.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    #[command(flatten)]
    db: DbArg,
}

pub fn relations(a: RelationsArgs) -> Result<ExitCode, String> {
    let chosen = a.by.as_deref().map(period_arg).transpose()?;
    let mut q = SeriesQuery {
        a: actor_arg("A", &a.a)?,
        b: actor_arg("B", &a.b)?,
        directed: a.directed,
        period: chosen.unwrap_or(Period::Month),
        since: date_arg("--since", &a.since)?,
        until: date_arg("--until", &a.until)?,
        all_modes: a.all_modes,
        plover: plover_arg(&a.plover)?,
    };
    if let Some(p) = &a.plot {
        if p.extension().and_then(|e| e.to_str()) != Some("svg") {
            return Err(format!(
                "--plot {}: only SVG is supported; name the file .svg",
                p.display()
            ));
        }
    }
    let store = Store::open_read_only(&a.db.db).map_err(|e| e.to_string())?;
    let obs = dyad_store::relations::observations(&store, &q).map_err(|e| e.to_string())?;
    if chosen.is_none() {
        let days = obs.iter().map(|o| o.0);
        if let (Some(first), Some(last)) = (
            q.since.or_else(|| days.clone().min()),
            q.until.or_else(|| days.max()),
        ) {
            q.period = dyad_store::relations::period_for_span(first, last);
            eprintln!(
                "dyad: by {} (the events span {first} to {last}; --by week|month|quarter|year to choose)",
                q.period.name()
            );
        }
    }
    let points = dyad_store::relations::aggregate(&obs, q.period, q.since, q.until)
        .map_err(|e| e.to_string())?;
    let arrow = if q.directed { "→" } else { "–" };
    let title = format!("{}{arrow}{} relations", q.a, q.b);
    let text = match a.format {
        TableFormat::Table => {
            dyad_store::relations::render_table(&format!("{title} by {}", q.period.name()), &points)
        }
        TableFormat::Csv => dyad_store::relations::render_csv(&points),
        TableFormat::Json => {
            serde_json::to_string_pretty(&points).map_err(|e| e.to_string())? + "\n"
        }
    };
    print!("{text}");
    if points.is_empty() && a.format == TableFormat::Table {
        eprintln!(
            "dyad: no {} events between {} and {} in {}{} (`dyad export --actor {}` lists what there is)",
            if q.all_modes { "" } else { "asserted or planned" },
            q.a,
            q.b,
            a.db.db.display(),
            if q.since.is_some() || q.until.is_some() {
                " in these dates"
            } else {
                ""
            },
            q.a
        );
    }
    if let Some(p) = &a.plot {
        dyad_store::plot::relations_svg(p, &title, &points).map_err(|e| e.to_string())?;
        eprintln!("dyad: chart written to {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct AlertsArgs {
    /// Ignore events before this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Test the period containing this day (default: the newest publication date).
    #[arg(long)]
    at: Option<String>,
    /// Period length: week, month, quarter or year (default: from the
    /// events' span: year beyond five years, quarter beyond two, else month).
    #[arg(long)]
    by: Option<String>,
    /// Trailing periods each dyad is compared with.
    #[arg(long, default_value_t = 12)]
    window: usize,
    /// Smallest |z| reported.
    #[arg(long, default_value_t = 2.0)]
    z: f64,
    /// Most alerts shown.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Events a dyad needs in the tested period.
    #[arg(long, default_value_t = 1)]
    min_events: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

pub fn alerts(a: AlertsArgs) -> Result<ExitCode, String> {
    let store = Store::open_read_only(&a.db.db).map_err(|e| e.to_string())?;
    let period = match a.by.as_deref() {
        Some(by) => period_arg(by)?,
        None => match dyad_store::browse::day_span(&store).map_err(|e| e.to_string())? {
            Some((first, last)) => dyad_store::relations::period_for_span(first, last),
            None => Period::Month,
        },
    };
    let q = AlertQuery {
        period,
        window: a.window.max(1),
        z: a.z,
        limit: a.limit,
        since: date_arg("--since", &a.since)?,
        at: date_arg("--at", &a.at)?,
        min_events: a.min_events,
    };
    let (current, found) = dyad_store::alerts::alerts(&store, &q).map_err(|e| e.to_string())?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&found).map_err(|e| e.to_string())?
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(current) = current else {
        println!("no dated articles in {}", a.db.db.display());
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "{} with |z| >= {} in {} against the previous {} {}s",
        dyad_store::ingest::plural(found.len(), "dyad", "dyads"),
        q.z,
        q.period.label(q.period.start(current)),
        q.window,
        q.period.name()
    );
    if found.is_empty() {
        eprintln!(
            "dyad: no dyad departs that far from its own history in {} (a dyad is tested when it has events in at least {} earlier {}s); \
             try another {} with --at YYYY-MM-DD, another --by, or a lower --z",
            q.period.label(q.period.start(current)),
            dyad_store::alerts::MIN_HISTORY,
            q.period.name(),
            q.period.name()
        );
    }
    for (i, al) in found.iter().enumerate() {
        println!(
            "\n{}. {}–{}  score {:.1} ({})  {} events",
            i + 1,
            al.a,
            al.b,
            al.score,
            al.driver.replace('_', " "),
            al.events
        );
        println!(
            "   Goldstein mean {:+.2} vs {:+.2} ± {:.2} (z {:+.1}); conflict share {:.0}% vs {:.0}% (z {:+.1}); events {} vs {:.1} (z {:+.1}); {} periods of history",
            al.goldstein.current,
            al.goldstein.mean,
            al.goldstein.sd,
            al.goldstein.z,
            al.conflict_share.current * 100.0,
            al.conflict_share.mean * 100.0,
            al.conflict_share.z,
            al.count.current,
            al.count.mean,
            al.count.z,
            al.history_periods
        );
        for e in &al.evidence {
            let r = &e.record;
            println!(
                "   - {} {}→{} {} ({:+.1}) {} [{}]: {}",
                e.day.map_or("?".to_string(), |d| d.to_string()),
                r.source,
                r.target,
                r.cameo,
                r.goldstein,
                r.mode,
                r.article,
                r.sentence
            );
        }
        if al.event_ids.len() > EVIDENCE {
            println!("   … and {} more events", al.event_ids.len() - EVIDENCE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ShowArgs {
    /// The article id (as in the `article` field of events).
    id: String,
    #[command(flatten)]
    db: DbArg,
}

pub fn show(a: ShowArgs) -> Result<ExitCode, String> {
    let store = Store::open_read_only(&a.db.db).map_err(|e| e.to_string())?;
    let Some(art) = dyad_store::search::article(&store, &a.id).map_err(|e| e.to_string())? else {
        return Err(format!(
            "no article {:?} in {} (`dyad search WORDS` finds ids)",
            a.id,
            a.db.db.display()
        ));
    };
    let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    println!("{}", art.title.clone().unwrap_or_else(|| art.id.clone()));
    println!("id:        {}", art.id);
    println!("published: {}", o(&art.published));
    println!("source:    {}", o(&art.source));
    println!("url:       {}", o(&art.url));
    if let Some(orig) = &art.duplicate_of {
        println!("copy of:   {orig} (its events are stored there)");
    }
    if !art.copies.is_empty() {
        println!("copies:    {}", art.copies.join(", "));
    }
    println!("\nSummary\n  {}", art.summary);
    println!("\nEvents ({})", art.events.len());
    for e in &art.events {
        let r = &e.record;
        println!(
            "  {} {} {}→{} {} ({:+.1}, Q{}) {}{}  articles {}, sources {}\n      {}",
            r.sentence_index,
            e.day.map_or("?".to_string(), |d| d.to_string()),
            r.source,
            r.target,
            r.cameo,
            r.goldstein,
            r.quad_class,
            r.mode,
            r.date_text
                .as_deref()
                .map(|t| format!(" (\"{t}\")"))
                .unwrap_or_default(),
            e.num_articles,
            e.num_sources,
            r.sentence
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Filters shared by search and export.
#[derive(Args)]
pub struct FilterArgs {
    /// Only events with this actor (code or prefix: JPN, JPNGOV, NATO), either side.
    #[arg(long)]
    actor: Option<String>,
    /// Only events whose CAMEO code starts with this (16, 042).
    #[arg(long)]
    code: Option<String>,
    /// Only events of this PLOVER event type (AGREE, CONSULT, ... ASSAULT).
    #[arg(long)]
    plover: Option<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
}

impl FilterArgs {
    fn filter(&self, query: Option<String>) -> Result<Filter, String> {
        Ok(Filter {
            query,
            actor: self
                .actor
                .as_deref()
                .map(|v| actor_arg("--actor", v))
                .transpose()?,
            code: self.code.clone(),
            plover: plover_arg(&self.plover)?,
            since: date_arg("--since", &self.since)?,
            until: date_arg("--until", &self.until)?,
            modes: None,
        })
    }
}

#[derive(Args)]
pub struct SearchArgs {
    /// Words that must all occur (or FTS5 syntax: "a phrase", OR, NEAR(...), prefix*).
    query: String,
    #[command(flatten)]
    filter: FilterArgs,
    /// Most results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Print JSON lines instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

pub fn search(a: SearchArgs) -> Result<ExitCode, String> {
    let filter = a.filter.filter(None)?;
    let store = Store::open_read_only(&a.db.db).map_err(|e| e.to_string())?;
    // Bold on a terminal; plain text in a pipe or a file, where marks would
    // only be noise to the next program.
    let mark = if !a.json && io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let hits = dyad_store::search::search(&store, &a.query, &filter, a.limit, mark)
        .map_err(|e| e.to_string())?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for h in &hits {
        let r = if a.json {
            serde_json::to_writer(&mut out, h)
                .map_err(io::Error::from)
                .and_then(|_| writeln!(out))
        } else {
            writeln!(
                out,
                "{}\t{}\t{}",
                h.article,
                h.published.as_deref().unwrap_or("-"),
                h.sentence
            )
        };
        if r.is_err() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let _ = out.flush();
    if hits.is_empty() {
        eprintln!("dyad: no matches");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormatArg {
    Jsonl,
    Csv,
    Gdelt,
    Parquet,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PartitionArg {
    Month,
}

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExportFormatArg,
    /// Output file (required for parquet; default stdout); with --partition, a folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Parquet only: write a Hive-partitioned dataset, DIR/year=YYYY/month=M/part-0.parquet,
    /// by the event's day (DuckDB, Spark and pyarrow read year and month from the folders).
    #[arg(long, value_enum)]
    partition: Option<PartitionArg>,
    /// Only events whose sentence matches these words (FTS5 syntax allowed).
    #[arg(long)]
    query: Option<String>,
    /// Modes to export: `all` or a list such as `asserted,planned` (default: all;
    /// for gdelt, asserted only, since GDELT rows have no mode column).
    #[arg(long, value_name = "MODES")]
    modes: Option<String>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    db: DbArg,
}

pub fn export(a: ExportArgs) -> Result<ExitCode, String> {
    let mut filter = a.filter.filter(a.query.clone())?;
    let gdelt = matches!(a.format, ExportFormatArg::Gdelt);
    filter.modes = inputs::modes_for(a.modes.as_deref(), gdelt)?;
    let format = match a.format {
        ExportFormatArg::Jsonl => ExportFormat::Jsonl,
        ExportFormatArg::Csv => ExportFormat::Csv,
        ExportFormatArg::Gdelt => ExportFormat::Gdelt,
        ExportFormatArg::Parquet => ExportFormat::Parquet,
    };
    if format == ExportFormat::Parquet && a.out.is_none() {
        return Err(if a.partition.is_some() {
            "--format parquet --partition month needs --out DIR".into()
        } else {
            "--format parquet needs --out FILE.parquet".into()
        });
    }
    if a.partition.is_some() && format != ExportFormat::Parquet {
        return Err("--partition needs --format parquet".into());
    }
    let store = Store::open_read_only(&a.db.db).map_err(|e| e.to_string())?;
    if let (Some(PartitionArg::Month), Some(dir)) = (a.partition, &a.out) {
        let (n, parts) = dyad_store::export::export_parquet_partitioned(&store, &filter, dir)
            .map_err(|e| e.to_string())?;
        eprintln!(
            "dyad: {n} events exported into {parts} month partitions under {}",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let n = match (&a.out, format) {
        (Some(p), ExportFormat::Parquet) => dyad_store::export::export_parquet(&store, &filter, p),
        (Some(p), _) => {
            let f = std::fs::File::create(p)
                .map_err(|e| format!("cannot create {}: {e}", p.display()))?;
            let mut w = io::BufWriter::new(f);
            let n = dyad_store::export::export_text(&store, &filter, format, &mut w);
            w.flush()
                .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            n
        }
        (None, _) => {
            let stdout = io::stdout();
            let mut w = io::BufWriter::new(stdout.lock());
            let n = dyad_store::export::export_text(&store, &filter, format, &mut w);
            let _ = w.flush();
            n
        }
    };
    match n {
        Ok(n) => {
            if let Some(keep) = &filter.modes {
                let mut left = filter.count_by_mode(&store).map_err(|e| e.to_string())?;
                left.retain(|m, _| !keep.iter().any(|k| k.as_str() == m));
                if let Some(l) = inputs::modes_left_out_line(&left, gdelt) {
                    eprintln!("dyad: {l}");
                }
            }
            eprintln!(
                "dyad: {} exported",
                dyad_store::ingest::plural(n, "event", "events")
            );
            Ok(ExitCode::SUCCESS)
        }
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.to_string().contains("Broken pipe") => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Args)]
pub struct IngestBenchArgs {
    /// Number of synthetic articles.
    #[arg(long, default_value_t = 20_000)]
    articles: usize,
    /// Folder of example articles to build the corpus from.
    #[arg(long, default_value = "examples")]
    from: PathBuf,
    /// Folder for the temporary database (default: the system temp folder).
    #[arg(long)]
    dir: Option<PathBuf>,
    #[command(flatten)]
    dicts: Dicts,
}

/// Countries swapped in to vary the synthetic corpus.
const NAMES: &[&str] = &[
    "Japan", "Russia", "China", "India", "Germany", "Brazil", "France", "Iran", "Turkey", "Egypt",
    "Canada", "Mexico",
];

/// A synthetic corpus of distinct articles: each mixes 3-6 paragraphs drawn
/// from the examples, with countries rotated, so SimHash sees them as
/// different stories; every 20th article is a syndicated copy (another
/// source, a dateline added) of an earlier one, as in real news feeds.
pub fn mixed_corpus(from: &Path, n: usize) -> Result<Vec<Article>, String> {
    let seeds: Vec<Article> = Reader::new(&[from]).filter_map(Result::ok).collect();
    let paragraphs: Vec<String> = seeds
        .iter()
        .flat_map(|s| {
            s.body
                .split("\n\n")
                .map(|p| p.trim().to_string())
                .filter(|p| p.len() > 40)
                .collect::<Vec<_>>()
        })
        .collect();
    if paragraphs.len() < 4 {
        return Err(format!(
            "too few example paragraphs in {} (need 4 or more; use --from DIR)",
            from.display()
        ));
    }
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out: Vec<Article> = Vec::with_capacity(n);
    for i in 0..n {
        if i % 20 == 19 && i >= 7 {
            let orig = &out[i - 7];
            let mut copy = orig.clone();
            copy.id = format!("copy-{i}");
            copy.origin = copy.id.clone();
            copy.source = Some(format!("wire-{}", i % 5));
            copy.body = format!("TOKYO (Wire) - {}", orig.body);
            out.push(copy);
            continue;
        }
        let k = 3 + (rand() % 4) as usize;
        let mut body = String::new();
        for _ in 0..k {
            body.push_str(&paragraphs[(rand() % paragraphs.len() as u64) as usize]);
            body.push_str("\n\n");
        }
        let a = NAMES[(rand() % NAMES.len() as u64) as usize];
        let b = NAMES[(rand() % NAMES.len() as u64) as usize];
        if a != b {
            body = body
                .replace("Japan", "\u{1}")
                .replace(a, "Japan")
                .replace('\u{1}', a);
            body = body
                .replace("Russia", "\u{1}")
                .replace(b, "Russia")
                .replace('\u{1}', b);
        }
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        body.push_str(&format!("Reference {i}.\n"));
        out.push(Article {
            id: format!("bench-{i}"),
            body,
            published: NaiveDate::from_ymd_opt(
                2015 + (i / 336 % 4) as i32,
                month as u32,
                day as u32,
            ),
            source: Some(format!("outlet-{}", i % 7)),
            origin: format!("bench-{i}"),
            ..Article::default()
        });
    }
    Ok(out)
}

pub fn ingest_bench(a: IngestBenchArgs) -> Result<ExitCode, String> {
    let pipeline = a.dicts.pipeline()?;
    let docs = mixed_corpus(&a.from, a.articles)?;
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    eprintln!(
        "dyad ingest-bench: {} articles, {:.1} MiB of text, {} threads",
        docs.len(),
        bytes as f64 / 1048576.0,
        rayon::current_num_threads()
    );
    let t = Instant::now();
    let events: usize = docs
        .par_iter()
        .map(|art| EventRecord::all(&pipeline.code(art.clone())).len())
        .sum();
    let code_secs = t.elapsed().as_secs_f64();

    let dir = a.dir.clone().unwrap_or_else(std::env::temp_dir);
    let db = dir.join(format!("dyad-ingest-bench-{}.db", std::process::id()));
    let cleanup = |db: &Path| {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
    };
    cleanup(&db);
    let run = |docs: &[Article]| -> Result<(dyad_store::Tally, f64), String> {
        let store = Store::open(&db).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let tally = dyad_store::ingest(
            store,
            &pipeline,
            docs.iter().cloned().map(Ok),
            &IngestOptions::default(),
            &|_| {},
        )
        .map_err(|e| e.to_string())?;
        Ok((tally, t.elapsed().as_secs_f64()))
    };
    let first = run(&docs);
    let second = first.as_ref().ok().map(|_| run(&docs));
    let size = (|| -> Result<u64, String> {
        let store = Store::open(&db).map_err(|e| e.to_string())?;
        store.checkpoint().map_err(|e| e.to_string())?;
        drop(store);
        let mut size = 0;
        for ext in ["", "-wal", "-shm"] {
            size += std::fs::metadata(format!("{}{ext}", db.display()))
                .map(|m| m.len())
                .unwrap_or(0);
        }
        Ok(size)
    })();
    cleanup(&db);
    let (tally, ingest_secs) = first?;
    let (again, again_secs) = second.expect("ran after a successful first pass")?;
    let size = size?;
    let rate = |secs: f64| docs.len() as f64 / secs.max(1e-9);
    println!("measure\tvalue");
    println!("articles\t{}", docs.len());
    println!("text MiB\t{:.1}", bytes as f64 / 1048576.0);
    println!(
        "code (all cores, no output) articles/s\t{:.0}",
        rate(code_secs)
    );
    println!(
        "ingest (fresh database) articles/s\t{:.0}",
        rate(ingest_secs)
    );
    println!(
        "ingest rate / code rate\t{:.2}",
        rate(ingest_secs) / rate(code_secs)
    );
    println!(
        "re-ingest (all unchanged) articles/s\t{:.0}",
        rate(again_secs)
    );
    println!(
        "database MiB per 1,000 articles\t{:.2}",
        size as f64 / 1048576.0 / docs.len() as f64 * 1000.0
    );
    println!("database MiB\t{:.1}", size as f64 / 1048576.0);
    println!("events coded / stored\t{events} / {}", tally.events);
    println!("syndicated copies linked\t{}", tally.duplicates);
    println!("unchanged on re-ingest\t{}", again.unchanged);
    Ok(ExitCode::SUCCESS)
}
