//! Betrayal: the commitment problem of alliances. A partner that can gain much by turning on its
//! partner, and fears little from it, may stab (attack without leaving the tie first). The tie
//! breaks on the attack and every state remembers the broken faith (the traitor's reputation).

use super::View;

/// The traitor must be able to strike at least this much of the partner (its offensive
/// capability against it, 0 to 1): the gain in reach.
pub const STAB_REACH: f64 = 0.5;

/// The partner's power must be at most this share of the traitor's: its power to punish.
pub const STAB_PUNISHMENT: f64 = 0.5;

/// The opportunist's reckoning (offensive realism: maximise relative power whenever the cost is
/// low): the partner it can strike hardest, if the gain is large and the partner's power to
/// punish small; with the sentence that says why.
pub fn opportunity(view: &View) -> Option<(usize, String)> {
    let me = view.me;
    let system = view.system;
    let mine = system.power[me];
    if mine <= 0.0 {
        return None;
    }
    (0..system.len())
        .filter(|&k| k != me && view.alignments.are_allied(me, k))
        // A patron is not stabbed by its junior: the junior follows because it cannot resist.
        .filter(|&k| view.alignments.patron(me) != Some(k))
        .map(|k| (k, system.offence(me, k), system.power[k] / mine))
        .filter(|&(_, reach, punish)| reach >= STAB_REACH && punish <= STAB_PUNISHMENT)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, reach, punish)| {
            (
                k,
                format!(
                    "{} turns on its partner {}: it can strike {} hard ({reach:.2} of its forces within reach) and {} has {:.0}% of its power to punish it",
                    view.name(me),
                    view.name(k),
                    view.name(k),
                    view.name(k),
                    100.0 * punish
                ),
            )
        })
}

/// A junior is taken over when its patron has this many times its power: once the patron is
/// clearly the stronger, the junior's centres are worth more to it than its following.
pub const OUTGROWN: f64 = 1.5;

/// The patron's reckoning: a junior it has far outgrown and can strike is no longer worth sparing
/// (bandwagoning buys time, not safety: Walt's warning to the weak).
pub fn outgrown_junior(view: &View) -> Option<(usize, String)> {
    let me = view.me;
    let system = view.system;
    let mine = system.power[me];
    (0..system.len())
        .filter(|&k| k != me && view.alignments.patron(k) == Some(me))
        .map(|k| (k, system.offence(me, k), system.power[k]))
        .filter(|&(_, reach, theirs)| reach >= STAB_REACH && theirs * OUTGROWN <= mine)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, reach, theirs)| {
            (
                k,
                format!(
                    "{} takes over its junior {}: it has {:.1} times its power and {reach:.2} of its forces within reach",
                    view.name(me),
                    view.name(k),
                    mine / theirs.max(1e-9)
                ),
            )
        })
}
