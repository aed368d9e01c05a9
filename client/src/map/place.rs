//! Where a box over the map goes (the legend): the spot along the map area's edges that hides
//! no land province as drawn and no province's label point (where its name, unit and centre
//! are drawn) when there is such a spot, and the least of the sea and the ground. Pure: tested
//! without a window.

use bevy::math::Vec2;

use super::View;
use super::layout::Layout;
use super::shape::Region;

/// A place for a box in screen points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub min: Vec2,
    pub size: Vec2,
    /// How much of the map it hides (drawn land cells count 1, sea cells 0.3, ground 0.05, a
    /// label point or land 10,000).
    pub cost: f32,
    /// Whether it hides a province's label point or any of a land province as drawn.
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

/// What hiding a province costs: more than any amount of sea and ground.
const HIDES: f32 = 10_000.0;

/// How far (cells) a province's drawn shape may reach past its cells: corners move up to
/// `shape::REACH` and the cuts stay between moved corners; a little more, to be sure.
const SPILL: f32 = super::shape::REACH + 0.08;

/// Step (points) of the spots tried along the map area's edges.
const STEP: f32 = 8.0;

/// The candidate spots of a box of `size` in the map area, best first when they cost the same:
/// the corners (top left last), the middles of the edges, then every `STEP` points along each
/// edge (so that a box can slide to where the map leaves room: below a wide map's coast, beside
/// a tall one).
fn candidates(view: &View, size: Vec2, margin: f32) -> Vec<Vec2> {
    let (lo, hi) = (
        view.area_min + Vec2::splat(margin),
        view.area_max - Vec2::splat(margin),
    );
    let (x0, x1) = (lo.x, (hi.x - size.x).max(lo.x));
    let (y0, y1) = (lo.y, (hi.y - size.y).max(lo.y));
    let (xm, ym) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut out = vec![
        Vec2::new(x1, y1),
        Vec2::new(x0, y1),
        Vec2::new(x1, y0),
        Vec2::new(x1, ym),
        Vec2::new(xm, y1),
        Vec2::new(x0, ym),
        Vec2::new(x0, y0),
    ];
    let steps = |a: f32, b: f32| {
        let n = ((b - a) / STEP).floor().max(0.0) as usize;
        (1..n).map(move |k| a + k as f32 * STEP)
    };
    for x in steps(x0, x1) {
        out.push(Vec2::new(x, y1));
        out.push(Vec2::new(x, y0));
    }
    for y in steps(y0, y1) {
        out.push(Vec2::new(x1, y));
        out.push(Vec2::new(x0, y));
    }
    out
}

/// Sums over rectangles of the grid in constant time (a summed-area table).
struct Sums {
    width: usize,
    height: usize,
    /// (width + 1) x (height + 1), row-major; entry (x, y) sums the cells left of x and above y.
    table: Vec<f32>,
}

impl Sums {
    fn new(width: usize, height: usize, value: impl Fn(usize) -> f32) -> Sums {
        let cw = width + 1;
        let mut table = vec![0.0; cw * (height + 1)];
        for y in 0..height {
            let mut row = 0.0;
            for x in 0..width {
                row += value(y * width + x);
                table[(y + 1) * cw + x + 1] = table[y * cw + x + 1] + row;
            }
        }
        Sums {
            width,
            height,
            table,
        }
    }

    /// The sum over the cells x in [x0, x1], y in [y0, y1] (inclusive, clipped to the grid).
    fn over(&self, x0: i64, y0: i64, x1: i64, y1: i64) -> f32 {
        let (x0, y0) = (x0.max(0), y0.max(0));
        let (x1, y1) = (
            x1.min(self.width as i64 - 1),
            y1.min(self.height as i64 - 1),
        );
        if x1 < x0 || y1 < y0 {
            return 0.0;
        }
        let cw = self.width + 1;
        let t = |x: i64, y: i64| self.table[y as usize * cw + x as usize];
        t(x1 + 1, y1 + 1) - t(x0, y1 + 1) - t(x1 + 1, y0) + t(x0, y0)
    }
}

/// The best spot for a box of `size` over the map as `view` shows it: none of a land province
/// drawn under it nor a label point near it when there is such a spot, and the least of the
/// rest of the map (sea, ground).
pub fn best_spot(
    layout: &Layout,
    is_sea: &dyn Fn(u16) -> bool,
    view: &View,
    size: Vec2,
    margin: f32,
) -> Spot {
    let regions = &layout.shapes.regions;
    // What each cell of the drawn map weighs when hidden, and where land is.
    let weight = Sums::new(layout.width, layout.height, |i| match regions[i] {
        Region::Province(p) if is_sea(p) => 0.3,
        Region::Province(_) => 1.0,
        Region::Ground => 0.05,
        Region::Off => 0.0,
    });
    let land = Sums::new(layout.width, layout.height, |i| match regions[i] {
        Region::Province(p) if !is_sea(p) => 1.0,
        _ => 0.0,
    });
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
        // The box in cells (x right, y down).
        let (c0, c1) = (view.screen_to_cell(min), view.screen_to_cell(min + size));
        // Cells whose centre it covers, for the cost; cells whose drawn shape it may touch,
        // for land.
        let hidden = weight.over(
            (c0.x - 0.5).ceil() as i64,
            (c0.y - 0.5).ceil() as i64,
            (c1.x - 0.5).floor() as i64,
            (c1.y - 0.5).floor() as i64,
        );
        let touches_land = land.over(
            (c0.x - 1.0 - SPILL).floor() as i64 + 1,
            (c0.y - 1.0 - SPILL).floor() as i64 + 1,
            (c1.x + SPILL).ceil() as i64 - 1,
            (c1.y + SPILL).ceil() as i64 - 1,
        ) > 0.0;
        let hides = touches_land || anchors.iter().any(|a| near.contains(*a));
        let top_left = min.x < (view.area_min.x + view.area_max.x) / 2.0 - size.x / 2.0
            && min.y < (view.area_min.y + view.area_max.y) / 2.0 - size.y / 2.0;
        let cost = hidden + if hides { HIDES } else { 0.0 } + if top_left { TOP_LEFT } else { 0.0 };
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

    /// The points of `spot` (every point, on the points' grid) where a land province is drawn.
    fn land_points(l: &Layout, sea: &dyn Fn(u16) -> bool, v: &View, spot: &Spot) -> usize {
        let mut n = 0;
        let (x0, y0) = (spot.min.x.floor() as i32, spot.min.y.floor() as i32);
        let (x1, y1) = (
            (spot.min.x + spot.size.x).ceil() as i32,
            (spot.min.y + spot.size.y).ceil() as i32,
        );
        for y in y0..=y1 {
            for x in x0..=x1 {
                let c = v.screen_to_cell(Vec2::new(x as f32, y as f32));
                if l.province_at(c.x, c.y).is_some_and(|p| !sea(p)) {
                    n += 1;
                }
            }
        }
        n
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
                let folded = best_spot(&l, &sea, &v, crate::ui::LEGEND_FOLDED, 10.0);
                println!(
                    "{name} at {w}x{h}: legend at {:?} size {:?} cost {} hides {}; folded at {:?} cost {}",
                    spot.min, spot.size, spot.cost, spot.hides_province, folded.min, folded.cost
                );
                // Where a spot is said to hide no land, no point of it shows land as drawn.
                for box_ in [spot, folded] {
                    if !box_.hides_province {
                        let land = land_points(&l, &sea, &v, &box_);
                        assert_eq!(land, 0, "{name} at {w}x{h}: {box_:?} covers land");
                    }
                }
                assert!(
                    !folded.hides_province,
                    "{name} at {w}x{h}: the folded legend hides land"
                );
                if open {
                    assert!(
                        !spot.hides_province,
                        "{name} at {w}x{h}: the legend at {:?} ({:?}) hides a province",
                        spot.min, spot.size
                    );
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
