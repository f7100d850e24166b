//! The application state to and from a project file: layers, joined tables, the class map,
//! the index, the reach analysis with its hypothetical offices. Opening a project loads the
//! files synchronously (a project is small) and restores every setting in order; files that
//! moved are reported and the rest opens.

use std::path::Path;

use super::{AppState, AreaStyle, Command, IndexMap, LayerId, Message, MessageKind};
use crate::analysis::aggregate::Level;
use crate::analysis::classify::Method;
use crate::analysis::palette::Palette;
use crate::analysis::privacy::PrivacyRules;
use crate::analysis::thematic::ThematicSettings;
use crate::model::{FacilityKind, Layer};
use crate::project::paths::{relative, resolve};
use crate::project::{Project, ProjectLayer, ProjectTable, ProjectThematic};

fn level_name(l: Level) -> &'static str {
    match l {
        Level::Base => "sozialraum",
        Level::Stadtteil => "stadtteil",
        Level::Sozialrathaus => "sozialrathaus",
    }
}

fn level_of(s: &str) -> Level {
    match s {
        "stadtteil" => Level::Stadtteil,
        "sozialrathaus" => Level::Sozialrathaus,
        _ => Level::Base,
    }
}

fn kind_name(k: FacilityKind) -> &'static str {
    match k {
        FacilityKind::Nachbarschaftsbuero => "nachbarschaftsbuero",
        FacilityKind::Sozialrathaus => "sozialrathaus",
        FacilityKind::Kita => "kita",
        FacilityKind::Familienzentrum => "familienzentrum",
        FacilityKind::Jugendhaus => "jugendhaus",
        FacilityKind::Seniorentreff => "seniorentreff",
        FacilityKind::Haltestelle => "haltestelle",
        FacilityKind::Other => "einrichtung",
    }
}

pub(super) fn edition_index(s: &AppState, layer: LayerId, label: &Option<String>) -> Option<usize> {
    label
        .as_ref()
        .and_then(|l| s.layer(layer)?.editions.iter().position(|e| &e.label == l))
}

/// The index map's name in project files and saved views.
pub(crate) fn map_name(m: IndexMap) -> &'static str {
    match m {
        IndexMap::Gesamt => "gesamt",
        IndexMap::Status => "status",
        IndexMap::Dynamik => "dynamik",
    }
}

pub(crate) fn map_of(name: Option<&str>) -> Option<IndexMap> {
    match name {
        Some("gesamt") => Some(IndexMap::Gesamt),
        Some("status") => Some(IndexMap::Status),
        Some("dynamik") => Some(IndexMap::Dynamik),
        _ => None,
    }
}

impl AppState {
    /// The project of what is open now, for a project file at `path`; `basemap` is the
    /// window's basemap (a source id or an MBTiles path).
    pub fn to_project(&self, path: &Path, basemap: Option<String>) -> Project {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut p = Project {
            // An MBTiles file is stored like a layer's file (relative to the project).
            basemap: basemap.map(|b| {
                if b.ends_with(".mbtiles") {
                    relative(dir, Path::new(&b))
                } else {
                    b
                }
            }),
            ..Project::default()
        };
        for entry in &self.layers {
            p.layers.push(ProjectLayer {
                path: relative(dir, Path::new(&entry.report.path)),
                visible: entry.visible,
                style: match entry.style {
                    AreaStyle::Fill => "flaechen",
                    AreaStyle::Boundary => "grenzen",
                }
                .to_owned(),
                facility_kind: match &entry.layer {
                    Layer::Facilities(f) => Some(kind_name(f.kind).to_owned()),
                    Layer::Areas(_) => None,
                },
            });
            for e in &entry.editions {
                if let Some(layer) = self.position(entry.id) {
                    p.tables.push(ProjectTable {
                        layer,
                        path: relative(dir, &e.path),
                        left_key: e.report.left_key.clone(),
                        right_key: e.report.right_key.clone(),
                    });
                }
            }
        }
        // Every analysis writes its own part (the registry's loop).
        for part in self.analyses.parts() {
            part.save(self, &mut p);
        }
        p
    }

    /// Open a project in place of what is open (files that moved are reported as errors;
    /// everything else opens).
    pub(super) fn open_project(&mut self, project: &Project, path: &Path) {
        let dir = path.parent().unwrap_or(Path::new("."));
        *self = AppState {
            lang: self.lang,
            ..AppState::default()
        };
        // Layers in order, so that indices in the file name the same layers.
        let mut ids: Vec<Option<LayerId>> = Vec::new();
        for l in &project.layers {
            let file = resolve(dir, &l.path);
            if !file.exists() {
                let file = file.display();
                self.project_error(crate::bilingual!(
                    "Datei des Projekts nicht gefunden – bitte suchen und neu öffnen: {file}",
                    "A file of the project was not found – please find it and open it again: \
                     {file}"
                ));
                ids.push(None);
                continue;
            }
            let before = self.layers.len();
            self.load_now(std::slice::from_ref(&file));
            let id = self.layers.get(before).map(|e| e.id);
            if let Some(id) = id {
                self.apply(Command::SetVisible(id, l.visible));
                self.apply(Command::SetAreaStyle(
                    id,
                    if l.style == "grenzen" {
                        AreaStyle::Boundary
                    } else {
                        AreaStyle::Fill
                    },
                ));
                if let Some(k) = &l.facility_kind
                    && let Some(kind) = FacilityKind::ALL.into_iter().find(|f| kind_name(*f) == k)
                {
                    self.apply(Command::SetFacilityKind(id, kind));
                }
            }
            ids.push(id);
        }
        let id_of = |i: usize| ids.get(i).copied().flatten();
        for t in &project.tables {
            let file = resolve(dir, &t.path);
            match id_of(t.layer) {
                Some(layer) if file.exists() => self.apply(Command::JoinTable {
                    layer,
                    path: file,
                    left_key: t.left_key.clone(),
                    right_key: t.right_key.clone(),
                }),
                _ => {
                    let file = file.display();
                    self.project_error(crate::bilingual!(
                        "Tabelle des Projekts nicht gefunden – bitte suchen und neu verknüpfen: \
                         {file}",
                        "A table of the project was not found – please find it and join it \
                         again: {file}"
                    ))
                }
            }
        }
        // Every analysis comes back through its commands (the registry's loop, in order).
        let restore: Vec<Command> = self
            .analyses
            .parts()
            .iter()
            .flat_map(|part| part.restore(self, project, &id_of))
            .collect();
        for command in restore {
            self.apply(command);
        }
        self.request_fit(self.all_bbox());
    }

    /// The class map as a project (or a saved view) stores it.
    pub(crate) fn project_thematic(&self) -> Option<ProjectThematic> {
        let t = self.analyses.thematic.as_ref()?;
        let layer = self.layers.iter().position(|l| l.id == t.layer)?;
        let s = &t.settings;
        Some(ProjectThematic {
            layer,
            field: s.field.clone(),
            edition: s
                .edition
                .and_then(|i| self.layer(t.layer)?.editions.get(i))
                .map(|e| e.label.clone()),
            level: level_name(s.level).to_owned(),
            method: s.method.cli_name().to_owned(),
            classes: s.k,
            breaks: s.manual.clone(),
            palette: s.palette.name().to_owned(),
            reversed: s.reversed,
            privacy_enabled: s.privacy.enabled,
            min_population: s.privacy.min_population,
            min_count: s.privacy.min_count,
        })
    }

    /// Show a stored class map; `id_of` turns the stored layer position into a layer id.
    pub(crate) fn apply_project_thematic(
        &mut self,
        t: &ProjectThematic,
        id_of: &dyn Fn(usize) -> Option<LayerId>,
    ) {
        if let Some(c) = self.thematic_command(t, id_of) {
            self.apply(c);
        }
    }

    /// The command that shows a stored class map (none when its layer is not open).
    pub(crate) fn thematic_command(
        &self,
        t: &ProjectThematic,
        id_of: &dyn Fn(usize) -> Option<LayerId>,
    ) -> Option<Command> {
        let layer = id_of(t.layer)?;
        let mut s = ThematicSettings::new(&t.field, edition_index(self, layer, &t.edition));
        s.level = level_of(&t.level);
        s.method = Method::from_cli_name(&t.method).unwrap_or(Method::Quantile);
        s.k = t.classes;
        s.manual = t.breaks.clone();
        s.palette = Palette::from_name(&t.palette).unwrap_or(Palette::DEFAULT_SEQUENTIAL);
        s.reversed = t.reversed;
        s.privacy = PrivacyRules {
            enabled: t.privacy_enabled,
            min_population: t.min_population,
            min_count: t.min_count,
            ..PrivacyRules::default()
        };
        Some(Command::SetThematic(layer, s))
    }

    fn project_error(&mut self, text: crate::i18n::Bilingual) {
        self.messages.push(Message {
            kind: MessageKind::Error,
            text,
            report: None,
        });
    }
}
