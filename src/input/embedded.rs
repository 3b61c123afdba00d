//! The `rules/` directory, embedded in the binary at build time so that the
//! tool works anywhere with no setup.

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
