//! Where in a template's text a tag sits. Tera reports some mistakes by
//! template name only (an include or extends cycle, a missing parent, a
//! component that calls itself until the depth limit); gloss finds the tag
//! in the source so that the error can point at it.

use std::collections::HashMap;
use std::ops::Range;

/// One `{% ... %}` or `{{ ... }}` tag: its inside, without the delimiters
/// and the whitespace-control dashes, and where that inside starts.
pub struct Tag<'a> {
    pub block: bool,
    pub inner: &'a str,
    pub at: usize,
}

/// The tags of `text` in order, leaving out comments and what a
/// `{% raw %}` block holds (text, not tags).
pub fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    let mut cursor = 0;
    let mut in_raw = false;
    while let Some(found) = text[cursor..].find('{') {
        let open = cursor + found;
        let close = match text[open + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                cursor = open + 1;
                continue;
            }
        };
        let body_start = open + 2;
        let Some(len) = text[body_start..].find(close) else {
            break;
        };
        cursor = body_start + len + 2;
        if close == "#}" {
            continue;
        }
        let body = &text[body_start..body_start + len];
        let trimmed = body.trim_start_matches('-').trim_start();
        let lead = body.len() - trimmed.len();
        let inner = trimmed.trim_end_matches('-').trim_end();
        let block = close == "%}";
        if block && first_word(inner) == "raw" {
            in_raw = true;
        } else if block && first_word(inner) == "endraw" {
            in_raw = false;
        } else if !in_raw {
            tags.push(Tag {
                block,
                inner,
                at: body_start + lead,
            });
        }
    }
    tags
}

fn first_word(inner: &str) -> &str {
    inner
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("")
}

/// The quoted name of the first `{% KEYWORD "NAME" %}` (`include`,
/// `extends`) that names `name`, quotes included, as Tera's own spans are.
pub fn tag_naming(text: &str, keyword: &str, name: &str) -> Option<Range<usize>> {
    tags(text).into_iter().find_map(|tag| {
        if !tag.block || first_word(tag.inner) != keyword {
            return None;
        }
        let rest = &tag.inner[keyword.len()..];
        let quoted = rest.trim_start();
        let quote = quoted.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let named = quoted[1..].split(quote).next()?;
        let start = tag.at + keyword.len() + (rest.len() - quoted.len());
        (named == name).then(|| start..start + name.len() + 2)
    })
}

/// A component that calls itself, directly or through others: the names
/// around the circle, and the call that closes it.
pub struct ComponentCycle {
    /// `["a", "b", "a"]`: `a` calls `b`, which calls `a`.
    pub names: Vec<String>,
    /// The template holding the call that closes the circle.
    pub template: String,
    pub call: Range<usize>,
}

/// A call of a component inside another's definition.
struct Call {
    callee: String,
    template: String,
    span: Range<usize>,
}

/// The first circle of component calls in `templates` (by template name,
/// then position), if there is one.
pub fn component_cycle<'a>(
    templates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<ComponentCycle> {
    let mut templates: Vec<(&str, &str)> = templates.into_iter().collect();
    templates.sort_unstable();
    let mut calls: HashMap<String, Vec<Call>> = HashMap::new();
    let mut order = Vec::new();
    for (name, text) in &templates {
        for (component, body) in definitions(text) {
            let found = calls_in(text, body).into_iter().map(|(callee, span)| Call {
                callee,
                template: (*name).to_string(),
                span,
            });
            calls.entry(component.clone()).or_default().extend(found);
            order.push(component);
        }
    }
    order
        .iter()
        .find_map(|start| walk(start, &calls, &mut vec![start.clone()]))
}

fn walk(
    at: &str,
    calls: &HashMap<String, Vec<Call>>,
    path: &mut Vec<String>,
) -> Option<ComponentCycle> {
    for call in calls.get(at).into_iter().flatten() {
        if !calls.contains_key(&call.callee) {
            continue;
        }
        if path.contains(&call.callee) {
            let mut names = path.clone();
            names.push(call.callee.clone());
            let from = names.iter().position(|n| *n == call.callee).unwrap_or(0);
            return Some(ComponentCycle {
                names: names.split_off(from),
                template: call.template.clone(),
                call: call.span.clone(),
            });
        }
        path.push(call.callee.clone());
        let found = walk(&call.callee, calls, path);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Every `{% component NAME(...) %}` of `text` with the byte range of its body.
pub fn definitions(text: &str) -> Vec<(String, Range<usize>)> {
    let tags = tags(text);
    let mut found = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        if !tag.block || first_word(tag.inner) != "component" {
            continue;
        }
        let name = first_word(tag.inner["component".len()..].trim_start()).to_string();
        let body_start = tag.at + tag.inner.len();
        let end = tags[i + 1..]
            .iter()
            .find(|t| t.block && first_word(t.inner) == "endcomponent")
            .map_or(text.len(), |t| t.at);
        if !name.is_empty() {
            found.push((name, body_start..end));
        }
    }
    found
}

/// The components `tag` calls (`{{ <name ... /> }}` or `{% <name> %}`),
/// with the span of each name.
pub fn calls<'t>(tag: &Tag<'t>) -> Vec<(&'t str, Range<usize>)> {
    let mut found = Vec::new();
    for (i, _) in tag.inner.match_indices('<') {
        let name = first_word(&tag.inner[i + 1..]);
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let start = tag.at + i + 1;
        found.push((name, start..start + name.len()));
    }
    found
}

/// The components called inside `body` of `text`, with the span of each name.
fn calls_in(text: &str, body: Range<usize>) -> Vec<(String, Range<usize>)> {
    tags(text)
        .iter()
        .filter(|tag| body.contains(&tag.at))
        .flat_map(|tag| calls(tag))
        .map(|(name, span)| (name.to_string(), span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_skip_comments_and_raw_blocks() {
        let text = "{# {% include \"a\" %} #}{% raw %}{% include \"b\" %}{% endraw %}{%- include \"c\" -%}";
        let inners: Vec<&str> = tags(text).iter().map(|t| t.inner).collect();
        assert_eq!(inners, ["include \"c\""]);
    }

    #[test]
    fn tag_naming_spans_the_quoted_name() {
        let text = "x\n{% include 'card.html' %}{% include \"b.html\" %}";
        let span = tag_naming(text, "include", "b.html").unwrap();
        assert_eq!(&text[span], "\"b.html\"");
        assert!(tag_naming(text, "extends", "b.html").is_none());
    }

    #[test]
    fn a_component_calling_itself_is_a_cycle_at_the_call() {
        let text = "{% component rec(n) %}{{ n }}{{ <rec n={n + 1} /> }}{% endcomponent rec %}";
        let cycle = component_cycle([("c.html", text)]).unwrap();
        assert_eq!(cycle.names, ["rec", "rec"]);
        assert_eq!(&text[cycle.call], "rec");
    }

    #[test]
    fn two_components_calling_each_other_are_a_cycle() {
        let a = "{% component a() %}{% <b> %}x{% </b> %}{% endcomponent a %}";
        let b = "{% component b() %}{{ <a /> }}{% endcomponent b %}";
        let cycle = component_cycle([("a.html", a), ("b.html", b)]).unwrap();
        assert_eq!(cycle.names, ["a", "b", "a"]);
        assert_eq!(cycle.template, "b.html");
    }

    #[test]
    fn components_that_do_not_call_back_are_no_cycle() {
        let text = "{% component a() %}{{ <b /> }}{% endcomponent a %}{% component b() %}{{ 1 < 2 }}{% endcomponent b %}";
        assert!(component_cycle([("c.html", text)]).is_none());
    }
}
