//! The front end of `oversight`: from rule-file text to a compiled
//! [`model::RuleBook`].
//!
//! The stages, in order: [`source`] (files and byte spans), [`parse`] (RON to
//! the [`syntax`] tree, with positions), [`proposal`] (amendments applied to
//! the parsed law), [`compile`] (names resolved, conditions type-checked, the
//! rule graph built) and [`model`] (the result every later stage reads).
//! [`diagnostic`] carries every problem back to a file, line and column;
//! [`countries`] knows country codes and names.
//!
//! This crate is also the build script's dependency: the embedded law is
//! compiled once, at build time, by exactly this code.

pub mod compile;
pub mod countries;
pub mod diagnostic;
pub mod model;
pub mod parse;
pub mod proposal;
pub mod source;
pub mod syntax;
