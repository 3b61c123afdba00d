//! Three-valued (strong Kleene) logic.
//!
//! A fact the action does not state is unknown. `All` is false if any part
//! is false, unknown if none is false and some part is unknown; `Any` is the
//! dual. This makes every definite answer sound: it holds under every way of
//! answering the unknowns.

use serde::Serialize;

/// True, false, or not known from the facts given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Definitely false.
    False,
    /// Depends on facts not given.
    Unknown,
    /// Definitely true.
    True,
}

impl Truth {
    /// `True` or `False`.
    pub(crate) fn from_bool(value: bool) -> Self {
        if value { Self::True } else { Self::False }
    }

    /// Kleene conjunction.
    #[must_use]
    pub fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::False, _) | (_, Self::False) => Self::False,
            (Self::True, Self::True) => Self::True,
            _ => Self::Unknown,
        }
    }

    /// Kleene disjunction.
    #[must_use]
    pub fn or(self, other: Self) -> Self {
        match (self, other) {
            (Self::True, _) | (_, Self::True) => Self::True,
            (Self::False, Self::False) => Self::False,
            _ => Self::Unknown,
        }
    }

    /// Conjunction of every value (`True` for none).
    pub fn all(values: impl IntoIterator<Item = Self>) -> Self {
        values.into_iter().fold(Self::True, Self::and)
    }

    /// Disjunction of every value (`False` for none).
    pub fn any(values: impl IntoIterator<Item = Self>) -> Self {
        values.into_iter().fold(Self::False, Self::or)
    }
}

impl std::ops::Not for Truth {
    type Output = Self;

    /// Kleene negation.
    fn not(self) -> Self {
        match self {
            Self::True => Self::False,
            Self::False => Self::True,
            Self::Unknown => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, False, True, Unknown};

    const ALL: [Truth; 3] = [False, Unknown, True];

    #[test]
    fn conjunction_table() {
        let table = [
            [False, False, False],
            [False, Unknown, Unknown],
            [False, Unknown, True],
        ];
        for (i, a) in ALL.iter().enumerate() {
            for (j, b) in ALL.iter().enumerate() {
                assert_eq!(a.and(*b), table[i][j], "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn disjunction_table() {
        let table = [
            [False, Unknown, True],
            [Unknown, Unknown, True],
            [True, True, True],
        ];
        for (i, a) in ALL.iter().enumerate() {
            for (j, b) in ALL.iter().enumerate() {
                assert_eq!(a.or(*b), table[i][j], "{a:?} or {b:?}");
            }
        }
    }

    #[test]
    fn negation_and_de_morgan() {
        assert_eq!(!True, False);
        assert_eq!(!Unknown, Unknown);
        for a in ALL {
            for b in ALL {
                assert_eq!(!a.and(b), (!a).or(!b));
            }
        }
        assert_eq!(Truth::all([]), True);
        assert_eq!(Truth::any([]), False);
        assert_eq!(Truth::all([True, Unknown, False]), False);
        assert_eq!(Truth::any([False, Unknown]), Unknown);
    }
}
