//! Dictionaries in other coders' formats, converted to dyad's.
//!
//! [`petrarch`] reads the PETRARCH/TABARI verb dictionary and the Phoenix actor
//! and agent dictionaries. [`DictFormat`] and the `load_*` functions let the
//! command line take such files wherever it takes a dyad file (`--patterns`,
//! `--actors`), detected from their content or forced.

pub mod petrarch;

use std::path::Path;

pub use petrarch::{Conversion, FormatError, VerbOptions};

/// The syntax of a user dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DictFormat {
    /// Decide from the file's content.
    #[default]
    Auto,
    /// dyad's own TSV syntax (data/cameo/README.md, data/actors/README.md).
    Dyad,
    /// PETRARCH or TABARI syntax (verb dictionary; actor or agent dictionary).
    Petrarch,
}

/// What a dictionary file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Dyad,
    PetrarchVerbs,
    PetrarchActors,
    PetrarchAgents,
}

fn content_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter(|l| !l.trim_start().starts_with("<!--"))
}

/// Whether a pattern file is in PETRARCH/TABARI verb syntax: it has a
/// `--- NAME [code] ---` block header or `- ... * ... [code]` pattern lines,
/// and no dyad `code<TAB>pattern` lines.
pub fn detect_patterns(text: &str) -> Detected {
    let mut petr = 0;
    let mut dyad = 0;
    for l in content_lines(text).take(2000) {
        let t = l.trim();
        if (t.starts_with("---") && t.len() > 6 && t.ends_with("---") && !t.contains('\t'))
            || (t.starts_with("- ") && t.contains('[') && !t.contains('\t'))
            || (t.starts_with('&') && !t.contains('\t'))
        {
            petr += 1;
        } else if t.contains('\t') {
            dyad += 1;
        }
    }
    if petr > dyad {
        Detected::PetrarchVerbs
    } else {
        Detected::Dyad
    }
}

/// Whether an actor file is in dyad's TSV syntax, a PETRARCH/TABARI actor
/// dictionary (`NAME_ [CODE]`, `+SYNONYM`, `\t[CODE dates]`) or an agent
/// dictionary (`NOUN [~ROLE]`).
pub fn detect_actors(text: &str) -> Detected {
    let mut dyad = 0;
    let mut actors = 0;
    let mut agents = 0;
    for l in content_lines(text).take(2000) {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() >= 3 && !cols[0].trim().is_empty() && !l.contains('[') {
            dyad += 1;
        } else if l.contains("[~") || l.contains("~]") || l.contains("~}") {
            agents += 1;
        } else if l.contains('[') || l.trim_start().starts_with('+') {
            actors += 1;
        }
    }
    if dyad >= actors + agents {
        Detected::Dyad
    } else if agents > actors {
        Detected::PetrarchAgents
    } else {
        Detected::PetrarchActors
    }
}

/// Reads files as `(name, text)` pairs; an error gives the file's name and why.
pub fn read_files<P: AsRef<Path>>(files: &[P]) -> Result<Vec<(String, String)>, (String, String)> {
    files
        .iter()
        .map(|f| {
            let name = f.as_ref().display().to_string();
            match std::fs::read_to_string(f.as_ref()) {
                Ok(t) => Ok((name, t)),
                Err(e) => Err((name, format!("cannot read: {e}"))),
            }
        })
        .collect()
}

fn read(path: &Path) -> Result<(String, String), FormatError> {
    let mut v = read_files(&[path]).map_err(|(file, reason)| FormatError {
        file,
        line: 0,
        reason,
    })?;
    Ok(v.remove(0))
}

/// Reads a user pattern file and returns it in dyad syntax (converting a
/// PETRARCH/TABARI verb dictionary strictly: a malformed line is an error that
/// names the file and line).
pub fn load_patterns(path: &Path, format: DictFormat) -> Result<(String, String), FormatError> {
    let (name, text) = read(path)?;
    let petr = match format {
        DictFormat::Dyad => false,
        DictFormat::Petrarch => true,
        DictFormat::Auto => detect_patterns(&text) == Detected::PetrarchVerbs,
    };
    if !petr {
        return Ok((name, text));
    }
    let opts = VerbOptions {
        strict: true,
        ..VerbOptions::user()
    };
    let c = petrarch::convert_verbs(&text, &name, &opts)?;
    Ok((format!("{name} (converted from PETRARCH)"), c.text))
}

/// Reads a user actor file and returns it in dyad syntax (a PETRARCH/TABARI
/// actor or agent dictionary is converted strictly).
pub fn load_actors(path: &Path, format: DictFormat) -> Result<(String, String), FormatError> {
    let (name, text) = read(path)?;
    let kind = match (format, detect_actors(&text)) {
        (DictFormat::Dyad, _) => Detected::Dyad,
        (DictFormat::Petrarch, Detected::Dyad) => Detected::PetrarchActors,
        (_, d) => d,
    };
    let c = match kind {
        Detected::PetrarchActors => petrarch::convert_actors(&text, &name, true)?,
        Detected::PetrarchAgents => petrarch::convert_agents(&text, &name, true)?,
        _ => return Ok((name, text)),
    };
    Ok((format!("{name} (converted from PETRARCH)"), c.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(
            detect_patterns("042\tvisit+\n163\tsanction~ on {T}\tnoun\n"),
            Detected::Dyad
        );
        assert_eq!(
            detect_patterns("--- VISIT [042] ---\nVISIT\n- * (TO +) [042]\n"),
            Detected::PetrarchVerbs
        );
        assert_eq!(
            detect_actors("Japan\tJPN\tcountry\ntroops\tMIL\tagent\n"),
            Detected::Dyad
        );
        assert_eq!(
            detect_actors("JAPAN_ [JPN]\n+NIPPON_\nSHINZO_ABE_\n\t[JPNGOV 121226-200916]\n"),
            Detected::PetrarchActors
        );
        assert_eq!(
            detect_actors("TROOP {} [~MIL]\nAMBASSADOR [~GOV]\n"),
            Detected::PetrarchAgents
        );
    }
}
