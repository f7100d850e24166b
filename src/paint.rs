//! The window's painting vocabulary, shared by the map widget and the panels: theme colours
//! as egui colours and the facility symbols as egui shapes. It knows egui and the theme, and
//! nothing of the application state, the panels or the map widget.

use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2, vec2};

use crate::theme::{Colour, SymbolShape};

impl From<Colour> for Color32 {
    fn from(c: Colour) -> Self {
        let [r, g, b, a] = c.0;
        Color32::from_rgba_premultiplied(r, g, b, a)
    }
}

/// A theme colour as egui paints it.
pub fn c32(c: Colour) -> Color32 {
    c.into()
}

/// One facility symbol (the map and the legend draw the same).
pub fn symbol_shape(shape: SymbolShape, p: Pos2, r: f32, fill: Color32, stroke: Stroke) -> Shape {
    match shape {
        SymbolShape::Circle => {
            let mut c = egui::epaint::CircleShape::filled(p, r, fill);
            c.stroke = stroke;
            Shape::Circle(c)
        }
        SymbolShape::Square => {
            let rect = Rect::from_center_size(p, vec2(2.0 * r, 2.0 * r));
            let mut s = egui::epaint::RectShape::filled(rect, 1.5, fill);
            s.stroke = stroke;
            Shape::Rect(s)
        }
        SymbolShape::Diamond => Shape::convex_polygon(
            vec![
                pos2(p.x, p.y - r),
                pos2(p.x + r, p.y),
                pos2(p.x, p.y + r),
                pos2(p.x - r, p.y),
            ],
            fill,
            stroke,
        ),
    }
}
