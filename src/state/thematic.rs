//! Indicator tables and the class map in the application state: tables opened with the layers
//! are joined to the area layer by the best key; the class map is recomputed whenever its
//! settings change; brushing (a set of highlighted rows) links map, table, histogram and
//! scatter plot.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{AppState, LayerId, Message, MessageKind};
use crate::analysis::aggregate::{Level, aggregate_layer, group_by};
use crate::analysis::data::AreaTable;
use crate::analysis::join::{Edition, join, sort_editions, suggest_keys};
use crate::analysis::palette::Palette;
use crate::analysis::thematic::{
    ThematicSettings, ThematicView, base_table, build_view, level_table,
};
use crate::i18n::Bilingual;
use crate::io::csv_points::header_has_coordinates;
use crate::io::table::read_table;
use crate::model::{AreaLayer, FieldType, Layer, Schema};

/// The class map currently shown.
#[derive(Debug, Clone)]
pub struct Thematic {
    pub layer: LayerId,
    pub settings: ThematicSettings,
    pub view: ThematicView,
    /// Geometry of an aggregated level (`None` at the base level: the layer itself is drawn).
    pub level_layer: Option<Arc<AreaLayer>>,
    /// Highlighted rows of the view, shared by map, table, histogram and scatter plot.
    pub brushed: BTreeSet<usize>,
    /// The second indicator of the scatter plot.
    pub scatter_y: Option<String>,
}

impl Thematic {
    pub fn rows(&self) -> usize {
        self.view.titles.len()
    }
}

/// Whether a path is an attribute table rather than a layer: spreadsheets, and CSV files
/// without coordinate columns.
pub fn is_table_path(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "ods" => true,
        "csv" | "txt" | "tsv" => {
            // Only the start is read: this runs on the UI thread, and the file may be large.
            let Ok(bytes) = crate::io::file_head(path, 4096) else {
                return false;
            };
            let head = String::from_utf8_lossy(&bytes).into_owned();
            let first = head.lines().next().unwrap_or("");
            !header_has_coordinates(first) && !is_metadata_header(first)
        }
        _ => false,
    }
}

/// The indicator metadata table (`feld;name_de;…`) is read with the layers, not joined.
fn is_metadata_header(line: &str) -> bool {
    let l = line.trim_start_matches('\u{feff}').to_lowercase();
    l.starts_with("feld") && l.contains("name_de")
}

impl AppState {
    /// The area layer that tables are joined to by default: the thematic layer, else the
    /// first filled area layer.
    pub fn default_join_layer(&self) -> Option<LayerId> {
        if let Some(t) = &self.analyses.thematic
            && self.layer(t.layer).is_some()
        {
            return Some(t.layer);
        }
        self.layers
            .iter()
            .find(|l| l.style == super::AreaStyle::Fill && matches!(l.layer, Layer::Areas(_)))
            .map(|l| l.id)
    }

    /// Join the tables waiting for an area layer (opened together with it).
    pub(super) fn join_pending(&mut self) {
        if self.pending_tables.is_empty() {
            return;
        }
        let Some(target) = self.default_join_layer() else {
            return;
        };
        let tables = std::mem::take(&mut self.pending_tables);
        let had_map = self.analyses.thematic.is_some();
        for path in tables {
            self.join_best(target, &path);
        }
        // Tables opened together: the map starts on the newest edition.
        if !had_map
            && let Some(t) = &self.analyses.thematic
            && let Some(newest) = self
                .layer(t.layer)
                .and_then(|e| e.editions.len().checked_sub(1))
            && t.settings.edition != Some(newest)
        {
            let mut s = t.settings.clone();
            s.edition = Some(newest);
            let layer = t.layer;
            self.set_thematic(layer, s);
        }
    }

    /// Read a table and join it with the best-matching key pair.
    fn join_best(&mut self, layer: LayerId, path: &Path) {
        let table = match read_table(path) {
            Ok(t) => t,
            Err(e) => {
                self.error(e.bilingual());
                return;
            }
        };
        let Some(Layer::Areas(area_layer)) = self.layer(layer).map(|l| &l.layer) else {
            return;
        };
        let Some(best) = suggest_keys(area_layer, &table).into_iter().next() else {
            let (table, layer, path) = (&table.name, &area_layer.name, path.display());
            self.error(crate::bilingual!(
                "Tabelle „{table}“ passt zu keinem Gebiet der Ebene „{layer}“: kein Schlüssel stimmt \
                 überein. Mit „Tabelle verknüpfen…“ lassen sich die Schlüsselspalten wählen: {path}",
                "Table “{table}” matches no area of the layer “{layer}”: no key agrees. “Join \
                 table…” lets you choose the key columns: {path}"
            ));
            return;
        };
        self.join_table(layer, path, &best.left, &best.right, false);
    }

    /// Join a table to an area layer by the given key columns and keep it as an edition.
    /// `announce`: say so even when everything matched (a join the user asked for).
    pub(super) fn join_table(
        &mut self,
        layer: LayerId,
        path: &Path,
        left: &str,
        right: &str,
        announce: bool,
    ) {
        let table = match read_table(path) {
            Ok(t) => t,
            Err(e) => {
                self.error(e.bilingual());
                return;
            }
        };
        let Some(entry) = self.layers.iter_mut().find(|l| l.id == layer) else {
            return;
        };
        let Layer::Areas(area_layer) = &entry.layer else {
            return;
        };
        let edition = match join(area_layer, left, &table, right) {
            Ok(e) => e,
            Err(e) => {
                self.error(e.bilingual());
                return;
            }
        };
        let summary = Bilingual::new(
            format!("{}: {}", table.name, edition.report.summary(false)),
            format!("{}: {}", table.name, edition.report.summary(true)),
        );
        let complete = edition.report.rows_without_area.is_empty()
            && edition.report.areas_without_data.is_empty()
            && edition.report.duplicate_keys.is_empty()
            && edition.report.duplicate_area_keys.is_empty();
        // A table joined again replaces its earlier edition.
        entry.editions.retain(|e| e.path != edition.path);
        let label = edition.label.clone();
        entry.editions.push(edition);
        sort_editions(&mut entry.editions);
        let index = entry.editions.iter().position(|e| e.label == label);
        let table_notes = table.report.notes.clone();
        if announce || !complete {
            self.messages.push(Message {
                kind: if complete {
                    MessageKind::Info
                } else {
                    MessageKind::Warning
                },
                text: summary,
                report: None,
            });
        }
        for n in table_notes {
            self.messages.push(Message {
                kind: MessageKind::Info,
                text: n.map(|n, _| format!("{}: {n}", table.name)),
                report: None,
            });
        }
        // The report opens by itself only when something did not match.
        if !complete {
            self.join_open = Some((layer, index.unwrap_or(0)));
        }
        // The newest edition of a layer without a map yet becomes the map.
        let newest = self
            .layer(layer)
            .map_or(0, |e| e.editions.len().saturating_sub(1));
        match &self.analyses.thematic {
            Some(t) if t.layer == layer => {
                let mut s = t.settings.clone();
                // Indices shifted by the sort: keep showing the same edition by label.
                if let Some(shown) = t
                    .settings
                    .edition
                    .and_then(|i| self.edition_label(layer, i))
                {
                    s.edition = self.edition_index(layer, &shown);
                }
                self.set_thematic(layer, s);
            }
            Some(_) => {}
            None => {
                if let Some(field) = self.default_field(layer, newest) {
                    self.set_thematic(layer, ThematicSettings::new(&field, Some(newest)));
                }
            }
        }
    }

    fn edition_label(&self, layer: LayerId, i: usize) -> Option<String> {
        self.layer(layer)?.editions.get(i).map(|e| e.label.clone())
    }

    fn edition_index(&self, layer: LayerId, label: &str) -> Option<usize> {
        self.layer(layer)?
            .editions
            .iter()
            .position(|e| e.label == label)
    }

    /// The indicator shown first: the SGB-II rate when there is one, else the first rate
    /// where higher means more disadvantage, else the first numeric column.
    fn default_field(&self, layer: LayerId, edition: usize) -> Option<String> {
        let e = self.layer(layer)?.editions.get(edition)?;
        let numeric: Vec<&str> = e
            .schema
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Number)
            .map(|f| f.name.as_str())
            .collect();
        numeric
            .iter()
            .find(|f| **f == crate::model::conventions::SGB2_RATE_FIELD)
            .or_else(|| {
                numeric.iter().find(|f| {
                    self.labels
                        .get(f)
                        .is_some_and(|m| m.direction > 0 && m.is_rate())
                })
            })
            .or_else(|| numeric.first())
            .map(|s| (*s).to_owned())
    }

    /// The fields of a layer's merged table (layer attributes + edition), without copying
    /// any rows: what the panel lists every frame.
    pub fn layer_schema(&self, layer: LayerId, edition: Option<usize>) -> Option<Schema> {
        let entry = self.layer(layer)?;
        let mut schema = entry.layer.schema().clone();
        if let Some(e) = edition.and_then(|i| entry.editions.get(i)) {
            for f in &e.schema.fields {
                match schema.index_of(&f.name) {
                    Some(i) => schema.fields[i] = f.clone(),
                    None => schema.fields.push(f.clone()),
                }
            }
        }
        Some(schema)
    }

    /// The merged table (layer attributes + edition) of a layer.
    pub fn layer_table(&self, layer: LayerId, edition: Option<usize>) -> Option<AreaTable> {
        let entry = self.layer(layer)?;
        let Layer::Areas(l) = &entry.layer else {
            return None;
        };
        let e = edition
            .and_then(|i| entry.editions.get(i))
            .map(edition_table);
        Some(base_table(l, e.as_ref()))
    }

    /// Show a class map of a layer with the given settings (recomputed now).
    pub(super) fn set_thematic(&mut self, layer: LayerId, settings: ThematicSettings) {
        let Some(base) = self.layer_table(layer, settings.edition) else {
            return;
        };
        let Some(Layer::Areas(area_layer)) = self.layer(layer).map(|l| &l.layer) else {
            return;
        };
        let rows = match level_table(area_layer, &base, settings.level, &self.labels) {
            Ok(t) => t,
            Err(e) => {
                self.error(e);
                return;
            }
        };
        let level_layer = if settings.level == Level::Base {
            None
        } else {
            let key = (layer, settings.level);
            match self.level_layers.get(&key) {
                Some(l) => Some(Arc::clone(l)),
                None => {
                    let field = settings.level.group_field(&base.schema).unwrap_or_default();
                    let grouping = group_by(&base, field);
                    let built = grouping.map(|g| {
                        Arc::new(aggregate_layer(
                            area_layer,
                            &g,
                            &format!("{} – {}", area_layer.name, settings.level.label_de()),
                        ))
                    });
                    if let Some(b) = &built {
                        self.level_layers.insert(key, Arc::clone(b));
                    }
                    built
                }
            }
        };
        let view = build_view(rows, &self.labels, &settings);
        let (brushed, scatter_y) = match &self.analyses.thematic {
            Some(t) if t.layer == layer && t.settings.level == settings.level => {
                (t.brushed.clone(), t.scatter_y.clone())
            }
            Some(t) => (BTreeSet::new(), t.scatter_y.clone()),
            None => (BTreeSet::new(), None),
        };
        let scatter_y = scatter_y.or_else(|| self.default_scatter_y(&view));
        self.analyses.thematic = Some(Thematic {
            layer,
            settings,
            view,
            level_layer,
            brushed,
            scatter_y,
        });
    }

    fn default_scatter_y(&self, view: &ThematicView) -> Option<String> {
        let wanted = ["kinderarmut", "arbeitslosenquote", "alleinerziehende"];
        wanted
            .iter()
            .find(|w| **w != view.settings.field && view.table.schema.index_of(w).is_some())
            .map(|s| (*s).to_owned())
            .or_else(|| {
                view.table
                    .numeric_fields()
                    .find(|f| f.name != view.settings.field)
                    .map(|f| f.name.clone())
            })
    }

    /// Change the palette to the method's natural kind when the user has not chosen one.
    pub fn suggested_palette(settings: &ThematicSettings) -> Palette {
        use crate::analysis::classify::Method;
        match settings.method {
            Method::StdMean | Method::BoxPlot => Palette::DEFAULT_DIVERGING,
            _ => Palette::DEFAULT_SEQUENTIAL,
        }
    }

    pub(super) fn brush(&mut self, rows: BTreeSet<usize>) {
        let Some(t) = &mut self.analyses.thematic else {
            return;
        };
        let n = t.rows();
        t.brushed = rows.into_iter().filter(|r| *r < n).collect();
        // A single brushed base area is also the selection shown in the info panel.
        if t.settings.level == Level::Base && t.brushed.len() == 1 {
            let layer = t.layer;
            self.selection = t
                .brushed
                .first()
                .map(|&feature| super::FeatureRef { layer, feature });
        }
    }

    fn error(&mut self, text: Bilingual) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text,
            report: None,
        });
    }
}

/// An edition as a table.
pub fn edition_table(e: &Edition) -> AreaTable {
    AreaTable::new(e.schema.clone(), e.values.clone())
}

/// Cache of aggregated geometry per layer and level.
pub type LevelLayers = HashMap<(LayerId, Level), Arc<AreaLayer>>;

/// Tables listed among paths to open are split off to be joined.
pub fn split_tables(paths: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    paths.into_iter().partition(|p| !is_table_path(p))
}
