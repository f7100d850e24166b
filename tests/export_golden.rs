//! Golden pages, one per layout, built from the sample with a fixed date: A4 landscape (the
//! city map of `sozialatlas export`), A4 portrait (the same in English), A3 landscape (the
//! Gesamtindex with an assumed office and the overview) and a Steckbrief. Each page must pass
//! the layout check (no label on a symbol, no two blocks or texts overlapping, nothing outside
//! the margins, no text outside its block — measured with the bundled font's metrics) and
//! match its PNG at 100 dpi in `tests/data/golden/`. After an intended change:
//! `SOZIALATLAS_BLESS=1 cargo test --test export_golden`, then look at the PNGs.
//!
//! Also: no label box meets a symbol box on the city map, on the Stadtteil class map and on
//! every one of the atlas's 123 Steckbrief pages.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod export_support;

use export_support::*;
use sozialatlas::analysis::aggregate::Level;
use sozialatlas::cli::pages;
use sozialatlas::export::content::Paper;
use sozialatlas::export::layout::map_page;
use sozialatlas::export::report::{BlockKind, layout_problems};
use sozialatlas::export::scene::{Item, Page};
use sozialatlas::export::steckbrief::profile_page;
use sozialatlas::i18n::Lang;
use sozialatlas::state::Command;

/// Every label and symbol of the report is really drawn there, and none meet.
fn assert_labels_clear_of_symbols(page: &Page, name: &str) {
    let r = &page.report;
    for s in &r.symbols {
        let c = s.rect.centre();
        let drawn = page.items.iter().any(|i| match i {
            Item::Circle { centre, .. } => {
                (centre[0] - c[0]).abs() + (centre[1] - c[1]).abs() < 1e-6
            }
            Item::Polygon { rings, .. } => {
                rings.len() == 1 && {
                    let (n, sx, sy) = rings[0].iter().fold((0.0, 0.0, 0.0), |(n, x, y), p| {
                        (n + 1.0, x + p[0], y + p[1])
                    });
                    (sx / n - c[0]).abs() + (sy / n - c[1]).abs() < 1e-6
                }
            }
            _ => false,
        });
        assert!(drawn, "{name}: symbol {} not drawn at {c:?}", s.name);
    }
    for l in &r.labels {
        let drawn = page.items.iter().any(|i| {
            matches!(i, Item::Text { text, at, halo: Some(_), .. }
                if *text == l.text && (at[0] - l.rect.centre()[0]).abs() < 1e-6
                    && l.rect.contains(*at))
        });
        assert!(drawn, "{name}: label {} not drawn in its box", l.text);
        for s in &r.symbols {
            assert!(
                !l.rect.overlaps(&s.rect),
                "{name}: label {} {:?} on symbol {} {:?}",
                l.text,
                l.rect,
                s.name,
                s.rect
            );
        }
    }
    let label_problems: Vec<String> = layout_problems(page)
        .into_iter()
        .filter(|p| p.starts_with("label") || p.starts_with("leader"))
        .collect();
    assert!(label_problems.is_empty(), "{name}: {label_problems:?}");
}

fn has_text(page: &Page, wanted: &str) -> bool {
    page.texts().any(|t| t.contains(wanted))
}

#[test]
fn a4_landscape_the_city_map_of_the_export_command() {
    let args = cli_args((Paper::A4, true), false, Lang::De);
    let (state, layout) = cli_state(&args);
    let page = pages(&args, &state, &layout).unwrap().remove(0);
    assert_clean(&page, "A4 quer");
    assert_labels_clear_of_symbols(&page, "A4 quer");
    for wanted in [
        "SGB-II-Quote 2024",
        "fiktive Beispieldaten",
        "Indikatoren 2024 – fiktive Beispieldaten",
        DATE,
        AUTHOR,
        "1 : ",
    ] {
        assert!(has_text(&page, wanted), "missing {wanted:?}");
    }
    // Scale bar and north arrow lie under the map frame, not on it.
    let map = page.report.blocks_of(BlockKind::Map).next().unwrap();
    for kind in [BlockKind::ScaleBar, BlockKind::NorthArrow] {
        let b = page.report.blocks_of(kind).next().unwrap();
        assert!(b.y >= map.bottom(), "{kind:?} {b:?} on the map {map:?}");
    }
    assert_golden_png(&page, "a4_quer_karte");
}

#[test]
fn a4_portrait_the_city_map_in_english() {
    let args = cli_args((Paper::A4, false), false, Lang::En);
    let (state, layout) = cli_state(&args);
    let page = pages(&args, &state, &layout).unwrap().remove(0);
    assert_clean(&page, "A4 portrait");
    assert_labels_clear_of_symbols(&page, "A4 portrait");
    for wanted in [
        "SGB II rate 2024",
        "2.6 – 6.8 %",
        "145,252",
        "Sources: Indicators 2024 – fictitious sample data",
        DATE_EN,
        AUTHOR,
    ] {
        assert!(
            has_text(&page, wanted),
            "missing {wanted:?} in {:?}",
            texts(&page)
        );
    }
    assert_golden_png(&page, "a4_hoch_englisch");
}

#[test]
fn a3_landscape_the_gesamtindex_with_an_assumed_office_and_the_overview() {
    let mut s = sample_state(Lang::De);
    show_gesamtindex(&mut s);
    with_reach(&mut s, &[(8.6905, 50.0953)]);
    let mut layout = settings(&s, Paper::A3, true, Lang::De);
    layout.subtitle = "Entwurf für die Vorlage".to_owned();
    layout.overview = true;
    let page = map_page(&s.map_content(s.all_bbox().unwrap()), &layout);
    assert_clean(&page, "A3 quer");
    assert_labels_clear_of_symbols(&page, "A3 quer");
    assert_eq!(page.report.blocks_of(BlockKind::Overview).count(), 1);
    for wanted in [
        "Gesamtindex (Status × Dynamik) 2022 – 2024",
        "Entwurf für die Vorlage · mit 1 angenommenem Büro",
        "Status",
        "Dynamik",
        "angenommenes Büro (Was-wäre-wenn)",
        "Methode: ",
        AUTHOR,
    ] {
        assert!(
            has_text(&page, wanted),
            "missing {wanted:?} in {:?}",
            texts(&page)
        );
    }
    assert_golden_png(&page, "a3_quer_gesamtindex");
}

#[test]
fn steckbrief_page_with_index_reach_and_the_author() {
    let args = cli_args((Paper::A4, false), true, Lang::De);
    let (state, layout) = cli_state(&args);
    let row = row_named(&state, "Heimatsiedlung");
    let profile = state.steckbrief(row, &layout).unwrap();
    let page = profile_page(&profile, &layout);
    assert_clean(&page, "Steckbrief");
    assert_labels_clear_of_symbols(&page, "Steckbrief");
    // The overview lies beside the map, never on it.
    let map = page.report.blocks_of(BlockKind::Map).next().unwrap();
    let overview = page.report.blocks_of(BlockKind::Overview).next().unwrap();
    assert!(!overview.overlaps(map));
    for wanted in [
        "Heimatsiedlung",
        "Lage im Stadtgebiet",
        "Sozialindex",
        "Erreichbarkeit",
        "Stadt gesamt",
        "dieses Gebiet",
        DATE,
        AUTHOR,
    ] {
        assert!(
            has_text(&page, wanted),
            "missing {wanted:?} in {:?}",
            texts(&page)
        );
    }
    assert_golden_png(&page, "steckbrief");
}

#[test]
fn labels_never_meet_symbols_on_the_city_map_the_stadtteil_map_and_every_steckbrief() {
    let args = cli_args((Paper::A4, true), false, Lang::De);
    let (mut state, layout) = cli_state(&args);
    let city = pages(&args, &state, &layout).unwrap().remove(0);
    assert_labels_clear_of_symbols(&city, "Stadtkarte");
    // Not an empty test: the city map has the 23 symbols and most of the 44 names.
    assert_eq!(city.report.symbols.len(), 23);
    assert!(
        city.report.labels.len() >= 40,
        "{}",
        city.report.labels.len()
    );

    let th = state.thematic().unwrap();
    let (layer, mut t) = (th.layer, th.settings.clone());
    t.level = Level::Stadtteil;
    state.apply(Command::SetThematic(layer, t));
    let districts = map_page(&state.map_content(state.all_bbox().unwrap()), &layout);
    assert!(has_text(&districts, "Stadtteil · Quantile"));
    assert_labels_clear_of_symbols(&districts, "Stadtteilkarte");
    assert_clean(&districts, "Stadtteilkarte");

    let atlas_args = cli_args((Paper::A4, false), true, Lang::De);
    let (atlas_state, atlas_layout) = cli_state(&atlas_args);
    let atlas = pages(&atlas_args, &atlas_state, &atlas_layout).unwrap();
    assert_eq!(atlas.len(), 123);
    let (mut labels, mut symbols) = (0, 0);
    for (i, page) in atlas.iter().enumerate() {
        assert_labels_clear_of_symbols(page, &format!("Steckbrief {}", i + 1));
        labels += page.report.labels.len();
        symbols += page.report.symbols.len();
    }
    assert!(
        labels > 300 && symbols > 100,
        "{labels} labels, {symbols} symbols"
    );
}
