//! File names from titles: an exported map is saved under its title, made safe for every
//! file system (no path characters, never empty).

/// A file name from a title: letters, digits, spaces, dashes and dots kept (umlauts too),
/// everything else a dash; never empty.
pub fn file_stem_from_title(title: &str) -> String {
    let cleaned: String = title
        .trim()
        .chars()
        .filter(|c| *c != '%')
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '(' | ')') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.replace("()", "");
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c == ' ' || c == '-');
    let mut out = String::new();
    for c in cleaned.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    let out: String = out.chars().take(80).collect();
    if out.is_empty() {
        "karte".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem_from_title;

    #[test]
    fn a_title_becomes_a_file_name_without_path_characters() {
        assert_eq!(
            file_stem_from_title("SGB-II-Quote 2024 (%)"),
            "SGB-II-Quote 2024"
        );
        assert_eq!(
            file_stem_from_title("Kinderarmut/Altersarmut"),
            "Kinderarmut-Altersarmut"
        );
        assert_eq!(
            file_stem_from_title("Höchst  und  Sossenheim"),
            "Höchst und Sossenheim"
        );
        assert_eq!(file_stem_from_title("../.."), "karte");
        assert_eq!(file_stem_from_title(""), "karte");
    }
}
