//! ColorBrewer palettes for class maps, sampled from `colorous` (which ports the ColorBrewer
//! schemes of d3-scale-chromatic as smooth gradients). Also the fixed colours for
//! "keine Angabe" and "unterdrückt", so that screen and exports agree.

/// An RGB colour (no alpha: map fills are opaque, transparency is applied when drawing).
pub type Rgb = [u8; 3];

/// Areas without a value ("keine Angabe"): a light neutral grey.
pub const NO_DATA: Rgb = [224, 224, 224];
/// Areas whose value is withheld for privacy ("unterdrückt"): a mid grey, drawn hatched.
pub const SUPPRESSED: Rgb = [150, 150, 150];
/// The hatch lines over suppressed areas.
pub const SUPPRESSED_HATCH: Rgb = [90, 90, 90];

/// The Gesamtindex map: `[status class][dynamics class]`. Rows run from "hoch" (blue) over
/// "mittel" (sand) and "niedrig" (orange) to "sehr niedrig" (red); within a row "positiv" is
/// lighter and "negativ" darker (mixed in OKLab towards white and a dark brown), so darker
/// and redder always means more need.
pub const GESAMT_COLOURS: [[Rgb; 3]; 4] = [
    [[166, 202, 221], [91, 159, 192], [87, 111, 126]],
    [[246, 241, 219], [239, 230, 189], [172, 152, 123]],
    [[249, 203, 170], [240, 160, 96], [172, 109, 66]],
    [[231, 152, 139], [198, 60, 44], [146, 49, 34]],
];

/// The status classes alone (the middle column of [`GESAMT_COLOURS`]).
pub const STATUS_COLOURS: [Rgb; 4] = [
    GESAMT_COLOURS[0][1],
    GESAMT_COLOURS[1][1],
    GESAMT_COLOURS[2][1],
    GESAMT_COLOURS[3][1],
];

/// The dynamics classes alone: positiv blue, stabil sand, negativ red.
pub const DYNAMICS_COLOURS: [Rgb; 3] = [[91, 159, 192], [239, 230, 189], [198, 60, 44]];

pub fn dynamics_colour(d: crate::analysis::index::DynamicsClass) -> Rgb {
    DYNAMICS_COLOURS[d.index()]
}

/// Areas without an index class ("ohne Zuordnung").
pub const INDEX_WITHOUT_CLASS: Rgb = [200, 200, 200];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaletteKind {
    Sequential,
    Diverging,
}

/// The offered ColorBrewer schemes. All are colour-blind safe except where noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Palette {
    YlOrRd,
    OrRd,
    Reds,
    Purples,
    Blues,
    Greens,
    YlGnBu,
    PuBu,
    RdBu,
    PuOr,
    BrBG,
    PiYG,
    RdYlBu,
    Spectral,
}

impl Palette {
    pub const ALL: [Palette; 14] = [
        Palette::YlOrRd,
        Palette::OrRd,
        Palette::Reds,
        Palette::Purples,
        Palette::Blues,
        Palette::Greens,
        Palette::YlGnBu,
        Palette::PuBu,
        Palette::RdBu,
        Palette::PuOr,
        Palette::BrBG,
        Palette::PiYG,
        Palette::RdYlBu,
        Palette::Spectral,
    ];

    /// The default for rates: colour-blind safe, and clear of the orange and purple facility
    /// symbols drawn on top.
    pub const DEFAULT_SEQUENTIAL: Palette = Palette::YlGnBu;
    /// The default for classes around a centre (standard deviation, box map).
    pub const DEFAULT_DIVERGING: Palette = Palette::RdBu;

    /// The ColorBrewer name.
    pub fn name(self) -> &'static str {
        match self {
            Palette::YlOrRd => "YlOrRd",
            Palette::OrRd => "OrRd",
            Palette::Reds => "Reds",
            Palette::Purples => "Purples",
            Palette::Blues => "Blues",
            Palette::Greens => "Greens",
            Palette::YlGnBu => "YlGnBu",
            Palette::PuBu => "PuBu",
            Palette::RdBu => "RdBu",
            Palette::PuOr => "PuOr",
            Palette::BrBG => "BrBG",
            Palette::PiYG => "PiYG",
            Palette::RdYlBu => "RdYlBu",
            Palette::Spectral => "Spectral",
        }
    }

    pub fn from_name(name: &str) -> Option<Palette> {
        Palette::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    pub fn kind(self) -> PaletteKind {
        match self {
            Palette::RdBu
            | Palette::PuOr
            | Palette::BrBG
            | Palette::PiYG
            | Palette::RdYlBu
            | Palette::Spectral => PaletteKind::Diverging,
            _ => PaletteKind::Sequential,
        }
    }

    /// Whether ColorBrewer marks the scheme as safe for colour-blind readers.
    pub fn colour_blind_safe(self) -> bool {
        !matches!(self, Palette::Spectral)
    }

    fn gradient(self) -> colorous::Gradient {
        match self {
            Palette::YlOrRd => colorous::YELLOW_ORANGE_RED,
            Palette::OrRd => colorous::ORANGE_RED,
            Palette::Reds => colorous::REDS,
            Palette::Purples => colorous::PURPLES,
            Palette::Blues => colorous::BLUES,
            Palette::Greens => colorous::GREENS,
            Palette::YlGnBu => colorous::YELLOW_GREEN_BLUE,
            Palette::PuBu => colorous::PURPLE_BLUE,
            Palette::RdBu => colorous::RED_BLUE,
            Palette::PuOr => colorous::PURPLE_ORANGE,
            Palette::BrBG => colorous::BROWN_GREEN,
            Palette::PiYG => colorous::PINK_GREEN,
            Palette::RdYlBu => colorous::RED_YELLOW_BLUE,
            Palette::Spectral => colorous::SPECTRAL,
        }
    }

    /// `k` colours from light to dark (sequential) or from one end to the other (diverging).
    /// Sequential schemes skip their near-white start so the lowest class still reads as a
    /// fill on a light basemap. Diverging schemes run from the red/brown end to the blue/green
    /// end; `reversed` flips the order.
    pub fn colours(self, k: usize, reversed: bool) -> Vec<Rgb> {
        let (lo, hi) = match self.kind() {
            PaletteKind::Sequential => (0.12, 0.95),
            PaletteKind::Diverging => (0.02, 0.98),
        };
        let g = self.gradient();
        let mut out: Vec<Rgb> = (0..k)
            .map(|i| {
                let t = if k <= 1 {
                    (lo + hi) / 2.0
                } else {
                    lo + (hi - lo) * i as f64 / (k - 1) as f64
                };
                let c = g.eval_continuous(t);
                [c.r, c.g, c.b]
            })
            .collect();
        // d3's diverging schemes start at the "negative" colour (red/purple/brown); for
        // a class map where higher means more, flip them so high values get the warm end.
        if self.kind() == PaletteKind::Diverging {
            out.reverse();
        }
        if reversed {
            out.reverse();
        }
        out
    }
}

/// Relative luminance (0 dark … 1 light), to pick black or white text on a swatch.
pub fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_palettes_get_darker_class_by_class() {
        for p in Palette::ALL
            .into_iter()
            .filter(|p| p.kind() == PaletteKind::Sequential)
        {
            for k in 3..=9 {
                let c = p.colours(k, false);
                assert_eq!(c.len(), k);
                for w in c.windows(2) {
                    assert!(
                        luminance(w[0]) > luminance(w[1]),
                        "{} with {k} classes is not monotone",
                        p.name()
                    );
                }
            }
        }
    }

    #[test]
    fn reversing_flips_the_order() {
        let a = Palette::Blues.colours(5, false);
        let mut b = Palette::Blues.colours(5, true);
        b.reverse();
        assert_eq!(a, b);
    }

    #[test]
    fn diverging_palettes_put_the_warm_end_last() {
        let c = Palette::RdBu.colours(5, false);
        assert!(c[4][0] > c[4][2], "last class should be red: {:?}", c[4]);
        assert!(c[0][2] > c[0][0], "first class should be blue: {:?}", c[0]);
    }

    #[test]
    fn names_round_trip() {
        for p in Palette::ALL {
            assert_eq!(Palette::from_name(p.name()), Some(p));
        }
        assert_eq!(Palette::from_name("gibt es nicht"), None);
    }

    #[test]
    fn no_data_and_suppressed_are_distinct_from_each_other() {
        assert_ne!(NO_DATA, SUPPRESSED);
    }
}
