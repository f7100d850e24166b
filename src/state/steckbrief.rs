//! Steckbrief pages from the window's state: one per row of the class map (Sozialraum or
//! Stadtteil), with the map zoomed to the area and its neighbours, its indicators against the
//! city (rates recomputed from summed numerators and denominators), its index class and
//! breakdown, and its distance to the nearest facility.

use super::AppState;
use crate::analysis::aggregate::Level;
use crate::analysis::privacy::Datum;
use crate::export::content::LayoutSettings;
use crate::export::steckbrief::Profile;
use crate::i18n::Lang;
use crate::model::value::format_fixed_de;

impl AppState {
    /// How many Steckbrief pages the current class map gives.
    pub fn steckbrief_count(&self) -> usize {
        self.thematic.as_ref().map_or(0, |t| t.rows())
    }

    /// The Steckbrief of one row of the class map.
    pub fn steckbrief(&self, row: usize, settings: &LayoutSettings) -> Option<Profile> {
        let english = self.lang == Lang::En;
        let th = self.thematic.as_ref()?;
        let title = th.view.titles.get(row)?.clone();
        let entry = self.layer(th.layer)?;
        let crate::model::Layer::Areas(base) = &entry.layer else {
            return None;
        };
        let shown = th.level_layer.as_deref().unwrap_or(base);
        let area = shown.areas.get(row)?;
        let bbox = expand(geometry_bbox(&area.geometry)?, 0.8);
        let mut map = self.map_content(bbox);
        if let Some(a) = map.areas.get_mut(row) {
            a.highlight = true;
        }
        let level = if english {
            th.settings.level.label_en()
        } else {
            th.settings.level.label_de()
        };
        let mut subtitle = vec![level.to_owned()];
        for f in ["stadtteil", "sozialrathaus"] {
            if th.settings.level == Level::Base
                && let Some(v) = th.view.table.value(row, f).and_then(|v| v.as_text())
            {
                subtitle.push(v.to_owned());
            }
        }
        let city = if english { "City" } else { "Stadt gesamt" };
        let mut p = Profile {
            title,
            subtitle: format!("{} · {}", subtitle.join(" · "), settings.title),
            map,
            columns: (
                if english { "Indicator" } else { "Indikator" }.to_owned(),
                if english { "Area" } else { "Gebiet" }.to_owned(),
                city.to_owned(),
            ),
            rows: self.profile_rows(row),
            sections: Vec::new(),
        };
        if th.settings.level == Level::Base {
            p.sections.extend(self.index_section(row, english));
            p.sections.extend(self.reach_section(row, english));
        }
        p.sections.extend(self.notes_section(row, english));
        Some(p)
    }

    /// The rates of the class map's table: the area's value and the city's.
    fn profile_rows(&self, row: usize) -> Vec<(String, String, String)> {
        let english = self.lang == Lang::En;
        let Some(th) = &self.thematic else {
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
                    format!(" {}", meta.unit)
                };
                let value = match th.view.column(&field).get(row) {
                    Some(Datum::Value(v)) => format!("{}{unit}", format_fixed_de(*v, 1)),
                    Some(Datum::Suppressed) => self.lang.texts().suppressed.to_owned(),
                    _ => self.lang.texts().no_data.to_owned(),
                };
                // The city's rate from the summed counts, as the monitoring reports do.
                let city = base.as_ref().and_then(|t| {
                    let sum = |c: &str| t.column(c).into_iter().flatten().sum::<f64>();
                    let (n, d) = (sum(&meta.numerator), sum(&meta.denominator));
                    (d > 0.0).then(|| n / d * meta.rate_factor())
                });
                let city =
                    city.map_or_else(String::new, |v| format!("{}{unit}", format_fixed_de(v, 1)));
                (self.labels.label(&field, english), value, city)
            })
            .collect()
    }

    fn index_section(&self, row: usize, english: bool) -> Option<(String, Vec<String>)> {
        let th = self.thematic.as_ref()?;
        let ix = self
            .index
            .as_ref()
            .filter(|ix| ix.request.layer == th.layer)?;
        let r = &ix.result;
        let mut lines = Vec::new();
        match (
            r.status_class.get(row).copied().flatten(),
            r.status.index.get(row).copied().flatten(),
        ) {
            (Some(c), Some(v)) => {
                lines.push(format!(
                    "Status-Index: {} {} ({}; Rang {} von {})",
                    c.number(),
                    if english { c.label_en() } else { c.label_de() },
                    signed(v),
                    ix.ranks.get(row).copied().flatten().unwrap_or(0),
                    r.status.n_valid
                ));
                if let Some(contrib) = r.status.contributions(row, ix.settings()) {
                    let parts: Vec<String> = ix
                        .settings()
                        .indicators
                        .iter()
                        .zip(contrib)
                        .map(|(s, c)| {
                            format!("{} {}", self.labels.label(&s.field, english), signed(c))
                        })
                        .collect();
                    lines.push(format!(
                        "{}: {}",
                        if english {
                            "Contributions"
                        } else {
                            "Beiträge"
                        },
                        parts.join(", ")
                    ));
                }
            }
            _ => {
                let reason = r.status.validity.get(row).and_then(|v| v.as_ref().err());
                lines.push(format!(
                    "Status-Index: {} ({})",
                    if english {
                        "not assigned"
                    } else {
                        "ohne Zuordnung"
                    },
                    reason
                        .map(|e| if english {
                            e.reason_en()
                        } else {
                            e.reason_de()
                        })
                        .unwrap_or_default()
                ));
            }
        }
        if let Some(d) = r.dynamics_class.get(row).copied().flatten() {
            lines.push(format!(
                "{}: {}",
                if english { "Dynamics" } else { "Dynamik" },
                if english { d.label_en() } else { d.label_de() }
            ));
        }
        Some((
            if english {
                "Social index"
            } else {
                "Sozialindex"
            }
            .to_owned(),
            lines,
        ))
    }

    /// The qualitative notes of the area (of its Sozialräume, for a Stadtteil or a
    /// Sozialrathaus), with date and source.
    fn notes_section(&self, row: usize, english: bool) -> Option<(String, Vec<String>)> {
        let th = self.thematic.as_ref()?;
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
            for (_, n) in self.workshop.notes_of(&key) {
                let source = if english {
                    n.source.label_en()
                } else {
                    n.source.label_de()
                };
                let date = crate::workshop::date_de(&n.date);
                lines.push(if aggregated {
                    format!("{name} – {date}, {source}: {}", n.text)
                } else {
                    format!("{date}, {source}: {}", n.text)
                });
            }
        }
        (!lines.is_empty()).then(|| (if english { "Notes" } else { "Notizen" }.to_owned(), lines))
    }

    fn reach_section(&self, row: usize, english: bool) -> Option<(String, Vec<String>)> {
        let th = self.thematic.as_ref()?;
        let r = self.reach.as_ref().filter(|r| r.areas == th.layer)?;
        let a = r.current.get(row)?;
        let name = |i: usize| {
            if i < r.site_lonlat.len() {
                self.layer(r.facilities)
                    .map(|e| e.layer.feature_title(i))
                    .unwrap_or_default()
            } else if english {
                "hypothetical office".to_owned()
            } else {
                "angenommenes Büro".to_owned()
            }
        };
        let mut lines = Vec::new();
        if let (Some(f), Some(d)) = (a.nearest, a.dist_edge) {
            lines.push(format!(
                "{}: {} – {} m {}",
                if english {
                    "Nearest"
                } else {
                    "Nächste Einrichtung"
                },
                name(f),
                format_fixed_de(d, 0),
                if english {
                    "from the boundary"
                } else {
                    "vom Rand"
                }
            ));
        }
        if let Some(d) = a.dist_rep {
            lines.push(format!(
                "{} {} m",
                if english {
                    "From the centre:"
                } else {
                    "Von der Gebietsmitte:"
                },
                format_fixed_de(d, 0)
            ));
        }
        for (radius, n) in r.settings.radii.iter().zip(&a.within) {
            lines.push(format!(
                "{} {} m: {n}",
                if english { "Within" } else { "Im Umkreis von" },
                format_fixed_de(*radius, 0)
            ));
        }
        Some((
            if english { "Reach" } else { "Erreichbarkeit" }.to_owned(),
            lines,
        ))
    }
}

fn signed(v: f64) -> String {
    let s = format_fixed_de(v.abs(), 2);
    if v < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
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
