//! The pure core (model, io, crs, analysis, export, tiles) must not know the UI crates, so that the
//! CLI, the exporter and tests can use it without a window.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
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

#[test]
fn the_pure_core_imports_no_ui_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in [
        "model", "io", "analysis", "export", "crs", "tiles", "project", "workshop", "i18n",
    ] {
        rust_files(&src.join(dir), &mut files);
    }
    assert!(files.len() > 5, "found only {files:?}");
    let forbidden = ["egui", "eframe", "walkers", "rfd"];
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for crate_name in forbidden {
                if code.contains(&format!("{crate_name}::"))
                    || code.trim_start().starts_with(&format!("use {crate_name}"))
                {
                    offences.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "UI crates in the pure core:\n{}",
        offences.join("\n")
    );
}
