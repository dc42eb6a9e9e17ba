//! The preview's built copy of the site, on disk: `gloss serve` keeps the
//! files it builds in a folder of its own, `.gloss-cache/serve/PID-*/` in the
//! site, and holds in memory only their names. At 100,000 articles the
//! site's HTML is about 5 GB: held in memory it was most of the server's
//! 9.7 GiB; on the site's own disk it costs the page cache, which the
//! system gives back when it needs to (a RAM-backed `/tmp` would not).
//!
//! A rebuild writes its files under temporary names ([`Staged`]) and moves
//! them into place only once the whole run succeeded, each by a rename, so
//! a request never reads half a file and a failed rebuild leaves the last
//! good files as they were. Each process has its own folder, so two
//! previews of one site never write over each other; the folder is removed
//! when the preview stops ([`PreviewFolder::close`]), and one left by a
//! killed process is removed by the next preview of the site.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tempfile::TempDir;

use crate::theme::MAX_STATIC;
use crate::write::{self, Output};

/// The folder of every preview's own folder, from the site's root: beside
/// the picture cache, on the site's disk.
pub const FOLDER: &str = ".gloss-cache/serve";

/// One preview's folder: `site/` holds the files served, `staged/` the
/// files of a rebuild not yet in place (on the same file system, so that
/// moving one into place is a rename).
pub struct PreviewFolder {
    /// `None` once closed: nothing is written after that.
    dir: RwLock<Option<TempDir>>,
    site: PathBuf,
    staged: PathBuf,
    /// Names the staged files, unique within the process.
    next: AtomicU64,
}

impl PreviewFolder {
    /// Creates this process's folder under `root`'s [`FOLDER`], after
    /// removing those whose process is gone.
    pub fn create(root: &Path) -> io::Result<PreviewFolder> {
        let parent = root.join(FOLDER);
        fs::create_dir_all(&parent)?;
        write::sweep_orphans(&parent, "");
        let dir = tempfile::Builder::new()
            .prefix(&format!("{}-", std::process::id()))
            .tempdir_in(&parent)?;
        let (site, staged) = (dir.path().join("site"), dir.path().join("staged"));
        fs::create_dir(&site)?;
        fs::create_dir(&staged)?;
        Ok(PreviewFolder {
            dir: RwLock::new(Some(dir)),
            site,
            staged,
            next: AtomicU64::new(0),
        })
    }

    /// The folder the files are served from.
    pub fn site(&self) -> &Path {
        &self.site
    }

    /// Where the file `file` (`articles/x/index.html`) is, once in place.
    pub fn path_of(&self, file: &str) -> PathBuf {
        self.site.join(file)
    }

    /// The bytes of `file`, as last put in place.
    pub fn read(&self, file: &str) -> io::Result<Vec<u8>> {
        fs::read(self.path_of(file))
    }

    /// A new set of files to write, none of them served until
    /// [`Staged::commit`]. With `in_place`, for a folder none of whose
    /// files is served yet (the first build), each is written straight
    /// where it goes: no request can read it half written, and the first
    /// build of a large site saves hundreds of thousands of renames.
    pub fn stage(self: &Arc<Self>, in_place: bool) -> Staged {
        Staged {
            folder: Arc::clone(self),
            files: Mutex::new(Vec::new()),
            in_place,
        }
    }

    /// Whether the folder is still there: the site folder can be replaced
    /// under a running preview (`git checkout`, a backup put back), and
    /// this folder, inside it, goes with the old one.
    pub fn is_intact(&self) -> bool {
        self.site.is_dir() && self.staged.is_dir()
    }

    /// Whether [`PreviewFolder::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.open().is_none()
    }

    /// Removes the files the site no longer has. A file already gone is
    /// no error: the folder is the preview's own.
    pub fn remove(&self, files: &[Arc<str>]) {
        let Some(_open) = self.open() else { return };
        for file in files {
            let _ = fs::remove_file(self.path_of(file));
        }
    }

    /// Removes the folder; writes after this fail. Waits for a write under
    /// way to end first, so that no file is made again after the removal.
    pub fn close(&self) -> io::Result<()> {
        let mut dir = self.dir.write().unwrap_or_else(|e| e.into_inner());
        match dir.take() {
            Some(dir) => dir.close(),
            None => Ok(()),
        }
    }

    /// Held while writing into the folder: `None` once it is closed.
    fn open(&self) -> Option<std::sync::RwLockReadGuard<'_, Option<TempDir>>> {
        let dir = self.dir.read().unwrap_or_else(|e| e.into_inner());
        dir.is_some().then_some(dir)
    }

    /// Where the staged file number `n` waits.
    fn staged(&self, n: u64) -> PathBuf {
        self.staged.join(n.to_string())
    }

    /// Runs `write` with a fresh staged path, or with the path of `file`
    /// in place, unless the folder is closed; returns the staged file's
    /// number, `None` in place.
    fn write_file(
        &self,
        file: &str,
        in_place: bool,
        write: impl FnOnce(&Path) -> io::Result<()>,
    ) -> io::Result<Option<u64>> {
        let Some(_open) = self.open() else {
            return Err(io::Error::other("the preview is stopping"));
        };
        if in_place {
            write(&write::place(&self.site, file)?)?;
            return Ok(None);
        }
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        write(&self.staged(n))?;
        Ok(Some(n))
    }
}

/// The files of one rebuild (or one search index), written under temporary
/// names. [`Staged::commit`] moves them into place; dropped without it,
/// they are removed and the files served stay as they were.
pub struct Staged {
    folder: Arc<PreviewFolder>,
    /// Each file's name in the site and the number it waits under (a
    /// number rather than a path: a rebuild of every page of a large site
    /// stages hundreds of thousands), `None` when written in place.
    files: Mutex<Vec<(Arc<str>, Option<u64>)>>,
    /// Whether files are written where they go (see [`PreviewFolder::stage`]).
    in_place: bool,
}

impl Staged {
    fn put(&self, file: &str, write: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        let staged = self.folder.write_file(file, self.in_place, write)?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((Arc::from(file), staged));
        Ok(())
    }

    fn take(&self) -> Vec<(Arc<str>, Option<u64>)> {
        std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Moves every file into place, each in one rename, and returns their
    /// names. On an error the files not yet moved are removed.
    pub fn commit(self) -> io::Result<Vec<Arc<str>>> {
        use rayon::prelude::*;
        let files = self.take();
        let folder = &self.folder;
        let Some(_open) = folder.open() else {
            return Err(io::Error::other("the preview is stopping"));
        };
        let moved: io::Result<()> = files.par_iter().try_for_each(|(file, n)| {
            let Some(n) = n else { return Ok(()) };
            let to = write::place(&folder.site, file)?;
            fs::rename(folder.staged(*n), &to)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", to.display())))
        });
        if let Err(err) = moved {
            for n in files.iter().filter_map(|(_, n)| *n) {
                let _ = fs::remove_file(folder.staged(n));
            }
            return Err(err);
        }
        Ok(files.into_iter().map(|(file, _)| file).collect())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Files written in place stay, unserved: the next build writes
        // every file again.
        for n in self.take().into_iter().filter_map(|(_, n)| n) {
            let _ = fs::remove_file(self.folder.staged(n));
        }
    }
}

impl Output for Staged {
    fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(file, |to| fs::write(to, bytes))
    }

    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        self.put(file, |to| crate::fsutil::copy_capped(from, to, MAX_STATIC))
    }

    /// A hard link to the cached picture: the preview's files are replaced
    /// by renames and removed, never written into, so the cache's copy is
    /// never changed through it.
    fn share(&self, file: &str, from: &Path) -> io::Result<()> {
        self.put(file, |to| write::link_or_copy(from, to))
    }
}
