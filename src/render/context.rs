//! What templates receive: plain serializable views of the site, built once per
//! page from the resolved site and the rendered bodies.

use serde::Serialize;

use crate::model::{
    role_as_of, Article, Correction, Entity, Link, Role, RoleAsOf, Site, SiteConfig, SourceCredit,
    Target,
};
use crate::render::markdown::RenderedBody;
use crate::render::picture::{PictureView, ShareView};
use crate::render::texts::{CorrectionText, EntityText};

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// This edition's language tag, for `<html lang>`.
    pub language: &'a str,
    /// `rtl` or `ltr`, for `<html dir>`.
    pub dir: &'static str,
    /// The editions, the default first; empty for a site in one language.
    pub languages: &'a [crate::lang::Language],
    /// The theme's words in this edition's language (docs/languages.md).
    pub words: crate::lang::words::Words,
    /// Prefix of every link inside this edition (``, `/news` or `/news/ar`).
    pub base_path: String,
    /// Where the site's shared files are (`` or `/news`): styles, scripts, images.
    pub root_path: &'a str,
    pub url: String,
    pub feed_url: String,
    /// Whether the site has a search index (`search:` in site.yaml).
    pub search: bool,
    pub extra: &'a serde_yaml::Value,
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a SiteConfig) -> Self {
        SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            dir: if crate::lang::is_rtl(&config.language) {
                "rtl"
            } else {
                "ltr"
            },
            languages: &config.languages,
            words: (*config.words).clone(),
            base_path: config.base_path(),
            root_path: config.root_path(),
            url: config.permalink("/"),
            feed_url: config.link(crate::urls::ATOM),
            search: config.search,
            extra: &config.extra,
        }
    }
}

#[derive(Serialize)]
pub struct PageView {
    /// Which built-in page this is: article, index, entities, entity, tags, tag, 404.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// The page's schema.org description as JSON-LD, safe to print inside
    /// `<script type="application/ld+json">`; `None` for lists.
    pub json_ld: Option<String>,
    /// A feed of this page's subject (an entity's explainers), if it has one.
    pub feed_url: Option<String>,
    /// The picture link previews show (`og:image`): an article's lead
    /// picture, an entity's picture.
    pub image: Option<ShareView>,
    /// The page in every edition that has it, this one included, the
    /// default first; empty when it is in one edition only.
    pub alternates: Vec<AlternateView>,
}

/// The page in one edition: for `hreflang` links and the language switcher.
#[derive(Serialize, Clone)]
pub struct AlternateView {
    /// The edition's language tag.
    pub lang: String,
    /// The language's own name.
    pub name: String,
    pub dir: &'static str,
    pub url: String,
    pub permalink: String,
    /// Whether this is the page being rendered.
    pub current: bool,
}

/// One role of an entity (`roles:` in its front matter).
#[derive(Serialize)]
pub struct RoleView<'a> {
    pub title: &'a str,
    pub from: Option<String>,
    pub from_display: Option<String>,
    pub until: Option<String>,
    pub until_display: Option<String>,
}

impl<'a> RoleView<'a> {
    pub fn new(role: &'a Role, language: &str) -> Self {
        RoleView {
            title: &role.title,
            from: role.from.map(|d| d.iso()),
            from_display: role.from.map(|d| d.display(language)),
            until: role.until.map(|d| d.iso()),
            until_display: role.until.map(|d| d.display(language)),
        }
    }
}

/// The role an entity held on an article's date, as its card says it.
#[derive(Serialize)]
pub struct RoleAsOfView<'a> {
    #[serde(flatten)]
    pub role: RoleView<'a>,
    /// `current` (held then and now), `then` (held then, ended since) or
    /// `former` (ended before the article).
    pub status: &'static str,
    /// What a reader sees: "U.S. Secretary of State", "then U.S. Secretary
    /// of State" or "former U.S. Secretary of State".
    pub label: String,
}

impl<'a> RoleAsOfView<'a> {
    pub fn new(as_of: RoleAsOf<'a>, config: &SiteConfig) -> Self {
        let (role, status, pattern) = match as_of {
            RoleAsOf::Current(r) => (r, "current", "{title}"),
            RoleAsOf::Then(r) => (r, "then", config.word("role_then")),
            RoleAsOf::Former(r) => (r, "former", config.word("role_former")),
        };
        RoleAsOfView {
            label: pattern.replace("{title}", &role.title),
            role: RoleView::new(role, &config.language),
            status,
        }
    }
}

/// A correction at the foot of an article.
#[derive(Serialize)]
pub struct CorrectionView<'a> {
    pub date: String,
    pub date_display: String,
    /// HTML.
    pub text: &'a str,
}

impl<'a> CorrectionView<'a> {
    pub fn new(correction: &Correction, text: &'a CorrectionText, language: &str) -> Self {
        CorrectionView {
            date: correction.date.iso(),
            date_display: correction.date.display(language),
            text: &text.html,
        }
    }
}

#[derive(Serialize, Clone)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

/// An article as it appears in the index: its list item and its tags.
#[derive(Serialize, Clone)]
pub struct ArticleRef<'a> {
    #[serde(flatten)]
    pub item: ArticleItem<'a>,
    pub tags: Vec<TagRef>,
}

impl<'a> ArticleRef<'a> {
    pub fn new(article: &'a Article, config: &SiteConfig, image: Option<&'a PictureView>) -> Self {
        ArticleRef {
            item: ArticleItem::new(article, config, image),
            tags: article
                .tags
                .iter()
                .map(|(name, slug)| TagRef {
                    name: name.clone(),
                    slug: slug.clone(),
                    url: config.link(&crate::urls::tag(slug)),
                })
                .collect(),
        }
    }
}

/// An article as a tag page lists it: without its tags. Each of an
/// article's tags has a page listing the article, so listing every tag there
/// would make the pages grow with the square of the tags (5,000 tags on one
/// article wrote 1.2 GB).
#[derive(Serialize, Clone)]
pub struct ArticleItem<'a> {
    #[serde(flatten)]
    pub link: ArticleLink<'a>,
    pub summary: Option<&'a str>,
    pub authors: &'a [String],
    /// Each of `authors`, with the link to its page.
    pub bylines: Vec<BylineView<'a>>,
    /// The lead picture.
    pub image: Option<&'a PictureView>,
}

/// One name of a byline and the author's page.
#[derive(Serialize, Clone)]
pub struct BylineView<'a> {
    pub name: &'a str,
    /// `None` for a name that cannot be a URL (no letter or digit).
    pub url: Option<String>,
}

impl<'a> ArticleItem<'a> {
    pub fn new(article: &'a Article, config: &SiteConfig, image: Option<&'a PictureView>) -> Self {
        let bylines = (article.meta.authors.iter())
            .map(|name| BylineView {
                name,
                url: crate::model::Author::slug_of(name)
                    .map(|slug| config.link(&crate::urls::author(&slug))),
            })
            .collect();
        ArticleItem {
            link: ArticleLink::new(article, config),
            summary: article.meta.summary.as_deref(),
            authors: &article.meta.authors,
            bylines,
            image,
        }
    }
}

/// An article as a link with its date: entity pages list hundreds of these.
#[derive(Serialize, Clone)]
pub struct ArticleLink<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_display: Option<String>,
}

impl<'a> ArticleLink<'a> {
    pub fn new(article: &'a Article, config: &SiteConfig) -> Self {
        ArticleLink {
            title: &article.meta.title,
            url: config.link(&article.path),
            date: article.meta.date.map(|d| d.iso()),
            date_display: article.meta.date.map(|d| d.display(&config.language)),
        }
    }
}

#[derive(Serialize)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub summary: ArticleRef<'a>,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub source: Option<&'a SourceCredit>,
    pub content: &'a str,
    pub reading_minutes: usize,
    pub corrections: Vec<CorrectionView<'a>>,
    /// The later of `updated:` and the latest correction.
    pub modified: Option<String>,
    pub modified_display: Option<String>,
    /// When the article is built before its date (`--future`): the moment
    /// it may be published, for the "Embargoed until" banner.
    pub embargoed_until: Option<String>,
    pub embargoed_until_display: Option<String>,
    pub extra: &'a serde_yaml::Value,
}

/// Where a redirect page sends the reader.
#[derive(Serialize)]
pub struct RedirectView {
    /// The new address as a link inside the site.
    pub url: String,
    /// The new address, absolute where `base_url` allows.
    pub permalink: String,
}

/// One glossary card (SPEC 4), also one entry of "Who's who".
#[derive(Serialize)]
pub struct CardView<'a> {
    pub slug: &'a str,
    /// `gloss-card-SLUG` for entities, `gloss-term-SLUG` for terms.
    pub dom_id: String,
    /// The id of its "Who's who" entry: `who-SLUG`, or `who-term-SLUG`.
    pub who_id: String,
    pub name: &'a str,
    /// person, organization, place, event, other, or term.
    pub kind: &'static str,
    pub summary: &'a str,
    pub note: Option<&'a str>,
    /// The entity page; `None` for terms.
    pub url: Option<String>,
    /// How many other explainers mention the entity.
    pub others: usize,
    /// How often this article mentions it.
    pub mentions_here: usize,
    pub is_term: bool,
    /// The role the entity held on the article's date (`None` for terms and
    /// entities without `roles:`).
    pub role: Option<RoleAsOfView<'a>>,
    /// The entity's picture (`None` for terms).
    pub image: Option<&'a PictureView>,
}

#[derive(Serialize, Clone)]
pub struct EntityRef<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub summary: &'a str,
    pub url: String,
    pub mention_count: usize,
}

impl<'a> EntityRef<'a> {
    pub fn new(
        entity: &'a Entity,
        text: &'a EntityText,
        config: &SiteConfig,
        mention_count: usize,
    ) -> Self {
        EntityRef {
            slug: &entity.slug,
            name: &entity.name,
            kind: entity.kind.as_str(),
            summary: &text.summary_html,
            url: config.link(&entity.path()),
            mention_count,
        }
    }
}

#[derive(Serialize)]
pub struct EntityView<'a> {
    #[serde(flatten)]
    pub base: EntityRef<'a>,
    pub aliases: &'a [String],
    pub body: &'a str,
    pub links: &'a [Link],
    /// Every role, oldest first.
    pub roles: Vec<RoleView<'a>>,
    pub wikidata: Option<&'a str>,
    /// The Atom feed of the explainers that mention the entity.
    pub feed_url: String,
    /// Its portrait or logo.
    pub image: Option<&'a PictureView>,
    /// The entity's page as an author, when it writes explainers too.
    pub author_url: Option<String>,
}

/// An author's page: the person, and their explainers.
#[derive(Serialize)]
pub struct AuthorView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub role: Option<&'a str>,
    /// HTML: the body of the author file; `""` without one.
    pub bio: String,
    pub links: &'a [Link],
    pub image: Option<&'a PictureView>,
    /// The entity of the same name, when the author is also in the who's who.
    pub entity: Option<EntityLink<'a>>,
    pub feed_url: String,
}

/// A link to an entity page, for lists that do not show counts.
#[derive(Serialize, Clone)]
pub struct EntityLink<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub url: String,
}

impl<'a> EntityLink<'a> {
    pub fn new(entity: &'a Entity, config: &SiteConfig) -> Self {
        EntityLink {
            slug: &entity.slug,
            name: &entity.name,
            kind: entity.kind.as_str(),
            url: config.link(&entity.path()),
        }
    }
}

#[derive(Serialize)]
pub struct RelatedView<'a> {
    pub entity: EntityLink<'a>,
    /// Explainers that mention both.
    pub shared: usize,
}

#[derive(Serialize)]
pub struct KindGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub entities: Vec<EntityRef<'a>>,
}

/// One kind in the who's who's list of kinds: how many entities it has and
/// where they start (`/entities/page/3/#kind-place`).
#[derive(Serialize)]
pub struct KindLink {
    pub kind: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub url: String,
}

#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
    pub count: usize,
}

/// Where a page is among the pages of its list, with links to the pages a
/// pager shows.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The first page, the last, and up to [`Paginator::NEAR`] on each side
    /// of this one, in order. Not every page: a list of 5,000 pages would
    /// otherwise put 5,000 links in each of its pages, and the build's time
    /// would grow with the square of the list.
    pub pages: Vec<PageLink>,
}

/// One page of a list, for a pager.
#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    /// Pages are left out between the one before in the pager and this one.
    pub gap_before: bool,
}

impl Paginator {
    /// How many pages on each side of the current one a pager links to.
    const NEAR: usize = 2;

    /// Page `current` of `total`, each page's link made by `link`.
    pub fn new(current: usize, total: usize, link: impl Fn(usize) -> String) -> Paginator {
        let near = current.saturating_sub(Self::NEAR).max(1)..=(current + Self::NEAR).min(total);
        let mut numbers: Vec<usize> = std::iter::once(1)
            .chain(near)
            .chain(std::iter::once(total))
            .collect();
        numbers.dedup();
        let mut before = 0;
        let pages = numbers
            .into_iter()
            .map(|number| {
                let gap_before = before > 0 && number > before + 1;
                before = number;
                PageLink {
                    number,
                    url: link(number),
                    gap_before,
                }
            })
            .collect();
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| link(current - 1)),
            next: (current < total).then(|| link(current + 1)),
            pages,
        }
    }
}

/// The cards of one article: its annotations in front-matter order, then any
/// entity reached only through an explicit `@slug` link.
pub fn cards<'a>(
    site: &'a Site,
    entity_texts: &'a [EntityText],
    article: &'a Article,
    body: &'a RenderedBody,
    (mention_counts, portraits): (&[usize], &'a [Option<PictureView>]),
) -> Vec<CardView<'a>> {
    let here = |target: Target| {
        body.mentions
            .iter()
            .find(|m| m.target == target)
            .map_or(0, |m| m.count)
    };
    let today = site.config.today;
    let day = article.meta.date.map_or(today, |d| d.value.date_naive());
    let entity_card = |e: usize, note: Option<&'a str>| {
        let entity = &site.entities[e];
        let mentioned_here = here(Target::Entity(e));
        CardView {
            slug: &entity.slug,
            dom_id: format!("gloss-card-{}", entity.slug),
            who_id: format!("who-{}", entity.slug),
            name: &entity.name,
            kind: entity.kind.as_str(),
            summary: &entity_texts[e].summary_html,
            note,
            url: Some(site.config.link(&entity.path())),
            // The counts are of listed articles; an undated page is not among them.
            others: mention_counts[e] - usize::from(article.is_listed() && mentioned_here > 0),
            mentions_here: mentioned_here,
            is_term: false,
            role: role_as_of(&entity.roles, day, today).map(|r| RoleAsOfView::new(r, &site.config)),
            image: portraits[e].as_ref(),
        }
    };
    let mut cards: Vec<CardView> = article
        .annotations
        .iter()
        .zip(&body.front.notes)
        .map(|(a, note)| match a.target {
            Target::Entity(e) => entity_card(e, note.as_deref()),
            Target::Term(t) => {
                let term = &article.terms[t];
                CardView {
                    slug: &term.slug,
                    dom_id: format!("gloss-term-{}", term.slug),
                    who_id: format!("who-term-{}", term.slug),
                    name: &term.name,
                    kind: "term",
                    summary: &body.front.definitions[t],
                    note: None,
                    url: None,
                    others: 0,
                    mentions_here: here(a.target),
                    is_term: true,
                    role: None,
                    image: None,
                }
            }
        })
        .collect();
    cards.extend(body.explicit_only.iter().map(|&e| entity_card(e, None)));
    cards
}

#[cfg(test)]
mod tests {
    use super::Paginator;

    /// The numbers a pager shows, with `…` where pages are left out.
    fn shown(current: usize, total: usize) -> Vec<String> {
        let pager = Paginator::new(current, total, |n| format!("/page/{n}/"));
        let mut shown = Vec::new();
        for page in &pager.pages {
            assert_eq!(page.url, format!("/page/{}/", page.number));
            if page.gap_before {
                shown.push("…".to_string());
            }
            shown.push(page.number.to_string());
        }
        shown
    }

    #[test]
    fn a_pager_links_the_ends_and_the_pages_near_this_one() {
        assert_eq!(shown(1, 1), ["1"]);
        assert_eq!(shown(2, 3), ["1", "2", "3"]);
        assert_eq!(shown(1, 15), ["1", "2", "3", "…", "15"]);
        assert_eq!(shown(4, 15), ["1", "2", "3", "4", "5", "6", "…", "15"]);
        assert_eq!(
            shown(8, 15),
            ["1", "…", "6", "7", "8", "9", "10", "…", "15"]
        );
        assert_eq!(shown(15, 15), ["1", "…", "13", "14", "15"]);
    }

    #[test]
    fn a_long_list_gives_each_page_a_few_links_not_one_per_page() {
        let pager = Paginator::new(2_500, 5_000, |n| n.to_string());
        assert_eq!(pager.pages.len(), 7);
        assert_eq!(pager.previous.as_deref(), Some("2499"));
        assert_eq!(pager.next.as_deref(), Some("2501"));
    }
}
