//! File-system helpers: reads that stop at a size and open only regular
//! files, and the path checks that keep a build inside the site folder.
//! This module imports nothing else from gloss.

use std::fs::{File, FileType};
use std::io;
use std::path::{Path, PathBuf};

/// What a FIFO, socket or device is called in an error, or `None` for a
/// regular file or a folder. Opening a FIFO waits, forever, for something
/// to write into it; a device can be endless (`/dev/zero`) or have effects
/// when opened; none of them is a file of a site.
pub fn special_kind(file_type: &FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
    }
    let _ = file_type;
    None
}

/// The error of a read refused because the path is not a regular file;
/// [`not_regular`] finds it again inside an `io::Error`.
#[derive(Debug)]
struct NotRegular(&'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "it is {}, not a regular file", self.0)
    }
}

impl std::error::Error for NotRegular {}

/// What the file was (`a named pipe (FIFO)`) when `err` is a refusal of
/// [`open_regular`].
pub fn not_regular(err: &io::Error) -> Option<&'static str> {
    err.get_ref()
        .and_then(|inner| inner.downcast_ref::<NotRegular>())
        .map(|refused| refused.0)
}

fn refuse(file_type: &FileType) -> io::Result<()> {
    match special_kind(file_type) {
        Some(kind) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            NotRegular(kind),
        )),
        None => Ok(()),
    }
}

/// Opens `path` for reading, unless it is a FIFO, socket or device. The
/// type is checked before opening, so that nothing special is ever opened,
/// and again on the open file, in case the path was swapped in between;
/// the open itself does not wait (`O_NONBLOCK`), which changes nothing for
/// a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    refuse(&std::fs::metadata(path)?.file_type())?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    refuse(&file.metadata()?.file_type())?;
    Ok(file)
}

/// The file's bytes, or `None` when it is over `max` bytes. Reads at most
/// `max + 1` bytes, so even a huge file costs nothing; refuses what is not
/// a regular file (see [`open_regular`]).
pub fn read_capped(path: &Path, max: u64) -> io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_regular(path)?.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// Copies the regular file `from` to `to`, refusing a source over `max`
/// bytes (the copy is then removed).
pub fn copy_capped(from: &Path, to: &Path, max: u64) -> io::Result<()> {
    use std::io::Read;
    let source = open_regular(from)?;
    let permissions = source.metadata()?.permissions();
    let mut target = File::create(to)?;
    target.set_permissions(permissions)?;
    let copied = io::copy(&mut source.take(max + 1), &mut target)?;
    if copied > max {
        drop(target);
        let _ = std::fs::remove_file(to);
        return Err(io::Error::other(format!(
            "the file is over {} MiB",
            max >> 20
        )));
    }
    Ok(())
}

/// The site folder with every symbolic link resolved, to compare links against.
pub fn real_path(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Whether `path`, with its links resolved, is outside `real_root`: a file
/// read by name rather than found by a walk (`site.yaml`, a file the
/// preview server was told changed) gets the same rule as the walks.
pub fn outside_site(real_root: &Path, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|real| !real.starts_with(real_root))
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn fifo(dir: &Path) -> PathBuf {
        let path = dir.join("pipe");
        let status = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        path
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = fifo(dir.path());
        let err = read_capped(&path, 10).unwrap_err();
        assert_eq!(not_regular(&err), Some("a named pipe (FIFO)"));
        assert_eq!(
            err.to_string(),
            "it is a named pipe (FIFO), not a regular file"
        );
        let err = copy_capped(&path, &dir.path().join("copy"), 10).unwrap_err();
        assert_eq!(not_regular(&err), Some("a named pipe (FIFO)"));
    }

    #[test]
    fn a_socket_and_a_device_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("socket");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let err = read_capped(&socket, 10).unwrap_err();
        assert_eq!(not_regular(&err), Some("a socket"));
        let err = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(not_regular(&err), Some("a character device"));
    }

    #[test]
    fn reads_and_copies_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_capped(&path, 5).unwrap(), Some(b"12345".to_vec()));
        assert_eq!(read_capped(&path, 4).unwrap(), None);
        let copy = dir.path().join("b");
        copy_capped(&path, &copy, 5).unwrap();
        assert_eq!(std::fs::read(&copy).unwrap(), b"12345");
        assert!(copy_capped(&path, &copy, 4).is_err());
        assert!(!copy.exists(), "a copy over the cap is removed");
    }
}
