//! Issue 16, class 10: the edges of the command line. An output never replaces an input,
//! numbers are finite, an exclusion that names no area is said, an indicator named twice is
//! refused, the index's three files are written together or not at all, and a project file
//! from a far newer version says so instead of wrapping its version number around.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sozialatlas"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A working folder with a copy of the sample's 2024 indicator table as `t.csv`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root("sample-data/indikatoren_2024.csv"),
        dir.path().join("t.csv"),
    )
    .unwrap();
    dir
}

const INDEX: [&str; 7] = [
    "index",
    "--table",
    "t.csv",
    "--key",
    "sr_id",
    "--indicators",
    "sgb2_quote,kinderarmut",
];

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_stays() {
    let dir = folder();
    let before = std::fs::read(dir.path().join("t.csv")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for out in ["t.csv", "sub/../t.csv", "./t.csv"] {
        let o = run(dir.path(), &[&INDEX[..], &["--out", out]].concat());
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(
            stderr(&o).contains("zugleich die Eingabe --table"),
            "{}",
            stderr(&o)
        );
    }
    // The method note beside the output may not replace the table either.
    std::fs::copy(dir.path().join("t.csv"), dir.path().join("x.methode.txt")).unwrap();
    let o = run(
        dir.path(),
        &[
            "index",
            "--table",
            "x.methode.txt",
            "--key",
            "sr_id",
            "--indicators",
            "sgb2_quote",
            "--out",
            "x.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.path().join("t.csv")).unwrap(), before);
    let areas = root("sample-data/sozialraeume.geojson");
    let offices = root("sample-data/nachbarschaftsbueros.geojson");
    let copy = dir.path().join("bueros.geojson");
    std::fs::copy(&offices, &copy).unwrap();
    let o = run(
        dir.path(),
        &[
            "reach",
            "--areas",
            areas.to_str().unwrap(),
            "--facilities",
            "bueros.geojson",
            "--out",
            "bueros.geojson",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("zugleich die Eingabe --facilities"));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&offices).unwrap()
    );
}

#[test]
fn numbers_that_are_not_finite_are_refused() {
    let dir = folder();
    for (option, value) in [
        ("--min-population", "NaN"),
        ("--weights", "1,inf"),
        ("--status-thresholds=-1,NaN,1", ""),
    ] {
        let mut args: Vec<&str> = INDEX.to_vec();
        args.extend(["--population", "einwohner", "--out", "x.csv"]);
        if value.is_empty() {
            args.push(option);
        } else {
            args.extend([option, value]);
        }
        let o = run(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{option} {value}");
        assert!(stderr(&o).contains("keine endliche Zahl"), "{}", stderr(&o));
        assert!(!dir.path().join("x.csv").exists());
    }
    let o = run(
        dir.path(),
        &[
            "reach",
            "--areas",
            root("sample-data/sozialraeume.geojson").to_str().unwrap(),
            "--facilities",
            root("sample-data/nachbarschaftsbueros.geojson")
                .to_str()
                .unwrap(),
            "--radius",
            "nan",
            "--out",
            "r.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("keine endliche Zahl"));
}

#[test]
fn an_unknown_exclusion_warns_and_a_repeated_indicator_is_refused() {
    let dir = folder();
    let o = run(
        dir.path(),
        &[
            &INDEX[..],
            &["--exclude", "SR-9-99:Baustelle", "--out", "x.csv"],
        ]
        .concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("--exclude nennt 1 Schlüssel, die es nicht gibt")
            && stderr(&o).contains("SR-9-99"),
        "{}",
        stderr(&o)
    );
    let o = run(
        dir.path(),
        &[
            "index",
            "--table",
            "t.csv",
            "--key",
            "sr_id",
            "--indicators",
            "sgb2_quote,kinderarmut,sgb2_quote",
            "--out",
            "y.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("„sgb2_quote“ ist zweimal genannt"));
    assert!(!dir.path().join("y.csv").exists());
}

#[test]
fn the_index_writes_its_three_files_together_or_none() {
    let dir = folder();
    // A folder where the method note should go.
    std::fs::create_dir(dir.path().join("z.methode.txt")).unwrap();
    std::fs::write(dir.path().join("z.csv"), "alt").unwrap();
    let o = run(dir.path(), &[&INDEX[..], &["--out", "z.csv"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("keine der Ausgabedateien wurde geändert"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("z.csv")).unwrap(),
        "alt"
    );
    assert!(!dir.path().join("z.einstellungen.json").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".tmp") && !n.ends_with(".alt")),
        "{names:?}"
    );
}

#[test]
fn a_project_version_beyond_u32_is_too_new_not_version_one() {
    for (version, shown) in [("4294967297", "4294967297"), ("1e20", "1e+20"), ("2", "2")] {
        let text = format!(r#"{{"format":"sozialatlas-projekt","version":{version},"layers":[]}}"#);
        let e = sozialatlas::project::Project::from_json(&text, Path::new("p.sozialatlas"))
            .expect_err(version);
        assert!(
            e.to_string().contains(&format!("Version {shown};")),
            "{version}: {e}"
        );
    }
}

/// Class 5 for the one file of `index` that is not a table: a saved-settings path that is a
/// FIFO is refused before it is opened (reading it would wait forever).
#[test]
fn a_settings_file_that_is_a_fifo_is_refused_not_waited_on() {
    let dir = folder();
    let fifo = dir.path().join("x.einstellungen.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        println!("skipped: mkfifo is not available");
        return;
    }
    let o = run(
        dir.path(),
        &[
            "index",
            "--table",
            "t.csv",
            "--key",
            "sr_id",
            "--settings",
            "x.einstellungen.json",
            "--out",
            "y.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("keine gewöhnliche Datei, sondern eine benannte Pipe"),
        "{}",
        stderr(&o)
    );
}
