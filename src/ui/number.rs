//! Number inputs in the reader's format: a weight reads "1,00" on a German screen and "1.00"
//! on an English one, and a typed "0,5" or "1.234,5" is understood there (see
//! [`Words::parse`]). Every `DragValue` of the window goes through [`localised`], so no input
//! shows the other language's decimal separator.

use egui::DragValue;

use crate::i18n::{Lang, Words};

/// `drag` showing and reading numbers the way `lang` writes them. Input fields group no
/// thousands ("12500"), which keeps typing and editing simple.
pub fn localised(drag: DragValue<'_>, lang: Lang) -> DragValue<'_> {
    let w = lang.words();
    drag.custom_formatter(move |n, decimals| shown(n, decimals, w))
        .custom_parser(move |text| w.parse(text))
}

/// What a number input shows: as few decimals from `decimals` as the value needs.
fn shown(n: f64, decimals: std::ops::RangeInclusive<usize>, w: Words) -> String {
    let s = egui::emath::format_with_decimals_in_range(n, decimals);
    if w.english { s } else { s.replace('.', ",") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_show_the_readers_decimal_separator() {
        let (de, en) = (Words::new(false), Words::new(true));
        assert_eq!(shown(1.0, 2..=2, de), "1,00");
        assert_eq!(shown(1.0, 2..=2, en), "1.00");
        assert_eq!(shown(12500.0, 0..=0, de), "12500");
        assert_eq!(shown(-0.5, 1..=1, de), "-0,5");
    }
}
