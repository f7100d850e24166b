//! The English wording of [`TableError`] (its `Display` is German, for the CLI).

use super::TableError;
use crate::i18n::Bilingual;

impl TableError {
    /// The message in English.
    pub fn english(&self) -> String {
        match self {
            TableError::NotFound { path } => format!("File not found: {path}"),
            TableError::Io { source, path } => format!("Table cannot be read ({source}): {path}"),
            TableError::UnsupportedFormat { extension, path } => format!(
                "Table format “{extension}” is not supported – readable are CSV (.csv, .txt, \
                 .tsv) and spreadsheets (.xlsx, .xlsm, .xls, .ods): {path}"
            ),
            TableError::Empty { path } => format!("Table is empty: {path}"),
            TableError::HeaderOnly { path } => {
                format!("Table has only a header line and no data rows: {path}")
            }
            TableError::Binary { path } => format!(
                "File is not a text table, it holds binary data (perhaps an Excel file with the \
                 wrong extension?): {path}"
            ),
            TableError::Csv { source, path } => {
                format!("CSV table cannot be read ({source}): {path}")
            }
            TableError::Spreadsheet { source, path } => {
                format!("Spreadsheet cannot be read ({source}): {path}")
            }
            TableError::NoSheetWithData { path } => format!("No sheet holds data: {path}"),
            TableError::TooLarge { detail, path } => {
                format!("Spreadsheet not read: {}: {path}", detail.en)
            }
            TableError::Damaged { path } => format!(
                "Spreadsheet is damaged and cannot be read (a record does not match its \
                 format): {path}"
            ),
            TableError::NotASpreadsheet { path } => format!(
                "File is not a spreadsheet (neither XLSX/ODS nor XLS) – perhaps a CSV or HTML \
                 file with the wrong extension?: {path}"
            ),
        }
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(self.to_string(), self.english())
    }
}
