//! `oversight serve`: the engine behind a local web page and a JSON API.
//!
//! The server binds to 127.0.0.1 unless told otherwise with `--listen`, and
//! while it does it answers only requests addressed to a loopback name, so a
//! web site cannot reach it by pointing a DNS name at 127.0.0.1. The page and
//! its script are embedded ([`assets`]); [`app`] decides every answer;
//! [`action_json`] turns the JSON action into the RON file the CLI reads.
//!
//! The transport is hyper's HTTP/1 on the tokio runtime: `request` guards
//! and reads each request and runs the computation on a bounded pool;
//! `watch` closes connections that stop moving. [`Limits`] holds every
//! bound in one place.

pub mod action_json;
pub mod app;
pub mod assets;
pub mod err;
mod request;
mod watch;

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::sync::Semaphore;

use app::App;

use crate::diagnostic::{Diagnostic, Diagnostics};
use err::ServeError;

/// The address served when `--listen` is not given.
pub const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// Every bound the server keeps, so that no client, however slow, silent or
/// large, can hold it up for others.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Answers computed at once (assessments, diffs, memos); later requests
    /// queue for a slot. The page's files never wait for one.
    pub compute_slots: usize,
    /// How long a request may wait in that queue before it gets 503.
    pub queue_wait: Duration,
    /// Connections open at once; further connections wait to be accepted.
    pub connections: usize,
    /// Time for a request's headers to arrive, counted from the moment the
    /// connection is ready for the next request: an idle keep-alive
    /// connection is closed after this long.
    pub header_time: Duration,
    /// Bytes of a request's start line and headers (over it: 431).
    pub header_bytes: usize,
    /// Time for a request's body to arrive once its headers have (over it: 408).
    pub body_time: Duration,
    /// A connection on which nothing has been read or written for this long
    /// is closed (a client that stops reading its answer, say).
    pub stalled: Duration,
    /// After Ctrl-C, how long requests in progress may take to finish.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            compute_slots: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
            queue_wait: Duration::from_secs(30),
            connections: 256,
            header_time: Duration::from_secs(10),
            header_bytes: 64 * 1024,
            body_time: Duration::from_secs(10),
            stalled: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// A bound server, ready to [`run`](Server::run).
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<App>,
    address: SocketAddr,
    limits: Limits,
}

impl Server {
    /// Compiles the rules and binds to `address` (port 0 picks a free port),
    /// with the default [`Limits`].
    pub fn bind(address: SocketAddr) -> Result<Self, Diagnostics> {
        Self::bind_with(address, Limits::default())
    }

    /// As [`bind`](Server::bind), with the given limits.
    pub fn bind_with(address: SocketAddr, limits: Limits) -> Result<Self, Diagnostics> {
        let app = Arc::new(App::new()?);
        let cannot_listen = |error: std::io::Error| {
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
        };
        let listener = std::net::TcpListener::bind(address).map_err(cannot_listen)?;
        listener.set_nonblocking(true).map_err(cannot_listen)?;
        let address = listener.local_addr().unwrap_or(address);
        Ok(Self {
            listener,
            app,
            address,
            limits,
        })
    }

    /// The address actually bound (with the port chosen when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Answers requests until Ctrl-C (or SIGTERM), then lets the requests in
    /// progress finish (for up to [`Limits::shutdown_grace`]) and returns.
    pub fn run(self) -> Result<(), Diagnostics> {
        self.run_until(stop_signal())
    }

    /// Answers requests until `stop` completes, then shuts down as [`run`](Server::run) does.
    pub fn run_until(self, stop: impl Future<Output = ()> + Send) -> Result<(), Diagnostics> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            // Connections are cheap to serve; the answers run on the blocking
            // pool, bounded by `compute_slots`.
            .worker_threads(2)
            .max_blocking_threads(self.limits.compute_slots.max(1))
            .enable_all()
            .build()
            .map_err(cannot_start)?;
        runtime.block_on(self.serve(stop))
    }

    async fn serve(self, stop: impl Future<Output = ()> + Send) -> Result<(), Diagnostics> {
        let listener = tokio::net::TcpListener::from_std(self.listener).map_err(cannot_start)?;
        let shared = request::Shared::new(self.app, self.address.ip().is_loopback(), &self.limits);
        let connections = Arc::new(Semaphore::new(self.limits.connections.max(1)));
        let graceful = GracefulShutdown::new();
        let http = http1(&self.limits);
        tokio::pin!(stop);
        loop {
            // Wait for a free connection slot before accepting: further
            // clients wait in the system's accept queue.
            let slot = tokio::select! {
                () = &mut stop => break,
                slot = Arc::clone(&connections).acquire_owned() => slot,
            };
            let Ok(slot) = slot else { break };
            let accepted = tokio::select! {
                () = &mut stop => break,
                accepted = listener.accept() => accepted,
            };
            let (stream, _) = match accepted {
                Ok(connection) => connection,
                // A failed accept (too many open files, say) must not stop
                // the server; say so and wait a moment.
                Err(error) => {
                    eprintln!("warning: could not accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            // Answers are written whole; without this, a keep-alive client
            // waits for the delayed ACK (about 40 ms) on every request.
            let _ = stream.set_nodelay(true);
            let (stream, activity) = watch::Watched::new(stream);
            let service = request::service(Arc::clone(&shared));
            let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            let stalled = self.limits.stalled;
            tokio::spawn(async move {
                watch::until_stalled(connection, &activity, stalled).await;
                drop(slot);
            });
        }
        drop(listener);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(self.limits.shutdown_grace) => {}
        }
        Ok(())
    }
}

/// The error when the runtime or the listener cannot be set up.
fn cannot_start(error: std::io::Error) -> Diagnostics {
    Diagnostics::one(Diagnostic::in_file(
        "serve",
        ServeError::CannotStart {
            reason: error.to_string(),
        },
    ))
}

/// hyper's HTTP/1 settings for these limits.
fn http1(limits: &Limits) -> hyper::server::conn::http1::Builder {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_time)
        .max_header_size(limits.header_bytes)
        // The read buffer holds the headers and then pieces of the body.
        .max_buf_size(limits.header_bytes.max(8192) + 8192);
    http
}

/// The whole HTTP stack without a socket, for the fuzzer and the tests: raw
/// request bytes in (one request or several), the raw answers out.
#[cfg(feature = "testing")]
pub struct InMemory {
    runtime: tokio::runtime::Runtime,
    shared: Arc<request::Shared>,
    limits: Limits,
}

#[cfg(feature = "testing")]
impl InMemory {
    /// Compiles the rules, as a server does when it binds.
    pub fn new() -> Result<Self, Diagnostics> {
        let limits = Limits::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(cannot_start)?;
        let shared = request::Shared::new(Arc::new(App::new()?), true, &limits);
        Ok(Self {
            runtime,
            shared,
            limits,
        })
    }

    /// Sends `raw` on a fresh connection, closes the sending side, and
    /// returns every byte the server wrote before it closed.
    pub fn exchange(&self, raw: &[u8]) -> Vec<u8> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        self.runtime.block_on(async {
            let (mut client, server) = tokio::io::duplex(64 * 1024);
            let mut http = http1(&self.limits);
            // The whole request is sent before the answer is read: the
            // answer must still go out after the client's end of input.
            http.half_close(true);
            let connection = http.serve_connection(
                TokioIo::new(server),
                request::service(Arc::clone(&self.shared)),
            );
            let served = tokio::spawn(connection);
            let raw = raw.to_vec();
            let (mut reading, mut writing) = tokio::io::split(&mut client);
            let send = async move {
                let _ = writing.write_all(&raw).await;
                let _ = writing.shutdown().await;
            };
            let mut answer = Vec::new();
            let receive = reading.read_to_end(&mut answer);
            let _ = tokio::join!(send, receive);
            let _ = served.await;
            answer
        })
    }
}

/// Completes on Ctrl-C, or on SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let terminated = async {
            match terminate.as_mut() {
                Some(signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupted() => {}
            () = terminated => {}
        }
    }
    #[cfg(not(unix))]
    interrupted().await;
}

/// Completes on Ctrl-C; never, if the handler cannot be installed (the
/// server then stops only when killed, rather than at once).
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
