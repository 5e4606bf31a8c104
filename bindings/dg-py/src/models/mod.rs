//! Answers as Python objects without copying them: the parsed core answer is kept once, behind
//! an `Arc`, and every object Python sees (a `Word`, a list of words, ...) is a small view
//! holding a reference into it. Nothing is converted until an attribute is read, so a
//! 200,000-word answer costs one parse in Rust, not 200,000 Python objects.

mod convert;
mod list;
pub(crate) mod views;

// A getter is named after its JSON field, so `from_finalize` is a getter, not a conversion.
#[allow(clippy::wrong_self_convention)]
mod classes {
    include!("../generated/views.rs");
}

use std::sync::Arc;

use pyo3::prelude::*;
use yoke::Yoke;
use yoke::erased::ErasedArcCart;

pub(crate) use classes::{add_classes as add_view_classes, view_fields};
pub(crate) use convert::ToPython;

/// Adds every answer class (the views and their list type) to the module.
pub(crate) fn add_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<list::ViewList>()?;
    add_view_classes(module)
}

/// A reference to part of a parsed answer that keeps the whole answer alive.
pub(crate) type Shared<T> = Yoke<&'static T, ErasedArcCart>;

/// Puts a parsed answer behind an `Arc` and returns a reference to all of it.
pub(crate) fn share<T: Send + Sync + 'static>(value: T) -> Shared<T> {
    Yoke::<&'static T, Arc<T>>::attach_to_cart(Arc::new(value), |v| v).erase_arc_cart()
}

/// The part of `node` that `get` picks, sharing the same answer.
pub(crate) fn project<T: 'static, U: 'static>(
    node: &Shared<T>,
    get: for<'a> fn(&'a T) -> &'a U,
) -> Shared<U> {
    node.map_project_cloned(move |t, _| get(t))
}

/// A parsed core answer on its way to Python: becomes its view when converted (which, for an
/// async call, happens once the GIL is taken at the end of the call).
pub(crate) struct Answer<T>(pub T);

impl<'py, T: ToPython> IntoPyObject<'py> for Answer<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        T::to_python(py, share(self.0))
    }
}

/// Each item its own answer (e.g. the projects of a list).
pub(crate) fn answers<T>(items: Vec<T>) -> Vec<Answer<T>> {
    items.into_iter().map(Answer).collect()
}
