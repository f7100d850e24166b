//! The parts of a GeoJSON feature as the streaming reader takes them from the parser: the
//! coordinates go straight into a compact tree of positions (no JSON tree per number), the
//! properties straight into raw values. Every part accepts any JSON value, so a wrong type
//! inside one feature makes that feature invalid, never the whole file.

use geo::Coord;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use crate::model::value::RawValue;

/// What a `coordinates` member holds, kept only as far as geometries need it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Coords {
    /// A list whose first two entries are numbers (further ones, such as a height, dropped).
    Pos(Coord<f64>),
    List(Vec<Coords>),
    /// Anything else, described for the message ("\"abc\"", "[1]", "{…}").
    Bad(String),
}

impl Coords {
    /// The same tree from a JSON value (for single features and bare geometries).
    pub(crate) fn from_json(v: &Json) -> Coords {
        match v {
            Json::Array(items) => match items.first().map(Json::as_f64) {
                None => Coords::List(Vec::new()),
                Some(Some(x)) => {
                    let numbers_only = items.iter().all(Json::is_number);
                    match items.get(1).and_then(Json::as_f64) {
                        Some(y) if numbers_only => Coords::Pos(Coord { x, y }),
                        _ if items.len() == 1 => Coords::Bad(format!("[{x}]")),
                        _ => Coords::Bad(format!("[{x}, …]")),
                    }
                }
                Some(None) => Coords::List(
                    items
                        .iter()
                        .map(|e| match e.as_f64() {
                            Some(n) => Coords::Bad(n.to_string()),
                            None => Coords::from_json(e),
                        })
                        .collect(),
                ),
            },
            Json::Number(n) => Coords::Bad(n.as_f64().unwrap_or(f64::NAN).to_string()),
            Json::String(s) => Coords::Bad(short(&format!("\"{s}\""))),
            Json::Bool(b) => Coords::Bad(b.to_string()),
            Json::Null => Coords::Bad("null".to_owned()),
            Json::Object(_) => Coords::Bad("{…}".to_owned()),
        }
    }

    pub(crate) fn describe(&self) -> String {
        match self {
            Coords::Pos(c) => format!("[{}, {}]", c.x, c.y),
            Coords::List(_) => "[…]".to_owned(),
            Coords::Bad(s) => s.clone(),
        }
    }
}

fn short(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// One entry of a coordinate list: a number or anything else.
enum Elem {
    Num(f64),
    Coords(Coords),
}

struct ElemSeed;

impl<'de> DeserializeSeed<'de> for ElemSeed {
    type Value = Elem;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Elem, D::Error> {
        d.deserialize_any(ElemVisitor)
    }
}

struct ElemVisitor;

impl<'de> Visitor<'de> for ElemVisitor {
    type Value = Elem;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("Koordinaten")
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Elem, E> {
        Ok(Elem::Num(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Elem, E> {
        Ok(Elem::Num(v as f64))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Elem, E> {
        Ok(Elem::Num(v as f64))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Elem, E> {
        Ok(Elem::Coords(Coords::Bad(short(&format!("\"{v}\"")))))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Elem, E> {
        Ok(Elem::Coords(Coords::Bad(v.to_string())))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Elem, E> {
        Ok(Elem::Coords(Coords::Bad("null".to_owned())))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Elem, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Elem::Coords(Coords::Bad("{…}".to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Elem, A::Error> {
        let coords = match seq.next_element_seed(ElemSeed)? {
            None => Coords::List(Vec::new()),
            Some(Elem::Num(x)) => {
                // A position: numbers only, at least two.
                let (mut y, mut count, mut numbers_only) = (None, 1usize, true);
                while let Some(e) = seq.next_element_seed(ElemSeed)? {
                    match e {
                        Elem::Num(v) if count == 1 => y = Some(v),
                        Elem::Num(_) => {}
                        Elem::Coords(_) => numbers_only = false,
                    }
                    count += 1;
                }
                match (y, numbers_only) {
                    (Some(y), true) => Coords::Pos(Coord { x, y }),
                    _ => Coords::Bad(if count == 1 {
                        format!("[{x}]")
                    } else {
                        format!("[{x}, …]")
                    }),
                }
            }
            Some(Elem::Coords(first)) => {
                let mut items = vec![first];
                while let Some(e) = seq.next_element_seed(ElemSeed)? {
                    items.push(match e {
                        Elem::Num(v) => Coords::Bad(v.to_string()),
                        Elem::Coords(c) => c,
                    });
                }
                Coords::List(items)
            }
        };
        Ok(Elem::Coords(coords))
    }
}

/// A `geometry` member.
#[derive(Debug)]
pub(crate) enum GeometryParts {
    Null,
    /// Not a JSON object (a number, a list …).
    NotAnObject,
    Object {
        type_name: Option<String>,
        coordinates: Option<Coords>,
    },
}

impl GeometryParts {
    pub(crate) fn from_json(g: &Json) -> GeometryParts {
        match g {
            Json::Null => GeometryParts::Null,
            Json::Object(map) => GeometryParts::Object {
                type_name: map.get("type").and_then(Json::as_str).map(str::to_owned),
                coordinates: map.get("coordinates").map(Coords::from_json),
            },
            _ => GeometryParts::NotAnObject,
        }
    }
}

struct GeometrySeed;

impl<'de> DeserializeSeed<'de> for GeometrySeed {
    type Value = GeometryParts;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<GeometryParts, D::Error> {
        d.deserialize_any(GeometryVisitor)
    }
}

struct GeometryVisitor;

impl<'de> Visitor<'de> for GeometryVisitor {
    type Value = GeometryParts;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("eine Geometrie")
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<GeometryParts, E> {
        Ok(GeometryParts::Null)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<GeometryParts, E> {
        Ok(GeometryParts::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GeometryParts, A::Error> {
        let (mut type_name, mut coordinates) = (None, None);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => type_name = map.next_value::<Json>()?.as_str().map(str::to_owned),
                "coordinates" => {
                    coordinates = Some(match map.next_value_seed(ElemSeed)? {
                        Elem::Num(v) => Coords::Bad(v.to_string()),
                        Elem::Coords(c) => c,
                    })
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(GeometryParts::Object {
            type_name,
            coordinates,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GeometryParts, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(GeometryParts::NotAnObject)
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<GeometryParts, E> {
        Ok(GeometryParts::NotAnObject)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<GeometryParts, E> {
        Ok(GeometryParts::NotAnObject)
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<GeometryParts, E> {
        Ok(GeometryParts::NotAnObject)
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<GeometryParts, E> {
        Ok(GeometryParts::NotAnObject)
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<GeometryParts, E> {
        Ok(GeometryParts::NotAnObject)
    }
}

/// One entry of `features`.
#[derive(Debug)]
pub(crate) struct FeatureParts {
    /// `"type": "Feature"` was there.
    pub is_feature: bool,
    pub geometry: GeometryParts,
    pub props: Vec<(String, RawValue)>,
    /// Property names that came more than once (the last value is kept).
    pub duplicate_keys: Vec<String>,
}

impl FeatureParts {
    pub(crate) fn from_json(f: &Json) -> FeatureParts {
        FeatureParts {
            is_feature: f.get("type").and_then(Json::as_str) == Some("Feature"),
            geometry: GeometryParts::from_json(f.get("geometry").unwrap_or(&Json::Null)),
            props: match f.get("properties") {
                Some(Json::Object(map)) => {
                    map.iter().map(|(k, v)| (k.clone(), raw_value(v))).collect()
                }
                _ => Vec::new(),
            },
            // A JSON tree has already merged repeated names; nothing to tell.
            duplicate_keys: Vec::new(),
        }
    }
}

pub(crate) fn raw_value(v: &Json) -> RawValue {
    match v {
        Json::Null => RawValue::Null,
        Json::Bool(b) => RawValue::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(RawValue::Null, RawValue::Number),
        Json::String(s) => RawValue::Text(s.clone()),
        other => RawValue::Text(other.to_string()),
    }
}

pub(crate) struct FeatureSeed;

impl<'de> DeserializeSeed<'de> for FeatureSeed {
    type Value = FeatureParts;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<FeatureParts, D::Error> {
        d.deserialize_any(FeatureVisitor)
    }
}

struct FeatureVisitor;

impl FeatureVisitor {
    fn not_a_feature() -> FeatureParts {
        FeatureParts {
            is_feature: false,
            geometry: GeometryParts::Null,
            props: Vec::new(),
            duplicate_keys: Vec::new(),
        }
    }
}

impl<'de> Visitor<'de> for FeatureVisitor {
    type Value = FeatureParts;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("ein GeoJSON-Feature")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FeatureParts, A::Error> {
        let mut parts = FeatureVisitor::not_a_feature();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => {
                    parts.is_feature = map.next_value::<Json>()?.as_str() == Some("Feature");
                }
                "geometry" => parts.geometry = map.next_value_seed(GeometrySeed)?,
                "properties" => {
                    (parts.props, parts.duplicate_keys) = map.next_value_seed(PropsSeed)?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(parts)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FeatureParts, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<FeatureParts, E> {
        Ok(FeatureVisitor::not_a_feature())
    }
}

/// `properties`: an object becomes raw values (a repeated key keeps its last value, as JSON
/// readers do); anything else becomes no properties.
struct PropsSeed;

impl<'de> DeserializeSeed<'de> for PropsSeed {
    type Value = (Vec<(String, RawValue)>, Vec<String>);

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(PropsVisitor)
    }
}

struct PropsVisitor;

impl<'de> Visitor<'de> for PropsVisitor {
    type Value = (Vec<(String, RawValue)>, Vec<String>);

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("Eigenschaften")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: Vec<(String, RawValue)> = Vec::with_capacity(map.size_hint().unwrap_or(8));
        let mut repeated = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = raw_value(&map.next_value::<Json>()?);
            match out.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => {
                    slot.1 = value;
                    repeated.push(key);
                }
                None => out.push((key, value)),
            }
        }
        Ok((out, repeated))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok((Vec::new(), Vec::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> FeatureParts {
        let mut de = serde_json::Deserializer::from_str(text);
        FeatureSeed.deserialize(&mut de).expect("parses")
    }

    #[test]
    fn streamed_parts_equal_the_parts_from_a_json_tree() {
        for text in [
            r#"{"type":"Feature","properties":{"a":1,"b":"x","a":2},"geometry":{"type":"Polygon","coordinates":[[[8.6,50.1,3],[8.7,50.1],[8.7,50.2],[8.6,50.1]]]}}"#,
            r#"{"type":"Feature","properties":null,"geometry":null}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,"a"]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}"#,
            r#"{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[1,2],3,{"x":1}]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":[]}}"#,
            r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":"abc"}}"#,
            r#"{"type":"Feature","geometry":[1,2]}"#,
            r#"{"type":"Fe","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            r#"[1,2,3]"#,
        ] {
            let streamed = parse(text);
            let json: Json = serde_json::from_str(text).expect("json");
            let from_tree = FeatureParts::from_json(&json);
            assert_eq!(streamed.is_feature, from_tree.is_feature, "{text}");
            assert_eq!(
                format!("{:?}", streamed.geometry),
                format!("{:?}", from_tree.geometry),
                "{text}"
            );
            // The tree keeps the last of repeated keys in the first key's place; so do we.
            assert_eq!(streamed.props, from_tree.props, "{text}");
        }
    }

    #[test]
    fn a_position_keeps_x_and_y_and_drops_a_height() {
        let f = parse(
            r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[8.5,50.25,112.0]}}"#,
        );
        let GeometryParts::Object { coordinates, .. } = f.geometry else {
            panic!("geometry")
        };
        assert_eq!(coordinates, Some(Coords::Pos(Coord { x: 8.5, y: 50.25 })));
    }
}
