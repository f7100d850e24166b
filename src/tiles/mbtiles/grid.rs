//! Tile-grid arithmetic at the SQL boundary: an XYZ [`TileKey`]'s TMS row (rows count from the
//! south in MBTiles) and the lon/lat extent of a block of TMS columns and rows. Pure.

use super::MAX_ZOOM;
use crate::tiles::{TileKey, tile_corner};

/// The TMS row of an XYZ key, or `None` when the key lies outside the tile grid.
pub(super) fn tms_row(key: TileKey) -> Option<i64> {
    if key.z > MAX_ZOOM {
        return None;
    }
    let n = 1_u64 << key.z;
    let (x, y) = (u64::from(key.x), u64::from(key.y));
    (x < n && y < n).then(|| (n - 1 - y) as i64)
}

/// West, south, east, north of the tiles columns `col0..=col1`, TMS rows `row0..=row1`.
pub(super) fn tile_extent(z: u8, col0: i64, col1: i64, row0: i64, row1: i64) -> Option<[f64; 4]> {
    let n = 1_i64 << z;
    let valid = |v: i64| (0..n).contains(&v);
    if !(valid(col0) && valid(col1) && valid(row0) && valid(row1)) {
        return None;
    }
    // TMS row r is XYZ row n − 1 − r: the highest TMS row is the northernmost.
    let y_north = u32::try_from(n - 1 - row1).ok()?;
    let y_south_edge = u32::try_from(n - row0).ok()?;
    let (west, north) = tile_corner(u32::try_from(col0).ok()?, y_north, z);
    let (east, south) = tile_corner(u32::try_from(col1 + 1).ok()?, y_south_edge, z);
    Some([west, south, east, north])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xyz_rows_flip_to_tms_rows() {
        let key = |z, x, y| TileKey { z, x, y };
        assert_eq!(tms_row(key(0, 0, 0)), Some(0));
        assert_eq!(tms_row(key(1, 0, 0)), Some(1));
        assert_eq!(tms_row(key(1, 1, 1)), Some(0));
        // Frankfurt at z 12: XYZ row 1387 is TMS row 4096 − 1 − 1387 = 2708.
        assert_eq!(tms_row(key(12, 2146, 1387)), Some(2708));
        assert_eq!(tms_row(key(32, u32::MAX, 0)), Some(i64::from(u32::MAX)));
    }

    #[test]
    fn keys_outside_the_grid_have_no_row() {
        assert_eq!(tms_row(TileKey { z: 0, x: 1, y: 0 }), None);
        assert_eq!(tms_row(TileKey { z: 3, x: 0, y: 8 }), None);
        assert_eq!(tms_row(TileKey { z: 33, x: 0, y: 0 }), None);
    }

    #[test]
    fn tile_extent_of_the_whole_world_at_zoom_zero() {
        let b = tile_extent(0, 0, 0, 0, 0).unwrap_or_default();
        assert!((b[0] + 180.0).abs() < 1e-9 && (b[2] - 180.0).abs() < 1e-9);
        assert!((b[1] + 85.051_128_78).abs() < 1e-6 && (b[3] - 85.051_128_78).abs() < 1e-6);
        assert_eq!(tile_extent(1, 0, 2, 0, 0), None);
    }
}
