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
//! Field rules: a field written back is the field that came in, and one that was absent stays
//! absent (never an invented default). A scalar the API may leave out is an `Option`. A scalar
//! the API always sends (a word's `start`, an alternative's `transcript`) may be a plain type
//! marked `[sent]`: a missing one reads as the type's default, but the struct remembers it
//! was absent (a bit out of line in `other`) and does not write it back. `[required]`: a
//! missing field fails the parse (a created key's secret). Lists and maps: absent reads as
//! empty, and empty ones are left out on output unless marked `[always]` (lists that real
//! responses carry even when empty, and nested structs). `as "name"` gives the JSON name of a
//! field whose name is a Rust keyword.
//!
//! Each struct also describes itself ([`ModelSchema`](super::schema::ModelSchema), its
//! `SCHEMA` constant): the JSON names, schema types, optionality and docs of its fields, from
//! which `dg-gen` writes `tests/schema/models.json` for the bindings' generated types.

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

// No `Omit` for plain scalars (`String`, `f64`, ...): such a field cannot tell absent from a
// default value, so it must be an `Option`, or be marked `[sent]` or `[required]`.

macro_rules! lossless_struct {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $vis:vis struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])*
                pub $field:ident : $ty:ty $(as $json:literal)? $([$flag:ident])?
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive),*)]
        $vis struct $name {
            $( $(#[doc = $fdoc])* pub $field: $ty, )*
            /// Fields this version of dg does not model, kept as they came and written back.
            pub other: $crate::models::OtherFields,
        }

        #[allow(dead_code)] // for the private shapes of `KeyWithMember`
        impl $name {
            /// This model's description: its fields' JSON names, types and docs.
            pub const SCHEMA: $crate::models::schema::ModelSchema =
                $crate::models::schema::ModelSchema {
                    name: stringify!($name),
                    doc: &[$($doc),*],
                    fields: &[$(
                        $crate::models::schema::FieldSchema {
                            name: stringify!($field),
                            json: lossless_struct!(@json $field $($json)?),
                            ty: <$ty as $crate::models::schema::SchemaType>::schema_type,
                            rust: stringify!($ty),
                            optional: lossless_struct!(@optional $ty, $($flag)?),
                            doc: &[$($fdoc),*],
                        },
                    )*],
                };

            /// Whether the field of this JSON name is written back: false for a field that
            /// was absent (`None`, an empty list, an always-sent field missing from the
            /// answer), and for a name the model does not have (see `other`).
            #[allow(unused_variables)]
            pub fn has(&self, json_name: &str) -> bool {
                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                #[derive(Clone, Copy)]
                enum Bit { $( $field, )* }
                match json_name {
                    $( lossless_struct!(@json $field $($json)?) =>
                        !lossless_struct!(@omit self, $field, Bit::$field, $($flag)?), )*
                    _ => false,
                }
            }
        }

        impl $crate::models::schema::SchemaType for $name {
            fn schema_type() -> String {
                stringify!($name).to_owned()
            }
            const ABSENT_OK: bool = true;
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Key {
                    $( $field, )*
                    Other(String),
                }

                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                #[derive(Clone, Copy)]
                enum Bit { $( $field, )* }

                /// The always-sent fields, as bits.
                const SENT: u64 = 0 $( | lossless_struct!(@sent_bit Bit::$field, $($flag)?) )*;

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
                        // The always-sent fields not seen yet.
                        #[allow(unused_mut)]
                        let mut missing: u64 = SENT;
                        // No binding of type `Key`: it could clash with a variant (a field name).
                        loop {
                            match map.next_key::<Key>()? {
                                $( Some(Key::$field) => {
                                    $field = lossless_struct!(@read map, $($flag)?);
                                    lossless_struct!(@seen missing, Bit::$field, $($flag)?);
                                } )*
                                Some(Key::Other(name)) => {
                                    let value = map.next_value()?;
                                    other.insert(name, value);
                                }
                                None => break,
                            }
                        }
                        if missing != 0 {
                            other.set_absent_bits(missing);
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

                #[allow(non_camel_case_types, dead_code, clippy::enum_variant_names)]
                #[derive(Clone, Copy)]
                enum Bit { $( $field, )* }

                let mut map = s.serialize_map(None)?;
                $(
                    if !lossless_struct!(@omit self, $field, Bit::$field, $($flag)?) {
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

    (@sent_bit $bit:expr, sent) => { 1u64 << ($bit as u32) };
    (@sent_bit $bit:expr, $($flag:ident)?) => { 0u64 };

    (@seen $missing:ident, $bit:expr, sent) => { $missing &= !(1u64 << ($bit as u32)) };
    (@seen $missing:ident, $bit:expr, $($flag:ident)?) => { () };

    (@take $field:ident, $($json:literal)?, required) => {
        $field.ok_or_else(|| {
            <A::Error as serde::de::Error>::missing_field(lossless_struct!(@json $field $($json)?))
        })?
    };
    (@take $field:ident, $($json:literal)?, $($flag:ident)?) => { $field };

    (@optional $ty:ty, always) => { false };
    (@optional $ty:ty, required) => { false };
    (@optional $ty:ty, sent) => { false };
    (@optional $ty:ty, ) => { <$ty as $crate::models::schema::SchemaType>::ABSENT_OK };

    (@omit $self:ident, $field:ident, $bit:expr, always) => { false };
    (@omit $self:ident, $field:ident, $bit:expr, required) => { false };
    (@omit $self:ident, $field:ident, $bit:expr, sent) => {
        $self.other.absent_bits() & (1u64 << ($bit as u32)) != 0
    };
    (@omit $self:ident, $field:ident, $bit:expr, ) => {
        $crate::models::lossless::Omit::omit(&$self.$field)
    };
}

pub(crate) use lossless_struct;
