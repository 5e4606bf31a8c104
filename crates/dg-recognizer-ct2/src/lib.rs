//! dg-emulator's recognizer plugin: Whisper run by CTranslate2 (through ct2rs), behind the C ABI
//! of `dg-recognizer-abi`.
//!
//! The emulator opens this library at run time rather than linking CTranslate2, so that when
//! the library (or this plugin) is missing the emulator still starts, with recognition off and
//! the reason. The layer is thin on purpose: load a model, encode a window, decode it, align
//! its tokens, each returning plain data. What the words are, and when, is the emulator's.
//!
//! Every call catches panics and sends them as errors: nothing unwinds into the emulator.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use ct2rs::sys::{self, StorageView, WhisperOptions};
use ct2rs::{ComputeType, Config, Device};
use dg_recognizer_abi as abi;

static API: abi::Api = abi::Api {
    load,
    facts,
    free_model,
    encode,
    free_encoded,
    generate,
    align,
};

/// The plugin's calls (the entry `dg-recognizer-abi` names).
#[unsafe(export_name = abi::entry_symbol!())]
pub extern "C" fn entry() -> &'static abi::Api {
    &API
}

// The entry has the type the emulator looks it up as.
const _: abi::Entry = entry;

/// CTranslate2's computation types, found by the names its Python API gives them.
const COMPUTE_TYPES: [ComputeType; 10] = [
    ComputeType::DEFAULT,
    ComputeType::AUTO,
    ComputeType::FLOAT32,
    ComputeType::INT8,
    ComputeType::INT8_FLOAT32,
    ComputeType::INT8_FLOAT16,
    ComputeType::INT8_BFLOAT16,
    ComputeType::INT16,
    ComputeType::FLOAT16,
    ComputeType::BFLOAT16,
];

fn compute_type(name: &str) -> Result<ComputeType, String> {
    COMPUTE_TYPES
        .into_iter()
        .find(|known| known.to_string() == name)
        .ok_or_else(|| {
            let known: Vec<String> = COMPUTE_TYPES.iter().map(ToString::to_string).collect();
            format!(
                "CTranslate2 has no compute type {name:?} (it has {})",
                known.join(", ")
            )
        })
}

/// Runs `work`, sending its error (or its panic) to `error` and returning `failed` then.
fn guarded<T>(
    mut error: abi::Sink<'_, abi::Str>,
    failed: T,
    work: impl FnOnce() -> Result<T, String>,
) -> T {
    let message = match panic::catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(value)) => return value,
        Ok(Err(message)) => message,
        Err(panic) => format!("the recognizer plugin failed: {}", panic_text(&*panic)),
    };
    error.send(&abi::Str::new(&message));
    failed
}

fn panic_text(panic: &dyn Any) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic")
}

/// The model behind a handle `load` made.
///
/// # Safety
/// `model` came from `load` and was not freed.
unsafe fn whisper<'a>(model: *const abi::Model) -> &'a sys::Whisper {
    // SAFETY: the caller's promise; `load` boxed a `sys::Whisper`.
    unsafe { &*model.cast::<sys::Whisper>() }
}

/// The encoder output behind a handle `encode` made.
///
/// # Safety
/// `encoded` came from `encode` and was not freed.
unsafe fn encoder_output<'a>(encoded: *const abi::Encoded) -> &'a StorageView<'static> {
    // SAFETY: the caller's promise; `encode` boxed a `StorageView<'static>`.
    unsafe { &*encoded.cast::<StorageView<'static>>() }
}

unsafe extern "C" fn load(
    dir: abi::Str,
    config: abi::Config,
    error: abi::Sink<'_, abi::Str>,
) -> *mut abi::Model {
    guarded(error, ptr::null_mut(), || {
        // SAFETY: arguments live for the call.
        let (dir, name) = unsafe { (dir.get(), config.compute_type.get()) };
        let config = Config {
            device: Device::CPU,
            compute_type: compute_type(name)?,
            // On the CPU, CTranslate2 runs one replica per entry.
            device_indices: vec![0; config.replicas.max(1)],
            num_threads_per_replica: config.threads_per_replica,
            ..Config::default()
        };
        let whisper = sys::Whisper::new(dir, config).map_err(|e| e.to_string())?;
        Ok(Box::into_raw(Box::new(whisper)).cast())
    })
}

unsafe extern "C" fn facts(model: *const abi::Model) -> abi::Facts {
    // SAFETY: a live handle, by the ABI's rules.
    let whisper = unsafe { whisper(model) };
    abi::Facts {
        mels: whisper.n_mels(),
        multilingual: whisper.is_multilingual(),
    }
}

unsafe extern "C" fn free_model(model: *mut abi::Model) {
    // SAFETY: a handle of `load`, freed once, by the ABI's rules.
    drop(unsafe { Box::from_raw(model.cast::<sys::Whisper>()) });
}

unsafe extern "C" fn encode(
    model: *const abi::Model,
    features: abi::Slice<f32>,
    mels: usize,
    frames: usize,
    error: abi::Sink<'_, abi::Str>,
) -> *mut abi::Encoded {
    guarded(error, ptr::null_mut(), || {
        // SAFETY: a live handle and arguments that live for the call.
        let (whisper, features) = unsafe { (whisper(model), features.get()) };
        // CTranslate2 wraps the buffer it is given, mutably: a copy (about 1 MB, microseconds
        // against the encoder's tenths of a second) keeps the caller's slice borrowed only.
        let mut features = features.to_vec();
        let view = StorageView::new(&[1, mels, frames], &mut features, Device::CPU)
            .map_err(|e| e.to_string())?;
        let encoded = whisper.encode(&view, false).map_err(|e| e.to_string())?;
        Ok(Box::into_raw(Box::new(encoded)).cast())
    })
}

unsafe extern "C" fn free_encoded(encoded: *mut abi::Encoded) {
    // SAFETY: a handle of `encode`, freed once, by the ABI's rules.
    drop(unsafe { Box::from_raw(encoded.cast::<StorageView<'static>>()) });
}

unsafe extern "C" fn generate(
    model: *const abi::Model,
    encoded: *const abi::Encoded,
    prompt: abi::Slice<abi::Str>,
    beam_size: usize,
    mut out: abi::Sink<'_, abi::Generation>,
    error: abi::Sink<'_, abi::Str>,
) -> bool {
    guarded(error, false, || {
        // SAFETY: live handles and arguments that live for the call.
        let (whisper, encoded, prompt) =
            unsafe { (whisper(model), encoder_output(encoded), prompt.get()) };
        // SAFETY: as above, for each token of the prompt.
        let prompt: Vec<&str> = prompt.iter().map(|token| unsafe { token.get() }).collect();
        let options = WhisperOptions {
            beam_size,
            return_scores: true,
            return_no_speech_prob: true,
            ..WhisperOptions::default()
        };
        let result = whisper
            .generate(encoded, &[prompt], &options)
            .map_err(|e| e.to_string())?
            .into_iter()
            .next()
            .ok_or("CTranslate2 gave no result")?;
        // One prompt, one hypothesis: the first sequence (none for an empty window).
        let tokens: Vec<abi::Str> = (result.sequences.first().into_iter().flatten())
            .map(|token| abi::Str::new(token))
            .collect();
        let ids = result.sequences_ids.first().map_or(&[][..], Vec::as_slice);
        out.send(&abi::Generation {
            tokens: abi::Slice::new(&tokens),
            ids: abi::Slice::new(ids),
            score: result.scores.first().copied().unwrap_or(0.0),
            no_speech_prob: result.no_speech_prob,
        });
        Ok(true)
    })
}

#[allow(clippy::too_many_arguments)] // the ABI's signature, one value per argument
unsafe extern "C" fn align(
    model: *const abi::Model,
    encoded: *const abi::Encoded,
    start: abi::Slice<usize>,
    text: abi::Slice<usize>,
    frames: usize,
    median_filter: i64,
    mut out: abi::Sink<'_, abi::Alignment>,
    error: abi::Sink<'_, abi::Str>,
) -> bool {
    guarded(error, false, || {
        // SAFETY: live handles and arguments that live for the call.
        let (whisper, encoded, start, text) = unsafe {
            (
                whisper(model),
                encoder_output(encoded),
                start.get(),
                text.get(),
            )
        };
        let aligned = whisper
            .align(encoded, start, &[text.to_vec()], &[frames], median_filter)
            .map_err(|e| e.to_string())?
            .into_iter()
            .next()
            .ok_or("CTranslate2 gave no alignment")?;
        let steps: Vec<abi::Step> = aligned
            .alignments
            .iter()
            .map(|step| abi::Step {
                token: step.token_x,
                frame: step.frame_x,
            })
            .collect();
        out.send(&abi::Alignment {
            steps: abi::Slice::new(&steps),
            probabilities: abi::Slice::new(&aligned.text_token_probs),
        });
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_types_are_found_by_ctranslate2s_names() {
        assert_eq!(compute_type("int8"), Ok(ComputeType::INT8));
        assert_eq!(compute_type("float32"), Ok(ComputeType::FLOAT32));
        let unknown = compute_type("int4").unwrap_err();
        assert!(unknown.contains("\"int4\""), "{unknown}");
        assert!(unknown.contains("int8_float16"), "{unknown}");
    }

    #[test]
    fn a_failure_or_a_panic_reaches_the_error_sink_and_nothing_unwinds() {
        let mut errors = Vec::new();
        let mut receive = |text: &abi::Str| errors.push(unsafe { text.get() }.to_owned());
        assert_eq!(guarded(abi::Sink::new(&mut receive), 0, || Ok(7)), 7);
        assert_eq!(
            guarded(abi::Sink::new(&mut receive), 0, || Err("no".into())),
            0
        );
        assert_eq!(
            guarded(abi::Sink::new(&mut receive), 0, || panic!("boom")),
            0
        );
        assert_eq!(errors, ["no", "the recognizer plugin failed: boom"]);
    }

    #[test]
    fn a_missing_model_is_an_error_not_a_handle() {
        let dir = std::env::temp_dir().join("dg-recognizer-ct2-no-model");
        let mut errors = Vec::new();
        let mut receive = |text: &abi::Str| errors.push(unsafe { text.get() }.to_owned());
        let config = abi::Config {
            compute_type: abi::Str::new("int8"),
            threads_per_replica: 1,
            replicas: 1,
        };
        let dir = dir.to_str().unwrap();
        let model = unsafe { load(abi::Str::new(dir), config, abi::Sink::new(&mut receive)) };
        assert!(model.is_null());
        assert_eq!(errors.len(), 1);
    }
}
