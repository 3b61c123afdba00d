//! `concerns.ron`: the indicators of realignment that gap analysis looks for.

use serde::Deserialize;

use super::{ConditionDecl, Name};

/// `rules/concerns.ron`: the indicators of strategic realignment that gap
/// analysis looks for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Concerns")]
pub struct ConcernsFile {
    /// The concerns, in report order.
    pub concerns: Vec<ConcernDecl>,
}

/// One concern.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename = "Concern")]
pub struct ConcernDecl {
    /// Short id, used with `--concern`.
    pub id: Name,
    /// A plain title.
    pub title: String,
    /// What it covers, in plain words.
    pub explains: String,
    /// Why Congress should know.
    pub matters: String,
    /// When an action shows it.
    pub when: ConditionDecl,
}
