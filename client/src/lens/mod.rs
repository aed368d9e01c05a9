//! The threat lens, pure: which view, how much each state threatens (or is threatened), and the
//! colour ramp that paints it, with a legend.

use std::collections::HashMap;

use entente_shared::protocol::{LensRow, ThreatView};

#[cfg(test)]
mod tests;

/// What the lens shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LensMode {
    /// Owners' colours.
    #[default]
    Off,
    /// How much each state threatens us, in our eyes.
    ThreatToUs,
    /// How much we threaten each state, in its eyes.
    OurThreatToThem,
}

impl LensMode {
    pub fn label(self) -> &'static str {
        match self {
            LensMode::Off => "Off (owners)",
            LensMode::ThreatToUs => "Who threatens us",
            LensMode::OurThreatToThem => "How they see us",
        }
    }
}

/// The part of a row the mode shows.
pub fn view(row: &LensRow, mode: LensMode) -> ThreatView {
    match mode {
        LensMode::OurThreatToThem => row.our_threat_to_them,
        _ => row.threat_to_us,
    }
}

/// The acts behind the intention term the mode shows.
pub fn acts(row: &LensRow, mode: LensMode) -> &[String] {
    match mode {
        LensMode::OurThreatToThem => &row.our_acts_against_them,
        _ => &row.acts_against_us,
    }
}

/// Low threat colour (pale yellow, apart from unowned land's sand) and high (dark red), in sRGB.
pub const LOW: [u8; 3] = [255, 240, 160];
const MID: [u8; 3] = [252, 141, 60];
pub const HIGH: [u8; 3] = [165, 15, 21];
/// The lens's own state.
pub const SELF_COLOUR: [u8; 3] = [70, 130, 180];
/// A state with no row in the lens.
pub const UNKNOWN: [u8; 3] = [190, 190, 190];

fn mix(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let f = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

/// The ramp: 0 → pale yellow, 0.5 → orange, 1 → dark red (a sequential ramp that reads the same
/// for the common colour blindnesses, since it runs from light to dark).
pub fn ramp(t: f32) -> [u8; 3] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if t < 0.5 {
        mix(LOW, MID, t * 2.0)
    } else {
        mix(MID, HIGH, (t - 0.5) * 2.0)
    }
}

/// Each state's threat in the lens on the absolute scale of the theory (0: none, 1: the most a
/// state can pose; a misperceived threat above 1 shows as 1), so that colours mean the same
/// from phase to phase and from seat to seat.
pub fn levels(rows: &[LensRow], mode: LensMode) -> HashMap<String, f32> {
    rows.iter()
        .map(|r| {
            let t = view(r, mode).total;
            let level = if t.is_finite() {
                t.clamp(0.0, 1.0)
            } else {
                0.0
            };
            (r.state.clone(), level)
        })
        .collect()
}

/// The colour of every state under the lens (`me` is the lens's own state).
pub fn colours(rows: &[LensRow], mode: LensMode, me: &str) -> HashMap<String, [u8; 3]> {
    let mut out: HashMap<String, [u8; 3]> = levels(rows, mode)
        .into_iter()
        .map(|(s, l)| (s, ramp(l)))
        .collect();
    out.insert(me.to_string(), SELF_COLOUR);
    out
}

/// The legend: (label, colour) from low to high, each step with its threat on the absolute
/// scale.
pub fn legend(mode: LensMode) -> Vec<(String, [u8; 3])> {
    let (low, high) = match mode {
        LensMode::OurThreatToThem => ("they do not fear us", "they fear us most"),
        _ => ("no threat to us", "the most a state can be"),
    };
    let mut out: Vec<(String, [u8; 3])> = LEGEND_STEPS
        .iter()
        .map(|&t| {
            let words = if t == 0.0 {
                format!("0.00  {low}")
            } else if t == 1.0 {
                format!("1.00  {high}")
            } else {
                format!("{t:.2}")
            };
            (words, ramp(t))
        })
        .collect();
    out.push(("us".to_string(), SELF_COLOUR));
    out
}

/// The threat levels the legend shows.
pub const LEGEND_STEPS: [f32; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// The four parts in words, for the hover and the lens table.
pub fn parts(v: &ThreatView) -> [(&'static str, f32); 4] {
    [
        ("power", v.power),
        ("proximity", v.proximity),
        ("offensive capability", v.offence),
        ("intentions", v.intentions),
    ]
}
