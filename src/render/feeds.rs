//! The Atom feeds (the site's and one per entity), the sitemap and the news
//! sitemap, written with XML libraries rather than by hand.

use std::io::Cursor;

use atom_syndication::extension::{Extension, ExtensionMap};
use atom_syndication::{Entry, Feed, Link, Person, Text};
use chrono::{DateTime, FixedOffset, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::model::{Article, Author, Entity, Site};
use crate::render::picture::PictureView;

/// The newest articles in the feed (SPEC 6).
pub const FEED_SIZE: usize = 20;

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_string(),
        mime_type: mime.map(str::to_string),
        ..Default::default()
    }
}

/// `/atom.xml`: the 20 newest dated articles.
pub fn atom(site: &Site, leads: &[Option<PictureView>]) -> Vec<u8> {
    let config = &site.config;
    let newest = site
        .articles
        .iter()
        .zip(leads)
        .filter(|(a, _)| a.is_listed())
        .take(FEED_SIZE);
    let entries: Vec<Entry> = newest
        .map(|(a, lead)| entry(site, a, lead.as_ref()))
        .collect();
    feed(
        site,
        config.title.clone(),
        config.description.clone(),
        crate::urls::ATOM,
        "/",
        entries,
    )
}

/// `/entities/SLUG/atom.xml`: the 20 newest explainers that mention the
/// entity, for readers who follow it. `articles` are newest first.
pub fn entity_atom(
    site: &Site,
    entity: &Entity,
    articles: &[usize],
    leads: &[Option<PictureView>],
) -> Vec<u8> {
    let entries = newest_entries(site, articles, leads);
    feed(
        site,
        format!("{} · {}", entity.name, site.config.title),
        format!("Explainers that mention {}", entity.name),
        &crate::urls::entity_feed(&entity.slug),
        &entity.path(),
        entries,
    )
}

/// `/authors/SLUG/atom.xml`: the 20 newest explainers of one author.
/// `articles` are newest first.
pub fn author_atom(
    site: &Site,
    author: &Author,
    articles: &[usize],
    leads: &[Option<PictureView>],
) -> Vec<u8> {
    let entries = newest_entries(site, articles, leads);
    feed(
        site,
        format!("{} · {}", author.name, site.config.title),
        format!("Explainers by {}", author.name),
        &crate::urls::author_feed(&author.slug),
        &author.path(),
        entries,
    )
}

/// The entries of the [`FEED_SIZE`] newest of `articles` (newest first).
fn newest_entries(site: &Site, articles: &[usize], leads: &[Option<PictureView>]) -> Vec<Entry> {
    (articles.iter().take(FEED_SIZE))
        .map(|&a| entry(site, &site.articles[a], leads[a].as_ref()))
        .collect()
}

/// Media RSS, which feed readers read for an entry's picture and its credit.
const MEDIA: &str = "http://search.yahoo.com/mrss/";

/// An element of Media RSS named `name`, with text `value`.
fn media(name: &str, value: Option<String>, attrs: &[(&str, String)]) -> Extension {
    Extension {
        name: format!("media:{name}"),
        value,
        attrs: attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        children: Default::default(),
    }
}

/// The lead picture as `<media:content>`, with its alt text as the
/// description and its credit, so the credit travels with the picture.
fn media_content(image: &PictureView) -> ExtensionMap {
    let share = &image.share;
    let mut content = media(
        "content",
        None,
        &[
            ("url", share.url.clone()),
            ("medium", "image".into()),
            ("type", share.mime.into()),
            ("width", share.width.to_string()),
            ("height", share.height.to_string()),
        ],
    );
    let mut child = |name: &str, value: String, attrs: &[(&str, String)]| {
        let element = media(name, Some(value), attrs);
        content.children.insert(name.to_string(), vec![element]);
    };
    child(
        "description",
        image.alt.clone(),
        &[("type", "plain".into())],
    );
    if let Some(credit) = &image.credit {
        child("credit", credit.clone(), &[]);
    }
    let elements = [("content".to_string(), vec![content])]
        .into_iter()
        .collect();
    [("media".to_string(), elements)].into_iter().collect()
}

/// One article as a feed entry; its lead picture is an enclosure and a
/// `<media:content>` with its credit, which feed readers show beside it.
fn entry(site: &Site, article: &Article, lead: Option<&PictureView>) -> Entry {
    let epoch = DateTime::<Utc>::UNIX_EPOCH.fixed_offset();
    let published: DateTime<FixedOffset> = article.meta.date.map_or(epoch, |d| d.value);
    // A correction counts as an update: feed readers show the entry again.
    let updated = article
        .modified()
        .map_or(published, |d| d.value.max(published));
    let url = site.config.permalink(&article.path);
    Entry {
        title: Text::plain(article.meta.title.clone()),
        id: url.clone(),
        updated,
        published: Some(published),
        authors: article
            .meta
            .authors
            .iter()
            .map(|name| Person {
                name: name.clone(),
                uri: site
                    .author(name)
                    .map(|a| site.config.permalink(&site.authors[a].path())),
                ..Default::default()
            })
            .collect(),
        summary: article.meta.summary.clone().map(Text::plain),
        links: std::iter::once(link(url, "alternate", Some("text/html")))
            .chain(
                lead.map(|image| {
                    link(image.share.url.clone(), "enclosure", Some(image.share.mime))
                }),
            )
            .collect(),
        categories: article
            .tags
            .iter()
            .map(|(name, _)| atom_syndication::Category {
                term: name.clone(),
                ..Default::default()
            })
            .collect(),
        extensions: lead.map(media_content).unwrap_or_default(),
        ..Default::default()
    }
}

fn feed(
    site: &Site,
    title: String,
    subtitle: String,
    self_path: &str,
    page_path: &str,
    entries: Vec<Entry>,
) -> Vec<u8> {
    let config = &site.config;
    let epoch = DateTime::<Utc>::UNIX_EPOCH.fixed_offset();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(epoch);
    let feed = Feed {
        title: Text::plain(title),
        // The feed's page is its stable identity (the site's is its home page).
        id: config.permalink(page_path),
        updated,
        authors: vec![Person {
            name: config.title.clone(),
            ..Default::default()
        }],
        subtitle: (!subtitle.is_empty()).then(|| Text::plain(subtitle)),
        links: vec![
            link(
                config.permalink(self_path),
                "self",
                Some("application/atom+xml"),
            ),
            link(config.permalink(page_path), "alternate", Some("text/html")),
        ],
        lang: Some(config.language.clone()),
        namespaces: [("media".to_string(), MEDIA.to_string())]
            .into_iter()
            .collect(),
        entries,
        ..Default::default()
    };
    let mut out = feed.to_string().into_bytes();
    out.push(b'\n');
    out
}

/// Google News takes articles published in the last two days, at most 1,000.
pub const NEWS_DAYS: i64 = 2;
pub const NEWS_MAX: usize = 1000;

/// `/news-sitemap.xml` in Google News format: the dated articles of the last
/// [`NEWS_DAYS`] days before the build (`listed` is newest first).
pub fn news_sitemap(site: &Site, listed: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let since = config.today - chrono::Days::new(NEWS_DAYS as u64);
    let recent: Vec<&Article> = listed
        .iter()
        .map(|&a| &*site.articles[a])
        .filter(|a| {
            // Not a scheduled article dated after the build day either.
            a.meta
                .date
                .is_some_and(|d| (since..=config.today).contains(&d.value.date_naive()))
        })
        .take(NEWS_MAX)
        .collect();
    urlset(
        &[(
            "xmlns:news",
            "http://www.google.com/schemas/sitemap-news/0.9",
        )],
        |writer| {
            for article in &recent {
                let Some(date) = article.meta.date else {
                    continue;
                };
                writer.write_event(Event::Start(BytesStart::new("url")))?;
                writer
                    .create_element("loc")
                    .write_text_content(BytesText::new(&config.permalink(&article.path)))?;
                writer.write_event(Event::Start(BytesStart::new("news:news")))?;
                writer.write_event(Event::Start(BytesStart::new("news:publication")))?;
                writer
                    .create_element("news:name")
                    .write_text_content(BytesText::new(&config.title))?;
                writer
                    .create_element("news:language")
                    .write_text_content(BytesText::new(&config.language))?;
                writer.write_event(Event::End(BytesEnd::new("news:publication")))?;
                writer
                    .create_element("news:publication_date")
                    .write_text_content(BytesText::new(&date.iso()))?;
                writer
                    .create_element("news:title")
                    .write_text_content(BytesText::new(&article.meta.title))?;
                writer.write_event(Event::End(BytesEnd::new("news:news")))?;
                writer.write_event(Event::End(BytesEnd::new("url")))?;
            }
            Ok(())
        },
    )
}

/// `/sitemap.xml`, or a part of it: pages, with the last change for articles.
pub fn sitemap(site: &Site, pages: impl Iterator<Item = (String, Option<String>)>) -> Vec<u8> {
    let xhtml: &[(&str, &str)] = match site.config.is_multilingual() {
        true => &[("xmlns:xhtml", "http://www.w3.org/1999/xhtml")],
        false => &[],
    };
    urlset(xhtml, |writer| {
        for (path, lastmod) in pages {
            writer.write_event(Event::Start(BytesStart::new("url")))?;
            writer
                .create_element("loc")
                .write_text_content(BytesText::new(&site.config.permalink(&path)))?;
            if let Some(lastmod) = lastmod {
                writer
                    .create_element("lastmod")
                    .write_text_content(BytesText::new(&lastmod))?;
            }
            write_alternates(writer, site, &path)?;
            writer.write_event(Event::End(BytesEnd::new("url")))?;
        }
        Ok(())
    })
}

/// A `<sitemapindex>` of sitemaps, each given by its edition and its path
/// there: `/sitemap.xml` of a site with several editions (each edition's
/// sitemap, the one address to give search engines), or of a sitemap split
/// into parts.
pub fn sitemap_index(site: &Site, sitemaps: impl Iterator<Item = (usize, String)>) -> Vec<u8> {
    let config = &site.config;
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    let write = |writer: &mut XmlWriter| -> std::io::Result<()> {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut index = BytesStart::new("sitemapindex");
        index.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        writer.write_event(Event::Start(index))?;
        for (edition, path) in sitemaps {
            writer.write_event(Event::Start(BytesStart::new("sitemap")))?;
            writer
                .create_element("loc")
                .write_text_content(BytesText::new(&config.permalink_in(edition, &path)))?;
            writer.write_event(Event::End(BytesEnd::new("sitemap")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("sitemapindex")))?;
        Ok(())
    };
    // Writing into a Vec cannot fail.
    let _ = write(&mut writer);
    let mut out = writer.into_inner().into_inner();
    out.push(b'\n');
    out
}

/// The page in the site's other editions, as `<xhtml:link rel="alternate">`
/// (the form search engines read in a sitemap), `x-default` the default edition's.
fn write_alternates(writer: &mut XmlWriter, site: &Site, path: &str) -> std::io::Result<()> {
    let config = &site.config;
    let all = super::alternates::of_page(site, path);
    let x_default = all.first().map(|a| ("x-default", a));
    let each = all
        .iter()
        .map(|a| (config.languages[a.edition].tag.as_str(), a));
    for (lang, alternate) in each.chain(x_default) {
        let href = config.permalink_in(alternate.edition, &alternate.path);
        writer
            .create_element("xhtml:link")
            .with_attributes([
                ("rel", "alternate"),
                ("hreflang", lang),
                ("href", href.as_str()),
            ])
            .write_empty()?;
    }
    Ok(())
}

type XmlWriter = Writer<Cursor<Vec<u8>>>;

/// A sitemap document: `<urlset>` with the sitemap namespace and `extra`
/// ones, around the `<url>` elements that `urls` writes.
fn urlset(
    extra: &[(&str, &str)],
    urls: impl FnOnce(&mut XmlWriter) -> std::io::Result<()>,
) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    let write = |writer: &mut XmlWriter| -> std::io::Result<()> {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut urlset = BytesStart::new("urlset");
        urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        for &attribute in extra {
            urlset.push_attribute(attribute);
        }
        writer.write_event(Event::Start(urlset))?;
        urls(writer)?;
        writer.write_event(Event::End(BytesEnd::new("urlset")))?;
        Ok(())
    };
    // Writing into a Vec cannot fail.
    let _ = write(&mut writer);
    let mut out = writer.into_inner().into_inner();
    out.push(b'\n');
    out
}
