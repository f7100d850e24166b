//! The wording of an export that comes from the state: the default title of the shown map,
//! the subtitle note on hypothetical offices ("mit 1 angenommenem Büro"), the source line
//! (tables by title and edition, layers by human name, never a file name).

use crate::analysis::aggregate::Level;
use crate::analysis::join::Edition;
use crate::i18n::{Lang, Words};
use crate::model::FacilityKind;
use crate::model::names::{human_layer_name_in, table_title};
use crate::state::AppState;

/// The subtitle note of a map with hypothetical facilities: "mit 1 angenommenem Büro", "mit 2
/// angenommenen Büros", "with 1 assumed office" …; `None` for none.
pub fn hypothetical_note(n: usize, kind: FacilityKind, english: bool) -> Option<String> {
    if n == 0 {
        return None;
    }
    let office = kind == FacilityKind::Nachbarschaftsbuero;
    let words = Words::new(english);
    let noun = match (english, office, n == 1) {
        (false, true, true) => "angenommenem Büro",
        (false, true, false) => "angenommenen Büros",
        (false, false, true) => "angenommener Einrichtung",
        (false, false, false) => "angenommenen Einrichtungen",
        (true, true, true) => "assumed office",
        (true, true, false) => "assumed offices",
        (true, false, true) => "assumed facility",
        (true, false, false) => "assumed facilities",
    };
    Some(format!(
        "{} {} {noun}",
        words.pick("mit", "with"),
        words.number(n as f64)
    ))
}

/// The legend name of hypothetical facilities.
pub(in crate::state) fn hypothetical_name(kind: FacilityKind, english: bool) -> String {
    let office = kind == FacilityKind::Nachbarschaftsbuero;
    match (english, office) {
        (false, true) => "angenommenes Büro (Was-wäre-wenn)",
        (false, false) => "angenommene Einrichtung (Was-wäre-wenn)",
        (true, true) => "assumed office (what-if)",
        (true, false) => "assumed facility (what-if)",
    }
    .to_owned()
}

/// The edition's year when its label is one ("2024"); a label that is only the file name is
/// never shown.
pub(super) fn edition_year(e: &Edition) -> Option<&str> {
    let l = e.label.as_str();
    (l.len() == 4 && l.chars().all(|c| c.is_ascii_digit())).then_some(l)
}

impl AppState {
    /// The title a map export gets unless the user typed one for this map: the indicator and
    /// its edition ("SGB-II-Quote 2024", "… nach Stadtteilen" at a higher level), the index
    /// ("Gesamtindex (Status × Dynamik) 2022 – 2024"), or the reach distance ("Abstand zum
    /// nächsten Nachbarschaftsbüro"). The export dialog and the CLI call this.
    pub fn default_export_title(&self, lang: Lang) -> String {
        let english = lang == Lang::En;
        let words = Words::new(english);
        if let Some((ix, map)) = self.shown_index() {
            return super::legend::index_title(ix, map, english);
        }
        let Some(th) = &self.analyses.thematic else {
            return match &self.analyses.reach {
                Some(_) => words.pick("Erreichbarkeit", "Reach").to_owned(),
                None => words.pick("Karte", "Map").to_owned(),
            };
        };
        let label = self.labels.label(&th.settings.field, english);
        if self.is_reach_field(&th.settings.field) {
            return label;
        }
        let year = th
            .settings
            .edition
            .and_then(|e| self.layer(th.layer)?.editions.get(e))
            .and_then(edition_year)
            .map(|y| format!(" {y}"))
            .unwrap_or_default();
        let level = match th.settings.level {
            Level::Base => "",
            Level::Stadtteil => words.pick(" nach Stadtteilen", " by district"),
            Level::Sozialrathaus => {
                words.pick(" nach Sozialrathäusern", " by social services centre")
            }
        };
        format!("{label}{year}{level}")
    }

    /// What the subtitle of a map export adds to the user's subtitle: that hypothetical
    /// offices are drawn ("mit 1 angenommenem Büro").
    pub fn export_subtitle_notes(&self, lang: Lang) -> Vec<String> {
        self.analyses
            .reach
            .as_ref()
            .and_then(|r| hypothetical_note(r.hypothetical.len(), r.kind, lang == Lang::En))
            .into_iter()
            .collect()
    }

    /// A distance or count column of the reach analysis.
    pub(super) fn is_reach_field(&self, field: &str) -> bool {
        self.analyses.reach.as_ref().is_some_and(|r| {
            let p = r.prefix();
            field.starts_with(&format!("abstand_{p}_")) || field.starts_with(&format!("{p}_im_"))
        })
    }

    /// The data sources behind what is shown, in the UI language.
    pub fn data_sources(&self) -> Vec<String> {
        self.data_sources_in(self.lang == Lang::En)
    }

    /// The data sources: the mapped table by title and edition with its source ("Indikatoren
    /// 2024 – fiktive Beispieldaten"), then the visible layers by human name, grouped by
    /// source ("Sozialräume, Nachbarschaftsbüros – fiktive Beispieldaten").
    pub fn data_sources_in(&self, english: bool) -> Vec<String> {
        let words = Words::new(english);
        let mut lines: Vec<String> = Vec::new();
        if let Some(th) = &self.analyses.thematic {
            let field = &th.settings.field;
            let source = self
                .labels
                .get(field)
                .map(|m| words.source(&m.source))
                .filter(|s| !s.is_empty());
            let edition = th
                .settings
                .edition
                .and_then(|e| self.layer(th.layer)?.editions.get(e))
                .filter(|e| e.schema.index_of(field).is_some());
            let name = match edition {
                Some(e) => Some(table_title(&e.table_name, edition_year(e), english)),
                None => source.is_some().then(|| self.labels.label(field, english)),
            };
            if let Some(name) = name {
                lines.push(match source {
                    Some(s) => format!("{name} – {s}"),
                    None => name,
                });
            }
        }
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for entry in self.layers.iter().filter(|l| l.visible) {
            let name = human_layer_name_in(entry.layer.name(), english);
            for src in &entry.sources {
                let src = words.source(src);
                match groups.iter_mut().find(|(s, _)| *s == src) {
                    Some((_, names)) if !names.contains(&name) => names.push(name.clone()),
                    Some(_) => {}
                    None => groups.push((src, vec![name.clone()])),
                }
            }
        }
        lines.extend(
            groups
                .into_iter()
                .map(|(src, names)| format!("{} – {src}", names.join(", "))),
        );
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hypothetical_note_declines_in_german_and_counts_in_english() {
        let nb = FacilityKind::Nachbarschaftsbuero;
        assert_eq!(hypothetical_note(0, nb, false), None);
        assert_eq!(
            hypothetical_note(1, nb, false).as_deref(),
            Some("mit 1 angenommenem Büro")
        );
        assert_eq!(
            hypothetical_note(2, nb, false).as_deref(),
            Some("mit 2 angenommenen Büros")
        );
        assert_eq!(
            hypothetical_note(1, nb, true).as_deref(),
            Some("with 1 assumed office")
        );
        assert_eq!(
            hypothetical_note(2, nb, true).as_deref(),
            Some("with 2 assumed offices")
        );
        assert_eq!(
            hypothetical_note(1, FacilityKind::Kita, false).as_deref(),
            Some("mit 1 angenommener Einrichtung")
        );
    }
}
