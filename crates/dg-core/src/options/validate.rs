//! The checks [`ListenOptions::validate`] runs: what Deepgram documents as invalid, caught
//! before a request (and an upload) is spent on it.

use super::{DetectLanguage, Encoding, ListenOptions, OPTION_NAMES, OptionSet};
use crate::error::Error;

/// Most `custom_topic` values the API accepts.
const MAX_CUSTOM_TOPICS: usize = 100;

pub(super) fn invalid(option: &str, message: impl Into<String>) -> Result<(), Error> {
    Err(Error::invalid_option(option, message))
}

/// Every entry must be `left:right` with both sides non-empty.
fn colon_pairs(option: &str, shape: &str, values: &[String]) -> Result<(), Error> {
    for v in values {
        match v.split_once(':') {
            Some((left, right)) if !left.trim().is_empty() && !right.trim().is_empty() => {}
            _ => {
                return invalid(
                    option,
                    format!("`{option}` entry {v:?} is not of the form `{shape}`"),
                );
            }
        }
    }
    Ok(())
}

pub(super) fn positive(option: &str, value: Option<u32>) -> Result<(), Error> {
    match value {
        Some(0) => invalid(option, format!("`{option}` must be at least 1")),
        _ => Ok(()),
    }
}

impl ListenOptions {
    /// Checks the options against what the API documents, naming the option at fault:
    ///
    /// - `keyterm` needs a nova-3 model. An unset `model` means Deepgram's default
    ///   (`base-general`, which has no keyterm support), so `keyterm` without `model` is
    ///   rejected too; a custom model name of no known family is let through.
    /// - `keywords` is not supported by nova-3 models (use `keyterm`).
    /// - `callback` must be an http(s) URL; `callback_method` needs `callback`.
    /// - `replace` entries are `find:replacement`, `extra` entries `key:value`, `keywords`
    ///   entries `word` or `word:intensifier` with a numeric intensifier.
    /// - `encoding` needs `sample_rate` (8000 for `amr-nb`, 16000 for `amr-wb`).
    /// - `alternatives`, `channels` and `sample_rate` are at least 1; `utt_split` is a
    ///   non-negative number; at most 100 `custom_topic`s.
    /// - No empty value, list entry or `detect_language` list; no `extra_query` key that an
    ///   option above already covers.
    pub fn validate(&self) -> Result<(), Error> {
        self.check_blanks()?;
        self.check_detect_language()?;
        self.check_model_features()?;
        self.check_callback()?;
        self.check_list_shapes()?;
        self.check_audio_format()?;
        self.check_extra_query()
    }

    fn check_detect_language(&self) -> Result<(), Error> {
        if let Some(DetectLanguage::Languages(languages)) = &self.detect_language {
            if languages.is_empty() {
                return invalid(
                    "detect_language",
                    "`detect_language` is an empty list: give languages, or true/false",
                );
            }
            if let Some(i) = languages.iter().position(|l| l.trim().is_empty()) {
                return invalid(
                    "detect_language",
                    format!("`detect_language` entry {i} is empty"),
                );
            }
        }
        Ok(())
    }

    fn check_model_features(&self) -> Result<(), Error> {
        if !self.keyterm.is_empty() {
            match &self.model {
                None => {
                    return invalid(
                        "keyterm",
                        "`keyterm` needs a nova-3 model, and without `model` Deepgram uses \
                         base-general: set model to \"nova-3\"",
                    );
                }
                Some(m) if !m.supports_keyterm() => {
                    return invalid(
                        "keyterm",
                        format!(
                            "`keyterm` needs a nova-3 model, not {:?}: set model to \"nova-3\" or \
                         use `keywords`",
                            m.as_str()
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        if let Some(m) = &self.model {
            if !self.keywords.is_empty() && m.is_nova3() {
                return invalid(
                    "keywords",
                    format!(
                        "`keywords` is not supported by {:?}: use `keyterm` instead",
                        m.as_str()
                    ),
                );
            }
        }
        if self.custom_topic.len() > MAX_CUSTOM_TOPICS {
            return invalid(
                "custom_topic",
                format!(
                    "`custom_topic` has {} entries; the API takes at most {MAX_CUSTOM_TOPICS}",
                    self.custom_topic.len()
                ),
            );
        }
        Ok(())
    }

    fn check_callback(&self) -> Result<(), Error> {
        if let Some(callback) = &self.callback {
            let ok = url::Url::parse(callback)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !ok {
                return invalid(
                    "callback",
                    format!("`callback` {callback:?} is not an http(s) URL"),
                );
            }
        } else if let Some(method) = &self.callback_method {
            return invalid(
                "callback_method",
                format!(
                    "`callback_method` {:?} needs `callback` (the URL to send the result to)",
                    method.as_str()
                ),
            );
        }
        Ok(())
    }

    fn check_list_shapes(&self) -> Result<(), Error> {
        colon_pairs("replace", "find:replacement", &self.replace)?;
        colon_pairs("extra", "key:value", &self.extra)?;
        for k in &self.keywords {
            if let Some((word, intensifier)) = k.rsplit_once(':') {
                let numeric = intensifier.trim().parse::<f64>().is_ok_and(f64::is_finite);
                if word.trim().is_empty() || !numeric {
                    return invalid(
                        "keywords",
                        format!(
                            "`keywords` entry {k:?} is not `word` or `word:intensifier` with a \
                         numeric intensifier"
                        ),
                    );
                }
            }
        }
        Ok(())
    }

    fn check_audio_format(&self) -> Result<(), Error> {
        positive("alternatives", self.alternatives)?;
        positive("channels", self.channels)?;
        positive("sample_rate", self.sample_rate)?;
        if let Some(split) = self.utt_split {
            if !(split.is_finite() && split >= 0.0) {
                return invalid(
                    "utt_split",
                    format!("`utt_split` must be a number of seconds >= 0, not {split}"),
                );
            }
        }
        if let Some(encoding) = &self.encoding {
            let required = match encoding {
                Encoding::AmrNb => Some(8000),
                Encoding::AmrWb => Some(16000),
                _ => None,
            };
            match (self.sample_rate, required) {
                (None, _) => {
                    return invalid(
                        "encoding",
                        format!(
                            "`encoding` {:?} needs `sample_rate` (leave both unset for audio in a \
                         container such as WAV, MP3 or Ogg)",
                            encoding.as_str()
                        ),
                    );
                }
                (Some(rate), Some(needed)) if rate != needed => {
                    return invalid(
                        "encoding",
                        format!(
                            "`encoding` {:?} needs `sample_rate` {needed}, not {rate}",
                            encoding.as_str()
                        ),
                    );
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn check_extra_query(&self) -> Result<(), Error> {
        extra_query_keys(&self.extra_query, OPTION_NAMES)
    }
}

/// No empty `extra_query` key, and none that a typed option of the set (`names`) covers.
pub(super) fn extra_query_keys(extra: &[(String, String)], names: &[&str]) -> Result<(), Error> {
    for (key, _) in extra {
        if key.trim().is_empty() {
            return invalid("extra_query", "`extra_query` has an empty key");
        }
        if key != "extra_query" && names.contains(&key.as_str()) {
            return invalid(
                "extra_query",
                format!("`extra_query` key {key:?} is a typed option: set `{key}` instead"),
            );
        }
    }
    Ok(())
}
