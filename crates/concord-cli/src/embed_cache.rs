//! The embedding cache of a run directory: sentence vectors keyed by model
//! (id, revision, weight format, prefix) and normalized sentence text, stored
//! as an Arrow IPC file next to the tables. Running again into the same
//! output directory embeds only sentences it has not seen, which is what
//! dominates the cost of re-ingesting a batch of articles. The file is
//! committed together with the tables (see `concord_store::commit`).

use crate::progress::Reporter;
use anyhow::{Context, Result};
use concord_core::stable_hash64;
use concord_embed::{Prefix, SentenceEncoder};
use concord_store::StagedCommit;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Cached vectors for one model configuration.
pub(crate) struct EmbeddingCache {
    path: PathBuf,
    dim: usize,
    model: String,
    vectors: HashMap<String, Vec<f32>>,
    /// Whether the file needs writing (new vectors, or no usable file).
    dirty: bool,
}

/// What [`EmbeddingCache::embed`] did.
pub(crate) struct CacheStats {
    pub hits: usize,
    pub embedded: usize,
}

impl EmbeddingCache {
    /// Open (or start) the cache in `dir` for `encoder`. An unreadable cache
    /// is reported and ignored: it only costs time.
    pub(crate) fn open(dir: &Path, encoder: &SentenceEncoder, reporter: &Reporter) -> Self {
        let key = stable_hash64([
            encoder.model_id(),
            encoder.revision(),
            &encoder.weight_format().to_string(),
            "passage",
        ]);
        let path = dir.join(format!("embedding_cache-{key:016x}.arrow"));
        let dim = encoder.dim();
        let mut vectors = HashMap::new();
        let mut dirty = true;
        if path.is_file() {
            match concord_store::read_embedding_file(&path) {
                Ok((texts, flat, file_dim)) if file_dim == dim => {
                    for (text, row) in texts.into_iter().zip(flat.chunks_exact(dim)) {
                        vectors.insert(text, row.to_vec());
                    }
                    dirty = false;
                }
                Ok((_, _, file_dim)) => reporter.warn(format!(
                    "{}: cached vectors have {file_dim} dimensions, the model {dim}; ignoring the cache",
                    path.display()
                )),
                Err(e) => reporter.warn(format!("{}: {e}; ignoring the cache", path.display())),
            }
        }
        Self {
            path,
            dim,
            model: encoder.model_id().to_owned(),
            vectors,
            dirty,
        }
    }

    /// Vectors for `texts` (row-major), embedding only the ones not cached.
    pub(crate) fn embed(
        &mut self,
        encoder: &SentenceEncoder,
        texts: &[&str],
        reporter: &Reporter,
    ) -> Result<(Vec<f32>, CacheStats)> {
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !self.vectors.contains_key(*t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let bar = reporter.bar(missing.len() as u64, "embed");
        let fresh = encoder
            .encode_with_progress(&missing, Prefix::Passage, |n| bar.inc(n as u64))
            .context("embedding sentences")?;
        bar.finish_and_clear();
        for (text, row) in missing.iter().zip(fresh.chunks_exact(self.dim)) {
            self.vectors.insert((*text).to_owned(), row.to_vec());
        }
        self.dirty |= !missing.is_empty();
        let mut out = Vec::with_capacity(texts.len() * self.dim);
        for text in texts {
            match self.vectors.get(*text) {
                Some(row) => out.extend_from_slice(row),
                None => anyhow::bail!("internal error: no vector for a sentence after embedding"),
            }
        }
        let stats = CacheStats {
            hits: texts.len() - missing.len().min(texts.len()),
            embedded: missing.len(),
        };
        Ok((out, stats))
    }

    /// Stage the cache file into `commit` (sorted by text, for
    /// determinism) when it changed, so it is replaced together with the
    /// tables.
    pub(crate) fn stage(&self, commit: &mut StagedCommit) -> Result<()> {
        if !self.dirty {
            return Ok(());
        }
        let mut texts: Vec<&String> = self.vectors.keys().collect();
        texts.sort();
        let mut flat = Vec::with_capacity(texts.len() * self.dim);
        for t in &texts {
            flat.extend_from_slice(&self.vectors[*t]);
        }
        let owned: Vec<String> = texts.into_iter().cloned().collect();
        let batch = concord_store::embedding_file_batch(&owned, &flat, self.dim, &self.model)
            .with_context(|| format!("building {}", self.path.display()))?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        commit
            .stage_ipc(&name, &batch)
            .with_context(|| format!("writing {}", self.path.display()))
    }
}
