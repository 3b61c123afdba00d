//! The server under clients that are slow, silent, oversized or rude: each
//! defect the adversarial review of issue 18 found has a test here, and a
//! soak test mixes all of them with normal clients.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use oversight::serve::{Limits, Server};

/// Short limits, so that the timeouts can be seen within a test.
fn short_limits() -> Limits {
    Limits {
        compute_slots: 2,
        queue_wait: Duration::from_secs(20),
        connections: 64,
        header_time: Duration::from_secs(2),
        header_bytes: 16 * 1024,
        body_time: Duration::from_secs(3),
        stalled: Duration::from_secs(4),
        shutdown_grace: Duration::from_secs(1),
    }
}

/// One server with [`short_limits`] for the whole test binary.
fn server() -> SocketAddr {
    static ADDRESS: OnceLock<SocketAddr> = OnceLock::new();
    *ADDRESS.get_or_init(|| {
        let server = Server::bind_with("127.0.0.1:0".parse().unwrap(), short_limits()).unwrap();
        let address = server.address();
        std::thread::spawn(move || server.run_until(std::future::pending()));
        address
    })
}

const ASSESS: &str = r#"{"action": {"title": "Covert action finding", "facts": {"influences_conditions_abroad": true, "us_role_hidden": true, "finding_approved": true}, "events": {"approval": "2025-03-12T10:00"}}}"#;

/// A client that keeps its connection open between requests, as a browser does.
struct KeepAlive {
    reader: BufReader<TcpStream>,
}

/// An answer's status and body.
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl KeepAlive {
    fn connect(address: SocketAddr) -> Self {
        let stream = TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Self {
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, method: &str, path: &str, body: &str) {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes()).unwrap();
    }

    /// Reads one answer (headers, then exactly Content-Length bytes).
    fn receive(&mut self) -> Answer {
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line).unwrap();
        let status = status_line
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {status_line:?}"));
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).unwrap();
        Answer { status, body }
    }

    fn request(&mut self, method: &str, path: &str, body: &str) -> Answer {
        self.send(method, path, body);
        self.receive()
    }
}

/// Headers of a POST announcing a body of `length` bytes, and nothing more.
fn silent_upload(address: SocketAddr, length: usize) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
    .unwrap();
    stream
}

/// Everything the server sends until it closes (or `wait` passes).
fn read_all(stream: &mut TcpStream, wait: Duration) -> String {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

/// True when the server has sent nothing on `stream` yet (and not closed it).
fn nothing_received_yet(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let quiet =
        matches!(stream.peek(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).unwrap();
    quiet
}

#[test]
fn silent_uploads_do_not_hold_up_other_requests_and_time_out_with_408() {
    let address = server();
    // More silent uploads than the server has computing slots (item 1 of
    // issue 18: two of them hung the old two-thread server).
    let mut silent: Vec<TcpStream> = (0..4).map(|_| silent_upload(address, 100_000)).collect();
    let mut client = KeepAlive::connect(address);
    for _ in 0..5 {
        let answer = client.request("POST", "/api/assess", ASSESS);
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        assert_eq!(client.request("GET", "/api/vocabulary", "").status, 200);
    }
    // The normal requests did not wait for the silent ones to be dropped.
    for stream in &silent {
        assert!(
            nothing_received_yet(stream),
            "a silent upload was answered before the others"
        );
    }
    for stream in &mut silent {
        let answer = read_all(stream, Duration::from_secs(15));
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
        assert!(answer.contains("connection: close"), "{answer}");
        assert!(
            answer.contains("error[oversight::serve::body_timeout]: request: the request body did not arrive within 3 s"),
            "{answer}"
        );
    }
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_time() {
    let mut client = KeepAlive::connect(server());
    assert_eq!(client.request("GET", "/", "").status, 200);
    let started = Instant::now();
    let rest = read_all(client.reader.get_mut(), Duration::from_secs(15));
    assert_eq!(rest, "", "nothing more is sent, the connection just closes");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(12),
        "closed after {waited:?}; the header time is 2 s"
    );
}

#[test]
fn a_connection_that_never_sends_anything_is_closed() {
    let mut stream = TcpStream::connect(server()).unwrap();
    let started = Instant::now();
    let answer = read_all(&mut stream, Duration::from_secs(20));
    let waited = started.elapsed();
    assert_eq!(answer, "");
    // The header time (2 s) closes it; the stall guard (4 s) would otherwise.
    assert!(
        waited >= Duration::from_millis(1500) && waited < Duration::from_secs(12),
        "closed after {waited:?}"
    );
}

#[test]
fn keep_alive_answers_do_not_wait_for_the_delayed_ack() {
    // Item 3 of issue 18: without TCP_NODELAY, answers on a reused
    // connection waited for the client's delayed ACK (the old server: median
    // 44 ms for the vocabulary, against under 1 ms now). The median of 21
    // round trips is taken, so a few slow ones on a busy machine do not
    // make this fail.
    let mut client = KeepAlive::connect(server());
    let mut times: Vec<Duration> = (0..21)
        .map(|_| {
            let started = Instant::now();
            let answer = client.request("GET", "/api/vocabulary", "");
            assert_eq!(answer.status, 200);
            assert!(answer.body.len() > 10_000);
            started.elapsed()
        })
        .collect();
    times.sort();
    let median = times[10];
    assert!(
        median < Duration::from_millis(25),
        "the median keep-alive round trip took {median:?}"
    );
}

#[test]
fn an_endless_header_is_cut_off_with_431_and_the_server_keeps_answering() {
    // Item 4 of issue 18: an unterminated header was buffered without limit.
    let address = server();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ")
        .unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    let limit = 64 * 1024 * 1024;
    while sent < limit {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(
        sent < limit,
        "the server accepted {sent} bytes of one header without refusing it"
    );
    let answer = read_all(&mut stream, Duration::from_secs(5));
    // The refusal may be lost to the reset of a connection closed with
    // unread bytes; when it arrives it is a 431.
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431 "),
        "{answer}"
    );
    assert_eq!(
        KeepAlive::connect(address).request("GET", "/", "").status,
        200
    );
}

#[test]
fn a_header_just_over_the_limit_gets_431() {
    let mut stream = TcpStream::connect(server()).unwrap();
    let padding = "a".repeat(17 * 1024);
    // The server may refuse and close while the header is still being
    // written (a broken pipe here, seen once in CI on a loaded machine); the
    // 431 is then lost to the connection's reset, as in the test above.
    let written = write!(
        stream,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: {padding}\r\n\r\n"
    );
    let answer = read_all(&mut stream, Duration::from_secs(5));
    assert!(
        answer.starts_with("HTTP/1.1 431 ") || (written.is_err() && answer.is_empty()),
        "{answer}"
    );
    assert_eq!(
        KeepAlive::connect(server()).request("GET", "/", "").status,
        200
    );
}

#[test]
fn a_client_that_never_reads_its_answers_is_disconnected() {
    // Pipelined requests whose answers are never read fill the socket; the
    // connection stops moving and is closed after the stall time.
    let address = server();
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = b"GET /api/vocabulary HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let started = Instant::now();
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(25) {
        if stream.write_all(request).is_err() {
            closed = true;
            break;
        }
    }
    assert!(closed, "the server kept a connection that never reads");
    assert_eq!(
        KeepAlive::connect(address).request("GET", "/", "").status,
        200
    );
}

#[test]
fn slow_idle_and_oversized_clients_never_keep_normal_ones_from_being_answered() {
    let address = server();
    let stop = Arc::new(AtomicBool::new(false));
    let mut rude = Vec::new();
    // Idle: connect and send nothing.
    for _ in 0..8 {
        let stop = Arc::clone(&stop);
        rude.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let stream = TcpStream::connect(address).unwrap();
                std::thread::sleep(Duration::from_millis(700));
                drop(stream);
            }
        }));
    }
    // Slow: a header one byte at a time.
    for _ in 0..4 {
        let stop = Arc::clone(&stop);
        rude.push(std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let mut stream = TcpStream::connect(address).unwrap();
                for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: yes\r\n\r\n" {
                    if stop.load(Ordering::Relaxed) || stream.write_all(&[*byte]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }));
    }
    // Oversized: a body announced and sent beyond the limit; silent uploads.
    for _ in 0..4 {
        let stop = Arc::clone(&stop);
        rude.push(std::thread::spawn(move || {
            let chunk = vec![b' '; 64 * 1024];
            while !stop.load(Ordering::Relaxed) {
                let mut stream = silent_upload(address, 10 * 1024 * 1024);
                for _ in 0..160 {
                    if stop.load(Ordering::Relaxed) || stream.write_all(&chunk).is_err() {
                        break;
                    }
                }
                let _ = silent_upload(address, 500_000);
            }
        }));
    }
    // Normal clients, on reused connections, for about five seconds.
    let answered = Arc::new(AtomicUsize::new(0));
    let normal: Vec<_> = (0..4)
        .map(|n| {
            let answered = Arc::clone(&answered);
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut client = KeepAlive::connect(address);
                while started.elapsed() < Duration::from_secs(5) {
                    let answer = if n % 2 == 0 {
                        client.request("POST", "/api/assess", ASSESS)
                    } else {
                        client.request("GET", "/api/vocabulary", "")
                    };
                    assert_eq!(
                        answer.status,
                        200,
                        "{}",
                        String::from_utf8_lossy(&answer.body)
                    );
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for client in normal {
        client
            .join()
            .expect("a normal client was refused or never answered");
    }
    stop.store(true, Ordering::Relaxed);
    for thread in rude {
        let _ = thread.join();
    }
    assert!(
        answered.load(Ordering::Relaxed) >= 20,
        "only {} normal requests were answered in 5 s",
        answered.load(Ordering::Relaxed)
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_finishes_the_request_in_progress_then_stops_with_exit_code_0() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--port", "0"])
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let port: u16 = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("{first}"));
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();

    // A request whose body is half sent when Ctrl-C arrives.
    let (head, tail) = ASSESS.split_at(ASSESS.len() / 2);
    let mut stream = silent_upload(address, ASSESS.len());
    stream.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(tail.as_bytes()).unwrap();
    let answer = read_all(&mut stream, Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");

    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "oversight: stopped\n");
    assert!(
        TcpStream::connect(address).is_err(),
        "the port is closed after the server stops"
    );
}

#[test]
fn the_in_memory_stack_the_fuzzer_drives_answers_as_the_socket_does() {
    let stack = oversight::serve::InMemory::new().unwrap();
    let answer = stack.exchange(
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nHEAD /api/vocabulary HTTP/1.1\r\nHost: localhost\r\n\r\nGET / HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    let text = String::from_utf8_lossy(&answer);
    let statuses: Vec<&str> = text
        .split("HTTP/1.1 ")
        .skip(1)
        .filter_map(|rest| rest.get(..3))
        .collect();
    assert_eq!(statuses, ["200", "200", "403"], "{text}");
    let body = r#"{"action": {"title": "x"}}"#;
    let answer = stack.exchange(
        format!(
            "POST /api/ron HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 415 "),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}
