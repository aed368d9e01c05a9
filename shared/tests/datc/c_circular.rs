//! DATC 6.C: circular movement.
//!
//! Where an order names a unit whose own order comes later in the case (or an army's move needs
//! fleets ordered later), that unit is put on the board first with `unit`, so that every order is
//! checked against the full position when it is submitted.

use crate::harness::Case;

/// 6.C.1 Three army circular movement.
/// Three units can change places, even in spring 1901.
#[test]
fn case_6_c_1() {
    let mut c = Case::movement();
    c.order("Turkey", "F ANK - CON");
    c.order("Turkey", "A CON - SMY");
    c.order("Turkey", "A SMY - ANK");
    c.resolve();
    c.assert_succeeds("Turkey", "F ANK - CON");
    c.assert_succeeds("Turkey", "A CON - SMY");
    c.assert_succeeds("Turkey", "A SMY - ANK");
    c.assert_unit("Turkey", "F CON");
    c.assert_unit("Turkey", "A SMY");
    c.assert_unit("Turkey", "A ANK");
}

/// 6.C.2 Three army circular movement with support.
#[test]
fn case_6_c_2() {
    let mut c = Case::movement();
    c.order("Turkey", "F ANK - CON");
    c.order("Turkey", "A CON - SMY");
    c.order("Turkey", "A SMY - ANK");
    c.order("Turkey", "A BUL S F ANK - CON");
    c.resolve();
    c.assert_succeeds("Turkey", "F ANK - CON");
    c.assert_succeeds("Turkey", "A CON - SMY");
    c.assert_succeeds("Turkey", "A SMY - ANK");
    c.assert_unit("Turkey", "F CON");
    c.assert_unit("Turkey", "A SMY");
    c.assert_unit("Turkey", "A ANK");
    c.assert_unit("Turkey", "A BUL");
}

/// 6.C.3 A disrupted three army circular movement.
/// When one of the units bounces, the whole circle stays put.
#[test]
fn case_6_c_3() {
    let mut c = Case::movement();
    c.order("Turkey", "F ANK - CON");
    c.order("Turkey", "A CON - SMY");
    c.order("Turkey", "A SMY - ANK");
    c.order("Turkey", "A BUL - CON");
    c.resolve();
    c.assert_fails("Turkey", "F ANK - CON");
    c.assert_fails("Turkey", "A CON - SMY");
    c.assert_fails("Turkey", "A SMY - ANK");
    c.assert_fails("Turkey", "A BUL - CON");
    c.assert_unit("Turkey", "F ANK");
    c.assert_unit("Turkey", "A CON");
    c.assert_unit("Turkey", "A SMY");
    c.assert_unit("Turkey", "A BUL");
}

/// 6.C.4 A circular movement with attacked convoy.
/// The convoying fleet in the Ionian Sea is attacked but not dislodged; the circle succeeds.
#[test]
fn case_6_c_4() {
    let mut c = Case::movement();
    c.unit("Turkey", "F AEG");
    c.unit("Turkey", "F ION");
    c.unit("Turkey", "F ADR");
    c.order("Austria", "A TRI - SER");
    c.order("Austria", "A SER - BUL");
    c.order("Turkey", "A BUL - TRI");
    c.order("Turkey", "F AEG C A BUL - TRI");
    c.order("Turkey", "F ION C A BUL - TRI");
    c.order("Turkey", "F ADR C A BUL - TRI");
    c.order("Italy", "F NAP - ION");
    c.resolve();
    c.assert_fails("Italy", "F NAP - ION");
    c.assert_not_dislodged("Turkey", "F ION");
    c.assert_succeeds("Turkey", "A BUL - TRI");
    c.assert_succeeds("Austria", "A TRI - SER");
    c.assert_succeeds("Austria", "A SER - BUL");
    c.assert_unit("Turkey", "A TRI");
    c.assert_unit("Austria", "A SER");
    c.assert_unit("Austria", "A BUL");
    c.assert_unit("Italy", "F NAP");
}

/// 6.C.5 A disrupted circular movement due to dislodged convoy.
/// The convoying fleet is dislodged, so the convoy and with it the whole circle fail.
#[test]
fn case_6_c_5() {
    let mut c = Case::movement();
    c.unit("Turkey", "F AEG");
    c.unit("Turkey", "F ION");
    c.unit("Turkey", "F ADR");
    c.order("Austria", "A TRI - SER");
    c.order("Austria", "A SER - BUL");
    c.order("Turkey", "A BUL - TRI");
    c.order("Turkey", "F AEG C A BUL - TRI");
    c.order("Turkey", "F ION C A BUL - TRI");
    c.order("Turkey", "F ADR C A BUL - TRI");
    c.order("Italy", "F NAP - ION");
    c.order("Italy", "F TUN S F NAP - ION");
    c.resolve();
    c.assert_succeeds("Italy", "F NAP - ION");
    c.assert_dislodged("Turkey", "F ION");
    c.assert_unit("Italy", "F ION");
    c.assert_fails("Turkey", "A BUL - TRI");
    c.assert_fails("Austria", "A TRI - SER");
    c.assert_fails("Austria", "A SER - BUL");
    c.assert_unit("Turkey", "A BUL");
    c.assert_unit("Austria", "A TRI");
    c.assert_unit("Austria", "A SER");
}

/// 6.C.6 Two armies with two convoys.
/// Two armies swap places by convoy though their provinces do not touch.
#[test]
fn case_6_c_6() {
    let mut c = Case::movement();
    c.unit("England", "A LON");
    c.unit("France", "A BEL");
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("France", "F ENG C A BEL - LON");
    c.order("France", "A BEL - LON");
    c.resolve();
    c.assert_succeeds("England", "F NTH C A LON - BEL");
    c.assert_succeeds("England", "A LON - BEL");
    c.assert_succeeds("France", "F ENG C A BEL - LON");
    c.assert_succeeds("France", "A BEL - LON");
    c.assert_unit("England", "A BEL");
    c.assert_unit("France", "A LON");
}

/// 6.C.7 Disrupted unit swap.
/// When one unit of the swap bounces, the swap fails.
#[test]
fn case_6_c_7() {
    let mut c = Case::movement();
    c.unit("England", "A LON");
    c.unit("France", "A BEL");
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("France", "F ENG C A BEL - LON");
    c.order("France", "A BEL - LON");
    c.order("France", "A BUR - BEL");
    c.resolve();
    c.assert_fails("England", "A LON - BEL");
    c.assert_fails("France", "A BEL - LON");
    c.assert_fails("France", "A BUR - BEL");
    c.assert_unit("England", "A LON");
    c.assert_unit("France", "A BEL");
    c.assert_unit("France", "A BUR");
}

/// 6.C.8 No self dislodgement in disrupted circular movement.
#[test]
fn case_6_c_8() {
    let mut c = Case::movement();
    c.order("Turkey", "F CON - BLA");
    c.order("Turkey", "A BUL - CON");
    c.order("Turkey", "A SMY S A BUL - CON");
    c.order("Russia", "F BLA - BUL/EC");
    c.order("Austria", "A SER - BUL");
    c.resolve();
    c.assert_fails("Turkey", "F CON - BLA");
    c.assert_fails("Turkey", "A BUL - CON");
    c.assert_fails("Russia", "F BLA - BUL/EC");
    c.assert_fails("Austria", "A SER - BUL");
    c.assert_not_dislodged("Turkey", "F CON");
    c.assert_unit("Turkey", "A BUL");
    c.assert_unit("Russia", "F BLA");
    c.assert_unit("Austria", "A SER");
}

/// 6.C.9 No help in dislodgement of own unit in disrupted circular movement.
#[test]
fn case_6_c_9() {
    let mut c = Case::movement();
    c.unit("Austria", "A BUL");
    c.order("Turkey", "F CON - BLA");
    c.order("Turkey", "A SMY S A BUL - CON");
    c.order("Russia", "F BLA - BUL/EC");
    c.order("Austria", "A SER - BUL");
    c.order("Austria", "A BUL - CON");
    c.resolve();
    c.assert_fails("Turkey", "F CON - BLA");
    c.assert_fails("Russia", "F BLA - BUL/EC");
    c.assert_fails("Austria", "A SER - BUL");
    c.assert_fails("Austria", "A BUL - CON");
    c.assert_not_dislodged("Turkey", "F CON");
    c.assert_unit("Austria", "A BUL");
    c.assert_unit("Russia", "F BLA");
    c.assert_unit("Austria", "A SER");
}
