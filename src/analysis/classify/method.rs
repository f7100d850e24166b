//! The classification [`Method`]s: their stable CLI names, German and English labels, and
//! which of them take a class count. Must not classify.

/// A classification method; see the module documentation for the exact definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Classes with (about) equal numbers of values; mapclassify `Quantiles`.
    Quantile,
    /// Classes of equal width between minimum and maximum; mapclassify `EqualInterval`.
    EqualInterval,
    /// Natural breaks minimising the within-class sum of squares; mapclassify `FisherJenks`.
    FisherJenks,
    /// Breaks at the mean ± 1 and 2 standard deviations; mapclassify `StdMean`.
    StdMean,
    /// GeoDa box map: outliers beyond 1.5 IQR and the quartiles; mapclassify `BoxPlot`.
    BoxPlot,
    /// GeoDa percentile map (1, 10, 50, 90, 99, 100 %); mapclassify `Percentiles`.
    Percentiles,
    /// Breaks given by the user; mapclassify `UserDefined`.
    Manual,
}

impl Method {
    /// All methods, in the order the user interface offers them.
    pub const ALL: [Method; 7] = [
        Method::Quantile,
        Method::EqualInterval,
        Method::FisherJenks,
        Method::StdMean,
        Method::BoxPlot,
        Method::Percentiles,
        Method::Manual,
    ];

    /// The name on the command line.
    pub fn cli_name(self) -> &'static str {
        match self {
            Method::Quantile => "quantile",
            Method::EqualInterval => "equal",
            Method::FisherJenks => "jenks",
            Method::StdMean => "sd",
            Method::BoxPlot => "box",
            Method::Percentiles => "percentile",
            Method::Manual => "manual",
        }
    }

    /// The method with this command-line name (exact, lower case).
    pub fn from_cli_name(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.cli_name() == s)
    }

    /// The German name shown in the user interface.
    pub fn label_de(self) -> &'static str {
        match self {
            Method::Quantile => "Quantile",
            Method::EqualInterval => "Gleiche Intervalle",
            Method::FisherJenks => "Natürliche Unterbrechungen (Fisher-Jenks)",
            Method::StdMean => "Standardabweichung",
            Method::BoxPlot => "Box-Map",
            Method::Percentiles => "Perzentil-Map",
            Method::Manual => "Manuelle Grenzen",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Method::Quantile => "Quantiles",
            Method::EqualInterval => "Equal intervals",
            Method::FisherJenks => "Natural breaks (Fisher-Jenks)",
            Method::StdMean => "Standard deviation",
            Method::BoxPlot => "Box map",
            Method::Percentiles => "Percentile map",
            Method::Manual => "Manual breaks",
        }
    }

    /// Whether the method takes a number of classes `k` (the others fix their classes).
    pub fn uses_k(self) -> bool {
        matches!(
            self,
            Method::Quantile | Method::EqualInterval | Method::FisherJenks
        )
    }
}
