//! Classification of indicator values into map classes (filled in by the classification work).
