//! Helpers shared by the end-to-end tests: the `concord` binary under test,
//! pointed at the workspace's `models/` directory (the first call that needs
//! the model installs it there offline), and its output as text.
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (the test files live in `tests/`, the package in
/// `crates/concord-cli`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `concord --quiet`, using the workspace's models.
pub fn concord() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_concord"));
    cmd.env("CONCORD_MODELS", workspace_root().join("models"))
        .arg("--quiet");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
