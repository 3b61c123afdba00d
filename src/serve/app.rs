//! What the server answers, as a pure function of method, path and body, so
//! that it can be tested without a socket.
//!
//! The law is compiled once; each combination of bundled proposals is
//! compiled the first time it is asked for and kept (there are only
//! 2^proposals combinations). Nothing here reads a file: proposals are found
//! only among those embedded in the binary, by id.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Deserialize;
use serde_json::{Value, json};

use super::err::ServeError;
use crate::assessment::build::{assess, choose_as_of};
use crate::compile::RuleSources;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::input::action::{LoadedAction, load_action};
use crate::input::rules_dir::{embedded_proposals, embedded_sources};
use crate::model::RuleBook;
use crate::output::{Format, render};
use crate::parse::parse;
use crate::source::SourceFile;
use crate::syntax::ProposalFile;

use super::action_json::{ACTION_FILE, REQUEST_BODY, action_to_json, action_to_ron, field_at};
use super::assets;

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// An HTTP answer: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// A file name offered for saving (`Content-Disposition: attachment`).
    pub download: Option<&'static str>,
    /// The methods the path accepts (the `Allow` header of a 405 answer).
    pub allow: Option<&'static str>,
    /// Seconds to wait before trying again (the `Retry-After` header of a 503).
    pub retry_after: Option<u32>,
}

/// What a path is, and so which methods it accepts.
#[derive(Debug, Clone, Copy)]
enum Route {
    /// A file of the page: GET and HEAD.
    Asset(&'static str, &'static [u8]),
    /// `/api/vocabulary`: GET and HEAD.
    Vocabulary,
    /// The JSON API that computes: POST.
    Api,
}

impl Route {
    fn of(path: &str) -> Option<Self> {
        match path {
            "/api/vocabulary" => Some(Self::Vocabulary),
            "/api/assess" | "/api/memo" | "/api/ics" | "/api/ron" | "/api/diff"
            | "/api/explain" | "/api/open" => Some(Self::Api),
            _ => assets::find(path).map(|(content_type, bytes)| Self::Asset(content_type, bytes)),
        }
    }

    fn allowed(self) -> &'static str {
        match self {
            Self::Asset(..) | Self::Vocabulary => "GET, HEAD",
            Self::Api => "POST",
        }
    }
}

impl Reply {
    fn json(status: u16, value: &Value) -> Self {
        Self::text(
            status,
            "application/json",
            crate::output::json::pretty(value),
        )
    }

    fn text(status: u16, content_type: &'static str, body: String) -> Self {
        Self::bytes(status, content_type, body.into_bytes())
    }

    fn bytes(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type,
            body,
            download: None,
            allow: None,
            retry_after: None,
        }
    }

    fn method_not_allowed(method: &str, allow: &'static str) -> Self {
        let mut reply = Self::problem(
            405,
            &Diagnostics::one(
                Diagnostic::in_file(
                    "request",
                    ServeError::MethodNotAllowed {
                        method: method.to_string(),
                    },
                )
                .with_help(format!("this path accepts {allow}")),
            ),
        );
        reply.allow = Some(allow);
        reply
    }

    /// A 4xx answer: the diagnostics as the command line renders them
    /// (`error`, uncoloured) and as `--error-format json` gives them.
    pub(crate) fn problem(status: u16, diagnostics: &Diagnostics) -> Self {
        Self::problem_in(status, diagnostics, None)
    }

    /// A 4xx answer about an action file: each diagnostic in that file also
    /// names the action field its line belongs to (`"field":
    /// "facts.recipient_country"`), so that the page can show it there.
    fn problem_in(status: u16, diagnostics: &Diagnostics, source: Option<&SourceFile>) -> Self {
        let mut items: Value =
            serde_json::from_str(&diagnostics.render_json()).unwrap_or(Value::Null);
        if let (Some(source), Some(list)) = (source, items.as_array_mut()) {
            for item in list.iter_mut().filter_map(Value::as_object_mut) {
                let line = item.get("line").and_then(Value::as_u64).unwrap_or(0);
                let in_file = item.get("file").and_then(Value::as_str) == Some(&source.name);
                let field = usize::try_from(line)
                    .ok()
                    .filter(|_| in_file)
                    .and_then(|line| field_at(&source.text, line));
                item.insert(
                    String::from("field"),
                    field.map_or(Value::Null, Value::from),
                );
            }
        }
        Self::json(
            status,
            &json!({
                "schema": "oversight.error/1",
                "error": diagnostics.render(false),
                "diagnostics": items,
            }),
        )
    }

    fn not_found(method: &str, path: &str) -> Self {
        Self::problem(
            404,
            &Diagnostics::one(
                Diagnostic::in_file(
                    "request",
                    ServeError::NoSuchPage {
                        method: method.to_string(),
                        path: path.to_string(),
                    },
                )
                    .with_help("the API is GET /api/vocabulary and POST /api/assess, /api/diff, /api/explain, /api/memo, /api/ics, /api/ron, /api/open"),
            ),
        )
    }
}

/// A bundled proposal: its id, title and summary, and its file.
struct Proposal {
    id: String,
    title: String,
    summary: String,
    file: SourceFile,
}

/// The compiled law, the bundled proposals and the rule books compiled so far.
pub struct App {
    sources: RuleSources,
    law: Arc<RuleBook>,
    proposals: Vec<Proposal>,
    amended: Mutex<BTreeMap<Vec<usize>, Arc<RuleBook>>>,
    vocabulary: Vec<u8>,
}

/// The body of `POST /api/assess`, `/api/memo`, `/api/ron`, `/api/diff` and
/// `/api/explain`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionRequest {
    /// The action, as the RON action file's fields in JSON.
    action: Value,
    /// Ids of bundled proposals to apply, in order.
    #[serde(default)]
    proposals: Vec<String>,
    /// Include derivation trees (`check --explain`).
    #[serde(default)]
    explain: bool,
    /// The rule to explain (`/api/explain` only).
    #[serde(default)]
    rule: Option<String>,
}

const REQUEST_FIELDS: [&str; 4] = ["action", "proposals", "explain", "rule"];

/// The body of `POST /api/open`: an action file's text, as opened, dropped
/// or pasted on the page, and the file's name if it has one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenRequest {
    /// The action file's text (RON).
    text: String,
    /// The file's name, used in messages; `pasted text` when absent.
    #[serde(default)]
    name: Option<String>,
}

/// The media type of a Word document.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl App {
    /// Compiles the embedded law and reads the bundled proposals' titles.
    pub fn new() -> Result<Self, Diagnostics> {
        // The law as build.rs compiled it; the sources are kept for
        // compiling it again with proposals.
        let law = Arc::new(crate::input::rules_dir::embedded_law()?);
        let sources = embedded_sources()?;
        let mut proposals = Vec::new();
        for file in embedded_proposals() {
            let header = parse::<ProposalFile>(&file).map_err(Diagnostics::one)?;
            proposals.push(Proposal {
                id: header.id.value.clone(),
                title: header.title,
                summary: header.summary,
                file,
            });
        }
        let mut vocabulary = crate::output::vocab::to_json(&law);
        if let Some(object) = vocabulary.as_object_mut() {
            let listed: Vec<Value> = proposals
                .iter()
                .map(|p| json!({"id": p.id, "title": p.title, "summary": p.summary}))
                .collect();
            object.insert(String::from("proposals"), Value::Array(listed));
            object.insert(
                String::from("default_timezone"),
                Value::from(crate::input::action::DEFAULT_TIMEZONE),
            );
            // Every ISO 3166-1 country, for the page's search by name (the
            // vocabulary's groups name only some of them).
            let countries: Vec<Value> = crate::countries::Country::all()
                .map(|c| json!({"code": c.code(), "name": c.name()}))
                .collect();
            object.insert(String::from("countries"), Value::Array(countries));
        }
        let vocabulary = crate::output::json::pretty(&vocabulary);
        Ok(Self {
            sources,
            law,
            proposals,
            amended: Mutex::new(BTreeMap::new()),
            vocabulary: vocabulary.into_bytes(),
        })
    }

    /// Answers one request. Never panics on any input.
    /// JSON answers are compact unless the query asks for `?pretty`.
    pub fn handle(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let pretty = query.split('&').any(|p| p == "pretty" || p == "pretty=1");
        let Some(route) = Route::of(path) else {
            return Reply::not_found(method, path);
        };
        match (route, method) {
            (Route::Api, "POST") if path == "/api/open" => self.open(body),
            (Route::Api, "POST") => {
                let docx = query.split('&').any(|p| p == "format=docx");
                match self.answer(path, body, pretty, docx) {
                    Ok(reply) => reply,
                    Err((diagnostics, source)) => {
                        Reply::problem_in(400, &diagnostics, source.as_ref())
                    }
                }
            }
            (Route::Vocabulary, "GET" | "HEAD") => {
                Reply::bytes(200, "application/json", self.vocabulary.clone())
            }
            (Route::Asset(content_type, bytes), "GET" | "HEAD") => {
                Reply::bytes(200, content_type, bytes.to_vec())
            }
            (route, _) => Reply::method_not_allowed(method, route.allowed()),
        }
    }

    /// `POST /api/open`: reads an action file with the command line's
    /// loader and answers the action as the page's JSON, or the loader's
    /// problems, each with the field it concerns.
    fn open(&self, body: &[u8]) -> Reply {
        let request = match read_body::<OpenRequest>(body, &["text", "name"]) {
            Ok(request) => request,
            Err(diagnostics) => return Reply::problem(400, &diagnostics),
        };
        let name = request
            .name
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| String::from("pasted text"));
        let source = SourceFile::new(name, request.text);
        match load_action(&self.law, source.clone()) {
            Ok(loaded) => Reply::json(
                200,
                &json!({"action": action_to_json(&self.law, &loaded.action)}),
            ),
            Err(diagnostics) => Reply::problem_in(400, &diagnostics, Some(&source)),
        }
    }

    fn answer(
        &self,
        path: &str,
        body: &[u8],
        pretty: bool,
        docx: bool,
    ) -> Result<Reply, (Diagnostics, Option<SourceFile>)> {
        let request: ActionRequest = read_body(body, &REQUEST_FIELDS).map_err(|d| (d, None))?;
        let ron = action_to_ron(&request.action).map_err(|d| (d, None))?;
        if path == "/api/ron" {
            let mut reply = Reply::text(200, "application/ron; charset=utf-8", ron);
            reply.download = Some("action.ron");
            return Ok(reply);
        }
        let source = SourceFile::new(ACTION_FILE, ron);
        let amended = self.book(&request.proposals).map_err(|d| (d, None))?;
        if path == "/api/diff" {
            let report = crate::analysis::diff::diff_sources(
                &self.law,
                &amended,
                vec![source.clone()],
                crate::input::action::today(),
            )
            .map_err(|d| (d, Some(source)))?;
            return Ok(Reply::text(
                200,
                "application/json",
                crate::output::diff::render_json(&report),
            ));
        }
        let loaded = load_action(&amended, source.clone()).map_err(|d| (d, Some(source)))?;
        let (date, origin) = choose_as_of(&loaded.action, None, crate::input::action::today());
        match path {
            "/api/explain" => explain(&amended, &loaded, request.rule.as_deref(), date, origin)
                .map_err(|d| (d, None)),
            "/api/memo" if docx => {
                let assessment = assess(&amended, &loaded.action, date, origin);
                let bytes =
                    crate::output::docx::render(&assessment, &memo_view()).map_err(|reason| {
                        (
                            Diagnostics::one(Diagnostic::in_file(
                                "memo.docx",
                                ServeError::CannotWriteDocx { reason },
                            )),
                            None,
                        )
                    })?;
                let mut reply = Reply::bytes(200, DOCX, bytes);
                reply.download = Some("memo.docx");
                Ok(reply)
            }
            "/api/memo" => {
                let assessment = assess(&amended, &loaded.action, date, origin);
                let mut reply = Reply::text(
                    200,
                    "text/markdown; charset=utf-8",
                    crate::output::render_view(&assessment, Format::Markdown, &memo_view()),
                );
                reply.download = Some("memo.md");
                Ok(reply)
            }
            "/api/ics" => {
                let assessment = assess(&amended, &loaded.action, date, origin);
                let today = crate::input::action::today().to_string();
                let mut reply = Reply::text(
                    200,
                    "text/calendar; charset=utf-8",
                    crate::output::ics::render(&assessment, &today),
                );
                reply.download = Some("deadlines.ics");
                Ok(reply)
            }
            _ => {
                let mut assessment = assess(&amended, &loaded.action, date, origin);
                if request.explain {
                    crate::assessment::explain::attach_derivations(
                        &amended,
                        &loaded.action,
                        &mut assessment,
                    );
                }
                let json = if pretty {
                    render(&assessment, Format::Json)
                } else {
                    crate::output::json::compact(&assessment)
                };
                Ok(Reply::text(200, "application/json", json))
            }
        }
    }

    /// The law with these bundled proposals applied, in order.
    fn book(&self, ids: &[String]) -> Result<Arc<RuleBook>, Diagnostics> {
        if ids.is_empty() {
            return Ok(Arc::clone(&self.law));
        }
        let mut chosen = Vec::new();
        for id in ids {
            match self.proposals.iter().position(|p| &p.id == id) {
                Some(ix) => chosen.push(ix),
                None => {
                    let known: Vec<&str> = self.proposals.iter().map(|p| p.id.as_str()).collect();
                    return Err(Diagnostics::one(
                        Diagnostic::in_file(
                            REQUEST_BODY,
                            ServeError::UnknownProposal { id: id.to_string() },
                        )
                        .with_suggestion(id, known, "proposal"),
                    ));
                }
            }
        }
        let cache = |m: &Mutex<BTreeMap<Vec<usize>, Arc<RuleBook>>>| {
            m.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&chosen)
                .cloned()
        };
        if let Some(book) = cache(&self.amended) {
            return Ok(book);
        }
        let mut sources = self.sources.clone();
        sources.proposals = chosen
            .iter()
            .filter_map(|&ix| self.proposals.get(ix))
            .map(|p| p.file.clone())
            .collect();
        let book = Arc::new(crate::compile::compile(&sources)?);
        self.amended
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(chosen, Arc::clone(&book));
        Ok(book)
    }
}

/// How the memo is written, in Markdown or Word: dated today, as `check`
/// dates it.
fn memo_view() -> crate::output::View {
    crate::output::View {
        prepared: Some(crate::input::action::today().to_string()),
        ..crate::output::View::default()
    }
}

fn explain(
    book: &RuleBook,
    loaded: &LoadedAction,
    rule: Option<&str>,
    date: jiff::civil::Date,
    origin: crate::assessment::AsOfSource,
) -> Result<Reply, Diagnostics> {
    let Some(id) = rule else {
        return Err(Diagnostics::one(
            Diagnostic::in_file(REQUEST_BODY, ServeError::RuleMissing)
                .with_help("name the rule to explain, e.g. `\"rule\": \"3093-c-1\"`"),
        ));
    };
    let ix = book
        .rule_ix_named(id, REQUEST_BODY)
        .map_err(Diagnostics::one)?;
    Ok(Reply::text(
        200,
        "text/plain; charset=utf-8",
        crate::assessment::explain::explain_rule(book, &loaded.action, ix, date, origin),
    ))
}

/// Reads a request body of UTF-8 JSON into `T`, whose fields are `fields`.
fn read_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    fields: &[&str],
) -> Result<T, Diagnostics> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(Diagnostics::one(
            Diagnostic::in_file(REQUEST_BODY, ServeError::BodyNotUtf8)
                .with_help("send JSON encoded as UTF-8"),
        ));
    };
    serde_json::from_str::<T>(text).map_err(|error| {
        let file = SourceFile::new(REQUEST_BODY, text);
        let offset = file.offset_of(error.line(), error.column());
        let end = (offset + 1).min(text.len()).max(offset);
        let message = error.to_string();
        // serde_json appends " at line L column C"; the position is shown anyway.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_string();
        let help = match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                String::from("the body must be JSON, e.g. {\"action\": {\"title\": \"...\", \"facts\": {}}, \"proposals\": []}")
            }
            _ => format!("a request has the fields {}", crate::diagnostic::quoted_list(fields)),
        };
        let diagnostic = if text.is_empty() {
            Diagnostic::in_file(REQUEST_BODY, ServeError::BodyEmpty)
        } else {
            Diagnostic::at(&file, offset..end, ServeError::BadJson { message })
        };
        Diagnostics::one(diagnostic.with_help(help))
    })
}
