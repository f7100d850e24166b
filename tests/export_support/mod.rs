//! Shared by the export page tests: the sample's states (as the `sozialatlas export` command
//! builds it, and the full sample with index and reach analysis), fixed layout settings, and
//! the golden-PNG comparison (`SOZIALATLAS_BLESS=1` rewrites the files).

#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};

use sozialatlas::analysis::classify::Method;
use sozialatlas::analysis::index::IndexSettings;
use sozialatlas::analysis::reach::ReachSettings;
use sozialatlas::cli::{ExportArgs, JoinArgs, export_state, layout_of};
use sozialatlas::export::content::{LayoutSettings, Paper};
use sozialatlas::export::png::to_png;
use sozialatlas::export::report::layout_problems;
use sozialatlas::export::scene::{Item, Page};
use sozialatlas::i18n::Lang;
use sozialatlas::model::Layer;
use sozialatlas::state::{
    AppState, Command, IndexCommand, IndexMap, IndexRequest, ReachCommand, sample_paths,
};

pub const DATE: &str = "Stand: 01.11.2026";
pub const DATE_EN: &str = "As of 1 November 2026";
pub const AUTHOR: &str = "Jugend- und Sozialamt, 51.A3";

pub fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The arguments of the brief's command: SGB-II-Quote with both facility layers and the
/// Stadtteil boundaries, no title (the default title), a fixed date and an author.
pub fn cli_args(paper: (Paper, bool), atlas: bool, lang: Lang) -> ExportArgs {
    ExportArgs {
        areas: root("sample-data/sozialraeume.geojson"),
        join: JoinArgs {
            join: Some(root("sample-data/indikatoren_2024.csv")),
            left_key: None,
            right_key: None,
        },
        field: "sgb2_quote".to_owned(),
        method: Method::Quantile,
        classes: 5,
        facilities: vec![
            root("sample-data/nachbarschaftsbueros.geojson"),
            root("sample-data/sozialrathaeuser.geojson"),
        ],
        boundaries: Some(root("sample-data/stadtteile.geojson")),
        format: None,
        dpi: 100.0,
        paper,
        title: None,
        subtitle: None,
        author: Some(AUTHOR.to_owned()),
        date: Some(if lang == Lang::En { DATE_EN } else { DATE }.to_owned()),
        atlas,
        lang,
        out: PathBuf::from("unused.pdf"),
    }
}

/// The state and layout the command builds.
pub fn cli_state(args: &ExportArgs) -> (AppState, LayoutSettings) {
    let state = export_state(args).unwrap();
    let layout = layout_of(args, &state);
    (state, layout)
}

/// The whole sample as the window opens it (both editions joined), in `lang`.
pub fn sample_state(lang: Lang) -> AppState {
    let mut s = AppState::default();
    s.apply(Command::SetLanguage(lang));
    s.apply(sozialatlas::state::Command::LoadNow(
        sample_paths().to_vec(),
    ));
    s
}

pub fn layer_id(s: &AppState, name: &str) -> u64 {
    s.layers()
        .iter()
        .find(|l| l.layer.name() == name)
        .unwrap()
        .id
}

/// The MSS index of 2024 with the dynamics since 2022, shown as the Gesamtindex.
pub fn show_gesamtindex(s: &mut AppState) {
    let areas = s.thematic().unwrap().layer;
    let mut settings =
        IndexSettings::with_indicators(&["arbeitslosenquote", "sgb2_quote", "kinderarmut"]);
    settings.population_field = Some("einwohner".to_owned());
    s.apply(Command::Index(IndexCommand::Compute(IndexRequest {
        layer: areas,
        edition: Some(1),
        comparison: Some(0),
        settings,
    })));
    s.apply(Command::Index(IndexCommand::ShowOnMap(Some(
        IndexMap::Gesamt,
    ))));
}

/// The reach of the Nachbarschaftsbüros with hypothetical offices at these points.
pub fn with_reach(s: &mut AppState, hypothetical: &[(f64, f64)]) {
    let areas = s.thematic().unwrap().layer;
    let facilities = layer_id(s, "nachbarschaftsbueros");
    s.apply(Command::Reach(ReachCommand::Compute {
        areas,
        facilities,
        settings: ReachSettings::default(),
    }));
    for &(lon, lat) in hypothetical {
        s.apply(Command::Reach(ReachCommand::AddHypothetical { lon, lat }));
    }
}

/// The row of the class map whose area is called `name`.
pub fn row_named(s: &AppState, name: &str) -> usize {
    let th = s.thematic().unwrap();
    th.view
        .titles
        .iter()
        .position(|t| t.contains(name))
        .unwrap()
}

/// The feature index of an area of a layer by name.
pub fn feature_named(s: &AppState, layer: u64, name: &str) -> usize {
    match &s.layer(layer).unwrap().layer {
        Layer::Areas(l) => (0..l.areas.len())
            .find(|&i| l.feature_title(i) == name)
            .unwrap(),
        Layer::Facilities(_) => unreachable!(),
    }
}

/// Layout settings with the default title of the state's map, the fixed date and author.
pub fn settings(s: &AppState, paper: Paper, landscape: bool, lang: Lang) -> LayoutSettings {
    LayoutSettings {
        paper,
        landscape,
        title: s.default_export_title(lang),
        date: if lang == Lang::En { DATE_EN } else { DATE }.to_owned(),
        author: AUTHOR.to_owned(),
        ..LayoutSettings::default()
    }
}

pub fn texts(page: &Page) -> Vec<String> {
    page.texts().map(str::to_owned).collect()
}

/// The page has no layout problem; its name in the message.
pub fn assert_clean(page: &Page, name: &str) {
    let problems = layout_problems(page);
    assert!(
        problems.is_empty(),
        "{name}: {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The page at 100 dpi against `tests/data/golden/<name>.png`: same size, mean difference per
/// channel under 0.5 (anti-aliasing may differ between machines, layouts may not).
pub fn assert_golden_png(page: &Page, name: &str) {
    let bytes = to_png(page, 100.0).unwrap();
    let path = root("tests/data/golden").join(format!("{name}.png"));
    assert_png_matches(&bytes, &path, 0.5, name);
}

/// PNG bytes against the golden file at `path` (rewritten with `SOZIALATLAS_BLESS=1`): same
/// size, mean difference per channel under `max_mean`.
pub fn assert_png_matches(bytes: &[u8], path: &Path, max_mean: f64, name: &str) {
    if std::env::var("SOZIALATLAS_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let expected = std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (write it with SOZIALATLAS_BLESS=1)",
            path.display()
        )
    });
    let (got, want) = (rgb(bytes), rgb(&expected));
    assert_eq!((got.0, got.1), (want.0, want.1), "{name}: size");
    let total: u64 = got
        .2
        .iter()
        .zip(&want.2)
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = total as f64 / got.2.len() as f64;
    assert!(
        mean < max_mean,
        "{name}: mean difference {mean} per channel against {}",
        path.display()
    );
}

/// Width, height and RGB pixels of a PNG.
fn rgb(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let data = &buf[..frame.buffer_size()];
    let rgb = match frame.color_type {
        png::ColorType::Rgb => data.to_vec(),
        png::ColorType::Rgba => data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        other => panic!("unexpected colour type {other:?}"),
    };
    (frame.width, frame.height, rgb)
}

/// The drawn items of the map symbols and legend swatches, moved to the origin, for comparing
/// shapes: (kind, size-defining numbers, fill, stroke).
pub fn normalised(item: &Item) -> Option<String> {
    match item {
        Item::Circle {
            radius,
            fill,
            stroke,
            ..
        } => Some(format!("circle r={radius:.4} {fill:?} {stroke:?}")),
        Item::Polygon {
            rings,
            fill,
            stroke,
        } if rings.len() == 1 && rings[0].len() == 4 => {
            let r = &rings[0];
            let rel: Vec<String> = r
                .iter()
                .map(|p| format!("({:.4},{:.4})", p[0] - r[0][0], p[1] - r[0][1]))
                .collect();
            Some(format!("polygon {} {fill:?} {stroke:?}", rel.join(" ")))
        }
        _ => None,
    }
}
