//! What a workshop adds to a planner's session: saved views ("Ansichten") to step through,
//! pins that participants place on the map with a comment and a category, and qualitative
//! notes per Sozialraum from the Sozialrathäuser, Träger, Gremien and citizens. Pure data
//! with serde, stored in the project file; the pins export as GeoJSON and CSV. No UI crate is
//! used here.

pub mod export;

use serde::{Deserialize, Serialize};

use crate::analysis::thematic::record::ProjectThematic;

/// A prepared view of the map: where it looks, what it shows, and what it is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub title: String,
    #[serde(default)]
    pub caption: String,
    /// The extent (lon/lat: min x, min y, max x, max y).
    pub bbox: [f64; 4],
    /// Visibility per layer, in the order of the project's layers.
    #[serde(default)]
    pub visible: Vec<bool>,
    /// The class map (indicator, classification, palette); `None`: no class map.
    #[serde(default)]
    pub thematic: Option<ProjectThematic>,
    /// The index map shown ("gesamt", "status", "dynamik") instead of the indicator.
    #[serde(default)]
    pub index_map: Option<String>,
    /// The selected feature: layer position and feature index.
    #[serde(default)]
    pub selection: Option<[usize; 2]>,
}

/// What a participant's pin says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PinCategory {
    #[default]
    Bedarf,
    Angebot,
    Idee,
    Problem,
}

impl PinCategory {
    pub const ALL: [PinCategory; 4] = [
        PinCategory::Bedarf,
        PinCategory::Angebot,
        PinCategory::Idee,
        PinCategory::Problem,
    ];

    pub fn label_de(self) -> &'static str {
        match self {
            PinCategory::Bedarf => "Bedarf",
            PinCategory::Angebot => "Angebot",
            PinCategory::Idee => "Idee",
            PinCategory::Problem => "Problem",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PinCategory::Bedarf => "Need",
            PinCategory::Angebot => "Offer",
            PinCategory::Idee => "Idea",
            PinCategory::Problem => "Problem",
        }
    }

    /// The pin's colour (RGB): distinct from the class palettes and the office symbols.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            PinCategory::Bedarf => [215, 25, 28],
            PinCategory::Angebot => [26, 150, 65],
            PinCategory::Idee => [255, 191, 0],
            PinCategory::Problem => [90, 40, 130],
        }
    }
}

/// A pin placed on the map in a workshop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pin {
    /// Numbered from 1 in the order placed; shown on the map and in the list.
    pub number: u32,
    pub lon: f64,
    pub lat: f64,
    pub category: PinCategory,
    #[serde(default)]
    pub comment: String,
    /// When it was placed ("2026-11-21").
    #[serde(default)]
    pub date: String,
}

/// Who a qualitative note comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NoteSource {
    #[default]
    Sozialrathaus,
    Traeger,
    Gremium,
    Buergerinnen,
}

impl NoteSource {
    pub const ALL: [NoteSource; 4] = [
        NoteSource::Sozialrathaus,
        NoteSource::Traeger,
        NoteSource::Gremium,
        NoteSource::Buergerinnen,
    ];

    pub fn label_de(self) -> &'static str {
        match self {
            NoteSource::Sozialrathaus => "Sozialrathaus",
            NoteSource::Traeger => "Träger",
            NoteSource::Gremium => "Gremium",
            NoteSource::Buergerinnen => "Bürger:innen",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            NoteSource::Sozialrathaus => "Social services office",
            NoteSource::Traeger => "Provider",
            NoteSource::Gremium => "Committee",
            NoteSource::Buergerinnen => "Citizens",
        }
    }
}

/// A qualitative note about one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaNote {
    /// The area's key (its id field, e.g. "SR-14-3"), so that notes follow the area when the
    /// file is re-read or the features are reordered.
    pub area: String,
    /// The area's name when the note was written (for lists and exports).
    #[serde(default)]
    pub area_name: String,
    pub text: String,
    pub source: NoteSource,
    /// "2026-11-21".
    pub date: String,
}

/// The workshop material of a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    #[serde(default)]
    pub views: Vec<SavedView>,
    #[serde(default)]
    pub pins: Vec<Pin>,
    #[serde(default)]
    pub notes: Vec<AreaNote>,
    /// Whether exported maps show the pins.
    #[serde(default)]
    pub pins_in_exports: bool,
}

impl Workshop {
    /// Add a pin; its number follows the highest so far (numbers are never reused).
    pub fn add_pin(
        &mut self,
        lon: f64,
        lat: f64,
        category: PinCategory,
        comment: &str,
        date: &str,
    ) {
        let number = self.pins.iter().map(|p| p.number).max().unwrap_or(0) + 1;
        self.pins.push(Pin {
            number,
            lon,
            lat,
            category,
            comment: comment.trim().to_owned(),
            date: date.to_owned(),
        });
    }

    /// The notes of one area, oldest first.
    pub fn notes_of<'a>(&'a self, area: &'a str) -> impl Iterator<Item = (usize, &'a AreaNote)> {
        self.notes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.area == area)
    }

    /// Move a view one place up (`-1`) or down (`+1`); returns its new position.
    pub fn move_view(&mut self, i: usize, delta: i32) -> usize {
        let n = self.views.len();
        if i >= n {
            return i;
        }
        let j = (i as i64 + i64::from(delta)).clamp(0, n as i64 - 1) as usize;
        if i != j {
            self.views.swap(i, j);
        }
        j
    }

    /// A layer was removed at `position`: views forget it and later positions shift down.
    pub fn layer_removed(&mut self, position: usize) {
        for v in &mut self.views {
            if position < v.visible.len() {
                v.visible.remove(position);
            }
            if let Some(t) = &v.thematic {
                if t.layer == position {
                    v.thematic = None;
                    v.index_map = None;
                } else if t.layer > position
                    && let Some(t) = &mut v.thematic
                {
                    t.layer -= 1;
                }
            }
            match v.selection {
                Some([l, _]) if l == position => v.selection = None,
                Some([l, f]) if l > position => v.selection = Some([l - 1, f]),
                _ => {}
            }
        }
    }
}

/// Today's date as "2026-11-21" (UTC), for pins and notes.
pub fn today_iso() -> String {
    let de = crate::export::render::today_de();
    // "21.11.2026" → "2026-11-21".
    let parts: Vec<&str> = de.split('.').collect();
    match parts.as_slice() {
        [d, m, y] => format!("{y}-{m}-{d}"),
        _ => de,
    }
}

/// "2026-11-21" → "21.11.2026" for German display (other text is returned unchanged); the
/// window and exports use [`crate::i18n::Words::date_iso`] in the reader's language.
pub fn date_de(iso: &str) -> String {
    crate::i18n::Words::new(false).date_iso(iso)
}

#[cfg(test)]
mod tests;
