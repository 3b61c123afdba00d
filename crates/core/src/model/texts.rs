//! Every string a rule contributes to a report, built once per rule book
//! (docs/PERFORMANCE.md: rebuilding citations for every rule on every
//! assessment was most of an assessment's cost). Shared strings are
//! [`Text`]: cloning one into a report costs a reference count, not a copy.

use std::sync::Arc;

use super::{Effect, Rule, RuleBook};

/// A string built once and shared by every report that shows it.
pub type Text = Arc<str>;

/// Another way to meet a duty, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativeTexts {
    /// Bodies told instead, by id.
    pub to: Arc<[Text]>,
    /// The recipients as the rule names them.
    pub recipients: Text,
    /// What is delivered instead.
    pub what: Text,
}

/// One rule's report strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTexts {
    /// The rule id.
    pub id: Text,
    /// Full dual citation (`RuleBook::citation`).
    pub citation: Text,
    /// The short pinpoint (`RuleBook::short_citation`).
    pub short_citation: Text,
    /// The provision's short name (`RuleBook::provision_name`).
    pub provision: Text,
    /// The proposal the rule comes from, if not the law.
    pub proposal: Option<Text>,
    /// Plain summary.
    pub says: Text,
    /// Bodies told, groups expanded, by id, in the order named.
    pub to: Arc<[Text]>,
    /// The recipients as the rule names them, if it names any.
    pub recipients: Option<Text>,
    /// Who acts, or who holds an authority.
    pub by: Option<Text>,
    /// What is delivered, or what the duty or authority is.
    pub what: Option<Text>,
    /// In what form, for a notice.
    pub form: Option<Text>,
    /// Another way to meet a notice.
    pub alternative: Option<AlternativeTexts>,
    /// For a gate: what is blocked.
    pub blocks: Option<Text>,
    /// For a gate: what lifts it.
    pub until: Option<Text>,
    /// For a prohibition: what is barred.
    pub bars: Option<Text>,
    /// Notes on the rule.
    pub note: Option<Text>,
    /// The sources its provision and the rule itself were read from.
    pub sources: Arc<[Text]>,
}

impl RuleTexts {
    /// The texts of every rule, by rule index.
    pub fn all(book: &RuleBook) -> Vec<Self> {
        book.rules.iter().map(|rule| Self::of(book, rule)).collect()
    }

    fn of(book: &RuleBook, rule: &Rule) -> Self {
        let text = |s: &str| Text::from(s);
        let ids = |recipients| -> Arc<[Text]> {
            book.expand(recipients)
                .into_iter()
                .filter_map(|b| book.bodies.get(b.0))
                .map(|b| text(&b.id))
                .collect()
        };
        let provision = book.provision_of(rule);
        let mut texts = Self {
            id: text(&rule.id),
            citation: book.citation(rule).into(),
            short_citation: book.short_citation(rule).into(),
            provision: book.provision_name(rule).into(),
            proposal: provision.and_then(|p| p.proposal.as_deref()).map(text),
            says: text(&rule.says),
            to: ids(rule.effect.recipients()),
            recipients: (!rule.effect.recipients().is_empty())
                .then(|| book.describe_recipients(rule.effect.recipients()).into()),
            by: None,
            what: None,
            form: None,
            alternative: None,
            blocks: None,
            until: None,
            bars: None,
            note: rule.note.as_deref().map(text),
            sources: provision
                .map_or(&[][..], |p| p.sources.as_slice())
                .iter()
                .chain(&rule.sources)
                .map(|s| text(s))
                .collect(),
        };
        match &rule.effect {
            Effect::None => {}
            Effect::Notice {
                by,
                what,
                form,
                alternative,
                ..
            } => {
                texts.by = Some(text(by));
                texts.what = Some(text(what));
                texts.form = Some(text(form.describe()));
                texts.alternative = alternative.as_ref().map(|(to, what)| AlternativeTexts {
                    to: ids(to),
                    recipients: book.describe_recipients(to).into(),
                    what: text(what),
                });
            }
            Effect::Gate {
                by, blocks, until, ..
            } => {
                texts.by = Some(text(by));
                texts.blocks = Some(text(blocks));
                texts.until = Some(text(until));
            }
            Effect::Prohibition { bars } => texts.bars = Some(text(bars)),
            Effect::Authority { holder, what } => {
                texts.by = Some(text(holder));
                texts.what = Some(text(what));
            }
            Effect::Standing { by, what, .. } => {
                texts.by = Some(text(by));
                texts.what = Some(text(what));
            }
        }
        texts
    }
}
