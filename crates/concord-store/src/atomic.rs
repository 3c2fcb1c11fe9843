//! Atomic file writers: write to a temporary file in the target's directory,
//! fsync it, then rename it over the target.
//!
//! Readers (researchers' notebooks, CI diffs, a second `concord run`) thus see
//! either the previous file or the complete new one, never a torn write; a
//! failed write leaves the previous file untouched and removes its temporary.

use crate::error::StoreError;
use crate::schema::{KEY_SCHEMA_VERSION, KEY_TABLE, SCHEMA_VERSION};
use arrow::ipc::reader::FileReader;
use arrow::ipc::writer::FileWriter;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Suffix of the temporary files created next to each target while writing.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Write `path` atomically: `fill` writes the whole content into the given
/// temporary file, which is then flushed, fsynced and renamed over `path`.
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<(), StoreError>
where
    F: FnOnce(&mut File) -> Result<(), StoreError>,
{
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // On error the temporary is dropped, which deletes it.
    let tmp = write_temp(&dir, &name, fill)?;
    tmp.persist(path).map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    sync_dir(&dir);
    Ok(())
}

/// The directory `path` is in (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Create a temporary file for `target_name` in `dir` (named
/// `.<target_name>.<random>.tmp`), let `fill` write it, then flush and fsync
/// it. The file is deleted again if anything fails.
pub(crate) fn write_temp<F>(
    dir: &Path,
    target_name: &str,
    fill: F,
) -> Result<NamedTempFile, StoreError>
where
    F: FnOnce(&mut File) -> Result<(), StoreError>,
{
    let prefix = format!(".{target_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // NamedTempFile defaults to 0600; outputs are meant to be shared, so ask
    // for 0644 (still reduced by the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(StoreError::io(dir))?;
    fill(tmp.as_file_mut())?;
    tmp.as_file_mut()
        .flush()
        .map_err(StoreError::io(tmp.path()))?;
    tmp.as_file()
        .sync_all()
        .map_err(StoreError::io(tmp.path()))?;
    Ok(tmp)
}

/// Make renames in `dir` durable. Some file systems cannot fsync a
/// directory; the data is already safe, so a failure here is not an error.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Write `batch` as an Arrow IPC *file* (the random-access format with a
/// footer, `.arrow`; readable by `pyarrow.ipc.open_file`, `polars.read_ipc`
/// and DuckDB's `arrow` extension).
pub fn write_ipc_file(path: &Path, batch: &RecordBatch) -> Result<(), StoreError> {
    write_atomic(path, |file| fill_ipc(file, path, batch))
}

/// Write `batch` into `file` as an Arrow IPC file; errors name `path`.
pub(crate) fn fill_ipc(
    file: &mut File,
    path: &Path,
    batch: &RecordBatch,
) -> Result<(), StoreError> {
    let mut writer = FileWriter::try_new(BufWriter::new(file), batch.schema().as_ref())
        .map_err(StoreError::ipc(path))?;
    writer.write(batch).map_err(StoreError::ipc(path))?;
    writer.finish().map_err(StoreError::ipc(path))?;
    let buf = writer.into_inner().map_err(StoreError::ipc(path))?;
    buf.into_inner().map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        source: e.into_error(),
    })?;
    Ok(())
}

/// Write `batch` as a Snappy-compressed Parquet file.
///
/// The file's key-value metadata holds `extra_metadata` (run id, model id, ...)
/// plus `concord.schema_version` and `concord.table` from the batch's schema
/// unless `extra_metadata` already sets them. The Arrow schema (with column
/// descriptions) is embedded too, so Arrow readers get the exact types back.
pub fn write_parquet(
    path: &Path,
    batch: &RecordBatch,
    extra_metadata: &[(String, String)],
) -> Result<(), StoreError> {
    write_atomic(path, |file| fill_parquet(file, path, batch, extra_metadata))
}

/// Write `batch` into `file` as Parquet (see [`write_parquet`]); errors
/// name `path`.
pub(crate) fn fill_parquet(
    file: &mut File,
    path: &Path,
    batch: &RecordBatch,
    extra_metadata: &[(String, String)],
) -> Result<(), StoreError> {
    let schema = batch.schema();
    let mut kv: Vec<KeyValue> = extra_metadata
        .iter()
        .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
        .collect();
    let defaults = [
        (
            KEY_SCHEMA_VERSION,
            schema
                .metadata()
                .get(KEY_SCHEMA_VERSION)
                .cloned()
                .unwrap_or_else(|| SCHEMA_VERSION.to_owned()),
        ),
        (
            KEY_TABLE,
            schema
                .metadata()
                .get(KEY_TABLE)
                .cloned()
                .unwrap_or_default(),
        ),
    ];
    for (k, v) in defaults {
        if !v.is_empty() && !extra_metadata.iter().any(|(ek, _)| ek == k) {
            kv.push(KeyValue::new(k.to_owned(), v));
        }
    }
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(kv))
        .build();
    let mut writer = ArrowWriter::try_new(BufWriter::new(file), schema.clone(), Some(props))
        .map_err(StoreError::parquet(path))?;
    writer.write(batch).map_err(StoreError::parquet(path))?;
    let buf = writer.into_inner().map_err(StoreError::parquet(path))?;
    buf.into_inner().map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        source: e.into_error(),
    })?;
    Ok(())
}

/// Write `value` as pretty-printed JSON with a trailing newline, atomically.
pub fn write_json_atomic<T: Serialize + ?Sized>(path: &Path, value: &T) -> Result<(), StoreError> {
    write_atomic(path, |file| fill_json(file, path, value))
}

/// Write `value` into `file` as pretty-printed JSON with a trailing newline.
pub(crate) fn fill_json<T: Serialize + ?Sized>(
    file: &mut File,
    path: &Path,
    value: &T,
) -> Result<(), StoreError> {
    let mut buf = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut buf, value).map_err(|source| StoreError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    buf.write_all(b"\n").map_err(StoreError::io(path))?;
    buf.flush().map_err(StoreError::io(path))?;
    Ok(())
}

/// Read every record batch of an Arrow IPC file.
pub fn read_ipc_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let file = File::open(path).map_err(StoreError::io(path))?;
    let reader = FileReader::try_new(BufReader::new(file), None).map_err(StoreError::ipc(path))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::ipc(path))
}

/// Read every record batch of a Parquet file (with the Arrow schema stored
/// in it, so dictionary and fixed-size-list columns come back as written).
pub fn read_parquet_file(path: &Path) -> Result<Vec<RecordBatch>, StoreError> {
    let file = File::open(path).map_err(StoreError::io(path))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(StoreError::parquet(path))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|source| StoreError::Parquet {
            path: path.to_path_buf(),
            source: source.into(),
        })
}
