//! Addresses written by hand: `redirect_from:` of an article or entity, and
//! `redirects:` and `gone:` in site.yaml. Each is checked as an address
//! here; whether it collides with a page is the pipeline's question, once
//! every page is known.

use std::ops::Range;

use serde_yaml::Value;

use crate::diagnostics::{Code, Diagnostic};
use crate::load::frontmatter::Fields;
use crate::model::Written;
use crate::urls::{self, AddressProblem};

const REDIRECT_FROM_HELP: &str =
    "a list of the page's old addresses, e.g. `redirect_from: [/articles/old-name/]`";
const REDIRECTS_HELP: &str =
    "a mapping of old addresses to the pages that hold them now, e.g. `/tags/cease-fire/: /tags/ceasefire/`";
const GONE_HELP: &str =
    "a list of addresses removed on purpose, e.g. `gone: [/articles/withdrawn-story/]`";

/// `redirect_from:` and the `redirects:` and `gone:` of site.yaml.
#[derive(Debug, Clone, Default)]
pub struct SiteMoves {
    /// Old address -> the site path that holds its page now.
    pub redirects: Vec<(Written<String>, String)>,
    pub gone: Vec<Written<String>>,
}

/// The old addresses of an article or entity page.
pub fn take_redirect_from(f: &mut Fields) -> Vec<Written<String>> {
    let entries = f.take_list("redirect_from", REDIRECT_FROM_HELP, |entry| {
        entry.as_str().map(str::to_string)
    });
    entries
        .into_iter()
        .filter_map(|(entry, span)| address(f, "redirect_from", entry, span, REDIRECT_FROM_HELP))
        .collect()
}

/// `redirects:` and `gone:` of site.yaml.
pub fn take_site_moves(f: &mut Fields) -> SiteMoves {
    let mut moves = SiteMoves::default();
    let pairs = f
        .take::<indexmap::IndexMap<String, String>>("redirects", REDIRECTS_HELP)
        .unwrap_or_default();
    let mut cursor = 0;
    for (from, to) in pairs {
        let span = f.span_within_from("redirects", &from, cursor);
        cursor = span.end;
        let to_span = f.span_within_from("redirects", &to, cursor);
        let from = address(f, "redirects", Value::String(from), span, REDIRECTS_HELP);
        let to = address(f, "redirects", Value::String(to), to_span, REDIRECTS_HELP);
        if let (Some(from), Some(to)) = (from, to) {
            moves.redirects.push((from, to.value));
        }
    }
    let gone = f.take_list("gone", GONE_HELP, |entry| {
        entry.as_str().map(str::to_string)
    });
    moves.gone = gone
        .into_iter()
        .filter_map(|(entry, span)| address(f, "gone", entry, span, GONE_HELP))
        .collect();
    moves
}

/// One address as a site path, or the error that says what to write.
fn address(
    f: &mut Fields,
    key: &str,
    entry: Value,
    span: Range<usize>,
    help: &str,
) -> Option<Written<String>> {
    let Some(text) = entry.as_str() else {
        f.error_at(span, format!("`{key}` lists addresses, as text"), help);
        return None;
    };
    let problem = match urls::site_path(text) {
        Ok(path) => {
            return Some(Written {
                value: path,
                file: std::sync::Arc::clone(f.file),
                span,
            })
        }
        Err(problem) => problem,
    };
    let message = match problem {
        AddressProblem::LeavesSite => {
            format!("`{text}` is on another site: `{key}` lists addresses of this one")
        }
        AddressProblem::Malformed(why) => format!("`{text}` is not an address of this site: {why}"),
    };
    let fix = "write the path from the site's root, such as `/articles/old-name/`";
    let diagnostic = Diagnostic::error(Code::BadAddress, &f.file.path, message)
        .at(f.file, span)
        .with_help(fix);
    f.diags().push(diagnostic);
    None
}

/// The name of the rules file Netlify and Cloudflare Pages read.
pub const HOST_RULES: &str = "_redirects";

/// The text of the site's own `static/_redirects`, which gloss puts before
/// its own rules instead of copying it over them; `None` when it cannot be
/// read (reported).
pub fn read_host_rules(
    path: &std::path::Path,
    diags: &mut crate::diagnostics::Diagnostics,
) -> Option<std::sync::Arc<str>> {
    let shown = std::path::Path::new("static").join(HOST_RULES);
    let problem = match crate::fsutil::read_capped(path, 1 << 20) {
        Ok(Some(bytes)) => match String::from_utf8(bytes) {
            Ok(text) => return Some(text.into()),
            Err(_) => "is not UTF-8 text".to_string(),
        },
        Ok(None) => "is over 1 MiB".to_string(),
        Err(err) => format!("cannot be read: {err}"),
    };
    diags.push(
        Diagnostic::error(
            Code::Unreadable,
            &shown,
            format!("static/{HOST_RULES} {problem}"),
        )
        .with_help(
            "keep it a plain-text list of rules, one per line; gloss adds its own after yours",
        ),
    );
    None
}
