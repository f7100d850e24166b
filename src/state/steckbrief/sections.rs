//! The Steckbrief's sections on the area's needs index (class, value, rank, contributions,
//! dynamics) and on its reach (nearest facility, distances, facilities within each radius),
//! worded in the page's language with its number format.

use crate::i18n::Words;
use crate::state::AppState;

/// A signed value with two decimals and a true minus sign: "+0,10", "−0,15".
fn signed(w: Words, v: f64) -> String {
    let s = w.fixed(v.abs(), 2);
    if v < 0.0 {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

impl AppState {
    pub(in crate::state) fn index_section(
        &self,
        row: usize,
        english: bool,
    ) -> Option<(String, Vec<String>)> {
        let w = Words::new(english);
        let th = self.analyses.thematic.as_ref()?;
        let ix = self
            .analyses
            .index
            .as_ref()
            .filter(|ix| ix.request.layer == th.layer)?;
        let r = &ix.result;
        let mut lines = Vec::new();
        let status = w.pick("Status-Index", "Status index");
        match (
            r.status_class.get(row).copied().flatten(),
            r.status.index.get(row).copied().flatten(),
        ) {
            (Some(c), Some(v)) => {
                let rank = ix.ranks.get(row).copied().flatten().unwrap_or(0);
                lines.push(format!(
                    "{status}: {} {} ({}; {} {} {} {})",
                    c.number(),
                    if english { c.label_en() } else { c.label_de() },
                    signed(w, v),
                    w.pick("Rang", "rank"),
                    w.number(rank as f64),
                    w.pick("von", "of"),
                    w.number(r.status.n_valid as f64),
                ));
                if let Some(contrib) = r.status.contributions(row, ix.settings()) {
                    let parts: Vec<String> = ix
                        .settings()
                        .indicators
                        .iter()
                        .zip(contrib)
                        .map(|(s, c)| {
                            format!("{} {}", self.labels.label(&s.field, english), signed(w, c))
                        })
                        .collect();
                    let head = w.pick("Beiträge", "Contributions");
                    lines.push(format!("{head}: {}", parts.join(", ")));
                }
            }
            _ => {
                let reason = r.status.validity.get(row).and_then(|v| v.as_ref().err());
                let reason = reason
                    .map(|e| {
                        if english {
                            e.reason_en()
                        } else {
                            e.reason_de()
                        }
                    })
                    .unwrap_or_default();
                let without = w.pick("ohne Zuordnung", "not assigned");
                lines.push(format!("{status}: {without} ({reason})"));
            }
        }
        if let Some(d) = r.dynamics_class.get(row).copied().flatten() {
            lines.push(format!(
                "{}: {}",
                w.pick("Dynamik", "Dynamics"),
                if english { d.label_en() } else { d.label_de() }
            ));
        }
        Some((w.pick("Sozialindex", "Social index").to_owned(), lines))
    }

    pub(in crate::state) fn reach_section(
        &self,
        row: usize,
        english: bool,
    ) -> Option<(String, Vec<String>)> {
        let w = Words::new(english);
        let th = self.analyses.thematic.as_ref()?;
        let r = self
            .analyses
            .reach
            .as_ref()
            .filter(|r| r.areas == th.layer)?;
        let a = r.current.get(row)?;
        let name = |i: usize| {
            if i < r.site_lonlat.len() {
                self.layer(r.facilities)
                    .map(|e| e.layer.feature_title(i))
                    .unwrap_or_default()
            } else {
                w.pick("angenommenes Büro", "assumed office").to_owned()
            }
        };
        let mut lines = Vec::new();
        if let (Some(f), Some(d)) = (a.nearest, a.dist_edge) {
            lines.push(format!(
                "{}: {} – {} {}",
                w.pick("Nächste Einrichtung", "Nearest facility"),
                name(f),
                w.metres(d),
                w.pick("vom Rand des Gebiets", "from the area's boundary"),
            ));
        }
        if let Some(d) = a.dist_rep {
            lines.push(format!(
                "{}: {}",
                w.pick("Von der Gebietsmitte", "From the area's centre"),
                w.metres(d)
            ));
        }
        for (radius, n) in r.settings.radii.iter().zip(&a.within) {
            lines.push(format!(
                "{} {}: {}",
                w.pick("Im Umkreis von", "Within"),
                w.metres(*radius),
                w.count(
                    *n,
                    w.pick("Einrichtung", "facility"),
                    w.pick("Einrichtungen", "facilities")
                ),
            ));
        }
        Some((w.pick("Erreichbarkeit", "Reach").to_owned(), lines))
    }
}
