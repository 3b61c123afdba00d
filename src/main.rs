//! The `oversight` command line: a thin layer over the library.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use oversight::action::{load_action, today};
use oversight::diagnostic::{Diagnostic, Diagnostics};
use oversight::evaluate::{assess, choose_as_of};
use oversight::model::{FactKind, RuleBook};
use oversight::report::{self, Format};
use oversight::rules_dir::{find_proposal, load_rulebook, load_rulebook_with, proposals_of};
use oversight::scenario::{check_expectations, validate_expectations};
use oversight::source::SourceFile;

/// Which committees must be told, by whom, when, in what form, under which citation.
#[derive(Debug, Parser)]
#[command(name = "oversight", bin_name = "oversight", version, about, long_about = None)]
struct Cli {
    /// How errors are written: `human` (underlined source), `plain` (one
    /// line each, for screen readers and logs) or `json` (for tools).
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Human)]
    error_format: ErrorFormat,
    #[command(subcommand)]
    command: Command,
}

/// The `--error-format` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum ErrorFormat {
    Human,
    Plain,
    Json,
}

/// Set once from the command line, read where errors are reported.
static ERROR_FORMAT: std::sync::OnceLock<ErrorFormat> = std::sync::OnceLock::new();

/// `--rules DIR`, shared by every command that reads the rule files.
#[derive(clap::Args, Debug)]
struct RulesDir {
    /// Use the rule files in DIR instead of the embedded ones.
    #[arg(long = "rules", value_name = "DIR")]
    dir: Option<PathBuf>,
}

impl RulesDir {
    fn path(&self) -> Option<&Path> {
        self.dir.as_deref()
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check an action against the law: bodies to tell, deadlines, gates, questions.
    Check {
        /// The action file (RON).
        action: PathBuf,
        /// Output format (`outcomes`: the compact listing the scenario snapshots record).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Read the law as of this date (YYYY-MM-DD); default: the action's `as_of`,
        /// else its earliest event, else today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[command(flatten)]
        rules: RulesDir,
        /// Apply a proposal (a file, or an embedded proposal's name) on top of the law; repeatable.
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        /// Add the derivation tree of every outcome that applies or is undecided.
        #[arg(long)]
        explain: bool,
    },
    /// Why a rule applied to an action, or why not, and the smallest change that would make it apply.
    Explain {
        /// The action file.
        action: PathBuf,
        /// The rule id.
        #[arg(long, value_name = "ID")]
        rule: String,
        /// Read the law as of this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Apply proposals on top of the law.
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// List the facts an action may state, with their questions, and the bodies.
    Vocab {
        /// Output format.
        #[arg(long, value_enum, default_value_t = VocabFormat::Text)]
        format: VocabFormat,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Check that the rule files compile: names, types, citations, cycles.
    Validate {
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Run the expectations of scenario files (files or folders; default tests/scenarios).
    Test {
        /// Scenario files or folders.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// What proposals or a rule change change across scenarios: obligations gained, lost or changed, and a verdict.
    Diff {
        /// Proposals to apply (files, or the rule book's proposals by name), in order.
        #[arg(
            long = "with",
            value_name = "PROPOSAL",
            required_unless_present = "base"
        )]
        with: Vec<String>,
        /// Compare the rules under review (`--rules DIR`, else `rules/` of the
        /// git checkout you are in) with the same directory at this git
        /// revision, or with the rules in this directory.
        #[arg(long, value_name = "REV|DIR")]
        base: Option<String>,
        /// Scenario files or folders (default tests/scenarios).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Exit 1 if anything changed (for CI review of a rule change).
        #[arg(long)]
        fail_on_change: bool,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// A proposal's rules as amendment text, and a check of its own draft text against them.
    Render {
        /// The proposal (a file, or an embedded proposal's name).
        proposal: String,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Find actions where a concern holds and nothing specific is owed, under the law and with proposals.
    Gaps {
        /// Proposals to apply for the second column (files or embedded names), in order.
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        /// Only this concern (an id from concerns.ron).
        #[arg(long, value_name = "ID")]
        concern: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Read the law as of this date (YYYY-MM-DD); default today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Write each gap's example as an action file in DIR.
        #[arg(long, value_name = "DIR")]
        emit_examples: Option<PathBuf>,
        /// Use the rule files (and concerns.ron) in DIR instead of the embedded ones.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Rule health: rules that can never apply, exceptions that never matter, overlapping notices.
    Lint {
        /// Output format.
        #[arg(long, value_enum, default_value_t = VocabFormat::Text)]
        format: VocabFormat,
        /// Also lint the law with these proposals applied (files or embedded names).
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Interview: ask the open questions one at a time, most decisive first, and fill in the action.
    Ask {
        /// The action file to complete.
        action: PathBuf,
        /// Write the completed action here (may be the action file itself).
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
        /// Judge as of this date (YYYY-MM-DD) instead of the action's own.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Overlay these proposals (files or embedded names).
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Draw the rule graph (whole, or around one rule), coloured by an action's values if given.
    Graph {
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormatArg::Mermaid)]
        format: GraphFormatArg,
        /// Draw only this rule and its neighbourhood.
        #[arg(long, value_name = "ID")]
        rule: Option<String>,
        /// Colour each rule by its value for this action.
        action: Option<PathBuf>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Per rule, how many scenarios make it apply and not apply; exit 1 if any lacks either.
    Coverage {
        /// Scenario files or folders (default tests/scenarios).
        paths: Vec<PathBuf>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Export the rule book as a policy for another engine (today: Rego for OPA or regorus).
    Export {
        /// Write a Rego v1 policy (`package oversight`; query `data.oversight.obligations`).
        #[arg(long, required = true)]
        rego: bool,
        /// Overlay these proposals (files or embedded names).
        #[arg(long = "with", value_name = "PROPOSAL")]
        with: Vec<String>,
        #[command(flatten)]
        rules: RulesDir,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Serve the web page and JSON API on this machine (http://127.0.0.1:PORT/).
    Serve {
        /// The port; 0 picks any free one.
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// Open the page in the default browser once the server is up.
        #[arg(long)]
        open: bool,
        /// Listen on this address instead of 127.0.0.1. Any other address
        /// lets other machines use the server, which has no login.
        #[arg(long, value_name = "ADDRESS")]
        listen: Option<std::net::IpAddr>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Markdown,
    Outcomes,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFormatArg {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VocabFormat {
    Text,
    Json,
}

/// Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input.
const FAILED: u8 = 1;
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = ERROR_FORMAT.set(cli.error_format);
    let result = match cli.command {
        Command::Check {
            action,
            format,
            as_of,
            rules,
            with,
            explain,
        } => check(
            &action,
            format,
            as_of.as_deref(),
            rules.path(),
            &with,
            explain,
        ),
        Command::Explain {
            action,
            rule,
            as_of,
            with,
            rules,
        } => explain(&action, &rule, as_of.as_deref(), &with, rules.path()),
        Command::Vocab { format, rules } => vocab(format, rules.path()),
        Command::Validate { rules } => validate(rules.path()),
        Command::Test { paths, rules } => test(&paths, rules.path()),
        Command::Coverage { paths, rules } => coverage(&paths, rules.path()),
        Command::Render { proposal, rules } => render(&proposal, rules.path()),
        Command::Lint {
            format,
            with,
            rules,
        } => lint(format, &with, rules.path()),
        Command::Ask {
            action,
            write,
            as_of,
            with,
            rules,
        } => ask(
            &action,
            write.as_deref(),
            as_of.as_deref(),
            &with,
            rules.path(),
        ),
        Command::Export {
            rego: _,
            with,
            rules,
        } => export_rego(&with, rules.path()),
        Command::Graph {
            format,
            rule,
            action,
            rules,
        } => graph(format, rule.as_deref(), action.as_deref(), rules.path()),
        Command::Gaps {
            with,
            concern,
            format,
            as_of,
            emit_examples,
            rules,
        } => gaps(
            &with,
            concern.as_deref(),
            format,
            as_of.as_deref(),
            emit_examples.as_deref(),
            rules.as_deref(),
        ),
        Command::Diff {
            with,
            base,
            paths,
            format,
            fail_on_change,
            rules,
        } => diff(
            &with,
            base.as_deref(),
            &paths,
            format,
            fail_on_change,
            rules.path(),
        ),
        Command::Serve { port, open, listen } => serve(port, open, listen),
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "oversight", &mut buffer);
            emit(&String::from_utf8_lossy(&buffer));
            Ok(0)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(diagnostics) => {
            report_errors(&diagnostics);
            ExitCode::from(BAD_INPUT)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the program quietly.
fn emit(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write output: {error}");
        std::process::exit(i32::from(BAD_INPUT));
    }
}

fn report_errors(diagnostics: &Diagnostics) {
    match ERROR_FORMAT.get().copied().unwrap_or(ErrorFormat::Human) {
        ErrorFormat::Human => {
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            eprint!("{}", diagnostics.render(color));
        }
        ErrorFormat::Plain => eprint!("{}", diagnostics.render_plain()),
        ErrorFormat::Json => eprint!("{}", diagnostics.render_json()),
    }
}

fn read_source(path: &Path) -> Result<SourceFile, Diagnostics> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| {
        Diagnostics::one(Diagnostic::in_file(
            &name,
            format!("cannot read file: {}", error.to_string().to_lowercase()),
        ))
    })?;
    Ok(SourceFile::new(name, text))
}

fn parse_as_of(text: &str) -> Result<Date, Diagnostics> {
    text.parse::<Date>().map_err(|error| {
        Diagnostics::one(
            Diagnostic::in_file("--as-of", format!("invalid date `{text}`"))
                .with_help(format!("dates are written `YYYY-MM-DD` ({error})")),
        )
    })
}

/// The proposals named on the command line: files on disk, or proposals of
/// the rule book (embedded, or in `DIR/proposals/` with `--rules DIR`) by
/// file name or id.
fn proposals(names: &[String], rules: Option<&Path>) -> Result<Vec<SourceFile>, Diagnostics> {
    names
        .iter()
        .map(|name| find_proposal(name, rules))
        .collect()
}

fn check(
    path: &Path,
    format: CheckFormat,
    as_of: Option<&str>,
    rules: Option<&Path>,
    with: &[String],
    explain: bool,
) -> Result<u8, Diagnostics> {
    let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
    let as_of = as_of.map(parse_as_of).transpose()?;
    let loaded = load_action(&book, read_source(path)?)?;
    validate_expectations(&book, &loaded)?;
    // How a time was read (a daylight-saving gap or fold) is said on standard
    // error too, so it is seen whatever the format.
    for warning in &loaded.warnings.0 {
        eprintln!("warning: {}", warning.plain_line());
    }
    let (date, source) = choose_as_of(&loaded.action, as_of, today());
    let mut assessment = assess(&book, &loaded.action, date, source);
    if explain {
        oversight::explain::attach_derivations(&book, &loaded.action, &mut assessment, date);
    }
    let format = match format {
        CheckFormat::Text => Format::Text,
        CheckFormat::Json => Format::Json,
        CheckFormat::Markdown => Format::Markdown,
        CheckFormat::Outcomes => Format::Outcomes,
    };
    emit(&report::render(&assessment, format));
    Ok(0)
}

fn explain(
    path: &Path,
    id: &str,
    as_of: Option<&str>,
    with: &[String],
    rules: Option<&Path>,
) -> Result<u8, Diagnostics> {
    let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
    let as_of = as_of.map(parse_as_of).transpose()?;
    let loaded = load_action(&book, read_source(path)?)?;
    let Some(&ix) = book.rule_index.get(id) else {
        let mut ids: Vec<&str> = book.rules.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        return Err(Diagnostics::one(
            Diagnostic::in_file("--rule", format!("unknown rule id `{id}`"))
                .with_suggestion(id, ids, "rule"),
        ));
    };
    let (date, source) = choose_as_of(&loaded.action, as_of, today());
    emit(&oversight::explain::explain_rule(
        &book,
        &loaded.action,
        ix,
        date,
        source,
    ));
    Ok(0)
}

fn vocab(format: VocabFormat, rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let book = load_rulebook(rules)?;
    let text = match format {
        VocabFormat::Text => vocab_text(&book),
        VocabFormat::Json => oversight::vocab::render_json(&book),
    };
    emit(&text);
    Ok(0)
}

fn kind_text(kind: &FactKind) -> String {
    match kind {
        FactKind::Flag => String::from("true | false"),
        FactKind::Choice(values) => values.join(" | "),
        FactKind::ChoiceSet(values) => format!("[any of: {}]", values.join(", ")),
        FactKind::Country => String::from("ISO 3166-1 alpha-3 code, e.g. \"RUS\""),
        FactKind::Amount => String::from("whole U.S. dollars"),
        FactKind::Date => String::from("\"YYYY-MM-DD\""),
    }
}

fn vocab_text(book: &RuleBook) -> String {
    let mut out = String::from("FACTS (leave a fact out when it is not known)\n");
    for fact in &book.vocabulary.facts {
        out.push_str(&format!(
            "  {}: {}\n      {}\n",
            fact.name,
            kind_text(&fact.kind),
            fact.question
        ));
    }
    out.push_str("\nEVENTS (\"YYYY-MM-DDTHH:MM\" local time, or \"YYYY-MM-DD\")\n");
    for event in &book.vocabulary.events {
        out.push_str(&format!("  {}: {}\n", event.name, event.label));
    }
    out.push_str("\nCOUNTRY GROUPS\n");
    for group in &book.vocabulary.country_groups {
        out.push_str(&format!(
            "  {}: {} ({}) [{}]\n      {}\n",
            group.name,
            group.title,
            group.cite,
            group.confidence.tag(),
            group.members.join(", ")
        ));
    }
    out.push_str("\nBODIES\n");
    for body in &book.bodies {
        out.push_str(&format!("  {}: {} ({})\n", body.id, body.name, body.short));
    }
    out.push_str("\nBODY GROUPS\n");
    for group in &book.body_groups {
        let members: Vec<&str> = group
            .members
            .iter()
            .filter_map(|&m| book.bodies.get(m))
            .map(|b| b.id.as_str())
            .collect();
        out.push_str(&format!(
            "  {}: {} ({}) [{}]\n      {}\n",
            group.id,
            group.title,
            group.cite,
            group.confidence.tag(),
            members.join(", ")
        ));
    }
    out
}

fn validate(rules: Option<&Path>) -> Result<u8, Diagnostics> {
    // A mistake in the law would show again under every proposal; report it once.
    let book = match load_rulebook(rules) {
        Ok(book) => book,
        Err(diagnostics) => {
            report_errors(&diagnostics);
            return Ok(FAILED);
        }
    };
    // Each of the rule book's proposals must compile on top of the law, like the law.
    let mut failed = false;
    let own_proposals = match proposals_of(rules) {
        Ok(files) => files,
        Err(diagnostics) => {
            report_errors(&diagnostics);
            return Ok(FAILED);
        }
    };
    for proposal in &own_proposals {
        if let Err(diagnostics) = load_rulebook_with(rules, std::slice::from_ref(proposal)) {
            report_errors(&diagnostics);
            failed = true;
        }
    }
    if failed {
        return Ok(FAILED);
    }
    emit(&format!(
        "ok: {} rules in {} provisions; {} facts, {} events, {} bodies, {} body groups; {} proposals apply; {}\n",
        book.rules.len(),
        book.provisions.len(),
        book.vocabulary.facts.len(),
        book.vocabulary.events.len(),
        book.bodies.len(),
        book.body_groups.len(),
        own_proposals.len(),
        book.law_version
    ));
    Ok(0)
}

/// Every `.ron` file under the paths, sorted, each once.
fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "ron") {
                out.push(path);
            }
        }
        Ok(())
    }
    let defaults = [PathBuf::from("tests/scenarios")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|error| {
                Diagnostics::one(Diagnostic::in_file(
                    &path.display().to_string(),
                    format!("cannot read directory: {error}"),
                ))
            })?;
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Diagnostics::one(Diagnostic::in_file(
                &path.display().to_string(),
                "no such file or directory",
            )));
        }
    }
    files.dedup();
    Ok(files)
}

/// Tally and log of `oversight test`.
#[derive(Default)]
struct TestRun {
    passed: usize,
    failed: usize,
    broken: usize,
    without: usize,
    out: String,
}

impl TestRun {
    /// A file that could not be read or resolved: said at once, with its errors.
    fn broken(&mut self, name: &str, diagnostics: &Diagnostics) {
        self.broken += 1;
        self.out.push_str(&format!("ERROR {name}\n"));
        emit(&self.out);
        self.out.clear();
        report_errors(diagnostics);
    }

    /// One checked expectation block: `ok`, or `FAIL` with every failure located.
    fn record(&mut self, label: &str, failures: Vec<oversight::scenario::Failure>) {
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
fn test(paths: &[PathBuf], rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let book = load_rulebook(rules)?;
    let mut run = TestRun::default();
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
            let id = oversight::rules_dir::proposal_id(&own);
            let given = proposal_files
                .iter()
                .any(|p| id.is_some() && oversight::rules_dir::proposal_id(p) == id);
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
        match oversight::scenario::check_proposal(rules, proposal, &find_scenario, today()) {
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
    } = run;
    out.push_str(&format!("\nscenarios: {passed} passed, {failed} failed"));
    if broken > 0 {
        out.push_str(&format!(", {broken} unreadable"));
    }
    if without > 0 {
        out.push_str(&format!(", {without} without expectations"));
    }
    out.push('\n');
    emit(&out);
    Ok(if broken > 0 {
        BAD_INPUT
    } else if failed > 0 {
        FAILED
    } else {
        0
    })
}

fn coverage(paths: &[PathBuf], rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let book = load_rulebook(rules)?;
    let mut assessments = Vec::new();
    for path in scenario_files(paths)? {
        let loaded = load_action(&book, read_source(&path)?)?;
        let (date, source) = choose_as_of(&loaded.action, None, today());
        assessments.push(assess(&book, &loaded.action, date, source));
    }
    let rows = oversight::coverage::coverage(&book, &assessments);
    emit(&oversight::coverage::render(&rows, assessments.len()));
    Ok(
        if rows
            .iter()
            .all(oversight::coverage::RuleCoverage::both_ways)
        {
            0
        } else {
            FAILED
        },
    )
}

fn serve(port: u16, open: bool, listen: Option<std::net::IpAddr>) -> Result<u8, Diagnostics> {
    use oversight::serve::{LOOPBACK, Server};
    let ip = listen.unwrap_or(LOOPBACK);
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other machines can reach this server, which has no login \
             and sends every answer in clear text"
        );
    }
    let server = Server::bind(std::net::SocketAddr::new(ip, port))?;
    let address = server.address();
    let url = if ip.is_loopback() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    eprintln!("oversight: serving {url} (Ctrl-C stops)");
    if open {
        open_in_browser(&url);
    }
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    server.run(workers);
    Ok(0)
}

/// Asks the desktop to open `url`; says so, and carries on, if it cannot.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: could not open a browser ({opener}: {error}); open {url} yourself");
    }
}

fn diff(
    with: &[String],
    base: Option<&str>,
    paths: &[PathBuf],
    format: OutputFormat,
    fail_on_change: bool,
    rules: Option<&Path>,
) -> Result<u8, Diagnostics> {
    let files = scenario_files(paths)?;
    let report = match base {
        None => {
            let law = load_rulebook(rules)?;
            let amended = load_rulebook_with(rules, &proposals(with, rules)?)?;
            oversight::diff::diff_files(&law, &amended, &files, today())?
        }
        Some(base) => {
            use oversight::revision::{base_sources, rules_under_review};
            let (reviewed, reviewed_label) = rules_under_review(rules);
            let reviewed = reviewed.as_deref();
            let after = load_rulebook_with(reviewed, &proposals(with, reviewed)?)?;
            let (sources, base_label) = base_sources(base, reviewed)?;
            let before = oversight::compile::compile(&sources)?;
            let mut report = oversight::diff::diff_files(&before, &after, &files, today())?;
            report.before = base_label;
            report.rule_change = true;
            report.after = if report.proposals.is_empty() {
                reviewed_label
            } else {
                format!("{reviewed_label} + {}", report.proposals.join(" + "))
            };
            report
        }
    };
    emit(&match format {
        OutputFormat::Text => oversight::diff::render_text(&report),
        OutputFormat::Json => oversight::diff::render_json(&report),
        OutputFormat::Markdown => oversight::diff::render_markdown(&report),
    });
    Ok(if fail_on_change && report.changed > 0 {
        FAILED
    } else {
        0
    })
}

fn render(name: &str, rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let file = find_proposal(name, rules)?;
    let book = load_rulebook_with(rules, std::slice::from_ref(&file))?;
    let Some(id) = book
        .provisions
        .iter()
        .rev()
        .find_map(|p| p.proposal.clone())
    else {
        return Err(Diagnostics::one(Diagnostic::in_file(
            &file.name,
            "the proposal could not be applied",
        )));
    };
    let mut out = oversight::render::render_amendment(&book, &id);
    let problems = oversight::render::check_draft_text(&book, &file).map_err(Diagnostics::one)?;
    if problems.is_empty() {
        out.push_str("draft text check: ok (every period, body and citation in the draft text matches the rules)\n");
        emit(&out);
        Ok(0)
    } else {
        out.push_str(&format!(
            "draft text check: {} mismatch(es) between the draft text and the rules\n",
            problems.len()
        ));
        emit(&out);
        report_errors(&Diagnostics(problems));
        Ok(FAILED)
    }
}

fn gaps(
    with: &[String],
    only: Option<&str>,
    format: OutputFormat,
    as_of: Option<&str>,
    emit_examples: Option<&Path>,
    rules: Option<&Path>,
) -> Result<u8, Diagnostics> {
    use oversight::gaps::{
        GapReport, SCHEMA, analyse, embedded_concerns, load_concerns, missing_concerns,
    };
    let as_of = as_of.map(parse_as_of).transpose()?.unwrap_or_else(today);
    let concerns_file = match rules {
        Some(dir) => read_source(&dir.join("concerns.ron"))?,
        None => embedded_concerns().ok_or_else(|| missing_concerns("rules/concerns.ron"))?,
    };
    let law = load_rulebook(rules)?;
    let mut concerns = load_concerns(&law, &concerns_file)?;
    if let Some(id) = only {
        let ids: Vec<String> = concerns.iter().map(|c| c.id.clone()).collect();
        concerns.retain(|c| c.id == id);
        if concerns.is_empty() {
            return Err(Diagnostics::one(
                Diagnostic::in_file("--concern", format!("unknown concern `{id}`"))
                    .with_suggestion(id, ids.iter().map(String::as_str), "concern"),
            ));
        }
    }
    let law_gaps = analyse(&law, &concerns, as_of);
    let (proposal_ids, amended) = if with.is_empty() {
        (Vec::new(), None)
    } else {
        let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
        let ids = book.proposal_ids();
        let concerns = load_concerns(&book, &concerns_file)?
            .into_iter()
            .filter(|c| only.is_none_or(|id| c.id == id))
            .collect::<Vec<_>>();
        (ids, Some(analyse(&book, &concerns, as_of)))
    };
    if let Some(dir) = emit_examples {
        std::fs::create_dir_all(dir).map_err(|e| {
            Diagnostics::one(Diagnostic::in_file(
                &dir.display().to_string(),
                format!("cannot create directory: {e}"),
            ))
        })?;
        for gaps in law_gaps.iter().chain(amended.iter().flatten()) {
            for (n, example) in gaps.examples.iter().enumerate() {
                let suffix = if amended
                    .as_ref()
                    .is_some_and(|a| a.iter().any(|g| std::ptr::eq(g, gaps)))
                {
                    "-amended"
                } else {
                    ""
                };
                let path = dir.join(format!("gap-{}{suffix}-{}.ron", gaps.concern, n + 1));
                std::fs::write(&path, example).map_err(|e| {
                    Diagnostics::one(Diagnostic::in_file(
                        &path.display().to_string(),
                        format!("cannot write file: {e}"),
                    ))
                })?;
            }
        }
    }
    let report = GapReport {
        schema: SCHEMA,
        as_of: as_of.to_string(),
        proposals: proposal_ids,
        law: law_gaps,
        amended,
    };
    emit(&match format {
        OutputFormat::Text => oversight::gaps::render_text(&report),
        OutputFormat::Json => oversight::gaps::render_json(&report),
        OutputFormat::Markdown => oversight::gaps::render_markdown(&report),
    });
    Ok(0)
}

/// Exit 1 when a rule can never apply or an exception never matters; overlaps are reported only.
fn export_rego(with: &[String], rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
    emit(&oversight::rego::export(&book));
    Ok(0)
}

fn lint(format: VocabFormat, with: &[String], rules: Option<&Path>) -> Result<u8, Diagnostics> {
    let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
    let concerns = match oversight::gaps::embedded_concerns() {
        Some(file) if rules.is_none() => oversight::gaps::load_concerns(&book, &file)?,
        _ => Vec::new(),
    };
    let domains = oversight::gaps::domains(&book, &concerns);
    let findings = oversight::lint::lint(&book, &domains);
    emit(&match format {
        VocabFormat::Text => oversight::lint::render_text(&findings),
        VocabFormat::Json => {
            let mut out = serde_json::to_string_pretty(
                &serde_json::json!({"schema": "oversight.lint/1", "findings": findings}),
            )
            .unwrap_or_default();
            out.push('\n');
            out
        }
    });
    Ok(if findings.iter().any(|f| f.kind != "overlap") {
        FAILED
    } else {
        0
    })
}

fn graph(
    format: GraphFormatArg,
    rule: Option<&str>,
    action: Option<&Path>,
    rules: Option<&Path>,
) -> Result<u8, Diagnostics> {
    let book = load_rulebook(rules)?;
    let around = match rule {
        Some(id) => match book.rule_index.get(id) {
            Some(&ix) => Some(ix),
            None => {
                let mut ids: Vec<&str> = book.rules.iter().map(|r| r.id.as_str()).collect();
                ids.sort_unstable();
                return Err(Diagnostics::one(
                    Diagnostic::in_file("--rule", format!("unknown rule id `{id}`"))
                        .with_suggestion(id, ids, "rule"),
                ));
            }
        },
        None => None,
    };
    let values = match action {
        Some(path) => {
            let loaded = load_action(&book, read_source(path)?)?;
            let (date, _) = choose_as_of(&loaded.action, None, today());
            Some(oversight::evaluate::evaluate_rules(&book, &loaded.action, date).values)
        }
        None => None,
    };
    let format = match format {
        GraphFormatArg::Dot => oversight::graph::GraphFormat::Dot,
        GraphFormatArg::Mermaid => oversight::graph::GraphFormat::Mermaid,
    };
    let keep = oversight::graph::neighbourhood(&book, around);
    emit(&oversight::graph::render(
        &book,
        &keep,
        values.as_deref(),
        format,
    ));
    Ok(0)
}

fn ask(
    path: &Path,
    write: Option<&Path>,
    as_of: Option<&str>,
    with: &[String],
    rules: Option<&Path>,
) -> Result<u8, Diagnostics> {
    let book = load_rulebook_with(rules, &proposals(with, rules)?)?;
    let as_of = as_of.map(parse_as_of).transpose()?;
    let source = read_source(path)?;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut output = std::io::stdout();
    let done = oversight::ask::interview(
        &book,
        &source,
        (as_of, today()),
        !stdin.is_terminal(),
        &mut input,
        &mut output,
    )?;
    if let Some(target) = write {
        std::fs::write(target, &done.text).map_err(|error| {
            Diagnostics::one(Diagnostic::in_file(
                &target.display().to_string(),
                format!(
                    "cannot write the completed action: {}",
                    error.to_string().to_lowercase()
                ),
            ))
        })?;
        println!("wrote {} answer(s) to {}", done.answered, target.display());
    }
    Ok(match done.ending {
        oversight::ask::Ending::Complete => 0,
        oversight::ask::Ending::Stopped => FAILED,
    })
}
