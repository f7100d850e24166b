//! Issue 16, class 4: a project names its files relative to its own folder, and that folder is
//! taken as the system sees it — however the project was opened: by an absolute path, by a
//! relative one with `..` (from any current folder), or through a symbolic link. A file of the
//! same name elsewhere (beside the current folder, beside the link) is never loaded instead.
//! One test in its own binary, because it changes the process's current folder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};

use sozialatlas::project::Project;
use sozialatlas::state::AppState;

fn squares(n: usize) -> String {
    let features: Vec<String> = (0..n)
        .map(|i| {
            let x = 8.6 + i as f64 * 0.01;
            format!(
                r#"{{"type":"Feature","properties":{{"id":"{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},50.1],[{x1},50.1],[{x1},50.11],[{x},50.11],[{x},50.1]]]}}}}"#,
                x1 = x + 0.005
            )
        })
        .collect();
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

fn put(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Open the project at `path` (as given, maybe relative) and return the number of areas of its
/// one layer and the file it was read from.
fn open(path: &Path) -> (usize, PathBuf) {
    let project = Project::load(path).expect("project reads");
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::OpenProject {
        project: Box::new(project.clone()),
        path: path.to_path_buf(),
    });
    assert_eq!(s.layers().len(), 1, "{:?}", s.messages());
    let entry = &s.layers()[0];
    (entry.layer.len(), PathBuf::from(&entry.report.path))
}

#[test]
fn project_paths_resolve_against_the_real_project_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(tmp.path()).unwrap();
    // The real data: three areas in a/daten, the project in a/projekt.
    let real = root.join("a/daten/flaechen.geojson");
    put(&real, &squares(3));
    let project_dir = root.join("a/projekt");
    std::fs::create_dir_all(&project_dir).unwrap();
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(vec![real.clone()]));
    let project_file = project_dir.join("p.sozialatlas");
    let project = s.to_project(&project_file, None);
    assert_eq!(project.layers[0].path, "../daten/flaechen.geojson");
    project.save(&project_file).expect("saved");
    // Decoys of the same name with one area, where a wrong reading of ".." would look.
    put(&root.join("a/anders/daten/flaechen.geojson"), &squares(1));
    put(&root.join("links/daten/flaechen.geojson"), &squares(1));
    put(&root.join("daten/flaechen.geojson"), &squares(1));
    std::fs::create_dir_all(root.join("links")).unwrap();
    std::os::unix::fs::symlink(&project_dir, root.join("links/projekt")).unwrap();

    let saved_cwd = std::env::current_dir().unwrap();
    let cases: Vec<(PathBuf, PathBuf)> = vec![
        // (current folder, project path as given)
        (root.clone(), project_file.clone()),
        (
            root.join("a/anders"),
            PathBuf::from("../projekt/p.sozialatlas"),
        ),
        (project_dir.clone(), PathBuf::from("p.sozialatlas")),
        (
            project_dir.clone(),
            PathBuf::from("./../projekt/./p.sozialatlas"),
        ),
        (
            root.clone(),
            PathBuf::from("a/anders/../projekt/p.sozialatlas"),
        ),
        (root.clone(), root.join("links/projekt/p.sozialatlas")),
        (root.join("links"), PathBuf::from("projekt/p.sozialatlas")),
    ];
    let mut results = Vec::new();
    for (cwd, path) in &cases {
        std::env::set_current_dir(cwd).unwrap();
        results.push((cwd.clone(), path.clone(), open(path)));
    }
    // A project saved through the link names the same files as one saved directly.
    std::env::set_current_dir(root.join("links")).unwrap();
    let mut s = AppState::default();
    s.apply(sozialatlas::state::Command::LoadNow(vec![real.clone()]));
    let through_link = s.to_project(Path::new("projekt/p.sozialatlas"), None);
    std::env::set_current_dir(saved_cwd).unwrap();

    for (cwd, path, (areas, file)) in results {
        assert_eq!(
            (areas, file.as_path()),
            (3, real.as_path()),
            "opened {} from {}",
            path.display(),
            cwd.display()
        );
    }
    assert_eq!(through_link.layers[0].path, "../daten/flaechen.geojson");
}
