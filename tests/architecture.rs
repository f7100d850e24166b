//! The layers of the code, enforced. Each rule keeps one kind of change in one place:
//!
//! - the pure core (model, io, crs, analysis, export, tiles, project, workshop, i18n, theme)
//!   knows no UI crate and none of the window's modules (state, ui, app, map, paint, cli), so
//!   the CLI, the exporter and tests use it without a window;
//! - `state/` (the application state) imports no egui or other UI crate and none of ui, app,
//!   map, paint or cli: it is the window's model, testable and usable from the CLI;
//! - `map/` (the map widget) and `ui/` (the panels) meet only through the state and the shared
//!   vocabulary (theme, paint, i18n, model): neither imports the other, nor app or cli;
//! - `paint/` (egui painting vocabulary) imports only the theme and the model;
//! - no cycles between top-level modules.
//!
//! Imports are read from the source text: `crate::x` paths and `super::` chains that climb to
//! the crate root, outside comments. Grouped imports from the root (`crate::{a, b}`) are
//! refused so that every dependency is visible to this test.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const PURE: [&str; 10] = [
    "model", "io", "crs", "analysis", "export", "tiles", "project", "workshop", "i18n", "theme",
];
const WINDOW: [&str; 6] = ["state", "ui", "app", "map", "paint", "cli"];
const UI_CRATES: [&str; 4] = ["egui", "eframe", "walkers", "rfd"];

/// One use of another top-level module (or a UI crate) at a line of a file.
#[derive(Debug, Clone)]
struct Use {
    from: String,
    to: String,
    at: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file below `src/`: `state/reach/mod.rs` → [state, reach].
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" && stem != "main" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The code of a line without its comment (string contents are kept; a `//` inside a string
/// shortens the line, which only ever hides text, never invents an import).
fn code_of(line: &str) -> &str {
    line.split("//").next().unwrap_or("")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The top-level modules and UI crates a file's text uses. `module` is the file's module path.
fn uses_in(text: &str, module: &[String], tops: &BTreeSet<String>, file: &str) -> Vec<Use> {
    let from = module.first().cloned().unwrap_or_default();
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        let mut code = code_of(line).to_owned();
        if in_block {
            match code.find("*/") {
                Some(i) => {
                    code = code[i + 2..].to_owned();
                    in_block = false;
                }
                None => continue,
            }
        }
        if let Some(i) = code.find("/*") {
            in_block = !code[i..].contains("*/");
            code.truncate(i);
        }
        let at = format!("{file}:{}: {}", n + 1, line.trim());
        let mut push = |to: &str| {
            if to == from {
                return; // within the same top-level module
            }
            out.push(Use {
                from: from.clone(),
                to: to.to_owned(),
                at: at.clone(),
            })
        };
        // `crate::x`
        for (i, _) in code.match_indices("crate::") {
            if i > 0 && code[..i].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            let rest = &code[i + "crate::".len()..];
            if rest.starts_with('{') {
                push("crate::{ (grouped import from the crate root)");
                continue;
            }
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if tops.contains(&name) {
                push(&name);
            }
        }
        // `super::super::x` climbing to the root
        for (i, _) in code.match_indices("super::") {
            if i > 0
                && code[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| is_ident(c) || c == ':')
            {
                continue;
            }
            let mut rest = &code[i..];
            let mut depth = module.len();
            while let Some(r) = rest.strip_prefix("super::") {
                rest = r;
                depth = depth.saturating_sub(1);
            }
            if depth == 0 {
                let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
                if tops.contains(&name) {
                    push(&name);
                }
            }
        }
        // UI crates
        for krate in UI_CRATES {
            for (i, _) in code.match_indices(krate) {
                let before = code[..i].chars().next_back();
                let after = &code[i + krate.len()..];
                let standalone = !before.is_some_and(|c| is_ident(c) || c == ':');
                let used = after.starts_with("::")
                    || (code.trim_start().starts_with("use ")
                        && !after.starts_with(|c: char| is_ident(c)));
                if standalone && used {
                    push(krate);
                }
            }
        }
    }
    out
}

fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut tops = BTreeSet::new();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let p = e.path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() || (name != "lib" && name != "main") {
            tops.insert(name);
        }
    }
    tops
}

fn all_uses(src: &Path) -> Vec<Use> {
    let tops = top_modules(src);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut out = Vec::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let module = module_path(rel);
        if module.is_empty() {
            continue; // lib.rs and main.rs name every module
        }
        let text = std::fs::read_to_string(&f).unwrap();
        out.extend(uses_in(&text, &module, &tops, &rel.display().to_string()));
    }
    out
}

/// The uses that break a rule, with the rule.
fn offences(uses: &[Use]) -> Vec<String> {
    let mut out = Vec::new();
    for u in uses {
        let (from, to) = (u.from.as_str(), u.to.as_str());
        let broken = if to.starts_with("crate::{") {
            Some("grouped imports from the crate root hide dependencies")
        } else if PURE.contains(&from) && (WINDOW.contains(&to) || UI_CRATES.contains(&to)) {
            Some("the pure core imports no window module and no UI crate")
        } else if from == "state" && (UI_CRATES.contains(&to) || WINDOW.contains(&to)) {
            Some("state/ imports no UI crate and none of ui, app, map, paint, cli")
        } else if from == "map" && ["ui", "app", "cli"].contains(&to) {
            Some("map/ imports no ui, app or cli (they meet through state)")
        } else if from == "ui" && ["map", "app", "cli"].contains(&to) {
            Some("ui/ imports no map, app or cli (they meet through state)")
        } else if from == "paint" && !["theme", "model", "egui"].contains(&to) {
            Some("paint/ imports only theme and model")
        } else {
            None
        };
        if let Some(rule) = broken {
            out.push(format!("{rule}: {}", u.at));
        }
    }
    out
}

/// Cycles between top-level modules, each as "a → b → … → a".
fn cycles(uses: &[Use]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for u in uses {
        if !UI_CRATES.contains(&u.to.as_str()) && !u.to.starts_with("crate::{") {
            graph.entry(&u.from).or_default().insert(&u.to);
        }
    }
    let mut found = Vec::new();
    for &start in graph.keys() {
        // depth-first search for a path back to `start` through larger names only, so each
        // cycle is reported once (from its smallest member)
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        while let Some((node, path)) = stack.pop() {
            for &next in graph.get(node).into_iter().flatten() {
                if next == start {
                    found.push(format!("{} → {start}", path.join(" → ")));
                } else if next > start && !path.contains(&next) {
                    let mut p = path.clone();
                    p.push(next);
                    stack.push((next, p));
                }
            }
        }
    }
    found
}

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_module_keeps_to_its_layer() {
    let uses = all_uses(&source_dir());
    assert!(uses.len() > 100, "found only {} uses", uses.len());
    let bad = offences(&uses);
    assert!(bad.is_empty(), "layer rules broken:\n{}", bad.join("\n"));
}

#[test]
fn there_are_no_cycles_between_top_level_modules() {
    let uses = all_uses(&source_dir());
    let found = cycles(&uses);
    assert!(found.is_empty(), "module cycles:\n{}", found.join("\n"));
}

#[test]
fn the_pure_core_imports_no_ui_crate() {
    let uses = all_uses(&source_dir());
    let ui_in_core: Vec<&Use> = uses
        .iter()
        .filter(|u| PURE.contains(&u.from.as_str()) && UI_CRATES.contains(&u.to.as_str()))
        .collect();
    assert!(
        ui_in_core.is_empty(),
        "UI crates in the pure core: {ui_in_core:#?}"
    );
    // The rule has something to look at: the core is there and uses itself.
    assert!(
        uses.iter().any(|u| u.from == "analysis" && u.to == "model"),
        "analysis should use model"
    );
}

/// The state's fields that the window's modules could write, and how a write looks.
const STATE_FIELDS: [&str; 18] = [
    "analyses",
    "layers",
    "selection",
    "lang",
    "labels",
    "messages",
    "loading",
    "fit",
    "report_open",
    "thematic",
    "join_open",
    "index",
    "reach",
    "workshop",
    "active_view",
    "fit_view",
    "tool",
    "reveal",
];

/// Writes to the application state's fields in a file's text (`state.x = …`, `&mut state.x`,
/// `state.x.push(…)` and the like) — only `AppState::apply` may change the state.
fn state_writes(text: &str, file: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = code_of(line);
        for field in STATE_FIELDS {
            let at = format!("state.{field}");
            for (i, _) in code.match_indices(&at) {
                let rest = code[i + at.len()..].trim_start();
                if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '(') {
                    continue; // a longer name or the read accessor
                }
                let assign = rest.starts_with('=') && !rest.starts_with("==");
                let mutating = [
                    ".push(",
                    ".clear(",
                    ".insert(",
                    ".remove(",
                    ".retain(",
                    ".take(",
                    ".as_mut(",
                    ".get_mut(",
                    ".iter_mut(",
                    ".pop(",
                    ".truncate(",
                    ".extend(",
                ]
                .iter()
                .any(|m| rest.starts_with(m));
                let borrowed = code[..i].trim_end().ends_with("&mut self.")
                    || code[..i].trim_end().ends_with("&mut");
                if assign
                    || mutating
                    || borrowed
                    || rest.starts_with("+=")
                    || rest.starts_with("-=")
                {
                    out.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    out
}

#[test]
fn only_apply_changes_the_state() {
    let src = source_dir();
    let mut files = Vec::new();
    for dir in ["app", "ui", "map", "cli"] {
        rust_files(&src.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found only {files:?}");
    let mut writes = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        writes.extend(state_writes(&text, &f.display().to_string()));
    }
    assert!(
        writes.is_empty(),
        "state written outside AppState::apply (push a Command instead):\n{}",
        writes.join("\n")
    );
    let bad = "self.state.thematic = None;\nlet t = &mut self.state.reach;\nstate.messages.push(m);\n\
               if state.thematic == None {}\nlet r = state.reach();";
    assert_eq!(
        state_writes(bad, "x.rs").len(),
        3,
        "{:#?}",
        state_writes(bad, "x.rs")
    );
}

/// The checker itself: a deliberately broken import is caught, with the file and line.
#[test]
fn a_broken_import_is_caught_with_its_line() {
    let tops: BTreeSet<String> = ["state", "ui", "model", "map", "theme"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let module = vec!["state".to_owned(), "reach".to_owned()];
    let text = "//! docs about crate::ui are fine\nuse crate::model::Layer;\nuse crate::ui::info;\n\
                fn f() { let _ = egui::Color32::WHITE; }\nuse super::super::map::x;\n";
    let uses = uses_in(text, &module, &tops, "state/reach.rs");
    let bad = offences(&uses);
    assert_eq!(bad.len(), 3, "{bad:#?}");
    assert!(
        bad[0].contains("state/reach.rs:3: use crate::ui::info;"),
        "{bad:#?}"
    );
    assert!(bad[1].contains("egui::Color32"), "{bad:#?}");
    assert!(bad[2].contains("super::super::map"), "{bad:#?}");
    // A cycle of three is found once.
    let u = |a: &str, b: &str| Use {
        from: a.to_owned(),
        to: b.to_owned(),
        at: String::new(),
    };
    let found = cycles(&[u("io", "model"), u("model", "project"), u("project", "io")]);
    assert_eq!(found, vec!["io → model → project → io".to_owned()]);
    let grouped = uses_in("use crate::{ui, state};", &module, &tops, "x.rs");
    assert_eq!(offences(&grouped).len(), 1);
}
