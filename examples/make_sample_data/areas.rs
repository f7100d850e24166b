//! The invented Sozialräume: splitting the real Stadtteile, naming the parts, distributing the
//! real population, and grouping whole Stadtteile into Sozialrathaus catchments.

use std::collections::BTreeMap;

use geo::{Area, Centroid, Contains, MultiPolygon, Point};

use crate::geometry::{
    compass_labels, distance_m, distance_to_boundary_m, round_multi, round_polygon, split_polygon,
    to_m, verify_partition,
};
use crate::input::{Res, Stadtteil};
use crate::rng::Rng;

/// Residents per Sozialraum used to choose the number of parts (tuned for about 120 areas).
const RESIDENTS_PER_PART: f64 = 5750.0;

/// Stadtteil number of Sachsenhausen-Süd and a point inside the Heimatsiedlung.
pub const HEIMAT_STADTTEIL: u32 = 14;
const HEIMAT_POINT: (f64, f64) = (8.6735, 50.0935);
/// Display name of the Heimatsiedlung part.
const HEIMAT_NAME: &str = "Sachsenhausen-Süd – Heimatsiedlung";
/// Sachsenhausen-Süd reaches far into the Stadtwald: everything south of this latitude becomes
/// its thin forest part first, so that the Heimatsiedlung ends up in a compact built-up part.
const STADTWALD_SOUTH_OF: f64 = 50.087;

/// Large, thinly populated Stadtteile that get one nearly empty part (forest or fields), with
/// the suffix added to that part's name.
const THIN: [(u32, &str); 6] = [
    (14, "Stadtwald"),
    (18, "Stadtwald"),
    (42, "Feldflur"),
    (43, "Feldflur"),
    (44, "Feldflur"),
    (46, "Berger Rücken"),
];

/// The seven invented Sozialrathaus catchments and the Stadtteil each is seeded in.
pub const SOZIALRATHAEUSER: [(&str, u32); 7] = [
    ("Bockenheim", 12),
    ("Bornheim", 9),
    ("Dornbusch", 27),
    ("Gallus", 11),
    ("Höchst", 36),
    ("Nordweststadt", 24),
    ("Sachsenhausen", 13),
];

/// Stadtteile south of the Main; catchments do not cross the river.
const SOUTH_OF_MAIN: [u32; 5] = [13, 14, 16, 17, 18];

/// Target range of residents per catchment.
const CATCHMENT_MIN: u32 = 70_000;
const CATCHMENT_MAX: u32 = 130_000;

/// One invented Sozialraum.
#[derive(Clone, Debug)]
pub struct Sozialraum {
    /// "SR-<stadtteil_nr>-<k>".
    pub sr_id: String,
    pub name: String,
    /// Index into the Stadtteil list.
    pub st: usize,
    /// Geometry, rounded to 6 decimals as written.
    pub geom: MultiPolygon<f64>,
    pub einwohner: u32,
    /// Nearly empty area (forest/fields) with 120–290 residents.
    pub thin: bool,
    pub heimat: bool,
}

/// Splits every Stadtteil, verifies the partitions and names the parts.
pub fn build_sozialraeume(stadtteile: &[Stadtteil], rng: &Rng) -> Res<Vec<Sozialraum>> {
    let mut out = Vec::new();
    for (st_idx, st) in stadtteile.iter().enumerate() {
        let thin_suffix = THIN.iter().find(|(nr, _)| *nr == st.nr).map(|(_, s)| *s);
        let by_pop = (f64::from(st.profile.einwohner) / RESIDENTS_PER_PART).round() as usize;
        let min_parts = if thin_suffix.is_some() { 2 } else { 1 };
        let (n, south_of) = if st.nr == HEIMAT_STADTTEIL {
            ((by_pop + 1).clamp(2, 5), Some(STADTWALD_SOUTH_OF))
        } else {
            (by_pop.clamp(min_parts, 5), None)
        };

        let mut split_rng = rng.fork(&format!("split-{}", st.nr));
        let parts = split_polygon(&st.polygon, n, south_of, &mut split_rng);
        verify_partition(&st.name, &st.polygon, &parts, 1e-9)?;
        let rounded: Vec<MultiPolygon<f64>> = parts.iter().map(round_multi).collect();
        // Rounding moves the cut points off the (rounded) Stadtteil edges by up to 5 cm, which
        // leaves slivers of a few cm² there; everything else stays exact.
        verify_partition(
            &format!("{} (rounded)", st.name),
            &round_polygon(&st.polygon),
            &rounded,
            1e-5,
        )?;

        // Order the parts clockwise from north ("Mitte" last) and name them.
        let labels = compass_labels(&st.polygon, &parts);
        let order_key = |label: &str| match label {
            "Nord" => 0,
            "Nordost" => 1,
            "Ost" => 2,
            "Südost" => 3,
            "Süd" => 4,
            "Südwest" => 5,
            "West" => 6,
            "Nordwest" => 7,
            _ => 8,
        };
        // With a southern pre-cut, the last part is the forest.
        let forest = south_of.map(|_| n - 1);
        let mut named: Vec<(&str, MultiPolygon<f64>, bool)> = labels
            .into_iter()
            .zip(rounded)
            .enumerate()
            .map(|(i, (label, geom))| (label, geom, Some(i) == forest))
            .collect();
        named.sort_by_key(|(label, _, _)| order_key(label));
        let forest_pos = named.iter().position(|(_, _, is_forest)| *is_forest);

        let mut areas: Vec<Sozialraum> = named
            .into_iter()
            .enumerate()
            .map(|(k, (label, geom, _))| Sozialraum {
                sr_id: format!("SR-{}-{}", st.nr, k + 1),
                name: if n == 1 {
                    st.name.clone()
                } else {
                    format!("{} {label}", st.name)
                },
                st: st_idx,
                geom,
                einwohner: 0,
                thin: false,
                heimat: false,
            })
            .collect();

        if st.nr == HEIMAT_STADTTEIL {
            mark_heimatsiedlung(&mut areas)?;
        }
        if let Some(suffix) = thin_suffix {
            // The pre-cut forest, or else the part farthest from the label point (the built-up
            // centre), is the empty one.
            let far = forest_pos
                .or_else(|| {
                    areas
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| !a.heimat)
                        .map(|(i, a)| {
                            (
                                i,
                                a.geom.centroid().map_or(0.0, |c| distance_m(c, st.label)),
                            )
                        })
                        .max_by(|x, y| x.1.total_cmp(&y.1))
                        .map(|(i, _)| i)
                })
                .ok_or("no part for the thin area")?;
            areas[far].thin = true;
            areas[far].name = format!("{} ({suffix})", areas[far].name);
        }
        distribute_population(st, &mut areas, &mut rng.fork(&format!("pop-{}", st.nr)))?;
        out.extend(areas);
    }
    check_unique_names(&out)?;
    Ok(out)
}

/// Marks the part containing the Heimatsiedlung point, or else the part nearest to it (the point
/// given for the Heimatsiedlung lies about 200 m north of Sachsenhausen-Süd, in
/// Sachsenhausen-Nord, so in practice the nearest part is used).
fn mark_heimatsiedlung(areas: &mut [Sozialraum]) -> Res<()> {
    let point = Point::new(HEIMAT_POINT.0, HEIMAT_POINT.1);
    let idx = areas
        .iter()
        .position(|a| a.geom.contains(&point))
        .or_else(|| {
            areas
                .iter()
                .enumerate()
                .map(|(i, a)| (i, distance_to_boundary_m(point, &a.geom)))
                .min_by(|x, y| x.1.total_cmp(&y.1))
                .map(|(i, _)| i)
        })
        .ok_or("Sachsenhausen-Süd has no parts")?;
    areas[idx].heimat = true;
    areas[idx].name = HEIMAT_NAME.to_owned();
    Ok(())
}

/// Splits the Stadtteil's real population among its parts: by area with ±30 % noise, except
/// that thin parts get 120–290 residents. Integer apportionment by largest remainder keeps the
/// sum exactly equal to the Stadtteil total.
fn distribute_population(st: &Stadtteil, areas: &mut [Sozialraum], rng: &mut Rng) -> Res<()> {
    let total = st.profile.einwohner;
    let mut rest = total;
    for a in areas.iter_mut().filter(|a| a.thin) {
        a.einwohner = rng.int_in(120, 290);
        rest = rest
            .checked_sub(a.einwohner)
            .ok_or_else(|| format!("{}: too few residents for a thin part", st.name))?;
    }
    let weights: Vec<(usize, f64)> = areas
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.thin)
        .map(|(i, a)| (i, a.geom.unsigned_area() * rng.uniform(0.7, 1.3)))
        .collect();
    let weight_sum: f64 = weights.iter().map(|(_, w)| w).sum();
    let mut shares: Vec<(usize, u32, f64)> = weights
        .iter()
        .map(|&(i, w)| {
            let exact = f64::from(rest) * w / weight_sum;
            (i, exact.floor() as u32, exact - exact.floor())
        })
        .collect();
    let assigned: u32 = shares.iter().map(|s| s.1).sum();
    let mut missing = rest - assigned;
    // Largest remainders first; ties by position for determinism.
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&x, &y| shares[y].2.total_cmp(&shares[x].2).then(x.cmp(&y)));
    for k in order {
        if missing == 0 {
            break;
        }
        shares[k].1 += 1;
        missing -= 1;
    }
    for (i, n, _) in shares {
        areas[i].einwohner = n;
    }
    let sum: u32 = areas.iter().map(|a| a.einwohner).sum();
    if sum != total {
        return Err(format!("{}: population {sum} != {total}", st.name).into());
    }
    Ok(())
}

/// Aborts if two Sozialräume share a name.
fn check_unique_names(areas: &[Sozialraum]) -> Res<()> {
    let mut seen = BTreeMap::new();
    for a in areas {
        if let Some(other) = seen.insert(a.name.as_str(), a.sr_id.as_str()) {
            return Err(format!("duplicate name {:?} ({other}, {})", a.name, a.sr_id).into());
        }
    }
    Ok(())
}

/// Whether two Stadtteile touch: some vertices closer than 30 m.
fn touches(a: &Stadtteil, b: &Stadtteil) -> bool {
    let pts = |s: &Stadtteil| -> Vec<(f64, f64)> {
        s.polygon.exterior().0.iter().map(|&c| to_m(c)).collect()
    };
    let (pa, pb) = (pts(a), pts(b));
    pa.iter()
        .any(|p| pb.iter().any(|q| (p.0 - q.0).hypot(p.1 - q.1) < 30.0))
}

/// Assigns every Stadtteil to one Sozialrathaus catchment: nearest seed by label point, then
/// deterministic moves of border Stadtteile from over-full to under-full catchments until each
/// catchment has 60,000–140,000 residents. Returns the catchment index per Stadtteil.
pub fn assign_catchments(stadtteile: &[Stadtteil]) -> Res<Vec<usize>> {
    let seeds: Vec<usize> = SOZIALRATHAEUSER
        .iter()
        .map(|(name, nr)| {
            stadtteile
                .iter()
                .position(|s| s.nr == *nr)
                .ok_or_else(|| format!("seed Stadtteil {nr} of {name} missing"))
        })
        .collect::<Result<_, _>>()?;
    let south = |st: usize| SOUTH_OF_MAIN.contains(&stadtteile[st].nr);
    // Distance from a Stadtteil to a seed; crossing the Main is heavily penalised.
    let dist = |st: usize, c: usize| {
        let d = distance_m(stadtteile[st].label, stadtteile[seeds[c]].label);
        if south(st) == south(seeds[c]) {
            d
        } else {
            d + 1e6
        }
    };
    let mut assign: Vec<usize> = (0..stadtteile.len())
        .map(|st| {
            (0..seeds.len())
                .min_by(|&x, &y| dist(st, x).total_cmp(&dist(st, y)))
                .unwrap_or(0)
        })
        .collect();
    let adjacent: Vec<Vec<bool>> = stadtteile
        .iter()
        .map(|a| stadtteile.iter().map(|b| touches(a, b)).collect())
        .collect();

    let pop_of = |assign: &[usize]| -> Vec<u32> {
        let mut pop = vec![0u32; seeds.len()];
        for (st, &c) in assign.iter().enumerate() {
            pop[c] += stadtteile[st].profile.einwohner;
        }
        pop
    };
    let imbalance = |pop: &[u32]| -> u32 {
        pop.iter()
            .map(|&p| CATCHMENT_MIN.saturating_sub(p) + p.saturating_sub(CATCHMENT_MAX))
            .sum()
    };
    for _ in 0..100 {
        let pop = pop_of(&assign);
        let current = imbalance(&pop);
        if current == 0 {
            break;
        }
        // Best single move: largest reduction of the imbalance, then the smallest detour.
        let mut best: Option<(u32, f64, usize, usize)> = None;
        for st in 0..stadtteile.len() {
            let from = assign[st];
            if seeds.contains(&st) {
                continue;
            }
            for (to, &seed) in seeds.iter().enumerate() {
                let borders = (0..stadtteile.len()).any(|o| assign[o] == to && adjacent[st][o]);
                if to == from || !borders || south(st) != south(seed) {
                    continue;
                }
                let mut trial = assign.clone();
                trial[st] = to;
                let after = imbalance(&pop_of(&trial));
                if after >= current {
                    continue;
                }
                let gain = current - after;
                let detour = dist(st, to) - dist(st, from);
                let better = best.is_none_or(|(g, d, _, _)| gain > g || (gain == g && detour < d));
                if better {
                    best = Some((gain, detour, st, to));
                }
            }
        }
        match best {
            Some((_, _, st, to)) => assign[st] = to,
            None => break,
        }
    }
    let pop = pop_of(&assign);
    if imbalance(&pop) > 0 {
        return Err(format!("could not balance the catchments: {pop:?}").into());
    }
    Ok(assign)
}
