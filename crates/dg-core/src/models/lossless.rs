//! `lossless_struct!`: response structs that keep every field they do not know.
//!
//! Deepgram adds fields between model versions, and a strict struct that rejects them breaks
//! clients. Each struct made here reads its known fields into typed fields and every other
//! field into `other` ([`OtherFields`](super::OtherFields), unallocated while empty), and
//! writes both back, so parsing and re-serializing gives the same JSON.
//!
//! The `Deserialize` is a hand-written visitor rather than `#[serde(flatten)]`: flatten
//! buffers every field of every object through serde's private `Content` type, too slow for
//! the hundreds of thousands of words of a long transcript.
//!
//! Field rules: a missing field takes its type's default (`None`, empty, `0`) unless marked
//! `[required]`; on output, `None` and empty lists or maps are left out, unless marked
//! `[always]` (lists that real responses carry even when empty, and nested structs). `as
//! "name"` gives the JSON name of a field whose name is a Rust keyword.

/// Whether a field is left out when written: absent options and empty collections.
pub(crate) trait Omit {
    fn omit(&self) -> bool;
}

impl<T> Omit for Option<T> {
    fn omit(&self) -> bool {
        self.is_none()
    }
}

impl<T> Omit for Vec<T> {
    fn omit(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> Omit for std::collections::BTreeMap<K, V> {
    fn omit(&self) -> bool {
        self.is_empty()
    }
}

impl Omit for serde_json::Map<String, serde_json::Value> {
    fn omit(&self) -> bool {
        self.is_empty()
    }
}

macro_rules! always_written {
    ($($t:ty),*) => { $( impl Omit for $t { fn omit(&self) -> bool { false } } )* };
}
always_written!(String, f64, u32, u64);

macro_rules! lossless_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty $(as $json:literal)? $([$flag:ident])?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Fields this version of dg does not model, kept as they came and written back.
            pub other: $crate::models::OtherFields,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Key {
                    $( $field, )*
                    Other(String),
                }

                struct KeyVisitor;

                impl serde::de::Visitor<'_> for KeyVisitor {
                    type Value = Key;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a field name")
                    }

                    #[inline]
                    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                        Ok(match key {
                            $( lossless_struct!(@json $field $($json)?) => Key::$field, )*
                            _ => Key::Other(key.to_owned()),
                        })
                    }
                }

                impl<'de> serde::Deserialize<'de> for Key {
                    #[inline]
                    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        d.deserialize_identifier(KeyVisitor)
                    }
                }

                struct Visitor;

                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        $( let mut $field = lossless_struct!(@init $ty, $($flag)?); )*
                        let mut other = $crate::models::OtherFields::default();
                        // No binding of type `Key`: it could clash with a variant (a field name).
                        loop {
                            match map.next_key::<Key>()? {
                                $( Some(Key::$field) => {
                                    $field = lossless_struct!(@read map, $($flag)?);
                                } )*
                                Some(Key::Other(name)) => {
                                    let value = map.next_value()?;
                                    other.insert(name, value);
                                }
                                None => break,
                            }
                        }
                        Ok($name {
                            $( $field: lossless_struct!(@take $field, $($json)?, $($flag)?), )*
                            other,
                        })
                    }
                }

                d.deserialize_map(Visitor)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(None)?;
                $(
                    if !lossless_struct!(@omit self.$field, $($flag)?) {
                        map.serialize_entry(lossless_struct!(@json $field $($json)?), &self.$field)?;
                    }
                )*
                for (name, value) in self.other.iter() {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    };

    (@json $field:ident) => { stringify!($field) };
    (@json $field:ident $json:literal) => { $json };

    // Only a required field needs to remember whether it was seen; the others start at
    // their default and are overwritten when present.
    (@init $ty:ty, required) => { None::<$ty> };
    (@init $ty:ty, $($flag:ident)?) => { <$ty>::default() };

    (@read $map:ident, required) => { Some($map.next_value()?) };
    (@read $map:ident, $($flag:ident)?) => { $map.next_value()? };

    (@take $field:ident, $($json:literal)?, required) => {
        $field.ok_or_else(|| {
            <A::Error as serde::de::Error>::missing_field(lossless_struct!(@json $field $($json)?))
        })?
    };
    (@take $field:ident, $($json:literal)?, $($flag:ident)?) => { $field };

    (@omit $value:expr, always) => { false };
    (@omit $value:expr, required) => { false };
    (@omit $value:expr, ) => { $crate::models::lossless::Omit::omit(&$value) };
}

pub(crate) use lossless_struct;
