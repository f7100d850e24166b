//! Steckbrief pages from the window's state: one per row of the class map (Sozialraum or
//! Stadtteil), with the map zoomed to the area and its neighbours, its indicators against the
//! city (rates recomputed from summed numerators and denominators), its index class and
//! breakdown, and its distance to the nearest facility.

use super::AppState;
use crate::analysis::aggregate::Level;
use crate::analysis::privacy::Datum;
use crate::export::content::{LayoutSettings, LegendRow, SELECTED_LINE, Swatch};
use crate::export::steckbrief::Profile;
use crate::i18n::Lang;
use crate::i18n::Words;
use crate::model::conventions::{SOZIALRATHAUS_FIELD, STADTTEIL_FIELD};

mod sections;

impl AppState {
    /// How many Steckbrief pages the current class map gives.
    /// Whether the class map shows the base areas (Sozialräume): only then do the index and
    /// the reach, computed per base area, have a section in the Steckbrief.
    pub(in crate::state) fn base_level_shown(&self) -> bool {
        self.analyses
            .thematic
            .as_ref()
            .is_some_and(|t| t.settings.level == Level::Base)
    }

    pub fn steckbrief_count(&self) -> usize {
        self.analyses.thematic.as_ref().map_or(0, |t| t.rows())
    }

    /// The Steckbrief of one row of the class map.
    pub fn steckbrief(&self, row: usize, settings: &LayoutSettings) -> Option<Profile> {
        let english = self.lang == Lang::En;
        let th = self.analyses.thematic.as_ref()?;
        let title = th.view.titles.get(row)?.clone();
        let entry = self.layer(th.layer)?;
        let crate::model::Layer::Areas(base) = &entry.layer else {
            return None;
        };
        let shown = th.level_layer.as_deref().unwrap_or(base);
        let area = shown.areas.get(row)?;
        let bbox = expand(geometry_bbox(&area.geometry)?, 0.8);
        let mut map = self.map_content(bbox);
        let w = Words::new(english);
        if let Some(a) = map.areas.get_mut(row) {
            a.highlight = true;
            map.legend.elements.insert(
                0,
                LegendRow {
                    swatch: Swatch::Line(SELECTED_LINE.0, SELECTED_LINE.1),
                    label: w.pick("dieses Gebiet", "this area").to_owned(),
                    areas: None,
                    residents: None,
                },
            );
        }
        let level = if english {
            th.settings.level.label_en()
        } else {
            th.settings.level.label_de()
        };
        let mut subtitle = vec![level.to_owned()];
        for (f, de, en) in [
            (STADTTEIL_FIELD, "Stadtteil", "District"),
            (
                SOZIALRATHAUS_FIELD,
                "Sozialrathaus",
                "Social services centre",
            ),
        ] {
            if th.settings.level == Level::Base
                && let Some(v) = th.view.table.value(row, f).and_then(|v| v.as_text())
            {
                subtitle.push(format!("{} {v}", w.pick(de, en)));
            }
        }
        if !settings.title.trim().is_empty() {
            subtitle.push(settings.title.trim().to_owned());
        }
        let mut p = Profile {
            title,
            subtitle: subtitle.join(" · "),
            map,
            columns: (
                w.pick("Indikator", "Indicator").to_owned(),
                w.pick("Gebiet", "Area").to_owned(),
                w.pick("Stadt gesamt", "City total").to_owned(),
            ),
            rows: self.profile_rows(row),
            sections: Vec::new(),
        };
        // Each analysis adds its section (the registry's loop).
        for part in self.analyses.parts() {
            p.sections.extend(part.steckbrief(self, row, english));
        }
        Some(p)
    }

    /// The rates of the class map's table: the area's value and the city's.
    fn profile_rows(&self, row: usize) -> Vec<(String, String, String)> {
        let english = self.lang == Lang::En;
        let w = Words::new(english);
        let Some(th) = &self.analyses.thematic else {
            return Vec::new();
        };
        let base = self.layer_table(th.layer, th.settings.edition);
        th.view
            .table
            .numeric_fields()
            .filter_map(|f| {
                let meta = self.labels.get(&f.name)?;
                meta.is_rate().then_some((f.name.clone(), meta.clone()))
            })
            .map(|(field, meta)| {
                let unit = if meta.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", Words::new(english).unit(&meta.unit))
                };
                let value = match th.view.column(&field).get(row) {
                    Some(Datum::Value(v)) => format!("{}{unit}", w.fixed(*v, 1)),
                    Some(Datum::Suppressed) => w.suppressed().to_owned(),
                    _ => w.no_data().to_owned(),
                };
                // The city's rate from the summed counts, as the monitoring reports do.
                let city = base.as_ref().and_then(|t| {
                    let sum = |c: &str| t.column(c).into_iter().flatten().sum::<f64>();
                    let (n, d) = (sum(&meta.numerator), sum(&meta.denominator));
                    (d > 0.0).then(|| n / d * meta.rate_factor())
                });
                let city = city.map_or_else(String::new, |v| format!("{}{unit}", w.fixed(v, 1)));
                (self.labels.label(&field, english), value, city)
            })
            .collect()
    }

    /// The qualitative notes of the area (of its Sozialräume, for a Stadtteil or a
    /// Sozialrathaus), with date and source.
    pub(in crate::state) fn notes_section(
        &self,
        row: usize,
        english: bool,
    ) -> Option<(String, Vec<String>)> {
        let th = self.analyses.thematic.as_ref()?;
        let members = th.view.members.get(row)?;
        let aggregated = th.settings.level != Level::Base;
        let mut lines = Vec::new();
        for &feature in members {
            let area = super::FeatureRef {
                layer: th.layer,
                feature,
            };
            let Some((key, name)) = self.note_key(area) else {
                continue;
            };
            for (_, n) in self.analyses.workshop.notes_of(&key) {
                let source = if english {
                    n.source.label_en()
                } else {
                    n.source.label_de()
                };
                let date = Words::new(english).date_iso(&n.date);
                lines.push(if aggregated {
                    format!("{name} – {date}, {source}: {}", n.text)
                } else {
                    format!("{date}, {source}: {}", n.text)
                });
            }
        }
        let w = Words::new(english);
        (!lines.is_empty()).then(|| (w.pick("Notizen", "Notes").to_owned(), lines))
    }
}

fn geometry_bbox(mp: &geo::MultiPolygon<f64>) -> Option<[f64; 4]> {
    use geo::BoundingRect;
    mp.bounding_rect()
        .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
}

/// The box grown by `f` of its size on each side (neighbours in view).
fn expand(b: [f64; 4], f: f64) -> [f64; 4] {
    let (dx, dy) = ((b[2] - b[0]) * f, (b[3] - b[1]) * f);
    [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy]
}
