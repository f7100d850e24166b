//! Participants' pins on the map: a coloured marker per category with the pin's number, and
//! the pin under the pointer for its tooltip.

use egui::{Align2, Color32, FontId, Painter, Pos2, Stroke, vec2};

use super::frame::ScreenTransform;
use crate::crs::unit_merc_from_lonlat;
use crate::state::AppState;
use crate::workshop::Pin;

/// The marker's radius in points.
pub const PIN_RADIUS: f32 = 11.0;

fn screen(t: &ScreenTransform, p: &Pin) -> Pos2 {
    let (x, y) = unit_merc_from_lonlat(p.lon, p.lat);
    t.apply([x, y])
}

fn colour(p: &Pin) -> Color32 {
    let [r, g, b] = p.category.rgb();
    Color32::from_rgb(r, g, b)
}

/// A pin: a disc on a short stem whose tip marks the place, with the number inside.
/// The workshop's pins on the map, over everything.
pub(super) struct PinsOverlay;

impl super::overlays::MapOverlay for PinsOverlay {
    fn below(&self, _state: &AppState, _t: &ScreenTransform, _painter: &Painter) {}

    fn above(&self, state: &AppState, t: &ScreenTransform, painter: &Painter) {
        draw(state, t, painter);
    }
}

fn draw(state: &AppState, t: &ScreenTransform, painter: &Painter) {
    for p in &state.workshop().pins {
        let tip = screen(t, p);
        let head = tip - vec2(0.0, PIN_RADIUS + 7.0);
        let c = colour(p);
        painter.line_segment([tip, head], Stroke::new(3.0, Color32::BLACK));
        painter.circle_filled(head, PIN_RADIUS + 1.5, Color32::WHITE);
        painter.circle_filled(head, PIN_RADIUS, c);
        painter.circle_stroke(head, PIN_RADIUS + 1.5, Stroke::new(1.5, Color32::BLACK));
        let text = if c.r() as u32 + c.g() as u32 + c.b() as u32 > 450 {
            Color32::BLACK
        } else {
            Color32::WHITE
        };
        painter.text(
            head,
            Align2::CENTER_CENTER,
            p.number.to_string(),
            FontId::proportional(12.0),
            text,
        );
    }
}

/// The pin being written: an empty marker with a question mark where it will go.
pub(super) fn draw_draft(t: &ScreenTransform, painter: &Painter, lon: f64, lat: f64) {
    let (x, y) = unit_merc_from_lonlat(lon, lat);
    let tip = t.apply([x, y]);
    let head = tip - vec2(0.0, PIN_RADIUS + 7.0);
    painter.line_segment([tip, head], Stroke::new(3.0, Color32::BLACK));
    painter.circle_filled(head, PIN_RADIUS + 1.5, Color32::WHITE);
    painter.circle_stroke(head, PIN_RADIUS + 1.5, Stroke::new(2.5, Color32::BLACK));
    painter.text(
        head,
        Align2::CENTER_CENTER,
        "?",
        FontId::proportional(13.0),
        Color32::BLACK,
    );
}

/// The pin whose marker lies under a screen point.
pub(super) fn under<'a>(state: &'a AppState, t: &ScreenTransform, at: Pos2) -> Option<&'a Pin> {
    state.workshop().pins.iter().rev().find(|p| {
        let head = screen(t, p) - vec2(0.0, PIN_RADIUS + 7.0);
        head.distance(at) <= PIN_RADIUS + 2.0
    })
}
