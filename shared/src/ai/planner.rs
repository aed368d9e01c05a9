//! The order planner of the doctrines' computer players.
//!
//! 1. **Values.** Every province gets a value for the state: centres to take (more from the
//!    states it fears most and the ones its alliances are aimed at, nothing from partners), its
//!    own centres to keep where an enemy could walk in, and for every place a unit can stand a
//!    pull towards those targets, along the ways armies and fleets can go.
//! 2. **Likelihoods.** Every other unit gets a plain guess of what it will do (see
//!    [`super::board`]), from which come the chance that a move with a given number of supports
//!    gets through (the defender may stay and be supported, rivals may walk in, supports may be
//!    cut) and the chance that a unit of ours is dislodged.
//! 3. **Operations.** Candidate operations are weighed by what they are expected to gain: a move
//!    with up to three supports, an army carried by one or two fleets, a support that keeps a
//!    threatened unit in place. The best are taken greedily, each unit in one operation and each
//!    province the target of one move, a supporter's worth counted as what it gives up.
//! 4. **Free units** then add supports to moves already chosen, back their partners' attacks and
//!    threatened units, follow a unit of theirs into the province it leaves, move towards their
//!    targets, or hold.
//!
//! Partners' provinces and centres are never entered nor attacked, and the provinces partners
//! planned earlier move to are left to them; a partner planning later may be asked to support
//! an attack our own units cannot carry (it weighs the request against its own plans).
//! Deterrence: a state with no quarrel with an allied state leaves it alone while a partner of
//! it stands next to its places. Near a solo, every centre not a partner's is worth
//! more. Retreats and builds use the same values; builds choose between armies and fleets by
//! where the state's targets are, by land or by sea.

use rand::Rng;

use super::OrderChoice;
use super::board::Board;
use super::openings;
use crate::doctrine::BoardStyle;
use crate::map::{LocId, ProvinceId, ProvinceKind};
use crate::play::Match;
use crate::rules::legality::check_movement;
use crate::rules::order::{Place, UnitRef};
use crate::rules::{Order, PhaseKind, Unit, UnitKind};
use crate::scenario::StateId;

// The values and weights below are tuning knobs (see [`super::knob`]).

/// A centre of another state, at ordinary hostility.
fn centre() -> f64 {
    super::knob("CENTRE", 10.0)
}
/// A centre nobody owns.
fn neutral() -> f64 {
    super::knob("NEUTRAL", 11.0)
}
/// Extra for retaking a home centre.
fn home_back() -> f64 {
    super::knob("HOME_BACK", 4.0)
}
/// An own centre, where an enemy could walk in.
fn keep_value() -> f64 {
    super::knob("KEEP", 14.0)
}
/// What a unit of ours is worth (lost when dislodged, as often as not).
fn unit_value() -> f64 {
    super::knob("UNIT_VALUE", 5.0)
}
/// What dislodging an enemy unit is worth.
fn dislodge() -> f64 {
    super::knob("DISLODGE", 2.0)
}
/// The cost of a move that fails (the unit did nothing useful, and gave nothing away).
fn fail_cost() -> f64 {
    super::knob("FAIL_COST", 2.0)
}
/// A move less likely than this to get through is not worth giving.
fn min_chance() -> f64 {
    super::knob("MIN_CHANCE", 0.3)
}
/// Of the value of a centre taken in the autumn, what standing on it in the spring is worth.
fn spring_take() -> f64 {
    super::knob("SPRING_TAKE", 0.7)
}
/// Of the value of keeping a threatened centre in the autumn, the spring's share.
fn spring_keep() -> f64 {
    super::knob("SPRING_KEEP", 0.5)
}
/// The weight of a place's pull (what it is next to) against its own value.
fn pos_spring() -> f64 {
    super::knob("POS_SPRING", 0.45)
}
fn pos_autumn() -> f64 {
    super::knob("POS_AUTUMN", 0.3)
}
/// The pull's decay per step.
const GAMMA: f64 = 0.6;
/// A move must be worth at least this much more than staying.
fn min_gain() -> f64 {
    super::knob("MIN_GAIN", 0.25)
}
/// Most supports given to one move.
const MAX_SUPPORTS: usize = 3;

/// A support a state planning its moves counted on from a partner that plans after it: the
/// partner's unit in `helper` is asked to support `unit` (of `state`) into `to`. Partners who
/// plan one after the other attack together this way: a small state's lone army never breaks
/// a supported defence, two or three neighbours' armies can.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Request {
    pub helper: ProvinceId,
    pub state: StateId,
    pub unit: UnitRef,
    pub to: ProvinceId,
    /// What the support adds to the asking state's expected gain.
    pub worth: f64,
}

/// What the state makes of the board this phase.
pub(crate) struct Ctx<'a> {
    pub b: &'a Board<'a>,
    pub me: StateId,
    /// Per state: a partner (not itself).
    pub partner: Vec<bool>,
    /// Per state: how much it is an enemy (0 for partners and itself).
    pub hostility: Vec<f64>,
    /// Per province: the value of taking it (other states' centres and neutral ones).
    pub take: Vec<f64>,
    /// Per province: the value of keeping an own centre.
    pub keep: Vec<f64>,
    /// Per province: the chance that an enemy unit moves in, if it stays empty.
    pub danger: Vec<f64>,
    /// Per province: not to be entered nor attacked (a partner's unit or centre, or where a
    /// partner planned earlier moves).
    pub forbidden: Vec<bool>,
    /// Per province: a partner's unit or centre (a move or support there attacks a partner).
    pub partners_own: Vec<bool>,
    /// Per province: what standing there at the phase's end is worth before its pull.
    pub seed: Vec<f64>,
    /// By location: the pull of the targets for an army, and for a fleet, each worked out the
    /// first time it is asked for (a state without fleets never needs the fleets' pulls, nor a
    /// retreat phase most of either).
    pull_army: std::cell::OnceCell<Vec<f64>>,
    pull_fleet: std::cell::OnceCell<Vec<f64>>,
    pub fall: bool,
    pub pos_weight: f64,
    pub style: BoardStyle,
    pub partner_orders: &'a [(StateId, Order)],
    /// Per state: a partner that plans after this state this phase, so that its units may be
    /// asked to support our moves.
    pub askable: Vec<bool>,
    /// What partners that planned before asked of our units.
    pub requests: &'a [Request],
}

/// The state's orders for the phase, and the supports it asks of the partners that plan after
/// it (`later`, per state).
pub(crate) fn plan(
    b: &Board,
    table: &Match,
    me: StateId,
    partner_orders: &[(StateId, Order)],
    requests: &[Request],
    later: &[bool],
    rng: &mut impl Rng,
) -> (Vec<OrderChoice>, Vec<Request>) {
    let game = b.game;
    if game.is_over() {
        return (Vec::new(), Vec::new());
    }
    // Nothing to order: no time spent weighing the board.
    let idle = match game.phase().kind {
        PhaseKind::Movement => b.position.unit_count(me) == 0,
        PhaseKind::Retreat => !b.position.dislodged.iter().any(|d| d.unit.state == me),
        PhaseKind::Adjustment => game.adjustment_count(me) == 0,
    };
    if idle {
        return (Vec::new(), Vec::new());
    }
    let ctx = Ctx::new(b, table, me, partner_orders, requests, later);
    match game.phase().kind {
        PhaseKind::Movement => {
            let (mut out, asked) = match openings::opening(&ctx, rng) {
                Some(o) => (o, Vec::new()),
                None => movement(&ctx, rng),
            };
            // A plan is never worth an order the rules refuse.
            out.retain(|c| check_movement(b.scenario, b.position, me, &c.order).is_ok());
            (out, asked)
        }
        PhaseKind::Retreat => (retreats(&ctx), Vec::new()),
        PhaseKind::Adjustment => (adjustments(&ctx), Vec::new()),
    }
}

impl<'a> Ctx<'a> {
    fn new(
        b: &'a Board<'a>,
        table: &'a Match,
        me: StateId,
        partner_orders: &'a [(StateId, Order)],
        requests: &'a [Request],
        later: &[bool],
    ) -> Ctx<'a> {
        let map = b.map;
        let position = b.position;
        let n = b.n_states;
        let np = map.province_count();
        let style = table.doctrines()[me.index()].board_style();
        // The ties as this state plans by them: a partner it means to stab is not spared.
        let ties = table.ties_seen_by(me.index());
        let partner: Vec<bool> = (0..n)
            .map(|s| s != me.index() && ties.are_allied(me.index(), s))
            .collect();
        let threats = &table.outlook().threats;
        let greatest = threats.greatest(me.index()).map(|(j, _)| j);
        let mut aimed: Vec<usize> = ties.targets_of(me.index());
        if let Some(p) = ties.patron(me.index()) {
            aimed.extend(ties.targets_of(p));
            // A junior fights what its patron fears most: following is taking its side.
            if let Some((g, _)) = threats.greatest(p).filter(|&(g, _)| g != me.index()) {
                aimed.push(g);
            }
        }
        let max_threat = (0..n)
            .filter(|&s| s != me.index() && !partner[s])
            .map(|s| threats.threat(me.index(), s))
            .fold(0.0, f64::max);
        let victory = b.scenario.victory_centres as usize;
        let my_centres = b.centres[me.index()];
        let solo_push = victory > 0 && my_centres + 4 >= victory;
        let all_centres = map
            .province_ids()
            .filter(|&p| map.province(p).supply_centre)
            .count() as f64;
        // How much of each rising leader's force can reach this state: its units within two
        // moves of our centres or units. A balancer turns on the leaders it can meet on its own
        // front; a distant one does not draw it away from there.
        let leader_line = crate::doctrine::RISING_LEADER_SHARE * all_centres;
        let is_leader =
            |s: usize| s != me.index() && !partner[s] && b.centres[s] as f64 >= leader_line;
        // Balancing against the strong is a coalition's work. In a game where no state has ever
        // taken a partner (every offer refused, as no-press players refuse them all), a balancer
        // that turns on the leader alone weakens itself and its neighbours while the leader
        // grows, and nobody joins it: it fights for its own ground instead (self-help) until a
        // tie is made somewhere. Measured (issue 17, one planner seat against six DumbBots, 100
        // games a position on seeds 7000 and 9000; everyone balance of threat, seeds 30000 and
        // 40000, where ties form early): see the commit.
        let coalitions = !table.tie_events().is_empty() || (0..n).any(|s| table.ties().is_tied(s));
        let leader_weight = if coalitions {
            style.leader
        } else {
            super::knob("LEADER_ALONE", 0.0) * style.leader
        };
        let mut leader_reach = vec![0.0f64; n];
        if leader_weight > 0.0 && (0..n).any(is_leader) {
            let mut sources: Vec<ProvinceId> = map
                .province_ids()
                .filter(|p| position.owners[p.index()] == Some(me))
                .collect();
            sources.extend(
                b.units
                    .iter()
                    .filter(|(_, u)| u.state == me)
                    .map(|(p, _)| *p),
            );
            let dist = map.distances_from(&sources);
            for &(p, u) in &b.units {
                if is_leader(u.state.index()) && dist[p.index()] <= 2 {
                    leader_reach[u.state.index()] += 1.0;
                }
            }
        }
        // The share of a leader's hostility, by whether it can reach this state (full from
        // `LEADER_UNITS` units within two moves) and how far it is ahead of this state (full from
        // `LEADER_EDGE` of the map's centres ahead: a leader a centre or two ahead is a rival more
        // than a hegemon in the making). A state that is itself strong (`LEADER_SELF` of the
        // centres) keeps fighting every leader it can reach: balancing restrains the strong too.
        // Measured (issue 17; fresh seeds 7000 and 9000, 100 games a position, one planner seat
        // against six DumbBots; 200 games balance of threat, seeds 30000): see the commit.
        let leader_units = super::knob("LEADER_UNITS", 1.0);
        let leader_edge = super::knob("LEADER_EDGE", 0.09) * all_centres;
        let leader_self = super::knob("LEADER_SELF", 0.23) * all_centres;
        let leader_share = |s: usize| {
            let near = (leader_reach[s] / leader_units).min(1.0);
            let ahead = if my_centres as f64 >= leader_self {
                1.0
            } else {
                ((b.centres[s] as f64 - my_centres as f64) / leader_edge).clamp(0.0, 1.0)
            };
            near * ahead
        };
        let hostility: Vec<f64> = (0..n)
            .map(|s| {
                if s == me.index() || partner[s] {
                    return 0.0;
                }
                let t = if max_threat > 1e-9 {
                    threats.threat(me.index(), s) / max_threat
                } else {
                    0.5
                };
                // Most of the weight goes to the greatest threats: a state that spreads its
                // attacks over every neighbour takes little from any (measured against DumbBot
                // seats on seeds 7000-7099 and 9000-9099: Italy leads in 63% of games instead of
                // 53%, Germany in 33% instead of 25%, the others as before).
                let mut h = 0.7 + super::knob("THREAT_W", 1.2) * t;
                if aimed.contains(&s) {
                    h += 0.4;
                }
                if Some(s) == greatest {
                    h += super::knob("GREATEST", 0.6);
                }
                // A state near a solo is everybody's enemy.
                if victory > 0 && b.centres[s] + 5 >= victory {
                    h += 0.5;
                }
                // A balancer fights the strong rather than feed on the weak: preying on the
                // weak is how a hegemon grows (a bandwagoner's style has 0 here).
                if is_leader(s) {
                    h += leader_weight * leader_share(s);
                }
                if solo_push {
                    h = h.max(1.2);
                }
                h
            })
            .collect();
        let mut partners_own = vec![false; np];
        // Without partners nothing is a partner's (the common case before ties are made).
        let partnered = partner.contains(&true);
        for p in map.province_ids().filter(|_| partnered) {
            let unit_partner = position
                .unit_in(p)
                .is_some_and(|u| u.state != me && partner[u.state.index()]);
            let centre_partner =
                position.owners[p.index()].is_some_and(|o| o != me && partner[o.index()]);
            partners_own[p.index()] = unit_partner || centre_partner;
        }
        let mut forbidden = partners_own.clone();
        for (_, o) in partner_orders {
            if let Order::Move { to, .. } = o {
                forbidden[to.province.index()] = true;
            }
        }
        // Deterrence: a state outside a quarrel leaves alone the places of an allied state that
        // a partner of it stands next to, ready to defend them and to answer an attack. It
        // still strikes its own greatest threat, what its alliances are aimed at (and their
        // camp), a rising leader and a state near a solo; and nothing deters a bid for a solo.
        if !solo_push && super::knob("DETER", 1.0) > 0.0 {
            let real = table.ties();
            let may_be_deterred = |j: usize| {
                j != me.index()
                    && !partner[j]
                    && real.is_tied(j)
                    && Some(j) != greatest
                    && !aimed.contains(&j)
                    && !real.is_enemy_camp(me.index(), j)
                    && !real.is_enemy_camp(j, me.index())
                    && !is_leader(j)
                    && !(victory > 0 && b.centres[j] + 5 >= victory)
            };
            let victim = |r: ProvinceId| position.held_by(r).map(|s| s.index());
            // Whether each state is one deterrence could hold us from, asked once a state
            // rather than at every place (and no search at all when there is none).
            let deterred: Vec<bool> = (0..n).map(may_be_deterred).collect();
            // A state is left alone where a partner of it stands next to any of its places:
            // the partner answers an attack on any of them.
            let mut guarded = vec![false; n];
            if deterred.contains(&true) {
                let guards = b
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, u))| u.state != me && !partner[u.state.index()]);
                for (k, &(q, u)) in guards {
                    let m = u.state.index();
                    let places = std::iter::once(q).chain(b.reach(k).iter().map(|&(r, _)| r));
                    for j in places.filter_map(victim) {
                        if j != m && deterred[j] && real.are_allied(j, m) {
                            guarded[j] = true;
                        }
                    }
                }
            }
            if guarded.contains(&true) {
                for r in map.province_ids() {
                    if victim(r).is_some_and(|j| guarded[j]) {
                        forbidden[r.index()] = true;
                    }
                }
            }
        }
        let homes = &b.scenario.state(me).home_centres;
        let moving = b.game.phase().kind == PhaseKind::Movement;
        let mut take = vec![0.0; np];
        let mut keep = vec![0.0; np];
        let mut danger = vec![0.0; np];
        for p in map.province_ids() {
            let i = p.index();
            // The chance an enemy walks in (none outside movement phases, where the board
            // guesses no moves: every chance is 0).
            let mut stays_out = 1.0;
            for &(k, pe) in if moving { b.reachers(p) } else { &[] } {
                let s = b.units[k as usize].1.state;
                if s != me && !partner[s.index()] {
                    stays_out *= 1.0 - pe as f64;
                }
            }
            danger[i] = 1.0 - stays_out;
            if !map.province(p).supply_centre {
                continue;
            }
            let home = homes.contains(&p);
            match position.owners[i] {
                Some(o) if o == me => {
                    keep[i] = style.defend * (keep_value() + if home { 2.0 } else { 0.0 });
                }
                Some(o) if partner[o.index()] => {}
                Some(o) => {
                    take[i] = style.attack
                        * (centre() * hostility[o.index()] + if home { home_back() } else { 0.0 });
                }
                None => take[i] = style.attack * neutral(),
            }
            if solo_push {
                take[i] *= 1.4;
            }
        }
        let fall = b.fall;
        let seed: Vec<f64> = (0..np)
            .map(|i| {
                if forbidden[i] && take[i] == 0.0 {
                    0.0
                } else {
                    take[i] + 0.7 * keep[i] * danger[i]
                }
            })
            .collect();
        let askable = (0..n)
            .map(|s| {
                later.get(s).copied().unwrap_or(false)
                    && partner[s]
                    && b.allied(StateId(s as u8), me)
            })
            .collect();
        Ctx {
            b,
            me,
            partner,
            hostility,
            take,
            keep,
            danger,
            forbidden,
            partners_own,
            seed,
            pull_army: std::cell::OnceCell::new(),
            pull_fleet: std::cell::OnceCell::new(),
            fall,
            pos_weight: if fall { pos_autumn() } else { pos_spring() },
            style,
            partner_orders,
            askable,
            requests,
        }
    }

    /// What a unit of ours standing in `p` at the end of this phase is worth, before its pull.
    fn occupy(&self, p: ProvinceId) -> f64 {
        let i = p.index();
        if self.keep[i] > 0.0 {
            // An enemy standing in it takes it in the autumn unless it is put out.
            let enemy_in = self
                .b
                .position
                .unit_in(p)
                .is_some_and(|u| self.is_enemy(u.state));
            let k = self.keep[i] * if enemy_in { 1.0 } else { self.danger[i] };
            if self.fall {
                k
            } else if enemy_in {
                super::knob("SPRING_RETAKE", 0.8) * k
            } else {
                spring_keep() * k
            }
        } else if self.take[i] > 0.0 && !self.forbidden[i] {
            if self.fall {
                self.take[i]
            } else {
                spring_take() * self.take[i]
            }
        } else {
            0.0
        }
    }

    /// Where a unit of `kind` at `from` would stand in province `to`: an army in the province, a
    /// fleet on the coast of it with the best pull (none when no coast of it is in reach).
    fn arrival(&self, kind: UnitKind, from: LocId, to: ProvinceId) -> Option<LocId> {
        match kind {
            UnitKind::Army => Some(to.loc()),
            UnitKind::Fleet => self.b.map.fleet_targets(from, to).max_by(|&a, &c| {
                self.pull(UnitKind::Fleet, a)
                    .total_cmp(&self.pull(UnitKind::Fleet, c))
            }),
        }
    }

    /// The pull at a place: the best target a step away, and a little of everything next to it.
    fn pull(&self, kind: UnitKind, loc: LocId) -> f64 {
        let map = self.b.map;
        let mut best: f64 = 0.0;
        let mut sum = 0.0;
        match kind {
            UnitKind::Army => {
                let pulls = self
                    .pull_army
                    .get_or_init(|| army_pulls(self.b, &self.seed));
                for &q in map.army_neighbours(map.province_of(loc)) {
                    best = best.max(pulls[q.index()]);
                    sum += self.seed[q.index()];
                }
            }
            UnitKind::Fleet => {
                let pulls = self
                    .pull_fleet
                    .get_or_init(|| fleet_pulls(self.b, &self.seed));
                for &l in map.fleet_neighbours(loc) {
                    best = best.max(pulls[l.index()]);
                    sum += self.seed[map.province_of(l).index()];
                }
            }
        }
        best + 0.15 * sum
    }

    /// What a unit of `kind` at `loc` at the end of the phase is worth.
    fn worth(&self, kind: UnitKind, loc: LocId) -> f64 {
        self.occupy(self.b.map.province_of(loc)) + self.pos_weight * self.pull(kind, loc)
    }

    fn is_enemy(&self, s: StateId) -> bool {
        s != self.me && !self.partner[s.index()]
    }

    /// The chance that the unit in `p` is dislodged when it holds with strength `hold` (each
    /// enemy state brings as many units as choose to move in, one moving, the rest supporting).
    fn dislodge_chance(&self, p: ProvinceId, hold: usize) -> f64 {
        let mut safe = 1.0;
        for_each_state_count(self, p, None, |dist| {
            let at_most: f64 = dist.iter().take(hold + 1).sum();
            safe *= at_most.min(1.0);
        });
        1.0 - safe
    }

    /// The chance that a support given by the unit in `at` is cut, by an enemy moving into `at`
    /// from anywhere but `target`.
    fn cut_chance(&self, at: ProvinceId, target: ProvinceId) -> f64 {
        let mut uncut = 1.0;
        for &(k, pe) in self.b.reachers(at) {
            let (q, u) = self.b.units[k as usize];
            if q != target && self.is_enemy(u.state) {
                uncut *= 1.0 - pe as f64;
            }
        }
        1.0 - uncut
    }
}

/// For each enemy state with units that could move into `p` (leaving out the unit in `skip`),
/// the distribution of how many of them do: `dist[k]` for k = 0..=5 (5 meaning five or more).
fn for_each_state_count(
    ctx: &Ctx,
    p: ProvinceId,
    skip: Option<ProvinceId>,
    mut f: impl FnMut(&[f64; 6]),
) {
    let b = ctx.b;
    // The enemy units that could come, by state (few: a province has a handful of neighbours).
    let mut comers: [(u8, f32); 32] = [(0, 0.0); 32];
    let mut n = 0;
    for &(k, pe) in b.reachers(p) {
        let (q, u) = b.units[k as usize];
        if Some(q) == skip || !ctx.is_enemy(u.state) || n == comers.len() {
            continue;
        }
        comers[n] = (u.state.0, pe);
        n += 1;
    }
    let comers = &mut comers[..n];
    comers.sort_by_key(|c| c.0);
    let mut i = 0;
    while i < comers.len() {
        let s = comers[i].0;
        let mut dist = [0.0f64; 6];
        dist[0] = 1.0;
        while i < comers.len() && comers[i].0 == s {
            let pe = comers[i].1 as f64;
            for c in (0..6).rev() {
                let moved_in = if c > 0 { dist[c - 1] * pe } else { 0.0 };
                let stayed = if c == 5 {
                    dist[c]
                } else {
                    dist[c] * (1.0 - pe)
                };
                dist[c] = stayed + moved_in;
            }
            i += 1;
        }
        f(&dist);
    }
}

/// The pulls of every place for an army: the best target value reachable, decayed by `GAMMA` a
/// step along armies' ways. By location (a province's location has the province's index).
fn army_pulls(b: &Board, seed: &[f64]) -> Vec<f64> {
    let map = b.map;
    let mut army = vec![0.0; map.locations.len()];
    for p in map.province_ids() {
        if map.army_can_stand(p) && seed[p.index()] > 0.0 {
            army[p.index()] = seed[p.index()];
        }
    }
    let np = map.province_count();
    spread(&mut army[..np], |k| {
        map.army_neighbours(ProvinceId(k as u16))
            .iter()
            .map(|q| q.index())
    });
    army
}

/// The same for a fleet, along fleets' ways, by location.
fn fleet_pulls(b: &Board, seed: &[f64]) -> Vec<f64> {
    let map = b.map;
    let mut fleet = vec![0.0; map.locations.len()];
    for p in map.province_ids() {
        let v = seed[p.index()];
        if v > 0.0 {
            for &l in map.fleet_places(p) {
                fleet[l.index()] = v;
            }
        }
    }
    spread(&mut fleet, |k| {
        map.fleet_neighbours(LocId(k as u16))
            .iter()
            .map(|m| m.index())
    });
    fleet
}

/// Raises each place to `GAMMA` times its best neighbour's value, sweep after sweep, until no
/// place rises: every place ends with its best source's value decayed once a step of the
/// shortest way from it. (Values are reached by the same chain of multiplications whatever the
/// order of the sweeps, so the result is exact; with sources on most of the board a few sweeps
/// settle it, with no queue to keep.) A sweep passes on only the values that rose since their
/// place last passed its value on: the others would raise nothing, and most places have
/// settled after the first sweep.
fn spread<I: Iterator<Item = usize>>(values: &mut [f64], neighbours: impl Fn(usize) -> I) {
    let mut rose_here: Vec<bool> = values.iter().map(|&v| v > 0.0).collect();
    loop {
        let mut rose = false;
        for k in 0..values.len() {
            if !rose_here[k] {
                continue;
            }
            rose_here[k] = false;
            let next = GAMMA * values[k];
            for q in neighbours(k) {
                if next > values[q] {
                    values[q] = next;
                    rose_here[q] = true;
                    rose = true;
                }
            }
        }
        if !rose {
            break;
        }
    }
}

#[cfg(test)]
mod spread_tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::{GAMMA, spread};

    /// On random boards, every place ends with the best of its sources' values, each decayed by
    /// `GAMMA` once a step of the shortest way (the same multiplications in the same order), bit
    /// for bit, and places no source reaches keep what they had.
    #[test]
    fn spread_gives_each_place_its_best_source_decayed_by_distance() {
        let mut rng = ChaCha8Rng::seed_from_u64(18);
        for _ in 0..300 {
            let n = rng.random_range(1..120);
            let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
            for a in 0..n {
                for b in a + 1..n {
                    if rng.random_bool((3.0 / n as f64).min(1.0)) {
                        neighbours[a].push(b);
                        neighbours[b].push(a);
                    }
                }
            }
            let seed: Vec<f64> = (0..n)
                .map(|_| {
                    if rng.random_bool(0.3) {
                        rng.random_range(0.01..20.0)
                    } else {
                        0.0
                    }
                })
                .collect();
            let mut want = seed.clone();
            for s in (0..n).filter(|&s| seed[s] > 0.0) {
                // Breadth first from the source, the value decayed once a step.
                let mut value = vec![None; n];
                value[s] = Some(seed[s]);
                let mut queue = std::collections::VecDeque::from([s]);
                while let Some(k) = queue.pop_front() {
                    let next = GAMMA * value[k].expect("queued with a value");
                    for &q in &neighbours[k] {
                        if value[q].is_none() {
                            value[q] = Some(next);
                            queue.push_back(q);
                        }
                    }
                }
                for (w, v) in want.iter_mut().zip(value) {
                    if let Some(v) = v {
                        *w = w.max(v);
                    }
                }
            }
            let mut got = seed.clone();
            spread(&mut got, |k| neighbours[k].iter().copied());
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want));
        }
    }
}

/// What stands against a move into a province: the chance the move gets through with 1, 2, 3 or
/// 4 strength, before supports are cut.
struct Opposition {
    /// The chance of getting through with 1..=4 strength (index 0 unused).
    pass: [f64; 5],
    /// The chance the unit standing there stays (0 when none stands there).
    stays: f64,
    /// The foreign unit standing there, if any (it may come the other way).
    occupant: Option<usize>,
    /// The share of `pass` that the rivals walking in leave.
    entrants: [f64; 5],
    /// The chance that no rival gets in against a move of 1..=4 strength (a bounce keeps the
    /// province empty: what a move into an own empty centre needs).
    block: [f64; 5],
}

impl Opposition {
    /// The chance of getting through with `strength`, coming from `from`: a defender moving
    /// into `from` meets the move head to head, and an unsupported move bounces.
    fn pass_from(&self, b: &Board, strength: usize, from: Option<ProvinceId>) -> f64 {
        let s = strength.min(4);
        let mut p = self.pass[s];
        if s == 1
            && let (Some(e), Some(o)) = (self.occupant, from)
        {
            let towards = b
                .reach(e)
                .iter()
                .find(|&&(q, _)| q == o)
                .map_or(0.0, |&(_, pm)| pm as f64);
            p -= 0.7 * towards * self.entrants[s];
        }
        p.max(0.0)
    }
}

fn opposition(ctx: &Ctx, t: ProvinceId, vacate: Option<f64>) -> Opposition {
    let b = ctx.b;
    let mut pass = [1.0f64; 5];
    let mut stays = 0.0;
    let occupant = b.unit_in(t);
    if let Some(e) = occupant {
        let (_, eu) = b.units[e];
        if eu.state == ctx.me {
            // Our own unit, moving out with the given chance.
            let leaves = vacate.unwrap_or(0.0);
            stays = 1.0 - leaves;
            for s in 1..5 {
                pass[s] = leaves;
            }
        } else {
            let p_stay = b.p_stay[e] as f64;
            stays = p_stay + (1.0 - p_stay) * super::knob("FAILS", 0.4);
            // Its friends next to it may support it: the hold strength's distribution.
            let mut hold = [0.0f64; 6];
            hold[1] = 1.0;
            for &(k, _) in b.reachers(t) {
                let fu = b.units[k as usize].1;
                if k as usize != e && (fu.state == eu.state || b.allied(fu.state, eu.state)) {
                    // A friend that stays may support it.
                    let q = (super::knob("FRIEND_A", 0.8) * b.p_stay[k as usize] as f64
                        + super::knob("FRIEND_B", 0.15))
                    .min(1.0);
                    for h in (1..6).rev() {
                        let up = if h > 1 { hold[h - 1] * q } else { 0.0 };
                        let same = if h == 5 { hold[h] } else { hold[h] * (1.0 - q) };
                        hold[h] = same + up;
                    }
                }
            }
            for s in 1..5 {
                // Through when the defender leaves, or stays weaker than s.
                let weaker: f64 = hold[..s.min(6)].iter().sum();
                pass[s] = (1.0 - stays) + stays * weaker;
            }
        }
    }
    let skip = occupant.map(|e| b.units[e].0);
    let mut entrants = [1.0f64; 5];
    let mut block = [1.0f64; 5];
    for_each_state_count(ctx, t, skip, |dist| {
        for s in 1..5 {
            // Blocked when a state brings s or more; it gets in when it brings more than s.
            let below: f64 = dist[..s].iter().sum();
            entrants[s] *= below.min(1.0);
            let not_more: f64 = dist[..=s].iter().sum();
            block[s] *= not_more.min(1.0);
        }
    });
    for s in 1..5 {
        pass[s] *= entrants[s];
    }
    let occupant = occupant.filter(|&e| b.units[e].1.state != ctx.me);
    Opposition {
        pass,
        stays,
        occupant,
        entrants,
        block,
    }
}

/// The chance a move with the given supporters gets through, their supports perhaps cut.
fn success(
    ctx: &Ctx,
    opp: &Opposition,
    t: ProvinceId,
    from: Option<ProvinceId>,
    supporters: &[ProvinceId],
) -> f64 {
    chances(ctx, opp, t, from, supporters).0
}

/// The chance a move gets through, and the chance that no rival gets in (its supports perhaps
/// cut).
fn chances(
    ctx: &Ctx,
    opp: &Opposition,
    t: ProvinceId,
    from: Option<ProvinceId>,
    supporters: &[ProvinceId],
) -> (f64, f64) {
    let cut: Vec<f64> = supporters.iter().map(|&w| ctx.cut_chance(w, t)).collect();
    let k = supporters.len();
    let mut total = 0.0;
    let mut blocked = 0.0;
    for mask in 0..(1u32 << k) {
        let mut p = 1.0;
        let mut strength = 1;
        for (j, c) in cut.iter().enumerate() {
            if mask & (1 << j) != 0 {
                p *= 1.0 - c;
                strength += 1;
            } else {
                p *= c;
            }
        }
        total += p * opp.pass_from(ctx.b, strength, from);
        blocked += p * opp.block[strength.min(4)];
    }
    (total, blocked)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum OpKind {
    /// The mover goes to `loc`.
    Move { loc: LocId },
    /// The army goes to `target` carried by the fleets.
    Convoy,
    /// The mover holds, supported.
    Hold,
    /// The mover supports a partner's move, as the partner asked (`ctx.requests[n]`).
    Back { request: usize },
}

#[derive(Debug, Clone)]
struct Op {
    kind: OpKind,
    /// Index among our units.
    mover: usize,
    target: ProvinceId,
    supporters: Vec<usize>,
    fleets: Vec<usize>,
    /// Partners' units (indices into the board's units) asked to support the move.
    allies: Vec<usize>,
    /// What the partners' supports add to the gain (what the move makes with our units alone).
    asked_worth: f64,
    gain: f64,
    net: f64,
    chance: f64,
}

#[derive(Debug, Clone, PartialEq)]
enum Assigned {
    Free,
    Move {
        loc: LocId,
        chance: f64,
        why: Why,
    },
    ConvoyedMove {
        to: ProvinceId,
        chance: f64,
    },
    Convoy {
        army: usize,
        to: ProvinceId,
    },
    SupportMove {
        mover: usize,
        to: ProvinceId,
    },
    SupportHold {
        held: usize,
    },
    SupportPartnerMove {
        unit: UnitRef,
        state: StateId,
        to: ProvinceId,
    },
    SupportPartnerHold {
        at: ProvinceId,
        kind: UnitKind,
        state: StateId,
    },
    Hold,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Why {
    Attack,
    Follow,
    Advance,
    /// Into an own empty centre an enemy could walk into in the autumn (the whole turn's check).
    Cover,
}

fn movement(ctx: &Ctx, rng: &mut impl Rng) -> (Vec<OrderChoice>, Vec<Request>) {
    let b = ctx.b;
    let map = b.map;
    let mine: Vec<usize> = (0..b.units.len())
        .filter(|&k| b.units[k].1.state == ctx.me)
        .collect();
    let nm = mine.len();
    if nm == 0 {
        return (Vec::new(), Vec::new());
    }
    let local = |p: ProvinceId| b.unit_in(p).and_then(|k| mine.iter().position(|&m| m == k));
    let stay: Vec<f64> = mine
        .iter()
        .map(|&k| {
            let u = b.units[k].1;
            ctx.worth(u.kind, u.loc) + rng.random_range(0.0..0.15)
        })
        .collect();
    // Units next to (or on) an own centre an enemy could walk into: a state leads no joint
    // attack with the units that keep its home (a small state that does loses it).
    let guards_home: Vec<bool> = mine
        .iter()
        .map(|&k| {
            let (p, _) = b.units[k];
            let at_risk = |c: ProvinceId| ctx.keep[c.index()] > 0.0 && ctx.danger[c.index()] > 0.3;
            at_risk(p) || b.reach(k).iter().any(|&(c, _)| at_risk(c))
        })
        .collect();
    let mut ops: Vec<Op> = Vec::new();
    // Each unit's moves on its own that are worth giving: (target, gain).
    let mut solo: Vec<Vec<(ProvinceId, f64)>> = vec![Vec::new(); nm];
    let mut oppositions: Vec<Option<Opposition>> =
        (0..map.province_count()).map(|_| None).collect();
    // Moves, with up to three supports.
    for i in 0..nm {
        let k = mine[i];
        let (o, unit) = b.units[k];
        for &(t, _) in b.reach(k) {
            if ctx.forbidden[t.index()] || local(t).is_some() {
                continue;
            }
            let loc = match unit.kind {
                UnitKind::Army => t.loc(),
                UnitKind::Fleet => {
                    let mut best: Option<(f64, LocId)> = None;
                    for l in map.fleet_targets(unit.loc, t) {
                        let v = ctx.pull(UnitKind::Fleet, l);
                        if best.is_none_or(|(bv, _)| v > bv) {
                            best = Some((v, l));
                        }
                    }
                    match best {
                        Some((_, l)) => l,
                        None => continue,
                    }
                }
            };
            let noise = rng.random_range(0.0..0.3);
            let arrive = ctx.worth(unit.kind, loc) + noise;
            let occupant = b.unit_in(t).map(|e| b.units[e].1);
            let opp = oppositions[t.index()].get_or_insert_with(|| opposition(ctx, t, None));
            let bonus = occupant.map_or(0.0, |e| {
                dislodge() * ctx.hostility[e.state.index()].max(0.3) * opp.stays
            });
            let base = arrive - stay[i] + bonus;
            if base < min_gain() {
                continue;
            }
            let defend = if ctx.keep[t.index()] > 0.0 && occupant.is_none() {
                ctx.occupy(t)
            } else {
                0.0
            };
            // Our other units that can reach `t`, from the units listed as reaching it (in unit
            // order, as `mine` is) rather than by asking each of ours.
            let mut helpers: Vec<(f64, usize)> = b
                .reachers(t)
                .iter()
                .filter_map(|&(k, _)| mine.binary_search(&(k as usize)).ok())
                .filter(|&j| j != i)
                .map(|j| (ctx.cut_chance(b.units[mine[j]].0, t), j))
                .collect();
            helpers.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            // After our own units, those of partners planning after us (asked, not ordered:
            // only for attacks on a unit that stays, where our own cannot carry the move).
            let own_helpers = helpers.len();
            if occupant.is_some_and(|e| ctx.is_enemy(e.state))
                && own_helpers < MAX_SUPPORTS
                && !guards_home[i]
            {
                let mut asked: Vec<(f64, usize)> = b
                    .reachers(t)
                    .iter()
                    .map(|&(k, _)| k as usize)
                    .filter(|&k| ctx.askable[b.units[k].1.state.index()])
                    .map(|k| (ctx.cut_chance(b.units[k].0, t), k))
                    .collect();
                asked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                helpers.extend(asked);
            }
            let mut sup_places: Vec<ProvinceId> = Vec::new();
            let mut sups: Vec<usize> = Vec::new();
            let mut allies: Vec<usize> = Vec::new();
            // The best this move does with our own supporters alone.
            let mut own_best = 0.0f64;
            for n_sup in 0..=helpers.len().min(MAX_SUPPORTS) {
                if n_sup > 0 {
                    let j = helpers[n_sup - 1].1;
                    if n_sup <= own_helpers {
                        sups.push(j);
                        sup_places.push(b.units[mine[j]].0);
                    } else {
                        allies.push(j);
                        sup_places.push(b.units[j].0);
                    }
                }
                let (chance, block) = chances(ctx, opp, t, Some(o), &sup_places);
                // Into an own empty centre a bounce keeps it too.
                let (gain, likely) = if defend > 0.0 {
                    (
                        chance * (base - defend) + block * defend
                            - (1.0 - chance) * fail_cost() * 0.5,
                        block,
                    )
                } else {
                    (chance * base - (1.0 - chance) * fail_cost(), chance)
                };
                if n_sup == 0 && likely >= min_chance() {
                    solo[i].push((t, gain));
                }
                let viable = gain > 0.0 && likely >= min_chance();
                if viable && allies.is_empty() {
                    own_best = own_best.max(gain);
                }
                if viable && (allies.is_empty() || gain > own_best) {
                    ops.push(Op {
                        kind: OpKind::Move { loc },
                        mover: i,
                        target: t,
                        supporters: sups.clone(),
                        fleets: Vec::new(),
                        allies: allies.clone(),
                        asked_worth: if allies.is_empty() {
                            0.0
                        } else {
                            gain - own_best
                        },
                        gain,
                        net: gain,
                        chance,
                    });
                }
                if chance > 0.97 {
                    break;
                }
            }
            let _ = o;
        }
    }
    // Convoys: an army carried by one or two of our fleets to a coast it cannot walk to.
    for i in 0..nm {
        let k = mine[i];
        let (o, unit) = b.units[k];
        if unit.kind != UnitKind::Army || map.province(o).kind != ProvinceKind::Coast {
            continue;
        }
        let mut routes: Vec<(ProvinceId, Vec<usize>)> = Vec::new();
        for &s1 in map.seas_touching(o) {
            let Some(f1) = local(s1) else { continue };
            if b.units[mine[f1]].1.kind != UnitKind::Fleet {
                continue;
            }
            for &l in map.fleet_neighbours(s1.loc()) {
                let d = map.province_of(l);
                routes.push((d, vec![f1]));
            }
            for &s2 in map.seas_touching(s1) {
                let Some(f2) = local(s2) else { continue };
                if f2 == f1 || b.units[mine[f2]].1.kind != UnitKind::Fleet {
                    continue;
                }
                for &l in map.fleet_neighbours(s2.loc()) {
                    let d = map.province_of(l);
                    routes.push((d, vec![f1, f2]));
                }
            }
        }
        routes.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())));
        routes.dedup_by(|a, b| a.0 == b.0);
        for (d, fleets) in routes {
            if d == o
                || map.province(d).kind != ProvinceKind::Coast
                || map.army_borders(o, d)
                || ctx.forbidden[d.index()]
                || local(d).is_some()
            {
                continue;
            }
            let arrive = ctx.worth(UnitKind::Army, d.loc()) + rng.random_range(0.0..0.3);
            let opp = oppositions[d.index()].get_or_insert_with(|| opposition(ctx, d, None));
            let occupant = b.unit_in(d).map(|e| b.units[e].1);
            let bonus = occupant.map_or(0.0, |e| {
                dislodge() * ctx.hostility[e.state.index()].max(0.3) * opp.stays
            });
            let base = arrive - stay[i] + bonus;
            if base < min_gain() {
                continue;
            }
            let carried: f64 = fleets
                .iter()
                .map(|&f| 1.0 - ctx.dislodge_chance(b.units[mine[f]].0, 1))
                .product();
            let mut helpers: Vec<(f64, usize)> = (0..nm)
                .filter(|&j| j != i && !fleets.contains(&j) && b.can_reach(mine[j], d))
                .map(|j| (ctx.cut_chance(b.units[mine[j]].0, d), j))
                .collect();
            helpers.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut sup_places = Vec::new();
            let mut sups = Vec::new();
            for n_sup in 0..=helpers.len().min(2) {
                if n_sup > 0 {
                    let j = helpers[n_sup - 1].1;
                    sups.push(j);
                    sup_places.push(b.units[mine[j]].0);
                }
                let chance = carried * success(ctx, opp, d, None, &sup_places);
                let gain = chance * base - (1.0 - chance) * fail_cost();
                if gain > 0.0 && chance >= min_chance() {
                    ops.push(Op {
                        kind: OpKind::Convoy,
                        mover: i,
                        target: d,
                        supporters: sups.clone(),
                        fleets: fleets.clone(),
                        allies: Vec::new(),
                        asked_worth: 0.0,
                        gain,
                        net: gain,
                        chance,
                    });
                }
            }
        }
    }
    // Supports that keep a threatened unit in place.
    let mut threatened = vec![0.0f64; nm];
    for i in 0..nm {
        let (c, _) = b.units[mine[i]];
        let p1 = ctx.dislodge_chance(c, 1);
        threatened[i] = p1;
        if p1 < 0.03 {
            continue;
        }
        let worth = unit_value() + ctx.occupy(c);
        let mut helpers: Vec<(f64, usize)> = (0..nm)
            .filter(|&j| j != i && b.can_reach(mine[j], c))
            .map(|j| (ctx.cut_chance(b.units[mine[j]].0, c), j))
            .collect();
        helpers.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let p2 = ctx.dislodge_chance(c, 2);
        let p3 = ctx.dislodge_chance(c, 3);
        let mut sups = Vec::new();
        for (n_sup, &(cut, j)) in helpers.iter().enumerate().take(2) {
            sups.push(j);
            let after = if n_sup == 0 {
                cut * p1 + (1.0 - cut) * p2
            } else {
                let c0 = helpers[0].0;
                let both = (1.0 - c0) * (1.0 - cut);
                let none = c0 * cut;
                none * p1 + (1.0 - both - none) * p2 + both * p3
            };
            let gain = (p1 - after) * worth;
            if gain > 0.05 {
                ops.push(Op {
                    kind: OpKind::Hold,
                    mover: i,
                    target: c,
                    supporters: sups.clone(),
                    fleets: Vec::new(),
                    allies: Vec::new(),
                    asked_worth: 0.0,
                    gain,
                    net: gain,
                    chance: 1.0 - after,
                });
            }
        }
    }
    // Supports partners that planned before us asked of our units: their gain is the
    // coalition's, weighed a little below our own.
    for (n, r) in ctx.requests.iter().enumerate() {
        let Some(j) = local(r.helper) else { continue };
        // Never against a partner of ours (the asking state may be allied with our enemy's
        // enemy, not with all our partners).
        if r.state == ctx.me
            || !ctx.partner[r.state.index()]
            || !b.can_reach(mine[j], r.to)
            || ctx.partners_own[r.to.index()]
        {
            continue;
        }
        let gain = super::knob("ALLY_SHARE", 0.8) * r.worth;
        ops.push(Op {
            kind: OpKind::Back { request: n },
            mover: j,
            target: r.to,
            supporters: Vec::new(),
            fleets: Vec::new(),
            allies: Vec::new(),
            asked_worth: 0.0,
            gain,
            net: gain,
            chance: 1.0,
        });
    }
    // Rank by what is gained beyond what the helpers give up: the best each could do alone
    // elsewhere (going to the same province itself is no loss to this operation).
    let given_up = |j: usize, t: ProvinceId| {
        solo[j]
            .iter()
            .filter(|&&(q, _)| q != t)
            .map(|&(_, g)| g)
            .fold(0.0f64, f64::max)
    };
    for op in &mut ops {
        let lost: f64 = op
            .supporters
            .iter()
            .chain(op.fleets.iter())
            .map(|&j| given_up(j, op.target))
            .sum();
        // What a partner's unit gives up is not ours to know: a fixed price for asking.
        op.net = op.gain - lost - super::knob("ASK_COST", 1.0) * op.allies.len() as f64;
        if matches!(op.kind, OpKind::Hold | OpKind::Back { .. }) {
            // Holding or backing a partner gives up the mover's own best move too.
            op.net -= given_up(op.mover, op.target);
        }
    }
    ops.sort_by(|a, b| {
        b.net
            .total_cmp(&a.net)
            .then(a.mover.cmp(&b.mover))
            .then(a.target.cmp(&b.target))
    });
    let mut assigned: Vec<Assigned> = vec![Assigned::Free; nm];
    // Units that must stay where they are (supported to hold), though they may still support.
    let mut stays = vec![false; nm];
    let mut claimed = vec![false; map.province_count()];
    let mut chosen: Vec<Op> = Vec::new();
    // Partners' units already asked for a support (by board index).
    let mut asked = vec![false; b.units.len()];
    for op in ops {
        if op.net <= 0.0
            && !(op.supporters.is_empty() && op.fleets.is_empty() && op.allies.is_empty())
        {
            continue;
        }
        let helpers_free = op
            .supporters
            .iter()
            .chain(op.fleets.iter())
            .all(|&j| assigned[j] == Assigned::Free)
            && op.allies.iter().all(|&k| !asked[k]);
        if !helpers_free {
            continue;
        }
        match op.kind {
            OpKind::Back { request } => {
                if assigned[op.mover] != Assigned::Free {
                    continue;
                }
                let r = ctx.requests[request];
                assigned[op.mover] = Assigned::SupportPartnerMove {
                    unit: r.unit,
                    state: r.state,
                    to: r.to,
                };
            }
            OpKind::Hold => {
                if matches!(
                    assigned[op.mover],
                    Assigned::Move { .. } | Assigned::ConvoyedMove { .. }
                ) {
                    continue;
                }
                stays[op.mover] = true;
                for &j in &op.supporters {
                    assigned[j] = Assigned::SupportHold { held: op.mover };
                }
            }
            OpKind::Move { loc } => {
                if assigned[op.mover] != Assigned::Free
                    || stays[op.mover]
                    || claimed[op.target.index()]
                {
                    continue;
                }
                claimed[op.target.index()] = true;
                assigned[op.mover] = Assigned::Move {
                    loc,
                    chance: op.chance,
                    why: Why::Attack,
                };
                for &k in &op.allies {
                    asked[k] = true;
                }
                for &j in &op.supporters {
                    assigned[j] = Assigned::SupportMove {
                        mover: op.mover,
                        to: op.target,
                    };
                }
            }
            OpKind::Convoy => {
                if assigned[op.mover] != Assigned::Free
                    || stays[op.mover]
                    || claimed[op.target.index()]
                {
                    continue;
                }
                claimed[op.target.index()] = true;
                assigned[op.mover] = Assigned::ConvoyedMove {
                    to: op.target,
                    chance: op.chance,
                };
                for &j in &op.fleets {
                    assigned[j] = Assigned::Convoy {
                        army: op.mover,
                        to: op.target,
                    };
                    stays[j] = true;
                }
                for &j in &op.supporters {
                    assigned[j] = Assigned::SupportMove {
                        mover: op.mover,
                        to: op.target,
                    };
                }
            }
        }
        chosen.push(op);
    }
    free_units(
        ctx,
        &mine,
        &stay,
        &mut assigned,
        &stays,
        &mut claimed,
        &chosen,
        &threatened,
    );
    if ctx.fall {
        cover_centres(ctx, &mine, &stay, &mut assigned, &stays, &claimed);
    }
    // The supports asked of partners, for the moves still made as planned.
    let mut requests = Vec::new();
    for op in &chosen {
        if op.allies.is_empty() {
            continue;
        }
        let made = match assigned[op.mover] {
            Assigned::Move { loc, .. } => map.province_of(loc) == op.target,
            _ => false,
        };
        if !made {
            continue;
        }
        let (from, unit) = b.units[mine[op.mover]];
        let worth = op.asked_worth.max(0.0);
        for &k in &op.allies {
            requests.push(Request {
                helper: b.units[k].0,
                state: ctx.me,
                unit: UnitRef {
                    kind: Some(unit.kind),
                    place: Place {
                        province: from,
                        coast: None,
                    },
                },
                to: op.target,
                worth: worth / op.allies.len() as f64,
            });
        }
    }
    (orders(ctx, &mine, &assigned, &requests), requests)
}

/// The whole turn's check in the autumn: an own centre left empty where an enemy could walk in
/// is covered by a unit of ours next to it when what that unit was going to do is worth less
/// than the centre (operations are weighed one by one, and a unit left holding or advancing
/// elsewhere may be the only one that can keep it). Each unit covers one centre; supports given
/// to the unit's old order follow it to the centre when they can.
fn cover_centres(
    ctx: &Ctx,
    mine: &[usize],
    stay: &[f64],
    assigned: &mut [Assigned],
    stays: &[bool],
    claimed: &[bool],
) {
    let b = ctx.b;
    let map = b.map;
    let nm = mine.len();
    let mut options: Vec<(f64, usize, LocId, f64)> = Vec::new();
    for t in map.province_ids() {
        let ti = t.index();
        if ctx.keep[ti] <= 0.0
            || ctx.danger[ti] < 0.05
            || b.unit_in(t).is_some()
            || claimed[ti]
            || ctx.forbidden[ti]
        {
            continue;
        }
        let opp = opposition(ctx, t, None);
        // Kept when no rival gets in against our unit, instead of when no rival comes.
        let gain = ctx.keep[ti] * (opp.block[1] - (1.0 - ctx.danger[ti]));
        if gain <= 0.0 {
            continue;
        }
        for j in 0..nm {
            if stays[j] || !b.can_reach(mine[j], t) {
                continue;
            }
            let (p, unit) = b.units[mine[j]];
            // What the unit's own order is worth, given up to cover the centre.
            let lost = match assigned[j] {
                Assigned::Hold => stay[j],
                Assigned::Move { loc, chance, why } => {
                    let supported = assigned
                        .iter()
                        .any(|a| matches!(*a, Assigned::SupportMove { mover, .. } if mover == j));
                    if why == Why::Attack && supported {
                        continue;
                    }
                    // Leaving its place either way: the move's worth beyond a move to nowhere.
                    chance * ctx.worth(unit.kind, loc)
                }
                Assigned::SupportPartnerMove { .. } | Assigned::SupportPartnerHold { .. } => {
                    stay[j] + super::knob("COVER_PARTNER", 1.0)
                }
                _ => continue,
            };
            let Some(loc) = ctx.arrival(unit.kind, unit.loc, t) else {
                continue;
            };
            // Standing in the centre is worth its pull too; the unit leaves its own place.
            let arrive = ctx.pos_weight * ctx.pull(unit.kind, loc);
            let net = gain + arrive - lost;
            if net > super::knob("COVER_MIN", 0.5) {
                options.push((net, j, loc, opp.block[1]));
            }
            let _ = p;
        }
    }
    options.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut moved = vec![false; nm];
    let mut covered = vec![false; map.province_count()];
    for (_, j, loc, block) in options {
        let t = map.province_of(loc);
        if moved[j] || covered[t.index()] {
            continue;
        }
        moved[j] = true;
        covered[t.index()] = true;
        assigned[j] = Assigned::Move {
            loc,
            chance: block,
            why: Why::Cover,
        };
        // Supports of its old order follow it when they can, else hold.
        for m in 0..nm {
            let follows = match assigned[m] {
                Assigned::SupportMove { mover, .. } => mover == j,
                Assigned::SupportHold { held } => held == j,
                _ => false,
            };
            if follows {
                assigned[m] = if b.can_reach(mine[m], t) {
                    Assigned::SupportMove { mover: j, to: t }
                } else {
                    Assigned::Hold
                };
            }
        }
    }
}

/// Gives the units no operation took something useful to do.
#[allow(clippy::too_many_arguments)]
fn free_units(
    ctx: &Ctx,
    mine: &[usize],
    stay: &[f64],
    assigned: &mut [Assigned],
    stays: &[bool],
    claimed: &mut [bool],
    chosen: &[Op],
    threatened: &[f64],
) {
    let b = ctx.b;
    let map = b.map;
    let nm = mine.len();
    let local = |p: ProvinceId| b.unit_in(p).and_then(|k| mine.iter().position(|&m| m == k));
    // 1. More support for our moves into provinces that are held or contested.
    let mut extra: Vec<(f64, usize, usize)> = Vec::new();
    for op in chosen {
        if !matches!(op.kind, OpKind::Move { .. } | OpKind::Convoy) || op.chance > 0.95 {
            continue;
        }
        for j in 0..nm {
            if assigned[j] != Assigned::Free || j == op.mover || !b.can_reach(mine[j], op.target) {
                continue;
            }
            extra.push((1.0 - op.chance, j, op.mover));
        }
    }
    extra.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, j, m) in extra {
        if assigned[j] != Assigned::Free {
            continue;
        }
        let to = match assigned[m] {
            Assigned::Move { loc, .. } => map.province_of(loc),
            Assigned::ConvoyedMove { to, .. } => to,
            _ => continue,
        };
        assigned[j] = Assigned::SupportMove { mover: m, to };
    }
    // 2. The partners' attacks on provinces enemies hold or contest, and their threatened units.
    for j in 0..nm {
        if assigned[j] != Assigned::Free {
            continue;
        }
        let (p, _) = b.units[mine[j]];
        let backing = ctx.partner_orders.iter().find_map(|(s, o)| match *o {
            Order::Move { unit, to, .. }
                if *s != ctx.me
                    && ctx.partner[s.index()]
                    && to.province != p
                    && b.can_reach(mine[j], to.province)
                    && !ctx.partners_own[to.province.index()]
                    && (b.unit_in(to.province).is_some()
                        || ctx.danger[to.province.index()] > 0.1) =>
            {
                Some((unit, *s, to.province))
            }
            _ => None,
        });
        if let Some((unit, state, to)) = backing {
            // The supported unit as it stands.
            let unit = UnitRef {
                kind: unit.kind,
                place: Place {
                    province: unit.place.province,
                    coast: None,
                },
            };
            assigned[j] = Assigned::SupportPartnerMove { unit, state, to };
            continue;
        }
        let moving = |r: ProvinceId| {
            ctx.partner_orders
                .iter()
                .any(|(_, o)| matches!(o, Order::Move { unit, .. } if unit.place.province == r))
        };
        let mut best: Option<(f64, ProvinceId, Unit)> = None;
        for &(r, _) in b.reach(mine[j]) {
            let Some(e) = b.unit_in(r) else { continue };
            let u = b.units[e].1;
            if u.state == ctx.me || !ctx.partner[u.state.index()] || moving(r) {
                continue;
            }
            let d = ctx.dislodge_chance(r, 1);
            if d > 0.1 && best.is_none_or(|(bd, _, _)| d > bd) {
                best = Some((d, r, u));
            }
        }
        if let Some((_, r, u)) = best {
            assigned[j] = Assigned::SupportPartnerHold {
                at: r,
                kind: u.kind,
                state: u.state,
            };
        }
    }
    // 3. Follow a unit of ours into the province it leaves, or advance towards the targets.
    for j in 0..nm {
        if assigned[j] != Assigned::Free || stays[j] {
            continue;
        }
        let (o, unit) = b.units[mine[j]];
        let mut best: Option<(f64, LocId, Why)> = None;
        let mut best_chance = 0.0;
        for &(t, _) in b.reach(mine[j]) {
            if ctx.forbidden[t.index()] || claimed[t.index()] {
                continue;
            }
            let vacate = match local(t) {
                Some(m) => match assigned[m] {
                    Assigned::Move { chance, .. } | Assigned::ConvoyedMove { chance, .. }
                        if chance >= 0.7 =>
                    {
                        Some(chance)
                    }
                    _ => continue,
                },
                None => None,
            };
            let Some(loc) = ctx.arrival(unit.kind, unit.loc, t) else {
                continue;
            };
            let base = ctx.worth(unit.kind, loc) - stay[j];
            if base < min_gain() {
                continue;
            }
            let opp = opposition(ctx, t, vacate);
            let chance = opp.pass_from(b, 1, Some(o));
            let gain = chance * base - (1.0 - chance) * fail_cost();
            if gain > 0.0 && chance >= 0.5 && best.is_none_or(|(g, _, _)| gain > g) {
                let why = if vacate.is_some() {
                    Why::Follow
                } else {
                    Why::Advance
                };
                best = Some((gain, loc, why));
                best_chance = chance;
            }
        }
        if let Some((_, loc, why)) = best {
            claimed[map.province_of(loc).index()] = true;
            assigned[j] = Assigned::Move {
                loc,
                chance: best_chance,
                why,
            };
        }
        let _ = o;
    }
    // 4. Back our own units that stay where an enemy could attack them, or moves of ours that
    //    meet any rival; else hold.
    for j in 0..nm {
        if assigned[j] != Assigned::Free {
            continue;
        }
        let (p, _) = b.units[mine[j]];
        let mut best: Option<(f64, Assigned)> = None;
        for m in 0..nm {
            if m == j {
                continue;
            }
            let (r, _) = b.units[mine[m]];
            match assigned[m] {
                Assigned::Move { loc, .. } => {
                    let to = map.province_of(loc);
                    if to != p && b.can_reach(mine[j], to) && ctx.danger[to.index()] > 0.05 {
                        let v = ctx.danger[to.index()];
                        if best.as_ref().is_none_or(|(bv, _)| v > *bv) {
                            best = Some((v, Assigned::SupportMove { mover: m, to }));
                        }
                    }
                }
                Assigned::ConvoyedMove { .. } => {}
                _ => {
                    if b.can_reach(mine[j], r) && threatened[m] > 0.0 {
                        let v = threatened[m] + 0.01;
                        if best.as_ref().is_none_or(|(bv, _)| v > *bv) {
                            best = Some((v, Assigned::SupportHold { held: m }));
                        }
                    }
                }
            }
        }
        assigned[j] = match best {
            Some((_, a)) => a,
            None => Assigned::Hold,
        };
    }
}

/// The orders, with their reasons.
fn orders(ctx: &Ctx, mine: &[usize], assigned: &[Assigned], asked: &[Request]) -> Vec<OrderChoice> {
    let b = ctx.b;
    let map = b.map;
    let scenario = b.scenario;
    let unit_of = |j: usize| b.units[mine[j]].1;
    let name = |p: ProvinceId| map.province(p).name.as_str();
    let target_words = |p: ProvinceId| -> String {
        let position = b.position;
        if map.province(p).supply_centre && ctx.keep[p.index()] == 0.0 {
            match position.owners[p.index()] {
                Some(o) => format!("{}, a centre of {}", name(p), scenario.state(o).name),
                None => format!("{}, a neutral centre", name(p)),
            }
        } else if ctx.keep[p.index()] > 0.0 {
            format!("its centre {}", name(p))
        } else {
            name(p).to_string()
        }
    };
    let mut out = Vec::with_capacity(mine.len());
    for (j, a) in assigned.iter().enumerate() {
        let unit = unit_of(j);
        let me_ref = UnitRef::of(map, unit);
        let (p, _) = b.units[mine[j]];
        let supporters_of = |m: usize| {
            assigned
                .iter()
                .filter(|x| matches!(x, Assigned::SupportMove { mover, .. } if *mover == m))
                .count()
        };
        let choice = match *a {
            Assigned::Move { loc, why, .. } => {
                let to = map.province_of(loc);
                let sups = supporters_of(j);
                let reason = match why {
                    Why::Attack => {
                        let what = match b.unit_in(to) {
                            Some(e) => format!(
                                "attacks the {} unit in {}",
                                scenario.state(b.units[e].1.state).adjective_or_name(),
                                target_words(to)
                            ),
                            None if ctx.keep[to.index()] > 0.0 => {
                                format!("moves into its centre {} to keep it", name(to))
                            }
                            None if ctx.take[to.index()] > 0.0 => {
                                format!("takes {}", target_words(to))
                            }
                            None => format!("moves to {} towards its targets", name(to)),
                        };
                        let what = match sups {
                            0 => what,
                            1 => format!("{what}, with one supporting unit"),
                            n => format!("{what}, with {n} supporting units"),
                        };
                        // The partners asked to join in, by name.
                        let mut partners: Vec<&str> = asked
                            .iter()
                            .filter(|r| r.unit.place.province == p && r.to == to)
                            .map(|r| {
                                let k = b.unit_in(r.helper).expect("asked of a unit on the board");
                                scenario.state(b.units[k].1.state).name.as_str()
                            })
                            .collect();
                        partners.dedup();
                        if partners.is_empty() {
                            what
                        } else {
                            format!("{what}, asking {} to support it", partners.join(" and "))
                        }
                    }
                    Why::Follow => format!("follows into {}, which its own unit leaves", name(to)),
                    Why::Advance => format!("moves through {} towards its targets", name(to)),
                    Why::Cover => format!(
                        "covers its empty centre {}, which an enemy could walk into",
                        name(to)
                    ),
                };
                OrderChoice {
                    order: Order::Move {
                        unit: me_ref,
                        to: Place::at(map, loc),
                        via_convoy: false,
                    },
                    reason,
                }
            }
            Assigned::ConvoyedMove { to, .. } => OrderChoice {
                order: Order::Move {
                    unit: me_ref,
                    to: Place {
                        province: to,
                        coast: None,
                    },
                    via_convoy: false,
                },
                reason: format!("goes by sea to {}, carried by its fleets", target_words(to)),
            },
            Assigned::Convoy { army, to } => {
                let a = unit_of(army);
                OrderChoice {
                    order: Order::Convoy {
                        unit: me_ref,
                        army: UnitRef {
                            kind: Some(UnitKind::Army),
                            place: Place {
                                province: map.province_of(a.loc),
                                coast: None,
                            },
                        },
                        to: Place {
                            province: to,
                            coast: None,
                        },
                    },
                    reason: format!(
                        "convoys the army in {} to {}",
                        name(map.province_of(a.loc)),
                        name(to)
                    ),
                }
            }
            Assigned::SupportMove { mover, to } => {
                let m = unit_of(mover);
                OrderChoice {
                    order: Order::SupportMove {
                        unit: me_ref,
                        supported: UnitRef {
                            kind: Some(m.kind),
                            place: Place {
                                province: map.province_of(m.loc),
                                coast: None,
                            },
                        },
                        to: Place {
                            province: to,
                            coast: None,
                        },
                    },
                    reason: format!(
                        "supports its own move from {} into {}",
                        name(map.province_of(m.loc)),
                        name(to)
                    ),
                }
            }
            Assigned::SupportHold { held } => {
                let h = unit_of(held);
                let at = map.province_of(h.loc);
                OrderChoice {
                    order: Order::SupportHold {
                        unit: me_ref,
                        supported: UnitRef {
                            kind: Some(h.kind),
                            place: Place {
                                province: at,
                                coast: None,
                            },
                        },
                    },
                    reason: format!("supports its unit in {} against an attack", name(at)),
                }
            }
            Assigned::SupportPartnerMove { unit, state, to } => OrderChoice {
                order: Order::SupportMove {
                    unit: me_ref,
                    supported: unit,
                    to: Place {
                        province: to,
                        coast: None,
                    },
                },
                reason: format!(
                    "supports its partner {}'s attack on {} (from {})",
                    scenario.state(state).name,
                    name(to),
                    name(unit.place.province)
                ),
            },
            Assigned::SupportPartnerHold { at, kind, state } => OrderChoice {
                order: Order::SupportHold {
                    unit: me_ref,
                    supported: UnitRef {
                        kind: Some(kind),
                        place: Place {
                            province: at,
                            coast: None,
                        },
                    },
                },
                reason: format!(
                    "supports its partner {} in {}",
                    scenario.state(state).name,
                    name(at)
                ),
            },
            Assigned::Hold | Assigned::Free => {
                let reason = if ctx.keep[p.index()] > 0.0 && ctx.danger[p.index()] > 0.05 {
                    format!("holds its centre {} against the units next to it", name(p))
                } else if ctx.take[p.index()] > 0.0 {
                    format!("stays in {} to take it", target_words(p))
                } else {
                    "holds: nothing better within reach".to_string()
                };
                OrderChoice {
                    order: Order::Hold { unit: me_ref },
                    reason,
                }
            }
        };
        let mut choice = choice;
        if super::knob("DEBUG", 0.0) > 0.0
            && let Assigned::Move { chance, .. } | Assigned::ConvoyedMove { chance, .. } = *a
        {
            choice.reason.push_str(&format!(" [p={chance:.2}]"));
        }
        out.push(choice);
    }
    out
}

fn retreats(ctx: &Ctx) -> Vec<OrderChoice> {
    let b = ctx.b;
    let map = b.map;
    let mut taken: Vec<ProvinceId> = Vec::new();
    let mut out = Vec::new();
    for d in b
        .position
        .dislodged
        .iter()
        .filter(|d| d.unit.state == ctx.me)
    {
        let unit = UnitRef::of(map, d.unit);
        let best = d
            .retreats
            .iter()
            .copied()
            .filter(|&l| {
                let p = map.province_of(l);
                !taken.contains(&p) && !ctx.partners_own[p.index()]
            })
            .map(|l| {
                let p = map.province_of(l);
                // Where an empty centre of ours would fall, a unit keeps it.
                let mut v = ctx.worth(d.unit.kind, l);
                if ctx.keep[p.index()] > 0.0 && b.fall {
                    v += ctx.keep[p.index()] * 0.5;
                }
                (v, l)
            })
            .max_by(|a, c| a.0.total_cmp(&c.0).then(c.1.cmp(&a.1)));
        match best {
            Some((_, l)) => {
                taken.push(map.province_of(l));
                out.push(OrderChoice {
                    order: Order::Retreat {
                        unit,
                        to: Place::at(map, l),
                    },
                    reason: format!(
                        "retreats to {}, the best place left to it",
                        map.province(map.province_of(l)).name
                    ),
                });
            }
            None => out.push(OrderChoice {
                order: Order::Disband { unit },
                reason: "disbands: nowhere to retreat".into(),
            }),
        }
    }
    out
}

fn adjustments(ctx: &Ctx) -> Vec<OrderChoice> {
    let b = ctx.b;
    let map = b.map;
    let position = b.position;
    let me = ctx.me;
    let count = b.game.adjustment_count(me);
    let mut out = Vec::new();
    if count > 0 {
        // Fleets where the sea war is: the state's fleets against enemy fleets near its coasts;
        // and a balance of the two kinds, unless the targets within reach say otherwise.
        let mut enemy_fleets: f64 = 0.0;
        let mut my_fleets: f64 = 0.0;
        let mut my_armies: f64 = 0.0;
        let homes = &b.scenario.state(me).home_centres;
        for (p, u) in position.units() {
            if u.state == me {
                if u.kind == UnitKind::Fleet {
                    my_fleets += 1.0;
                } else {
                    my_armies += 1.0;
                }
            } else if u.kind == UnitKind::Fleet
                && ctx.is_enemy(u.state)
                && homes.iter().any(|&h| map.hops(h, p) <= 2)
            {
                enemy_fleets += 1.0;
            }
        }
        let sea_war: f64 = super::knob("SEA_WAR", 0.5)
            * (enemy_fleets - my_fleets).clamp(-2.0, 2.0)
            + 2.0 * ctx.style.sea;
        let balance = super::knob("BUILD_BAL", 1.0);
        let mut sites: Vec<(f64, Unit, String)> = Vec::new();
        for &h in homes {
            if position.owners[h.index()] != Some(me) || position.unit_in(h).is_some() {
                continue;
            }
            let keep = ctx.keep[h.index()] * ctx.danger[h.index()];
            if map.army_can_stand(h) {
                let u = Unit {
                    state: me,
                    kind: UnitKind::Army,
                    loc: h.loc(),
                };
                let v = ctx.pull(UnitKind::Army, h.loc()) + keep;
                sites.push((v, u, "an army".into()));
            }
            for l in map.fleet_locations(h) {
                let u = Unit {
                    state: me,
                    kind: UnitKind::Fleet,
                    loc: l,
                };
                let v = ctx.pull(UnitKind::Fleet, l) + sea_war + keep;
                sites.push((v, u, "a fleet".into()));
            }
        }
        // One build at a time, the balance of kinds updated after each.
        let mut chosen: Vec<(f64, Unit, String)> = Vec::new();
        for _ in 0..count {
            let bias = |k: UnitKind| {
                let d = match k {
                    UnitKind::Army => my_fleets - my_armies,
                    UnitKind::Fleet => my_armies - my_fleets,
                };
                balance * d.clamp(-3.0, 3.0) * 0.5
            };
            let best = sites
                .iter()
                .enumerate()
                .filter(|(_, (_, u, _))| {
                    !chosen
                        .iter()
                        .any(|(_, c, _)| map.province_of(c.loc) == map.province_of(u.loc))
                })
                .max_by(|(_, a), (_, c)| {
                    (a.0 + bias(a.1.kind))
                        .total_cmp(&(c.0 + bias(c.1.kind)))
                        .then(c.1.loc.cmp(&a.1.loc))
                        .then(c.1.kind.cmp(&a.1.kind))
                })
                .map(|(i, _)| i);
            let Some(i) = best else { break };
            let site = sites[i].clone();
            match site.1.kind {
                UnitKind::Army => my_armies += 1.0,
                UnitKind::Fleet => my_fleets += 1.0,
            }
            chosen.push(site);
        }
        let sites = chosen;
        let mut used: Vec<ProvinceId> = Vec::new();
        for (_, u, what) in sites {
            if used.len() >= count as usize {
                break;
            }
            let p = map.province_of(u.loc);
            if used.contains(&p) {
                continue;
            }
            used.push(p);
            out.push(OrderChoice {
                order: Order::Build {
                    kind: Some(u.kind),
                    place: Place::at(map, u.loc),
                },
                reason: format!(
                    "builds {what} in {}: it reaches the most of what it wants{}",
                    map.loc_name(u.loc),
                    if u.kind == UnitKind::Fleet && sea_war > 0.5 {
                        ", and the sea war needs fleets"
                    } else {
                        ""
                    }
                ),
            });
        }
    } else if count < 0 {
        let (mut armies, mut fleets) = (0.0f64, 0.0f64);
        for (_, u) in position.units().filter(|(_, u)| u.state == me) {
            match u.kind {
                UnitKind::Army => armies += 1.0,
                UnitKind::Fleet => fleets += 1.0,
            }
        }
        let balance = super::knob("BUILD_BAL", 1.0);
        let mut units: Vec<(f64, ProvinceId, Unit)> = position
            .units()
            .filter(|(_, u)| u.state == me)
            .map(|(p, u)| {
                // A unit on an own centre an enemy could enter keeps it; the kind the state has
                // fewer of is kept rather.
                let guard = ctx.keep[p.index()] * ctx.danger[p.index()].max(0.3);
                let fewer = match u.kind {
                    UnitKind::Army => fleets - armies,
                    UnitKind::Fleet => armies - fleets,
                };
                let v = ctx.worth(u.kind, u.loc) + guard + balance * fewer.clamp(-3.0, 3.0) * 0.5;
                (v, p, u)
            })
            .collect();
        units.sort_by(|a, c| a.0.total_cmp(&c.0).then(a.1.cmp(&c.1)));
        for (_, p, u) in units.into_iter().take((-count) as usize) {
            out.push(OrderChoice {
                order: Order::Disband {
                    unit: UnitRef::of(map, u),
                },
                reason: format!(
                    "removes the unit in {}: it matters least there",
                    map.province(p).name
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::play::{Command, Proposal};
    use crate::rules::{Game, Phase, Position};
    use crate::scenario::Scenario;

    type Units<'a> = &'a [(&'a str, UnitKind, &'a str)];
    type Centres<'a> = &'a [(&'a str, &'a [&'a str])];

    /// A classic board in autumn 1905 with these units and centres, every state following
    /// balance of threat.
    fn classic_board(units: Units, centres: Centres) -> Match {
        let scenario = Arc::new(Scenario::classic());
        let map = &scenario.map;
        let mut position = Position::empty(map);
        for &(state, kind, place) in units {
            let p = map.find(place).unwrap();
            position.units[p.index()] = Some(Unit {
                state: scenario.find_state(state).unwrap(),
                kind,
                loc: p.loc(),
            });
        }
        for &(state, provinces) in centres {
            for p in provinces {
                let p = map.find(p).unwrap();
                position.owners[p.index()] = Some(scenario.find_state(state).unwrap());
            }
        }
        let game = Game::from_position(scenario.clone(), Phase::parse("F1905M").unwrap(), position);
        let balancer = crate::doctrine::by_name("balance_of_threat").unwrap();
        Match::new(game, vec![balancer; scenario.states.len()], false)
    }

    /// `a` proposes to `b` an alliance against `against`, and `b` accepts.
    fn ally(table: &mut Match, a: &str, b: &str, against: &str) {
        let scenario = table.game().scenario().clone();
        let id = |name: &str| scenario.find_state(name).unwrap().index();
        let proposal = Proposal {
            id: table.next_proposal_id(),
            from: id(a) as u8,
            to: id(b) as u8,
            against: Some(id(against) as u8),
            reason: String::new(),
        };
        table.apply(Command::Propose(proposal.clone())).unwrap();
        table
            .apply(Command::Answer {
                id: proposal.id,
                accept: true,
                reason: String::new(),
            })
            .unwrap();
        assert!(table.ties().are_allied(id(a), id(b)));
    }

    /// Turkey has eight centres and stands on Austria's border; Austria (three centres) follows
    /// balance of threat, as everyone does here.
    fn turkey_leads() -> Match {
        classic_board(
            &[
                ("Austria", UnitKind::Army, "BUD"),
                ("Austria", UnitKind::Army, "VIE"),
                ("Austria", UnitKind::Fleet, "TRI"),
                ("Turkey", UnitKind::Army, "SER"),
                ("Turkey", UnitKind::Army, "RUM"),
                ("Turkey", UnitKind::Army, "BUL"),
                ("Turkey", UnitKind::Fleet, "GRE"),
                ("Italy", UnitKind::Army, "VEN"),
                ("England", UnitKind::Fleet, "LON"),
                ("France", UnitKind::Army, "PAR"),
                ("Germany", UnitKind::Army, "MUN"),
                ("Russia", UnitKind::Army, "MOS"),
            ],
            &[
                ("Austria", &["VIE", "BUD", "TRI"]),
                (
                    "Turkey",
                    &["CON", "ANK", "SMY", "BUL", "GRE", "RUM", "SER", "SEV"],
                ),
                ("Italy", &["VEN", "ROM", "NAP"]),
                ("England", &["LON", "LVP", "EDI"]),
                ("France", &["PAR", "BRE", "MAR"]),
                ("Germany", &["MUN", "BER", "KIE"]),
                ("Russia", &["MOS", "WAR", "STP"]),
            ],
        )
    }

    fn austrias_hostility(table: &Match) -> Vec<f64> {
        let austria = table.game().scenario().find_state("Austria").unwrap();
        let board = Board::new(table);
        Ctx::new(&board, table, austria, &[], &[], &[]).hostility
    }

    #[test]
    fn a_balancer_turns_on_the_leader_only_where_coalitions_are_made() {
        let mut table = turkey_leads();
        let scenario = table.game().scenario().clone();
        let id = |name: &str| scenario.find_state(name).unwrap().index();
        let alone = austrias_hostility(&table);
        // England and France ally against Germany, far from Austria: from now on this is a game
        // where partners are taken.
        ally(&mut table, "England", "France", "Germany");
        let with_coalitions = austrias_hostility(&table);
        let leader = crate::doctrine::LEADER_HOSTILITY;
        assert!(
            with_coalitions[id("Turkey")] >= alone[id("Turkey")] + 0.9 * leader,
            "Turkey: alone {alone:?}, with coalitions {with_coalitions:?}"
        );
        // Nobody else is a leader: the rest of Austria's enmities stay as they were.
        assert_eq!(alone[id("Italy")], with_coalitions[id("Italy")]);
    }

    /// Austria and Russia are allied against Turkey, whose army in Bulgaria is backed by the one
    /// in Constantinople. Austria's army in Serbia cannot take Bulgaria alone; with the Russian
    /// army in Rumania supporting it, it can.
    fn allies_face_bulgaria(allied: bool) -> Match {
        let mut table = classic_board(
            &[
                ("Austria", UnitKind::Army, "SER"),
                ("Austria", UnitKind::Army, "VIE"),
                ("Russia", UnitKind::Army, "RUM"),
                ("Russia", UnitKind::Army, "MOS"),
                ("Turkey", UnitKind::Army, "BUL"),
                ("Turkey", UnitKind::Army, "CON"),
                ("Turkey", UnitKind::Fleet, "ANK"),
            ],
            &[
                ("Austria", &["VIE", "BUD", "TRI", "SER"]),
                // Greece is Russia's, so that Austria's army has nothing to take but Bulgaria.
                ("Russia", &["MOS", "WAR", "STP", "SEV", "RUM", "GRE"]),
                ("Turkey", &["CON", "ANK", "SMY", "BUL"]),
            ],
        );
        if allied {
            ally(&mut table, "Austria", "Russia", "Turkey");
        }
        table
    }

    #[test]
    fn a_partner_planned_later_is_asked_to_support_an_attack_and_gives_it() {
        use rand::SeedableRng;
        for allied in [true, false] {
            let table = allies_face_bulgaria(allied);
            let scenario = table.game().scenario().clone();
            let austria = scenario.find_state("Austria").unwrap();
            let russia = scenario.find_state("Russia").unwrap();
            let seats = [austria, russia];
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
            let planned = super::super::plan_orders(&table, &seats, &mut rng);
            let text = |s: StateId| -> Vec<String> {
                planned
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, c)| {
                        let mut t = String::new();
                        c.order.push_canonical(&scenario.map, &mut t);
                        format!("{t}: {}", c.reason)
                    })
                    .collect()
            };
            let attacks = text(austria)
                .iter()
                .any(|t| t.starts_with("A SER - BUL") && t.contains("asking Russia"));
            let backs = text(russia)
                .iter()
                .any(|t| t.starts_with("A RUM S A SER - BUL"));
            assert_eq!(
                attacks && backs,
                allied,
                "allied {allied}: Austria {:?}, Russia {:?}",
                text(austria),
                text(russia)
            );
        }
    }

    /// Italy (A VEN) beside Austria's Trieste, with Germany's army in Tyrolia next to it and
    /// France massed on Italy's other border; Austria and Germany allied against `against`.
    /// Whether Italy's planner leaves Trieste alone.
    fn italy_leaves_trieste_alone(against: Option<&str>) -> bool {
        let mut table = classic_board(
            &[
                ("Italy", UnitKind::Army, "VEN"),
                ("Italy", UnitKind::Army, "ROM"),
                ("Austria", UnitKind::Fleet, "TRI"),
                ("Austria", UnitKind::Army, "BUD"),
                ("Germany", UnitKind::Army, "TYR"),
                ("Germany", UnitKind::Army, "BER"),
                ("France", UnitKind::Army, "PIE"),
                ("France", UnitKind::Army, "TUS"),
                ("France", UnitKind::Fleet, "TYS"),
                ("Russia", UnitKind::Army, "MOS"),
            ],
            &[
                ("Italy", &["VEN", "ROM", "NAP"]),
                ("Austria", &["VIE", "BUD", "TRI"]),
                ("Germany", &["BER", "MUN", "KIE"]),
                ("France", &["PAR", "MAR", "BRE", "SPA", "POR"]),
                ("Russia", &["MOS", "WAR", "STP"]),
            ],
        );
        if let Some(against) = against {
            ally(&mut table, "Austria", "Germany", against);
        }
        let scenario = table.game().scenario().clone();
        let map = &scenario.map;
        let id = |name: &str| scenario.find_state(name).unwrap().index();
        // Italy has no quarrel of its own with Austria: France is what it fears most.
        let greatest = table
            .outlook()
            .threats
            .greatest(id("Italy"))
            .map(|(g, _)| g);
        assert_ne!(greatest, Some(id("Austria")), "the case needs another fear");
        let board = Board::new(&table);
        let italy = scenario.find_state("Italy").unwrap();
        let ctx = Ctx::new(&board, &table, italy, &[], &[], &[]);
        ctx.forbidden[map.find("TRI").unwrap().index()]
    }

    #[test]
    fn an_alliance_at_hand_deters_a_state_with_no_quarrel_but_not_its_target() {
        // Alone, Austria's Trieste is there for the taking.
        assert!(!italy_leaves_trieste_alone(None));
        // Germany's army next to it, allied against Russia: Italy keeps out.
        assert!(italy_leaves_trieste_alone(Some("Russia")));
        // The alliance is aimed at Italy: it is deterred from nothing (the war is on).
        assert!(!italy_leaves_trieste_alone(Some("Italy")));
    }
}
