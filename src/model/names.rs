//! Human names for layers and tables that only have a file name: "sozialraeume" becomes
//! "Sozialräume", "oepnv_haltestellen" "ÖPNV-Haltestellen", "indikatoren_2024" the table
//! "Indikatoren 2024". Used wherever a name reaches a person (layer panel, exported pages,
//! source lines) so that no snake_case file stem is ever shown.
//!
//! Pure string work: no files are read here. Umlauts are restored only for word parts known
//! to be German transliterations ("raeum", "buero" …), never by a blanket "oe" → "ö" (which
//! would spoil names such as "Oeder Weg" or "Poelzig").

/// Known file stems: (stem, German, English).
const KNOWN: [(&str, &str, &str); 19] = [
    ("sozialraeume", "Sozialräume", "Social areas"),
    ("sozialraum", "Sozialräume", "Social areas"),
    ("stadtteile", "Stadtteile", "Districts"),
    ("stadtteil", "Stadtteile", "Districts"),
    ("stadtbezirke", "Stadtbezirke", "Statistical districts"),
    ("ortsbezirke", "Ortsbezirke", "Boroughs"),
    (
        "nachbarschaftsbueros",
        "Nachbarschaftsbüros",
        "Neighbourhood offices",
    ),
    (
        "sozialrathaeuser",
        "Sozialrathäuser",
        "Social services centres",
    ),
    (
        "oepnv_haltestellen",
        "ÖPNV-Haltestellen",
        "Public transport stops",
    ),
    ("haltestellen", "Haltestellen", "Stops"),
    ("kitas", "Kitas", "Day-care centres"),
    ("familienzentren", "Familienzentren", "Family centres"),
    ("jugendhaeuser", "Jugendhäuser", "Youth centres"),
    ("seniorentreffs", "Seniorentreffs", "Senior centres"),
    ("schulen", "Schulen", "Schools"),
    ("indikatoren", "Indikatoren", "Indicators"),
    ("indikatoren_meta", "Indikatorenblatt", "Indicator sheet"),
    ("einrichtungen", "Einrichtungen", "Facilities"),
    ("gebiete", "Gebiete", "Areas"),
];

/// Word parts written with ae/oe/ue/ss in file names that are umlauts or ß in German.
const UMLAUT_PARTS: [(&str, &str); 16] = [
    ("oepnv", "ÖPNV"),
    ("raeum", "räum"),
    ("haeus", "häus"),
    ("buero", "büro"),
    ("gruen", "grün"),
    ("flaech", "fläch"),
    ("aemter", "ämter"),
    ("schluessel", "schlüssel"),
    ("uebersicht", "übersicht"),
    ("bevoelkerung", "bevölkerung"),
    ("foerder", "förder"),
    ("jaehrig", "jährig"),
    ("aeltere", "ältere"),
    ("strasse", "straße"),
    ("buerger", "bürger"),
    ("kuenftig", "künftig"),
];

fn known(stem: &str) -> Option<(&'static str, &'static str)> {
    let key = stem.trim().to_lowercase().replace(['-', ' '], "_");
    KNOWN
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, de, en)| (*de, *en))
}

/// The German name of a layer (or table) with this file stem: known stems from a table
/// ("stadtteile" → "Stadtteile", "oepnv_haltestellen" → "ÖPNV-Haltestellen"), others with
/// underscores as spaces, the first letter capitalised and known umlaut spellings restored
/// ("foo_bar" → "Foo bar", "gruenflaechen" → "Grünflächen").
pub fn human_layer_name(file_stem: &str) -> String {
    if let Some((de, _)) = known(file_stem) {
        return de.to_owned();
    }
    humanise(file_stem)
}

/// The English name of a layer with this file stem: known stems translated, others as
/// [`human_layer_name`] (a name of one's own stays a name).
pub fn human_layer_name_en(file_stem: &str) -> String {
    if let Some((_, en)) = known(file_stem) {
        return en.to_owned();
    }
    humanise(file_stem)
}

/// [`human_layer_name`] or [`human_layer_name_en`].
pub fn human_layer_name_in(file_stem: &str, english: bool) -> String {
    if english {
        human_layer_name_en(file_stem)
    } else {
        human_layer_name(file_stem)
    }
}

fn humanise(stem: &str) -> String {
    let words: Vec<String> = stem
        .split(['_', ' '])
        .filter(|w| !w.is_empty())
        .map(restore_umlauts)
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn restore_umlauts(word: &str) -> String {
    let mut w = word.to_owned();
    // Only all-lowercase words: "OEDER" or "Poelzig" are left as they are.
    if w.chars().any(char::is_uppercase) {
        return w;
    }
    for (from, to) in UMLAUT_PARTS {
        w = w.replace(from, to);
    }
    w
}

/// A person's title for an indicator table and its edition, from its file stem: the stem
/// without its year, named as [`human_layer_name`] does, then the edition ("indikatoren_2024",
/// "2024" → "Indikatoren 2024"). A stem that is nothing but the year gives "Indikatortabelle
/// 2024" ("Indicator table 2024").
pub fn table_title(file_stem: &str, edition: Option<&str>, english: bool) -> String {
    let is_year = |e: &&str| e.len() == 4 && e.chars().all(|c| c.is_ascii_digit());
    let year = edition.filter(|e| is_year(e) && file_stem.contains(*e));
    let rest: String = match year {
        Some(y) => file_stem.replacen(y, "", 1),
        None => file_stem.to_owned(),
    };
    let rest = rest.trim_matches(['_', '-', ' ', '.']).replace("__", "_");
    let name = if rest.chars().any(char::is_alphabetic) {
        human_layer_name_in(&rest, english)
    } else if english {
        "Indicator table".to_owned()
    } else {
        "Indikatortabelle".to_owned()
    };
    match edition.filter(is_year) {
        Some(e) => format!("{name} {e}"),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_layers_get_their_german_names() {
        assert_eq!(human_layer_name("sozialraeume"), "Sozialräume");
        assert_eq!(human_layer_name("stadtteile"), "Stadtteile");
        assert_eq!(
            human_layer_name("nachbarschaftsbueros"),
            "Nachbarschaftsbüros"
        );
        assert_eq!(human_layer_name("sozialrathaeuser"), "Sozialrathäuser");
        assert_eq!(human_layer_name("oepnv_haltestellen"), "ÖPNV-Haltestellen");
        assert_eq!(human_layer_name("OEPNV_Haltestellen"), "ÖPNV-Haltestellen");
    }

    #[test]
    fn english_names_for_known_stems_and_the_name_itself_otherwise() {
        assert_eq!(human_layer_name_en("stadtteile"), "Districts");
        assert_eq!(
            human_layer_name_en("oepnv_haltestellen"),
            "Public transport stops"
        );
        assert_eq!(human_layer_name_en("meine_punkte"), "Meine punkte");
    }

    #[test]
    fn unknown_stems_become_words_with_umlauts_only_where_safe() {
        assert_eq!(human_layer_name("foo_bar"), "Foo bar");
        assert_eq!(human_layer_name("gruenflaechen_2023"), "Grünflächen 2023");
        assert_eq!(human_layer_name("buergerhaeuser"), "Bürgerhäuser");
        // No blanket oe → ö: these are names.
        assert_eq!(human_layer_name("poelzig_bau"), "Poelzig bau");
        assert_eq!(human_layer_name("oeder_weg"), "Oeder weg");
        assert_eq!(human_layer_name("Oeder_Weg"), "Oeder Weg");
        assert_eq!(human_layer_name(""), "");
        assert_eq!(human_layer_name("__"), "");
    }

    #[test]
    fn a_table_is_named_by_its_title_and_edition_never_by_its_stem() {
        assert_eq!(
            table_title("indikatoren_2024", Some("2024"), false),
            "Indikatoren 2024"
        );
        assert_eq!(
            table_title("indikatoren_2024", Some("2024"), true),
            "Indicators 2024"
        );
        assert_eq!(
            table_title("2024", Some("2024"), false),
            "Indikatortabelle 2024"
        );
        assert_eq!(
            table_title("2024", Some("2024"), true),
            "Indicator table 2024"
        );
        assert_eq!(
            table_title("monitoring_2022_fortschreibung", Some("2022"), false),
            "Monitoring fortschreibung 2022"
        );
        // No year in the name: the edition label is the stem itself and is not repeated.
        assert_eq!(
            table_title("sozialdaten_neu", Some("sozialdaten_neu"), false),
            "Sozialdaten neu"
        );
        assert_eq!(table_title("daten", None, false), "Daten");
    }
}
