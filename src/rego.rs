//! The rule book as a Rego policy (`import rego.v1`), for organisations that
//! already run OPA or regorus.
//!
//! For a *complete* action (every fact the rules read is stated) the policy's
//! `applies` and `obligations` equal the engine's: the same rule ids, kinds
//! and bodies. What Rego cannot say, the policy leaves out on purpose:
//!
//! - **Unknown facts.** Rego has two values, and a missing input is
//!   "undefined": a positive test of it fails and a `not` of it succeeds. The
//!   engine's third value ("depends on ...") has no counterpart. The policy
//!   therefore lists the facts the rules read that the input lacks in
//!   `unknown_facts`, and `complete` is true only when there are none; an
//!   answer with `complete` false must not be relied on.
//! - **Deadlines.** Time-zone arithmetic, business days and "N days before"
//!   stay in the engine; the policy says who must be told, not when.
//! - **Horizons**: rules whose law on the as-of date is not encoded are
//!   listed in `not_encoded`, and `complete` is then false.
//! - **The as-of date** is an input (`input.as_of`, `YYYY-MM-DD`), compared
//!   as text, which orders ISO dates correctly. The engine's fallbacks
//!   (earliest event, today) are not reproduced.
//!
//! Input shape: `{"as_of": "2025-03-12", "facts": {"finding_approved": true,
//! "sharing_channel": "liaison_exchange", "intelligence_types": ["imagery"],
//! "recipient_country": "RUS", "defense_article_value_usd": 2500000}}`,
//! which [`input_json`] builds from an action.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Map, Value, json};

use crate::action::{Action, FactValue};
use crate::evaluate::Evaluation;
use crate::logic::Truth;
use crate::model::{Condition, FactKind, Rule, RuleBook, RuleIx, RuleKind, chosen};

/// The Rego package the policy declares; query `data.oversight.applies`
/// and `data.oversight.obligations`.
pub const PACKAGE: &str = "oversight";

/// One applying obligation as both the engine and the policy report it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Obligation {
    /// The rule id.
    pub rule: String,
    /// The rule kind, as in the JSON report (`notice`, `standing_duty`, ...).
    pub kind: String,
    /// Body ids told, groups expanded, in the order the rule names them.
    pub bodies: Vec<String>,
}

/// What the engine decided for a complete action, in the policy's terms:
/// every rule that applies, and the obligations among them.
pub fn engine_answer(
    book: &RuleBook,
    evaluation: &Evaluation,
) -> (BTreeSet<String>, BTreeSet<Obligation>) {
    let mut applies = BTreeSet::new();
    let mut obligations = BTreeSet::new();
    for (rule, value) in book.rules.iter().zip(&evaluation.values) {
        if *value != Truth::True {
            continue;
        }
        applies.insert(rule.id.clone());
        if rule.kind.is_obligation() {
            obligations.insert(obligation_of(book, rule));
        }
    }
    (applies, obligations)
}

fn obligation_of(book: &RuleBook, rule: &Rule) -> Obligation {
    Obligation {
        rule: rule.id.clone(),
        kind: kind_key(rule),
        bodies: book
            .expand(rule.effect.recipients())
            .into_iter()
            .filter_map(|b| book.bodies.get(b).map(|body| body.id.clone()))
            .collect(),
    }
}

/// The kind as the JSON report spells it.
fn kind_key(rule: &Rule) -> String {
    String::from(match rule.kind {
        RuleKind::Definition => "definition",
        RuleKind::Exception => "exception",
        RuleKind::Notice => "notice",
        RuleKind::Duty => "duty",
        RuleKind::Gate => "gate",
        RuleKind::Prohibition => "prohibition",
        RuleKind::StandingDuty => "standing_duty",
        RuleKind::Authority => "authority",
    })
}

/// The applying obligations as rule indices, without building any text:
/// the engine's own form of the policy's `obligations` (each rule's kind and
/// bodies are fixed when the book is compiled).
pub fn applying_obligations<'e>(
    book: &'e RuleBook,
    evaluation: &'e Evaluation,
) -> impl Iterator<Item = RuleIx> + 'e {
    book.rules
        .iter()
        .zip(&evaluation.values)
        .enumerate()
        .filter(|(_, (rule, value))| **value == Truth::True && rule.kind.is_obligation())
        .map(|(ix, _)| ix)
}

/// The policy's input for an action read as of a date: stated facts only,
/// each as JSON of its natural type.
pub fn input_json(book: &RuleBook, action: &Action, as_of: Date) -> Value {
    let mut facts = Map::new();
    for (def, value) in book.vocabulary.facts.iter().zip(&action.facts) {
        let Some(value) = value else { continue };
        let json = match (value, &def.kind) {
            (FactValue::Flag(b), _) => json!(b),
            (FactValue::Choice(i), FactKind::Choice(values)) => json!(values.get(*i)),
            (FactValue::Set(bits), FactKind::ChoiceSet(values)) => {
                json!(chosen(values, *bits).collect::<Vec<_>>())
            }
            (FactValue::Country(code), _) => json!(code.code()),
            (FactValue::Amount(n), _) => json!(n),
            (FactValue::Date(d), _) => json!(d.to_string()),
            _ => continue,
        };
        facts.insert(def.name.clone(), json);
    }
    json!({"as_of": as_of.to_string(), "facts": facts})
}

/// The whole rule book as a Rego v1 policy.
pub fn export(book: &RuleBook) -> String {
    Exporter::new(book).policy()
}

struct Exporter<'a> {
    book: &'a RuleBook,
    /// Rule index to the identifier stem used in Rego (`3093-c-1` → `3093_c_1`).
    names: Vec<String>,
    /// Helper rules for nested conditions, written after the rule that uses them.
    helpers: String,
    next_helper: usize,
}

impl<'a> Exporter<'a> {
    fn new(book: &'a RuleBook) -> Self {
        let mut taken: HashMap<String, usize> = HashMap::new();
        let names = book
            .rules
            .iter()
            .map(|rule| {
                let stem: String = rule
                    .id
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                // `a-b` and `a_b` are different ids but the same stem.
                let seen = taken.entry(stem.clone()).or_insert(0);
                *seen += 1;
                if *seen == 1 {
                    stem
                } else {
                    format!("{stem}__{seen}")
                }
            })
            .collect();
        Self {
            book,
            names,
            helpers: String::new(),
            next_helper: 0,
        }
    }

    fn policy(mut self) -> String {
        let book = self.book;
        let mut out = String::new();
        let proposals: BTreeSet<&str> = book
            .provisions
            .iter()
            .filter_map(|p| p.proposal.as_deref())
            .collect();
        let _ = writeln!(
            out,
            "# Generated by `oversight export --rego` from {}.",
            book.law_version
        );
        if !proposals.is_empty() {
            let list: Vec<&str> = proposals.into_iter().collect();
            let _ = writeln!(out, "# With the proposals: {}.", list.join(", "));
        }
        out.push_str(HEADER);
        let _ = writeln!(out, "package {PACKAGE}\n\nimport rego.v1\n");

        out.push_str("# ---- Country groups (ISO 3166-1 alpha-3) ----\n\n");
        for group in &book.vocabulary.country_groups {
            let _ = writeln!(out, "# {} ({})", group.title, group.cite);
            let _ = writeln!(
                out,
                "group_{} := {}\n",
                ident(&group.name),
                string_set(&group.members)
            );
        }

        out.push_str("# ---- Completeness: answers hold only when `complete` is true ----\n\n");
        let read: BTreeSet<&str> = book
            .rules
            .iter()
            .flat_map(|r| facts_read(&r.condition))
            .filter_map(|f| book.vocabulary.facts.get(f).map(|d| d.name.as_str()))
            .collect();
        let read: Vec<String> = read.into_iter().map(str::to_string).collect();
        let _ = writeln!(out, "facts_read := {}\n", string_set(&read));
        out.push_str("stated(name) if {\n\t_ = input.facts[name]\n}\n\n");
        out.push_str("unknown_facts contains name if {\n\tsome name in facts_read\n\tnot stated(name)\n}\n\n");
        // Before a rule's horizon the engine says "not encoded for this date";
        // Rego cannot, so the policy names those rules and is not complete.
        // (Unlike the engine, it does not see when the facts rule a rule out.)
        let mut horizons = 0;
        for rule in &book.rules {
            if rule.in_force.from <= rule.in_force.encoded_from {
                horizons += 1;
                let _ = writeln!(
                    out,
                    "not_encoded contains {} if input.as_of < {}",
                    quote(&rule.id),
                    quote(&rule.in_force.encoded_from.to_string())
                );
            }
        }
        if horizons == 0 {
            out.push_str("not_encoded := set()\n");
        }
        out.push_str(
            "\ncomplete if {\n\tcount(unknown_facts) == 0\n\tcount(not_encoded) == 0\n}\n\n",
        );
        out.push_str("# ---- Rules, in evaluation order ----\n");
        for &ix in &book.order {
            self.rule(ix, &mut out);
        }

        out.push_str("\n# ---- Results ----\n\n");
        for (ix, rule) in book.rules.iter().enumerate() {
            let name = self.name(ix);
            let _ = writeln!(
                out,
                "applies contains {} if applies_{name}",
                quote(&rule.id)
            );
        }
        out.push('\n');
        for (ix, rule) in book.rules.iter().enumerate() {
            if !rule.kind.is_obligation() {
                continue;
            }
            let obligation = obligation_of(book, rule);
            let _ = writeln!(
                out,
                "obligations contains {{\"rule\": {}, \"kind\": {}, \"bodies\": {}}} if applies_{}",
                quote(&obligation.rule),
                quote(&obligation.kind),
                string_array(&obligation.bodies),
                self.name(ix)
            );
        }
        out
    }

    fn name(&self, ix: RuleIx) -> &str {
        self.names.get(ix).map_or("", String::as_str)
    }

    fn rule(&mut self, ix: RuleIx, out: &mut String) {
        let book = self.book;
        let Some(rule) = book.rules.get(ix) else {
            return;
        };
        let name = self.name(ix).to_string();
        let _ = writeln!(
            out,
            "\n# {} · {} {} [{}]",
            rule.id,
            rule.kind.name(),
            book.short_citation(rule),
            rule.confidence.tag()
        );
        for line in crate::report::text::wrap(&rule.says, 96) {
            let _ = writeln!(out, "# {line}");
        }
        let mut in_force = vec![format!(
            "input.as_of >= {}",
            quote(&rule.in_force.from.to_string())
        )];
        if let Some(until) = rule.in_force.until {
            in_force.push(format!("input.as_of <= {}", quote(&until.to_string())));
        }
        // A top-level `Any` becomes one definition per branch (Rego's "or").
        let branches: Vec<&Condition> = match &rule.condition {
            Condition::Any(parts) if !parts.is_empty() => parts.iter().collect(),
            other => vec![other],
        };
        for branch in branches {
            let mut body = in_force.clone();
            body.extend(self.statements(branch));
            let _ = writeln!(out, "own_{name} if {{\n\t{}\n}}", body.join("\n\t"));
        }
        if rule.overridden_by.is_empty() {
            let _ = writeln!(out, "applies_{name} if own_{name}");
        } else {
            let _ = writeln!(
                out,
                "applies_{name} if {{\n\town_{name}\n\tnot displaced_{name}\n}}"
            );
        }
        for &by in &rule.overridden_by {
            let _ = writeln!(out, "displaced_{name} if applies_{}", self.name(by));
        }
        out.push_str(&std::mem::take(&mut self.helpers));
    }

    /// A condition as the statements of one rule body (a conjunction).
    fn statements(&mut self, condition: &Condition) -> Vec<String> {
        match condition {
            Condition::All(parts) => parts.iter().flat_map(|p| self.statements(p)).collect(),
            other => vec![self.expression(other)],
        }
    }

    /// A condition as one Rego expression; `Any`, `All` and double negation
    /// go to helper rules, since Rego bodies cannot nest "or".
    fn expression(&mut self, condition: &Condition) -> String {
        let book = self.book;
        let fact = |ix: usize| {
            format!(
                "input.facts[{}]",
                quote(
                    book.vocabulary
                        .facts
                        .get(ix)
                        .map_or("", |f| f.name.as_str())
                )
            )
        };
        let values = |ix: usize, mask: u64| -> Vec<String> {
            match book.vocabulary.facts.get(ix).map(|f| &f.kind) {
                Some(FactKind::Choice(values) | FactKind::ChoiceSet(values)) => {
                    chosen(values, mask).map(str::to_string).collect()
                }
                _ => Vec::new(),
            }
        };
        match condition {
            Condition::Always => String::from("true"),
            Condition::Flag(f) => format!("{} == true", fact(*f)),
            Condition::ChoiceIn(f, mask) => {
                format!("{} in {}", fact(*f), string_set(&values(*f, *mask)))
            }
            Condition::SetAny(f, mask) => format!(
                "count({{v | some v in {}; v in {}}}) > 0",
                fact(*f),
                string_set(&values(*f, *mask))
            ),
            Condition::CountryIn(f, codes) => format!("{} in {}", fact(*f), string_set(codes)),
            Condition::InGroup(f, group) => format!(
                "{} in group_{}",
                fact(*f),
                ident(
                    book.vocabulary
                        .country_groups
                        .get(*group)
                        .map_or("", |g| g.name.as_str())
                )
            ),
            Condition::AtLeast(f, n) => format!("{} >= {n}", fact(*f)),
            Condition::MoreThan(f, n) => format!("{} > {n}", fact(*f)),
            Condition::Ref(r) => format!("applies_{}", self.name(*r)),
            Condition::Not(inner) => match inner.as_ref() {
                Condition::Not(_) | Condition::All(_) | Condition::Any(_) => {
                    format!("not {}", self.helper(inner))
                }
                leaf => format!("not {}", self.expression(leaf)),
            },
            Condition::All(_) | Condition::Any(_) => self.helper(condition),
        }
    }

    /// A helper rule `cond_N` holding when the condition holds.
    fn helper(&mut self, condition: &Condition) -> String {
        self.next_helper += 1;
        let name = format!("cond_{}", self.next_helper);
        let branches: Vec<&Condition> = match condition {
            Condition::Any(parts) if !parts.is_empty() => parts.iter().collect(),
            Condition::Any(_) => Vec::new(), // an empty "or" never holds: no definition
            other => vec![other],
        };
        let mut text = String::new();
        for branch in branches {
            let body = self.statements(branch);
            let _ = writeln!(text, "{name} if {{\n\t{}\n}}", body.join("\n\t"));
        }
        self.helpers.push_str(&text);
        name
    }
}

const HEADER: &str = "\
#
# For a complete action (every fact in `facts_read` stated in input.facts),
# `applies` and `obligations` equal what `oversight check` decides with every
# rule judged by the law of input.as_of (check judges a duty by the law of its
# event's date: give that date as as_of). With facts missing, Rego treats them
# as undefined (a test fails, a `not` succeeds), which is not the engine's
# \"depends\": check `complete` first; rules before their horizon are listed in
# `not_encoded`. Deadlines are not exported. Input: {\"as_of\": \"YYYY-MM-DD\",
# \"facts\": {...}}.
#
";

/// The facts a condition reads itself (not through `Ref`): an action is
/// complete for the policy when it states every fact some rule reads.
pub fn facts_read(condition: &Condition) -> Vec<usize> {
    match condition {
        Condition::All(parts) | Condition::Any(parts) => {
            parts.iter().flat_map(facts_read).collect()
        }
        Condition::Not(inner) => facts_read(inner),
        leaf => leaf.fact().into_iter().collect(),
    }
}

fn ident(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A Rego string literal (Rego strings use JSON escapes).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

fn string_set(items: &[String]) -> String {
    if items.is_empty() {
        // `{}` is an empty object in Rego; the empty set is `set()`.
        return String::from("set()");
    }
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    let flat = format!("{{{}}}", quoted.join(", "));
    // Long sets go one item per line (regorus refuses lines over 1,024 columns).
    if flat.len() <= 96 {
        flat
    } else {
        format!("{{\n\t{}\n}}", quoted.join(",\n\t"))
    }
}

fn string_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}
