//! Helpers for tests and benchmarks, not part of the tool: deterministic
//! sample actions and the Rego oracle. Compiled only with the `testing` feature.

pub mod flag_law;
pub mod rego_oracle;
pub mod sample;
