//! What the window shows, as export content: the class map (or index map) with its legend,
//! Stadtteil boundaries with names, facility symbols (hypothetical offices hollow), the data
//! sources with "fiktive Beispieldaten", and the index's method note. The CLI builds an
//! `AppState` from files and calls the same function, so both export the same map.

use super::{AppState, AreaStyle};
use crate::analysis::index::{DynamicsClass, StatusClass};
use crate::analysis::palette::{DYNAMICS_COLOURS, SUPPRESSED};
use crate::analysis::palette::{GESAMT_COLOURS, INDEX_WITHOUT_CLASS, STATUS_COLOURS};
use crate::analysis::privacy::Datum;
use crate::analysis::thematic::LegendKind;
use crate::export::content::{
    AreaShape, Boundary, FacilitySet, Legend, LegendRow, MapContent, Mark, MatrixLegend, Swatch,
};
use crate::export::scene::Rgba;
use crate::i18n::Lang;
use crate::model::Layer;
use crate::state::IndexMap;
use crate::theme::{self, SymbolShape};

fn rgba(c: egui::Color32) -> Rgba {
    c.to_srgba_unmultiplied()
}

fn opaque([r, g, b]: [u8; 3]) -> Rgba {
    [r, g, b, 255]
}

/// Screen symbol radius (pixels) to paper (millimetres).
const SYMBOL_MM_PER_PX: f64 = 0.26;

impl AppState {
    /// The data sources behind what is shown: the mapped edition with its source, then each
    /// visible layer's sources ("fiktive Beispieldaten" among them).
    pub fn data_sources(&self) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        if let Some(th) = &self.thematic
            && let Some(e) = th
                .settings
                .edition
                .and_then(|e| self.layer(th.layer)?.editions.get(e))
        {
            let source = self
                .labels
                .get(&th.settings.field)
                .map(|m| m.source.clone())
                .filter(|s| !s.is_empty());
            let line = match source {
                Some(s) => format!("{} ({}) – {s}", e.table_name, e.label),
                None => format!("{} ({})", e.table_name, e.label),
            };
            seen.insert(line.clone());
            lines.push(line);
        }
        for entry in self.layers.iter().filter(|l| l.visible) {
            for src in &entry.sources {
                if seen.insert(src.clone()) {
                    lines.push(src.clone());
                }
            }
        }
        lines
    }

    /// Everything the map shows, ready for the page layout; `bbox` is the part to show.
    pub fn map_content(&self, bbox: [f64; 4]) -> MapContent {
        let english = self.lang == Lang::En;
        let mut c = MapContent {
            bbox,
            full_bbox: self.all_bbox(),
            ..MapContent::default()
        };
        let index = self.shown_index();
        for entry in self.layers.iter().filter(|l| l.visible) {
            match &entry.layer {
                Layer::Areas(layer) if entry.style == AreaStyle::Boundary => {
                    for (i, a) in layer.areas.iter().enumerate() {
                        let name = layer.feature_title(i);
                        c.boundaries.push(Boundary {
                            geometry: a.geometry.clone(),
                            name: Some(name),
                            label_at: (a.label_point().x(), a.label_point().y()),
                        });
                    }
                }
                Layer::Areas(layer) => {
                    let th = self.thematic.as_ref().filter(|t| t.layer == entry.id);
                    let shown = th.and_then(|t| t.level_layer.as_deref()).unwrap_or(layer);
                    for (i, a) in shown.areas.iter().enumerate() {
                        let (fill, hatch) = match (th, index) {
                            (Some(_), Some((ix, map))) => (opaque(ix.colour(i, map)), false),
                            (Some(t), None) => (
                                opaque(t.view.colour(i)),
                                t.view.data.get(i) == Some(&Datum::Suppressed),
                            ),
                            (None, _) => (rgba(theme::AREA_FILL), false),
                        };
                        c.areas.push(AreaShape {
                            geometry: a.geometry.clone(),
                            fill,
                            hatch,
                            highlight: false,
                        });
                    }
                }
                Layer::Facilities(f) => {
                    let s = theme::symbol(f.kind);
                    c.facilities.push(FacilitySet {
                        name: crate::ui::facility_kind_name(f.kind, self.lang.texts()).to_owned(),
                        mark: mark(s.shape),
                        fill: rgba(s.fill),
                        stroke: rgba(s.stroke),
                        radius_mm: f64::from(s.radius) * SYMBOL_MM_PER_PX,
                        points: f
                            .facilities
                            .iter()
                            .map(|p| (p.position.x(), p.position.y()))
                            .collect(),
                        hollow: false,
                    });
                }
            }
        }
        if let Some(r) = &self.reach
            && !r.hypothetical.is_empty()
        {
            let s = theme::symbol(r.kind);
            c.facilities.push(FacilitySet {
                name: if english {
                    "hypothetical office".to_owned()
                } else {
                    "angenommenes Büro".to_owned()
                },
                mark: Mark::Circle,
                fill: rgba(s.fill),
                stroke: rgba(s.stroke),
                radius_mm: 2.0,
                points: r.hypothetical.iter().map(|h| (h.lon, h.lat)).collect(),
                hollow: true,
            });
        }
        if self.workshop.pins_in_exports {
            for cat in crate::workshop::PinCategory::ALL {
                let points: Vec<(f64, f64)> = self
                    .workshop
                    .pins
                    .iter()
                    .filter(|p| p.category == cat)
                    .map(|p| (p.lon, p.lat))
                    .collect();
                if points.is_empty() {
                    continue;
                }
                let [r, g, b] = cat.rgb();
                c.facilities.push(FacilitySet {
                    name: format!(
                        "Pin: {}",
                        if english {
                            cat.label_en()
                        } else {
                            cat.label_de()
                        }
                    ),
                    mark: Mark::Circle,
                    fill: [r, g, b, 255],
                    stroke: [0, 0, 0, 255],
                    radius_mm: 1.8,
                    points,
                    hollow: false,
                });
            }
        }
        c.legend = self.export_legend(&c);
        c.sources = self.data_sources();
        if self.workshop.pins_in_exports && !self.workshop.pins.is_empty() {
            c.sources.push(if english {
                format!("Pins: workshop input ({})", self.workshop.pins.len())
            } else {
                format!(
                    "Pins: Beiträge aus der Beteiligung ({})",
                    self.workshop.pins.len()
                )
            });
        }
        c.fictitious = self.shows_fictitious();
        c.method_note = index.map(|(ix, _)| {
            let name = |f: &str| self.labels.label(f, english);
            ix.method_note(english, &name)
        });
        c
    }

    /// The index when it colours the class map.
    fn shown_index(&self) -> Option<(&super::IndexState, IndexMap)> {
        let th = self.thematic.as_ref()?;
        let ix = self.index.as_ref()?;
        let map = ix.map?;
        (ix.request.layer == th.layer && th.level_layer.is_none()).then_some((ix, map))
    }

    fn export_legend(&self, c: &MapContent) -> Legend {
        let english = self.lang == Lang::En;
        let mut legend = Legend::default();
        if let Some((ix, map)) = self.shown_index() {
            index_legend(&mut legend, ix, map, english);
        } else if let Some(th) = &self.thematic {
            let edition = th
                .settings
                .edition
                .and_then(|e| self.layer(th.layer)?.editions.get(e))
                .map(|e| format!(" {}", e.label))
                .unwrap_or_default();
            let unit = if th.view.unit.is_empty() {
                String::new()
            } else {
                format!(" ({})", th.view.unit)
            };
            legend.title = format!(
                "{}{edition}{unit}",
                self.labels.label(&th.settings.field, english)
            );
            legend.subtitle = format!(
                "{} · {}",
                if english {
                    th.settings.level.label_en()
                } else {
                    th.settings.level.label_de()
                },
                if english {
                    th.settings.method.label_en()
                } else {
                    th.settings.method.label_de()
                }
            );
            let t = self.lang.texts();
            legend.count_titles = Some((t.areas.to_owned(), t.residents.to_owned()));
            for row in &th.view.legend {
                let (swatch, label) = match row.kind {
                    LegendKind::Class(_) => (Swatch::Fill(opaque(row.colour)), row.label.clone()),
                    LegendKind::NoData => (Swatch::Fill(opaque(row.colour)), t.no_data.to_owned()),
                    LegendKind::Suppressed => (
                        Swatch::Hatched(opaque(SUPPRESSED)),
                        format!("{} ({})", t.suppressed, t.privacy),
                    ),
                };
                legend.rows.push(LegendRow {
                    swatch,
                    label,
                    areas: Some(row.areas),
                    residents: row.residents.map(crate::model::value::format_number_de),
                });
            }
            legend.notes.push(if english {
                th.settings.privacy.statement_en()
            } else {
                th.settings.privacy.statement_de()
            });
        }
        if !c.boundaries.is_empty() {
            legend.rows.push(LegendRow {
                swatch: Swatch::Line([35, 35, 35, 255], 0.45),
                label: if english {
                    "District boundary"
                } else {
                    "Stadtteilgrenze"
                }
                .to_owned(),
                areas: None,
                residents: None,
            });
        }
        for f in &c.facilities {
            legend.rows.push(LegendRow {
                swatch: Swatch::Symbol(f.mark, f.fill, f.stroke),
                label: f.name.clone(),
                areas: None,
                residents: None,
            });
        }
        legend
    }
}

fn mark(s: SymbolShape) -> Mark {
    match s {
        SymbolShape::Circle => Mark::Circle,
        SymbolShape::Square => Mark::Square,
        SymbolShape::Diamond => Mark::Diamond,
    }
}

fn index_legend(legend: &mut Legend, ix: &super::IndexState, map: IndexMap, english: bool) {
    let r = &ix.result;
    let status = |s: StatusClass| {
        format!(
            "{} {}",
            s.number(),
            if english { s.label_en() } else { s.label_de() }
        )
    };
    let dynamics = |d: DynamicsClass| {
        format!(
            "{} {}",
            d.symbol(),
            if english { d.label_en() } else { d.label_de() }
        )
    };
    let period = match &r.dynamics_label {
        Some(before) if map != IndexMap::Status => format!(" {before} – {}", ix.edition_label),
        _ => format!(" {}", ix.edition_label),
    };
    match map {
        IndexMap::Gesamt if r.dynamics.is_some() => {
            legend.title = format!(
                "{}{period}",
                if english {
                    "Overall index (status × dynamics)"
                } else {
                    "Gesamtindex (Status × Dynamik)"
                }
            );
            let m = r.matrix();
            legend.matrix = Some(MatrixLegend {
                row_labels: StatusClass::ALL.iter().map(|s| status(*s)).collect(),
                column_labels: DynamicsClass::ALL.iter().map(|d| dynamics(*d)).collect(),
                colours: GESAMT_COLOURS
                    .iter()
                    .map(|row| row.iter().map(|c| opaque(*c)).collect())
                    .collect(),
                counts: m.iter().map(|row| row.to_vec()).collect(),
            });
        }
        IndexMap::Dynamik => {
            legend.title = format!(
                "{}{period}",
                if english {
                    "Dynamics index"
                } else {
                    "Dynamik-Index"
                }
            );
            let counts = r.dynamics_counts();
            for d in DynamicsClass::ALL {
                legend.rows.push(LegendRow {
                    swatch: Swatch::Fill(opaque(DYNAMICS_COLOURS[d.index()])),
                    label: dynamics(d),
                    areas: Some(counts[d.index()]),
                    residents: None,
                });
            }
        }
        _ => {
            legend.title = format!(
                "{}{period}",
                if english {
                    "Status index"
                } else {
                    "Status-Index"
                }
            );
            let counts = r.status_counts();
            for s in StatusClass::ALL {
                legend.rows.push(LegendRow {
                    swatch: Swatch::Fill(opaque(STATUS_COLOURS[s.index()])),
                    label: status(s),
                    areas: Some(counts[s.index()]),
                    residents: None,
                });
            }
        }
    }
    let without = (0..r.len())
        .filter(|&i| ix.colour(i, map) == INDEX_WITHOUT_CLASS)
        .count();
    legend.rows.push(LegendRow {
        swatch: Swatch::Fill(opaque(INDEX_WITHOUT_CLASS)),
        label: if english {
            "not assigned"
        } else {
            "ohne Zuordnung"
        }
        .to_owned(),
        areas: Some(without),
        residents: None,
    });
}
