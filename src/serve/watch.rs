//! Watching the site: `content/`, `templates/`, `static/` and `site.yaml`,
//! debounced so an editor's save-via-rename or a burst of writes rebuilds once.
//!
//! A watch follows a folder, not its name: when `content/` is deleted and
//! another folder takes its place (`rm -rf` then `mv`, `cp -r`, a branch
//! switch, a sync tool), the old watch is gone and nothing would ever be
//! reported again. So every burst of events, and every quiet few seconds,
//! the watcher compares each watched folder with what now has its name, and
//! watches the newcomer; the site is then read again from disk. When the
//! events stop, a stat walk ([`Snapshot`]) finds what the watcher missed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use super::inputs::{is_input, Snapshot, FOLDERS};

/// How long the events of one save are gathered before the rebuild: an
/// editor's save (a write, or a write to a temporary file and a rename) takes
/// well under a millisecond, so this only has to span the scheduler's delays.
/// A burst that outlasts it costs a second rebuild, not a wrong page: the
/// watcher keeps listening while the site rebuilds, and the rebuild after
/// the burst's last event reads the files as they are.
const DEBOUNCE: Duration = Duration::from_millis(5);
/// How often the debouncer looks for a burst that has ended: the half of
/// `DEBOUNCE`, so that a save waits at most one and a half of it, and an
/// idle preview wakes 400 times a second, as it did with a 10 ms debounce.
const DEBOUNCE_TICK: Duration = Duration::from_micros(2500);

/// The shortest quiet time before a consistency check.
const CHECK_EVERY: Duration = Duration::from_secs(2);
/// The check waits this many times as long as its last walk took, so that
/// on a large site it stays a small share of one core.
const CHECK_SHARE: u32 = 50;

/// What to read again: `None` for everything.
pub type Changed = Option<Vec<PathBuf>>;

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

/// Which folder a directory's identity belongs to, so that a folder swapped
/// under the same name is told apart from the one being watched.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    let born = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .unwrap_or_default();
    meta.is_dir()
        .then(|| (born.as_secs(), u64::from(born.subsec_nanos())))
}

/// The watches on the site root (for `site.yaml` and folders that appear)
/// and on each input folder, with the identity of the folder each follows.
struct Watches {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// The site root, then each of [`FOLDERS`]: the folder watched, if any.
    watched: [Option<Identity>; FOLDERS.len() + 1],
}

impl Watches {
    fn target(&self, index: usize) -> PathBuf {
        match index {
            0 => self.root.clone(),
            i => self.root.join(FOLDERS[i - 1]),
        }
    }

    /// Watches each target anew whose folder is not the one watched (it
    /// was deleted, moved or replaced, or it appeared) or that `named`
    /// names; says what happened to each. A swapped root takes every
    /// folder with it.
    fn renew(&mut self, named: &[&Path]) -> Vec<String> {
        let mut swapped = Vec::new();
        let mut root_swapped = false;
        for index in 0..self.watched.len() {
            let target = self.target(index);
            let now = identity(&target);
            let before = self.watched[index];
            let same = now == before && !named.contains(&target.as_path());
            if same && !root_swapped {
                continue;
            }
            // The watch may be gone already (the folder was deleted).
            let _ = self.debouncer.unwatch(&target);
            let mode = if index == 0 {
                RecursiveMode::NonRecursive
            } else {
                RecursiveMode::Recursive
            };
            if now.is_some() {
                if let Err(err) = self.debouncer.watch(&target, mode) {
                    // Not retried at every check: the periodic check
                    // still finds the changes there.
                    eprintln!("warning: cannot watch {}: {err}; changes there are found by the periodic check only", target.display());
                }
            }
            self.watched[index] = now;
            let what = match (before, now) {
                (_, None) => "removed",
                (None, _) => "appeared",
                _ => "replaced",
            };
            if index == 0 {
                root_swapped = true;
                swapped.push(format!("the site folder {what}"));
            } else if !same {
                swapped.push(format!("{}/ {what}", FOLDERS[index - 1]));
            }
        }
        swapped
    }
}

/// Starts a thread that owns the watcher and calls `on_change` with what
/// changed (`None`: everything) and a short summary, once per burst of
/// changes, and when the periodic check finds a change the events missed.
pub fn spawn(
    root: &Path,
    on_change: impl FnMut(Changed, String) + Send + 'static,
) -> notify::Result<()> {
    let root: PathBuf = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE_TICK), tx)?;
    // The root itself, not recursively: site.yaml, and input folders created later.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watches = Watches {
        root: root.clone(),
        debouncer,
        watched: [identity(&root), None, None, None, None],
    };
    watches.renew(&[]);
    let snapshot = Snapshot::take(&root);
    std::thread::spawn(move || run(watches, snapshot, rx, on_change));
    Ok(())
}

/// The watcher's loop: events when they come, a check when they do not.
fn run(
    mut watches: Watches,
    mut snapshot: Snapshot,
    events: mpsc::Receiver<DebounceEventResult>,
    mut on_change: impl FnMut(Changed, String),
) {
    let mut wait = CHECK_EVERY;
    loop {
        let change = match events.recv_timeout(wait) {
            Ok(Ok(events)) => on_events(&mut watches, &mut snapshot, &events),
            Ok(Err(errors)) => {
                for error in errors {
                    eprintln!("warning: the file watcher failed: {error}; changes are still found every few seconds");
                }
                None
            }
            Err(RecvTimeoutError::Timeout) => {
                let started = Instant::now();
                let change = check(&mut watches, &mut snapshot);
                wait = CHECK_EVERY.max(started.elapsed() * CHECK_SHARE);
                change
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if let Some((changed, summary)) = change {
            on_change(changed, summary);
        }
    }
}

/// What a burst of events asks to rebuild, if anything.
fn on_events(
    watches: &mut Watches,
    snapshot: &mut Snapshot,
    events: &[notify_debouncer_full::DebouncedEvent],
) -> Option<(Changed, String)> {
    let root = watches.root.clone();
    let changes: Vec<&Event> = events
        .iter()
        .map(|e| &e.event)
        .filter(|e| is_change(&e.kind))
        .collect();
    let named: Vec<&Path> = changes
        .iter()
        .flat_map(|e| e.paths.iter())
        .map(PathBuf::as_path)
        .filter(|p| p.parent() == Some(&root) || *p == root)
        .collect();
    let swapped = watches.renew(&named);
    if !swapped.is_empty() || events.iter().any(|e| e.need_rescan()) {
        *snapshot = Snapshot::take(&root);
        return Some((None, read_again(&swapped)));
    }
    let mut paths: Vec<PathBuf> = changes
        .iter()
        .flat_map(|e| e.paths.iter())
        .filter(|p| is_input(&root, p))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    if paths.is_empty() {
        return None;
    }
    // Before the rebuild reads them, so that a later change the watcher
    // misses still differs from what the check remembers.
    snapshot.refresh(&paths);
    let summary = summary(&root, &paths);
    Some((Some(paths), summary))
}

/// The periodic check, after a quiet spell: folders swapped without a word,
/// then files changed without an event.
fn check(watches: &mut Watches, snapshot: &mut Snapshot) -> Option<(Changed, String)> {
    let swapped = watches.renew(&[]);
    let now = Snapshot::take(&watches.root);
    let missed = snapshot.changes(&now);
    *snapshot = now;
    if !swapped.is_empty() {
        return Some((None, read_again(&swapped)));
    }
    if missed.is_empty() {
        return None;
    }
    let summary = format!(
        "{}; found by the periodic check",
        summary(&watches.root, &missed)
    );
    Some((Some(missed), summary))
}

/// The summary of a rebuild from scratch after folders were swapped.
fn read_again(swapped: &[String]) -> String {
    if swapped.is_empty() {
        return "events were lost; everything read again".to_string();
    }
    format!("{}; everything read again", swapped.join(", "))
}

/// Up to three changed paths, relative to the site, and how many more.
fn summary(root: &Path, paths: &[PathBuf]) -> String {
    let mut changed: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|p| p.display().to_string())
        .collect();
    let more = changed.len().saturating_sub(3);
    changed.truncate(3);
    let mut summary = changed.join(", ");
    if more > 0 {
        summary.push_str(&format!(" and {more} more"));
    }
    summary
}
