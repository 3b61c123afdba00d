//! The evaluator: three-valued logic over the rule graph, the unknown facts
//! that decide each rule, case splits, and deadlines on the calendar.

pub mod calendar;
pub mod evaluate;
pub mod logic;
pub mod timing;
