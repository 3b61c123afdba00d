//! Any bytes as an action file: loading must return an action or located
//! errors, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "shared/book.rs"]
mod shared;
use shared::book;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = oversight::source::SourceFile::new("fuzz.ron", text);
    if let Err(errors) = oversight::input::action::load_action(book(), source) {
        assert!(
            errors.0.iter().all(|e| e.line > 0),
            "an error without a position"
        );
    }
});
