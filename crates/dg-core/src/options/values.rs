//! The closed sets of values some options take, each open to values dg does not know yet.

use std::fmt;
use std::str::FromStr;

/// Defines an enum of the documented values of one option, plus `Custom(String)` for any
/// other value (new models, custom model ids, ...), with `as_str`, `FromStr` (never fails),
/// `Display`, `From<&str>`/`From<String>` and serde as the plain string.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value dg does not know, sent as is.
            Custom(String),
        }

        impl $name {
            /// Every documented value, as sent to the API.
            pub const KNOWN: &'static [&'static str] = &[$($text),*];

            /// The value as sent to the API.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )*
                    Self::Custom(other) => other,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $text => Self::$variant, )*
                    _ => Self::Custom(value),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $text => Self::$variant, )*
                    _ => Self::Custom(value.to_owned()),
                }
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self::from)
            }
        }
    };
}

string_enum! {
    /// `model`: the speech model. Without one Deepgram uses its default, `base-general`.
    Model {
        /// `nova-3`, the newest general model.
        Nova3 = "nova-3",
        /// `nova-3-general`.
        Nova3General = "nova-3-general",
        /// `nova-3-medical`.
        Nova3Medical = "nova-3-medical",
        /// `nova-2`.
        Nova2 = "nova-2",
        /// `nova-2-general`.
        Nova2General = "nova-2-general",
        /// `nova-2-meeting`.
        Nova2Meeting = "nova-2-meeting",
        /// `nova-2-phonecall`.
        Nova2Phonecall = "nova-2-phonecall",
        /// `nova-2-finance`.
        Nova2Finance = "nova-2-finance",
        /// `nova-2-conversationalai`.
        Nova2Conversationalai = "nova-2-conversationalai",
        /// `nova-2-voicemail`.
        Nova2Voicemail = "nova-2-voicemail",
        /// `nova-2-video`.
        Nova2Video = "nova-2-video",
        /// `nova-2-medical`.
        Nova2Medical = "nova-2-medical",
        /// `nova-2-drivethru`.
        Nova2Drivethru = "nova-2-drivethru",
        /// `nova-2-automotive`.
        Nova2Automotive = "nova-2-automotive",
        /// `nova-2-atc`.
        Nova2Atc = "nova-2-atc",
        /// `nova`.
        Nova = "nova",
        /// `nova-general`.
        NovaGeneral = "nova-general",
        /// `nova-phonecall`.
        NovaPhonecall = "nova-phonecall",
        /// `nova-medical`.
        NovaMedical = "nova-medical",
        /// `enhanced`.
        Enhanced = "enhanced",
        /// `enhanced-general`.
        EnhancedGeneral = "enhanced-general",
        /// `enhanced-meeting`.
        EnhancedMeeting = "enhanced-meeting",
        /// `enhanced-phonecall`.
        EnhancedPhonecall = "enhanced-phonecall",
        /// `enhanced-finance`.
        EnhancedFinance = "enhanced-finance",
        /// `base`.
        Base = "base",
        /// `base-general`.
        BaseGeneral = "base-general",
        /// `base-meeting`.
        BaseMeeting = "base-meeting",
        /// `base-phonecall`.
        BasePhonecall = "base-phonecall",
        /// `base-finance`.
        BaseFinance = "base-finance",
        /// `base-conversationalai`.
        BaseConversationalai = "base-conversationalai",
        /// `base-voicemail`.
        BaseVoicemail = "base-voicemail",
        /// `base-video`.
        BaseVideo = "base-video",
        /// `meeting` (a base model).
        Meeting = "meeting",
        /// `phonecall` (a base model).
        Phonecall = "phonecall",
        /// `finance` (a base model).
        Finance = "finance",
        /// `conversationalai` (a base model).
        Conversationalai = "conversationalai",
        /// `voicemail` (a base model).
        Voicemail = "voicemail",
        /// `video` (a base model).
        Video = "video",
    }
}

impl Encoding {
    /// Bytes per sample of the fixed-size encodings (linear PCM, G.711); `None` for the
    /// compressed ones, whose byte rate varies.
    pub fn bytes_per_sample(&self) -> Option<u8> {
        match self {
            Encoding::Linear16 => Some(2),
            Encoding::Linear32 => Some(4),
            Encoding::Mulaw | Encoding::Alaw => Some(1),
            _ => None,
        }
    }
}

/// Families whose models are known not to be nova-3, for judging custom model names.
const OLDER_FAMILIES: &[&str] = &["nova", "enhanced", "base", "whisper"];

impl Model {
    /// `true` for nova-3 and its variants (`nova-3-medical`, ...), custom names included.
    pub fn is_nova3(&self) -> bool {
        self.as_str().starts_with("nova-3")
    }

    /// Whether the model takes `keyterm` prompting, which only nova-3 does. A custom name of
    /// no known family (e.g. the id of a custom-trained model) is given the benefit of the
    /// doubt: the API judges it.
    pub fn supports_keyterm(&self) -> bool {
        match self {
            Model::Custom(name) => {
                name.starts_with("nova-3") || !OLDER_FAMILIES.iter().any(|f| name.starts_with(f))
            }
            known => known.is_nova3(),
        }
    }
}

string_enum! {
    /// `encoding`: the encoding of raw, headerless audio (leave unset for containers such as
    /// WAV, MP3 or Ogg). Needs `sample_rate`.
    Encoding {
        /// 16-bit little-endian signed PCM.
        Linear16 = "linear16",
        /// 32-bit little-endian float PCM.
        Linear32 = "linear32",
        /// FLAC.
        Flac = "flac",
        /// A-law.
        Alaw = "alaw",
        /// Mu-law.
        Mulaw = "mulaw",
        /// AMR narrowband (needs `sample_rate` 8000).
        AmrNb = "amr-nb",
        /// AMR wideband (needs `sample_rate` 16000).
        AmrWb = "amr-wb",
        /// Opus.
        Opus = "opus",
        /// Opus in an Ogg container.
        OggOpus = "ogg-opus",
        /// Speex.
        Speex = "speex",
        /// G.729.
        G729 = "g729",
    }
}

string_enum! {
    /// One `redact` value: what to redact from the transcript.
    Redact {
        /// Payment card information.
        Pci = "pci",
        /// Personally identifiable information.
        Pii = "pii",
        /// Numerals.
        Numbers = "numbers",
    }
}

string_enum! {
    /// `summarize`: the summarization version.
    Summarize {
        /// `v2`, the current summarizer.
        V2 = "v2",
    }
}

string_enum! {
    /// `callback_method`: how Deepgram delivers the result to `callback`.
    CallbackMethod {
        /// `POST` (the API's default).
        Post = "POST",
        /// `PUT`.
        Put = "PUT",
    }
}

string_enum! {
    /// `custom_topic_mode` / `custom_intent_mode`.
    CustomMode {
        /// Return the model's own detections as well as the custom ones (the API's default).
        Extended = "extended",
        /// Return only the custom ones.
        Strict = "strict",
    }
}

string_enum! {
    /// `diarize_model`: the diarization model (setting it enables diarization).
    DiarizeModel {
        /// The newest version.
        Latest = "latest",
        /// Version 1.
        V1 = "v1",
        /// Version 2.
        V2 = "v2",
    }
}

/// `detect_language`: on/off, or detection restricted to some languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DetectLanguage {
    /// `detect_language=true|false`.
    Enabled(bool),
    /// `detect_language=en&detect_language=es`: detect among these (BCP-47 tags).
    Languages(Vec<String>),
}

impl From<bool> for DetectLanguage {
    fn from(on: bool) -> Self {
        DetectLanguage::Enabled(on)
    }
}

impl From<Vec<String>> for DetectLanguage {
    fn from(languages: Vec<String>) -> Self {
        DetectLanguage::Languages(languages)
    }
}

impl<'de> serde::Deserialize<'de> for DetectLanguage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DetectLanguage;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, a language or a list of languages")
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Self::Value, E> {
                Ok(DetectLanguage::Enabled(on))
            }

            fn visit_str<E: serde::de::Error>(self, language: &str) -> Result<Self::Value, E> {
                Ok(DetectLanguage::Languages(vec![language.to_owned()]))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut languages = Vec::new();
                while let Some(language) = seq.next_element()? {
                    languages.push(language);
                }
                Ok(DetectLanguage::Languages(languages))
            }
        }
        d.deserialize_any(V)
    }
}

string_enum! {
    /// `model` of a Flux stream (`/v2/listen`): Flux's turn-taking models.
    FluxModel {
        /// English.
        FluxGeneralEn = "flux-general-en",
        /// Several languages (takes `language_hint`).
        FluxGeneralMulti = "flux-general-multi",
    }
}

string_enum! {
    /// `encoding` of raw audio on a Flux stream (fewer than `/v1/listen` takes). Needs
    /// `sample_rate`.
    FluxEncoding {
        /// 16-bit little-endian signed PCM.
        Linear16 = "linear16",
        /// 32-bit little-endian float PCM.
        Linear32 = "linear32",
        /// Mu-law.
        Mulaw = "mulaw",
        /// A-law.
        Alaw = "alaw",
        /// Opus.
        Opus = "opus",
        /// Opus in an Ogg container.
        OggOpus = "ogg-opus",
    }
}

impl FluxEncoding {
    /// The same encoding as `/v1/listen` names it (its byte rate is read from there).
    pub fn encoding(&self) -> Encoding {
        Encoding::from(self.as_str())
    }
}

string_enum! {
    /// One `redact` value of a Flux stream.
    FluxRedact {
        /// Numerals.
        Numbers = "numbers",
        /// Numerals, and numbers written as words.
        AggressiveNumbers = "aggressive_numbers",
    }
}
