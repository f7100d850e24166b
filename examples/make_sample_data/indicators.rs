//! Invented indicator values for the Sozialräume (2022 and 2024), built from a latent
//! disadvantage score so that the usual correlations and spatial clustering appear.
//!
//! Every rate is written together with its numerator and denominator counts and is recomputed
//! from them, so the CSV is internally consistent.

use geo::{Centroid, Point};

use crate::areas::Sozialraum;
use crate::geometry::{distance_m, to_m};
use crate::input::{Res, Stadtteil};
use crate::rng::Rng;

/// Stadtteile with a Quartiersmanagement of "Aktive Nachbarschaft" (without the Nordweststadt,
/// which is only a part of Heddernheim and Niederursel).
const AKTIVE_NACHBARSCHAFT: [u32; 15] =
    [30, 33, 35, 20, 19, 41, 17, 22, 34, 40, 11, 36, 37, 31, 47];
/// Heddernheim and Niederursel, which share the Nordweststadt.
const NORDWESTSTADT_STADTTEILE: [u32; 2] = [24, 25];
/// Roughly the Nordwestzentrum, the middle of the Nordweststadt.
const NORDWESTSTADT_POINT: (f64, f64) = (8.632, 50.157);

/// Weight of the (standardised) real living space per resident in the Stadtteil base score.
const W_WOHNFLAECHE: f64 = 0.5;
/// Boost of the latent score in Aktive-Nachbarschaft areas.
const BOOST_AKTIVE_NACHBARSCHAFT: f64 = 0.9;
/// Standard deviation of the Stadtteil-level and of the within-Stadtteil noise.
const SD_STADTTEIL: f64 = 0.25;
const SD_WITHIN: f64 = 0.3;
/// Weight of the smooth spatial noise field (evaluated at each Sozialraum's centroid).
const W_FIELD: f64 = 0.7;
/// The Heimatsiedlung's latent score is set this far above the 6th highest other score.
const HEIMAT_MARGIN: f64 = 0.05;

/// The Stadtteil a Sozialraum lies in.
fn st_of<'a>(stadtteile: &'a [Stadtteil], a: &Sozialraum) -> &'a Stadtteil {
    &stadtteile[a.st]
}

/// A smooth random surface with mean 0 and standard deviation about 1: the sum of four plane
/// waves with wavelengths of 5–10 km, random directions and phases. It makes neighbouring areas
/// similar across Stadtteil boundaries (spatial autocorrelation).
struct SpatialField {
    /// (kx, ky, phase) per wave, in radians per metre of the local frame.
    waves: Vec<(f64, f64, f64)>,
}

impl SpatialField {
    fn new(rng: &mut Rng) -> Self {
        let waves = (0..4)
            .map(|_| {
                let direction = rng.uniform(0.0, std::f64::consts::PI);
                let k = std::f64::consts::TAU / rng.uniform(5_000.0, 10_000.0);
                (
                    k * direction.cos(),
                    k * direction.sin(),
                    rng.uniform(0.0, std::f64::consts::TAU),
                )
            })
            .collect();
        Self { waves }
    }

    fn at(&self, p: Point<f64>) -> f64 {
        let (x, y) = to_m(p.0);
        // Each cosine has variance 1/2; four of them scaled by 1/√2 have variance 1.
        self.waves
            .iter()
            .map(|(kx, ky, phase)| (kx * x + ky * y + phase).cos())
            .sum::<f64>()
            / std::f64::consts::SQRT_2
    }
}

/// Latent disadvantage per Sozialraum: `(score, deviation from the Stadtteil base)`.
pub fn latent_scores(
    stadtteile: &[Stadtteil],
    areas: &[Sozialraum],
    city_wfl: f64,
    rng: &Rng,
) -> Vec<(f64, f64)> {
    let mut st_rng = rng.fork("latent-stadtteil");
    let st_noise: Vec<f64> = stadtteile
        .iter()
        .map(|_| SD_STADTTEIL * st_rng.normal())
        .collect();
    let nws = Point::new(NORDWESTSTADT_POINT.0, NORDWESTSTADT_POINT.1);
    let nws_dist = |a: &Sozialraum| a.geom.centroid().map_or(f64::MAX, |c| distance_m(c, nws));

    let field = SpatialField::new(&mut rng.fork("latent-field"));
    let mut within_rng = rng.fork("latent-within");
    let mut scores: Vec<(f64, f64)> = areas
        .iter()
        .map(|a| {
            let st = st_of(stadtteile, a);
            let mut base =
                W_WOHNFLAECHE * (city_wfl - st.profile.wohnflaeche_je_ew) / 4.0 + st_noise[a.st];
            if AKTIVE_NACHBARSCHAFT.contains(&st.nr) {
                base += BOOST_AKTIVE_NACHBARSCHAFT;
            }
            let centre = a.geom.centroid().unwrap_or(st.label);
            let mut dev = W_FIELD * field.at(centre) + SD_WITHIN * within_rng.normal();
            if NORDWESTSTADT_STADTTEILE.contains(&st.nr) {
                // The part of Heddernheim/Niederursel nearest the Nordwestzentrum is the
                // Nordweststadt: boost it within its Stadtteil.
                let nearest = areas
                    .iter()
                    .filter(|b| b.st == a.st)
                    .map(nws_dist)
                    .fold(f64::MAX, f64::min);
                if nws_dist(a) <= nearest {
                    dev += BOOST_AKTIVE_NACHBARSCHAFT + 0.3;
                }
            }
            (base + dev, dev)
        })
        .collect();

    // The Heimatsiedlung gets a strong boost: just above the 6th highest other score.
    let mut others: Vec<f64> = areas
        .iter()
        .zip(&scores)
        .filter(|(a, _)| !a.heimat)
        .map(|(_, s)| s.0)
        .collect();
    others.sort_by(|x, y| y.total_cmp(x));
    let target = others.get(5).copied().unwrap_or(0.0) + HEIMAT_MARGIN;
    for (a, s) in areas.iter().zip(scores.iter_mut()) {
        if a.heimat {
            let boost = (target - s.0).max(0.0);
            *s = (s.0 + boost, s.1 + boost);
        }
    }
    scores
}

/// Rates (percent) and shares from which the counts of one year are derived.
#[derive(Clone, Copy, Debug)]
struct Rates {
    unter18: f64,
    /// Share of the under-18s who are under 15.
    unter15_of_18: f64,
    ab65: f64,
    sgb2: f64,
    kinderarmut: f64,
    alleinerziehende: f64,
    arbeitslose: f64,
    grundsicherung: f64,
    auslaender: f64,
    wohnflaeche: f64,
    familien_hh: f64,
    hh_size: f64,
}

/// Counts of one Sozialraum in one year; all rates in the CSV are derived from these.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub einwohner: u32,
    pub einw_unter18: u32,
    pub einw_65plus: u32,
    pub einw_15_64: u32,
    pub arbeitslose: u32,
    pub einw_unter65: u32,
    pub sgb2_personen: u32,
    pub kinder_unter15: u32,
    pub kinder_sgb2: u32,
    pub familienhaushalte: u32,
    pub alleinerziehende_hh: u32,
    pub grundsicherung_65plus: u32,
    pub auslaender: u32,
    pub wohnflaeche_m2: u32,
}

/// `num / den × 100`, rounded to one decimal; `None` if the denominator is zero.
pub fn pct(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| (1000.0 * f64::from(num) / f64::from(den)).round() / 10.0)
}

impl Counts {
    pub fn sgb2_quote(&self) -> Option<f64> {
        pct(self.sgb2_personen, self.einw_unter65)
    }
    pub fn kinderarmut(&self) -> Option<f64> {
        pct(self.kinder_sgb2, self.kinder_unter15)
    }
    pub fn alleinerziehende(&self) -> Option<f64> {
        pct(self.alleinerziehende_hh, self.familienhaushalte)
    }
    pub fn arbeitslosenquote(&self) -> Option<f64> {
        pct(self.arbeitslose, self.einw_15_64)
    }
    pub fn grundsicherung_alter(&self) -> Option<f64> {
        pct(self.grundsicherung_65plus, self.einw_65plus)
    }
    pub fn anteil_unter18(&self) -> Option<f64> {
        pct(self.einw_unter18, self.einwohner)
    }
    pub fn anteil_65plus(&self) -> Option<f64> {
        pct(self.einw_65plus, self.einwohner)
    }
    pub fn anteil_auslaender(&self) -> Option<f64> {
        pct(self.auslaender, self.einwohner)
    }
    pub fn wohnflaeche_je_ew(&self) -> Option<f64> {
        (self.einwohner > 0).then(|| {
            (10.0 * f64::from(self.wohnflaeche_m2) / f64::from(self.einwohner)).round() / 10.0
        })
    }

    /// Counts for `einwohner` residents with the given rates.
    fn from_rates(einwohner: u32, r: &Rates) -> Self {
        let e = f64::from(einwohner);
        let of = |base: u32, pct: f64| (f64::from(base) * pct / 100.0).round() as u32;
        let einw_unter18 = of(einwohner, r.unter18);
        let kinder_unter15 = (f64::from(einw_unter18) * r.unter15_of_18).round() as u32;
        let einw_65plus = of(einwohner, r.ab65);
        let einw_unter65 = einwohner - einw_65plus;
        let einw_15_64 = einw_unter65 - kinder_unter15;
        let sgb2_personen = of(einw_unter65, r.sgb2);
        let households = (e / r.hh_size).round() as u32;
        let familienhaushalte = of(households, r.familien_hh);
        Self {
            einwohner,
            einw_unter18,
            einw_65plus,
            einw_15_64,
            arbeitslose: of(einw_15_64, r.arbeitslose),
            einw_unter65,
            sgb2_personen,
            kinder_unter15,
            // Children in SGB II are part of the SGB II persons.
            kinder_sgb2: of(kinder_unter15, r.kinderarmut).min(sgb2_personen),
            familienhaushalte,
            alleinerziehende_hh: of(familienhaushalte, r.alleinerziehende),
            grundsicherung_65plus: of(einw_65plus, r.grundsicherung),
            auslaender: of(einwohner, r.auslaender),
            wohnflaeche_m2: (e * r.wohnflaeche).round() as u32,
        }
    }
}

/// Indicator counts of all Sozialräume for 2022 and 2024.
pub struct Indicators {
    pub y2022: Vec<Counts>,
    pub y2024: Vec<Counts>,
    /// Sozialräume whose SGB-II-Quote worsens by 3–5 points.
    pub worsening: Vec<usize>,
}

/// Soft clamp: values approach the bounds smoothly instead of piling up on them.
fn soft_clamp(x: f64, lo: f64, hi: f64) -> f64 {
    let mid = 0.5 * (lo + hi);
    let half = 0.5 * (hi - lo);
    // Linear in the middle 80 %, tanh-compressed towards the bounds.
    let z = (x - mid) / half;
    let knee = 0.8;
    let y = if z.abs() <= knee {
        z
    } else {
        z.signum() * (knee + (1.0 - knee) * ((z.abs() - knee) / (1.0 - knee)).tanh())
    };
    mid + half * y
}

/// Makes sure the Heimatsiedlung is among the most disadvantaged areas by SGB-II-Quote and
/// Kinderarmut: its rate is raised (if needed) just above the 7th highest of the other areas.
fn boost_heimat_rates(areas: &[Sozialraum], mut rates: Vec<Rates>) -> Vec<Rates> {
    let Some(h) = areas.iter().position(|a| a.heimat) else {
        return rates;
    };
    let seventh = |get: fn(&Rates) -> f64, rates: &[Rates]| {
        let mut others: Vec<f64> = (0..rates.len())
            .filter(|&i| i != h)
            .map(|i| get(&rates[i]))
            .collect();
        others.sort_by(|x, y| y.total_cmp(x));
        others.get(6).copied().unwrap_or(0.0)
    };
    let sgb2 = seventh(|r| r.sgb2, &rates) + 0.3;
    let kinder = seventh(|r| r.kinderarmut, &rates) + 0.5;
    rates[h].sgb2 = rates[h].sgb2.max(sgb2);
    rates[h].kinderarmut = rates[h].kinderarmut.max(kinder);
    rates
}

/// Generates both years' counts.
pub fn generate(
    stadtteile: &[Stadtteil],
    areas: &[Sozialraum],
    scores: &[(f64, f64)],
    rng: &Rng,
) -> Res<Indicators> {
    let mut r = rng.fork("rates-2024");
    let rates_2024: Vec<Rates> = areas
        .iter()
        .zip(scores)
        .map(|(a, &(latent, dev))| {
            let p = &st_of(stadtteile, a).profile;
            let sgb2 = soft_clamp(1.2 + 34.0 / (1.0 + (-(latent - 1.2)).exp()), 1.5, 35.0);
            let kinderarmut = soft_clamp(sgb2 * 1.25 * (0.25 * r.normal()).exp(), 2.0, 45.0);
            let alleinerziehende = soft_clamp(15.5 + 0.55 * sgb2 + 6.5 * r.normal(), 10.0, 40.0);
            let arbeitslose = soft_clamp(0.8 + 0.32 * sgb2 + 1.2 * r.normal(), 1.0, 12.0);
            let grundsicherung =
                soft_clamp(0.8 + 0.45 * sgb2 * (0.4 * r.normal()).exp(), 0.5, 22.0);
            let unter18 = soft_clamp(p.anteil_unter18 + 1.2 * dev + 2.2 * r.normal(), 8.0, 28.0);
            let ab65 = soft_clamp(
                p.anteil_65plus - 0.9 * (unter18 - p.anteil_unter18) + 1.0 * r.normal(),
                7.0,
                32.0,
            );
            let auslaender = soft_clamp(
                p.anteil_auslaender + 3.0 * dev + 3.0 * r.normal(),
                8.0,
                60.0,
            );
            let wohnflaeche = soft_clamp(
                p.wohnflaeche_je_ew - 1.5 * dev + 3.5 * r.normal(),
                26.0,
                55.0,
            );
            let familien_hh = soft_clamp(1.05 * unter18 + 1.5 * r.normal(), 8.0, 35.0);
            Rates {
                unter18,
                unter15_of_18: 0.83 + 0.015 * r.normal(),
                ab65,
                sgb2,
                kinderarmut,
                alleinerziehende,
                arbeitslose,
                grundsicherung,
                auslaender,
                wohnflaeche,
                familien_hh,
                hh_size: 1.45 + 0.02 * unter18,
            }
        })
        .collect();

    let rates_2024 = boost_heimat_rates(areas, rates_2024);

    // A few areas worsen markedly (the Heimatsiedlung among them); the rest change a little.
    let mut pick = rng.fork("worsening");
    let mut candidates: Vec<usize> = (0..areas.len())
        .filter(|&i| !areas[i].heimat && !areas[i].thin && rates_2024[i].sgb2 > 12.0)
        .collect();
    let mut worsening: Vec<usize> = areas.iter().position(|a| a.heimat).into_iter().collect();
    while worsening.len() < 6 && !candidates.is_empty() {
        let k = (pick.next_u64() % candidates.len() as u64) as usize;
        worsening.push(candidates.remove(k));
    }
    worsening.sort_unstable();

    let mut d = rng.fork("rates-2022");
    let rates_2022: Vec<Rates> = rates_2024
        .iter()
        .enumerate()
        .map(|(i, r24)| {
            let d_sgb2 = if worsening.contains(&i) {
                d.uniform(3.0, 5.0)
            } else {
                (0.6 * d.normal()).clamp(-1.5, 1.5)
            };
            let d_kinder = if worsening.contains(&i) {
                // Stay within the usual two-year range of child poverty (±6 points).
                (1.3 * d_sgb2 + 0.5 * d.normal()).clamp(2.5, 6.0)
            } else {
                (1.3 * d_sgb2 + 0.5 * d.normal()).clamp(-1.5, 1.5)
            };
            let small = |d: &mut Rng, sd: f64| (sd * d.normal()).clamp(-1.5, 1.5);
            Rates {
                unter18: (r24.unter18 - small(&mut d, 0.3)).max(1.0),
                unter15_of_18: r24.unter15_of_18,
                ab65: (r24.ab65 - small(&mut d, 0.3)).max(1.0),
                sgb2: (r24.sgb2 - d_sgb2).max(1.0),
                kinderarmut: (r24.kinderarmut - d_kinder).max(1.0),
                alleinerziehende: r24.alleinerziehende - 0.3 * d_sgb2 - small(&mut d, 0.8),
                arbeitslose: (r24.arbeitslose - 0.3 * d_sgb2 - small(&mut d, 0.3)).max(0.5),
                grundsicherung: (r24.grundsicherung - small(&mut d, 0.4)).max(0.3),
                auslaender: r24.auslaender - 0.4 - small(&mut d, 0.6),
                wohnflaeche: r24.wohnflaeche + 0.2 + small(&mut d, 0.3),
                familien_hh: r24.familien_hh - small(&mut d, 0.4),
                hh_size: r24.hh_size,
            }
        })
        .collect();

    let mut e = rng.fork("einwohner-2022");
    let mut y2022 = Vec::with_capacity(areas.len());
    let mut y2024 = Vec::with_capacity(areas.len());
    for (i, a) in areas.iter().enumerate() {
        let e24 = a.einwohner;
        let e22 = (f64::from(e24) * (1.0 - e.uniform(0.01, 0.03))).round() as u32;
        y2024.push(Counts::from_rates(e24, &rates_2024[i]));
        y2022.push(Counts::from_rates(e22, &rates_2022[i]));
    }
    for (i, c) in y2024.iter().chain(&y2022).enumerate() {
        if c.kinder_sgb2 > c.kinder_unter15
            || c.einw_15_64 + c.kinder_unter15 + c.einw_65plus != c.einwohner
        {
            return Err(format!("inconsistent counts in row {i}: {c:?}").into());
        }
    }
    Ok(Indicators {
        y2022,
        y2024,
        worsening,
    })
}
