//! Keyword arguments into core request types. The core's serde definitions decide what each
//! argument may be and its checks decide what is valid (when the request is made, so nothing
//! is checked twice): this module only routes the values.

use dg_core::options::schema::{Fields, read_fields};
use dg_core::options::{NamedOptions, Spelling};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pythonize::{Depythonizer, PythonizeError};
use serde::de::value::MapDeserializer;
use serde::de::{DeserializeOwned, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::errors;

/// The options of a transcription or a live stream (`ListenOptions`, `FluxOptions`), from the
/// keyword arguments of `method`. An argument the core has no option for is a `TypeError`
/// naming it (as Python does for any function); the core reads the rest (a value of the wrong
/// type is an `InvalidOptionsError` naming the option) and checks them when the request is
/// made, before anything is sent.
pub(crate) fn read_options<T: NamedOptions>(
    method: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    let Some(kwargs) = kwargs else {
        return Ok(T::default());
    };
    let py = kwargs.py();
    let mut unknown = Vec::new();
    for key in kwargs.keys() {
        let name: String = key.extract()?;
        if !T::NAMES.contains(&name.as_str()) {
            unknown.push(format!("'{name}'"));
        }
    }
    if !unknown.is_empty() {
        let plural = if unknown.len() == 1 { "" } else { "s" };
        return Err(PyTypeError::new_err(format!(
            "{method}() got unexpected keyword argument{plural} {} (the options are listed in dg.{})",
            unknown.join(", "),
            T::NAMES_CONSTANT
        )));
    }
    let value: serde_json::Value = pythonize::depythonize(kwargs.as_any())
        .map_err(|e| errors::to_pyerr(py, dg_core::Error::invalid(e.to_string())))?;
    T::read(value, Spelling::Snake).map_err(|e| errors::to_pyerr(py, e))
}

/// A core request type read from a method's arguments by the core (`read_fields`, which
/// names the argument at fault with the core's wording). serde reads each argument straight
/// from its Python object, as a map from each argument's name to its value that leaves out
/// those that are `None` (in Python, "not set"): going through JSON values first cost more
/// than the rest of the binding's share of a key creation.
pub(crate) fn read_args<'py, T: DeserializeOwned>(
    py: Python<'py>,
    args: &[(&'static str, Option<&Bound<'py, PyAny>>)],
    names: &[&str],
    fields: Fields,
) -> PyResult<T> {
    let set = || {
        let given = args.iter().filter_map(|(name, value)| {
            let value = value.filter(|v| !v.is_none())?;
            Some((*name, Argument(value)))
        });
        MapDeserializer::<_, PythonizeError>::new(given)
    };
    read_fields(set, names, fields).map_err(|e| errors::to_pyerr(py, e))
}

/// One argument's value, read by its Python type rather than by the type serde asks for:
/// `True` stays a bool where a number is wanted (Python's `bool` is an `int`, which pythonize
/// would accept), so `retries=True` is refused as JSON `true` would be.
struct Argument<'a, 'py>(&'a Bound<'py, PyAny>);

impl<'de, 'a, 'py> IntoDeserializer<'de, PythonizeError> for Argument<'a, 'py> {
    type Deserializer = ByPythonType<'a, 'py>;

    fn into_deserializer(self) -> ByPythonType<'a, 'py> {
        ByPythonType(Depythonizer::from_object(self.0))
    }
}

struct ByPythonType<'a, 'py>(Depythonizer<'a, 'py>);

impl<'de> Deserializer<'de> for ByPythonType<'_, '_> {
    type Error = PythonizeError;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, PythonizeError> {
        (&mut self.0).deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PythonizeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PythonizeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PythonizeError> {
        (&mut self.0).deserialize_enum(name, variants, visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}
