//! One request: the guards that refuse it before its body is read, the
//! bounded read of the body, the computation on a bounded pool, and the
//! answer's headers.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response};
use tokio::sync::Semaphore;

use super::Limits;
use super::app::{App, MAX_BODY_BYTES, Reply};
use super::err::ServeError;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// What every connection's requests share.
pub(super) struct Shared {
    /// Decides every answer.
    pub(super) app: Arc<App>,
    /// Answer only requests addressed to a loopback name.
    pub(super) loopback_only: bool,
    /// One permit per answer computed at once.
    pub(super) compute: Semaphore,
    /// The bounds of [`super::Limits`].
    pub(super) limits: Limits,
}

impl Shared {
    /// The state for a server with these limits.
    pub(super) fn new(app: Arc<App>, loopback_only: bool, limits: &Limits) -> Arc<Self> {
        Arc::new(Self {
            app,
            loopback_only,
            compute: Semaphore::new(limits.compute_slots.max(1)),
            limits: limits.clone(),
        })
    }
}

/// The hyper service that answers a connection's requests.
pub(super) fn service(
    shared: Arc<Shared>,
) -> impl hyper::service::Service<
    Request<Incoming>,
    Response = Response<Full<Bytes>>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send,
> {
    hyper::service::service_fn(move |request| answer(Arc::clone(&shared), request))
}

/// A reply, and whether the connection must close after it (its body was
/// refused unread, or did not arrive).
struct Outcome {
    reply: Reply,
    close: bool,
}

impl Outcome {
    fn keep(reply: Reply) -> Self {
        Self {
            reply,
            close: false,
        }
    }

    fn close(reply: Reply) -> Self {
        Self { reply, close: true }
    }
}

/// Answers one request. Never fails: every problem is an HTTP answer.
async fn answer(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let outcome = decide(&shared, request).await;
    Ok(response(outcome))
}

async fn decide(shared: &Arc<Shared>, request: Request<Incoming>) -> Outcome {
    let (head, body) = request.into_parts();
    if shared.loopback_only && !addressed_to_loopback(&head.headers) {
        return Outcome::close(problem(
            403,
            ServeError::NotLocalhost,
            "open http://127.0.0.1:PORT/ on this machine",
        ));
    }
    if let Some(refusal) = cross_site_refusal(&head.method, &head.headers) {
        return Outcome::close(refusal);
    }
    let method = head.method.as_str();
    // The query is passed on: `?pretty` and `?format=docx` are read there.
    let path = head
        .uri
        .path_and_query()
        .map_or_else(|| head.uri.path(), |p| p.as_str());
    if head.method != Method::POST {
        // The page's files and the vocabulary are ready-made: they never
        // wait for a computing slot, and a body sent with them is not read.
        let reply = shared.app.handle(method, path, b"");
        return if declares_no_body(&head.headers) {
            Outcome::keep(reply)
        } else {
            Outcome::close(reply)
        };
    }
    if declared_length(&head.headers).is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Outcome::close(body_too_large());
    }
    let body = match read_body(body, shared.limits.body_time).await {
        Ok(body) => body,
        Err(refusal) => return Outcome::close(refusal),
    };
    Outcome::keep(compute(shared, method.to_string(), path.to_string(), body).await)
}

/// The body, read within `time` and up to [`MAX_BODY_BYTES`].
async fn read_body(body: Incoming, time: Duration) -> Result<Bytes, Reply> {
    let collected = tokio::time::timeout(time, Limited::new(body, MAX_BODY_BYTES).collect()).await;
    match collected {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<LengthLimitError>() => Err(body_too_large()),
        Ok(Err(_)) => Err(problem_without_help(400, ServeError::BodyUnreadable)),
        Err(_) => Err(problem(
            408,
            ServeError::BodyTimeout {
                seconds: time.as_secs(),
            },
            "send the whole body at once, with its Content-Length",
        )),
    }
}

/// Runs the answer on the blocking pool once a computing slot is free,
/// waiting at most [`Limits::queue_wait`] for one.
async fn compute(shared: &Arc<Shared>, method: String, path: String, body: Bytes) -> Reply {
    let wait = shared.limits.queue_wait;
    let Ok(Ok(permit)) = tokio::time::timeout(wait, shared.compute.acquire()).await else {
        let mut reply = problem(
            503,
            ServeError::Busy {
                seconds: wait.as_secs(),
            },
            "try again in a moment",
        );
        reply.retry_after = Some(1);
        return reply;
    };
    let app = Arc::clone(&shared.app);
    let answered = tokio::task::spawn_blocking(move || app.handle(&method, &path, &body)).await;
    drop(permit);
    // `handle` does not panic on any input; a panic is a bug, reported as one
    // without taking the server down.
    answered.unwrap_or_else(|_| problem_without_help(500, ServeError::Internal))
}

fn problem(status: u16, error: ServeError, help: &str) -> Reply {
    Reply::problem(
        status,
        &Diagnostics::one(Diagnostic::in_file("request", error).with_help(help)),
    )
}

fn problem_without_help(status: u16, error: ServeError) -> Reply {
    Reply::problem(
        status,
        &Diagnostics::one(Diagnostic::in_file("request body", error)),
    )
}

fn body_too_large() -> Reply {
    Reply::problem(
        413,
        &Diagnostics::one(
            Diagnostic::in_file(
                "request body",
                ServeError::BodyTooLarge {
                    mib: MAX_BODY_BYTES >> 20,
                },
            )
            .with_help("an action is a few kilobytes; send one action per request"),
        ),
    )
}

/// The header's value as text, if the request has it.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The declared `Content-Length`, if any.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    header_text(headers, header::CONTENT_LENGTH).and_then(|n| n.trim().parse().ok())
}

/// True when the request declares no body (a GET normally does not).
fn declares_no_body(headers: &HeaderMap) -> bool {
    !headers.contains_key(header::TRANSFER_ENCODING)
        && declared_length(headers).is_none_or(|n| n == 0)
}

/// Why a POST must be refused before its body is read, if it must: a page
/// on another site can send a "simple" request (`fetch` with `no-cors`)
/// to a server on this machine, but it cannot set `Content-Type:
/// application/json`, hide a foreign `Origin`, or a browser's
/// `Sec-Fetch-Site: cross-site`. The page itself sends JSON from its own origin.
fn cross_site_refusal(method: &Method, headers: &HeaderMap) -> Option<Reply> {
    if method != Method::POST {
        return None;
    }
    const HELP: &str = "the API answers only the page this server serves";
    if header_text(headers, header::HeaderName::from_static("sec-fetch-site"))
        .is_some_and(|site| site.eq_ignore_ascii_case("cross-site"))
    {
        return Some(problem(403, ServeError::CrossSite, HELP));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = header_text(headers, header::HOST).map(|host| format!("http://{host}"));
        let same = origin
            .to_str()
            .ok()
            .zip(own)
            .is_some_and(|(origin, own)| origin.eq_ignore_ascii_case(&own));
        if !same {
            return Some(problem(403, ServeError::CrossSite, HELP));
        }
    }
    let json = header_text(headers, header::CONTENT_TYPE).is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return Some(problem(
            415,
            ServeError::NotJson,
            "send the body with `Content-Type: application/json`",
        ));
    }
    None
}

/// True when the `Host` header names a loopback address or `localhost`
/// (defends against DNS rebinding while bound to loopback).
fn addressed_to_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = header_text(headers, header::HOST).map(str::to_ascii_lowercase) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default().to_string()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The HTTP answer: the reply's body and the headers every answer carries.
fn response(outcome: Outcome) -> Response<Full<Bytes>> {
    let Outcome { reply, close } = outcome;
    let mut response = Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    let fixed: [(header::HeaderName, &'static str); 5] = [
        (header::CONTENT_TYPE, reply.content_type),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        // The page may load only what this server sends.
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if let Some(allow) = reply.allow {
        headers.insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    if let Some(seconds) = reply.retry_after {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    if let Some(name) = reply.download
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    if close {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
