//! Facility symbols (circle, square, diamond) as egui shapes, shared by the map and the legend.

use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2, vec2};

use crate::theme::SymbolShape;

/// One facility symbol (also used by the legend).
pub fn symbol_shape(shape: SymbolShape, p: Pos2, r: f32, fill: Color32, stroke: Stroke) -> Shape {
    match shape {
        SymbolShape::Circle => Shape::circle_filled(p, r, fill).with_stroke(stroke, r),
        SymbolShape::Square => {
            Shape::rect_filled(Rect::from_center_size(p, vec2(2.0 * r, 2.0 * r)), 1.5, fill)
                .with_stroke(stroke, r)
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

trait WithStroke {
    fn with_stroke(self, stroke: Stroke, r: f32) -> Shape;
}

impl WithStroke for Shape {
    fn with_stroke(self, stroke: Stroke, _r: f32) -> Shape {
        match self {
            Shape::Circle(mut c) => {
                c.stroke = stroke;
                Shape::Circle(c)
            }
            Shape::Rect(mut r) => {
                r.stroke = stroke;
                Shape::Rect(r)
            }
            other => other,
        }
    }
}
