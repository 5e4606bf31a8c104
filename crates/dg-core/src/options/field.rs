//! What each option's type knows about itself: how it reads from serde and from text, how it is
//! written into the query, when it is blank, and how the schema describes it. The
//! `option_set!` declarations in [`super`] only names each option and its type; everything
//! per option is derived from these two traits.

use std::borrow::Cow;

use serde::Deserializer;

use super::schema::OptionKind;
use super::values::{
    CallbackMethod, CustomMode, DetectLanguage, DiarizeModel, Encoding, FluxEncoding, FluxModel,
    FluxRedact, Model, Redact, Summarize,
};
use crate::error::Error;

/// The query pairs being built: keys are `'static` except those of `extra_query`.
pub(crate) type Query = Vec<(Cow<'static, str>, String)>;

/// One value an option takes (the item of a list option).
pub(crate) trait OptionValue: Sized {
    /// What the schema calls this value.
    const KIND: OptionKind;

    /// The documented values, for a closed set open to others.
    const KNOWN: &'static [&'static str] = &[];

    /// Reads the value from its text form (the CLI's `-o name=value`).
    fn from_text(option: &str, raw: &str) -> Result<Self, Error>;

    /// Appends the value to the query under `key`.
    fn write(&self, key: &'static str, query: &mut Query);

    /// `true` for a value that would be sent as `key=` (nothing).
    fn is_blank(&self) -> bool {
        false
    }

    /// Reads a list of these from serde: a list, one value, or null.
    fn deserialize_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Self>, D::Error>
    where
        Self: serde::Deserialize<'de>,
    {
        super::de::one_or_many(d)
    }

    /// Merges a text value into an option that may already hold one. A scalar given twice is
    /// refused: repeating a key is how a list is written.
    fn merge_text(slot: &mut Option<Self>, option: &str, raw: &str) -> Result<(), Error> {
        if slot.is_some() {
            return Err(Error::invalid_option(
                option,
                format!(
                    "`{option}` was given more than once (repeat a key only for a list option)"
                ),
            ));
        }
        *slot = Some(Self::from_text(option, raw)?);
        Ok(())
    }
}

/// The shape of a field of `ListenOptions`: `Option<T>` for one value, `Vec<T>` for a list.
pub(crate) trait OptionField: Sized {
    /// The value type's kind.
    const KIND: OptionKind;
    /// Whether the option is a list (sent as repeated keys).
    const LIST: bool;

    /// The value type's documented values.
    const KNOWN: &'static [&'static str];

    /// Reads the field from serde.
    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// Takes one text value for this field.
    fn accept_text(&mut self, option: &str, raw: &str) -> Result<(), Error>;

    /// Appends the field to the query.
    fn write(&self, key: &'static str, query: &mut Query);

    /// Refuses a value or list entry that would be sent empty.
    fn check_blank(&self, option: &str) -> Result<(), Error>;
}

impl<T: OptionValue + for<'de> serde::Deserialize<'de>> OptionField for Option<T> {
    const KIND: OptionKind = T::KIND;
    const LIST: bool = false;
    const KNOWN: &'static [&'static str] = T::KNOWN;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn accept_text(&mut self, option: &str, raw: &str) -> Result<(), Error> {
        T::merge_text(self, option, raw)
    }

    fn write(&self, key: &'static str, query: &mut Query) {
        if let Some(value) = self {
            value.write(key, query);
        }
    }

    fn check_blank(&self, option: &str) -> Result<(), Error> {
        match self {
            Some(v) if v.is_blank() => Err(Error::invalid_option(
                option,
                format!("`{option}` is empty"),
            )),
            _ => Ok(()),
        }
    }
}

impl<T: OptionValue + for<'de> serde::Deserialize<'de>> OptionField for Vec<T> {
    const KIND: OptionKind = T::KIND;
    const LIST: bool = true;
    const KNOWN: &'static [&'static str] = T::KNOWN;

    fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_list(d)
    }

    fn accept_text(&mut self, option: &str, raw: &str) -> Result<(), Error> {
        self.push(T::from_text(option, raw)?);
        Ok(())
    }

    fn write(&self, key: &'static str, query: &mut Query) {
        for value in self {
            value.write(key, query);
        }
    }

    fn check_blank(&self, option: &str) -> Result<(), Error> {
        match self.iter().position(OptionValue::is_blank) {
            Some(i) => Err(Error::invalid_option(
                option,
                format!("`{option}` entry {i} is empty"),
            )),
            None => Ok(()),
        }
    }
}

/// Serde for one field, whatever its shape (every field of `ListenOptions` uses it).
pub(crate) fn deserialize<'de, D: Deserializer<'de>, F: OptionField>(d: D) -> Result<F, D::Error> {
    F::deserialize(d)
}

fn push(key: &'static str, value: String, query: &mut Query) {
    query.push((Cow::Borrowed(key), value));
}

impl OptionValue for bool {
    const KIND: OptionKind = OptionKind::Boolean;

    fn from_text(option: &str, raw: &str) -> Result<Self, Error> {
        match raw {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Error::invalid_option(
                option,
                format!("`{option}` is true or false, not {raw:?}"),
            )),
        }
    }

    fn write(&self, key: &'static str, query: &mut Query) {
        push(key, self.to_string(), query);
    }
}

/// The numbers: read from text by `parse`, written as Rust prints them.
macro_rules! number_values {
    ($($ty:ty => $kind:ident, $what:literal;)*) => {$(
        impl OptionValue for $ty {
            const KIND: OptionKind = OptionKind::$kind;

            fn from_text(option: &str, raw: &str) -> Result<Self, Error> {
                raw.trim().parse().map_err(|_| {
                    Error::invalid_option(option, format!(concat!("`{}` is ", $what, ", not {:?}"), option, raw))
                })
            }

            fn write(&self, key: &'static str, query: &mut Query) {
                push(key, self.to_string(), query);
            }
        }
    )*};
}

number_values! {
    u32 => Integer, "a whole number";
    f64 => Number, "a number";
}

impl OptionValue for String {
    const KIND: OptionKind = OptionKind::String;

    fn from_text(_option: &str, raw: &str) -> Result<Self, Error> {
        Ok(raw.to_owned())
    }

    fn write(&self, key: &'static str, query: &mut Query) {
        push(key, self.clone(), query);
    }

    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
}

/// The string enums: any text is a value (unknown ones are `Custom`).
macro_rules! open_string_values {
    ($($ty:ty),*) => {$(
        impl OptionValue for $ty {
            const KIND: OptionKind = OptionKind::String;
            const KNOWN: &'static [&'static str] = <$ty>::KNOWN;

            fn from_text(_option: &str, raw: &str) -> Result<Self, Error> {
                Ok(<$ty>::from(raw))
            }

            fn write(&self, key: &'static str, query: &mut Query) {
                push(key, self.as_str().to_owned(), query);
            }

            fn is_blank(&self) -> bool {
                self.as_str().trim().is_empty()
            }
        }
    )*};
}

open_string_values!(
    Model,
    DiarizeModel,
    CustomMode,
    Summarize,
    Redact,
    CallbackMethod,
    Encoding,
    FluxModel,
    FluxEncoding,
    FluxRedact
);

impl OptionValue for DetectLanguage {
    const KIND: OptionKind = OptionKind::DetectLanguage;

    fn from_text(option: &str, raw: &str) -> Result<Self, Error> {
        Ok(match raw {
            "true" | "false" => DetectLanguage::Enabled(bool::from_text(option, raw)?),
            language => DetectLanguage::Languages(vec![language.to_owned()]),
        })
    }

    /// `true`/`false`, or one repeated key per language.
    fn write(&self, key: &'static str, query: &mut Query) {
        match self {
            DetectLanguage::Enabled(on) => push(key, on.to_string(), query),
            DetectLanguage::Languages(languages) => {
                for language in languages {
                    push(key, language.clone(), query);
                }
            }
        }
    }

    /// Languages add up (`-o detect_language=en -o detect_language=es`); on/off is one value.
    fn merge_text(slot: &mut Option<Self>, option: &str, raw: &str) -> Result<(), Error> {
        match (slot.as_mut(), Self::from_text(option, raw)?) {
            (None, value) => *slot = Some(value),
            (Some(DetectLanguage::Languages(have)), DetectLanguage::Languages(more)) => {
                have.extend(more)
            }
            _ => {
                return Err(Error::invalid_option(
                    option,
                    format!("`{option}` is either true/false or a list of languages, not both"),
                ));
            }
        }
        Ok(())
    }
}

/// An `extra_query` pair: a query parameter dg has no option for.
impl OptionValue for (String, String) {
    const KIND: OptionKind = OptionKind::QueryPair;

    /// `NAME=VALUE` (the value may itself hold `=`).
    fn from_text(option: &str, raw: &str) -> Result<Self, Error> {
        match raw.split_once('=') {
            Some((name, value)) => Ok((name.to_owned(), value.to_owned())),
            None => Err(Error::invalid_option(
                option,
                format!("`{option}` takes NAME=VALUE (e.g. {option}=new_option=true), got {raw:?}"),
            )),
        }
    }

    /// Sent under its own name, not the option's.
    fn write(&self, _key: &'static str, query: &mut Query) {
        query.push((Cow::Owned(self.0.clone()), self.1.clone()));
    }

    /// A map or a list of pairs, not a single string.
    fn deserialize_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Self>, D::Error> {
        super::de::query_pairs(d)
    }
}
