//! Shortcodes: small templates of the site, `templates/shortcodes/NAME.html`,
//! called from an article's Markdown as in Zola (`call.rs` reads the
//! calls). The built-in theme ships `factbox` and `pullquote`; a site file
//! of the same name replaces one, like any template.
//!
//! A call's arguments become the template's variables; the Markdown of a
//! call with a body is rendered to HTML and given as `body`. A call of a
//! shortcode that does not exist, an argument the template never names and
//! a render that fails are errors at the call.

mod args;
mod call;

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::Parser;
use tera::Context;

use crate::budget::{self, Limits};
use crate::diagnostics::{did_you_mean, Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::Article;
use crate::text::markdown::OPTIONS;
use crate::theme::Theme;

pub use call::{calls, masked, Call};

/// Where the site's shortcodes live among its templates.
const FOLDER: &str = "shortcodes/";

/// The calls of one body, rendered, in the order they appear.
#[derive(Default)]
pub struct Rendered {
    /// Each call with its HTML; `None` for one that failed (reported).
    pub calls: Vec<(Call, Option<String>)>,
}

impl Rendered {
    /// The call whose masked text covers `range` of the body, if any, and
    /// whether this is the first piece of it the parser hands over.
    pub fn at(&self, range: &Range<usize>) -> Option<(usize, &Call)> {
        let i = self
            .calls
            .partition_point(|(call, _)| call.span.end <= range.start);
        let (call, _) = self.calls.get(i)?;
        (call.span.start < range.end).then_some((i, call))
    }
}

impl Rendered {
    /// `body` with each call masked by raw HTML of its length, so that
    /// every other offset still points into the file; `None` without calls.
    pub fn masked_body(&self, body: &str) -> Option<String> {
        if self.calls.is_empty() {
            return None;
        }
        let calls: Vec<Call> = self.calls.iter().map(|(call, _)| call.clone()).collect();
        Some(masked(body, &calls))
    }
}

/// Reads and renders the calls of `article`'s body, reporting mistakes.
/// Without a theme (its templates failed, already reported) nothing is
/// rendered.
pub fn render(
    (article, file): (&Article, &Arc<SourceFile>),
    body: &str,
    theme: Option<&Theme>,
    limits: Limits,
    diags: &mut Diagnostics,
) -> Rendered {
    let (found, mistakes) = calls(body);
    let at = |span: &Range<usize>| article.body.start + span.start..article.body.start + span.end;
    for wrong in mistakes {
        diags.push(
            Diagnostic::error(Code::BadShortcode, &article.file.path, wrong.message)
                .at(file, at(&wrong.span))
                .with_label("this shortcode call")
                .with_help(wrong.help),
        );
    }
    for inner in found.iter().filter_map(|call| call.body.clone()) {
        // A shortcode's Markdown follows the body's rules for addresses.
        for problem in crate::links::link_problems(&body[inner.clone()], true) {
            let span = inner.start + problem.span.start..inner.start + problem.span.end;
            diags.push(problem.diagnostic(file, at(&span)));
        }
    }
    let calls = found
        .into_iter()
        .map(|call| {
            let html = theme.and_then(|theme| {
                let problem = match one(&call, body, theme, limits, article) {
                    Ok(html) => return Some(html),
                    Err(Failure::Budget(diagnostic)) => {
                        diags.push(*diagnostic);
                        return None;
                    }
                    Err(Failure::Call(problem)) => problem,
                };
                // A call with a body is shown by its opening line.
                let opening =
                    call.span.start..call.body.as_ref().map_or(call.span.end, |b| b.start);
                let span = problem.span.unwrap_or(opening);
                diags.push(
                    Diagnostic::error(problem.code, &article.file.path, problem.message)
                        .at(file, at(&span))
                        .with_label(problem.label)
                        .with_help(problem.help),
                );
                None
            });
            (call, html)
        })
        .collect();
    Rendered { calls }
}

/// Why a call could not be rendered.
struct Problem {
    code: Code,
    /// Where in the body, when not the whole call.
    span: Option<Range<usize>>,
    message: String,
    label: &'static str,
    help: String,
}

/// Why a call has no HTML.
enum Failure {
    /// The call is wrong.
    Call(Problem),
    /// The shortcode's render went over a limit of `render_limits`.
    Budget(Box<Diagnostic>),
}

impl From<Problem> for Failure {
    fn from(problem: Problem) -> Self {
        Failure::Call(problem)
    }
}

/// The HTML of one call, rendered within the page's limits.
fn one(
    call: &Call,
    body: &str,
    theme: &Theme,
    limits: Limits,
    article: &Article,
) -> Result<String, Failure> {
    let template = format!("{FOLDER}{}.html", call.name);
    let Some(text) = theme.text(&template) else {
        return Err(unknown(call, theme).into());
    };
    let mut cx = Context::new();
    for arg in &call.args {
        if !names(text, &arg.name) {
            return Err(Failure::Call(Problem {
                code: Code::BadShortcode,
                span: Some(arg.span.clone()),
                message: format!("`{}` takes no argument `{}`", call.name, arg.name),
                label: "this argument",
                help: format!(
                    "the arguments `{}` reads are the variables of templates/{template}{}",
                    call.name,
                    did_you_mean(&arg.name, template_words(text))
                        .map(|w| format!("; did you mean `{w}`?"))
                        .unwrap_or_default()
                ),
            }));
        }
        cx.insert(arg.name.clone(), &arg.value);
    }
    if let Some(inner) = &call.body {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&body[inner.clone()], OPTIONS));
        cx.insert("body", &html);
    }
    let page = article.file.path.to_string_lossy();
    let render = budget::Render::start(limits, &page, &template);
    let mut out = budget::Page::new(&limits);
    let result = theme.tera.render_to(&template, &cx, &mut out);
    if let Some(exceeded) = render.exceeded() {
        let err = result.err();
        let diagnostic = theme.budget_error(err.as_ref(), &template, &page, exceeded);
        return Err(Failure::Budget(Box::new(diagnostic)));
    }
    drop(render);
    result.map_err(|err| failed(call, &template, &error_text(&err)))?;
    Ok(String::from_utf8_lossy(&out.bytes).into_owned())
}

/// The error for a call whose template failed: most often an argument
/// left out, which the template names as a variable not defined.
fn failed(call: &Call, template: &str, error: &str) -> Problem {
    let missing = error
        .split_once("Variable `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name);
    let (message, help) = match missing {
        Some(name) => (
            format!("`{}` needs the argument `{name}`", call.name),
            format!(
                "add `{name}=\"...\"` to the call, among the arguments templates/{template} reads"
            ),
        ),
        None => (
            format!(
                "`{}` could not be rendered: {}",
                call.name,
                error.split(" --> ").next().unwrap_or(error)
            ),
            format!(
                "give `{}` the arguments templates/{template} reads, or fix that template",
                call.name
            ),
        ),
    };
    Problem {
        code: Code::BadShortcode,
        span: None,
        message,
        label: "this shortcode call",
        help,
    }
}

/// The error for a call of a shortcode the site does not have.
fn unknown(call: &Call, theme: &Theme) -> Problem {
    let known: Vec<&str> = theme
        .names()
        .filter_map(|n| n.strip_prefix(FOLDER)?.strip_suffix(".html"))
        .collect();
    let close = did_you_mean(&call.name, known.iter().copied());
    let mut list = known.clone();
    list.sort_unstable();
    Problem {
        code: Code::UnknownShortcode,
        span: Some(call.name_span.clone()),
        message: format!("there is no shortcode `{}`", call.name),
        label: "this shortcode",
        help: match close {
            Some(name) => format!(
                "did you mean `{name}`? To make `{}`, write templates/{FOLDER}{}.html",
                call.name, call.name
            ),
            None => format!(
                "the shortcodes are {}; to make `{}`, write templates/{FOLDER}{}.html",
                list.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                call.name,
                call.name
            ),
        },
    }
}

/// Whether `text` (a template) holds `name` as a whole word.
fn names(text: &str, name: &str) -> bool {
    template_words(text).any(|w| w == name)
}

/// The words of a template's code, for the closest argument name.
fn template_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Tera's error and its causes, on one line.
fn error_text(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
