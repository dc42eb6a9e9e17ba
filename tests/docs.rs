//! The documentation runs. Every file example in `docs/` and the README is
//! built, every error code gloss can emit has a page in `docs/errors/` whose
//! wrong example produces that code and whose right example passes, and
//! `gloss explain` prints those pages.
//!
//! The conventions the docs follow so that this test can read them:
//!
//! - A fenced block tagged `markdown`, `yaml` or `html` is a file example. The
//!   paragraph just before it is only a code span naming the file's path in
//!   the site: `` `content/articles/blinken-egypt.md` ``. A `text` block after
//!   such a paragraph is a file example too (`published-urls.txt`). A path
//!   outside the site (`.github/workflows/publish.yml`) marks an example that
//!   is not a site file: it is shown, not built.
//! - Guide pages: file examples are written in page order into one copy of the
//!   example site, and `gloss check` must pass after each.
//! - Error pages: the `## Wrong` and `## Right` sections each start from a
//!   fresh copy of the example site. Their file examples are written, then
//!   their `sh` block runs (`gloss` is on `PATH`), or `gloss check --strict`
//!   when there is none. Wrong must fail and print `[CODE]`; Right must pass
//!   and print no code at all.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A code that cannot be caused on purpose: it reports a bug in gloss.
const NO_WRONG_EXAMPLE: &[&str] = &["G0504"];

// ---- reading the docs --------------------------------------------------------

#[derive(Debug)]
enum Example {
    File {
        path: String,
        text: String,
        line: usize,
    },
    Script {
        text: String,
    },
}

#[derive(Debug, Default)]
struct Section {
    heading: String,
    examples: Vec<Example>,
}

/// A Markdown page as its `##` sections (the part before the first is
/// section ""), each with its examples in order. A file fence without its
/// path paragraph is an error: it could never be tested.
fn sections(doc: &Path) -> Result<Vec<Section>, String> {
    let text = std::fs::read_to_string(doc).unwrap();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut sections = vec![Section::default()];
    // The path of a paragraph that held nothing but one code span: in the
    // site (`Some(Some(path))`) or outside it (`Some(None)`).
    let mut pending_path: Option<Option<String>> = None;
    let mut paragraph: Option<Vec<Event>> = None;
    let mut heading: Option<String> = None;
    let mut fence: Option<(String, String, usize)> = None;
    for (event, range) in Parser::new(&text).into_offset_iter() {
        if let Some((_, body, _)) = &mut fence {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (info, body, line) = fence.take().unwrap();
                    let example = match (info.as_str(), pending_path.take()) {
                        (_, Some(None)) => continue,
                        ("markdown" | "yaml" | "html" | "text", Some(Some(path))) => {
                            Example::File {
                                path,
                                text: body,
                                line,
                            }
                        }
                        ("markdown" | "yaml" | "html", None) => {
                                return Err(format!(
                                    "{}:{line}: a `{info}` example without its path: put a line holding only `content/...` (in backticks) before it",
                                doc.display()
                            ))
                        }
                        ("sh", _) => Example::Script { text: body },
                        _ => continue,
                    };
                    sections.last_mut().unwrap().examples.push(example);
                }
                _ => {}
            }
            continue;
        }
        if let Some(events) = &mut paragraph {
            if event == Event::End(TagEnd::Paragraph) {
                pending_path = match events.as_slice() {
                    [Event::Code(code)] if is_site_path(code) => Some(Some(code.to_string())),
                    [Event::Code(code)] if is_outside_path(code) => Some(None),
                    _ => None,
                };
                paragraph = None;
            } else {
                events.push(event);
            }
            continue;
        }
        if let Some(title) = &mut heading {
            match event {
                Event::End(TagEnd::Heading(_)) => {
                    sections.push(Section {
                        heading: std::mem::take(title),
                        examples: Vec::new(),
                    });
                    heading = None;
                }
                Event::Text(t) | Event::Code(t) => title.push_str(&t),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => paragraph = Some(Vec::new()),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                heading = Some(String::new());
                pending_path = None;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                fence = Some((info, String::new(), line_of(range.start)));
            }
            Event::Start(_) => pending_path = None,
            _ => {}
        }
    }
    Ok(sections)
}

fn is_site_path(path: &str) -> bool {
    let inside = [
        "site.yaml",
        "published-urls.txt",
        "content/",
        "templates/",
        "static/",
    ]
    .iter()
    .any(|start| path.starts_with(start));
    inside && !path.split('/').any(|part| part == ".." || part.is_empty())
}

/// A file of the site's repository that gloss does not read, such as a CI
/// workflow: `.github/workflows/publish.yml`.
fn is_outside_path(path: &str) -> bool {
    path.starts_with(".github/") && !path.contains(char::is_whitespace)
}

// ---- running examples ----------------------------------------------------------

/// A fresh copy of the repository's example site.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(ROOT);
    std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(root).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// A site made by `gloss init`, as the README's tour starts.
fn new_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let result = run(dir.path(), "gloss init .");
    assert!(result.success, "gloss init: {}", result.output);
    assert!(dir.path().join("content").is_dir(), "{}", result.output);
    dir
}

fn write(site: &Path, path: &str, text: &str) {
    let to = site.join(path);
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::write(to, text).unwrap();
}

struct Run {
    success: bool,
    output: String,
}

/// Runs `script` with `sh` in `site`, with this build's `gloss` first on PATH.
fn run(site: &Path, script: &str) -> Run {
    let gloss = PathBuf::from(env!("CARGO_BIN_EXE_gloss"));
    let path = std::env::join_paths(
        std::iter::once(gloss.parent().unwrap().to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(site)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        success: out.status.success(),
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

fn guide_pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(Path::new(ROOT).join("README.md"));
    pages.sort();
    pages
}

fn error_pages() -> Vec<(String, PathBuf)> {
    let mut pages: Vec<(String, PathBuf)> = std::fs::read_dir(Path::new(ROOT).join("docs/errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let code = p.file_stem()?.to_str()?.to_string();
            code.starts_with("G0").then_some((code, p))
        })
        .collect();
    pages.sort();
    pages
}

/// The codes gloss can emit: every [`gloss::Code`] that some part of the
/// source reports (a code no part uses would document nothing).
fn emitted_codes() -> BTreeSet<String> {
    let mut source = String::new();
    for entry in walkdir::WalkDir::new(Path::new(ROOT).join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs")
            && !entry.path().ends_with("diagnostics/code.rs")
        {
            source.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    let mut codes = BTreeSet::new();
    for code in gloss::Code::ALL {
        assert!(
            source.contains(&format!("Code::{code:?}")),
            "{code} ({code:?}) is never reported: remove it from src/diagnostics/code.rs"
        );
        codes.insert(code.to_string());
    }
    codes
}

// ---- the tests -------------------------------------------------------------------

#[test]
fn every_file_example_in_the_guide_builds() {
    let mut failures = Vec::new();
    let mut built = 0;
    for page in guide_pages() {
        let sections = match sections(&page) {
            Ok(sections) => sections,
            Err(err) => {
                failures.push(err);
                continue;
            }
        };
        // The README's tour starts from `gloss init`, as a newcomer does; the
        // guide's examples extend the example site.
        let site = if page.ends_with("README.md") && !page.parent().unwrap().ends_with("docs") {
            new_site()
        } else {
            example_site()
        };
        for example in sections.iter().flat_map(|s| &s.examples) {
            let Example::File { path, text, line } = example else {
                continue;
            };
            write(site.path(), path, text);
            let result = run(site.path(), "gloss check");
            built += 1;
            if !result.success {
                failures.push(format!(
                    "{}:{line}: `{path}` does not build:\n{}",
                    page.display(),
                    result.output
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(built >= 10, "only {built} examples found");
}

#[test]
fn every_code_gloss_emits_has_a_page_and_every_page_a_code() {
    let emitted = emitted_codes();
    let documented: BTreeSet<String> = error_pages().into_iter().map(|(code, _)| code).collect();
    assert!(emitted.len() >= 20, "found only {emitted:?}");
    let missing: Vec<_> = emitted.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&emitted).collect();
    assert!(
        missing.is_empty(),
        "codes without a page in docs/errors: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "pages for codes gloss never emits: {stale:?}"
    );
    let index = std::fs::read_to_string(Path::new(ROOT).join("docs/errors/README.md")).unwrap();
    for code in &emitted {
        assert!(
            index.contains(&format!("[{code}]({code}.md)")),
            "{code} is not in docs/errors/README.md"
        );
    }
}

#[test]
fn each_wrong_example_gives_its_code_and_each_right_example_passes() {
    let mut failures = Vec::new();
    for (code, page) in error_pages() {
        let sections = match sections(&page) {
            Ok(sections) => sections,
            Err(err) => {
                failures.push(err);
                continue;
            }
        };
        let title = std::fs::read_to_string(&page).unwrap();
        if !title.starts_with(&format!("# {code}: ")) {
            failures.push(format!(
                "{code}: the page must start with `# {code}: title`"
            ));
        }
        for wanted in ["Wrong", "Right", "Fix"] {
            let present = sections.iter().any(|s| s.heading == wanted);
            let exempt = wanted == "Wrong" && NO_WRONG_EXAMPLE.contains(&code.as_str());
            if !present && !exempt {
                failures.push(format!("{code}: no `## {wanted}` section"));
            }
        }
        for section in &sections {
            let wrong = match section.heading.as_str() {
                "Wrong" => true,
                "Right" => false,
                _ => continue,
            };
            let site = example_site();
            let mut script = "gloss check --strict".to_string();
            for example in &section.examples {
                match example {
                    Example::File { path, text, .. } => write(site.path(), path, text),
                    Example::Script { text } => script = text.clone(),
                }
            }
            let result = run(site.path(), &script);
            let marked = format!("[{code}]");
            if wrong && (result.success || !result.output.contains(&marked)) {
                failures.push(format!(
                    "{code}: the wrong example should fail with {marked}; it printed:\n{}",
                    result.output
                ));
            }
            if !wrong && (!result.success || result.output.contains("[G0")) {
                failures.push(format!(
                    "{code}: the right example should pass cleanly; it printed:\n{}",
                    result.output
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn gloss_explain_prints_each_page() {
    let site = tempfile::tempdir().unwrap();
    for (code, page) in error_pages() {
        let result = run(
            site.path(),
            &format!("gloss explain {}", code.to_lowercase()),
        );
        assert!(result.success, "{code}: {}", result.output);
        assert_eq!(result.output, std::fs::read_to_string(page).unwrap());
    }
    let unknown = run(site.path(), "gloss explain G9999; echo \"status $?\"");
    assert!(
        unknown.output.contains("no error code `G9999`"),
        "{}",
        unknown.output
    );
    assert!(unknown.output.contains("status 2"), "{}", unknown.output);
}

#[test]
fn a_file_fence_without_a_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        &page,
        "Some text.\n\n```markdown\n---\ntitle: A\n---\n```\n",
    )
    .unwrap();
    let err = sections(&page).unwrap_err();
    assert!(err.contains("page.md:3"), "{err}");
    std::fs::write(
        &page,
        "`content/a.md`\n\n```markdown\n---\ntitle: A\n---\n```\n\n```sh\ngloss check\n```\n",
    )
    .unwrap();
    let found = sections(&page).unwrap();
    assert!(
        matches!(&found[0].examples[..], [Example::File { path, .. }, Example::Script { .. }] if path == "content/a.md")
    );
}

// ---- the template reference --------------------------------------------------

/// The templates that are rendered as pages of their own; `card.html` is
/// probed inside articles, `base.html` and `_article_list.html` only ever see
/// the context of the page that uses them.
const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "article.html",
    "entities.html",
    "entity.html",
    "tags.html",
    "tag.html",
    "author.html",
    "404.html",
    "410.html",
    "redirect.html",
];

/// Every variable path in a context: `article.title`, `cards[].slug`.
/// `extra` values are free-form, so they count as one variable.
fn context_paths(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    if !prefix.is_empty() {
        out.insert(prefix.to_string());
    }
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                // Free-form values, and the theme's words (each listed in
                // docs/languages.md), count as one variable each.
                if key == "extra" || key == "words" {
                    out.insert(path);
                } else {
                    context_paths(inner, &path, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                context_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The variables each template receives, read from the example site built
/// with every template in turn replaced by a probe that prints its context.
fn probed_contexts() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let mut found = std::collections::BTreeMap::new();
    let probe = |name: &str| {
        // Tera's context dump leaves out the loop variable an included
        // template sees, so the card probe prints `card` itself.
        let context = if name == "card.html" {
            "{\"card\": {{ card | json | safe }}}"
        } else {
            "{{ __tera_context | json | safe }}"
        };
        format!("<script type=\"application/json\" data-template=\"{name}\">{context}</script>")
    };
    for name in PAGE_TEMPLATES.iter().copied().chain(["card.html"]) {
        let site = example_site();
        write(site.path(), &format!("templates/{name}"), &probe(name));
        let result = run(site.path(), "gloss build --drafts --output out");
        assert!(result.success, "{name}: {}", result.output);
        let mut paths = BTreeSet::new();
        for entry in walkdir::WalkDir::new(site.path().join("out")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let marker = format!("data-template=\"{name}\">");
            for (at, _) in html.match_indices(&marker) {
                let json = &html[at + marker.len()..];
                let json = &json[..json.find("</script>").unwrap()];
                let context: serde_json::Value = serde_json::from_str(json).unwrap();
                context_paths(&context, "", &mut paths);
            }
        }
        if name == "card.html" {
            // A card sees its article's variables too; those are documented there.
            paths.retain(|p| p == "card" || p.starts_with("card."));
        }
        assert!(!paths.is_empty(), "{name}: the probe never rendered");
        found.insert(name.to_string(), paths);
    }
    found
}

/// The variables `docs/templates.md` documents: in each `## ... name.html`
/// section, the code span that opens each table row.
fn documented_contexts() -> std::collections::BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("docs/templates.md")).unwrap();
    let mut found: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    let mut template: Option<String> = None;
    let mut heading: Option<String> = None;
    let mut cell = 0;
    let mut in_body = false;
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    for event in Parser::new_ext(&text, options) {
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H2 => {
                heading = Some(String::new())
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(title) = heading.take() {
                    template = title
                        .split_whitespace()
                        .find(|w| w.ends_with(".html"))
                        .map(str::to_string);
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                heading.as_mut().unwrap().push_str(&t)
            }
            Event::Start(Tag::TableHead) => in_body = false,
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::Start(Tag::TableRow) => cell = 0,
            Event::End(TagEnd::TableCell) => cell += 1,
            Event::Code(code) if in_body && cell == 0 => {
                if let Some(name) = &template {
                    found
                        .entry(name.clone())
                        .or_default()
                        .insert(code.to_string());
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn the_template_reference_lists_exactly_what_each_template_receives() {
    let probed = probed_contexts();
    let documented = documented_contexts();
    let mut failures = Vec::new();
    for (name, paths) in &probed {
        let empty = BTreeSet::new();
        let listed = documented.get(name).unwrap_or(&empty);
        let missing: Vec<_> = paths.difference(listed).collect();
        let extra: Vec<_> = listed.difference(paths).collect();
        if !missing.is_empty() {
            failures.push(format!("{name}: not in docs/templates.md: {missing:?}"));
        }
        if !extra.is_empty() {
            failures.push(format!(
                "{name}: in docs/templates.md but not given: {extra:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
