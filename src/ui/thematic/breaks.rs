//! Manual class breaks as typed and shown: "5; 10,5; 20" on a German screen, "5; 10.5; 20" on
//! an English one.

use crate::i18n::{Bilingual, Words};

/// "5; 10,5; 20" → [5.0, 10.5, 20.0], numbers as the reader writes them; must ascend.
pub fn parse_breaks(text: &str, w: Words) -> Result<Vec<f64>, Bilingual> {
    let mut out = Vec::new();
    for part in text
        .split([';', ' ', '\t'])
        .filter(|p| !p.trim().is_empty())
    {
        let Some(v) = w.parse(part) else {
            let part = part.trim();
            return Err(crate::bilingual!(
                "„{part}“ ist keine Zahl.",
                "“{part}” is not a number."
            ));
        };
        out.push(v);
    }
    if out.is_empty() {
        return Err(Bilingual::new(
            "Mindestens eine Obergrenze angeben.",
            "Give at least one upper bound.",
        ));
    }
    if out.windows(2).any(|p| p[0] >= p[1]) {
        return Err(Bilingual::new(
            "Die Obergrenzen müssen aufsteigen.",
            "The upper bounds must ascend.",
        ));
    }
    Ok(out)
}

/// The breaks as the reader writes numbers, without thousands separators ("5; 10,5; 1500").
pub(super) fn breaks_text(b: &[f64], w: Words) -> String {
    b.iter()
        .map(|v| {
            let s = crate::model::value::format_number(*v, w.english);
            if w.english {
                s.replace(',', "")
            } else {
                s.replace('.', "")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_breaks_parse_the_readers_numbers_and_must_ascend() {
        let (de, en) = (Words::new(false), Words::new(true));
        assert_eq!(parse_breaks("5; 10,5; 20", de), Ok(vec![5.0, 10.5, 20.0]));
        assert_eq!(
            parse_breaks("5; 10.5; 1,500", en),
            Ok(vec![5.0, 10.5, 1500.0])
        );
        assert!(parse_breaks("5; 3", de).is_err());
        assert_eq!(
            parse_breaks("fünf", en).map_err(|e| e.en),
            Err("“fünf” is not a number.".to_owned())
        );
        assert!(parse_breaks("  ", de).is_err());
        assert_eq!(breaks_text(&[5.0, 10.5, 1500.0], de), "5; 10,5; 1500");
        assert_eq!(breaks_text(&[5.0, 10.5, 1500.0], en), "5; 10.5; 1500");
    }
}
