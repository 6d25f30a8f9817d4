//! `dyad convert-dict`: PETRARCH/TABARI and Phoenix dictionaries to dyad's syntax.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use dyad_core::dictionaries::petrarch::{self, VerbOptions};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// A PETRARCH or TABARI verb dictionary (CAMEO.2.0.txt) to a pattern file.
    PetrarchVerbs,
    /// A Phoenix/TABARI actor dictionary (Phoenix.Countries.actors.txt ...) to an actor file.
    PhoenixActors,
    /// A Phoenix agent dictionary (Phoenix.agents.txt) to agent lines.
    PhoenixAgents,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PatternVerbs {
    /// Every pattern applies to every verb of its block (PETRARCH's rule).
    Block,
    /// A pattern applies to the verb its comment names (where TABARI had it).
    Comment,
}

#[derive(Args)]
pub struct ConvertArgs {
    /// The input format.
    #[arg(long, value_enum)]
    format: Format,
    /// The dictionary to convert.
    input: PathBuf,
    /// Where to write the dyad file (default: stdout).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Verbs: which verbs of a block a pattern applies to.
    #[arg(long, value_enum, default_value = "block")]
    pattern_verbs: PatternVerbs,
    /// Verbs: leave out verbs alone (a verb line's own code, `ask+` 020).
    #[arg(long)]
    no_lone_verbs: bool,
    /// Verbs: leave out [---] (no event) patterns instead of writing blocking patterns.
    #[arg(long)]
    no_null: bool,
    /// Verbs: leave out patterns with words before the verb.
    #[arg(long)]
    no_pre_verb: bool,
    /// Verbs: drop the reverse event of [xxx:yyy] instead of writing back=yyy.
    #[arg(long)]
    no_pair: bool,
    /// Verbs: leave out patterns of the verb and a single other word.
    #[arg(long)]
    no_two_word: bool,
    /// Verbs: leave out patterns whose only words besides the verb are prepositions and particles.
    #[arg(long)]
    no_function_only: bool,
    /// Verbs: leave out patterns with this CAMEO code (repeatable).
    #[arg(long = "drop-code", value_name = "CODE")]
    drop_code: Vec<String>,
    /// Agents: keep only these dyad roles (comma-separated; default all).
    #[arg(long, value_delimiter = ',', value_name = "ROLES")]
    agent_roles: Vec<String>,
    /// Actors: leave out people (actors with dated roles).
    #[arg(long)]
    no_people: bool,
    /// Actors: keep codes whose country part is not a country dyad knows (a user's own codes).
    #[arg(long)]
    any_country: bool,
    /// Stop at the first malformed line instead of skipping it.
    #[arg(long)]
    strict: bool,
}

pub fn run(a: ConvertArgs) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(&a.input)
        .map_err(|e| format!("{}: cannot read: {e}", a.input.display()))?;
    let name = a
        .input
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut how = Vec::new();
    let conv = match a.format {
        Format::PetrarchVerbs => {
            let opts = VerbOptions {
                block_verbs: a.pattern_verbs == PatternVerbs::Block,
                lone_verbs: !a.no_lone_verbs,
                null_patterns: !a.no_null,
                pre_verb: !a.no_pre_verb,
                paired: !a.no_pair,
                two_word: !a.no_two_word,
                function_only: !a.no_function_only,
                drop_codes: a.drop_code.clone(),
                strict: a.strict,
            };
            how.push(format!(
                "--pattern-verbs {}",
                if opts.block_verbs { "block" } else { "comment" }
            ));
            for (on, flag) in [
                (opts.lone_verbs, "--no-lone-verbs"),
                (opts.null_patterns, "--no-null"),
                (opts.pre_verb, "--no-pre-verb"),
                (opts.paired, "--no-pair"),
                (opts.two_word, "--no-two-word"),
                (opts.function_only, "--no-function-only"),
            ] {
                if !on {
                    how.push(flag.to_string());
                }
            }
            for c in &opts.drop_codes {
                how.push(format!("--drop-code {c}"));
            }
            petrarch::convert_verbs(&text, &name, &opts)
        }
        Format::PhoenixActors => {
            if a.no_people {
                how.push("--no-people".into());
            }
            if a.any_country {
                how.push("--any-country".into());
            }
            petrarch::convert_actors_with(&text, &name, a.strict, !a.no_people, !a.any_country)
        }
        Format::PhoenixAgents => {
            if !a.agent_roles.is_empty() {
                how.push(format!("--agent-roles {}", a.agent_roles.join(",")));
            }
            petrarch::convert_agents_with_roles(&text, &name, a.strict, &a.agent_roles)
        }
    }
    .map_err(|e| e.to_string())?;
    let fmt = a
        .format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    let header = format!(
        "# Converted from {name} by `dyad convert-dict --format {fmt} {}`. Do not edit by hand.\n\
         # Source: PETRARCH2/Phoenix dictionaries, Copyright (c) 2014-2015 Open Event Data Alliance,\n\
         # MIT licence (see the README.md and NOTICE beside this file).\n",
        how.join(" ")
    );
    let out = format!("{header}{}", conv.text);
    match &a.out {
        Some(p) => {
            std::fs::write(p, out).map_err(|e| format!("{}: cannot write: {e}", p.display()))?
        }
        None => print!("{out}"),
    }
    eprint!("dyad convert-dict {name}: {}", conv.report());
    Ok(ExitCode::SUCCESS)
}
