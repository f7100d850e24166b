//! The English wording of [`ClassifyError`] (its `Display` is German, for the CLI), so that a
//! window in English explains why no classes could be formed in English.

use super::{ClassifyError, MAX_CLASSES, MIN_CLASSES};
use crate::i18n::Bilingual;

impl ClassifyError {
    /// The message in English.
    pub fn english(&self) -> String {
        match self {
            ClassifyError::Empty => "No values to classify".to_owned(),
            ClassifyError::NonFinite { index, value } => format!(
                "Value no. {} is not a finite number ({value}); only finite values can be classified",
                index + 1
            ),
            ClassifyError::ClassCount(k) => format!(
                "The number of classes must lie between {MIN_CLASSES} and {MAX_CLASSES} (given: {k})"
            ),
            ClassifyError::AllEqual(v) => format!(
                "All values are equal ({v}); equal intervals need at least two different values"
            ),
            ClassifyError::TooFewDistinct { distinct, k } => format!(
                "Only {distinct} different values for {k} classes; natural breaks need at least as \
                 many different values as classes"
            ),
            ClassifyError::TooFewForStdDev => {
                "The standard deviation needs at least two values".to_owned()
            }
            ClassifyError::Overflow => {
                "The values are too large to compute class breaks".to_owned()
            }
            ClassifyError::NoManualBreaks => "No manual breaks given".to_owned(),
            ClassifyError::NonFiniteManual => "Manual breaks must be finite numbers".to_owned(),
            ClassifyError::ManualNotAscending => "Manual breaks must ascend".to_owned(),
            ClassifyError::TooManyManualClasses(n) => {
                format!("At most {MAX_CLASSES} classes are possible; the manual breaks give {n}")
            }
            ClassifyError::FisherJenks(e) => format!("Natural breaks could not be computed: {e}"),
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(self.to_string(), self.english())
    }
}
