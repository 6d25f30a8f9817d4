//! What the submodules' tests share: the built-in dictionary, built once for
//! the whole test binary (it is the slow part), and sentences coded through
//! one article context, as the stage codes them.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::{ActorDict, Context};
use crate::document::{ActorMention, Document, Token};
use crate::input::Article;

static DICT: LazyLock<ActorDict> = LazyLock::new(ActorDict::builtin);

pub(crate) fn dict() -> &'static ActorDict {
    &DICT
}

pub(super) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn toks(s: &str) -> Vec<Token> {
    crate::segment::tokenize(s, 0, s.len())
}

/// A fresh article context: published on `date`, mostly about `main`.
pub(super) fn context(date: Option<&str>, main: Option<&str>) -> Context<'static> {
    Context::new(dict(), date.map(day), main.map(str::to_string))
}

/// Codes `sentences` in order as one article's, through `ctx`.
pub(super) fn code(ctx: &mut Context, sentences: &[&str]) -> Vec<Vec<ActorMention>> {
    sentences
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let t = toks(s);
            let matches = dict().find(&t);
            let from = ctx.seen.len();
            ctx.sentence(si, &t, &matches);
            ctx.seen[from..].iter().map(|s| s.mention.clone()).collect()
        })
        .collect()
}

/// Each mention as "text=CODE", in sentence order.
pub(super) fn labels(ms: &[ActorMention]) -> Vec<String> {
    ms.iter()
        .map(|m| format!("{}={}", m.text, m.code))
        .collect()
}

/// The mentions of one sentence of a fresh article published on `date`.
pub(super) fn one(date: &str, sentence: &str) -> Vec<String> {
    let mut ctx = context(Some(date), None);
    labels(&code(&mut ctx, &[sentence])[0])
}

/// The first actor label of the last of `sentences`, read in order on `date`
/// with no main country ("... The foreign ministry summoned" → its state).
pub(super) fn first_in_last(date: &str, sentences: &[&str]) -> String {
    let mut ctx = context(Some(date), None);
    let out = code(&mut ctx, sentences);
    labels(out.last().expect("at least one sentence"))[0].clone()
}

/// The actors stage over a whole article, as the pipeline runs it (cleaning
/// and segmentation first); the events stage's tests start from here too.
pub(crate) fn article(date: &str, text: &str) -> Document {
    let mut a = Article::text("t", text);
    a.published = Some(day(date));
    let mut doc = Document::new(a);
    crate::clean::run(&mut doc);
    crate::segment::run(&mut doc);
    super::run(&mut doc, dict());
    doc
}
