//! Where on the map data may be shown: the map's rectangle minus what floats over it (the
//! legend, the source box, the badge). A fit puts the data into the largest free part, so that
//! no area starts hidden under a card; "reveal" decides whether a selected area needs the map
//! to move at all.

use egui::Rect;
use walkers::lon_lat;

use super::MapView;
use crate::crs::{lonlat_from_unit_merc, unit_merc_from_lonlat};
use crate::state::AppState;

/// How long a move to a saved view or a revealed area takes, in seconds.
const MOVE_SECONDS: f64 = 0.8;
/// Frames a fit waits at most for the cards over the map to settle (their size is known only
/// after they were drawn once, e.g. right after loading or a change of the UI scale).
const MAX_FIT_WAIT: u8 = 8;
/// Frames a fit always waits: what was asked for this frame (a new scale, hidden panels, a new
/// legend) is drawn only in the next ones.
const MIN_FIT_WAIT: u8 = 2;

/// A smooth move between two map positions (unit Web Mercator centre and zoom).
#[derive(Debug, Clone, Copy)]
pub(super) struct Move {
    from: ([f64; 2], f64),
    to: ([f64; 2], f64),
    start: f64,
}

/// Smallest useful side of a free part, in points (narrower parts are not considered).
const MIN_SIDE: f32 = 120.0;

/// The part of `map` not covered by `obstacles` in which a box of `w × h` world units shows
/// largest. Each obstacle overlapping a candidate cuts it to the left, right, top or bottom of
/// the obstacle; of all resulting candidates the one with the largest scale wins (the larger
/// candidate on ties). Without a usable free part the whole map is used.
pub fn free_rect(map: Rect, obstacles: &[Rect], w: f64, h: f64) -> Rect {
    let mut candidates = vec![map];
    for o in obstacles.iter().filter(|o| o.is_positive()) {
        let mut next = Vec::with_capacity(candidates.len() * 4);
        for c in candidates {
            if !c.intersects(*o) {
                next.push(c);
                continue;
            }
            let cuts = [
                Rect::from_min_max(c.min, egui::pos2(o.left().min(c.right()), c.bottom())),
                Rect::from_min_max(egui::pos2(o.right().max(c.left()), c.top()), c.max),
                Rect::from_min_max(c.min, egui::pos2(c.right(), o.top().min(c.bottom()))),
                Rect::from_min_max(egui::pos2(c.left(), o.bottom().max(c.top())), c.max),
            ];
            next.extend(
                cuts.into_iter()
                    .filter(|r| r.width() >= MIN_SIDE && r.height() >= MIN_SIDE),
            );
        }
        candidates = next;
    }
    let scale =
        |r: &Rect| (f64::from(r.width()) / w.max(1e-12)).min(f64::from(r.height()) / h.max(1e-12));
    candidates
        .into_iter()
        .max_by(|a, b| {
            scale(a)
                .total_cmp(&scale(b))
                .then(a.area().total_cmp(&b.area()))
        })
        .unwrap_or(map)
}

/// Whether a feature drawn at `on_screen` can be seen in `free`: inside it and at least a few
/// points large.
pub fn in_view(on_screen: Rect, free: Rect) -> bool {
    const FEW_POINTS: f32 = 6.0;
    free.contains_rect(on_screen) && on_screen.width().max(on_screen.height()) >= FEW_POINTS
}

/// A lon/lat box as unit Web Mercator: min corner, max corner (y down).
fn unit_box(bbox: [f64; 4]) -> ([f64; 2], [f64; 2]) {
    let (x0, y1) = unit_merc_from_lonlat(bbox[0], bbox[1]);
    let (x1, y0) = unit_merc_from_lonlat(bbox[2], bbox[3]);
    ([x0.min(x1), y0.min(y1)], [x0.max(x1), y0.max(y1)])
}

/// Points per unit Mercator at a zoom level.
fn points_per_unit(zoom: f64) -> f64 {
    256.0 * 2f64.powf(zoom)
}

impl MapView {
    /// Carry out the fit and reveal requests of the state. A fit waits (a few frames at most)
    /// until the cards over the map kept their place for one frame, so the data lands in the
    /// part they leave free.
    pub(super) fn apply_requests(&mut self, ctx: &egui::Context, state: &AppState, rect: Rect) {
        // Settled: the cards and the map itself kept their place since last frame (a change of
        // the UI scale or of the panels shows only a frame after it was asked for).
        let settled = self.obstacles == self.prev_obstacles && self.last_rect_before == Some(rect);
        self.prev_obstacles = self.obstacles.clone();
        self.last_rect_before = Some(rect);
        if let Some((bbox, n)) = state.fit
            && n != self.applied_fit
        {
            if (!settled || self.fit_wait < MIN_FIT_WAIT) && self.fit_wait < MAX_FIT_WAIT {
                self.fit_wait += 1;
                self.fit_pending = true;
                ctx.request_repaint();
            } else {
                self.fit_pending = false;
                self.fit_wait = 0;
                self.applied_fit = n;
                if state.fit_view {
                    self.move_to(ctx, bbox, rect);
                } else {
                    self.anim = None;
                    self.fit(bbox, rect);
                }
            }
        }
        if let Some((bbox, n)) = state.reveal
            && n != self.applied_reveal
        {
            self.applied_reveal = n;
            self.reveal(bbox, rect);
        }
    }

    /// The part of the map rect that no card covers, for a box of `size` unit Mercator.
    fn free(&self, rect: Rect, size: [f64; 2]) -> Rect {
        free_rect(rect, &self.obstacles, size[0], size[1])
    }

    /// The zoom at which a box of `size` fills `fraction` of `free`.
    fn zoom_for(size: [f64; 2], free: Rect, fraction: f64) -> f64 {
        (f64::from(free.width()) * fraction / (size[0].max(1e-12) * 256.0))
            .min(f64::from(free.height()) * fraction / (size[1].max(1e-12) * 256.0))
            .log2()
            .clamp(2.0, 18.0)
    }

    /// The map centre (unit Mercator) that puts `centre` at the middle of `free` at `zoom`.
    fn centre_for(centre: [f64; 2], free: Rect, rect: Rect, zoom: f64) -> [f64; 2] {
        let d = free.center() - rect.center();
        let k = points_per_unit(zoom);
        [
            centre[0] - f64::from(d.x) / k,
            centre[1] - f64::from(d.y) / k,
        ]
    }

    fn set_view(&mut self, centre: [f64; 2], zoom: f64) {
        let _ = self.memory.set_zoom(zoom);
        let (lon, lat) = lonlat_from_unit_merc(centre[0], centre[1]);
        self.memory.center_at(lon_lat(lon, lat));
    }

    /// Fit a lon/lat box into the free part of the map, with a margin.
    pub(super) fn fit(&mut self, bbox: [f64; 4], rect: Rect) {
        let (a, b) = unit_box(bbox);
        let size = [b[0] - a[0], b[1] - a[1]];
        let free = self.free(rect, size);
        let zoom = Self::zoom_for(size, free, 0.92);
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        self.set_view(Self::centre_for(centre, free, rect, zoom), zoom);
    }

    /// Start a smooth move that shows the whole lon/lat box (a saved view) without a margin,
    /// in the free part of the map.
    pub(super) fn move_to(&mut self, ctx: &egui::Context, bbox: [f64; 4], rect: Rect) {
        let (a, b) = unit_box(bbox);
        let size = [b[0] - a[0], b[1] - a[1]];
        let free = self.free(rect, size);
        let zoom = Self::zoom_for(size, free, 1.0);
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        self.glide(ctx, Self::centre_for(centre, free, rect, zoom), zoom);
    }

    /// Bring a lon/lat box into view when it is not: off screen, under a card, or only a few
    /// points large. Panned only when it can be seen at the current zoom; zoomed so that it
    /// covers about a third of the free part when it is too small or too large. The view jumps
    /// (no smooth move).
    pub(super) fn reveal(&mut self, bbox: [f64; 4], rect: Rect) {
        let Some(t) = self.last_transform else {
            return self.fit(bbox, rect);
        };
        let (a, b) = unit_box(bbox);
        let size = [b[0] - a[0], b[1] - a[1]];
        let free = self.free(rect, size);
        let on_screen = Rect::from_two_pos(t.apply(a), t.apply(b));
        if in_view(on_screen, free) {
            return;
        }
        let fits_now = on_screen.width() <= free.width() * 0.9
            && on_screen.height() <= free.height() * 0.9
            && on_screen.width().max(on_screen.height()) >= 24.0;
        let zoom = if fits_now {
            self.memory.zoom()
        } else {
            Self::zoom_for(size, free, 1.0 / 3.0).min(17.0)
        };
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        // At once, as a GIS zooms to a feature: the eye follows the list, not the map.
        self.anim = None;
        self.set_view(Self::centre_for(centre, free, rect, zoom), zoom);
    }

    /// Start a smooth move from the current view to a centre and zoom.
    fn glide(&mut self, ctx: &egui::Context, centre: [f64; 2], zoom: f64) {
        let to = (centre, zoom);
        let from = match (self.last_transform, self.last_rect) {
            (Some(t), Some(r)) => (t.invert(r.center()), self.memory.zoom()),
            _ => to,
        };
        self.anim = Some(Move {
            from,
            to,
            start: ctx.input(|i| i.time),
        });
    }

    /// Advance a smooth move (ease in and out) and ask for the next frame while it runs.
    pub(super) fn step_move(&mut self, ctx: &egui::Context) {
        let Some(m) = self.anim else { return };
        let now = ctx.input(|i| i.time);
        let f = ((now - m.start) / MOVE_SECONDS).clamp(0.0, 1.0);
        let e = f * f * (3.0 - 2.0 * f);
        let lerp = |a: f64, b: f64| a + (b - a) * e;
        let zoom = lerp(m.from.1, m.to.1);
        self.set_view(
            [lerp(m.from.0[0], m.to.0[0]), lerp(m.from.0[1], m.to.0[1])],
            zoom,
        );
        if f >= 1.0 {
            self.anim = None;
        } else {
            ctx.request_repaint();
        }
    }
}

/// The screen rectangle of a lon/lat box in a transform (for tests and overlays).
pub fn screen_box(t: &super::frame::ScreenTransform, bbox: [f64; 4]) -> Rect {
    let (a, b) = unit_box(bbox);
    Rect::from_two_pos(t.apply(a), t.apply(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_min_max(pos2(x0, y0), pos2(x1, y1))
    }

    #[test]
    fn without_obstacles_the_whole_map_is_free() {
        let map = rect(0.0, 0.0, 1000.0, 600.0);
        assert_eq!(free_rect(map, &[], 1.0, 1.0), map);
    }

    #[test]
    fn a_tall_legend_on_the_left_leaves_the_right_part() {
        let map = rect(0.0, 0.0, 1000.0, 600.0);
        let legend = rect(10.0, 150.0, 310.0, 590.0);
        let free = free_rect(map, &[legend], 1.0, 1.0);
        assert_eq!(free, rect(310.0, 0.0, 1000.0, 600.0));
        assert!(!free.intersects(legend.shrink(0.5)));
    }

    #[test]
    fn a_wide_box_prefers_the_part_above_a_low_wide_card() {
        let map = rect(0.0, 0.0, 1000.0, 600.0);
        let sources = rect(500.0, 520.0, 995.0, 595.0);
        // A wide box (3:1) gains more from the full width above the card than from the
        // narrow left part beside it.
        let free = free_rect(map, &[sources], 3.0, 1.0);
        assert_eq!(free, rect(0.0, 0.0, 1000.0, 520.0));
    }

    #[test]
    fn legend_and_source_box_together_leave_a_part_clear_of_both() {
        let map = rect(0.0, 0.0, 1100.0, 650.0);
        let legend = rect(10.0, 240.0, 300.0, 640.0);
        let sources = rect(760.0, 560.0, 1094.0, 644.0);
        let free = free_rect(map, &[legend, sources], 1.0, 1.0);
        assert!(!free.intersects(legend.shrink(0.5)));
        assert!(!free.intersects(sources.shrink(0.5)));
        assert!(free.width() >= 500.0 && free.height() >= 500.0, "{free:?}");
    }

    #[test]
    fn obstacles_covering_everything_leave_the_whole_map() {
        let map = rect(0.0, 0.0, 400.0, 300.0);
        let card = rect(-10.0, -10.0, 410.0, 310.0);
        assert_eq!(free_rect(map, &[card], 1.0, 1.0), map);
    }

    #[test]
    fn a_feature_is_in_view_only_inside_the_free_part_and_a_few_points_large() {
        let free = rect(100.0, 0.0, 800.0, 600.0);
        assert!(in_view(rect(200.0, 100.0, 260.0, 140.0), free));
        assert!(!in_view(rect(50.0, 100.0, 160.0, 140.0), free));
        assert!(!in_view(rect(300.0, 300.0, 302.0, 302.0), free));
    }
}
