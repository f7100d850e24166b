use super::*;

const DE: Words = Words { english: false };
const EN: Words = Words { english: true };

#[test]
fn numbers_follow_the_language() {
    assert_eq!(DE.fixed(1234.5, 1), "1.234,5");
    assert_eq!(EN.fixed(1234.5, 1), "1,234.5");
    assert_eq!(EN.fixed(-0.25, 2), "-0.25");
    assert_eq!(DE.number(143_000.0), "143.000");
    assert_eq!(EN.number(2.5), "2.5");
    assert_eq!(EN.fixed(f64::NAN, 1), "no data");
    assert_eq!(DE.fixed(f64::NAN, 1), "keine Angabe");
    assert_eq!(DE.percent(0.1364), "13,6 %");
    let residents = ("Einwohner:innen", "residents");
    assert_eq!(DE.share_of(0.1364, residents), "13,6 % der Einwohner:innen");
    assert_eq!(EN.share_of(0.1364, residents), "13.6 % of residents");
    assert_eq!(EN.percent(0.1364), "13.6 %");
    assert_eq!(DE.signed(-1.254, 2), "−1,25");
    assert_eq!(EN.signed(0.5, 2), "+0.50");
    assert_eq!(DE.signed(-0.001, 2), "0,00");
}

#[test]
fn counts_take_singular_or_plural_in_both_languages() {
    for (n, de, en) in [
        (0, "0 Gebiete", "0 areas"),
        (1, "1 Gebiet", "1 area"),
        (2, "2 Gebiete", "2 areas"),
        (1234, "1.234 Gebiete", "1,234 areas"),
    ] {
        assert_eq!(DE.count_of(n, Noun::AREA), de);
        assert_eq!(EN.count_of(n, Noun::AREA), en);
    }
    assert_eq!(DE.count_of(1, Noun::FEATURE), "1 Objekt");
    assert_eq!(EN.count_of(2, Noun::NOTE), "2 notes");
    assert_eq!(DE.noun(1, Noun::OFFICE), "Büro");
    assert_eq!(EN.noun(0, Noun::FACILITY), "facilities");
    assert_eq!(DE.count(1, "Gebiet", "Gebiete"), "1 Gebiet");
}

#[test]
fn quotes_distances_coordinates_and_scales_in_both_languages() {
    assert_eq!(DE.quoted("Nied"), "„Nied“");
    assert_eq!(EN.quoted("Nied"), "“Nied”");
    assert_eq!(DE.distance(2500.0), "2,5 km");
    assert_eq!(EN.distance(2500.0), "2.5 km");
    assert_eq!(DE.distance(500.0), "500 m");
    assert_eq!(DE.metres(3025.4), "3.025 m");
    assert_eq!(EN.metres(3025.4), "3,025 m");
    assert_eq!(DE.scale(143_214.0), "1 : 143.000");
    assert_eq!(EN.scale(143_714.0), "1 : 144,000");
    assert_eq!(EN.scale(8_249.0), "1 : 8,200");
    assert_eq!(
        DE.coordinates(8.681234, 50.112345, 5),
        "50,11234° N, 8,68123° O"
    );
    assert_eq!(
        EN.coordinates(8.681234, 50.112345, 5),
        "50.11234° N, 8.68123° E"
    );
    assert_eq!(EN.coordinates(-0.5, -33.9, 1), "33.9° S, 0.5° W");
}

#[test]
fn units_sources_and_dates_are_translated_for_english_readers_only() {
    assert_eq!(EN.unit("m² je EW"), "m² per resident");
    assert_eq!(DE.unit("m² je EW"), "m² je EW");
    assert_eq!(EN.unit("%"), "%");
    assert_eq!(EN.unit("Haushalte"), "households");
    assert_eq!(DE.with_unit("13,6", "%"), "13,6 %");
    assert_eq!(DE.with_unit("1.234", "Personen"), "1.234");
    assert_eq!(EN.with_unit("41.2", "m² je EW"), "41.2 m² per resident");
    assert_eq!(EN.source("fiktive Beispieldaten"), "fictitious sample data");
    assert_eq!(DE.source("fiktive Beispieldaten"), "fiktive Beispieldaten");
    let office = "Stadt Frankfurt am Main, Bürgeramt, Statistik und Wahlen (dl-de/by-2-0)";
    assert_eq!(EN.source(office), office);
    assert_eq!(DE.date(2026, 11, 1), "01.11.2026");
    assert_eq!(EN.date(2026, 11, 1), "1 November 2026");
    assert_eq!(EN.date_iso("2025-03-07"), "7 March 2025");
    assert_eq!(DE.date_iso("2025-03-07"), "07.03.2025");
    assert_eq!(DE.date_iso("gestern"), "gestern");
}

#[test]
fn typed_numbers_are_read_in_the_readers_format() {
    assert_eq!(DE.parse("1,5"), Some(1.5));
    assert_eq!(DE.parse("1.234,5"), Some(1234.5));
    assert_eq!(DE.parse("1.500"), Some(1500.0));
    assert_eq!(DE.parse("1.5"), Some(1.5));
    assert_eq!(DE.parse("−0,25"), Some(-0.25));
    assert_eq!(EN.parse("1.5"), Some(1.5));
    assert_eq!(EN.parse("1,234.5"), Some(1234.5));
    assert_eq!(EN.parse("1,500"), Some(1500.0));
    assert_eq!(EN.parse("1,5"), Some(1.5));
    assert_eq!(EN.parse("abc"), None);
    assert_eq!(DE.parse(""), None);
    assert_eq!(DE.parse("1,2,3"), None);
}
