//! The one Markdown table writer: every report's tables escape their cells
//! the same way.

use std::fmt::Write as _;

/// A cell's text made safe inside a Markdown table row: a `|` would end the
/// cell and a line break the row.
pub(crate) fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table being written: a header row, its rule, then rows.
pub(crate) struct MarkdownTable {
    text: String,
}

impl MarkdownTable {
    /// Starts a table with these column headers (escaped).
    pub(crate) fn new(headers: &[&str]) -> Self {
        let mut table = Self {
            text: String::new(),
        };
        table.row(headers);
        let _ = writeln!(table.text, "|{}", "---|".repeat(headers.len()));
        table
    }

    /// Adds a row; each cell is escaped.
    pub(crate) fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.text.push('|');
        for cell in cells {
            let _ = write!(self.text, " {} |", escape(cell.as_ref()));
        }
        self.text.push('\n');
    }

    /// The table's text, each row ending in a newline.
    pub(crate) fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped_and_rows_lined_up() {
        let mut table = MarkdownTable::new(&["rule", "what"]);
        table.row(&["3093-c-1", "report | brief\nin writing"]);
        assert_eq!(
            table.finish(),
            "| rule | what |\n|---|---|\n| 3093-c-1 | report \\| brief in writing |\n"
        );
    }
}
