//! One diagnostic type and one collector for every stage.
//!
//! Each stage pushes what it finds into a [`Diagnostics`] and carries on, so one
//! run reports every mistake, not only the first. The terminal, the tests (and
//! later the preview overlay) all read the same values.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

mod code;
mod source;

pub use code::Code;
pub(crate) use source::floor_char_boundary;
pub use source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in the site, with where it is and what would fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `G0102`, printed with the message.
    pub code: Code,
    pub message: String,
    /// The file the problem is in, as shown to the user (relative to the site root).
    pub path: PathBuf,
    /// The text of that file and the byte range at fault, when there is one.
    pub source: Option<Arc<SourceFile>>,
    pub span: Option<Range<usize>>,
    /// A short label under the caret.
    pub label: Option<String>,
    /// What would fix it.
    pub help: Option<String>,
    /// Other places that take part in the problem (the other file of two
    /// that claim one address), for editors to link to.
    pub related: Vec<Related>,
}

/// A place in another file (or elsewhere in the same one) that a
/// diagnostic refers to.
#[derive(Debug, Clone)]
pub struct Related {
    pub source: Arc<SourceFile>,
    pub span: Range<usize>,
    /// What the place is, e.g. "the other file with this address".
    pub message: String,
}

impl Diagnostic {
    pub fn error(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: path.into(),
            source: None,
            span: None,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Points the diagnostic at `span` inside `source`.
    pub fn at(mut self, source: &Arc<SourceFile>, span: Range<usize>) -> Self {
        let len = source.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        self.path = source.path.clone();
        self.source = Some(Arc::clone(source));
        self.span = Some(start..end);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points to another place that takes part in the problem.
    pub fn with_related(
        mut self,
        source: &Arc<SourceFile>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let len = source.text.len();
        let start = span.start.min(len);
        self.related.push(Related {
            source: Arc::clone(source),
            span: start..span.end.clamp(start, len),
            message: message.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let source = self.source.as_ref()?;
        let span = self.span.as_ref()?;
        Some(source.line_col(span.start))
    }

    /// Renders the diagnostic with its source line and caret, as the terminal shows it.
    pub fn render(&self, color: bool) -> String {
        let mut buffer = if color {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        };
        let name = display_path(&self.path);
        let text = self.source.as_ref().map(|s| s.text.as_str()).unwrap_or("");
        let file = SimpleFile::new(name.clone(), text);
        let mut report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_code(self.code.as_str())
        .with_message(&self.message);
        match &self.span {
            Some(span) => {
                let label = Label::primary((), span.clone());
                report = report.with_label(match &self.label {
                    Some(text) => label.with_message(text),
                    None => label,
                });
            }
            None => report = report.with_note(format!("in {name}")),
        }
        if let Some(help) = &self.help {
            report = report.with_note(format!("help: {help}"));
        }
        let config = term::Config::default();
        if term::emit(&mut buffer, &config, &file, &report).is_err() {
            return format!("{self}\n");
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }
}

/// `path:line:col: error[G0101]: message`, one line, for logs and tests.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", display_path(&self.path))?;
        if let Some((line, col)) = self.line_col() {
            write!(f, ":{line}:{col}")?;
        }
        write!(f, ": {kind}[{}]: {}", self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The collector every stage pushes into.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn from_one(diagnostic: Diagnostic) -> Self {
        let mut diags = Self::new();
        diags.push(diagnostic);
        diags
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so output is stable whatever order stages
    /// ran in. One mistake in a template fails every page that uses it; it is
    /// reported once, with how many pages it broke.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.span.as_ref().map(|s| s.start), &a.message).cmp(&(
                &b.path,
                b.span.as_ref().map(|s| s.start),
                &b.message,
            ))
        });
        let mut merged: Vec<Diagnostic> = Vec::with_capacity(self.items.len());
        let mut repeats = 0;
        for item in self.items.drain(..) {
            let same_place = merged.last().is_some_and(|last| {
                last.code == Code::TemplateError
                    && item.code == Code::TemplateError
                    && last.path == item.path
                    && last.span.is_some()
                    && last.span == item.span
            });
            if same_place {
                repeats += 1;
                continue;
            }
            if repeats > 0 {
                note_repeats(merged.last_mut(), repeats);
            }
            repeats = 0;
            merged.push(item);
        }
        if repeats > 0 {
            note_repeats(merged.last_mut(), repeats);
        }
        self.items = merged;
    }

    /// The same diagnostics in file and position order (what a failed run returns).
    pub fn sorted(mut self) -> Self {
        self.sort();
        self
    }

    /// Turns every warning into an error (`check --strict`).
    pub fn promote_warnings(&mut self) {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Suggests the closest of `candidates` to a misspelt `word`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn note_repeats(item: Option<&mut Diagnostic>, repeats: usize) {
    if let Some(item) = item {
        let s = if repeats == 1 { "" } else { "s" };
        item.message
            .push_str(&format!(" (and {repeats} other page{s})"));
    }
}
