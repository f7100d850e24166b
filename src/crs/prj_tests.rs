//! Tests of [`crs_from_prj`](super::crs_from_prj): `.prj` texts as ArcGIS and OGC tools write them,
//! the fallback to the projection parameters, and unknown or broken input, which must be an error
//! and never a panic. They use literal strings only: no fixture files and no user interface.
//
// Test-only file: compiled solely through `#[cfg(test)]` on its `mod tests` declaration.

use super::*;

#[test]
fn prj_files_as_arcgis_writes_them_are_recognised() {
    let utm32 = r#"PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    let wgs84 = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    let gk3 = r#"PROJCS["DHDN_3_Degree_Gauss_Kruger_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    let web_mercator = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]"#;
    let etrs = r#"GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
    let wgs_utm = r#"PROJCS["WGS_1984_UTM_Zone_32N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    let zone_n32 = r#"PROJCS["ETRS_1989_UTM_Zone_N32",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",32500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(crs_from_prj(utm32).unwrap(), Crs(25832));
    assert_eq!(crs_from_prj(wgs84).unwrap(), Crs::WGS84);
    assert_eq!(crs_from_prj(gk3).unwrap(), Crs(31467));
    assert_eq!(crs_from_prj(web_mercator).unwrap(), Crs::WEB_MERCATOR);
    assert_eq!(crs_from_prj(etrs).unwrap(), Crs(4258));
    assert_eq!(crs_from_prj(wgs_utm).unwrap(), Crs(32632));
    assert_eq!(crs_from_prj(zone_n32).unwrap(), Crs(4647));
    assert_eq!(
        crs_from_prj(
            &utm32
                .replace("Zone_32N", "Zone_33N")
                .replace("9.0]", "15.0]")
        )
        .unwrap(),
        Crs(25833)
    );
    assert_eq!(
        crs_from_prj(&gk3.replace("Zone_3", "Zone_4")).unwrap(),
        Crs(31468)
    );
    // With a byte-order mark and Windows line ending, as some tools write it.
    assert_eq!(
        crs_from_prj(&format!("\u{feff}{utm32}\r\n")).unwrap(),
        Crs(25832)
    );
}

#[test]
fn prj_files_in_ogc_wkt_use_the_outermost_authority_or_the_name() {
    let ogc_utm = r#"PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","25832"]]"#;
    assert_eq!(crs_from_prj(ogc_utm).unwrap(), Crs(25832));
    // The outermost authority wins over the name …
    let relabelled = ogc_utm.replace(
        r#"AUTHORITY["EPSG","25832"]]"#,
        r#"AUTHORITY["EPSG","5555"]]"#,
    );
    assert_eq!(crs_from_prj(&relabelled).unwrap(), Crs(5555));
    // … and without it the name decides (the inner 4258 is not used).
    let anonymous = ogc_utm.replace(r#",AUTHORITY["EPSG","25832"]]"#, "]");
    assert_eq!(crs_from_prj(&anonymous).unwrap(), Crs(25832));
    let names = [
        (
            r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 3",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["metre",1]]"#,
            31467,
        ),
        (
            r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 2",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"]]"#,
            31466,
        ),
        (
            r#"PROJCS["DHDN / 3-degree Gauss-Kruger zone 5",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"]]"#,
            31469,
        ),
        (
            r#"PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Mercator_1SP"]]"#,
            3857,
        ),
        (
            r#"PROJCS["WGS 84 / UTM zone 33S",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"]]"#,
            32733,
        ),
        (
            r#"PROJCS["ETRS89 / UTM zone 32N (zE-N)",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"]]"#,
            4647,
        ),
        (
            r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]"#,
            4326,
        ),
    ];
    for (wkt, code) in names {
        assert_eq!(crs_from_prj(wkt).unwrap(), Crs(code), "{wkt}");
    }
    let wkt2 = r#"PROJCRS["ETRS89 / UTM zone 33N", BASEGEOGCRS["ETRS89", DATUM["European Terrestrial Reference System 1989", ELLIPSOID["GRS 1980",6378137,298.257222101]]], CONVERSION["UTM zone 33N", METHOD["Transverse Mercator"]], CS[Cartesian,2], ID["EPSG",25833]]"#;
    assert_eq!(crs_from_prj(wkt2).unwrap(), Crs(25833));
}

#[test]
fn odd_names_fall_back_to_the_projection_parameters() {
    let odd = r#"PROJCS["Stadtvermessung_Frankfurt",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(crs_from_prj(odd).unwrap(), Crs(25832));
    let odd_gk = r#"PROJCS["GK4",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel_1841",6377397.155,299.1528128]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",4500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",12.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    assert_eq!(crs_from_prj(odd_gk).unwrap(), Crs(31468));
    let feet = odd.replace(
        r#"UNIT["Meter",1.0]"#,
        r#"UNIT["Foot_US",0.3048006096012192]"#,
    );
    assert!(crs_from_prj(&feet).is_err());
}

#[test]
fn unknown_or_broken_prj_files_are_errors_with_the_name() {
    let lambert = r#"PROJCS["RGF93_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",700000.0],PARAMETER["Central_Meridian",3.0],UNIT["Meter",1.0]]"#;
    let err = crs_from_prj(lambert).unwrap_err();
    assert!(matches!(err, CrsError::UnknownWkt(_)));
    assert_eq!(
        err.to_string(),
        "Unbekanntes Koordinatensystem: „RGF93_Lambert_93“"
    );
    for broken in [
        "",
        "   ",
        "PROJCS[",
        "PROJCS[\"x\"",
        "kein WKT",
        "[[[[",
        "PROJCS[\"a\"]]",
    ] {
        assert!(crs_from_prj(broken).is_err(), "{broken:?}");
    }
    let deep = format!("{}{}", "A[".repeat(10_000), "]".repeat(10_000));
    assert!(crs_from_prj(&deep).is_err());
    // Some tools write only the code into the .prj.
    assert_eq!(crs_from_prj("EPSG:25832").unwrap(), Crs(25832));
}
