//! The files of a model: its configuration, tokenizer and weights, read from a folder
//! (checked against the folder's `SHA256SUMS`) or compiled into the binary.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::EmbedError;

/// The name of the default model, as its folder under `models/` is named.
pub const DEFAULT_MODEL_NAME: &str = "all-minilm-l6-v2";

/// The bytes of one model, ready to load.
#[derive(Clone)]
pub struct ModelFiles {
    /// Where the files came from (a folder, or `builtin:NAME`), for error messages.
    pub origin: String,
    /// `config.json` (BERT configuration).
    pub config: Vec<u8>,
    /// `tokenizer.json` (a `tokenizers` tokenizer).
    pub tokenizer: Vec<u8>,
    /// `model.safetensors` (weights, f16 or f32).
    pub weights: Vec<u8>,
}

impl std::fmt::Debug for ModelFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelFiles")
            .field("origin", &self.origin)
            .field("weights_bytes", &self.weights.len())
            .finish()
    }
}

const FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

impl ModelFiles {
    /// Read a model folder. When it holds a `SHA256SUMS` file (`HEX  NAME` lines, as
    /// `sha256sum` writes them), every listed file must match it.
    pub fn read(folder: &Path) -> Result<ModelFiles, EmbedError> {
        let read = |name: &str| {
            let path = folder.join(name);
            std::fs::read(&path).map_err(|e| EmbedError::File {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        };
        let [config, tokenizer, weights] = FILES.map(read);
        let files = ModelFiles {
            origin: folder.display().to_string(),
            config: config?,
            tokenizer: tokenizer?,
            weights: weights?,
        };
        let sums = folder.join("SHA256SUMS");
        if sums.exists() {
            let listing = std::fs::read_to_string(&sums).map_err(|e| EmbedError::File {
                path: sums.display().to_string(),
                reason: e.to_string(),
            })?;
            files.check(&listing, folder)?;
        }
        Ok(files)
    }

    /// The default model compiled into the binary (feature `builtin`), checked against
    /// the checksums shipped beside it.
    #[cfg(feature = "builtin")]
    pub fn builtin() -> Result<ModelFiles, EmbedError> {
        let files = ModelFiles {
            origin: format!("builtin:{DEFAULT_MODEL_NAME}"),
            config: include_bytes!("../../../models/all-minilm-l6-v2/config.json").to_vec(),
            tokenizer: include_bytes!("../../../models/all-minilm-l6-v2/tokenizer.json").to_vec(),
            weights: include_bytes!("../../../models/all-minilm-l6-v2/model.safetensors").to_vec(),
        };
        files.check(
            include_str!("../../../models/all-minilm-l6-v2/SHA256SUMS"),
            Path::new("models/all-minilm-l6-v2"),
        )?;
        Ok(files)
    }

    /// Compare each file with its line of a `SHA256SUMS` listing.
    fn check(&self, listing: &str, folder: &Path) -> Result<(), EmbedError> {
        for line in listing.lines() {
            let Some((expected, name)) = line.trim().split_once(char::is_whitespace) else {
                continue;
            };
            let name = name.trim().trim_start_matches('*');
            let bytes = match name {
                "config.json" => &self.config,
                "tokenizer.json" => &self.tokenizer,
                "model.safetensors" => &self.weights,
                _ => continue,
            };
            let found = sha256_hex(bytes);
            if !found.eq_ignore_ascii_case(expected) {
                return Err(EmbedError::Checksum {
                    path: folder.join(name).display().to_string(),
                    expected: expected.to_string(),
                    found,
                });
            }
        }
        Ok(())
    }
}

/// The SHA-256 of some bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_names_the_file_and_how_to_rebuild() {
        let error = ModelFiles::read(Path::new("/nonexistent/model")).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("/nonexistent/model/config.json"),
            "{message}"
        );
        assert!(message.contains("rebuild"), "{message}");
    }

    #[test]
    fn a_file_that_does_not_match_its_checksum_is_refused() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempdir()?;
        for name in FILES {
            std::fs::write(dir.join(name), b"x")?;
        }
        std::fs::write(
            dir.join("SHA256SUMS"),
            format!("{}  model.safetensors\n", sha256_hex(b"y")),
        )?;
        let error = ModelFiles::read(&dir).unwrap_err();
        assert!(matches!(error, EmbedError::Checksum { .. }), "{error}");
        assert!(error.to_string().contains("model.safetensors"));
        std::fs::write(
            dir.join("SHA256SUMS"),
            format!("{}  model.safetensors\n", sha256_hex(b"x")),
        )?;
        assert!(ModelFiles::read(&dir).is_ok());
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    fn tempdir() -> std::io::Result<std::path::PathBuf> {
        let dir = std::env::temp_dir().join(format!("parallax-embed-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    #[test]
    fn sha256_of_the_empty_string() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
