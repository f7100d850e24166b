//! Unit tests of `value`.

use super::*;

#[test]
fn german_and_english_numbers_parse() {
    assert_eq!(parse_number("12,5"), Some(12.5));
    assert_eq!(parse_number("1.234,5"), Some(1234.5));
    assert_eq!(parse_number("1,234.5"), Some(1234.5));
    assert_eq!(parse_number(" -3 "), Some(-3.0));
    assert_eq!(parse_number("4e3"), Some(4000.0));
}

#[test]
fn non_numbers_do_not_parse() {
    for s in ["", "n/a", "12 %", "1,2,3", "abc", "-", "NaN", "inf"] {
        assert_eq!(parse_number(s), None, "{s:?}");
    }
}

#[test]
fn identifiers_with_leading_zero_stay_text() {
    let a = RawValue::Text("01100101".into());
    let b = RawValue::Text("06412000".into());
    let (kind, values) = type_column("gemeinde", &[&a, &b]);
    assert_eq!(kind, FieldType::Text);
    assert_eq!(values[0], Value::Text("01100101".into()));
}

#[test]
fn a_key_column_of_digits_stays_text() {
    let a = RawValue::Text("14".into());
    let (kind, _) = type_column("stadtteil_nr", &[&a]);
    assert_eq!(kind, FieldType::Text);
    let (kind, _) = type_column("sr_id", &[&a]);
    assert_eq!(kind, FieldType::Text);
}

#[test]
fn decimal_comma_text_becomes_a_number_and_blanks_become_null() {
    let a = RawValue::Text("12,5".into());
    let b = RawValue::Text("".into());
    let c = RawValue::Number(3.0);
    let (kind, values) = type_column("sgb2_quote", &[&a, &b, &c]);
    assert_eq!(kind, FieldType::Number);
    assert_eq!(
        values,
        vec![Value::Number(12.5), Value::Null, Value::Number(3.0)]
    );
}

#[test]
fn a_mixed_column_becomes_text_without_losing_numbers() {
    let a = RawValue::Text("viel".into());
    let c = RawValue::Number(3.0);
    let (kind, values) = type_column("anmerkung", &[&a, &c]);
    assert_eq!(kind, FieldType::Text);
    assert_eq!(values[1], Value::Text("3".into()));
}

#[test]
fn an_all_null_column_is_empty() {
    let (kind, _) = type_column("x", &[&RawValue::Null]);
    assert_eq!(kind, FieldType::Empty);
    let (kind, _) = type_column("x", &[]);
    assert_eq!(kind, FieldType::Empty);
}

#[test]
fn german_number_format() {
    assert_eq!(format_number_de(1234.5), "1.234,5");
    assert_eq!(format_number_de(678691.0), "678.691");
    assert_eq!(format_number_de(-0.25), "-0,25");
    assert_eq!(format_number_de(0.0), "0");
    assert_eq!(format_number_de(12.0), "12");
    assert_eq!(format_number_de(1_000_000.0), "1.000.000");
    assert_eq!(format_number_de(f64::NAN), "keine Angabe");
}

#[test]
fn fixed_decimals_in_german_format() {
    assert_eq!(format_fixed_de(1234.5, 1), "1.234,5");
    assert_eq!(format_fixed_de(3.0, 1), "3,0");
    assert_eq!(format_fixed_de(-0.04, 1), "0,0");
    assert_eq!(format_fixed_de(-1234567.891, 2), "-1.234.567,89");
    assert_eq!(format_fixed_de(999.0, 0), "999");
    assert_eq!(format_fixed_de(f64::NAN, 1), "keine Angabe");
}

#[test]
fn numbers_follow_the_readers_language() {
    assert_eq!(format_fixed(1234.5, 1, false), "1.234,5");
    assert_eq!(format_fixed(1234.5, 1, true), "1,234.5");
    assert_eq!(format_number(0.25, true), "0.25");
    assert_eq!(format_number(f64::NAN, true), "n/a");
    assert_eq!(format_tick(20.0, 10.0, false), "20");
    assert_eq!(format_tick(0.5, 0.25, false), "0,50");
    assert_eq!(format_tick(0.5, 0.1, true), "0.5");
}
