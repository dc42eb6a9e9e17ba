//! `/entities.json`: the site's entities as data, for other tools (a
//! newsroom's CMS, a fact-checking desk's spreadsheet) to reuse.

use serde::Serialize;

use crate::model::{Link, Site};
use crate::render::texts::EntityText;

#[derive(Serialize)]
struct SiteRef<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct EntityRecord<'a> {
    slug: &'a str,
    name: &'a str,
    aliases: &'a [String],
    kind: &'static str,
    /// Plain text.
    summary: &'a str,
    url: String,
    links: &'a [Link],
    wikidata: Option<&'a str>,
    roles: Vec<RoleRecord<'a>>,
    mentioned_in: MentionedIn<'a>,
}

#[derive(Serialize)]
struct RoleRecord<'a> {
    title: &'a str,
    from: Option<String>,
    until: Option<String>,
}

/// The explainers that mention an entity, newest first, as their addresses:
/// made one at a time as they are written, never all kept.
struct MentionedIn<'a> {
    site: &'a Site,
    found: &'a [(usize, usize)],
}

impl Serialize for MentionedIn<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let config = &self.site.config;
        let articles = &self.site.articles;
        serializer.collect_seq(
            self.found
                .iter()
                .map(|&(a, _)| config.permalink(&articles[a].path)),
        )
    }
}

/// How much of the file is made before it is handed on: the file of a site
/// of a million articles is a few gigabytes.
const PART: usize = 1 << 20;

/// `/entities.json` in parts of about a megabyte, one entity to a line, for
/// the output to write as they come. `mentions[e]` lists the articles that
/// mention entity `e`, newest first.
pub fn entities_json<'a>(
    site: &'a Site,
    texts: &'a [EntityText],
    mentions: &'a [Vec<(usize, usize)>],
) -> impl Iterator<Item = Vec<u8>> + 'a {
    let config = &site.config;
    let mut head = b"{\"site\":".to_vec();
    let site_ref = SiteRef {
        title: &config.title,
        url: config.permalink("/"),
    };
    write_json(&mut head, &site_ref);
    head.extend_from_slice(b",\"entities\":[");
    let records =
        (site.entities.iter().zip(texts).zip(mentions)).map(move |((entity, text), found)| {
            EntityRecord {
                slug: &entity.slug,
                name: &entity.name,
                aliases: &entity.aliases,
                kind: entity.kind.as_str(),
                summary: &text.summary_text,
                url: config.permalink(&entity.path()),
                links: &entity.links,
                wikidata: entity.wikidata.as_deref(),
                roles: (entity.roles.iter())
                    .map(|r| RoleRecord {
                        title: &r.title,
                        from: r.from.map(|d| d.iso()),
                        until: r.until.map(|d| d.iso()),
                    })
                    .collect(),
                mentioned_in: MentionedIn { site, found },
            }
        });
    lines_in_parts(head, records, b"\n]}\n", PART)
}

/// `head`, then each item as JSON on a line of its own (a comma ending all
/// but the last), then `tail`: handed on in parts of at least `part` bytes,
/// but for the last.
fn lines_in_parts<T: Serialize>(
    head: Vec<u8>,
    items: impl Iterator<Item = T>,
    tail: &'static [u8],
    part: usize,
) -> impl Iterator<Item = Vec<u8>> {
    let mut items = items.enumerate();
    let mut buffer = Some(head);
    std::iter::from_fn(move || {
        let out = buffer.as_mut()?;
        for (i, item) in items.by_ref() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            write_json(out, &item);
            if out.len() >= part {
                return Some(std::mem::take(out));
            }
        }
        let mut last = buffer.take()?;
        last.extend_from_slice(tail);
        Some(last)
    })
}

/// Appends `value` as compact JSON with `<`, `>` and `&` escaped, so the
/// file stays inert even if a page embeds it. Plain data of strings and
/// lists: serializing it cannot fail.
fn write_json(out: &mut Vec<u8>, value: &impl Serialize) {
    let mut serializer = serde_json::Serializer::with_formatter(out, crate::text::ScriptSafeJson);
    let _ = value.serialize(&mut serializer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_join_into_the_whole_file() {
        let items = ["a", "b<c", "d", "e"];
        let whole = |part| -> (Vec<Vec<u8>>, String) {
            let parts: Vec<Vec<u8>> =
                lines_in_parts(b"[".to_vec(), items.iter(), b"\n]\n", part).collect();
            let joined = String::from_utf8(parts.concat()).unwrap();
            (parts, joined)
        };
        let expected = "[\n\"a\",\n\"b\\u003cc\",\n\"d\",\n\"e\"\n]\n";
        for part in [1, 5, 9, 1000] {
            let (parts, joined) = whole(part);
            assert_eq!(joined, expected, "parts of {part}");
            // Every part but the last is full; none is empty.
            for p in &parts[..parts.len() - 1] {
                assert!(p.len() >= part, "a part of {} bytes for {part}", p.len());
            }
            assert!(parts.iter().all(|p| !p.is_empty()));
        }
        assert_eq!(whole(1).0.len(), 5);
        assert_eq!(whole(1000).0.len(), 1);
        let none: Vec<Vec<u8>> =
            lines_in_parts(b"[".to_vec(), std::iter::empty::<&str>(), b"]", 1).collect();
        assert_eq!(none, [b"[]".to_vec()]);
    }
}
