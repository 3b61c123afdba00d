//! The evaluator: three-valued logic over the rule graph, the unknown facts
//! that decide each rule, case splits, and deadlines on the calendar; the
//! law at a date encoded for a SAT solver (gaps and lint); and the search of
//! the fact space (the explainer's counterfactual).

pub mod bits;
pub mod calendar;
pub mod evaluate;
pub mod logic;
pub mod search;
pub mod space;
pub(crate) mod symbolic;
pub mod timing;
