//! dyad-core's error type: [`Error`] gathers every way a library call can
//! fail, each variant wrapping the specific error that says what is wrong
//! where (`file:line: reason` for a malformed line, the path for a file that
//! cannot be read).

use std::path::PathBuf;

use crate::input::Problem;
use crate::parse::conllu::ConlluError;
use crate::parse::ModelError;
use crate::schema::ValueError;
use crate::ConfigError;

/// Any error of dyad-core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A user dictionary or pattern file that could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A malformed line of a data file: a dictionary (`DictError`,
    /// `FormatError` and `LexiconError` are this type), a gold file, a test
    /// suite's records.
    #[error(transparent)]
    Line(#[from] LineError),
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Date(#[from] DateError),
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error(transparent)]
    Value(#[from] ValueError),
    /// An input that cannot be coded (`path: reason`).
    #[error(transparent)]
    Input(#[from] Problem),
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An error in a file, named by its path.
    #[error("{}: {source}", path.display())]
    InFile {
        path: PathBuf,
        #[source]
        source: Box<Error>,
    },
}

impl Error {
    /// A file that could not be read.
    pub fn read(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Read { path, source }
    }

    /// An error in the file at `path`.
    pub fn in_file(path: impl Into<PathBuf>, source: impl Into<Error>) -> Error {
        Error::InFile {
            path: path.into(),
            source: Box::new(source.into()),
        }
    }
}

/// A malformed line of a data file: `file:line: reason`. Dictionaries
/// (`actors::DictError`), pattern files (`lexicon::LexiconError`), PETRARCH
/// dictionaries (`dictionaries::FormatError`), gold files and test-suite
/// records all report this one type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct LineError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// A date that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("expected a date as YYYY-MM-DD, got {0:?}")]
    NotADay(String),
    #[error("unknown date format {0:?}: expected YYYY-MM-DD or RFC 3339 (2018-03-27T09:00:00Z)")]
    UnknownFormat(String),
    #[error("date {0:?} is out of range: years 0001 to 9999 only")]
    OutOfRange(String),
}

/// A CAMEO pattern whose syntax is wrong (data/cameo/README.md).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(pub String);
