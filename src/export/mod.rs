//! Map export for Magistrat documents: a page layout (title, map frame, legend, scale bar,
//! north arrow, sources, date, author, method note) built once as a [`scene::Page`] and drawn
//! by every back end — PDF (vector, embedded font subsets), SVG and PNG (with its DPI). Pure:
//! no UI crate is used here.

pub mod content;
mod draw;
pub mod file_name;
pub mod font;
mod furniture;
pub mod geom;
pub mod layout;
mod legend;
mod mapframe;
pub mod pdf;
pub mod place;
pub mod png;
mod png_text;
mod projection;
pub mod render;
pub mod report;
pub mod scene;
pub mod steckbrief;
pub mod svg;
