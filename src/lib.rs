//! Sozialatlas — a desktop GIS for social-space analysis (Sozialraumanalyse).
//!
//! How data flows:
//!
//! 1. [`io`] reads files (GeoJSON, Shapefile with `.prj`/`.cpg`, CSV points) into the domain
//!    types of [`model`]: an [`model::AreaLayer`] of polygons or a [`model::FacilityLayer`] of
//!    points. Every load produces a [`io::LoadReport`] that says, in German and English, what
//!    was read, which coordinate system was used and which features were skipped and why.
//! 2. [`crs`] is the one home of reprojection: geometries are kept in WGS84 lon/lat for display
//!    and in a metric UTM zone for every distance and area.
//! 3. [`model::spatial`] indexes layers with an R-tree for picking and envelope queries;
//!    [`model::mesh`] triangulates polygons once into a Web-Mercator mesh for drawing.
//! 4. The window ([`app`], [`state`], [`ui`], [`map`]) reads an [`state::AppState`] and changes
//!    it only through [`state::Command`]s. The command line ([`cli`]) calls the same core.
//!
//! Words and numbers of either language come from [`i18n`] (the window and exported pages
//! share it); texts made before the reader is known (reports, messages) keep both languages.
//!
//! `model`, `io` and `crs` know nothing of egui, eframe, walkers or rfd; a test enforces it.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod crs;
pub mod export;
pub mod i18n;
pub mod io;
pub mod map;
pub mod model;
pub mod paint;
pub mod project;
pub mod state;
pub mod theme;
pub mod tiles;
pub mod ui;
pub mod workshop;
