//! Saved views, pins and area notes in the state: capture the current view, bring a saved
//! one back (layers, class map, index map, selection, extent with a smooth move), place and
//! edit pins, write notes, export pins and notes.

use std::path::PathBuf;

use super::project::{map_name, map_of};
use super::{AppState, Command, FeatureRef, IndexCommand, LayerId};
use crate::i18n::{Bilingual, Noun, Words};
use crate::model::Layer;
use crate::model::value::looks_like_identifier_name;
use crate::workshop::export::{notes_csv, pins_csv, pins_geojson};
use crate::workshop::{AreaNote, NoteSource, PinCategory, SavedView, Workshop, today_iso};

/// What the user does with views, pins and notes.
#[derive(Debug, Clone)]
pub enum WorkshopCommand {
    /// Save what the map shows now, with its extent (lon/lat).
    SaveView {
        bbox: [f64; 4],
        title: String,
    },
    /// Bring a saved view back.
    ShowView(usize),
    /// Change a view's title and caption.
    EditView {
        view: usize,
        title: String,
        caption: String,
    },
    /// Replace a view's content with what the map shows now (keeping its title).
    UpdateView {
        view: usize,
        bbox: [f64; 4],
    },
    MoveView {
        view: usize,
        delta: i32,
    },
    DeleteView(usize),
    AddPin {
        lon: f64,
        lat: f64,
        category: PinCategory,
        comment: String,
    },
    EditPin {
        number: u32,
        category: PinCategory,
        comment: String,
    },
    DeletePin(u32),
    /// Pins in exported maps.
    SetPinsInExports(bool),
    /// Take a whole workshop (views, pins, notes) from an opened project.
    Restore(Box<Workshop>),
    AddNote {
        area: FeatureRef,
        text: String,
        source: NoteSource,
        date: String,
    },
    DeleteNote(usize),
    /// Pins as GeoJSON or CSV (by the extension).
    ExportPins(PathBuf),
    ExportNotes(PathBuf),
}

impl AppState {
    /// The view the map shows now, with this extent.
    pub fn capture_view(&self, bbox: [f64; 4], title: &str) -> SavedView {
        let position = |id: LayerId| self.layers.iter().position(|l| l.id == id);
        SavedView {
            title: title.to_owned(),
            caption: String::new(),
            bbox,
            visible: self.layers.iter().map(|l| l.visible).collect(),
            thematic: self.project_thematic(),
            index_map: self
                .analyses
                .index
                .as_ref()
                .and_then(|ix| ix.map)
                .map(|m| map_name(m).to_owned()),
            selection: self
                .selection
                .and_then(|s| Some([position(s.layer)?, s.feature])),
        }
    }

    /// The key and name of an area for its notes: the value of its join key or id field
    /// (e.g. "SR-5-1"), else its title.
    pub fn note_key(&self, area: FeatureRef) -> Option<(String, String)> {
        let entry = self.layer(area.layer)?;
        let Layer::Areas(l) = &entry.layer else {
            return None;
        };
        let a = l.areas.get(area.feature)?;
        let name = l.feature_title(area.feature);
        let join_key = entry.editions.first().map(|e| e.report.left_key.as_str());
        let key = l
            .schema
            .fields
            .iter()
            .zip(&a.values)
            .filter(|(f, _)| {
                join_key.map_or_else(|| looks_like_identifier_name(&f.name), |k| f.name == k)
            })
            .find_map(|(_, v)| match v {
                crate::model::Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
                crate::model::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| name.clone());
        Some((key, name))
    }

    pub(super) fn apply_workshop(&mut self, c: WorkshopCommand) {
        let w = &mut self.analyses.workshop;
        match c {
            WorkshopCommand::SaveView { bbox, title } => {
                let v = self.capture_view(bbox, &title);
                self.analyses.workshop.views.push(v);
                self.active_view = Some(self.analyses.workshop.views.len() - 1);
            }
            WorkshopCommand::ShowView(i) => self.show_view(i),
            WorkshopCommand::EditView {
                view,
                title,
                caption,
            } => {
                if let Some(v) = w.views.get_mut(view) {
                    v.title = title;
                    v.caption = caption;
                }
            }
            WorkshopCommand::UpdateView { view, bbox } => {
                if let Some(old) = self.analyses.workshop.views.get(view) {
                    let mut v = self.capture_view(bbox, &old.title);
                    v.caption = old.caption.clone();
                    self.analyses.workshop.views[view] = v;
                }
            }
            WorkshopCommand::MoveView { view, delta } => {
                let to = w.move_view(view, delta);
                if self.active_view == Some(view) {
                    self.active_view = Some(to);
                } else if self.active_view == Some(to) {
                    self.active_view = Some(view);
                }
            }
            WorkshopCommand::DeleteView(i) => {
                if i < w.views.len() {
                    w.views.remove(i);
                    self.active_view = match self.active_view {
                        Some(a) if a == i => None,
                        Some(a) if a > i => Some(a - 1),
                        a => a,
                    };
                }
            }
            WorkshopCommand::AddPin {
                lon,
                lat,
                category,
                comment,
            } => w.add_pin(lon, lat, category, &comment, &today_iso()),
            WorkshopCommand::EditPin {
                number,
                category,
                comment,
            } => {
                if let Some(p) = w.pins.iter_mut().find(|p| p.number == number) {
                    p.category = category;
                    p.comment = comment.trim().to_owned();
                }
            }
            WorkshopCommand::DeletePin(number) => w.pins.retain(|p| p.number != number),
            WorkshopCommand::SetPinsInExports(on) => self.analyses.workshop.pins_in_exports = on,
            WorkshopCommand::Restore(w) => self.analyses.workshop = *w,
            WorkshopCommand::AddNote {
                area,
                text,
                source,
                date,
            } => {
                if text.trim().is_empty() {
                    return;
                }
                if let Some((key, name)) = self.note_key(area) {
                    self.analyses.workshop.notes.push(AreaNote {
                        area: key,
                        area_name: name,
                        text: text.trim().to_owned(),
                        source,
                        date,
                    });
                }
            }
            WorkshopCommand::DeleteNote(i) => {
                if i < w.notes.len() {
                    w.notes.remove(i);
                }
            }
            WorkshopCommand::ExportPins(path) => {
                let csv = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                let text = if csv {
                    pins_csv(&self.analyses.workshop.pins)
                } else {
                    pins_geojson(&self.analyses.workshop.pins)
                };
                let n = self.analyses.workshop.pins.len();
                let done = Bilingual::new(
                    format!("{} exportiert", Words::new(false).count_of(n, Noun::PIN)),
                    format!("{} exported", Words::new(true).count_of(n, Noun::PIN)),
                );
                self.write_export(&path, &text, done);
            }
            WorkshopCommand::ExportNotes(path) => {
                let text = notes_csv(&self.analyses.workshop.notes);
                let n = self.analyses.workshop.notes.len();
                let done = Bilingual::new(
                    format!(
                        "{} exportiert",
                        Words::new(false).count_of(n, Noun::WORKSHOP_NOTE)
                    ),
                    format!(
                        "{} exported",
                        Words::new(true).count_of(n, Noun::WORKSHOP_NOTE)
                    ),
                );
                self.write_export(&path, &text, done);
            }
        }
    }

    fn write_export(&mut self, path: &std::path::Path, text: &str, done: Bilingual) {
        let shown = path.display();
        let message = match crate::io::atomic::write_atomic(path, text.as_bytes()) {
            Ok(()) => Command::Notify(false, done.map(|d, _| format!("{d}: {shown}"))),
            Err(e) => Command::Notify(
                true,
                crate::bilingual!(
                    "Datei kann nicht geschrieben werden ({e}): {shown}",
                    "File cannot be written ({e}): {shown}"
                ),
            ),
        };
        self.apply(message);
    }

    /// Bring a saved view back: layers, class map, index map, selection, and the extent with
    /// a smooth move.
    fn show_view(&mut self, i: usize) {
        let Some(v) = self.analyses.workshop.views.get(i).cloned() else {
            return;
        };
        let ids: Vec<LayerId> = self.layers.iter().map(|l| l.id).collect();
        let id_of = |p: usize| ids.get(p).copied();
        for (p, visible) in v.visible.iter().enumerate() {
            if let Some(id) = id_of(p) {
                self.apply(Command::SetVisible(id, *visible));
            }
        }
        match &v.thematic {
            Some(t) if self.project_thematic().as_ref() != Some(t) => {
                self.apply_project_thematic(t, &id_of);
            }
            Some(_) => {}
            None => self.apply(Command::ClearThematic),
        }
        if self.analyses.index.is_some() {
            let map = map_of(v.index_map.as_deref());
            let now = self.analyses.index.as_ref().and_then(|ix| ix.map);
            if map != now {
                self.apply(Command::Index(IndexCommand::ShowOnMap(map)));
            }
        }
        let selection = v.selection.and_then(|[l, f]| {
            Some(FeatureRef {
                layer: id_of(l)?,
                feature: f,
            })
        });
        self.apply(Command::Select(selection));
        self.active_view = Some(i);
        self.request_fit(Some(v.bbox));
        self.fit_view = true;
    }
}
