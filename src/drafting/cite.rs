//! Citations as Legislative Counsel writes them: "section 503(e) of the
//! National Security Act of 1947 (50 U.S.C. 3093(e))" for an Act, "section
//! 130f(b) of title 10, United States Code" for a title enacted as positive
//! law.

use crate::model::{LawCite, Rule, RuleBook, SectionRef};

/// `(50, "3093")` from `50 U.S.C. 3093`.
fn code_parts(usc: &str) -> Option<(&str, &str)> {
    usc.split_once(" U.S.C. ")
}

/// A section named in running text (lower case "section"), with a pinpoint.
pub fn section_in_text(act: &str, section: &str, usc: &str, pin: &str) -> String {
    match (act.is_empty(), code_parts(usc)) {
        (true, Some((title, number))) => {
            format!("section {number}{pin} of title {title}, United States Code")
        }
        (false, Some(_)) if !section.is_empty() => {
            format!("section {section}{pin} of the {act} ({usc}{pin})")
        }
        (false, None) if !section.is_empty() => format!("section {section}{pin} of the {act}"),
        (false, _) => format!("{act}{pin}"),
        (true, None) => pin.to_string(),
    }
}

/// The target of an instruction, capitalized: "Section 502 of the National
/// Security Act of 1947 (50 U.S.C. 3092)", or "Section 130f of title 10,
/// United States Code," (the comma closes the apposition before "is
/// amended").
pub fn target(section: &SectionRef, pin: &str) -> String {
    let text = super::words::capitalize(&section_in_text(
        &section.act,
        &section.section,
        &section.usc,
        pin,
    ));
    if text.ends_with("United States Code") {
        format!("{text},")
    } else {
        text
    }
}

/// Where the law defines a term, in running text.
pub fn definition_source(cite: &LawCite) -> String {
    // A `LawCite` carries its pinpoint inside `section` and `usc` already.
    match (cite.act.is_empty(), code_parts(&cite.usc)) {
        (true, Some((title, number))) => {
            format!("section {number} of title {title}, United States Code")
        }
        (false, Some(_)) => format!(
            "section {} of the {} ({})",
            cite.section, cite.act, cite.usc
        ),
        (false, None) => format!("section {} of the {}", cite.section, cite.act),
        (true, None) => cite.usc.clone(),
    }
}

/// A rule's place in the law, in running text.
pub fn legislative_citation(book: &RuleBook, rule: &Rule) -> String {
    match book.provision_of(rule) {
        Some(p) => section_in_text(&p.act, &p.section, &p.usc, &rule.pinpoint),
        None => rule.pinpoint.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts_and_positive_law_titles_are_cited_as_drafters_do() {
        assert_eq!(
            section_in_text(
                "National Security Act of 1947",
                "503",
                "50 U.S.C. 3093",
                "(e)"
            ),
            "section 503(e) of the National Security Act of 1947 (50 U.S.C. 3093(e))"
        );
        assert_eq!(
            section_in_text("", "", "10 U.S.C. 130f", "(b)"),
            "section 130f(b) of title 10, United States Code"
        );
        let nsa = LawCite {
            act: String::from("National Security Act of 1947"),
            section: String::from("3(7)"),
            usc: String::from("50 U.S.C. 3003(7)"),
        };
        assert_eq!(
            definition_source(&nsa),
            "section 3(7) of the National Security Act of 1947 (50 U.S.C. 3003(7))"
        );
    }
}
