//! The file written by `concord embed`: texts and their vectors.

use crate::atomic::{read_ipc_file, write_ipc_file};
use crate::error::StoreError;
use crate::schema::{self, EMBED_FILE};
use crate::tables::{check_vectors, vector_column};
use arrow::array::{Array, ArrayRef, FixedSizeListArray, Float32Array, StringArray, UInt32Array};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use std::path::Path;
use std::sync::Arc;

/// Build the `concord embed` table: columns `idx` (UInt32), `text` (Utf8) and
/// `vector` (`FixedSizeList<Float32, dim>`); the schema metadata records the
/// model id and dimension.
pub fn embedding_file_batch(
    texts: &[String],
    vectors: &[f32],
    dim: usize,
    model: &str,
) -> Result<RecordBatch, StoreError> {
    let dim = check_vectors(EMBED_FILE, texts.len(), vectors, dim)?;
    let idx = (0..texts.len())
        .map(|i| {
            u32::try_from(i).map_err(|_| StoreError::Shape {
                table: EMBED_FILE,
                what: "number of texts",
                expected: u32::MAX as usize,
                actual: texts.len(),
            })
        })
        .collect::<Result<UInt32Array, _>>()?;
    let columns: Vec<ArrayRef> = vec![
        Arc::new(idx),
        Arc::new(
            texts
                .iter()
                .map(|t| Some(t.as_str()))
                .collect::<StringArray>(),
        ),
        vector_column(EMBED_FILE, vectors, dim)?,
    ];
    RecordBatch::try_new(schema::embedding_file_schema(dim, model), columns)
        .map_err(StoreError::arrow(EMBED_FILE))
}

/// Write the `concord embed` output file (Arrow IPC file format), atomically.
pub fn write_embedding_file(
    path: &Path,
    texts: &[String],
    vectors: &[f32],
    dim: usize,
    model: &str,
) -> Result<(), StoreError> {
    let batch = embedding_file_batch(texts, vectors, dim, model)?;
    write_ipc_file(path, &batch)
}

/// Read a file written by [`write_embedding_file`]: the texts, the flat
/// row-major vectors (`texts.len() * dim` values) and `dim`, in file order.
///
/// Only the `text` and `vector` columns are required, so any Arrow IPC file
/// with a non-null Utf8 `text` and a `FixedSizeList<Float32>` `vector` column
/// without nulls is accepted.
pub fn read_embedding_file(path: &Path) -> Result<(Vec<String>, Vec<f32>, usize), StoreError> {
    let format = |column: &'static str, problem: &'static str| StoreError::Format {
        path: path.to_path_buf(),
        column,
        problem,
    };
    let batches = read_ipc_file(path)?;
    let mut texts = Vec::new();
    let mut vectors = Vec::new();
    let mut dim: Option<usize> = None;
    for batch in &batches {
        let text = batch
            .column_by_name("text")
            .ok_or_else(|| format("text", "is missing"))?
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| format("text", "is not Utf8"))?;
        if text.null_count() > 0 {
            return Err(format("text", "contains nulls"));
        }
        let vector = batch
            .column_by_name("vector")
            .ok_or_else(|| format("vector", "is missing"))?
            .as_any()
            .downcast_ref::<FixedSizeListArray>()
            .ok_or_else(|| format("vector", "is not a FixedSizeList"))?;
        if vector.value_type() != DataType::Float32 {
            return Err(format("vector", "does not hold Float32 values"));
        }
        if vector.null_count() > 0 {
            return Err(format("vector", "contains null vectors"));
        }
        let d = usize::try_from(vector.value_length())
            .map_err(|_| format("vector", "has a negative list size"))?;
        if *dim.get_or_insert(d) != d {
            return Err(format("vector", "changes size between batches"));
        }
        texts.extend(text.iter().flatten().map(str::to_owned));
        vectors.reserve(vector.len() * d);
        for i in 0..vector.len() {
            let row = vector.value(i);
            let row = row
                .as_any()
                .downcast_ref::<Float32Array>()
                .ok_or_else(|| format("vector", "does not hold Float32 values"))?;
            if row.null_count() > 0 {
                return Err(format("vector", "contains null values"));
            }
            vectors.extend_from_slice(row.values());
        }
    }
    Ok((texts, vectors, dim.unwrap_or(0)))
}
