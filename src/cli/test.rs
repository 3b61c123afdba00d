//! `oversight test`: the expectations of scenarios and proposals.

use std::path::{Path, PathBuf};

use oversight::analysis::scenario::{check_expectations, validate_expectations};
use oversight::assessment::build::{assess, choose_as_of};
use oversight::diagnostic::Diagnostics;
use oversight::input::action::{load_action, today};
use oversight::input::rules_dir::{load_rulebook, proposals_of};
use oversight::source::SourceFile;

use super::common::{
    BAD_INPUT, FAILED, ListFormat, RulesDir, emit, read_source, report_errors, scenario_files,
};

/// The arguments of `oversight test`.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  oversight test\n  oversight test tests/scenarios/rel-to-add-rus-ct-finished-intel.ron\n  oversight test rules/proposals/rel-to-reporting.ron tests/scenarios"
)]
pub struct Args {
    /// Scenario files or folders (default tests/scenarios); proposals among
    /// them are tested too.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    rules: RulesDir,
}

/// One result of `oversight test`, as `--format json` lists it.
#[derive(serde::Serialize)]
struct TestResult {
    /// The scenario, or the scenario with a proposal.
    label: String,
    /// `ok`, `fail`, `error` (unreadable) or `no_expectations`.
    status: &'static str,
    /// Each failed expectation: where and what.
    failures: Vec<(String, String)>,
}

/// Tally and log of `oversight test`.
#[derive(Default)]
struct TestRun {
    passed: usize,
    failed: usize,
    broken: usize,
    without: usize,
    out: String,
    /// JSON is written once at the end; text as it goes.
    json: bool,
    results: Vec<TestResult>,
}

impl TestRun {
    /// A file that could not be read or resolved: said at once, with its errors.
    fn broken(&mut self, name: &str, diagnostics: &Diagnostics) {
        self.broken += 1;
        self.results.push(TestResult {
            label: name.to_string(),
            status: "error",
            failures: diagnostics
                .0
                .iter()
                .map(|d| (d.file.clone(), d.message.clone()))
                .collect(),
        });
        self.out.push_str(&format!("ERROR {name}\n"));
        if !self.json {
            emit(&self.out);
        }
        self.out.clear();
        report_errors(diagnostics);
    }

    /// One checked expectation block: `ok`, or `FAIL` with every failure located.
    fn record(&mut self, label: &str, failures: Vec<oversight::analysis::scenario::Failure>) {
        self.results.push(TestResult {
            label: label.to_string(),
            status: if failures.is_empty() { "ok" } else { "fail" },
            failures: failures
                .iter()
                .map(|f| (f.location.clone(), f.message.clone()))
                .collect(),
        });
        if failures.is_empty() {
            self.passed += 1;
            self.out.push_str(&format!("ok    {label}\n"));
        } else {
            self.failed += 1;
            self.out.push_str(&format!("FAIL  {label}\n"));
            for failure in failures {
                self.out.push_str(&format!(
                    "      {}: {}\n",
                    failure.location, failure.message
                ));
            }
        }
    }
}

/// Runs scenario expectations, and proposals' own expectations: proposals
/// given as files or found under the folders given, and, when a folder (or
/// nothing) is given, the rule book's own proposals.
/// Runs `oversight test`.
pub fn run(args: &Args) -> Result<u8, Diagnostics> {
    let (paths, rules) = (&args.paths, args.rules.path());
    let book = load_rulebook(rules)?;
    let mut run = TestRun {
        json: matches!(args.format, ListFormat::Json),
        ..TestRun::default()
    };
    let mut scenarios: Vec<PathBuf> = Vec::new();
    let mut proposal_files: Vec<SourceFile> = Vec::new();
    for path in scenario_files(paths)? {
        let source = match read_source(&path) {
            Ok(source) => source,
            Err(diagnostics) => {
                run.broken(&path.display().to_string(), &diagnostics);
                continue;
            }
        };
        if oversight::parse::top_level_name(&source.text) == Some("Proposal") {
            proposal_files.push(source);
            continue;
        }
        scenarios.push(path.clone());
        let loaded =
            load_action(&book, source).and_then(|l| validate_expectations(&book, &l).map(|()| l));
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                run.broken(&path.display().to_string(), &diagnostics);
                continue;
            }
        };
        if loaded.expect.is_none() {
            run.without += 1;
            run.results.push(TestResult {
                label: path.display().to_string(),
                status: "no_expectations",
                failures: Vec::new(),
            });
            run.out
                .push_str(&format!("NOTE  {} has no `expect` block\n", path.display()));
            continue;
        }
        let (date, source) = choose_as_of(&loaded.action, None, today());
        let assessment = assess(&book, &loaded.action, date, source);
        run.record(
            &path.display().to_string(),
            check_expectations(&loaded, &assessment),
        );
    }
    // The rule book's own proposals run when a folder is tested: they name
    // scenarios, which a folder supplies.
    if paths.is_empty() || paths.iter().any(|p| p.is_dir()) {
        for own in proposals_of(rules)? {
            let id = oversight::input::rules_dir::proposal_id(&own);
            let given = proposal_files
                .iter()
                .any(|p| id.is_some() && oversight::input::rules_dir::proposal_id(p) == id);
            if !given {
                proposal_files.push(own);
            }
        }
    }
    // A proposal's scenarios are found among the files tested, by name, else
    // in tests/scenarios.
    let find_scenario = |name: &str| -> Option<PathBuf> {
        scenarios
            .iter()
            .find(|p| p.file_stem().is_some_and(|s| s == name))
            .cloned()
            .or_else(|| {
                let fallback = Path::new("tests/scenarios").join(format!("{name}.ron"));
                fallback.is_file().then_some(fallback)
            })
    };
    for proposal in &proposal_files {
        match oversight::analysis::scenario::check_proposal(
            rules,
            proposal,
            &find_scenario,
            today(),
        ) {
            Ok(checks) => {
                for check in checks {
                    let label = format!("{} with {}", check.scenario, check.proposal);
                    run.record(&label, check.failures);
                }
            }
            Err(diagnostics) => run.broken(&proposal.name, &diagnostics),
        }
    }
    let TestRun {
        passed,
        failed,
        broken,
        without,
        mut out,
        json,
        results,
    } = run;
    out.push_str(&format!("\nscenarios: {passed} passed, {failed} failed"));
    if broken > 0 {
        out.push_str(&format!(", {broken} unreadable"));
    }
    if without > 0 {
        out.push_str(&format!(", {without} without expectations"));
    }
    out.push('\n');
    if json {
        let results: Vec<serde_json::Value> = results
            .iter()
            .map(|r| {
                serde_json::json!({
                    "label": r.label,
                    "status": r.status,
                    "failures": r.failures.iter().map(|(at, message)| serde_json::json!({"at": at, "message": message})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let report = serde_json::json!({
            "schema": "oversight.test/1",
            "passed": passed,
            "failed": failed,
            "unreadable": broken,
            "without_expectations": without,
            "results": results,
        });
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ));
    } else {
        emit(&out);
    }
    Ok(if broken > 0 {
        BAD_INPUT
    } else if failed > 0 {
        FAILED
    } else {
        0
    })
}
