//! Language: the UI language ([`Lang`]), the window's fixed texts ([`Texts`]), the words and
//! number format of one language ([`Words`]: numbers, counts with singular or plural,
//! quotation marks, units, coordinates, dates) and texts made before the reader's language is
//! known ([`Bilingual`]: load reports, join reports, messages). The window and the exported
//! pages format through [`Words`], so a German screen and a German page write the same
//! "1.234,5", „Zitat“ and "1 Gebiet / 2 Gebiete".
//!
//! Pure: no egui, no files. The CLI is German-first and takes the German side of everything.

mod bilingual;
pub mod sources;
mod texts;
pub mod words;

pub use bilingual::Bilingual;
pub use texts::{DE, EN, Texts};
pub use words::{Noun, Words};

use crate::model::FacilityKind;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }

    /// The words and number format of this language.
    pub fn words(self) -> Words {
        Words::new(self == Lang::En)
    }

    pub fn is_english(self) -> bool {
        self == Lang::En
    }
}

/// The name of a facility kind in the language of `t` ("Nachbarschaftsbüro", "Kita" …).
pub fn facility_kind_name(kind: FacilityKind, t: &Texts) -> &'static str {
    match kind {
        FacilityKind::Nachbarschaftsbuero => t.kind_nachbarschaftsbuero,
        FacilityKind::Sozialrathaus => t.kind_sozialrathaus,
        FacilityKind::Haltestelle => t.kind_haltestelle,
        FacilityKind::Kita => t.kind_kita,
        FacilityKind::Familienzentrum => t.kind_familienzentrum,
        FacilityKind::Jugendhaus => t.kind_jugendhaus,
        FacilityKind::Seniorentreff => t.kind_seniorentreff,
        FacilityKind::Other => t.kind_other,
    }
}
