//! Typed indices into the rule book's lists.

use serde::{Deserialize, Serialize};

/// Declares a typed index: a `usize` position in one list of the rule
/// book, so that an index into one list cannot be passed where an index into
/// another is meant. Serialized as the bare number.
macro_rules! typed_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub usize);

        impl $name {
            /// The position in its list.
            pub fn index(self) -> usize {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

typed_index!(
    /// Index of a fact in [`Vocabulary::facts`](super::Vocabulary::facts).
    FactIx
);
typed_index!(
    /// Index of an event in [`Vocabulary::events`](super::Vocabulary::events).
    EventIx
);
typed_index!(
    /// Index of a country group in [`Vocabulary::country_groups`](super::Vocabulary::country_groups).
    CountryGroupIx
);
typed_index!(
    /// Index of a body in [`RuleBook::bodies`](super::RuleBook::bodies).
    BodyIx
);
typed_index!(
    /// Index of a body group in [`RuleBook::body_groups`](super::RuleBook::body_groups).
    BodyGroupIx
);
typed_index!(
    /// Index of a rule in [`RuleBook::rules`](super::RuleBook::rules).
    RuleIx
);
typed_index!(
    /// Index of a provision in [`RuleBook::provisions`](super::RuleBook::provisions).
    ProvisionIx
);
