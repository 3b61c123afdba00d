//! Any bytes as a request to the web server's API: every answer must be a
//! 200 or a 4xx, never a panic or a 500. The first byte picks the route.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oversight::serve::app::App;

const ROUTES: [(&str, &str); 7] = [
    ("POST", "/api/assess"),
    ("POST", "/api/diff"),
    ("POST", "/api/explain"),
    ("POST", "/api/memo"),
    ("POST", "/api/ron"),
    ("GET", "/api/vocabulary"),
    ("GET", "/"),
];

fn app() -> &'static App {
    static APP: OnceLock<App> = OnceLock::new();
    APP.get_or_init(|| App::new().unwrap_or_else(|_| panic!("the embedded rules must compile")))
}

fuzz_target!(|data: &[u8]| {
    let Some((&route, body)) = data.split_first() else {
        return;
    };
    let (method, path) = ROUTES[usize::from(route) % ROUTES.len()];
    let reply = app().handle(method, path, body);
    assert!(
        reply.status == 200 || (400..500).contains(&reply.status),
        "{method} {path} answered {}",
        reply.status
    );
});
