//! Questions asked of the law as a whole rather than of one action: gaps,
//! rule health, provision coverage, scenario expectations and what a change
//! of the rules changes. Gaps and lint run on the engine's one search
//! ([`crate::engine::search`]).

pub mod coverage;
pub mod diff;
pub mod err;
pub mod gaps;
pub mod lint;
pub mod scenario;
