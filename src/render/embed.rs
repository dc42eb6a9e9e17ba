//! Embeds of videos and posts that respect readers: `![Title](URL)` with
//! the address of a video or post on a known host becomes a box that loads
//! nothing from that host until the reader asks. Until then it holds a
//! local poster, a link to the original (all a reader without script
//! gets) and a button that names the host; `gloss.js` puts the player in
//! place on a click.
//!
//! The player's address is built here from the ID read out of the URL,
//! checked character by character, never from the URL itself: what the
//! page and the script carry is one of a few fixed addresses with letters,
//! digits, `-` and `_` in it.

use pulldown_cmark_escape::{escape_href, escape_html};

/// A host gloss can embed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    YouTube,
    Vimeo,
    Dailymotion,
    X,
    Instagram,
}

impl Host {
    /// The host as readers know it, for the button.
    pub fn name(self) -> &'static str {
        match self {
            Host::YouTube => "youtube.com",
            Host::Vimeo => "vimeo.com",
            Host::Dailymotion => "dailymotion.com",
            Host::X => "x.com",
            Host::Instagram => "instagram.com",
        }
    }

    fn is_video(self) -> bool {
        matches!(self, Host::YouTube | Host::Vimeo | Host::Dailymotion)
    }

    fn slug(self) -> &'static str {
        match self {
            Host::YouTube => "youtube",
            Host::Vimeo => "vimeo",
            Host::Dailymotion => "dailymotion",
            Host::X => "x",
            Host::Instagram => "instagram",
        }
    }
}

/// A video or post to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub host: Host,
    /// The player's address, made from the checked ID.
    pub player: String,
}

/// Why an address on a known host cannot be embedded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEmbeddable {
    pub host: Host,
    pub forms: &'static str,
}

/// The host of `url` and the rest of it (path and query), for the hosts
/// gloss embeds from; `None` for any other address.
fn split_host(url: &str) -> Option<(Host, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let known = match host {
        "youtube.com" | "youtu.be" => Host::YouTube,
        "vimeo.com" => Host::Vimeo,
        "dailymotion.com" | "dai.ly" => Host::Dailymotion,
        "x.com" | "twitter.com" => Host::X,
        "instagram.com" => Host::Instagram,
        _ => return None,
    };
    Some((known, path))
}

/// An ID of letters, digits, `-` and `_`, as every host here uses.
fn id(text: &str, max: usize) -> Option<&str> {
    let ok = !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(text)
}

/// The value of `key` in the query of `path`.
fn query<'a>(path: &'a str, key: &str) -> Option<&'a str> {
    let query = path.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

/// The path's segments, without the query or fragment.
fn segments(path: &str) -> Vec<&str> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// What `url` embeds: `None` for an address of another host (an ordinary
/// picture), an error for one of a known host that names no video or post.
pub fn embed(url: &str) -> Option<Result<Embed, NotEmbeddable>> {
    let (host, path) = split_host(url.trim())?;
    let parts = segments(path);
    let (player, forms) = match host {
        Host::YouTube => (
            match parts.as_slice() {
                ["watch"] => query(path, "v").and_then(|v| id(v, 20)),
                ["shorts" | "embed" | "live", v] => id(v, 20),
                [v] if url.contains("youtu.be") => id(v, 20),
                _ => None,
            }
            .map(|v| format!("https://www.youtube-nocookie.com/embed/{v}")),
            "`https://www.youtube.com/watch?v=ID`, `https://youtu.be/ID` or `https://www.youtube.com/shorts/ID`",
        ),
        Host::Vimeo => (
            match parts.as_slice() {
                [n] | ["video", n] if n.bytes().all(|b| b.is_ascii_digit()) => id(n, 12),
                _ => None,
            }
            .map(|n| format!("https://player.vimeo.com/video/{n}?dnt=1")),
            "`https://vimeo.com/NUMBER`",
        ),
        Host::Dailymotion => (
            match parts.as_slice() {
                ["video", v] => id(v, 20),
                [v] if url.contains("dai.ly") => id(v, 20),
                _ => None,
            }
            .map(|v| format!("https://geo.dailymotion.com/player.html?video={v}")),
            "`https://www.dailymotion.com/video/ID`",
        ),
        Host::X => (
            match parts.as_slice() {
                [_, "status", n] if n.bytes().all(|b| b.is_ascii_digit()) => id(n, 25),
                _ => None,
            }
            .map(|n| format!("https://platform.twitter.com/embed/Tweet.html?id={n}&dnt=true")),
            "`https://x.com/ACCOUNT/status/NUMBER`",
        ),
        Host::Instagram => (
            match parts.as_slice() {
                ["p" | "reel", v] => id(v, 40),
                _ => None,
            }
            .map(|v| format!("https://www.instagram.com/p/{v}/embed/")),
            "`https://www.instagram.com/p/ID/`",
        ),
    };
    Some(
        player
            .map(|player| Embed { host, player })
            .ok_or(NotEmbeddable { host, forms }),
    )
}

/// The markup of an embed titled `title` of the address `url`.
pub fn embed_html(embed: &Embed, url: &str, title: &str) -> String {
    let host = embed.host.name();
    let (what, verb) = if embed.host.is_video() {
        ("video", "Watch")
    } else {
        ("post", "Read")
    };
    let (mut link, mut player, mut label) = (String::new(), String::new(), String::new());
    let _ = escape_href(&mut link, url);
    let _ = escape_html(&mut player, &embed.player);
    let _ = escape_html(&mut label, title);
    format!(
        "<figure class=\"embed embed-{what}\" data-embed=\"{slug}\">\
<div class=\"embed-box\">\
<a class=\"embed-link\" href=\"{link}\" rel=\"external\">\
<span class=\"embed-poster\" aria-hidden=\"true\"></span>\
<span class=\"embed-text\">{verb} “{label}” on {host}</span></a>\
<button type=\"button\" class=\"embed-load\" data-player=\"{player}\" data-title=\"{label}\" hidden>Load the {what} from {host}</button>\
</div>\
<figcaption>{label} <span class=\"credit\">{kind}: {host}</span></figcaption></figure>",
        slug = embed.host.slug(),
        kind = if embed.host.is_video() { "Video" } else { "Post" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn player(url: &str) -> String {
        embed(url).unwrap().unwrap().player
    }

    #[test]
    fn each_host_has_its_forms() {
        let yt = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ";
        assert_eq!(
            player("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10"),
            yt
        );
        assert_eq!(player("https://youtu.be/dQw4w9WgXcQ"), yt);
        assert_eq!(player("https://m.youtube.com/shorts/dQw4w9WgXcQ"), yt);
        assert_eq!(
            player("https://vimeo.com/76979871"),
            "https://player.vimeo.com/video/76979871?dnt=1"
        );
        assert!(player("https://twitter.com/StateDept/status/1836").ends_with("id=1836&dnt=true"));
        assert!(player("https://www.instagram.com/p/C9x_y-1/").contains("/p/C9x_y-1/embed/"));
    }

    #[test]
    fn other_hosts_are_pictures() {
        assert!(embed("https://example.org/watch?v=x").is_none());
        assert!(embed("/img/x.jpg").is_none());
        assert!(embed("https://youtube.com.evil.example/watch?v=x").is_none());
    }

    #[test]
    fn an_id_with_anything_but_letters_digits_dash_underscore_is_refused() {
        for url in [
            "https://www.youtube.com/watch?v=\"><script>",
            "https://www.youtube.com/watch?v=a%22b",
            "https://vimeo.com/12a",
            "https://x.com/a/status/1'2",
            "https://www.youtube.com/channel/UC123",
        ] {
            assert!(embed(url).unwrap().is_err(), "{url}");
        }
    }
}
