//! Analysis on loaded layers and joined indicator tables: classification (mapclassify
//! definitions), table joins, aggregation up the area hierarchy, privacy suppression and
//! palettes. Pure: no UI crate is used here.

pub mod aggregate;
pub mod classify;
pub mod data;
pub mod index;
pub mod join;
pub mod palette;
pub mod privacy;
pub mod reach;
pub mod stats;
pub mod thematic;
