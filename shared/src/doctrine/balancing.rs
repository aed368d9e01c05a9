//! What every balancing doctrine shares: find partners against a target, judge whether the
//! balance already holds, keep camps apart from what their members fear most, and, for a weak
//! state with no effective ally, fall back to bandwagoning or Finlandization (Walt's conditions).

use super::{Doctrine, View};
use crate::alignment::{Action, Answer, Decision, Proposal, Stance, threat_clause};
use crate::threat::{enmity, projection, report};

/// Outmatched: the threat's side brings at least this many times the power one's own side
/// brings to where one stands.
pub const WEAK_RATIO: f64 = 3.0;

/// Close to a threat: within this many neighbour units (a land border is 1, a narrow sea 1.5).
pub const NEAR: f64 = 1.5;

/// A great power, able to be a patron: its standing (power against the strongest state's) is at
/// least this.
pub const PATRON_STANDING: f64 = 0.5;

/// The threat's victory is in sight when its side holds this share of all power.
pub const VICTORY_SHARE: f64 = 0.6;

/// A threat's hostility to a state is acute when its remembered acts against that state alone
/// make an enmity of at least this much (an attack within the last few years, a grave
/// ultimatum): a weak state then aligns with it to be spared, rather than merely accommodating it.
pub const ACUTE: f64 = 0.5;

/// Below the alliance threshold, a weak state accommodates a near, overwhelming neighbour only
/// when that neighbour has shown at least this much hostile intention.
pub const ACCOMMODATE_FROM: f64 = 0.2;

/// A state bidding for hegemony: its nearness to hegemony ([`crate::threat::hegemony`]) is at
/// least this (in a world of seven equals, a third of all power).
pub const HEGEMON: f64 = 0.5;

/// Whether `m`, in `me`'s eyes, is a threatening hegemon: it bids for hegemony ([`HEGEMON`]) and
/// threatens `me` at the alliance threshold or more. Joining its camp against a lesser threat
/// would be bandwagoning, which a balancer does only by Walt's conditions, never as an
/// alliance; a strong state that has shown no hostile intent is still a fit partner.
pub fn threatening_hegemon(view: &View, me: usize, m: usize) -> bool {
    m != me
        && crate::threat::hegemony(view.system, m) >= HEGEMON
        && view.threats.threat(me, m) >= super::THREAT_THRESHOLD
}

/// A member of the camp `a` and `b` would make against `target` that is a threatening hegemon
/// in `me`'s eyes ([`threatening_hegemon`]).
pub fn hegemon_in_camp(view: &View, a: usize, b: usize, target: usize, me: usize) -> Option<usize> {
    joined_camp(view, a, b, target)
        .into_iter()
        .chain([a, b])
        .find(|&m| threatening_hegemon(view, me, m))
}

/// Leave an alliance with a partner that has come to bid for hegemony and to threaten us
/// ([`threatening_hegemon`]): a balancer does not help the strongest state to dominate (the tie
/// would have become bandwagoning).
pub fn leave_hegemon(doctrine: &dyn Doctrine, view: &View) -> Option<Decision> {
    let me = view.me;
    let a = view.alignments;
    let partner = a
        .partners(me)
        .into_iter()
        .find(|&k| a.in_alliance(me, k) && threatening_hegemon(view, me, k))?;
    if a.imposed_by(me) == Some(partner) || a.imposed_by(partner) == Some(me) {
        return None;
    }
    let threat = report(view.system, view.alignments, me, partner);
    let sentence = format!(
        "{} leaves its alliance with {}: {} holds {:.0}% of all power and bids for hegemony, and a balancer does not help the strongest to dominate.",
        view.name(me),
        view.name(partner),
        view.name(partner),
        100.0 * view.system.power[partner] / view.system.power.iter().sum::<f64>().max(1e-9)
    );
    Some(leaving(doctrine, view, partner, threat, sentence))
}

/// End a side quarrel when a state bidding for hegemony threatens us most: leave an alliance
/// aimed at a state that is not on the hegemon's side and itself fears the hegemon, so that
/// both can stand against the greater danger.
pub fn end_side_quarrel(doctrine: &dyn Doctrine, view: &View) -> Option<Decision> {
    let me = view.me;
    let (h, level) = greatest(doctrine, view)?;
    if level < super::THREAT_THRESHOLD || crate::threat::hegemony(view.system, h) < HEGEMON {
        return None;
    }
    let a = view.alignments;
    let (partner, quarrel) = a.partners(me).into_iter().find_map(|k| {
        let t = a.target_of(me, k)?;
        (a.in_alliance(me, k)
            && t != h
            && !a.are_allied(t, h)
            && view.threats.threat(t, h) >= super::THREAT_THRESHOLD)
            .then_some((k, t))
    })?;
    let threat = report(view.system, view.alignments, me, h);
    let sentence = format!(
        "{} ends its alliance with {} against {}: {} bids for hegemony and threatens it most, and {} stands in its way too.",
        view.name(me),
        view.name(partner),
        view.name(quarrel),
        view.name(h),
        view.name(quarrel)
    );
    Some(leaving(doctrine, view, partner, threat, sentence))
}

/// A decision to leave the tie with `partner`, with the threat behind it and its reason.
pub(crate) fn leaving(
    doctrine: &dyn Doctrine,
    view: &View,
    partner: usize,
    threat: crate::threat::ThreatReport,
    sentence: String,
) -> Decision {
    Decision {
        state: view.me,
        doctrine: doctrine.name(),
        action: Action::Leave { partner },
        stance: Stance::Leaving,
        sentence,
        threat: Some(threat),
    }
}

/// When a perception bias (neoclassical realism: leaders' misperceptions) decided whom
/// `view.me` balances against: without it another state would threaten it most, or the target's
/// threat would stay below the alliance threshold. In words, for the debrief.
pub fn bias_note(view: &View, target: usize) -> Option<String> {
    let me = view.me;
    let biases = &view.system.actors[me].bias;
    if biases.is_empty() {
        return None;
    }
    let factor = |j: usize| {
        biases
            .iter()
            .find(|(k, _)| *k == j)
            .map_or(1.0, |(_, f)| *f)
    };
    let unbiased = |j: usize| {
        let f = factor(j);
        if f > 0.0 {
            (view.threats.threat(me, j) / f).min(1.0)
        } else {
            0.0
        }
    };
    let plain_top = (0..view.system.len())
        .filter(|&j| j != me)
        .max_by(|&a, &b| unbiased(a).total_cmp(&unbiased(b)).then(b.cmp(&a)))?;
    if plain_top != target {
        return Some(format!(
            "its bias decided this: without it, {} would threaten {} most ({:.2} against {}'s {:.2})",
            view.name(plain_top),
            view.name(me),
            unbiased(plain_top),
            view.name(target),
            unbiased(target)
        ));
    }
    let threshold = super::THREAT_THRESHOLD;
    if view.threats.threat(me, target) >= threshold && unbiased(target) < threshold {
        return Some(format!(
            "its bias decided this: without it, {}'s threat ({:.2}) would be below the alliance threshold ({threshold:.2})",
            view.name(target),
            unbiased(target)
        ));
    }
    None
}

/// What a balancing decision needs to know.
pub struct Target<'s> {
    pub target: usize,
    /// Why this target, in the doctrine's words, for the sentence: "threatens Italy most".
    pub how: &'s str,
    /// Whether the doctrine lets the state bandwagon (or Finlandize) by Walt's conditions.
    pub may_bandwagon: bool,
    /// A phrase replacing the threat breakdown, for doctrines blind to Walt's criteria.
    pub because: Option<String>,
    /// Partners judged by their power alone, wherever they are (balance of power), rather than
    /// by the help they can bring where it is needed.
    pub distance_blind: bool,
}

/// The power `k` can bring to where `to` stands: its aggregate power, projected over the
/// distance with its reach ([`crate::threat::projection`]).
pub fn help(view: &View, k: usize, to: usize) -> f64 {
    let s = view.system;
    if k == to {
        return s.power[k];
    }
    s.power[k] * projection(s.distance(k, to), s.standing(k))
}

/// `t`'s side, as `me` faces it: `t` and every state tied to it (allies, juniors, its patron,
/// states it holds), but not `me`.
pub fn side(view: &View, t: usize, me: usize) -> Vec<usize> {
    let mut out = vec![t];
    out.extend(view.alignments.partners(t).into_iter().filter(|&k| k != me));
    out
}

/// How `view.me` stands against `t`.
#[derive(Debug, Clone, Copy)]
pub struct Odds {
    /// Its own power and its partners' (but not `t`'s), brought to where it stands.
    pub ours: f64,
    /// `t`'s side's, brought to where it stands.
    pub theirs: f64,
    /// `t`'s side's share of all power.
    pub share: f64,
    /// Whether `t` is close ([`NEAR`]).
    pub near: bool,
}

impl Odds {
    /// Outmatched [`WEAK_RATIO`] to one, with `extra` help.
    pub fn outmatched_with(&self, extra: f64) -> bool {
        self.theirs >= WEAK_RATIO * (self.ours + extra)
    }

    /// The threat's victory in sight: its side holds [`VICTORY_SHARE`] of all power.
    pub fn victory_in_sight(&self) -> bool {
        self.share >= VICTORY_SHARE
    }
}

/// The odds of `view.me` against `t`.
pub fn odds(view: &View, t: usize) -> Odds {
    let me = view.me;
    let theirs_side = side(view, t, me);
    // A partner's help counts as far as its forces reach by land and sea like anyone's, without
    // the longer reach of the strong: a great power's promise from afar does not hold the
    // line at a small state's border (the threat it poses is another matter).
    let ours: f64 = help(view, me, me)
        + view
            .alignments
            .partners(me)
            .into_iter()
            .filter(|&k| k != t && !theirs_side.contains(&k))
            .map(|k| view.system.power[k] * crate::threat::proximity(view.system.distance(k, me)))
            .sum::<f64>();
    Odds {
        ours,
        theirs: theirs_side.iter().map(|&k| help(view, k, me)).sum(),
        share: theirs_side.iter().map(|&k| view.system.power[k]).sum(),
        near: view.system.distance(me, t) <= NEAR + 1e-9,
    }
}

/// The state `m` fears most under its own doctrine.
fn feared_most(view: &View, m: usize) -> Option<usize> {
    view.doctrines[m]
        .greatest_danger(&view.as_state(m))
        .map(|(g, _)| g)
}

/// Whether `m`'s doctrine fears by the threat matrix (balance of threat, and the bandwagoner who
/// follows the greatest threat): then a new tie changes what it fears, since acts against a
/// partner weigh more.
fn fears_by_threat(view: &View, m: usize) -> bool {
    matches!(
        view.doctrines[m].name(),
        "balance_of_threat" | "bandwagoner"
    )
}

/// Why an alliance would break the rule of camps: a member would stand in one camp with what it
/// fears most, or on both sides of one conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampConflict {
    /// The camp would hold `member` together with `feared`, what it fears most.
    Fears { member: usize, feared: usize },
    /// The camp would hold `member` together with `other`, which one of them is allied against,
    /// or `member` would be allied against `other`, with which it already stands in a camp.
    BothSides { member: usize, other: usize },
}

impl CampConflict {
    /// In words, for refusals: "the camp would hold Serbia together with Austria-Hungary, what it
    /// fears most".
    pub fn words(&self, view: &View) -> String {
        match *self {
            CampConflict::Fears { member, feared } => format!(
                "the camp would hold {} together with {}, what it fears most",
                view.name(member),
                view.name(feared)
            ),
            CampConflict::BothSides { member, other } => format!(
                "{} would stand on both sides of one conflict, with {} and against it",
                view.name(member),
                view.name(other)
            ),
        }
    }
}

/// Whether `a` and `b` may ally against `target` under the rule of camps. The camp they would
/// make together (theirs against `target`, joined) must hold no member's greatest danger, and
/// nobody may stand on both sides of one conflict: no member allied against another member, and
/// neither `a` nor `b` already in a camp with `target`.
pub fn camp_conflict(view: &View, a: usize, b: usize, target: usize) -> Option<CampConflict> {
    let alignments = view.alignments;
    let camp = joined_camp(view, a, b, target);
    if let Some(c) = camp.iter().find_map(|&m| {
        feared_most(view, m)
            .filter(|g| *g != m && camp.contains(g))
            .map(|g| CampConflict::Fears {
                member: m,
                feared: g,
            })
    }) {
        return Some(c);
    }
    for &m in &camp {
        if let Some(&other) = alignments.targets_of(m).iter().find(|t| camp.contains(t)) {
            return Some(CampConflict::BothSides { member: m, other });
        }
    }
    for x in [a, b] {
        if alignments
            .camps_of(x)
            .iter()
            .any(|(_, members)| members.contains(&target))
        {
            return Some(CampConflict::BothSides {
                member: x,
                other: target,
            });
        }
    }
    None
}

fn joined_camp(view: &View, a: usize, b: usize, target: usize) -> Vec<usize> {
    let mut camp = view.alignments.camp_against(a, target);
    for m in view.alignments.camp_against(b, target) {
        if !camp.contains(&m) {
            camp.push(m);
        }
    }
    camp
}

/// [`camp_conflict`], and also with the threats as `a` and `b` would see them once allied.
pub fn camp_conflict_after(view: &View, a: usize, b: usize, target: usize) -> Option<CampConflict> {
    if let Some(c) = camp_conflict(view, a, b, target) {
        return Some(c);
    }
    let camp = joined_camp(view, a, b, target);
    [(a, b), (b, a)].into_iter().find_map(|(m, other)| {
        if !fears_by_threat(view, m) {
            return None;
        }
        crate::threat::greatest_if_allied(view.system, view.alignments, view.threats, m, other)
            .map(|(g, _)| g)
            .filter(|g| camp.contains(g))
            .map(|g| CampConflict::Fears {
                member: m,
                feared: g,
            })
    })
}

/// A willing partner against the target, with the help it brings and the doctrine's score.
struct Candidate {
    state: usize,
    help: f64,
    score: f64,
}

/// Partners `view.me` could have against `target`: free, not tied to it or to the target's side,
/// not in a camp aimed at it (nor it in one aimed at them), and willing by their own doctrine.
fn candidates(view: &View, target: usize, distance_blind: bool) -> Vec<Candidate> {
    let me = view.me;
    let a = view.alignments;
    let theirs = side(view, target, me);
    let mut out: Vec<Candidate> = (0..view.system.len())
        .filter(|&k| k != me && k != target && !a.are_allied(me, k) && !theirs.contains(&k))
        // A junior is asked too: under a protector it may balance another threat of its own
        // (its answer says whether it is free to).
        .filter(|&k| a.is_free(k))
        .filter(|&k| !a.is_enemy_camp(me, k) && !a.is_enemy_camp(k, me))
        .filter(|&k| hegemon_in_camp(view, me, k, target, me).is_none())
        .filter(|&k| {
            view.doctrines[k]
                .answer(
                    &view.as_state(k),
                    Proposal {
                        from: me,
                        to: k,
                        against: target,
                    },
                )
                .accept
        })
        .map(|k| {
            let h = help(view, k, me);
            let score = if distance_blind {
                view.system.power[k]
            } else {
                // A partner that could itself overpower us is worth less, the more so the weaker
                // we are than it: weak states prefer a distant patron to a near great power.
                let p = view.threats.parts(me, k);
                let (pk, pm) = (view.system.power[k], view.system.power[me]);
                let relative = if pk + pm > 0.0 { pk / (pk + pm) } else { 0.0 };
                h * (1.0 - p.power * p.proximity * relative)
            };
            Candidate {
                state: k,
                help: h,
                score,
            }
        })
        .collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.state.cmp(&y.state)));
    out
}

/// Decides how to balance against `t.target`: stay if the balance holds; else propose to the
/// most useful willing partner whose camp can take us; and when the doctrine allows it and the
/// state is weak, has no effective ally (even every willing partner's help leaves it outmatched
/// [`WEAK_RATIO`] to one) and is close to the threat or sees its victory in sight, bandwagon
/// (when the threat's hostility to it is acute, or its victory in sight) or Finlandize.
pub fn balance(doctrine: &dyn Doctrine, view: &View, t: Target) -> Decision {
    let me = view.me;
    let target = t.target;
    let threat = report(view.system, view.alignments, me, target);
    let why = match &t.because {
        Some(b) => b.clone(),
        None => match bias_note(view, target) {
            Some(note) => format!("{}; {note}", threat_clause(view.system, &threat, t.how)),
            None => threat_clause(view.system, &threat, t.how),
        },
    };
    let decision = |action, stance, sentence: String| Decision {
        state: me,
        doctrine: doctrine.name(),
        action,
        stance,
        threat: Some(threat.clone()),
        sentence,
    };
    let odds = odds(view, target);
    let partners: Vec<usize> = view
        .alignments
        .partners(me)
        .into_iter()
        .filter(|&k| k != target)
        .collect();
    let my_name = view.name(me);
    let target_name = view.name(target);
    let names = |list: &[usize]| -> String {
        list.iter()
            .map(|&m| view.name(m))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    if !partners.is_empty() && odds.ours >= odds.theirs {
        return decision(
            Action::Stay,
            Stance::Balancing,
            format!(
                "{my_name} stays with {} against {target_name}: the balance holds ({:.2} against {:.2} in power brought to bear); {why}.",
                names(&partners),
                odds.ours,
                odds.theirs
            ),
        );
    }
    let candidates = candidates(view, target, t.distance_blind);
    let coalition: f64 = candidates.iter().map(|c| c.help).sum();
    let hopeless = odds.outmatched_with(coalition);
    if t.may_bandwagon && partners.is_empty() && hopeless {
        if let Some(g) = patron(view, target, &odds) {
            return decision(
                Action::Bandwagon { with: g },
                Stance::Balancing,
                format!(
                    "{my_name} takes {} as its patron against {target_name}: too weak to resist alone ({:.2} against {:.2} in power brought to bear), no alliance would hold, and {} can bring {:.2} to bear from afar; {why}.",
                    view.name(g),
                    odds.ours,
                    odds.theirs,
                    view.name(g),
                    help(view, g, me)
                ),
            );
        }
        if odds.near || odds.victory_in_sight() {
            return yield_to(doctrine, view, target, &odds, coalition, true, threat, &why);
        }
    }
    if let Some(c) = candidates
        .iter()
        .find(|c| camp_conflict_after(view, me, c.state, target).is_none())
    {
        return decision(
            Action::ProposeAlliance {
                to: c.state,
                against: target,
            },
            Stance::Balancing,
            format!(
                "{my_name} proposes an alliance to {} against {target_name}: {why}.",
                view.name(c.state)
            ),
        );
    }
    if !partners.is_empty() {
        return decision(
            Action::Stay,
            Stance::Balancing,
            format!(
                "{my_name} stays with {} against {target_name}, though the balance does not hold ({:.2} against {:.2} in power brought to bear) and no further partner is to be had; {why}.",
                names(&partners),
                odds.ours,
                odds.theirs
            ),
        );
    }
    if leads(view, target) && !view.alignments.are_allied(me, target) {
        return decision(
            Action::Stay,
            Stance::SoftBalancing,
            format!(
                "{my_name} balances softly against {target_name}: no partner is to be had, so it gives {target_name} no support and denies it passage into its centres; {why}."
            ),
        );
    }
    decision(
        Action::Stay,
        Stance::Neutral,
        format!("{my_name} stands alone against {target_name}: no partner is to be had; {why}."),
    )
}

/// Whether `t` is the strongest state and stronger than `view.me`: the state soft balancing is
/// about (Pape, Paul), whose lead others fear before they can ally against it.
pub fn leads(view: &View, t: usize) -> bool {
    let power = &view.system.power;
    power[t] > power[view.me] && (0..power.len()).all(|k| k == t || power[k] < power[t])
}

/// Below the alliance threshold: a state whose greatest threat is the strongest state, serious
/// enough to act on ([`ACCOMMODATE_FROM`]), and not its ally, balances softly: it takes no tie, but gives
/// the leader no support and denies it passage into its centres (see `crate::play::posture`).
pub fn soft_balance(
    doctrine: &dyn Doctrine,
    view: &View,
    t: usize,
    level: f64,
) -> Option<Decision> {
    let me = view.me;
    if level < ACCOMMODATE_FROM
        || !leads(view, t)
        || view.alignments.are_allied(me, t)
        || view.alignments.allied_against(me, t)
    {
        return None;
    }
    let threat = report(view.system, view.alignments, me, t);
    let (my_name, t_name) = (view.name(me), view.name(t));
    Some(Decision {
        state: me,
        doctrine: doctrine.name(),
        action: Action::Stay,
        stance: Stance::SoftBalancing,
        sentence: format!(
            "{my_name} balances softly against {t_name}: {t_name} is the strongest state ({:.2} of all power) and threatens it most ({level:.2}), but not yet enough for an alliance; it gives {t_name} no support and denies it passage into its centres; {}.",
            view.system.power[t],
            threat_clause(view.system, &threat, "most")
        ),
        threat: Some(threat),
    })
}

/// A distant patron for a weak state outmatched by `target` with no alliance that would hold: a
/// great power ([`PATRON_STANDING`]), free, not tied to `target` nor in a camp with it, whose help
/// brought to where the state stands would end the mismatch, and which would take it as a
/// junior partner; the one that brings most help and could least overpower the state itself.
pub fn patron(view: &View, target: usize, odds: &Odds) -> Option<usize> {
    let me = view.me;
    let s = view.system;
    let a = view.alignments;
    (0..s.len())
        .filter(|&g| g != me && g != target && s.standing(g) >= PATRON_STANDING)
        .filter(|&g| a.is_free(g) && a.patron(g).is_none() && !a.are_allied(g, target))
        .filter(|&g| !a.camps_of(g).iter().any(|(_, m)| m.contains(&target)))
        .filter(|&g| !a.is_enemy_camp(g, me))
        .filter(|&g| !odds.outmatched_with(help(view, g, me)))
        .filter(|&g| {
            view.doctrines[g]
                .accept_junior(&view.as_state(g), me)
                .accept
        })
        .map(|g| {
            let p = view.threats.parts(me, g);
            (g, help(view, g, me) * (1.0 - p.power * p.proximity))
        })
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
        .map(|(g, _)| g)
}

/// A weak state with no effective ally gives way to `target`, by Walt's account of when states
/// bandwagon: it aligns with the threat when the threat's victory is in sight, or when the threat
/// is serious (at the alliance threshold or above) and can be appeased; it accommodates a lesser
/// threat while staying out of every camp (Finlandization); and it stands alone against a threat
/// that has made war on it (its enmity is acute, [`ACUTE`]), which no alignment would appease.
#[allow(clippy::too_many_arguments)]
fn yield_to(
    doctrine: &dyn Doctrine,
    view: &View,
    target: usize,
    odds: &Odds,
    coalition: f64,
    serious: bool,
    threat: crate::threat::ThreatReport,
    why: &str,
) -> Decision {
    let me = view.me;
    let my_name = view.name(me);
    let target_name = view.name(target);
    let acute = enmity(view.system, me, target) >= ACUTE;
    let odds_words = format!(
        "{:.2} against {:.2} in power brought to bear, {:.2} with every willing partner's help",
        odds.ours,
        odds.theirs,
        odds.ours + coalition
    );
    let place = if odds.near {
        "right beside it"
    } else {
        "though not beside it"
    };
    let (action, stance, sentence) = if odds.victory_in_sight() {
        (
            Action::Bandwagon { with: target },
            Stance::Bandwagoning,
            format!(
                "{my_name} aligns with {target_name}: too weak to resist ({odds_words}), {place}, and {target_name}'s side holds {:.0}% of all power: its victory is in sight; {why}.",
                100.0 * odds.share
            ),
        )
    } else if acute {
        (
            Action::Stay,
            Stance::Neutral,
            format!(
                "{my_name} stands alone against {target_name}: too weak to resist ({odds_words}) and no effective ally is to be had, but {target_name} has made war on it and no alignment would appease it; {why}."
            ),
        )
    } else if serious {
        (
            Action::Bandwagon { with: target },
            Stance::Bandwagoning,
            format!(
                "{my_name} aligns with {target_name} to be spared: too weak to resist ({odds_words}), {place}, and no effective ally is to be had; {why}."
            ),
        )
    } else {
        (
            Action::Stay,
            Stance::Finlandization,
            format!(
                "{my_name} accommodates {target_name} and stays out of every camp: too weak to resist ({odds_words}), {place}, and no effective ally is to be had; {why}."
            ),
        )
    };
    Decision {
        state: me,
        doctrine: doctrine.name(),
        action,
        stance,
        threat: Some(threat),
        sentence,
    }
}

/// Below the alliance threshold: a weak state close to an overwhelming neighbour that has shown
/// some hostile intention ([`ACCOMMODATE_FROM`]), with no effective ally, accommodates it.
pub fn accommodate(doctrine: &dyn Doctrine, view: &View, target: usize) -> Option<Decision> {
    let me = view.me;
    if view.threats.parts(me, target).intentions < ACCOMMODATE_FROM
        || !view.alignments.partners(me).is_empty()
    {
        return None;
    }
    let odds = odds(view, target);
    if !odds.near || !odds.outmatched_with(0.0) {
        return None;
    }
    let coalition: f64 = candidates(view, target, false).iter().map(|c| c.help).sum();
    if !odds.outmatched_with(coalition) || patron(view, target, &odds).is_some() {
        return None;
    }
    let threat = report(view.system, view.alignments, me, target);
    let why = threat_clause(view.system, &threat, "most");
    Some(yield_to(
        doctrine, view, target, &odds, coalition, false, threat, &why,
    ))
}

/// The usual answer of a balancer: yes if the proposal's target is among what it fears most,
/// and the proposer is not what it fears most; never from a state that is not free or follows a
/// patron, and never into a camp with what it fears most.
pub fn answer_by_danger(
    doctrine: &dyn Doctrine,
    view: &View,
    p: Proposal,
    threshold: f64,
) -> Answer {
    if let Some(no) = structural_refusal(doctrine, view, p) {
        return no;
    }
    let top_danger = doctrine.greatest_danger(view).map_or(0.0, |(_, d)| d);
    let target_danger = doctrine.danger(view, p.against);
    if target_danger >= threshold * 0.8 && target_danger >= 0.8 * top_danger {
        accept_words(view, p, target_danger, top_danger)
    } else {
        refuse_words(view, p, target_danger, top_danger)
    }
}

fn accept_words(view: &View, p: Proposal, danger: f64, top: f64) -> Answer {
    let (me, from, against) = (view.name(view.me), view.name(p.from), view.name(p.against));
    Answer {
        accept: true,
        sentence: format!(
            "{me} accepts {from}'s alliance against {against}: {against} is among its greatest dangers ({danger:.2}, greatest {top:.2})."
        ),
    }
}

fn refuse_words(view: &View, p: Proposal, danger: f64, top: f64) -> Answer {
    let (me, from, against) = (view.name(view.me), view.name(p.from), view.name(p.against));
    refuse(format!(
        "{me} refuses {from}'s alliance against {against}: {against} does not endanger it enough ({danger:.2}, greatest {top:.2})."
    ))
}

/// Refusals every doctrine shares: not free, following a patron, tied to the target, asked by
/// what it fears most, or a camp that would hold what it fears most.
fn structural_refusal(doctrine: &dyn Doctrine, view: &View, p: Proposal) -> Option<Answer> {
    let me = view.me;
    let (me_name, from, against) = (view.name(me), view.name(p.from), view.name(p.against));
    if let Some(by) = view.alignments.imposed_by(me) {
        return Some(refuse(format!(
            "{me_name} cannot answer {from}: it is not free to choose ({} holds it).",
            view.name(by)
        )));
    }
    if let Some(patron) = view.alignments.patron(me)
        && !free_under_protector(doctrine, view, patron, p.against, Some(p.from))
    {
        return Some(refuse(format!(
            "{me_name} refuses {from}'s alliance: it follows {} and makes no alliances of its own against {against}.",
            view.name(patron)
        )));
    }
    if view.alignments.are_allied(me, p.against) {
        return Some(refuse(format!(
            "{me_name} refuses {from}'s alliance: it is tied to {against}."
        )));
    }
    let top = doctrine.greatest_danger(view).map(|(t, _)| t);
    if top == Some(p.from) && p.from != p.against {
        return Some(refuse(format!(
            "{me_name} refuses {from}'s alliance: {from} itself is what {me_name} fears most."
        )));
    }
    if let Some(c) = camp_conflict(view, p.from, me, p.against) {
        return Some(refuse(format!(
            "{me_name} refuses {from}'s alliance against {against}: {}.",
            c.words(view)
        )));
    }
    if let Some(h) = hegemon_in_camp(view, p.from, me, p.against, me) {
        return Some(refuse(format!(
            "{me_name} refuses {from}'s alliance against {against}: the camp would hold {}, which bids for hegemony, and {me_name} will not help the strongest to dominate.",
            view.name(h)
        )));
    }
    None
}

/// A great power takes a weaker partner against its principal rival (the state it fears most, at
/// least half as strong as it is) once that rival endangers it at this share of the threshold.
pub const RIVAL_SHARE: f64 = 0.5;

/// Balance of threat's answer. Walt's states balance against every serious threat, not only the
/// greatest (a state allied against two threats stands in two camps): yes when the proposal's
/// target threatens it at 0.8 of the alliance threshold or more, unless the shared refusals apply
/// (not free, following a patron, tied to the target, asked by what it fears most, a camp that
/// would hold what it fears most). Two more rules: a weak state close to a threat that would be
/// outmatched [`WEAK_RATIO`] to one even with the proposer's help refuses (it will not provoke
/// what it cannot resist); and a great power accepts a weaker partner against its principal
/// rival from a lower danger ([`RIVAL_SHARE`] of the threshold): clients cost it little and deny
/// them to the rival.
pub fn answer_by_threat(
    doctrine: &dyn Doctrine,
    view: &View,
    p: Proposal,
    threshold: f64,
) -> Answer {
    if let Some(no) = structural_refusal(doctrine, view, p) {
        return no;
    }
    let me = view.me;
    let near = view.system.distance(me, p.against) <= NEAR + 1e-9;
    let odds = if near {
        Some(odds(view, p.against))
    } else {
        None
    };
    if let Some(odds) = odds.filter(|o| o.outmatched_with(help(view, p.from, me))) {
        return refuse(format!(
            "{} refuses {}'s alliance against {}: it could not resist {} even with {}'s help ({:.2} against {:.2} in power brought to bear), and will not provoke it.",
            view.name(me),
            view.name(p.from),
            view.name(p.against),
            view.name(p.against),
            view.name(p.from),
            odds.ours + help(view, p.from, me),
            odds.theirs
        ));
    }
    let (top, top_danger) = doctrine.greatest_danger(view).unwrap_or((me, 0.0));
    let danger = doctrine.danger(view, p.against);
    let power = &view.system.power;
    let rival = top == p.against
        && power[p.against] >= 0.5 * power[me]
        && power[p.from] < power[me]
        && danger >= RIVAL_SHARE * threshold;
    if danger >= threshold || rival {
        if rival && danger < threshold {
            return Answer {
                accept: true,
                sentence: format!(
                    "{} accepts {}'s alliance against {}: {} is its principal rival ({danger:.2}), and a partner against it costs little.",
                    view.name(me),
                    view.name(p.from),
                    view.name(p.against),
                    view.name(p.against)
                ),
            };
        }
        accept_words(view, p, danger, top_danger)
    } else {
        refuse_words(view, p, danger, top_danger)
    }
}

pub fn refuse(sentence: String) -> Answer {
    Answer {
        accept: false,
        sentence,
    }
}

/// Leave a partner that has become the greatest danger (it turned on us, or grew too strong).
pub fn leave_if_turned(doctrine: &dyn Doctrine, view: &View, threshold: f64) -> Option<Decision> {
    let me = view.me;
    let (top, top_danger) = greatest(doctrine, view)?;
    if top_danger < threshold || !view.alignments.are_allied(me, top) {
        return None;
    }
    if view.alignments.imposed_by(me) == Some(top) || view.alignments.imposed_by(top) == Some(me) {
        return None;
    }
    let threat = report(view.system, view.alignments, me, top);
    let sentence = format!(
        "{} leaves its tie with {}: {}.",
        view.name(me),
        view.name(top),
        threat_clause(view.system, &threat, "most, partner or not")
    );
    Some(leaving(doctrine, view, top, threat, sentence))
}

/// Leave an alliance whose camp has come to hold what we fear most (through a partner's
/// partner): nobody stands in one camp with its greatest threat.
pub fn leave_camp_of_threat(doctrine: &dyn Doctrine, view: &View) -> Option<Decision> {
    let me = view.me;
    let (top, _) = greatest(doctrine, view)?;
    let a = view.alignments;
    let partner = (0..view.system.len()).find(|&k| {
        a.in_alliance(me, k)
            && a.target_of(me, k)
                .is_some_and(|t| a.camp_against(me, t).contains(&top))
    })?;
    let threat = report(view.system, view.alignments, me, top);
    let sentence = format!(
        "{} leaves its alliance with {}: their camp has come to hold {}, and {}.",
        view.name(me),
        view.name(partner),
        view.name(top),
        threat_clause(view.system, &threat, "most")
    );
    Some(leaving(doctrine, view, partner, threat, sentence))
}

/// A state not free to choose stays as it is held.
pub fn held(doctrine: &dyn Doctrine, view: &View) -> Option<Decision> {
    let by = view.alignments.imposed_by(view.me)?;
    let how = match view.system.imposed_on(view.me).map(|t| t.kind) {
        Some(crate::threat::TieKind::Imposed(crate::threat::Imposition::Occupation)) => {
            "occupied by"
        }
        Some(crate::threat::TieKind::Imposed(crate::threat::Imposition::Satellite)) => {
            "a satellite of"
        }
        _ => "held by",
    };
    Some(stay(
        doctrine,
        view,
        Stance::Imposed,
        format!(
            "{} is {how} {} and not free to choose its ties.",
            view.name(view.me),
            view.name(by)
        ),
    ))
}

/// The state `view.me` fears most under `doctrine`, and how much.
pub fn greatest(doctrine: &dyn Doctrine, view: &View) -> Option<(usize, f64)> {
    doctrine.greatest_danger(view)
}

/// A decision to change nothing, with its reason.
pub fn stay(doctrine: &dyn Doctrine, view: &View, stance: Stance, sentence: String) -> Decision {
    Decision {
        state: view.me,
        doctrine: doctrine.name(),
        action: Action::Stay,
        stance,
        threat: None,
        sentence,
    }
}

/// Whether `view.me`, the junior partner of `patron`, is free to ally against `target` (with
/// `with`, if named): only under a protector, a patron that is not what it fears most (a junior
/// that bandwagons with its threat follows it in everything), and only against a state that is
/// neither the patron, nor what the patron protects it from, nor tied to the patron or standing
/// in a camp with it; and not with a state in a camp against the patron (or the patron in one
/// against it); and not while what it fears most bids for hegemony. Walt's clients of the
/// superpowers made such regional alliances of their own.
pub fn free_under_protector(
    doctrine: &dyn Doctrine,
    view: &View,
    patron: usize,
    target: usize,
    with: Option<usize>,
) -> bool {
    let a = view.alignments;
    let Some((feared, _)) = greatest(doctrine, view) else {
        return false;
    };
    if feared == patron || target == patron || target == feared || a.are_allied(patron, target) {
        return false;
    }
    // With a would-be hegemon as its greatest threat a client starts no side quarrel (as
    // [`end_side_quarrel`] ends them): every state that fears the hegemon is needed against it.
    if crate::threat::hegemony(view.system, feared) >= HEGEMON {
        return false;
    }
    if a.camps_of(patron).iter().any(|(_, m)| m.contains(&target)) {
        return false;
    }
    with.is_none_or(|w| !a.is_enemy_camp(w, patron) && !a.is_enemy_camp(patron, w))
}

/// A protected junior's own balancing (Walt's regional alliances of the superpowers' clients):
/// a state under a distant patron's protection against what it fears most leaves an ally that
/// has become that threat, and balances its next serious threat (at `threshold` or more) with a
/// partner of its own when it has no alliance against it yet. `None` leaves the decision to the
/// junior's usual rule (it stays under its patron's protection).
pub fn protected_junior_balances(
    doctrine: &dyn Doctrine,
    view: &View,
    threshold: f64,
) -> Option<Decision> {
    let me = view.me;
    let a = view.alignments;
    let patron = a.patron(me)?;
    if !a.is_free(me) {
        return None;
    }
    let (feared, _) = greatest(doctrine, view)?;
    if feared == patron || a.camps_of(patron).iter().any(|(_, m)| m.contains(&feared)) {
        return None;
    }
    if a.in_alliance(me, feared) {
        return leave_if_turned(doctrine, view, threshold);
    }
    let (next, _) = (0..view.system.len())
        .filter(|&j| j != me && !a.are_allied(me, j))
        .filter(|&j| free_under_protector(doctrine, view, patron, j, None))
        .map(|j| (j, doctrine.danger(view, j)))
        .filter(|&(_, d)| d >= threshold)
        .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))?;
    if a.allied_against(me, next) {
        return None;
    }
    let partner = candidates(view, next, false)
        .into_iter()
        .find(|c| camp_conflict_after(view, me, c.state, next).is_none())?;
    let threat = report(view.system, view.alignments, me, next);
    Some(Decision {
        state: me,
        doctrine: doctrine.name(),
        action: Action::ProposeAlliance {
            to: partner.state,
            against: next,
        },
        stance: Stance::Balancing,
        sentence: format!(
            "{} proposes an alliance to {} against {}: under {}'s protection against {}, it balances its next threat with a partner of its own; {}.",
            view.name(me),
            view.name(partner.state),
            view.name(next),
            view.name(patron),
            view.name(feared),
            threat_clause(view.system, &threat, "next")
        ),
        threat: Some(threat),
    })
}
