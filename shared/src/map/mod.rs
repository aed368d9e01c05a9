//! The board: provinces, the places a unit can stand, and who borders whom.
//!
//! A *province* is what owners and supply centres are about (Spain). A *location* is where a unit
//! stands: every province is one, and each named coast of a province is one more (Spain's north
//! coast). Armies move between provinces; fleets move between locations. Ids are small indices so
//! that the adjudicator works on flat arrays.

mod names;

pub use crate::scenario::format::ProvinceKind;
pub use names::{MAX_NAME_WORDS, NameTable, SHORT_WORD, key_home, normalise_name, word_key};

use std::collections::HashMap;

/// Index of a province in [`Map::provinces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProvinceId(pub u16);

/// Index of a location in [`Map::locations`]. A province's own location has the province's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocId(pub u16);

impl ProvinceId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
    /// The location of the province as a whole (where armies stand).
    pub fn loc(self) -> LocId {
        LocId(self.0)
    }
}

impl LocId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone)]
pub struct Province {
    /// Upper-case abbreviation, e.g. `MAO`.
    pub code: String,
    pub name: String,
    pub kind: ProvinceKind,
    pub supply_centre: bool,
    /// Locations of the named coasts, empty where the province has none.
    pub coasts: Vec<LocId>,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub province: ProvinceId,
    /// Coast name (`NC`, `SC`, `EC`, `WC`) for a named coast; `None` for the province itself.
    pub coast: Option<String>,
}

/// A square bit matrix: `get(a, b)` says whether `a` borders `b`.
#[derive(Debug, Clone)]
struct Borders {
    size: usize,
    bits: Vec<u64>,
}

impl Borders {
    fn new(size: usize) -> Self {
        Borders {
            size,
            bits: vec![0; (size * size).div_ceil(64)],
        }
    }
    fn set(&mut self, a: usize, b: usize) {
        let i = a * self.size + b;
        self.bits[i / 64] |= 1 << (i % 64);
    }
    fn get(&self, a: usize, b: usize) -> bool {
        let i = a * self.size + b;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }
}

/// The map of a scenario, checked and indexed.
#[derive(Debug, Clone)]
pub struct Map {
    pub provinces: Vec<Province>,
    pub locations: Vec<Location>,
    army_neighbours: Vec<Vec<ProvinceId>>,
    fleet_neighbours: Vec<Vec<LocId>>,
    army_borders: Borders,
    fleet_borders: Borders,
    /// Seas (and sea-touching coasts) a province touches, for convoys: `touches_sea[p]` lists the
    /// sea provinces a fleet in some location of `p` could enter.
    seas_touching: Vec<Vec<ProvinceId>>,
    names: HashMap<String, ProvinceId>,
    /// The same names filed for reading orders word by word without building keys.
    name_table: NameTable,
    /// Where a fleet can stand in each province (see [`Map::fleet_locations`]).
    fleet_places: Vec<Vec<LocId>>,
    /// Borders crossed between every two provinces by any border, row-major (`u16::MAX` where
    /// unreachable): computer players and civil disorder ask for it often.
    hops: Vec<u16>,
    /// Provinces bordering each province by any border.
    any_neighbours: Vec<Vec<ProvinceId>>,
}

impl Map {
    /// A map's provinces, their places and names, without borders: enough to look names up
    /// while the borders are read; [`Map::connect`] then adds the borders to the same map, so
    /// that a scenario's map is built once. `provinces` are (province, coast names, aliases);
    /// callers (the scenario loader) have checked the names.
    pub(crate) fn unconnected(provinces: Vec<(Province, Vec<String>, Vec<String>)>) -> Map {
        let mut locations: Vec<Location> = (0..provinces.len())
            .map(|i| Location {
                province: ProvinceId(i as u16),
                coast: None,
            })
            .collect();
        let mut list = Vec::with_capacity(provinces.len());
        let mut names = HashMap::new();
        let mut name_table = NameTable::default();
        for (i, (mut province, coast_names, aliases)) in provinces.into_iter().enumerate() {
            let id = ProvinceId(i as u16);
            for coast in coast_names {
                province.coasts.push(LocId(locations.len() as u16));
                locations.push(Location {
                    province: id,
                    coast: Some(coast),
                });
            }
            for name in [&province.code, &province.name].into_iter().chain(&aliases) {
                let key = normalise_name(name);
                name_table.insert(&key, id);
                names.insert(key, id);
            }
            list.push(province);
        }
        let fleet_places = list
            .iter()
            .enumerate()
            .map(|(i, pr)| match pr.kind {
                ProvinceKind::Land => Vec::new(),
                _ if !pr.coasts.is_empty() => pr.coasts.clone(),
                _ => vec![ProvinceId(i as u16).loc()],
            })
            .collect();
        Map {
            army_neighbours: Vec::new(),
            fleet_neighbours: Vec::new(),
            army_borders: Borders::new(0),
            fleet_borders: Borders::new(0),
            seas_touching: Vec::new(),
            provinces: list,
            locations,
            names,
            name_table,
            fleet_places,
            hops: Vec::new(),
            any_neighbours: Vec::new(),
        }
    }

    /// Adds the borders to a map from [`Map::unconnected`] (replacing any it had), and what
    /// follows from them: neighbours, the seas each province touches, the distance table.
    /// Borders name locations by index.
    pub(crate) fn connect(
        &mut self,
        army_borders: &[(ProvinceId, ProvinceId)],
        fleet_borders: &[(LocId, LocId)],
    ) {
        let n = self.provinces.len();
        let mut army_neighbours = vec![Vec::new(); n];
        let mut army = Borders::new(n);
        for &(a, b) in army_borders {
            for (x, y) in [(a, b), (b, a)] {
                if !army.get(x.index(), y.index()) {
                    army.set(x.index(), y.index());
                    army_neighbours[x.index()].push(y);
                }
            }
        }
        let m = self.locations.len();
        let mut fleet_neighbours = vec![Vec::new(); m];
        let mut fleet = Borders::new(m);
        for &(a, b) in fleet_borders {
            for (x, y) in [(a, b), (b, a)] {
                if !fleet.get(x.index(), y.index()) {
                    fleet.set(x.index(), y.index());
                    fleet_neighbours[x.index()].push(y);
                }
            }
        }
        for v in army_neighbours.iter_mut() {
            v.sort();
        }
        for v in fleet_neighbours.iter_mut() {
            v.sort();
        }
        let mut seas_touching = vec![Vec::new(); n];
        for (l, neighbours) in fleet_neighbours.iter().enumerate() {
            let p = self.locations[l].province;
            for &other in neighbours {
                let q = self.locations[other.index()].province;
                if self.provinces[q.index()].kind == ProvinceKind::Sea
                    && !seas_touching[p.index()].contains(&q)
                {
                    seas_touching[p.index()].push(q);
                }
            }
        }
        self.army_neighbours = army_neighbours;
        self.fleet_neighbours = fleet_neighbours;
        self.army_borders = army;
        self.fleet_borders = fleet;
        self.seas_touching = seas_touching;
        self.any_neighbours = self.compute_any_neighbours();
        let mut hops = Vec::with_capacity(n * n);
        for p in self.province_ids() {
            hops.extend(
                self.bfs(&[p])
                    .into_iter()
                    .map(|d| d.min(u16::MAX as u32) as u16),
            );
        }
        self.hops = hops;
    }

    /// Borders crossed between two provinces by the shortest way over any border.
    pub fn hops(&self, a: ProvinceId, b: ProvinceId) -> u32 {
        match self.hops[a.index() * self.provinces.len() + b.index()] {
            u16::MAX => u32::MAX,
            d => d as u32,
        }
    }

    pub fn province(&self, id: ProvinceId) -> &Province {
        &self.provinces[id.index()]
    }

    pub fn province_count(&self) -> usize {
        self.provinces.len()
    }

    pub fn province_ids(&self) -> impl Iterator<Item = ProvinceId> + '_ {
        (0..self.provinces.len() as u16).map(ProvinceId)
    }

    /// The province a location belongs to.
    pub fn province_of(&self, loc: LocId) -> ProvinceId {
        self.locations[loc.index()].province
    }

    /// Finds a province by code, alias or full name, in any case.
    pub fn find(&self, name: &str) -> Option<ProvinceId> {
        self.names.get(&normalise_name(name)).copied()
    }

    /// The names of the provinces, for reading orders.
    pub fn name_table(&self) -> &NameTable {
        &self.name_table
    }

    /// The location of `province`'s named coast `coast` (`"NC"` ...), if it has one.
    pub fn coast(&self, province: ProvinceId, coast: &str) -> Option<LocId> {
        self.province(province)
            .coasts
            .iter()
            .copied()
            .find(|&l| self.locations[l.index()].coast.as_deref() == Some(coast))
    }

    /// `SPA/NC` for a coast, `SPA` for a province.
    pub fn loc_name(&self, loc: LocId) -> String {
        let location = &self.locations[loc.index()];
        let code = &self.province(location.province).code;
        match &location.coast {
            Some(c) => format!("{code}/{c}"),
            None => code.clone(),
        }
    }

    pub fn code(&self, province: ProvinceId) -> &str {
        &self.province(province).code
    }

    pub fn is_sea(&self, province: ProvinceId) -> bool {
        self.province(province).kind == ProvinceKind::Sea
    }

    /// Whether an army can stand in `province` (land or coast).
    pub fn army_can_stand(&self, province: ProvinceId) -> bool {
        self.province(province).kind != ProvinceKind::Sea
    }

    /// Where a fleet can stand: the province itself (sea, or coast without named coasts), or its
    /// named coasts. Empty for inland provinces.
    pub fn fleet_locations(&self, province: ProvinceId) -> Vec<LocId> {
        self.fleet_places(province).to_vec()
    }

    /// [`Map::fleet_locations`] without making a list (for the rules' hot paths).
    pub fn fleet_places(&self, province: ProvinceId) -> &[LocId] {
        &self.fleet_places[province.index()]
    }

    pub fn army_borders(&self, a: ProvinceId, b: ProvinceId) -> bool {
        self.army_borders.get(a.index(), b.index())
    }

    pub fn fleet_borders(&self, a: LocId, b: LocId) -> bool {
        self.fleet_borders.get(a.index(), b.index())
    }

    pub fn army_neighbours(&self, p: ProvinceId) -> &[ProvinceId] {
        &self.army_neighbours[p.index()]
    }

    pub fn fleet_neighbours(&self, l: LocId) -> &[LocId] {
        &self.fleet_neighbours[l.index()]
    }

    /// The locations of `to` that a fleet at `from` can move to.
    pub fn fleet_targets(&self, from: LocId, to: ProvinceId) -> impl Iterator<Item = LocId> + '_ {
        self.fleet_places(to)
            .iter()
            .copied()
            .filter(move |&l| self.fleet_borders(from, l))
    }

    /// Whether a fleet at `from` can move to some location of `to` (what a fleet's support needs).
    pub fn fleet_reaches(&self, from: LocId, to: ProvinceId) -> bool {
        self.fleet_targets(from, to).next().is_some()
    }

    /// Sea provinces that touch `province` (a convoy's first or last step).
    pub fn seas_touching(&self, province: ProvinceId) -> &[ProvinceId] {
        &self.seas_touching[province.index()]
    }

    /// Whether `a` and `b` border each other by any border at all (for distances in civil
    /// disorder and in the threat model).
    pub fn borders_any(&self, a: ProvinceId, b: ProvinceId) -> bool {
        if self.army_borders(a, b) {
            return true;
        }
        let la = self.all_locations(a);
        let lb = self.all_locations(b);
        la.iter()
            .any(|&x| lb.iter().any(|&y| self.fleet_borders(x, y)))
    }

    /// The province's own location and its coasts.
    fn all_locations(&self, p: ProvinceId) -> Vec<LocId> {
        let mut v = vec![p.loc()];
        v.extend(self.province(p).coasts.iter().copied());
        v
    }

    /// Shortest number of border crossings from every province to the nearest of `sources`,
    /// crossing any border (land or sea). `u32::MAX` where unreachable.
    pub fn distances_from(&self, sources: &[ProvinceId]) -> Vec<u32> {
        if self.hops.is_empty() {
            return self.bfs(sources);
        }
        // The distances between provinces are kept once for the map: the distance from a set
        // of provinces is the least from any of them (what a search from all of them finds).
        let n = self.provinces.len();
        let mut least = vec![u16::MAX; n];
        for s in sources {
            let row = &self.hops[s.index() * n..(s.index() + 1) * n];
            for (d, &h) in least.iter_mut().zip(row) {
                *d = (*d).min(h);
            }
        }
        least
            .into_iter()
            .map(|d| if d == u16::MAX { u32::MAX } else { d as u32 })
            .collect()
    }

    fn bfs(&self, sources: &[ProvinceId]) -> Vec<u32> {
        let n = self.provinces.len();
        let mut dist = vec![u32::MAX; n];
        let mut queue = std::collections::VecDeque::new();
        for &s in sources {
            dist[s.index()] = 0;
            queue.push_back(s);
        }
        let neighbours = &self.any_neighbours;
        while let Some(p) = queue.pop_front() {
            for &q in &neighbours[p.index()] {
                if dist[q.index()] == u32::MAX {
                    dist[q.index()] = dist[p.index()] + 1;
                    queue.push_back(q);
                }
            }
        }
        dist
    }

    /// For each province, the provinces it borders by any border.
    pub fn any_neighbours(&self) -> &[Vec<ProvinceId>] {
        &self.any_neighbours
    }

    fn compute_any_neighbours(&self) -> Vec<Vec<ProvinceId>> {
        let mut out = vec![Vec::new(); self.provinces.len()];
        for p in self.province_ids() {
            for &q in self.army_neighbours(p) {
                out[p.index()].push(q);
            }
            for l in self.all_locations(p) {
                for &m in self.fleet_neighbours(l) {
                    out[p.index()].push(self.province_of(m));
                }
            }
            out[p.index()].sort();
            out[p.index()].dedup();
        }
        out
    }
}

#[cfg(test)]
mod distance_tests {
    use super::*;

    /// The distances from a set of provinces read from the map's table are those a search from
    /// all of them finds, for sets of every size.
    #[test]
    fn distances_from_a_set_are_those_of_a_search() {
        let scenario = crate::scenario::Scenario::classic();
        let map = &scenario.map;
        let all: Vec<ProvinceId> = map.province_ids().collect();
        assert!(!map.hops.is_empty());
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for size in 0..=all.len() {
            let mut set = Vec::new();
            for _ in 0..size {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                set.push(all[(x % all.len() as u64) as usize]);
            }
            assert_eq!(map.distances_from(&set), map.bfs(&set), "from {set:?}");
        }
    }
}
