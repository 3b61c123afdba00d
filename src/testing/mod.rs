//! Helpers for tests and benchmarks, not part of the tool: deterministic
//! sample actions, the Rego oracle, and the hand-written baseline's
//! generator. Compiled only with the `testing` feature.

pub mod flag_law;
pub mod hand_written;
pub mod rego_oracle;
pub mod sample;
