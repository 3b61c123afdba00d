//! `oversight`: a rules engine for congressional oversight law.
//!
//! Rule files (RON) are compiled by the core crate into an immutable
//! [`model::RuleBook`]; an action file is checked against its vocabulary into
//! [`input::action::Action`]; [`engine::evaluate::evaluate_rules`] applies the
//! law to the action in three-valued logic; [`assessment::assess`] builds the
//! [`assessment::Assessment`] a report shows, and [`output`] renders it.
//! `docs/ARCHITECTURE.md` maps the folders and the data flow.
//!
//! ```
//! use oversight::input::action::load_action;
//! use oversight::assessment::Status;
//! use oversight::assessment::build::{assess, choose_as_of};
//! use oversight::input::rules_dir::load_rulebook;
//! use oversight::source::SourceFile;
//!
//! let book = load_rulebook(None)?; // the rules embedded in the binary
//! let action = SourceFile::new(
//!     "example.ron",
//!     r#"Action(
//!         title: "Emergency covert action finding",
//!         facts: {"influences_conditions_abroad": true, "us_role_hidden": true,
//!                 "oral_emergency_finding": true,
//!                 // the four exclusions of 50 U.S.C. 3093(e)(1)-(4):
//!                 "primary_purpose_intelligence": false,
//!                 "traditional_diplomatic_or_military": false,
//!                 "clandestine_military_cyber_operation": false, // 10 U.S.C. 394(c)
//!                 "traditional_law_enforcement": false,
//!                 "routine_support_to_overt_activity": false},
//!         events: {"decision": "2025-03-11T14:00"},
//!     )"#,
//! );
//! let loaded = load_action(&book, action)?;
//! let today = jiff::civil::date(2026, 1, 1);
//! let (as_of, source) = choose_as_of(&loaded.action, None, today);
//! let assessment = assess(&book, &loaded.action, as_of, source);
//!
//! // What the law says is for the scenarios and snapshots to state; here we
//! // only read it: each obligation with its status and concrete deadline.
//! for outcome in assessment.outcomes.iter().filter(|o| o.status == Status::Required) {
//!     let due = outcome.deadline.as_ref().and_then(|d| d.due_text.as_deref());
//!     println!("{} {:?} due {:?}", outcome.texts.id, outcome.texts.to, due);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use oversight_core::{compile, countries, diagnostic, model, parse, proposal, source, syntax};

pub mod analysis;
pub mod assessment;
pub mod drafting;
pub mod engine;
pub mod input;
pub mod output;
pub mod serve;
#[cfg(feature = "testing")]
pub mod testing;
