//! The map: the only code that touches walkers. It draws the basemap tiles, the area layers
//! from their cached meshes, Stadtteil boundaries with names, facility symbols, and turns
//! pointer input into hover and selection commands (screen → lon/lat with walkers'
//! `Projector::unproject`, then R-tree candidates, then exact point-in-polygon).

pub mod basemap;
mod context;

pub mod fit;
pub mod frame;
pub mod hatch;
mod overlays;
mod pick;
mod pins;
mod reach;
#[cfg(test)]
mod test_shapes;
mod thematic;
pub mod tile_decode;

use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, Ui, vec2};
use walkers::{Map, MapMemory, Tiles, lon_lat};

use crate::crs::{lonlat_from_unit_merc, unit_merc_from_lonlat};
use crate::i18n::Texts;
use crate::model::{FacilityLayer, Layer};
use crate::paint::{c32, symbol_shape};
use crate::state::{AppState, AreaStyle, Command, FeatureRef, LayerEntry, MapTool};
use crate::theme;
use crate::tiles::connectivity::Connectivity;
use basemap::Basemap;
use frame::{ScreenTransform, fill_mesh, layer_outlines, outlines};
use pick::{pick, tooltip};
use thematic::{click, draw_thematic};

/// Frankfurt's centre (Hauptwache), where the map starts before any layer is loaded.
const CITY_CENTRE: (f64, f64) = (8.6821, 50.1109);
/// Pixel radius within which a click picks a facility symbol.
const PICK_RADIUS: f32 = 9.0;

/// Options for the map widget (tests and offline starts switch the basemap off).
#[derive(Debug, Clone, Copy)]
pub struct MapConfig {
    pub tiles: bool,
}

pub struct MapView {
    memory: MapMemory,
    tiles: Option<Basemap>,
    hovered: Option<FeatureRef>,
    applied_fit: u64,
    last_transform: Option<ScreenTransform>,
    /// The hypothetical facility being dragged.
    dragging: Option<usize>,
    last_rect: Option<Rect>,
    /// What floats over the map (legend, source box, badge), as drawn last frame: fits keep
    /// the data clear of it.
    pub obstacles: Vec<Rect>,
    prev_obstacles: Vec<Rect>,
    /// The map's rectangle last frame, to tell when it settled after a change.
    last_rect_before: Option<Rect>,
    /// Frames a pending fit has waited for the cards to settle.
    fit_wait: u8,
    /// A fit waits for the cards to settle.
    fit_pending: bool,
    applied_reveal: u64,
    /// Where the last click in pin mode landed (lon, lat, screen position), until taken.
    placed: Option<(f64, f64, Pos2)>,
    /// A pin being written (lon, lat): drawn as an empty marker.
    pub draft_pin: Option<(f64, f64)>,
    /// A smooth move to a saved view under way.
    anim: Option<fit::Move>,
}

impl MapView {
    pub fn new(ctx: &egui::Context, config: MapConfig) -> Self {
        let tiles = config.tiles.then(|| {
            Basemap::new(
                ctx,
                crate::tiles::Source::osm(),
                crate::tiles::cache::DiskCache::default_dir()
                    .map(crate::tiles::cache::DiskCache::new),
            )
        });
        let mut memory = MapMemory::default();
        let _ = memory.set_zoom(11.0);
        Self {
            memory,
            tiles,
            hovered: None,
            applied_fit: 0,
            last_transform: None,
            dragging: None,
            last_rect: None,
            obstacles: Vec::new(),
            prev_obstacles: Vec::new(),
            last_rect_before: None,
            fit_wait: 0,
            fit_pending: false,
            applied_reveal: 0,
            placed: None,
            draft_pin: None,
            anim: None,
        }
    }

    /// The place of a click in pin mode (lon, lat, screen position), once.
    pub fn take_placed(&mut self) -> Option<(f64, f64, Pos2)> {
        self.placed.take()
    }

    /// Whether the map is still moving: a smooth move under way or a fit still waiting.
    pub fn moving(&self) -> bool {
        self.anim.is_some() || self.fit_pending
    }

    /// `None` when the basemap is switched off.
    pub fn connectivity(&self) -> Option<Connectivity> {
        self.tiles
            .as_ref()
            .and_then(Basemap::status)
            .map(|s| Connectivity::of(s.state))
    }

    pub fn attribution(&self) -> Option<(&'static str, &'static str)> {
        self.tiles
            .as_ref()
            .filter(|t| !matches!(t.source().kind, crate::tiles::SourceKind::None))
            .map(|t| {
                let a = t.attribution();
                (a.text, a.url)
            })
    }

    /// The basemap, if one is shown.
    pub fn basemap(&self) -> Option<&Basemap> {
        self.tiles.as_ref()
    }

    /// Switch the basemap source (the map keeps its view).
    pub fn set_source(&mut self, ctx: &egui::Context, source: crate::tiles::Source) {
        let offline = self
            .tiles
            .as_ref()
            .and_then(|t| t.fetcher())
            .is_some_and(|f| f.manual_offline());
        let cache =
            crate::tiles::cache::DiskCache::default_dir().map(crate::tiles::cache::DiskCache::new);
        let b = Basemap::new(ctx, source, cache);
        if let Some(f) = b.fetcher() {
            f.set_manual_offline(offline);
        }
        self.tiles = Some(b);
    }

    /// Whether the app draws its own regional context (no tiles, or offline).
    pub fn context_shown(&self) -> bool {
        self.tiles
            .as_ref()
            .is_none_or(|t| matches!(t.source().kind, crate::tiles::SourceKind::None))
            || self.connectivity() == Some(Connectivity::Offline)
    }

    /// The attribution of the regional context layer.
    pub fn context_attribution(&self) -> &'static str {
        crate::i18n::sources::CONTEXT_ATTRIBUTION
    }

    pub fn zoom(&self) -> f64 {
        self.memory.zoom()
    }

    /// Where a lon/lat position was drawn in the last frame (for tests and overlays).
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<Pos2> {
        let (x, y) = unit_merc_from_lonlat(lon, lat);
        self.last_transform.map(|t| t.apply([x, y]))
    }

    /// The lon/lat box of what the map showed last frame (for "Kartenausschnitt: aktuelle
    /// Ansicht" in the export).
    pub fn visible_bbox(&self) -> Option<[f64; 4]> {
        let t = self.last_transform?;
        let (min, max) = visible_envelope(&t, self.last_rect?);
        Some([min[0], min[1], max[0], max[1]])
    }

    /// The screen rectangle of the map last frame.
    pub fn rect(&self) -> Option<Rect> {
        self.last_rect
    }

    pub fn show(&mut self, ui: &mut Ui, state: &AppState, texts: &Texts, out: &mut Vec<Command>) {
        let rect = ui.available_rect_before_wrap();
        self.last_rect = Some(rect);
        self.apply_requests(ui.ctx(), state, rect);
        self.step_move(ui.ctx());
        ui.painter().rect_filled(rect, 0.0, theme::MAP_BACKGROUND);

        // A hypothetical facility under the pointer is dragged instead of the map.
        let (pointer, press) = ui.input(|i| (i.pointer.hover_pos(), i.pointer.press_origin()));
        let under = |p: Option<Pos2>| match (self.last_transform, p) {
            (Some(t), Some(p)) if rect.contains(p) => reach::hypothetical_under(state, &t, p),
            _ => None,
        };
        // A drag is recognised only after the pointer moved a little: what was grabbed is
        // what lay under the point where the button went down.
        let grab = under(pointer);
        let grab_at_press = under(press);
        let mut dragging = self.dragging;
        let placing = state.tool == MapTool::PlaceOffice;
        let pin_tool = state.tool == MapTool::PlacePin;
        let mut reach_commands: Vec<Command> = Vec::new();
        let show_context = self.context_shown();
        let tiles = self.tiles.as_mut().map(|t| t as &mut dyn Tiles);
        let map = Map::new(
            tiles,
            &mut self.memory,
            lon_lat(CITY_CENTRE.0, CITY_CENTRE.1),
        )
        .zoom_with_ctrl(false)
        .double_click_to_zoom(true)
        .drag_pan_buttons(
            if grab.is_none() && grab_at_press.is_none() && dragging.is_none() {
                egui::DragPanButtons::PRIMARY
            } else {
                egui::DragPanButtons::empty()
            },
        );

        let mut hovered = None;
        let mut transform = None;
        let inner = map.show(ui, |ui, response, projector, _memory| {
            let rect = response.rect;
            let centre = projector.unproject(rect.center().to_vec2());
            let (cx, cy) = unit_merc_from_lonlat(centre.x(), centre.y());
            let t = ScreenTransform::new([cx, cy], rect.center(), projector.zoom());
            transform = Some(t);
            let painter = ui.painter().with_clip_rect(rect);
            let pointer = response.hover_pos();
            hovered = pointer.and_then(|p| pick(state, &t, p));
            // Areas, then Stadtteil names, then facility symbols on top of both.
            if show_context {
                context::draw(&painter, &t, rect, projector.zoom());
            }
            let (areas, symbols) = draw_layers(state, &t, rect, hovered, state.selection);
            painter.extend(areas);
            for overlay in overlays::OVERLAYS {
                overlay.below(state, &t, &painter);
            }
            draw_labels(&painter, state, &t, rect, projector.zoom());
            painter.extend(symbols);
            for overlay in overlays::OVERLAYS {
                overlay.above(state, &t, &painter);
            }
            let at = |p: Pos2| {
                let ll = projector.unproject(p.to_vec2());
                (ll.x(), ll.y())
            };
            let grabs = reach::Grabs {
                hover: grab,
                press: grab_at_press,
                placing,
            };
            let place = reach::interact(
                ui,
                response,
                &grabs,
                &at,
                &mut dragging,
                &mut reach_commands,
            );
            let pin = pointer.and_then(|p| pins::under(state, &t, p));
            if let Some((lon, lat)) = self.draft_pin {
                pins::draw_draft(&t, &painter, lon, lat);
            }
            if let Some(pin) = pin {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    let category = if state.lang == crate::i18n::Lang::De {
                        pin.category.label_de()
                    } else {
                        pin.category.label_en()
                    };
                    ui.strong(format!("Pin {} · {category}", pin.number));
                    if !pin.comment.is_empty() {
                        ui.label(&pin.comment);
                    }
                });
            } else if place.is_none()
                && let Some(h) = hovered
            {
                response.clone().on_hover_ui_at_pointer(|ui| {
                    tooltip(ui, state, h, texts);
                });
            }
            let clicked = response.clicked() && place.is_none() && grab.is_none();
            if pin_tool && response.hovered() && pin.is_none() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Crosshair);
            }
            let placed = (clicked && pin_tool)
                .then(|| {
                    response.interact_pointer_pos().map(|p| {
                        let (lon, lat) = at(p);
                        (lon, lat, p)
                    })
                })
                .flatten();
            (clicked && !state.tool.places(), placed)
        });
        let (clicked, placed) = inner.inner;
        if placed.is_some() {
            self.placed = placed;
        }
        self.dragging = dragging;
        out.extend(reach_commands);
        self.hovered = hovered;
        self.last_transform = transform;
        if clicked {
            let adding = ui.input(|i| i.modifiers.ctrl || i.modifiers.shift || i.modifiers.command);
            click(state, hovered, adding, out);
        }
    }
}

/// The lon/lat envelope of the visible screen rect.
fn visible_envelope(t: &ScreenTransform, rect: Rect) -> ([f64; 2], [f64; 2]) {
    let (a, b) = t.unit_rect(rect);
    let (lon0, lat_top) = lonlat_from_unit_merc(a[0], a[1]);
    let (lon1, lat_bottom) = lonlat_from_unit_merc(b[0], b[1]);
    ([lon0, lat_bottom], [lon1, lat_top])
}

fn draw_layers(
    state: &AppState,
    t: &ScreenTransform,
    rect: Rect,
    hovered: Option<FeatureRef>,
    selected: Option<FeatureRef>,
) -> (Vec<Shape>, Vec<Shape>) {
    let (min, max) = visible_envelope(t, rect);
    let mut shapes = Vec::new();
    let mut symbols = Vec::new();
    let is = |s: Option<FeatureRef>, id, i| s.is_some_and(|s| s.layer == id && s.feature == i);
    for entry in state.layers.iter().filter(|l| l.visible) {
        match &entry.layer {
            Layer::Areas(layer)
                if entry.style == AreaStyle::Fill
                    && let Some(th) = state.thematic().filter(|t| t.layer == entry.id) =>
            {
                let index = thematic::shown_index(state, th);
                draw_thematic(th, index, layer, t, rect, hovered, &mut shapes);
            }
            Layer::Areas(layer) => {
                let visible = layer.index.in_envelope(min, max);
                let id = entry.id;
                match entry.style {
                    AreaStyle::Fill => {
                        let mut mesh = egui::Mesh::default();
                        fill_mesh(
                            &layer.mesh,
                            &visible,
                            t,
                            |i| {
                                if is(selected, id, i) {
                                    c32(theme::AREA_FILL_SELECTED)
                                } else if is(hovered, id, i) {
                                    c32(theme::AREA_FILL_HOVER)
                                } else {
                                    c32(theme::AREA_FILL)
                                }
                            },
                            &mut mesh,
                        );
                        shapes.push(Shape::mesh(mesh));
                        layer_outlines(
                            &layer.mesh,
                            &visible,
                            t,
                            |_| Stroke::new(theme::AREA_OUTLINE_WIDTH, theme::AREA_OUTLINE),
                            &mut shapes,
                        );
                    }
                    AreaStyle::Boundary => {
                        let hovered_fill = |i| {
                            if is(hovered, id, i) {
                                c32(theme::AREA_FILL_HOVER)
                            } else {
                                Color32::TRANSPARENT
                            }
                        };
                        let mut mesh = egui::Mesh::default();
                        fill_mesh(&layer.mesh, &visible, t, hovered_fill, &mut mesh);
                        shapes.push(Shape::mesh(mesh));
                        layer_outlines(
                            &layer.mesh,
                            &visible,
                            t,
                            |_| Stroke::new(theme::BOUNDARY_OUTLINE_WIDTH, theme::BOUNDARY_OUTLINE),
                            &mut shapes,
                        );
                    }
                }
                // The selection outline on top of its neighbours.
                if let Some(s) = selected.filter(|s| s.layer == id) {
                    outlines(
                        &layer.mesh,
                        &[s.feature],
                        t,
                        |_| Stroke::new(theme::SELECTED_OUTLINE_WIDTH, theme::SELECTED_OUTLINE),
                        &mut shapes,
                    );
                }
            }
            Layer::Facilities(layer) => {
                draw_facilities(layer, entry, t, min, max, selected, &mut symbols);
            }
        }
    }
    (shapes, symbols)
}

fn draw_facilities(
    layer: &FacilityLayer,
    entry: &LayerEntry,
    t: &ScreenTransform,
    min: [f64; 2],
    max: [f64; 2],
    selected: Option<FeatureRef>,
    shapes: &mut Vec<Shape>,
) {
    let sym = theme::symbol(layer.kind);
    for i in layer.index.in_envelope(min, max) {
        let Some(f) = layer.facilities.get(i) else {
            continue;
        };
        let (x, y) = unit_merc_from_lonlat(f.position.x(), f.position.y());
        let p = t.apply([x, y]);
        let chosen = selected.is_some_and(|s| s.layer == entry.id && s.feature == i);
        let r = if chosen { sym.radius * 1.5 } else { sym.radius };
        let stroke = Stroke::new(
            if chosen { 2.5 } else { 1.5 },
            if chosen {
                theme::SELECTED_OUTLINE
            } else {
                sym.stroke
            },
        );
        shapes.push(symbol_shape(sym.shape, p, r, c32(sym.fill), stroke));
    }
}

/// Stadtteil names (boundary layers) from a suitable zoom on, never overlapping each other.
/// Thinned for large layers: only areas in view (R-tree), only where the area is at least 30 %
/// as wide on screen as its name, and at most [`theme::MAX_LABELS`] names; collisions are
/// checked against the names already placed in a coarse screen grid.
fn draw_labels(
    painter: &egui::Painter,
    state: &AppState,
    t: &ScreenTransform,
    rect: Rect,
    zoom: f64,
) {
    if zoom < theme::LABEL_MIN_ZOOM {
        return;
    }
    let font = FontId::proportional(theme::LABEL_SIZE);
    let (min, max) = visible_envelope(t, rect);
    let mut placed = LabelGrid::new(rect);
    for entry in state
        .layers
        .iter()
        .filter(|l| l.visible && l.style == AreaStyle::Boundary)
    {
        let Layer::Areas(layer) = &entry.layer else {
            continue;
        };
        let mut candidates = layer.index.in_envelope(min, max);
        candidates.sort_unstable();
        for i in candidates {
            if placed.count >= theme::MAX_LABELS {
                return;
            }
            let Some(area) = layer.areas.get(i) else {
                continue;
            };
            let (x, y) = unit_merc_from_lonlat(area.label_point().x(), area.label_point().y());
            let p = t.apply([x, y]);
            if !rect.contains(p) {
                continue;
            }
            let text = layer.feature_title(i);
            let width_px = screen_width(area, t);
            let estimate = theme::LABEL_SIZE * 0.55 * text.chars().count() as f32;
            if width_px < estimate * 0.3 {
                continue;
            }
            let galley = painter.layout_no_wrap(text, font.clone(), c32(theme::LABEL_COLOUR));
            let r = Align2::CENTER_CENTER.anchor_size(p, galley.size());
            if !placed.insert(r.expand(2.0)) {
                continue;
            }
            painter.rect_filled(r.expand2(vec2(3.0, 1.0)), 3.0, theme::LABEL_HALO);
            painter.galley(r.min, galley, c32(theme::LABEL_COLOUR));
        }
    }
}

/// The width of an area on screen, in pixels (from its bounding box).
fn screen_width(area: &crate::model::Area, t: &ScreenTransform) -> f32 {
    use geo::BoundingRect;
    area.geometry.bounding_rect().map_or(0.0, |r| {
        let (x0, _) = unit_merc_from_lonlat(r.min().x, r.min().y);
        let (x1, _) = unit_merc_from_lonlat(r.max().x, r.max().y);
        ((x1 - x0) * t.scale) as f32
    })
}

/// Placed label rectangles, bucketed in 64-pixel cells so a collision test looks at the
/// neighbourhood only.
struct LabelGrid {
    origin: Pos2,
    cells: std::collections::HashMap<(i32, i32), Vec<Rect>>,
    count: usize,
}

impl LabelGrid {
    const CELL: f32 = 64.0;

    fn new(rect: Rect) -> Self {
        Self {
            origin: rect.min,
            cells: std::collections::HashMap::new(),
            count: 0,
        }
    }

    fn keys(&self, r: Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let k = |v: f32, o: f32| ((v - o) / Self::CELL).floor() as i32;
        let (x0, x1) = (k(r.min.x, self.origin.x), k(r.max.x, self.origin.x));
        let (y0, y1) = (k(r.min.y, self.origin.y), k(r.max.y, self.origin.y));
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Place `r` unless it overlaps a placed label.
    fn insert(&mut self, r: Rect) -> bool {
        let hit = self.keys(r).any(|key| {
            self.cells
                .get(&key)
                .is_some_and(|v| v.iter().any(|q| q.intersects(r)))
        });
        if hit {
            return false;
        }
        for key in self.keys(r) {
            self.cells.entry(key).or_default().push(r);
        }
        self.count += 1;
        true
    }
}
