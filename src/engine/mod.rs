//! The evaluator: three-valued logic over the rule graph, the unknown facts
//! that decide each rule, case splits, and deadlines on the calendar; and
//! the one search of the fact space built on it (gaps, lint and the
//! explainer's counterfactual each give it a goal).

pub mod calendar;
pub mod evaluate;
pub mod logic;
pub mod search;
pub mod space;
pub(crate) mod symbolic;
pub mod timing;
