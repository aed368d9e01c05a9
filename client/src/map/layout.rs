//! Where provinces are drawn, pure: the scenario's painted cells, or for a scenario without
//! shapes, a deterministic force layout of the province graph rasterised into cells; and the
//! smooth shapes drawn from those cells (`shape`). Picking a province under the cursor looks
//! at the drawn shapes, so that a click goes to the province drawn where it lands.

use std::collections::VecDeque;

use entente_shared::map::ProvinceId;
use entente_shared::scenario::Scenario;
use entente_shared::scenario::format::OFF_MAP;

use super::shape::{self, Region, Shapes};

/// The cells of the map, row 0 at the top.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: usize,
    pub height: usize,
    /// The province painted in each cell, row-major.
    pub cells: Vec<Option<u16>>,
    /// Each province's label point, in cell coordinates (x right, y down; a cell's centre is at
    /// +0.5).
    pub anchors: Vec<[f32; 2]>,
    /// How many cells each province has.
    pub area: Vec<usize>,
    /// Whether the shapes came from the scenario (false: the fallback layout).
    pub painted: bool,
    /// The smooth shapes drawn from the cells: every cell's region (off-map cells of a painted
    /// map become the nearest sea or ground), the corners moved along the borders, the cuts.
    pub shapes: Shapes,
}

impl Layout {
    /// The scenario's shapes, or the fallback layout when it has none.
    pub fn of(scenario: &Scenario) -> Layout {
        scenario
            .file
            .map
            .shapes
            .as_ref()
            .filter(|s| !s.cells.is_empty())
            .and_then(|s| Layout::from_cells(scenario, &s.cells))
            .unwrap_or_else(|| Layout::fallback(scenario))
    }

    /// Reads painted rows (cells separated by spaces, `.` off the map).
    pub fn from_cells(scenario: &Scenario, rows: &[String]) -> Option<Layout> {
        let width = rows.iter().map(|r| r.split_whitespace().count()).max()?;
        let height = rows.len();
        if width == 0 {
            return None;
        }
        let mut cells = vec![None; width * height];
        for (y, row) in rows.iter().enumerate() {
            for (x, cell) in row.split_whitespace().enumerate() {
                if cell != OFF_MAP {
                    cells[y * width + x] = scenario.map.find(cell).map(|p| p.0);
                }
            }
        }
        Some(Layout::finish(scenario, width, height, cells, true))
    }

    /// Provinces as round blobs placed by a deterministic force layout of who borders whom.
    pub fn fallback(scenario: &Scenario) -> Layout {
        let map = &scenario.map;
        let n = map.province_count().max(1);
        let neighbours = map.any_neighbours();
        // Start on a circle (deterministic), then spring and repel.
        let mut pos: Vec<[f32; 2]> = (0..n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                let r = 10.0 + (i % 7) as f32;
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        let ideal = 4.0f32;
        for step in 0..400 {
            let heat = 1.0 - step as f32 / 400.0;
            let mut force = vec![[0.0f32; 2]; n];
            for i in 0..n {
                for j in (i + 1)..n {
                    let dx = pos[i][0] - pos[j][0];
                    let dy = pos[i][1] - pos[j][1];
                    let d2 = (dx * dx + dy * dy).max(0.01);
                    let f = ideal * ideal / d2;
                    force[i][0] += dx * f;
                    force[i][1] += dy * f;
                    force[j][0] -= dx * f;
                    force[j][1] -= dy * f;
                }
                for &j in neighbours.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                    let j = j.0 as usize;
                    let dx = pos[j][0] - pos[i][0];
                    let dy = pos[j][1] - pos[i][1];
                    let d = (dx * dx + dy * dy).sqrt().max(0.01);
                    let f = (d - ideal) / d * 0.5;
                    force[i][0] += dx * f;
                    force[i][1] += dy * f;
                }
            }
            for i in 0..n {
                let limit = 2.0 * heat + 0.05;
                let len = (force[i][0].powi(2) + force[i][1].powi(2)).sqrt();
                let k = if len > limit { limit / len } else { 1.0 };
                pos[i][0] += force[i][0] * k;
                pos[i][1] += force[i][1] * k;
            }
        }
        // Into cells: each cell goes to the nearest province centre within a radius.
        let min_x = pos.iter().map(|p| p[0]).fold(f32::MAX, f32::min);
        let min_y = pos.iter().map(|p| p[1]).fold(f32::MAX, f32::min);
        let scale = 2.0; // cells per layout unit
        let margin = 5.0;
        let grid: Vec<[f32; 2]> = pos
            .iter()
            .map(|p| {
                [
                    (p[0] - min_x) * scale + margin,
                    (p[1] - min_y) * scale + margin,
                ]
            })
            .collect();
        let width = grid.iter().map(|p| p[0]).fold(0.0f32, f32::max) as usize + margin as usize;
        let height = grid.iter().map(|p| p[1]).fold(0.0f32, f32::max) as usize + margin as usize;
        let radius = ideal * scale * 0.6;
        let mut cells = vec![None; width * height];
        for y in 0..height {
            for x in 0..width {
                let c = [x as f32 + 0.5, y as f32 + 0.5];
                let best = grid
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                if let Some((i, d2)) = best
                    && d2 <= radius * radius
                    && i < map.province_count()
                {
                    cells[y * width + x] = Some(i as u16);
                }
            }
        }
        Layout::finish(scenario, width, height, cells, false)
    }

    fn finish(
        scenario: &Scenario,
        width: usize,
        height: usize,
        cells: Vec<Option<u16>>,
        painted: bool,
    ) -> Layout {
        let n = scenario.map.province_count();
        let mut area = vec![0usize; n];
        let mut sum = vec![[0.0f32; 2]; n];
        for (i, c) in cells.iter().enumerate() {
            if let Some(p) = c {
                let p = *p as usize;
                area[p] += 1;
                sum[p][0] += (i % width) as f32 + 0.5;
                sum[p][1] += (i / width) as f32 + 0.5;
            }
        }
        // Distance of each cell to its province's edge (BFS inside the province), so that the
        // label sits in the province's widest part.
        let mut depth = vec![u32::MAX; cells.len()];
        let mut queue = VecDeque::new();
        for i in 0..cells.len() {
            let Some(p) = cells[i] else { continue };
            let (x, y) = (i % width, i / width);
            let edge = [(-1i32, 0i32), (1, 0), (0, -1), (0, 1)]
                .iter()
                .any(|(dx, dy)| {
                    let (nx, ny) = (x as i32 + dx, y as i32 + dy);
                    nx < 0
                        || ny < 0
                        || nx >= width as i32
                        || ny >= height as i32
                        || cells[ny as usize * width + nx as usize] != Some(p)
                });
            if edge {
                depth[i] = 0;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            let (x, y) = (i % width, i / width);
            for (dx, dy) in [(-1i32, 0i32), (1, 0), (0, -1), (0, 1)] {
                let (nx, ny) = (x as i32 + dx, y as i32 + dy);
                if nx < 0 || ny < 0 || nx >= width as i32 || ny >= height as i32 {
                    continue;
                }
                let j = ny as usize * width + nx as usize;
                if cells[j] == cells[i] && depth[j] == u32::MAX {
                    depth[j] = depth[i] + 1;
                    queue.push_back(j);
                }
            }
        }
        let mut best: Vec<Option<(u32, f32, usize)>> = vec![None; n];
        for (i, c) in cells.iter().enumerate() {
            let Some(p) = c else { continue };
            let p = *p as usize;
            let centre = [sum[p][0] / area[p] as f32, sum[p][1] / area[p] as f32];
            let d = (((i % width) as f32 + 0.5 - centre[0]).powi(2)
                + ((i / width) as f32 + 0.5 - centre[1]).powi(2))
            .sqrt();
            let better = match best[p] {
                None => true,
                Some((bd, bc, _)) => depth[i] > bd || (depth[i] == bd && d < bc),
            };
            if better {
                best[p] = Some((depth[i], d, i));
            }
        }
        let anchors = best
            .iter()
            .map(|b| match b {
                Some((_, _, i)) => [(i % width) as f32 + 0.5, (i / width) as f32 + 0.5],
                None => [0.0, 0.0],
            })
            .collect();
        let is_sea = |p: u16| scenario.map.is_sea(ProvinceId(p));
        let shapes = Shapes::new(
            width,
            height,
            shape::regions(width, height, &cells, &is_sea, painted),
            &is_sea,
        );
        Layout {
            width,
            height,
            cells,
            anchors,
            area,
            painted,
            shapes,
        }
    }

    /// Whether a disc of radius `r` (cells) around `c` lies in province `p` (its centre and four
    /// points on its rim).
    fn disc_inside(&self, p: u16, c: [f32; 2], r: f32) -> bool {
        [(0.0, 0.0), (r, 0.0), (-r, 0.0), (0.0, r), (0.0, -r)]
            .iter()
            .all(|(dx, dy)| self.province_at(c[0] + dx, c[1] + dy) == Some(p))
    }

    /// Where a province's supply-centre ring goes, in cell coordinates: about `offset` cells from
    /// the label point (up and to the right when there is room, else in another direction or
    /// nearer), with a disc of radius `r` cells inside the province; failing that, the cell of
    /// the province farthest from the label point. Always inside the province.
    pub fn ring_point(&self, province: usize, offset: f32, r: f32) -> [f32; 2] {
        let p = province as u16;
        let a = self.anchors[province];
        // Up-right first, then around the clock; nearer when nothing fits.
        let angles = [
            -35.0f32, -60.0, -10.0, 15.0, -90.0, 40.0, -120.0, 90.0, -150.0, 140.0, 180.0, 215.0,
        ];
        for scale in [1.0f32, 0.8, 0.65, 0.5] {
            for deg in angles {
                let t = deg.to_radians();
                let c = [
                    a[0] + offset * scale * t.cos(),
                    a[1] + offset * scale * t.sin(),
                ];
                if self.disc_inside(p, c, r) {
                    return c;
                }
            }
        }
        let mut best: Option<([f32; 2], f32)> = None;
        for (i, c) in self.cells.iter().enumerate() {
            if *c != Some(p) {
                continue;
            }
            let q = [(i % self.width) as f32 + 0.5, (i / self.width) as f32 + 0.5];
            let d = (q[0] - a[0]).powi(2) + (q[1] - a[1]).powi(2);
            if best.is_none_or(|(_, bd)| d > bd) {
                best = Some((q, d));
            }
        }
        best.map(|(q, _)| q).unwrap_or(a)
    }

    /// The province drawn at (x, y) in cell coordinates: what the smooth shapes paint there
    /// (a former off-map cell of a sea is that sea), none on the ground or off the map.
    pub fn province_at(&self, x: f32, y: f32) -> Option<u16> {
        match self.shapes.region_at([x, y]) {
            Region::Province(p) => Some(p),
            Region::Ground | Region::Off => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn painted_cells_are_read_and_picked() {
        let s = Scenario::load("strait")
            .or_else(|_| Scenario::load("classic"))
            .unwrap();
        let codes: Vec<String> = s
            .map
            .province_ids()
            .take(2)
            .map(|p| s.map.code(p).to_string())
            .collect();
        let rows = vec![
            format!("{a} {a} {b}", a = codes[0], b = codes[1]),
            format!(". {a} {b}", a = codes[0], b = codes[1]),
        ];
        let l = Layout::from_cells(&s, &rows).unwrap();
        assert_eq!((l.width, l.height), (3, 2));
        assert_eq!(l.province_at(0.5, 0.5), Some(0));
        assert_eq!(l.province_at(2.2, 1.9), Some(1));
        assert_eq!(l.province_at(0.5, 1.5), None);
        assert_eq!(l.province_at(-0.1, 0.5), None);
        assert_eq!(l.area[0], 3);
    }

    #[test]
    fn clicks_pick_the_province_drawn_there_on_the_classic_map() {
        let s = Scenario::load("classic").unwrap();
        let l = Layout::of(&s);
        assert!(l.painted);
        let centre = |i: usize| ((i % l.width) as f32 + 0.5, (i / l.width) as f32 + 0.5);
        // Former off-map cells drawn as the nearest sea pick that sea.
        let mut seas = 0;
        for (i, c) in l.cells.iter().enumerate() {
            if let (None, Region::Province(p)) = (c, l.shapes.regions[i]) {
                assert!(s.map.is_sea(ProvinceId(p)));
                let (x, y) = centre(i);
                assert_eq!(l.province_at(x, y), Some(p), "off-map cell at ({x}, {y})");
                seas += 1;
            }
        }
        assert!(seas > 0, "the classic map has off-map cells drawn as sea");
        // Ground (land no province covers) picks nothing.
        let ground = l
            .shapes
            .regions
            .iter()
            .position(|r| *r == Region::Ground)
            .expect("the classic map has ground");
        let (x, y) = centre(ground);
        assert_eq!(l.province_at(x, y), None);
        // Near smoothed borders, some points of a province's grid square are drawn (and
        // picked) as its neighbour: the old square lookup got those wrong.
        let mut differ = 0;
        for j in 0..l.height * 4 {
            for i in 0..l.width * 4 {
                let (x, y) = ((i as f32 + 0.5) / 4.0, (j as f32 + 0.5) / 4.0);
                let square = l.cells[y as usize * l.width + x as usize];
                let picked = l.province_at(x, y);
                if picked.is_some() && square.is_some() && picked != square {
                    differ += 1;
                }
            }
        }
        assert!(
            differ > 100,
            "only {differ} points picked otherwise than their square"
        );
    }

    #[test]
    fn centre_rings_sit_inside_their_own_province_at_every_zoom() {
        for name in ["classic", "balkans-1912", "strait"] {
            let s = Scenario::load(name).unwrap();
            let l = Layout::of(&s);
            let mut fallbacks = 0;
            for p in s.map.province_ids() {
                if !s.map.province(p).supply_centre || l.area[p.index()] == 0 {
                    continue;
                }
                // Points per cell from a far view to a near one; the overlay's offset and ring
                // radius in points, turned into cells.
                for ppc in [6.0f32, 9.0, 14.0, 24.0, 40.0] {
                    let unit_r = (ppc * 0.75).clamp(8.0, 16.0);
                    let (offset, r) = (unit_r * 1.6 / ppc, (unit_r * 0.45).max(3.5) / ppc);
                    let c = l.ring_point(p.index(), offset, r);
                    assert_eq!(
                        l.province_at(c[0], c[1]),
                        Some(p.0),
                        "{name}: {}'s ring at {c:?} (zoom {ppc}) is outside it",
                        s.map.code(p)
                    );
                    let a = l.anchors[p.index()];
                    if ((c[0] - a[0]).powi(2) + (c[1] - a[1]).powi(2)).sqrt() < offset * 0.45 {
                        fallbacks += 1;
                    }
                }
            }
            // The old placement (a fixed step up and to the right) put Paris's ring in Picardy.
            if name == "classic" {
                let par = s.map.find("PAR").unwrap();
                let c = l.ring_point(par.index(), 1.2, 0.35);
                assert_eq!(l.province_at(c[0], c[1]), Some(par.0));
            }
            println!("{name}: {fallbacks} ring placements near the label point");
        }
    }

    #[test]
    fn every_province_gets_cells_in_the_fallback_and_in_generated_worlds() {
        let s = Scenario::load("classic").unwrap();
        let l = Layout::fallback(&s);
        assert!(!l.painted);
        for p in s.map.province_ids() {
            assert!(l.area[p.index()] > 0, "{} has no cells", s.map.code(p));
            let [x, y] = l.anchors[p.index()];
            assert_eq!(
                l.province_at(x, y),
                Some(p.0),
                "{}'s label is outside it",
                s.map.code(p)
            );
        }
        let g = Scenario::load("generated:12:3").unwrap();
        let l = Layout::of(&g);
        assert!(l.painted);
        for p in g.map.province_ids() {
            assert!(l.area[p.index()] > 0);
        }
    }
}
