//! What every planner needs to know of the board in a phase, worked out once for all the seats
//! planned together: where each unit can go, which units can reach each province, and a plain
//! guess of what each unit will do (used to weigh how likely an attack or a defence is to work).

use crate::map::{Map, ProvinceId};
use crate::play::Match;
use crate::rules::{Game, PhaseKind, Position, Season, Unit, UnitKind};
use crate::scenario::{Scenario, StateId};

/// No unit.
pub(crate) const NONE: u16 = u16::MAX;

pub(crate) struct Board<'a> {
    pub game: &'a Game,
    pub scenario: &'a Scenario,
    pub map: &'a Map,
    pub position: &'a Position,
    pub n_states: usize,
    /// Every unit with its province, in province order.
    pub units: Vec<(ProvinceId, Unit)>,
    /// The index in `units` of the unit in each province, or [`NONE`].
    pub unit_at: Vec<u16>,
    /// `reach[reach_start[u]..reach_start[u + 1]]`: the provinces unit `u` can move to (without a
    /// convoy), with the guessed chance that it does.
    reach_start: Vec<u32>,
    reach: Vec<(ProvinceId, f32)>,
    /// The guessed chance that each unit stays where it is (holds, supports or convoys).
    pub p_stay: Vec<f32>,
    /// `reachers[reachers_start[p]..reachers_start[p + 1]]`: the units that can move to `p`, each
    /// with the guessed chance that it does.
    reachers_start: Vec<u32>,
    reachers: Vec<(u16, f32)>,
    /// Supply centres of each state.
    pub centres: Vec<usize>,
    /// Whether two states are partners (allied, or junior and patron), `n * n`.
    allied: Vec<bool>,
    pub fall: bool,
}

impl<'a> Board<'a> {
    pub fn new(table: &'a Match) -> Board<'a> {
        let game = table.game();
        let scenario: &Scenario = game.scenario();
        let map = &scenario.map;
        let position = game.position();
        let n = scenario.states.len();
        let np = map.province_count();
        let mut allied = vec![false; n * n];
        for a in 0..n {
            for b in 0..n {
                // A partner `a` means to stab this phase is not spared by `a` (its victim does not
                // know yet, and still spares it).
                allied[a * n + b] = a == b
                    || (table.ties().are_allied(a, b) && table.betrayal_planned(a) != Some(b));
            }
        }
        let units: Vec<(ProvinceId, Unit)> = position.units().collect();
        let mut unit_at = vec![NONE; np];
        for (k, (p, _)) in units.iter().enumerate() {
            unit_at[p.index()] = k as u16;
        }
        let mut reach_start = Vec::with_capacity(units.len() + 1);
        let mut reach: Vec<(ProvinceId, f32)> = Vec::with_capacity(units.len() * 6);
        for &(p, u) in &units {
            reach_start.push(reach.len() as u32);
            match u.kind {
                UnitKind::Army => reach.extend(map.army_neighbours(p).iter().map(|&q| (q, 0.0))),
                UnitKind::Fleet => {
                    let from = reach.len();
                    for &l in map.fleet_neighbours(u.loc) {
                        let q = map.province_of(l);
                        if !reach[from..].iter().any(|&(x, _)| x == q) {
                            reach.push((q, 0.0));
                        }
                    }
                }
            }
        }
        reach_start.push(reach.len() as u32);
        let centres = position.centre_counts(n);
        let fall = game.phase().season == Season::Autumn;
        let mut board = Board {
            game,
            scenario,
            map,
            position,
            n_states: n,
            units,
            unit_at,
            reach_start,
            reach,
            p_stay: Vec::new(),
            reachers_start: Vec::new(),
            reachers: Vec::new(),
            centres,
            allied,
            fall,
        };
        // The units that can reach each province are listed first (the guess asks which could
        // come), and their chances copied in once the guess has made them.
        board.index_reachers();
        if game.phase().kind == PhaseKind::Movement {
            board.guess_moves();
            board.copy_chances_to_reachers();
        }
        board
    }

    pub fn allied(&self, a: StateId, b: StateId) -> bool {
        self.allied[a.index() * self.n_states + b.index()]
    }

    /// The provinces unit `u` can move to, with the guessed chance of each.
    pub fn reach(&self, u: usize) -> &[(ProvinceId, f32)] {
        &self.reach[self.reach_start[u] as usize..self.reach_start[u + 1] as usize]
    }

    pub fn can_reach(&self, u: usize, p: ProvinceId) -> bool {
        self.reach(u).iter().any(|&(q, _)| q == p)
    }

    /// The units that can move to `p`, with the guessed chance that each does.
    pub fn reachers(&self, p: ProvinceId) -> &[(u16, f32)] {
        &self.reachers
            [self.reachers_start[p.index()] as usize..self.reachers_start[p.index() + 1] as usize]
    }

    /// The unit in `p`, as an index in `units`.
    pub fn unit_in(&self, p: ProvinceId) -> Option<usize> {
        match self.unit_at[p.index()] {
            NONE => None,
            k => Some(k as usize),
        }
    }

    /// Whether some unit of a state that is not `s`'s partner could move to `p`.
    fn threatened_for(&self, s: StateId, p: ProvinceId) -> bool {
        self.reachers(p)
            .iter()
            .any(|&(k, _)| !self.allied(self.units[k as usize].1.state, s))
    }

    /// A plain guess of every unit's orders, the same for every state that asks: a unit goes
    /// for centres it does not own, stays on its own centres when they are threatened (and on
    /// others' centres in the autumn, to take them), seldom walks into its own units and almost
    /// never into its partners'.
    fn guess_moves(&mut self) {
        let map = self.map;
        let np = map.province_count();
        let position = self.position;
        let fall = self.fall;
        let n = self.n_states;
        // Only the spring's guess asks which centres next to a place each state could take.
        let mut takeable = vec![false; if fall { 0 } else { n * np }];
        if !fall {
            for s in 0..n {
                for q in map.province_ids() {
                    takeable[s * np + q.index()] = map.province(q).supply_centre
                        && position.owners[q.index()]
                            .is_none_or(|x| x.index() != s && !self.allied[x.index() * n + s]);
                }
            }
        }
        let mut p_stay = Vec::with_capacity(self.units.len());
        for u in 0..self.units.len() {
            let (o, unit) = self.units[u];
            let s = unit.state;
            // Units stay (hold, support, convoy) about a third of the time; on a threatened
            // centre of their own, or on another's centre in the autumn, most of the time.
            let mut stay = super::knob("STAY", 0.3) as f32;
            if map.province(o).supply_centre {
                match position.owners[o.index()] {
                    Some(x) if x == s => {
                        if self.threatened_for(s, o) {
                            stay = if fall {
                                super::knob("STAY_OWN_F", 0.6) as f32
                            } else {
                                super::knob("STAY_OWN_S", 0.4) as f32
                            };
                        }
                    }
                    _ => {
                        stay = if fall {
                            super::knob("STAY_OTHER_F", 0.6) as f32
                        } else {
                            super::knob("STAY_OTHER_S", 0.35) as f32
                        }
                    }
                }
            }
            let mut total = 0.0f32;
            let range = self.reach_start[u] as usize..self.reach_start[u + 1] as usize;
            let sc_fall = super::knob("SC_F", 8.0) as f32;
            let sc_spring = super::knob("SC_S", 3.0) as f32;
            let adj_spring = super::knob("ADJ_S", 0.8) as f32;
            let own_empty = super::knob("OWN_EMPTY", 3.0) as f32;
            for i in range.clone() {
                let q = self.reach[i].0;
                let mut w = 1.0f32;
                let owner = position.owners[q.index()];
                if map.province(q).supply_centre {
                    match owner {
                        Some(x) if x == s => {
                            if position.unit_in(q).is_none() && self.threatened_for(s, q) {
                                w += own_empty;
                            }
                        }
                        Some(x) if self.allied(x, s) => {}
                        _ => {
                            let size = owner.map_or(1.0, |x| {
                                let c = self.centres[x.index()] as f32;
                                ((c * c + 4.0 * c + 16.0) / 37.0).min(4.0)
                            });
                            w += size * if fall { sc_fall } else { sc_spring };
                        }
                    }
                }
                if !fall {
                    let near = map.any_neighbours()[q.index()]
                        .iter()
                        .filter(|&&r| takeable[s.index() * np + r.index()])
                        .count();
                    w += adj_spring * near as f32;
                }
                if let Some(v) = position.unit_in(q) {
                    w *= if v.state == s {
                        0.3
                    } else if self.allied(v.state, s) {
                        0.02
                    } else {
                        0.6
                    };
                }
                if owner.is_some_and(|x| x != s && self.allied(x, s)) {
                    w *= 0.05;
                }
                self.reach[i].1 = w;
                total += w;
            }
            if total > 0.0 {
                for i in range {
                    self.reach[i].1 *= (1.0 - stay) / total;
                }
            } else {
                stay = 1.0;
            }
            p_stay.push(stay);
        }
        self.p_stay = p_stay;
    }

    /// Lists the units that can reach each province, in unit order, with no chances yet.
    fn index_reachers(&mut self) {
        let np = self.map.province_count();
        let mut count = vec![0u32; np + 1];
        for &(q, _) in &self.reach {
            count[q.index() + 1] += 1;
        }
        for p in 0..np {
            count[p + 1] += count[p];
        }
        let mut fill = count.clone();
        let mut reachers = vec![(0u16, 0.0f32); self.reach.len()];
        for u in 0..self.units.len() {
            for i in self.reach_start[u]..self.reach_start[u + 1] {
                let (q, p) = self.reach[i as usize];
                let slot = &mut fill[q.index()];
                reachers[*slot as usize] = (u as u16, p);
                *slot += 1;
            }
        }
        self.reachers_start = count;
        self.reachers = reachers;
    }

    /// Copies each move's guessed chance to its unit's entry among the reachers, walking the
    /// units in the order [`Board::index_reachers`] listed them.
    fn copy_chances_to_reachers(&mut self) {
        let mut fill = self.reachers_start.clone();
        for u in 0..self.units.len() {
            for i in self.reach_start[u]..self.reach_start[u + 1] {
                let (q, p) = self.reach[i as usize];
                let slot = &mut fill[q.index()];
                self.reachers[*slot as usize].1 = p;
                *slot += 1;
            }
        }
    }
}

/// A unit's guessed orders: its province, the chance that it stays, the chance of each move.
pub type Guess = (ProvinceId, f32, Vec<(ProvinceId, f32)>);

/// The plain guess of every unit's orders in the current phase (for calibration against what
/// units did).
pub fn guess(table: &Match) -> Vec<Guess> {
    let board = Board::new(table);
    (0..board.units.len())
        .map(|u| (board.units[u].0, board.p_stay[u], board.reach(u).to_vec()))
        .collect()
}
