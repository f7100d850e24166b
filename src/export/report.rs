//! What a page layout says about itself: the blocks it placed (title, map frame, scale bar,
//! legend, foot …), the map labels with their boxes and leader lines, the facility symbols'
//! boxes. The layout fills it while drawing, from the same numbers it draws with, so a check
//! reads real geometry. [`layout_problems`] is that check: overlaps, anything leaving the
//! margins, text running out of its block, labels on symbols.

use super::font::text_box;
use super::scene::{Item, Page, Pt, Rect};

/// Tolerance of the checks (mm): a hundredth of a millimetre.
const EPS: f64 = 0.01;

/// The parts of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    /// "fiktive Beispieldaten" at the top.
    Badge,
    Map,
    ScaleBar,
    NorthArrow,
    Legend,
    Overview,
    /// The indicator table of a Steckbrief.
    Table,
    /// The text sections of a Steckbrief.
    Sections,
    Foot,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub rect: Rect,
}

/// A map label as placed: its box (halo included), the point it names and, when it had to
/// move away from it, the leader line from that point to the box.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    pub text: String,
    pub rect: Rect,
    pub anchor: Pt,
    pub leader: Option<[Pt; 2]>,
}

/// A facility symbol on the map (its box, stroke included).
#[derive(Debug, Clone, PartialEq)]
pub struct SymbolBox {
    pub name: String,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LayoutReport {
    /// The part of the page inside the margins.
    pub content: Option<Rect>,
    pub blocks: Vec<Block>,
    pub labels: Vec<PlacedLabel>,
    /// Names that found no free place and were left out.
    pub dropped_labels: Vec<String>,
    pub symbols: Vec<SymbolBox>,
}

impl LayoutReport {
    pub fn block(&mut self, kind: BlockKind, rect: Rect) {
        if rect.w > 0.0 && rect.h > 0.0 {
            self.blocks.push(Block { kind, rect });
        }
    }

    pub fn blocks_of(&self, kind: BlockKind) -> impl Iterator<Item = &Rect> {
        self.blocks
            .iter()
            .filter(move |b| b.kind == kind)
            .map(|b| &b.rect)
    }
}

/// Does the segment a–b pass through the rectangle?
pub fn segment_hits_rect(a: Pt, b: Pt, r: &Rect) -> bool {
    // Touching the rectangle in a single point is not passing through it.
    r.contains(a)
        || r.contains(b)
        || super::geom::clip_segment(a, b, r).is_some_and(|(p, q)| p != q)
}

/// Everything a Magistrat office would send back, as short technical sentences (for
/// tests and logs, in English): empty when the page is clean.
pub fn layout_problems(page: &Page) -> Vec<String> {
    let r = &page.report;
    let mut out = Vec::new();
    let paper = Rect {
        x: 0.0,
        y: 0.0,
        w: page.width_mm,
        h: page.height_mm,
    };
    let content = r.content.unwrap_or(paper);
    for b in &r.blocks {
        if !content.encloses(&b.rect, EPS) {
            out.push(format!(
                "{:?} {:?} leaves the margins {content:?}",
                b.kind, b.rect
            ));
        }
    }
    for (i, a) in r.blocks.iter().enumerate() {
        for b in &r.blocks[i + 1..] {
            if a.rect.grow(-EPS).overlaps(&b.rect) {
                out.push(format!("{:?} overlaps {:?}", a.kind, b.kind));
            }
        }
    }
    let maps: Vec<&Rect> = r.blocks_of(BlockKind::Map).collect();
    let in_map = |x: &Rect| maps.iter().any(|m| m.encloses(x, EPS));
    for s in &r.symbols {
        if !in_map(&s.rect) {
            out.push(format!(
                "symbol {} {:?} outside the map frame",
                s.name, s.rect
            ));
        }
    }
    for (i, l) in r.labels.iter().enumerate() {
        if !in_map(&l.rect) {
            out.push(format!("label {} outside the map frame", l.text));
        }
        for s in &r.symbols {
            if l.rect.overlaps(&s.rect) {
                out.push(format!("label {} on symbol {}", l.text, s.name));
            }
            if let Some([a, b]) = l.leader
                && segment_hits_rect(a, b, &s.rect)
            {
                out.push(format!("leader of {} crosses symbol {}", l.text, s.name));
            }
        }
        for o in &r.labels[i + 1..] {
            if l.rect.overlaps(&o.rect) {
                out.push(format!("label {} on label {}", l.text, o.text));
            }
        }
    }
    text_problems(page, &mut out);
    out
}

/// Every text lies in one block and no two texts overlap.
fn text_problems(page: &Page, out: &mut Vec<String>) {
    let boxes: Vec<(&str, Rect)> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                at,
                text,
                size,
                align,
                bold,
                ..
            } if !text.trim().is_empty() => Some((
                text.as_str(),
                text_box(*at, text, *size, *align, *bold, 0.0),
            )),
            _ => None,
        })
        .collect();
    for (text, b) in &boxes {
        if !page.report.blocks.iter().any(|k| k.rect.encloses(b, EPS)) {
            out.push(format!("text {text:?} {b:?} runs outside every block"));
        }
    }
    for (i, (ta, a)) in boxes.iter().enumerate() {
        for (tb, b) in &boxes[i + 1..] {
            if a.grow(-0.05).overlaps(b) {
                out.push(format!("text {ta:?} overlaps text {tb:?}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::scene::Align;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn a_segment_through_a_box_hits_it_and_one_beside_it_does_not() {
        let r = rect(10.0, 10.0, 4.0, 4.0);
        assert!(segment_hits_rect([0.0, 12.0], [20.0, 12.0], &r));
        assert!(segment_hits_rect([11.0, 11.0], [30.0, 30.0], &r));
        assert!(!segment_hits_rect([0.0, 0.0], [20.0, 5.0], &r));
        assert!(!segment_hits_rect([0.0, 20.0], [9.0, 14.5], &r));
    }

    #[test]
    fn a_clean_page_has_no_problems_and_each_fault_is_named() {
        let mut page = Page::new(100.0, 100.0);
        page.report.content = Some(rect(5.0, 5.0, 90.0, 90.0));
        page.report
            .block(BlockKind::Map, rect(5.0, 5.0, 60.0, 60.0));
        page.report
            .block(BlockKind::Legend, rect(70.0, 5.0, 25.0, 60.0));
        page.items.push(Item::Text {
            at: [72.0, 10.0],
            text: "Legende".to_owned(),
            size: 7.0,
            colour: [0, 0, 0, 255],
            align: Align::Left,
            bold: false,
            halo: None,
        });
        page.report.symbols.push(SymbolBox {
            name: "Büro".to_owned(),
            rect: rect(20.0, 20.0, 3.0, 3.0),
        });
        page.report.labels.push(PlacedLabel {
            text: "Bockenheim".to_owned(),
            rect: rect(30.0, 30.0, 10.0, 3.0),
            anchor: [21.5, 21.5],
            leader: Some([[24.0, 24.0], [30.0, 30.0]]),
        });
        assert_eq!(layout_problems(&page), Vec::<String>::new());

        let mut bad = page.clone();
        bad.report.labels[0].rect = rect(21.0, 21.0, 10.0, 3.0);
        bad.report
            .block(BlockKind::Foot, rect(60.0, 60.0, 40.0, 5.0));
        bad.items.push(Item::Text {
            at: [90.0, 20.0],
            text: "zu lang für die Legende".to_owned(),
            size: 7.0,
            colour: [0, 0, 0, 255],
            align: Align::Left,
            bold: false,
            halo: None,
        });
        let problems = layout_problems(&bad).join("\n");
        for wanted in [
            "label Bockenheim on symbol Büro",
            "Foot",
            "Map overlaps Foot",
            "runs outside every block",
        ] {
            assert!(problems.contains(wanted), "{wanted} missing in\n{problems}");
        }
    }
}
