//! What the distances mean for planning: coverage within a radius (areas, residents, a target
//! group), facilities per 1,000 of a target group by Stadtteil, the list of areas with high
//! need and no facility nearby ("Wo fehlt ein Nachbarschaftsbüro?"), and what a hypothetical
//! facility changes against the real situation.
//!
//! An area counts as *covered* within R when its representative point is at most R from a
//! facility: the whole area's residents are counted then, since residents below area level are
//! not known.

use super::AreaReach;

/// Coverage within one radius.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub radius: f64,
    pub areas: usize,
    pub areas_covered: usize,
    pub residents: f64,
    pub residents_covered: f64,
    /// The target group (e.g. residents 65+), when a column for it is given.
    pub target: Option<(f64, f64)>,
}

impl Coverage {
    pub fn area_share(&self) -> Option<f64> {
        (self.areas > 0).then(|| self.areas_covered as f64 / self.areas as f64)
    }

    pub fn resident_share(&self) -> Option<f64> {
        (self.residents > 0.0).then(|| self.residents_covered / self.residents)
    }

    pub fn target_share(&self) -> Option<f64> {
        self.target
            .filter(|(total, _)| *total > 0.0)
            .map(|(total, covered)| covered / total)
    }
}

/// Whether an area is covered within `radius` (representative point within reach).
pub fn covered(r: &AreaReach, radius: f64) -> bool {
    r.dist_rep.is_some_and(|d| d <= radius)
}

/// Coverage of all areas within `radius`; missing residents count as 0.
pub fn coverage(
    reach: &[AreaReach],
    residents: &[Option<f64>],
    target: Option<&[Option<f64>]>,
    radius: f64,
) -> Coverage {
    let mut c = Coverage {
        radius,
        areas: reach.len(),
        areas_covered: 0,
        residents: 0.0,
        residents_covered: 0.0,
        target: target.map(|_| (0.0, 0.0)),
    };
    for (i, r) in reach.iter().enumerate() {
        let pop = residents.get(i).copied().flatten().unwrap_or(0.0);
        let tg = target
            .and_then(|t| t.get(i).copied().flatten())
            .unwrap_or(0.0);
        let inside = covered(r, radius);
        c.residents += pop;
        if let Some((total, cov)) = &mut c.target {
            *total += tg;
            if inside {
                *cov += tg;
            }
        }
        if inside {
            c.areas_covered += 1;
            c.residents_covered += pop;
        }
    }
    c
}

/// Facilities and target group of one group of areas (a Stadtteil).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSupply {
    pub name: String,
    pub facilities: usize,
    pub target: f64,
    /// Facilities per 1,000 of the target group (`None` without target group).
    pub per_1000: Option<f64>,
}

/// Facilities per 1,000 of a target group for groups of areas. `members`: the areas of each
/// group; `facility_area`: the area each facility lies in.
pub fn per_group(
    names: &[String],
    members: &[Vec<usize>],
    facility_area: &[Option<usize>],
    target: &[Option<f64>],
) -> Vec<GroupSupply> {
    let mut group_of = std::collections::HashMap::new();
    for (g, m) in members.iter().enumerate() {
        for &a in m {
            group_of.insert(a, g);
        }
    }
    let mut counts = vec![0usize; members.len()];
    for a in facility_area.iter().flatten() {
        if let Some(&g) = group_of.get(a) {
            counts[g] += 1;
        }
    }
    members
        .iter()
        .enumerate()
        .map(|(g, m)| {
            let t: f64 = m
                .iter()
                .filter_map(|&a| target.get(a).copied().flatten())
                .sum();
            GroupSupply {
                name: names.get(g).cloned().unwrap_or_default(),
                facilities: counts[g],
                target: t,
                per_1000: (t > 0.0).then(|| counts[g] as f64 / t * 1000.0),
            }
        })
        .collect()
}

/// The rule for "Wo fehlt ein Nachbarschaftsbüro?": areas with need whose nearest facility is
/// farther than `min_distance` metres (measured from the area's boundary).
#[derive(Debug, Clone, PartialEq)]
pub struct GapRule {
    pub min_distance: f64,
}

impl Default for GapRule {
    fn default() -> Self {
        Self {
            min_distance: 1000.0,
        }
    }
}

/// The areas with need (`need[i]`) and no facility within the rule's distance, ranked by need
/// score (highest first), then by distance (farthest first). Areas without any facility at all
/// count as infinitely far.
pub fn gaps(
    need: &[bool],
    score: &[Option<f64>],
    reach: &[AreaReach],
    rule: &GapRule,
) -> Vec<usize> {
    let mut list: Vec<usize> = (0..reach.len())
        .filter(|&i| need.get(i).copied().unwrap_or(false))
        .filter(|&i| reach[i].dist_edge.is_none_or(|d| d > rule.min_distance))
        .collect();
    list.sort_by(|&a, &b| {
        let (sa, sb) = (
            score.get(a).copied().flatten().unwrap_or(f64::NEG_INFINITY),
            score.get(b).copied().flatten().unwrap_or(f64::NEG_INFINITY),
        );
        let (da, db) = (
            reach[a].dist_edge.unwrap_or(f64::INFINITY),
            reach[b].dist_edge.unwrap_or(f64::INFINITY),
        );
        sb.total_cmp(&sa).then(db.total_cmp(&da)).then(a.cmp(&b))
    });
    list
}

/// What a hypothetical situation changes against the real one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Change {
    /// Areas covered within the radius now and not before, and their residents.
    pub newly_covered: Vec<usize>,
    pub residents_newly_covered: f64,
    /// Areas no longer covered (when a facility was moved away).
    pub no_longer_covered: Vec<usize>,
    /// Areas that leave the gap list, and that join it.
    pub left_list: Vec<usize>,
    pub joined_list: Vec<usize>,
}

/// Compare the hypothetical reach and gap list with the real ones.
pub fn change(
    before: &[AreaReach],
    after: &[AreaReach],
    residents: &[Option<f64>],
    radius: f64,
    gaps_before: &[usize],
    gaps_after: &[usize],
) -> Change {
    let mut c = Change::default();
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        match (covered(b, radius), covered(a, radius)) {
            (false, true) => {
                c.newly_covered.push(i);
                c.residents_newly_covered += residents.get(i).copied().flatten().unwrap_or(0.0);
            }
            (true, false) => c.no_longer_covered.push(i),
            _ => {}
        }
    }
    let after_set: std::collections::HashSet<usize> = gaps_after.iter().copied().collect();
    let before_set: std::collections::HashSet<usize> = gaps_before.iter().copied().collect();
    c.left_list = gaps_before
        .iter()
        .copied()
        .filter(|i| !after_set.contains(i))
        .collect();
    c.joined_list = gaps_after
        .iter()
        .copied()
        .filter(|i| !before_set.contains(i))
        .collect();
    c
}
