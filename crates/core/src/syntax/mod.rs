//! The shape of the RON files, exactly as authors write them.
//!
//! Nothing here is checked beyond its shape: names are resolved and types
//! checked by [`crate::compile`] and by the main crate's action loader. Every name is
//! [`Spanned`] so that those later stages can point at it.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use crate::source::Spanned;

mod concerns;
mod proposal;
mod provision;
mod scenario;
mod vocabulary;

pub use concerns::*;
pub use proposal::*;
pub use provision::*;
pub use scenario::*;
pub use vocabulary::*;

/// A name as written in a file (a fact, body, group, rule id or event).
pub type Name = Spanned<String>;

/// The entries of a RON map (`{ "key": value, ... }`) in the order written,
/// keeping repeated keys so that a later stage can report them. A plain map
/// type would silently keep only the last of two equal keys.
#[derive(Debug, Clone)]
pub struct Entries<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<K, V> Entries<K, V> {
    /// The entries, as key and value references.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in the order written.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many entries were written.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no entry was written.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, K, V> IntoIterator for &'a Entries<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}
