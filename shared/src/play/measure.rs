//! What the theory does on the board, counted game by game so that a batch can add games up (every
//! count is an integer, so shards merge to exactly what one run gives):
//! - whether Walt's four criteria still tell states apart (how many pairs sit at a part's ceiling,
//!   and the spread of total threat);
//! - whether states balance against a leader (new alliances aimed at a state holding 12 or more
//!   centres, or including it) or bandwagon with it;
//! - contradictions (a state allied with two states whose alliances are aimed at each other);
//! - deterrence (how often allied and unallied states of similar strength are attacked, and, for
//!   each state that could attack another, whether it did: by whether the other's partners had
//!   forces at hand and whether the other's alliances were aimed at it);
//! - security-dilemma spirals (two states' threat to each other rising together, with no attack
//!   between them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Event, Match, TieEventKind};
use crate::alignment::{Alignments, Stance};
use crate::map::ProvinceId;
use crate::rules::{PhaseKind, UnitKind};
use crate::threat::ActKind;

/// A state holding this many centres leads the game (in the classic game, two thirds of the way
/// to a solo).
pub const LEADER_CENTRES: usize = 12;

/// Threat samples are taken from this year on (the opening years are alike in every game).
pub const FROM_YEAR: u16 = 1905;

/// Bins of the histogram of total threat (0 to 1).
pub const THREAT_BINS: usize = 50;

/// A part is "at its ceiling" from this value on.
pub const CEILING: f64 = 0.95;

/// Strength classes for deterrence: 1-3, 4-6, 7-9, 10+ centres.
pub const STRENGTH_CLASSES: usize = 4;

/// How a state that could be attacked stood, for deterrence at the moment of choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deterrence {
    /// No partner at all.
    Alone = 0,
    /// Partners, but none with a unit next to what the would-be attacker could strike.
    AlliedFar = 1,
    /// A partner's unit stands next to what the would-be attacker could strike (so it can
    /// support the defence), and the would-be attacker is not what the alliances are aimed at.
    AlliedAtHand = 2,
    /// As `AlliedAtHand`, but the would-be attacker is the target of the alliances (or tied to
    /// it): the state they were made against.
    AlliedAtHandTarget = 3,
}

pub const DETERRENCE_BUCKETS: usize = 4;

fn strength_class(centres: usize) -> usize {
    match centres {
        0..=3 => 0,
        4..=6 => 1,
        7..=9 => 2,
        _ => 3,
    }
}

/// The counts of one game or of many.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TheoryCounts {
    /// Ordered pairs (observer, other) sampled at the start of movement phases.
    pub pairs: u64,
    /// Of those, how many had power, proximity, offence and intentions at their ceiling.
    pub at_ceiling: [u64; 4],
    /// Histogram of total threat over the sampled pairs.
    pub threat_histogram: Vec<u64>,
    /// By doctrine of the state that joined (the leader itself left out): alliances made while a
    /// leader stood, those aimed at the leader, those made with it; alignments with the leader.
    pub leader: BTreeMap<String, LeaderCounts>,
    /// States allied, in one phase, with two states whose alliances are aimed at each other
    /// (counted once a state a phase).
    pub contradictions: u64,
    /// Ties broken by an attack on a partner.
    pub stabs: u64,
    /// Deterrence: `[allied][strength class]` → (state-phases, of which attacked by a state it
    /// was not tied to).
    pub exposure: [[(u64, u64); STRENGTH_CLASSES]; 2],
    /// Deterrence at the moment of choice: ordered pairs (would-be attacker, state it could attack
    /// this movement phase, not tied) → (pairs, of which it attacked), by `[deterrence
    /// bucket][strength class of the state attacked]`; see [`Deterrence`].
    #[serde(default)]
    pub chances: [[(u64, u64); STRENGTH_CLASSES]; DETERRENCE_BUCKETS],
    /// The same, counting only would-be attackers with no quarrel with the state: it is not
    /// their greatest threat, and no alliance of either is aimed at the other or its camp.
    /// Deterrence is about those: a state already fighting an alliance is not deterred by it.
    #[serde(default)]
    pub uninvolved: [[(u64, u64); STRENGTH_CLASSES]; DETERRENCE_BUCKETS],
    /// Security-dilemma spirals: pairs whose threats to each other rose together over two
    /// movement phases running with no attack between them.
    pub spirals: u64,
    /// State-phases in a posture without a tie: Finlandized, balancing softly (see
    /// [`super::posture`]).
    #[serde(default)]
    pub finlandized: u64,
    #[serde(default)]
    pub soft_balancing: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderCounts {
    pub alliances: u64,
    pub aimed_at_leader: u64,
    pub including_leader: u64,
    pub aligned_with_leader: u64,
    /// Movement phases × states other than the leader while a leader stood, and of those, how
    /// many feared the leader most.
    #[serde(default)]
    pub watching: u64,
    #[serde(default)]
    pub feared_leader_most: u64,
}

impl TheoryCounts {
    pub fn merge(&mut self, o: &TheoryCounts) {
        self.pairs += o.pairs;
        for k in 0..4 {
            self.at_ceiling[k] += o.at_ceiling[k];
        }
        if self.threat_histogram.len() < o.threat_histogram.len() {
            self.threat_histogram.resize(o.threat_histogram.len(), 0);
        }
        for (a, b) in self.threat_histogram.iter_mut().zip(&o.threat_histogram) {
            *a += b;
        }
        for (d, c) in &o.leader {
            let e = self.leader.entry(d.clone()).or_default();
            e.alliances += c.alliances;
            e.aimed_at_leader += c.aimed_at_leader;
            e.including_leader += c.including_leader;
            e.aligned_with_leader += c.aligned_with_leader;
            e.watching += c.watching;
            e.feared_leader_most += c.feared_leader_most;
        }
        self.contradictions += o.contradictions;
        self.stabs += o.stabs;
        for a in 0..2 {
            for s in 0..STRENGTH_CLASSES {
                self.exposure[a][s].0 += o.exposure[a][s].0;
                self.exposure[a][s].1 += o.exposure[a][s].1;
            }
        }
        for (mine, theirs) in self
            .chances
            .iter_mut()
            .zip(&o.chances)
            .chain(self.uninvolved.iter_mut().zip(&o.uninvolved))
        {
            for (m, t) in mine.iter_mut().zip(theirs) {
                m.0 += t.0;
                m.1 += t.1;
            }
        }
        self.spirals += o.spirals;
        self.finlandized += o.finlandized;
        self.soft_balancing += o.soft_balancing;
    }

    /// The `q`-quantile (0 to 1) of total threat, from the histogram.
    pub fn threat_quantile(&self, q: f64) -> f64 {
        let total: u64 = self.threat_histogram.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let want = (q * total as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (k, c) in self.threat_histogram.iter().enumerate() {
            seen += c;
            if seen >= want {
                return (k as f64 + 0.5) / self.threat_histogram.len() as f64;
            }
        }
        1.0
    }

    /// Share of sampled pairs with each part at its ceiling.
    pub fn ceiling_shares(&self) -> [f64; 4] {
        let n = self.pairs.max(1) as f64;
        self.at_ceiling.map(|c| c as f64 / n)
    }
}

/// Watches one match as it is played and counts.
#[derive(Debug, Clone, Default)]
pub struct Watcher {
    pub counts: TheoryCounts,
    /// The leader as the phase began, if any.
    leader: Option<usize>,
    /// The offence every state saw in every other at the last movement phase's start, and for
    /// how many phases running it has risen, for spirals.
    last_threats: Vec<Vec<f64>>,
    rising: Vec<Vec<u8>>,
    /// Pairs that attacked each other since the last movement phase began.
    fought: Vec<Vec<bool>>,
    /// Ties as the phase began, for deterrence.
    ties_at_start: Option<Alignments>,
    centres_at_start: Vec<usize>,
    /// This movement phase's chances to attack: (would-be attacker, state it could strike,
    /// bucket, strength class).
    chances: Vec<(usize, usize, Deterrence, usize, bool)>,
    /// Scratch for [`Watcher::note_chances`], kept between phases.
    at_hand: Vec<bool>,
    strikes: Vec<(usize, usize, ProvinceId)>,
}

impl Watcher {
    /// A phase begins (before anyone reconsiders ties or orders).
    pub fn phase_begins(&mut self, table: &Match) {
        let game = table.game();
        let n = game.scenario().states.len();
        if self.counts.threat_histogram.is_empty() {
            self.counts.threat_histogram = vec![0; THREAT_BINS];
            self.last_threats = vec![vec![0.0; n]; n];
            self.rising = vec![vec![0; n]; n];
            self.fought = vec![vec![false; n]; n];
        }
        let centres = game.position().centre_counts(n);
        let top = centres.iter().copied().max().unwrap_or(0);
        self.leader = (top >= LEADER_CENTRES)
            .then(|| centres.iter().position(|&c| c == top))
            .flatten()
            .filter(|_| centres.iter().filter(|&&c| c == top).count() == 1);
        self.ties_at_start = Some(table.ties().clone());
        self.centres_at_start = centres;
        self.chances.clear();
        if game.phase().kind != PhaseKind::Movement {
            return;
        }
        self.note_chances(table);
        let threats = &table.outlook().threats;
        // Whom the others fear most while a leader stands, by their own doctrines.
        if let Some(l) = self.leader {
            let o = table.outlook();
            for i in (0..n).filter(|&i| i != l && self.centres_at_start[i] > 0) {
                let view = crate::doctrine::View {
                    system: &o.system,
                    threats: &o.threats,
                    alignments: table.ties(),
                    doctrines: table.doctrines(),
                    me: i,
                };
                let doctrine = table.doctrines()[i];
                let feared = doctrine.greatest_danger(&view).map(|(g, _)| g);
                let c = self
                    .counts
                    .leader
                    .entry(doctrine.name().to_string())
                    .or_default();
                c.watching += 1;
                c.feared_leader_most += u64::from(feared == Some(l));
            }
        }
        let sample = game.phase().year >= FROM_YEAR;
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let t = threats.threat(i, j);
                let offence = threats.parts(i, j).offence;
                if sample && self.centres_at_start[i] > 0 && self.centres_at_start[j] > 0 {
                    let p = threats.parts(i, j);
                    self.counts.pairs += 1;
                    for (k, v) in [p.power, p.proximity, p.offence, p.intentions]
                        .into_iter()
                        .enumerate()
                    {
                        if v >= CEILING {
                            self.counts.at_ceiling[k] += 1;
                        }
                    }
                    let bin =
                        ((t.clamp(0.0, 1.0) * THREAT_BINS as f64) as usize).min(THREAT_BINS - 1);
                    self.counts.threat_histogram[bin] += 1;
                }
                // Spirals: the offence each sees in the other rising both ways (builds and moves
                // toward the border), with no attack either way since last time.
                let up = offence > self.last_threats[i][j] + 0.02;
                self.rising[i][j] = if up && !self.fought[i][j] && !self.fought[j][i] {
                    self.rising[i][j].saturating_add(1)
                } else {
                    0
                };
                self.last_threats[i][j] = offence;
            }
        }
        for i in 0..n {
            for j in i + 1..n {
                if self.rising[i][j] == 2 && self.rising[j][i] >= 2
                    || self.rising[j][i] == 2 && self.rising[i][j] > 2
                {
                    self.counts.spirals += 1;
                }
            }
        }
        for row in self.fought.iter_mut() {
            row.iter_mut().for_each(|f| *f = false);
        }
    }

    /// What a command did to `table`.
    pub fn events(&mut self, table: &Match, events: &[Event]) {
        for e in events {
            match e {
                Event::Considered(c) => match c.stance {
                    Stance::Finlandization => self.counts.finlandized += 1,
                    Stance::SoftBalancing => self.counts.soft_balancing += 1,
                    _ => {}
                },
                Event::Tie(t) => match t.kind {
                    TieEventKind::Broken => self.counts.stabs += 1,
                    TieEventKind::Allied => {
                        if let Some(l) = self.leader {
                            // The leader's own alliances say nothing about balancing it.
                            for joiner in [t.a, t.b].into_iter().filter(|&j| j != l) {
                                let d = table.doctrines()[joiner].name().to_string();
                                let c = self.counts.leader.entry(d).or_default();
                                c.alliances += 1;
                                if t.against == Some(l) {
                                    c.aimed_at_leader += 1;
                                }
                                if t.a == l || t.b == l {
                                    c.including_leader += 1;
                                }
                            }
                        }
                    }
                    TieEventKind::Aligned => {
                        if let Some(l) = self.leader
                            && t.b == l
                        {
                            let d = table.doctrines()[t.a].name().to_string();
                            self.counts.leader.entry(d).or_default().aligned_with_leader += 1;
                        }
                    }
                    TieEventKind::Left => {}
                },
                Event::Resolved { report, acts } => {
                    let n = table.game().scenario().states.len();
                    let Some(start) = self.ties_at_start.take() else {
                        continue;
                    };
                    let mut attacked = vec![false; n];
                    for act in acts.iter().filter(|a| a.kind == ActKind::Attack) {
                        if !self.fought.is_empty() {
                            self.fought[act.actor][act.target] = true;
                        }
                        if !start.are_allied(act.actor, act.target) {
                            attacked[act.target] = true;
                        }
                    }
                    for &(i, j, bucket, class, quarrel) in &self.chances {
                        let struck = acts
                            .iter()
                            .any(|a| a.kind == ActKind::Attack && a.actor == i && a.target == j);
                        let c = &mut self.counts.chances[bucket as usize][class];
                        c.0 += 1;
                        c.1 += u64::from(struck);
                        if !quarrel {
                            let c = &mut self.counts.uninvolved[bucket as usize][class];
                            c.0 += 1;
                            c.1 += u64::from(struck);
                        }
                    }
                    if report.phase.kind == PhaseKind::Movement {
                        for s in 0..n.min(self.centres_at_start.len()) {
                            if self.centres_at_start[s] == 0 {
                                continue;
                            }
                            let a = usize::from(!start.partners(s).is_empty());
                            let k = strength_class(self.centres_at_start[s]);
                            self.counts.exposure[a][k].0 += 1;
                            self.counts.exposure[a][k].1 += u64::from(attacked[s]);
                        }
                    }
                    self.contradictions(table);
                }
                _ => {}
            }
        }
    }

    /// Who could attack whom this phase (a unit one move from a unit of the other or, where no
    /// unit stands, from a centre it owns: what the record calls an attack), and how the state
    /// that could be struck stood: alone, allied with partners far away, or with a partner's unit
    /// next to the place that could be struck.
    fn note_chances(&mut self, table: &Match) {
        let game = table.game();
        let map = &game.scenario().map;
        let position = game.position();
        let ties = table.ties();
        let threats = &table.outlook().threats;
        let n = game.scenario().states.len();
        let np = map.province_count();
        let victim = |p: ProvinceId| position.held_by(p).map(|s| s.index());
        // Each state's units next to each place (`at_hand[state * np + place]`), and every
        // (striker, struck, place) a unit could move into; both kept between phases.
        self.at_hand.clear();
        self.at_hand.resize(n * np, false);
        self.strikes.clear();
        for (from, u) in position.units() {
            let i = u.state.index();
            let mut note = |p: ProvinceId| {
                self.at_hand[i * np + p.index()] = true;
                if let Some(j) = victim(p).filter(|&j| j != i) {
                    self.strikes.push((i, j, p));
                }
            };
            match u.kind {
                UnitKind::Army => map.army_neighbours(from).iter().for_each(|&p| note(p)),
                UnitKind::Fleet => map
                    .fleet_neighbours(u.loc)
                    .iter()
                    .for_each(|&l| note(map.province_of(l))),
            }
            self.at_hand[i * np + from.index()] = true;
        }
        self.strikes.sort_unstable();
        self.strikes.dedup();
        let mut k = 0;
        while k < self.strikes.len() {
            let (i, j, _) = self.strikes[k];
            let places = self.strikes[k..]
                .iter()
                .take_while(|&&(a, b, _)| (a, b) == (i, j))
                .count();
            let group = &self.strikes[k..k + places];
            k += places;
            if ties.are_allied(i, j) || self.centres_at_start[j] == 0 {
                continue;
            }
            let bucket = if !ties.is_tied(j) {
                Deterrence::Alone
            } else {
                // A partner of `j`'s (not `i`) next to a place of `j`'s that `i` could strike.
                let near = group.iter().any(|&(_, _, q)| {
                    (0..n).any(|m| {
                        m != i && ties.are_allied(j, m) && self.at_hand[m * np + q.index()]
                    })
                });
                if !near {
                    Deterrence::AlliedFar
                } else if ties.is_enemy_camp(j, i) {
                    Deterrence::AlliedAtHandTarget
                } else {
                    Deterrence::AlliedAtHand
                }
            };
            let quarrel = threats.greatest(i).is_some_and(|(g, _)| g == j)
                || ties.is_enemy_camp(i, j)
                || ties.is_enemy_camp(j, i);
            self.chances.push((
                i,
                j,
                bucket,
                strength_class(self.centres_at_start[j]),
                quarrel,
            ));
        }
    }

    /// Counts the states standing, at the end of a phase, in alliances on both sides of one
    /// conflict.
    fn contradictions(&mut self, table: &Match) {
        self.counts.contradictions += super::crossed(table.ties()).len() as u64;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::play::{GivenOrder, Proposal, scenario_doctrines};
    use crate::rules::{Game, Phase, Position, Unit};
    use crate::scenario::Scenario;

    /// Italy (A VEN) faces Austria-Hungary (F TRI, A VIE) and Germany (A TYR) at the head of
    /// the Adriatic; Austria-Hungary and Germany are allied, against `against`. Italy strikes
    /// Trieste and the phase is resolved under a watcher: its counts at the moment of choice.
    type Counted = [[(u64, u64); STRENGTH_CLASSES]; DETERRENCE_BUCKETS];

    /// Returns every chance counted, and those of would-be attackers with no quarrel.
    fn italy_strikes_trieste(against: Option<&str>) -> (Counted, Counted) {
        let scenario = Arc::new(Scenario::classic());
        let map = &scenario.map;
        let state = |name: &str| scenario.find_state(name).unwrap();
        let mut position = Position::empty(map);
        for (name, kind, place) in [
            ("Italy", UnitKind::Army, "VEN"),
            ("Austria", UnitKind::Fleet, "TRI"),
            ("Austria", UnitKind::Army, "VIE"),
            ("Germany", UnitKind::Army, "TYR"),
            ("Russia", UnitKind::Army, "MOS"),
        ] {
            let p = map.find(place).unwrap();
            position.units[p.index()] = Some(Unit {
                state: state(name),
                kind,
                loc: p.loc(),
            });
        }
        for (name, place) in [
            ("Italy", "VEN"),
            ("Austria", "TRI"),
            ("Austria", "VIE"),
            ("Germany", "MUN"),
            ("Russia", "MOS"),
        ] {
            position.owners[map.find(place).unwrap().index()] = Some(state(name));
        }
        let game = Game::from_position(scenario.clone(), Phase::parse("S1901M").unwrap(), position);
        let mut table = Match::new(game, scenario_doctrines(&scenario, None), false);
        if let Some(against) = against {
            let id = table.next_proposal_id();
            table
                .apply(super::super::Command::Propose(Proposal {
                    id,
                    from: state("Austria").0,
                    to: state("Germany").0,
                    against: Some(state(against).0),
                    reason: String::new(),
                }))
                .unwrap();
            table
                .apply(super::super::Command::Answer {
                    id,
                    accept: true,
                    reason: String::new(),
                })
                .unwrap();
            assert!(
                table
                    .ties()
                    .are_allied(state("Austria").index(), state("Germany").index())
            );
        }
        let mut watcher = Watcher::default();
        watcher.phase_begins(&table);
        let orders = vec![GivenOrder {
            order: "A VEN - TRI".into(),
            reason: None,
        }];
        for command in [
            super::super::Command::Orders {
                state: state("Italy").0,
                orders,
            },
            super::super::Command::Resolve,
        ] {
            let events = table.apply(command).unwrap();
            watcher.events(&table, &events);
        }
        (watcher.counts.chances, watcher.counts.uninvolved)
    }

    #[test]
    fn deterrence_is_counted_where_the_choice_is_made() {
        let alone = Deterrence::Alone as usize;
        let at_hand = Deterrence::AlliedAtHand as usize;
        let target = Deterrence::AlliedAtHandTarget as usize;
        // Nobody tied: Italy could strike Austria-Hungary and Germany, and struck one; both could
        // strike Italy, and each other (Vienna and Tyrolia touch), and did not.
        let (untied, _) = italy_strikes_trieste(None);
        assert_eq!(untied[alone][0], (6, 1), "{untied:?}");
        // Allied against Russia: each of the two has its partner's unit next to the place Italy
        // could strike (Germany's Tyrolia by Trieste, Austria's Vienna by Tyrolia).
        let (allied, no_quarrel) = italy_strikes_trieste(Some("Russia"));
        assert_eq!(allied[alone][0], (2, 0), "{allied:?}");
        assert_eq!(allied[at_hand][0], (2, 1), "{allied:?}");
        assert_eq!(allied[target][0], (0, 0), "{allied:?}");
        // Italy fears one state most at most: the other's chance is one of no quarrel.
        assert!(
            (1..=2).contains(&no_quarrel[at_hand][0].0),
            "{no_quarrel:?}"
        );
        // Allied against Italy: Italy is what the alliance was made against.
        let (against_italy, no_quarrel) = italy_strikes_trieste(Some("Italy"));
        assert_eq!(against_italy[at_hand][0], (0, 0), "{against_italy:?}");
        assert_eq!(against_italy[target][0], (2, 1), "{against_italy:?}");
        // ... a quarrel: none of those chances is one of no quarrel.
        assert_eq!(no_quarrel[target][0], (0, 0), "{no_quarrel:?}");
    }
}
