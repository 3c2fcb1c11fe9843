//! Expanding the input arguments (files and directories) into the list of
//! files to read, each with its `source` name.

use crate::IngestError;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One file to read and the name it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// `/`-separated name (see the crate docs for the rule).
    pub(crate) source: String,
    /// Where to read it.
    pub(crate) path: PathBuf,
}

/// Expand `inputs` in order. Directories are walked recursively, entries of
/// each directory in byte order of their names.
pub(crate) fn expand(
    inputs: &[PathBuf],
    extensions: &[String],
) -> Result<Vec<Candidate>, IngestError> {
    let extensions = normalize_extensions(extensions);
    let mut out = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|source| input_error(input, source))?;
        if meta.is_dir() {
            let prefix = dir_name(input).unwrap_or_default();
            walk_dir(input, &prefix, &extensions, &mut out)?;
        } else {
            let source = input
                .file_name()
                .unwrap_or(input.as_os_str())
                .to_string_lossy()
                .into_owned();
            out.push(Candidate {
                source,
                path: input.clone(),
            });
        }
    }
    Ok(out)
}

fn input_error(path: &Path, source: io::Error) -> IngestError {
    let path = path.to_path_buf();
    if source.kind() == io::ErrorKind::NotFound {
        IngestError::MissingInput { path, source }
    } else {
        IngestError::Input { path, source }
    }
}

/// The name a directory input contributes to its sources: its own file name,
/// or, for `.`, `..` and the like, the file name of its canonical path. The
/// file-system root has none.
fn dir_name(dir: &Path) -> Option<String> {
    let name = match dir.file_name() {
        Some(name) => name.to_owned(),
        None => fs::canonicalize(dir).ok()?.file_name()?.to_owned(),
    };
    Some(name.to_string_lossy().into_owned())
}

/// `["txt", ".MD", " "]` → `[".txt", ".md"]`: leading dots optional, case
/// ignored, blanks dropped.
fn normalize_extensions(extensions: &[String]) -> Vec<String> {
    extensions
        .iter()
        .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .map(|e| format!(".{e}"))
        .collect()
}

/// Whether `name` ends with one of the (normalized) extensions and has a stem.
fn has_extension(name: &str, extensions: &[String]) -> bool {
    let name = name.to_ascii_lowercase();
    extensions
        .iter()
        .any(|ext| name.len() > ext.len() && name.ends_with(ext.as_str()))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}/{name}")
    }
}

/// What a directory entry is, for the walk.
enum Kind {
    Dir,
    File,
    Skip,
}

fn kind_of(entry: &fs::DirEntry) -> Kind {
    match entry.file_type() {
        Ok(ft) if ft.is_dir() => Kind::Dir,
        Ok(ft) if ft.is_file() => Kind::File,
        // Symbolic links to files are read; links to directories are not
        // followed (no cycles, no walking out of the corpus). A dangling link
        // is kept so that it shows up as an unreadable document.
        Ok(ft) if ft.is_symlink() => match fs::metadata(entry.path()) {
            Ok(meta) if meta.is_file() => Kind::File,
            Ok(_) => Kind::Skip,
            Err(_) => Kind::File,
        },
        // FIFOs, sockets, devices: never part of a corpus directory.
        Ok(_) => Kind::Skip,
        // Unknown type: let reading it report the problem.
        Err(_) => Kind::File,
    }
}

fn walk_dir(
    dir: &Path,
    prefix: &str,
    extensions: &[String],
    out: &mut Vec<Candidate>,
) -> Result<(), IngestError> {
    let read_dir_error = |source| IngestError::ReadDir {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = fs::read_dir(dir)
        .map_err(read_dir_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_dir_error)?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let source = join(prefix, &name);
        match kind_of(&entry) {
            Kind::Dir => walk_dir(&entry.path(), &source, extensions, out)?,
            Kind::File if has_extension(&name, extensions) => out.push(Candidate {
                source,
                path: entry.path(),
            }),
            Kind::File | Kind::Skip => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_normalized_and_matched() {
        let exts = normalize_extensions(&["txt".into(), ".MD".into(), " ".into(), "tar.gz".into()]);
        assert_eq!(exts, [".txt", ".md", ".tar.gz"]);
        assert!(has_extension("新闻.txt", &exts));
        assert!(has_extension("記事.Md", &exts));
        assert!(has_extension("a.tar.gz", &exts));
        assert!(!has_extension("a.gz", &exts));
        assert!(!has_extension("txt", &exts));
        assert!(!has_extension("a.txt.bak", &exts));
        assert!(!has_extension("a.mdx", &exts));
    }

    #[test]
    fn join_uses_slashes() {
        assert_eq!(join("corpus", "zh"), "corpus/zh");
        assert_eq!(join("", "a.txt"), "a.txt");
    }

    #[test]
    fn dot_directory_takes_its_canonical_name() -> Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let corpus = tmp.path().join("コーパス");
        fs::create_dir_all(corpus.join("sub"))?;
        assert_eq!(dir_name(&corpus).as_deref(), Some("コーパス"));
        assert_eq!(
            dir_name(&corpus.join("sub/..")).as_deref(),
            Some("コーパス")
        );
        assert_eq!(dir_name(&corpus.join("sub/.")).as_deref(), Some("sub"));
        assert_eq!(dir_name(Path::new("/")), None);
        Ok(())
    }
}
