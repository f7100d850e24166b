//! Frankfurt's naming conventions in one place: the attribute names of the Sozialraum layers
//! and indicator tables that the program relies on (the hierarchy fields, the population, the
//! indicators of the Monitoring Soziale Stadt index) and the name of the metadata file beside
//! the data. Data of another city that names these differently is still read; only the
//! conveniences built on these names (grouping, defaults, labels) need them.
//!
//! Only names live here: no rule about what to do with them, and no text shown to a person
//! (labels belong to `io::meta` and `i18n`). Code that relies on one of these names refers to
//! the constant, never to the literal, so that a convention changes in one place.

/// The field of a Sozialraum that names its Stadtteil (district), the first level of the
/// area hierarchy.
pub const STADTTEIL_FIELD: &str = "stadtteil";

/// The Stadtteil name in the city's official district layers ("Stadtteil-Name").
pub const STADTTEIL_NAME_FIELD: &str = "STTLNAME";

/// The fields that may name an area's Stadtteil, in order of preference.
pub const STADTTEIL_GROUP_FIELDS: [&str; 3] =
    [STADTTEIL_FIELD, STADTTEIL_NAME_FIELD, "stadtteil_name"];

/// The field of a Sozialraum that names its Sozialrathaus (social services centre), the
/// second level of the area hierarchy.
pub const SOZIALRATHAUS_FIELD: &str = "sozialrathaus";

/// The fields that may name an area's Sozialrathaus, in order of preference.
pub const SOZIALRATHAUS_GROUP_FIELDS: [&str; 3] =
    [SOZIALRATHAUS_FIELD, "srh", "sozialrathaus_name"];

/// The residents of an area (a count), the base of rates and of privacy suppression.
pub const POPULATION_FIELD: &str = "einwohner";

/// The fields that may hold the residents of an area, in order of preference.
pub const POPULATION_FIELDS: [&str; 3] = [POPULATION_FIELD, "ew", "einw"];

/// Unemployment rate (per cent), an MSS status indicator.
pub const UNEMPLOYMENT_RATE_FIELD: &str = "arbeitslosenquote";

/// Share of residents receiving SGB II benefits (per cent), an MSS status indicator and the
/// indicator the reach analysis's need rule falls back to.
pub const SGB2_RATE_FIELD: &str = "sgb2_quote";

/// Child poverty rate (per cent), an MSS status indicator.
pub const CHILD_POVERTY_FIELD: &str = "kinderarmut";

/// The default status indicators of the index (Monitoring Soziale Stadt), as the sample and
/// the city's tables name them.
pub const MSS_INDICATORS: [&str; 3] = [
    UNEMPLOYMENT_RATE_FIELD,
    SGB2_RATE_FIELD,
    CHILD_POVERTY_FIELD,
];

/// The metadata table read from beside a layer or table when present: German and English
/// labels, units and directions of the indicators (`feld;name_de;name_en;einheit;…`).
pub const INDICATOR_META_FILE: &str = "indikatoren_meta.csv";
