//! Choosing a coordinate system from numbers alone: [`detect_crs`] guesses the system of a file
//! that names none from its bounding box, [`metric_crs_for`] picks the metric (UTM) system for
//! distances and areas around a position, and [`is_valid_lonlat`] checks a longitude/latitude pair.
//! Only comparisons and arithmetic on `f64`s and the code tables of the parent module: it must not
//! transform coordinates (that is `transform`), parse names or WKT, read files or touch the user
//! interface, and it never panics.

use super::{Crs, gauss_kruger};

/// Guess the CRS from a coordinate bounding box `[min_x, min_y, max_x, max_y]` when the file says
/// nothing. The whole box must fit a range; the checks run in this order:
///
/// 1. lon −180..180 and lat −90..90 → [`Crs::WGS84`];
/// 2. with a northing of 5 200 000..6 200 000 m (Germany and its neighbours):
///    * eastings 32 100 000..32 900 000 (zone-prefixed UTM, "zE-N") → EPSG:4647,
///      33 100 000..33 900 000 → EPSG:5650 (both only if `proj4rs` knows them — it does);
///    * eastings d 200 000..d 900 000 with the leading digit d = 2..5 in both corners →
///      DHDN Gauß-Krüger zone d, EPSG:3146(4+d) (e.g. 3 2…–3 9… → 31467);
/// 3. UTM against Web-Mercator. Plain UTM eastings are 100 000..900 000 m with northings
///    5.2–6.2 M in Germany; Germany in Web-Mercator has eastings ≈ 650 000–1 700 000 and
///    northings ≈ 6.0–7.4 M. The rule:
///    * eastings 100 000..900 000 and northings 5 200 000..6 100 000 → UTM (EPSG:25832);
///    * else eastings 500 000..2 000 000 and northings 5 500 000..7 500 000 → Web-Mercator;
///    * else eastings 100 000..900 000 and northings up to 6 200 000 → UTM (EPSG:25832).
///
///    So a box that fits both is UTM when it lies entirely below 6 100 000 m northing (all of
///    Germany except the very north of Schleswig-Holstein in UTM, but in Web-Mercator only the
///    Alpine edge south of ≈ 47.6° N), and Web-Mercator above it.
///    UTM zone 33 uses the same number ranges as zone 32; the guess is always zone 32 (Frankfurt's
///    zone), data from eastern Germany in zone 33 without a `.prj` is misplaced by one zone.
///
/// Anything else (and non-finite or inverted boxes) → `None`.
pub fn detect_crs(bbox: [f64; 4]) -> Option<Crs> {
    let [min_x, min_y, max_x, max_y] = bbox;
    if !bbox.iter().all(|v| v.is_finite()) || min_x > max_x || min_y > max_y {
        return None;
    }
    let xs = |lo: f64, hi: f64| lo <= min_x && max_x <= hi;
    let ys = |lo: f64, hi: f64| lo <= min_y && max_y <= hi;

    if xs(-180.0, 180.0) && ys(-90.0, 90.0) {
        return Some(Crs::WGS84);
    }

    if ys(5_200_000.0, 6_200_000.0) {
        let million = (min_x / 1_000_000.0).floor();
        let same_million = million == (max_x / 1_000_000.0).floor();
        let offset_within =
            |lo: f64, hi: f64| xs(million * 1_000_000.0 + lo, million * 1_000_000.0 + hi);
        if same_million && offset_within(100_000.0, 900_000.0) {
            let prefixed = if million == 32.0 {
                Some(Crs(4647))
            } else if million == 33.0 {
                Some(Crs(5650))
            } else {
                None
            };
            if let Some(crs) = prefixed {
                return crs.is_supported().then_some(crs);
            }
        }
        if same_million && (2.0..=5.0).contains(&million) && offset_within(200_000.0, 900_000.0) {
            // million is a whole number in 2..=5 here.
            return gauss_kruger(million as u32);
        }
    }

    let utm_x = xs(100_000.0, 900_000.0);
    if utm_x && ys(5_200_000.0, 6_100_000.0) {
        return Some(Crs::UTM32N);
    }
    if xs(500_000.0, 2_000_000.0) && ys(5_500_000.0, 7_500_000.0) {
        return Some(Crs::WEB_MERCATOR);
    }
    if utm_x && ys(5_200_000.0, 6_200_000.0) {
        return Some(Crs::UTM32N);
    }
    None
}

/// Whether a lon/lat pair is a valid geographic coordinate (finite, |lon| ≤ 180, |lat| ≤ 90).
pub fn is_valid_lonlat(lon: f64, lat: f64) -> bool {
    lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0
}

/// The metric CRS for data centred at lon/lat: the ETRS89 / UTM zone (25828..25838) inside
/// Europe's ETRS89 range (lon −18..42, lat 34..72), otherwise WGS 84 / UTM 326xx (north) or
/// 327xx (south). Zone = floor((lon + 180) / 6) + 1, clamped to 1..=60; the Norwegian and
/// Svalbard zone exceptions are ignored. Frankfurt (8.68, 50.11) → 25832; Berlin (13.4, 52.5)
/// → 25833. An invalid position (see [`is_valid_lonlat`]) gives [`Crs::UTM32N`], the home zone.
pub fn metric_crs_for(lon: f64, lat: f64) -> Crs {
    if !is_valid_lonlat(lon, lat) {
        return Crs::UTM32N;
    }
    // Finite and within 0..=61 after the arithmetic, so the cast is exact.
    let zone = (((lon + 180.0) / 6.0).floor() + 1.0).clamp(1.0, 60.0) as u32;
    if (-18.0..=42.0).contains(&lon) && (34.0..=72.0).contains(&lat) {
        Crs(25800 + zone)
    } else if lat >= 0.0 {
        Crs(32600 + zone)
    } else {
        Crs(32700 + zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frankfurt_bounding_boxes_reveal_their_coordinate_system() {
        // The city of Frankfurt in each system.
        assert_eq!(detect_crs([8.47, 50.01, 8.80, 50.23]), Some(Crs::WGS84));
        assert_eq!(
            detect_crs([462_000.0, 5_540_000.0, 486_000.0, 5_565_000.0]),
            Some(Crs::UTM32N)
        );
        assert_eq!(
            detect_crs([3_462_000.0, 5_542_000.0, 3_486_000.0, 5_567_000.0]),
            Some(Crs(31467))
        );
        assert_eq!(
            detect_crs([943_000.0, 6_434_000.0, 980_000.0, 6_473_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        assert_eq!(
            detect_crs([32_462_000.0, 5_540_000.0, 32_486_000.0, 5_565_000.0]),
            Some(Crs(4647))
        );
        // Other Gauß-Krüger zones by the leading digit.
        assert_eq!(
            detect_crs([2_500_000.0, 5_600_000.0, 2_600_000.0, 5_700_000.0]),
            Some(Crs(31466))
        );
        assert_eq!(
            detect_crs([4_400_000.0, 5_300_000.0, 4_500_000.0, 5_400_000.0]),
            Some(Crs(31468))
        );
        // All of Germany in Web-Mercator overlaps the UTM easting range but not its northings.
        assert_eq!(
            detect_crs([653_000.0, 5_985_000.0, 1_674_000.0, 7_370_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        // Freiburg in Web-Mercator fits both number ranges; above 6.1 M it is Web-Mercator.
        assert_eq!(
            detect_crs([860_000.0, 6_100_500.0, 890_000.0, 6_120_000.0]),
            Some(Crs::WEB_MERCATOR)
        );
        // Sylt in UTM 32N: far north, but west of the Web-Mercator easting range.
        assert_eq!(
            detect_crs([460_000.0, 6_080_000.0, 470_000.0, 6_110_000.0]),
            Some(Crs::UTM32N)
        );
    }

    #[test]
    fn nonsense_bounding_boxes_are_not_guessed() {
        for bbox in [
            [1e9, 1e9, 2e9, 2e9],
            [-500.0, -500.0, 500.0, 500.0],
            [f64::NAN, 0.0, 1.0, 1.0],
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            [10.0, 10.0, 5.0, 5.0],
            [3_400_000.0, 5_500_000.0, 4_100_000.0, 5_600_000.0],
            [100_000.0, 100_000.0, 200_000.0, 200_000.0],
        ] {
            assert_eq!(detect_crs(bbox), None, "{bbox:?}");
        }
    }

    #[test]
    fn the_metric_system_is_the_local_utm_zone() {
        assert_eq!(metric_crs_for(8.68, 50.11), Crs(25832));
        assert_eq!(metric_crs_for(13.4, 52.5), Crs(25833));
        assert_eq!(metric_crs_for(-74.0, 40.7), Crs(32618));
        assert_eq!(metric_crs_for(151.2, -33.9), Crs(32756));
        assert_eq!(metric_crs_for(180.0, 0.0), Crs(32660));
        assert_eq!(metric_crs_for(f64::NAN, 0.0), Crs::UTM32N);
    }

    #[test]
    fn every_metric_system_is_one_proj4rs_can_use() {
        let mut lon = -180.0;
        while lon <= 180.0 {
            for lat in [-80.0, -10.0, 0.0, 35.0, 50.0, 71.0, 80.0] {
                let crs = metric_crs_for(lon, lat);
                assert!(crs.is_supported(), "{crs} for {lon}, {lat}");
                assert!(!crs.is_geographic());
                assert!(!crs.description().is_empty(), "{crs}");
            }
            lon += 3.0;
        }
    }

    #[test]
    fn lonlat_validity_checks_range_and_finiteness() {
        assert!(is_valid_lonlat(8.68, 50.11));
        assert!(is_valid_lonlat(-180.0, -90.0));
        assert!(is_valid_lonlat(180.0, 90.0));
        assert!(!is_valid_lonlat(180.1, 0.0));
        assert!(!is_valid_lonlat(0.0, -90.1));
        assert!(!is_valid_lonlat(f64::NAN, 0.0));
        assert!(!is_valid_lonlat(0.0, f64::INFINITY));
    }
}
