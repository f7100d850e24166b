//! The reach analysis on the map: rings of the rule's distance around every facility, the areas
//! of the gap list outlined, hypothetical facilities (hollow, with "neu"), and a line from the
//! selected area to its nearest facility labelled with the distance.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke};

use super::frame::{ScreenTransform, outlines};
use crate::crs::unit_merc_from_lonlat;
use crate::model::Layer;
use crate::state::{AppState, Command, MapTool, ReachCommand, ReachState};
use crate::theme;

/// Pixel radius within which the pointer grabs a hypothetical facility.
pub const GRAB_RADIUS: f32 = 11.0;

const RING: Color32 = Color32::from_rgba_premultiplied(120, 50, 10, 150);
const GAP_OUTLINE: Color32 = Color32::from_rgb(0xC0, 0x10, 0x60);
const HYPO_STROKE: Color32 = Color32::from_rgb(0xE6, 0x55, 0x0D);

fn screen(t: &ScreenTransform, lon: f64, lat: f64) -> Pos2 {
    let (x, y) = unit_merc_from_lonlat(lon, lat);
    t.apply([x, y])
}

/// A circle of `radius` metres around a lon/lat point, as a screen polyline.
fn ring(t: &ScreenTransform, lon: f64, lat: f64, radius: f64) -> Vec<Pos2> {
    // Metres per degree near the point (ellipsoidal to better than 0.5 %).
    let per_lat = 111_132.0 - 559.8 * (2.0 * lat.to_radians()).cos();
    let per_lon = 111_412.8 * lat.to_radians().cos();
    (0..=72)
        .map(|i| {
            let a = f64::from(i) * std::f64::consts::TAU / 72.0;
            screen(
                t,
                lon + radius * a.sin() / per_lon,
                lat + radius * a.cos() / per_lat,
            )
        })
        .collect()
}

/// Below the facility symbols: the gap list's outlines and the rings of the rule's distance.
/// The reach analysis on the map: rings and gaps below, hypothetical offices above.
pub(super) struct ReachOverlay;

impl super::overlays::MapOverlay for ReachOverlay {
    fn below(&self, state: &AppState, t: &ScreenTransform, painter: &Painter) {
        draw_below(state, t, painter);
    }

    fn above(&self, state: &AppState, t: &ScreenTransform, painter: &Painter) {
        draw_above(state, t, painter);
    }
}

fn draw_below(state: &AppState, t: &ScreenTransform, painter: &Painter) {
    let Some((r, layer)) = shown(state) else {
        return;
    };
    let mut shapes = Vec::new();
    outlines(
        &layer.mesh,
        &r.gaps,
        t,
        |_| Stroke::new(3.0, GAP_OUTLINE),
        &mut shapes,
    );
    let radius = r.gap_rule.min_distance;
    let n = r.site_lonlat.len() + r.hypothetical.len();
    for i in 0..n {
        if let Some((lon, lat)) = r.site_position(i) {
            shapes.push(Shape::line(
                ring(t, lon, lat, radius),
                Stroke::new(1.2, RING),
            ));
        }
    }
    painter.extend(shapes);
}

/// Above the symbols: hypothetical facilities and the selected area's distance line.
fn draw_above(state: &AppState, t: &ScreenTransform, painter: &Painter) {
    let Some((r, _)) = shown(state) else {
        return;
    };
    for h in &r.hypothetical {
        let p = screen(t, h.lon, h.lat);
        painter.circle_filled(p, 8.0, Color32::WHITE);
        painter.circle_stroke(p, 8.0, Stroke::new(3.0, HYPO_STROKE));
        painter.circle_filled(p, 2.5, HYPO_STROKE);
        painter.text(
            p + egui::vec2(11.0, -9.0),
            Align2::LEFT_BOTTOM,
            state.lang.words().pick("neu", "new"),
            FontId::proportional(13.0),
            HYPO_STROKE,
        );
    }
    if let Some(sel) = state.selection.filter(|s| s.layer == r.areas) {
        distance_line(r, sel.feature, t, painter, state.lang.words());
    }
}

fn shown(state: &AppState) -> Option<(&ReachState, &crate::model::AreaLayer)> {
    let r = state.reach()?;
    let entry = state.layer(r.areas).filter(|e| e.visible)?;
    match &entry.layer {
        Layer::Areas(l) => Some((r, l)),
        Layer::Facilities(_) => None,
    }
}

fn distance_line(
    r: &ReachState,
    area: usize,
    t: &ScreenTransform,
    painter: &Painter,
    w: crate::i18n::Words,
) {
    let (Some(reach), Some(&(lon, lat))) = (r.current.get(area), r.rep_lonlat.get(area)) else {
        return;
    };
    let (Some(f), Some(d)) = (reach.nearest_rep, reach.dist_rep) else {
        return;
    };
    let Some((flon, flat)) = r.site_position(f) else {
        return;
    };
    let (a, b) = (screen(t, lon, lat), screen(t, flon, flat));
    painter.extend(Shape::dashed_line(
        &[a, b],
        Stroke::new(2.5, theme::SELECTED_OUTLINE),
        8.0,
        5.0,
    ));
    painter.circle_filled(a, 4.0, theme::SELECTED_OUTLINE);
    // The label sits above the line's middle; on a short line beside the area's point, so
    // that it never hides the facility symbol.
    let mid = if (b - a).length() > 90.0 {
        a + (b - a) * 0.5 + egui::vec2(0.0, -14.0)
    } else {
        let away = if b.x >= a.x { -1.0 } else { 1.0 };
        a + egui::vec2(away * 48.0, 0.0)
    };
    let galley = painter.layout_no_wrap(w.metres(d), FontId::proportional(14.0), Color32::BLACK);
    let rect = Align2::CENTER_CENTER
        .anchor_size(mid, galley.size())
        .expand(4.0);
    painter.rect_filled(
        rect,
        4.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 235),
    );
    painter.galley(rect.min + egui::vec2(4.0, 4.0), galley, Color32::BLACK);
}

/// The hypothetical facility under a screen point, if any.
pub(super) fn hypothetical_under(state: &AppState, t: &ScreenTransform, p: Pos2) -> Option<usize> {
    let r = state.reach()?;
    r.hypothetical
        .iter()
        .enumerate()
        .map(|(i, h)| (i, screen(t, h.lon, h.lat).distance(p)))
        .filter(|(_, d)| *d <= GRAB_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// What lies under the pointer for the what-if, this frame.
pub(super) struct Grabs {
    /// The hypothetical facility under the pointer.
    pub hover: Option<usize>,
    /// The one under the point where the button went down (a drag is recognised late).
    pub press: Option<usize>,
    /// Clicks place a new facility.
    pub placing: bool,
}

/// Pointer input for hypothetical facilities: drag to move, right-click to remove, click to
/// place (while placing). Returns where one was placed, so the click selects nothing else.
pub(super) fn interact(
    ui: &egui::Ui,
    response: &egui::Response,
    g: &Grabs,
    at: &dyn Fn(Pos2) -> (f64, f64),
    dragging: &mut Option<usize>,
    out: &mut Vec<Command>,
) -> Option<(f64, f64)> {
    if g.hover.is_some() || dragging.is_some() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    } else if g.placing && response.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
    }
    if response.drag_started() {
        *dragging = g.press;
    }
    if let (Some(index), Some(p)) = (*dragging, response.interact_pointer_pos())
        && response.dragged()
    {
        let (lon, lat) = at(p);
        out.push(Command::Reach(ReachCommand::MoveHypothetical {
            index,
            lon,
            lat,
        }));
    }
    if response.drag_stopped() {
        *dragging = None;
    }
    if response.secondary_clicked()
        && let Some(index) = g.hover
    {
        out.push(Command::Reach(ReachCommand::RemoveHypothetical(index)));
    }
    let place = (g.placing && response.clicked() && g.hover.is_none())
        .then(|| response.interact_pointer_pos())
        .flatten()
        .map(at);
    if let Some((lon, lat)) = place {
        out.push(Command::Reach(ReachCommand::AddHypothetical { lon, lat }));
        // One office per click of the tool; Shift keeps it for the next one.
        if !ui.input(|i| i.modifiers.shift) {
            out.push(Command::SetTool(MapTool::Select));
        }
    }
    place
}
