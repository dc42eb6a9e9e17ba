//! Texts a run needs again later but need not hold meanwhile, in an
//! anonymous temporary file, which the system removes when the last text in
//! it is dropped, however the program ends. At 100,000 articles each kind is
//! the better part of a gigabyte:
//!
//! - the articles' Markdown bodies, from the moment their file is read
//!   until the pass that renders them; the front matter stays in memory,
//!   for the stages between and their errors;
//! - the rendered bodies, from that pass until their pages and the search
//!   index read them back.
//!
//! `serve` keeps both there from save to save, where the next rebuild
//! reuses them: a save adds only the bodies it read or rendered again, and
//! a change that renders every body again starts a new file. `lsp` keeps
//! them in memory instead: it reads an article again at every keystroke.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// An append-only store of texts, written and read from many threads.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// Where the next text goes: each writer takes its range first, so
    /// writers never wait for one another.
    end: AtomicU64,
}

impl Spill {
    pub fn new() -> io::Result<Self> {
        Ok(Spill {
            file: tempfile::tempfile()?,
            end: AtomicU64::new(0),
        })
    }

    /// Stores `text`; returns where it is.
    pub fn put(&self, text: &str) -> io::Result<Range<u64>> {
        let len = text.len() as u64;
        let start = self.end.fetch_add(len, Ordering::Relaxed);
        write_all_at(&self.file, text.as_bytes(), start)?;
        Ok(start..start + len)
    }

    /// The text stored at `at`.
    pub fn get(&self, at: &Range<u64>) -> io::Result<String> {
        let len = usize::try_from(at.end - at.start)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "text too long"))?;
        let mut bytes = vec![0; len];
        read_exact_at(&self.file, &mut bytes, at.start)?;
        String::from_utf8(bytes).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
    }
}

/// A text that is in memory, or in a [`Spill`].
#[derive(Debug, Clone)]
pub enum Stored {
    Here(std::sync::Arc<str>),
    Spilled(std::sync::Arc<Spill>, Range<u64>),
}

impl Stored {
    pub fn text(&self) -> io::Result<Cow<'_, str>> {
        match self {
            Stored::Here(text) => Ok(Cow::Borrowed(text)),
            Stored::Spilled(spill, at) => spill.get(at).map(Cow::Owned),
        }
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_write(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        let n = file.seek_read(bytes, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn texts_written_from_many_threads_read_back_whole() {
        let spill = Spill::new().unwrap();
        let texts: Vec<String> = (0..200).map(|i| format!("<p>body {i} ü</p>")).collect();
        let places: Vec<Range<u64>> = texts.par_iter().map(|t| spill.put(t).unwrap()).collect();
        for (text, at) in texts.iter().zip(&places) {
            assert_eq!(&spill.get(at).unwrap(), text);
        }
    }
}
