//! Why a tile did not arrive ([`TileFailure`], German messages shown to the user) and which
//! failures count towards going offline. Must not touch the network.

/// Why a tile did not arrive. The messages are German and shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileFailure {
    /// The server answered that it has no such tile (404, 410 or 204), or the tile lies
    /// outside the source's zoom range or the world.
    #[error("Diese Kachel gibt es beim Anbieter nicht.")]
    NotFound,
    /// No complete answer within the time limit.
    #[error("Der Kachelserver hat nicht rechtzeitig geantwortet (Zeitüberschreitung).")]
    Timeout,
    /// The server could not be reached (no network, name not resolvable, connection refused
    /// or broken).
    #[error("Keine Verbindung zum Kachelserver „{host}“ ({detail}).")]
    Connection { host: String, detail: String },
    /// The server answered with an error status. 5xx counts towards going offline, 4xx not.
    #[error("Der Kachelserver meldet einen Fehler (HTTP {0}).")]
    Http(u16),
    /// The body is not a PNG or JPEG tile (e.g. a login page of a public Wi-Fi, or an image
    /// whose header states more than a tile's size); not cached.
    #[error(
        "Der Kachelserver hat kein brauchbares Kachelbild geliefert (kein PNG oder JPEG, oder \
         größer als 512 × 512 Pixel)."
    )]
    Corrupt,
    /// Offline (switched by hand or detected) and the tile is not in the cache.
    #[error("Offline: diese Kachel ist nicht im Zwischenspeicher.")]
    Offline,
    /// The source has no web address (MBTiles file or no basemap).
    #[error("Diese Kartenquelle lädt keine Kacheln aus dem Internet.")]
    NoSource,
    /// Given up unfetched because many newer requests came in; ask again if still needed.
    #[error("Anfrage verworfen, weil viele neuere Kacheln angefordert wurden.")]
    Superseded,
}

impl TileFailure {
    /// Whether this failure says the network or the server is not usable, i.e. counts towards
    /// going offline (timeouts, connection errors, 5xx, non-image bodies).
    pub fn is_network_failure(&self) -> bool {
        match self {
            Self::Timeout | Self::Connection { .. } | Self::Corrupt => true,
            Self::Http(code) => *code >= 500,
            Self::NotFound | Self::Offline | Self::NoSource | Self::Superseded => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreachable_servers_push_towards_offline() {
        assert!(TileFailure::Timeout.is_network_failure());
        assert!(TileFailure::Http(503).is_network_failure());
        assert!(TileFailure::Corrupt.is_network_failure());
        assert!(!TileFailure::NotFound.is_network_failure());
        assert!(!TileFailure::Http(403).is_network_failure());
        assert!(!TileFailure::Offline.is_network_failure());
    }
}
