//! Any bytes as a law file next to the embedded vocabulary and bodies:
//! compiling must give a rule book or located errors, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oversight::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut sources) = oversight::input::rules_dir::embedded_sources() else {
        return;
    };
    sources.law = vec![SourceFile::new("law/fuzz.ron", text)];
    if let Err(errors) = oversight::compile::compile(&sources) {
        assert!(
            errors.0.iter().all(|e| e.line > 0),
            "an error without a position"
        );
    }
});
