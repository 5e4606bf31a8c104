//! [`OtherFields`]: where a response struct keeps the fields dg does not model.

use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// The fields of a response object that dg does not model (new API fields, fields of other
/// model versions), kept as they came and written back when the struct is serialized.
///
/// Reads as a JSON map through `Deref` (`other.get("x")`, `other["x"]`, `other.is_empty()`).
/// Nearly every object has none, so an empty one is a null pointer: no allocation, and 8
/// bytes instead of a map's 24 in each of the 200,000 words of a long transcript.
///
/// It also remembers which of its struct's always-sent fields (plain `String`s and numbers
/// marked `[sent]`, such as a word's `confidence`) were absent from the JSON, so they are not
/// written back with an invented default. Such answers are rare, so the bits live out of line
/// with the map, and a `Word` does not grow for them.
#[derive(Clone, Default)]
pub struct OtherFields(Option<Box<Extra>>);

#[derive(Clone, Default)]
struct Extra {
    map: Map<String, Value>,
    /// Bit `i` set: the struct's `i`-th field was absent from the JSON.
    absent: u64,
}

impl OtherFields {
    /// Adds a field (allocating the map on first use).
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        self.0.get_or_insert_default().map.insert(key, value)
    }

    /// Removes a field (allocating nothing when there are none).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.as_mut()?.map.remove(key)
    }

    /// The fields as a plain JSON map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|e| e.map).unwrap_or_default()
    }

    /// The always-sent fields that were absent, as bits of their positions in the struct.
    #[inline]
    pub(crate) fn absent_bits(&self) -> u64 {
        self.0.as_ref().map_or(0, |e| e.absent)
    }

    /// Records always-sent fields as absent (bits of their positions in the struct).
    pub(crate) fn set_absent_bits(&mut self, bits: u64) {
        if bits != 0 || self.0.is_some() {
            self.0.get_or_insert_default().absent = bits;
        }
    }
}

impl Deref for OtherFields {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
        match &self.0 {
            Some(extra) => &extra.map,
            None => EMPTY.get_or_init(Map::new),
        }
    }
}

impl DerefMut for OtherFields {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0.get_or_insert_default().map
    }
}

impl From<Map<String, Value>> for OtherFields {
    fn from(map: Map<String, Value>) -> Self {
        OtherFields((!map.is_empty()).then(|| Box::new(Extra { map, absent: 0 })))
    }
}

impl PartialEq for OtherFields {
    fn eq(&self, other: &Self) -> bool {
        **self == **other && self.absent_bits() == other.absent_bits()
    }
}

impl std::fmt::Debug for OtherFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl serde::Serialize for OtherFields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn empty_until_a_field_is_added() {
        let mut o = OtherFields::default();
        assert!(o.0.is_none() && o.is_empty() && o.get("x").is_none());
        assert_eq!(std::mem::size_of::<OtherFields>(), 8);
        assert_eq!(o.insert("x".into(), json!(1)), None);
        assert_eq!(o["x"], 1);
        assert_eq!(serde_json::to_value(&o).unwrap(), json!({"x": 1}));
        assert_eq!(o.clone().into_map().len(), 1);
        assert_eq!(o.remove("x"), Some(json!(1)));
        assert!(o.is_empty());
        assert_eq!(OtherFields::from(Map::new()), OtherFields::default());
        assert!(OtherFields::from(Map::new()).0.is_none());
    }

    #[test]
    fn equal_by_content() {
        let mut allocated = OtherFields::default();
        allocated.clear(); // allocates an empty map through DerefMut
        assert!(allocated.0.is_some());
        assert_eq!(allocated, OtherFields::default());
    }
}
