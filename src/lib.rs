//! `oversight`: a rules engine for congressional oversight law.
//!
//! Rule files (RON) are compiled into an immutable [`model::RuleBook`]; an
//! action file is checked against its vocabulary into [`action::Action`];
//! [`evaluate::evaluate`] applies the law to the action in three-valued logic
//! and yields an [`assessment::Assessment`], which [`report`] renders.

pub mod action;
pub mod assessment;
pub mod calendar;
pub mod compile;
pub mod countries;
pub mod diagnostic;
pub mod embedded;
pub mod evaluate;
pub mod logic;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules_dir;
pub mod scenario;
pub mod source;
pub mod syntax;
pub mod timing;
