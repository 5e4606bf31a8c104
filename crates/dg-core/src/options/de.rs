//! Lenient serde readers for option values handed over by bindings (a Python kwargs dict, a
//! Node object, JSON): a list may be one string, and `extra_query` a map or a list of pairs.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// A list, a single value (`redact="pci"` = `["pci"]`), or null (= empty).
pub(crate) fn one_or_many<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OneOrMany<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a list of strings")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|one| vec![one])
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|one| vec![one])
        }

        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
    }

    d.deserialize_any(OneOrMany(PhantomData))
}

/// `extra_query`: `{"k": "v", ...}` or `[["k", "v"], ...]`; values may be strings, numbers or
/// booleans (written as the API expects them), and null means no pairs.
pub(super) fn query_pairs<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct Pairs;

    impl<'de> Visitor<'de> for Pairs {
        type Value = Vec<(String, String)>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map of query parameters or a list of [key, value] pairs")
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((key, QueryValue(value))) = map.next_entry::<String, QueryValue>()? {
                out.push((key, value));
            }
            Ok(out)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((key, QueryValue(value))) = seq.next_element::<(String, QueryValue)>()? {
                out.push((key, value));
            }
            Ok(out)
        }
    }

    d.deserialize_any(Pairs)
}

/// A query value: a string, or a number or boolean written the way a query string has it.
struct QueryValue(String);

impl<'de> Deserialize<'de> for QueryValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Scalar;

        impl Visitor<'_> for Scalar {
            type Value = QueryValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<QueryValue, E> {
                Ok(QueryValue(v.to_owned()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<QueryValue, E> {
                Ok(QueryValue(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<QueryValue, E> {
                Ok(QueryValue(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<QueryValue, E> {
                Ok(QueryValue(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<QueryValue, E> {
                Ok(QueryValue(v.to_string()))
            }
        }

        d.deserialize_any(Scalar)
    }
}
