//! Reading a build's output folder back from disk.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, by path relative to `dir`, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The staging and old-output folders of gloss's in `parent`, the folder
/// that holds the output folder. `src/write.rs` names them
/// `.NAME.gloss-KIND-PID-…` (`leftover_prefix`), NAME being the output
/// folder's name, so only a hidden name with `.gloss-` after a non-empty
/// NAME counts; a file that merely mentions gloss does not.
pub fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_leftover(n))
        .collect()
}

fn is_leftover(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.split_once(".gloss-"))
        .is_some_and(|(output, kind)| !output.is_empty() && !kind.is_empty())
}
