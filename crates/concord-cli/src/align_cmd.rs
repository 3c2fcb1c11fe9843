//! `concord align A B --out DIR`: align exactly two documents that translate
//! each other, monotonically (beads 1-1 up to 1-5 and 5-1, 1-0, 0-1), and
//! write the usual run tables; `alignments` holds the beads as sentence index
//! ranges (`a_first`, `a_last`, `b_first`, `b_last`; an empty side is null).

use crate::run_cmd::{self, RunArgs};
use crate::GlobalOptions;
use anyhow::Result;
use clap::Args;
use concord_embed::{DeviceSpec, DEFAULT_MODEL};
use concord_normalize::SegmentationMode;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(crate) struct AlignArgs {
    /// First document (side a).
    a: PathBuf,
    /// Second document (side b).
    b: PathBuf,
    /// Output directory for the tables and manifest.json.
    #[arg(long)]
    out: PathBuf,
    /// Sentence segmentation: rules, or lines (one sentence per non-empty line).
    #[arg(long, default_value = "rules")]
    segmentation: SegmentationMode,
    /// Model: built-in name, hub id or model directory.
    #[arg(long, default_value = DEFAULT_MODEL)]
    model: String,
    /// cpu, cuda[:N] or metal[:N].
    #[arg(long, default_value = "cpu")]
    device: DeviceSpec,
}

pub(crate) fn run(global: &GlobalOptions, args: &AlignArgs) -> Result<ExitCode> {
    for path in [&args.a, &args.b] {
        if !path.is_file() {
            anyhow::bail!(
                "{} is not a file (concord align takes two documents)",
                path.display()
            );
        }
    }
    let run_args = RunArgs {
        inputs: vec![args.a.clone(), args.b.clone()],
        out: args.out.clone(),
        model: args.model.clone(),
        device: args.device,
        segmentation: args.segmentation,
        parallel: true,
        max_doc_bytes: concord_ingest::DEFAULT_MAX_DOC_BYTES,
    };
    run_cmd::run(global, &run_args)
}
