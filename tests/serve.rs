//! The web API, tested over real HTTP against a server on an ephemeral port
//! of 127.0.0.1, and `App::handle` directly where no socket is needed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use oversight::assessment::build::{assess, choose_as_of};
use oversight::input::action::load_action;
use oversight::input::rules_dir::{embedded_proposals, load_rulebook_with};
use oversight::output::{Format, render};
use oversight::serve::Server;
use oversight::serve::app::{App, MAX_BODY_BYTES};
use oversight::source::SourceFile;
use serde_json::{Value, json};

/// One server for the whole test binary, with the default limits.
fn server() -> SocketAddr {
    static ADDRESS: OnceLock<SocketAddr> = OnceLock::new();
    *ADDRESS.get_or_init(|| start(Server::bind("127.0.0.1:0".parse().unwrap()).unwrap()))
}

/// Runs `server` on its own thread for the rest of the test binary.
fn start(server: Server) -> SocketAddr {
    let address = server.address();
    std::thread::spawn(move || server.run_until(std::future::pending()));
    address
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    /// The CLI-rendered message of an error answer.
    fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// A raw HTTP/1.1 exchange, so that the test sees exactly what a browser would.
fn exchange(method: &str, path: &str, host: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(server()).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may refuse an over-large body before reading it all.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (headers, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = headers[9..12].parse().unwrap();
    Answer {
        status,
        headers: headers.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

fn get(path: &str) -> Answer {
    exchange("GET", path, "127.0.0.1", b"")
}

fn post(path: &str, body: &Value) -> Answer {
    exchange("POST", path, "127.0.0.1", body.to_string().as_bytes())
}

/// A RON scenario file as the JSON action the page sends (its `expect`
/// dropped: expectations are for `oversight test`, not for the page).
fn scenario_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let value: ron::Value = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .unwrap();
    let mut json: Value = serde_json::to_value(&value).unwrap();
    let object = json.as_object_mut().unwrap();
    object.remove("expect");
    json
}

/// The check JSON for a scenario, computed by the library as the CLI does,
/// with the file named as the server names the action it builds.
fn check_json(path: &Path, proposals: &[SourceFile]) -> Value {
    let book = load_rulebook_with(None, proposals).unwrap();
    let source = SourceFile::new("action.ron", std::fs::read_to_string(path).unwrap());
    let loaded = load_action(&book, source).unwrap();
    let (date, origin) = choose_as_of(&loaded.action, None, oversight::input::action::today());
    serde_json::from_str(&render(
        &assess(&book, &loaded.action, date, origin),
        Format::Json,
    ))
    .unwrap()
}

/// Runs the command line on `ron` saved as `action.ron` in a temporary
/// directory (as the server names the action it builds); `args` name it
/// `action.ron`. Returns standard output.
fn cli_on(ron: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("action.ron"), ron).unwrap();
    common::oversight_stdout(Some(dir.path()), args)
}

/// The RON file the server writes for an action built as JSON.
fn ron_of(action: &Value) -> String {
    let answer = post("/api/ron", &json!({"action": action}));
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

#[test]
fn assess_answers_every_scenario_exactly_as_check_does_under_the_law_and_a_proposal() {
    let rel_to: Vec<SourceFile> = embedded_proposals()
        .into_iter()
        .filter(|f| f.name.ends_with("rel-to-reporting.ron"))
        .collect();
    assert_eq!(rel_to.len(), 1);
    let paths = common::ron_files("tests/scenarios");
    assert!(
        paths.len() >= 60,
        "the corpus has {} scenarios",
        paths.len()
    );
    for path in &paths {
        let action = scenario_as_json(path);
        let answer = post("/api/assess", &json!({"action": action}));
        assert_eq!(answer.status, 200, "{}: {}", path.display(), answer.body);
        assert!(answer.headers.contains("content-type: application/json"));
        // Warnings point into the file read: the server's RON file lays the
        // action out one fact per line, so their positions differ by design.
        let without_warnings = |mut value: Value| {
            value.as_object_mut().unwrap().remove("warnings");
            value
        };
        assert_eq!(
            without_warnings(answer.json()),
            without_warnings(check_json(path, &[])),
            "{}",
            path.display()
        );

        let answer = post(
            "/api/assess",
            &json!({"action": action, "proposals": ["rel-to-reporting"]}),
        );
        assert_eq!(answer.status, 200, "{}: {}", path.display(), answer.body);
        assert_eq!(
            without_warnings(answer.json()),
            without_warnings(check_json(path, &rel_to)),
            "{}",
            path.display()
        );
    }
}

fn covert_finding() -> Value {
    json!({
        "title": "Covert action finding",
        "facts": {
            "influences_conditions_abroad": true, "us_role_hidden": true,
            "primary_purpose_intelligence": false, "traditional_diplomatic_or_military": false,
            "traditional_law_enforcement": false, "routine_support_to_overt_activity": false,
            "clandestine_military_cyber_operation": false, "finding_approved": true,
            "oral_emergency_finding": false, "access_limited": false, "prior_notice_withheld": false,
        },
        "events": {"approval": "2025-03-12T10:00", "initiation": "2025-03-20T09:00"},
    })
}

#[test]
fn an_action_built_as_json_is_assessed_exactly_as_check_assesses_its_ron_file() {
    let answer = post("/api/assess", &json!({"action": covert_finding()}));
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["schema"], "oversight.assessment/2");
    let ron = ron_of(&covert_finding());
    let cli: Value =
        serde_json::from_str(&cli_on(&ron, &["check", "action.ron", "--format", "json"])).unwrap();
    assert_eq!(json, cli);
    let bodies = json["bodies"].as_array().unwrap();
    assert!(
        bodies
            .iter()
            .any(|b| b["required"] == true && b["earliest_due"].is_string()),
        "the example must show a body owed a dated notice: {json}"
    );
}

#[test]
fn the_vocabulary_lists_every_fact_with_its_question_and_the_bundled_proposals() {
    let answer = get("/api/vocabulary");
    assert_eq!(answer.status, 200);
    let json = answer.json();
    let book = oversight::input::rules_dir::load_rulebook(None).unwrap();
    let mut expected = oversight::output::vocab::to_json(&book);
    let object = expected.as_object_mut().unwrap();
    assert_eq!(json["facts"], object["facts"]);
    assert_eq!(json["events"], object["events"]);
    assert_eq!(json["default_timezone"], "America/New_York");
    let listed: Vec<(&str, &str)> = json["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["title"].as_str().unwrap()))
        .collect();
    let embedded: Vec<(String, String)> = embedded_proposals()
        .iter()
        .map(|file| {
            let parsed: oversight::syntax::ProposalFile = oversight::parse::parse(file).unwrap();
            (parsed.id.value, parsed.title)
        })
        .collect();
    assert!(!embedded.is_empty());
    let embedded: Vec<(&str, &str)> = embedded
        .iter()
        .map(|(id, title)| (id.as_str(), title.as_str()))
        .collect();
    assert_eq!(listed, embedded);
}

#[test]
fn malformed_json_gets_400_with_the_position_and_the_cli_rendering() {
    let answer = exchange(
        "POST",
        "/api/assess",
        "127.0.0.1",
        br#"{"action": {"title": "x"},}"#,
    );
    assert_eq!(answer.status, 400);
    let json = answer.json();
    assert_eq!(json["schema"], "oversight.error/1");
    assert_eq!(json["diagnostics"][0]["file"], "request body");
    assert_eq!(json["diagnostics"][0]["message"], "trailing comma");
    assert_eq!(json["diagnostics"][0]["line"], 1);
    assert_eq!(json["diagnostics"][0]["column"], 27);
    assert_eq!(json["diagnostics"][0]["code"], "oversight::serve::bad_json");
    let text = json["error"].as_str().unwrap();
    assert!(
        text.starts_with(
            "error[oversight::serve::bad_json]: request body:1:27\n  × trailing comma\n"
        ),
        "{text}"
    );
}

#[test]
fn a_mistake_in_the_action_gets_exactly_the_message_check_prints_for_the_same_file() {
    let mut action = covert_finding();
    action["facts"]["us_rol_hidden"] = json!(true);
    action["events"]["aproval"] = json!("2025-03-12T10:00");
    let answer = post("/api/assess", &json!({"action": action}));
    assert_eq!(answer.status, 400);
    let api_text = answer.error().to_string();
    assert!(
        api_text.contains("unknown fact `us_rol_hidden`"),
        "{api_text}"
    );
    assert!(
        api_text.contains("did you mean `us_role_hidden`?"),
        "{api_text}"
    );

    // The same action as a file, through the command line.
    let ron = post("/api/ron", &json!({"action": action}));
    assert_eq!(ron.status, 200);
    assert!(
        ron.headers
            .contains("content-disposition: attachment; filename=\"action.ron\"")
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("action.ron"), &ron.body).unwrap();
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "action.ron"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8(output.stderr).unwrap(), api_text);
}

#[test]
fn a_body_over_one_mebibyte_is_refused_and_one_just_under_is_read() {
    let mut big = vec![b' '; MAX_BODY_BYTES + 1];
    big[0] = b'{';
    let answer = exchange("POST", "/api/assess", "127.0.0.1", &big);
    assert_eq!(answer.status, 413);
    assert!(answer.error().contains("larger than 1 MiB"));

    // Exactly the limit: read and parsed (and refused for what it says).
    let mut fits = vec![b' '; MAX_BODY_BYTES];
    fits[0] = b'{';
    let answer = exchange("POST", "/api/assess", "127.0.0.1", &fits);
    assert_eq!(answer.status, 400);
    assert!(answer.error().contains("EOF while parsing"));
}

#[test]
fn names_in_a_request_never_reach_the_file_system() {
    let answer = post(
        "/api/assess",
        &json!({"action": {"title": "x"}, "proposals": ["/etc/passwd"]}),
    );
    assert_eq!(answer.status, 400);
    assert!(answer.error().contains("unknown proposal `/etc/passwd`"));

    let answer = post(
        "/api/assess",
        &json!({"action": {"title": "x", "timezone": "../../../../etc/passwd"}}),
    );
    assert_eq!(answer.status, 400);
    assert!(answer.error().contains("unknown time zone"));

    for path in [
        "/../Cargo.toml",
        "/rules/law/3093.ron",
        "/%2e%2e/Cargo.toml",
    ] {
        assert_eq!(get(path).status, 404, "{path}");
    }
}

#[test]
fn only_requests_addressed_to_loopback_are_answered() {
    assert_eq!(exchange("GET", "/", "evil.example:7878", b"").status, 403);
    for host in ["localhost:7878", "127.0.0.1", "[::1]:80"] {
        assert_eq!(exchange("GET", "/", host, b"").status, 200, "{host}");
    }
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary_with_a_strict_policy() {
    let page = get("/");
    assert_eq!(page.status, 200);
    assert!(page.headers.contains("content-type: text/html"));
    assert!(
        page.headers
            .contains("content-security-policy: default-src 'self'")
    );
    assert!(
        page.body
            .contains("<script src=\"/app.js\" defer></script>")
    );
    assert!(!page.body.contains("http://") && !page.body.contains("https://"));
    for path in ["/kinds.js", "/app.js"] {
        assert!(
            page.body
                .contains(&format!("<script src=\"{path}\" defer></script>"))
        );
        let script = get(path);
        assert_eq!(script.status, 200);
        assert!(script.headers.contains("content-type: text/javascript"));
        assert!(!script.body.contains("http://") && !script.body.contains("https://"));
    }
    assert_eq!(get("/style.css").status, 200);
    assert_eq!(post("/api/nothing", &json!({})).status, 404);
}

#[test]
fn head_gives_a_get_routes_headers_and_no_body() {
    for path in ["/", "/app.js", "/api/vocabulary"] {
        let got = get(path);
        let head = exchange("HEAD", path, "127.0.0.1", b"");
        assert_eq!(head.status, 200, "{path}");
        assert!(head.body.is_empty(), "{path}: {}", head.body);
        assert!(
            head.headers
                .contains(&format!("content-length: {}", got.body.len())),
            "{path}: {}",
            head.headers
        );
    }
    assert_eq!(exchange("HEAD", "/nothing", "127.0.0.1", b"").status, 404);
}

#[test]
fn a_method_a_path_does_not_take_gets_405_naming_the_ones_it_does() {
    for (method, path, allow) in [
        ("PUT", "/api/assess", "POST"),
        ("GET", "/api/assess", "POST"),
        ("DELETE", "/api/vocabulary", "GET, HEAD"),
        ("POST", "/", "GET, HEAD"),
        ("OPTIONS", "/app.js", "GET, HEAD"),
    ] {
        let answer = exchange(method, path, "127.0.0.1", b"{}");
        assert_eq!(answer.status, 405, "{method} {path}");
        assert!(
            answer
                .headers
                .contains(&format!("\r\nallow: {}\r\n", allow.to_ascii_lowercase())),
            "{method} {path}: {}",
            answer.headers
        );
        let text = answer.error();
        assert!(
            text.starts_with(&format!(
                "error[oversight::serve::method_not_allowed]: request: method {method} is not allowed\n"
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!("help: this path accepts {allow}")),
            "{text}"
        );
    }
    let missing = exchange("GET", "/nothing", "127.0.0.1", b"");
    assert!(
        missing.error().starts_with(
            "error[oversight::serve::no_such_page]: request: no such page: GET /nothing\n"
        ),
        "{}",
        missing.error()
    );
}

fn rel_to_addition() -> Value {
    json!({
        "title": "Add FRA to a REL TO marking",
        "facts": {
            "sharing_channel": "rel_to_marking", "rel_to_change": "country_added",
            "recipient_country": "FRA", "intelligence_activity": true,
        },
        "as_of": "2026-11-20",
    })
}

#[test]
fn diff_answers_as_the_cli_diff_of_the_same_file() {
    let answer = post(
        "/api/diff",
        &json!({"action": rel_to_addition(), "proposals": ["rel-to-reporting"]}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["schema"], "oversight.diff/1");
    let ron = ron_of(&rel_to_addition());
    let cli: Value = serde_json::from_str(&cli_on(
        &ron,
        &[
            "diff",
            "--with",
            "rel-to-reporting",
            "action.ron",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(json, cli);
    assert_ne!(
        json["verdict"], "equivalent",
        "the example must change something"
    );
}

#[test]
fn explain_and_memo_give_the_cli_texts() {
    let ron = ron_of(&covert_finding());
    let answer = post(
        "/api/explain",
        &json!({"action": covert_finding(), "rule": "3093-c-1"}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.body,
        cli_on(&ron, &["explain", "action.ron", "--rule", "3093-c-1"])
    );

    let answer = post(
        "/api/explain",
        &json!({"action": covert_finding(), "rule": "3093-c-9"}),
    );
    assert_eq!(answer.status, 400);
    assert!(answer.error().contains("unknown rule id `3093-c-9`"));

    let memo = post("/api/memo", &json!({"action": covert_finding()}));
    assert_eq!(memo.status, 200);
    assert!(
        memo.headers
            .contains("content-disposition: attachment; filename=\"memo.md\"")
    );
    assert_eq!(
        memo.body,
        cli_on(&ron, &["check", "action.ron", "--format", "markdown"])
    );

    // The page's calendar download is the command line's, byte for byte.
    let ics = post("/api/ics", &json!({"action": covert_finding()}));
    assert_eq!(ics.status, 200);
    assert!(
        ics.headers
            .contains("content-disposition: attachment; filename=\"deadlines.ics\"")
    );
    assert!(ics.headers.contains("content-type: text/calendar"));
    assert_eq!(
        ics.body,
        cli_on(&ron, &["check", "action.ron", "--format", "ics"])
    );
    assert!(ics.body.contains("BEGIN:VEVENT\r\n"));
}

#[test]
fn no_body_whatever_makes_the_app_fail_or_answer_500() {
    let app = App::new().unwrap();
    let mut samples: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\xff\xfe".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        br#"{"action": 5}"#.to_vec(),
        br#"{"action": {"facts": [1, 2]}}"#.to_vec(),
        br#"{"action": {"facts": {"recipient_country": {"a": 1}}}}"#.to_vec(),
        br#"{"action": {"facts": {"amount_usd": -1e400}}}"#.to_vec(),
        br#"{"action": {"title": "x"}, "unknown": 1}"#.to_vec(),
        br#"{"action": {"events": {"approval": "2025-02-30T25:61"}}}"#.to_vec(),
    ];
    // Every prefix of a valid request, too.
    let valid = json!({"action": covert_finding(), "proposals": ["rel-to-reporting"]}).to_string();
    samples.extend(
        (0..valid.len())
            .step_by(7)
            .map(|n| valid.as_bytes()[..n].to_vec()),
    );
    for body in &samples {
        for path in [
            "/api/assess",
            "/api/diff",
            "/api/memo",
            "/api/ron",
            "/api/explain",
        ] {
            let reply = app.handle("POST", path, body);
            assert!(
                reply.status == 200 || reply.status == 400,
                "{path} {:?}: {}",
                String::from_utf8_lossy(body),
                reply.status
            );
        }
    }
}

#[test]
fn listening_beyond_loopback_is_allowed_only_with_a_warning_first() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--port", "0", "--listen", "0.0.0.0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    let mut buffer = [0u8; 512];
    while !seen.contains("(Ctrl-C stops)") {
        let n = stderr.read(&mut buffer).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert!(
        seen.starts_with("warning: listening on 0.0.0.0: other machines can reach this server"),
        "{seen}"
    );
    assert!(
        seen.contains("oversight: serving http://0.0.0.0:"),
        "{seen}"
    );
}

#[test]
fn the_readme_shows_the_error_the_api_really_gives() {
    let answer = post(
        "/api/assess",
        &json!({"action": {"title": "x", "facts": {"us_rol_hidden": true}}}),
    );
    assert_eq!(answer.status, 400);
    let text = answer.error().to_string();
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&format!("```text\n{text}```")),
        "README.md must show this message as is:\n{text}"
    );
}

#[test]
fn a_port_already_in_use_is_a_clear_error_with_exit_code_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::cargo_bin("oversight")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "error[oversight::serve::cannot_listen]: --port: cannot listen on 127.0.0.1:{port}: "
        )),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("help: choose another port with `--port N`, or `--port 0` for any free one"),
        "{stderr}"
    );
}

#[cfg(target_os = "linux")] // the opener there is xdg-open
#[test]
fn open_hands_the_loopback_address_to_the_desktop_opener() {
    // A stand-in for xdg-open that records the address it is given.
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("opened.txt");
    let opener = dir.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > {}\n", record.display()),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--port", "0", "--open"])
        .env("PATH", path)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut opened = String::new();
    for _ in 0..100 {
        opened = std::fs::read_to_string(&record).unwrap_or_default();
        if opened.ends_with('\n') {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    let _ = child.wait();
    assert!(opened.starts_with("http://127.0.0.1:"), "{opened:?}");
    assert!(opened.trim_end().ends_with('/'), "{opened:?}");
}

/// A POST with these extra header lines (each ending in `\r\n`).
fn post_with(headers: &str, body: &Value) -> Answer {
    let body = body.to_string();
    let mut stream = TcpStream::connect(server()).unwrap();
    let head = format!(
        "POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body.as_bytes());
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (headers, body) = raw.split_once("\r\n\r\n").unwrap();
    Answer {
        status: headers[9..12].parse().unwrap(),
        headers: headers.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

#[test]
fn another_sites_page_cannot_use_the_api() {
    // A page elsewhere can send a "simple" request to localhost with
    // `fetch(url, {mode: "no-cors"})`: text/plain, its own Origin, and
    // (in current browsers) `Sec-Fetch-Site: cross-site`.
    let body = json!({"action": covert_finding()});
    let plain = post_with("Content-Type: text/plain\r\n", &body);
    assert_eq!(plain.status, 415, "{}", plain.body);
    assert!(plain.error().contains("error[oversight::serve::not_json]"));
    let foreign = post_with(
        "Content-Type: application/json\r\nOrigin: http://evil.example\r\n",
        &body,
    );
    assert_eq!(foreign.status, 403);
    assert!(
        foreign
            .error()
            .contains("error[oversight::serve::cross_site]")
    );
    let cross = post_with(
        "Content-Type: application/json\r\nSec-Fetch-Site: cross-site\r\n",
        &body,
    );
    assert_eq!(cross.status, 403);
    // The page's own requests: JSON, from its own origin.
    let own = post_with(
        "Content-Type: application/json; charset=utf-8\r\nOrigin: http://127.0.0.1\r\nSec-Fetch-Site: same-origin\r\n",
        &body,
    );
    assert_eq!(own.status, 200, "{}", own.body);
}

#[test]
fn twenty_thousand_mistakes_get_a_short_answer_with_fifty_shown() {
    // Issue 18, item 2: a 320 KB body of unknown facts held a worker for
    // about 30 s and drew a 12.9 MB answer.
    let facts: serde_json::Map<String, Value> = (0..20_000)
        .map(|i| (format!("no_such_fact_{i}"), Value::Bool(true)))
        .collect();
    let body = json!({"action": {"title": "t", "facts": facts}}).to_string();
    assert!(body.len() > 300_000 && body.len() < MAX_BODY_BYTES);
    let reply = App::new()
        .unwrap()
        .handle("POST", "/api/assess", body.as_bytes());
    assert_eq!(reply.status, 400);
    assert!(reply.body.len() < 200_000, "{} bytes", reply.body.len());
    let json: Value = serde_json::from_slice(&reply.body).unwrap();
    let items = json["diagnostics"].as_array().unwrap();
    assert_eq!(items.len(), 51);
    assert_eq!(items[0]["code"], "oversight::input::unknown_fact");
    assert_eq!(items[50]["message"], "19950 more problems not shown");
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .ends_with("... and 19950 more problems not shown\n20000 errors\n"),
        "{}",
        json["error"]
    );
}

#[test]
fn assessments_are_compact_json_unless_pretty_is_asked_for() {
    // Issue 22: nobody reads the page's answers as text, and indenting a
    // 100 KB assessment was a third of the server's time.
    let body = json!({"action": covert_finding()}).to_string();
    let app = App::new().unwrap();
    let compact = app.handle("POST", "/api/assess", body.as_bytes());
    let pretty = app.handle("POST", "/api/assess?pretty", body.as_bytes());
    assert_eq!((compact.status, pretty.status), (200, 200));
    let compact_text = String::from_utf8(compact.body.clone()).unwrap();
    let pretty_text = String::from_utf8(pretty.body.clone()).unwrap();
    assert_eq!(compact_text.lines().count(), 1, "compact JSON is one line");
    assert!(
        pretty_text.starts_with("{\n  \"schema\""),
        "{}",
        &pretty_text[..40]
    );
    assert!(
        compact_text.len() < pretty_text.len(),
        "indentation left in"
    );
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&compact.body).unwrap(),
        serde_json::from_slice(&pretty.body).unwrap(),
    );
    assert_eq!(a, b, "the same answer either way");
}

#[test]
fn the_query_reaches_the_app_over_http() {
    // `?pretty` and `?format=docx` are read from the query, which the socket
    // layer once dropped.
    let pretty = post("/api/assess?pretty", &json!({"action": covert_finding()}));
    assert_eq!(pretty.status, 200);
    assert!(
        pretty.body.starts_with("{\n  \"schema\""),
        "{}",
        &pretty.body[..40]
    );
}

#[test]
fn the_vocabulary_lists_every_iso_country_with_its_name_for_the_page() {
    let json = get("/api/vocabulary").json();
    let countries = json["countries"].as_array().unwrap();
    assert_eq!(countries.len(), oversight::countries::ISO_3166_ALPHA3.len());
    for (code, name) in [
        ("DEU", "Germany"),
        ("UKR", "Ukraine"),
        ("GBR", "United Kingdom"),
    ] {
        assert!(
            countries
                .iter()
                .any(|c| c["code"] == code && c["name"].as_str().unwrap().starts_with(name)),
            "{code} {name} missing"
        );
    }
}

#[test]
fn an_opened_action_file_comes_back_as_the_pages_json_and_assesses_the_same() {
    // The colleague's file: read by the command line's loader, answered as
    // the JSON the page sends; assessing that JSON gives the file's answer.
    let path = Path::new("tests/scenarios/covert-finding-liaison-support.ron");
    let text = std::fs::read_to_string(path).unwrap();
    let opened = post("/api/open", &json!({"text": text, "name": "colleague.ron"}));
    assert_eq!(opened.status, 200, "{}", opened.body);
    let action = opened.json()["action"].clone();
    assert_eq!(action["facts"]["finding_approved"], true);
    assert_eq!(action["events"]["initiation"], "2025-03-20T09:00");
    let answer = post("/api/assess", &json!({"action": action}));
    assert_eq!(answer.status, 200, "{}", answer.body);
    let mut from_page = answer.json();
    let mut from_file = check_json(path, &[]);
    // The title and the file name are the only things allowed to differ.
    for json in [&mut from_page, &mut from_file] {
        json["action"]["file"] = Value::Null;
    }
    assert_eq!(from_page["outcomes"], from_file["outcomes"]);
    assert_eq!(from_page["summary"], from_file["summary"]);
    assert_eq!(from_page["action"], from_file["action"]);
}

#[test]
fn a_problem_in_an_opened_file_names_the_file_line_and_field() {
    let text = "Action(\n    title: \"Germany\",\n    facts: {\n        \"recipient_country\": \"GER\",\n        \"finding_aproved\": true,\n    },\n    events: {\n        \"pause\": \"2025-03-0\",\n    },\n)\n";
    let answer = post("/api/open", &json!({"text": text, "name": "colleague.ron"}));
    assert_eq!(answer.status, 400);
    let items = answer.json()["diagnostics"].clone();
    let found: Vec<(&str, u64, &str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["field"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "colleague.ron",
                4,
                "facts.recipient_country",
                "unknown country `GER`"
            ),
            (
                "colleague.ron",
                5,
                "facts.finding_aproved",
                "unknown fact `finding_aproved`"
            ),
            (
                "colleague.ron",
                8,
                "events.pause",
                "invalid event time `2025-03-0`"
            ),
        ]
    );
    // A request's own mistakes name the field too, in the file the server writes.
    let answer = post(
        "/api/assess",
        &json!({"action": {"title": "x", "facts": {"recipient_country": "GER"}}}),
    );
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["diagnostics"][0]["field"],
        "facts.recipient_country"
    );
}

#[test]
fn the_memo_downloads_as_a_word_document_too() {
    let app = App::new().unwrap();
    let body = json!({"action": covert_finding()}).to_string();
    let reply = app.handle("POST", "/api/memo?format=docx", body.as_bytes());
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.content_type,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(reply.download, Some("memo.docx"));
    assert!(reply.body.starts_with(b"PK\x03\x04"), "a zip archive");
    // The same memo the command line writes (the files differ only in the
    // date each was made).
    let ron = ron_of(&covert_finding());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("action.ron"), ron).unwrap();
    let out = dir.path().join("memo.docx");
    Command::cargo_bin("oversight")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "action.ron", "--format", "docx", "--output"])
        .arg(&out)
        .assert()
        .success();
    let cli = std::fs::read(&out).unwrap();
    // The document itself, read back: every paragraph and table the same.
    let document = |bytes: &[u8]| format!("{:?}", docx_rs::read_docx(bytes).unwrap().document);
    let (from_cli, from_server) = (document(&cli), document(&reply.body));
    assert!(from_server.contains("SSCI"), "{from_server}");
    assert_eq!(from_cli, from_server);
}
