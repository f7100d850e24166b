//! Generates the sample data set in `sample-data/` from the real Frankfurt inputs.
//!
//! Real: the 44 Stadtteil polygons with their 2012 population, and the public-transport stops.
//! Invented ("fiktive Beispieldaten"): about 120 Sozialräume nested in the Stadtteile (made by
//! recursive straight cuts, gap- and overlap-free), their residents and social indicators for
//! 2022 and 2024, seven Sozialrathaus catchments, and the locations of Nachbarschaftsbüros and
//! Sozialrathäuser. All randomness comes from a fixed-seed SplitMix64 generator, so every run
//! writes byte-identical files.
//!
//! Usage (from the repository root):
//!
//! ```text
//! cargo run --release --example make_sample_data [DATA_DIR]
//! ```
//!
//! `DATA_DIR` defaults to `../shared/data` (relative to the repository root) and must contain
//! the `frankfurt/` folder. The generator checks the geometry (partition, nesting) and the
//! indicator consistency and aborts with a message if a check fails; it prints the achieved
//! ranges and correlations.

mod areas;
mod facilities;
mod geometry;
mod indicators;
mod input;
mod output;
mod rng;
mod schema;
mod stats;

use std::path::{Path, PathBuf};

use geo::{Contains, InteriorPoint, MultiPolygon, Point};
use serde_json::json;

use crate::areas::{SOZIALRATHAEUSER, Sozialraum};
use crate::facilities::Facility;
use crate::indicators::Counts;
use crate::input::{Res, Stadtteil};
use crate::output::{Props, feature_json, multipolygon_json, point_json};
use crate::rng::Rng;

/// Seed of the random generator. Changing it changes every invented value.
const SEED: u64 = 0x005A_71A5_2024;

/// Attribution of the real Stadtteil data.
const QUELLE_STADT: &str =
    "Stadt Frankfurt am Main, Bürgeramt, Statistik und Wahlen (dl-de/by-2-0)";
/// Attribution of the stops.
const QUELLE_GTFS: &str = "gtfs.de (CC BY 4.0)";
/// Label of everything invented.
pub const FIKTIV: &str = "fiktive Beispieldaten";

fn main() -> Res<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data_dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| repo.join("../shared/data"), PathBuf::from);
    let frankfurt = data_dir.join("frankfurt");
    let out_dir = repo.join("sample-data");
    std::fs::create_dir_all(&out_dir)?;
    let rng = Rng::new(SEED);

    let (stadtteile, city_wfl) = input::read_stadtteile(&frankfurt)?;
    let stops = input::read_stops(&frankfurt)?;
    println!(
        "read {} Stadtteile and {} stops from {}",
        stadtteile.len(),
        stops.len(),
        frankfurt.display()
    );

    let sozialraeume = areas::build_sozialraeume(&stadtteile, &rng)?;
    check_nesting(&stadtteile, &sozialraeume)?;
    let catchment = areas::assign_catchments(&stadtteile)?;
    print_catchments(&stadtteile, &catchment);

    let scores = indicators::latent_scores(&stadtteile, &sozialraeume, city_wfl, &rng);
    let ind = indicators::generate(&stadtteile, &sozialraeume, &scores, &rng)?;
    // The offices go to the Sozialraum with the highest 2024 SGB-II-Quote of their area.
    let sgb2: Vec<f64> = ind
        .y2024
        .iter()
        .map(|c| c.sgb2_quote().unwrap_or(0.0))
        .collect();
    let buero = facilities::nachbarschaftsbueros(&stadtteile, &sozialraeume, &sgb2, &rng)?;
    let rathaeuser = facilities::sozialrathaeuser(&stadtteile, &rng)?;

    // Print the summary and run the last checks before anything is written.
    report(&sozialraeume, &ind)?;

    write_stadtteile(&out_dir, &stadtteile)?;
    write_sozialraeume(&out_dir, &stadtteile, &sozialraeume, &catchment)?;
    schema::write_indicators(
        &out_dir.join("indikatoren_2022.csv"),
        &sozialraeume,
        &ind.y2022,
    )?;
    schema::write_indicators(
        &out_dir.join("indikatoren_2024.csv"),
        &sozialraeume,
        &ind.y2024,
    )?;
    schema::write_meta(&out_dir)?;
    write_facilities(
        &out_dir.join("nachbarschaftsbueros.geojson"),
        &buero,
        "Nachbarschaftsbüro",
    )?;
    write_facilities(
        &out_dir.join("sozialrathaeuser.geojson"),
        &rathaeuser,
        "Sozialrathaus",
    )?;
    write_stops(&out_dir, &stops)?;

    println!("wrote sample data to {}", out_dir.display());
    Ok(())
}

/// Checks that every Sozialraum's interior point lies inside its Stadtteil.
fn check_nesting(stadtteile: &[Stadtteil], areas: &[Sozialraum]) -> Res<()> {
    for a in areas {
        let p: Point<f64> = a
            .geom
            .interior_point()
            .ok_or_else(|| format!("{} has no interior point", a.sr_id))?;
        if !stadtteile[a.st].polygon.contains(&p) {
            return Err(format!("{} is not inside {}", a.sr_id, stadtteile[a.st].name).into());
        }
    }
    Ok(())
}

/// Prints the catchments with their residents.
fn print_catchments(stadtteile: &[Stadtteil], catchment: &[usize]) {
    println!("\nSozialrathaus catchments:");
    for (c, (name, _)) in SOZIALRATHAEUSER.iter().enumerate() {
        let members: Vec<&Stadtteil> = stadtteile
            .iter()
            .zip(catchment)
            .filter(|(_, k)| **k == c)
            .map(|(s, _)| s)
            .collect();
        let pop: u32 = members.iter().map(|s| s.profile.einwohner).sum();
        let names: Vec<&str> = members.iter().map(|s| s.name.as_str()).collect();
        println!("  {name:<14} {pop:>7}  {}", names.join(", "));
    }
}

/// Writes `stadtteile.geojson` (real geometry and 2012 population).
fn write_stadtteile(dir: &Path, stadtteile: &[Stadtteil]) -> Res<()> {
    let features = stadtteile
        .iter()
        .map(|s| {
            let props: Props = vec![
                ("stadtteil_nr", json!(s.nr.to_string())),
                ("stadtteil", json!(s.name)),
                ("einwohner_2012", json!(s.profile.einwohner)),
                ("quelle", json!(QUELLE_STADT)),
            ];
            let geom = geometry::round_multi(&MultiPolygon::new(vec![s.polygon.clone()]));
            feature_json(&props, &multipolygon_json(&geom))
        })
        .collect::<Res<Vec<_>>>()?;
    output::write_feature_collection(&dir.join("stadtteile.geojson"), &features)
}

/// Writes `sozialraeume.geojson`.
fn write_sozialraeume(
    dir: &Path,
    stadtteile: &[Stadtteil],
    areas: &[Sozialraum],
    catchment: &[usize],
) -> Res<()> {
    let features = areas
        .iter()
        .map(|a| {
            let st = &stadtteile[a.st];
            let props: Props = vec![
                ("sr_id", json!(a.sr_id)),
                ("name", json!(a.name)),
                ("stadtteil_nr", json!(st.nr.to_string())),
                ("stadtteil", json!(st.name)),
                ("sozialrathaus", json!(SOZIALRATHAEUSER[catchment[a.st]].0)),
                ("einwohner", json!(a.einwohner)),
                ("quelle", json!(FIKTIV)),
            ];
            feature_json(&props, &multipolygon_json(&a.geom))
        })
        .collect::<Res<Vec<_>>>()?;
    output::write_feature_collection(&dir.join("sozialraeume.geojson"), &features)
}

/// Writes a facility layer.
fn write_facilities(path: &Path, facilities: &[Facility], typ: &str) -> Res<()> {
    let features = facilities
        .iter()
        .map(|f| {
            let mut props: Props = vec![("id", json!(f.id)), ("name", json!(f.name))];
            if let Some(traeger) = f.traeger {
                props.push(("traeger", json!(traeger)));
                props.push(("stadtteil", json!(f.stadtteil)));
            }
            props.push(("typ", json!(typ)));
            props.push(("quelle", json!(FIKTIV)));
            feature_json(&props, &point_json(f.point))
        })
        .collect::<Res<Vec<_>>>()?;
    output::write_feature_collection(path, &features)
}

/// Writes the real stops as points.
fn write_stops(dir: &Path, stops: &[input::Stop]) -> Res<()> {
    let features = stops
        .iter()
        .map(|s| {
            let props: Props = vec![
                ("id", json!(s.id)),
                ("name", json!(s.name)),
                ("typ", json!("Haltestelle")),
                ("quelle", json!(QUELLE_GTFS)),
            ];
            feature_json(&props, &point_json(Point::new(s.lon, s.lat)))
        })
        .collect::<Res<Vec<_>>>()?;
    output::write_feature_collection(&dir.join("oepnv_haltestellen.geojson"), &features)
}

/// Prints names and residents, ranges, correlations, dynamics and the Heimatsiedlung's rank,
/// and aborts if the Heimatsiedlung is not among the ten most disadvantaged areas.
fn report(areas: &[Sozialraum], ind: &indicators::Indicators) -> Res<()> {
    println!("\n{} Sozialräume:", areas.len());
    for a in areas {
        println!("  {:<9} {:>6}  {}", a.sr_id, a.einwohner, a.name);
    }
    let residents: Vec<f64> = areas.iter().map(|a| f64::from(a.einwohner)).collect();
    let (lo, hi) = stats::range(&residents);
    println!(
        "residents per Sozialraum: {lo}–{hi}, mean {:.0}; under 300: {}",
        stats::mean(&residents),
        residents.iter().filter(|&&e| e < 300.0).count()
    );
    let multi = areas.iter().filter(|a| a.geom.0.len() > 1).count();
    println!("Sozialräume with MultiPolygon geometry: {multi}");

    type Getter = fn(&Counts) -> Option<f64>;
    let indicators: [(&str, Getter); 9] = [
        ("sgb2_quote", Counts::sgb2_quote),
        ("kinderarmut", Counts::kinderarmut),
        ("alleinerziehende", Counts::alleinerziehende),
        ("grundsicherung_alter", Counts::grundsicherung_alter),
        ("arbeitslosenquote", Counts::arbeitslosenquote),
        ("anteil_65plus", Counts::anteil_65plus),
        ("anteil_unter18", Counts::anteil_unter18),
        ("anteil_auslaender", Counts::anteil_auslaender),
        ("wohnflaeche_je_ew", Counts::wohnflaeche_je_ew),
    ];
    // Statistics over areas with at least 300 residents (the small ones get no index).
    let big: Vec<usize> = (0..areas.len())
        .filter(|&i| areas[i].einwohner >= 300)
        .collect();
    let series = |year: &[Counts], get: Getter, rows: &[usize]| -> Vec<f64> {
        rows.iter()
            .map(|&i| get(&year[i]).unwrap_or(f64::NAN))
            .collect()
    };
    // Contiguity among the areas with an index (the tiny ones would only add rounding noise).
    let neighbours = stats::queen_neighbours(
        &big.iter()
            .map(|&i| areas[i].geom.clone())
            .collect::<Vec<_>>(),
    );
    let isolated = neighbours.iter().filter(|n| n.is_empty()).count();
    println!(
        "\n2024, areas with >= 300 residents (n = {}; Moran's I with queen contiguity, {isolated} without neighbours):",
        big.len()
    );
    println!(
        "  {:<22} {:>6} {:>6} {:>7} {:>8}",
        "indicator", "min", "max", "city", "Moran I"
    );
    for (name, get) in indicators {
        let (lo, hi) = stats::range(&series(&ind.y2024, get, &big));
        let city = city_value(&ind.y2024, name);
        let moran = stats::morans_i(&series(&ind.y2024, get, &big), &neighbours);
        println!("  {name:<22} {lo:>6.1} {hi:>6.1} {city:>7.1} {moran:>8.2}");
    }
    let q = series(&ind.y2024, Counts::sgb2_quote, &big);
    println!("correlations (2024, >= 300 residents):");
    for (name, get) in &indicators[1..] {
        let r = stats::pearson(&q, &series(&ind.y2024, *get, &big));
        println!("  r(sgb2_quote, {name:<20}) = {r:>6.2}");
    }
    let u18 = series(&ind.y2024, Counts::anteil_unter18, &big);
    let a65 = series(&ind.y2024, Counts::anteil_65plus, &big);
    println!(
        "  r(anteil_65plus, anteil_unter18)  = {:>6.2}",
        stats::pearson(&a65, &u18)
    );

    // Dynamics 2022 → 2024 of the SGB-II-Quote.
    let deltas: Vec<f64> = big
        .iter()
        .map(|&i| {
            ind.y2024[i].sgb2_quote().unwrap_or(0.0) - ind.y2022[i].sgb2_quote().unwrap_or(0.0)
        })
        .collect();
    let small = deltas.iter().filter(|d| d.abs() <= 1.5).count();
    let (dlo, dhi) = stats::range(&deltas);
    println!(
        "change of sgb2_quote 2022→2024 (>= 300 residents): {dlo:.1} to {dhi:.1} pp; {small} of {} within ±1.5 pp",
        deltas.len()
    );
    for &i in &ind.worsening {
        let d = ind.y2024[i].sgb2_quote().unwrap_or(0.0) - ind.y2022[i].sgb2_quote().unwrap_or(0.0);
        println!(
            "  worsening: {} {} ({d:+.1} pp)",
            areas[i].sr_id, areas[i].name
        );
    }

    // Rank of the Heimatsiedlung.
    let heimat = areas
        .iter()
        .position(|a| a.heimat)
        .ok_or("no Heimatsiedlung")?;
    for (name, get) in [
        ("sgb2_quote", Counts::sgb2_quote as Getter),
        ("kinderarmut", Counts::kinderarmut),
    ] {
        let value = get(&ind.y2024[heimat]).unwrap_or(0.0);
        let rank = 1 + ind
            .y2024
            .iter()
            .filter(|c| get(c).unwrap_or(0.0) > value)
            .count();
        println!(
            "Heimatsiedlung {}: {name} = {value:.1}, rank {rank} of {}",
            areas[heimat].sr_id,
            areas.len()
        );
        if rank > 10 {
            return Err(format!("Heimatsiedlung ranks only {rank} by {name}").into());
        }
    }
    Ok(())
}

/// City-wide value of a rate: Σ numerator / Σ denominator.
fn city_value(year: &[Counts], name: &str) -> f64 {
    let sum = |f: fn(&Counts) -> u32| year.iter().map(f).sum::<u32>();
    let (num, den) = match name {
        "sgb2_quote" => (sum(|c| c.sgb2_personen), sum(|c| c.einw_unter65)),
        "kinderarmut" => (sum(|c| c.kinder_sgb2), sum(|c| c.kinder_unter15)),
        "alleinerziehende" => (sum(|c| c.alleinerziehende_hh), sum(|c| c.familienhaushalte)),
        "grundsicherung_alter" => (sum(|c| c.grundsicherung_65plus), sum(|c| c.einw_65plus)),
        "arbeitslosenquote" => (sum(|c| c.arbeitslose), sum(|c| c.einw_15_64)),
        "anteil_65plus" => (sum(|c| c.einw_65plus), sum(|c| c.einwohner)),
        "anteil_unter18" => (sum(|c| c.einw_unter18), sum(|c| c.einwohner)),
        "anteil_auslaender" => (sum(|c| c.auslaender), sum(|c| c.einwohner)),
        _ => return f64::from(sum(|c| c.wohnflaeche_m2)) / f64::from(sum(|c| c.einwohner)),
    };
    100.0 * f64::from(num) / f64::from(den)
}
