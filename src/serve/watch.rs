//! Watching the site: `content/`, `templates/`, `static/` and `site.yaml`,
//! debounced so an editor's save-via-rename or a burst of writes rebuilds once.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Whether a changed path is part of the site (not an editor's swap file or the output).
fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary =
        name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913";
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    !temporary
        && (rel == Path::new("site.yaml") || first.is_some_and(|f| FOLDERS.contains(&f.as_str())))
}

/// Writes, creations, removals and renames; not reads (our own build reads every file).
fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

/// Starts a thread that owns the watcher and calls `on_change` with the
/// changed paths and a short summary, once per burst of changes.
pub fn spawn(
    root: &Path,
    mut on_change: impl FnMut(Vec<PathBuf>, String) + Send + 'static,
) -> notify::Result<()> {
    let root: PathBuf = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(20), None, tx)?;
    // The root itself, not recursively: site.yaml, and input folders created later.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watched: Vec<&str> = Vec::new();
    for folder in FOLDERS {
        if root.join(folder).is_dir() {
            debouncer.watch(root.join(folder), RecursiveMode::Recursive)?;
            watched.push(folder);
        }
    }
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else { continue };
            // An input folder that appeared after start is watched from now on.
            for folder in FOLDERS {
                if !watched.contains(&folder)
                    && root.join(folder).is_dir()
                    && debouncer
                        .watch(root.join(folder), RecursiveMode::Recursive)
                        .is_ok()
                {
                    watched.push(folder);
                }
            }
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| is_change(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter(|p| is_input(&root, p))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if paths.is_empty() {
                continue;
            }
            let mut changed: Vec<String> = paths
                .iter()
                .filter_map(|p| p.strip_prefix(&root).ok())
                .map(|p| p.display().to_string())
                .collect();
            let more = changed.len().saturating_sub(3);
            changed.truncate(3);
            let mut summary = changed.join(", ");
            if more > 0 {
                summary.push_str(&format!(" and {more} more"));
            }
            on_change(paths, summary);
        }
    });
    Ok(())
}
