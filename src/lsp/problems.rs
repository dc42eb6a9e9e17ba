//! gloss's diagnostics as the editor shows them: a range in UTF-16
//! positions, the code, the message with its label and fix, and the other
//! places the problem involves.

use std::path::Path;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Url,
};

use super::position::LineIndex;
use crate::diagnostics::{Diagnostic, Severity};

/// `diagnostic` for the editor; `root` is the site folder, to name the
/// files of related places by URI.
pub fn to_lsp(root: &Path, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let range = match (&diagnostic.source, &diagnostic.span) {
        (Some(source), Some(span)) => LineIndex::new(&source.text).range(span.clone()),
        _ => Range::new(Position::new(0, 0), Position::new(0, 0)),
    };
    let mut message = diagnostic.message.clone();
    if let Some(label) = &diagnostic.label {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = (diagnostic.related.iter())
        .filter_map(|r| {
            let uri = Url::from_file_path(root.join(&r.source.path)).ok()?;
            let range = LineIndex::new(&r.source.text).range(r.span.clone());
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: r.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("gloss".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
