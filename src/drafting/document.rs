//! The shape of amendment text, independent of how it is printed: units
//! (subsection, paragraph, subparagraph) and Legislative Counsel's
//! instructions. The text, Markdown and USLM writers all print this tree.

/// The level of a unit, which decides its designation style and the word
/// a cross-reference uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `SEC. __.`
    Section,
    /// `(a)`
    Subsection,
    /// `(1)`
    Paragraph,
    /// `(A)`
    Subparagraph,
    /// `(i)`
    Clause,
}

impl Level {
    /// The word a cross-reference uses: `subsection (d)`.
    pub fn word(self) -> &'static str {
        match self {
            Self::Section => "section",
            Self::Subsection => "subsection",
            Self::Paragraph => "paragraph",
            Self::Subparagraph => "subparagraph",
            Self::Clause => "clause",
        }
    }

    /// The plural: `subsections`.
    pub fn words(self) -> &'static str {
        match self {
            Self::Section => "sections",
            Self::Subsection => "subsections",
            Self::Paragraph => "paragraphs",
            Self::Subparagraph => "subparagraphs",
            Self::Clause => "clauses",
        }
    }

    /// The level below.
    pub fn below(self) -> Self {
        match self {
            Self::Section => Self::Subsection,
            Self::Subsection => Self::Paragraph,
            Self::Paragraph => Self::Subparagraph,
            Self::Subparagraph | Self::Clause => Self::Clause,
        }
    }

    /// The designation of the `n`th unit (from 0) at this level: `a`, `1`,
    /// `A`, `i`.
    pub fn designation(self, n: usize) -> String {
        match self {
            Self::Section => String::from("__"),
            Self::Subsection => letters(n, 'a'),
            Self::Paragraph => (n + 1).to_string(),
            Self::Subparagraph => letters(n, 'A'),
            Self::Clause => roman(n + 1),
        }
    }

    /// The level of a designation in a pinpoint: digits are paragraphs,
    /// capitals subparagraphs, small letters subsections (roman numerals
    /// below a subparagraph are clauses).
    pub fn of_designation(designation: &str, depth: usize) -> Self {
        if designation.chars().all(|c| c.is_ascii_digit()) {
            Self::Paragraph
        } else if designation.chars().all(|c| c.is_ascii_uppercase()) {
            Self::Subparagraph
        } else if depth >= 3 {
            Self::Clause
        } else {
            Self::Subsection
        }
    }
}

/// `a`..`z`, then `aa`, `bb`, ... (Legislative Counsel's sequence).
fn letters(n: usize, first: char) -> String {
    let offset = u8::try_from(n % 26).unwrap_or(0);
    let letter = char::from(u8::try_from(u32::from(first)).unwrap_or(b'a') + offset);
    letter.to_string().repeat(n / 26 + 1)
}

fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// One unit of statutory text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Its level.
    pub level: Level,
    /// Its designation without parentheses: `d`, `1`, `A`.
    pub designation: String,
    /// Its heading in sentence case (`Reports on liaison channels`), if any.
    pub heading: Option<String>,
    /// Its own text, before any subunits (the chapeau when it has them).
    pub text: String,
    /// Its subunits.
    pub children: Vec<Unit>,
    /// Text after its subunits, flush with the unit.
    pub continuation: Option<String>,
}

impl Unit {
    /// A unit with text and nothing else.
    pub fn new(level: Level, designation: &str, text: String) -> Self {
        Self {
            level,
            designation: designation.to_string(),
            heading: None,
            text,
            children: Vec::new(),
            continuation: None,
        }
    }

    /// How its number is printed: `(d)`, `SEC. __.`.
    pub fn num(&self) -> String {
        match self.level {
            Level::Section => format!("SEC. {}.", self.designation),
            _ => format!("({})", self.designation),
        }
    }

    /// Every piece of text in the unit and its subunits, in order, headings
    /// included: what the terms and the draft check read.
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        if let Some(heading) = &self.heading {
            out.push_str(heading);
            out.push(' ');
        }
        out.push_str(&self.text);
        for child in &self.children {
            out.push(' ');
            out.push_str(&child.all_text());
        }
        if let Some(continuation) = &self.continuation {
            out.push(' ');
            out.push_str(continuation);
        }
        out
    }
}

/// What an instruction does to the law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// "by adding at the end the following new subsection:"
    AddAtEnd(Unit),
    /// "by striking "X" and inserting "Y""
    StrikeInsert {
        /// The words struck.
        strike: String,
        /// The words inserted.
        insert: String,
    },
    /// "by amending paragraph (1) to read as follows:"
    AmendToRead(Unit),
    /// "by striking paragraph (4)"
    StrikeUnit {
        /// The unit's level.
        level: Level,
        /// Its designation.
        designation: String,
    },
    /// "by redesignating paragraphs (5) and (6) as paragraphs (4) and (5), respectively"
    Redesignate {
        /// The level.
        level: Level,
        /// The designations before.
        from: Vec<String>,
        /// The designations after.
        to: Vec<String>,
    },
}

/// "redesignating paragraphs (5) and (6) as paragraphs (4) and (5),
/// respectively", as both writers word it.
pub fn redesignation(level: Level, from: &[String], to: &[String]) -> String {
    let list = |ds: &[String]| {
        super::words::join(
            &ds.iter().map(|d| format!("({d})")).collect::<Vec<_>>(),
            "and",
        )
    };
    let word = if from.len() == 1 {
        level.word()
    } else {
        level.words()
    };
    let respectively = if from.len() > 1 { ", respectively" } else { "" };
    format!(
        "redesignating {word} {} as {word} {}{respectively}",
        list(from),
        list(to)
    )
}

/// One amendment instruction: what is amended, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// What is amended, as Legislative Counsel names it: `Section 502 of
    /// the National Security Act of 1947 (50 U.S.C. 3092)`.
    pub target: String,
    /// What is done to it, in order; several become a numbered list.
    pub actions: Vec<Action>,
}

/// One proposal's text: instructions to amend the law, or a new section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enactment {
    /// Amendments to existing sections.
    Amendments(Vec<Instruction>),
    /// A freestanding new section.
    NewSection(Unit),
}

/// Everything `render` produces for one proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drafted {
    /// The proposal's id.
    pub proposal: String,
    /// Its title.
    pub title: String,
    /// Its text: instructions, then (for a proposal that both enacts a
    /// section and amends others) the new section.
    pub enactments: Vec<Enactment>,
    /// Points for the drafter that are not part of the text: a repealed
    /// rule that shares its unit, a term with no definition, a conflict.
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn designations_follow_legislative_counsel() {
        let sub: Vec<String> = [0, 3, 25, 26, 27]
            .into_iter()
            .map(|n| Level::Subsection.designation(n))
            .collect();
        assert_eq!(sub, ["a", "d", "z", "aa", "bb"]);
        assert_eq!(Level::Subparagraph.designation(1), "B");
        assert_eq!(Level::Clause.designation(3), "iv");
        assert_eq!(Level::Paragraph.designation(0), "1");
    }
}
