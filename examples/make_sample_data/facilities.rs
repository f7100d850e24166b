//! Invented facility locations: Nachbarschaftsbüros and Sozialrathäuser.

use geo::{Area, Contains, InteriorPoint, MultiPolygon, Point, Polygon};

use crate::areas::{HEIMAT_STADTTEIL, SOZIALRATHAEUSER, Sozialraum};
use crate::geometry::round6;
use crate::input::{Res, Stadtteil};
use crate::rng::Rng;

/// The 16 programme areas of "Aktive Nachbarschaft": office name suffix and the Stadtteile in
/// which the office may lie (it goes into the most disadvantaged Sozialraum among them).
const PROGRAMME_AREAS: [(&str, &[u32]); 16] = [
    ("Nordweststadt", &[24, 25]),
    ("Preungesheim", &[30]),
    ("Riederwald", &[33]),
    ("Fechenheim", &[35]),
    ("Rödelheim-West", &[20]),
    ("Griesheim", &[19]),
    ("Sossenheim", &[41]),
    ("Niederrad", &[17]),
    ("Praunheim", &[22]),
    ("Seckbach", &[34]),
    ("Unterliederbach", &[40]),
    ("Gallus", &[11]),
    ("Höchst", &[36]),
    ("Nied", &[37]),
    ("Ben-Gurion-Ring", &[31]),
    ("Frankfurter Berg", &[47]),
];

/// Welfare organisations running the offices.
const TRAEGER: [&str; 4] = ["Internationaler Bund", "Caritasverband", "Diakonie", "AWO"];

/// An invented facility point.
pub struct Facility {
    pub id: String,
    pub name: String,
    pub traeger: Option<&'static str>,
    pub stadtteil: String,
    pub point: Point<f64>,
}

/// A point inside `mp`: its interior point shifted by a small random offset (up to about
/// 120 m), shrinking the offset until the rounded point is still strictly inside.
fn point_inside(mp: &MultiPolygon<f64>, rng: &mut Rng) -> Res<Point<f64>> {
    // Interior point of the largest polygon, so the office sits in the main body.
    let largest: &Polygon<f64> =
        mp.0.iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
            .ok_or("empty geometry")?;
    let base = largest.interior_point().ok_or("no interior point")?;
    let (dx, dy) = (rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0));
    // About 120 m in each direction at Frankfurt's latitude.
    let mut scale = (0.0017, 0.0011);
    for _ in 0..8 {
        let p = Point::new(base.x() + dx * scale.0, base.y() + dy * scale.1);
        let p = Point(round6(p.0));
        if mp.contains(&p) {
            return Ok(p);
        }
        scale = (scale.0 / 2.0, scale.1 / 2.0);
    }
    let p = Point(round6(base.0));
    if mp.contains(&p) {
        Ok(p)
    } else {
        Err("interior point not inside after rounding".into())
    }
}

/// Places one Nachbarschaftsbüro per programme area, in the Sozialraum with the highest
/// SGB-II-Quote among the area's Stadtteile.
pub fn nachbarschaftsbueros(
    stadtteile: &[Stadtteil],
    areas: &[Sozialraum],
    sgb2_quote: &[f64],
    rng: &Rng,
) -> Res<Vec<Facility>> {
    let mut r = rng.fork("nachbarschaftsbueros");
    let mut out = Vec::new();
    for (k, (label, nrs)) in PROGRAMME_AREAS.iter().enumerate() {
        let best = areas
            .iter()
            .enumerate()
            .filter(|(_, a)| nrs.contains(&stadtteile[a.st].nr) && !a.thin)
            .max_by(|x, y| sgb2_quote[x.0].total_cmp(&sgb2_quote[y.0]))
            .map(|(i, _)| i)
            .ok_or_else(|| format!("no Sozialraum for programme area {label}"))?;
        let area = &areas[best];
        let st = &stadtteile[area.st];
        if area.heimat || st.nr == HEIMAT_STADTTEIL {
            return Err(format!("office {label} would lie in Sachsenhausen-Süd").into());
        }
        let point = point_inside(&area.geom, &mut r)?;
        out.push(Facility {
            id: format!("NB-{:02}", k + 1),
            name: format!("Nachbarschaftsbüro {label}"),
            traeger: Some(TRAEGER[(r.next_u64() % TRAEGER.len() as u64) as usize]),
            stadtteil: st.name.clone(),
            point,
        });
    }
    Ok(out)
}

/// Places one Sozialrathaus per catchment inside its seed Stadtteil.
pub fn sozialrathaeuser(stadtteile: &[Stadtteil], rng: &Rng) -> Res<Vec<Facility>> {
    let mut r = rng.fork("sozialrathaeuser");
    let mut out = Vec::new();
    for (k, (name, nr)) in SOZIALRATHAEUSER.iter().enumerate() {
        let st = stadtteile
            .iter()
            .find(|s| s.nr == *nr)
            .ok_or_else(|| format!("Stadtteil {nr} missing"))?;
        let mp = MultiPolygon::new(vec![st.polygon.clone()]);
        out.push(Facility {
            id: format!("SRH-{}", k + 1),
            name: format!("Sozialrathaus {name}"),
            traeger: None,
            stadtteil: st.name.clone(),
            point: point_inside(&mp, &mut r)?,
        });
    }
    Ok(out)
}
