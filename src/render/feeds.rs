//! The Atom feed and the sitemap, written with XML libraries rather than by hand.

use std::io::Cursor;

use atom_syndication::{Entry, Feed, Link, Person, Text};
use chrono::{DateTime, FixedOffset, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::model::Site;

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
pub fn atom(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let epoch = DateTime::<Utc>::UNIX_EPOCH.fixed_offset();
    let entries: Vec<Entry> = site
        .articles
        .iter()
        .filter(|a| a.is_listed())
        .take(FEED_SIZE)
        .map(|article| {
            let published: DateTime<FixedOffset> = article.date.map_or(epoch, |d| d.value);
            let updated = article.updated.map_or(published, |d| d.value);
            let url = config.permalink(&article.path);
            Entry {
                title: Text::plain(article.title.clone()),
                id: url.clone(),
                updated,
                published: Some(published),
                authors: article
                    .authors
                    .iter()
                    .map(|name| Person {
                        name: name.clone(),
                        ..Default::default()
                    })
                    .collect(),
                summary: article.summary.clone().map(Text::plain),
                links: vec![link(url, "alternate", Some("text/html"))],
                categories: article
                    .tags
                    .iter()
                    .map(|(name, _)| atom_syndication::Category {
                        term: name.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(epoch);
    let feed = Feed {
        title: Text::plain(config.title.clone()),
        id: config.permalink("/"),
        updated,
        authors: vec![Person {
            name: config.title.clone(),
            ..Default::default()
        }],
        subtitle: (!config.description.is_empty()).then(|| Text::plain(config.description.clone())),
        links: vec![
            link(
                config.permalink("/atom.xml"),
                "self",
                Some("application/atom+xml"),
            ),
            link(config.permalink("/"), "alternate", Some("text/html")),
        ],
        lang: Some(config.language.clone()),
        entries,
        ..Default::default()
    };
    let mut out = feed.to_string().into_bytes();
    out.push(b'\n');
    out
}

/// `/sitemap.xml`: every page, with the last change for articles.
pub fn sitemap(site: &Site, pages: &[(String, Option<String>)]) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    let write = |writer: &mut Writer<Cursor<Vec<u8>>>| -> std::io::Result<()> {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut urlset = BytesStart::new("urlset");
        urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
        writer.write_event(Event::Start(urlset))?;
        for (path, lastmod) in pages {
            writer.write_event(Event::Start(BytesStart::new("url")))?;
            writer
                .create_element("loc")
                .write_text_content(BytesText::new(&site.config.permalink(path)))?;
            if let Some(lastmod) = lastmod {
                writer
                    .create_element("lastmod")
                    .write_text_content(BytesText::new(lastmod))?;
            }
            writer.write_event(Event::End(BytesEnd::new("url")))?;
        }
        writer.write_event(Event::End(BytesEnd::new("urlset")))?;
        Ok(())
    };
    // Writing into a Vec cannot fail.
    let _ = write(&mut writer);
    let mut out = writer.into_inner().into_inner();
    out.push(b'\n');
    out
}
