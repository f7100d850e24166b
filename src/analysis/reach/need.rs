//! Which areas have need, for the gap list ("Wo fehlt ein Nachbarschaftsbüro?"): a status
//! class of the needs index, or an indicator at least some value. The default without an
//! index is the indicator's top fifth. Pure domain rules; the application state only picks
//! the field and passes the values.

use crate::analysis::index::StatusClass;

/// The indicator whose top fifth has need when nothing else is mapped.
pub const DEFAULT_NEED_FIELD: &str = crate::model::conventions::SGB2_RATE_FIELD;

/// Which areas have need.
#[derive(Debug, Clone, PartialEq)]
pub enum NeedRule {
    /// Status class of the index at least this (niedrig: niedrig or sehr niedrig).
    Status(StatusClass),
    /// An indicator at least this value.
    Indicator { field: String, min: f64 },
}

impl NeedRule {
    /// The rule when an index is computed for the areas: "niedrig" or worse.
    pub fn from_index() -> Self {
        NeedRule::Status(StatusClass::Niedrig)
    }

    /// The areas in the top fifth of `field` (the value at the 80th position of the sorted
    /// known values and above; 0 without values).
    pub fn top_fifth(field: String, values: impl IntoIterator<Item = f64>) -> Self {
        let mut values: Vec<f64> = values.into_iter().collect();
        values.sort_by(f64::total_cmp);
        let min = values.get(values.len() * 4 / 5).copied().unwrap_or(0.0);
        NeedRule::Indicator { field, min }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_top_fifth_starts_at_the_eightieth_percent_of_the_sorted_values() {
        let rule = NeedRule::top_fifth("x".to_owned(), (1..=10).rev().map(f64::from));
        assert_eq!(
            rule,
            NeedRule::Indicator {
                field: "x".to_owned(),
                min: 9.0
            }
        );
        let empty = NeedRule::top_fifth("x".to_owned(), std::iter::empty());
        assert_eq!(
            empty,
            NeedRule::Indicator {
                field: "x".to_owned(),
                min: 0.0
            }
        );
    }
}
