//! `ViewList`: a read-only sequence over a list inside an answer, making each item's view only
//! when it is indexed or iterated.

use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyType};

use super::{Shared, ToPython};

/// The list inside an answer, whatever its item type.
trait Items: Send + Sync {
    fn len(&self) -> usize;
    fn item<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Bound<'py, PyAny>>;
}

impl<T: ToPython> Items for Shared<Vec<T>> {
    fn len(&self) -> usize {
        self.get().len()
    }

    fn item<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Bound<'py, PyAny>> {
        match self.try_map_project_cloned(move |items, _| items.get(index).ok_or(())) {
            Ok(item) => T::to_python(py, item),
            Err(()) => Err(PyIndexError::new_err("list index out of range")),
        }
    }
}

/// A list in an answer (`words`, `channels`, ...): a `collections.abc.Sequence` whose items
/// are made as they are read. Slicing returns a plain `list`. Iteration and `in` are Python's
/// own over `__getitem__` (pyo3 fills the sequence slot from it), item by item.
#[pyclass(frozen, sequence, module = "dg._native")]
pub(crate) struct ViewList(Box<dyn Items>);

impl ViewList {
    pub(crate) fn new<T: ToPython>(items: Shared<Vec<T>>) -> Self {
        ViewList(Box::new(items))
    }
}

#[pymethods]
impl ViewList {
    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(slice) = index.cast::<PySlice>() {
            let range = slice.indices(self.0.len().try_into().unwrap_or(isize::MAX))?;
            let items = (0..range.slicelength).map(|i| {
                let at = range.start + range.step * i as isize;
                self.0.item(py, at as usize)
            });
            return Ok(PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?.into_any());
        }
        let Ok(at) = index.extract::<isize>() else {
            return Err(PyTypeError::new_err(format!(
                "list indices must be integers or slices, not {}",
                index.get_type().name()?
            )));
        };
        let len = self.0.len() as isize;
        let at = if at < 0 { at + len } else { at };
        if !(0..len).contains(&at) {
            return Err(PyIndexError::new_err("list index out of range"));
        }
        self.0.item(py, at as usize)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other_len) = other.len() else {
            return Ok(false);
        };
        if other_len != self.0.len() || other.is_instance_of::<pyo3::types::PyString>() {
            return Ok(false);
        }
        for (i, theirs) in other.try_iter()?.enumerate() {
            if !self.0.item(py, i)?.eq(theirs?)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `ViewList[Word](…3 items)`, naming the first item's class.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let item = match self.0.len() {
            0 => String::new(),
            _ => format!("[{}]", self.0.item(py, 0)?.get_type().name()?),
        };
        Ok(format!("ViewList{item}(…{} items)", self.0.len()))
    }

    /// `ViewList[Word]` in annotations.
    #[classmethod]
    #[pyo3(signature = (_item, /))]
    fn __class_getitem__(cls: &Bound<'_, PyType>, _item: &Bound<'_, PyAny>) -> Py<PyType> {
        cls.clone().unbind()
    }
}
