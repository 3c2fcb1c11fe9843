//! `concord embed --input FILE --out FILE.arrow`: one text per line in, one
//! row (idx, text, vector) per line out.

use crate::models_cmd::open_encoder;
use crate::progress::Reporter;
use crate::GlobalOptions;
use anyhow::{Context, Result};
use clap::Args;
use concord_embed::{DeviceSpec, Prefix, DEFAULT_MODEL};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Args)]
pub(crate) struct EmbedArgs {
    /// UTF-8 text file, one text per line (a trailing `\r` is dropped).
    #[arg(long)]
    input: PathBuf,
    /// Output Arrow IPC file (columns idx, text, vector).
    #[arg(long)]
    out: PathBuf,
    /// Prefix put before every text: passage, query or none.
    #[arg(long, default_value = "passage")]
    prefix: Prefix,
    /// Model: built-in name, hub id or model directory.
    #[arg(long, default_value = DEFAULT_MODEL)]
    model: String,
    /// cpu, cuda[:N] or metal[:N].
    #[arg(long, default_value = "cpu")]
    device: DeviceSpec,
}

pub(crate) fn run(global: &GlobalOptions, args: &EmbedArgs) -> Result<ExitCode> {
    let reporter = Reporter::new(global.quiet);
    let bytes =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: invalid UTF-8 at byte {}",
            args.input.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    let load_start = Instant::now();
    let encoder = open_encoder(global, &args.model, args.device, &reporter)?;
    let load_ms = load_start.elapsed().as_secs_f64() * 1e3;
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let bar = reporter.bar(refs.len() as u64, "embed");
    let start = Instant::now();
    let vectors = encoder
        .encode_with_progress(&refs, args.prefix, |n| bar.inc(n as u64))
        .with_context(|| format!("embedding {}", args.input.display()))?;
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    concord_store::write_embedding_file(
        &args.out,
        &lines,
        &vectors,
        encoder.dim(),
        encoder.model_id(),
    )
    .with_context(|| format!("writing {}", args.out.display()))?;
    reporter.status(format!(
        "embedded {} lines in {:.2}s ({:.1} lines/s, model load {:.0} ms) -> {}",
        lines.len(),
        secs,
        lines.len() as f64 / secs.max(1e-9),
        load_ms,
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}
