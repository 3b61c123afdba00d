//! The rule graph: edges for `Ref` and overrides, the topological order, and the cycle diagnostic.

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Control, DfsEvent, depth_first_search};

use super::err::CompileError;
use super::rule_id;
use crate::diagnostic::Diagnostic;
use crate::model::{Condition, EdgeKind, RuleBook, RuleIx};
use crate::source::SourceFile;
use crate::syntax::{Name, ProvisionFile};

/// The rules a condition refers to with `Ref`, in order of appearance.
pub fn referenced_rules(condition: &Condition) -> Vec<RuleIx> {
    condition.referenced_rules()
}

pub(super) fn build_graph(book: &mut RuleBook) {
    let mut graph = DiGraph::with_capacity(book.rules.len(), book.rules.len() * 2);
    for ix in 0..book.rules.len() {
        graph.add_node(RuleIx(ix));
    }
    for (ix, rule) in book.rules.iter().enumerate() {
        for used in referenced_rules(&rule.condition) {
            graph.add_edge(NodeIndex::new(used.0), NodeIndex::new(ix), EdgeKind::Uses);
        }
        for &target in &rule.overrides {
            graph.add_edge(
                NodeIndex::new(ix),
                NodeIndex::new(target.0),
                EdgeKind::Overrides,
            );
        }
    }
    book.graph = graph;
}

/// Rules in dependency order, or one cycle as a path of rule indices
/// (first and last the same).
pub(super) fn topological_order(book: &RuleBook) -> Result<Vec<RuleIx>, Vec<RuleIx>> {
    match petgraph::algo::toposort(&book.graph, None) {
        Ok(nodes) => Ok(nodes.into_iter().map(|n| RuleIx(n.index())).collect()),
        Err(_) => Err(find_cycle(book).unwrap_or_default()),
    }
}

/// One cycle of the rule graph as a path, found from the DFS back edge.
/// petgraph reports only one node of a cycle, so the path is rebuilt here.
pub(super) fn find_cycle(book: &RuleBook) -> Option<Vec<RuleIx>> {
    let graph = &book.graph;
    let mut parent: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut back_edge = None;
    depth_first_search(graph, graph.node_indices(), |event| {
        match event {
            DfsEvent::TreeEdge(u, v) => {
                parent.insert(v, u);
            }
            DfsEvent::BackEdge(u, v) => {
                back_edge = Some((u, v));
                return Control::Break(());
            }
            _ => {}
        }
        Control::Continue
    });
    let (last, first) = back_edge?;
    let mut path = vec![last];
    let mut current = last;
    while current != first {
        current = *parent.get(&current)?;
        path.push(current);
    }
    path.reverse();
    path.push(first);
    Some(path.into_iter().map(|n| RuleIx(n.index())).collect())
}

pub(super) fn cycle_diagnostic(
    book: &RuleBook,
    cycle: &[RuleIx],
    files: &[(&SourceFile, ProvisionFile)],
) -> Diagnostic {
    let names: Vec<&str> = cycle
        .iter()
        .filter_map(|&ix| book.rules.get(ix.0))
        .map(|r| r.id.as_str())
        .collect();
    let locate = |id: &str| -> Option<(&SourceFile, Name)> {
        files.iter().find_map(|(file, provision)| {
            provision
                .rules
                .iter()
                .map(rule_id)
                .find(|n| n.as_str() == id)
                .map(|n| (*file, n.clone()))
        })
    };
    let steps: Vec<String> = cycle
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (
                book.rules.get(pair.first()?.0)?,
                book.rules.get(pair.get(1)?.0)?,
            );
            let how = if a.overrides.contains(pair.get(1)?) {
                "overrides"
            } else {
                "is used by"
            };
            let place = locate(&a.id)
                .and_then(|(f, n)| n.span_in(f).map(|s| (f, s)))
                .map(|(f, s)| {
                    let (line, column) = f.line_col(s.start);
                    format!("{}:{line}:{column}", f.name)
                })
                .unwrap_or_default();
            Some(format!("`{}` ({place}) {how} `{}`", a.id, b.id))
        })
        .collect();
    let problem = || CompileError::Cycle {
        path: names.join(" -> "),
    };
    let help = format!(
        "{}; break the cycle by removing one `Ref` or `overrides`",
        steps.join(", ")
    );
    match names.first().and_then(|id| locate(id)) {
        Some((file, name)) => Diagnostic::at_value(file, &name, problem())
            .with_label("the cycle starts here")
            .with_help(help),
        None => Diagnostic::in_file("rules", problem()).with_help(help),
    }
}
