//! Reading `.gz` pages with a size cap, so a small "zip bomb" cannot exhaust memory.

use std::io::Read;

use crate::ExtractError;

/// Whether the bytes start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompress gzip bytes, failing with [`ExtractError::TooLarge`] once the output
/// passes `limit` bytes.
///
/// ```
/// use std::io::Write;
/// let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
/// enc.write_all(b"<p>hi</p>").unwrap();
/// let gz = enc.finish().unwrap();
/// assert_eq!(parallax_extract::gunzip(&gz, 1024).unwrap(), b"<p>hi</p>");
/// ```
pub fn gunzip(bytes: &[u8], limit: usize) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    decoder.take(limit as u64 + 1).read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(ExtractError::TooLarge {
            size: out.len(),
            limit,
        });
    }
    Ok(out)
}
