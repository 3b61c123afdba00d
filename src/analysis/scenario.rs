//! Scenarios: action files with an `expect` block, checked against the
//! assessment so that a rule author who never writes Rust can state what the
//! law should say.

use super::err::AnalysisError;
use crate::assessment::{Assessment, Status};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::engine::logic::Truth;
use crate::input::action::LoadedAction;
use crate::model::RuleBook;
use crate::source::SourceFile;
use crate::syntax::{ExpectDecl, Name, ProposalFile};

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `file:line:column` of the expectation.
    pub location: String,
    /// What was expected and what came out.
    pub message: String,
}

/// Checks that every name in the expectations exists (bad names are input
/// errors, not failed expectations).
pub fn validate_expectations(book: &RuleBook, loaded: &LoadedAction) -> Result<(), Diagnostics> {
    match &loaded.expect {
        Some(expect) => validate_expect(book, expect, &loaded.source),
        None => Ok(()),
    }
}

/// Checks the names of one `expect` block written in `file`.
pub(crate) fn validate_expect(
    book: &RuleBook,
    expect: &ExpectDecl,
    file: &SourceFile,
) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let bodies: Vec<&str> = book.bodies.iter().map(|b| b.id.as_str()).collect();
    let mut rules: Vec<&str> = book.rules.iter().map(|r| r.id.as_str()).collect();
    rules.sort_unstable();
    let facts: Vec<&str> = book
        .vocabulary
        .facts
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    for name in expect.told.iter().chain(&expect.not_told) {
        if !book.body_index.contains_key(name.as_str()) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    name,
                    AnalysisError::UnknownBody {
                        name: name.value.clone(),
                    },
                )
                .with_label("not in bodies.ron")
                .with_suggestion(name.as_str(), bodies.iter().copied(), "body"),
            );
        }
    }
    let rule_names = expect
        .applies
        .iter()
        .chain(&expect.not_applies)
        .chain(&expect.depends)
        .chain(&expect.not_encoded)
        .chain(expect.deadlines.keys())
        .chain(expect.cites.keys());
    for name in rule_names {
        if !book.rule_index.contains_key(name.as_str()) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    name,
                    AnalysisError::UnknownRule {
                        id: name.value.clone(),
                    },
                )
                .with_label("no rule has this id")
                .with_suggestion(name.as_str(), rules.iter().copied(), "rule"),
            );
        }
    }
    for name in &expect.questions {
        if !book.vocabulary.fact_index.contains_key(name.as_str()) {
            diagnostics.push(
                Diagnostic::at_value(
                    file,
                    name,
                    AnalysisError::UnknownFact {
                        name: name.value.clone(),
                    },
                )
                .with_label("not in the vocabulary")
                .with_suggestion(name.as_str(), facts.iter().copied(), "fact"),
            );
        }
    }
    diagnostics.into_result(())
}

/// Every expectation that does not hold, in the order written.
pub fn check_expectations(loaded: &LoadedAction, assessment: &Assessment) -> Vec<Failure> {
    match &loaded.expect {
        Some(expect) => check_expect(expect, &loaded.source, assessment),
        None => Vec::new(),
    }
}

/// Every expectation of one `expect` block (written in `file`) that does not hold.
pub(crate) fn check_expect(
    expect: &ExpectDecl,
    file: &SourceFile,
    assessment: &Assessment,
) -> Vec<Failure> {
    let mut failures = Vec::new();
    let checker = Checker { file, assessment };
    checker.bodies(expect, &mut failures);
    checker.rules(expect, &mut failures);
    checker.deadlines(expect, &mut failures);
    checker.citations(expect, &mut failures);
    for fact in &expect.questions {
        if !assessment.questions.iter().any(|q| q.fact == fact.value) {
            failures.push(checker.failure(
                fact,
                format!(
                    "expected a question about `{}`, but it is not asked",
                    fact.as_str()
                ),
            ));
        }
    }
    failures
}

struct Checker<'a> {
    file: &'a SourceFile,
    assessment: &'a Assessment,
}

impl Checker<'_> {
    fn failure(&self, name: &Name, message: String) -> Failure {
        let location = match name.span_in(self.file) {
            Some(span) => {
                let (line, column) = self.file.line_col(span.start);
                format!("{}:{line}:{column}", self.file.name)
            }
            None => self.file.name.clone(),
        };
        Failure { location, message }
    }

    fn bodies(&self, expect: &ExpectDecl, failures: &mut Vec<Failure>) {
        for body in &expect.told {
            let found = self.assessment.bodies.iter().find(|b| b.id == body.value);
            if !found.is_some_and(|b| b.required) {
                let state = if found.is_some() {
                    "is only possibly told (depends on unknown facts)"
                } else {
                    "is not told"
                };
                failures.push(self.failure(
                    body,
                    format!("expected `{}` to be told, but it {state}", body.as_str()),
                ));
            }
        }
        for body in &expect.not_told {
            // A line not encoded for its date neither tells nor spares a
            // body: `not_encoded` expectations speak of it.
            let owed = self.assessment.bodies.iter().find(|b| {
                b.id == body.value && b.obligations.iter().any(|o| o.status != Status::NotEncoded)
            });
            if let Some(found) = owed {
                let rules: Vec<&str> = found
                    .obligations
                    .iter()
                    .filter(|o| o.status != Status::NotEncoded)
                    .map(|o| &*o.rule)
                    .collect();
                failures.push(self.failure(
                    body,
                    format!(
                        "expected `{}` not to be told, but it is under {}",
                        body.as_str(),
                        rules.join(", ")
                    ),
                ));
            }
        }
    }

    /// The status of a rule: obligations by status, terms by value.
    fn status(&self, rule: &str) -> Option<Status> {
        if let Some(outcome) = self
            .assessment
            .outcomes
            .iter()
            .find(|o| *o.texts.id == *rule)
        {
            return Some(outcome.status);
        }
        self.assessment
            .terms
            .iter()
            .find(|t| *t.texts.id == *rule)
            .map(|t| match t.value {
                Truth::True => Status::Required,
                Truth::Unknown => Status::Depends,
                Truth::False => Status::NotRequired,
            })
    }

    fn rules(&self, expect: &ExpectDecl, failures: &mut Vec<Failure>) {
        let groups = [
            (&expect.applies, Status::Required, "to apply"),
            (&expect.not_applies, Status::NotRequired, "not to apply"),
            (
                &expect.depends,
                Status::Depends,
                "to depend on unknown facts",
            ),
            (
                &expect.not_encoded,
                Status::NotEncoded,
                "not to be encoded for its date",
            ),
        ];
        for (names, wanted, words) in groups {
            for name in names {
                let Some(actual) = self.status(name.as_str()) else {
                    continue;
                };
                if actual != wanted {
                    let reason = self
                        .reason(name.as_str())
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default();
                    failures.push(self.failure(
                        name,
                        format!(
                            "expected rule `{}` {words}, but it is {}{reason}",
                            name.as_str(),
                            describe(actual)
                        ),
                    ));
                }
            }
        }
    }

    fn reason(&self, rule: &str) -> Option<String> {
        let outcome_reason = self
            .assessment
            .outcomes
            .iter()
            .find(|o| *o.texts.id == *rule)
            .and_then(|o| o.reason.as_ref());
        let term_reason = self
            .assessment
            .terms
            .iter()
            .find(|t| *t.texts.id == *rule)
            .and_then(|t| t.reason.as_ref());
        outcome_reason.or(term_reason).map(|r| r.text())
    }

    fn deadlines(&self, expect: &ExpectDecl, failures: &mut Vec<Failure>) {
        for (rule, wanted) in &expect.deadlines {
            let due = self
                .assessment
                .outcomes
                .iter()
                .find(|o| *o.texts.id == *rule.value)
                .and_then(|o| o.deadline.as_ref())
                .and_then(|d| d.due.clone());
            let matches = due
                .as_deref()
                .is_some_and(|due| local_form(due, wanted.len()) == *wanted);
            if !matches {
                let got = due.map_or_else(
                    || String::from("no concrete deadline"),
                    |d| format!("`{d}`"),
                );
                failures.push(self.failure(
                    rule,
                    format!(
                        "expected rule `{}` to be due `{wanted}`, but it is {got}",
                        rule.as_str()
                    ),
                ));
            }
        }
    }

    fn citations(&self, expect: &ExpectDecl, failures: &mut Vec<Failure>) {
        for (rule, wanted) in &expect.cites {
            let outcome = self
                .assessment
                .outcomes
                .iter()
                .find(|o| *o.texts.id == *rule.value);
            let citation = outcome.map(|o| &*o.texts.citation).or_else(|| {
                let term = self
                    .assessment
                    .terms
                    .iter()
                    .find(|t| *t.texts.id == *rule.value);
                term.map(|t| &*t.texts.citation)
            });
            if citation != Some(wanted.as_str()) {
                let got = citation.map_or_else(
                    || String::from("not in the report"),
                    |c| format!("cited as `{c}`"),
                );
                failures.push(self.failure(
                    rule,
                    format!(
                        "expected rule `{}` to be cited as `{wanted}`, but it is {got}",
                        rule.as_str()
                    ),
                ));
            }
        }
    }
}

fn describe(status: Status) -> &'static str {
    match status {
        Status::Required => "applying",
        Status::Depends => "undecided (depends on unknown facts)",
        Status::NotRequired => "not applying",
        Status::NotEncoded => "not encoded for its date",
    }
}

/// A due point in the form a scenario writes it: `YYYY-MM-DDTHH:MM` local
/// time for an instant, `YYYY-MM-DD` for a date (or when only the date is asked).
fn local_form(due: &str, wanted_len: usize) -> String {
    match due.parse::<jiff::ZonedDateTime>() {
        Ok(zoned) if wanted_len > 10 => zoned.strftime("%Y-%m-%dT%H:%M").to_string(),
        Ok(zoned) => zoned.date().to_string(),
        Err(_) => due.to_string(),
    }
}

/// The outcome of a proposal's expectation on one scenario.
#[derive(Debug, Clone)]
pub struct ProposalCheck {
    /// The proposal's id.
    pub proposal: String,
    /// The scenario file.
    pub scenario: String,
    /// What did not hold (empty when all did).
    pub failures: Vec<Failure>,
}

/// Runs a proposal's own expectations: each named scenario (found with
/// `find_scenario`, which maps a scenario name to its file) is assessed under
/// the law plus the proposal, and the proposal's `expect` blocks are checked
/// against it.
pub fn check_proposal(
    rules: Option<&std::path::Path>,
    proposal: &SourceFile,
    find_scenario: &dyn Fn(&str) -> Option<std::path::PathBuf>,
    today: jiff::civil::Date,
) -> Result<Vec<ProposalCheck>, Diagnostics> {
    let parsed: ProposalFile = crate::parse::parse(proposal)?;
    let book = crate::input::rules_dir::load_rulebook_with(rules, std::slice::from_ref(proposal))?;
    let mut checks = Vec::new();
    for block in &parsed.expect {
        validate_expect(&book, &block.expect, proposal)?;
        for scenario in &block.scenarios {
            let found = find_scenario(scenario.as_str());
            let text = found
                .as_ref()
                .and_then(|path| crate::source::read_path(path).ok());
            let (Some(path), Some(text)) = (found, text) else {
                return Err(Diagnostics::one(
                    Diagnostic::at_value(
                        proposal,
                        scenario,
                        AnalysisError::UnknownScenario {
                            name: scenario.value.clone(),
                        },
                    )
                    .with_label("no such scenario file")
                    .with_help("name a scenario by its file name without `.ron`, and give its folder to `oversight test`"),
                ));
            };
            let loaded = crate::input::action::load_action(
                &book,
                SourceFile::new(path.display().to_string(), text),
            )?;
            let (as_of, source) =
                crate::assessment::build::choose_as_of(&loaded.action, None, today);
            let assessment = crate::assessment::build::assess(&book, &loaded.action, as_of, source);
            checks.push(ProposalCheck {
                proposal: parsed.id.value.clone(),
                scenario: path.display().to_string(),
                failures: check_expect(&block.expect, proposal, &assessment),
            });
        }
    }
    Ok(checks)
}
