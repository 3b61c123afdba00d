//! The embedded rule book, compiled once per fuzzing process.

use std::sync::OnceLock;

use oversight::model::RuleBook;

/// The embedded rules; they are known to compile (CI checks them).
pub fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(|| oversight::rules_dir::load_rulebook(None).expect("embedded rules compile"))
}
