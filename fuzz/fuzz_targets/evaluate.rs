//! Any valid action the fuzzer finds is assessed and rendered in every
//! format: evaluation and reporting must never panic.
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
    let Ok(loaded) = oversight::input::action::load_action(book(), source) else {
        return;
    };
    let today = jiff::civil::Date::constant(2026, 11, 26);
    let (date, origin) = oversight::assessment::build::choose_as_of(&loaded.action, None, today);
    let assessment = oversight::assessment::build::assess(book(), &loaded.action, date, origin);
    for format in [
        oversight::output::Format::Text,
        oversight::output::Format::Json,
        oversight::output::Format::Markdown,
    ] {
        let _ = oversight::output::render(&assessment, format);
    }
});
