//! The `/v2/listen` (Flux) query options, validated as Deepgram does before the upgrade: a
//! bad value is a 400, not a stream that fails later.

use crate::audio::identify::RawFormat;
use crate::audio::listen_options::{bad, raw_format};
use crate::audio::turns::Thresholds;
use crate::errors::ApiError;
use crate::http::query::Query;

/// The Flux models; `model` is required.
const MODELS: &[&str] = &["flux-general-en", "flux-general-multi"];
/// The one model that takes `language_hint`.
const MULTILINGUAL: &str = "flux-general-multi";
/// The raw encodings Flux reads (containerized audio needs none).
const ENCODINGS: &[&str] = &["linear16", "linear32", "mulaw", "alaw", "opus", "ogg-opus"];
const REDACTIONS: &[&str] = &["numbers", "aggressive_numbers"];

pub(crate) struct FluxOptions {
    pub(crate) multilingual: bool,
    pub(crate) raw: Option<RawFormat>,
    pub(crate) thresholds: Thresholds,
    pub(crate) keyterms: Vec<String>,
    pub(crate) language_hints: Vec<String>,
}

impl FluxOptions {
    pub(crate) fn parse(query: &Query) -> Result<FluxOptions, ApiError> {
        let model = match query.get("model") {
            Some(model) if MODELS.contains(&model) => model,
            Some(model) => {
                return Err(bad(format!(
                    "model {model:?} is not a Flux model (flux-general-en, flux-general-multi)"
                )));
            }
            None => {
                return Err(bad(
                    "model is required: flux-general-en or flux-general-multi",
                ));
            }
        };
        if let Some(encoding) = query.get("encoding").filter(|e| !ENCODINGS.contains(e)) {
            return Err(bad(format!(
                "encoding {encoding:?} is not one Flux reads ({})",
                ENCODINGS.join(", ")
            )));
        }
        let defaults = Thresholds::default();
        let thresholds = Thresholds {
            eot: number(query, "eot_threshold")?.unwrap_or(defaults.eot),
            eager: number(query, "eager_eot_threshold")?,
            timeout_ms: match query.get("eot_timeout_ms") {
                None => defaults.timeout_ms,
                Some(ms) => ms
                    .parse()
                    .map_err(|_| bad(format!("eot_timeout_ms {ms:?} is not a whole number")))?,
            },
        };
        if let Some(problem) = thresholds.problem() {
            return Err(bad(problem));
        }
        let multilingual = model == MULTILINGUAL;
        let language_hints = words(query, "language_hint")?;
        if !language_hints.is_empty() && !multilingual {
            return Err(bad(format!(
                "language_hint is only available with {MULTILINGUAL}, not with model {model}"
            )));
        }
        for name in ["profanity_filter", "numerals", "mip_opt_out"] {
            if let Some(value) = query.get(name).filter(|v| !matches!(*v, "true" | "false")) {
                return Err(bad(format!("{name} must be true or false, not {value:?}")));
            }
        }
        if let Some(redact) = query.all("redact").find(|r| !REDACTIONS.contains(r)) {
            return Err(bad(format!(
                "redact {redact:?} is not available on Flux (numbers, aggressive_numbers)"
            )));
        }
        Ok(FluxOptions {
            multilingual,
            raw: raw_format(query)?,
            thresholds,
            keyterms: words(query, "keyterm")?,
            language_hints,
        })
    }
}

fn number(query: &Query, name: &str) -> Result<Option<f64>, ApiError> {
    query
        .get(name)
        .map(|v| {
            v.parse::<f64>()
                .map_err(|_| bad(format!("{name} {v:?} is not a number")))
        })
        .transpose()
}

/// Every value of a repeated option, none of them empty.
fn words(query: &Query, name: &str) -> Result<Vec<String>, ApiError> {
    query
        .all(name)
        .map(|v| match v.trim() {
            "" => Err(bad(format!("{name} must not be empty"))),
            _ => Ok(v.to_owned()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<FluxOptions, ApiError> {
        FluxOptions::parse(&Query::parse(Some(query)))
    }

    #[test]
    fn a_flux_model_is_required() {
        assert!(parse("model=flux-general-en").is_ok());
        assert!(parse("model=flux-general-multi").is_ok());
        assert!(parse("model=nova-3").is_err());
        assert!(parse("encoding=linear16&sample_rate=16000").is_err());
    }

    #[test]
    fn thresholds_default_and_out_of_range_values_are_refused() {
        let options = parse("model=flux-general-en").unwrap();
        assert_eq!(options.thresholds, Thresholds::default());
        let options = parse(
            "model=flux-general-en&eot_threshold=0.8&eager_eot_threshold=0.4&eot_timeout_ms=900",
        )
        .unwrap();
        assert_eq!(
            options.thresholds,
            Thresholds {
                eot: 0.8,
                eager: Some(0.4),
                timeout_ms: 900
            }
        );
        for bad in [
            "eot_threshold=0.45",
            "eot_threshold=0.95",
            "eot_threshold=high",
            "eager_eot_threshold=0.25",
            "eager_eot_threshold=0.8",
            "eot_threshold=0.6&eager_eot_threshold=0.65",
            "eot_timeout_ms=499",
            "eot_timeout_ms=10001",
            "eot_timeout_ms=1.5",
        ] {
            assert!(
                parse(&format!("model=flux-general-en&{bad}")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn language_hints_need_the_multilingual_model() {
        let options = parse("model=flux-general-multi&language_hint=en&language_hint=es").unwrap();
        assert_eq!(options.language_hints, ["en", "es"]);
        assert!(options.multilingual);
        assert!(parse("model=flux-general-en&language_hint=en").is_err());
        assert!(parse("model=flux-general-multi&language_hint=").is_err());
    }

    #[test]
    fn encodings_booleans_and_redaction_are_checked() {
        let options = parse(
            "model=flux-general-en&encoding=linear16&sample_rate=16000&keyterm=a&keyterm=b%20c",
        )
        .unwrap();
        assert_eq!(options.raw.unwrap().sample_rate, Some(16_000));
        assert_eq!(options.keyterms, ["a", "b c"]);
        assert!(parse("model=flux-general-en&encoding=flac").is_err());
        assert!(parse("model=flux-general-en&encoding=linear16&sample_rate=fast").is_err());
        assert!(parse("model=flux-general-en&numerals=true&profanity_filter=false&mip_opt_out=true&tag=t&redact=numbers").is_ok());
        assert!(parse("model=flux-general-en&numerals=yes").is_err());
        assert!(parse("model=flux-general-en&redact=pci").is_err());
    }
}
