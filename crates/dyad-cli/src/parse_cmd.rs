//! `dyad parse` and `dyad train-parser`: the dependency parser from the command line.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use dyad_core::parse::{self, conllu, eval, train, Parser};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Args)]
pub struct ParseArgs {
    /// The text to parse (omit to read --file or stdin).
    text: Option<String>,
    /// Read the text from this file.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Score against a CoNLL-U file with its gold tokens: UPOS, UAS, LAS.
    #[arg(long, value_name = "FILE.conllu")]
    eval: Option<PathBuf>,
    /// With --eval: tokenise each sentence's `# text` with dyad's tokeniser instead.
    #[arg(long, requires = "eval")]
    raw: bool,
    /// Use this model instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Measure speed: parse the --eval file's sentences (gold tokens) this many times.
    #[arg(long, value_name = "N", requires = "eval")]
    bench: Option<usize>,
}

#[derive(Args)]
pub struct TrainArgs {
    /// Training data (CoNLL-U).
    #[arg(long, value_name = "FILE")]
    train: PathBuf,
    /// Development data (CoNLL-U), scored after each parser epoch.
    #[arg(long, value_name = "FILE")]
    dev: PathBuf,
    /// Test data (CoNLL-U), scored once at the end.
    #[arg(long, value_name = "FILE")]
    test: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Parser epochs.
    #[arg(long, default_value_t = train::TrainOptions::default().parser_epochs)]
    epochs: usize,
    /// Tagger epochs.
    #[arg(long, default_value_t = train::TrainOptions::default().tagger_epochs)]
    tagger_epochs: usize,
    /// Train on the first N sentences only.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Drop feature rows whose largest weight is below this fraction of the table's scale.
    #[arg(long, default_value_t = train::TrainOptions::default().prune)]
    prune: f64,
    /// Random seed (shuffling and exploration).
    #[arg(long, default_value_t = train::TrainOptions::default().seed)]
    seed: u64,
}

fn load_model(path: &Option<PathBuf>) -> Result<std::borrow::Cow<'static, Parser>, String> {
    match path {
        None => Ok(std::borrow::Cow::Borrowed(parse::builtin())),
        Some(p) => {
            let b = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Parser::from_bytes(&b)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| format!("{}: {e}", p.display()))
        }
    }
}

pub fn parse(a: ParseArgs) -> Result<ExitCode, String> {
    let t0 = Instant::now();
    let model = load_model(&a.model)?;
    let load = t0.elapsed();
    if let Some(path) = &a.eval {
        let sents = conllu::read_file(path).map_err(|e| e.to_string())?;
        if let Some(n) = a.bench {
            return bench(&model, &sents, n, load);
        }
        if a.raw {
            let (sc, skipped) = eval::evaluate_raw(&model, &sents);
            println!(
                "{}: dyad tokeniser on raw text: tokens F1 {:.2}  {}",
                path.display(),
                sc.tokens(),
                sc.render()
            );
            if skipped > 0 {
                println!("({skipped} sentences without usable text skipped)");
            }
        } else {
            let sc = eval::evaluate_gold(&model, &sents);
            println!("{}: gold tokens: {}", path.display(), sc.render());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let text = match (&a.text, &a.file) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => {
            std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?
        }
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| format!("stdin: {e}"))?;
            s
        }
    };
    let mut doc = dyad_core::Document::new(dyad_core::input::Article::text("parse", &text));
    dyad_core::clean::run(&mut doc);
    dyad_core::segment::run(&mut doc);
    let mut out = String::new();
    let mut p = parse::Parse::new();
    for s in &doc.sentences {
        let words: Vec<&str> = s.tokens.iter().map(|t| t.text.as_str()).collect();
        model.parse_into(&words, &mut p);
        conllu::write_parse(&mut out, &words, &p, Some(&doc.text[s.start..s.end]));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn bench(
    model: &Parser,
    sents: &[conllu::Sentence],
    n: usize,
    load: std::time::Duration,
) -> Result<ExitCode, String> {
    let forms: Vec<Vec<&str>> = sents.iter().map(|s| s.forms()).collect();
    let words: usize = forms.iter().map(|f| f.len()).sum();
    let mut p = parse::Parse::new();
    let mut tag_time = 0.0;
    let t = Instant::now();
    for _ in 0..n {
        for f in &forms {
            let t1 = Instant::now();
            std::hint::black_box(model.tag(f));
            tag_time += t1.elapsed().as_secs_f64();
        }
    }
    let _ = t;
    let t = Instant::now();
    for _ in 0..n {
        for f in &forms {
            model.parse_into(f, &mut p);
            std::hint::black_box(&p);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let total = (words * n) as f64;
    println!(
        "model load {:.1} ms; tag+parse: {:.0} tokens/s, {:.0} sentences/s (one thread, {} sentences x {n}); tagger alone: {:.0} tokens/s",
        load.as_secs_f64() * 1000.0,
        total / secs,
        (sents.len() * n) as f64 / secs,
        sents.len(),
        total / tag_time
    );
    Ok(ExitCode::SUCCESS)
}

pub fn train_parser(a: TrainArgs) -> Result<ExitCode, String> {
    let t0 = Instant::now();
    let mut tr = conllu::read_file(&a.train).map_err(|e| e.to_string())?;
    if let Some(n) = a.limit {
        tr.truncate(n);
    }
    let dev = conllu::read_file(&a.dev).map_err(|e| e.to_string())?;
    let opts = train::TrainOptions {
        parser_epochs: a.epochs,
        tagger_epochs: a.tagger_epochs,
        seed: a.seed,
        prune: a.prune,
        ..Default::default()
    };
    eprintln!(
        "training on {} sentences, dev {} sentences",
        tr.len(),
        dev.len()
    );
    let tty = std::io::stderr().is_terminal();
    let mut bar: Option<ProgressBar> = None;
    let mut on = |p: train::Progress| match p {
        train::Progress::Stage { name, steps } => {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            if tty {
                let b = ProgressBar::new(steps);
                b.set_style(
                    ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                b.set_message(name);
                bar = Some(b);
            }
        }
        train::Progress::Step => {
            if let Some(b) = &bar {
                b.inc(1);
            }
        }
        train::Progress::Note(s) => match &bar {
            Some(b) => b.println(s),
            None => eprintln!("{s}"),
        },
    };
    let model = train::train(&tr, &dev, &opts, &mut on);
    if let Some(b) = bar.take() {
        b.finish_and_clear();
    }
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes).map_err(|e| format!("{}: {e}", a.out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0} s",
        a.out.display(),
        bytes.len() as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    let sc = eval::evaluate_gold(&model, &dev);
    println!("dev (gold tokens): {}", sc.render());
    if let Some(t) = &a.test {
        let test = conllu::read_file(t).map_err(|e| e.to_string())?;
        let sc = eval::evaluate_gold(&model, &test);
        println!("test (gold tokens): {}", sc.render());
        let (sc, _) = eval::evaluate_raw(&model, &test);
        println!(
            "test (dyad tokeniser): tokens F1 {:.2}  {}",
            sc.tokens(),
            sc.render()
        );
    }
    Ok(ExitCode::SUCCESS)
}
