//! A text in both languages. Load reports, join reports and messages are written when a file
//! is read, long before anyone knows in which language they will be read (the window can
//! switch at any time, the CLI prints German): so they keep both texts, and whoever shows one
//! picks the reader's.

use super::Lang;

/// The same statement in German and in English.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bilingual {
    pub de: String,
    pub en: String,
}

/// `bilingual!("{n} Objekte", "{n} features")`: both texts formatted with the same arguments.
#[macro_export]
macro_rules! bilingual {
    ($de:literal, $en:literal $(,)?) => {
        $crate::i18n::Bilingual::new(format!($de), format!($en))
    };
}

/// The German text: error types keep German messages for the CLI (`thiserror` formats their
/// details with this); the window always picks with [`Bilingual::get`].
impl std::fmt::Display for Bilingual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.de)
    }
}

impl Bilingual {
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            de: de.into(),
            en: en.into(),
        }
    }

    /// A text that reads the same in both languages: a name, a path, a detail from a library.
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            de: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        self.text(lang == Lang::En)
    }

    /// The English text when `english`, else the German one.
    pub fn text(&self, english: bool) -> &str {
        if english { &self.en } else { &self.de }
    }

    /// Both texts changed the same way (`f` gets the text and whether it is the English one):
    /// `m.map(|s, _| format!("{name}: {s}"))`.
    pub fn map(&self, f: impl Fn(&str, bool) -> String) -> Self {
        Self {
            de: f(&self.de, false),
            en: f(&self.en, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reader_gets_the_text_of_its_language() {
        let n = 3;
        let b = crate::bilingual!("{n} Objekte geladen", "{n} features loaded");
        assert_eq!(b.get(Lang::De), "3 Objekte geladen");
        assert_eq!(b.get(Lang::En), "3 features loaded");
        let named = b.map(|s, en| format!("{}: {s}", if en { "Layer" } else { "Ebene" }));
        assert_eq!(named.en, "Layer: 3 features loaded");
        assert_eq!(Bilingual::same("Nied").get(Lang::En), "Nied");
    }
}
