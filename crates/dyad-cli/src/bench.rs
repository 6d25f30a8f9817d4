//! `dyad bench`: articles per second and peak memory on a synthetic corpus.
//!
//! The corpus is made from the example articles by rotating which countries
//! and dates they mention, so no two articles are identical. Three passes run
//! in the same process on the same corpus, so their ratios compare like with
//! like on this machine: a baseline that only cleans and segments, the full
//! pipeline on one thread, and the full pipeline on all cores.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use dyad_core::input::{Article, Reader};
use rayon::prelude::*;

use crate::Dicts;

#[derive(Args)]
pub struct BenchArgs {
    /// Number of synthetic articles.
    #[arg(long, default_value_t = 20_000)]
    articles: usize,
    /// Folder of example articles to build the corpus from.
    #[arg(long, default_value = "examples")]
    from: PathBuf,
    /// Instead: time and peak memory of hostile inputs (the issue 15 cases)
    /// at 1x, 4x and 16x size beside a normal corpus of the same size.
    #[arg(long)]
    hostile: bool,
    /// With --hostile: the sizes, as multiples of each case's base size.
    #[arg(long, value_delimiter = ',', default_value = "1,4,16")]
    scales: Vec<usize>,
    #[command(flatten)]
    dicts: Dicts,
}

const SWAPS: &[(&str, &str)] = &[
    ("Japan", "Germany"),
    ("Russia", "Brazil"),
    ("China", "India"),
    ("Tokyo", "Berlin"),
    ("Moscow", "Brasilia"),
    ("Beijing", "New Delhi"),
];

/// Builds `n` articles from the examples, each a little different.
pub fn corpus(from: &PathBuf, n: usize) -> Result<Vec<Article>, String> {
    let seeds: Vec<Article> = Reader::new(&[from]).filter_map(Result::ok).collect();
    if seeds.is_empty() {
        return Err(format!(
            "no example articles found in {} (use --from DIR)",
            from.display()
        ));
    }
    Ok((0..n)
        .map(|i| {
            let s = &seeds[i % seeds.len()];
            let mut body = s.body.clone();
            if (i / seeds.len()) % 2 == 1 {
                for (a, b) in SWAPS {
                    body = body.replace(a, b);
                }
            }
            body.push_str(&format!("\n\nReference {i}.\n"));
            Article {
                id: format!("{}-{i}", s.id),
                body,
                published: "2018-03-27".parse().ok(),
                ..s.clone()
            }
        })
        .collect())
}

pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(a: BenchArgs) -> Result<ExitCode, String> {
    if a.hostile {
        crate::hostile::run(&a.from, &a.scales)?;
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = a.dicts.pipeline()?;
    let docs = corpus(&a.from, a.articles)?;
    let bytes: usize = docs.iter().map(|d| d.body.len()).sum();
    eprintln!(
        "dyad bench: {} articles, {:.1} MiB of text, {} threads",
        docs.len(),
        bytes as f64 / 1048576.0,
        rayon::current_num_threads()
    );

    let t = Instant::now();
    let sentences: usize = docs
        .par_iter()
        .map(|art| {
            let mut d = dyad_core::Document::new(art.clone());
            dyad_core::clean::run(&mut d);
            dyad_core::segment::run(&mut d);
            d.sentences.len()
        })
        .sum();
    let base = t.elapsed().as_secs_f64();

    let sample = docs.len().min(2_000);
    let t = Instant::now();
    let mut ev1 = 0;
    for art in &docs[..sample] {
        ev1 += pipeline.code(art.clone()).events.len();
    }
    let single = t.elapsed().as_secs_f64() * docs.len() as f64 / sample as f64;

    let t = Instant::now();
    let events: usize = docs
        .par_iter()
        .map(|art| pipeline.code(art.clone()).events.len())
        .sum();
    let full = t.elapsed().as_secs_f64();

    let rate = |secs: f64| docs.len() as f64 / secs.max(1e-9);
    println!("pass\tarticles/s\tratio to full pipeline");
    println!(
        "baseline: clean + segment, all cores\t{:.0}\t{:.2}",
        rate(base),
        full / base.max(1e-9)
    );
    println!(
        "full pipeline, 1 thread ({} of {} articles)\t{:.0}\t{:.2}",
        sample,
        docs.len(),
        rate(single),
        full / single.max(1e-9)
    );
    println!("full pipeline, all cores\t{:.0}\t1.00", rate(full));
    println!("sentences\t{sentences}\nevents\t{events}\nevents in the 1-thread sample\t{ev1}");
    cli_path(&pipeline, &docs, sentences)?;
    if let Some(m) = peak_rss_mib() {
        println!("peak memory (VmHWM)\t{m:.0} MiB");
    }
    Ok(ExitCode::SUCCESS)
}

/// Times `dyad code`'s own loop (read a JSONL file, code in batches on the
/// rayon pool, write JSONL in input order, here to nowhere) over the corpus,
/// on one thread and on all, in this one run.
fn cli_path(
    pipeline: &dyad_core::Pipeline,
    docs: &[Article],
    sentences: usize,
) -> Result<(), String> {
    use std::io::Write;
    let file = std::env::temp_dir().join(format!("dyad-bench-{}.jsonl", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&file)?);
        for d in docs {
            let body = if d.is_html { "html" } else { "text" };
            let line = serde_json::json!({
                "id": d.id, body: d.body, "url": d.url, "title": d.title, "source": d.source,
                "published": d.published.map(|p| p.to_string()),
            });
            writeln!(w, "{line}")?;
        }
        w.flush()
    };
    write().map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let all = rayon::current_num_threads();
    let mut rates = Vec::new();
    for threads in [1, all] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| e.to_string())?;
        let run = crate::code::Run {
            pipeline,
            published: None,
            modes: None,
            prepare: crate::inputs::Prepare::default(),
            with_simhash: false,
        };
        let mut reader = Reader::new(&[&file]);
        let mut out =
            dyad_core::output::RecordWriter::new(std::io::sink(), dyad_core::output::Format::Jsonl);
        let mut tally = crate::code::Tally::default();
        let t = Instant::now();
        pool.install(|| {
            crate::code::code_all(
                &run,
                &mut reader,
                &mut out,
                &indicatif::ProgressBar::hidden(),
                &mut tally,
            )
        })?;
        let secs = t.elapsed().as_secs_f64().max(1e-9);
        if tally.read != docs.len() {
            return Err(format!(
                "the CLI path read {} of {} articles",
                tally.read,
                docs.len()
            ));
        }
        rates.push(sentences as f64 / secs);
        println!(
            "CLI path (dyad code over a JSONL file), {threads} thread{}\t{:.0} articles/s\t{:.0} sentences/s\t{:.0} sentences/s per thread",
            if threads == 1 { "" } else { "s" },
            docs.len() as f64 / secs,
            sentences as f64 / secs,
            sentences as f64 / secs / threads as f64
        );
    }
    let _ = std::fs::remove_file(&file);
    if let [one, many] = rates[..] {
        println!("CLI path, {all} threads over 1\t{:.2}x", many / one);
    }
    Ok(())
}
