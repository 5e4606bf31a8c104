//! `uniffi-bindgen`, built from the workspace so the generator is always the exact uniffi
//! version `dg-ffi` is compiled with (a mismatch gives bindings that fail a checksum at load).

fn main() {
    uniffi::uniffi_bindgen_main()
}
