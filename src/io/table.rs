//! Indicator tables from CSV and XLSX (filled in by the table work).
