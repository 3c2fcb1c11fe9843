//! Finding a model: a local directory, then the Hugging Face hub (or its
//! cache when `HF_HUB_OFFLINE` is set), then, for the default model only, an
//! offline install from registry packages.

use crate::install::{InstallEvent, OfflineInstaller};
use crate::manifest::{ModelManifest, DEFAULT_MODEL};
use crate::EmbedError;
use std::path::{Path, PathBuf};

/// How a model was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelOrigin {
    /// A directory on disk (`--model PATH` or `<models_root>/<name>`).
    LocalDir,
    /// The Hugging Face hub or its local cache.
    Hub,
    /// Installed just now from registry packages.
    OfflineInstall,
}

/// A model located on disk, ready for [`crate::SentenceEncoder::load_with`].
#[derive(Debug, Clone)]
pub struct ResolvedModel {
    /// Directory with config.json, tokenizer.json, model.safetensors.
    pub dir: PathBuf,
    /// The manifest, when known (built-in models found on the hub).
    pub manifest: Option<ModelManifest>,
    /// How it was found.
    pub origin: ModelOrigin,
}

/// Looks models up, in the documented order.
#[derive(Debug, Clone)]
pub struct ModelLocator {
    /// Root of installed models (`models/`).
    pub models_root: PathBuf,
    /// Whether the default model may be installed when missing.
    pub allow_install: bool,
}

pub(crate) fn is_model_dir(dir: &Path) -> bool {
    dir.join("config.json").is_file()
        && dir.join("tokenizer.json").is_file()
        && dir.join("model.safetensors").is_file()
}

fn hub_offline() -> bool {
    std::env::var("HF_HUB_OFFLINE")
        .map(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            )
        })
        .unwrap_or(false)
}

impl ModelLocator {
    /// Locate `spec`: a path, a built-in name (`multilingual-e5-small`) or a hub id.
    pub fn locate(
        &self,
        spec: &str,
        on_event: &mut dyn FnMut(InstallEvent),
    ) -> Result<ResolvedModel, EmbedError> {
        let mut tried = Vec::new();
        let as_path = Path::new(spec);
        if as_path.is_dir() {
            if is_model_dir(as_path) {
                return Ok(ResolvedModel {
                    dir: as_path.to_owned(),
                    manifest: None,
                    origin: ModelOrigin::LocalDir,
                });
            }
            return Err(EmbedError::ModelNotFound {
                model: spec.to_owned(),
                tried: format!(
                    "{} lacks config.json, tokenizer.json or model.safetensors",
                    as_path.display()
                ),
            });
        }
        let builtin = ModelManifest::find(spec);
        let local_name = builtin
            .as_ref()
            .map(|m| m.name.clone())
            .unwrap_or_else(|| spec.rsplit('/').next().unwrap_or(spec).to_owned());
        let local = self.models_root.join(&local_name);
        if is_model_dir(&local) {
            return Ok(ResolvedModel {
                dir: local,
                manifest: None,
                origin: ModelOrigin::LocalDir,
            });
        }
        tried.push(format!("no model directory at {}", local.display()));

        let hub_id = builtin
            .as_ref()
            .map(|m| m.model_id.clone())
            .unwrap_or_else(|| spec.to_owned());
        if hub_id.contains('/') {
            match self.fetch_from_hub(&hub_id) {
                Ok(Some(dir)) => {
                    return Ok(ResolvedModel {
                        dir,
                        manifest: builtin,
                        origin: ModelOrigin::Hub,
                    })
                }
                Ok(None) => {
                    tried.push(format!("{hub_id} is not in the hub cache (HF_HUB_OFFLINE)"))
                }
                Err(e) => tried.push(e.to_string()),
            }
        }

        match builtin {
            Some(manifest) if manifest.offline_install.is_some() && self.allow_install => {
                let installer = OfflineInstaller::from_env(&self.models_root);
                let dir = installer.install(&manifest, &self.models_root, on_event)?;
                Ok(ResolvedModel {
                    dir,
                    manifest: None,
                    origin: ModelOrigin::OfflineInstall,
                })
            }
            _ => Err(EmbedError::ModelNotFound {
                model: spec.to_owned(),
                tried: tried.join("; "),
            }),
        }
    }

    /// The snapshot directory of a hub model, from the cache when offline.
    fn fetch_from_hub(&self, id: &str) -> Result<Option<PathBuf>, EmbedError> {
        const FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
        let mut paths = Vec::with_capacity(FILES.len());
        if hub_offline() {
            let cache = hf_hub::Cache::from_env().model(id.to_owned());
            for f in FILES {
                match cache.get(f) {
                    Some(p) => paths.push(p),
                    None => return Ok(None),
                }
            }
        } else {
            let hub = |source| EmbedError::Hub {
                model: id.to_owned(),
                source,
            };
            let api = hf_hub::api::sync::ApiBuilder::from_env()
                .with_progress(false)
                .build()
                .map_err(hub)?;
            let repo = api.model(id.to_owned());
            for f in FILES {
                paths.push(repo.get(f).map_err(hub)?);
            }
        }
        Ok(paths.first().and_then(|p| p.parent()).map(Path::to_owned))
    }

    /// The default model's name.
    pub fn default_model() -> &'static str {
        DEFAULT_MODEL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_model_offline_reports_where_it_looked() {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("HF_HUB_OFFLINE", "1");
        let locator = ModelLocator {
            models_root: dir.path().to_owned(),
            allow_install: false,
        };
        let err = locator
            .locate("someone/unknown-encoder", &mut |_| {})
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown-encoder"), "{err}");
        assert!(err.contains("no model directory"), "{err}");
    }

    #[test]
    fn a_directory_without_weights_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), "{}").unwrap();
        let locator = ModelLocator {
            models_root: dir.path().to_owned(),
            allow_install: false,
        };
        let spec = dir.path().to_string_lossy().into_owned();
        let err = locator.locate(&spec, &mut |_| {}).unwrap_err().to_string();
        assert!(err.contains("model.safetensors"), "{err}");
    }
}
