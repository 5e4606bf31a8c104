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
#[derive(Clone, Default)]
pub struct OtherFields(Option<Box<Map<String, Value>>>);

impl OtherFields {
    /// Adds a field (allocating the map on first use).
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        self.0.get_or_insert_default().insert(key, value)
    }

    /// Removes a field (allocating nothing when there are none).
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.0.as_mut()?.remove(key)
    }

    /// The fields as a plain JSON map.
    pub fn into_map(self) -> Map<String, Value> {
        self.0.map(|m| *m).unwrap_or_default()
    }
}

impl Deref for OtherFields {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
        match &self.0 {
            Some(map) => map,
            None => EMPTY.get_or_init(Map::new),
        }
    }
}

impl DerefMut for OtherFields {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        self.0.get_or_insert_default()
    }
}

impl From<Map<String, Value>> for OtherFields {
    fn from(map: Map<String, Value>) -> Self {
        OtherFields((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl PartialEq for OtherFields {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
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
