//! User-facing errors: what went wrong, where, and the nearest valid name.
//!
//! Messages follow one style: lowercase, no trailing period, user input in
//! backticks, details in the help text.
//!
//! Each stage declares the problems it can find as an enum, with `thiserror`
//! for the message and `miette::Diagnostic` for a stable code
//! (`oversight::compile::unknown_fact`): `compile/err.rs` (`CompileError`),
//! `parse::ParseError`, `proposal::ProposalError`, `countries::CountryError`,
//! `source::FileError`, `model::LookupError`, and in the main crate
//! `input/err.rs`, `analysis/err.rs`, `output/err.rs`, `serve/err.rs` and
//! `cli/err.rs`. A [`Diagnostic`] places one such problem in a file, with a
//! label and help; its constructors take nothing else, so there are no
//! untyped messages.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceCode};

use crate::source::{SourceFile, Spanned};

/// One problem in a file the user gave us.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: String,
    /// 1-based line, or 0 when the problem is about the file as a whole.
    pub line: usize,
    /// 1-based column in characters, or 0 when the problem has no position.
    pub column: usize,
    /// One lowercase sentence without a final period.
    pub message: String,
    /// The problem's stable code, `oversight::<stage>::<problem>`.
    pub code: String,
    /// What the underlined span is.
    pub label: String,
    /// What was expected and what to do about it.
    pub help: Option<String>,
    source: Option<NamedSource<Arc<String>>>,
    span: Option<Range<usize>>,
}

/// User-supplied text made safe to print on a terminal: every control
/// character but line feed and tab (C0, DEL and C1, which can move the
/// cursor, retitle the window or hide what follows) becomes `?` for each of
/// its bytes, so byte positions in the text stay where they were.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Lines longer than this are not shown under an error, only located.
const MAX_SNIPPET_LINE: usize = 400;

impl Diagnostic {
    /// A problem at a byte range of a file.
    pub fn at(file: &SourceFile, span: Range<usize>, problem: impl miette::Diagnostic) -> Self {
        let (line, column) = file.line_col(span.start);
        // A snippet of a very long line (generated or corrupt input) would
        // flood the terminal; the position alone is more useful there.
        let line_length = file.line_length(line);
        if line_length > MAX_SNIPPET_LINE {
            let mut plain = Self::in_file(&file.name, problem);
            plain.line = line;
            plain.column = column;
            return plain;
        }
        Self {
            file: visible(&file.name).into_owned(),
            line,
            column,
            message: visible(&problem.to_string()).into_owned(),
            code: code_of(&problem),
            label: String::new(),
            help: problem
                .help()
                .map(|help| visible(&help.to_string()).into_owned()),
            source: Some(NamedSource::new(visible(&file.name), file.shown_text())),
            span: Some(span),
        }
    }

    /// A problem at a spanned value; falls back to the whole file when the
    /// value carries no position.
    pub fn at_value<T>(
        file: &SourceFile,
        value: &Spanned<T>,
        problem: impl miette::Diagnostic,
    ) -> Self {
        match value.span_in(file) {
            Some(span) => Self::at(file, span, problem),
            None => Self::in_file(&file.name, problem),
        }
    }

    /// A problem with a file as a whole (unreadable, missing).
    pub fn in_file(file: &str, problem: impl miette::Diagnostic) -> Self {
        Self {
            file: visible(file).into_owned(),
            line: 0,
            column: 0,
            message: visible(&problem.to_string()).into_owned(),
            code: code_of(&problem),
            label: String::new(),
            help: problem
                .help()
                .map(|help| visible(&help.to_string()).into_owned()),
            source: None,
            span: None,
        }
    }

    /// Sets the label under the span.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = visible(&label.into()).into_owned();
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(visible(&help.into()).into_owned());
        self
    }

    /// Sets the help text to a did-you-mean over `candidates`, if any is near.
    #[must_use]
    pub fn with_suggestion<'a>(
        self,
        found: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        kind: &str,
    ) -> Self {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let help = did_you_mean(found, &candidates).unwrap_or_else(|| {
            if candidates.len() <= 12 {
                format!("expected one of {}", quoted_list(&candidates))
            } else if matches!(
                kind,
                "fact" | "event" | "body" | "body or group" | "country group"
            ) {
                format!("no {kind} has a similar name; `oversight vocab` lists them")
            } else {
                format!("no {kind} has a similar name")
            }
        });
        self.with_help(help)
    }

    /// `error[code]`, or `error` when the problem has no code.
    pub fn kind_word(&self) -> String {
        if self.code.is_empty() {
            String::from("error")
        } else {
            format!("error[{}]", self.code)
        }
    }

    /// `file:line:column: message` on one line.
    pub fn plain_line(&self) -> String {
        format!("{}: {}", self.location(), self.message)
    }

    /// `file:line:column`, or just the file when there is no position.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A diagnostic as miette frames it under our own first line, which
/// already names the code.
struct Framed<'a>(&'a Diagnostic);

impl fmt::Debug for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Framed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.0, f)
    }
}

impl std::error::Error for Framed<'_> {}

impl miette::Diagnostic for Framed<'_> {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::help(self.0)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        miette::Diagnostic::source_code(self.0)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        miette::Diagnostic::labels(self.0)
    }
}

/// The code a stage's error declares (empty if it declares none).
fn code_of(problem: &impl miette::Diagnostic) -> String {
    problem
        .code()
        .map(|code| code.to_string())
        .unwrap_or_default()
}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let label = (!self.label.is_empty()).then(|| self.label.clone());
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            label, span,
        ))))
    }
}

/// Reports show at most this many problems, then a count of the rest, so
/// that an input with thousands of mistakes is answered in bounded time.
pub const MAX_SHOWN: usize = 50;

/// Every problem found in one pass over the input, in file order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// A single problem.
    pub fn one(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Records several problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(diagnostics);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, else the problems in file
    /// order (checks run in several passes, each pass in file order).
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0
                .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            Err(self)
        }
    }

    /// Renders every problem for a terminal or a log.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        for diagnostic in self.0.iter().take(MAX_SHOWN) {
            if diagnostic.source.is_none() {
                out.push_str(&format!(
                    "{}: {}: {}\n",
                    diagnostic.kind_word(),
                    diagnostic.location(),
                    diagnostic.message
                ));
                if let Some(help) = &diagnostic.help {
                    out.push_str(&format!("  help: {help}\n"));
                }
                continue;
            }
            // The first line gives the code and the place, for editors and
            // grep; miette's frame below states the message once (`×`).
            out.push_str(&format!(
                "{}: {}\n",
                diagnostic.kind_word(),
                diagnostic.location()
            ));
            if handler
                .render_report(&mut out, &Framed(diagnostic))
                .is_err()
            {
                out.push_str(&format!("  {}\n", diagnostic.message));
            }
        }
        out.push_str(&self.more_line());
        let count = self.0.len();
        if count > 1 {
            out.push_str(&format!("{count} errors\n"));
        }
        out
    }

    /// `... and N more problems not shown` when more than [`MAX_SHOWN`]
    /// were found, else nothing.
    fn more_line(&self) -> String {
        match self.0.len().checked_sub(MAX_SHOWN) {
            Some(more) if more > 0 => format!("... and {more} more problems not shown\n"),
            _ => String::new(),
        }
    }
}

impl Diagnostics {
    /// One line per problem (`file:line:column: error[code]: message`), help
    /// indented below: for screen readers, logs and editors' error parsers.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        for diagnostic in self.0.iter().take(MAX_SHOWN) {
            out.push_str(&format!(
                "{}: {}: {}\n",
                diagnostic.location(),
                diagnostic.kind_word(),
                diagnostic.message
            ));
            if let Some(help) = &diagnostic.help {
                out.push_str(&format!("  help: {help}\n"));
            }
        }
        out.push_str(&self.more_line());
        out
    }

    /// A JSON array of `{file, line, column, message, code, label, help}` objects
    /// (line and column are 0 when the problem has no position): for tools.
    pub fn render_json(&self) -> String {
        let mut items: Vec<serde_json::Value> = self
            .0
            .iter()
            .take(MAX_SHOWN)
            .map(|d| {
                serde_json::json!({
                    "file": d.file,
                    "line": d.line,
                    "column": d.column,
                    "message": d.message,
                    "code": d.code,
                    "label": d.label,
                    "help": d.help,
                })
            })
            .collect();
        if let Some(more) = self.0.len().checked_sub(MAX_SHOWN).filter(|&more| more > 0) {
            items.push(serde_json::json!({
                "file": "",
                "line": 0,
                "column": 0,
                "message": format!("{more} more problems not shown"),
                "code": "oversight::more_problems",
                "label": "",
                "help": "correct the problems shown and run again",
            }));
        }
        let mut text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| String::from("[]"));
        text.push('\n');
        text
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{}: {}", diagnostic.location(), diagnostic.message)?;
            if let Some(help) = &diagnostic.help {
                writeln!(f, "  help: {help}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::one(diagnostic)
    }
}

/// Every candidate at the smallest edit distance from `found`, if that
/// distance is small enough to be a plausible typo. Ties are all shown,
/// because `HSAC` is as close to `HAC` as to `HASC`.
pub fn nearest<'a>(found: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let lowered = found.to_lowercase();
    let limit = (found.chars().count() / 3).max(2);
    let mut best = usize::MAX;
    let mut names: Vec<&'a str> = Vec::new();
    for &candidate in candidates {
        let distance = strsim::damerau_levenshtein(&lowered, &candidate.to_lowercase());
        if distance > limit {
            continue;
        }
        if distance < best {
            best = distance;
            names.clear();
        }
        if distance == best && !names.contains(&candidate) {
            names.push(candidate);
        }
    }
    names
}

/// "did you mean `x`?" over the nearest candidates, if any.
pub fn did_you_mean(found: &str, candidates: &[&str]) -> Option<String> {
    let names = nearest(found, candidates);
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!("did you mean one of {}?", quoted_list(many))),
    }
}

/// `a`, `b` or `c`, in backticks.
pub fn quoted_list(names: &[&str]) -> String {
    if names.is_empty() {
        return String::from("nothing");
    }
    let mut out = String::new();
    push_list(&mut out, names.iter().copied(), "`", " or ");
    out
}

/// `a`, `a or b`, `a, b or c`; `nothing` for no items.
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return String::from("nothing");
    }
    let mut out = String::new();
    push_list(&mut out, items.iter().map(AsRef::as_ref), "", " or ");
    out
}

/// Appends the items to `out` the way reports and messages list things:
/// `a`, `a LAST b`, `a, b LAST c` (no serial comma), each item between
/// `quote`s (`` ` `` for names). The one list joiner: messages join with
/// `" or "`, reports with `" and "`.
pub fn push_list<'a>(
    out: &mut String,
    items: impl ExactSizeIterator<Item = &'a str>,
    quote: &str,
    last: &str,
) {
    let count = items.len();
    for (n, item) in items.enumerate() {
        if n > 0 {
            out.push_str(if n + 1 == count { last } else { ", " });
        }
        out.push_str(quote);
        out.push_str(item);
        out.push_str(quote);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_every_candidate_at_the_minimum_distance() {
        assert_eq!(
            nearest("HSAC", &["HAC", "HASC", "SSCI"]),
            vec!["HAC", "HASC"]
        );
        assert_eq!(
            nearest("finding_aproved", &["finding_approved", "access_limited"]),
            vec!["finding_approved"]
        );
        assert!(nearest("zzzzzz", &["finding_approved"]).is_empty());
    }

    #[test]
    fn help_names_the_candidates_in_backticks() {
        assert_eq!(
            did_you_mean("hpsc", &["hpsci", "ssci"]).as_deref(),
            Some("did you mean `hpsci`?")
        );
        assert_eq!(quoted_list(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(quoted_list(&["a", "b"]), "`a` or `b`");
        assert_eq!(quoted_list(&[]), "nothing");
        assert_eq!(
            or_list(&["Germany (`DEU`)", "Georgia (`GEO`)"]),
            "Germany (`DEU`) or Georgia (`GEO`)"
        );
        assert_eq!(or_list::<&str>(&[]), "nothing");
    }
}
