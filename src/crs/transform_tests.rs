//! Tests of [`Transformer`](super::Transformer) and the unit Web-Mercator helpers: Frankfurt's known
//! coordinates, round trips, the DHDN datum shift, identity shortcuts, and German errors instead of
//! panics for unknown codes and invalid coordinates. They need no files and no user interface.
//
// Test-only file: compiled solely through `#[cfg(test)]` on its `mod tests` declaration.

use super::*;
use geo::{Geometry, MultiPoint, Polygon, polygon};

const FRANKFURT: (f64, f64) = (8.6821, 50.1109);

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} is not within {tolerance} of {expected}"
    );
}

fn round_trip(via: Crs, lon: f64, lat: f64) -> (f64, f64) {
    let there = Transformer::new(Crs::WGS84, via).unwrap();
    let back = Transformer::new(via, Crs::WGS84).unwrap();
    let (x, y) = there.transform(lon, lat).unwrap();
    back.transform(x, y).unwrap()
}

#[test]
fn frankfurt_in_wgs84_lands_on_the_known_utm32_coordinate_and_back() {
    let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
    let (e, n) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
    assert_close(e, 477_269.5, 0.1, "easting");
    assert_close(n, 5_551_009.6, 0.1, "northing");
    let back = Transformer::new(Crs::UTM32N, Crs::WGS84).unwrap();
    let (lon, lat) = back.transform(e, n).unwrap();
    assert_close(lon, FRANKFURT.0, 1e-7, "lon");
    assert_close(lat, FRANKFURT.1, 1e-7, "lat");
}

#[test]
fn round_trips_through_utm33_web_mercator_and_gauss_krueger_return_to_the_start() {
    for via in [
        Crs(25833),
        Crs::WEB_MERCATOR,
        Crs(31467),
        Crs(4647),
        Crs(4314),
    ] {
        let (lon, lat) = round_trip(via, FRANKFURT.0, FRANKFURT.1);
        assert_close(lon, FRANKFURT.0, 1e-6, &format!("lon via {via}"));
        assert_close(lat, FRANKFURT.1, 1e-6, &format!("lat via {via}"));
    }
}

#[test]
fn gauss_krueger_zone_3_of_frankfurt_is_plausible_and_includes_the_datum_shift() {
    let t = Transformer::new(Crs::WGS84, Crs(31467)).unwrap();
    let (r, h) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
    // Plausible: Rechtswert ≈ 3 477 km, Hochwert ≈ 5 553 km.
    assert_close(r, 3_477_300.0, 300.0, "Rechtswert");
    assert_close(h, 5_553_000.0, 300.0, "Hochwert");
    // Exact: computed independently (outside proj4rs) with the EPSG:1777 seven-parameter
    // Helmert shift DHDN → WGS 84 (position vector, 598.1 73.7 418.2 m, 0.202 0.045 −2.455″,
    // 6.7 ppm — the "potsdam" datum of proj4rs) and Krüger's series on the Bessel ellipsoid.
    // PROJ with the BETA2007 grid differs from this Helmert shift by up to ~1–2 m.
    assert_close(r, 3_477_334.81, 0.05, "Rechtswert");
    assert_close(h, 5_552_790.75, 0.05, "Hochwert");
    // DHDN longitude/latitude differ from WGS 84 by roughly a hundred metres
    // (the 7-parameter shift of proj4rs' "potsdam" datum), so the shift must be applied.
    let to_dhdn = Transformer::new(Crs::WGS84, Crs(4314)).unwrap();
    let (lon, lat) = to_dhdn.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
    let shift_m = ((lon - FRANKFURT.0) * 71_500.0).hypot((lat - FRANKFURT.1) * 111_200.0);
    assert!((50.0..250.0).contains(&shift_m), "datum shift {shift_m} m");
    // Going through DHDN geographic and through UTM gives the same Gauß-Krüger point.
    let via_dhdn = Transformer::new(Crs(4314), Crs(31467))
        .unwrap()
        .transform(lon, lat)
        .unwrap();
    let (e, n) = Transformer::new(Crs::WGS84, Crs::UTM32N)
        .unwrap()
        .transform(FRANKFURT.0, FRANKFURT.1)
        .unwrap();
    let via_utm = Transformer::new(Crs::UTM32N, Crs(31467))
        .unwrap()
        .transform(e, n)
        .unwrap();
    assert_close(via_dhdn.0, r, 0.01, "R via DHDN");
    assert_close(via_dhdn.1, h, 0.01, "H via DHDN");
    assert_close(via_utm.0, r, 0.01, "R via UTM");
    assert_close(via_utm.1, h, 0.01, "H via UTM");
}

#[test]
fn gauss_krueger_to_web_mercator_applies_the_dhdn_datum_shift() {
    let (r, h) = Transformer::new(Crs::WGS84, Crs(31467))
        .unwrap()
        .transform(FRANKFURT.0, FRANKFURT.1)
        .unwrap();
    let direct = Transformer::new(Crs(31467), Crs::WEB_MERCATOR)
        .unwrap()
        .transform(r, h)
        .unwrap();
    let expected = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR)
        .unwrap()
        .transform(FRANKFURT.0, FRANKFURT.1)
        .unwrap();
    assert_close(direct.0, expected.0, 0.01, "x");
    assert_close(direct.1, expected.1, 0.01, "y");
}

#[test]
fn web_mercator_x_is_the_earth_radius_times_the_longitude_in_radians() {
    let t = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR).unwrap();
    let (x, y) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
    assert_close(x, 6_378_137.0 * FRANKFURT.0.to_radians(), 0.01, "x");
    let phi = FRANKFURT.1.to_radians();
    assert_close(y, 6_378_137.0 * phi.tan().asinh(), 0.01, "y");
}

#[test]
fn zone_prefixed_utm_is_plain_utm_plus_32_million() {
    let (e, n) = Transformer::new(Crs::WGS84, Crs::UTM32N)
        .unwrap()
        .transform(FRANKFURT.0, FRANKFURT.1)
        .unwrap();
    let (pe, pn) = Transformer::new(Crs::WGS84, Crs(4647))
        .unwrap()
        .transform(FRANKFURT.0, FRANKFURT.1)
        .unwrap();
    assert_close(pe, e + 32_000_000.0, 0.001, "easting");
    assert_close(pn, n, 0.001, "northing");
}

#[test]
fn an_unknown_epsg_code_is_an_error_not_a_panic() {
    for code in [999_999, 1, 65_535] {
        let err = Transformer::new(Crs::WGS84, Crs(code)).unwrap_err();
        assert!(matches!(err, CrsError::UnknownCrs { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("Unbekanntes Koordinatensystem: EPSG:")
        );
        assert!(Transformer::new(Crs(code), Crs::UTM32N).is_err());
        assert!(!Crs(code).is_supported());
    }
    let err = Transformer::new(Crs(65_535), Crs::WGS84).unwrap_err();
    assert!(
        std::error::Error::source(&err).is_some(),
        "keeps the proj4rs error"
    );
}

#[test]
fn transformers_and_errors_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Transformer>();
    assert_send_sync::<CrsError>();
}

#[test]
fn identity_transforms_return_the_input_without_asking_proj() {
    let t = Transformer::new(Crs::UTM32N, Crs::UTM32N).unwrap();
    assert!(t.is_identity());
    assert_eq!(t.transform(1.5, -2.5).unwrap(), (1.5, -2.5));
    assert!(
        Transformer::new(Crs(4258), Crs::WGS84)
            .unwrap()
            .is_identity()
    );
    assert!(
        Transformer::new(Crs(999_999), Crs(999_999))
            .unwrap()
            .is_identity()
    );
    assert!(
        !Transformer::new(Crs::WGS84, Crs::UTM32N)
            .unwrap()
            .is_identity()
    );
    let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
    assert_eq!((t.from(), t.to()), (Crs::WGS84, Crs::UTM32N));
}

#[test]
fn invalid_coordinates_give_a_german_error() {
    let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
    for (x, y) in [(f64::NAN, 50.0), (8.0, 91.0), (477_269.5, 5_551_009.6)] {
        let err = t.transform(x, y).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Koordinate kann nicht umgerechnet werden"),
            "{err}"
        );
    }
    let back = Transformer::new(Crs::UTM32N, Crs::WGS84).unwrap();
    assert!(back.transform(f64::INFINITY, 0.0).is_err());
}

#[test]
fn geometries_are_transformed_coordinate_by_coordinate() {
    let t = Transformer::new(Crs::WGS84, Crs::UTM32N).unwrap();
    let point = t
        .transform_point(&Point::new(FRANKFURT.0, FRANKFURT.1))
        .unwrap();
    assert_close(point.x(), 477_269.5, 0.1, "point x");
    let square: Polygon<f64> = polygon![
        (x: 8.6, y: 50.1), (x: 8.7, y: 50.1), (x: 8.7, y: 50.2), (x: 8.6, y: 50.2),
    ];
    let mp = t
        .transform_multi_polygon(&MultiPolygon::new(vec![square.clone()]))
        .unwrap();
    assert_eq!(mp.0[0].exterior().0.len(), square.exterior().0.len());
    assert!(
        mp.0[0]
            .exterior()
            .0
            .iter()
            .all(|c| c.x > 400_000.0 && c.y > 5_500_000.0)
    );
    let geometry = Geometry::Polygon(square);
    let g = t.transform_geometry(&geometry).unwrap();
    assert!(matches!(g, Geometry::Polygon(_)));
    let mpt = t
        .transform_geometry(&MultiPoint::from(vec![(8.0, 50.0), (9.0, 51.0)]))
        .unwrap();
    assert_eq!(mpt.0.len(), 2);
    let bad = MultiPoint::from(vec![(8.0, 50.0), (8.0, 95.0)]);
    assert!(t.transform_geometry(&bad).is_err());
}

#[test]
fn the_unit_mercator_square_has_null_island_in_the_middle_and_round_trips() {
    let (x, y) = unit_merc_from_lonlat(0.0, 0.0);
    assert_close(x, 0.5, 1e-12, "x");
    assert_close(y, 0.5, 1e-12, "y");
    let (x, y) = unit_merc_from_lonlat(-180.0, MAX_MERCATOR_LAT);
    assert_close(x, 0.0, 1e-12, "left edge");
    assert_close(y, 0.0, 1e-9, "top edge");
    assert!(unit_merc_from_lonlat(0.0, 90.0).1.is_finite());
    for (lon, lat) in [FRANKFURT, (-74.0, 40.7), (151.2, -33.9), (0.0, 85.0)] {
        let (x, y) = unit_merc_from_lonlat(lon, lat);
        assert!((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y));
        let (lon2, lat2) = lonlat_from_unit_merc(x, y);
        assert_close(lon2, lon, 1e-9, "lon");
        assert_close(lat2, lat, 1e-9, "lat");
    }
    // North is up: Frankfurt is above the equator, i.e. y < 0.5.
    assert!(unit_merc_from_lonlat(FRANKFURT.0, FRANKFURT.1).1 < 0.5);
}

#[test]
fn unit_mercator_agrees_with_proj4rs_web_mercator() {
    let t = Transformer::new(Crs::WGS84, Crs::WEB_MERCATOR).unwrap();
    let (mx, my) = t.transform(FRANKFURT.0, FRANKFURT.1).unwrap();
    let half = PI * 6_378_137.0;
    let (ux, uy) = unit_merc_from_lonlat(FRANKFURT.0, FRANKFURT.1);
    assert_close(ux, (mx + half) / (2.0 * half), 1e-12, "x");
    assert_close(uy, (half - my) / (2.0 * half), 1e-12, "y");
}
