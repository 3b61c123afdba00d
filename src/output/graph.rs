//! Pictures of the rule graph: Graphviz DOT or Mermaid, the whole book or the
//! neighbourhood of one rule, optionally coloured by an action's values.

use std::fmt::Write as _;

use crate::engine::logic::Truth;
use crate::model::{EdgeKind, RuleBook, RuleIx, RuleKind};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid (renders on Git hosts).
    Mermaid,
}

/// The rules to draw: all of them, or one rule with everything it uses or is
/// overridden by (transitively) and everything that uses or overrides it directly.
pub fn neighbourhood(book: &RuleBook, around: Option<RuleIx>) -> Vec<RuleIx> {
    let Some(center) = around else {
        return (0..book.rules.len()).map(RuleIx).collect();
    };
    let mut keep = vec![center];
    let mut stack = vec![center];
    while let Some(ix) = stack.pop() {
        for edge in book.graph.edges_directed(
            petgraph::graph::NodeIndex::new(ix.0),
            petgraph::Direction::Incoming,
        ) {
            use petgraph::visit::EdgeRef;
            let source = RuleIx(edge.source().index());
            if !keep.contains(&source) {
                keep.push(source);
                stack.push(source);
            }
        }
    }
    for edge in book.graph.edges_directed(
        petgraph::graph::NodeIndex::new(center.0),
        petgraph::Direction::Outgoing,
    ) {
        use petgraph::visit::EdgeRef;
        let target = RuleIx(edge.target().index());
        if !keep.contains(&target) {
            keep.push(target);
        }
    }
    keep.sort_unstable();
    keep
}

fn node_id(book: &RuleBook, ix: RuleIx) -> String {
    let id = book.rules.get(ix.0).map_or("?", |r| r.id.as_str());
    format!(
        "r_{}",
        id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    )
}

fn label(book: &RuleBook, ix: RuleIx) -> String {
    book.rules.get(ix.0).map_or_else(String::new, |r| {
        format!("{} · {}", r.id, book.short_citation(r))
    })
}

fn class(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Definition | RuleKind::Exception => "term",
        RuleKind::Notice | RuleKind::Duty => "notice",
        RuleKind::Gate | RuleKind::Prohibition => "barrier",
        RuleKind::StandingDuty | RuleKind::Authority => "standing",
    }
}

/// Draws the rules in `keep`; `values` (from an action) colours them, and
/// is also written in each label so colour is never the only signal.
pub fn render(
    book: &RuleBook,
    keep: &[RuleIx],
    values: Option<&[Truth]>,
    format: GraphFormat,
) -> String {
    let mut out = String::new();
    let value_of = |ix: RuleIx| values.and_then(|v| v.get(ix.0)).copied();
    let suffix = |ix: RuleIx| match value_of(ix) {
        Some(Truth::True) => " = true",
        Some(Truth::False) => " = false",
        Some(Truth::Unknown) => " = unknown",
        None => "",
    };
    let edges: Vec<(RuleIx, RuleIx, EdgeKind)> = book
        .graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = book.graph.edge_endpoints(e)?;
            let kind = *book.graph.edge_weight(e)?;
            let (a, b) = (RuleIx(a.index()), RuleIx(b.index()));
            (keep.contains(&a) && keep.contains(&b)).then_some((a, b, kind))
        })
        .collect();
    match format {
        GraphFormat::Mermaid => {
            let _ = writeln!(out, "flowchart LR");
            for &ix in keep {
                let Some(rule) = book.rules.get(ix.0) else {
                    continue;
                };
                let text = format!("{}{}", label(book, ix), suffix(ix)).replace('"', "'");
                let _ = writeln!(
                    out,
                    "    {}[\"{text}\"]:::{}",
                    node_id(book, ix),
                    class(rule.kind)
                );
            }
            for (a, b, kind) in &edges {
                let arrow = match kind {
                    EdgeKind::Uses => "-->",
                    EdgeKind::Overrides => "-. overrides .->",
                };
                let _ = writeln!(
                    out,
                    "    {} {arrow} {}",
                    node_id(book, *a),
                    node_id(book, *b)
                );
            }
            let _ = writeln!(out, "    classDef term fill:#eef,stroke:#557");
            let _ = writeln!(out, "    classDef notice fill:#efe,stroke:#575");
            let _ = writeln!(out, "    classDef barrier fill:#fee,stroke:#755");
            let _ = writeln!(out, "    classDef standing fill:#eee,stroke:#777");
            if values.is_some() {
                for &ix in keep {
                    let color = match value_of(ix) {
                        Some(Truth::True) => "stroke-width:3px,stroke:#070",
                        Some(Truth::Unknown) => "stroke-width:3px,stroke:#a70,stroke-dasharray:4",
                        _ => "stroke-width:1px,stroke:#999,color:#777",
                    };
                    let _ = writeln!(out, "    style {} {color}", node_id(book, ix));
                }
            }
        }
        GraphFormat::Dot => {
            let _ = writeln!(
                out,
                "digraph rules {{\n    rankdir=LR;\n    node [shape=box, style=rounded];"
            );
            for &ix in keep {
                let Some(rule) = book.rules.get(ix.0) else {
                    continue;
                };
                let shape = if rule.kind.is_obligation() {
                    "box"
                } else {
                    "ellipse"
                };
                let color = match value_of(ix) {
                    Some(Truth::True) => ", color=\"#007700\", penwidth=2",
                    Some(Truth::Unknown) => ", color=\"#aa7700\", style=\"rounded,dashed\"",
                    Some(Truth::False) => ", color=\"#999999\", fontcolor=\"#777777\"",
                    None => "",
                };
                let text = format!("{}{}", label(book, ix), suffix(ix)).replace('"', "\\\"");
                let _ = writeln!(
                    out,
                    "    {} [label=\"{text}\", shape={shape}{color}];",
                    node_id(book, ix)
                );
            }
            for (a, b, kind) in &edges {
                let style = match kind {
                    EdgeKind::Uses => "",
                    EdgeKind::Overrides => " [style=dashed, label=\"overrides\"]",
                };
                let _ = writeln!(
                    out,
                    "    {} -> {}{style};",
                    node_id(book, *a),
                    node_id(book, *b)
                );
            }
            let _ = writeln!(out, "}}");
        }
    }
    out
}
