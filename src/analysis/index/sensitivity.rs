//! Sensitivity of the index: recompute it with one indicator left out, or with one weight
//! changed, and list the areas whose status or dynamics class changes. This answers the
//! common criticism of composite indices ("would the ranking hold with other weights?").

use super::{
    DynamicsClass, IndexError, IndexInput, IndexResult, IndexSettings, StatusClass, compute,
};

/// One variation of the settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variation {
    /// The index without this indicator.
    LeaveOut(usize),
    /// The index with this indicator's weight changed.
    Weight { indicator: usize, weight: f64 },
}

impl Variation {
    /// "ohne Kinderarmut", "Gewicht Kinderarmut 2 statt 1"; `name` gives a field's label.
    pub fn label_de(&self, settings: &IndexSettings, name: &dyn Fn(&str) -> String) -> String {
        match *self {
            Variation::LeaveOut(k) => format!("ohne {}", field_name(settings, k, name)),
            Variation::Weight { indicator, weight } => format!(
                "Gewicht {} {} statt {}",
                field_name(settings, indicator, name),
                number_de(weight),
                number_de(settings.indicators.get(indicator).map_or(0.0, |s| s.weight)),
            ),
        }
    }

    pub fn label_en(&self, settings: &IndexSettings, name: &dyn Fn(&str) -> String) -> String {
        match *self {
            Variation::LeaveOut(k) => format!("without {}", field_name(settings, k, name)),
            Variation::Weight { indicator, weight } => format!(
                "weight of {} {} instead of {}",
                field_name(settings, indicator, name),
                weight,
                settings.indicators.get(indicator).map_or(0.0, |s| s.weight),
            ),
        }
    }
}

fn field_name(settings: &IndexSettings, k: usize, name: &dyn Fn(&str) -> String) -> String {
    settings
        .indicators
        .get(k)
        .map_or_else(|| format!("#{k}"), |s| name(&s.field))
}

fn number_de(v: f64) -> String {
    let s = format!("{v}");
    s.replace('.', ",")
}

/// An area whose class differs under a variation.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassChange {
    pub area: usize,
    /// (before, after) when the status class changed.
    pub status: Option<(Option<StatusClass>, Option<StatusClass>)>,
    /// (before, after) when the dynamics class changed.
    pub dynamics: Option<(Option<DynamicsClass>, Option<DynamicsClass>)>,
}

/// A variation and the areas it moves (or why it could not be computed).
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub variation: Variation,
    pub changes: Result<Vec<ClassChange>, IndexError>,
}

impl Scenario {
    pub fn status_changes(&self) -> usize {
        self.changes
            .as_ref()
            .map_or(0, |c| c.iter().filter(|c| c.status.is_some()).count())
    }

    pub fn dynamics_changes(&self) -> usize {
        self.changes
            .as_ref()
            .map_or(0, |c| c.iter().filter(|c| c.dynamics.is_some()).count())
    }
}

/// Leave each indicator out in turn (when there are at least two).
pub fn leave_one_out(settings: &IndexSettings) -> Vec<Variation> {
    if settings.indicators.len() < 2 {
        return Vec::new();
    }
    (0..settings.indicators.len())
        .map(Variation::LeaveOut)
        .collect()
}

/// The settings and input of a variation.
pub fn vary(
    input: &IndexInput,
    settings: &IndexSettings,
    variation: Variation,
) -> (IndexInput, IndexSettings) {
    let mut s = settings.clone();
    match variation {
        Variation::LeaveOut(k) => {
            let mut inp = input.clone();
            if k < s.indicators.len() {
                s.indicators.remove(k);
                if k < inp.status.len() {
                    inp.status.remove(k);
                }
                if let Some(d) = &mut inp.dynamics
                    && k < d.values.len()
                {
                    d.values.remove(k);
                }
            }
            (inp, s)
        }
        Variation::Weight { indicator, weight } => {
            if let Some(spec) = s.indicators.get_mut(indicator) {
                spec.weight = weight;
            }
            (input.clone(), s)
        }
    }
}

/// Compute each variation and compare its classes with `base`.
pub fn sensitivity(
    input: &IndexInput,
    settings: &IndexSettings,
    base: &IndexResult,
    variations: &[Variation],
) -> Vec<Scenario> {
    variations
        .iter()
        .map(|&variation| {
            let (inp, s) = vary(input, settings, variation);
            let changes = compute(&inp, &s).map(|r| compare(base, &r));
            Scenario { variation, changes }
        })
        .collect()
}

/// The areas whose classes differ between two results over the same areas.
pub fn compare(base: &IndexResult, other: &IndexResult) -> Vec<ClassChange> {
    (0..base.len())
        .filter_map(|area| {
            let s0 = base.status_class.get(area).copied().flatten();
            let s1 = other.status_class.get(area).copied().flatten();
            let d0 = base.dynamics_class.get(area).copied().flatten();
            let d1 = other.dynamics_class.get(area).copied().flatten();
            let status = (s0 != s1).then_some((s0, s1));
            let dynamics = (d0 != d1).then_some((d0, d1));
            (status.is_some() || dynamics.is_some()).then_some(ClassChange {
                area,
                status,
                dynamics,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::index::IndexSettings;

    fn input(keys: &[&str], status: Vec<Vec<Option<f64>>>) -> IndexInput {
        IndexInput {
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            has_row: vec![true; keys.len()],
            population: Vec::new(),
            status,
            dynamics: None,
        }
    }

    fn col(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().copied().map(Some).collect()
    }

    #[test]
    fn leaving_an_indicator_out_lists_the_areas_that_change_class() -> Result<(), IndexError> {
        let inp = input(
            &["a", "b", "c", "d", "e"],
            vec![
                col(&[1.0, 2.0, 3.0, 4.0, 5.0]),
                col(&[2.0, 1.0, 4.0, 3.0, 5.0]),
            ],
        );
        let s = IndexSettings::with_indicators(&["a", "b"]);
        let base = compute(&inp, &s)?;
        let mut variations = leave_one_out(&s);
        variations.push(Variation::Weight {
            indicator: 1,
            weight: 3.0,
        });
        let scenarios = sensitivity(&inp, &s, &base, &variations);
        assert_eq!(scenarios.len(), 3);
        // Without B the index is zA = (−1.26, −0.63, 0, 0.63, 1.26): a drops to "hoch".
        let without_b = scenarios[1].changes.clone()?;
        assert_eq!(without_b.len(), 1);
        assert_eq!(without_b[0].area, 0);
        assert_eq!(
            without_b[0].status,
            Some((Some(StatusClass::Mittel), Some(StatusClass::Hoch)))
        );
        // Without A the index is zB: b drops to "hoch".
        let without_a = scenarios[0].changes.clone()?;
        assert_eq!(
            without_a.iter().map(|c| c.area).collect::<Vec<_>>(),
            vec![1]
        );
        // Weight 3 on B: sums ∝ (A − 3) + 3 (B − 3) = (−5, −7, 3, 1, 8), sample sd √37, so the
        // index is (−0.82, −1.15, 0.49, 0.16, 1.32): only b changes, to "hoch".
        let w = scenarios[2].changes.clone()?;
        assert_eq!(w.iter().map(|c| c.area).collect::<Vec<_>>(), vec![1]);
        assert_eq!(scenarios[0].status_changes(), 1);
        let label = scenarios[2]
            .variation
            .label_de(&s, &|f: &str| f.to_uppercase());
        assert_eq!(label, "Gewicht B 3 statt 1");
        Ok(())
    }
}
