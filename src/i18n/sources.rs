//! Attribution lines of the data the app ships itself, in both languages (the window's
//! footer and the exported pages name the same sources).

/// The attribution of the context layer.
pub const CONTEXT_ATTRIBUTION: &str =
    "Kreise: © GeoBasis-DE / BKG 2013 (Daten verändert), dl-de/by-2-0";
/// The same in English.
const CONTEXT_ATTRIBUTION_EN: &str =
    "Counties: © GeoBasis-DE / BKG 2013 (data modified), dl-de/by-2-0";

/// The attribution of the context layer in the reader's language.
pub fn context_attribution(english: bool) -> &'static str {
    if english {
        CONTEXT_ATTRIBUTION_EN
    } else {
        CONTEXT_ATTRIBUTION
    }
}
