//! Editions: one site in several languages (`languages:` in site.yaml).
//! Between load and resolve, this module splits the documents into one set
//! per edition, each then resolved and rendered as a site of its own under
//! its prefix (`/ar/`). It ties translations to their originals (by file
//! name, or `translation_of:`), and gives each edition the one registry of
//! entities in its language, falling back to the default language where a
//! translation is missing. A site in one language is one edition, its
//! documents untouched.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::diagnostics::{did_you_mean, display_path, Code, Diagnostic, Diagnostics};
use crate::load::moves::SiteMoves;
use crate::load::{AnnotationSpec, ArticleDoc, EntityDoc, EntityTranslationDoc, Loaded};
use crate::model::{SiteConfig, Translations, Written};
use crate::urls;

/// The documents of every edition, the default first, and the stories they share.
pub struct Split {
    pub editions: Vec<Loaded>,
    pub translations: Arc<Translations>,
    /// What each edition after the default one lacks (`gloss check`).
    pub untranslated: Vec<Untranslated>,
}

/// The originals one edition has no translation of yet: the desk's
/// backlog, which `gloss check` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untranslated {
    /// The edition's language tag.
    pub lang: String,
    /// Published articles of the default edition, by file (`content/articles/x.md`).
    pub articles: Vec<std::path::PathBuf>,
    /// How many published articles the default edition has.
    pub of_articles: usize,
    /// Entities with no `NAME.LANG.md`, by file.
    pub entities: Vec<std::path::PathBuf>,
    pub of_entities: usize,
}

/// Each edition's entities as the last split made them, by language and
/// slug, with the documents they were made from. An entity whose files did
/// not change is handed on as the same document, so the resolve stage's
/// memory, which knows documents by their address, resolves it, and the
/// edition's articles, only when something changed.
#[derive(Default)]
pub struct Memory {
    entities: FxHashMap<String, FxHashMap<String, Made>>,
}

/// One entity of an edition, and the files it was made from (held, so that
/// their addresses cannot be reused by new ones).
struct Made {
    doc: Arc<EntityDoc>,
    translation: Option<Arc<EntityTranslationDoc>>,
    made: Arc<EntityDoc>,
}

/// Splits `loaded` into its editions. `published` says which articles a run
/// publishes (no drafts, no embargoed ones, unless asked): only those are
/// alternates of each other.
pub fn split(
    loaded: &Loaded,
    published: impl Fn(&ArticleDoc) -> bool,
    memory: &mut Memory,
    diags: &mut Diagnostics,
) -> Split {
    let config = &loaded.config;
    if !config.is_multilingual() {
        let one = Loaded {
            config: config.clone(),
            moves: Arc::clone(&loaded.moves),
            record: loaded.record.clone(),
            host_rules: loaded.host_rules.clone(),
            entities: loaded.entities.clone(),
            entity_translations: Vec::new(),
            articles: loaded.articles.clone(),
            authors: loaded.authors.clone(),
        };
        return Split {
            editions: vec![one],
            translations: Arc::default(),
            untranslated: Vec::new(),
        };
    }
    let (translations, mut untranslated) = tie_translations(loaded, &published, diags);
    check_entity_translations(loaded, diags);
    for missing in &mut untranslated {
        missing.entities = entities_without(loaded, &missing.lang);
        missing.of_entities = loaded.entities.len();
    }
    let editions = (0..config.languages.len())
        .map(|e| edition(loaded, e, &published, memory, diags))
        .collect();
    Split {
        editions,
        translations: Arc::new(translations),
        untranslated,
    }
}

/// The files of the entities that have no translation into `tag`.
fn entities_without(loaded: &Loaded, tag: &str) -> Vec<std::path::PathBuf> {
    let translated: rustc_hash::FxHashSet<&str> = (loaded.entity_translations.iter())
        .filter(|t| t.lang == tag)
        .map(|t| t.slug.as_str())
        .collect();
    (loaded.entities.iter())
        .filter(|e| !translated.contains(e.slug.as_str()))
        .map(|e| e.file.path.clone())
        .collect()
}

/// For each edition after the default, the published originals none of
/// whose translations is in it; `groups` as [`tie_translations`] makes them.
fn articles_without(
    loaded: &Loaded,
    groups: &[Vec<(usize, String, &Arc<ArticleDoc>)>],
    published: &impl Fn(&ArticleDoc) -> bool,
) -> Vec<Untranslated> {
    let originals: Vec<&Vec<_>> = (groups.iter()).filter(|g| published(g[0].2)).collect();
    (1..loaded.config.languages.len())
        .map(|e| Untranslated {
            lang: loaded.config.languages[e].tag.clone(),
            articles: (originals.iter())
                .filter(|g| !g.iter().any(|(ed, _, _)| *ed == e))
                .map(|g| g[0].2.file.path.clone())
                .collect(),
            of_articles: originals.len(),
            entities: Vec::new(),
            of_entities: 0,
        })
        .collect()
}

/// The language tag of an article's edition.
fn lang_of<'a>(doc: &'a ArticleDoc, loaded: &'a Loaded) -> &'a str {
    doc.lang
        .as_deref()
        .unwrap_or(&loaded.config.languages[0].tag)
}

fn edition_index(loaded: &Loaded, tag: &str) -> usize {
    let languages = &loaded.config.languages;
    languages.iter().position(|l| l.tag == tag).unwrap_or(0)
}

fn path_of(doc: &ArticleDoc) -> String {
    urls::article(&doc.rel_path, doc.slug.as_ref().map(|(s, _)| s.as_str()))
}

/// The last segment of a site path: what `translation_of:` names.
fn slug_of(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// The article of the default edition whose slug (the last part of its
/// URL) is `slug`; else the nearest slug, if one is near.
pub fn original_named<'a>(
    loaded: &'a Loaded,
    slug: &str,
) -> Result<&'a ArticleDoc, Option<String>> {
    let originals = || loaded.articles.iter().filter(|d| d.lang.is_none());
    let paths: Vec<(String, &ArticleDoc)> = originals().map(|d| (path_of(d), &**d)).collect();
    if let Some((_, doc)) = paths.iter().find(|(p, _)| slug_of(p) == slug) {
        return Ok(doc);
    }
    Err(did_you_mean(slug, paths.iter().map(|(p, _)| slug_of(p))).map(str::to_string))
}

/// The file of `original`'s translation into `lang`, if it has one: by
/// file name or by `translation_of:`.
pub fn translation_in<'a>(
    loaded: &'a Loaded,
    original: &ArticleDoc,
    lang: &str,
) -> Option<&'a std::path::Path> {
    let path = path_of(original);
    let slug = slug_of(&path);
    let translation = loaded.articles.iter().find(|d| {
        d.lang.as_deref() == Some(lang)
            && match &d.translation_of {
                Some((of, _)) => of == slug,
                None => d.rel_path == original.rel_path,
            }
    })?;
    Some(translation.file.path.as_path())
}

/// Groups each original with its translations: a translation is tied to the
/// original of the same file name (`x.md` and `x.ar.md`), or to the one its
/// `translation_of:` names (G0220 when none does). One edition holds one
/// translation of a story (G0221).
fn tie_translations(
    loaded: &Loaded,
    published: &impl Fn(&ArticleDoc) -> bool,
    diags: &mut Diagnostics,
) -> (Translations, Vec<Untranslated>) {
    let originals: Vec<&Arc<ArticleDoc>> = (loaded.articles.iter())
        .filter(|d| d.lang.is_none())
        .collect();
    let by_file: FxHashMap<&std::path::Path, usize> = (originals.iter().enumerate())
        .map(|(i, d)| (d.rel_path.as_path(), i))
        .collect();
    let paths: Vec<String> = originals.iter().map(|d| path_of(d)).collect();
    let by_slug: FxHashMap<&str, usize> = (paths.iter().enumerate())
        .map(|(i, p)| (slug_of(p), i))
        .collect();
    let mut groups: Vec<Vec<(usize, String, &Arc<ArticleDoc>)>> = (originals.iter())
        .zip(&paths)
        .map(|(d, p)| vec![(0, p.clone(), *d)])
        .collect();
    for doc in loaded.articles.iter().filter(|d| d.lang.is_some()) {
        let original = match &doc.translation_of {
            Some((slug, span)) => match by_slug.get(slug.as_str()) {
                Some(&i) => Some(i),
                None => {
                    diags.push(translation_of_nothing(doc, slug, span.clone(), &by_slug));
                    continue;
                }
            },
            None => by_file.get(doc.rel_path.as_path()).copied(),
        };
        let Some(i) = original else { continue };
        let edition = edition_index(loaded, lang_of(doc, loaded));
        if let Some((_, _, other)) = groups[i].iter().find(|(e, _, _)| *e == edition) {
            diags.push(two_translations(doc, other, lang_of(doc, loaded)));
            continue;
        }
        groups[i].push((edition, path_of(doc), doc));
    }
    let untranslated = articles_without(loaded, &groups, published);
    let mut translations = Translations::default();
    for group in groups {
        let pages: Vec<(usize, String)> = (group.into_iter())
            .filter(|(_, _, doc)| published(doc))
            .map(|(e, p, _)| (e, p))
            .collect();
        if pages.len() > 1 {
            translations.add(pages);
        }
    }
    (translations, untranslated)
}

/// Error G0220: `translation_of:` names no article of the default edition.
fn translation_of_nothing(
    doc: &ArticleDoc,
    slug: &str,
    span: std::ops::Range<usize>,
    by_slug: &FxHashMap<&str, usize>,
) -> Diagnostic {
    let help = match did_you_mean(slug, by_slug.keys().copied()) {
        Some(near) => format!("did you mean `translation_of: {near}`?"),
        None => "name the slug of an article of the default edition (the last part of its URL), or remove `translation_of:` to publish this article on its own".into(),
    };
    Diagnostic::error(
        Code::TranslationOfNothing,
        &doc.file.path,
        format!("`translation_of: {slug}` names no article of the default edition"),
    )
    .at(&doc.file, span)
    .with_label("no such original")
    .with_help(help)
}

/// Error G0221: a second translation of one story in the same language.
fn two_translations(doc: &ArticleDoc, other: &ArticleDoc, lang: &str) -> Diagnostic {
    let span = doc.translation_of.as_ref().map_or(0..0, |(_, s)| s.clone());
    Diagnostic::error(
        Code::TwoTranslations,
        &doc.file.path,
        format!(
            "a second `{lang}` translation of one article: {} translates it already",
            display_path(&other.file.path)
        ),
    )
    .at(&doc.file, span)
    .with_label("another translation in the same language")
    .with_help("keep one translation per language: merge the two, or remove `translation_of:` from this one to publish it on its own")
}

/// Error G0220 for an entity translation whose entity does not exist.
fn check_entity_translations(loaded: &Loaded, diags: &mut Diagnostics) {
    let slugs: Vec<&str> = loaded.entities.iter().map(|e| e.slug.as_str()).collect();
    for t in &loaded.entity_translations {
        if slugs.contains(&t.slug.as_str()) {
            continue;
        }
        let help = match did_you_mean(&t.slug, slugs.iter().copied()) {
            Some(near) => format!("did you mean to name the file `{near}.{}.md`?", t.lang),
            None => format!("an entity's translation has its file name with `.{}` added: create the entity `{}` in the default language first", t.lang, t.slug),
        };
        diags.push(
            Diagnostic::error(
                Code::TranslationOfNothing,
                &t.file.path,
                format!(
                    "this translates the entity `{}`, which does not exist",
                    t.slug
                ),
            )
            .at(&t.file, 0..0)
            .with_label("no such entity")
            .with_help(help),
        );
    }
}

/// The documents of edition `e`: its articles, and every entity in its language.
fn edition(
    loaded: &Loaded,
    e: usize,
    published: &impl Fn(&ArticleDoc) -> bool,
    memory: &mut Memory,
    diags: &mut Diagnostics,
) -> Loaded {
    let mut config = loaded.config.clone();
    config.edition = e;
    config.language = config.languages[e].tag.clone();
    config.words = Arc::new(config.words_for(&config.language));
    let tag = config.language.clone();
    let articles: Vec<Arc<ArticleDoc>> = (loaded.articles.iter())
        .filter(|d| lang_of(d, loaded) == tag)
        .cloned()
        .collect();
    let entities = if e == 0 {
        loaded.entities.clone()
    } else {
        let shown = annotated(&articles, published);
        let known = memory.entities.entry(tag.clone()).or_default();
        entities_in(loaded, &tag, &shown, known, diags)
    };
    Loaded {
        moves: Arc::new(moves_of(&loaded.moves, &config, e)),
        config,
        record: None,
        host_rules: if e == 0 {
            loaded.host_rules.clone()
        } else {
            None
        },
        entities,
        entity_translations: Vec::new(),
        articles,
        authors: loaded.authors.clone(),
    }
}

/// The old addresses edition `e` answers for: `gone:` entries under its
/// prefix (`/ar/...`), as paths of the edition, which get its 410 page; the
/// default edition keeps the rest, and every `redirects:` entry, whose
/// addresses are from the site's root, where its pages are.
fn moves_of(moves: &SiteMoves, config: &SiteConfig, e: usize) -> SiteMoves {
    let edition_of = |path: &str| {
        (1..config.languages.len()).find_map(|other| {
            let inner = urls::under_prefix(path, &config.prefix_of(other))?;
            Some((other, inner.to_string()))
        })
    };
    let gone = moves
        .gone
        .iter()
        .filter_map(|g| match edition_of(&g.value) {
            Some((other, path)) if other == e => Some(Written {
                value: path,
                ..g.clone()
            }),
            None if e == 0 => Some(g.clone()),
            _ => None,
        });
    SiteMoves {
        redirects: if e == 0 {
            moves.redirects.clone()
        } else {
            Vec::new()
        },
        gone: gone.collect(),
    }
}

/// The slugs of the entities the published articles annotate: those a
/// reader of the edition sees on cards.
fn annotated<'a>(
    articles: &'a [Arc<ArticleDoc>],
    published: &impl Fn(&ArticleDoc) -> bool,
) -> rustc_hash::FxHashSet<&'a str> {
    let specs = articles
        .iter()
        .filter(|d| published(d))
        .flat_map(|d| d.annotations.iter());
    specs
        .filter_map(|spec| match spec {
            AnnotationSpec::Entity { slug, .. } => Some(slug.as_str()),
            AnnotationSpec::Term { .. } => None,
        })
        .collect()
}

/// Every entity in language `tag`: its translation laid over it where there
/// is one; else as in the default language, with warning G0222 when an
/// article of the edition shows it.
fn entities_in(
    loaded: &Loaded,
    tag: &str,
    shown: &rustc_hash::FxHashSet<&str>,
    known: &mut FxHashMap<String, Made>,
    diags: &mut Diagnostics,
) -> Vec<Arc<EntityDoc>> {
    let translations: FxHashMap<&str, &Arc<EntityTranslationDoc>> =
        (loaded.entity_translations.iter())
            .filter(|t| t.lang == tag)
            .map(|t| (t.slug.as_str(), t))
            .collect();
    let mut entities = Vec::with_capacity(loaded.entities.len());
    let mut made = FxHashMap::default();
    for doc in &loaded.entities {
        let translation = translations.get(doc.slug.as_str()).copied();
        if translation.is_none() && shown.contains(doc.slug.as_str()) {
            diags.push(missing_translation(doc, tag));
        }
        let same = |m: &&Made| {
            Arc::ptr_eq(&m.doc, doc)
                && match (&m.translation, translation) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                }
        };
        let entity = match known.get(&doc.slug).filter(same) {
            Some(m) => Arc::clone(&m.made),
            None => Arc::new(translated(doc, translation, tag)),
        };
        let entry = Made {
            doc: Arc::clone(doc),
            translation: translation.cloned(),
            made: Arc::clone(&entity),
        };
        made.insert(doc.slug.clone(), entry);
        entities.push(entity);
    }
    *known = made;
    entities
}

/// Warning G0222: an entity shown in an edition has no translation.
fn missing_translation(doc: &EntityDoc, tag: &str) -> Diagnostic {
    let stem = doc.file.path.with_extension("");
    Diagnostic::warning(
        Code::MissingTranslation,
        &doc.file.path,
        format!(
            "the `{tag}` edition shows `{}`, which has no `{tag}` translation: its cards and page fall back to the default language",
            doc.slug
        ),
    )
    .with_help(format!(
        "write its name, summary and text in `{}.{tag}.md`",
        display_path(&stem)
    ))
}

/// The entity `doc` in language `tag`.
fn translated(
    doc: &EntityDoc,
    translation: Option<&Arc<EntityTranslationDoc>>,
    tag: &str,
) -> EntityDoc {
    let roles = (doc.roles.iter())
        .map(|role| {
            let mut role = role.clone();
            if let Some((_, title)) = role.titles.iter().find(|(t, _)| t == tag) {
                role.title = title.clone();
            }
            role
        })
        .collect();
    let base = EntityDoc {
        file: Arc::clone(&doc.file),
        slug: doc.slug.clone(),
        name: doc.name.clone(),
        kind: doc.kind,
        aliases: doc.aliases.clone(),
        summary: doc.summary.clone(),
        links: doc.links.clone(),
        roles,
        wikidata: doc.wikidata.clone(),
        redirect_from: doc.redirect_from.clone(),
        image: doc.image.clone(),
        body: doc.body.clone(),
        original: None,
    };
    match translation {
        None => base,
        Some(t) => EntityDoc {
            file: Arc::clone(&t.file),
            name: t.name.clone(),
            aliases: t.aliases.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            original: Some(Arc::clone(&doc.file)),
            ..base
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site in English and Arabic with one entity, translated.
    fn loaded() -> (tempfile::TempDir, Loaded) {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("site.yaml", "title: Desk\nlanguages: [en, ar]\n"),
            (
                "content/entities/egypt.md",
                "---\nname: Egypt\nkind: place\nsummary: A country.\n---\n",
            ),
            (
                "content/entities/egypt.ar.md",
                "---\nname: مصر\nsummary: بلد.\n---\n",
            ),
        ];
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let loaded = crate::pipeline::loaded(dir.path());
        (dir, loaded)
    }

    #[test]
    fn an_unchanged_entity_is_handed_on_as_the_same_document() {
        let (_dir, loaded) = loaded();
        let mut memory = Memory::default();
        let mut diags = Diagnostics::new();
        let first = split(&loaded, |_| true, &mut memory, &mut diags);
        let again = split(&loaded, |_| true, &mut memory, &mut diags);
        let (a, b) = (
            &first.editions[1].entities[0],
            &again.editions[1].entities[0],
        );
        assert_eq!(a.name, "مصر");
        assert!(
            Arc::ptr_eq(a, b),
            "the resolve stage would resolve it again"
        );
    }

    #[test]
    fn an_edited_translation_makes_a_new_document() {
        let (dir, loaded) = loaded();
        let mut memory = Memory::default();
        let mut diags = Diagnostics::new();
        let first = split(&loaded, |_| true, &mut memory, &mut diags);
        let path = dir.path().join("content/entities/egypt.ar.md");
        std::fs::write(path, "---\nname: جمهورية مصر\nsummary: بلد.\n---\n").unwrap();
        let loaded = crate::pipeline::loaded(dir.path());
        let again = split(&loaded, |_| true, &mut memory, &mut diags);
        let (a, b) = (
            &first.editions[1].entities[0],
            &again.editions[1].entities[0],
        );
        assert!(!Arc::ptr_eq(a, b));
        assert_eq!(b.name, "جمهورية مصر");
    }
}
