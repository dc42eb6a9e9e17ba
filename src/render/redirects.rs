//! `/_redirects`: the site's old addresses as rules a host applies with the
//! right status, 301 for a page that moved and 410 for one removed on
//! purpose, after the site's own rules (`static/_redirects`), which come
//! first because the first matching rule wins. Netlify and Cloudflare Pages
//! read the file as it is;
//! `docs/deploying.md` shows nginx and S3 the same list. Hosts that read no
//! rules still have the redirect pages and the 410 page.

use crate::model::Site;
use crate::urls;

/// The rules, one per line: `FROM TO STATUS`, paths under `base_url`; the
/// other editions' after the default edition's.
pub fn redirect_rules(site: &Site) -> Vec<u8> {
    let mut rules = String::new();
    if let Some(own) = &site.host_rules {
        rules.push_str(own);
        if !own.ends_with('\n') {
            rules.push('\n');
        }
    }
    rules.push_str("# Old addresses of this site and where they lead, written by gloss.\n");
    rules.push_str(&edition_rules(site));
    rules.push_str(site.edition_rules.as_deref().unwrap_or_default());
    rules.into_bytes()
}

/// The rules of one edition's old addresses, each under the edition's
/// prefix: its redirect pages and its own 410 page.
pub fn edition_rules(site: &Site) -> String {
    let config = &site.config;
    let mut rules = String::new();
    for redirect in &site.redirects {
        let (from, to) = (config.link(&redirect.from.value), config.link(&redirect.to));
        rules.push_str(&format!("{from} {to} 301\n"));
    }
    for gone in &site.gone {
        let (from, page) = (config.link(&gone.value), config.link(urls::GONE));
        rules.push_str(&format!("{from} {page} 410\n"));
    }
    rules
}
