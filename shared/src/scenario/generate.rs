//! Seeded generated worlds: land and sea provinces, coasts, centres, shapes to draw, and starts
//! that are fair.
//!
//! The world is painted on a grid of cells: province sites are scattered on a jittered lattice
//! and each cell belongs to its nearest site, so provinces are compact blobs and borders come from
//! cells that touch. Seas grow as connected bodies of water. Capitals are spread by farthest-point
//! sampling, each state takes its capital and the two nearest free land provinces as home
//! centres, and neutral centres go where they are farthest from every capital.
//!
//! Fairness is measured, not assumed: each state's *reach* is the number of supply centres within
//! two borders of its home centres (its own included), and [`fairness`] reports the spread.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::format::*;
use super::{Scenario, ScenarioError};

/// Cells between neighbouring province sites.
const SPACING: usize = 3;

/// Builds a world with `states` states from `seed`.
pub fn generate(states: usize, seed: u64) -> Result<Scenario, ScenarioError> {
    let file = generate_file(states, seed)?;
    Scenario::from_parsed(&format!("generated({states}, seed {seed})"), file)
}

fn err(message: String) -> ScenarioError {
    ScenarioError {
        file: "generated".into(),
        line: 0,
        message,
    }
}

/// Tries at most this many layouts for a fair one.
const ATTEMPTS: u64 = 25;

/// The generated world as a scenario file (what `--generate` writes out for editing). Several
/// layouts are drawn from the seed and the fairest is kept: every state with a neutral centre of
/// its own, and reaches differing by at most one where a layout allows it.
pub fn generate_file(states: usize, seed: u64) -> Result<ScenarioFile, ScenarioError> {
    if !(2..=250).contains(&states) {
        return Err(err(format!(
            "a generated world has 2 to 250 states, not {states}"
        )));
    }
    let mut best: Option<(ScenarioFile, (usize, usize))> = None;
    let mut last_error = None;
    for attempt in 0..ATTEMPTS {
        match layout(states, seed.wrapping_mul(ATTEMPTS).wrapping_add(attempt)) {
            Ok((file, reach)) => {
                let (min, max) = (
                    *reach.iter().min().unwrap_or(&0),
                    *reach.iter().max().unwrap_or(&0),
                );
                let score = (max - min, usize::MAX - min);
                if min >= 4 && max - min == 0 {
                    return Ok(file);
                }
                if best.as_ref().is_none_or(|(_, b)| score < *b) {
                    best = Some((file, score));
                }
            }
            Err(e) => last_error = Some(e),
        }
    }
    match (best, last_error) {
        (Some((file, _)), _) => Ok(file),
        (None, Some(e)) => Err(e),
        (None, None) => Err(err("no layout could be made".into())),
    }
}

/// One layout from one seed, with each state's reach.
fn layout(states: usize, seed: u64) -> Result<(ScenarioFile, Vec<usize>), ScenarioError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // About five land provinces a state and half as many seas.
    let land_target = states * 5;
    // The rim is sea; inside it, room for the land and a fifth more for inland seas.
    let side = (land_target as f64 * 1.2).sqrt().ceil() as usize + 2;
    let (gw, gh) = (side, side);
    // Sites on a jittered lattice.
    let sites: Vec<(f64, f64)> = (0..gw * gh)
        .map(|k| {
            let (x, y) = (k % gw, k / gw);
            (
                (x * SPACING) as f64 + rng.random_range(0.3..SPACING as f64 - 0.3),
                (y * SPACING) as f64 + rng.random_range(0.3..SPACING as f64 - 0.3),
            )
        })
        .collect();
    let (w, h) = (gw * SPACING, gh * SPACING);
    // Each cell to its nearest site, looking only at the lattice neighbours.
    let mut cell = vec![0usize; w * h];
    for cy in 0..h {
        for cx in 0..w {
            let (px, py) = (cx as f64 + 0.5, cy as f64 + 0.5);
            let (lx, ly) = (cx / SPACING, cy / SPACING);
            let mut best = (f64::INFINITY, 0);
            for dy in -1i64..=1 {
                for dx in -1i64..=1 {
                    let (nx, ny) = (lx as i64 + dx, ly as i64 + dy);
                    if nx < 0 || ny < 0 || nx >= gw as i64 || ny >= gh as i64 {
                        continue;
                    }
                    let k = ny as usize * gw + nx as usize;
                    let d = (sites[k].0 - px).powi(2) + (sites[k].1 - py).powi(2);
                    if d < best.0 {
                        best = (d, k);
                    }
                }
            }
            cell[cy * w + cx] = best.1;
        }
    }
    let n = sites.len();
    let mut adjacent = vec![Vec::new(); n];
    for cy in 0..h {
        for cx in 0..w {
            let a = cell[cy * w + cx];
            for (nx, ny) in [(cx + 1, cy), (cx, cy + 1)] {
                if nx < w && ny < h {
                    let b = cell[ny * w + nx];
                    if a != b && !adjacent[a].contains(&b) {
                        adjacent[a].push(b);
                        adjacent[b].push(a);
                    }
                }
            }
        }
    }
    // Seas: the map's rim, then bodies of water grown inward, until a third of the provinces.
    let mut sea = vec![false; n];
    for k in 0..n {
        let (x, y) = (k % gw, k / gw);
        if x == 0 || y == 0 || x == gw - 1 || y == gh - 1 {
            sea[k] = true;
        }
    }
    let want_seas = n - land_target.min(n - 1);
    let mut count = sea.iter().filter(|s| **s).count();
    let mut attempts = 0;
    while count < want_seas && attempts < n * 50 {
        attempts += 1;
        // Grow from a random sea into a random land neighbour, keeping land in one piece.
        let k = rng.random_range(0..n);
        if !sea[k] {
            continue;
        }
        let candidates: Vec<usize> = adjacent[k].iter().copied().filter(|&m| !sea[m]).collect();
        if candidates.is_empty() {
            continue;
        }
        let m = candidates[rng.random_range(0..candidates.len())];
        sea[m] = true;
        if land_connected(&adjacent, &sea) {
            count += 1;
        } else {
            sea[m] = false;
        }
    }
    let land: Vec<usize> = (0..n).filter(|&k| !sea[k]).collect();
    if land.len() < states * 3 {
        return Err(err("not enough land for the states".into()));
    }
    let coastal = |k: usize| adjacent[k].iter().any(|&m| sea[m]);
    // Capitals by farthest-point sampling over land distances.
    let land_distance = |from: &[usize]| bfs(&adjacent, from, |m| !sea[m]);
    let mut capitals = vec![land[rng.random_range(0..land.len())]];
    while capitals.len() < states {
        let d = land_distance(&capitals);
        let next = land
            .iter()
            .copied()
            .filter(|k| !capitals.contains(k))
            .max_by_key(|&k| (d[k], k))
            .ok_or_else(|| err("not enough land for the capitals".into()))?;
        capitals.push(next);
    }
    // Home centres: the capital and the two nearest free land provinces.
    let mut owner = vec![None; n];
    for (s, &c) in capitals.iter().enumerate() {
        owner[c] = Some(s);
    }
    let mut homes = Vec::new();
    for &c in &capitals {
        let d = land_distance(&[c]);
        let mut near: Vec<usize> = land
            .iter()
            .copied()
            .filter(|&k| owner[k].is_none() && d[k] < u32::MAX)
            .collect();
        near.sort_by_key(|&k| (d[k], k));
        let mut mine = vec![c];
        let s = owner[c].expect("capitals are owned");
        for k in near.into_iter().take(2) {
            owner[k] = Some(s);
            mine.push(k);
        }
        if mine.len() < 3 {
            return Err(err(format!(
                "state {s} found no room for three home centres"
            )));
        }
        homes.push(mine);
    }
    // Neutral centres: two for each state, in its own region (land nearer its home centres than
    // anyone else's), as close as the rules of the game allow: two borders out, where it has to
    // reach for them but a neighbour does not get there first.
    let mut centres: Vec<usize> = homes.iter().flatten().copied().collect();
    let regions = nearest_state(&adjacent, &homes);
    for round in 0..2 {
        for (s, mine) in homes.iter().enumerate() {
            let d = bfs(&adjacent, mine, |_| true);
            let pick = land
                .iter()
                .copied()
                .filter(|&k| !centres.contains(&k) && regions[k] == Some(s) && d[k] >= 2)
                .min_by_key(|&k| (d[k], k))
                .or_else(|| {
                    // Squeezed between neighbours: the nearest land nobody else has a claim to.
                    land.iter()
                        .copied()
                        .filter(|&k| !centres.contains(&k) && regions[k].is_none_or(|r| r == s))
                        .min_by_key(|&k| (d[k], k))
                });
            match pick {
                Some(k) => centres.push(k),
                None if round == 0 => {
                    return Err(err(format!(
                        "state {s} has no land of its own for a neutral centre"
                    )));
                }
                None => {}
            }
        }
    }
    let code = |k: usize| format!("P{k:03}");
    let mut provinces = Vec::new();
    for k in 0..n {
        provinces.push(ProvinceFile {
            code: code(k),
            name: if sea[k] {
                format!("Sea {k}")
            } else {
                format!("Province {k}")
            },
            kind: if sea[k] {
                ProvinceKind::Sea
            } else if coastal(k) {
                ProvinceKind::Coast
            } else {
                ProvinceKind::Land
            },
            aliases: Vec::new(),
            coasts: Vec::new(),
            supply_centre: centres.contains(&k),
        });
    }
    let mut army_borders = Vec::new();
    let mut fleet_borders = Vec::new();
    for a in 0..n {
        for &b in &adjacent[a] {
            if b <= a {
                continue;
            }
            if !sea[a] && !sea[b] {
                army_borders.push((code(a), code(b)));
            }
            let by_sea = match (sea[a], sea[b]) {
                (true, true) => true,
                (true, false) | (false, true) => true,
                // Two coasts share a coastline where a sea touches both.
                (false, false) => adjacent[a]
                    .iter()
                    .any(|&m| sea[m] && adjacent[b].contains(&m)),
            };
            if by_sea {
                fleet_borders.push((code(a), code(b)));
            }
        }
    }
    let cells: Vec<String> = (0..h)
        .map(|y| {
            (0..w)
                .map(|x| code(cell[y * w + x]))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let palette = crate::scenario::PALETTE;
    let states_file = (0..states)
        .map(|s| {
            let home: Vec<String> = homes[s].iter().map(|&k| code(k)).collect();
            let units = homes[s]
                .iter()
                .enumerate()
                .map(|(i, &k)| {
                    // One fleet where the second home centre is on a coast.
                    if i == 1 && coastal(k) {
                        format!("F {}", code(k))
                    } else {
                        format!("A {}", code(k))
                    }
                })
                .collect();
            StateFile {
                code: format!("S{s:03}"),
                name: format!("State {s}"),
                adjective: String::new(),
                colour: palette[s % palette.len()].to_string(),
                home_centres: home,
                units,
                extra_centres: Vec::new(),
                latent_power: None,
                doctrine: None,
                threat_weights: None,
                bias: Vec::new(),
            }
        })
        .collect();
    let reach: Vec<usize> = (0..states)
        .map(|s| {
            3 + centres
                .iter()
                .filter(|&&k| owner[k].is_none() && regions[k] == Some(s))
                .count()
        })
        .collect();
    let file = ScenarioFile {
        format: FORMAT_VERSION,
        id: format!("generated-{states}-{seed}"),
        name: format!("Generated world of {states} states (seed {seed})"),
        description: "A seeded generated world.".into(),
        map: MapFile {
            provinces,
            army_borders,
            fleet_borders,
            shapes: Some(ShapesFile { cells }),
        },
        states: states_file,
        calendar: CalendarFile {
            start_year: 1901,
            end_year: Some(1920),
        },
        victory: VictoryFile {
            centres: (centres.len() / 2 + 1) as u16,
        },
        alliances: Vec::new(),
        history: Vec::new(),
    };
    Ok((file, reach))
}

fn bfs(adjacent: &[Vec<usize>], from: &[usize], usable: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut d = vec![u32::MAX; adjacent.len()];
    let mut queue = std::collections::VecDeque::new();
    for &f in from {
        d[f] = 0;
        queue.push_back(f);
    }
    while let Some(k) = queue.pop_front() {
        for &m in &adjacent[k] {
            if d[m] == u32::MAX && usable(m) {
                d[m] = d[k] + 1;
                queue.push_back(m);
            }
        }
    }
    d
}

/// For each province, the state whose home centres are nearest (ties to the lower index).
fn nearest_state(adjacent: &[Vec<usize>], homes: &[Vec<usize>]) -> Vec<Option<usize>> {
    let per_state: Vec<Vec<u32>> = homes.iter().map(|h| bfs(adjacent, h, |_| true)).collect();
    (0..adjacent.len())
        .map(|k| {
            let best = per_state.iter().map(|d| d[k]).min()?;
            let mut nearest = per_state.iter().enumerate().filter(|(_, d)| d[k] == best);
            let first = nearest.next()?.0;
            // A province as near to two states belongs to neither.
            if nearest.next().is_some() {
                None
            } else {
                Some(first)
            }
        })
        .collect()
}

fn land_connected(adjacent: &[Vec<usize>], sea: &[bool]) -> bool {
    let Some(start) = (0..sea.len()).find(|&k| !sea[k]) else {
        return false;
    };
    let d = bfs(adjacent, &[start], |m| !sea[m]);
    (0..sea.len()).all(|k| sea[k] || d[k] < u32::MAX)
}

/// Each state's reach: the supply centres it owns plus the neutral ones nearer to its home
/// centres than to anyone else's (what it can take without a fight).
pub fn fairness(scenario: &Scenario) -> Vec<usize> {
    let map = &scenario.map;
    let per_state: Vec<Vec<u32>> = scenario
        .states
        .iter()
        .map(|s| map.distances_from(&s.home_centres))
        .collect();
    scenario
        .state_ids()
        .map(|s| {
            let own = scenario.state(s).home_centres.len();
            let neutral = map
                .province_ids()
                .filter(|p| {
                    map.province(*p).supply_centre && scenario.start.owners[p.index()].is_none()
                })
                .filter(|p| {
                    let mine = per_state[s.index()][p.index()];
                    per_state
                        .iter()
                        .enumerate()
                        .all(|(o, d)| o == s.index() || d[p.index()] > mine)
                })
                .count();
            own + neutral
        })
        .collect()
}
