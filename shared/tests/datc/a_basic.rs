//! DATC 6.A: basic checks.
//!
//! Where an order names a unit whose own order comes later in the case, that unit is put on the
//! board first with `unit`, so that every order is checked against the full position when it is
//! submitted.

use crate::harness::Case;

/// 6.A.1 Moving to an area that is not a neighbour.
/// A fleet cannot move to a province it does not border.
#[test]
fn case_6_a_1() {
    let mut c = Case::movement();
    c.order("England", "F NTH - PIC");
    c.resolve();
    c.assert_illegal("England", "F NTH - PIC");
    c.assert_unit("England", "F NTH");
    c.assert_no_unit("PIC");
}

/// 6.A.2 Move army to sea.
#[test]
fn case_6_a_2() {
    let mut c = Case::movement();
    c.order("England", "A LVP - IRI");
    c.resolve();
    c.assert_illegal("England", "A LVP - IRI");
    c.assert_unit("England", "A LVP");
    c.assert_no_unit("IRI");
}

/// 6.A.3 Move fleet to land.
#[test]
fn case_6_a_3() {
    let mut c = Case::movement();
    c.order("Germany", "F KIE - MUN");
    c.resolve();
    c.assert_illegal("Germany", "F KIE - MUN");
    c.assert_unit("Germany", "F KIE");
    c.assert_no_unit("MUN");
}

/// 6.A.4 Move to own sector.
/// A move to the province the unit stands in is illegal (and must not crash the program).
#[test]
fn case_6_a_4() {
    let mut c = Case::movement();
    c.order("Germany", "F KIE - KIE");
    c.resolve();
    c.assert_illegal("Germany", "F KIE - KIE");
    c.assert_unit("Germany", "F KIE");
}

/// 6.A.5 Move to own sector with convoy.
/// The convoyed move to its own province is illegal, so is the support of it; London dislodges
/// Yorkshire.
#[test]
fn case_6_a_5() {
    let mut c = Case::movement();
    c.unit("England", "A YOR");
    c.order("England", "F NTH C A YOR - YOR");
    c.order("England", "A YOR - YOR");
    c.order("England", "A LVP S A YOR - YOR");
    c.order("Germany", "F LON - YOR");
    c.order("Germany", "A WAL S F LON - YOR");
    c.resolve();
    c.assert_illegal("England", "A YOR - YOR");
    c.assert_illegal("England", "A LVP S A YOR - YOR");
    c.assert_fails("England", "F NTH C A YOR - YOR");
    c.assert_succeeds("Germany", "F LON - YOR");
    c.assert_succeeds("Germany", "A WAL S F LON - YOR");
    c.assert_dislodged("England", "A YOR");
    c.assert_unit("Germany", "F YOR");
    c.assert_no_unit("LON");
    c.assert_unit("England", "F NTH");
    c.assert_unit("England", "A LVP");
}

/// 6.A.6 Ordering a unit of another country.
#[test]
fn case_6_a_6() {
    let mut c = Case::movement();
    c.unit("England", "F LON");
    c.order("Germany", "F LON - NTH");
    c.resolve();
    c.assert_illegal("Germany", "F LON - NTH");
    c.assert_unit("England", "F LON");
    c.assert_no_unit("NTH");
}

/// 6.A.7 Only armies can be convoyed.
/// A fleet cannot reach Belgium from London, and a convoy cannot carry it there.
#[test]
fn case_6_a_7() {
    let mut c = Case::movement();
    c.order("England", "F LON - BEL");
    // The unit in London is a fleet: whether the `A` in the convoy order is ignored (DATC 4.C.2)
    // or taken as a mismatch, the order asks to convoy a fleet, which can never be valid.
    c.order("England", "F NTH C A LON - BEL");
    c.resolve();
    c.assert_illegal("England", "F LON - BEL");
    c.assert_illegal("England", "F NTH C A LON - BEL");
    c.assert_unit("England", "F LON");
    c.assert_unit("England", "F NTH");
    c.assert_no_unit("BEL");
}

/// 6.A.8 Support to hold yourself is not possible.
#[test]
fn case_6_a_8() {
    let mut c = Case::movement();
    c.order("Italy", "A VEN - TRI");
    c.order("Italy", "A TYR S A VEN - TRI");
    c.order("Austria", "F TRI S F TRI");
    c.resolve();
    c.assert_illegal("Austria", "F TRI S F TRI");
    c.assert_succeeds("Italy", "A VEN - TRI");
    c.assert_dislodged("Austria", "F TRI");
    c.assert_unit("Italy", "A TRI");
    c.assert_no_unit("VEN");
}

/// 6.A.9 Fleets must follow coast if not on sea.
/// Rome and Venice border each other for armies, not for fleets.
#[test]
fn case_6_a_9() {
    let mut c = Case::movement();
    c.order("Italy", "F ROM - VEN");
    c.resolve();
    c.assert_illegal("Italy", "F ROM - VEN");
    c.assert_unit("Italy", "F ROM");
    c.assert_no_unit("VEN");
}

/// 6.A.10 Support on unreachable destination not possible.
#[test]
fn case_6_a_10() {
    let mut c = Case::movement();
    c.unit("Italy", "A APU");
    c.order("Austria", "A VEN H");
    c.order("Italy", "F ROM S A APU - VEN");
    c.order("Italy", "A APU - VEN");
    c.resolve();
    c.assert_illegal("Italy", "F ROM S A APU - VEN");
    c.assert_fails("Italy", "A APU - VEN");
    c.assert_not_dislodged("Austria", "A VEN");
    c.assert_unit("Italy", "A APU");
    c.assert_unit("Italy", "F ROM");
}

/// 6.A.11 Simple bounce.
#[test]
fn case_6_a_11() {
    let mut c = Case::movement();
    c.order("Austria", "A VIE - TYR");
    c.order("Italy", "A VEN - TYR");
    c.resolve();
    c.assert_fails("Austria", "A VIE - TYR");
    c.assert_fails("Italy", "A VEN - TYR");
    c.assert_unit("Austria", "A VIE");
    c.assert_unit("Italy", "A VEN");
    c.assert_no_unit("TYR");
}

/// 6.A.12 Bounce of three units.
/// The third unit must not slip into the province after the first two bounce.
#[test]
fn case_6_a_12() {
    let mut c = Case::movement();
    c.order("Austria", "A VIE - TYR");
    c.order("Germany", "A MUN - TYR");
    c.order("Italy", "A VEN - TYR");
    c.resolve();
    c.assert_fails("Austria", "A VIE - TYR");
    c.assert_fails("Germany", "A MUN - TYR");
    c.assert_fails("Italy", "A VEN - TYR");
    c.assert_unit("Austria", "A VIE");
    c.assert_unit("Germany", "A MUN");
    c.assert_unit("Italy", "A VEN");
    c.assert_no_unit("TYR");
}
