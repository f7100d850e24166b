//! CSV bytes read as a point layer, then built. Must never panic, hang or run out of memory,
//! and whatever loads has valid lon/lat coordinates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::crs::is_valid_lonlat;
use sozialatlas::io::{Cancel, build::build, csv_points::read_bytes};

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = read_bytes(data, "fuzz.csv", "fuzz")
        && let Ok(loaded) = build(raw, &Cancel::default())
    {
        // Whatever loads lies on the globe: coordinates that cannot be lon/lat never pass.
        if let Some(b) = loaded.layer.bbox() {
            assert!(
                is_valid_lonlat(b[0], b[1]) && is_valid_lonlat(b[2], b[3]),
                "{b:?}"
            );
        }
    }
});
