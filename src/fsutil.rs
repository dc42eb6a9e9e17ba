//! File-system helpers: reads that stop at a size, and the path checks that
//! keep a build inside the site folder. This module imports nothing else
//! from gloss.

use std::path::{Path, PathBuf};

/// The file's bytes, or `None` when it is over `max` bytes. Reads at most
/// `max + 1` bytes, so even a huge file costs nothing.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// The site folder with every symbolic link resolved, to compare links against.
pub fn real_path(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `entry` is a symbolic link to something outside `real_root`, noting
/// it in `outside`. Such a link is not followed: publishing the site would
/// publish whatever it points to, such as a key in the home folder.
pub fn leaves_site(
    real_root: &Path,
    entry: &walkdir::DirEntry,
    outside: &mut Vec<PathBuf>,
) -> bool {
    let leaves = entry.path_is_symlink()
        && std::fs::canonicalize(entry.path()).is_ok_and(|real| !real.starts_with(real_root));
    if leaves {
        outside.push(entry.path().to_path_buf());
    }
    leaves
}

/// `path` as shown to the user: relative to the site root when inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
