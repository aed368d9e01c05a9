//! Smooth shapes from the painted cells, pure: every cell of the grid gets a region (a province,
//! or the ground around the provinces), the corners of the cells along the borders are pulled
//! towards their neighbours along the border (so that staircases become slopes), and each
//! border corner is cut once (Chaikin) by a small triangle painted in the region across the
//! border. Cells stay the unit of the mesh, so neighbours share every edge and nothing can gap
//! or overlap; the borders are drawn along the same cut lines.

use std::collections::VecDeque;

/// What a cell of the drawn map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    Province(u16),
    /// Land that no province covers (Switzerland, Ireland, Africa below the map's edge).
    Ground,
    /// Not drawn (around the fallback layout's blobs, and outside the grid).
    Off,
}

/// What a border line separates: two seas, or anything else (coasts, land borders, the edge of
/// the ground).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    Sea,
    Land,
}

/// Enclosed off-map blocks at least this big are land (an island, a neutral country); smaller
/// ones in a sea are painting slips and become that sea.
const ISLAND: usize = 6;
/// How many times border corners are pulled towards their neighbours.
const ROUNDS: usize = 4;
/// How far a corner may move from its place on the grid, per axis (cells): under half a cell so
/// that no cell can fold over.
pub const REACH: f32 = 0.42;

/// The drawn map.
#[derive(Debug, Clone)]
pub struct Shapes {
    pub width: usize,
    pub height: usize,
    pub regions: Vec<Region>,
    /// The cell corners, (width + 1) x (height + 1), row-major, in cell coordinates (x right,
    /// y down), after smoothing.
    pub corners: Vec<[f32; 2]>,
    /// For each corner cut by a triangle: the triangle and the region it is painted in.
    pub cuts: Vec<([[f32; 2]; 3], Region)>,
    /// For each corner of the grid, the index in `cuts` of the triangle cut there, if any
    /// (picking looks only at the corners near a point).
    corner_cut: Vec<Option<u32>>,
    /// Border lines, as segments, with what they separate.
    pub lines: Vec<([f32; 2], [f32; 2], Line)>,
}

/// The region of every cell: provinces as painted; off-map cells of a painted map become the
/// nearest sea (when that is nearest) or ground, and enclosed blocks of land or of some size
/// stay ground; with `fill_ground` false (the fallback layout) off-map cells are not drawn.
pub fn regions(
    width: usize,
    height: usize,
    cells: &[Option<u16>],
    is_sea: &dyn Fn(u16) -> bool,
    fill_ground: bool,
) -> Vec<Region> {
    let mut out: Vec<Region> = cells
        .iter()
        .map(|c| c.map(Region::Province).unwrap_or(Region::Off))
        .collect();
    if !fill_ground {
        return out;
    }
    let neighbours = |i: usize| {
        let (x, y) = ((i % width) as i64, (i / width) as i64);
        [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)]
            .into_iter()
            .map(move |(dx, dy)| (x + dx, y + dy))
            .filter(|&(nx, ny)| nx >= 0 && ny >= 0 && nx < width as i64 && ny < height as i64)
            .map(move |(nx, ny)| ny as usize * width + nx as usize)
    };
    // The nearest province of every off-map cell (breadth first from all provinces, in row
    // order, so the same map always gives the same answer).
    let mut nearest: Vec<Option<u16>> = cells.to_vec();
    let mut queue: VecDeque<usize> = (0..cells.len()).filter(|&i| cells[i].is_some()).collect();
    while let Some(i) = queue.pop_front() {
        for j in neighbours(i) {
            if nearest[j].is_none() {
                nearest[j] = nearest[i];
                queue.push_back(j);
            }
        }
    }
    // Blocks of off-map cells: enclosed or reaching the grid's edge.
    let mut block = vec![usize::MAX; cells.len()];
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    for start in 0..cells.len() {
        if cells[start].is_some() || block[start] != usize::MAX {
            continue;
        }
        let id = blocks.len();
        let mut members = vec![start];
        block[start] = id;
        let mut k = 0;
        while k < members.len() {
            let i = members[k];
            k += 1;
            for j in neighbours(i) {
                if cells[j].is_none() && block[j] == usize::MAX {
                    block[j] = id;
                    members.push(j);
                }
            }
        }
        blocks.push(members);
    }
    for members in &blocks {
        let edge = members.iter().any(|&i| {
            let (x, y) = (i % width, i / width);
            x == 0 || y == 0 || x + 1 == width || y + 1 == height
        });
        // The provinces around an enclosed block, counted.
        let mut seas: Vec<(u16, usize)> = Vec::new();
        let mut land = 0;
        for &i in members {
            for j in neighbours(i) {
                if let Some(p) = cells[j] {
                    if is_sea(p) {
                        match seas.iter_mut().find(|(q, _)| *q == p) {
                            Some((_, n)) => *n += 1,
                            None => seas.push((p, 1)),
                        }
                    } else {
                        land += 1;
                    }
                }
            }
        }
        for &i in members {
            out[i] = if edge {
                match nearest[i] {
                    Some(p) if is_sea(p) => Region::Province(p),
                    _ => Region::Ground,
                }
            } else if members.len() >= ISLAND || seas.is_empty() || land > seas.len() * 2 {
                Region::Ground
            } else {
                // The sea around it most.
                let best = seas.iter().max_by_key(|(p, n)| (*n, u16::MAX - *p));
                best.map(|(p, _)| Region::Province(*p))
                    .unwrap_or(Region::Ground)
            };
        }
    }
    out
}

impl Shapes {
    /// Smooth shapes of a grid of regions; `is_sea` tells the sea provinces.
    pub fn new(
        width: usize,
        height: usize,
        regions: Vec<Region>,
        is_sea: &dyn Fn(u16) -> bool,
    ) -> Shapes {
        let cw = width + 1;
        let region = |x: i64, y: i64| -> Region {
            if x < 0 || y < 0 || x >= width as i64 || y >= height as i64 {
                Region::Off
            } else {
                regions[y as usize * width + x as usize]
            }
        };
        // The border edges at each corner: towards the corner right, down, left and up, each
        // with the regions on its two sides.
        let edge = |x: i64, y: i64, dir: usize| -> Option<(Region, Region)> {
            let (a, b) = match dir {
                // Right: the cells above and below the edge.
                0 => (region(x, y - 1), region(x, y)),
                // Down: the cells left and right of it.
                1 => (region(x - 1, y), region(x, y)),
                // Left.
                2 => (region(x - 1, y - 1), region(x - 1, y)),
                // Up.
                _ => (region(x - 1, y - 1), region(x, y - 1)),
            };
            (a != b && (a != Region::Off || b != Region::Off)).then_some((a, b))
        };
        const STEP: [(i64, i64); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];
        let n = cw * (height + 1);
        let mut links: Vec<Vec<usize>> = vec![Vec::new(); n];
        for y in 0..=height as i64 {
            for x in 0..=width as i64 {
                let i = y as usize * cw + x as usize;
                for (dir, (dx, dy)) in STEP.iter().enumerate() {
                    let (nx, ny) = (x + dx, y + dy);
                    if nx < 0 || ny < 0 || nx > width as i64 || ny > height as i64 {
                        continue;
                    }
                    if edge(x, y, dir).is_some() {
                        links[i].push(ny as usize * cw + nx as usize);
                    }
                }
            }
        }
        let home: Vec<[f32; 2]> = (0..n).map(|i| [(i % cw) as f32, (i / cw) as f32]).collect();
        // Corners that move: on a border through them (two border edges), not on the grid's
        // frame. Junctions of three or more regions stay put.
        let moves: Vec<bool> = (0..n)
            .map(|i| {
                let (x, y) = (i % cw, i / cw);
                links[i].len() == 2 && x > 0 && y > 0 && x < width && y < height
            })
            .collect();
        let mut corners = home.clone();
        for _ in 0..ROUNDS {
            let before = corners.clone();
            for i in 0..n {
                if !moves[i] {
                    continue;
                }
                let (a, b) = (before[links[i][0]], before[links[i][1]]);
                let c = before[i];
                let mut p = [
                    0.5 * c[0] + 0.25 * (a[0] + b[0]),
                    0.5 * c[1] + 0.25 * (a[1] + b[1]),
                ];
                for k in 0..2 {
                    p[k] = p[k].clamp(home[i][k] - REACH, home[i][k] + REACH);
                }
                corners[i] = p;
            }
        }
        let sea_line = |a: Region, b: Region| {
            let sea = |r: Region| matches!(r, Region::Province(p) if is_sea(p));
            if sea(a) && sea(b) {
                Line::Sea
            } else {
                Line::Land
            }
        };
        // Chaikin's cut at each moving corner: a quarter of the way along each of its edges.
        let quarter = |from: [f32; 2], to: [f32; 2]| {
            [
                from[0] + (to[0] - from[0]) * 0.25,
                from[1] + (to[1] - from[1]) * 0.25,
            ]
        };
        let mut cuts = Vec::new();
        let mut corner_cut = vec![None; n];
        let mut lines = Vec::new();
        for y in 0..=height as i64 {
            for x in 0..=width as i64 {
                let i = y as usize * cw + x as usize;
                // Each border edge once: right and down from here.
                for (dir, (dx, dy)) in STEP.iter().enumerate().take(2) {
                    let Some((a, b)) = edge(x, y, dir) else {
                        continue;
                    };
                    let j = (y + dy) as usize * cw + (x + dx) as usize;
                    let (p, q) = (corners[i], corners[j]);
                    let start = if moves[i] { quarter(p, q) } else { p };
                    let end = if moves[j] { quarter(q, p) } else { q };
                    lines.push((start, end, sea_line(a, b)));
                }
                if !moves[i] {
                    continue;
                }
                let (u, w) = (links[i][0], links[i][1]);
                let v = corners[i];
                let q = quarter(v, corners[u]);
                let r = quarter(v, corners[w]);
                // Which cells lie in the corner's triangle: the side its middle points to.
                let du = [(u % cw) as i64 - x, (u / cw) as i64 - y];
                let dw = [(w % cw) as i64 - x, (w / cw) as i64 - y];
                let (a, b) = edge(x, y, dir_to(du))
                    .or_else(|| edge(x, y, dir_to(dw)))
                    .expect("a moving corner has border edges");
                // The border runs along the cut.
                lines.push((q, r, sea_line(a, b)));
                let mid = [(q[0] + r[0]) / 2.0 - v[0], (q[1] + r[1]) / 2.0 - v[1]];
                // The grid direction of the inside of the triangle, and the cell there.
                let (sx, sy) = if du[0] + dw[0] == 0 && du[1] + dw[1] == 0 {
                    // Straight through: the side the corner bends towards.
                    let normal = [-du[1], du[0]];
                    let side = normal[0] as f32 * mid[0] + normal[1] as f32 * mid[1];
                    if side.abs() < 1e-4 {
                        continue;
                    }
                    let s = if side > 0.0 { 1 } else { -1 };
                    // The two cells on that side of the line.
                    let (nx, ny) = (normal[0] * s, normal[1] * s);
                    (
                        if nx != 0 { nx } else { du[0] + dw[0] + 1 },
                        if ny != 0 { ny } else { du[1] + dw[1] + 1 },
                    )
                } else {
                    // A corner: the one cell between its edges, unless smoothing bent the corner
                    // inside out, when the triangle lies on the other side.
                    let lattice = (du[0] * dw[1] - du[1] * dw[0]) as f32;
                    let (eu, ew) = (
                        [corners[u][0] - v[0], corners[u][1] - v[1]],
                        [corners[w][0] - v[0], corners[w][1] - v[1]],
                    );
                    let bent = eu[0] * ew[1] - eu[1] * ew[0];
                    if bent.abs() < 1e-5 {
                        continue;
                    }
                    let s = if bent * lattice > 0.0 { 1 } else { -1 };
                    (s * (du[0] + dw[0]), s * (du[1] + dw[1]))
                };
                // (sx, sy) points from the corner into a cell: -1 is the cell before, 1 the
                // cell after, along each axis (0 does not occur after the choices above).
                let cx = if sx < 0 { x - 1 } else { x };
                let cy = if sy < 0 { y - 1 } else { y };
                let inside = region(cx, cy);
                let across = if inside == a { b } else { a };
                // Nothing can be painted as undrawn: a corner against the outside stays.
                if across != Region::Off {
                    corner_cut[i] = Some(cuts.len() as u32);
                    cuts.push(([q, v, r], across));
                }
            }
        }
        Shapes {
            width,
            height,
            regions,
            corners,
            cuts,
            corner_cut,
            lines,
        }
    }

    /// The region drawn at a point (cell coordinates, x right, y down), as the map paints it:
    /// a corner's cut where one lies over the point (cuts are painted over the cells), else
    /// the cell whose smoothed quadrilateral holds it. `Off` outside the grid.
    pub fn region_at(&self, p: [f32; 2]) -> Region {
        if !(p[0] >= 0.0 && p[1] >= 0.0 && p[0] <= self.width as f32 && p[1] <= self.height as f32)
        {
            return Region::Off;
        }
        let (fx, fy) = (p[0].floor() as i64, p[1].floor() as i64);
        let cw = self.width as i64 + 1;
        // A cut lies within 0.9 of its corner's place on the grid (the corner moves at most
        // REACH, and the cut reaches a quarter of an edge at most 1 + 2 REACH long).
        for cy in fy - 1..=fy + 2 {
            for cx in fx - 1..=fx + 2 {
                if cx < 0 || cy < 0 || cx >= cw || cy > self.height as i64 {
                    continue;
                }
                if let Some(k) = self.corner_cut[(cy * cw + cx) as usize] {
                    let (t, r) = &self.cuts[k as usize];
                    if in_triangle(p, t) {
                        return *r;
                    }
                }
            }
        }
        // The cell of the grid square first (most points), then its neighbours, whose corners
        // may have moved over it.
        let (w, h) = (self.width as i64, self.height as i64);
        let order = [
            (0, 0),
            (-1, 0),
            (1, 0),
            (0, -1),
            (0, 1),
            (-1, -1),
            (1, -1),
            (-1, 1),
            (1, 1),
        ];
        for (dx, dy) in order {
            let (x, y) = (fx + dx, fy + dy);
            if x < 0 || y < 0 || x >= w || y >= h {
                continue;
            }
            let i = (y * w + x) as usize;
            if self.cell_triangles(i).iter().any(|t| in_triangle(p, t)) {
                return self.regions[i];
            }
        }
        // On the frame's far edges (x = width or y = height), the nearest cell.
        let x = fx.clamp(0, w - 1);
        let y = fy.clamp(0, h - 1);
        self.regions[(y * w + x) as usize]
    }

    /// A cell's four corners (top left, top right, bottom right, bottom left) as two
    /// triangles, split along the diagonal that keeps both the right way round (a corner may
    /// have moved inwards).
    pub fn cell_triangles(&self, i: usize) -> [[[f32; 2]; 3]; 2] {
        let cw = self.width + 1;
        let (x, y) = (i % self.width, i / self.width);
        let c = |dx: usize, dy: usize| self.corners[(y + dy) * cw + x + dx];
        let (tl, tr, br, bl) = (c(0, 0), c(1, 0), c(1, 1), c(0, 1));
        let area = |a: [f32; 2], b: [f32; 2], c: [f32; 2]| {
            (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        };
        if area(tl, tr, br) > 0.0 && area(tl, br, bl) > 0.0 {
            [[tl, tr, br], [tl, br, bl]]
        } else {
            [[tl, tr, bl], [tr, br, bl]]
        }
    }
}

/// Whether `p` lies in triangle `t` (either way round; points on its edges count).
fn in_triangle(p: [f32; 2], t: &[[f32; 2]; 3]) -> bool {
    let side =
        |a: [f32; 2], b: [f32; 2]| (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    let (d0, d1, d2) = (side(t[0], t[1]), side(t[1], t[2]), side(t[2], t[0]));
    let negative = d0 < 0.0 || d1 < 0.0 || d2 < 0.0;
    let positive = d0 > 0.0 || d1 > 0.0 || d2 > 0.0;
    !(negative && positive)
}

/// The index of a grid step (right, down, left, up).
fn dir_to(d: [i64; 2]) -> usize {
    match d {
        [1, 0] => 0,
        [0, 1] => 1,
        [-1, 0] => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&str]) -> (usize, usize, Vec<Option<u16>>) {
        let w = rows[0].len();
        let cells = rows
            .iter()
            .flat_map(|r| r.bytes())
            .map(|b| match b {
                b'.' => None,
                b => Some((b - b'a') as u16),
            })
            .collect();
        (w, rows.len(), cells)
    }

    /// The area of each region: cells as triangles, plus what the cuts move between regions.
    fn areas(s: &Shapes) -> std::collections::HashMap<Region, f32> {
        let tri = |t: &[[f32; 2]; 3]| {
            ((t[1][0] - t[0][0]) * (t[2][1] - t[0][1]) - (t[1][1] - t[0][1]) * (t[2][0] - t[0][0]))
                .abs()
                / 2.0
        };
        let mut out = std::collections::HashMap::new();
        for i in 0..s.regions.len() {
            let a: f32 = s.cell_triangles(i).iter().map(tri).sum();
            *out.entry(s.regions[i]).or_insert(0.0) += a;
        }
        for (t, r) in &s.cuts {
            *out.entry(*r).or_insert(0.0) += tri(t);
        }
        out
    }

    #[test]
    fn a_staircase_becomes_a_slope_without_gaps() {
        // Province a (land) above a diagonal, b (sea) below.
        let rows = [
            "aaaaaaaa", "baaaaaaa", "bbaaaaaa", "bbbaaaaa", "bbbbaaaa", "bbbbbaaa",
        ];
        let (w, h, cells) = grid(&rows);
        let sea = |p: u16| p == 1;
        let r = regions(w, h, &cells, &sea, true);
        let s = Shapes::new(w, h, r, &sea);
        // Every cell's two triangles cover it the right way round: the cells tile the grid.
        let total: f32 = areas(&s).values().sum();
        let cut_area: f32 = s
            .cuts
            .iter()
            .map(|(t, _)| {
                ((t[1][0] - t[0][0]) * (t[2][1] - t[0][1])
                    - (t[1][1] - t[0][1]) * (t[2][0] - t[0][0]))
                    .abs()
                    / 2.0
            })
            .sum();
        assert!(
            (total - cut_area - (w * h) as f32).abs() < 1e-3,
            "cells cover {} of {}",
            total - cut_area,
            w * h
        );
        // The inner corners of the stairs moved off the grid towards the diagonal.
        let cw = w + 1;
        let c = s.corners[2 * cw + 2];
        assert!(
            (c[0] - 2.0).abs() > 0.05 || (c[1] - 2.0).abs() > 0.05,
            "a stair's corner did not move: {c:?}"
        );
        // Moved no more than allowed, and the frame stays.
        for (i, c) in s.corners.iter().enumerate() {
            let home = [(i % cw) as f32, (i / cw) as f32];
            assert!((c[0] - home[0]).abs() <= REACH + 1e-5);
            assert!((c[1] - home[1]).abs() <= REACH + 1e-5);
            let (x, y) = (i % cw, i / cw);
            if x == 0 || y == 0 || x == w || y == h {
                assert_eq!(*c, home);
            }
        }
        // The border between them is one coast line (land against sea), cut at its corners.
        assert!(s.lines.iter().any(|l| l.2 == Line::Land));
        assert!(!s.cuts.is_empty());
        // The stairs' corners lie half a cell off the slope x = y - 0.5 on the grid; away
        // from the frame and the ends they come nearer.
        let inner: Vec<f32> = s
            .corners
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                let (x, y) = (i % cw, i / cw);
                x >= 1 && y >= 2 && x + 2 <= w && y + 1 < h && (x == y || x + 1 == y)
            })
            .map(|(_, c)| (c[0] - c[1] + 0.5).abs())
            .collect();
        assert!(!inner.is_empty());
        let mean = inner.iter().sum::<f32>() / inner.len() as f32;
        assert!(mean < 0.3, "the stairs stay stairs: {inner:?}");
    }

    #[test]
    fn off_map_cells_become_sea_ground_or_stay_off() {
        // An enclosed slip in the sea (one cell), an enclosed island (six cells), and a block
        // reaching the edge beside the land.
        let rows = [
            "bbbbbbbbbb",
            "bb.bbbbbbb",
            "bbbbb...bb",
            "bbbbb...bb",
            "bbbbbbbbbb",
            "aaaa......",
            "aaaa......",
        ];
        let (w, h, cells) = grid(&rows);
        let sea = |p: u16| p == 1;
        let r = regions(w, h, &cells, &sea, true);
        assert_eq!(r[w + 2], Region::Province(1), "a slip in the sea is sea");
        assert_eq!(r[2 * w + 6], Region::Ground, "an island is ground");
        assert_eq!(r[6 * w + 4], Region::Ground, "beside the land, ground");
        assert_eq!(r[5 * w + 8], Region::Province(1), "beside the sea, sea");
        // Nothing is left undrawn on a painted map; the fallback leaves it off.
        assert!(r.iter().all(|x| *x != Region::Off));
        let off = regions(w, h, &cells, &sea, false);
        assert_eq!(off[w + 2], Region::Off);
        // A block at the edge next to the sea only is sea.
        let rows = ["bbb..", "bbb..", "aaaaa"];
        let (w, h, cells) = grid(&rows);
        let r = regions(w, h, &cells, &sea, true);
        assert_eq!(r[3], Region::Province(1));
    }

    /// The region painted at `p`, found the slow way: the last thing painted there (cuts over
    /// cells), looking at every cut and every cell.
    fn painted_at(s: &Shapes, p: [f32; 2]) -> Region {
        if let Some((_, r)) = s.cuts.iter().find(|(t, _)| in_triangle(p, t)) {
            return *r;
        }
        (0..s.regions.len())
            .find(|&i| s.cell_triangles(i).iter().any(|t| in_triangle(p, t)))
            .map_or(Region::Off, |i| s.regions[i])
    }

    #[test]
    fn a_point_picks_the_region_drawn_there_not_its_grid_square() {
        // A coast in steps: land a above, sea b below, and a slip of off-map cells in the sea.
        let rows = [
            "aaaaaaaaaa",
            "baaaaaaaaa",
            "bbaaaaaaaa",
            "bbbaaaaaaa",
            "bbbbaaaaaa",
            "bb.bbaaaaa",
            "bbbbbbaaaa",
        ];
        let (w, h, cells) = grid(&rows);
        let sea = |p: u16| p == 1;
        let s = Shapes::new(w, h, regions(w, h, &cells, &sea, true), &sea);
        let square = |p: [f32; 2]| s.regions[p[1] as usize * w + p[0] as usize];
        // Every point of a fine grid picks what is painted there, here and on a rounded square
        // (a cut at each of its corners).
        let rows = ["aaaaa", "abbba", "abbba", "aaaaa"];
        let (rw, rh, rcells) = grid(&rows);
        let land = |_: u16| false;
        let round = Shapes::new(rw, rh, regions(rw, rh, &rcells, &land, true), &land);
        assert!(round.cuts.len() >= 4);
        for j in 0..rh * 20 {
            for i in 0..rw * 20 {
                let p = [(i as f32 + 0.37) / 20.0, (j as f32 + 0.61) / 20.0];
                assert_eq!(round.region_at(p), painted_at(&round, p), "at {p:?}");
            }
        }
        let mut moved = Vec::new();
        for j in 0..h * 20 {
            for i in 0..w * 20 {
                let p = [(i as f32 + 0.37) / 20.0, (j as f32 + 0.61) / 20.0];
                let drawn = painted_at(&s, p);
                assert_eq!(s.region_at(p), drawn, "at {p:?}");
                if drawn != square(p) {
                    moved.push(p);
                }
            }
        }
        // Smoothing moved the coast: near it, points of a grid square of one region are drawn
        // in the other, and those pick what is drawn.
        assert!(moved.len() > 50, "only {} points moved", moved.len());
        // By hand: the stairs' corners are pulled onto the slope x = y - 0.5 (the corner at
        // (3, 3) to (2.75, 3.25)), so a point 0.1 of a cell from the grid's step, in a square
        // painted as sea, is drawn as land and picks the land; and the other way round.
        let c = s.corners[3 * (w + 1) + 3];
        assert!(
            (c[0] - 2.75).abs() < 0.01 && (c[1] - 3.25).abs() < 0.01,
            "{c:?}"
        );
        let (land, sea) = (Region::Province(0), Region::Province(1));
        assert_eq!((square([2.9, 3.1]), s.region_at([2.9, 3.1])), (sea, land));
        assert_eq!((square([3.05, 3.6]), s.region_at([3.05, 3.6])), (land, sea));
        // The off-map slip in the sea is drawn as the sea, and picked as it.
        assert_eq!(cells[5 * w + 2], None);
        assert_eq!(s.region_at([2.5, 5.5]), Region::Province(1));
        // Outside the grid: nothing.
        assert_eq!(s.region_at([-0.1, 1.0]), Region::Off);
        assert_eq!(s.region_at([1.0, h as f32 + 0.1]), Region::Off);
    }

    #[test]
    fn cuts_move_area_between_the_two_sides_only() {
        let rows = ["aaaa", "abba", "abba", "aaaa"];
        let (w, h, cells) = grid(&rows);
        let sea = |_: u16| false;
        let s = Shapes::new(w, h, regions(w, h, &cells, &sea, true), &sea);
        // The square b is rounded: its four corners are cut and painted as a.
        let cut_to_a = s
            .cuts
            .iter()
            .filter(|(_, r)| *r == Region::Province(0))
            .count();
        assert!(cut_to_a >= 4, "{:?}", s.cuts);
        for (_, r) in &s.cuts {
            assert!(matches!(r, Region::Province(0 | 1)));
        }
    }
}
