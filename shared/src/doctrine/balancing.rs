//! What every balancing doctrine shares: find partners against a target, judge whether the
//! balance already holds, and, for the weak with no partners, fall back to bandwagoning.

use super::{Doctrine, View};
use crate::alignment::{Action, Answer, Decision, Proposal, Stance, threat_clause};
use crate::threat::report;

/// A weak state bandwagons only if the threat has at least this many times its power.
pub const WEAK_RATIO: f64 = 3.0;

/// What a balancing decision needs to know.
pub struct Target<'s> {
    pub target: usize,
    /// Why this target, in the doctrine's words, for the sentence: "threatens Italy most".
    pub how: &'s str,
    /// Whether the doctrine lets the state bandwagon when weak, near and alone.
    pub may_bandwagon: bool,
    /// A phrase replacing the threat breakdown, for doctrines blind to Walt's criteria.
    pub because: Option<String>,
}

/// The members of `target`'s bloc.
pub fn bloc(view: &View, target: usize) -> Vec<usize> {
    view.alignments.bloc_of(target)
}

/// Decides how to balance against `t.target`: stay if the balance holds, else propose to the most
/// useful willing partner; with none, bandwagon if allowed and weak, near and alone.
pub fn balance(doctrine: &dyn Doctrine, view: &View, t: Target) -> Decision {
    let me = view.me;
    let target = t.target;
    let threat = report(view.system, view.alignments, me, target);
    let why = match &t.because {
        Some(b) => b.clone(),
        None => threat_clause(view.system, &threat, t.how),
    };
    let decision = |action, stance, sentence: String| Decision {
        state: me,
        doctrine: doctrine.name(),
        action,
        stance,
        threat: Some(threat.clone()),
        sentence,
    };
    let their_bloc = bloc(view, target);
    let mut mine = view.alignments.partners(me);
    mine.push(me);
    let ours = view.power_of(&mine);
    let theirs = view.power_of(&their_bloc);
    let my_name = view.name(me);
    let target_name = view.name(target);
    if mine.len() > 1 && ours >= theirs {
        let partners: Vec<&str> = mine
            .iter()
            .filter(|&&m| m != me)
            .map(|&m| view.name(m))
            .collect();
        return decision(
            Action::Stay,
            Stance::Balancing,
            format!(
                "{my_name} stays with {} against {target_name}: the balance holds ({:.2} against {:.2} in power); {why}.",
                partners.join(" and "),
                ours,
                theirs
            ),
        );
    }
    // Partners: not tied to me yet, not in the target's bloc, and willing by their own doctrine.
    let mut candidates: Vec<(usize, f64)> = (0..view.system.len())
        .filter(|&k| k != me && k != target && !mine.contains(&k) && !their_bloc.contains(&k))
        // Not a state one of my alliances is against, nor one allied against me.
        .filter(|&k| !view.alignments.is_enemy_camp(me, k) && !view.alignments.is_enemy_camp(k, me))
        .filter(|&k| {
            let other = view.as_state(k);
            view.doctrines[k]
                .answer(
                    &other,
                    Proposal {
                        from: me,
                        to: k,
                        against: target,
                    },
                )
                .accept
        })
        .map(|k| {
            // Useful partners are strong and close to the target, where the fighting is.
            let use_ = view.system.power[k]
                * (0.5 + 0.5 * crate::threat::proximity(view.system.distance(k, target)));
            (k, use_)
        })
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    if let Some(&(k, _)) = candidates.first() {
        return decision(
            Action::ProposeAlliance {
                to: k,
                against: target,
            },
            Stance::Balancing,
            format!(
                "{my_name} proposes an alliance to {} against {target_name}: {why}.",
                view.name(k)
            ),
        );
    }
    let near = view.system.distance(me, target) <= 1.0 + 1e-9;
    let weak = theirs >= WEAK_RATIO * ours;
    if t.may_bandwagon && mine.len() == 1 && near && weak {
        return decision(
            Action::Bandwagon { with: target },
            Stance::Bandwagoning,
            format!(
                "{my_name} aligns with {target_name}: too weak to resist alone ({:.2} against {:.2} in power), right on its border, and no partner is to be had; {why}.",
                ours, theirs
            ),
        );
    }
    if mine.len() > 1 {
        let partners: Vec<&str> = mine
            .iter()
            .filter(|&&m| m != me)
            .map(|&m| view.name(m))
            .collect();
        return decision(
            Action::Stay,
            Stance::Balancing,
            format!(
                "{my_name} stays with {} against {target_name}, though the balance does not hold ({ours:.2} against {theirs:.2} in power) and no further partner is to be had; {why}.",
                partners.join(" and ")
            ),
        );
    }
    decision(
        Action::Stay,
        Stance::Neutral,
        format!("{my_name} stands alone against {target_name}: no partner is to be had; {why}."),
    )
}

/// The usual answer of a balancer: yes if the proposal's target is among what it fears most,
/// and the proposer is not what it fears most.
pub fn answer_by_danger(
    doctrine: &dyn Doctrine,
    view: &View,
    p: Proposal,
    threshold: f64,
) -> Answer {
    let me = view.me;
    let (top, top_danger) = doctrine.greatest_danger(view).unwrap_or((me, 0.0));
    let target_danger = doctrine.danger(view, p.against);
    let me_name = view.name(me);
    let from = view.name(p.from);
    let against = view.name(p.against);
    if view.alignments.are_allied(me, p.against) {
        return refuse(format!(
            "{me_name} refuses {from}'s alliance: it is tied to {against}."
        ));
    }
    if top == p.from && top != p.against {
        return refuse(format!(
            "{me_name} refuses {from}'s alliance: {from} itself is what {me_name} fears most."
        ));
    }
    if target_danger >= threshold * 0.8 && target_danger >= 0.8 * top_danger {
        Answer {
            accept: true,
            sentence: format!(
                "{me_name} accepts {from}'s alliance against {against}: {against} is among its greatest dangers ({target_danger:.2}, greatest {top_danger:.2})."
            ),
        }
    } else {
        refuse(format!(
            "{me_name} refuses {from}'s alliance against {against}: {against} does not endanger it enough ({target_danger:.2}, greatest {top_danger:.2})."
        ))
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
    let threat = report(view.system, view.alignments, me, top);
    Some(Decision {
        state: me,
        doctrine: doctrine.name(),
        action: Action::Leave { partner: top },
        stance: Stance::Leaving,
        sentence: format!(
            "{} leaves its tie with {}: {}.",
            view.name(me),
            view.name(top),
            threat_clause(view.system, &threat, "most, partner or not")
        ),
        threat: Some(threat),
    })
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
