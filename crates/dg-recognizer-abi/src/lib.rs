//! The C ABI between dg-emulator and its CTranslate2 plugin, `dg-recognizer-ct2`.
//!
//! The emulator opens the plugin at run time (`dlopen`) instead of linking CTranslate2, so a
//! missing library turns recognition off instead of stopping the binary from loading. Both
//! sides compile this crate, and only `#[repr(C)]` values cross: borrowed slices, callbacks
//! that receive a result during the call, and opaque handles the plugin owns. The plugin
//! exports one symbol, [`ENTRY`], which returns its [`Api`]; the symbol's name carries the
//! ABI's version, so a plugin built from other sources is refused when it is looked up, never
//! misread.
//!
//! Nothing unwinds across the boundary: the plugin turns a panic into an error, and the
//! callbacks the caller passes must not panic (an unwinding `extern "C"` function aborts).
#![warn(missing_docs)]

use std::ffi::c_void;
use std::marker::PhantomData;

/// The name of the plugin's exported entry ([`Entry`]), as a literal for `#[export_name]`.
/// Change its version with any change to this crate's types.
#[macro_export]
macro_rules! entry_symbol {
    () => {
        "dg_recognizer_ct2_v1"
    };
}

/// The symbol the emulator looks up in the plugin.
pub const ENTRY: &str = entry_symbol!();

/// The plugin's entry: its calls, valid as long as the library stays loaded.
pub type Entry = unsafe extern "C" fn() -> &'static Api;

/// A slice borrowed for the duration of one call.
#[repr(C)]
pub struct Slice<T> {
    ptr: *const T,
    len: usize,
}

// Derived `Clone`/`Copy` would ask the same of `T`; a borrowed view copies whatever `T` is.
impl<T> Clone for Slice<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Slice<T> {}

impl<T> Slice<T> {
    /// A view of `items`, to pass to a call that returns before `items` goes.
    pub fn new(items: &[T]) -> Slice<T> {
        Slice {
            ptr: items.as_ptr(),
            len: items.len(),
        }
    }

    /// The items.
    ///
    /// # Safety
    /// `self` was made by [`Slice::new`] from a slice that is still alive for `'a`: a value
    /// received as an argument, or inside a callback's argument, is alive until the call (the
    /// callback) returns.
    pub unsafe fn get<'a>(self) -> &'a [T] {
        // SAFETY: the caller's promise; `new` took the pointer of a real slice, so it is
        // aligned and non-null even when empty.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

/// UTF-8 text borrowed for the duration of one call.
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Str(Slice<u8>);

impl Str {
    /// A view of `text`, to pass to a call that returns before `text` goes.
    pub fn new(text: &str) -> Str {
        Str(Slice::new(text.as_bytes()))
    }

    /// The text.
    ///
    /// # Safety
    /// As for [`Slice::get`].
    pub unsafe fn get<'a>(self) -> &'a str {
        // SAFETY: `new` took the bytes of a `str`, alive for 'a by the caller's promise.
        unsafe { std::str::from_utf8_unchecked(self.0.get()) }
    }
}

/// A callback that receives one value during a call: the receiver copies what it keeps.
#[repr(C)]
pub struct Sink<'a, T> {
    context: *mut c_void,
    call: unsafe extern "C" fn(*mut c_void, *const T),
    receiver: PhantomData<&'a mut c_void>,
}

impl<'a, T> Sink<'a, T> {
    /// A sink that hands each value to `receive`, which must not panic.
    pub fn new<F: FnMut(&T)>(receive: &'a mut F) -> Sink<'a, T> {
        Sink {
            context: (receive as *mut F).cast(),
            call: Self::trampoline::<F>,
            receiver: PhantomData,
        }
    }

    unsafe extern "C" fn trampoline<F: FnMut(&T)>(context: *mut c_void, value: *const T) {
        // SAFETY: `context` is the `&'a mut F` of `new` (the sink borrows it), and `send`
        // passes a live reference.
        unsafe { (*context.cast::<F>())(&*value) }
    }

    /// Hands `value` to the receiver.
    pub fn send(&mut self, value: &T) {
        // SAFETY: `call` and `context` were made together by `new`, and the receiver
        // outlives the sink.
        unsafe { (self.call)(self.context, value) }
    }
}

/// A loaded Whisper model, owned by the plugin (opaque: only its address crosses).
#[repr(C)]
pub struct Model {
    _private: [u8; 0],
}

/// The encoder's output for one window, owned by the plugin (opaque).
#[repr(C)]
pub struct Encoded {
    _private: [u8; 0],
}

/// How to load a model.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Config {
    /// CTranslate2's name of the computation type (`"int8"`, `"float32"`, …).
    pub compute_type: Str,
    /// Threads each replica computes on.
    pub threads_per_replica: usize,
    /// Copies of the model that run calls at the same time (CTranslate2's `inter_threads`).
    pub replicas: usize,
}

/// What a loaded model reads.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// Mel bands of its input features.
    pub mels: usize,
    /// Whether it knows several languages (and so expects language and task tokens).
    pub multilingual: bool,
}

/// The best sequence beam search found for one window.
#[repr(C)]
pub struct Generation {
    /// Its tokens, as the vocabulary writes them.
    pub tokens: Slice<Str>,
    /// Their ids, one per token.
    pub ids: Slice<usize>,
    /// Its score (the mean log-probability of its tokens).
    pub score: f32,
    /// The probability the model gave the "no speech" token at the start.
    pub no_speech_prob: f32,
}

/// One step of the alignment path: a text token against an encoder frame.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The token's index in the text.
    pub token: i64,
    /// The encoder frame (20 ms each).
    pub frame: i64,
}

/// Where each text token of a window is heard.
#[repr(C)]
pub struct Alignment {
    /// The path through (token, frame), in order.
    pub steps: Slice<Step>,
    /// The probability of each text token.
    pub probabilities: Slice<f32>,
}

/// The plugin's calls. Each one that can fail returns null or `false` and sends the reason to
/// its `error` sink; a handle is freed by its `free_*` call, once, after its last use.
#[repr(C)]
pub struct Api {
    /// Loads the CTranslate2 Whisper model in the folder `dir` on the CPU.
    pub load: unsafe extern "C" fn(dir: Str, config: Config, error: Sink<'_, Str>) -> *mut Model,
    /// What `model` reads.
    pub facts: unsafe extern "C" fn(model: *const Model) -> Facts,
    /// Frees a model.
    pub free_model: unsafe extern "C" fn(model: *mut Model),
    /// Encodes one window's log-mel features (`mels` × `frames`, band after band).
    pub encode: unsafe extern "C" fn(
        model: *const Model,
        features: Slice<f32>,
        mels: usize,
        frames: usize,
        error: Sink<'_, Str>,
    ) -> *mut Encoded,
    /// Frees an encoder output.
    pub free_encoded: unsafe extern "C" fn(encoded: *mut Encoded),
    /// Decodes an encoded window from `prompt` with beam search of `beam_size`, and sends the
    /// best sequence (with its score and the no-speech probability) to `out`.
    pub generate: unsafe extern "C" fn(
        model: *const Model,
        encoded: *const Encoded,
        prompt: Slice<Str>,
        beam_size: usize,
        out: Sink<'_, Generation>,
        error: Sink<'_, Str>,
    ) -> bool,
    /// Aligns the text tokens `text` (after the prompt `start`) with the first `frames`
    /// feature frames of an encoded window by dynamic time warping of the cross-attention
    /// (smoothed by a median filter of `median_filter` frames), and sends the path to `out`.
    pub align: unsafe extern "C" fn(
        model: *const Model,
        encoded: *const Encoded,
        start: Slice<usize>,
        text: Slice<usize>,
        frames: usize,
        median_filter: i64,
        out: Sink<'_, Alignment>,
        error: Sink<'_, Str>,
    ) -> bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sink_hands_each_value_to_its_receiver() {
        let mut got = Vec::new();
        let mut receive = |text: &Str| got.push(unsafe { text.get() }.to_owned());
        let mut sink = Sink::new(&mut receive);
        sink.send(&Str::new("one"));
        sink.send(&Str::new("two"));
        assert_eq!(got, ["one", "two"]);
    }

    #[test]
    fn a_slice_gives_back_its_items_even_empty() {
        let items = [1usize, 2, 3];
        assert_eq!(unsafe { Slice::new(&items).get() }, &items);
        assert!(unsafe { Slice::<f32>::new(&[]).get() }.is_empty());
    }
}
