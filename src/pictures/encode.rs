//! Making the sizes of each picture: decoded once, turned upright, resized
//! and encoded as WebP and in its own format, each file kept in the cache.
//! Pictures are made in parallel and each file is handed on as soon as it
//! is made or found in the cache, as pages are.
//!
//! The codecs are the `image` crate's (JPEG, PNG, and reading WebP) and
//! libwebp through the `webp` crate for writing it: `image` writes only
//! lossless WebP, which for a photo is larger than the JPEG it replaces.
//! Resizing is `fast_image_resize`'s Lanczos filter, several times quicker
//! than `image`'s own on large photos.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use fast_image_resize::{
    images::Image, FilterType, IntoImageView, ResizeAlg, ResizeOptions, Resizer,
};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, ImageReader};
use rayon::prelude::*;

use super::cache::Cache;
use super::{Format, Picture, MAX_FILE};
use crate::diagnostics::{Code, Diagnostic};

const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// One file of a picture, handed to the output.
pub enum Made<'a> {
    /// Made now.
    Bytes(&'a [u8]),
    /// Made by an earlier run, kept in the cache at this path.
    Cached(&'a Path),
}

/// Makes, or finds in `cache`, every file of `pictures`, handing each to
/// `give` with its output file; returns the pictures that could not be
/// decoded and the files the output refused.
pub fn produce(
    pictures: &[Arc<Picture>],
    cache: &Cache,
    give: &(dyn Fn(&str, Made) -> std::io::Result<()> + Sync),
) -> Vec<Diagnostic> {
    pictures
        .par_iter()
        .flat_map_iter(|picture| {
            crate::fault::isolate(&picture.shown, || produce_one(picture, cache, give))
                .unwrap_or_else(|error| vec![*error])
        })
        .collect()
}

fn produce_one(
    picture: &Picture,
    cache: &Cache,
    give: &(dyn Fn(&str, Made) -> std::io::Result<()> + Sync),
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut decoded: Option<DynamicImage> = None;
    for (file, width, format) in picture.files() {
        let name = file.rsplit('/').next().unwrap_or(&file);
        let cached = cache.path(name);
        let given = if cached.is_file() {
            give(&file, Made::Cached(&cached))
        } else {
            if decoded.is_none() {
                match decode(&picture.path) {
                    Ok(image) => decoded = Some(image),
                    Err(why) => return vec![broken(picture, &why)],
                }
            }
            let source = decoded.as_ref().expect("decoded above");
            match make(source, width, picture.height_at(width), format) {
                Ok(bytes) => {
                    // The cache only saves time: a build goes on without it.
                    let _ = cache.store(name, &bytes);
                    give(&file, Made::Bytes(&bytes))
                }
                Err(why) => return vec![broken(picture, &why)],
            }
        };
        if let Err(err) = given {
            problems.push(crate::diagnostics::Diagnostic::error(
                Code::CannotWrite,
                file.clone(),
                format!("cannot write: {err}"),
            ));
        }
    }
    problems
}

/// Error G0133, at the picture's first use.
fn broken(picture: &Picture, why: &str) -> Diagnostic {
    let (file, span) = &picture.first_use;
    Diagnostic::error(
        Code::BrokenPicture,
        &file.path,
        format!("`{}` cannot be decoded: {why}", picture.shown.display()),
    )
    .at(file, span.clone())
    .with_label("this picture")
    .with_help("the file is damaged or cut short (an interrupted copy or download?): export or copy it again")
}

/// Decodes the whole picture, upright, as 8-bit RGB or RGBA. A file cut
/// short is an error, not a picture with a grey bottom.
fn decode(path: &Path) -> Result<DynamicImage, String> {
    let bytes = match crate::fsutil::read_capped(path, MAX_FILE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err("the file grew past the limit while the site was built".into()),
        Err(err) => return Err(err.to_string()),
    };
    let format = image::guess_format(&bytes).map_err(|e| e.to_string())?;
    if format == image::ImageFormat::Jpeg && !ends_jpeg(&bytes) {
        return Err("the JPEG data ends before the picture does".into());
    }
    let mut decoder = ImageReader::with_format(Cursor::new(&bytes), format)
        .into_decoder()
        .map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    })
}

/// Whether JPEG data ends with its end-of-image marker. The JPEG decoder
/// fills the rows of a file cut short with grey and carries on; a
/// published picture with its bottom missing is a mistake to report.
/// Some cameras and editors pad the file after the marker, so the last
/// few kilobytes are searched.
fn ends_jpeg(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(16 << 10)..];
    tail.windows(2).any(|w| w == [0xFF, 0xD9])
}

/// One size of `source` in `format`.
fn make(source: &DynamicImage, width: u32, height: u32, format: Format) -> Result<Vec<u8>, String> {
    let resized;
    let image = if width == source.width() {
        source
    } else {
        resized = resize(source, width, height)?;
        &resized
    };
    encode(image, format)
}

fn resize(source: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, String> {
    let pixel_type = source.pixel_type().ok_or("unexpected pixel type")?;
    let mut target = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    let pixels = target.into_vec();
    let image = match source {
        DynamicImage::ImageRgba8(_) => {
            image::RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
        }
        _ => image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8),
    };
    image.ok_or_else(|| "the resized picture has the wrong size".into())
}

fn encode(image: &DynamicImage, format: Format) -> Result<Vec<u8>, String> {
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let mut out = Vec::new();
    let failed = |e: image::ImageError| e.to_string();
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(&rgb, width, height, ExtendedColorType::Rgb8)
                .map_err(failed)?;
        }
        Format::Png => {
            let color = if alpha {
                ExtendedColorType::Rgba8
            } else {
                ExtendedColorType::Rgb8
            };
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
                .write_image(image.as_bytes(), width, height, color)
                .map_err(failed)?;
        }
        Format::WebP => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(image.as_bytes(), width, height)
            } else {
                webp::Encoder::from_rgb(image.as_bytes(), width, height)
            };
            let memory = encoder
                .encode_simple(false, WEBP_QUALITY)
                .map_err(|e| format!("the WebP encoder failed: {e:?}"))?;
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}
