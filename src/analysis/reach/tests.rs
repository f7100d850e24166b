//! Reach against hand-placed cases, brute force over all pairs, and geodesic distance.

use geo::{Coord, Distance, Geodesic, LineString, MultiPolygon, Point, Polygon};

use super::coverage::{GapRule, change, coverage, gaps, per_group};
use super::geometry::GridScale;
use super::*;
use crate::crs::Crs;
use crate::crs::Transformer;

fn square(x0: f64, y0: f64, size: f64) -> MultiPolygon<f64> {
    let ring = vec![
        (x0, y0),
        (x0 + size, y0),
        (x0 + size, y0 + size),
        (x0, y0 + size),
        (x0, y0),
    ];
    MultiPolygon::new(vec![Polygon::new(LineString::from(ring), vec![])])
}

/// A U open to the north: 300 m wide, 300 m tall, with a 100 m wide, 200 m deep notch.
fn u_shape(x0: f64, y0: f64) -> MultiPolygon<f64> {
    let ring = vec![
        (x0, y0),
        (x0 + 300.0, y0),
        (x0 + 300.0, y0 + 300.0),
        (x0 + 200.0, y0 + 300.0),
        (x0 + 200.0, y0 + 100.0),
        (x0 + 100.0, y0 + 100.0),
        (x0 + 100.0, y0 + 300.0),
        (x0, y0 + 300.0),
        (x0, y0),
    ];
    MultiPolygon::new(vec![Polygon::new(LineString::from(ring), vec![])])
}

fn c(x: f64, y: f64) -> Coord<f64> {
    Coord { x, y }
}

fn flat(polygons: Vec<MultiPolygon<f64>>) -> PreparedAreas {
    PreparedAreas::new(polygons, GridScale::none())
}

#[test]
fn a_facility_inside_an_area_is_at_distance_zero_and_counts_within_every_radius() {
    let areas = flat(vec![square(0.0, 0.0, 400.0)]);
    let sites = Sites::new(vec![c(150.0, 150.0), c(1000.0, 200.0)]);
    let r = compute(&areas, &sites, &ReachSettings::default());
    assert_eq!(r[0].nearest, Some(0));
    assert_eq!(r[0].dist_edge, Some(0.0));
    // Representative point (200, 200): 50·√2 to the first facility.
    assert!((r[0].dist_rep.unwrap_or(0.0) - 50.0 * 2f64.sqrt()).abs() < 1e-9);
    // The second is 600 m east of the edge: within 1,000 m, not within 500 m.
    assert_eq!(r[0].within, vec![1, 2]);
    assert_eq!(r[0].k_nearest.len(), 2);
    assert!((r[0].k_nearest[1].1 - 600.0).abs() < 1e-9);
}

#[test]
fn a_concave_area_uses_an_interior_point_and_measures_to_its_walls() {
    let areas = flat(vec![u_shape(0.0, 0.0)]);
    // The U's centroid (150, ~133) lies in the notch, outside the area.
    assert!(!areas.rep_is_centroid[0]);
    assert!(geometry::contains(&areas.polygons[0], areas.rep[0]));
    // A facility in the notch: 50 m from both walls, 50 m above its floor – not inside.
    let sites = Sites::new(vec![c(150.0, 150.0)]);
    let r = compute(&areas, &sites, &ReachSettings::default());
    assert!((r[0].dist_edge.unwrap_or(0.0) - 50.0).abs() < 1e-9);
    assert_eq!(r[0].within, vec![1, 1]);
}

#[test]
fn an_area_with_a_hole_measures_a_facility_in_the_hole_to_the_hole_edge() {
    let outer = LineString::from(vec![
        (0.0, 0.0),
        (1000.0, 0.0),
        (1000.0, 1000.0),
        (0.0, 1000.0),
        (0.0, 0.0),
    ]);
    let hole = LineString::from(vec![
        (400.0, 400.0),
        (600.0, 400.0),
        (600.0, 600.0),
        (400.0, 600.0),
        (400.0, 400.0),
    ]);
    let areas = flat(vec![MultiPolygon::new(vec![Polygon::new(
        outer,
        vec![hole],
    )])]);
    let sites = Sites::new(vec![c(500.0, 500.0)]);
    let r = compute(&areas, &sites, &ReachSettings::default());
    assert!((r[0].dist_edge.unwrap_or(0.0) - 100.0).abs() < 1e-9);
}

#[test]
fn an_empty_facility_layer_gives_no_distances_and_no_counts() {
    let areas = flat(vec![square(0.0, 0.0, 100.0), square(500.0, 0.0, 100.0)]);
    let r = compute(&areas, &Sites::new(Vec::new()), &ReachSettings::default());
    assert_eq!(r.len(), 2);
    for a in &r {
        assert_eq!(a.nearest, None);
        assert_eq!(a.dist_edge, None);
        assert_eq!(a.dist_rep, None);
        assert_eq!(a.within, vec![0, 0]);
        assert!(a.k_nearest.is_empty());
    }
    let cov = coverage(&r, &[Some(100.0), Some(200.0)], None, 1000.0);
    assert_eq!(cov.areas_covered, 0);
    // Areas without any facility are on the gap list (infinitely far).
    assert_eq!(
        gaps(
            &[true, true],
            &[Some(1.0), Some(2.0)],
            &r,
            &GapRule::default()
        ),
        vec![1, 0]
    );
}

/// Deterministic pseudo-random numbers in [0, 1).
fn stream(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn the_r_tree_agrees_with_brute_force_over_all_pairs() {
    let mut u = stream(42);
    // 3,000 areas (squares and U shapes) over 20 km, 150 facilities; UTM scale applied.
    let polygons: Vec<_> = (0..3000)
        .map(|i| {
            let (x, y) = (400_000.0 + u() * 20_000.0, 5_540_000.0 + u() * 20_000.0);
            if i % 3 == 0 {
                u_shape(x, y)
            } else {
                square(x, y, 50.0 + u() * 400.0)
            }
        })
        .collect();
    let areas = PreparedAreas::new(polygons, GridScale::utm(50.1));
    let sites = Sites::new(
        (0..150)
            .map(|_| c(400_000.0 + u() * 20_000.0, 5_540_000.0 + u() * 20_000.0))
            .collect(),
    );
    let settings = ReachSettings {
        radii: vec![300.0, 1000.0, 2500.0],
        k: 4,
    };
    let fast = compute(&areas, &sites, &settings);
    let slow = brute_force(&areas, &sites, &settings);
    for (i, (f, s)) in fast.iter().zip(&slow).enumerate() {
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            (None, None) => true,
            _ => false,
        };
        assert!(close(f.dist_edge, s.dist_edge), "area {i}: {f:?} vs {s:?}");
        assert!(close(f.dist_rep, s.dist_rep), "area {i}");
        assert_eq!(f.within, s.within, "area {i}");
        assert_eq!(f.k_nearest.len(), s.k_nearest.len());
        for (a, b) in f.k_nearest.iter().zip(&s.k_nearest) {
            assert!((a.1 - b.1).abs() < 1e-6, "area {i}");
        }
    }
}

#[test]
fn corrected_grid_distances_agree_with_geodesic_distance_within_half_a_metre() {
    // Pairs across Frankfurt (up to ~25 km), in UTM 32N as the layers keep them.
    let to_utm = Transformer::new(Crs(4326), Crs::UTM32N).unwrap_or_else(|e| panic!("{e}"));
    let scale = GridScale::utm(50.11);
    let places = [
        (8.682, 50.110), // Hauptwache
        (8.570, 50.050), // Flughafen-Nord
        (8.745, 50.160), // Bonames
        (8.800, 50.135), // Bergen-Enkheim
        (8.530, 50.100), // Höchst-West
        (8.690, 50.095), // Sachsenhausen
        (8.6905, 50.0953),
    ];
    let mut worst: f64 = 0.0;
    let mut uncorrected: f64 = 0.0;
    for a in &places {
        for b in &places {
            let (pa, pb) = (Point::new(a.0, a.1), Point::new(b.0, b.1));
            let geodesic = Geodesic.distance(pa, pb);
            let (ua, ub) = (
                to_utm
                    .transform_point(&pa)
                    .unwrap_or_else(|e| panic!("{e}")),
                to_utm
                    .transform_point(&pb)
                    .unwrap_or_else(|e| panic!("{e}")),
            );
            let grid = ((ua.x() - ub.x()).powi(2) + (ua.y() - ub.y()).powi(2)).sqrt();
            let ours = scale.true_distance(grid, ua.x(), ub.x());
            worst = worst.max((ours - geodesic).abs());
            uncorrected = uncorrected.max((grid - geodesic).abs());
        }
    }
    eprintln!("geodesic check: worst {worst:.4} m corrected, {uncorrected:.2} m uncorrected");
    assert!(worst < 0.5, "worst difference {worst} m");
    // The correction matters: the grid distance alone is metres off at this scale.
    assert!(uncorrected > 1.0, "uncorrected {uncorrected} m");
}

#[test]
fn coverage_counts_areas_and_residents_whose_point_is_within_reach() {
    let areas = flat(vec![
        square(0.0, 0.0, 100.0),
        square(900.0, 0.0, 100.0),
        square(5000.0, 0.0, 100.0),
    ]);
    let sites = Sites::new(vec![c(50.0, 50.0)]);
    let r = compute(&areas, &sites, &ReachSettings::default());
    let pop = [Some(1000.0), Some(500.0), Some(200.0)];
    let older = [Some(100.0), Some(50.0), None];
    let cov = coverage(&r, &pop, Some(&older), 1000.0);
    assert_eq!((cov.areas, cov.areas_covered), (3, 2));
    assert_eq!(cov.residents_covered, 1500.0);
    assert_eq!(cov.target, Some((150.0, 150.0)));
    assert!((cov.resident_share().unwrap_or(0.0) - 1500.0 / 1700.0).abs() < 1e-12);
    // Per group: the facility lies in area 0 (group A); 150 older residents in group A.
    let g = per_group(
        &["A".to_owned(), "B".to_owned()],
        &[vec![0, 1], vec![2]],
        &[Some(0)],
        &older,
    );
    assert_eq!(g[0].facilities, 1);
    assert!((g[0].per_1000.unwrap_or(0.0) - 1000.0 / 150.0).abs() < 1e-9);
    assert_eq!(g[1].per_1000, None);
}

#[test]
fn a_hypothetical_facility_covers_areas_and_takes_them_off_the_gap_list() {
    let areas = flat(vec![square(0.0, 0.0, 100.0), square(3000.0, 0.0, 100.0)]);
    let settings = ReachSettings::default();
    let real = compute(&areas, &Sites::new(vec![c(50.0, 50.0)]), &settings);
    let what_if = compute(
        &areas,
        &Sites::new(vec![c(50.0, 50.0), c(3050.0, 150.0)]),
        &settings,
    );
    let need = [true, true];
    let score = [Some(2.0), Some(1.5)];
    let rule = GapRule::default();
    let before = gaps(&need, &score, &real, &rule);
    let after = gaps(&need, &score, &what_if, &rule);
    assert_eq!(before, vec![1]);
    assert!(after.is_empty());
    let ch = change(
        &real,
        &what_if,
        &[Some(800.0), Some(1200.0)],
        1000.0,
        &before,
        &after,
    );
    assert_eq!(ch.newly_covered, vec![1]);
    assert_eq!(ch.residents_newly_covered, 1200.0);
    assert_eq!(ch.left_list, vec![1]);
    assert!(ch.joined_list.is_empty());
}
