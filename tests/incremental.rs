//! Incremental rebuilds equal a full rebuild, byte for byte, after every kind
//! of edit an editor makes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gloss::BuildOptions;
use gloss::Preview;

fn generated_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let corpus = gloss_corpus::generate(&gloss_corpus::Options::new(120));
    gloss_corpus::write(&corpus, gloss_corpus::Format::Gloss, &site).unwrap();
    site
}

/// The pages and files of a site; the search index is left out, because the
/// engine hands it to its caller as a job (see `search_index_follows_the_text`):
/// `search/`, and an edition's `LANG/search/`.
fn sorted(files: &gloss::SiteFiles) -> BTreeMap<String, Vec<u8>> {
    let is_search = |k: &str| {
        let in_edition = k.split_once('/').map(|(_, rest)| rest);
        k.starts_with("search/") || in_edition.is_some_and(|r| r.starts_with("search/"))
    };
    files
        .iter()
        .filter(|(k, _)| !is_search(k))
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect()
}

/// The engine's files, read back from its folder, as [`sorted`] gives them.
fn sorted_engine(engine: &Preview) -> BTreeMap<String, Vec<u8>> {
    let files: gloss::SiteFiles = (engine.files().iter())
        .map(|file| {
            let bytes = engine
                .read(file)
                .unwrap_or_else(|| panic!("{file} is not in the folder"));
            (std::sync::Arc::clone(file), std::sync::Arc::from(bytes))
        })
        .collect();
    sorted(&files)
}

/// Rebuilds `engine` after `changed` and checks it against a build from scratch.
#[track_caller]
fn rebuild_and_compare(
    engine: &mut Preview,
    options: &BuildOptions,
    changed: &[PathBuf],
    what: &str,
) -> usize {
    let report = engine
        .rebuild(Some(changed))
        .unwrap_or_else(|d| panic!("{what}: {}", common::render(&d)));
    let fresh = gloss::build_in_memory(options)
        .unwrap_or_else(|d| panic!("{what}: {}", common::render(&d)));
    let (got, want) = (sorted_engine(engine), sorted(&fresh.files));
    let got_keys: Vec<_> = got.keys().collect();
    let want_keys: Vec<_> = want.keys().collect();
    assert_eq!(got_keys, want_keys, "{what}: different pages");
    for (key, bytes) in &want {
        assert!(
            got[key] == *bytes,
            "{what}: {key} differs from a full rebuild"
        );
    }
    report.rendered
}

/// The files of `folder`, by name.
fn sorted_files(folder: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

/// A generated site in `dir`, its options, and a preview that has built it once.
fn built_preview(dir: &Path) -> (PathBuf, BuildOptions, Preview) {
    let root = generated_site(dir);
    let options = BuildOptions::new(&root);
    let mut engine = Preview::new(&options);
    engine.rebuild(None).unwrap();
    (root, options, engine)
}

/// Writes `text` to `path`, making its folder first.
fn write_new(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_kind_of_edit_matches_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = generated_site(dir.path());
    let options = BuildOptions::new(&root);
    let mut engine = Preview::new(&options);
    let first = engine.rebuild(None).unwrap();
    assert_eq!(
        first.rendered,
        first.pages.total(),
        "the first build renders every page and feed"
    );

    let articles = root.join("content/articles");
    let names = sorted_files(&articles);
    let (a, b, c) = (names[0].clone(), names[1].clone(), names[2].clone());

    // A word in the body: only pages that show the article change.
    edit(&a, "\n\n", "\n\nA new first paragraph.\n\n");
    let rendered =
        rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&a), "body edit");
    assert!(
        rendered < first.rendered / 4,
        "a body edit re-rendered {rendered} pages"
    );

    // No change at all re-renders nothing.
    assert_eq!(
        rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&a), "no change"),
        0
    );

    // The date moves it on the index; the title shows on lists and entity pages.
    edit(&b, "date: 20", "date: 19");
    rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&b), "date edit");
    edit(&b, "title: \"", "title: \"Now: ");
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&b),
        "title edit",
    );
    edit(&b, "tags: [", "tags: [\"brand-new-tag\", ");
    rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&b), "tag edit");

    // Mentions come and go: counts on cards and entity pages change.
    let annotations = std::fs::read_to_string(&c).unwrap();
    let first_slug = annotations
        .split("annotations: [\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    edit(&c, &format!("\"{first_slug}\", "), "");
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&c),
        "annotation removed",
    );

    // Added, renamed and deleted files.
    let added = articles.join("added-by-hand.md");
    std::fs::write(&added, format!("---\ntitle: Added\ndate: 2032-01-01\nannotations: [{first_slug}]\n---\nNothing here.\n")).unwrap();
    rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&added), "added");
    let renamed = articles.join("renamed-by-hand.md");
    std::fs::rename(&added, &renamed).unwrap();
    rebuild_and_compare(
        &mut engine,
        &options,
        &[added.clone(), renamed.clone()],
        "renamed",
    );
    std::fs::remove_file(&renamed).unwrap();
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&renamed),
        "deleted",
    );

    // An entity's summary and aliases.
    let entity = root.join(format!("content/entities/{first_slug}.md"));
    edit(&entity, "summary: \"", "summary: \"Changed. ");
    let annotating = std::fs::read_dir(&articles)
        .unwrap()
        .filter(|e| {
            let text = std::fs::read_to_string(e.as_ref().unwrap().path()).unwrap();
            text.contains(&format!("\"{first_slug}\"")) || text.contains(&format!("@{first_slug})"))
        })
        .count();
    let rendered = rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&entity),
        "entity edit",
    );
    // Its pages (20 explainers a page), its feed, the entity index,
    // entities.json, and the articles that show its card.
    assert!(
        rendered <= annotating + 3 + annotating.div_ceil(20),
        "an entity edit re-rendered {rendered} pages for {annotating} articles"
    );
    edit(&entity, "aliases: [", "aliases: [\"Zzyzx Alias\", ");
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&entity),
        "entity alias",
    );

    // Templates, static files and settings.
    let template = root.join("templates/404.html");
    write_new(
        &template,
        "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
    );
    let rendered = rebuild_and_compare(
        &mut engine,
        &options,
        &[root.join("templates")],
        "template added",
    );
    assert_eq!(rendered, 1, "only the 404 page uses 404.html alone");
    let css = root.join("static/extra.css");
    write_new(&css, "body{}");
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&css),
        "static added",
    );
    edit(&root.join("site.yaml"), "annotate: first", "annotate: all");
    rebuild_and_compare(&mut engine, &options, &[root.join("site.yaml")], "settings");

    // A broken save keeps the last good site; fixing it catches up.
    let before = sorted_engine(&engine);
    std::fs::write(&a, "---\ntitle: Broken\ndate: never\n---\n").unwrap();
    assert!(engine.rebuild(Some(std::slice::from_ref(&a))).is_err());
    assert!(
        sorted_engine(&engine) == before,
        "a failed rebuild changes nothing"
    );
    std::fs::write(&a, "---\ntitle: Fixed\ndate: 2020-02-02\n---\nFixed.\n").unwrap();
    rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&a), "fixed");

    // A template that fails on one article only: the others render, but
    // none of them is shown until the whole rebuild succeeds.
    let before = sorted_engine(&engine);
    let template = root.join("templates/article.html");
    write_new(&template, "{% if article.title == \"Fixed\" %}{{ article.nope }}{% else %}<p>{{ article.title }}</p>{% endif %}");
    assert!(engine
        .rebuild(Some(std::slice::from_ref(&template)))
        .is_err());
    assert!(
        sorted_engine(&engine) == before,
        "the pages that did render stay unseen"
    );
    std::fs::remove_file(&template).unwrap();
    rebuild_and_compare(&mut engine, &options, &[template], "template removed");
}

#[test]
fn a_picture_problem_of_an_unchanged_article_is_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (root, options, mut engine) = built_preview(dir.path());
    let names = sorted_files(&root.join("content/articles"));
    let (a, b) = (names[0].clone(), names[1].clone());
    let no_alt = |d: &gloss::Diagnostics| {
        let shown = common::render(d);
        shown.contains("G0130") && shown.contains(&*a.file_name().unwrap().to_string_lossy())
    };

    // A body picture without alt text is an error...
    edit(&a, "\n\n", "\n\n![](https://example.org/a.png)\n\n");
    let failed = engine.rebuild(Some(std::slice::from_ref(&a))).unwrap_err();
    assert!(no_alt(&failed), "{}", common::render(&failed));
    // ...still when another article is saved and this one is not read again.
    edit(&b, "\n\n", "\n\nAnother paragraph.\n\n");
    let failed = engine.rebuild(Some(std::slice::from_ref(&b))).unwrap_err();
    assert!(no_alt(&failed), "{}", common::render(&failed));
    // Given alt text, the picture is found and the site matches a fresh build.
    edit(&a, "![](", "![A harbor at dawn](");
    rebuild_and_compare(&mut engine, &options, std::slice::from_ref(&a), "alt text");
    // A body picture of the site's own, added and then removed again.
    std::fs::create_dir_all(root.join("static")).unwrap();
    let png = common::picture_bytes("red.png", 8, 8);
    std::fs::write(root.join("static/red.png"), png).unwrap();
    edit(&b, "Another paragraph.", "![A red square](/red.png)");
    rebuild_and_compare(
        &mut engine,
        &options,
        &[b.clone(), root.join("static/red.png")],
        "local picture",
    );
    edit(&b, "![A red square](/red.png)", "No picture.");
    rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&b),
        "picture gone",
    );
}

#[test]
fn memory_and_disk_builds_are_identical() {
    let dir = tempfile::tempdir().unwrap();
    let root = generated_site(dir.path());
    let mut options = BuildOptions::new(&root);
    options.output = Some(dir.path().join("public"));
    let report = gloss::build(&options).unwrap();
    let memory = gloss::build_in_memory(&options).unwrap();
    let mut on_disk = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&report.output) {
        let entry = entry.unwrap();
        // The marker that says the folder is gloss's exists only on disk.
        if entry.file_type().is_file() && entry.file_name() != gloss::OUTPUT_MARKER {
            let rel = entry
                .path()
                .strip_prefix(&report.output)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            on_disk.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    // Everything, the search index included, is the same byte for byte.
    let in_memory: BTreeMap<String, Vec<u8>> = memory
        .files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect();
    assert!(on_disk.keys().any(|k| k.starts_with("search/")));
    assert!(on_disk == in_memory, "disk and memory builds differ");
}

#[test]
fn search_index_follows_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let (root, _, mut engine) = built_preview(dir.path());
    let first = engine.take_search_job().expect("a first index");
    assert!(first.documents() > 100);
    // Nothing changed: no new index.
    engine.rebuild(Some(&[])).unwrap();
    assert!(engine.take_search_job().is_none());
    // A template edit changes pages, not text: no new index either.
    let template = root.join("templates/404.html");
    write_new(&template, "<p>gone</p>\n");
    engine
        .rebuild(Some(std::slice::from_ref(&template)))
        .unwrap();
    assert!(engine.take_search_job().is_none());
    // A body edit does.
    let article = std::fs::read_dir(root.join("content/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .next()
        .unwrap();
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\nZyxwv appears once.\n")).unwrap();
    engine
        .rebuild(Some(std::slice::from_ref(&article)))
        .unwrap();
    let job = engine
        .take_search_job()
        .expect("a new index after a text edit");
    let mut files = Vec::new();
    job.run(&mut |name, bytes| files.push((name, bytes)))
        .unwrap();
    let (_, shard) = files
        .iter()
        .find(|(name, _)| name.starts_with("search/t/7a")) // "z"
        .expect("a shard for words in z");
    assert!(String::from_utf8_lossy(shard).contains("\"zyxwv\""));
}

/// The repository's example site (English, Arabic and Spanish), copied
/// into `dir` to be edited.
fn example_site(dir: &Path) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = dir.join("site");
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let to = site.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    for file in ["site.yaml", "published-urls.txt"] {
        std::fs::copy(repo.join(file), site.join(file)).unwrap();
    }
    site
}

#[test]
fn edits_in_every_edition_match_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_site(dir.path());
    let options = BuildOptions::new(&root);
    let mut engine = Preview::new(&options);
    let first = engine.rebuild(None).unwrap();

    let arabic = root.join("content/articles/ceasefire-talks-egypt.ar.md");
    let text = std::fs::read_to_string(&arabic).unwrap();
    std::fs::write(&arabic, format!("{text}\nفقرة جديدة.\n")).unwrap();
    let rendered = rebuild_and_compare(
        &mut engine,
        &options,
        std::slice::from_ref(&arabic),
        "Arabic body edit",
    );
    assert!(
        rendered < first.rendered / 4,
        "an Arabic body edit re-rendered {rendered} of {} files",
        first.rendered
    );
    assert_eq!(
        rebuild_and_compare(&mut engine, &options, &[arabic], "no change"),
        0
    );

    let spanish = root.join("content/articles/ceasefire-talks-egypt.es.md");
    edit(&spanish, "title: ", "title: Ahora, ");
    rebuild_and_compare(&mut engine, &options, &[spanish], "Spanish title edit");

    let hamas = root.join("content/entities/organizations/hamas.ar.md");
    edit(&hamas, "summary: ", "summary: (محدث) ");
    rebuild_and_compare(&mut engine, &options, &[hamas], "entity translation edit");

    let english = root.join("content/articles/ceasefire-talks-egypt.md");
    edit(&english, "title: ", "title: Now, ");
    rebuild_and_compare(&mut engine, &options, &[english], "original's title edit");
}

/// The search index of a save reads again only the documents that changed
/// (`IndexMemory`); what it writes is still the index of a build from
/// scratch, byte for byte, after edits of a body, a title and an entity.
#[test]
fn search_index_of_a_save_equals_one_from_scratch() {
    let dir = tempfile::tempdir().unwrap();
    let (root, options, mut engine) = built_preview(dir.path());
    let index = |engine: &mut Preview| {
        let job = engine.take_search_job().expect("a new index");
        let mut files = BTreeMap::new();
        job.run(&mut |name, bytes| {
            files.insert(name, bytes);
        })
        .unwrap();
        files
    };
    index(&mut engine);
    let articles: Vec<PathBuf> = sorted_files(&root.join("content/articles"));
    let entity = sorted_files(&root.join("content/entities"))[0].clone();
    type Edit<'a> = (&'a Path, &'a dyn Fn(&str) -> String);
    let edits: [Edit; 3] = [
        (&articles[0], &|text| {
            // A new word in, the last paragraph's words out.
            let cut = text.trim_end().rfind("\n\n").unwrap();
            format!("{}\n\nQuixotry appears here alone.\n", &text[..cut])
        }),
        (&articles[1], &|text| {
            text.replacen("title: \"", "title: \"Zephyrine ", 1)
        }),
        (&entity, &|text| format!("{text}\nA zanderish remark.\n")),
    ];
    for (file, edit) in edits {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(file, edit(&text)).unwrap();
        engine.rebuild(Some(&[file.to_path_buf()])).unwrap();
        let got = index(&mut engine);
        let fresh = gloss::build_in_memory(&options).unwrap();
        let want: BTreeMap<String, Vec<u8>> = (fresh.files.iter())
            .filter(|(name, _)| name.starts_with("search/"))
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{}: other index files",
            file.display()
        );
        for (name, bytes) in &want {
            assert!(got[name] == *bytes, "{}: {name} differs", file.display());
        }
    }
}
