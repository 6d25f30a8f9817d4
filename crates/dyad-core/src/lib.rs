//! # dyad-core
//!
//! The dyad pipeline turns raw news articles into dated, coded political events:
//! who did what to whom, when, and whether it happened.
//!
//! One [`Document`] flows through six stages, each a module with one job:
//! [`clean`] → [`segment`] → [`actors`] → [`events`] → [`dates`] → [`mode`].
//! A [`Pipeline`] holds the compiled dictionaries and runs them all.
//!
//! ```
//! use dyad_core::{Pipeline, input::Article};
//!
//! let pipeline = Pipeline::builtin();
//! let mut article = Article::text("a1", "Japan Prime Minister Shinzo Abe is likely to visit Russia on May 26.");
//! article.published = "2018-03-27".parse().ok();
//! let doc = pipeline.code(article);
//! let ev = &doc.events[0];
//! assert_eq!((ev.source.code.as_str(), ev.target.code.as_str(), ev.cameo.as_str()), ("JPNGOV", "RUS", "042"));
//! assert_eq!(ev.date.as_ref().unwrap().value, "2018-05-26");
//! assert_eq!(ev.mode.as_str(), "planned");
//! ```

pub mod actors;
pub mod clean;
pub mod dates;
pub mod document;
pub mod eval;
pub mod events;
mod html;
pub mod input;
pub mod lexicon;
pub mod mode;
pub mod output;
pub mod parse;
pub mod published;
pub mod segment;

use std::path::Path;

pub use document::{Document, Event, Mode};

use actors::{ActorDict, DictError};
use input::Article;
use lexicon::{Lexicon, LexiconError};

/// A user dictionary or pattern file that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("actor dictionary {0}")]
    Actors(#[from] DictError),
    #[error("pattern file {0}")]
    Patterns(#[from] LexiconError),
}

/// The compiled dictionaries and the stages that use them.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub actors: ActorDict,
    pub lexicon: Lexicon,
}

impl Pipeline {
    /// The pipeline with the built-in dictionaries.
    pub fn builtin() -> Pipeline {
        Pipeline {
            actors: ActorDict::builtin(),
            lexicon: Lexicon::builtin(),
        }
    }

    /// The pipeline with user actor dictionaries and pattern files added.
    pub fn with_user_files<P: AsRef<Path>>(
        actor_files: &[P],
        pattern_files: &[P],
    ) -> Result<Pipeline, ConfigError> {
        Ok(Pipeline {
            actors: ActorDict::with_user_files(actor_files)?,
            lexicon: Lexicon::with_user_files(pattern_files)?,
        })
    }

    /// Runs every stage on one article.
    pub fn code(&self, article: Article) -> Document {
        let mut doc = Document::new(article);
        clean::run(&mut doc);
        published::run(&mut doc);
        segment::run(&mut doc);
        actors::run(&mut doc, &self.actors);
        events::run(&mut doc, &self.lexicon);
        dates::run(&mut doc);
        events::resolve_people_at_event_dates(&mut doc, &self.actors);
        mode::run(&mut doc);
        doc
    }
}
