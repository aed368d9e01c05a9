//! Where a box over the map goes (the legend): the spot along the map area's edges that hides
//! the least of the map, and none of a province's label point (where its name, unit and centre
//! are drawn) when there is such a spot. Pure: tested without a window.

use bevy::math::Vec2;

use super::View;
use super::layout::Layout;

/// A place for a box in screen points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub min: Vec2,
    pub size: Vec2,
    /// How much of the map it hides (land cells count 1, sea cells 0.3, a label point 10,000).
    pub cost: f32,
    /// Whether it hides a province's label point.
    pub hides_province: bool,
}

impl Spot {
    pub fn contains(&self, p: Vec2) -> bool {
        p.x >= self.min.x
            && p.y >= self.min.y
            && p.x <= self.min.x + self.size.x
            && p.y <= self.min.y + self.size.y
    }
}

/// How close (points) to a label point a box may come: the unit drawn there is about this big.
pub const CLEARANCE: f32 = 16.0;

/// What a spot at the top left costs more: the order prompt and the results banner are there.
const TOP_LEFT: f32 = 5_000.0;

/// The candidate spots of a box of `size` in the map area, best first when they cost the same:
/// the corners (top left last), then the middles of the edges.
fn candidates(view: &View, size: Vec2, margin: f32) -> Vec<Vec2> {
    let (lo, hi) = (
        view.area_min + Vec2::splat(margin),
        view.area_max - Vec2::splat(margin),
    );
    let (x0, x1) = (lo.x, hi.x - size.x);
    let (y0, y1) = (lo.y, hi.y - size.y);
    let (xm, ym) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    vec![
        Vec2::new(x1, y1),
        Vec2::new(x0, y1),
        Vec2::new(x1, y0),
        Vec2::new(x1, ym),
        Vec2::new(xm, y1),
        Vec2::new(x0, ym),
        Vec2::new(x0, y0),
    ]
}

/// The best spot for a box of `size` over the map as `view` shows it.
pub fn best_spot(
    layout: &Layout,
    is_sea: &dyn Fn(u16) -> bool,
    view: &View,
    size: Vec2,
    margin: f32,
) -> Spot {
    let cells: Vec<(Vec2, f32)> = layout
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let p = (*c)?;
            let at = Vec2::new(
                (i % layout.width) as f32 + 0.5,
                (i / layout.width) as f32 + 0.5,
            );
            Some((view.cell_to_screen(at), if is_sea(p) { 0.3 } else { 1.0 }))
        })
        .collect();
    let anchors: Vec<Vec2> = layout
        .anchors
        .iter()
        .zip(&layout.area)
        .filter(|(_, n)| **n > 0)
        .map(|(a, _)| view.cell_to_screen(Vec2::new(a[0], a[1])))
        .collect();
    let mut best: Option<Spot> = None;
    for min in candidates(view, size, margin) {
        let spot = Spot {
            min,
            size,
            cost: 0.0,
            hides_province: false,
        };
        let near = Spot {
            min: min - Vec2::splat(CLEARANCE),
            size: size + Vec2::splat(CLEARANCE * 2.0),
            ..spot
        };
        let hides = anchors.iter().any(|a| near.contains(*a));
        let top_left = min.x < (view.area_min.x + view.area_max.x) / 2.0 - size.x / 2.0
            && min.y < (view.area_min.y + view.area_max.y) / 2.0 - size.y / 2.0;
        let cost = cells
            .iter()
            .filter(|(p, _)| spot.contains(*p))
            .map(|(_, w)| w)
            .sum::<f32>()
            + if hides { 10_000.0 } else { 0.0 }
            + if top_left { TOP_LEFT } else { 0.0 };
        if best.is_none_or(|b| cost < b.cost) {
            best = Some(Spot {
                cost,
                hides_province: hides,
                ..spot
            });
        }
    }
    best.expect("there is always a candidate")
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_shared::map::ProvinceId;
    use entente_shared::scenario::Scenario;

    /// The map area of a window of `w` x `h` points: the side panel on the left, the status bar
    /// above and the notices below (as the screens lay them out).
    fn fitted(layout: &Layout, w: f32, h: f32) -> View {
        let mut v = View {
            area_min: Vec2::new(crate::ui::SIDE_WIDTH + 8.0, 30.0),
            area_max: Vec2::new(w, h - 44.0),
            window: Vec2::new(w, h),
            ..View::default()
        };
        v.fit(layout);
        v
    }

    #[test]
    fn the_legend_hides_no_province_on_the_bundled_maps_at_common_window_sizes() {
        for (name, states) in [("classic", 7usize), ("balkans-1912", 13)] {
            let s = Scenario::load(name).unwrap();
            let l = Layout::of(&s);
            let sea = |p: u16| s.map.is_sea(ProvinceId(p));
            // Open at the sizes the game is played at; folded to its title (which hides
            // nothing either) on a small screen.
            for (w, h, open) in [
                (1400.0, 900.0, true),
                (1600.0, 1000.0, true),
                (1920.0, 1080.0, true),
                (1280.0, 800.0, false),
                (1024.0, 700.0, false),
            ] {
                let v = fitted(&l, w, h);
                let width = crate::ui::legend_width(s.states.iter().map(|st| st.name.as_str()));
                let spot = crate::ui::legend_spot(&l, &sea, &v, states + 3, width);
                if open {
                    assert!(
                        !spot.hides_province,
                        "{name} at {w}x{h}: the legend at {:?} ({:?}) hides a province",
                        spot.min, spot.size
                    );
                } else if spot.hides_province {
                    let folded = best_spot(&l, &sea, &v, crate::ui::LEGEND_FOLDED, 10.0);
                    assert!(!folded.hides_province, "{name} at {w}x{h}: even folded");
                }
            }
        }
    }

    #[test]
    fn a_box_that_must_hide_something_says_so() {
        let s = Scenario::load("classic").unwrap();
        let l = Layout::of(&s);
        let sea = |p: u16| s.map.is_sea(ProvinceId(p));
        let v = fitted(&l, 1400.0, 900.0);
        // As big as the map area: it cannot help hiding provinces.
        let size = v.area_max - v.area_min - Vec2::splat(20.0);
        let spot = best_spot(&l, &sea, &v, size, 10.0);
        assert!(spot.hides_province);
        assert!(spot.cost >= 10_000.0);
    }
}
