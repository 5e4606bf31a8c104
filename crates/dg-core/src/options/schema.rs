//! The machine-readable description of the options: what generators read to write each
//! language's option types, the CLI's help and the fuzz dictionary, and what every front end
//! uses to spell an option its own way.

use serde::Serialize;

/// The type of one option's value (of each entry, for a list option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OptionKind {
    /// `true` or `false`.
    Boolean,
    /// A whole number (at least 0).
    Integer,
    /// A number, possibly fractional.
    Number,
    /// Text; [`OptionSpec::known_values`] lists the documented values of a closed set that
    /// stays open to others.
    String,
    /// `detect_language`: `true`/`false`, or one or more languages.
    DetectLanguage,
    /// `extra_query`: `[name, value]` pairs sent as they are.
    QueryPair,
}

/// One option, as declared in [`super::ListenOptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptionSpec {
    /// The option's name (snake_case; also its query key, but for `extra_query`).
    pub name: &'static str,
    /// Its value's type.
    pub kind: OptionKind,
    /// Whether it is a list, sent as repeated keys (a single value is a one-entry list).
    pub list: bool,
    /// The documented values, for options with a known set.
    pub known_values: &'static [&'static str],
    /// What it does (the field's doc comment).
    pub doc: &'static str,
    /// Whether only live streaming takes it (a transcription refuses it).
    pub live_only: bool,
}

impl OptionSpec {
    /// The option's doc on one line, without the leading "`name`: ".
    pub fn summary(&self) -> String {
        let line = self.doc.split_whitespace().collect::<Vec<_>>().join(" ");
        let prefix = format!("`{}`: ", self.name);
        line.strip_prefix(&prefix)
            .map(str::to_owned)
            .unwrap_or(line)
    }
}

/// The option named `name`, if any.
pub fn find(name: &str) -> Option<&'static OptionSpec> {
    super::LISTEN_OPTIONS.iter().find(|o| o.name == name)
}

/// The options as JSON: `{"listen": [{"name", "kind", "list", "known_values", "doc",
/// "live_only"}, ...], "flux": [...]}`, each set in query order.
pub fn to_json() -> String {
    let set = |specs: &[OptionSpec]| -> Vec<serde_json::Value> {
        specs
            .iter()
            .map(|o| {
                serde_json::json!({
                    "name": o.name,
                    "kind": o.kind,
                    "list": o.list,
                    "known_values": o.known_values,
                    "doc": o.summary(),
                    "live_only": o.live_only,
                })
            })
            .collect()
    };
    let json = serde_json::json!({
        "listen": set(super::LISTEN_OPTIONS),
        "flux": set(super::FLUX_OPTIONS),
    });
    let mut text = serde_json::to_string_pretty(&json).expect("the schema is plain JSON");
    text.push('\n');
    text
}

/// How a language spells names: the option names and every settings name are declared in
/// snake_case and shown to each language in its own case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Spelling {
    /// `smart_format` (Rust, Python, the CLI's `-o`).
    Snake,
    /// `smartFormat` (JavaScript, Kotlin, Swift).
    Camel,
}

impl Spelling {
    /// Whether `key` is `name` (snake_case) spelled this way.
    pub fn matches(self, name: &str, key: &str) -> bool {
        match self {
            Spelling::Snake => name == key,
            Spelling::Camel => self.spell(name) == key,
        }
    }

    /// `name` (snake_case) in this spelling.
    pub fn spell(self, name: &str) -> String {
        match self {
            Spelling::Snake => name.to_owned(),
            Spelling::Camel => {
                let mut out = String::with_capacity(name.len());
                let mut upper = false;
                for c in name.chars() {
                    match c {
                        '_' => upper = true,
                        c if upper => {
                            out.extend(c.to_uppercase());
                            upper = false;
                        }
                        c => out.push(c),
                    }
                }
                out
            }
        }
    }

    /// `text` with every backticked snake_case name (`` `smart_format` ``, `` `timeout_ms` ``,
    /// `` `expiration_date` ``) spelled this way: how a binding shows a core message in its own
    /// names. The core's messages put names, and only names, in backticks (values are quoted).
    pub fn spell_message(self, text: &str) -> String {
        if self == Spelling::Snake || !text.contains('`') {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        for (i, part) in text.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            // Odd parts are between backticks.
            if i % 2 == 1 && is_snake_name(part) {
                out.push_str(&self.spell(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }
}

fn is_snake_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What a set of spelled fields is, for messages and for the error it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Listen options: [`crate::Error::InvalidOptions`].
    Options,
    /// Client settings: [`crate::Error::Config`].
    Settings,
    /// Any other request object (a key request, a list filter): [`crate::Error::InvalidOptions`].
    Request,
}

impl Fields {
    fn noun(self) -> &'static str {
        match self {
            Fields::Options => "option",
            Fields::Settings => "setting",
            Fields::Request => "field",
        }
    }

    /// The error for a problem with these fields: [`crate::Error::Config`] for settings,
    /// else [`crate::Error::InvalidOptions`], naming the field at fault when there is one.
    pub fn error(self, name: Option<&str>, message: String) -> crate::Error {
        match (self, name) {
            (Fields::Settings, _) => crate::Error::config(name, message),
            (_, Some(name)) => crate::Error::invalid_option(name, message),
            (_, None) => crate::Error::invalid(message),
        }
    }
}

/// Reads `T` from JSON-like data (a Python kwargs dict, a JS object) whose keys are `names`
/// (`T`'s snake_case fields) spelled as `spelling` says; `null` means unset. An unknown key is
/// refused keeping the name as written and suggesting the nearest one in the caller's
/// spelling; a value of the wrong type names its field. Every binding reads its request
/// objects through this one function.
pub fn read_spelled<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    names: &[&str],
    spelling: Spelling,
    fields: Fields,
) -> crate::Result<T> {
    let noun = fields.noun();
    let serde_json::Value::Object(given) = value else {
        return Err(fields.error(None, format!("the {noun}s must be an object or a map")));
    };
    let mut converted = serde_json::Map::new();
    for (key, value) in given {
        let Some(name) = names.iter().find(|n| spelling.matches(n, &key)) else {
            return Err(unknown_name(&key, names, spelling, fields));
        };
        if !value.is_null() {
            converted.insert((*name).to_owned(), value);
        }
    }
    let converted = serde_json::Value::Object(converted);
    read_fields(|| &converted, names, fields)
}

/// Reads `T` from any serde data whose keys are `T`'s fields (`names`, snake_case), with the
/// core's wording for a value of the wrong type: the error names the field. `data` makes the
/// data afresh: it is read once, and only when that fails a second time with each field's
/// path tracked (which costs more than the read itself). [`read_spelled`] ends here; a binding
/// with a faster way to walk its own values (dg-py, straight from the Python arguments) calls
/// it directly, so the errors read the same.
pub fn read_fields<'de, T, D>(
    data: impl Fn() -> D,
    names: &[&str],
    fields: Fields,
) -> crate::Result<T>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    if let Ok(value) = T::deserialize(data()) {
        return Ok(value);
    }
    serde_path_to_error::deserialize(data()).map_err(|e| {
        // serde names fields in backticks, which `spell_message` respells for the caller.
        let inner = e.inner().to_string();
        match e.path().iter().next().map(|s| s.to_string()) {
            Some(name) if names.contains(&name.as_str()) => {
                fields.error(Some(&name), format!("`{name}`: {inner}"))
            }
            _ => fields.error(None, inner),
        }
    })
}

/// The error for `key`, which is none of `names` (spelled as `spelling` says): the key is kept
/// as written, and the nearest name, or else all of them, given in the caller's spelling.
pub fn unknown_name(key: &str, names: &[&str], spelling: Spelling, fields: Fields) -> crate::Error {
    let noun = fields.noun();
    let spelled: Vec<String> = names.iter().map(|n| spelling.spell(n)).collect();
    let hint = match suggest(key, spelled.iter().map(String::as_str)) {
        Some(near) => format!("did you mean '{near}'?"),
        None => format!("the {noun}s are: {}", spelled.join(", ")),
    };
    fields.error(Some(key), format!("unknown {noun} '{key}'; {hint}"))
}

/// The declared name closest to `name` (at most two edits away), for "did you mean".
pub fn suggest<'a>(name: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    names
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance (insertions, deletions and substitutions), on chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_spelling() {
        assert_eq!(Spelling::Camel.spell("smart_format"), "smartFormat");
        assert_eq!(Spelling::Camel.spell("model"), "model");
        assert_eq!(Spelling::Camel.spell("timeout_ms"), "timeoutMs");
        assert_eq!(Spelling::Snake.spell("smart_format"), "smart_format");
    }

    #[test]
    fn messages_respell_backticked_names_only() {
        let text = "`callback_method` \"PUT\" needs `callback`; \"keep_this\" `find:repl` \
                    `expiration_date`";
        assert_eq!(
            Spelling::Camel.spell_message(text),
            "`callbackMethod` \"PUT\" needs `callback`; \"keep_this\" `find:repl` `expirationDate`"
        );
        assert_eq!(
            Spelling::Camel.spell_message("`timeout_ms` must be greater than zero"),
            "`timeoutMs` must be greater than zero"
        );
    }

    #[test]
    fn edit_distance_counts_single_char_edits() {
        assert_eq!(edit_distance("diarize", "diarize"), 0);
        assert_eq!(edit_distance("diarise", "diarize"), 1);
        assert_eq!(edit_distance("keyterms", "keyterm"), 1);
        assert_eq!(edit_distance("", "tag"), 3);
        assert_eq!(edit_distance("utt_spilt", "utt_split"), 2);
        assert_eq!(
            suggest("smart_formatt", ["model", "smart_format"]),
            Some("smart_format")
        );
        assert_eq!(suggest("colour", ["model", "smart_format"]), None);
    }

    #[test]
    fn the_schema_describes_every_option_in_order() {
        let names: Vec<&str> = super::super::LISTEN_OPTIONS
            .iter()
            .map(|o| o.name)
            .collect();
        assert_eq!(names, super::super::OPTION_NAMES);
        let model = find("model").unwrap();
        assert_eq!((model.kind, model.list), (OptionKind::String, false));
        assert!(model.known_values.contains(&"nova-3"));
        let redact = find("redact").unwrap();
        assert_eq!((redact.kind, redact.list), (OptionKind::String, true));
        assert_eq!(redact.known_values, ["pci", "pii", "numbers"]);
        assert_eq!(find("utt_split").unwrap().kind, OptionKind::Number);
        assert_eq!(find("sample_rate").unwrap().kind, OptionKind::Integer);
        assert_eq!(find("extra_query").unwrap().kind, OptionKind::QueryPair);
        assert!(
            find("smart_format")
                .unwrap()
                .summary()
                .contains("readability")
        );
        let json: serde_json::Value = serde_json::from_str(&to_json()).unwrap();
        assert_eq!(json["listen"][0]["name"], "model");
        assert_eq!(json["listen"].as_array().unwrap().len(), names.len());
    }
}
