//! `oversight serve`: the engine behind a local web page and a JSON API.
//!
//! The server binds to 127.0.0.1 unless told otherwise with `--listen`, and
//! while it does it answers only requests addressed to a loopback name, so a
//! web site cannot reach it by pointing a DNS name at 127.0.0.1. The page and
//! its script are embedded ([`assets`]); [`app`] decides every answer;
//! [`action_json`] turns the JSON action into the RON file the CLI reads.

pub mod action_json;
pub mod app;
pub mod assets;
pub mod err;

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use app::{App, MAX_BODY_BYTES, Reply};

use crate::diagnostic::{Diagnostic, Diagnostics};
use err::ServeError;

/// The address served when `--listen` is not given.
pub const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A bound server, ready to [`run`](Server::run).
pub struct Server {
    http: Arc<tiny_http::Server>,
    app: Arc<App>,
    address: SocketAddr,
}

impl Server {
    /// Compiles the rules and binds to `address` (port 0 picks a free port).
    pub fn bind(address: SocketAddr) -> Result<Self, Diagnostics> {
        let app = Arc::new(App::new()?);
        let http = tiny_http::Server::http(address).map_err(|error| {
            Diagnostics::one(
                Diagnostic::in_file(
                    "--port",
                    ServeError::CannotListen {
                        address: address.to_string(),
                        reason: error.to_string(),
                    },
                )
                .with_help("choose another port with `--port N`, or `--port 0` for any free one"),
            )
        })?;
        let address = http.server_addr().to_ip().unwrap_or(address);
        Ok(Self {
            http: Arc::new(http),
            app,
            address,
        })
    }

    /// The address actually bound (with the port chosen when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Answers requests on `workers` threads until the process ends.
    pub fn run(self, workers: usize) {
        let loopback_only = self.address.ip().is_loopback();
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| {
                let http = Arc::clone(&self.http);
                let app = Arc::clone(&self.app);
                std::thread::spawn(move || {
                    loop {
                        match http.recv() {
                            Ok(request) => serve_one(&app, request, loopback_only),
                            // A failed accept (too many open files, say) must not
                            // stop the worker; say so and wait a moment.
                            Err(error) => {
                                eprintln!("warning: could not accept a connection: {error}");
                                std::thread::sleep(std::time::Duration::from_millis(50));
                            }
                        }
                    }
                })
            })
            .collect();
        for handle in handles {
            let _ = handle.join();
        }
    }
}

/// Reads one request, answers it, and writes the answer. A client that goes
/// away mid-answer is not an error worth reporting.
fn serve_one(app: &App, mut request: tiny_http::Request, loopback_only: bool) {
    let reply = if loopback_only && !addressed_to_loopback(&request) {
        Reply::problem(
            403,
            &Diagnostics::one(
                Diagnostic::in_file("request", ServeError::NotLocalhost)
                    .with_help("open http://127.0.0.1:PORT/ on this machine"),
            ),
        )
    } else if let Some(refusal) = cross_site_refusal(&request) {
        refusal
    } else {
        match read_body(&mut request) {
            Ok(body) => {
                let method = request.method().as_str().to_string();
                let url = request.url().to_string();
                // `handle` does not panic on any input; this is a last guard
                // so that one bad request cannot take a worker thread down.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    app.handle(&method, &url, &body)
                }))
                .unwrap_or_else(|_| {
                    Reply::problem(
                        500,
                        &Diagnostics::one(Diagnostic::in_file("request", ServeError::Internal)),
                    )
                })
            }
            Err(reply) => reply,
        }
    };
    let _ = request.respond(response(reply));
}

/// The body, or a 413 answer when it is over [`MAX_BODY_BYTES`].
fn read_body(request: &mut tiny_http::Request) -> Result<Vec<u8>, Reply> {
    let too_large = || {
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
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    let limit = u64::try_from(MAX_BODY_BYTES).unwrap_or(u64::MAX) + 1;
    if request
        .as_reader()
        .take(limit)
        .read_to_end(&mut body)
        .is_err()
    {
        return Err(Reply::problem(
            400,
            &Diagnostics::one(Diagnostic::in_file(
                "request body",
                ServeError::BodyUnreadable,
            )),
        ));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    Ok(body)
}

/// The header's value, if the request has it.
fn header<'r>(request: &'r tiny_http::Request, field: &'static str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(field))
        .map(|h| h.value.as_str())
}

/// Why a POST must be refused before its body is read, if it must: a page
/// on another site can send a "simple" request (`fetch` with `no-cors`)
/// to a server on this machine, but it cannot set `Content-Type:
/// application/json`, hide a foreign `Origin`, or a browser's
/// `Sec-Fetch-Site: cross-site`. The page itself sends JSON from its own origin.
fn cross_site_refusal(request: &tiny_http::Request) -> Option<Reply> {
    if request.method() != &tiny_http::Method::Post {
        return None;
    }
    let refuse = |status: u16, problem: ServeError, help: &str| {
        Some(Reply::problem(
            status,
            &Diagnostics::one(Diagnostic::in_file("request", problem).with_help(help)),
        ))
    };
    if header(request, "Sec-Fetch-Site").is_some_and(|site| site.eq_ignore_ascii_case("cross-site"))
    {
        return refuse(
            403,
            ServeError::CrossSite,
            "the API answers only the page this server serves",
        );
    }
    if let Some(origin) = header(request, "Origin") {
        let own = header(request, "Host").map(|host| format!("http://{host}"));
        if own.is_none_or(|own| !origin.eq_ignore_ascii_case(&own)) {
            return refuse(
                403,
                ServeError::CrossSite,
                "the API answers only the page this server serves",
            );
        }
    }
    let json = header(request, "Content-Type").is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
    });
    if !json {
        return refuse(
            415,
            ServeError::NotJson,
            "send the body with `Content-Type: application/json`",
        );
    }
    None
}

/// True when the `Host` header names a loopback address or `localhost`
/// (defends against DNS rebinding while bound to loopback).
fn addressed_to_loopback(request: &tiny_http::Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default().to_string()
    } else {
        host.split(':').next().unwrap_or_default().to_string()
    };
    name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn response(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    // Every answer is complete in memory: send its length rather than chunks.
    let mut response = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_chunked_threshold(usize::MAX);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", String::from("no-store")),
        ("X-Content-Type-Options", String::from("nosniff")),
        ("Referrer-Policy", String::from("no-referrer")),
        // The page may load only what this server sends.
        (
            "Content-Security-Policy",
            String::from("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"),
        ),
    ];
    if let Some(name) = reply.download {
        headers.push((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ));
    }
    for (field, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(field.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}
