//! The memo as a Word document: the Markdown memo's lines turned into
//! Word headings, paragraphs, bullets and tables, so the two never differ in
//! substance. Built with `docx-rs`.

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

use super::View;
use crate::assessment::Assessment;

/// Font sizes in half-points: headings 1, 2, 3, and body text.
const SIZES: [usize; 4] = [32, 28, 24, 22];

/// Markdown inline marks a reader of Word should not see.
fn plain(text: &str) -> String {
    text.replace("**", "").replace('`', "").replace("\\|", "|")
}

fn paragraph(text: &str, size: usize, bold: bool) -> Paragraph {
    let mut run = Run::new().add_text(plain(text)).size(size);
    if bold {
        run = run.bold();
    }
    Paragraph::new().add_run(run)
}

fn table(rows: &[Vec<String>]) -> Table {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            TableRow::new(
                cells
                    .iter()
                    .map(|c| TableCell::new().add_paragraph(paragraph(c, SIZES[3], i == 0)))
                    .collect(),
            )
        })
        .collect();
    Table::new(rows)
}

/// A Markdown table row's cells (`| a | b |`), `None` for the `|---|` rule.
fn cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    if inner.chars().all(|c| matches!(c, '-' | '|' | ' ' | ':')) {
        return None;
    }
    // Split on unescaped bars.
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                cell.push(c);
                continue;
            }
            '|' if !escaped => out.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
        escaped = false;
    }
    out.push(cell.trim().to_string());
    Some(out)
}

/// The memo as the bytes of a `.docx` file.
pub fn render(assessment: &Assessment, view: &View) -> Result<Vec<u8>, String> {
    let markdown = super::markdown::render(assessment, view);
    let mut docx = Docx::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with('|') {
            if let Some(row) = cells(line) {
                rows.push(row);
            }
            continue;
        }
        if !rows.is_empty() {
            docx = docx.add_table(table(&rows));
            rows.clear();
        }
        let line = line.trim_end();
        docx = if let Some(h) = line.strip_prefix("### ") {
            docx.add_paragraph(paragraph(h, SIZES[2], true))
        } else if let Some(h) = line.strip_prefix("## ") {
            docx.add_paragraph(paragraph(h, SIZES[1], true))
        } else if let Some(h) = line.strip_prefix("# ") {
            docx.add_paragraph(paragraph(h, SIZES[0], true))
        } else if let Some(item) = line.strip_prefix("- ") {
            docx.add_paragraph(paragraph(&format!("• {item}"), SIZES[3], false))
        } else if line.is_empty()
            || line == "---"
            || line.starts_with("<details")
            || line.starts_with("</details")
        {
            docx
        } else if line.starts_with("**") && line.ends_with("**") {
            docx.add_paragraph(paragraph(line, SIZES[3], true))
        } else {
            docx.add_paragraph(paragraph(line, SIZES[3], false))
        };
    }
    if !rows.is_empty() {
        docx = docx.add_table(table(&rows));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| format!("could not write the Word document: {e}"))?;
    Ok(bytes.into_inner())
}
