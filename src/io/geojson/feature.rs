//! The parts of a GeoJSON feature as the streaming reader takes them from the parser: the
//! coordinates go straight into a compact tree of positions (no JSON tree per number), the
//! properties straight into raw values. Every part accepts any JSON value, so a wrong type
//! inside one feature makes that feature invalid, never the whole file.

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use crate::model::value::RawValue;

use super::geometry::{GeometryParts, GeometrySeed};

/// One entry of `features`.
#[derive(Debug)]
pub(crate) struct FeatureParts {
    /// `"type": "Feature"` was there.
    pub is_feature: bool,
    pub geometry: GeometryParts,
    pub props: Vec<(String, RawValue)>,
    /// Property names that came more than once (the last value is kept).
    pub duplicate_keys: Vec<String>,
    /// Members of the feature itself that came more than once (`geometry`, `properties`,
    /// `type`): which one was meant cannot be known, so such a feature is not read.
    pub repeated_members: Vec<&'static str>,
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
            repeated_members: Vec::new(),
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
            repeated_members: Vec::new(),
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
        let mut seen = [false; 3];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if let Some(i) = ["type", "geometry", "properties"]
                .iter()
                .position(|m| *m == key.as_ref())
            {
                if seen[i] {
                    parts
                        .repeated_members
                        .push(["type", "geometry", "properties"][i]);
                }
                seen[i] = true;
            }
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
        // Few properties: a scan is fastest. Many (a hostile file with 100,000): a hash index,
        // so the duplicate check stays linear.
        let mut index: Option<std::collections::HashMap<String, usize>> = None;
        while let Some(key) = map.next_key::<String>()? {
            let value = raw_value(&map.next_value::<Json>()?);
            if index.is_none() && out.len() >= 32 {
                index = Some(
                    out.iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect(),
                );
            }
            let found = match &index {
                Some(index) => index.get(&key).copied(),
                None => out.iter().position(|(k, _)| *k == key),
            };
            match found {
                Some(i) => {
                    out[i].1 = value;
                    repeated.push(key);
                }
                None => {
                    if let Some(index) = &mut index {
                        index.insert(key.clone(), out.len());
                    }
                    out.push((key, value));
                }
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
    use crate::io::geojson::geometry::Coords;
    use geo::Coord;

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
