//! `dyad`: political event data from raw news articles.
//!
//! A thin command-line layer over `dyad-core`: argument parsing, progress,
//! exit codes. Data goes to stdout, messages to stderr.

mod bench;
mod code;
mod convert;
mod explain;
mod hostile;
mod inputs;
mod parse_cmd;
mod serve;
mod store_cmds;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: coding an article makes and
/// drops many small strings and vectors, and glibc's malloc and free took
/// about a sixth of the instructions per article (docs/scale.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dyad",
    version,
    about = "Political event data from raw news articles: who did what to whom, when."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// Dictionaries added on top of the built-in ones.
#[derive(Args, Clone, Default)]
pub struct Dicts {
    /// An extra actor dictionary (TSV, syntax in data/actors/README.md); repeatable.
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    /// An extra CAMEO pattern file (TSV, syntax in data/cameo/README.md); repeatable.
    #[arg(long = "patterns", value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// A grammar word list changing the built-in one it is named after
    /// (`reporting-verbs.txt`: a word a line adds it, `-word` drops one,
    /// `-*` drops them all; syntax in data/grammar/README.md); repeatable.
    #[arg(long = "grammar", value_name = "FILE")]
    pub grammar: Vec<PathBuf>,
    /// Keep only events between two different countries or IGOs: drop domestic
    /// events (RUSGOV→RUSOPP) and non-state actors of unknown country (---INS).
    #[arg(long)]
    pub interstate: bool,
    /// Languages to code. Only English (en) is supported: the dictionaries and
    /// patterns are English. Each article's language is detected (whatlang);
    /// one in another language is reported with it (German (deu, ...)) and
    /// not coded; ingest stores it with its language, uncoded.
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// Syntax of the --actors and --patterns files: dyad's TSV, PETRARCH/TABARI
    /// dictionaries (verbs, actors, agents), or auto (detected from the content).
    #[arg(long = "dict-format", value_enum, default_value = "auto")]
    pub dict_format: DictFormatArg,
    /// Leave out the converted PETRARCH/Phoenix dictionaries (data/cameo-petrarch,
    /// data/actors-petrarch): dyad's own dictionaries only.
    #[arg(long = "no-petrarch")]
    pub no_petrarch: bool,
    /// A dyad actor file loaded below the built-in ones (for measuring converted dictionaries).
    /// Skip the parse stage: sides and modes are read off the words alone,
    /// about 3x faster per article and a little less accurate (docs/parser.md
    /// has the figures); for very large backlogs.
    #[arg(long = "no-parse")]
    pub no_parse: bool,
    #[arg(long = "fallback-actors", value_name = "FILE", hide = true)]
    pub fallback_actors: Vec<PathBuf>,
    /// A dyad pattern file loaded below the built-in ones (for measuring converted dictionaries).
    #[arg(long = "fallback-patterns", value_name = "FILE", hide = true)]
    pub fallback_patterns: Vec<PathBuf>,
}

#[derive(Clone, Copy, Default, ValueEnum)]
pub enum DictFormatArg {
    #[default]
    Auto,
    Dyad,
    /// PETRARCH or TABARI syntax.
    Petrarch,
}

impl Dicts {
    /// Where the dictionaries come from, or which user file is wrong.
    pub fn sources(&self) -> Result<dyad_core::Sources, String> {
        use dyad_core::dictionaries::DictFormat;
        let fix = |e: String| {
            format!("{e}\n(fix the line above; dyad will not start with a malformed dictionary)")
        };
        let mut s = dyad_core::Sources {
            petrarch: !self.no_petrarch,
            ..Default::default()
        };
        let read = |p: &PathBuf| {
            std::fs::read_to_string(p)
                .map(|t| (p.display().to_string(), t))
                .map_err(|e| format!("{}: cannot read: {e}", p.display()))
        };
        let mut grammar = Vec::new();
        for p in &self.grammar {
            grammar.push(read(p)?);
        }
        dyad_core::grammar::load_user(&grammar).map_err(|e| fix(e.to_string()))?;
        for p in &self.fallback_actors {
            s.fallback_actors.push(read(p)?);
        }
        for p in &self.fallback_patterns {
            s.fallback_patterns.push(read(p)?);
        }
        let format = match self.dict_format {
            DictFormatArg::Auto => DictFormat::Auto,
            DictFormatArg::Dyad => DictFormat::Dyad,
            DictFormatArg::Petrarch => DictFormat::Petrarch,
        };
        s.add_user_files(&self.actors, &self.patterns, format)
            .map_err(|e| fix(e.to_string()))?;
        Ok(s)
    }

    /// Loads the pipeline, or explains which user file is wrong.
    pub fn pipeline(&self) -> Result<dyad_core::Pipeline, String> {
        let mut p = dyad_core::Pipeline::from_sources(&self.sources()?).map_err(|e| {
            format!("{e}\n(fix the line above; dyad will not start with a malformed dictionary)")
        })?;
        p.interstate_only = self.interstate;
        p.parse = !self.no_parse;
        if !dyad_core::language::SUPPORTED.contains(&self.lang.as_str()) {
            return Err(format!(
                "--lang {}: dyad codes {} only (its dictionaries are English); articles in other languages are detected, reported and skipped",
                self.lang,
                dyad_core::language::SUPPORTED.join(", ")
            ));
        }
        Ok(p)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutFormat {
    Jsonl,
    Csv,
    Gdelt,
}

#[derive(Subcommand)]
enum Cmd {
    /// Code articles into events: files (.txt, .html, .jsonl), folders, or - for stdin.
    Code(code::CodeArgs),
    /// Score the coder against a gold event file (articles beside it).
    Eval {
        /// Gold TSV file(s); the articles are <id>.txt beside each.
        #[arg(long)]
        gold: Vec<PathBuf>,
        /// Score against the PETRARCH2 unit-test suite in this folder (records.tsv, actors.tsv,
        /// agents.tsv, and PETR.Validate.verbs.txt as user patterns).
        #[arg(long, value_name = "DIR")]
        petr2: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        dicts: Dicts,
    },
    /// Show how a sentence is coded: tokens, actors, patterns, source/target, date, mode.
    Explain {
        /// The sentence or short text to explain.
        text: String,
        /// Publication date (YYYY-MM-DD) to anchor relative dates.
        #[arg(long)]
        published: Option<String>,
        #[command(flatten)]
        dicts: Dicts,
    },
    /// Show the actors recognised in a text, with spans and codes.
    Actors {
        /// The text (omit with --stats).
        text: Option<String>,
        /// Publication date (YYYY-MM-DD) for dated office-holders.
        #[arg(long)]
        published: Option<String>,
        /// Print dictionary counts instead.
        #[arg(long)]
        stats: bool,
        #[command(flatten)]
        dicts: Dicts,
    },
    /// Measure coding speed and memory on a synthetic corpus built from example articles.
    Bench(bench::BenchArgs),
    /// Code articles into the event database (default ./dyad.db); re-running skips what is stored.
    Ingest(store_cmds::IngestArgs),
    /// Relations between two countries or IGOs over time, from the database.
    Relations(store_cmds::RelationsArgs),
    /// Dyads whose latest period departs from their own history (z-scores).
    Alerts(store_cmds::AlertsArgs),
    /// Show a stored article: title, date, url, summary and events.
    Show(store_cmds::ShowArgs),
    /// Full-text search over stored sentences, with event filters.
    Search(store_cmds::SearchArgs),
    /// Export stored events as JSONL, CSV, GDELT rows or Parquet.
    Export(store_cmds::ExportArgs),
    /// Measure ingest speed and database size against plain coding.
    IngestBench(store_cmds::IngestBenchArgs),
    /// Convert a PETRARCH/TABARI verb dictionary or a Phoenix actor/agent dictionary to dyad's syntax.
    ConvertDict(convert::ConvertArgs),
    /// Serve the JSON API and the web dashboard over the database.
    Serve(serve::ServeArgs),
    /// Load-test the API's relations endpoint against a trivial one, on loopback.
    ServeBench(serve::ServeBenchArgs),
    /// Tag and parse text (CoNLL-U out), or score the parser on a CoNLL-U file.
    Parse(parse_cmd::ParseArgs),
    /// Train the POS tagger and dependency parser from CoNLL-U treebanks.
    TrainParser(parse_cmd::TrainArgs),
}

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, which the
/// bindings do not name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Keep freed memory instead of handing it back to the OS 10 ms later:
    // the next batch of articles would fault it in and the kernel zero it
    // again (a tenth of the CPU time of `dyad code`). Peak memory is the same.
    // SAFETY: sets an allocator option; no other thread is running yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = Cli::parse();
    let r = match cli.cmd {
        Cmd::Code(a) => code::run(a),
        Cmd::Eval {
            gold,
            petr2,
            json,
            dicts,
        } => eval(gold, petr2, json, dicts),
        Cmd::Explain {
            text,
            published,
            dicts,
        } => explain::explain(&text, published.as_deref(), &dicts),
        Cmd::Actors {
            text,
            published,
            stats,
            dicts,
        } => explain::actors(text.as_deref(), published.as_deref(), stats, &dicts),
        Cmd::Bench(a) => bench::run(a),
        Cmd::Ingest(a) => store_cmds::ingest(a),
        Cmd::Relations(a) => store_cmds::relations(a),
        Cmd::Alerts(a) => store_cmds::alerts(a),
        Cmd::Show(a) => store_cmds::show(a),
        Cmd::Search(a) => store_cmds::search(a),
        Cmd::Export(a) => store_cmds::export(a),
        Cmd::IngestBench(a) => store_cmds::ingest_bench(a),
        Cmd::ConvertDict(a) => convert::run(a),
        Cmd::Serve(a) => serve::serve(a),
        Cmd::ServeBench(a) => serve::serve_bench(a),
        Cmd::Parse(a) => parse_cmd::parse(a),
        Cmd::TrainParser(a) => parse_cmd::train_parser(a),
    };
    if std::env::var_os("DYAD_REPORT_PEAK").is_some() {
        // For `dyad bench --hostile`, which runs dyad as a child per case.
        if let Some(m) = bench::peak_rss_mib() {
            eprintln!("dyad: peak-rss-mib {m:.1}");
        }
    }
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e}");
            ExitCode::from(2)
        }
    }
}

fn eval(
    gold: Vec<PathBuf>,
    petr2: Option<PathBuf>,
    json: bool,
    dicts: Dicts,
) -> Result<ExitCode, String> {
    if gold.is_empty() && petr2.is_none() {
        return Err("eval needs something to score against: --gold FILE.tsv (a gold event file with the articles <id>.txt beside it; see Scoring in the README) or --petr2 DIR (the PETRARCH2 unit-test suite, e.g. ../shared/eval/petr2)".into());
    }
    if let Some(dir) = petr2 {
        let r = dyad_core::eval::petr2::evaluate(&dicts.sources()?, &dir, !dicts.no_parse)
            .map_err(|e| e.to_string())?;
        if json {
            println!(
                "{}",
                serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?
            );
        } else {
            print!("{}", dyad_core::eval::petr2::render(&r));
        }
        if gold.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let p = dicts.pipeline()?;
    let mut reports = Vec::new();
    for g in &gold {
        let r = dyad_core::eval::evaluate(&p, g).map_err(|e| e.to_string())?;
        for e in &r.errors {
            eprintln!("dyad: {e}");
        }
        reports.push((g.display().to_string(), r));
    }
    if json {
        let v: Vec<serde_json::Value> = reports
            .iter()
            .map(|(g, r)| serde_json::json!({"gold": g, "report": r}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
    } else {
        for (g, r) in &reports {
            print!("{}", dyad_core::eval::render(r, g));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses a `--published` value or explains the expected format.
pub fn parse_date_flag(s: Option<&str>) -> Result<Option<chrono::NaiveDate>, String> {
    match s {
        None => Ok(None),
        Some(s) => dyad_core::input::parse_published(s)
            .map(Some)
            .map_err(|e| format!("--published: {e}")),
    }
}

/// What to tell the user when events have no date at all.
pub fn undated_line(undated: usize, events: usize) -> String {
    format!(
        "{undated} of {} {} no date (none in the sentence, and no publication date): \
         relations, alerts and date filters leave {} out. Date the articles with --published YYYY-MM-DD, \
         a \"published\" field in JSONL, or --published-year YYYY for datelines without a year (\"TOKYO, March 3 -\")",
        dyad_store::ingest::plural(events, "event", "events"),
        if undated == 1 { "has" } else { "have" },
        if undated == 1 { "it" } else { "them" },
    )
}
