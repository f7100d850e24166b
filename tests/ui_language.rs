//! The language sweep: the window is driven through every screen a planner sees — menus, layer
//! options, the thematic panel with its privacy section, an area and a facility in the info
//! panel, the reach analysis with every tab and a placed office, the needs index from its
//! wizard, the workshop windows with a pin, the indicator sheet, the join report, a load report
//! with skipped features, the table and charts, presentation mode, the export dialog and the
//! quit prompt — in English and in German. Every text the window exposes is collected; after
//! removing what comes from the data (names, attribute values, sources), an English screen
//! holds no German word, umlaut, decimal comma or „German quote“, and a German screen no English
//! word or decimal point. Counts take the right plural, and shares name their base.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use sozialatlas::app::SozialatlasApp;
use sozialatlas::i18n::Lang;
use sozialatlas::model::Layer;
use sozialatlas::state::Command;
use sozialatlas::ui::index::texts::index_texts;
use sozialatlas::ui::reach::texts::reach_texts;
use sozialatlas::ui::window_texts::window_texts;
use sozialatlas::ui::workshop::texts::workshop_texts;

mod common;

use common::language::{data_texts, english_in, german_in, texts_on_screen, without_data};
use common::{PickDialog, click, harness_with, wait_until};

type H = Harness<'static, SozialatlasApp>;

/// The sweep: what the window showed, screen by screen, and the data texts at the end.
struct Sweep {
    seen: Vec<(String, BTreeSet<String>)>,
}

impl Sweep {
    fn look(&mut self, h: &H, screen: &str) {
        self.seen.push((screen.to_owned(), texts_on_screen(h)));
    }

    fn all(&self) -> BTreeSet<&str> {
        self.seen
            .iter()
            .flat_map(|(_, s)| s.iter().map(String::as_str))
            .collect()
    }

    /// Every problem `check` finds, with the screen it was first seen on.
    fn problems(&self, data: &[String], check: fn(&str) -> Vec<String>) -> Vec<String> {
        let mut reported = BTreeSet::new();
        let mut out = Vec::new();
        for (screen, texts) in &self.seen {
            for t in texts {
                if !reported.insert(t.clone()) {
                    continue;
                }
                let found = check(&without_data(t, data));
                if !found.is_empty() {
                    out.push(format!("[{screen}] {t:?}: {}", found.join(", ")));
                }
            }
        }
        out
    }
}

/// The sample's broken-features fixture under a neutral file name (its name is data too).
fn broken_file(dir: &std::path::Path) -> PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let to = dir.join("fixture_layer.geojson");
    std::fs::copy(root.join("tests/data/kaputte_objekte.geojson"), &to).unwrap();
    to
}

fn menu(h: &mut H, top: &str, item: &str) {
    h.get_by_label(top).click();
    h.run();
    // A click that only took the focus from a window's text field leaves the menu shut.
    if h.query_by_label(item).is_none() {
        h.get_by_label(top).click();
        h.run();
    }
    h.get_by_label(item).click();
    // An item may start background work (opening a file loads it on a worker thread, and the
    // window repaints until it is done); the callers wait for that work themselves, so the
    // frames here need not settle.
    h.run_ok();
}

/// Open a top-level menu, look at it, close it again.
fn look_at_menu(h: &mut H, sweep: &mut Sweep, top: &str) {
    h.get_by_label(top).click();
    h.run();
    sweep.look(h, &format!("menu {top}"));
    h.get_by_label(top).click();
    h.run();
}

fn area_point(h: &H, name: &str) -> egui::Pos2 {
    let s = &h.state().state;
    for entry in s.layers() {
        if let Layer::Areas(l) = &entry.layer {
            for i in 0..l.areas.len() {
                if l.feature_title(i).contains(name) {
                    let p = l.areas[i].label_point();
                    return h.state().map().screen_pos(p.x(), p.y()).unwrap();
                }
            }
        }
    }
    panic!("no area {name}");
}

fn office_point(h: &H) -> egui::Pos2 {
    let s = &h.state().state;
    for entry in s.layers() {
        if let Layer::Facilities(f) = &entry.layer
            && entry.layer.name() == "nachbarschaftsbueros"
        {
            let p = f.facilities[0].position;
            return h.state().map().screen_pos(p.x(), p.y()).unwrap();
        }
    }
    panic!("no offices");
}

/// Drive the window through every screen in `lang` and collect what it shows.
fn sweep(lang: Lang) -> (Sweep, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_with(
        Vec::new(),
        false,
        Box::new(PickDialog(vec![broken_file(dir.path())])),
    );
    h.run();
    let t = lang.texts();
    let (it, rt, wt, w) = (
        index_texts(lang),
        reach_texts(lang),
        workshop_texts(lang),
        window_texts(lang),
    );
    if lang == Lang::En {
        menu(&mut h, "Einstellungen", "English");
    }
    assert_eq!(h.state().state.lang(), lang);
    let mut s = Sweep { seen: Vec::new() };
    s.look(&h, "start");

    // Menus and the layer options.
    for top in [
        t.menu_file,
        t.menu_view,
        it.menu_analysis,
        wt.menu,
        t.menu_settings,
    ] {
        look_at_menu(&mut h, &mut s, top);
    }
    let names: Vec<String> = h
        .state()
        .state
        .layers()
        .iter()
        .map(|l| l.display_name(lang))
        .collect();
    for name in names {
        let label = format!("{}: {name}", w.layer_options);
        h.get_by_label(&label).click();
        h.run();
        s.look(&h, &format!("layer options {name}"));
        h.get_by_label(&label).click();
        h.run();
    }
    h.get_by_label(t.privacy).click();
    h.run();
    s.look(&h, "privacy");

    // An area and a facility in the info panel.
    let heimat = area_point(&h, "Heimatsiedlung");
    click(&mut h, heimat);
    assert!(h.state().state.selection().is_some());
    s.look(&h, "area selected");
    let office = office_point(&h);
    click(&mut h, office);
    s.look(&h, "facility selected");

    // Reach: every tab, an office placed by the what-if.
    menu(&mut h, it.menu_analysis, rt.menu_item);
    h.get_by_label(rt.compute).click();
    h.run();
    assert!(h.state().state.reach().is_some());
    for tab in [rt.tab_gaps, rt.tab_coverage, rt.tab_groups, rt.tab_what_if] {
        h.get_by_label(tab).click();
        h.run();
        s.look(&h, &format!("reach {tab}"));
    }
    h.get_by_label(rt.place).click();
    h.run();
    s.look(&h, "office tool banner");
    let spot = area_point(&h, "Heimatsiedlung");
    click(&mut h, spot);
    assert_eq!(h.state().state.reach().unwrap().hypothetical.len(), 1);
    s.look(&h, "reach what-if with an office");
    h.get_by_label(rt.tab_coverage).click();
    h.run();
    s.look(&h, "reach coverage with an office");
    h.get_by_label(rt.map_distance).click();
    h.run();
    s.look(&h, "distance map");

    // The needs index from its wizard, and every tab of its result.
    let heimat = area_point(&h, "Heimatsiedlung");
    click(&mut h, heimat);
    menu(&mut h, it.menu_analysis, it.open_wizard);
    for (i, step) in it.steps.iter().enumerate() {
        h.get_by_label(step).click();
        h.run();
        s.look(&h, &format!("wizard step {}", i + 1));
    }
    // The reach panel below has a "Berechnen" too: the wizard's is the upper one.
    let compute = h
        .query_all_by_label(it.compute)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the wizard's compute button");
    compute.click();
    h.run();
    assert!(h.state().state.index().is_some());
    for tab in [
        it.tab_ranking,
        it.tab_area,
        it.tab_sensitivity,
        it.tab_method,
    ] {
        h.get_by_label(tab).click();
        h.run();
        s.look(&h, &format!("index {tab}"));
    }

    // The workshop: a saved view, a pin placed with the pin tool.
    menu(&mut h, wt.menu, wt.views_window);
    h.get_by_label(wt.save_view).click();
    h.run();
    s.look(&h, "views window");
    menu(&mut h, wt.menu, wt.pins_window);
    h.get_by_label(wt.pin_tool).click();
    h.run();
    s.look(&h, "pin tool banner");
    let altstadt = area_point(&h, "Altstadt");
    click(&mut h, altstadt);
    s.look(&h, "new pin");
    h.get_by_label(wt.save).click();
    h.run();
    s.look(&h, "pins window with a pin");
    h.key_press(Key::Escape);
    h.run();

    // The class map's windows and the linked views.
    h.get_by_label(t.indicator_sheet).click();
    h.run();
    s.look(&h, "indicator sheet");
    h.get_by_label(t.join_report).click();
    h.run();
    s.look(&h, "join report");
    h.get_by_label(t.views).click();
    h.run();
    s.look(&h, "table and charts");

    // A file with broken features: the message, the load report.
    menu(&mut h, t.menu_file, t.open_file);
    wait_until(&mut h, |app| {
        app.state.loading().is_none() && app.state.layers().len() == 6
    });
    s.look(&h, "message after loading");
    let broken = h
        .state()
        .state
        .layers()
        .iter()
        .find(|l| !l.report.skipped.is_empty());
    let id = broken.expect("the fixture loaded with skips").id;
    h.state_mut().state.apply(Command::ShowReport(Some(id)));
    h.run();
    s.look(&h, "load report");
    h.state_mut().state.apply(Command::ShowReport(None));
    h.run();

    // Presentation mode (the map fits once the new scale has settled).
    h.key_press(Key::F5);
    for _ in 0..60 {
        h.step();
        if !h.state().map().moving() {
            break;
        }
    }
    h.run();
    assert!(h.state().presenting());
    s.look(&h, "presentation");
    h.key_press(Key::Escape);
    h.run();

    // The export dialog, then the quit prompt (the work has changed), Abbrechen.
    menu(&mut h, t.menu_file, t.export);
    s.look(&h, "export dialog");
    menu(&mut h, t.menu_file, t.quit);
    h.get_by_label(w.quit_title);
    s.look(&h, "quit prompt");
    h.get_by_label(w.quit_cancel).click();
    h.run();
    assert!(!h.state().wants_quit());
    let data = data_texts(h.state());
    (s, data)
}

#[test]
fn an_english_screen_shows_no_german() {
    let (sweep, data) = sweep(Lang::En);
    assert!(sweep.all().len() > 300, "the sweep saw the window");
    let problems = sweep.problems(&data, german_in);
    assert!(
        problems.is_empty(),
        "{} German texts on English screens:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_german_screen_shows_no_english() {
    let (sweep, data) = sweep(Lang::De);
    assert!(sweep.all().len() > 300, "the sweep saw the window");
    let problems = sweep.problems(&data, english_in);
    assert!(
        problems.is_empty(),
        "{} English texts on German screens:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_sweep_checks_find_what_they_are_for() {
    assert!(!german_in("Residents und more").is_empty());
    assert!(german_in("Residents 1,234 and 2 areas").is_empty());
    assert!(!german_in("13,6 %").is_empty());
    assert!(!german_in("1 areas").is_empty());
    assert!(!german_in("8,68° O").is_empty());
    assert!(!german_in("Within 1.000 m").is_empty());
    assert!(german_in("Within 1,000 m, 0.125").is_empty());
    assert!(!english_in("1,500 Einwohner:innen").is_empty());
    assert!(german_in("fictitious sample data (fiktive Beispieldaten)").is_empty());
    assert!(!english_in("2 Gebiete within 500 m").is_empty());
    assert!(english_in("Stand: 21.11.2026, 1.234 Gebiete").is_empty());
    assert!(!english_in("13.6 %").is_empty());
    assert!(!english_in("0 Gebiet").is_empty());
    let data = vec!["Höchst".to_owned()];
    assert!(german_in(&without_data("Höchst (Districts)", &data)).is_empty());
}

/// A GeoJSON file of `n` points and one feature without geometry.
fn points_file(dir: &std::path::Path, name: &str, n: usize) -> PathBuf {
    let mut features: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","properties":{{"name":"P{i}"}},"geometry":{{"type":"Point","coordinates":[8.6{i},50.1]}}}}"#
            )
        })
        .collect();
    features.push(r#"{"type":"Feature","properties":{},"geometry":null}"#.to_owned());
    let path = dir.join(format!("{name}.geojson"));
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn load_messages_count_one_feature_and_two_features_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        points_file(dir.path(), "eins", 1),
        points_file(dir.path(), "zwei", 2),
    ];
    for (lang, one, two) in [
        (
            Lang::De,
            "eins: 1 Objekt geladen, 1 übersprungen",
            "zwei: 2 Objekte geladen, 1 übersprungen",
        ),
        (
            Lang::En,
            "eins: 1 feature loaded, 1 skipped",
            "zwei: 2 features loaded, 1 skipped",
        ),
    ] {
        let mut h = harness_with(files.clone(), false, Box::new(common::NoDialog));
        h.run();
        h.state_mut().state.apply(Command::SetLanguage(lang));
        h.run();
        h.get_by_label(one);
        h.get_by_label(two);
        // The load report of the two-point layer says the same.
        let id = h
            .state()
            .state
            .layers()
            .iter()
            .find(|l| l.layer.len() == 2)
            .unwrap()
            .id;
        h.state_mut().state.apply(Command::ShowReport(Some(id)));
        h.run();
        let report = if lang == Lang::En {
            "Features loaded: 2"
        } else {
            "Objekte geladen: 2"
        };
        assert!(
            h.query_all_by_label_contains(report).next().is_some(),
            "{report}"
        );
    }
}

#[test]
fn coverage_shares_say_of_what_they_are() {
    for (lang, of) in [
        (Lang::De, "% der Einwohner:innen innerhalb von 500 m ("),
        (Lang::En, "% of residents within 500 m ("),
    ] {
        let mut h = common::harness();
        h.state_mut().state.apply(Command::SetLanguage(lang));
        h.run();
        let (it, rt) = (index_texts(lang), reach_texts(lang));
        menu(&mut h, it.menu_analysis, rt.menu_item);
        h.get_by_label(rt.compute).click();
        h.run();
        h.get_by_label(rt.tab_coverage).click();
        h.run();
        let lines: Vec<String> = texts_on_screen(&h)
            .into_iter()
            .filter(|t| t.contains(" %"))
            .filter(|t| t.contains(lang.words().pick("innerhalb", "within")))
            .collect();
        assert_eq!(lines.len(), 2, "one line per radius: {lines:?}");
        assert!(lines.iter().any(|l| l.contains(of)), "{lines:?}");
        // Every share in a line names its whole: residents, then areas.
        let whole = lang.words().pick(" % der ", " % of ");
        for l in &lines {
            assert_eq!(l.matches(" %").count(), l.matches(whole).count(), "{l}");
        }
    }
}
