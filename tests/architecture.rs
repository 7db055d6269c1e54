//! The dependency directions among `src/`'s top-level folders and files, read
//! from the source: pure analysis depends on nothing else, the app and the
//! screen do not depend on the command line, the model does not depend on the
//! jobs that run it, and no two parts depend on each other in a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

/// Edges that may close a loop, each with the reason. Empty today: keep it so.
const ALLOWED_LOOP_EDGES: &[(&str, &str, &str)] = &[];

/// Top-level part (folder or file stem) → the parts it names, with one file
/// that does so (for the failure message).
type Graph = BTreeMap<String, BTreeMap<String, String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read src dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `app/update/mod.rs` → [app, update].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The source without comments (so prose that names a module is no import).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level parts one file names through `crate::…` (grouped or not) and
/// `super::super::…` paths that climb out of its folder. Macros
/// (`crate::user_error!`) are not modules and are skipped.
fn targets(code: &str, path: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let plain = Regex::new(r"\bcrate::([a-z_][a-z0-9_]*)(\s*!)?").expect("regex");
    for c in plain.captures_iter(code) {
        if c.get(2).is_none() {
            out.insert(c[1].to_string());
        }
    }
    let grouped = Regex::new(r"\bcrate::\{").expect("regex");
    for m in grouped.find_iter(code) {
        out.extend(group_heads(&code[m.end()..]));
    }
    let climbing = Regex::new(r"\b((?:super::)+)([a-z_][a-z0-9_]*)").expect("regex");
    for c in climbing.captures_iter(code) {
        let up = c[1].matches("super::").count();
        // From a file, `super` is its parent module.
        if up == path.len() {
            out.insert(c[2].to_string());
        } else if up < path.len() {
            out.insert(path[0].clone());
        }
    }
    out
}

/// The first name of each item in a `{a, b::c, d::{e}}` group.
fn group_heads(rest: &str) -> Vec<String> {
    let (mut heads, mut depth, mut item_start) = (Vec::new(), 1, true);
    let mut name = String::new();
    for ch in rest.chars() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => item_start = true,
            c if depth == 1 && item_start && (c.is_ascii_alphanumeric() || c == '_') => {
                name.push(c)
            }
            _ if depth == 1 && item_start && !name.is_empty() => {
                heads.push(std::mem::take(&mut name));
                item_start = false;
            }
            _ => {}
        }
    }
    if !name.is_empty() {
        heads.push(name);
    }
    heads
}

fn graph() -> Graph {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let rel = file.strip_prefix(&root).expect("below src").to_path_buf();
        let path = module_path(&rel);
        // lib.rs and main.rs are the crate root: they name every part.
        let Some(top) = path.first().filter(|_| path != ["lib"] && path != ["main"]) else {
            continue;
        };
        let code = code_only(&std::fs::read_to_string(&file).expect("read source"));
        let node = graph.entry(top.clone()).or_default();
        for target in targets(&code, &path) {
            if &target != top {
                node.entry(target)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    graph
}

fn uses(graph: &Graph, from: &str) -> Vec<(String, String)> {
    graph
        .get(from)
        .map(|t| t.iter().map(|(a, b)| (a.clone(), b.clone())).collect())
        .unwrap_or_default()
}

#[test]
fn the_scanner_reads_imports() {
    let path = vec!["app".to_string(), "update".to_string()];
    let code = code_only(
        "use crate::{data::Dataset, jobs::{a, b}};\nuse super::super::ui::x;\n// crate::cli\ncrate::user_error!(\"\");",
    );
    let found: Vec<String> = targets(&code, &path).into_iter().collect();
    assert_eq!(found, ["data", "jobs", "ui"]);
}

#[test]
fn analysis_imports_no_other_part() {
    let graph = graph();
    assert!(graph.contains_key("app"), "the scan found the app");
    let others = uses(&graph, "analysis");
    assert!(others.is_empty(), "analysis/ imports {others:?}");
}

#[test]
fn the_app_and_the_screen_do_not_import_the_command_line() {
    let graph = graph();
    for from in ["app", "ui", "tui"] {
        for (to, file) in uses(&graph, from) {
            assert!(
                to != "cli" && to != "commands",
                "{file} imports crate::{to}"
            );
        }
    }
}

#[test]
fn the_model_does_not_import_the_jobs() {
    let graph = graph();
    for from in ["model", "runtime"] {
        for (to, file) in uses(&graph, from) {
            assert_ne!(to, "jobs", "{file} imports crate::jobs");
        }
    }
}

#[test]
fn no_part_depends_on_itself_through_others() {
    let graph = graph();
    let allowed: BTreeSet<(&str, &str)> = ALLOWED_LOOP_EDGES
        .iter()
        .map(|(a, b, _)| (*a, *b))
        .collect();
    // Depth-first search; a back edge is a loop.
    fn visit<'g>(
        node: &'g str,
        graph: &'g Graph,
        allowed: &BTreeSet<(&str, &str)>,
        stack: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = stack[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        stack.push(node);
        for to in graph.get(node).into_iter().flat_map(|t| t.keys()) {
            if allowed.contains(&(node, to.as_str())) {
                continue;
            }
            if let Some(cycle) = visit(to, graph, allowed, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let cycle = visit(node, &graph, &allowed, &mut Vec::new(), &mut done);
        if let Some(cycle) = cycle {
            let files: Vec<String> = cycle
                .windows(2)
                .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
                .collect();
            panic!("import loop: {}", files.join(", "));
        }
    }
}
