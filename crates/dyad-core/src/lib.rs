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
pub mod dictionaries;
pub mod document;
pub mod error;
pub mod eval;
pub mod events;
pub mod grammar;
pub mod headline;
mod html;
pub mod input;
pub mod language;
pub mod lexicon;
pub mod mode;
pub mod output;
pub mod parse;
pub mod places;
pub mod plover;
pub mod published;
pub mod schema;
pub mod segment;
pub mod tree;

use std::path::Path;

pub use document::{Document, Event, Mode};
pub use error::Error;

use actors::{ActorDict, DictError};
use input::Article;
use lexicon::{Lexicon, LexiconError};

/// A user dictionary or pattern file that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("actor dictionary {0}")]
    Actors(DictError),
    #[error("pattern file {0}")]
    Patterns(LexiconError),
    #[error("dictionary {0}")]
    Format(dictionaries::FormatError),
}

/// Where the dictionaries come from, as `(name, text)` pairs in dyad syntax.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Load the converted PETRARCH/Phoenix dictionaries below dyad's own.
    pub petrarch: bool,
    /// More files below dyad's own (same rule as the converted dictionaries).
    pub fallback_actors: Vec<(String, String)>,
    pub fallback_patterns: Vec<(String, String)>,
    /// User files, above everything built in.
    pub actors: Vec<(String, String)>,
    pub patterns: Vec<(String, String)>,
}

impl Sources {
    /// The built-in dictionaries only.
    pub fn builtin() -> Sources {
        Sources {
            petrarch: true,
            ..Sources::default()
        }
    }

    /// Adds user files, converting PETRARCH/TABARI dictionaries (detected or forced by `format`).
    pub fn add_user_files<P: AsRef<Path>>(
        &mut self,
        actor_files: &[P],
        pattern_files: &[P],
        format: dictionaries::DictFormat,
    ) -> Result<(), ConfigError> {
        for f in actor_files {
            self.actors
                .push(dictionaries::load_actors(f.as_ref(), format).map_err(ConfigError::Format)?);
        }
        for f in pattern_files {
            self.patterns.push(
                dictionaries::load_patterns(f.as_ref(), format).map_err(ConfigError::Format)?,
            );
        }
        Ok(())
    }
}

/// The compiled dictionaries and the stages that use them.
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub actors: ActorDict,
    pub lexicon: Lexicon,
    /// Keep only events between two different countries or IGOs (see
    /// [`Event::is_interstate`]); by default domestic events between one
    /// country's sectors and events of non-state actors are coded too.
    pub interstate_only: bool,
    /// Run the parse stage (on by default): the events and mode stages read
    /// sides and modes off each sentence's dependency tree. Without it they
    /// read the words alone, about 3x faster per article and a little less
    /// accurate (see docs/parser.md).
    pub parse: bool,
}

impl Pipeline {
    /// The pipeline with the built-in dictionaries.
    pub fn builtin() -> Pipeline {
        Pipeline {
            actors: ActorDict::builtin(),
            lexicon: Lexicon::builtin(),
            interstate_only: false,
            parse: true,
        }
    }

    /// The pipeline with user actor dictionaries and pattern files added.
    pub fn with_user_files<P: AsRef<Path>>(
        actor_files: &[P],
        pattern_files: &[P],
    ) -> Result<Pipeline, ConfigError> {
        let mut s = Sources::builtin();
        s.add_user_files(actor_files, pattern_files, dictionaries::DictFormat::Auto)?;
        Self::from_sources(&s)
    }

    /// The pipeline from explicit sources.
    pub fn from_sources(s: &Sources) -> Result<Pipeline, ConfigError> {
        Ok(Pipeline {
            actors: ActorDict::with_sources(s.petrarch, &s.fallback_actors, &s.actors)
                .map_err(ConfigError::Actors)?,
            lexicon: Lexicon::with_sources(s.petrarch, &s.fallback_patterns, &s.patterns)
                .map_err(ConfigError::Patterns)?,
            interstate_only: false,
            parse: true,
        })
    }

    /// Runs every stage on one article.
    pub fn code(&self, article: Article) -> Document {
        let mut doc = Document::new(article);
        clean::run(&mut doc);
        published::run(&mut doc);
        if !language::run(&mut doc) {
            return doc;
        }
        segment::run(&mut doc);
        actors::run(&mut doc, &self.actors);
        events::find_triggers(&mut doc, &self.lexicon);
        if self.parse {
            parse::run(&mut doc);
        }
        events::run(&mut doc, &self.lexicon);
        dates::run(&mut doc);
        events::resolve_people_at_event_dates(&mut doc, &self.actors);
        mode::run(&mut doc);
        events::drop_repeats(&mut doc);
        events::drop_told_statements(&mut doc);
        headline::run(&mut doc);
        if self.interstate_only {
            doc.events.retain(Event::is_interstate);
        }
        places::run(&mut doc);
        doc
    }
}
