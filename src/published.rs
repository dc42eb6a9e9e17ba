//! URLs that never break. Once every page of a run is known, this module
//! checks the old addresses the site keeps (redirects and `gone:`) against
//! its pages, compares the pages with the record of URLs published so far
//! (`published-urls.txt`, see [`crate::load::record`]), and makes the
//! record's next text for `gloss build` to write.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::{did_you_mean, display_path, Code, Diagnostic, Diagnostics};
use crate::load::record::{Record, RecordEntry, RECORD_FILE};
use crate::model::{FeedOf, Redirect, Site, Written};
use crate::render::pages::Job;
use crate::render::{Plan, FEEDS};
use crate::urls;

/// The site's own pages by site path, with the file each is made from:
/// what the old addresses and the record are checked against.
pub struct Pages {
    sources: FxHashMap<String, Option<String>>,
}

impl Pages {
    pub fn new(site: &Site, plan: &Plan) -> Self {
        let mut sources: FxHashMap<String, Option<String>> = FxHashMap::default();
        for job in &plan.jobs {
            let source = match job {
                Job::Redirect(_) | Job::Gone | Job::RedirectRules => continue,
                Job::Article(a) => Some(display_path(&site.articles[*a].file.path)),
                Job::Entity(e, 1) | Job::EntityFeed(e) => {
                    Some(display_path(&site.entities[*e].file.path))
                }
                _ => None,
            };
            sources.insert(in_edition(site, job.path(site)), source);
        }
        let feeds = FEEDS
            .iter()
            .map(|feed| (in_edition(site, crate::render::feed_path(feed, site)), None));
        sources.extend(feeds);
        Pages { sources }
    }

    /// Adds another edition's pages.
    pub fn extend(&mut self, other: Pages) {
        self.sources.extend(other.sources);
    }

    fn has(&self, path: &str) -> bool {
        self.sources.contains_key(path)
    }
}

/// The old addresses of every edition, as paths from the site's root
/// (`/ar/articles/old/`), as readers and the record know them.
pub struct Moves {
    redirects: Vec<Redirect>,
    gone: Vec<Written<String>>,
}

impl Moves {
    pub fn new<'s>(sites: impl IntoIterator<Item = &'s Site>) -> Self {
        let mut moves = Moves {
            redirects: Vec::new(),
            gone: Vec::new(),
        };
        let rooted = |site: &Site, address: &Written<String>| Written {
            value: in_edition(site, address.value.clone()),
            ..address.clone()
        };
        for site in sites {
            moves
                .redirects
                .extend(site.redirects.iter().map(|r| Redirect {
                    from: rooted(site, &r.from),
                    to: in_edition(site, r.to.clone()),
                    feed_of: r.feed_of,
                }));
            moves.gone.extend(site.gone.iter().map(|g| rooted(site, g)));
        }
        moves
    }

    pub fn is_empty(&self) -> bool {
        self.redirects.is_empty() && self.gone.is_empty()
    }
}

/// A site path of the site's edition, with its prefix (`/ar/...`), as the
/// record of published URLs holds it.
fn in_edition(site: &Site, path: String) -> String {
    match site.config.prefix_of(site.config.edition) {
        prefix if prefix.is_empty() => path,
        prefix => format!("{prefix}{path}"),
    }
}

/// Addresses gloss writes, or may write, itself besides the pages: no
/// redirect may take them.
fn is_generated(path: &str) -> bool {
    [urls::GONE, urls::REDIRECT_RULES, urls::NOT_FOUND, "/404/"].contains(&path)
        || urls::is_later_page(path)
        || path.starts_with(&format!("/{}/", urls::SEARCH_FOLDER))
}

/// Checks every redirect and `gone:` address against the pages: none is a
/// live page or claimed twice, and each redirect leads straight to a page.
pub fn check_moves(moves: &Moves, pages: &Pages, diags: &mut Diagnostics) {
    let mut claimed: FxHashMap<&str, &Written<String>> = FxHashMap::default();
    let moved = moves.redirects.iter().map(|r| &r.from);
    for address in moved.chain(&moves.gone) {
        if let Some(problem) = taken(address, pages, &claimed) {
            diags.push(problem);
        }
        claimed.entry(&address.value).or_insert(address);
    }
    let by_from: FxHashMap<&str, &Redirect> = (moves.redirects.iter())
        .map(|r| (r.from.value.as_str(), r))
        .collect();
    let gone: FxHashSet<&str> = moves.gone.iter().map(|g| g.value.as_str()).collect();
    for redirect in &moves.redirects {
        if let Some(problem) = leads_nowhere(redirect, pages, &by_from, &gone) {
            diags.push(problem);
        }
    }
}

/// The error for an old address that a page, or another entry, already has.
fn taken(
    address: &Written<String>,
    pages: &Pages,
    claimed: &FxHashMap<&str, &Written<String>>,
) -> Option<Diagnostic> {
    let path = &address.value;
    let error = |message: String, help: String| {
        Some(
            Diagnostic::error(Code::AddressTaken, &address.file.path, message)
                .at(&address.file, address.span.clone())
                .with_help(help),
        )
    };
    if let Some(other) = claimed.get(path.as_str()) {
        let (line, _) = other.file.line_col(other.span.start);
        let other_file = display_path(&other.file.path);
        return error(
            format!("`{path}` is claimed twice: also at {other_file}:{line}"),
            "an old address leads to one place: keep one of the two".into(),
        )
        .map(|d| d.with_related(&other.file, other.span.clone(), "also claimed here"));
    }
    if pages.has(path) {
        let holder = match pages.sources.get(path) {
            Some(Some(source)) => format!("the page made from {source}"),
            _ => "one of gloss's own pages".to_string(),
        };
        return error(
            format!("`{path}` is a live page, {holder}: it cannot also lead elsewhere"),
            "remove this address: an old address must be one the site no longer has".into(),
        );
    }
    if is_generated(path) {
        return error(
            format!("`{path}` is an address gloss writes itself"),
            "remove this address; gloss keeps its own addresses working".into(),
        );
    }
    None
}

/// The error for a redirect that does not lead straight to a page: to
/// itself, around a loop, along a chain, to a removed page or to nothing.
fn leads_nowhere(
    redirect: &Redirect,
    pages: &Pages,
    by_from: &FxHashMap<&str, &Redirect>,
    gone: &FxHashSet<&str>,
) -> Option<Diagnostic> {
    let from = &redirect.from;
    let error = |code, message: String, help: String| {
        Some(
            Diagnostic::error(code, &from.file.path, message)
                .at(&from.file, from.span.clone())
                .with_help(help),
        )
    };
    if pages.has(&redirect.to) {
        return None;
    }
    let mut chain = vec![from.value.as_str(), redirect.to.as_str()];
    let mut next = redirect.to.as_str();
    while let Some(step) = by_from.get(next) {
        next = step.to.as_str();
        if chain.contains(&next) {
            chain.push(next);
            return error(
                Code::RedirectChain,
                format!("these redirects loop: {}", chain.join(" -> ")),
                "remove one of them, so that each old address leads to a page".into(),
            );
        }
        chain.push(next);
    }
    if chain.len() > 2 && pages.has(next) {
        let shown = chain.join(" -> ");
        return error(
            Code::RedirectChain,
            format!("`{}` leads through a chain: {shown}", from.value),
            format!(
                "lead it straight to the end, `{}: {next}`; every hop costs readers a round trip",
                from.value
            ),
        );
    }
    if gone.contains(next) {
        return error(
            Code::RedirectNowhere,
            format!(
                "`{}` leads to `{next}`, which is listed under `gone:`",
                from.value
            ),
            format!(
                "list `{}` under `gone:` too, or lead it to a page the site has",
                from.value
            ),
        );
    }
    let known = pages.sources.keys().map(String::as_str);
    let help = match did_you_mean(next, known) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "lead it to the address of a page the site has".to_string(),
    };
    error(
        Code::RedirectNowhere,
        format!(
            "`{}` leads to `{next}`, which is no page of this site",
            from.value
        ),
        help,
    )
}

/// Every address the site publishes and keeps: its pages and feeds (not the
/// later pages of lists, whose contents move with every new article),
/// its redirects and its `gone:` addresses, each with the file that made it.
fn published(moves: &Moves, pages: &Pages) -> BTreeMap<String, Option<String>> {
    let mut all: BTreeMap<String, Option<String>> = pages
        .sources
        .iter()
        .filter(|(path, _)| is_kept(path))
        .map(|(path, source)| (path.clone(), source.clone()))
        .collect();
    for redirect in &moves.redirects {
        let source = display_path(&redirect.from.file.path);
        if source == RECORD_FILE {
            // Kept from the record ([`keep_old_slugs`]), which holds it already.
            continue;
        }
        all.insert(redirect.from.value.clone(), Some(source));
    }
    for gone in &moves.gone {
        all.insert(gone.value.clone(), Some(display_path(&gone.file.path)));
    }
    all
}

/// Whether a page's address is one readers keep: not a later page of a
/// list (the index, an entity's or a tag's page), nor the 404 page.
fn is_kept(path: &str) -> bool {
    !urls::is_later_page(path) && path != urls::NOT_FOUND
}

/// Compares the record with what this run publishes: a recorded URL the
/// site no longer has is an error that says where its page went, if gloss
/// can tell, and how to keep the URL working.
pub fn check_record(record: &Record, moves: &Moves, pages: &Pages, diags: &mut Diagnostics) {
    let moved = moves.redirects.iter().map(|r| &r.from).chain(&moves.gone);
    let moved: FxHashSet<&str> = moved.map(|address| address.value.as_str()).collect();
    let dropped: Vec<&RecordEntry> = (record.entries.iter())
        .filter(|entry| is_kept(&entry.path))
        .filter(|entry| !pages.has(&entry.path) && !moved.contains(entry.path.as_str()))
        .collect();
    let dropped_paths: FxHashSet<&str> = dropped.iter().map(|e| e.path.as_str()).collect();
    let recorded: FxHashSet<&str> = record.entries.iter().map(|e| e.path.as_str()).collect();
    for entry in &dropped {
        // An entity's old feed goes with its page: one error says both.
        if let Some(folder) = feed_folder(&entry.path) {
            if dropped_paths.contains(folder) {
                continue;
            }
        }
        let fix = fix_for(entry, pages, &recorded);
        diags.push(
            Diagnostic::error(
                Code::UrlDropped,
                RECORD_FILE,
                format!(
                    "`{}` was published, and this build no longer has it",
                    entry.path
                ),
            )
            .at(&record.file, entry.span.clone())
            .with_label("published before")
            .with_help(fix),
        );
    }
}

/// `/entities/x/` for `/entities/x/atom.xml`.
fn feed_folder(path: &str) -> Option<&str> {
    path.strip_suffix(&urls::ATOM[1..])
        .filter(|f| f.ends_with('/'))
}

/// What to do about a URL the site no longer has: where its page went, when
/// gloss can tell, and how to keep the URL working.
fn fix_for(entry: &RecordEntry, pages: &Pages, recorded: &FxHashSet<&str>) -> String {
    let old = feed_folder(&entry.path).unwrap_or(&entry.path);
    if let Some((new, source)) = successor(entry, old, pages, recorded) {
        return format!(
            "its page is now `{new}` (made from {source}): add `redirect_from: [{old}]` to the front matter of {source}"
        );
    }
    if old.starts_with(urls::TAGS) {
        return format!(
            "lead it to a page under `redirects:` in site.yaml (`{old}: /tags/new-name/`), or list it under `gone:` if it was removed on purpose (readers get a 410 page)"
        );
    }
    format!(
        "if it moved, add `redirect_from: [{old}]` to the front matter of the page that holds it now; if it was removed on purpose, list it under `gone:` in site.yaml (readers get a 410 page)"
    )
}

/// The page that took over from the recorded `entry` (old address `old`),
/// with its file: the page the same file makes now (a new slug); else a new
/// page of the same name (a moved file); else the one new page beside where
/// the file was (a renamed file).
fn successor<'p>(
    entry: &RecordEntry,
    old: &str,
    pages: &'p Pages,
    recorded: &FxHashSet<&str>,
) -> Option<(&'p str, &'p str)> {
    let mut made: Vec<(&str, &str)> = (pages.sources.iter())
        .filter(|(path, _)| urls::output_file(path).ends_with(".html"))
        .filter_map(|(path, source)| Some((path.as_str(), source.as_deref()?)))
        .collect();
    made.sort_unstable();
    let last_segment = |path: &str| {
        path.trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_owned)
    };
    let folder = |source: &str| source.rsplit_once('/').map(|(folder, _)| folder.to_owned());
    let new = made.iter().filter(|(path, _)| !recorded.contains(path));
    let recorded_source = entry.source.as_deref();
    let same_file = made
        .iter()
        .find(|(_, source)| Some(*source) == recorded_source);
    let same_name = || {
        new.clone()
            .find(|(path, _)| last_segment(path) == last_segment(old))
    };
    let beside = || {
        let mut beside = new
            .clone()
            .filter(|(_, source)| folder(source) == recorded_source.and_then(folder));
        let first = beside.next();
        first.filter(|_| beside.next().is_none())
    };
    same_file.or_else(same_name).or_else(beside).copied()
}

/// The record's next text, when it differs from what `record` holds: every
/// URL recorded so far and every URL this run publishes, sorted.
pub fn next_record(record: Option<&Record>, moves: &Moves, pages: &Pages) -> Option<String> {
    let mut all = published(moves, pages);
    let before = record.map_or(0, |r| r.entries.len());
    let mut same = record.is_some();
    for entry in record.iter().flat_map(|r| &r.entries) {
        match all.get(&entry.path) {
            Some(source) => same &= *source == entry.source,
            None => {
                all.insert(entry.path.clone(), entry.source.clone());
            }
        }
    }
    if same && all.len() == before {
        return None;
    }
    let mut text = String::from(RECORD_HEADER);
    for (path, source) in &all {
        text.push_str(path);
        if let Some(source) = source {
            text.push(' ');
            text.push_str(source);
        }
        text.push('\n');
    }
    Some(text)
}

const RECORD_HEADER: &str = "\
# Every URL this site has published, kept by `gloss build`: commit this file
# with the site. A build that no longer makes one of these URLs fails, so
# that no published link breaks; `redirect_from:` on the page that holds it
# now, or `gone:` in site.yaml, keeps it working (docs/publishing.md).
";

/// Redirects from the addresses of authors and tags that the slug rule
/// before transliteration gave (`/es/authors/redacci-n-gloss/`, now
/// `/es/authors/redaccion-gloss/`), for those the record holds: a link
/// published with the old rule keeps working, with nothing to write.
pub fn keep_old_slugs(record: &Record, site: &mut Site) {
    // Under both rules most slugs are the same (every ASCII name): only
    // those that differ are looked up, so a save does not index the
    // whole record for nothing.
    let differ: Vec<_> = (old_slug_paths(site).into_iter())
        .filter(|(old, new, _)| old != new)
        .collect();
    if differ.is_empty() {
        return;
    }
    let recorded: FxHashMap<&str, &RecordEntry> = (record.entries.iter())
        .map(|e| (e.path.as_str(), e))
        .collect();
    let mut taken: FxHashSet<String> = site
        .redirects
        .iter()
        .map(|r| r.from.value.clone())
        .collect();
    taken.extend(site.gone.iter().map(|g| g.value.clone()));
    let mut kept = Vec::new();
    for (old, new, feed_of) in differ {
        let Some(entry) = recorded.get(in_edition(site, old.clone()).as_str()) else {
            continue;
        };
        if !taken.insert(old.clone()) {
            continue;
        }
        let from = Written {
            value: old,
            file: std::sync::Arc::clone(&record.file),
            span: entry.span.clone(),
        };
        kept.push(Redirect {
            from,
            to: new,
            feed_of,
        });
    }
    if !kept.is_empty() {
        site.redirects.extend(kept);
        site.redirects
            .sort_by(|a, b| a.from.value.cmp(&b.from.value));
    }
}

/// (old, new) site paths of the edition's author pages and feeds and tag
/// pages, by the slug rule before transliteration and by today's, with the
/// feed an old feed address keeps being.
fn old_slug_paths(site: &Site) -> Vec<(String, String, Option<FeedOf>)> {
    let mut pairs = Vec::new();
    for (a, author) in site.authors.iter().enumerate() {
        if let Some(old) = crate::model::Author::slug_before_transliteration(&author.name) {
            pairs.push((urls::author(&old), author.path(), None));
            let feed = urls::author_feed(&author.slug);
            pairs.push((urls::author_feed(&old), feed, Some(FeedOf::Author(a))));
        }
    }
    // A tag recurs on many articles: each is made a slug once.
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let tags = site.articles.iter().flat_map(|a| &a.tags);
    for (name, slug) in tags.filter(|(name, _)| seen.insert(name)) {
        let old = crate::text::slugify_before_transliteration(name);
        pairs.push((urls::tag(&old), urls::tag(slug), None));
    }
    pairs
}
