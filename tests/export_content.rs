//! What the exported pages say, read from the pages themselves: legend symbols drawn exactly
//! as on the map (hypothetical offices hollow in both), the default title of each kind of map,
//! the subtitle note on assumed offices, sources by table title and human layer names (no file
//! name on any page), English pages without German and German pages without English, numbers
//! in the page's notation, plurals and coverage shares that say of what.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod export_support;

use std::collections::BTreeSet;

use export_support::*;
use sozialatlas::analysis::aggregate::Level;
use sozialatlas::cli::pages;
use sozialatlas::export::content::Paper;
use sozialatlas::export::layout::map_page;
use sozialatlas::export::report::BlockKind;
use sozialatlas::export::scene::{Item, Page};
use sozialatlas::export::steckbrief::profile_page;
use sozialatlas::i18n::Lang;
use sozialatlas::state::{AppState, Command};

/// The sample with the reach analysis, two assumed offices, and its class map.
fn reach_state(lang: Lang, offices: &[(f64, f64)]) -> AppState {
    let mut s = sample_state(lang);
    with_reach(&mut s, offices);
    s
}

fn city_page(s: &AppState, lang: Lang) -> Page {
    map_page(
        &s.map_content(s.all_bbox().unwrap()),
        &settings(s, Paper::A4, true, lang),
    )
}

/// Drawn symbol items (moved to the origin) inside blocks of a kind.
fn shapes_in(page: &Page, kind: BlockKind) -> BTreeSet<String> {
    let blocks: Vec<_> = page.report.blocks_of(kind).copied().collect();
    page.items
        .iter()
        .filter(|i| {
            let at = match i {
                Item::Circle { centre, .. } => *centre,
                Item::Polygon { rings, .. } if !rings.is_empty() => rings[0][0],
                _ => return false,
            };
            blocks.iter().any(|b| b.contains(at))
        })
        .filter_map(normalised)
        .collect()
}

#[test]
fn legend_symbols_are_drawn_exactly_as_the_map_draws_them_hollow_ones_too() {
    let s = reach_state(Lang::De, &[(8.6905, 50.0953)]);
    let page = city_page(&s, Lang::De);
    let on_map = shapes_in(&page, BlockKind::Map);
    let in_legend = shapes_in(&page, BlockKind::Legend);
    let content = s.map_content(s.all_bbox().unwrap());
    assert_eq!(
        content.facilities.len(),
        3,
        "offices, centres, assumed office"
    );
    for set in &content.facilities {
        let names: Vec<&str> = page
            .report
            .symbols
            .iter()
            .filter(|b| b.name == set.name)
            .map(|b| b.name.as_str())
            .collect();
        assert!(!names.is_empty(), "{} not on the map", set.name);
    }
    // Every kind of symbol on the map appears in the legend with the same shape, size, fill
    // and stroke.
    let symbol_shapes: BTreeSet<&String> = on_map
        .iter()
        .filter(|s| s.starts_with("circle r=1.8") || s.contains("(3.9000,0.0000)"))
        .collect();
    assert!(symbol_shapes.len() >= 3, "{symbol_shapes:?}");
    for shape in symbol_shapes {
        assert!(in_legend.contains(shape), "{shape} not in the legend");
    }
    // The assumed office: white inside, a 0.6 mm ring in the office colour, on both.
    let hollow = "circle r=1.8200 Some([255, 255, 255, 255]) Some((0.6, [230, 85, 13, 255]))";
    assert!(
        on_map.contains(hollow) && in_legend.contains(hollow),
        "{on_map:?}"
    );
}

#[test]
fn the_default_title_follows_the_map() {
    let mut s = sample_state(Lang::De);
    assert_eq!(s.default_export_title(Lang::De), "SGB-II-Quote 2024");
    assert_eq!(s.default_export_title(Lang::En), "SGB II rate 2024");
    let th = s.thematic().unwrap();
    let (layer, mut t) = (th.layer, th.settings.clone());
    t.level = Level::Stadtteil;
    s.apply(Command::SetThematic(layer, t.clone()));
    assert_eq!(
        s.default_export_title(Lang::De),
        "SGB-II-Quote 2024 nach Stadtteilen"
    );
    assert_eq!(
        s.default_export_title(Lang::En),
        "SGB II rate 2024 by district"
    );
    t.level = Level::Base;
    s.apply(Command::SetThematic(layer, t));
    show_gesamtindex(&mut s);
    assert_eq!(
        s.default_export_title(Lang::De),
        "Gesamtindex (Status × Dynamik) 2022 – 2024"
    );
    let mut r = reach_state(Lang::De, &[]);
    let field = r.reach().unwrap().distance_field();
    let th = r.thematic().unwrap();
    let (layer, mut t) = (th.layer, th.settings.clone());
    t.field = field;
    r.apply(Command::SetThematic(layer, t));
    assert_eq!(
        r.default_export_title(Lang::De),
        "Abstand zum nächsten Nachbarschaftsbüro"
    );
    // The command without --title prints that title.
    let args = cli_args((Paper::A4, true), false, Lang::De);
    let (state, layout) = cli_state(&args);
    let page = pages(&args, &state, &layout).unwrap().remove(0);
    assert_eq!(page.texts().nth(1), Some("SGB-II-Quote 2024"));
}

#[test]
fn assumed_offices_are_named_in_the_subtitle_in_both_languages() {
    let two = [(8.6905, 50.0953), (8.60, 50.12)];
    for (lang, n, wanted) in [
        (Lang::De, 1, "Entwurf · mit 1 angenommenem Büro"),
        (Lang::De, 2, "Entwurf · mit 2 angenommenen Büros"),
        (Lang::En, 1, "Entwurf · with 1 assumed office"),
        (Lang::En, 2, "Entwurf · with 2 assumed offices"),
    ] {
        let s = reach_state(lang, &two[..n]);
        let mut layout = settings(&s, Paper::A4, true, lang);
        layout.subtitle = "Entwurf".to_owned();
        let page = map_page(&s.map_content(s.all_bbox().unwrap()), &layout);
        assert!(
            page.texts().any(|t| t == wanted),
            "{wanted:?} missing in {:?}",
            texts(&page)
        );
    }
}

#[test]
fn sources_name_tables_by_title_and_layers_by_human_names_never_by_file_name() {
    let mut s = sample_state(Lang::De);
    let stops = layer_id(&s, "oepnv_haltestellen");
    s.apply(Command::SetVisible(stops, true));
    let sources = s.data_sources();
    assert_eq!(sources[0], "Indikatoren 2024 – fiktive Beispieldaten");
    assert!(sources.contains(&"ÖPNV-Haltestellen – gtfs.de (CC BY 4.0)".to_owned()));
    assert!(
        sources.contains(
            &"Stadtteile – Stadt Frankfurt am Main, Bürgeramt, Statistik und Wahlen (dl-de/by-2-0)"
                .to_owned()
        )
    );
    let en = s.data_sources_in(true);
    assert_eq!(en[0], "Indicators 2024 – fictitious sample data");
    let mut all = vec![city_page(&s, Lang::De)];
    let args = cli_args((Paper::A4, false), true, Lang::De);
    let (state, layout) = cli_state(&args);
    all.push(profile_page(
        &state.steckbrief(0, &layout).unwrap(),
        &layout,
    ));
    for page in &all {
        for t in page.texts() {
            let snake = t
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w.contains('_') && w.chars().any(char::is_alphabetic));
            assert!(!snake, "file or field name on the page: {t:?}");
        }
    }
}

/// German words and signs that must not appear on an English page.
const GERMAN: [&str; 24] = [
    "Quellen",
    "Stand",
    "Gebiet",
    "Einwohner",
    "Haushalte",
    "unterdrückt",
    "keine Angabe",
    "Datenschutz",
    "Stadt gesamt",
    "Nächste",
    "vom Rand",
    "Erreichbarkeit",
    "Sozialindex",
    "Indikator",
    "Rang",
    "Stadtteilgrenze",
    "Umkreis",
    "Methode",
    "Lage",
    "Personen",
    " je ",
    "„",
    "Einrichtung",
    "angenommen",
];
/// English words that must not appear on a German page.
const ENGLISH: [&str; 12] = [
    "Sources",
    "Residents",
    "Areas",
    "suppressed",
    "no data",
    "District",
    "City total",
    "of residents",
    "assumed",
    "Nearest",
    "Within",
    "Location",
];

/// A decimal written the other language's way: "2,6" on an English page, "2.6" on a German
/// one (thousands "1.251" and dates "01.11.2026" are not decimals).
fn has_foreign_decimal(t: &str, english: bool) -> bool {
    let sep = if english { ',' } else { '.' };
    let c: Vec<char> = t.chars().collect();
    (1..c.len()).any(|i| {
        let digits = c[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
        let next = c.get(i + 1 + digits);
        c[i] == sep
            && c[i - 1].is_ascii_digit()
            && (1..=2).contains(&digits)
            && next.is_none_or(|n| *n != '.' && !n.is_ascii_digit())
    })
}

/// Proper names (areas, facilities, attribution, author) taken out before the check.
fn without_names(t: &str, s: &AppState) -> String {
    let mut out = t.replace(
        "Stadt Frankfurt am Main, Bürgeramt, Statistik und Wahlen",
        "",
    );
    out = out
        .replace("(fiktive Beispieldaten)", "")
        .replace(AUTHOR, "");
    for l in s.layers() {
        for i in 0..l.layer.len() {
            out = out.replace(&l.layer.feature_title(i), "");
        }
    }
    out
}

fn pages_in(lang: Lang) -> (AppState, Vec<Page>) {
    let mut s = reach_state(lang, &[(8.6905, 50.0953)]);
    show_gesamtindex(&mut s);
    let mut all = vec![city_page(&s, lang)];
    let layout = settings(&s, Paper::A4, false, lang);
    let row = row_named(&s, "Heimatsiedlung");
    all.push(profile_page(&s.steckbrief(row, &layout).unwrap(), &layout));
    s.apply(Command::Index(sozialatlas::state::IndexCommand::ShowOnMap(
        None,
    )));
    let field = s.reach().unwrap().distance_field();
    let th = s.thematic().unwrap();
    let (layer, mut t) = (th.layer, th.settings.clone());
    t.field = field;
    s.apply(Command::SetThematic(layer, t));
    all.push(city_page(&s, lang));
    (s, all)
}

#[test]
fn english_pages_carry_no_german_and_german_pages_no_english() {
    for lang in [Lang::En, Lang::De] {
        let english = lang == Lang::En;
        let (s, all) = pages_in(lang);
        let (forbidden, page_words): (&[&str], _) = if english {
            (&GERMAN, "of residents within 500 m (")
        } else {
            (&ENGLISH, "der Einwohner:innen innerhalb von 500 m (")
        };
        let mut seen_share = false;
        for page in &all {
            for t in page.texts() {
                let rest = without_names(t, &s);
                for word in forbidden {
                    assert!(!rest.contains(word), "{lang:?} page: {word:?} in {t:?}");
                }
                assert!(!has_foreign_decimal(&rest, english), "{lang:?}: {t:?}");
                seen_share |= t.contains(page_words) && t.contains(" %");
            }
        }
        assert!(seen_share, "{lang:?}: no coverage share on the reach map");
    }
}

#[test]
fn counts_take_their_plural_and_numbers_their_notation() {
    let (_, de) = pages_in(Lang::De);
    let (_, en) = pages_in(Lang::En);
    let all_de: Vec<String> = de.iter().flat_map(texts).collect();
    let all_en: Vec<String> = en.iter().flat_map(texts).collect();
    for wanted in [
        "Im Umkreis von 500 m: 1 Einrichtung",
        "Von der Gebietsmitte: 1.104 m",
        "Rang 8 von 117",
        "(17 von 123 Gebieten)",
    ] {
        assert!(all_de.iter().any(|t| t.contains(wanted)), "{wanted:?}");
    }
    for wanted in [
        "Within 500 m: 1 facility",
        "From the area's centre: 1,104 m",
        "rank 8 of 117",
        "(17 of 123 areas)",
        "> 991.2 – 1,730.4 m",
    ] {
        assert!(all_en.iter().any(|t| t.contains(wanted)), "{wanted:?}");
    }
    // Without the assumed office the Heimatsiedlung has none nearby: the plural.
    for lang in [Lang::De, Lang::En] {
        let args = cli_args((Paper::A4, false), true, lang);
        let (state, layout) = cli_state(&args);
        let row = row_named(&state, "Heimatsiedlung");
        let page = profile_page(&state.steckbrief(row, &layout).unwrap(), &layout);
        let wanted = match lang {
            Lang::De => "Im Umkreis von 500 m: 0 Einrichtungen",
            Lang::En => "Within 500 m: 0 facilities",
        };
        assert!(page.texts().any(|t| t == wanted), "{wanted:?}");
    }
    assert!(has_foreign_decimal("2,6 %", true) && !has_foreign_decimal("145,252", true));
    assert!(has_foreign_decimal("2.6 %", false) && !has_foreign_decimal("01.11.2026", false));
}
