//! Where the inputs come from: action files, the rule files (embedded or on
//! disk, at a git revision), and the problems found in them.

pub mod action;
pub mod embedded;
pub mod err;
pub mod revision;
pub mod rules_dir;
