//! One HTTP download of a tile: the blocking client (built once, no proxy for a server on this
//! machine), a GET bounded by a timeout from connecting to the last byte, the status codes
//! mapped to [`TileFailure`]s, and the body accepted only when it is a tile-sized PNG or JPEG.
//! Must not queue, cache or change the online state.

use std::io::Read;
use std::time::{Duration, Instant};

use super::{MAX_TILE_BYTES, Shared, TileFailure, TileKey};

impl Shared {
    /// The HTTP client, built on first use (by whichever thread needs it first).
    fn client(&self) -> Result<&reqwest::blocking::Client, String> {
        let built = self.client.get_or_init(|| {
            let mut builder = reqwest::blocking::Client::builder()
                .user_agent(self.options.user_agent.clone())
                .timeout(self.options.timeout)
                .connect_timeout(self.options.connect_timeout);
            if self
                .source
                .url(TileKey { z: 0, x: 0, y: 0 })
                .is_some_and(|u| is_loopback(&u))
            {
                // A tile server on this machine is never reached through a proxy.
                builder = builder.no_proxy();
            }
            builder.build().map_err(|e| error_chain(&e))
        });
        built.as_ref().map_err(Clone::clone)
    }

    /// One GET, bounded by `timeout` from connecting to the last byte, with the body checked.
    pub(super) fn download(&self, url: &str, timeout: Duration) -> Result<Vec<u8>, TileFailure> {
        let deadline = Instant::now() + timeout;
        let host = reqwest::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let client = self.client().map_err(|detail| TileFailure::Connection {
            host: host.clone(),
            detail,
        })?;
        let response = client
            .get(url)
            .timeout(timeout)
            .send()
            .map_err(|e| classify(&e, &host))?;
        let status = response.status().as_u16();
        match status {
            200..=203 | 205..=299 => {}
            204 | 404 | 410 => return Err(TileFailure::NotFound),
            _ => return Err(TileFailure::Http(status)),
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_TILE_BYTES)
        {
            return Err(TileFailure::Corrupt);
        }
        let mut body = Vec::new();
        let mut reader = response.take(MAX_TILE_BYTES + 1);
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if Instant::now() >= deadline {
                return Err(TileFailure::Timeout);
            }
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => body.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let timed_out = Instant::now() >= deadline
                        || e.kind() == std::io::ErrorKind::TimedOut
                        || e.get_ref()
                            .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                            .is_some_and(reqwest::Error::is_timeout);
                    return Err(if timed_out {
                        TileFailure::Timeout
                    } else {
                        TileFailure::Connection {
                            host,
                            detail: error_chain(&e),
                        }
                    });
                }
            }
        }
        if body.len() as u64 > MAX_TILE_BYTES || !is_tile_image(&body) {
            return Err(TileFailure::Corrupt);
        }
        Ok(body)
    }
}

/// Whether bytes are a PNG or JPEG whose header is readable and states a tile's size (at most
/// [`crate::tiles::tile_image::MAX_TILE_SIDE`] pixels a side). Only the header is read.
pub fn is_tile_image(bytes: &[u8]) -> bool {
    crate::tiles::tile_image::check_tile(bytes).is_ok()
}

fn classify(e: &reqwest::Error, host: &str) -> TileFailure {
    if e.is_timeout() {
        TileFailure::Timeout
    } else {
        TileFailure::Connection {
            host: host.to_owned(),
            detail: error_chain(e),
        }
    }
}

/// The innermost cause of an error (the most telling part, e.g. "Connection refused").
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner: &dyn std::error::Error = e;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner.to_string()
}

fn is_loopback(url: &str) -> bool {
    reqwest::Url::parse(url).is_ok_and(|u| {
        u.host_str().is_some_and(|h| {
            h.eq_ignore_ascii_case("localhost")
                || h.trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_bytes() -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 2, 2);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[200; 12]).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn pngs_and_jpegs_are_tiles_and_web_pages_are_not() {
        assert!(is_tile_image(&png_bytes()));
        // A JPEG start without a frame header states no size: not a tile.
        assert!(!is_tile_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J']));
        assert!(!is_tile_image(
            b"<!DOCTYPE html><title>WLAN-Anmeldung</title>"
        ));
        assert!(!is_tile_image(b""));
        assert!(!is_tile_image(&[0xFF, 0xD8, 0xFF]));
        // A PNG signature followed by garbage has no readable header.
        let mut broken = b"\x89PNG\r\n\x1a\n".to_vec();
        broken.extend_from_slice(&[7; 40]);
        assert!(!is_tile_image(&broken));
    }

    #[test]
    fn local_servers_are_recognised_for_the_proxy_bypass() {
        assert!(is_loopback("http://127.0.0.1:8080/ok/1/2/3.png"));
        assert!(is_loopback("http://localhost/x.png"));
        assert!(is_loopback("http://[::1]:99/x.png"));
        assert!(!is_loopback("https://tile.openstreetmap.org/1/2/3.png"));
    }
}
