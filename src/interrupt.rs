//! Ctrl-C or `kill` during a build: the staging folder beside the output is
//! removed before the process exits, with the status a shell expects of a
//! process ended by that signal (130 for SIGINT, 143 for SIGTERM), and the
//! output folder is as it was. SIGKILL cannot be caught: what it leaves is
//! swept by the next build (`write::sweep_leftovers`).
//!
//! The folders to remove are kept in one lock. A writer holds it shared
//! while it writes a file, so the handler, which takes it exclusively and
//! never gives it back, removes a folder no thread is still filling; the
//! swap of the output holds it exclusively, so the handler never removes a
//! folder that is halfway into place. This module imports nothing else
//! from gloss.

use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard};

/// The folders to remove if the process is interrupted now.
static REMOVE: RwLock<Vec<PathBuf>> = RwLock::new(Vec::new());

/// Held while a file is written into a folder listed for removal: the
/// handler waits for it, and a writer that comes after the handler waits
/// until the process is gone.
pub fn writing() -> RwLockReadGuard<'static, Vec<PathBuf>> {
    REMOVE.read().unwrap_or_else(|e| e.into_inner())
}

/// Runs `change` with the list of folders to remove, the handler held off:
/// a folder created and listed here is never missed, and a swap done here
/// is never interrupted halfway.
pub fn exclusive<T>(change: impl FnOnce(&mut Vec<PathBuf>) -> T) -> T {
    let mut folders = REMOVE.write().unwrap_or_else(|e| e.into_inner());
    change(&mut folders)
}

/// Takes `folder` off the list (it was removed or put in place).
pub fn forget(folders: &mut Vec<PathBuf>, folder: &Path) {
    folders.retain(|f| f != folder);
}

/// Removes the listed folders and ends the process with `status`: after a
/// signal, or a render that would otherwise take the machine's memory.
pub fn remove_and_exit(status: i32) -> ! {
    let folders = REMOVE.write().unwrap_or_else(|e| e.into_inner());
    for folder in folders.iter() {
        let _ = std::fs::remove_dir_all(folder);
    }
    // Exits with the lock held: no writer starts again.
    std::process::exit(status)
}

/// From now on, SIGINT and SIGTERM remove the listed folders and end the
/// process with 128 + the signal's number. For `gloss build` only: the
/// preview server stops on Ctrl-C by itself, and a library caller keeps
/// its own signals.
#[cfg(unix)]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_and_exit(128 + signal);
            }
        })?;
    Ok(())
}

/// Elsewhere the system's default stays: the next build sweeps what an
/// interrupted one left.
#[cfg(not(unix))]
pub fn clean_up_on_signals() -> std::io::Result<()> {
    Ok(())
}
