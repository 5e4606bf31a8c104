//! Audio and what `/v1/listen` makes of it: identifying uploads without decoding them (WAV
//! headers included), the listen options of the query, and the answer for audio without a
//! recorded one: the empty-transcript fallback, or real recognition with the `recognizer`
//! feature. Live streams: the results of `/v1/listen` (`streaming`) and the turns of Flux,
//! `/v2/listen` (`turns`, with its options in `flux_options`).

pub(crate) mod fallback;
pub(crate) mod flux_options;
pub(crate) mod identify;
pub(crate) mod listen_options;
pub(crate) mod recognition;
#[cfg(feature = "recognizer")]
pub(crate) mod recognizer;
pub(crate) mod streaming;
pub(crate) mod turns;
pub(crate) mod wav;
