//! Analysis on loaded layers and joined indicator tables: classification (mapclassify
//! definitions), table joins, aggregation up the area hierarchy, privacy suppression and
//! palettes. Pure: no UI crate is used here.

pub mod classify;
pub mod join;
