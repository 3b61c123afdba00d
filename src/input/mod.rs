//! Where the inputs come from: action files, the rule files (embedded or on
//! disk, at a git revision), and the interview that completes an action.

pub mod action;
pub mod ask;
pub mod embedded;
pub mod err;
pub mod revision;
pub mod rules_dir;
