//! Unit tests of the area meshes: triangulation, outline rings and levels of detail.

use super::*;
use geo::{Area as _, Centroid, Contains, MultiPolygon, Point, polygon};

/// A concave "E"-like Sozialraum near Frankfurt with a hole.
fn concave_with_hole() -> Polygon<f64> {
    polygon!(
        exterior: [
            (x: 8.60, y: 50.10), (x: 8.70, y: 50.10), (x: 8.70, y: 50.12),
            (x: 8.64, y: 50.12), (x: 8.64, y: 50.13), (x: 8.70, y: 50.13),
            (x: 8.70, y: 50.15), (x: 8.60, y: 50.15), (x: 8.60, y: 50.10),
        ],
        interiors: [[
            (x: 8.61, y: 50.11), (x: 8.63, y: 50.11), (x: 8.63, y: 50.14),
            (x: 8.61, y: 50.14), (x: 8.61, y: 50.11),
        ]],
    )
}

fn area_of(p: Polygon<f64>) -> Area {
    let mp = MultiPolygon::new(vec![p]);
    Area::new(0, vec![], mp.clone(), mp)
}

#[test]
fn the_triangulation_covers_a_concave_polygon_with_a_hole_exactly() {
    let polygon = concave_with_hole();
    let mesh = AreaMesh::build(&[area_of(polygon.clone())]);
    let expected = polygon_to_unit_merc(&polygon).unsigned_area();
    let got = mesh.triangulated_area(0);
    assert!(expected > 0.0);
    assert!(
        ((got - expected) / expected).abs() < 1e-9,
        "triangles {got} vs polygon {expected}"
    );
}

#[test]
fn no_triangle_lies_in_the_hole_or_the_notch() {
    let polygon = polygon_to_unit_merc(&concave_with_hole());
    let mesh = AreaMesh::build(&[area_of(concave_with_hole())]);
    assert!(mesh.triangle_count() >= 8);
    for t in mesh.indices.chunks_exact(3) {
        let pts: Vec<Coord<f64>> = t
            .iter()
            .map(|&i| {
                let v = mesh.vertices[i as usize];
                Coord { x: v[0], y: v[1] }
            })
            .collect();
        let tri = geo::Triangle::new(pts[0], pts[1], pts[2]);
        let c: Point<f64> = tri.centroid();
        assert!(polygon.contains(&c), "triangle centroid {c:?} outside");
    }
}

#[test]
fn outlines_keep_every_ring() {
    let mesh = AreaMesh::build(&[area_of(concave_with_hole())]);
    assert_eq!(mesh.area_rings[0].len(), 2);
    assert_eq!(mesh.rings[0].len(), 9);
    assert_eq!(mesh.rings[1].len(), 5);
}

#[test]
fn a_degenerate_polygon_is_skipped_not_panicked_on() {
    let degenerate = Polygon::new(LineString::new(vec![]), vec![]);
    let mesh = AreaMesh::build(&[area_of(degenerate)]);
    assert_eq!(mesh.triangle_count(), 0);
    assert_eq!(mesh.triangulated_area(0), 0.0);
    assert_eq!(mesh.triangulated_area(5), 0.0);
}

#[test]
fn a_hole_of_two_points_is_dropped_and_the_area_still_triangulated() {
    let outer = concave_with_hole();
    let speck = LineString::from(vec![(8.605, 50.105), (8.606, 50.106)]);
    let polygon = Polygon::new(
        outer.exterior().clone(),
        vec![outer.interiors()[0].clone(), speck],
    );
    assert_eq!(
        polygon.interiors()[1].0.len(),
        3,
        "closed by geo, still degenerate"
    );
    let mesh = AreaMesh::build(&[area_of(polygon)]);
    // The real hole is kept (exterior + one hole), the speck is not an outline.
    assert_eq!(mesh.area_rings[0].len(), 2);
    let expected = polygon_to_unit_merc(&concave_with_hole()).unsigned_area();
    let got = mesh.triangulated_area(0);
    assert!(
        ((got - expected) / expected).abs() < 1e-9,
        "{got} vs {expected}"
    );
}

/// A round Sozialraum of radius ~1.4 km around Frankfurt with 4,000 vertices.
fn detailed_circle() -> Polygon<f64> {
    let n = 4000;
    let ring: Vec<(f64, f64)> = (0..=n)
        .map(|i| {
            let a = std::f64::consts::TAU * f64::from(i % n) / f64::from(n);
            (8.68 + 0.02 * a.cos(), 50.11 + 0.0128 * a.sin())
        })
        .collect();
    Polygon::new(LineString::from(ring), vec![])
}

fn unit_scale(zoom: f64) -> f64 {
    256.0 * 2f64.powf(zoom)
}

#[test]
fn coarser_levels_have_fewer_vertices_and_are_chosen_by_zoom() {
    let mesh = AreaMesh::build(&[area_of(detailed_circle())]);
    assert!(!mesh.coarser.is_empty());
    let mut finer = mesh.ring_vertices.len();
    for level in &mesh.coarser {
        assert!(level.mesh.ring_vertices.len() < finer);
        finer = level.mesh.ring_vertices.len();
    }
    // Close up: the full mesh; city-wide and below: a coarser level, error under 0.5 px.
    assert!(std::ptr::eq(mesh.for_scale(unit_scale(15.0)), &mesh));
    for zoom in [8.0, 9.5, 11.0, 12.0] {
        let scale = unit_scale(zoom);
        let level = mesh.for_scale(scale);
        assert!(!std::ptr::eq(level, &mesh), "zoom {zoom}");
        let tolerance = mesh
            .coarser
            .iter()
            .find(|l| std::ptr::eq(&l.mesh, level))
            .map(|l| l.tolerance)
            .unwrap_or(f64::INFINITY);
        assert!(tolerance * scale <= MAX_ERROR_PX + 1e-9, "zoom {zoom}");
    }
}

#[test]
fn every_original_vertex_stays_within_the_tolerance_of_the_simplified_ring() {
    use geo::{Distance, Euclidean};
    let mesh = AreaMesh::build(&[area_of(detailed_circle())]);
    let full: Vec<Point<f64>> = mesh.ring_vertices[mesh.rings[0].clone()]
        .iter()
        .map(|v| Point::new(v[0], v[1]))
        .collect();
    for level in &mesh.coarser {
        let m = &level.mesh;
        let ring = LineString::from(
            m.ring_vertices[m.rings[0].clone()]
                .iter()
                .map(|v| (v[0], v[1]))
                .collect::<Vec<_>>(),
        );
        for p in &full {
            let d = Euclidean.distance(p, &ring);
            assert!(
                d <= level.tolerance * (1.0 + 1e-6),
                "{d} > {}",
                level.tolerance
            );
        }
        // The fill changes at most by the band of width `tolerance` along the outline.
        let perimeter: f64 = full
            .windows(2)
            .map(|w| Euclidean.distance(w[0], w[1]))
            .sum();
        let change = (m.triangulated_area(0) - mesh.triangulated_area(0)).abs();
        assert!(change > 0.0 && change <= perimeter * level.tolerance);
    }
}

#[test]
fn a_square_grid_gets_no_coarser_level_and_a_speck_stays_a_box() {
    let square = |x: f64, y: f64, d: f64| {
        Polygon::new(
            LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
            vec![],
        )
    };
    let grid: Vec<Area> = (0..50)
        .map(|i| area_of(square(8.6 + 0.0014 * f64::from(i), 50.1, 0.0014)))
        .collect();
    assert!(AreaMesh::build(&grid).coarser.is_empty());

    // A large detailed area and a speck of a few metres: at the coarse level the speck is
    // its bounding box, not lost.
    let speck = Polygon::new(
        LineString::from(vec![
            (8.70, 50.10),
            (8.70003, 50.10001),
            (8.70005, 50.10),
            (8.70004, 50.10003),
            (8.70001, 50.10003),
            (8.70, 50.10),
        ]),
        vec![],
    );
    let mesh = AreaMesh::build(&[area_of(detailed_circle()), area_of(speck)]);
    let coarsest = &mesh.coarser.last().expect("a coarser level").mesh;
    assert_eq!(coarsest.area_rings[1].len(), 1);
    let ring = &coarsest.rings[coarsest.area_rings[1].start];
    assert_eq!(ring.len(), 5);
    assert!(coarsest.triangulated_area(1) > 0.0);
}
