//! Basemap tiles without the UI: the tile sources (OpenStreetMap, basemap.de colour and grey,
//! OpenTopoMap, a custom XYZ template, an MBTiles file, none) with their attribution, zoom
//! limit and bulk-download policy; tile arithmetic (which tiles cover a box at a zoom, how
//! many for an offline package). The disk cache, the fetcher and MBTiles live in submodules.

pub mod cache;
pub mod connectivity;
pub mod fetch;
pub mod mbtiles;
pub mod package;
pub mod policy;
pub mod tile_image;

use std::path::PathBuf;

/// One tile in the XYZ ("slippy map") scheme: y counts from the north.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileKey {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// Where tiles come from.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceKind {
    /// An HTTP(S) template with `{z}`, `{x}`, `{y}`.
    Xyz { template: String },
    /// A local MBTiles file (raster PNG or JPEG).
    MbTiles { path: PathBuf },
    /// No basemap.
    None,
}

/// A tile source with what must be shown and respected with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// A short stable name, also the disk cache's folder ("osm", "basemapde-farbe" …).
    pub id: String,
    /// The name shown in the menu.
    pub name: String,
    pub kind: SourceKind,
    /// Always shown on the map and in every export.
    pub attribution: String,
    pub attribution_url: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// Whether the provider's usage policy allows offline packages (bulk download). The
    /// OpenStreetMap standard tile servers forbid it.
    pub bulk_download: bool,
}

impl Source {
    pub fn osm() -> Self {
        Self {
            id: "osm".to_owned(),
            name: "OpenStreetMap".to_owned(),
            kind: SourceKind::Xyz {
                template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".to_owned(),
            },
            attribution: "© OpenStreetMap-Mitwirkende".to_owned(),
            attribution_url: "https://www.openstreetmap.org/copyright".to_owned(),
            min_zoom: 0,
            max_zoom: 19,
            bulk_download: false,
        }
    }

    /// basemap.de Web Raster of the Bundesamt für Kartographie und Geodäsie (colour).
    pub fn basemap_de_colour() -> Self {
        Self {
            id: "basemapde-farbe".to_owned(),
            name: "basemap.de (farbig)".to_owned(),
            kind: SourceKind::Xyz {
                template: "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png".to_owned(),
            },
            attribution: "© basemap.de / BKG (CC BY 4.0)".to_owned(),
            attribution_url: "https://basemap.de".to_owned(),
            min_zoom: 0,
            max_zoom: 18,
            bulk_download: true,
        }
    }

    /// basemap.de Web Raster, grey.
    pub fn basemap_de_grey() -> Self {
        Self {
            id: "basemapde-grau".to_owned(),
            name: "basemap.de (grau)".to_owned(),
            kind: SourceKind::Xyz {
                template: "https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_grau/default/GLOBAL_WEBMERCATOR/{z}/{y}/{x}.png".to_owned(),
            },
            ..Self::basemap_de_colour()
        }
    }

    pub fn opentopomap() -> Self {
        Self {
            id: "opentopomap".to_owned(),
            name: "OpenTopoMap".to_owned(),
            kind: SourceKind::Xyz {
                template: "https://tile.opentopomap.org/{z}/{x}/{y}.png".to_owned(),
            },
            attribution:
                "© OpenStreetMap-Mitwirkende, SRTM · Kartendarstellung © OpenTopoMap (CC BY-SA)"
                    .to_owned(),
            attribution_url: "https://opentopomap.org/about".to_owned(),
            min_zoom: 0,
            max_zoom: 17,
            bulk_download: false,
        }
    }

    /// A custom XYZ template, e.g. a city's own tile server.
    pub fn custom(template: &str, attribution: &str, max_zoom: u8) -> Self {
        Self {
            id: format!("eigen-{:08x}", fnv(template)),
            name: "Eigene Quelle".to_owned(),
            kind: SourceKind::Xyz {
                template: template.trim().to_owned(),
            },
            attribution: attribution.trim().to_owned(),
            attribution_url: String::new(),
            min_zoom: 0,
            max_zoom,
            bulk_download: true,
        }
    }

    pub fn none() -> Self {
        Self {
            id: "keine".to_owned(),
            name: "Kein Hintergrund".to_owned(),
            kind: SourceKind::None,
            attribution: String::new(),
            attribution_url: String::new(),
            min_zoom: 0,
            max_zoom: 19,
            bulk_download: false,
        }
    }

    /// The URL of a tile (`None` for sources that are not XYZ).
    pub fn url(&self, key: TileKey) -> Option<String> {
        match &self.kind {
            SourceKind::Xyz { template } => Some(
                template
                    .replace("{z}", &key.z.to_string())
                    .replace("{x}", &key.x.to_string())
                    .replace("{y}", &key.y.to_string()),
            ),
            _ => None,
        }
    }

    /// Why an offline package may not be made from this source (German), if it may not:
    /// the source says so, or its template's host belongs to a provider that forbids bulk
    /// downloads (compared parsed and normalised, see [`policy`]), whatever the source is
    /// called.
    pub fn bulk_refusal(&self) -> Option<String> {
        let provider = match &self.kind {
            SourceKind::Xyz { template } => policy::refusing_provider(template),
            _ => None,
        };
        let name = match provider {
            Some(p) => p,
            None if !self.bulk_download => self.name.clone(),
            None => return None,
        };
        Some(format!(
            "Offline-Pakete sind für „{name}“ nicht erlaubt: die Nutzungsbedingungen des \
             Anbieters verbieten das massenhafte Herunterladen von Kacheln. Bitte \
             basemap.de oder eine eigene Quelle wählen."
        ))
    }

    /// The built-in sources, for the menu.
    pub fn catalogue() -> Vec<Source> {
        vec![
            Self::osm(),
            Self::basemap_de_colour(),
            Self::basemap_de_grey(),
            Self::opentopomap(),
            Self::none(),
        ]
    }
}

/// A stable 32-bit hash (FNV-1a) for cache folder names.
fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The tile column and row of a lon/lat at a zoom (clamped to the world).
pub fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let n = 2f64.powi(i32::from(z));
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    let x = ((lon + 180.0) / 360.0 * n).floor();
    let y = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor();
    let max = n - 1.0;
    (x.clamp(0.0, max) as u32, y.clamp(0.0, max) as u32)
}

/// The tiles covering a lon/lat box at one zoom.
pub fn tiles_in(bbox: [f64; 4], z: u8) -> impl Iterator<Item = TileKey> {
    let (x0, y0) = tile_of(bbox[0], bbox[3], z);
    let (x1, y1) = tile_of(bbox[2], bbox[1], z);
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| TileKey { z, x, y }))
}

/// How many tiles cover a box over a zoom range.
pub fn tile_count(bbox: [f64; 4], zooms: std::ops::RangeInclusive<u8>) -> u64 {
    zooms
        .map(|z| {
            let (x0, y0) = tile_of(bbox[0], bbox[3], z);
            let (x1, y1) = tile_of(bbox[2], bbox[1], z);
            u64::from(x1 - x0 + 1) * u64::from(y1 - y0 + 1)
        })
        .sum()
}

/// The north-west corner of a tile in lon/lat.
pub fn tile_corner(x: u32, y: u32, z: u8) -> (f64, f64) {
    let n = 2f64.powi(i32::from(z));
    let lon = f64::from(x) / n * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * f64::from(y) / n))
        .sinh()
        .atan()
        .to_degrees();
    (lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frankfurt_lies_in_the_known_tiles() {
        // Hauptwache (8.6821, 50.1109): x = (lon + 180) / 360 · 2^z = 2146.8 at z 12 and
        // 8587.1 at z 14; y from the Mercator formula 1387.2 and 5548.7 (worked out in Python).
        assert_eq!(tile_of(8.6821, 50.1109, 12), (2146, 1387));
        assert_eq!(tile_of(8.6821, 50.1109, 14), (8587, 5548));
        let (lon, lat) = tile_corner(2146, 1387, 12);
        assert!(lon <= 8.6821 && lat >= 50.1109);
    }

    #[test]
    fn tile_counts_add_up_over_zooms() {
        let b = [8.47, 50.01, 8.80, 50.23];
        let per_zoom: Vec<u64> = (10..=14).map(|z| tiles_in(b, z).count() as u64).collect();
        assert_eq!(tile_count(b, 10..=14), per_zoom.iter().sum::<u64>());
        assert!(per_zoom.windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn urls_fill_the_template_and_osm_refuses_bulk_downloads() {
        let k = TileKey {
            z: 12,
            x: 2146,
            y: 1387,
        };
        assert_eq!(
            Source::osm().url(k).as_deref(),
            Some("https://tile.openstreetmap.org/12/2146/1387.png")
        );
        assert!(
            Source::basemap_de_colour()
                .url(k)
                .is_some_and(|u| u.ends_with("/12/1387/2146.png"))
        );
        assert!(Source::osm().bulk_refusal().is_some());
        assert!(Source::basemap_de_grey().bulk_refusal().is_none());
        assert_eq!(
            Source::custom("http://x/{z}/{x}/{y}.png", "Stadt", 18).id,
            Source::custom("http://x/{z}/{x}/{y}.png", "", 18).id
        );
    }
}
