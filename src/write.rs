//! Stage 4, write: pages go into a staging folder beside the output folder, and
//! the output folder is replaced by it only once every page has rendered. A
//! failed build leaves the previous output as it was and no staging folder
//! behind. Output folders that would put the site's own files at risk are refused.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use std::sync::{Arc, Mutex};

use tempfile::TempDir;

use crate::diagnostics::{Code, Diagnostic};
use crate::interrupt;
use crate::theme::MAX_STATIC;

/// Where a run puts the files it makes: a staging folder (`build`), memory
/// (`serve`), or nowhere (`check`). Pages arrive from many threads at once.
pub trait Output: Sync {
    /// Writes one file; `file` is a path inside the site such as `articles/x/index.html`.
    fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies a file of the site (a static file) to `file`.
    fn copy(&self, file: &str, from: &Path) -> io::Result<()>;
    /// Puts at `file` a file that gloss made and keeps, unchanged, in its
    /// cache (a picture): the same as a copy, unless the output can share it.
    fn share(&self, file: &str, from: &Path) -> io::Result<()> {
        self.copy(file, from)
    }
    /// Writes one file made in parts, as they come: a file of gigabytes
    /// (`entities.json` of a large archive) need not be whole in memory.
    fn write_parts(&self, file: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        let whole: Vec<u8> = parts.flatten().collect();
        self.write(file, &whole)
    }
}

/// Files kept in memory, for the preview server: path inside the site -> bytes.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Vec<MemoryFile>>,
}

/// A file's path inside the site and its bytes.
pub type MemoryFile = (Arc<str>, Arc<[u8]>);

impl Memory {
    pub fn into_files(self) -> Vec<MemoryFile> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Memory {
    fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((Arc::from(file), Arc::from(bytes)));
        Ok(())
    }

    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        match crate::fsutil::read_capped(from, MAX_STATIC)? {
            Some(bytes) => self.write(file, &bytes),
            None => Err(io::Error::other(format!(
                "the file is over {} MiB",
                MAX_STATIC >> 20
            ))),
        }
    }
}

/// The files of an edition other than the default one, in its folder of
/// the output (`ar/`): its pages are rendered as if at the root.
pub struct InFolder<'a> {
    pub output: &'a dyn Output,
    /// `ar/`.
    pub folder: String,
}

impl Output for InFolder<'_> {
    fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        self.output.write(&format!("{}{file}", self.folder), bytes)
    }

    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        self.output.copy(&format!("{}{file}", self.folder), from)
    }

    fn share(&self, file: &str, from: &Path) -> io::Result<()> {
        self.output.share(&format!("{}{file}", self.folder), from)
    }

    fn write_parts(&self, file: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        (self.output).write_parts(&format!("{}{file}", self.folder), parts)
    }
}

/// Files rendered and dropped: `check` renders every page to find its errors.
pub struct Discard;

impl Output for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _: &str, _: &Path) -> io::Result<()> {
        Ok(())
    }

    fn write_parts(&self, _: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        parts.for_each(drop);
        Ok(())
    }
}

/// Makes `path` absolute and removes `.` and `..` without touching the disk,
/// then resolves symbolic links in the part that exists.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    // Canonicalize the longest existing prefix so a link cannot hide where we write.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// The file gloss leaves in every output folder it writes. A folder with files
/// but without it is someone else's, and is replaced only with `--force`.
pub const MARKER: &str = ".gloss-output";
const MARKER_TEXT: &str =
    "This folder is written by `gloss build` and replaced as a whole on every build.\n";

/// Refuses an output folder that is `/`, the home folder, the site root, one of
/// its input folders (or inside one), an ancestor of the site, or (unless
/// `force`) a folder with files that gloss did not write.
pub fn check_output(root: &Path, output: &Path, force: bool) -> Result<PathBuf, Box<Diagnostic>> {
    let refuse = |why: String| {
        Box::new(Diagnostic::error(Code::OutputRefused, output.to_path_buf(), why)
            .with_help("choose a separate folder, such as `public`, with `--output DIR` or `output_dir:` in site.yaml"))
    };
    let out =
        absolute(output).map_err(|e| refuse(format!("cannot resolve the output folder: {e}")))?;
    let root =
        absolute(root).map_err(|e| refuse(format!("cannot resolve the site folder: {e}")))?;
    if out.parent().is_none() {
        return Err(refuse("refusing to replace the filesystem root".into()));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home).is_ok_and(|home| home == out) {
            return Err(refuse("refusing to replace the home folder".into()));
        }
    }
    if root.starts_with(&out) {
        return Err(refuse(format!(
            "refusing to replace `{}`: it holds the site itself",
            out.display()
        )));
    }
    for input in ["content", "templates", "static"] {
        if out.starts_with(root.join(input)) {
            return Err(refuse(format!(
                "refusing to write into the site's `{input}/` folder"
            )));
        }
    }
    if out.is_file() {
        return Err(refuse(format!(
            "`{}` is a file, not a folder",
            out.display()
        )));
    }
    let foreign = fs::read_dir(&out).is_ok_and(|mut entries| entries.next().is_some())
        && !out.join(MARKER).is_file();
    if foreign && !force {
        return Err(Box::new(
            Diagnostic::error(
                Code::ForeignOutput,
                output.to_path_buf(),
                format!(
                    "`{}` holds files that gloss did not write; refusing to replace them",
                    out.display()
                ),
            )
            .with_help("choose an empty or new folder with `--output DIR`, or pass `--force` to replace this one"),
        ));
    }
    Ok(out)
}

/// A half-written site that becomes the output folder on [`Staging::commit`].
/// From its creation to its swap it is listed for removal should the build
/// be interrupted (see `interrupt.rs`).
pub struct Staging {
    /// `None` once committed.
    dir: Option<TempDir>,
    path: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Creates the staging folder next to `target`, so the final swap is a
    /// rename, after removing what killed builds left there.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        sweep_leftovers(target);
        let dir = interrupt::exclusive(|folders| {
            let dir = tempfile::Builder::new()
                .prefix(&format!(
                    "{}{}-",
                    leftover_prefix(target, "staging"),
                    std::process::id()
                ))
                .tempdir_in(parent)?;
            folders.push(dir.path().to_path_buf());
            io::Result::Ok(dir)
        })?;
        let staging = Staging {
            path: dir.path().to_path_buf(),
            dir: Some(dir),
            target: target.to_path_buf(),
        };
        fs::write(staging.path.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// The path of `file` in the staging folder, its folder made.
    fn place(&self, file: &str) -> io::Result<PathBuf> {
        place(&self.path, file)
    }

    /// Swaps the staging folder in place of the target, then removes the
    /// previous output. Dropping a `Staging` without committing removes it.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        let staged = dir.keep();
        let previous = interrupt::exclusive(|folders| {
            let result = swap(&staged, &self.target);
            interrupt::forget(folders, &staged);
            match &result {
                Ok(Some(previous)) => folders.push(previous.clone()),
                Ok(None) => {}
                Err(_) => {
                    let _ = fs::remove_dir_all(&staged);
                }
            }
            result
        })?;
        // The new output is in place; an interrupt now only shortens the
        // removal of the previous one.
        if let Some(previous) = previous {
            let removed = fs::remove_dir_all(&previous);
            interrupt::exclusive(|folders| interrupt::forget(folders, &previous));
            removed?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            interrupt::exclusive(|folders| {
                drop(dir);
                interrupt::forget(folders, &self.path);
            });
        }
    }
}

impl Output for Staging {
    fn write(&self, file: &str, bytes: &[u8]) -> io::Result<()> {
        let _writing = interrupt::writing();
        fs::write(self.place(file)?, bytes)
    }

    fn write_parts(&self, file: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        use std::io::Write;
        let _writing = interrupt::writing();
        let mut out = fs::File::create(self.place(file)?)?;
        for part in parts {
            out.write_all(&part)?;
        }
        Ok(())
    }

    fn copy(&self, file: &str, from: &Path) -> io::Result<()> {
        let _writing = interrupt::writing();
        crate::fsutil::copy_capped(from, &self.place(file)?, MAX_STATIC)
    }

    /// A hard link to the cached file: a second build of a site with a
    /// thousand pictures copied 4,000 files, which took two seconds. The
    /// output folder is replaced, never edited, by gloss, so the two names
    /// never part; on another file system it is a copy.
    fn share(&self, file: &str, from: &Path) -> io::Result<()> {
        let _writing = interrupt::writing();
        link_or_copy(from, &self.place(file)?)
    }
}

/// The path of `file` (`articles/x/index.html`) in `folder`, the folders
/// on the way made.
pub fn place(folder: &Path, file: &str) -> io::Result<PathBuf> {
    let path = folder.join(file);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    Ok(path)
}

/// Puts the file gloss keeps at `from` (a cached picture) at `to` as a hard
/// link, or as a copy where the two are on different file systems.
pub fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    fs::hard_link(from, to).or_else(|_| crate::fsutil::copy_capped(from, to, MAX_STATIC))
}

/// `.NAME.gloss-KIND-`: the start of a staging (or old output) folder's
/// name beside the output folder `target`; the owner's process id follows.
fn leftover_prefix(target: &Path, kind: &str) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.gloss-{kind}-")
}

/// Removes staging and old-output folders beside `target` whose build was
/// killed (its process is gone).
fn sweep_leftovers(target: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    for kind in ["staging", "old"] {
        sweep_orphans(parent, &leftover_prefix(target, kind));
    }
}

/// Removes the folders of `parent` named `PREFIX` + a process id + `-...`
/// whose process is gone: what a killed gloss left. Only names of that
/// pattern are touched, and only where the process table can be read.
pub fn sweep_orphans(parent: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = (name.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if let Some(pid) = pid {
            if is_dir && !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    }
}

/// Puts `staged` in place of `target`, and returns the folder that now
/// holds the previous output, to be removed. Where the system can exchange
/// two names in one step, the output folder is never missing, even if the
/// process is killed halfway; elsewhere it is missing for one rename.
fn swap(staged: &Path, target: &Path) -> io::Result<Option<PathBuf>> {
    if !target.exists() {
        return fs::rename(staged, target).map(|()| None);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the previous output, still named as ours.
            return Ok(Some(staged.to_path_buf()));
        }
    }
    let parent = target.parent().unwrap_or(Path::new("."));
    let old = tempfile::Builder::new()
        .prefix(&format!(
            "{}{}-",
            leftover_prefix(target, "old"),
            std::process::id()
        ))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(target, &old)?;
    if let Err(err) = fs::rename(staged, target) {
        // Put the previous output back before reporting.
        let _ = fs::rename(&old, target);
        return Err(err);
    }
    Ok(Some(old))
}

/// Writes `bytes` to `path` through a temporary file beside it and a
/// rename, so that a reader (or an interrupted build) never sees half a
/// file: the record of published URLs is written this way.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.gloss-{}", std::process::id()));
    let written = fs::write(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}
