//! The basemap: OpenStreetMap tiles through walkers' HTTP client with a disk cache in the OS
//! cache directory and our own user agent, plus a connectivity probe that tells the UI whether
//! the tile server is reachable. The probe runs on its own thread with a bounded timeout, so a
//! dead network never blocks a frame; without network the map keeps all vector layers on a
//! neutral background and shows cached tiles.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use walkers::sources::{Attribution, TileSource};
use walkers::{HeaderValue, HttpOptions, HttpTiles, TileId};

const TILE_HOST: &str = "tile.openstreetmap.org";
const PROBE_TIMEOUT: Duration = Duration::from_secs(4);
const PROBE_INTERVAL_ONLINE: Duration = Duration::from_secs(60);
const PROBE_INTERVAL_OFFLINE: Duration = Duration::from_secs(15);

/// The standard OpenStreetMap raster tiles.
pub struct OsmTiles;

impl TileSource for OsmTiles {
    fn tile_url(&self, tile_id: TileId) -> String {
        format!(
            "https://{TILE_HOST}/{}/{}/{}.png",
            tile_id.zoom, tile_id.x, tile_id.y
        )
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "© OpenStreetMap-Mitwirkende",
            url: "https://www.openstreetmap.org/copyright",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn max_zoom(&self) -> u8 {
        19
    }
}

/// The tile cache directory in the OS cache dir (e.g. `~/.cache/sozialatlas/tiles/osm`).
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("de", "Sozialatlas", "sozialatlas")
        .map(|d| d.cache_dir().join("tiles").join("osm"))
}

pub fn user_agent() -> String {
    format!(
        "Sozialatlas/{} (Desktop-GIS fuer Sozialraumanalyse)",
        env!("CARGO_PKG_VERSION")
    )
}

pub fn osm_tiles(ctx: egui::Context) -> HttpTiles {
    let options = HttpOptions {
        cache: cache_dir(),
        user_agent: HeaderValue::from_str(&user_agent()).ok(),
        ..HttpOptions::default()
    };
    HttpTiles::with_options(OsmTiles, options, ctx)
}

/// Whether the tile server can be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connectivity {
    Checking,
    Online,
    Offline,
}

/// A background probe: TCP connect to the tile server with a timeout, repeated.
#[derive(Clone)]
pub struct ConnectivityProbe {
    state: Arc<AtomicU8>,
}

impl ConnectivityProbe {
    pub fn start(ctx: egui::Context) -> Self {
        let state = Arc::new(AtomicU8::new(0));
        let shared = state.clone();
        let _ = std::thread::Builder::new()
            .name("verbindung".to_owned())
            .spawn(move || {
                loop {
                    let online = reachable(TILE_HOST, 443);
                    shared.store(if online { 1 } else { 2 }, Ordering::Relaxed);
                    ctx.request_repaint();
                    std::thread::sleep(if online {
                        PROBE_INTERVAL_ONLINE
                    } else {
                        PROBE_INTERVAL_OFFLINE
                    });
                }
            });
        Self { state }
    }

    pub fn state(&self) -> Connectivity {
        match self.state.load(Ordering::Relaxed) {
            1 => Connectivity::Online,
            2 => Connectivity::Offline,
            _ => Connectivity::Checking,
        }
    }
}

fn reachable(host: &str, port: u16) -> bool {
    let Ok(addrs) = (host, port).to_socket_addrs() else {
        return false;
    };
    addrs
        .take(2)
        .any(|a| TcpStream::connect_timeout(&a, PROBE_TIMEOUT).is_ok())
}
