//! The calendar: spring and autumn movement, retreats when needed, winter adjustments.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Season {
    Spring,
    Autumn,
    Winter,
}

/// What kind of orders a phase takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhaseKind {
    Movement,
    Retreat,
    Adjustment,
}

/// A phase, named in the usual short form: `S1901M`, `F1901R`, `W1901A`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Phase {
    pub year: u16,
    pub season: Season,
    pub kind: PhaseKind,
}

impl Phase {
    pub fn new(year: u16, season: Season, kind: PhaseKind) -> Phase {
        Phase { year, season, kind }
    }

    /// Reads `S1901M`, `F1901R`, `W1901A` (case-insensitive; `A` for autumn accepted as `F`).
    pub fn parse(text: &str) -> Option<Phase> {
        let t = text.trim().to_ascii_uppercase();
        if t.len() < 3 || !t.is_ascii() {
            return None;
        }
        let season = match &t[..1] {
            "S" => Season::Spring,
            "F" | "A" => Season::Autumn,
            "W" => Season::Winter,
            _ => return None,
        };
        let kind = match &t[t.len() - 1..] {
            "M" => PhaseKind::Movement,
            "R" => PhaseKind::Retreat,
            "A" | "B" => PhaseKind::Adjustment,
            _ => return None,
        };
        let year = t[1..t.len() - 1].parse().ok()?;
        let valid = matches!(
            (season, kind),
            (
                Season::Spring | Season::Autumn,
                PhaseKind::Movement | PhaseKind::Retreat
            ) | (Season::Winter, PhaseKind::Adjustment)
        );
        valid.then_some(Phase { year, season, kind })
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self.season {
            Season::Spring => 'S',
            Season::Autumn => 'F',
            Season::Winter => 'W',
        };
        let k = match self.kind {
            PhaseKind::Movement => 'M',
            PhaseKind::Retreat => 'R',
            PhaseKind::Adjustment => 'A',
        };
        write!(f, "{s}{}{k}", self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_names_round_trip() {
        for name in ["S1901M", "S1901R", "F1901M", "F1901R", "W1901A"] {
            assert_eq!(Phase::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(Phase::parse("f1902m").unwrap().to_string(), "F1902M");
        assert!(Phase::parse("W1901M").is_none());
        assert!(Phase::parse("X1901M").is_none());
        assert!(Phase::parse("S19x1M").is_none());
    }
}
