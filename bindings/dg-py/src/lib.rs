//! `dg._native`: the Python binding of dg-core, built by maturin into the `dg-sdk` wheel.
//!
//! It holds no behaviour of its own: every request, option check, retry and parse is
//! dg-core's. This crate only converts Python values into core types ([`options`],
//! [`source`]), core results into lazy Python views ([`models`]) and core errors into the
//! classes of `dg/errors.py` ([`errors`]), and drives the core's futures from blocking or
//! asyncio callers ([`runtime`], [`client`]).

#![warn(missing_docs)]

mod client;
/// What dg-gen writes from the core's tables (`cargo run -p dg-gen`), included as written.
mod generated {
    pub(crate) mod calls {
        include!("generated/calls.rs");
    }
}
mod errors;
mod live;
mod models;
mod options;
mod pages;
mod runtime;
mod secret;
mod source;

use pyo3::prelude::*;

/// The native module. `dg/__init__.py` re-exports its public classes.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("OPTION_NAMES", dg_core::options::OPTION_NAMES.to_vec())?;
    m.add(
        "FLUX_OPTION_NAMES",
        dg_core::options::FLUX_OPTION_NAMES.to_vec(),
    )?;
    m.add_function(wrap_pyfunction!(models::view_fields, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::wait_finished, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::stop_waking, m)?)?;
    m.add_class::<live::LiveSession>()?;
    m.add_class::<live::AsyncLiveSession>()?;
    m.add_class::<pages::Pages>()?;
    m.add_class::<pages::AsyncPages>()?;
    generated::calls::add_classes(m)?;
    m.add_class::<secret::Secret>()?;
    models::add_classes(m)?;
    Ok(())
}
