//! A machine-readable description of the answer models, made by `lossless_struct!` from the
//! structs themselves (each model's `SCHEMA`), and [`MODELS`], the registry of them all.
//! `dg-gen` writes it to `tests/schema/models.json`, from which the bindings' answer types
//! (Node's `.d.ts`, the FFI records) are generated and Python's views are checked.
//!
//! Types are schema strings: `string`, `number`, `integer`, `boolean`, `any`, `secret` (a
//! [`Secret`](crate::Secret)), a model's name, `T[]`, `map<string, T>`. A field is
//! `optional` when the JSON may lack it (an `Option`, a list or map left out when empty);
//! a `[sent]` field (always sent by the API, a plain type in Rust) is not.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::*;

/// One model: its name (the Rust type's), doc and fields, in declaration order.
#[derive(Debug, Clone, Copy)]
pub struct ModelSchema {
    /// The Rust type's name.
    pub name: &'static str,
    /// The doc comment, one entry per line.
    pub doc: &'static [&'static str],
    /// The modelled fields (unknown ones are kept in each struct's `other`).
    pub fields: &'static [FieldSchema],
}

/// One field of a model.
#[derive(Debug, Clone, Copy)]
pub struct FieldSchema {
    /// The Rust field's name.
    pub name: &'static str,
    /// The JSON field's name.
    pub json: &'static str,
    /// The schema type (see the module doc).
    pub ty: fn() -> String,
    /// The Rust type as written (`Option<Box<str>>`), for generators that write Rust.
    pub rust: &'static str,
    /// Whether the JSON may lack the field.
    pub optional: bool,
    /// The doc comment, one entry per line.
    pub doc: &'static [&'static str],
}

/// A Rust type's schema type.
pub trait SchemaType {
    /// The schema string (see the module doc).
    fn schema_type() -> String;
    /// Whether a field of this type may be absent from the JSON (unless marked otherwise).
    const ABSENT_OK: bool = false;
}

macro_rules! scalar {
    ($($t:ty => $s:literal),* $(,)?) => {
        $( impl SchemaType for $t { fn schema_type() -> String { $s.to_owned() } } )*
    };
}
scalar!(String => "string", Box<str> => "string", f64 => "number", u32 => "integer",
        u64 => "integer", bool => "boolean", Value => "any", crate::Secret => "secret");

impl<T: SchemaType> SchemaType for Option<T> {
    fn schema_type() -> String {
        T::schema_type()
    }
    const ABSENT_OK: bool = true;
}

impl<T: SchemaType> SchemaType for Vec<T> {
    fn schema_type() -> String {
        format!("{}[]", T::schema_type())
    }
    const ABSENT_OK: bool = true;
}

impl<T: SchemaType> SchemaType for BTreeMap<String, T> {
    fn schema_type() -> String {
        format!("map<string, {}>", T::schema_type())
    }
    const ABSENT_OK: bool = true;
}

impl SchemaType for Map<String, Value> {
    fn schema_type() -> String {
        "map<string, any>".to_owned()
    }
    const ABSENT_OK: bool = true;
}

impl SchemaType for KeyWithMember {
    fn schema_type() -> String {
        "KeyWithMember".to_owned()
    }
}

impl KeyWithMember {
    /// This model's description (the struct is hand-written: it reads two shapes).
    pub const SCHEMA: ModelSchema = ModelSchema {
        name: "KeyWithMember",
        doc: &[" A key and the member who created it."],
        fields: &[
            FieldSchema {
                name: "member",
                json: "member",
                ty: <Member as SchemaType>::schema_type,
                rust: "Member",
                optional: false,
                doc: &[" The member."],
            },
            FieldSchema {
                name: "api_key",
                json: "api_key",
                ty: <ApiKeyInfo as SchemaType>::schema_type,
                rust: "ApiKeyInfo",
                optional: false,
                doc: &[" The key."],
            },
        ],
    };
}

/// Every public answer model, outer ones first.
pub const MODELS: &[&ModelSchema] = &[
    &ListenResponse::SCHEMA,
    &ListenMetadata::SCHEMA,
    &ModelInfo::SCHEMA,
    &TokenUsage::SCHEMA,
    &Warning::SCHEMA,
    &ListenResults::SCHEMA,
    &Channel::SCHEMA,
    &Alternative::SCHEMA,
    &Word::SCHEMA,
    &Paragraphs::SCHEMA,
    &Paragraph::SCHEMA,
    &Sentence::SCHEMA,
    &Entity::SCHEMA,
    &SegmentSummary::SCHEMA,
    &SegmentTopics::SCHEMA,
    &Search::SCHEMA,
    &SearchHit::SCHEMA,
    &Utterance::SCHEMA,
    &Summary::SCHEMA,
    &Topics::SCHEMA,
    &TopicSegment::SCHEMA,
    &Topic::SCHEMA,
    &Intents::SCHEMA,
    &IntentSegment::SCHEMA,
    &Intent::SCHEMA,
    &Sentiments::SCHEMA,
    &SentimentSegment::SCHEMA,
    &SentimentAverage::SCHEMA,
    &StreamingResult::SCHEMA,
    &StreamingMetadata::SCHEMA,
    &UtteranceEnd::SCHEMA,
    &SpeechStarted::SCHEMA,
    &StreamError::SCHEMA,
    &FluxConnected::SCHEMA,
    &TurnInfo::SCHEMA,
    &FluxWord::SCHEMA,
    &ConfigureSuccess::SCHEMA,
    &FluxThresholds::SCHEMA,
    &ConfigureFailure::SCHEMA,
    &Project::SCHEMA,
    &ProjectList::SCHEMA,
    &Member::SCHEMA,
    &ApiKeyInfo::SCHEMA,
    &KeyWithMember::SCHEMA,
    &KeyList::SCHEMA,
    &CreatedKey::SCHEMA,
    &DeleteKeyResponse::SCHEMA,
    &GrantedToken::SCHEMA,
    &ProjectDetails::SCHEMA,
    &ApiMessage::SCHEMA,
    &MemberList::SCHEMA,
    &ProjectMember::SCHEMA,
    &MemberScopes::SCHEMA,
    &InviteList::SCHEMA,
    &Invite::SCHEMA,
    &BalanceList::SCHEMA,
    &Balance::SCHEMA,
    &ModelCatalog::SCHEMA,
    &CatalogModel::SCHEMA,
    &RequestPage::SCHEMA,
    &RequestAnswer::SCHEMA,
    &ProjectRequest::SCHEMA,
    &UsageSummary::SCHEMA,
    &Resolution::SCHEMA,
    &UsageFields::SCHEMA,
    &UsageModel::SCHEMA,
    &UsageBreakdown::SCHEMA,
    &UsageRow::SCHEMA,
    &UsageGroup::SCHEMA,
];

fn doc_text(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

impl ModelSchema {
    /// The model as JSON: `{"name", "doc", "fields": [{"name", "json", "type", "optional",
    /// "doc"}]}`.
    pub fn to_json(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                json!({
                    "name": f.name,
                    "json": f.json,
                    "type": (f.ty)(),
                    "optional": f.optional,
                    "doc": doc_text(f.doc),
                })
            })
            .collect();
        json!({"name": self.name, "doc": doc_text(self.doc), "fields": fields})
    }
}

/// Every model as JSON: `{"models": [...]}` (the content of `tests/schema/models.json`).
pub fn to_json() -> Value {
    json!({"models": MODELS.iter().map(|m| m.to_json()).collect::<Vec<_>>()})
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every model a field refers to is in the registry, once.
    #[test]
    fn the_registry_is_closed() {
        let names: BTreeSet<&str> = MODELS.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), MODELS.len(), "a model is listed twice");
        let scalars = ["string", "number", "integer", "boolean", "any", "secret"];
        for model in MODELS {
            for field in model.fields {
                let ty = (field.ty)();
                let inner = ty
                    .trim_start_matches("map<string, ")
                    .trim_end_matches('>')
                    .trim_end_matches("[]");
                assert!(
                    scalars.contains(&inner) || names.contains(inner),
                    "{}.{}: {ty} is not in MODELS",
                    model.name,
                    field.name
                );
            }
        }
    }

    #[test]
    fn fields_are_described() {
        let word = Word::SCHEMA.to_json();
        assert_eq!(
            word["fields"][0],
            json!({"name": "word", "json": "word", "type": "string",
            "optional": false, "doc": "The word as recognized (lower case, no punctuation)."})
        );
        let meta = ListenMetadata::SCHEMA.to_json();
        let model_info = &meta["fields"].as_array().unwrap()[7];
        assert_eq!(model_info["type"], "map<string, ModelInfo>");
        assert_eq!(model_info["optional"], true);
        let alt = Alternative::SCHEMA.to_json();
        assert_eq!(alt["fields"][2]["type"], "Word[]");
        assert_eq!(alt["fields"][2]["optional"], false);
        assert_eq!(Warning::SCHEMA.fields[1].json, "type");
        for model in MODELS {
            assert!(!model.doc.is_empty(), "{} has no doc", model.name);
            for field in model.fields {
                assert!(
                    !field.doc.is_empty(),
                    "{}.{} has no doc",
                    model.name,
                    field.name
                );
            }
        }
    }
}
