//! Reading one picture file: its bytes hashed, its format told from its
//! first bytes (not its name), its size read from its header without
//! decoding its pixels. A file unchanged since it was last probed (same
//! size, time and inode) is not read again: the preview server probes
//! every picture on every rebuild.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use image::{ImageDecoder, ImageFormat, ImageReader};
use rustc_hash::FxHashMap;

use super::{Format, MAX_FILE, MAX_PIXELS, SETTINGS};

/// What a probe finds of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub hash: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// Why a file cannot be published as a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeError {
    Missing,
    Unreadable(String),
    /// The file is over [`MAX_FILE`] bytes.
    TooLarge,
    /// Over [`MAX_PIXELS`]: (width, height).
    TooManyPixels(u32, u32),
    /// A format gloss does not publish, named.
    Unsupported(String),
    /// Not the picture its name says, or its header is damaged.
    Broken(String),
}

/// What a stat says of a file that changes when it does.
type Stamp = (u64, Option<SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), meta.modified().ok(), inode))
}

/// What a file held when it was probed, and what the probe found.
type Known = (Stamp, Result<Probed, ProbeError>);

/// The probes of earlier runs, by file.
#[derive(Default)]
pub struct Probes {
    known: Mutex<FxHashMap<PathBuf, Known>>,
}

impl Probes {
    /// Probes `path`, or answers from memory when the file is unchanged.
    pub fn probe(&self, path: &Path) -> Result<Probed, ProbeError> {
        let Some(stamp) = stamp(path) else {
            return Err(ProbeError::Missing);
        };
        let lock = || self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((known, result)) = lock().get(path) {
            if *known == stamp {
                return result.clone();
            }
        }
        let result = probe(path);
        lock().insert(path.to_path_buf(), (stamp, result.clone()));
        result
    }
}

/// Reads, hashes and measures the picture at `path`.
pub fn probe(path: &Path) -> Result<Probed, ProbeError> {
    let bytes = match crate::fsutil::read_capped(path, MAX_FILE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(ProbeError::TooLarge),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(ProbeError::Missing),
        Err(err) => return Err(ProbeError::Unreadable(err.to_string())),
    };
    let format = format_of(path, &bytes)?;
    let (width, height) = measure(&bytes, format)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ProbeError::TooManyPixels(width, height));
    }
    Ok(Probed {
        hash: content_hash(&bytes),
        format,
        width,
        height,
    })
}

/// The first 16 hex digits of the BLAKE3 hash of the settings and `bytes`:
/// a name that changes when either does, the same on every machine.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(SETTINGS.as_bytes());
    hasher.update(bytes);
    hasher.finalize().to_hex()[..16].to_string()
}

/// The format the bytes are in, whatever the file's name says.
fn format_of(path: &Path, bytes: &[u8]) -> Result<Format, ProbeError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(ImageFormat::Png) => Ok(Format::Png),
        Ok(ImageFormat::WebP) => Ok(Format::WebP),
        Ok(other) => Err(ProbeError::Unsupported(format!("{other:?}").to_uppercase())),
        Err(_) => {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp") {
                Err(ProbeError::Broken(format!(
                    "the file is named `.{ext}` but does not start as one"
                )))
            } else if ext.is_empty() {
                Err(ProbeError::Unsupported(
                    "a file of no known picture format".into(),
                ))
            } else {
                Err(ProbeError::Unsupported(format!("`.{ext}`")))
            }
        }
    }
}

/// Width and height as shown, from the header: a camera's portrait photo
/// is stored on its side with an orientation tag that turns it upright.
fn measure(bytes: &[u8], format: Format) -> Result<(u32, u32), ProbeError> {
    let broken = |err: image::ImageError| ProbeError::Broken(err.to_string());
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), image_format(format))
        .into_decoder()
        .map_err(broken)?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().map_err(broken)?;
    if width == 0 || height == 0 {
        return Err(ProbeError::Broken("the picture has no pixels".into()));
    }
    Ok(if turns_sideways(orientation) {
        (height, width)
    } else {
        (width, height)
    })
}

pub(super) fn turns_sideways(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

pub(super) fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::WebP => ImageFormat::WebP,
    }
}
