//! Layers as the application holds them: geometry twice (WGS84 lon/lat for display and picking,
//! metric UTM for distances and areas), typed attributes, a spatial index and — for areas — a
//! cached triangulation.

use geo::{Area as _, InteriorPoint, MultiPolygon, Point};

use crate::crs::Crs;
use crate::model::conventions::{STADTTEIL_FIELD, STADTTEIL_NAME_FIELD};
use crate::model::mesh::AreaMesh;
use crate::model::spatial::{AreaIndex, PointIndex};
use crate::model::value::{Schema, Value};

/// One polygon feature (a Sozialraum, a Stadtteil …).
#[derive(Debug, Clone)]
pub struct Area {
    /// Index of the feature in its source file (for messages).
    pub source_index: usize,
    pub values: Vec<Value>,
    /// WGS84, x = lon, y = lat.
    pub geometry: MultiPolygon<f64>,
    /// The same geometry in the layer's metric CRS (metres).
    pub metric: MultiPolygon<f64>,
    /// A point inside the area (WGS84), for labels: computed when first asked for (labels
    /// are drawn for few layers, and a large grid would pay for it at every load).
    label_point: std::sync::OnceLock<Point<f64>>,
}

impl Area {
    pub fn new(
        source_index: usize,
        values: Vec<Value>,
        geometry: MultiPolygon<f64>,
        metric: MultiPolygon<f64>,
    ) -> Self {
        Self {
            source_index,
            values,
            geometry,
            metric,
            label_point: std::sync::OnceLock::new(),
        }
    }

    /// A point guaranteed inside the area (WGS84), for labels: an interior point of its
    /// largest polygon.
    pub fn label_point(&self) -> Point<f64> {
        *self
            .label_point
            .get_or_init(|| largest_polygon_interior_point(&self.geometry))
    }

    /// Area in square metres (from the metric geometry).
    pub fn area_m2(&self) -> f64 {
        self.metric.unsigned_area()
    }
}

fn largest_polygon_interior_point(mp: &MultiPolygon<f64>) -> Point<f64> {
    let largest = mp.0.iter().max_by(|a, b| {
        a.unsigned_area()
            .partial_cmp(&b.unsigned_area())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    largest
        .and_then(|p| p.interior_point())
        .or_else(|| mp.interior_point())
        .unwrap_or_else(|| Point::new(0.0, 0.0))
}

/// One point feature (an office, a stop …).
#[derive(Debug, Clone)]
pub struct Facility {
    pub source_index: usize,
    pub values: Vec<Value>,
    /// WGS84, x = lon, y = lat.
    pub position: Point<f64>,
    /// Metric CRS, metres.
    pub metric: Point<f64>,
}

/// What a point layer stands for; decides its symbol and its German name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilityKind {
    Nachbarschaftsbuero,
    Sozialrathaus,
    Kita,
    Familienzentrum,
    Jugendhaus,
    Seniorentreff,
    Haltestelle,
    Other,
}

impl FacilityKind {
    /// Every kind, in the order the layer panel offers them.
    pub const ALL: [FacilityKind; 8] = [
        FacilityKind::Nachbarschaftsbuero,
        FacilityKind::Sozialrathaus,
        FacilityKind::Kita,
        FacilityKind::Familienzentrum,
        FacilityKind::Jugendhaus,
        FacilityKind::Seniorentreff,
        FacilityKind::Haltestelle,
        FacilityKind::Other,
    ];

    /// Guess the kind from a `typ` attribute or the file name; the layer panel can change it.
    pub fn guess(type_value: Option<&str>, layer_name: &str) -> Self {
        let probe = format!("{} {}", type_value.unwrap_or(""), layer_name).to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| probe.contains(w));
        if has(&["nachbarschaft", "quartier"]) {
            FacilityKind::Nachbarschaftsbuero
        } else if has(&["sozialrath"]) {
            FacilityKind::Sozialrathaus
        } else if has(&["kita", "kindertages", "krippe", "kindergarten"]) {
            FacilityKind::Kita
        } else if has(&["familienzentr", "familienzentren"]) {
            FacilityKind::Familienzentrum
        } else if has(&["jugendhaus", "jugendzentr", "jugendtreff", "jugendclub"]) {
            FacilityKind::Jugendhaus
        } else if has(&["senior", "altentreff", "begegnungsst"]) {
            FacilityKind::Seniorentreff
        } else if has(&["haltestelle", "oepnv", "öpnv"]) {
            FacilityKind::Haltestelle
        } else {
            FacilityKind::Other
        }
    }
}

#[derive(Debug, Clone)]
pub struct AreaLayer {
    pub name: String,
    pub schema: Schema,
    pub areas: Vec<Area>,
    /// The metric CRS used for `Area::metric` (UTM zone of the data's centre).
    pub metric_crs: Crs,
    /// Whether the data says of itself that it is invented ("fiktive Beispieldaten").
    pub fictitious: bool,
    pub index: AreaIndex,
    pub mesh: AreaMesh,
}

impl AreaLayer {
    pub fn new(name: String, schema: Schema, areas: Vec<Area>, metric_crs: Crs) -> Self {
        let fictitious = mentions_fictitious(areas.iter().map(|a| a.values.as_slice()));
        let index = AreaIndex::build(&areas);
        let mesh = AreaMesh::build(&areas);
        Self {
            name,
            schema,
            areas,
            metric_crs,
            fictitious,
            index,
            mesh,
        }
    }

    pub fn value(&self, feature: usize, field: &str) -> Option<&Value> {
        let i = self.schema.index_of(field)?;
        self.areas.get(feature)?.values.get(i)
    }

    /// The most telling text to name a feature: `name`, else a name-like or id-like field.
    pub fn feature_title(&self, feature: usize) -> String {
        feature_title(
            &self.schema,
            self.areas.get(feature).map(|a| a.values.as_slice()),
        )
        .unwrap_or_else(|| format!("#{}", feature + 1))
    }

    /// The extent of the layer in lon/lat; the spatial index holds it (areas' geometry does not
    /// change after the layer is built), so this is free to ask every frame.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        self.index.bounds()
    }
}

#[derive(Debug, Clone)]
pub struct FacilityLayer {
    pub name: String,
    pub schema: Schema,
    pub facilities: Vec<Facility>,
    pub metric_crs: Crs,
    pub kind: FacilityKind,
    pub fictitious: bool,
    pub index: PointIndex,
}

impl FacilityLayer {
    pub fn new(name: String, schema: Schema, facilities: Vec<Facility>, metric_crs: Crs) -> Self {
        let fictitious = mentions_fictitious(facilities.iter().map(|f| f.values.as_slice()));
        let type_value = schema
            .index_of("typ")
            .or_else(|| schema.index_of("type"))
            .and_then(|i| facilities.first().and_then(|f| f.values.get(i)))
            .and_then(Value::as_text)
            .map(str::to_owned);
        let kind = FacilityKind::guess(type_value.as_deref(), &name);
        let index = PointIndex::build(&facilities);
        Self {
            name,
            schema,
            facilities,
            metric_crs,
            kind,
            fictitious,
            index,
        }
    }

    pub fn feature_title(&self, feature: usize) -> String {
        feature_title(
            &self.schema,
            self.facilities.get(feature).map(|f| f.values.as_slice()),
        )
        .unwrap_or_else(|| format!("#{}", feature + 1))
    }

    pub fn bbox(&self) -> Option<[f64; 4]> {
        let mut it = self.facilities.iter().map(|f| f.position);
        let first = it.next()?;
        let mut b = [first.x(), first.y(), first.x(), first.y()];
        for p in it {
            b[0] = b[0].min(p.x());
            b[1] = b[1].min(p.y());
            b[2] = b[2].max(p.x());
            b[3] = b[3].max(p.y());
        }
        Some(b)
    }
}

/// A loaded layer of either kind.
#[derive(Debug, Clone)]
// A handful of layers per session: the size of the enum does not matter, boxing would only
// add indirection on every draw.
#[allow(clippy::large_enum_variant)]
pub enum Layer {
    Areas(AreaLayer),
    Facilities(FacilityLayer),
}

impl Layer {
    pub fn name(&self) -> &str {
        match self {
            Layer::Areas(l) => &l.name,
            Layer::Facilities(l) => &l.name,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Layer::Areas(l) => l.areas.len(),
            Layer::Facilities(l) => l.facilities.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn schema(&self) -> &Schema {
        match self {
            Layer::Areas(l) => &l.schema,
            Layer::Facilities(l) => &l.schema,
        }
    }

    pub fn values(&self, feature: usize) -> Option<&[Value]> {
        match self {
            Layer::Areas(l) => l.areas.get(feature).map(|a| a.values.as_slice()),
            Layer::Facilities(l) => l.facilities.get(feature).map(|f| f.values.as_slice()),
        }
    }

    pub fn feature_title(&self, feature: usize) -> String {
        match self {
            Layer::Areas(l) => l.feature_title(feature),
            Layer::Facilities(l) => l.feature_title(feature),
        }
    }

    pub fn bbox(&self) -> Option<[f64; 4]> {
        match self {
            Layer::Areas(l) => l.bbox(),
            Layer::Facilities(l) => l.bbox(),
        }
    }

    pub fn fictitious(&self) -> bool {
        match self {
            Layer::Areas(l) => l.fictitious,
            Layer::Facilities(l) => l.fictitious,
        }
    }
}

fn feature_title(schema: &Schema, values: Option<&[Value]>) -> Option<String> {
    let values = values?;
    const CANDIDATES: [&str; 8] = [
        "name",
        "Name",
        "NAME",
        STADTTEIL_FIELD,
        STADTTEIL_NAME_FIELD,
        "GEN",
        "bezeichnung",
        "titel",
    ];
    CANDIDATES
        .iter()
        .filter_map(|c| schema.index_of(c))
        .chain(
            schema
                .fields
                .iter()
                .position(|f| f.name.to_lowercase().contains("name")),
        )
        // Else a key such as `sr_id` or `zelle_id`.
        .chain(schema.fields.iter().position(|f| {
            let n = f.name.to_lowercase();
            n == "id" || n.ends_with("_id") || n == "schluessel" || n == "kennung"
        }))
        .find_map(|i| match values.get(i) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.clone()),
            _ => None,
        })
}

fn mentions_fictitious<'a>(mut rows: impl Iterator<Item = &'a [Value]>) -> bool {
    rows.any(|row| {
        row.iter().any(|v| {
            v.as_text()
                .is_some_and(|t| t.to_lowercase().contains("fiktiv"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::FacilityKind;

    #[test]
    fn the_kind_of_a_point_layer_is_guessed_from_its_type_or_name() {
        let g = |t: Option<&str>, n: &str| FacilityKind::guess(t, n);
        assert_eq!(
            g(Some("Nachbarschaftsbüro"), "x"),
            FacilityKind::Nachbarschaftsbuero
        );
        assert_eq!(g(None, "sozialrathaeuser"), FacilityKind::Sozialrathaus);
        assert_eq!(g(None, "kitas_frankfurt"), FacilityKind::Kita);
        assert_eq!(g(Some("Kindertagesstätte"), "punkte"), FacilityKind::Kita);
        assert_eq!(g(None, "familienzentren"), FacilityKind::Familienzentrum);
        assert_eq!(g(Some("Jugendhaus"), "x"), FacilityKind::Jugendhaus);
        assert_eq!(g(None, "seniorentreffs"), FacilityKind::Seniorentreff);
        assert_eq!(g(None, "oepnv_haltestellen"), FacilityKind::Haltestelle);
        assert_eq!(g(None, "baeume"), FacilityKind::Other);
    }
}
