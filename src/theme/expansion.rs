//! How many templates one render of a template renders through its
//! `include`s and component calls, counted from the text before any page
//! is rendered. A template that includes the next one twice, forty levels
//! deep, renders a trillion templates and writes nothing a writer could
//! catch; counted here, it is refused when gloss reads the templates, at
//! the include that multiplies.
//!
//! Each `include` or call counts once wherever it is, also inside a loop
//! (the loop's length is not known before rendering; the render budget
//! covers loops). A component that calls itself is left to Tera, which
//! stops components nested 20 deep.

use std::collections::HashMap;
use std::ops::Range;

use super::places::{definitions, tags, Tag};

/// The most templates one render of a template may render through its
/// includes and calls. A theme's partials come to a few dozen; ten
/// thousand is a mistake.
pub const MAX_RENDERS: u64 = 10_000;

/// A template or a component: what an include or a call renders.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Node {
    Template(String),
    Component(String),
}

/// The includes or calls of one node to another: how many, and where the
/// first is (the template holding it, and the span of the name).
struct Edge {
    to: Node,
    count: u64,
    template: String,
    at: Range<usize>,
}

/// A template or component over the limit whose includes and calls are
/// each within it: where the multiplying starts.
#[derive(Debug)]
pub struct Overgrown {
    /// The template or component, as `"t27.html"` or the component's name.
    pub name: String,
    pub component: bool,
    /// How many renders one render of it makes.
    pub renders: u64,
    /// The template holding the include or call that contributes most, and
    /// the span of its name.
    pub template: String,
    pub at: Range<usize>,
    /// What that include or call renders, and how many times it is written.
    pub target: String,
    pub count: u64,
}

/// Every place where the renders multiply past [`MAX_RENDERS`], given each
/// template's name and text.
pub fn overgrown<'a>(templates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Overgrown> {
    let graph = graph(templates);
    let mut renders: HashMap<Node, u64> = HashMap::new();
    let mut nodes: Vec<&Node> = graph.keys().collect();
    nodes.sort();
    for node in &nodes {
        count_renders(node, &graph, &mut renders, &mut Vec::new());
    }
    let over = |node: &Node| renders.get(node).copied().unwrap_or(1) > MAX_RENDERS;
    nodes
        .into_iter()
        .filter(|node| over(node))
        .filter(|node| !graph[*node].iter().any(|e| over(&e.to)))
        .filter_map(|node| {
            let worst = graph[node].iter().max_by_key(|e| {
                e.count
                    .saturating_mul(renders.get(&e.to).copied().unwrap_or(1))
            })?;
            Some(Overgrown {
                name: name_of(node).to_string(),
                component: matches!(node, Node::Component(_)),
                renders: renders[node],
                template: worst.template.clone(),
                at: worst.at.clone(),
                target: name_of(&worst.to).to_string(),
                count: worst.count,
            })
        })
        .collect()
}

fn name_of(node: &Node) -> &str {
    match node {
        Node::Template(name) | Node::Component(name) => name,
    }
}

/// One render of `node` and all it renders, saturating; a node met again
/// on the way (a component calling itself) counts once.
fn count_renders(
    node: &Node,
    graph: &HashMap<Node, Vec<Edge>>,
    renders: &mut HashMap<Node, u64>,
    path: &mut Vec<Node>,
) -> u64 {
    if let Some(&known) = renders.get(node) {
        return known;
    }
    if path.contains(node) {
        return 1;
    }
    path.push(node.clone());
    let mut total: u64 = 1;
    for edge in graph.get(node).into_iter().flatten() {
        let each = count_renders(&edge.to, graph, renders, path);
        total = total.saturating_add(edge.count.saturating_mul(each));
    }
    path.pop();
    renders.insert(node.clone(), total);
    total
}

/// Every template and component with its includes and calls.
fn graph<'a>(templates: impl IntoIterator<Item = (&'a str, &'a str)>) -> HashMap<Node, Vec<Edge>> {
    let templates: Vec<(&str, &str)> = templates.into_iter().collect();
    let mut components: HashMap<String, (&str, Range<usize>)> = HashMap::new();
    for (name, text) in &templates {
        for (component, body) in definitions(text) {
            components.entry(component).or_insert((name, body));
        }
    }
    let mut graph: HashMap<Node, Vec<Edge>> = HashMap::new();
    for (name, text) in &templates {
        // A template's own tags are those outside its component definitions.
        let bodies: Vec<Range<usize>> = definitions(text).into_iter().map(|(_, b)| b).collect();
        let own = tags(text)
            .into_iter()
            .filter(|t| !bodies.iter().any(|b| b.contains(&t.at)))
            .collect::<Vec<_>>();
        let edges = edges(name, &own, &components);
        graph.insert(Node::Template(name.to_string()), edges);
    }
    for (component, (template, body)) in &components {
        let text = templates
            .iter()
            .find(|(n, _)| n == template)
            .map_or("", |(_, t)| t);
        let inside: Vec<Tag> = tags(text)
            .into_iter()
            .filter(|t| body.contains(&t.at))
            .collect();
        let edges = edges(template, &inside, &components);
        graph.insert(Node::Component(component.clone()), edges);
    }
    graph
}

/// The includes and component calls among `tags` of `template`, grouped by
/// what they render.
fn edges(
    template: &str,
    tags: &[Tag],
    components: &HashMap<String, (&str, Range<usize>)>,
) -> Vec<Edge> {
    let mut edges: Vec<Edge> = Vec::new();
    let mut add = |to: Node, at: Range<usize>| match edges.iter_mut().find(|e| e.to == to) {
        Some(edge) => edge.count += 1,
        None => edges.push(Edge {
            to,
            count: 1,
            template: template.to_string(),
            at,
        }),
    };
    for tag in tags {
        if let Some((name, at)) = included(tag) {
            add(Node::Template(name.to_string()), at);
        }
        for (name, at) in super::places::calls(tag) {
            if components.contains_key(name) {
                add(Node::Component(name.to_string()), at);
            }
        }
    }
    edges
}

/// The template a `{% include "NAME" %}` tag names, and the span of the
/// quoted name.
fn included<'t>(tag: &Tag<'t>) -> Option<(&'t str, Range<usize>)> {
    let rest = tag.inner.strip_prefix("include")?;
    let quoted = rest.trim_start();
    if !tag.block || quoted.len() == rest.len() {
        return None;
    }
    let quote = quoted.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let name = quoted[1..].split(quote).next()?;
    let start = tag.at + "include".len() + (rest.len() - quoted.len());
    Some((name, start..start + name.len() + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `t0.html` ... `tN.html`, each including the next `fan` times.
    fn chain(depth: usize, fan: usize) -> Vec<(String, String)> {
        let mut templates: Vec<(String, String)> = (0..depth)
            .map(|i| {
                let include = format!("{{% include \"t{}.html\" %}}", i + 1);
                (format!("t{i}.html"), include.repeat(fan))
            })
            .collect();
        templates.push((format!("t{depth}.html"), "x".into()));
        templates
    }

    fn over(templates: &[(String, String)]) -> Vec<Overgrown> {
        overgrown(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    #[test]
    fn forty_levels_that_include_the_next_twice_are_refused_where_they_pass_the_limit() {
        let found = over(&chain(40, 2));
        assert_eq!(found.len(), 1, "{found:?}");
        // t27 renders 2^14 - 1 templates, the first level past 10,000.
        assert_eq!(found[0].name, "t27.html");
        assert_eq!(found[0].renders, 16_383);
        assert_eq!((found[0].target.as_str(), found[0].count), ("t28.html", 2));
        assert_eq!(found[0].template, "t27.html");
        assert_eq!(found[0].at, 11..21);
    }

    #[test]
    fn a_long_chain_that_includes_once_per_level_is_fine() {
        assert!(over(&chain(200, 1)).is_empty());
    }

    #[test]
    fn component_calls_multiply_like_includes() {
        let mut templates = vec![("c.html".to_string(), String::new())];
        for i in 0..20 {
            let call = format!("{{{{ <c{} /> }}}}", i + 1);
            templates[0].1.push_str(&format!(
                "{{% component c{i}() %}}{}{{% endcomponent c{i} %}}",
                call.repeat(3)
            ));
        }
        templates[0]
            .1
            .push_str("{% component c20() %}x{% endcomponent c20 %}");
        templates.push(("page.html".into(), "{{ <c0 /> }}".into()));
        let found = over(&templates);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].name, "c11");
        assert_eq!(found[0].template, "c.html");
    }

    #[test]
    fn a_component_that_calls_itself_is_left_to_teras_depth_limit() {
        let text = "{% component tree(n) %}{{ <tree n={n} /> }}{{ <tree n={n} /> }}{% endcomponent tree %}";
        assert!(over(&[("c.html".into(), text.into())]).is_empty());
    }
}
