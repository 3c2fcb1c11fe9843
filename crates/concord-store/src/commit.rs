//! Committing every file of one run at once, and finishing or undoing an
//! interrupted commit.
//!
//! A run directory holds many files (sixteen tables, the manifest, the
//! embedding cache) that must always belong to the same generation: a
//! reader that combines `sentences` from one run with `alignments` from the
//! next gets wrong answers without any error. Replacing each file atomically
//! is not enough, since a process killed between two renames leaves a mix.
//! So a writer goes through this protocol:
//!
//! 1. **Stage.** Every new file is written to a temporary next to its
//!    target, `.<target>.<random>.tmp`, and fsynced ([`StagedCommit::stage`]).
//!    The previous files are untouched.
//! 2. **Journal.** The list of renames (temporary → target) is written to
//!    [`JOURNAL_FILE`] atomically (temporary, fsync, rename, fsync of the
//!    directory). From this moment the commit has happened: every staged file
//!    is complete, and nothing deletes them.
//! 3. **Rename** every temporary over its target, in staging order (the
//!    manifest last), then fsync the directory.
//! 4. **Clean up**: delete the journal and fsync the directory.
//!
//! [`recover`] brings a directory back to one generation after a crash at
//! any point: if a journal exists it *rolls forward* (renames the temporaries
//! it lists that are still there; one that is gone was already renamed), then
//! deletes it; any other temporary (`.*.tmp`, see [`is_temp_name`]) belongs
//! to a commit that never reached step 2 and is deleted. Afterwards the
//! directory holds exactly the previous generation or exactly the new one.
//!
//! Recovery must not run while another process stages files, so it is tied
//! to two lock files (`flock`-style advisory locks, released by the kernel
//! when a process dies, so a killed writer never leaves a stale lock):
//!
//! * [`WRITER_LOCK_FILE`] is held exclusively by the one process writing the
//!   directory ([`WriterLock`]), for its whole run.
//! * [`COMMIT_LOCK_FILE`] is held exclusively while renaming (step 2–4) or
//!   recovering, and shared by readers ([`ReaderLock`]) while they read, so
//!   a reader never sees a commit half-way.
//!
//! A reader recovers only when nobody writes or reads the directory; a
//! writer recovers right after taking its lock, before reading the previous
//! run.

use crate::atomic::{fill_ipc, fill_json, fill_parquet, sync_dir, write_json_atomic, write_temp};
use crate::error::StoreError;
use arrow::record_batch::RecordBatch;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// The commit journal: present only while a commit renames its files, or
/// after a crash during that step.
pub const JOURNAL_FILE: &str = ".concord-commit.json";
/// Held exclusively by the process writing a run directory, for its whole run.
pub const WRITER_LOCK_FILE: &str = ".concord-writer.lock";
/// Held exclusively while committing or recovering, shared while reading.
pub const COMMIT_LOCK_FILE: &str = ".concord-commit.lock";

/// Whether `name` is a temporary written by this crate (`.<target>.<random>.tmp`).
pub fn is_temp_name(name: &str) -> bool {
    name.len() > 1 + crate::TEMP_SUFFIX.len()
        && name.starts_with('.')
        && name.ends_with(crate::TEMP_SUFFIX)
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct JournalEntry {
    /// File name of the staged temporary.
    temp: String,
    /// File name it is renamed to.
    target: String,
}

/// Contents of [`JOURNAL_FILE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Journal {
    /// Renames in the order they are made.
    renames: Vec<JournalEntry>,
}

/// A staged file: its temporary (deleted on drop until committed) and target.
#[derive(Debug)]
struct StagedFile {
    temp: TempPath,
    target: String,
}

/// New files of one run directory, written to temporaries and made visible
/// together by [`StagedCommit::commit`] (see the [module docs](self)).
///
/// Dropping it without committing deletes the temporaries.
#[derive(Debug)]
pub struct StagedCommit {
    dir: PathBuf,
    staged: Vec<StagedFile>,
}

impl StagedCommit {
    /// Start staging files for `dir`, creating it if needed.
    pub fn new(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        Ok(Self {
            dir: dir.to_path_buf(),
            staged: Vec::new(),
        })
    }

    /// The run directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// File names staged so far, in staging (= rename) order.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.staged.iter().map(|s| s.target.as_str())
    }

    /// Stage `target` (a file name inside the directory): `fill` writes its
    /// whole content into a temporary, which is then fsynced. Staging the
    /// same target again replaces the earlier content.
    pub fn stage<F>(&mut self, target: &str, fill: F) -> Result<(), StoreError>
    where
        F: FnOnce(&mut File, &Path) -> Result<(), StoreError>,
    {
        if !is_plain_name(target) || is_reserved_name(target) {
            return Err(StoreError::Journal {
                path: self.dir.join(JOURNAL_FILE),
                entry: Some(target.to_owned()),
                problem: "a staged file must be a plain file name that is not a temporary, lock or journal",
            });
        }
        let path = self.dir.join(target);
        let tmp = write_temp(&self.dir, target, |file| fill(file, &path))?;
        self.staged.retain(|s| s.target != target);
        self.staged.push(StagedFile {
            temp: tmp.into_temp_path(),
            target: target.to_owned(),
        });
        Ok(())
    }

    /// Stage `batch` as the Arrow IPC file `target`.
    pub fn stage_ipc(&mut self, target: &str, batch: &RecordBatch) -> Result<(), StoreError> {
        self.stage(target, |file, path| fill_ipc(file, path, batch))
    }

    /// Stage `batch` as the Parquet file `target` (see [`crate::write_parquet`]).
    pub fn stage_parquet(
        &mut self,
        target: &str,
        batch: &RecordBatch,
        extra_metadata: &[(String, String)],
    ) -> Result<(), StoreError> {
        self.stage(target, |file, path| {
            fill_parquet(file, path, batch, extra_metadata)
        })
    }

    /// Stage `value` as the pretty-printed JSON file `target`.
    pub fn stage_json<T: Serialize + ?Sized>(
        &mut self,
        target: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        self.stage(target, |file, path| fill_json(file, path, value))
    }

    /// Make every staged file visible: journal, renames, directory fsync,
    /// journal deleted. Once the journal is written the commit stands: a
    /// crash or an error after that point is finished by [`recover`].
    ///
    /// Call it while holding the commit lock ([`WriterLock::commit`] does)
    /// when other processes may use the directory.
    pub fn commit(self) -> Result<(), StoreError> {
        self.commit_renaming(usize::MAX)
    }

    /// [`commit`](Self::commit), stopping after `limit` renames (as a crash
    /// would); for the crate's own crash tests.
    fn commit_renaming(self, limit: usize) -> Result<(), StoreError> {
        if self.staged.is_empty() {
            return Ok(());
        }
        let journal_path = self.dir.join(JOURNAL_FILE);
        let journal = Journal {
            renames: self
                .staged
                .iter()
                .map(|s| JournalEntry {
                    temp: file_name(&s.temp),
                    target: s.target.clone(),
                })
                .collect(),
        };
        write_json_atomic(&journal_path, &journal)?;
        // The journal now owns the temporaries: never delete them from here on.
        let renames: Vec<(PathBuf, PathBuf)> = self
            .staged
            .into_iter()
            .map(|s| {
                let target = self.dir.join(&s.target);
                (s.temp.keep_path(), target)
            })
            .collect();
        for (temp, target) in renames.iter().take(limit) {
            std::fs::rename(temp, target).map_err(StoreError::io(target))?;
        }
        if limit < renames.len() {
            return Ok(());
        }
        sync_dir(&self.dir);
        std::fs::remove_file(&journal_path).map_err(StoreError::io(&journal_path))?;
        sync_dir(&self.dir);
        Ok(())
    }
}

/// Keep a temporary's file (disarm its deletion on drop) and return its path.
trait KeepPath {
    fn keep_path(self) -> PathBuf;
}

impl KeepPath for TempPath {
    fn keep_path(self) -> PathBuf {
        let path = self.to_path_buf();
        // `keep` only fails on platforms where a path cannot be persisted;
        // the file stays either way, since it is renamed next.
        match self.keep() {
            Ok(kept) => kept,
            Err(e) => {
                std::mem::forget(e.path);
                path
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A bare file name: no separators, not `.` or `..`, not empty.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains('/')
        && !name.contains('\\')
        && !name.contains('\0')
}

fn is_reserved_name(name: &str) -> bool {
    is_temp_name(name)
        || name == JOURNAL_FILE
        || name == WRITER_LOCK_FILE
        || name == COMMIT_LOCK_FILE
}

/// What [`recover`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Staged files of an interrupted commit that were renamed into place.
    pub finished_renames: usize,
    /// Whether a journal was found (an interrupted commit was finished).
    pub finished_commit: bool,
    /// Temporaries of a run that never committed, deleted.
    pub removed_temps: usize,
}

impl Recovery {
    /// Nothing needed doing.
    pub fn is_clean(&self) -> bool {
        !self.finished_commit && self.removed_temps == 0
    }

    fn add(&mut self, other: Recovery) {
        self.finished_renames += other.finished_renames;
        self.finished_commit |= other.finished_commit;
        self.removed_temps += other.removed_temps;
    }
}

/// Bring `dir` back to one generation after a crash: finish an interrupted
/// commit from its journal, then delete stray temporaries.
///
/// Only call it when no other process is staging or committing in `dir`
/// (hold a [`WriterLock`], or use [`ReaderLock::acquire`], which does this
/// when it is safe).
pub fn recover(dir: &Path) -> Result<Recovery, StoreError> {
    let mut recovery = roll_forward(dir)?;
    let entries = std::fs::read_dir(dir).map_err(StoreError::io(dir))?;
    for entry in entries {
        let entry = entry.map_err(StoreError::io(dir))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_temp_name(name) {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => recovery.removed_temps += 1,
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path, source }),
        }
    }
    if recovery.removed_temps > 0 {
        sync_dir(dir);
    }
    Ok(recovery)
}

/// Finish the commit recorded in `dir`'s journal, if there is one.
fn roll_forward(dir: &Path) -> Result<Recovery, StoreError> {
    let journal_path = dir.join(JOURNAL_FILE);
    let bytes = match std::fs::read(&journal_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Recovery::default()),
        Err(source) => {
            return Err(StoreError::Io {
                path: journal_path,
                source,
            })
        }
    };
    let journal: Journal = serde_json::from_slice(&bytes).map_err(|source| StoreError::Json {
        path: journal_path.clone(),
        source,
    })?;
    let bad = |entry: &JournalEntry, problem: &'static str| StoreError::Journal {
        path: journal_path.clone(),
        entry: Some(format!("{} -> {}", entry.temp, entry.target)),
        problem,
    };
    for entry in &journal.renames {
        if !is_plain_name(&entry.temp) || !is_temp_name(&entry.temp) {
            return Err(bad(
                entry,
                "the staged file is not a temporary of this directory",
            ));
        }
        if !is_plain_name(&entry.target) || is_reserved_name(&entry.target) {
            return Err(bad(
                entry,
                "the target is not a plain file of this directory",
            ));
        }
    }
    let mut recovery = Recovery {
        finished_commit: true,
        ..Recovery::default()
    };
    for entry in &journal.renames {
        let (temp, target) = (dir.join(&entry.temp), dir.join(&entry.target));
        match std::fs::rename(&temp, &target) {
            Ok(()) => recovery.finished_renames += 1,
            // Renamed before the crash (temporaries listed in a journal are
            // never deleted otherwise).
            Err(e) if e.kind() == ErrorKind::NotFound && target.exists() => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(bad(
                    entry,
                    "neither the staged file nor its target exists; restore the directory from a backup or rerun `concord run --out`",
                ))
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: target,
                    source,
                })
            }
        }
    }
    sync_dir(dir);
    std::fs::remove_file(&journal_path).map_err(StoreError::io(&journal_path))?;
    sync_dir(dir);
    Ok(recovery)
}

/// Open (creating if needed) one of the lock files of `dir`. `Ok(None)` when
/// the directory is read-only to us and the file does not exist.
fn open_lock(dir: &Path, name: &str) -> Result<Option<File>, StoreError> {
    let path = dir.join(name);
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => Ok(Some(file)),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            match File::open(&path) {
                Ok(file) => Ok(Some(file)),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                Err(source) => Err(StoreError::Io { path, source }),
            }
        }
        Err(source) => Err(StoreError::Io { path, source }),
    }
}

/// Which kind of lock to take.
#[derive(Debug, Clone, Copy)]
enum LockKind {
    Exclusive,
    Shared,
}

/// Take `kind` of lock on `file`, calling `on_wait` once first if another
/// process holds a conflicting lock.
fn lock_blocking(
    file: &File,
    path: &Path,
    kind: LockKind,
    on_wait: &mut dyn FnMut(),
) -> Result<(), StoreError> {
    let attempt = match kind {
        LockKind::Exclusive => file.try_lock(),
        LockKind::Shared => file.try_lock_shared(),
    };
    match attempt {
        Ok(()) => Ok(()),
        Err(TryLockError::WouldBlock) => {
            on_wait();
            match kind {
                LockKind::Exclusive => file.lock(),
                LockKind::Shared => file.lock_shared(),
            }
            .map_err(StoreError::io(path))
        }
        Err(TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Try to take an exclusive lock without waiting; `Ok(false)` when another
/// process holds one.
fn try_exclusive(file: &File, path: &Path) -> Result<bool, StoreError> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(source)) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn required_lock(dir: &Path, name: &str) -> Result<File, StoreError> {
    let path = dir.join(name);
    open_lock(dir, name)?.ok_or_else(|| StoreError::Io {
        path,
        source: std::io::Error::from(ErrorKind::PermissionDenied),
    })
}

/// The right to write a run directory: held by one process at a time, for
/// its whole run (see the [module docs](self)). Released on drop.
#[derive(Debug)]
pub struct WriterLock {
    dir: PathBuf,
    _writer: File,
}

impl WriterLock {
    /// Create `dir` if needed, wait for any other writer to finish (calling
    /// `on_wait` once if there is one), then [`recover`] the directory.
    pub fn acquire(dir: &Path, mut on_wait: impl FnMut()) -> Result<(Self, Recovery), StoreError> {
        std::fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
        let writer = required_lock(dir, WRITER_LOCK_FILE)?;
        lock_blocking(
            &writer,
            &dir.join(WRITER_LOCK_FILE),
            LockKind::Exclusive,
            &mut on_wait,
        )?;
        let commit = required_lock(dir, COMMIT_LOCK_FILE)?;
        lock_blocking(
            &commit,
            &dir.join(COMMIT_LOCK_FILE),
            LockKind::Exclusive,
            &mut on_wait,
        )?;
        let recovery = recover(dir)?;
        drop(commit);
        Ok((
            Self {
                dir: dir.to_path_buf(),
                _writer: writer,
            },
            recovery,
        ))
    }

    /// The directory this lock is for.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Commit `staged` under the commit lock (waiting for readers to finish).
    pub fn commit(&self, staged: StagedCommit) -> Result<(), StoreError> {
        let commit = required_lock(&self.dir, COMMIT_LOCK_FILE)?;
        lock_blocking(
            &commit,
            &self.dir.join(COMMIT_LOCK_FILE),
            LockKind::Exclusive,
            &mut || {},
        )?;
        staged.commit()
    }
}

/// The right to read a run directory without a commit happening under it
/// (see the [module docs](self)). Released on drop.
#[derive(Debug)]
pub struct ReaderLock {
    _commit: Option<File>,
}

impl ReaderLock {
    /// Wait until no commit is under way in `dir` (calling `on_wait` if one
    /// is), recovering the directory first when nobody else uses it.
    ///
    /// In a directory we cannot write, no lock is taken; an interrupted
    /// commit there is an error, since finishing it needs write access.
    pub fn acquire(dir: &Path, mut on_wait: impl FnMut()) -> Result<(Self, Recovery), StoreError> {
        let mut recovery = Recovery::default();
        loop {
            let Some(writer) = open_lock(dir, WRITER_LOCK_FILE)? else {
                return Self::unlocked(dir, recovery);
            };
            let Some(commit) = open_lock(dir, COMMIT_LOCK_FILE)? else {
                return Self::unlocked(dir, recovery);
            };
            // Nobody writing or reading: a full recovery is safe.
            if try_exclusive(&writer, &dir.join(WRITER_LOCK_FILE))?
                && try_exclusive(&commit, &dir.join(COMMIT_LOCK_FILE))?
            {
                recovery.add(recover(dir)?);
            }
            drop(commit);
            drop(writer);
            let Some(commit) = open_lock(dir, COMMIT_LOCK_FILE)? else {
                return Self::unlocked(dir, recovery);
            };
            let commit_path = dir.join(COMMIT_LOCK_FILE);
            lock_blocking(&commit, &commit_path, LockKind::Shared, &mut on_wait)?;
            if !dir.join(JOURNAL_FILE).exists() {
                return Ok((
                    Self {
                        _commit: Some(commit),
                    },
                    recovery,
                ));
            }
            // A writer died while committing and another reader holds the
            // directory: finish the commit as soon as it lets go.
            drop(commit);
            let commit = required_lock(dir, COMMIT_LOCK_FILE)?;
            lock_blocking(&commit, &commit_path, LockKind::Exclusive, &mut on_wait)?;
            recovery.add(roll_forward(dir)?);
        }
    }

    fn unlocked(dir: &Path, recovery: Recovery) -> Result<(Self, Recovery), StoreError> {
        let journal = dir.join(JOURNAL_FILE);
        if journal.exists() {
            return Err(StoreError::Journal {
                path: journal,
                entry: None,
                problem: "an interrupted commit must be finished first, which needs write access to the directory",
            });
        }
        Ok((Self { _commit: None }, recovery))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn stage_text(commit: &mut StagedCommit, target: &str, text: &str) {
        commit
            .stage(target, |file, _| {
                use std::io::Write;
                file.write_all(text.as_bytes())
                    .map_err(StoreError::io(target))
            })
            .expect("stage");
    }

    fn read(dir: &Path, name: &str) -> String {
        fs::read_to_string(dir.join(name)).expect("read")
    }

    /// Generation `g` of a three-file directory.
    fn write_generation(dir: &Path, g: &str) -> StagedCommit {
        let mut commit = StagedCommit::new(dir).expect("new");
        for name in ["a.arrow", "b.parquet", "manifest.json"] {
            stage_text(&mut commit, name, &format!("{name} {g}"));
        }
        commit
    }

    fn generation(dir: &Path) -> Vec<String> {
        ["a.arrow", "b.parquet", "manifest.json"]
            .iter()
            .map(|n| read(dir, n))
            .collect()
    }

    fn expected(g: &str) -> Vec<String> {
        ["a.arrow", "b.parquet", "manifest.json"]
            .iter()
            .map(|n| format!("{n} {g}"))
            .collect()
    }

    #[test]
    fn commit_replaces_all_files_and_leaves_no_journal_or_temporaries() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write_generation(tmp.path(), "1")
            .commit()
            .expect("commit 1");
        write_generation(tmp.path(), "2")
            .commit()
            .expect("commit 2");
        assert_eq!(generation(tmp.path()), expected("2"));
        assert_eq!(names(tmp.path()), ["a.arrow", "b.parquet", "manifest.json"]);
    }

    #[test]
    fn a_crash_between_renames_is_rolled_forward() {
        for done in 0..=3 {
            let tmp = tempfile::tempdir().expect("tempdir");
            write_generation(tmp.path(), "1")
                .commit()
                .expect("commit 1");
            write_generation(tmp.path(), "2")
                .commit_renaming(done)
                .expect("partial commit");
            if done < 3 {
                assert!(tmp.path().join(JOURNAL_FILE).exists());
            }
            let recovery = recover(tmp.path()).expect("recover");
            assert_eq!(recovery.finished_renames, 3 - done);
            assert!(recovery.finished_commit || done == 3);
            assert_eq!(
                generation(tmp.path()),
                expected("2"),
                "after {done} renames"
            );
            assert_eq!(names(tmp.path()), ["a.arrow", "b.parquet", "manifest.json"]);
            // Recovering twice changes nothing.
            assert!(recover(tmp.path()).expect("again").is_clean());
        }
    }

    #[test]
    fn a_crash_before_the_journal_keeps_the_previous_generation() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write_generation(tmp.path(), "1")
            .commit()
            .expect("commit 1");
        let staged = write_generation(tmp.path(), "2");
        // A killed process runs no destructors: its temporaries stay.
        std::mem::forget(staged);
        assert_eq!(names(tmp.path()).len(), 6);
        let recovery = recover(tmp.path()).expect("recover");
        assert_eq!(recovery.removed_temps, 3);
        assert!(!recovery.finished_commit);
        assert_eq!(generation(tmp.path()), expected("1"));
        assert_eq!(names(tmp.path()), ["a.arrow", "b.parquet", "manifest.json"]);
    }

    #[test]
    fn dropping_a_staged_commit_deletes_its_temporaries() {
        let tmp = tempfile::tempdir().expect("tempdir");
        drop(write_generation(tmp.path(), "1"));
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn journals_naming_files_outside_the_directory_are_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        for (temp, target) in [
            ("../.x.tmp", "a.arrow"),
            (".x.tmp", "../a.arrow"),
            ("a.arrow", "b.arrow"),
            (".x.tmp", JOURNAL_FILE),
        ] {
            let journal = Journal {
                renames: vec![JournalEntry {
                    temp: temp.into(),
                    target: target.into(),
                }],
            };
            write_json_atomic(&tmp.path().join(JOURNAL_FILE), &journal).expect("journal");
            assert!(
                matches!(recover(tmp.path()), Err(StoreError::Journal { .. })),
                "{temp} -> {target}"
            );
        }
        fs::write(tmp.path().join(JOURNAL_FILE), "{\"renames\": [").expect("write");
        assert!(matches!(recover(tmp.path()), Err(StoreError::Json { .. })));
    }

    #[test]
    fn a_journal_entry_with_neither_file_is_an_error() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let journal = Journal {
            renames: vec![JournalEntry {
                temp: ".gone.arrow.x.tmp".into(),
                target: "gone.arrow".into(),
            }],
        };
        write_json_atomic(&tmp.path().join(JOURNAL_FILE), &journal).expect("journal");
        let err = recover(tmp.path()).expect_err("nothing to rename");
        assert!(err.to_string().contains("gone.arrow"), "{err}");
    }

    #[test]
    fn staging_reserved_or_nested_names_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut commit = StagedCommit::new(tmp.path()).expect("new");
        for name in ["", "../x", "a/b", JOURNAL_FILE, WRITER_LOCK_FILE, ".x.tmp"] {
            assert!(
                commit.stage(name, |_, _| Ok(())).is_err(),
                "{name:?} accepted"
            );
        }
        assert_eq!(commit.targets().count(), 0);
    }

    #[test]
    fn readers_recover_and_share_while_a_writer_blocks_other_writers() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write_generation(tmp.path(), "1")
            .commit()
            .expect("commit 1");
        write_generation(tmp.path(), "2")
            .commit_renaming(1)
            .expect("partial");
        // Two readers at once (as `concord diff DIR DIR`): the first recovers.
        let (first, recovery) = ReaderLock::acquire(tmp.path(), || {}).expect("reader 1");
        assert!(recovery.finished_commit);
        let (second, recovery) = ReaderLock::acquire(tmp.path(), || {}).expect("reader 2");
        assert!(recovery.is_clean());
        assert_eq!(generation(tmp.path()), expected("2"));
        drop((first, second));

        let (writer, _) = WriterLock::acquire(tmp.path(), || {}).expect("writer");
        // A second writer would wait: its lock file is held.
        let other = open_lock(tmp.path(), WRITER_LOCK_FILE)
            .expect("open")
            .expect("exists");
        assert!(!try_exclusive(&other, &tmp.path().join(WRITER_LOCK_FILE)).expect("try"));
        // A reader meanwhile neither waits nor deletes the writer's temporaries.
        let mut staged = StagedCommit::new(tmp.path()).expect("stage");
        stage_text(&mut staged, "a.arrow", "a.arrow 3");
        let (reader, recovery) = ReaderLock::acquire(tmp.path(), || {}).expect("reader");
        assert!(recovery.is_clean());
        drop(reader);
        writer.commit(staged).expect("commit 3");
        assert_eq!(read(tmp.path(), "a.arrow"), "a.arrow 3");
    }
}
