//! The legend of a map export from the state: the classes of the class map (labels, counts
//! and residents in the page's language and number format) or of the index (the 4 × 3 matrix
//! with its axis names Status and Dynamik), then the map's elements — boundary line and
//! facility symbols with exactly the map's style — and the small print: the privacy rule and,
//! on a reach map, what share of the residents lives within each radius.

use super::opaque;
use super::texts::edition_year;
use crate::analysis::index::{DynamicsClass, StatusClass};
use crate::analysis::palette::{
    DYNAMICS_COLOURS, GESAMT_COLOURS, INDEX_WITHOUT_CLASS, STATUS_COLOURS, SUPPRESSED,
};
use crate::analysis::thematic::{LegendKind, ThematicView};
use crate::export::content::{BOUNDARY_LINE, Legend, LegendRow, MapContent, MatrixLegend, Swatch};
use crate::i18n::Lang;
use crate::i18n::Words;
use crate::state::{AppState, IndexMap, IndexState};

/// The title of an index map: "Gesamtindex (Status × Dynamik) 2022 – 2024".
pub(super) fn index_title(ix: &IndexState, map: IndexMap, english: bool) -> String {
    let w = Words::new(english);
    let period = match &ix.result.dynamics_label {
        Some(before) if map != IndexMap::Status => format!(" {before} – {}", ix.edition_label),
        _ => format!(" {}", ix.edition_label),
    };
    let name = match map {
        IndexMap::Gesamt if ix.result.dynamics.is_some() => w.pick(
            "Gesamtindex (Status × Dynamik)",
            "Overall index (status × dynamics)",
        ),
        IndexMap::Dynamik => w.pick("Dynamik-Index", "Dynamics index"),
        _ => w.pick("Status-Index", "Status index"),
    };
    format!("{name}{period}")
}

impl AppState {
    pub(super) fn export_legend(&self, c: &MapContent) -> Legend {
        let english = self.lang == Lang::En;
        let w = Words::new(english);
        let mut legend = Legend::default();
        if let Some((ix, map)) = self.shown_index() {
            index_legend(&mut legend, ix, map, english);
        } else if let Some(th) = &self.analyses.thematic {
            self.class_legend(&mut legend, &th.view, english);
        }
        if !c.boundaries.is_empty() {
            legend.elements.push(element(
                Swatch::Line(BOUNDARY_LINE.0, BOUNDARY_LINE.1),
                w.pick("Stadtteilgrenze", "District boundary"),
            ));
        }
        for f in &c.facilities {
            legend
                .elements
                .push(element(Swatch::Symbol(f.style), &f.name));
        }
        legend.notes.extend(self.coverage_notes(english));
        legend
    }

    fn class_legend(&self, legend: &mut Legend, view: &ThematicView, english: bool) {
        let w = Words::new(english);
        let s = &view.settings;
        let edition = s
            .edition
            .and_then(|e| {
                self.layer(self.analyses.thematic.as_ref()?.layer)?
                    .editions
                    .get(e)
            })
            .filter(|_| !self.is_reach_field(&s.field))
            .and_then(edition_year)
            .map(|y| format!(" {y}"))
            .unwrap_or_default();
        let unit = if view.unit.is_empty() {
            String::new()
        } else {
            format!(" ({})", w.unit(&view.unit))
        };
        legend.title = format!("{}{edition}{unit}", self.labels.label(&s.field, english));
        legend.subtitle = if english {
            format!("{} · {}", s.level.label_en(), s.method.label_en())
        } else {
            format!("{} · {}", s.level.label_de(), s.method.label_de())
        };
        legend.count_titles = Some((
            w.pick("Gebiete", "Areas").to_owned(),
            w.pick("Einwohner:innen", "Residents").to_owned(),
        ));
        for row in &view.legend {
            let swatch = match row.kind {
                LegendKind::Suppressed => Swatch::Hatched(opaque(SUPPRESSED)),
                _ => Swatch::Fill(opaque(row.colour)),
            };
            legend.rows.push(LegendRow {
                swatch,
                label: view.legend_label(row, w),
                areas: Some(row.areas),
                residents: row.residents.map(|r| w.number(r)),
            });
        }
        legend.notes.push(if english {
            s.privacy.statement_en()
        } else {
            s.privacy.statement_de()
        });
    }

    /// On a map of reach distances: the share of residents within each radius.
    fn coverage_notes(&self, english: bool) -> Vec<String> {
        let w = Words::new(english);
        let Some(th) = &self.analyses.thematic else {
            return Vec::new();
        };
        let Some(r) = self.analyses.reach.as_ref().filter(|r| r.areas == th.layer) else {
            return Vec::new();
        };
        if !self.is_reach_field(&th.settings.field) {
            return Vec::new();
        }
        r.coverage
            .iter()
            .filter_map(|c| {
                let share = w.share_of(c.resident_share()?, ("Einwohner:innen", "residents"));
                let radius = w.distance(c.radius);
                let of = if english {
                    format!(
                        "{} of {}",
                        c.areas_covered,
                        w.count(c.areas, "area", "areas")
                    )
                } else if c.areas == 1 {
                    format!("{} von 1 Gebiet", c.areas_covered)
                } else {
                    format!(
                        "{} von {} Gebieten",
                        c.areas_covered,
                        w.number(c.areas as f64)
                    )
                };
                let within = w.pick("innerhalb von", "within");
                Some(format!("{share} {within} {radius} ({of})"))
            })
            .collect()
    }
}

fn element(swatch: Swatch, label: &str) -> LegendRow {
    LegendRow {
        swatch,
        label: label.to_owned(),
        areas: None,
        residents: None,
    }
}

fn index_legend(legend: &mut Legend, ix: &IndexState, map: IndexMap, english: bool) {
    let w = Words::new(english);
    let r = &ix.result;
    let status = |s: StatusClass| {
        let name = if english { s.label_en() } else { s.label_de() };
        format!("{} {name}", s.number())
    };
    let dynamics = |d: DynamicsClass| {
        let name = if english { d.label_en() } else { d.label_de() };
        format!("{} {name}", d.symbol())
    };
    legend.title = index_title(ix, map, english);
    legend.count_titles = Some((w.pick("Gebiete", "Areas").to_owned(), String::new()));
    match map {
        IndexMap::Gesamt if r.dynamics.is_some() => {
            let m = r.matrix();
            legend.matrix = Some(MatrixLegend {
                row_title: "Status".to_owned(),
                column_title: w.pick("Dynamik", "Dynamics").to_owned(),
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
        label: w.pick("ohne Zuordnung", "not assigned").to_owned(),
        areas: Some(without),
        residents: None,
    });
}
