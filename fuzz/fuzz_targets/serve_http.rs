//! Any bytes as what a client sends on one connection to the server: the
//! whole stack (hyper's HTTP/1 parser, the Host, cross-site and size guards,
//! the bounded body read, the computation) answers without a panic, and
//! never with a 5xx.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use oversight::serve::InMemory;

fn stack() -> &'static InMemory {
    static STACK: OnceLock<InMemory> = OnceLock::new();
    STACK.get_or_init(|| {
        InMemory::new().unwrap_or_else(|_| panic!("the embedded rules must compile"))
    })
}

fuzz_target!(|data: &[u8]| {
    let answer = stack().exchange(data);
    let text = String::from_utf8_lossy(&answer);
    for status in text.split("HTTP/1.1 ").skip(1).filter_map(|rest| rest.get(..3)) {
        assert!(
            !status.starts_with('5'),
            "answered {status} to {:?}",
            String::from_utf8_lossy(data)
        );
    }
});
