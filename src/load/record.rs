//! The record of published URLs: `published-urls.txt` in the site folder,
//! which `gloss build` keeps and the site commits, the way a crate commits
//! `Cargo.lock`. Each line is a site path, then the file that made it:
//!
//! ```text
//! /articles/blinken-egypt/ content/articles/blinken-egypt.md
//! ```
//!
//! Reading it is this module's job; comparing it with the pages a build
//! makes, and writing it anew, are the pipeline's.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::urls;

/// The record's file name, in the site folder.
pub const RECORD_FILE: &str = "published-urls.txt";

/// A record far past any archive (a million articles take about 100 MB) is
/// not one gloss wrote.
const MAX_RECORD: u64 = 1 << 30;

/// The URLs published so far.
#[derive(Debug)]
pub struct Record {
    pub file: Arc<SourceFile>,
    pub entries: Vec<RecordEntry>,
}

/// One line of the record.
#[derive(Debug)]
pub struct RecordEntry {
    /// The site path, `/articles/blinken-egypt/`.
    pub path: String,
    /// The file that made the page, as the site folder names it.
    pub source: Option<String>,
    /// Where the path is written in the record.
    pub span: Range<usize>,
}

const RESTORE: &str =
    "gloss writes this file; restore it from version control (`git checkout -- published-urls.txt`) and build again";

/// Reads the record in `root`; `None` when the site has none yet, or when
/// it is damaged (reported: a damaged record is never written over).
pub fn load_record(root: &Path, diags: &mut Diagnostics) -> Option<Record> {
    let path = root.join(RECORD_FILE);
    let bytes = match crate::fsutil::read_capped(&path, MAX_RECORD) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            diags.push(damaged(
                None,
                0..0,
                "the record is over 1 GiB".into(),
                RESTORE,
            ));
            return None;
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => {
            let message = format!("cannot read {RECORD_FILE}: {err}");
            diags.push(Diagnostic::error(Code::Unreadable, RECORD_FILE, message));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let file = Arc::new(SourceFile::new(
                RECORD_FILE,
                String::from_utf8_lossy(err.as_bytes()).into_owned(),
            ));
            let message = "the record is not UTF-8 text".to_string();
            diags.push(damaged(Some(&file), at..at + 1, message, RESTORE));
            return None;
        }
    };
    parse(Arc::new(SourceFile::new(RECORD_FILE, text)), diags)
}

/// The entries of the record's text; any damaged line makes it `None`.
fn parse(file: Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Record> {
    let errors_before = diags.error_count();
    let mut entries = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let path_len = content.find(char::is_whitespace).unwrap_or(content.len());
        let (path, source) = content.split_at(path_len);
        let span = start..start + path_len;
        if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
            .iter()
            .any(|marker| content.starts_with(marker))
        {
            let message = "the record holds a merge conflict marker".to_string();
            diags.push(damaged(Some(&file), span, message, MERGE_HELP));
            continue;
        }
        if urls::site_path(path).as_deref() != Ok(path) {
            let message = format!("`{path}` is not a site path gloss records");
            diags.push(damaged(Some(&file), span, message, RESTORE));
            continue;
        }
        let source = source.trim();
        entries.push(RecordEntry {
            path: path.to_string(),
            source: (!source.is_empty()).then(|| source.to_string()),
            span,
        });
    }
    (diags.error_count() == errors_before).then_some(Record { file, entries })
}

const MERGE_HELP: &str =
    "two branches each added URLs: keep the lines of both sides, delete the marker lines, and build again";

fn damaged(
    file: Option<&Arc<SourceFile>>,
    span: Range<usize>,
    message: String,
    help: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(Code::DamagedRecord, RECORD_FILE, message).with_help(help);
    match file {
        Some(file) => diagnostic.at(file, span),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Record>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let file = Arc::new(SourceFile::new(RECORD_FILE, text.to_string()));
        (parse(file, &mut diags), diags)
    }

    #[test]
    fn lines_are_a_path_and_the_file_that_made_it() {
        let (record, diags) = read("# kept by gloss\n/\n/articles/a/ content/articles/a.md\n");
        assert!(diags.is_empty());
        let record = record.unwrap();
        assert_eq!(record.entries.len(), 2);
        assert_eq!(record.entries[1].path, "/articles/a/");
        assert_eq!(
            record.entries[1].source.as_deref(),
            Some("content/articles/a.md")
        );
    }

    #[test]
    fn a_merge_conflict_damages_the_record() {
        let (record, diags) = read("/a/\n<<<<<<< HEAD\n/b/\n=======\n/c/\n>>>>>>> x\n");
        assert!(record.is_none());
        assert_eq!(diags.error_count(), 3);
        let first = diags.iter().next().unwrap();
        assert_eq!(first.line_col(), Some((2, 1)));
    }

    #[test]
    fn a_line_that_is_no_site_path_damages_the_record() {
        let (record, diags) = read("/a/\narticles/b/\n");
        assert!(record.is_none());
        assert_eq!(diags.iter().next().unwrap().line_col(), Some((2, 1)));
    }
}
