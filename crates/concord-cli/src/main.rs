//! `concord`: the command-line front end of the Concord pipeline.
//!
//! `main` only parses arguments and maps the outcome of [`run`] to an exit
//! code: 0 for success, 1 for "differences found" (reserved for `diff`), 2
//! for any error. Every subcommand lives in its own module and talks to the
//! stage crates through their public APIs only.

mod align_cmd;
mod align_stage;
mod diff_cmd;
mod embed_cache;
mod embed_cmd;
mod event_stage;
mod incremental;
mod models_cmd;
mod progress;
mod report_cmd;
mod run_cmd;
mod run_dir;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Reconcile news reports of the same events across English, Chinese and
/// Japanese sources.
#[derive(Debug, Parser)]
#[command(name = "concord", version, about, long_about = None)]
struct Cli {
    /// Where installed models live (also `$CONCORD_MODELS`).
    #[arg(long, global = true, env = "CONCORD_MODELS", default_value = "models")]
    models_dir: PathBuf,
    /// No progress bars or status lines on stderr (errors are still printed).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline on files and directories and write Arrow tables
    /// (--out DIR), or add new and changed articles to an existing run (--into DIR).
    Run(run_cmd::RunCommand),
    /// Align two documents that translate each other, monotonically (beads).
    Align(align_cmd::AlignArgs),
    /// Embed one text per line of a file into an Arrow IPC file.
    Embed(embed_cmd::EmbedArgs),
    /// Compare two run directories: new, resolved and changed disagreements,
    /// new and dropped documents. Exit 1 when something new fails the check.
    Diff(diff_cmd::DiffArgs),
    /// Write a self-contained HTML report of a run (flags, cleaning).
    Report(report_cmd::ReportArgs),
    /// List, install or import embedding models.
    Models {
        #[command(subcommand)]
        command: models_cmd::ModelsCommand,
    },
}

/// What every subcommand gets besides its own arguments.
#[derive(Debug, Clone)]
pub(crate) struct GlobalOptions {
    pub models_dir: PathBuf,
    pub quiet: bool,
}

fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let global = GlobalOptions {
        models_dir: cli.models_dir,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Run(args) => run_cmd::run_command(&global, &args),
        Command::Align(args) => align_cmd::run(&global, &args),
        Command::Embed(args) => embed_cmd::run(&global, &args),
        Command::Diff(args) => diff_cmd::run(&global, &args),
        Command::Report(args) => report_cmd::run(&global, &args),
        Command::Models { command } => models_cmd::run(&global, &command),
    }
}

/// Write `text` to stdout and flush; errors go back to the caller (a closed
/// pipe becomes a quiet success in [`main`]).
pub(crate) fn write_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Whether `err` is, or was caused by, a closed pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        // `concord diff a b | head`: the reader left; like ripgrep, that is
        // a quiet success. Any other write error is an error (exit 2).
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "concord: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
