//! The page's files, embedded in the binary: the page loads nothing else.

/// `(path, content type, bytes)` of every file the page needs.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../web/index.html"),
    ),
    (
        "/kinds.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/kinds.js"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/app.js"),
    ),
    (
        "/style.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/style.css"),
    ),
];

/// The content type and bytes of the asset at `path`, if there is one.
pub(crate) fn find(path: &str) -> Option<(&'static str, &'static [u8])> {
    let path = if path == "/index.html" { "/" } else { path };
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, content_type, bytes)| (*content_type, *bytes))
}
