//! A shapefile from memory (`.shp` with optional `.shx`, `.dbf`, `.prj`, `.cpg`), then
//! built. Must never panic, hang or run out of memory,
//! and whatever loads has valid lon/lat coordinates.
//!
//! Input layout: one flag byte (bit 0: `.shx`, 1: `.dbf`, 2: `.prj`, 3: `.cpg` present), then
//! the `.shp` and each present part in that order, each as a little-endian `u32` length and
//! that many bytes (a length beyond the end of the input takes what is left).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sozialatlas::crs::is_valid_lonlat;
use sozialatlas::io::shapefile::{ShapefileBytes, read_bytes};
use sozialatlas::io::{Cancel, build::build};

fn take<'a>(data: &mut &'a [u8]) -> &'a [u8] {
    let Some((len, rest)) = data.split_first_chunk::<4>() else {
        let all = *data;
        *data = &[];
        return all;
    };
    let len = (u32::from_le_bytes(*len) as usize).min(rest.len());
    let (part, rest) = rest.split_at(len);
    *data = rest;
    part
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let shp = take(&mut rest);
    let mut part = |bit: u8| (flags & (1 << bit) != 0).then(|| take(&mut rest));
    let files = ShapefileBytes {
        shp,
        shx: part(0),
        dbf: part(1),
        prj: part(2),
        cpg: part(3),
    };
    if let Ok(raw) = read_bytes(files, "fuzz.shp", "fuzz")
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
