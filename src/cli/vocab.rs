//! `oversight vocab`: the facts an action may state, the bodies, and the proposals.

use oversight::diagnostic::Diagnostics;
use oversight::input::rules_dir::load_rulebook;

use super::common::{ListFormat, RulesDir, emit};

/// The arguments of `oversight vocab`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight vocab\n  oversight vocab us_role_hidden\n  oversight vocab --format json"
)]
pub struct Args {
    /// Only this fact: its kind, question and citation.
    #[arg(value_name = "FACT", add = clap_complete::engine::ArgValueCompleter::new(super::complete::fact_names))]
    fact: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    rules: RulesDir,
}

/// Runs `oversight vocab`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let book = load_rulebook(args.rules.path())?;
    if let Some(name) = &args.fact {
        let Some(fact) = book
            .vocabulary
            .fact_index
            .get(name)
            .and_then(|ix| book.vocabulary.facts.get(ix.0))
        else {
            let names: Vec<&str> = book
                .vocabulary
                .facts
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            return Err(Diagnostics::one(
                oversight::diagnostic::Diagnostic::in_file(
                    "oversight vocab",
                    super::err::CliError::UnknownFact { name: name.clone() },
                )
                .with_suggestion(name, names, "fact"),
            ));
        };
        emit(&match args.format {
            ListFormat::Text => oversight::output::vocab::render_fact_text(fact),
            ListFormat::Json => format!(
                "{}\n",
                serde_json::to_string_pretty(&serde_json::json!({
                    "name": fact.name,
                    "kind": fact.kind.describe(),
                    "question": fact.question,
                    "cite": fact.cite,
                }))
                .unwrap_or_default()
            ),
        });
        return Ok(0);
    }
    let files = oversight::input::rules_dir::proposals_of(args.rules.path())?;
    let proposals = oversight::output::vocab::proposal_entries(&files);
    emit(&match args.format {
        ListFormat::Text => oversight::output::vocab::render_text_with(&book, &proposals),
        ListFormat::Json => oversight::output::vocab::render_json_with(&book, &proposals),
    });
    Ok(0)
}
