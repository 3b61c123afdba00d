//! Questions asked of the law as a whole rather than of one action: gaps,
//! rule health, provision coverage, scenario expectations and what a change
//! of the rules changes. Gaps and lint share one search ([`search`]).

pub mod coverage;
pub mod diff;
pub mod err;
pub mod gaps;
pub mod lint;
pub mod scenario;
pub mod search;
pub mod space;
