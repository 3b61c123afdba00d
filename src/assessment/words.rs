//! The words of a reason, kept in pieces and joined only when a report
//! writes them. A reason names what the action stated ("`amount` is
//! $2,000,000, below $5,000,000"); its fixed words are built once per rule
//! book, so an assessment that never prints a reason allocates nothing for
//! it, and one that does writes the pieces straight out.

use std::fmt;
use std::sync::Arc;

use crate::model::texts::{Text, Texts};

/// The words of a reason.
#[derive(Clone)]
pub enum Words {
    /// Words as they are.
    Text(Text),
    /// Fixed words, an amount in dollars with thousands separators, fixed
    /// words: `` `amount` is $ `` 2,000,000 `, below $5,000,000`.
    Amount(Text, u64, Text),
    /// Fixed words, the values chosen in a set (in backticks, in brackets),
    /// fixed words.
    Set(Text, u64, Texts, Text),
    /// Fixed words before other words: `` `x` does not apply: `` ...
    Then(Text, Arc<Words>),
    /// Fixed words before several reasons joined by `; `:
    /// `none holds: ` a `; ` b.
    List(Text, Arc<[Words]>),
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => f.write_str(text),
            Self::Amount(before, amount, after) => {
                f.write_str(before)?;
                write_thousands(f, *amount)?;
                f.write_str(after)
            }
            Self::Set(before, bits, names, after) => {
                f.write_str(before)?;
                f.write_str("[")?;
                let chosen = names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i < 64 && bits & (1 << i) != 0);
                for (n, (_, name)) in chosen.enumerate() {
                    if n > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                f.write_str("]")?;
                f.write_str(after)
            }
            Self::Then(before, rest) => {
                f.write_str(before)?;
                rest.fmt(f)
            }
            Self::List(before, items) => {
                f.write_str(before)?;
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        f.write_str("; ")?;
                    }
                    item.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

/// `1234567` as `1,234,567`, without building a string.
fn write_thousands(f: &mut fmt::Formatter<'_>, n: u64) -> fmt::Result {
    let mut groups = [0u64; 7];
    let mut count = 0;
    let mut rest = n;
    loop {
        if let Some(slot) = groups.get_mut(count) {
            *slot = rest % 1000;
        }
        count += 1;
        rest /= 1000;
        if rest == 0 || count == groups.len() {
            break;
        }
    }
    for (i, group) in groups.iter().take(count).rev().enumerate() {
        if i == 0 {
            write!(f, "{group}")?;
        } else {
            write!(f, ",{group:03}")?;
        }
    }
    Ok(())
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

/// Two reasons' words are equal when they read the same.
impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => a == b,
            _ => self.to_string() == other.to_string(),
        }
    }
}

impl Eq for Words {}

impl serde::Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl From<Text> for Words {
    fn from(text: Text) -> Self {
        Self::Text(text)
    }
}

impl From<String> for Words {
    fn from(text: String) -> Self {
        Self::Text(Text::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_with_thousands_separators() {
        let words = |n| Words::Amount(Text::from("is $"), n, Text::from(".")).to_string();
        assert_eq!(words(0), "is $0.");
        assert_eq!(words(999), "is $999.");
        assert_eq!(words(1_000), "is $1,000.");
        assert_eq!(words(5_000_007), "is $5,000,007.");
        assert_eq!(words(u64::MAX), "is $18,446,744,073,709,551,615.");
        assert_eq!(
            words(1_000_000),
            format!("is ${}.", crate::engine::space::thousands(1_000_000))
        );
    }
}
