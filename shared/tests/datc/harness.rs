//! A small language for writing DATC cases: set up a board on the classic map, give orders in
//! the standard notation, resolve, and assert on outcomes and positions.
//!
//! ```ignore
//! let mut c = Case::movement();
//! c.order("England", "F NTH - PIC");
//! c.resolve();
//! c.assert_illegal("England", "F NTH - PIC");
//! c.assert_unit("England", "F NTH");
//! ```
#![allow(dead_code)]

/// One test situation: a game on the classic map, built up by hand.
pub struct Case {}

impl Case {
    /// A spring movement phase (S1901M) on the classic map with an empty board and no supply
    /// centres owned by anyone.
    pub fn movement() -> Case {
        todo!()
    }

    /// An autumn movement phase (F1901M), otherwise like [`Case::movement`]; after it resolves,
    /// centres change hands and the winter adjustments follow.
    pub fn autumn() -> Case {
        todo!()
    }

    /// A winter adjustment phase (W1901A) with no units on the board and every home centre owned
    /// by its home state, as at the start of the game. Change ownership with [`Case::owns`] and
    /// place units with [`Case::unit`]; builds and disbands follow from the difference.
    pub fn adjustment() -> Case {
        todo!()
    }

    /// Puts a unit of `state` on the board without an order: `c.unit("Russia", "F STP/SC")`.
    /// Only before the first `resolve`.
    pub fn unit(&mut self, state: &str, unit: &str) -> &mut Self {
        let _ = (state, unit);
        todo!()
    }

    /// Gives `state` the supply centres `provinces` (taking them from whoever owned them).
    pub fn owns(&mut self, state: &str, provinces: &[&str]) -> &mut Self {
        let _ = (state, provinces);
        todo!()
    }

    /// Makes `provinces` owned by nobody.
    pub fn unowned(&mut self, provinces: &[&str]) -> &mut Self {
        let _ = provinces;
        todo!()
    }

    /// Submits an order for `state` in the current phase, in standard notation
    /// (`"A PAR - BUR"`, `"F NTH C A LON - BEL"`, `"A BUR R PAR"`, `"BUILD A BER"`, `"WAIVE"` ...).
    /// In a movement phase before the first `resolve`, a unit of `state` of the kind written in the
    /// order is placed first when the ordered province is empty. An order the engine refuses as
    /// illegal is remembered for [`Case::assert_illegal`]; the unit then holds.
    pub fn order(&mut self, state: &str, order: &str) -> &mut Self {
        let _ = (state, order);
        todo!()
    }

    /// Adjudicates the current phase and moves on to the next one (retreats if anyone was
    /// dislodged, winter adjustments after autumn, and so on).
    pub fn resolve(&mut self) -> &mut Self {
        todo!()
    }

    /// The current phase's short name, e.g. `"S1901R"`.
    pub fn phase(&self) -> String {
        todo!()
    }

    /// The order (same text as given to `order`) was refused as illegal when submitted.
    pub fn assert_illegal(&self, state: &str, order: &str) {
        let _ = (state, order);
        todo!()
    }

    /// The order was accepted and, once resolved, succeeded (a move moved, a support was not cut
    /// and counted, a convoy carried, a build built, a retreat retreated ...).
    pub fn assert_succeeds(&self, state: &str, order: &str) {
        let _ = (state, order);
        todo!()
    }

    /// The order did not succeed: illegal, void (nothing matched it), cut, bounced, disrupted ...
    pub fn assert_fails(&self, state: &str, order: &str) {
        let _ = (state, order);
        todo!()
    }

    /// A unit of `state` of that kind now stands there (not dislodged), e.g. `"F SPA/NC"`; a coast
    /// given in `unit` must match too.
    pub fn assert_unit(&self, state: &str, unit: &str) {
        let _ = (state, unit);
        todo!()
    }

    /// No unit (and no dislodged unit) stands in `province` now.
    pub fn assert_no_unit(&self, province: &str) {
        let _ = province;
        todo!()
    }

    /// That unit was dislodged by the last movement phase and now awaits its retreat.
    pub fn assert_dislodged(&self, state: &str, unit: &str) {
        let _ = (state, unit);
        todo!()
    }

    /// That unit was not dislodged: it still stands where it stood (same as `assert_unit`, and
    /// also checks that it is not among the dislodged).
    pub fn assert_not_dislodged(&self, state: &str, unit: &str) {
        let _ = (state, unit);
        todo!()
    }

    /// The dislodged unit in `province` may retreat to exactly these provinces (any order;
    /// coasts written as `"SPA/NC"`).
    pub fn assert_retreats(&self, province: &str, options: &[&str]) {
        let _ = (province, options);
        todo!()
    }

    /// `state` has exactly `n` units on the board now.
    pub fn assert_unit_count(&self, state: &str, n: usize) {
        let _ = (state, n);
        todo!()
    }
}
