//! Tera's errors as diagnostics that point into the template at fault.
//!
//! Tera gives a place for syntax and rendering errors. For the rest (an
//! include or extends cycle, a missing parent, names that do not exist, the
//! component depth limit) it gives template names or a text report; gloss
//! finds the tag they are about (`places.rs`), so every template error names
//! a file, a line and a column.

use std::ops::Range;
use std::sync::Arc;

use tera::ErrorKind;

use super::expansion::{Overgrown, MAX_RENDERS};
use super::places::{component_cycle, tag_naming};
use super::Theme;
use crate::budget::Exceeded;
use crate::diagnostics::{did_you_mean, Code, Diagnostic, SourceFile};

/// What Tera says when components nest deeper than it allows.
const DEPTH_LIMIT: &str = "Maximum render recursion depth for components exceeded.";

const TAG_HELP: &str = "fix the template at the caret: every `{% if %}`, `{% for %}` and `{% block %}` needs its `{% end... %}`, and `{{ var }}` needs `var` in the context (docs/templates.md lists it) or a `| default(value=...)`";

const INCLUDE_CYCLE_HELP: &str = "a template may not include itself, directly or through the templates it includes: remove this `include`, or move what both templates share into a third one that each includes";

const EXTENDS_CYCLE_HELP: &str = "a template may not extend itself, directly or through its parents: point this `extends` at the frame the others extend (usually \"base.html\")";

const DEPTH_HELP: &str = "a component that calls itself needs a condition that ends the calls, such as `{% if depth < 3 %}` around the call; Tera stops components nested 20 deep";

impl Theme {
    /// The diagnostics for a Tera error, each pointing into its template;
    /// `page` is the site path being rendered, if any. Loading may find
    /// several mistakes at once; a render stops at one.
    pub fn diagnostics(&self, err: &tera::Error, page: Option<&str>) -> Vec<Diagnostic> {
        let context = page
            .map(|p| format!(" while rendering {p}"))
            .unwrap_or_default();
        let placed = match err.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let message = format!("template error{context}: {}", report.message());
                Some(vec![self.report_at(
                    report.filename(),
                    report.span().range.clone(),
                    message,
                    TAG_HELP,
                )])
            }
            ErrorKind::CircularInclude { include_chain, .. } => {
                self.include_cycle(include_chain).map(|d| vec![d])
            }
            ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => self.extends_cycle(tpl, inheritance_chain).map(|d| vec![d]),
            ErrorKind::MissingParent { current, parent } => {
                self.missing_parent(current, parent).map(|d| vec![d])
            }
            ErrorKind::Msg(text) if text == DEPTH_LIMIT => {
                self.depth_limit(&context).map(|d| vec![d])
            }
            ErrorKind::Msg(text) => self.text_reports(text),
            _ => None,
        };
        placed.unwrap_or_else(|| vec![unplaced(err, &context)])
    }

    /// The error that stopped the render of the page at `page`.
    pub fn render_error(&self, err: &tera::Error, page: &str) -> Diagnostic {
        let mut found = self.diagnostics(err, Some(page));
        found.swap_remove(0)
    }

    /// The error for the page at `page`, rendered with `template`, that
    /// went over a limit. `err` is how Tera stopped: at a place in a
    /// template when one of gloss's functions refused to go on, without one
    /// when the page's writer did.
    pub fn budget_error(
        &self,
        err: Option<&tera::Error>,
        template: &str,
        page: &str,
        exceeded: Exceeded,
    ) -> Diagnostic {
        let message = format!(
            "the render of {page} with `{template}` {exceeded}: over the limit `render_limits.{}`",
            exceeded.key()
        );
        let help = match exceeded {
            Exceeded::Time(_) => "look for what does far more work than a page needs: a loop inside a loop, over `range` or over a long list, or components that call each other in a circle; raise `render_limits.seconds` in site.yaml only if the page really needs longer",
            Exceeded::Output(_) => "look for a loop that writes more than the page needs, such as a loop over a long list inside another; raise `render_limits.output_mib` in site.yaml if the page really is this large",
            Exceeded::Memory(_) => "look for a value that grows without end, such as `{% set s = s ~ s %}` repeated or inside a loop; raise `render_limits.memory_mib` in site.yaml if the page really needs it",
        };
        let stopped = err.and_then(|e| match e.kind() {
            ErrorKind::RenderingError(report) => Some(report),
            _ => None,
        });
        let diagnostic = match stopped {
            Some(report) => self.report_at(
                report.filename(),
                report.span().range.clone(),
                message,
                help,
            ),
            None => {
                let path = self.sources.get(template).map_or_else(
                    || format!("templates/{template}").into(),
                    |file| file.path.clone(),
                );
                Diagnostic::error(Code::TemplateError, path, message).with_help(help)
            }
        };
        Diagnostic {
            code: Code::RenderBudget,
            ..diagnostic
        }
    }

    /// The error for includes or calls that multiply past the limit.
    pub(super) fn overgrown_error(&self, o: &Overgrown) -> Diagnostic {
        let (what, done) = if o.component {
            (format!("the component `{}`", o.name), "called")
        } else {
            (format!("`{}`", o.name), "included")
        };
        let message = format!(
            "one render of {what} renders {} templates and components through its includes and calls, more than the {MAX_RENDERS} one render may",
            o.renders
        );
        let help = format!(
            "`{}` is {done} {} times here, and every level below multiplies again. Write each include or call once, inside a `{{% for %}}` over what it shows (gloss counts one in a loop once)",
            o.target, o.count
        );
        Diagnostic {
            code: Code::TooManyRenders,
            ..self.report_at(&o.template, o.at.clone(), message, &help)
        }
    }

    /// A diagnostic at `range` of the template `name`.
    fn report_at(
        &self,
        name: &str,
        range: Range<usize>,
        message: String,
        help: &str,
    ) -> Diagnostic {
        match self.sources.get(name) {
            Some(file) => Diagnostic::error(Code::TemplateError, &file.path, message)
                .at(file, range)
                .with_help(help),
            None => Diagnostic::error(Code::TemplateError, format!("templates/{name}"), message)
                .with_help(help),
        }
    }

    /// `["a.html", "b.html", "a.html"]`: at the include of `a.html` in `b.html`.
    fn include_cycle(&self, chain: &[String]) -> Option<Diagnostic> {
        let [.., from, to] = chain else { return None };
        let file = self.sources.get(from)?;
        let span = tag_naming(&file.text, "include", to)?;
        let message = format!(
            "templates include each other in a circle: {}",
            arrows(chain, "includes")
        );
        Some(self.report_at(from, span, message, INCLUDE_CYCLE_HELP))
    }

    /// `tpl` extends the first of `chain`, which extends the next, ... back
    /// to one already seen: at the `extends` that closes the circle.
    fn extends_cycle(&self, tpl: &str, chain: &[String]) -> Option<Diagnostic> {
        let to = chain.last()?;
        let from = match chain {
            [.., from, _] => from.as_str(),
            _ => tpl,
        };
        let file = self.sources.get(from)?;
        let span = tag_naming(&file.text, "extends", to)?;
        let mut names = vec![tpl.to_string()];
        names.extend(chain.iter().cloned());
        let message = format!(
            "templates extend each other in a circle: {}",
            arrows(&names, "extends")
        );
        Some(self.report_at(from, span, message, EXTENDS_CYCLE_HELP))
    }

    fn missing_parent(&self, current: &str, parent: &str) -> Option<Diagnostic> {
        let file = self.sources.get(current)?;
        let span = tag_naming(&file.text, "extends", parent)?;
        let message = format!("`{current}` extends `{parent}`, which is not a template");
        Some(self.report_at(current, span, message, &self.unknown_template_help(parent)))
    }

    /// Help for a name in `extends` or `include` that is no template.
    fn unknown_template_help(&self, name: &str) -> String {
        let close = did_you_mean(name, self.sources.keys().map(String::as_str))
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        format!("{close}a template is a file in `templates/` or a built-in one such as \"base.html\": fix the name, or create `templates/{name}`")
    }

    /// Components nested past Tera's limit: at the call that closes a circle
    /// of components calling each other, when there is one.
    fn depth_limit(&self, context: &str) -> Option<Diagnostic> {
        let texts = self
            .sources
            .iter()
            .map(|(n, f)| (n.as_str(), f.text.as_str()));
        let cycle = component_cycle(texts)?;
        let who = match cycle.names.as_slice() {
            [one, _] => format!("the component `{one}` calls itself"),
            names => format!(
                "components call each other in a circle: {}",
                arrows(names, "calls")
            ),
        };
        let message = format!("template error{context}: {who} with nothing to stop it");
        Some(self.report_at(&cycle.template, cycle.call, message, DEPTH_HELP))
    }

    /// Tera's checks after compiling (unknown templates, filters, functions,
    /// tests, components; blocks a parent lacks) come as one text of
    /// reports; each becomes a diagnostic of its own.
    fn text_reports(&self, text: &str) -> Option<Vec<Diagnostic>> {
        let reports = parse_reports(text)?;
        reports
            .into_iter()
            .map(|r| {
                let file = self.sources.get(&r.template)?;
                let span = span_of(file, r.line, r.col, r.width)?;
                let help = match r.message.split('`').nth(1) {
                    Some(name) if r.message.starts_with("Unknown template") => {
                        self.unknown_template_help(name)
                    }
                    _ => report_help(&r.message).to_string(),
                };
                Some(self.report_at(
                    &r.template,
                    span,
                    format!("template error: {}", r.message),
                    &help,
                ))
            })
            .collect()
    }
}

/// `a.html includes b.html, which includes a.html`.
fn arrows(names: &[String], verb: &str) -> String {
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        text.push_str(&match i {
            0 => format!("`{name}`"),
            1 => format!(" {verb} `{name}`"),
            _ => format!(", which {verb} `{name}`"),
        });
    }
    text
}

fn report_help(message: &str) -> &'static str {
    if message.starts_with("Unknown filter")
        || message.starts_with("Unknown function")
        || message.starts_with("Unknown test")
    {
        "check the spelling: docs/templates.md lists gloss's filters and functions, and Tera's documentation its built-in ones"
    } else if message.starts_with("Unknown component") {
        "define the component with `{% component NAME(...) %}` in a template, or fix the name"
    } else if message.starts_with("Block") {
        "a template that extends another can only fill the blocks its parents define: check the name against their `{% block %}` tags"
    } else {
        TAG_HELP
    }
}

/// An error gloss cannot place: it names the templates folder.
fn unplaced(err: &tera::Error, context: &str) -> Diagnostic {
    let mut message = format!("template error{context}: {err}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Diagnostic::error(Code::TemplateError, "templates", message)
        .with_help("fix the template the message names")
}

/// One of Tera's text reports: `error: MESSAGE`, ` --> NAME:LINE:COL`, the
/// source line, and `^` under the span.
struct TextReport {
    message: String,
    template: String,
    line: usize,
    col: usize,
    width: usize,
}

/// Every report of `text`, or `None` if any part is not one.
fn parse_reports(text: &str) -> Option<Vec<TextReport>> {
    text.split("\n\n")
        .map(|report| {
            let mut lines = report.lines();
            let message = lines.next()?.strip_prefix("error: ")?.to_string();
            let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
            let mut parts = locus.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let template = parts.next()?.to_string();
            let width = lines.last()?.matches('^').count().max(1);
            Some(TextReport {
                message,
                template,
                line,
                col,
                width,
            })
        })
        .collect()
}

/// The bytes of `width` characters from 1-based `line` and `col`.
fn span_of(file: &Arc<SourceFile>, line: usize, col: usize, width: usize) -> Option<Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        file.text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &file.text[line_start..];
    let mut chars = rest.char_indices().map(|(i, _)| i).chain([rest.len()]);
    let start = chars.nth(col.checked_sub(1)?)?;
    let end = chars.nth(width.saturating_sub(1)).unwrap_or(rest.len());
    Some(line_start + start..line_start + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reports_are_read_with_their_place() {
        let text = "error: Unknown template `nope.html`\n --> a.html:2:12\n  |\n2 | {% include \"nope.html\" %}\n  |            ^^^^^^^^^^^\n\nerror: Unknown filter `x`\n --> b.html:1:4\n  |\n1 | {{ 1 | x }}\n  |        ^";
        let reports = parse_reports(text).unwrap();
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].template, "a.html");
        assert_eq!(
            (reports[0].line, reports[0].col, reports[0].width),
            (2, 12, 11)
        );
        assert_eq!(reports[1].message, "Unknown filter `x`");
    }

    #[test]
    fn a_text_that_is_no_report_is_not_read() {
        assert!(parse_reports("Component `a` is defined in both `x` and `y`").is_none());
    }

    #[test]
    fn span_of_counts_characters() {
        let file = Arc::new(SourceFile::new("t", "é\n{% include \"x\" %}"));
        let span = span_of(&file, 2, 12, 3).unwrap();
        assert_eq!(&file.text[span], "\"x\"");
    }
}
