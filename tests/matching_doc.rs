//! `docs/matching.md` runs: every example the page gives is a case here, read
//! from the page itself, so an edit to the page is tested and the page and
//! the matcher cannot drift apart again.
//!
//! The conventions the page follows so that this test can read it:
//!
//! - A table whose first column is `Mention` lists, in order, every mention
//!   (its text, and the slug it is `Of`) in the article the page's last file
//!   example wrote (file examples as in `tests/docs.rs`: a fence after a
//!   paragraph holding only the file's path, written in page order into a
//!   copy of the example site).
//! - Every other table is an example table. Its `Text` (or `Written as`)
//!   column holds article bodies: each code span at the start of the cell,
//!   before any other words, is one case, and `⏎` in it is a line break.
//!   Columns before it describe the case.
//! - What a case annotates: a `Name` column (a new entity with that one name,
//!   or `term x` for a term), an `Annotated` column (slugs of the example
//!   site), slugs in the text column's heading (``Text, with `slug` annotated``),
//!   or else every entity of the example site whose name the text contains.
//! - What a case expects: a `Mention?` column says `yes` (with `yes: `x``, the
//!   mention reads `x`) or `no`; any other column lists the mentions' texts in
//!   order, or none when it starts with "no". With a `Name` column only that
//!   entity's or term's mentions count. A column headed `` `first` links `` or
//!   `` `all` links `` is read under that `annotate:` mode.
//! - A `text` block that starts with `warning[` or `error[` is what `gloss
//!   check` prints at that point of the page; after a `text` block of
//!   `annotations:`, it is what it prints once those replace the annotations
//!   of the file the message names.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const PAGE: &str = "docs/matching.md";

// ---- reading the page ----------------------------------------------------------

/// A table cell: its words, with code spans kept apart.
#[derive(Debug, Clone, Default)]
struct Cell(Vec<Piece>);

#[derive(Debug, Clone)]
enum Piece {
    Words(String),
    Code(String),
}

impl Cell {
    fn plain(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Words(w) | Piece::Code(w) => w.as_str(),
            })
            .collect::<String>()
            .trim()
            .to_string()
    }

    fn codes(&self) -> Vec<String> {
        self.0
            .iter()
            .filter_map(|p| match p {
                Piece::Code(c) => Some(c.clone()),
                Piece::Words(_) => None,
            })
            .collect()
    }

    /// The code spans that open the cell, separated only by commas.
    fn leading_codes(&self) -> Vec<String> {
        let mut codes = Vec::new();
        for piece in &self.0 {
            match piece {
                Piece::Code(c) => codes.push(c.replace('⏎', "\n")),
                Piece::Words(w) if w.trim().trim_matches(',').trim().is_empty() => {}
                Piece::Words(_) => break,
            }
        }
        codes
    }
}

#[derive(Debug)]
struct Table {
    header: Vec<Cell>,
    /// Each row with its line in the page.
    rows: Vec<(usize, Vec<Cell>)>,
}

#[derive(Debug)]
enum Item {
    Table(Table),
    File { path: String, text: String },
    Text { text: String, line: usize },
}

/// The page's tables, file examples and `text` blocks, in order.
fn read_page() -> Vec<Item> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(PAGE)).unwrap();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut items = Vec::new();
    let mut table: Option<Table> = None;
    let mut row: Option<(usize, Vec<Cell>)> = None;
    let mut cell: Option<Cell> = None;
    let mut fence: Option<(String, String, usize)> = None;
    let mut paragraph: Option<Vec<Event>> = None;
    let mut path: Option<String> = None;
    for (event, range) in Parser::new_ext(&text, Options::ENABLE_TABLES).into_offset_iter() {
        if let Some((_, body, _)) = &mut fence {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (info, body, line) = fence.take().unwrap();
                    match (info.as_str(), path.take()) {
                        ("markdown" | "yaml", Some(path)) => {
                            items.push(Item::File { path, text: body })
                        }
                        ("text", _) => items.push(Item::Text { text: body, line }),
                        _ => {}
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(events) = &mut paragraph {
            if event == Event::End(TagEnd::Paragraph) {
                path = match events.as_slice() {
                    [Event::Code(code)] if code.starts_with("content/") => Some(code.to_string()),
                    _ => None,
                };
                paragraph = None;
            } else {
                events.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) if table.is_none() => paragraph = Some(Vec::new()),
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                fence = Some((info, String::new(), line_of(range.start)));
            }
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    header: Vec::new(),
                    rows: Vec::new(),
                })
            }
            Event::End(TagEnd::Table) => items.push(Item::Table(table.take().unwrap())),
            Event::Start(Tag::TableRow) => row = Some((line_of(range.start), Vec::new())),
            Event::End(TagEnd::TableRow) => table.as_mut().unwrap().rows.push(row.take().unwrap()),
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => {
                let done = cell.take().unwrap();
                match &mut row {
                    Some((_, cells)) => cells.push(done),
                    None => table.as_mut().unwrap().header.push(done),
                }
            }
            Event::Text(t) if cell.is_some() => {
                cell.as_mut().unwrap().0.push(Piece::Words(t.to_string()))
            }
            Event::Code(c) if cell.is_some() => {
                cell.as_mut().unwrap().0.push(Piece::Code(c.to_string()))
            }
            Event::Start(_) => path = None,
            _ => {}
        }
    }
    items
}

// ---- the example site ------------------------------------------------------------

/// A copy of the repository's example site.
fn example_site() -> TestSite {
    let mut site = TestSite::new();
    let root = Path::new(ROOT);
    site = site.file(
        "site.yaml",
        &std::fs::read_to_string(root.join("site.yaml")).unwrap(),
    );
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            site = site.bytes(&rel, &std::fs::read(entry.path()).unwrap());
        }
    }
    site
}

/// Each entity of the example site: its slug and every name it goes by
/// in English (its translations, `NAME.ar.md`, are other editions').
fn example_names() -> Vec<(String, Vec<String>)> {
    let mut entities = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(ROOT).join("content/entities")) {
        let entry = entry.unwrap();
        let stem = entry.path().file_stem().unwrap().to_string_lossy();
        if !entry.file_type().is_file() || stem.contains('.') {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let front = text.split("---\n").nth(1).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
        let mut names = vec![value["name"].as_str().unwrap().to_string()];
        if let Some(aliases) = value["aliases"].as_sequence() {
            names.extend(
                aliases
                    .iter()
                    .filter_map(|a| a.as_str().map(str::to_string)),
            );
        }
        let slug = entry
            .path()
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        entities.push((slug, names));
    }
    entities
}

// ---- example tables --------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Yes(Option<String>),
    No,
    Mentions(Vec<String>),
}

/// One article body to build, and what it should give.
#[derive(Debug)]
struct Case {
    line: usize,
    body: String,
    /// `annotations:` entries, as YAML lines.
    annotations: Vec<String>,
    /// An entity the case adds to the site (slug, name).
    entity: Option<(String, String)>,
    /// Only these mentions count (`data-entity` or `data-term` value).
    target: Option<String>,
    mode: &'static str,
    expect: Expect,
}

fn header_index(header: &[Cell], wanted: impl Fn(&str) -> bool) -> Option<usize> {
    header.iter().position(|c| wanted(&c.plain()))
}

/// The cases of one example table, or why it cannot be read.
fn table_cases(table: &Table, names: &[(String, Vec<String>)]) -> Result<Vec<Case>, String> {
    let text_col = header_index(&table.header, |h| {
        h.starts_with("Text") || h == "Written as"
    })
    .ok_or("no `Text` or `Written as` column")?;
    let name_col = header_index(&table.header, |h| h == "Name");
    let annotated_col = header_index(&table.header, |h| h == "Annotated");
    let header_slugs = table.header[text_col].codes();
    let expect_cols: Vec<usize> = (text_col + 1..table.header.len())
        .filter(|&i| Some(i) != name_col && Some(i) != annotated_col)
        .collect();
    if expect_cols.is_empty() {
        return Err("no column says what to expect".into());
    }
    let mut cases = Vec::new();
    for (line, cells) in &table.rows {
        let bodies = cells[text_col].leading_codes();
        if bodies.is_empty() {
            return Err(format!(
                "line {line}: the text cell starts with no code span"
            ));
        }
        for (k, body) in bodies.iter().enumerate() {
            let id = format!("doc-{line}-{k}");
            let (annotations, entity, target) = if let Some(col) = name_col {
                named(&cells[col], &id)?
            } else if let Some(col) = annotated_col {
                (
                    cells[col]
                        .codes()
                        .iter()
                        .map(|s| format!("- {s}"))
                        .collect(),
                    None,
                    None,
                )
            } else if !header_slugs.is_empty() {
                (
                    header_slugs.iter().map(|s| format!("- {s}")).collect(),
                    None,
                    None,
                )
            } else {
                (inferred(body, names, *line)?, None, None)
            };
            for &col in &expect_cols {
                let mode = match table.header[col].codes().first().map(String::as_str) {
                    Some("all") => "all",
                    _ => "first",
                };
                cases.push(Case {
                    line: *line,
                    body: body.clone(),
                    annotations: annotations.clone(),
                    entity: entity.clone(),
                    target: target.clone(),
                    mode,
                    expect: expectation(&table.header[col], &cells[col]),
                });
            }
        }
    }
    Ok(cases)
}

type Annotated = (Vec<String>, Option<(String, String)>, Option<String>);

/// A `Name` cell: `` `Israel` `` (a new entity) or ``term `cease-fire` ``.
fn named(cell: &Cell, id: &str) -> Result<Annotated, String> {
    let name = cell
        .codes()
        .into_iter()
        .next()
        .ok_or("a `Name` cell without a code span")?;
    if cell.plain().starts_with("term ") {
        let annotation = format!("- term: {}\n    definition: An example.", yaml_str(&name));
        return Ok((vec![annotation], None, Some(name)));
    }
    Ok((
        vec![format!("- {id}")],
        Some((id.to_string(), name)),
        Some(id.to_string()),
    ))
}

/// The example site's entities whose names `body` contains.
fn inferred(
    body: &str,
    names: &[(String, Vec<String>)],
    line: usize,
) -> Result<Vec<String>, String> {
    let folded = body.replace('’', "'");
    let slugs: Vec<String> = names
        .iter()
        .filter(|(_, names)| names.iter().any(|n| folded.contains(n.as_str())))
        .map(|(slug, _)| format!("- {slug}"))
        .collect();
    if slugs.is_empty() {
        return Err(format!(
            "line {line}: `{body}` names no entity of the example site, so it tests nothing"
        ));
    }
    Ok(slugs)
}

fn expectation(header: &Cell, cell: &Cell) -> Expect {
    let plain = cell.plain().trim_matches('*').to_lowercase();
    if header.plain() == "Mention?" {
        if plain.starts_with("yes") {
            let shown = plain
                .starts_with("yes:")
                .then(|| cell.codes().into_iter().next())
                .flatten();
            return Expect::Yes(shown);
        }
        return Expect::No;
    }
    if plain.starts_with("no") {
        return Expect::Mentions(Vec::new());
    }
    Expect::Mentions(cell.codes())
}

/// The texts of the mentions on an article page, of `target` only if given.
fn mention_texts(html: &scraper::Html, target: Option<&str>) -> Vec<String> {
    select(html, ".article-body .gloss-mention")
        .into_iter()
        .filter(|a| {
            target.is_none_or(|t| {
                a.value().attr("data-entity") == Some(t) || a.value().attr("data-term") == Some(t)
            })
        })
        .map(|a| text(&a))
        .collect()
}

fn check_case(case: &Case, found: &[String]) -> Option<String> {
    let ok = match &case.expect {
        Expect::Yes(None) => !found.is_empty(),
        Expect::Yes(Some(shown)) => found.first() == Some(shown),
        Expect::No => found.is_empty(),
        Expect::Mentions(list) => found == list.as_slice(),
    };
    (!ok).then(|| {
        format!(
            "{PAGE}:{}: {:?} under `annotate: {}` should give {:?}, found mentions {found:?}",
            case.line, case.body, case.mode, case.expect
        )
    })
}

/// Builds every case of one `annotate:` mode in one copy of the example site.
fn run_cases(cases: &[&Case], mode: &str) -> Vec<String> {
    let mut site = example_site();
    let config = std::fs::read_to_string(Path::new(ROOT).join("site.yaml")).unwrap();
    site = site.file(
        "site.yaml",
        &config.replace("annotate: first", &format!("annotate: {mode}")),
    );
    for (i, case) in cases.iter().enumerate() {
        if let Some((slug, name)) = &case.entity {
            let text = format!(
                "---\nname: {}\nkind: other\nsummary: An example.\n---\n",
                yaml_str(name)
            );
            site = site.file(&format!("content/entities/{slug}.md"), &text);
        }
        let front = format!("annotations:\n{}", indent(&case.annotations));
        site = site.article(&format!("case-{i}"), &front, &case.body);
    }
    let built = site.build_ok();
    cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            let html = built.article(&format!("case-{i}"));
            check_case(case, &mention_texts(&html, case.target.as_deref()))
        })
        .collect()
}

/// `s` as a YAML single-quoted scalar: Rust's `{:?}` escapes combining
/// marks (Arabic tashkeel) as `\u{64e}`, which YAML does not read.
fn yaml_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn indent(lines: &[String]) -> String {
    lines.iter().map(|l| format!("  {l}\n")).collect()
}

#[test]
fn every_example_table_row_in_the_matching_page_holds() {
    let names = example_names();
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    for item in read_page() {
        let Item::Table(table) = item else { continue };
        if table.header.first().is_some_and(|c| c.plain() == "Mention") {
            continue;
        }
        match table_cases(&table, &names) {
            Ok(found) => cases.extend(found),
            Err(err) => failures.push(format!("{PAGE}: a table this test cannot read: {err}")),
        }
    }
    let mut by_mode: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in &cases {
        by_mode.entry(case.mode).or_default().push(case);
    }
    for (mode, cases) in &by_mode {
        failures.extend(run_cases(cases, mode));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases.len() >= 50, "only {} cases read", cases.len());
    assert!(by_mode.contains_key("all"), "no `annotate: all` case read");
}

// ---- the page's walk-through ---------------------------------------------------------

/// What `gloss check` prints in `site`.
fn gloss_check(site: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("check")
        .current_dir(site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The file a message points at (`┌─ content/articles/a.md:6:13`).
fn named_file(message: &str) -> String {
    let at = message
        .split("┌─ ")
        .nth(1)
        .expect("a message without a place");
    at.split(':').next().unwrap().to_string()
}

/// `text` with the `annotations:` of its front matter replaced by `with`.
fn with_annotations(text: &str, with: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("annotations:") {
            out.push_str(with);
            while lines.next_if(|l| l.starts_with(' ')).is_some() {}
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_mentions_and_messages_the_matching_page_shows_are_what_gloss_gives() {
    let site = example_site();
    let mut failures = Vec::new();
    let mut last_file: Option<(String, String)> = None;
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    let mut fragment: Option<String> = None;
    let mut checked = 0;
    for item in read_page() {
        match item {
            Item::File { path, text } => {
                std::fs::write(site.root().join(&path), &text).unwrap();
                written.insert(path.clone(), text.clone());
                last_file = Some((path, text));
                fragment = None;
            }
            Item::Text { text, .. } if text.starts_with("annotations:") => fragment = Some(text),
            Item::Text { text, line }
                if text.starts_with("warning[") || text.starts_with("error[") =>
            {
                let printed = match fragment.take() {
                    Some(annotations) => {
                        let path = named_file(&text);
                        let original = &written[&path];
                        let changed = with_annotations(original, &annotations);
                        std::fs::write(site.root().join(&path), changed).unwrap();
                        let printed = gloss_check(site.root());
                        std::fs::write(site.root().join(&path), original).unwrap();
                        printed
                    }
                    None => gloss_check(site.root()),
                };
                checked += 1;
                if !printed.contains(text.trim_end()) {
                    failures.push(format!(
                        "{PAGE}:{line}: `gloss check` does not print this; it printed:\n{printed}"
                    ));
                }
            }
            Item::Table(table) if table.header.first().is_some_and(|c| c.plain() == "Mention") => {
                let (path, _) = last_file
                    .clone()
                    .expect("a mention table before any file example");
                let slug = Path::new(&path)
                    .file_stem()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                let html = site.build_ok().article(&slug);
                let found: Vec<(String, String)> = select(&html, ".article-body .gloss-mention")
                    .into_iter()
                    .map(|a| {
                        let of = a
                            .value()
                            .attr("data-entity")
                            .or(a.value().attr("data-term"));
                        (text(&a), of.unwrap_or_default().to_string())
                    })
                    .collect();
                let listed: Vec<(String, String)> = table
                    .rows
                    .iter()
                    .map(|(_, cells)| (cells[0].codes().concat(), cells[1].codes().concat()))
                    .collect();
                checked += 1;
                if found != listed {
                    let line = table.rows.first().map_or(0, |r| r.0);
                    failures.push(format!("{PAGE}:{line}: `{path}` gives the mentions {found:?}, the page lists {listed:?}"));
                }
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        checked >= 6,
        "only {checked} mention lists and messages read"
    );
}
