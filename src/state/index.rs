//! The needs index in the application state: computed from an area layer's joined editions
//! (the current one, and a comparison edition for the dynamics), its sensitivity, and whether
//! it colours the map (Gesamtindex, status or dynamics classes). Its rows are the layer's
//! areas, so brushing and selection work as for the class map.

use super::{AppState, LayerId, Message, MessageKind, edition_table};
use crate::analysis::aggregate::Level;
use crate::analysis::index::input::{Comparison, from_rows};
use crate::analysis::index::output::{CsvDialect, to_csv};
use crate::analysis::index::sensitivity::{Scenario, Variation, leave_one_out, sensitivity};
use crate::analysis::index::{IndexInput, IndexResult, IndexSettings, compute, note};
use crate::analysis::palette::{
    GESAMT_COLOURS, INDEX_WITHOUT_CLASS, Rgb, STATUS_COLOURS, dynamics_colour,
};
use crate::analysis::thematic::ThematicSettings;
use crate::i18n::Bilingual;
use crate::model::{Layer, Value};

/// What the index shows on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexMap {
    /// Status class × dynamics class, the 4 × 3 bivariate map.
    Gesamt,
    Status,
    Dynamik,
}

/// What the user asks to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRequest {
    pub layer: LayerId,
    /// The current edition (index into the layer's editions; `None`: the layer's own fields).
    pub edition: Option<usize>,
    /// The comparison edition of the dynamics.
    pub comparison: Option<usize>,
    pub settings: IndexSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IndexCommand {
    Compute(IndexRequest),
    /// Colour the map by the index (`None`: back to the indicator map).
    ShowOnMap(Option<IndexMap>),
    AddVariation(Variation),
    RemoveVariation(usize),
    /// Write the index as CSV (German dialect) with the Indikatorenblatt beside it.
    ExportCsv(std::path::PathBuf),
    Clear,
}

/// A computed index.
#[derive(Debug, Clone)]
pub struct IndexState {
    pub request: IndexRequest,
    /// The key field of the areas (the join key of the edition).
    pub key: String,
    pub input: IndexInput,
    pub result: IndexResult,
    /// The name of each area.
    pub titles: Vec<String>,
    /// The label of the current edition ("2024").
    pub edition_label: String,
    /// Weight changes asked for, after the leave-one-out variations.
    pub extra: Vec<Variation>,
    pub scenarios: Vec<Scenario>,
    /// Rank by Status-Index (1 = most disadvantaged), computed once per result.
    pub ranks: Vec<Option<usize>>,
    pub map: Option<IndexMap>,
    /// Counts the computations, so the window can tell a new result from the last one.
    pub generation: u64,
}

impl IndexState {
    pub fn settings(&self) -> &IndexSettings {
        &self.request.settings
    }

    /// The fill colour of an area on the index map.
    pub fn colour(&self, row: usize, map: IndexMap) -> Rgb {
        let s = self.result.status_class.get(row).copied().flatten();
        let d = self.result.dynamics_class.get(row).copied().flatten();
        match (map, s, d) {
            (IndexMap::Gesamt, Some(s), Some(d)) => GESAMT_COLOURS[s.index()][d.index()],
            (IndexMap::Gesamt, Some(_), None) if self.result.dynamics.is_none() => {
                s.map_or(INDEX_WITHOUT_CLASS, |s| STATUS_COLOURS[s.index()])
            }
            (IndexMap::Status, Some(s), _) => STATUS_COLOURS[s.index()],
            (IndexMap::Dynamik, _, Some(d)) => dynamics_colour(d),
            _ => INDEX_WITHOUT_CLASS,
        }
    }

    /// The short method note in the UI language; `name` gives field labels.
    pub fn method_note(&self, english: bool, name: note::NameOf) -> String {
        if english {
            note::method_note_en(self.settings(), &self.result, name)
        } else {
            note::method_note_de(self.settings(), &self.result, name)
        }
    }

    /// All variations of the sensitivity list.
    pub fn variations(&self) -> Vec<Variation> {
        let mut v = leave_one_out(self.settings());
        v.extend(self.extra.iter().copied());
        v
    }
}

impl AppState {
    pub(super) fn apply_index(&mut self, command: IndexCommand) {
        match command {
            IndexCommand::Compute(request) => self.compute_index(request),
            IndexCommand::ShowOnMap(map) => self.show_index_map(map),
            IndexCommand::AddVariation(v) => {
                if let Some(ix) = &mut self.analyses.index {
                    if !ix.extra.contains(&v) {
                        ix.extra.push(v);
                    }
                    refresh_scenarios(ix);
                }
            }
            IndexCommand::RemoveVariation(i) => {
                if let Some(ix) = &mut self.analyses.index
                    && i < ix.extra.len()
                {
                    ix.extra.remove(i);
                    refresh_scenarios(ix);
                }
            }
            IndexCommand::ExportCsv(path) => self.export_index_csv(&path),
            IndexCommand::Clear => self.analyses.index = None,
        }
    }

    /// The key field of a layer's areas: the join key of the edition, else the first field.
    fn area_key(&self, layer: LayerId, edition: Option<usize>) -> Option<String> {
        let entry = self.layer(layer)?;
        edition
            .and_then(|i| entry.editions.get(i))
            .map(|e| e.report.left_key.clone())
            .or_else(|| entry.layer.schema().fields.first().map(|f| f.name.clone()))
    }

    fn compute_index(&mut self, request: IndexRequest) {
        let Some(current) = self.layer_table(request.layer, request.edition) else {
            self.index_error(Bilingual::new(
                "Die Ebene des Index ist nicht mehr geladen.",
                "The index's layer is no longer loaded.",
            ));
            return;
        };
        let Some(entry) = self.layer(request.layer) else {
            return;
        };
        let Layer::Areas(area_layer) = &entry.layer else {
            self.index_error(Bilingual::new(
                "Ein Index braucht eine Flächenebene.",
                "An index needs an area layer.",
            ));
            return;
        };
        let key = self
            .area_key(request.layer, request.edition)
            .unwrap_or_default();
        let keys: Vec<String> = (0..area_layer.areas.len())
            .map(|i| {
                area_layer
                    .schema
                    .index_of(&key)
                    .and_then(|k| area_layer.areas[i].values.get(k))
                    .and_then(crate::analysis::join::key_text)
                    .unwrap_or_else(|| format!("#{}", i + 1))
            })
            .collect();
        let titles = (0..area_layer.areas.len())
            .map(|i| area_layer.feature_title(i))
            .collect();
        // An area the edition has no row for has no data at all.
        let has_row = request
            .edition
            .and_then(|i| entry.editions.get(i))
            .map(|e| {
                e.values
                    .iter()
                    .map(|r| r.iter().any(|v| *v != Value::Null))
                    .collect()
            });
        let edition_label = request
            .edition
            .and_then(|i| entry.editions.get(i))
            .map(|e| e.label.clone())
            .unwrap_or_else(|| area_layer.name.clone());
        let before = request
            .comparison
            .and_then(|i| entry.editions.get(i))
            .map(|e| (edition_table(e), e.label.clone(), e.table_name.clone()));
        let comparison = before.as_ref().map(|(t, label, name)| Comparison {
            table: t,
            label: label.clone(),
            name: name.clone(),
        });
        let input = match from_rows(
            &current,
            &edition_label,
            keys,
            has_row,
            comparison,
            &request.settings,
        ) {
            Ok(i) => i,
            Err(e) => {
                self.index_error(e.bilingual());
                return;
            }
        };
        let result = match compute(&input, &request.settings) {
            Ok(r) => r,
            Err(e) => {
                self.index_error(e.bilingual());
                return;
            }
        };
        let generation = self
            .analyses
            .index
            .as_ref()
            .map_or(1, |ix| ix.generation + 1);
        let (extra, map) = match &self.analyses.index {
            Some(old) if old.request.layer == request.layer => {
                (old.extra.clone(), old.map.or(Some(IndexMap::Gesamt)))
            }
            _ => (Vec::new(), Some(IndexMap::Gesamt)),
        };
        let map = match map {
            Some(IndexMap::Gesamt) | Some(IndexMap::Dynamik) if result.dynamics.is_none() => {
                Some(IndexMap::Status)
            }
            m => m,
        };
        let ranks = result.status_rank();
        let mut ix = IndexState {
            request,
            key,
            input,
            result,
            titles,
            edition_label,
            extra,
            scenarios: Vec::new(),
            ranks,
            map: None,
            generation,
        };
        refresh_scenarios(&mut ix);
        self.analyses.index = Some(ix);
        self.show_index_map(map);
    }

    /// Colour the map by the index: the class map switches to the index's layer and edition
    /// at the base level, so that map, table and brushing show the index's areas.
    fn show_index_map(&mut self, map: Option<IndexMap>) {
        let Some(ix) = &mut self.analyses.index else {
            return;
        };
        ix.map = map;
        if map.is_none() {
            return;
        }
        let layer = ix.request.layer;
        let edition = ix.request.edition;
        let field = ix
            .request
            .settings
            .indicators
            .first()
            .map(|s| s.field.clone())
            .unwrap_or_default();
        let settings = match &self.analyses.thematic {
            Some(t) if t.layer == layer && t.settings.level == Level::Base => return,
            Some(t) if t.layer == layer => ThematicSettings {
                level: Level::Base,
                ..t.settings.clone()
            },
            _ => ThematicSettings::new(&field, edition),
        };
        self.set_thematic(layer, settings);
    }

    fn export_index_csv(&mut self, path: &std::path::Path) {
        let Some(ix) = &self.analyses.index else {
            return;
        };
        let english = self.lang == crate::i18n::Lang::En;
        let labels = &self.labels;
        let name = |f: &str| labels.label(f, english);
        let text = [("name", ix.titles.as_slice())];
        let csv = match to_csv(
            &ix.result,
            &ix.input,
            ix.settings(),
            &ix.key,
            &text,
            CsvDialect::German,
        ) {
            Ok(c) => c,
            Err(e) => {
                self.index_error(crate::bilingual!(
                    "CSV konnte nicht erzeugt werden ({e}).",
                    "The CSV could not be made ({e})."
                ));
                return;
            }
        };
        let mut sheet = String::from("Indikatorenblatt des Index (Sozialatlas)\n\n");
        for (h, body) in note::index_sheet_de(ix.settings(), Some(&ix.result), &name) {
            sheet.push_str(&format!("{h}\n{body}\n\n"));
        }
        let note_path = crate::analysis::index::output::note_path(path);
        let comparison = ix.result.dynamics_label.clone();
        let saved = crate::analysis::index::output::SavedSettings::new(
            ix.settings(),
            &ix.key,
            Some(ix.edition_label.clone()),
            comparison,
        );
        let settings_path = crate::analysis::index::output::settings_path(path);
        let written = crate::io::atomic::write_atomic(path, csv.as_bytes())
            .and_then(|()| crate::io::atomic::write_atomic(&note_path, sheet.as_bytes()))
            .and_then(|()| {
                crate::io::atomic::write_atomic(&settings_path, saved.to_json().as_bytes())
            });
        match written {
            Ok(()) => {
                let (path, note, settings) =
                    (path.display(), note_path.display(), settings_path.display());
                self.messages.push(Message {
                    kind: MessageKind::Info,
                    text: crate::bilingual!(
                        "Index gespeichert: {path} (Methode: {note}, Einstellungen: {settings})",
                        "Index saved: {path} (method: {note}, settings: {settings})"
                    ),
                    report: None,
                })
            }
            Err(e) => {
                let path = path.display();
                self.index_error(crate::bilingual!(
                    "Datei kann nicht geschrieben werden ({e}): {path}",
                    "File cannot be written ({e}): {path}"
                ))
            }
        }
    }

    fn index_error(&mut self, text: Bilingual) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text: text.map(|t, _| format!("Index: {t}")),
            report: None,
        });
    }
}

fn refresh_scenarios(ix: &mut IndexState) {
    let variations = ix.variations();
    ix.scenarios = sensitivity(&ix.input, ix.settings(), &ix.result, &variations);
}
