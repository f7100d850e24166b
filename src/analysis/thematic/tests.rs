use super::*;
use crate::i18n::Words;
use crate::model::{Field, FieldType, Schema, Value};

fn view(values: &[Option<f64>], pops: &[f64], method: Method, k: usize) -> ThematicView {
    let schema = Schema {
        fields: vec![
            Field {
                name: "einwohner".into(),
                kind: FieldType::Number,
            },
            Field {
                name: "x".into(),
                kind: FieldType::Number,
            },
        ],
    };
    let rows = values
        .iter()
        .zip(pops)
        .map(|(v, p)| vec![Value::Number(*p), v.map_or(Value::Null, Value::Number)])
        .collect();
    let n = values.len();
    let mut s = ThematicSettings::new("x", None);
    s.method = method;
    s.k = k;
    build_view(
        LevelRows {
            table: AreaTable::new(schema, rows),
            titles: (0..n).map(|i| format!("G{i}")).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
            notes: Vec::new(),
        },
        &FieldLabels::built_in(),
        &s,
    )
}

#[test]
fn the_legend_counts_areas_and_residents_per_class_and_names_missing_and_suppressed() {
    let v = view(
        &[Some(1.0), Some(2.0), Some(3.0), Some(4.0), None, Some(9.0)],
        &[1000.0, 2000.0, 3000.0, 4000.0, 500.0, 100.0],
        Method::Quantile,
        3,
    );
    let classes: usize = v
        .legend
        .iter()
        .filter(|r| matches!(r.kind, LegendKind::Class(_)))
        .map(|r| r.areas)
        .sum();
    assert_eq!(classes, 4);
    let missing = v
        .legend
        .iter()
        .find(|r| r.kind == LegendKind::NoData)
        .unwrap();
    assert_eq!((missing.areas, missing.residents), (1, Some(500.0)));
    let hidden = v
        .legend
        .iter()
        .find(|r| r.kind == LegendKind::Suppressed)
        .unwrap();
    assert_eq!((hidden.areas, hidden.residents), (1, Some(100.0)));
    let total: f64 = v.legend.iter().filter_map(|r| r.residents).sum();
    assert_eq!(total, 10_600.0);
    assert_eq!(v.colour(5), SUPPRESSED);
    assert_eq!(v.colour(4), NO_DATA);
}

#[test]
fn legend_ranges_follow_the_bins_in_the_readers_language() {
    let v = view(
        &[Some(1.25), Some(2.5), Some(1234.5)],
        &[1000.0; 3],
        Method::EqualInterval,
        3,
    );
    let (de, en) = (Words::new(false), Words::new(true));
    let label = |i: usize, w| v.legend_label(&v.legend[i], w);
    assert!(label(0, de).starts_with("1,2 – "), "{}", label(0, de));
    assert!(label(2, de).ends_with("1.234,5"), "{}", label(2, de));
    assert!(label(1, de).starts_with("> "), "{}", label(1, de));
    assert!(label(0, en).starts_with("1.2 – "), "{}", label(0, en));
    assert!(label(2, en).ends_with("1,234.5"), "{}", label(2, en));
}

#[test]
fn named_classes_and_units_are_worded_per_language() {
    let mut v = view(
        &[
            Some(1.0),
            Some(2.0),
            Some(3.0),
            Some(4.0),
            Some(5.0),
            Some(90.0),
        ],
        &[1000.0; 6],
        Method::BoxPlot,
        6,
    );
    v.unit = "m² je EW".to_owned();
    let (de, en) = (Words::new(false), Words::new(true));
    let last = v
        .legend
        .iter()
        .rfind(|r| matches!(r.kind, LegendKind::Class(_)))
        .unwrap();
    assert!(v.legend_label(last, de).starts_with("Ausreißer oben ("));
    assert!(v.legend_label(last, de).ends_with(" m² je EW)"));
    assert!(v.legend_label(last, en).starts_with("upper outliers ("));
    assert!(v.legend_label(last, en).ends_with(" m² per resident)"));
    v.unit = "Personen".to_owned();
    assert!(
        !v.class_label(1, en).contains("persons"),
        "counts go without unit"
    );
}

#[test]
fn no_values_give_no_classes_and_a_note() {
    let v = view(&[None, None], &[1000.0, 1000.0], Method::Quantile, 5);
    assert!(v.classification.is_none());
    assert!(!v.notes.is_empty());
    assert_eq!(v.colour(0), NO_DATA);
}
