//! The modules of `src/` depend on each other one way, down the stack that
//! `docs/architecture.md` draws. This test reads every module's paths into
//! the crate (`crate::x`, `super::x`) and fails on an arrow that points up
//! the stack or closes a cycle, naming the file that draws it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules, lowest first: each may use only those before it.
const STACK: &[&str] = &[
    "lang",
    "text",
    "fsutil",
    "in_place",
    "spill",
    "interrupt",
    "progress",
    "diagnostics",
    "budget",
    "fault",
    "urls",
    "links",
    "model",
    "matcher",
    "load",
    "editions",
    "theme",
    "resolve",
    "pictures",
    "render",
    "published",
    "write",
    "pipeline",
    "preview",
    "serve",
    "scaffold",
    "explain",
    "lsp",
    "internals",
];

/// Module path (`render/pages`) -> the text of its file, for every file of `src/`
/// except the crate root and the binary, which sit above everything.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut name = rel.to_string_lossy().replace('\\', "/");
        if let Some(parent) = name.strip_suffix("/mod") {
            name = parent.to_string();
        }
        if name == "lib" || name == "main" {
            continue;
        }
        modules.insert(name, std::fs::read_to_string(path).unwrap());
    }
    modules
}

/// The modules a file's text names: the longest known module at the start
/// of each `crate::a::b` path, and the sibling (or parent) of each `super::x`.
fn uses(module: &str, text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    // Unit tests sit at the end of a file, where `super::` means the file itself.
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let parent = module.rsplit_once('/').map_or("", |(p, _)| p);
    let mut found = BTreeSet::new();
    for (prefix, base) in [
        ("crate::", String::new()),
        ("super::", format!("{parent}/")),
    ] {
        for (at, _) in code.match_indices(prefix) {
            let rest = &code[at + prefix.len()..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // A path to an item of the crate root (`crate::BuildOptions`)
            // is an arrow to `lib`, which sits above every module.
            let mut best = match prefix {
                "super::" => Some(parent.to_string()).filter(|p| !p.is_empty()),
                _ => Some("lib".to_string()),
            };
            let mut candidate = base.clone();
            for segment in path.split("::").filter(|s| !s.is_empty()) {
                candidate.push_str(segment);
                if known.contains(&candidate) {
                    best = Some(candidate.clone());
                }
                candidate.push('/');
            }
            found.extend(best.filter(|m| m != module));
        }
    }
    found
}

fn top(module: &str) -> &str {
    module.split('/').next().unwrap()
}

#[test]
fn every_module_is_placed_in_the_stack() {
    for module in modules().keys() {
        assert!(
            STACK.contains(&top(module)),
            "src/{module} is in no layer: add `{}` to STACK here and to docs/architecture.md",
            top(module)
        );
    }
}

#[test]
fn modules_use_only_modules_below_them() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let rank = |m: &str| {
        STACK
            .iter()
            .position(|s| *s == top(m))
            .unwrap_or(usize::MAX)
    };
    let mut wrong = Vec::new();
    for (module, text) in &modules {
        for used in uses(module, text, &known) {
            if top(&used) != top(module) && rank(&used) >= rank(module) {
                wrong.push(format!("src/{module} uses {used}, which is not below it"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows up the stack:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_close_a_cycle() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(m, text)| (m.as_str(), uses(m, text, &known)))
        .collect();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<&str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| *p == m) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!(
                "modules import each other in a circle: {}",
                cycle.join(" -> ")
            );
        }
    }
}

#[test]
fn the_checker_finds_what_it_must() {
    let known: BTreeSet<String> = ["render", "render/pages", "render/feeds", "urls"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let text = "use super::feeds::atom;\nuse crate::urls;\n// crate::render::pages\n";
    let found = uses("render/pages", text, &known);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["render/feeds", "urls"]
    );
    let found = uses("serve", "use crate::BuildOptions;", &known);
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["lib"]);
}
