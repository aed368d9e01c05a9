//! Adjudication of a movement phase.
//!
//! The rules are a set of conditions every order's result must satisfy at once (DATC 5.B): a move
//! succeeds when its attack beats the hold, defend and prevent strengths against it; a support
//! counts unless cut or dislodged; a convoy carries unless its fleet is dislodged. Results are
//! found by recursion over these conditions. Where the recursion meets itself (circular movement,
//! convoy paradoxes) the guess algorithm (DATC 5.F) tries both answers: one consistent answer is
//! taken; with none or two, the backup rule applies: a ring of moves all succeed, and in a convoy
//! paradox the convoying fleets of the cycle fail (the Szykman rule, DATC 4.A.2).
//!
//! An [`Adjudicator`] keeps its working lists between phases, so that once it has seen a phase
//! of a map's size it adjudicates without allocating: checked orders in, typed outcomes out.

use std::hint::select_unpredictable;

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

/// What a movement phase did, as lists of its own (see [`Adjudicator`] for the same without
/// making lists).
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

/// No piece, no province: the end of a list or an empty slot.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Hold,
    Move {
        dest: ProvinceId,
        loc: LocId,
        convoy: bool,
    },
    SupportHold,
    SupportMove {
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

/// A unit and everything the adjudicator works out about its order, side by side so that a
/// phase fills one list.
#[derive(Debug, Clone, Copy)]
struct Piece {
    province: ProvinceId,
    unit: Unit,
    /// Where the unit ends if its move succeeds, or where it stands if it has none: read
    /// without looking at the kind of its order.
    target: (ProvinceId, LocId),
    kind: Kind,
    /// The kind again, as the row of [`RESOLUTIONS`] (hold, move, support, convoy, void), so
    /// that the outcome is written without a branch on the kind.
    class: u8,
    /// A move that goes by sea (the same as the kind's `convoy`, read without a branch).
    by_sea: bool,
    /// The decision depends on no other (a move by land into an empty province no other unit
    /// tries to enter, a support or convoy no unit attacks): it is true, settled when its turn
    /// comes unless the resolver got there first.
    quick: bool,
    status: Status,
    /// The decision: the move succeeds, the support is given, the convoy holds (once resolved,
    /// or as guessed).
    result: bool,
    /// A convoy of a paradox, failed by the Szykman rule.
    paradox: bool,
    /// Head-to-head opponent of a move (`NONE` if none).
    opponent: u32,
    /// The valid supports of this piece's order (its move, or its staying put): the first and
    /// last of a chain through [`Piece::next`], in ascending order of piece.
    supporters: (u32, u32),
    /// The fleets whose convoy orders match this army's move, as a chain the same way.
    convoyers: (u32, u32),
    /// The piece after this one in the one chain it belongs to: the supporters of the order it
    /// supports, the convoyers of the army it convoys, or the moves into its destination.
    next: u32,
}

/// The first piece of a chain, if any.
fn head(chain: (u32, u32)) -> Option<usize> {
    Some(chain.0 as usize).filter(|_| chain.0 != NONE)
}

/// A unit dislodged in the phase, as the adjudicator holds it.
#[derive(Debug, Clone, Copy)]
struct Dislodgement {
    unit: Unit,
    attacker_from: ProvinceId,
    /// Where its retreats lie in [`MovementOutcome::retreats`].
    retreats: (u32, u32),
}

/// What became of one unit in a movement phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitOutcome {
    /// The province it stood in at the start.
    pub province: ProvinceId,
    pub unit: Unit,
    pub resolution: Resolution,
    /// Where it ended: its start when it stayed, `None` when it was dislodged.
    pub end: Option<LocId>,
    /// Its order was a move that went by convoy.
    pub by_convoy: bool,
}

/// What a movement phase did, in buffers an [`Adjudicator`] reuses phase after phase.
#[derive(Debug, Clone, Default)]
pub struct MovementOutcome {
    /// The map's provinces, for lists by province.
    provinces: usize,
    /// Each unit, in the order of the provinces they stood in.
    units: Vec<UnitOutcome>,
    standoffs: Vec<ProvinceId>,
    dislodged: Vec<Dislodgement>,
    retreats: Vec<LocId>,
}

impl MovementOutcome {
    /// What became of each unit, in the order of the provinces they stood in at the start.
    pub fn units(&self) -> &[UnitOutcome] {
        &self.units
    }

    /// The result for the unit that stood in `province` (`None` where no unit stood).
    pub fn result(&self, province: ProvinceId) -> Option<Resolution> {
        self.units
            .binary_search_by_key(&province, |u| u.province)
            .ok()
            .map(|k| self.units[k].resolution)
    }

    /// Provinces left empty by a standoff, in province order.
    pub fn standoffs(&self) -> &[ProvinceId] {
        &self.standoffs
    }

    /// Units dislodged, in the order of the provinces they stood in: the unit, the province its
    /// attacker came from, and where it may retreat.
    pub fn dislodged(&self) -> impl ExactSizeIterator<Item = (Unit, ProvinceId, &[LocId])> + '_ {
        self.dislodged.iter().map(|d| {
            (
                d.unit,
                d.attacker_from,
                &self.retreats[d.retreats.0 as usize..d.retreats.1 as usize],
            )
        })
    }

    /// The dislodged units as the board keeps them.
    pub fn dislodged_units(&self) -> Vec<Dislodged> {
        self.dislodged()
            .map(|(unit, attacker_from, retreats)| Dislodged {
                unit,
                attacker_from,
                retreats: retreats.to_vec(),
            })
            .collect()
    }

    /// The same outcome in lists of its own, by province.
    pub fn to_result(&self) -> MovementResult {
        let mut results = vec![None; self.provinces];
        let mut moved_to = vec![None; self.provinces];
        let mut by_convoy = vec![false; self.provinces];
        for u in &self.units {
            let p = u.province.index();
            results[p] = Some(u.resolution);
            moved_to[p] = u.end;
            by_convoy[p] = u.by_convoy;
        }
        MovementResult {
            results,
            moved_to,
            dislodged: self.dislodged_units(),
            standoffs: self.standoffs.clone(),
            by_convoy,
        }
    }
}

/// A unit's result by the class of its order (hold, move, support, convoy, void), whether its
/// decision came out true, whether it was dislodged and whether it was a convoy of a paradox. A
/// move fails by bouncing (or, by sea, for want of a route, found apart); a void support or convoy
/// fails as void; a convoy of a paradox fails as such; otherwise a dislodged unit fails as
/// dislodged, a support whose decision is false was cut and a convoy whose decision is false was
/// dislodged. Read from a table rather than by branches the processor would guess wrong.
const RESOLUTIONS: [[[[Resolution; 2]; 2]; 2]; 5] = {
    use Failure::*;
    use Resolution::{Failed, Succeeded};
    let mut t = [[[[Succeeded; 2]; 2]; 2]; 5];
    let mut class = 0;
    while class < 5 {
        let mut result = 0;
        while result < 2 {
            let mut dislodged = 0;
            while dislodged < 2 {
                let mut paradox = 0;
                while paradox < 2 {
                    let (decided, ousted, szykman) = (result == 1, dislodged == 1, paradox == 1);
                    t[class][result][dislodged][paradox] = match class {
                        1 if decided => Succeeded,
                        1 => Failed(Bounced),
                        4 => Failed(Void),
                        3 if szykman => Failed(Paradox),
                        _ if ousted => Failed(Dislodged),
                        2 if !decided => Failed(Cut),
                        3 if !decided => Failed(Dislodged),
                        _ => Succeeded,
                    };
                    paradox += 1;
                }
                dislodged += 1;
            }
            result += 1;
        }
        class += 1;
    }
    t
};

/// What the adjudicator notes about one province during a phase.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The piece standing here (`NONE` if none).
    at: u32,
    /// Pieces moving here: the first and last of a chain through [`Piece::next`].
    moves: (u32, u32),
    /// The piece whose move here succeeded (`NONE` if none).
    entered_from: u32,
    /// A unit stands here after the phase.
    occupied: bool,
    /// Left empty by a standoff.
    standoff: bool,
}

impl Slot {
    const EMPTY: Slot = Slot {
        at: NONE,
        moves: (NONE, NONE),
        entered_from: NONE,
        occupied: false,
        standoff: false,
    };
}

/// The lists a phase's pieces are sorted into by the kind of their order, so that each list is
/// worked on without a branch on the kind (one the processor would guess wrong about half the
/// time): holds, moves, supports of a unit holding, supports of a move, convoys.
const HOLDS: usize = 0;
const MOVES: usize = 1;
const SUPPORT_HOLDS: usize = 2;
const SUPPORT_MOVES: usize = 3;
const CONVOYS: usize = 4;
const LISTS: usize = 5;

/// The list a unit's piece goes to by its checked order (no order: it holds).
fn list_of(order: &Option<Checked>) -> usize {
    match order {
        None | Some(Checked::Hold) => HOLDS,
        Some(Checked::Move { .. }) => MOVES,
        Some(Checked::SupportHold { .. }) => SUPPORT_HOLDS,
        Some(Checked::SupportMove { .. }) => SUPPORT_MOVES,
        Some(Checked::Convoy { .. }) => CONVOYS,
    }
}

/// Rows of [`RESOLUTIONS`].
const CLASS_MOVE: u8 = 1;
const CLASS_SUPPORT: u8 = 2;
const CLASS_CONVOY: u8 = 3;
const CLASS_VOID: u8 = 4;

/// Adjudicates movement phases, keeping its working lists from one phase to the next.
#[derive(Debug, Clone, Default)]
pub struct Adjudicator {
    pieces: Vec<Piece>,
    /// What is noted of each province, in one list so that a province is cleared with one
    /// write. Emptied where the last phase wrote it when the next one starts, so that a phase
    /// costs nothing for the many provinces no unit stands in or moves into.
    slots: Vec<Slot>,
    /// The pieces by the kind of their order: [`LISTS`] lists one after the other, each with
    /// room for every province, each in ascending order of piece.
    lists: Vec<u32>,
    /// How long each of those lists is this phase.
    lens: [usize; LISTS],
    /// The pieces whose decisions are left to the resolver (`n_hard` of them), then from the
    /// `pieces.len()`-th place the pieces whose decisions depend on no other (`n_quick`), each
    /// in ascending order (room for twice every province).
    turns: Vec<u32>,
    n_hard: usize,
    n_quick: usize,
    /// The piece whose decision the adjudicator is working out at the top, in the order of the
    /// pieces.
    turn: usize,
    /// The provinces units stand in, in province order (room for every province).
    stood: Vec<u32>,
    /// Set while a phase is being adjudicated: if it is still set when the next one starts (a
    /// panic in between), the by-province lists are emptied in full rather than by their pieces.
    busy: bool,
    deps: Vec<usize>,
    dislodged_pieces: Vec<u32>,
    out: MovementOutcome,
}

/// Adjudicates a movement phase. `orders` holds each province's checked order (`None` holds).
pub fn adjudicate(map: &Map, position: &Position, orders: &[Option<Checked>]) -> MovementResult {
    Adjudicator::default()
        .adjudicate(map, position, orders)
        .to_result()
}

impl Adjudicator {
    pub fn new() -> Adjudicator {
        Adjudicator::default()
    }

    /// Adjudicates a movement phase. `orders` holds each province's checked order (`None`
    /// holds). The outcome stays readable until the next phase is adjudicated.
    pub fn adjudicate(
        &mut self,
        map: &Map,
        position: &Position,
        orders: &[Option<Checked>],
    ) -> &MovementOutcome {
        self.prepare(map, position, orders);
        // Each decision in the order of the pieces. One that depends on no other is settled
        // when its turn comes, as the resolver would settle it, unless the resolver got there
        // first; holds and void orders were settled when read. Only the others are visited
        // here, so that the processor meets a branch for each of the few others rather than
        // two it guesses badly for every piece: the resolver settles such a decision it meets
        // whose turn has passed, and those never met are settled at the end.
        for h in 0..self.n_hard {
            let j = self.turns[h] as usize;
            self.turn = j;
            if self.pieces[j].status != Status::Resolved {
                self.resolve(map, j);
            }
        }
        let n = self.pieces.len();
        for q in n..n + self.n_quick {
            self.settle(self.turns[q] as usize);
        }
        // A decision, once resolved there, is final: each move that succeeded is noted where
        // it went (at most one a province), written without a branch on the result.
        let moves = MOVES * self.slots.len();
        for &m in &self.lists[moves..moves + self.lens[MOVES]] {
            let piece = &self.pieces[m as usize];
            let entered = &mut self.slots[piece.target.0.index()].entered_from;
            *entered = select_unpredictable(piece.result, m, *entered);
        }
        self.finish(map);
        self.busy = false;
        &self.out
    }

    /// Settles piece `i`'s decision as true (it depends on no other) unless the resolver has
    /// already resolved it: written without a branch.
    fn settle(&mut self, i: usize) {
        let piece = &mut self.pieces[i];
        piece.result |= piece.status != Status::Resolved;
        piece.status = Status::Resolved;
    }

    /// The outcome of the last phase adjudicated.
    pub fn outcome(&self) -> &MovementOutcome {
        &self.out
    }

    fn prepare(&mut self, map: &Map, position: &Position, orders: &[Option<Checked>]) {
        let n_prov = map.province_count();
        // The by-province lists are left empty after each phase; a size change or an
        // interrupted phase empties them in full.
        let all = self.busy || self.slots.len() != n_prov;
        self.busy = true;
        self.out.provinces = n_prov;
        if all {
            self.slots.clear();
            self.slots.resize(n_prov, Slot::EMPTY);
            self.lists.clear();
            self.lists.resize(LISTS * n_prov, 0);
            self.turns.clear();
            self.turns.resize(2 * n_prov, 0);
        } else {
            // The last phase's by-province notes are cleared where it wrote them: where its
            // units stood and where they moved (a piece's target is where it stood unless it
            // moved).
            for piece in &self.pieces {
                self.slots[piece.province.index()] = Slot::EMPTY;
                self.slots[piece.target.0.index()] = Slot::EMPTY;
            }
        }
        self.lens = [0; LISTS];
        self.pieces.clear();
        self.deps.clear();
        // The provinces with units, listed without a branch on each province (one that the
        // processor would guess wrong as often as not).
        let units = &position.units[..n_prov];
        self.stood.resize(n_prov, 0);
        let stood = &mut self.stood[..n_prov];
        let mut count = 0;
        for (k, u) in units.iter().enumerate() {
            stood[count] = k as u32;
            count += usize::from(u.is_some());
        }
        let pieces = &mut self.pieces;
        let slots = &mut self.slots[..n_prov];
        let lists = &mut self.lists[..LISTS * n_prov];
        let lens = &mut self.lens;
        let orders = &orders[..n_prov];
        // Every unit as a piece that holds, put in the list of its order's kind: the orders
        // are read list by list below.
        for &k in &stood[..count] {
            let Some(unit) = units[k as usize] else {
                continue;
            };
            let p = ProvinceId(k as u16);
            let i = pieces.len() as u32;
            slots[p.index()].at = i;
            let list = list_of(&orders[p.index()]);
            lists[list * n_prov + lens[list]] = i;
            lens[list] += 1;
            pieces.push(Piece {
                province: p,
                unit,
                target: (p, unit.loc),
                kind: Kind::Hold,
                class: 0,
                by_sea: false,
                quick: false,
                // A hold's decision is never asked for: settled now, so that it is passed over.
                status: if list == HOLDS {
                    Status::Resolved
                } else {
                    Status::Unresolved
                },
                result: false,
                paradox: false,
                opponent: NONE,
                supporters: (NONE, NONE),
                convoyers: (NONE, NONE),
                next: NONE,
            });
        }
        let [_, moves, support_holds, support_moves, convoys] =
            [HOLDS, MOVES, SUPPORT_HOLDS, SUPPORT_MOVES, CONVOYS]
                .map(|l| &lists[l * n_prov..l * n_prov + lens[l]]);
        // The moves, in ascending order of piece, chained by the province they go to; a
        // head-to-head battle is found at the second unit of the pair (the first one's kind is
        // then a move).
        for &i in moves {
            let p = pieces[i as usize].province;
            let Some(Checked::Move { to, by_convoy, .. }) = orders[p.index()] else {
                unreachable!("listed with the moves");
            };
            let dest = map.province_of(to);
            let slot = &mut slots[dest.index()];
            match slot.moves.1 {
                NONE => slot.moves.0 = i,
                last => pieces[last as usize].next = i,
            }
            slot.moves.1 = i;
            let at = slot.at;
            let mut opponent = NONE;
            // The unit in the province moved into, if it was met before this one; otherwise
            // (none there, or met later) this piece itself, not yet a move: read without a
            // branch on which.
            let j = at.min(i);
            let other = &pieces[j as usize];
            let back = (other.class == CLASS_MOVE) & !other.by_sea & (other.target.0 == p);
            if !by_convoy && at == i {
                // A move to where it stands (never checked legal) meets itself, as it always
                // did.
                opponent = i;
            } else if !by_convoy & back {
                opponent = j;
                pieces[j as usize].opponent = i;
            }
            let piece = &mut pieces[i as usize];
            piece.opponent = opponent;
            piece.kind = Kind::Move {
                dest,
                loc: to,
                convoy: by_convoy,
            };
            piece.class = CLASS_MOVE;
            piece.by_sea = by_convoy;
            piece.target = (dest, to);
        }
        let piece_at = |p: ProvinceId| {
            let at = slots[p.index()].at;
            Some(at as usize).filter(|_| at != NONE)
        };
        // An army that could walk goes by sea when its own state's fleet convoys it (DATC 4.A.3):
        // then it is in no head-to-head battle.
        for &i in convoys {
            let i = i as usize;
            let Some(Checked::Convoy { from, to }) = orders[pieces[i].province.index()] else {
                unreachable!("listed with the convoys");
            };
            if let Some(j) = piece_at(from)
                && pieces[j].unit.state == pieces[i].unit.state
                && pieces[j].unit.kind == UnitKind::Army
                && let Kind::Move { dest, convoy, .. } = &mut pieces[j].kind
                && *dest == to
            {
                *convoy = true;
                pieces[j].by_sea = true;
                let o = pieces[j].opponent;
                if o != NONE {
                    pieces[o as usize].opponent = NONE;
                    pieces[j].opponent = NONE;
                }
            }
        }
        /// Adds piece `i` at the end of `chain` (pieces are added in ascending order).
        fn push(
            pieces: &mut [Piece],
            chain: fn(&mut Piece) -> &mut (u32, u32),
            t: usize,
            i: usize,
        ) {
            let c = *chain(&mut pieces[t]);
            match c.1 {
                NONE => chain(&mut pieces[t]).0 = i as u32,
                last => pieces[last as usize].next = i as u32,
            }
            chain(&mut pieces[t]).1 = i as u32;
        }
        let supporters: fn(&mut Piece) -> &mut (u32, u32) = |p| &mut p.supporters;
        let convoyers: fn(&mut Piece) -> &mut (u32, u32) = |p| &mut p.convoyers;
        // Supports and convoys, matched to what they support or carry, a kind at a time (a
        // chain holds one kind only, so each stays in ascending order). One that matches
        // nothing is void, settled now; one that no unit attacks depends on no other decision.
        let matched = |pieces: &mut [Piece], i: usize, kind: Kind, class: u8| {
            let piece = &mut pieces[i];
            piece.kind = kind;
            piece.class = class;
            piece.quick = slots[piece.province.index()].moves.0 == NONE;
        };
        let void = |pieces: &mut [Piece], i: usize| {
            let piece = &mut pieces[i];
            piece.kind = Kind::Void;
            piece.class = CLASS_VOID;
            piece.status = Status::Resolved;
        };
        for &i in support_holds {
            let i = i as usize;
            let Some(Checked::SupportHold { supported }) = orders[pieces[i].province.index()]
            else {
                unreachable!("listed with the supports of a unit holding");
            };
            match piece_at(supported) {
                Some(t) if !matches!(pieces[t].kind, Kind::Move { .. }) => {
                    push(pieces, supporters, t, i);
                    matched(pieces, i, Kind::SupportHold, CLASS_SUPPORT);
                }
                _ => void(pieces, i),
            }
        }
        for &i in support_moves {
            let i = i as usize;
            let Some(Checked::SupportMove { from, to, coast }) = orders[pieces[i].province.index()]
            else {
                unreachable!("listed with the supports of a move");
            };
            match piece_at(from).map(|t| (t, pieces[t].kind)) {
                Some((t, Kind::Move { dest, loc, .. }))
                    if dest == to && coast.is_none_or(|c| c == loc) =>
                {
                    push(pieces, supporters, t, i);
                    matched(pieces, i, Kind::SupportMove { dest }, CLASS_SUPPORT);
                }
                _ => void(pieces, i),
            }
        }
        for &i in convoys {
            let i = i as usize;
            let Some(Checked::Convoy { from, to }) = orders[pieces[i].province.index()] else {
                unreachable!("listed with the convoys");
            };
            match piece_at(from).map(|t| (t, pieces[t].kind)) {
                Some((
                    t,
                    Kind::Move {
                        dest, convoy: true, ..
                    },
                )) if dest == to => {
                    push(pieces, convoyers, t, i);
                    matched(pieces, i, Kind::Convoy, CLASS_CONVOY);
                }
                _ => void(pieces, i),
            }
        }
        // The decisions left to the resolver, and those that depend on no other, listed
        // without a branch on each piece (see `adjudicate`).
        let n = pieces.len();
        let turns = &mut self.turns[..2 * n];
        let (mut hard, mut quick) = (0, 0);
        for (i, piece) in pieces.iter_mut().enumerate() {
            // A move depends on no other decision when it goes by land into an empty province
            // no other unit tries to enter (worked out here for every piece, kept for moves).
            let slot = &slots[piece.target.0.index()];
            let alone = (slot.at == NONE) & (slot.moves == (i as u32, i as u32)) & !piece.by_sea;
            piece.quick = select_unpredictable(piece.class == CLASS_MOVE, alone, piece.quick);
            let open = piece.status != Status::Resolved;
            turns[hard] = i as u32;
            turns[n + quick] = i as u32;
            hard += usize::from(open & !piece.quick);
            quick += usize::from(open & piece.quick);
        }
        self.n_hard = hard;
        self.n_quick = quick;
    }

    fn opponent(&self, i: usize) -> Option<usize> {
        let o = self.pieces[i].opponent;
        Some(o as usize).filter(|_| o != NONE)
    }

    fn piece_at(&self, p: ProvinceId) -> Option<usize> {
        let at = self.slots[p.index()].at;
        Some(at as usize).filter(|_| at != NONE)
    }

    /// The piece after `i` in its chain.
    fn after(&self, i: usize) -> Option<usize> {
        let n = self.pieces[i].next;
        Some(n as usize).filter(|_| n != NONE)
    }

    /// The first move into `province`.
    fn first_move_to(&self, province: ProvinceId) -> Option<usize> {
        head(self.slots[province.index()].moves)
    }

    /// The generic resolver of DATC 5.F: memoises results, detects cycles, guesses.
    fn resolve(&mut self, map: &Map, i: usize) -> bool {
        match self.pieces[i].status {
            Status::Resolved => return self.pieces[i].result,
            Status::Guessing => {
                if !self.deps.contains(&i) {
                    self.deps.push(i);
                }
                return self.pieces[i].result;
            }
            Status::Unresolved => {}
        }
        if self.pieces[i].quick && i < self.turn {
            // Its turn has passed: it would have been settled then (see `adjudicate`).
            self.settle(i);
            return true;
        }
        let old = self.deps.len();
        self.pieces[i].result = false;
        self.pieces[i].status = Status::Guessing;
        let first = self.adjudicate_piece(map, i);
        if self.deps.len() == old {
            // Depends on no guess: final.
            if self.pieces[i].status != Status::Resolved {
                self.pieces[i].result = first;
                self.pieces[i].status = Status::Resolved;
            }
            return first;
        }
        if self.deps[old] != i {
            // Depends on a guess made further up: the caller settles it.
            self.deps.push(i);
            self.pieces[i].result = first;
            return first;
        }
        // `i` heads a cycle: try the other guess.
        for k in old..self.deps.len() {
            let d = self.deps[k];
            self.pieces[d].status = Status::Unresolved;
        }
        self.deps.truncate(old);
        self.pieces[i].result = true;
        self.pieces[i].status = Status::Guessing;
        let second = self.adjudicate_piece(map, i);
        if first == second {
            // Exactly one consistent answer.
            for k in old..self.deps.len() {
                let d = self.deps[k];
                self.pieces[d].status = Status::Unresolved;
            }
            self.deps.truncate(old);
            self.pieces[i].result = first;
            self.pieces[i].status = Status::Resolved;
            return first;
        }
        // No answer or two answers: the backup rule settles the cycle.
        self.backup_rule(old);
        self.deps.truncate(old);
        self.resolve(map, i)
    }

    /// Settles the cycle of decisions `deps[from..]`.
    fn backup_rule(&mut self, from: usize) {
        let cycle = from..self.deps.len();
        let has_convoy = cycle
            .clone()
            .any(|k| self.pieces[self.deps[k]].kind == Kind::Convoy);
        let all_moves = cycle
            .clone()
            .all(|k| matches!(self.pieces[self.deps[k]].kind, Kind::Move { .. }));
        for k in cycle {
            let d = self.deps[k];
            if has_convoy {
                // Szykman: the convoys of the paradox fail; the rest is worked out again.
                if self.pieces[d].kind == Kind::Convoy {
                    self.pieces[d].result = false;
                    self.pieces[d].status = Status::Resolved;
                    self.pieces[d].paradox = true;
                } else {
                    self.pieces[d].status = Status::Unresolved;
                }
            } else if all_moves {
                // A ring of moves: every unit moves on.
                self.pieces[d].result = true;
                self.pieces[d].status = Status::Resolved;
            } else {
                self.pieces[d].result = false;
                self.pieces[d].status = Status::Resolved;
            }
        }
    }

    fn adjudicate_piece(&mut self, map: &Map, i: usize) -> bool {
        match self.pieces[i].kind {
            Kind::Move { dest, .. } => self.adjudicate_move(map, i, dest),
            Kind::SupportHold | Kind::SupportMove { .. } => self.adjudicate_support(map, i),
            Kind::Convoy => {
                let here = self.pieces[i].province;
                !self.entered(map, here)
            }
            Kind::Hold | Kind::Void => false,
        }
    }

    /// Whether some move into `province` succeeds (dislodging whatever stays there).
    fn entered(&mut self, map: &Map, province: ProvinceId) -> bool {
        let mut next = self.first_move_to(province);
        while let Some(m) = next {
            if self.resolve(map, m) {
                return true;
            }
            next = self.after(m);
        }
        false
    }

    fn adjudicate_move(&mut self, map: &Map, i: usize, dest: ProvinceId) -> bool {
        if !self.path(map, i) {
            return false;
        }
        let attack = self.attack_strength(map, i);
        if let Some(o) = self.opponent(i) {
            if attack <= self.defend_strength(map, o) {
                return false;
            }
        } else if attack <= self.hold_strength(map, dest) {
            return false;
        }
        let mut next = self.first_move_to(dest);
        while let Some(other) = next {
            if other != i && attack <= self.prevent_strength(map, other) {
                return false;
            }
            next = self.after(other);
        }
        true
    }

    fn adjudicate_support(&mut self, map: &Map, i: usize) -> bool {
        let here = self.pieces[i].province;
        let state = self.pieces[i].unit.state;
        let supported_dest = match self.pieces[i].kind {
            Kind::SupportMove { dest } => Some(dest),
            _ => None,
        };
        let mut next = self.first_move_to(here);
        while let Some(m) = next {
            next = self.after(m);
            if self.pieces[m].unit.state == state {
                continue;
            }
            // An attack from the province the support is aimed at does not cut it, even by
            // convoy (DATC 4.A.4); it can still dislodge, checked below.
            if Some(self.pieces[m].province) == supported_dest {
                continue;
            }
            if self.path(map, m) {
                return false;
            }
        }
        !self.entered(map, here)
    }

    /// Whether a move has a route: by land always; by sea, a chain of fleets whose convoys hold.
    /// Kept small enough to be inlined where it is asked, as it is most often of a move by
    /// land; the search by sea is apart.
    #[inline]
    fn path(&mut self, map: &Map, i: usize) -> bool {
        match self.pieces[i].kind {
            Kind::Move { convoy: false, .. } => true,
            Kind::Move { dest, .. } => self.sea_path(map, i, dest),
            _ => false,
        }
    }

    /// Whether a move by sea has a chain of fleets whose convoys hold.
    #[inline(never)]
    fn sea_path(&mut self, map: &Map, i: usize, dest: ProvinceId) -> bool {
        let mut n = 0;
        let mut next = head(self.pieces[i].convoyers);
        while let Some(f) = next {
            n += 1;
            next = self.after(f);
        }
        if n == 0 {
            return false;
        }
        // The search can come back here for the same army through the convoys' own results,
        // so each call keeps its marks to itself: on the stack for up to 64 fleets.
        const SMALL: usize = 64;
        if n <= SMALL {
            let mut fleets = [0usize; SMALL];
            let mut reached = [false; SMALL];
            let mut stack = [0usize; SMALL];
            self.convoy_search(
                map,
                i,
                dest,
                &mut fleets[..n],
                &mut reached[..n],
                &mut stack[..n],
            )
        } else {
            self.convoy_search(
                map,
                i,
                dest,
                &mut vec![0; n],
                &mut vec![false; n],
                &mut vec![0; n],
            )
        }
    }

    /// Depth-first search over the fleets that convoy army `i` and still hold; `fleets`,
    /// `reached` and `stack` have room for each of them.
    fn convoy_search(
        &mut self,
        map: &Map,
        i: usize,
        dest: ProvinceId,
        fleets: &mut [usize],
        reached: &mut [bool],
        stack: &mut [usize],
    ) -> bool {
        let from = self.pieces[i].province;
        let mut next = head(self.pieces[i].convoyers);
        for slot in fleets.iter_mut() {
            let f = next.expect("as many fleets as counted");
            *slot = f;
            next = self.after(f);
        }
        let n = fleets.len();
        let mut len = 0;
        for k in 0..n {
            let sea = self.pieces[fleets[k]].province;
            if map.seas_touching(from).contains(&sea) && self.resolve(map, fleets[k]) {
                reached[k] = true;
                stack[len] = k;
                len += 1;
            }
        }
        while len > 0 {
            len -= 1;
            let k = stack[len];
            let sea = self.pieces[fleets[k]].province;
            if map.seas_touching(dest).contains(&sea) {
                return true;
            }
            for j in 0..n {
                if reached[j] {
                    continue;
                }
                let next = self.pieces[fleets[j]].province;
                if map.seas_touching(sea).contains(&next) && self.resolve(map, fleets[j]) {
                    reached[j] = true;
                    stack[len] = j;
                    len += 1;
                }
            }
        }
        false
    }

    fn support_count(&mut self, map: &Map, i: usize, not_of: Option<StateId>) -> u32 {
        let mut count = 0;
        let mut next = head(self.pieces[i].supporters);
        while let Some(s) = next {
            if Some(self.pieces[s].unit.state) != not_of && self.resolve(map, s) {
                count += 1;
            }
            next = self.after(s);
        }
        count
    }

    fn hold_strength(&mut self, map: &Map, province: ProvinceId) -> u32 {
        match self.piece_at(province) {
            None => 0,
            Some(u) => match self.pieces[u].kind {
                Kind::Move { .. } => {
                    if self.resolve(map, u) {
                        0
                    } else {
                        1
                    }
                }
                _ => 1 + self.support_count(map, u, None),
            },
        }
    }

    fn attack_strength(&mut self, map: &Map, i: usize) -> u32 {
        if !self.path(map, i) {
            return 0;
        }
        let Kind::Move { dest, .. } = self.pieces[i].kind else {
            return 0;
        };
        let Some(u) = self.piece_at(dest) else {
            return 1 + self.support_count(map, i, None);
        };
        if matches!(self.pieces[u].kind, Kind::Move { .. })
            && self.opponent(i) != Some(u)
            && self.resolve(map, u)
        {
            return 1 + self.support_count(map, i, None);
        }
        let defender = self.pieces[u].unit.state;
        if defender == self.pieces[i].unit.state {
            return 0;
        }
        1 + self.support_count(map, i, Some(defender))
    }

    fn defend_strength(&mut self, map: &Map, i: usize) -> u32 {
        1 + self.support_count(map, i, None)
    }

    fn prevent_strength(&mut self, map: &Map, i: usize) -> u32 {
        if !self.path(map, i) {
            return 0;
        }
        // A unit that loses its head-to-head battle has no effect where its attacker came from
        // (DATC 4.A.7: only in a real head-to-head battle).
        if let Some(o) = self.opponent(i)
            && self.resolve(map, o)
        {
            return 0;
        }
        1 + self.support_count(map, i, None)
    }

    fn finish(&mut self, map: &Map) {
        let out = &mut self.out;
        out.standoffs.clear();
        out.dislodged.clear();
        out.retreats.clear();
        out.units.clear();
        // The dislodged pieces are listed without a branch on each piece: written at the end
        // of the list, which then grows only when the piece was dislodged.
        let n = self.pieces.len();
        self.dislodged_pieces.clear();
        self.dislodged_pieces.resize(n, 0);
        let mut n_dislodged = 0;
        for i in 0..n {
            let piece = self.pieces[i];
            let p = piece.province;
            let (dest, loc) = piece.target;
            let moved = (piece.class == CLASS_MOVE) & piece.result;
            // A unit that did not move away from where a move succeeded was dislodged.
            let dislodged = !moved & (self.slots[p.index()].entered_from != NONE);
            let mut resolution = RESOLUTIONS[usize::from(piece.class)][usize::from(piece.result)]
                [usize::from(dislodged)][usize::from(piece.paradox)];
            // Only a move by sea can lack a route.
            if piece.by_sea && !piece.result && !self.path(map, i) {
                resolution = Resolution::Failed(Failure::NoConvoy);
            }
            self.dislodged_pieces[n_dislodged] = i as u32;
            n_dislodged += usize::from(dislodged);
            let stays = select_unpredictable(moved, u32::from(dest.0), u32::from(p.0)) as usize;
            self.slots[stays].occupied |= !dislodged;
            self.out.units.push(UnitOutcome {
                province: p,
                unit: piece.unit,
                resolution,
                end: (!dislodged).then_some(if moved { loc } else { piece.unit.loc }),
                by_convoy: piece.by_sea,
            });
        }
        self.dislodged_pieces.truncate(n_dislodged);
        // A standoff leaves a province empty although a unit with a route tried to enter it. A
        // unit that lost a head-to-head battle to the unit from that very province does not
        // contest it (DATC 6.H.9): it was beaten, not stood off. Each province moved into is
        // looked at once, from the first move into it.
        let moves = MOVES * self.slots.len();
        for k in moves..moves + self.lens[MOVES] {
            let i = self.lists[k] as usize;
            let dest = self.pieces[i].target.0;
            let p = dest.index();
            let slot = self.slots[p];
            if slot.occupied || head(slot.moves) != Some(i) {
                continue;
            }
            let mut contested = false;
            let mut next = head(slot.moves);
            while let Some(m) = next {
                let beaten_by_target = self.opponent(m).is_some_and(|o| self.pieces[o].result);
                let by_sea = self.pieces[m].by_sea;
                if (!by_sea || self.path(map, m)) && !beaten_by_target {
                    contested = true;
                }
                next = self.after(m);
            }
            if contested {
                self.slots[p].standoff = true;
                self.out.standoffs.push(dest);
            }
        }
        self.out.standoffs.sort_unstable();
        for k in 0..self.dislodged_pieces.len() {
            let piece = &self.pieces[self.dislodged_pieces[k] as usize];
            let attacker = self.slots[piece.province.index()].entered_from;
            debug_assert!(attacker != NONE, "dislodged by someone");
            let attacker = &self.pieces[attacker as usize];
            let attacker_from = attacker.province;
            let attacker_by_convoy = matches!(attacker.kind, Kind::Move { convoy: true, .. });
            let slots = &self.slots;
            let open = |l: LocId| {
                let q = map.province_of(l);
                let slot = &slots[q.index()];
                !slot.occupied && !slot.standoff && (q != attacker_from || attacker_by_convoy)
            };
            let first = self.out.retreats.len() as u32;
            match piece.unit.kind {
                UnitKind::Army => self.out.retreats.extend(
                    map.army_neighbours(piece.province)
                        .iter()
                        .map(|p| p.loc())
                        .filter(|&l| open(l)),
                ),
                UnitKind::Fleet => self.out.retreats.extend(
                    map.fleet_neighbours(piece.unit.loc)
                        .iter()
                        .copied()
                        .filter(|&l| open(l)),
                ),
            }
            self.out.dislodged.push(Dislodgement {
                unit: piece.unit,
                attacker_from,
                retreats: (first, self.out.retreats.len() as u32),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::rules::legality::check_movement;
    use crate::rules::options::random_orders;
    use crate::rules::{Game, PhaseKind};
    use crate::scenario::Scenario;

    /// An adjudicator that has seen other phases (its lists emptied piece by piece, not afresh)
    /// must give exactly what a new one gives, and what the game then does.
    #[test]
    fn a_reused_adjudicator_gives_what_a_new_one_gives() {
        let scenario = Arc::new(Scenario::classic());
        let map = &scenario.map;
        let mut rng = ChaCha8Rng::seed_from_u64(18);
        let mut reused = Adjudicator::new();
        let (mut phases, mut dislodged, mut standoffs) = (0, 0, 0);
        for _ in 0..4 {
            let mut game = Game::new(scenario.clone());
            while !game.is_over() && game.phase().year < 1908 {
                let movement = game.phase().kind == PhaseKind::Movement;
                let mut checked = vec![None; map.province_count()];
                for s in scenario.state_ids() {
                    for o in random_orders(&game, s, &mut rng) {
                        if movement {
                            let p = o.unit().unwrap().place.province;
                            checked[p.index()] =
                                Some(check_movement(&scenario, game.position(), s, &o).unwrap());
                        }
                        game.submit_order(s, &o).unwrap();
                    }
                }
                if movement {
                    let position = game.position().clone();
                    let again = format!("{:?}", reused.adjudicate(map, &position, &checked));
                    let fresh = format!(
                        "{:?}",
                        Adjudicator::new().adjudicate(map, &position, &checked)
                    );
                    assert_eq!(again, fresh, "phase {}", game.phase());
                    let outcome = reused.outcome();
                    phases += 1;
                    dislodged += outcome.dislodged().len();
                    standoffs += outcome.standoffs().len();
                    let want = outcome.dislodged_units();
                    let report = game.resolve();
                    assert_eq!(report.dislodged, want);
                } else {
                    game.resolve();
                }
            }
        }
        // The phases must have exercised what is cleared between phases.
        assert!(
            phases > 20 && dislodged > 0 && standoffs > 5,
            "{phases} phases, {dislodged} dislodged, {standoffs} standoffs"
        );
    }
}
