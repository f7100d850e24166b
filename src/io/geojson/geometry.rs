//! The geometry of a streamed GeoJSON feature: its `coordinates` as a compact tree of positions
//! and its `geometry` member, each accepting any JSON value.

use geo::Coord;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

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

pub(super) struct GeometrySeed;

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
