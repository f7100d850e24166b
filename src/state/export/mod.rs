//! What the window shows, as export content: the class map (or index map) with its legend,
//! Stadtteil boundaries with names, facility symbols (hypothetical offices hollow, on the map
//! and in the legend), the data sources named by title and edition with "fiktive
//! Beispieldaten", the index's method note, and the page's language. The CLI builds an
//! `AppState` from files and calls the same function, so both export the same map.
//!
//! Wording lives in [`texts`] (titles, subtitle notes, sources, units) and the legend in
//! [`legend`]; both take the language from the state.

mod legend;
mod texts;

pub(in crate::state) use texts::hypothetical_name;
pub use texts::hypothetical_note;

use super::{AppState, AreaStyle};
use crate::analysis::privacy::Datum;
use crate::export::content::{AreaShape, Boundary, FacilitySet, MapContent, Mark, SymbolStyle};
use crate::export::scene::Rgba;
use crate::i18n::Lang;
use crate::model::Layer;
use crate::theme::{self, SymbolShape};

fn rgba(c: theme::Colour) -> Rgba {
    c.to_srgba_unmultiplied()
}

fn opaque([r, g, b]: [u8; 3]) -> Rgba {
    [r, g, b, 255]
}

/// Screen symbol radius (pixels) to paper (millimetres).
const SYMBOL_MM_PER_PX: f64 = 0.26;

/// The export symbol of a facility kind, as the map draws it on screen.
pub(in crate::state) fn kind_style(kind: crate::model::FacilityKind, hollow: bool) -> SymbolStyle {
    let s = theme::symbol(kind);
    SymbolStyle {
        mark: mark(s.shape),
        fill: rgba(s.fill),
        stroke: rgba(s.stroke),
        radius_mm: f64::from(s.radius) * SYMBOL_MM_PER_PX,
        hollow,
    }
}

impl AppState {
    /// Everything the map shows, ready for the page layout; `bbox` is the part to show.
    pub fn map_content(&self, bbox: [f64; 4]) -> MapContent {
        let english = self.lang == Lang::En;
        let mut c = MapContent {
            bbox,
            full_bbox: self.all_bbox(),
            english,
            ..MapContent::default()
        };
        let index = self.shown_index();
        for entry in self.layers.iter().filter(|l| l.visible) {
            match &entry.layer {
                Layer::Areas(layer) if entry.style == AreaStyle::Boundary => {
                    for (i, a) in layer.areas.iter().enumerate() {
                        c.boundaries.push(Boundary {
                            geometry: a.geometry.clone(),
                            name: Some(layer.feature_title(i)),
                            label_at: (a.label_point().x(), a.label_point().y()),
                        });
                    }
                }
                Layer::Areas(layer) => {
                    let th = self
                        .analyses
                        .thematic
                        .as_ref()
                        .filter(|t| t.layer == entry.id);
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
                    c.facilities.push(FacilitySet {
                        name: crate::i18n::facility_kind_name(f.kind, self.lang.texts()).to_owned(),
                        style: kind_style(f.kind, false),
                        points: f
                            .facilities
                            .iter()
                            .map(|p| (p.position.x(), p.position.y()))
                            .collect(),
                    });
                }
            }
        }
        // What the analyses draw (hypothetical offices, pins), then the legend of it all,
        // then their notes and source lines (the registry's loops).
        for part in self.analyses.parts() {
            part.export_symbols(self, &mut c);
        }
        c.legend = self.export_legend(&c);
        c.sources = self.data_sources_in(english);
        c.fictitious = self.shows_fictitious();
        c.subtitle_notes = self.export_subtitle_notes(self.lang);
        for part in self.analyses.parts() {
            part.export_notes(self, &mut c);
        }
        c
    }

    /// The index when it colours the class map.
    pub(in crate::state) fn shown_index(&self) -> Option<(&super::IndexState, super::IndexMap)> {
        let th = self.analyses.thematic.as_ref()?;
        let ix = self.analyses.index.as_ref()?;
        let map = ix.map?;
        (ix.request.layer == th.layer && th.level_layer.is_none()).then_some((ix, map))
    }
}

fn mark(s: SymbolShape) -> Mark {
    match s {
        SymbolShape::Circle => Mark::Circle,
        SymbolShape::Square => Mark::Square,
        SymbolShape::Diamond => Mark::Diamond,
    }
}
