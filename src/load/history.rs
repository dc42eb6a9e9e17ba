//! Front-matter lists that put facts on a timeline: an entity's `roles:`
//! (who held which office when) and an article's `corrections:`.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_yaml::Value;

use super::frontmatter::{strip_location, Fields};
use super::DATE_HELP;
use crate::model::{Correction, Date, Role};

const ROLES_HELP: &str =
    "a list of `{ title: U.S. Secretary of State, from: 2021-01-26, until: 2025-01-20 }`; `from` and `until` are optional";
const CORRECTIONS_HELP: &str =
    "a list of `{ date: 2024-09-20, text: An earlier version misstated the date of the vote. }`";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleFields {
    title: Title,
    from: Option<String>,
    until: Option<String>,
}

/// A role's title: one string, or one per language
/// (`title: { en: U.S. Secretary of State, ar: وزير الخارجية الأمريكي }`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Title {
    One(String),
    PerLanguage(indexmap::IndexMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorrectionFields {
    date: String,
    text: String,
}

/// A list under `key` whose entries are decoded one by one, so that each
/// wrong entry is reported where it is written (found by its `anchor` field)
/// and the right ones are kept.
fn take_each<T: DeserializeOwned>(f: &mut Fields, key: &str, anchor: &str, help: &str) -> Vec<T> {
    let entries = f.take_list(key, help, |entry| {
        entry
            .get(anchor)
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let mut decoded = Vec::with_capacity(entries.len());
    for (entry, span) in entries {
        match serde_yaml::from_value::<T>(entry) {
            Ok(value) => decoded.push(value),
            Err(err) => {
                let message = strip_location(&err.to_string());
                // serde names the Rust type it wanted; say what to write instead.
                let message = match message.find("expected struct") {
                    Some(at) => format!("{}expected a mapping of keys", &message[..at]),
                    None => message,
                };
                f.error_at(span, format!("invalid entry in `{key}`: {message}"), help);
            }
        }
    }
    decoded
}

/// `roles:` of an entity, oldest first. Each date must parse and `from` may
/// not come after `until`.
pub fn take_roles(f: &mut Fields, languages: &[String]) -> Vec<Role> {
    let list: Vec<RoleFields> = take_each(f, "roles", "title", ROLES_HELP);
    let mut roles = Vec::with_capacity(list.len());
    for role in list {
        let Some((title, titles)) = role_titles(f, role.title, languages) else {
            continue;
        };
        let span = f.span_within("roles", &title);
        if title.trim().is_empty() {
            f.error_at(span.clone(), "a role needs a `title`", ROLES_HELP);
            continue;
        }
        let mut date = |text: &Option<String>, what: &str| -> Result<Option<Date>, ()> {
            match text {
                None => Ok(None),
                Some(text) => Date::parse(text).map(Some).ok_or_else(|| {
                    let at = f.span_within("roles", text);
                    f.error_at(at, format!("`{text}` is not a date ({what})"), DATE_HELP);
                }),
            }
        };
        let (Ok(from), Ok(until)) = (date(&role.from, "from"), date(&role.until, "until")) else {
            continue;
        };
        if let (Some(from), Some(until)) = (from, until) {
            if from.value > until.value {
                f.error_at(
                    span,
                    format!("the role `{title}` ends before it starts"),
                    "`from` is the first day in the role, `until` the day it ended",
                );
                continue;
            }
        }
        roles.push(Role {
            title,
            titles,
            from,
            until,
        });
    }
    roles.sort_by_key(|r| r.from.map(|d| d.value));
    roles
}

/// A role's title in the default language and in the others. Titles per
/// language are keyed by declared tags (G0142 for another); the default
/// language's is required.
fn role_titles(
    f: &mut Fields,
    title: Title,
    languages: &[String],
) -> Option<(String, Vec<(String, String)>)> {
    let map = match title {
        Title::One(title) => return Some((title, Vec::new())),
        Title::PerLanguage(map) => map,
    };
    let default = languages.first().map(String::as_str).unwrap_or("en");
    let mut titles = Vec::new();
    let mut main = None;
    for (tag, text) in map {
        if tag == default {
            main = Some(text);
        } else if languages.contains(&tag) {
            titles.push((tag, text));
        } else {
            let span = f.span_within("roles", &format!("{tag}:"));
            let span = span.start..span.end.saturating_sub(1).max(span.start);
            let file = std::sync::Arc::clone(f.file);
            let declared = if languages.is_empty() {
                "site.yaml declares no `languages:`".to_string()
            } else {
                format!("site.yaml declares {}", languages.join(", "))
            };
            f.diags().push(
                crate::diagnostics::Diagnostic::error(
                    crate::diagnostics::Code::UndeclaredEntityLanguage,
                    &file.path,
                    format!(
                        "a role title in `{tag}`, a language the site does not publish; {declared}"
                    ),
                )
                .at(&file, span)
                .with_label("undeclared language")
                .with_help(format!(
                    "add `{tag}` to `languages:` in site.yaml, or remove this title"
                )),
            );
        }
    }
    match main {
        Some(title) => Some((title, titles)),
        None => {
            let span = f.span_of("roles");
            f.error_at(
                span,
                format!("a role's `title:` has no title in `{default}`, the default language"),
                ROLES_HELP,
            );
            None
        }
    }
}

/// `corrections:` of an article, oldest first.
pub fn take_corrections(f: &mut Fields) -> Vec<Correction> {
    let list: Vec<CorrectionFields> = take_each(f, "corrections", "date", CORRECTIONS_HELP);
    let mut corrections = Vec::with_capacity(list.len());
    for correction in list {
        let Some(date) = Date::parse(&correction.date) else {
            let at = f.span_within("corrections", &correction.date);
            let message = format!("`{}` is not a date", correction.date);
            f.error_at(at, message, DATE_HELP);
            continue;
        };
        if correction.text.trim().is_empty() {
            let at = f.span_of("corrections");
            f.error_at(at, "a correction needs a `text`", CORRECTIONS_HELP);
            continue;
        }
        corrections.push(Correction {
            date,
            text: correction.text,
        });
    }
    corrections.sort_by_key(|c| c.date.value);
    corrections
}

/// `wikidata:` of an entity: a Wikidata item id such as `Q1065`.
pub fn take_wikidata(f: &mut Fields) -> Option<String> {
    let id = f.take::<String>("wikidata", "a Wikidata item id, e.g. `wikidata: Q1065`")?;
    let valid = id.len() > 1
        && id.starts_with('Q')
        && id[1..].bytes().all(|b| b.is_ascii_digit())
        && !id[1..].starts_with('0');
    if valid {
        Some(id)
    } else {
        let at = f.span_of("wikidata");
        f.error_at(
            at,
            format!("`{id}` is not a Wikidata item id"),
            "write the Q-number from the item's Wikidata page, e.g. `wikidata: Q1065`",
        );
        None
    }
}
