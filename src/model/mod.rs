//! Domain types: area layers (Sozialräume, Stadtteile …), facility layers (Nachbarschaftsbüros,
//! Sozialrathäuser, stops …), their attributes, spatial index and drawing mesh.
//!
//! Everything here is pure data and geometry. It must not import egui, eframe, walkers or rfd,
//! and it does not read files (that is [`crate::io`]).

pub mod conventions;
pub mod layer;
pub mod mesh;
pub mod names;
pub mod spatial;
pub mod value;

pub use layer::{Area, AreaLayer, Facility, FacilityKind, FacilityLayer, Layer};
pub use value::{Field, FieldType, Schema, Value};
