//! The files a site is made from, as the preview server watches them: which
//! paths count, and a stat of each (a [`Snapshot`]) for the periodic check
//! that finds what the file watcher missed. Some file systems (network
//! shares, container mounts) never report changes, a file edited through a
//! hard link elsewhere is reported to that other folder, and a flood of
//! events can overflow the kernel's queue: comparing two stat walks finds
//! all of these, a few seconds late, at the cost of a `stat` per file.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

/// The folders of the site that are watched recursively: `i18n/` holds the
/// site's theme words.
pub const FOLDERS: [&str; 4] = ["content", "templates", "static", "i18n"];

/// The files of the site's root that are inputs: the settings, and the
/// record of published URLs that `gloss build` may rewrite while serve runs.
pub const ROOT_FILES: [&str; 2] = ["site.yaml", crate::load::record::RECORD_FILE];

/// Whether a path is part of the site: one of the [`ROOT_FILES`] or a file under one of
/// the [`FOLDERS`], not an editor's temporary file, and not in a hidden
/// folder of `content/`, which the build skips too.
pub fn is_input(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary =
        name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913";
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next();
    let hidden_content =
        first.as_deref() == Some("content") && parts.any(|part| part.starts_with('.'));
    !temporary
        && !hidden_content
        && (ROOT_FILES.iter().any(|f| rel == Path::new(f))
            || first.is_some_and(|f| FOLDERS.contains(&f.as_ref())))
}

/// What a stat says of a file that changes when the file does: its size,
/// its times and (on Unix) its inode, so that a file replaced by another of
/// the same size and time still counts as changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino()),
        }
    }
}

/// A stat of every input file of a site, by absolute path. The paths are
/// kept as plain strings, compared byte by byte: the walk of a large site
/// spent most of its time comparing `Path`s component by component.
#[derive(Debug, Clone)]
pub struct Snapshot {
    root: PathBuf,
    files: BTreeMap<OsString, Stamp>,
}

impl Snapshot {
    /// Stats every input file under `root` (an absolute path with its links
    /// resolved, as the watcher uses).
    pub fn take(root: &Path) -> Snapshot {
        let mut snapshot = Snapshot {
            root: root.to_path_buf(),
            files: BTreeMap::new(),
        };
        for file in ROOT_FILES {
            snapshot.add(&root.join(file));
        }
        for folder in FOLDERS {
            snapshot.add(&root.join(folder));
        }
        snapshot
    }

    /// Stats `paths` again (files or folders, each with all it holds), after
    /// the watcher reported them: what the rebuild reads from now on is
    /// what the next check compares against.
    pub fn refresh(&mut self, paths: &[PathBuf]) {
        for path in paths {
            if path == &self.root {
                *self = Snapshot::take(&self.root);
                return;
            }
            let mut folder = path.as_os_str().to_owned();
            folder.push(std::path::MAIN_SEPARATOR_STR);
            let under: Vec<OsString> = self
                .files
                .range(folder.clone()..)
                .map(|(p, _)| p)
                .take_while(|p| p.as_encoded_bytes().starts_with(folder.as_encoded_bytes()))
                .cloned()
                .collect();
            for gone in under {
                self.files.remove(&gone);
            }
            self.files.remove(path.as_os_str());
            self.add(path);
        }
    }

    /// The paths whose stat differs between `self` and the later `now`:
    /// files added, removed or changed, in path order.
    pub fn changes(&self, now: &Snapshot) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(path, stamp)| now.files.get(*path) != Some(stamp))
            .map(|(path, _)| PathBuf::from(path))
            .collect();
        changed.extend(
            now.files
                .keys()
                .filter(|path| !self.files.contains_key(*path))
                .map(PathBuf::from),
        );
        changed.sort();
        changed
    }

    /// How many files the snapshot holds.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Stats `path` and, if it is a folder, everything in it, following
    /// links as the build does but never out of the site, and keeping only
    /// input files.
    fn add(&mut self, path: &Path) {
        if !is_input(&self.root, path) {
            return;
        }
        let mut outside = Vec::new();
        let entries = WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| !crate::fsutil::leaves_site(&self.root, e, &mut outside));
        for entry in entries.flatten() {
            if entry.file_type().is_dir() || !is_input(&self.root, entry.path()) {
                continue;
            }
            if let Ok(meta) = entry.metadata() {
                self.files
                    .insert(entry.into_path().into_os_string(), Stamp::of(&meta));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("content/articles")).unwrap();
        fs::write(root.join("site.yaml"), "title: Desk\n").unwrap();
        fs::write(root.join("content/articles/a.md"), "one").unwrap();
        (dir, root)
    }

    fn names(root: &Path, paths: Vec<PathBuf>) -> Vec<String> {
        paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn an_untouched_site_has_no_changes() {
        let (_dir, root) = site();
        let before = Snapshot::take(&root);
        assert_eq!(before.len(), 2);
        assert!(before.changes(&Snapshot::take(&root)).is_empty());
    }

    #[test]
    fn edits_additions_and_removals_are_changes() {
        let (_dir, root) = site();
        let before = Snapshot::take(&root);
        fs::write(root.join("content/articles/a.md"), "two, longer").unwrap();
        fs::write(root.join("content/articles/b.md"), "new").unwrap();
        fs::remove_file(root.join("site.yaml")).unwrap();
        fs::create_dir(root.join("templates")).unwrap();
        fs::write(root.join("templates/base.html"), "{{ x }}").unwrap();
        let changed = names(&root, before.changes(&Snapshot::take(&root)));
        assert_eq!(
            changed,
            [
                "content/articles/a.md",
                "content/articles/b.md",
                "site.yaml",
                "templates/base.html"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_replaced_by_one_of_the_same_size_and_time_is_a_change() {
        let (_dir, root) = site();
        let path = root.join("content/articles/a.md");
        let time = fs::metadata(&path).unwrap().modified().unwrap();
        let before = Snapshot::take(&root);
        let temp = root.join("content/articles/.a.md.tmp");
        fs::write(&temp, "ONE").unwrap();
        fs::File::options()
            .write(true)
            .open(&temp)
            .unwrap()
            .set_modified(time)
            .unwrap();
        fs::rename(&temp, &path).unwrap();
        let changed = names(&root, before.changes(&Snapshot::take(&root)));
        assert_eq!(changed, ["content/articles/a.md"]);
    }

    #[test]
    fn what_the_build_skips_is_not_watched() {
        let (_dir, root) = site();
        let before = Snapshot::take(&root);
        fs::write(root.join("content/articles/.a.md.swp"), "x").unwrap();
        fs::write(root.join("content/articles/a.md~"), "x").unwrap();
        fs::create_dir_all(root.join("content/.git")).unwrap();
        fs::write(root.join("content/.git/HEAD"), "x").unwrap();
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("public/index.html"), "x").unwrap();
        fs::write(root.join("notes.txt"), "x").unwrap();
        assert!(before.changes(&Snapshot::take(&root)).is_empty());
    }

    #[test]
    fn a_refresh_takes_in_what_the_watcher_reported() {
        let (_dir, root) = site();
        let mut seen = Snapshot::take(&root);
        fs::write(root.join("content/articles/a.md"), "two, longer").unwrap();
        fs::create_dir_all(root.join("content/news")).unwrap();
        fs::write(root.join("content/news/n.md"), "news").unwrap();
        seen.refresh(&[
            root.join("content/articles/a.md"),
            root.join("content/news"),
        ]);
        assert!(seen.changes(&Snapshot::take(&root)).is_empty());
        // A folder removed takes its files with it.
        fs::remove_dir_all(root.join("content/news")).unwrap();
        seen.refresh(&[root.join("content/news")]);
        assert!(seen.changes(&Snapshot::take(&root)).is_empty());
        // What the watcher did not report is still a change.
        fs::write(root.join("content/articles/c.md"), "missed").unwrap();
        let changed = names(&root, seen.changes(&Snapshot::take(&root)));
        assert_eq!(changed, ["content/articles/c.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_not_walked() {
        let (_dir, root) = site();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.join("content/shared")).unwrap();
        let before = Snapshot::take(&root);
        assert_eq!(before.len(), 2);
        fs::write(elsewhere.path().join("secret.md"), "changed").unwrap();
        assert!(before.changes(&Snapshot::take(&root)).is_empty());
    }
}
