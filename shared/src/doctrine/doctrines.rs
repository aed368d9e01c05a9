//! The seven doctrines.

use super::balancing::{
    Target, accommodate, answer_by_danger, answer_by_threat, balance, greatest, held, help,
    leave_camp_of_threat, leave_hegemon, leave_if_turned, odds, protected_junior_balances, refuse,
    soft_balance, stay,
};
use super::{BoardStyle, Doctrine, View};
use crate::alignment::{Action, Answer, Decision, Proposal, Stance};

pub use super::balancing::{
    ACCOMMODATE_FROM, ACUTE, CampConflict, HEGEMON, NEAR, Odds, PATRON_STANDING, RIVAL_SHARE,
    VICTORY_SHARE, WEAK_RATIO, camp_conflict, camp_conflict_after, free_under_protector,
};

/// Walt's threshold: a threat below this is not worth an alliance. With the compounding model a
/// state that has done nothing hostile stays below `√AIM_FLOOR ≈ 0.22` whatever its capability;
/// a fully hostile state above this threshold needs a capability of at least 0.35 against the
/// observer (see `crate::threat`).
pub const THREAT_THRESHOLD: f64 = 0.35;

/// Partners that would now stand with `view.me` against `target`, with the help they bring.
fn partners_against(view: &View, target: usize) -> Vec<(usize, f64)> {
    let me = view.me;
    (0..view.system.len())
        .filter(|&k| k != me && k != target && !view.alignments.are_allied(k, target))
        .filter(|&k| view.alignments.is_free(k) && view.alignments.patron(k).is_none())
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
        .map(|k| (k, help(view, k, me)))
        .collect()
}

/// A state not free stays held; a junior partner reconsiders: it stays aligned while it would
/// still be outmatched by its patron [`super::balancing::WEAK_RATIO`] to one with every willing
/// partner's help, and leaves once an effective coalition against its patron is to be had.
fn junior_decides(doctrine: &dyn Doctrine, view: &View) -> Option<Decision> {
    if let Some(d) = held(doctrine, view) {
        return Some(d);
    }
    let patron = view.alignments.patron(view.me)?;
    let me = view.name(view.me);
    let p = view.name(patron);
    // A patron that is not what it fears most is a protector: it stays under it while the
    // patron's camps keep clear of its greatest threat.
    if let Some((t, _)) = greatest(doctrine, view).filter(|(t, _)| *t != patron) {
        let t_name = view.name(t);
        if view
            .alignments
            .camps_of(patron)
            .iter()
            .any(|(_, m)| m.contains(&t))
        {
            return Some(Decision {
                state: view.me,
                doctrine: doctrine.name(),
                action: Action::Leave { partner: patron },
                stance: Stance::Leaving,
                threat: Some(crate::threat::report(
                    view.system,
                    view.alignments,
                    view.me,
                    t,
                )),
                sentence: format!(
                    "{me} leaves its patron {p}: {p} now stands in a camp with {t_name}, what {me} fears most."
                ),
            });
        }
        return Some(stay(
            doctrine,
            view,
            Stance::Balancing,
            format!("{me} stays under {p}'s protection against {t_name}."),
        ));
    }
    let partners = partners_against(view, patron);
    let coalition: f64 = partners.iter().map(|(_, h)| h).sum();
    let odds = odds(view, patron);
    Some(match partners.first() {
        Some(&(k, _)) if !odds.outmatched_with(coalition) => Decision {
            state: view.me,
            doctrine: doctrine.name(),
            action: Action::Leave { partner: patron },
            stance: Stance::Leaving,
            threat: Some(crate::threat::report(
                view.system,
                view.alignments,
                view.me,
                patron,
            )),
            sentence: format!(
                "{me} leaves its alignment with {p}: {} would now stand with it against {p} ({:.2} against {:.2} in power brought to bear).",
                view.name(k),
                odds.ours + coalition,
                odds.theirs
            ),
        },
        _ => stay(
            doctrine,
            view,
            Stance::Bandwagoning,
            format!(
                "{me} stays aligned with {p}: still no effective partner against it ({:.2} against {:.2} in power brought to bear, with every willing partner's help).",
                odds.ours + coalition,
                odds.theirs
            ),
        ),
    })
}

/// **Balance of threat** (Walt): ally against the state that threatens you most, judged by
/// power, proximity, offensive capability and intentions, compounding; bandwagon (or Finlandize)
/// only when weak, without an effective ally, and close to the threat or facing its victory.
pub struct BalanceOfThreat;

impl Doctrine for BalanceOfThreat {
    fn greatest_danger(&self, view: &View) -> Option<(usize, f64)> {
        view.threats.greatest(view.me)
    }
    fn name(&self) -> &'static str {
        "balance_of_threat"
    }
    fn title(&self) -> &'static str {
        "Balance of threat (Walt)"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        view.threats.threat(view.me, j)
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = protected_junior_balances(self, view, THREAT_THRESHOLD) {
            return d;
        }
        if let Some(d) = junior_decides(self, view) {
            return d;
        }
        if let Some(d) = leave_if_turned(self, view, THREAT_THRESHOLD) {
            return d;
        }
        if let Some(d) = leave_camp_of_threat(self, view) {
            return d;
        }
        if let Some(d) = leave_hegemon(self, view) {
            return d;
        }
        if let Some(d) = super::balancing::end_side_quarrel(self, view) {
            return d;
        }
        let Some((t, level)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        if level < THREAT_THRESHOLD {
            if let Some(d) = accommodate(self, view, t) {
                return d;
            }
            if let Some(d) = soft_balance(self, view, t, level) {
                return d;
            }
            return stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} seeks no alliance: its greatest threat, {}, is only {level:.2} (an alliance is worth it from {THREAT_THRESHOLD:.2}).",
                    view.name(view.me),
                    view.name(t)
                ),
            );
        }
        balance(
            self,
            view,
            Target {
                target: t,
                how: "most",
                may_bandwagon: true,
                because: None,
                distance_blind: false,
            },
        )
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        answer_by_threat(self, view, p, THREAT_THRESHOLD)
    }
}

/// **Balance of power** (Waltz): ally against the strongest state, whatever its intentions or
/// distance; never bandwagon.
pub struct BalanceOfPower;

impl Doctrine for BalanceOfPower {
    fn name(&self) -> &'static str {
        "balance_of_power"
    }
    fn title(&self) -> &'static str {
        "Balance of power (Waltz)"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        // Only power counts: the share of the system's capabilities.
        view.system.power[j]
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = junior_decides(self, view) {
            return d;
        }
        let me = view.me;
        let Some((t, share)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        if let Some(d) = follow_the_balance(self, view, t) {
            return d;
        }
        if share <= view.system.power[me] {
            return stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} seeks no alliance: no state is stronger than it (it holds {:.2} of all power).",
                    view.name(me),
                    view.system.power[me]
                ),
            );
        }
        balance(
            self,
            view,
            Target {
                target: t,
                how: "most",
                may_bandwagon: false,
                because: Some(format!(
                    "{} is the strongest state ({share:.2} of all power), and balance of power weighs power alone",
                    view.name(t)
                )),
                distance_blind: true,
            },
        )
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        let strongest = (0..view.system.len())
            .filter(|&j| j != view.me)
            .max_by(|&a, &b| view.system.power[a].total_cmp(&view.system.power[b]));
        let me = view.name(view.me);
        if Some(p.against) == strongest && view.system.power[p.against] > view.system.power[view.me]
        {
            Answer {
                accept: true,
                sentence: format!(
                    "{me} accepts {}'s alliance against {}: it is the strongest state.",
                    view.name(p.from),
                    view.name(p.against)
                ),
            }
        } else {
            refuse(format!(
                "{me} refuses {}'s alliance: {} is not the strongest state.",
                view.name(p.from),
                view.name(p.against)
            ))
        }
    }
}

/// Under balance of power, alliances follow the distribution of power (Waltz): an alliance
/// aimed at a state that is no longer the strongest, clearly ([`POWER_SHIFT`]), ends, and so
/// does one with a partner that has become the strongest state and stronger than us. Alliances
/// made against the strongest of 1901 would otherwise stand while another state grows to a
/// solo.
fn follow_the_balance(doctrine: &dyn Doctrine, view: &View, strongest: usize) -> Option<Decision> {
    let me = view.me;
    let a = view.alignments;
    let power = &view.system.power;
    let (partner, sentence) = a.partners(me).into_iter().find_map(|k| {
        if !a.in_alliance(me, k) || a.imposed_by(me) == Some(k) || a.imposed_by(k) == Some(me) {
            return None;
        }
        if k == strongest && power[k] > power[me] {
            return Some((
                k,
                format!(
                    "{} leaves its alliance with {}: {} has become the strongest state ({:.2} of all power), and balance of power does not side with the strongest.",
                    view.name(me),
                    view.name(k),
                    view.name(k),
                    power[k]
                ),
            ));
        }
        let target = a.target_of(me, k)?;
        (target != strongest && power[target] < POWER_SHIFT * power[strongest]).then(|| {
            (
                k,
                format!(
                    "{} ends its alliance with {} against {}: {} is no longer the strongest state ({:.2} of all power against {}'s {:.2}), and balance of power weighs power alone.",
                    view.name(me),
                    view.name(k),
                    view.name(target),
                    view.name(target),
                    power[target],
                    view.name(strongest),
                    power[strongest]
                ),
            )
        })
    })?;
    let threat = crate::threat::report(view.system, view.alignments, me, strongest);
    Some(super::balancing::leaving(
        doctrine, view, partner, threat, sentence,
    ))
}

/// An alliance against a state that has fallen below this share of the strongest state's power
/// is left (a margin, so that two states about as strong do not make alliances swing).
pub const POWER_SHIFT: f64 = 0.7;

/// **Offensive realism** (Mearsheimer): maximise relative power; pass the buck to others when
/// they can hold the threat; balance only against a would-be hegemon nobody else is holding.
pub struct OffensiveRealism;

/// A state with this share of all power is a would-be hegemon.
pub const HEGEMON_SHARE: f64 = 0.35;

impl Doctrine for OffensiveRealism {
    // Mearsheimer's great power keeps faith only while it pays: a weak partner within reach is
    // a gain to take.
    fn consider_betrayal(&self, view: &View) -> Option<(usize, String)> {
        super::betrayal::opportunity(view)
    }

    // Mearsheimer's state grabs what it can.
    fn board_style(&self) -> BoardStyle {
        BoardStyle {
            attack: 1.3,
            defend: 0.8,
            sea: 0.0,
            ..BoardStyle::default()
        }
    }

    fn name(&self) -> &'static str {
        "offensive_realism"
    }
    fn title(&self) -> &'static str {
        "Offensive realism (Mearsheimer)"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        // Intentions cannot be known: capabilities nearby are what count.
        let p = view.threats.parts(view.me, j);
        0.5 * p.power + 0.5 * p.offence
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = junior_decides(self, view) {
            return d;
        }
        let me = view.me;
        let Some((t, _)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        // Somebody else, nearer the threat, to catch the buck?
        let catcher = (0..view.system.len())
            .filter(|&k| k != me && k != t && !view.alignments.are_allied(k, t))
            .filter(|&k| view.system.distance(k, t) < view.system.distance(me, t))
            .max_by(|&a, &b| view.system.power[a].total_cmp(&view.system.power[b]));
        let hegemon = view.system.power[t] >= HEGEMON_SHARE;
        match catcher {
            Some(k) if !hegemon || view.system.power[k] * 2.0 >= view.system.power[t] => stay(
                self,
                view,
                Stance::BuckPassing,
                format!(
                    "{} passes the buck: {} stands nearer {} and can bear the cost of holding it.",
                    view.name(me),
                    view.name(k),
                    view.name(t)
                ),
            ),
            _ if !hegemon && view.system.distance(me, t) > 1.0 => stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} keeps its hands free: {} is no would-be hegemon ({:.2} of all power).",
                    view.name(me),
                    view.name(t),
                    view.system.power[t]
                ),
            ),
            _ => balance(
                self,
                view,
                Target {
                    target: t,
                    how: "most by its capabilities",
                    may_bandwagon: false,
                    because: None,
                    distance_blind: false,
                },
            ),
        }
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        answer_by_danger(self, view, p, 0.5)
    }
}

/// Defensive realism's threshold, on its own scale (a weighted sum of the four parts).
pub const DEFENSIVE_THRESHOLD: f64 = 0.55;

/// **Defensive realism** (Waltz, Van Evera, Jervis): security first and the status quo; react
/// to aggression, not to mere power; prefer neighbours as partners.
pub struct DefensiveRealism;

impl Doctrine for DefensiveRealism {
    // Security first: hold what it has.
    fn board_style(&self) -> BoardStyle {
        BoardStyle {
            attack: 0.8,
            defend: 1.4,
            sea: 0.0,
            ..BoardStyle::default()
        }
    }

    fn name(&self) -> &'static str {
        "defensive_realism"
    }
    fn title(&self) -> &'static str {
        "Defensive realism"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        let p = view.threats.parts(view.me, j);
        0.1 * p.power + 0.25 * p.proximity + 0.25 * p.offence + 0.4 * p.intentions
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = junior_decides(self, view) {
            return d;
        }
        if let Some(d) = leave_if_turned(self, view, DEFENSIVE_THRESHOLD) {
            return d;
        }
        if let Some(d) = leave_hegemon(self, view) {
            return d;
        }
        let Some((t, level)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        let intent = view.threats.parts(view.me, t).intentions;
        if level < DEFENSIVE_THRESHOLD || intent < 0.2 {
            return stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} keeps the status quo: {} has shown no aggressive intent worth an alliance (intentions {intent:.2}).",
                    view.name(view.me),
                    view.name(t)
                ),
            );
        }
        balance(
            self,
            view,
            Target {
                target: t,
                how: "most by its acts",
                may_bandwagon: false,
                because: None,
                distance_blind: false,
            },
        )
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        if view.threats.parts(view.me, p.against).intentions < 0.2 {
            return refuse(format!(
                "{} refuses {}'s alliance: {} has shown no aggression, and an alliance would only provoke it.",
                view.name(view.me),
                view.name(p.from),
                view.name(p.against)
            ));
        }
        answer_by_danger(self, view, p, DEFENSIVE_THRESHOLD)
    }
}

/// **Bandwagoner**: side with the strongest threat rather than against it.
pub struct Bandwagoner;

impl Doctrine for Bandwagoner {
    // Follows rather than leads, and never fights the strongest: it means to join it.
    fn board_style(&self) -> BoardStyle {
        BoardStyle {
            attack: 0.9,
            defend: 1.0,
            sea: 0.0,
            leader: 0.0,
        }
    }

    fn greatest_danger(&self, view: &View) -> Option<(usize, f64)> {
        view.threats.greatest(view.me)
    }
    fn name(&self) -> &'static str {
        "bandwagoner"
    }
    fn title(&self) -> &'static str {
        "Bandwagoner"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        view.threats.threat(view.me, j)
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = held(self, view) {
            return d;
        }
        let me = view.me;
        let Some((t, level)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        if level < BANDWAGON_FROM {
            if let Some(p) = view.alignments.patron(me) {
                return stay(
                    self,
                    view,
                    Stance::Bandwagoning,
                    format!("{} stays aligned with {}.", view.name(me), view.name(p)),
                );
            }
            return stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} sees nobody worth following: its greatest threat, {}, is only {level:.2}.",
                    view.name(me),
                    view.name(t)
                ),
            );
        }
        // The side of the stronger: of the states that threaten it at all, the strongest, and
        // that state's own patron if it follows one (the head of its bloc).
        let t = bloc_head(view, strongest_threat(view).unwrap_or(t));
        if let Some(p) = view.alignments.patron(me).filter(|&p| p != t)
            && view.system.power[t] > view.system.power[p]
            && view.system.power[t] > view.system.power[me]
        {
            return Decision {
                state: me,
                doctrine: self.name(),
                action: Action::Leave { partner: p },
                stance: Stance::Leaving,
                threat: Some(crate::threat::report(view.system, view.alignments, me, t)),
                sentence: format!(
                    "{} leaves its patron {} for the stronger side: {} threatens it ({:.2}) and holds more power than {} ({:.2} against {:.2}).",
                    view.name(me),
                    view.name(p),
                    view.name(t),
                    view.threats.threat(me, t),
                    view.name(p),
                    view.system.power[t],
                    view.system.power[p]
                ),
            };
        }
        if view.alignments.patron(me) == Some(t) {
            return stay(
                self,
                view,
                Stance::Bandwagoning,
                format!("{} stays aligned with {}.", view.name(me), view.name(t)),
            );
        }
        if view.system.power[t] <= view.system.power[me] {
            return stay(
                self,
                view,
                Stance::Neutral,
                format!(
                    "{} sees nobody worth following: {} is not stronger than it.",
                    view.name(me),
                    view.name(t)
                ),
            );
        }
        Decision {
            state: me,
            doctrine: self.name(),
            action: Action::Bandwagon { with: t },
            stance: Stance::Bandwagoning,
            threat: Some(crate::threat::report(view.system, view.alignments, me, t)),
            sentence: format!(
                "{} aligns with {}, the strongest state that threatens it ({:.2}; its greatest threat is {level:.2}): better to be on the side of the stronger.",
                view.name(me),
                view.name(t),
                view.threats.threat(me, t)
            ),
        }
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        if view.system.power[p.from] > view.system.power[view.me] {
            Answer {
                accept: true,
                sentence: format!(
                    "{} accepts {}'s alliance: it follows the stronger.",
                    view.name(view.me),
                    view.name(p.from)
                ),
            }
        } else {
            refuse(format!(
                "{} refuses {}'s alliance: {} is weaker than it.",
                view.name(view.me),
                view.name(p.from),
                view.name(p.from)
            ))
        }
    }
}

/// A bandwagoner follows someone once its greatest threat reaches this.
pub const BANDWAGON_FROM: f64 = 0.3;

/// A state threatens a bandwagoner "at all", and may be followed, from this threat on.
pub const FOLLOW_FROM: f64 = 0.15;

/// Of the states that threaten `view.me` at all ([`FOLLOW_FROM`]), the strongest.
fn strongest_threat(view: &View) -> Option<usize> {
    (0..view.system.len())
        .filter(|&j| j != view.me && view.threats.threat(view.me, j) >= FOLLOW_FROM)
        .max_by(|&a, &b| {
            view.system.power[a]
                .total_cmp(&view.system.power[b])
                .then(b.cmp(&a))
        })
}

/// The head of `t`'s bloc: `t`'s patron, that patron's patron, and so on (a follower's follower
/// is on the same side).
fn bloc_head(view: &View, t: usize) -> usize {
    let mut head = t;
    for _ in 0..view.system.len() {
        match view.alignments.patron(head) {
            Some(p) if p != view.me => head = p,
            _ => break,
        }
    }
    head
}

/// **Collective security**: every member answers any aggressor, wherever it strikes.
pub struct CollectiveSecurity;

impl Doctrine for CollectiveSecurity {
    fn name(&self) -> &'static str {
        "collective_security"
    }
    fn title(&self) -> &'static str {
        "Collective security"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        // Aggression against anyone, with no discount for distance; friendly acts are not
        // aggression.
        let now = view.system.now;
        let evidence: f64 = view
            .system
            .ledger
            .acts_of(j)
            .iter()
            .filter(|a| a.target != j && !a.kind.is_friendly())
            .map(|a| crate::threat::memory(a, now))
            .sum();
        1.0 - (-evidence).exp()
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = held(self, view) {
            return d;
        }
        let Some((t, level)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        if view.alignments.are_allied(view.me, t) && level >= 0.3 {
            return leave_if_turned(self, view, 0.0)
                .unwrap_or_else(|| stay(self, view, Stance::Neutral, "Nothing changes.".into()));
        }
        if level < 0.3 {
            return stay(
                self,
                view,
                Stance::Neutral,
                format!("{} sees no aggressor to answer.", view.name(view.me)),
            );
        }
        balance(
            self,
            view,
            Target {
                target: t,
                how: "as the aggressor every member must answer",
                may_bandwagon: false,
                because: Some(format!(
                    "{} is the aggressor (aggression {level:.2}), and collective security answers any aggressor",
                    view.name(t)
                )),
                distance_blind: false,
            },
        )
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        answer_by_danger(self, view, p, 0.3)
    }
    fn accept_junior(&self, view: &View, junior: usize) -> Answer {
        refuse(format!(
            "{} refuses to take {} as a client: collective security has members, not followers.",
            view.name(view.me),
            view.name(junior)
        ))
    }
}

/// **Offshore balancer** (Mearsheimer, Layne): a great power across the water stays out of
/// regional quarrels and backs the local balancers only when one state is about to dominate its
/// region.
pub struct OffshoreBalancer;

/// A state holding this share of the power in its own neighbourhood dominates its region.
pub const REGIONAL_DOMINANCE: f64 = 0.5;

fn regional_share(view: &View, h: usize) -> f64 {
    let s = view.system;
    let local: f64 = (0..s.len())
        .filter(|&k| k != view.me && s.distance(h, k) <= 2.0)
        .map(|k| s.power[k])
        .sum();
    if local > 0.0 { s.power[h] / local } else { 0.0 }
}

impl Doctrine for OffshoreBalancer {
    // A sea power: fleets first.
    fn board_style(&self) -> BoardStyle {
        BoardStyle {
            attack: 0.9,
            defend: 1.0,
            sea: 1.0,
            ..BoardStyle::default()
        }
    }

    fn name(&self) -> &'static str {
        "offshore_balancer"
    }
    fn title(&self) -> &'static str {
        "Offshore balancer"
    }
    fn danger(&self, view: &View, j: usize) -> f64 {
        regional_share(view, j)
    }
    fn decide(&self, view: &View) -> Decision {
        if let Some(d) = held(self, view) {
            return d;
        }
        let Some((h, share)) = greatest(self, view) else {
            return stay(self, view, Stance::Neutral, "No other state exists.".into());
        };
        if share < REGIONAL_DOMINANCE {
            return stay(
                self,
                view,
                Stance::BuckPassing,
                format!(
                    "{} stays offshore: no state dominates its region (the most, {}, holds {share:.2} of its neighbourhood's power).",
                    view.name(view.me),
                    view.name(h)
                ),
            );
        }
        let mut d = balance(
            self,
            view,
            Target {
                target: h,
                how: "by dominating its region",
                may_bandwagon: false,
                because: Some(format!(
                    "{} is close to dominating its region ({share:.2} of its neighbourhood's power), and an offshore balancer backs the local balancers",
                    view.name(h)
                )),
                distance_blind: false,
            },
        );
        // Offshore balancers back regional states; they do not stand alone on the continent.
        if d.action == Action::Stay && d.stance == Stance::Neutral {
            d.stance = Stance::BuckPassing;
        }
        d
    }
    fn answer(&self, view: &View, p: Proposal) -> Answer {
        let share = regional_share(view, p.against);
        if share >= REGIONAL_DOMINANCE {
            Answer {
                accept: true,
                sentence: format!(
                    "{} backs {} against {}: it is close to dominating its region ({share:.2}).",
                    view.name(view.me),
                    view.name(p.from),
                    view.name(p.against)
                ),
            }
        } else {
            refuse(format!(
                "{} stays offshore: {} does not dominate its region ({share:.2}).",
                view.name(view.me),
                view.name(p.against)
            ))
        }
    }
}
