//! Adjudication of a movement phase.
//!
//! The rules are a set of conditions every order's result must satisfy at once (DATC 5.B): a move
//! succeeds when its attack beats the hold, defend and prevent strengths against it; a support
//! counts unless cut or dislodged; a convoy carries unless its fleet is dislodged. Results are
//! found by recursion over these conditions. Where the recursion meets itself (circular movement,
//! convoy paradoxes) the guess algorithm (DATC 5.F) tries both answers: one consistent answer is
//! taken; with none or two, the backup rule applies: a ring of moves all succeed, and in a convoy
//! paradox the convoying fleets of the cycle fail (the Szykman rule, DATC 4.A.2).

use crate::map::{LocId, Map, ProvinceId};
use crate::rules::legality::Checked;
use crate::rules::order::UnitKind;
use crate::rules::position::{Dislodged, Position, Unit};
use crate::scenario::StateId;

/// Why an order did not succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Failure {
    /// A move met equal or greater strength.
    Bounced,
    /// A convoyed move found no unbroken chain of convoying fleets.
    NoConvoy,
    /// A support was cut by an attack on the supporting unit.
    Cut,
    /// The unit was dislodged (a hold, support or convoy).
    Dislodged,
    /// Nothing matched the support or convoy (no such move, or the unit did something else).
    Void,
    /// A convoy that was part of a convoy paradox, settled by the Szykman rule.
    Paradox,
}

/// The result of one unit's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Succeeded,
    Failed(Failure),
}

/// What a movement phase did.
#[derive(Debug, Clone)]
pub struct MovementResult {
    /// Result for the unit that stood in each province at the start, by province index.
    pub results: Vec<Option<Resolution>>,
    /// Where each unit ended, by starting province (same as start when it did not move).
    pub moved_to: Vec<Option<LocId>>,
    pub dislodged: Vec<Dislodged>,
    /// Provinces left empty by a standoff: no unit may retreat there.
    pub standoffs: Vec<ProvinceId>,
    /// For each move (by starting province), whether it went by convoy.
    pub by_convoy: Vec<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hold,
    Move {
        dest: ProvinceId,
        loc: LocId,
        convoy: bool,
    },
    SupportHold {
        target: usize,
    },
    SupportMove {
        target: usize,
        dest: ProvinceId,
    },
    Convoy,
    /// A support or convoy that matches nothing.
    Void,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Unresolved,
    Guessing,
    Resolved,
}

struct Piece {
    province: ProvinceId,
    unit: Unit,
    kind: Kind,
}

/// Working state of one adjudication.
struct Adjudicator<'a> {
    map: &'a Map,
    pieces: Vec<Piece>,
    /// Piece index by province.
    at: Vec<Option<usize>>,
    /// Pieces moving into each province.
    moves_to: Vec<Vec<usize>>,
    /// Valid supports of each piece's order (its move, or its staying put).
    supporters: Vec<Vec<usize>>,
    /// Fleets whose convoy orders match each convoyed army's move.
    convoyers: Vec<Vec<usize>>,
    /// Head-to-head opponent of each move.
    opponent: Vec<Option<usize>>,
    result: Vec<bool>,
    status: Vec<Status>,
    paradox: Vec<bool>,
    deps: Vec<usize>,
}

/// Adjudicates a movement phase. `orders` holds each province's checked order (`None` holds).
pub fn adjudicate(map: &Map, position: &Position, orders: &[Option<Checked>]) -> MovementResult {
    let mut a = Adjudicator::new(map, position, orders);
    for i in 0..a.pieces.len() {
        if a.is_decision(i) {
            a.resolve(i);
        }
    }
    a.finish(position)
}

impl<'a> Adjudicator<'a> {
    fn new(map: &'a Map, position: &Position, orders: &[Option<Checked>]) -> Self {
        let n_prov = map.province_count();
        let mut pieces = Vec::new();
        let mut at = vec![None; n_prov];
        for (p, unit) in position.units() {
            at[p.index()] = Some(pieces.len());
            pieces.push(Piece {
                province: p,
                unit,
                kind: Kind::Hold,
            });
        }
        let n = pieces.len();
        // First, moves, so supports and convoys can be matched against them.
        for i in 0..n {
            let p = pieces[i].province;
            if let Some(Checked::Move { to, by_convoy, .. }) = orders[p.index()] {
                pieces[i].kind = Kind::Move {
                    dest: map.province_of(to),
                    loc: to,
                    convoy: by_convoy,
                };
            }
        }
        // An army that could walk goes by sea when its own state's fleet convoys it (DATC 4.A.3).
        for i in 0..n {
            let p = pieces[i].province;
            if let Some(Checked::Convoy { from, to }) = orders[p.index()]
                && let Some(j) = at[from.index()]
                && pieces[j].unit.state == pieces[i].unit.state
                && pieces[j].unit.kind == UnitKind::Army
                && let Kind::Move { dest, convoy, .. } = &mut pieces[j].kind
                && *dest == to
            {
                *convoy = true;
            }
        }
        let mut supporters = vec![Vec::new(); n];
        let mut convoyers = vec![Vec::new(); n];
        for i in 0..n {
            let p = pieces[i].province;
            let kind = match orders[p.index()] {
                Some(Checked::SupportHold { supported }) => match at[supported.index()] {
                    Some(t) if !matches!(pieces[t].kind, Kind::Move { .. }) => {
                        supporters[t].push(i);
                        Kind::SupportHold { target: t }
                    }
                    _ => Kind::Void,
                },
                Some(Checked::SupportMove { from, to, coast }) => match at[from.index()] {
                    Some(t) => match pieces[t].kind {
                        Kind::Move { dest, loc, .. }
                            if dest == to && coast.is_none_or(|c| c == loc) =>
                        {
                            supporters[t].push(i);
                            Kind::SupportMove { target: t, dest }
                        }
                        _ => Kind::Void,
                    },
                    None => Kind::Void,
                },
                Some(Checked::Convoy { from, to }) => match at[from.index()] {
                    Some(t) => match pieces[t].kind {
                        Kind::Move {
                            dest, convoy: true, ..
                        } if dest == to => {
                            convoyers[t].push(i);
                            Kind::Convoy
                        }
                        _ => Kind::Void,
                    },
                    None => Kind::Void,
                },
                _ => continue,
            };
            pieces[i].kind = kind;
        }
        let mut moves_to = vec![Vec::new(); n_prov];
        let mut opponent = vec![None; n];
        for i in 0..n {
            if let Kind::Move { dest, convoy, .. } = pieces[i].kind {
                moves_to[dest.index()].push(i);
                if !convoy
                    && let Some(j) = at[dest.index()]
                    && let Kind::Move {
                        dest: back,
                        convoy: false,
                        ..
                    } = pieces[j].kind
                    && back == pieces[i].province
                {
                    opponent[i] = Some(j);
                }
            }
        }
        let mut result = vec![false; n];
        let mut status = vec![Status::Unresolved; n];
        for i in 0..n {
            if pieces[i].kind == Kind::Void {
                status[i] = Status::Resolved;
                result[i] = false;
            }
        }
        Adjudicator {
            map,
            pieces,
            at,
            moves_to,
            supporters,
            convoyers,
            opponent,
            result,
            status,
            paradox: vec![false; n],
            deps: Vec::new(),
        }
    }

    fn is_decision(&self, i: usize) -> bool {
        !matches!(self.pieces[i].kind, Kind::Hold)
    }

    /// The generic resolver of DATC 5.F: memoises results, detects cycles, guesses.
    fn resolve(&mut self, i: usize) -> bool {
        match self.status[i] {
            Status::Resolved => return self.result[i],
            Status::Guessing => {
                if !self.deps.contains(&i) {
                    self.deps.push(i);
                }
                return self.result[i];
            }
            Status::Unresolved => {}
        }
        let old = self.deps.len();
        self.result[i] = false;
        self.status[i] = Status::Guessing;
        let first = self.adjudicate(i);
        if self.deps.len() == old {
            // Depends on no guess: final.
            if self.status[i] != Status::Resolved {
                self.result[i] = first;
                self.status[i] = Status::Resolved;
            }
            return first;
        }
        if self.deps[old] != i {
            // Depends on a guess made further up: the caller settles it.
            self.deps.push(i);
            self.result[i] = first;
            return first;
        }
        // `i` heads a cycle: try the other guess.
        for k in old..self.deps.len() {
            let d = self.deps[k];
            self.status[d] = Status::Unresolved;
        }
        self.deps.truncate(old);
        self.result[i] = true;
        self.status[i] = Status::Guessing;
        let second = self.adjudicate(i);
        if first == second {
            // Exactly one consistent answer.
            for k in old..self.deps.len() {
                let d = self.deps[k];
                self.status[d] = Status::Unresolved;
            }
            self.deps.truncate(old);
            self.result[i] = first;
            self.status[i] = Status::Resolved;
            return first;
        }
        // No answer or two answers: the backup rule settles the cycle.
        let cycle: Vec<usize> = self.deps[old..].to_vec();
        self.deps.truncate(old);
        self.backup_rule(&cycle);
        self.resolve(i)
    }

    fn backup_rule(&mut self, cycle: &[usize]) {
        let has_convoy = cycle.iter().any(|&d| self.pieces[d].kind == Kind::Convoy);
        let all_moves = cycle
            .iter()
            .all(|&d| matches!(self.pieces[d].kind, Kind::Move { .. }));
        for &d in cycle {
            if has_convoy {
                // Szykman: the convoys of the paradox fail; the rest is worked out again.
                if self.pieces[d].kind == Kind::Convoy {
                    self.result[d] = false;
                    self.status[d] = Status::Resolved;
                    self.paradox[d] = true;
                } else {
                    self.status[d] = Status::Unresolved;
                }
            } else if all_moves {
                // A ring of moves: every unit moves on.
                self.result[d] = true;
                self.status[d] = Status::Resolved;
            } else {
                self.result[d] = false;
                self.status[d] = Status::Resolved;
            }
        }
    }

    fn adjudicate(&mut self, i: usize) -> bool {
        match self.pieces[i].kind {
            Kind::Move { dest, .. } => self.adjudicate_move(i, dest),
            Kind::SupportHold { .. } | Kind::SupportMove { .. } => self.adjudicate_support(i),
            Kind::Convoy => {
                let here = self.pieces[i].province;
                !self.entered(here)
            }
            Kind::Hold | Kind::Void => false,
        }
    }

    /// Whether some move into `province` succeeds (dislodging whatever stays there).
    fn entered(&mut self, province: ProvinceId) -> bool {
        for k in 0..self.moves_to[province.index()].len() {
            let m = self.moves_to[province.index()][k];
            if self.resolve(m) {
                return true;
            }
        }
        false
    }

    fn adjudicate_move(&mut self, i: usize, dest: ProvinceId) -> bool {
        if !self.path(i) {
            return false;
        }
        let attack = self.attack_strength(i);
        if let Some(o) = self.opponent[i] {
            if attack <= self.defend_strength(o) {
                return false;
            }
        } else if attack <= self.hold_strength(dest) {
            return false;
        }
        for k in 0..self.moves_to[dest.index()].len() {
            let other = self.moves_to[dest.index()][k];
            if other != i && attack <= self.prevent_strength(other) {
                return false;
            }
        }
        true
    }

    fn adjudicate_support(&mut self, i: usize) -> bool {
        let here = self.pieces[i].province;
        let state = self.pieces[i].unit.state;
        let supported_dest = match self.pieces[i].kind {
            Kind::SupportMove { dest, .. } => Some(dest),
            _ => None,
        };
        for k in 0..self.moves_to[here.index()].len() {
            let m = self.moves_to[here.index()][k];
            if self.pieces[m].unit.state == state {
                continue;
            }
            // An attack from the province the support is aimed at does not cut it, even by
            // convoy (DATC 4.A.4); it can still dislodge, checked below.
            if Some(self.pieces[m].province) == supported_dest {
                continue;
            }
            if self.path(m) {
                return false;
            }
        }
        !self.entered(here)
    }

    /// Whether a move has a route: by land always; by sea, a chain of fleets whose convoys hold.
    fn path(&mut self, i: usize) -> bool {
        let Kind::Move { dest, convoy, .. } = self.pieces[i].kind else {
            return false;
        };
        if !convoy {
            return true;
        }
        let from = self.pieces[i].province;
        let n = self.convoyers[i].len();
        if n == 0 {
            return false;
        }
        // Depth-first search over the fleets that convoy this army and still hold.
        let mut reached = vec![false; n];
        let mut stack = Vec::with_capacity(n);
        for k in 0..n {
            let f = self.convoyers[i][k];
            let sea = self.pieces[f].province;
            if self.map.seas_touching(from).contains(&sea) && self.resolve(f) {
                reached[k] = true;
                stack.push(k);
            }
        }
        while let Some(k) = stack.pop() {
            let sea = self.pieces[self.convoyers[i][k]].province;
            if self.map.seas_touching(dest).contains(&sea) {
                return true;
            }
            for j in 0..n {
                if reached[j] {
                    continue;
                }
                let f = self.convoyers[i][j];
                let next = self.pieces[f].province;
                if self.map.seas_touching(sea).contains(&next) && self.resolve(f) {
                    reached[j] = true;
                    stack.push(j);
                }
            }
        }
        false
    }

    fn support_count(&mut self, i: usize, not_of: Option<StateId>) -> u32 {
        let mut count = 0;
        for k in 0..self.supporters[i].len() {
            let s = self.supporters[i][k];
            if Some(self.pieces[s].unit.state) != not_of && self.resolve(s) {
                count += 1;
            }
        }
        count
    }

    fn hold_strength(&mut self, province: ProvinceId) -> u32 {
        match self.at[province.index()] {
            None => 0,
            Some(u) => match self.pieces[u].kind {
                Kind::Move { .. } => {
                    if self.resolve(u) {
                        0
                    } else {
                        1
                    }
                }
                _ => 1 + self.support_count(u, None),
            },
        }
    }

    fn attack_strength(&mut self, i: usize) -> u32 {
        if !self.path(i) {
            return 0;
        }
        let Kind::Move { dest, .. } = self.pieces[i].kind else {
            return 0;
        };
        let Some(u) = self.at[dest.index()] else {
            return 1 + self.support_count(i, None);
        };
        if matches!(self.pieces[u].kind, Kind::Move { .. })
            && self.opponent[i] != Some(u)
            && self.resolve(u)
        {
            return 1 + self.support_count(i, None);
        }
        let defender = self.pieces[u].unit.state;
        if defender == self.pieces[i].unit.state {
            return 0;
        }
        1 + self.support_count(i, Some(defender))
    }

    fn defend_strength(&mut self, i: usize) -> u32 {
        1 + self.support_count(i, None)
    }

    fn prevent_strength(&mut self, i: usize) -> u32 {
        if !self.path(i) {
            return 0;
        }
        // A unit that loses its head-to-head battle has no effect where its attacker came from
        // (DATC 4.A.7: only in a real head-to-head battle).
        if let Some(o) = self.opponent[i]
            && self.resolve(o)
        {
            return 0;
        }
        1 + self.support_count(i, None)
    }

    fn finish(mut self, position: &Position) -> MovementResult {
        let n_prov = self.map.province_count();
        let mut results = vec![None; n_prov];
        let mut moved_to = vec![None; n_prov];
        let mut by_convoy = vec![false; n_prov];
        let mut occupied = vec![false; n_prov];
        let mut entered_from: Vec<Option<usize>> = vec![None; n_prov];
        for i in 0..self.pieces.len() {
            if let Kind::Move { dest, convoy, .. } = self.pieces[i].kind {
                by_convoy[self.pieces[i].province.index()] = convoy;
                if self.result[i] {
                    entered_from[dest.index()] = Some(i);
                }
            }
        }
        let mut dislodged_pieces = Vec::new();
        for i in 0..self.pieces.len() {
            let p = self.pieces[i].province;
            let moved = matches!(self.pieces[i].kind, Kind::Move { .. }) && self.result[i];
            let was_dislodged = !moved && entered_from[p.index()].is_some();
            let has_path = matches!(self.pieces[i].kind, Kind::Move { .. }) && self.path(i);
            let result = match self.pieces[i].kind {
                Kind::Move { .. } if moved => Resolution::Succeeded,
                Kind::Move { .. } if !has_path => Resolution::Failed(Failure::NoConvoy),
                Kind::Move { .. } => Resolution::Failed(Failure::Bounced),
                Kind::Void => Resolution::Failed(Failure::Void),
                Kind::Convoy if self.paradox[i] => Resolution::Failed(Failure::Paradox),
                _ if was_dislodged => Resolution::Failed(Failure::Dislodged),
                Kind::SupportHold { .. } | Kind::SupportMove { .. } if !self.result[i] => {
                    Resolution::Failed(Failure::Cut)
                }
                Kind::Convoy if !self.result[i] => Resolution::Failed(Failure::Dislodged),
                _ => Resolution::Succeeded,
            };
            results[p.index()] = Some(result);
            if moved {
                let Kind::Move { loc, .. } = self.pieces[i].kind else {
                    unreachable!()
                };
                moved_to[p.index()] = Some(loc);
                occupied[self.map.province_of(loc).index()] = true;
            } else if was_dislodged {
                dislodged_pieces.push(i);
            } else {
                moved_to[p.index()] = Some(self.pieces[i].unit.loc);
                occupied[p.index()] = true;
            }
        }
        // A standoff leaves a province empty although a unit with a route tried to enter it. A
        // unit that lost a head-to-head battle to the unit from that very province does not
        // contest it (DATC 6.H.9): it was beaten, not stood off.
        let mut standoffs = Vec::new();
        for p in 0..n_prov {
            if occupied[p] || self.moves_to[p].is_empty() {
                continue;
            }
            let mut contested = false;
            for k in 0..self.moves_to[p].len() {
                let m = self.moves_to[p][k];
                let beaten_by_target = self.opponent[m].is_some_and(|o| self.result[o]);
                if self.path(m) && !beaten_by_target {
                    contested = true;
                }
            }
            if contested {
                standoffs.push(ProvinceId(p as u16));
            }
        }
        let mut dislodged = Vec::new();
        for i in dislodged_pieces {
            let piece = &self.pieces[i];
            let attacker = entered_from[piece.province.index()].expect("dislodged by someone");
            let attacker_from = self.pieces[attacker].province;
            let attacker_by_convoy =
                matches!(self.pieces[attacker].kind, Kind::Move { convoy: true, .. });
            let candidates: Vec<LocId> = match piece.unit.kind {
                UnitKind::Army => self
                    .map
                    .army_neighbours(piece.province)
                    .iter()
                    .map(|p| p.loc())
                    .collect(),
                UnitKind::Fleet => self.map.fleet_neighbours(piece.unit.loc).to_vec(),
            };
            let retreats = candidates
                .into_iter()
                .filter(|&l| {
                    let q = self.map.province_of(l);
                    !occupied[q.index()]
                        && !standoffs.contains(&q)
                        && (q != attacker_from || attacker_by_convoy)
                })
                .collect();
            dislodged.push(Dislodged {
                unit: piece.unit,
                attacker_from,
                retreats,
            });
        }
        let _ = position;
        MovementResult {
            results,
            moved_to,
            dislodged,
            standoffs,
            by_convoy,
        }
    }
}
