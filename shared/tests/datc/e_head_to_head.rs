//! DATC 6.E: head-to-head battles and beleaguered garrisons.
//!
//! Where an order names a unit whose own order comes later in the case (or an army's move needs
//! a fleet ordered later), that unit is put on the board first with `unit`, so that every order is
//! checked against the full position when it is submitted.

use crate::harness::Case;

/// 6.E.1 Dislodged unit has no effect on attacker's area.
/// The army dislodged in Prussia cannot keep the fleet from Kiel out of Berlin.
#[test]
fn case_6_e_1() {
    let mut c = Case::movement();
    c.order("Germany", "A BER - PRU");
    c.order("Germany", "F KIE - BER");
    c.order("Germany", "A SIL S A BER - PRU");
    c.order("Russia", "A PRU - BER");
    c.resolve();
    c.assert_succeeds("Germany", "A BER - PRU");
    c.assert_succeeds("Germany", "F KIE - BER");
    c.assert_fails("Russia", "A PRU - BER");
    c.assert_dislodged("Russia", "A PRU");
    c.assert_unit("Germany", "A PRU");
    c.assert_unit("Germany", "F BER");
    c.assert_no_unit("KIE");
}

/// 6.E.2 No self dislodgement in head-to-head battle.
#[test]
fn case_6_e_2() {
    let mut c = Case::movement();
    c.order("Germany", "A BER - KIE");
    c.order("Germany", "F KIE - BER");
    c.order("Germany", "A MUN S A BER - KIE");
    c.resolve();
    c.assert_fails("Germany", "A BER - KIE");
    c.assert_fails("Germany", "F KIE - BER");
    c.assert_not_dislodged("Germany", "A BER");
    c.assert_not_dislodged("Germany", "F KIE");
}

/// 6.E.3 No help in dislodging own unit.
#[test]
fn case_6_e_3() {
    let mut c = Case::movement();
    c.unit("England", "F KIE");
    c.order("Germany", "A BER - KIE");
    c.order("Germany", "A MUN S F KIE - BER");
    c.order("England", "F KIE - BER");
    c.resolve();
    c.assert_fails("Germany", "A BER - KIE");
    c.assert_fails("England", "F KIE - BER");
    c.assert_not_dislodged("Germany", "A BER");
    c.assert_not_dislodged("England", "F KIE");
}

/// 6.E.4 Non-dislodged loser still has effect.
/// The French fleet in the North Sea survives as a beleaguered garrison and still keeps the
/// Austrians out of Holland.
#[test]
fn case_6_e_4() {
    let mut c = Case::movement();
    c.unit("England", "F NWG");
    c.unit("Austria", "A RUH");
    c.order("Germany", "F HOL - NTH");
    c.order("Germany", "F HEL S F HOL - NTH");
    c.order("Germany", "F SKA S F HOL - NTH");
    c.order("France", "F NTH - HOL");
    c.order("France", "F BEL S F NTH - HOL");
    c.order("England", "F EDI S F NWG - NTH");
    c.order("England", "F YOR S F NWG - NTH");
    c.order("England", "F NWG - NTH");
    c.order("Austria", "A KIE S A RUH - HOL");
    c.order("Austria", "A RUH - HOL");
    c.resolve();
    c.assert_fails("Germany", "F HOL - NTH");
    c.assert_fails("France", "F NTH - HOL");
    c.assert_fails("England", "F NWG - NTH");
    c.assert_fails("Austria", "A RUH - HOL");
    c.assert_not_dislodged("France", "F NTH");
    c.assert_not_dislodged("Germany", "F HOL");
    c.assert_unit("England", "F NWG");
    c.assert_unit("Austria", "A RUH");
}

/// 6.E.5 Loser dislodged by another army still has effect.
/// The French fleet is dislodged by England, not by the German fleet, so it still keeps the
/// Austrians out of Holland.
#[test]
fn case_6_e_5() {
    let mut c = Case::movement();
    c.unit("England", "F NWG");
    c.unit("Austria", "A RUH");
    c.order("Germany", "F HOL - NTH");
    c.order("Germany", "F HEL S F HOL - NTH");
    c.order("Germany", "F SKA S F HOL - NTH");
    c.order("France", "F NTH - HOL");
    c.order("France", "F BEL S F NTH - HOL");
    c.order("England", "F EDI S F NWG - NTH");
    c.order("England", "F YOR S F NWG - NTH");
    c.order("England", "F NWG - NTH");
    c.order("England", "F LON S F NWG - NTH");
    c.order("Austria", "A KIE S A RUH - HOL");
    c.order("Austria", "A RUH - HOL");
    c.resolve();
    c.assert_succeeds("England", "F NWG - NTH");
    c.assert_dislodged("France", "F NTH");
    c.assert_unit("England", "F NTH");
    c.assert_fails("Germany", "F HOL - NTH");
    c.assert_fails("France", "F NTH - HOL");
    c.assert_fails("Austria", "A RUH - HOL");
    c.assert_not_dislodged("Germany", "F HOL");
    c.assert_unit("Austria", "A RUH");
}

/// 6.E.6 Not dislodge because of own support still has effect.
/// The German fleet wins only with French help, so the French fleet is not dislodged and still
/// keeps the Austrians out of Holland.
#[test]
fn case_6_e_6() {
    let mut c = Case::movement();
    c.unit("Austria", "A RUH");
    c.order("Germany", "F HOL - NTH");
    c.order("Germany", "F HEL S F HOL - NTH");
    c.order("France", "F NTH - HOL");
    c.order("France", "F BEL S F NTH - HOL");
    c.order("France", "F ENG S F HOL - NTH");
    c.order("Austria", "A KIE S A RUH - HOL");
    c.order("Austria", "A RUH - HOL");
    c.resolve();
    c.assert_fails("Germany", "F HOL - NTH");
    c.assert_fails("France", "F NTH - HOL");
    c.assert_fails("Austria", "A RUH - HOL");
    c.assert_not_dislodged("France", "F NTH");
    c.assert_not_dislodged("Germany", "F HOL");
    c.assert_unit("Austria", "A RUH");
}

/// 6.E.7 No self dislodgement with beleaguered garrison.
/// The Russians beat the Germans only with English help, so they cannot dislodge the English.
#[test]
fn case_6_e_7() {
    let mut c = Case::movement();
    c.unit("Russia", "F NWY");
    c.unit("Germany", "F HEL");
    c.order("England", "F NTH H");
    c.order("England", "F YOR S F NWY - NTH");
    c.order("Germany", "F HOL S F HEL - NTH");
    c.order("Germany", "F HEL - NTH");
    c.order("Russia", "F SKA S F NWY - NTH");
    c.order("Russia", "F NWY - NTH");
    c.resolve();
    c.assert_fails("Russia", "F NWY - NTH");
    c.assert_fails("Germany", "F HEL - NTH");
    c.assert_not_dislodged("England", "F NTH");
    c.assert_unit("Russia", "F NWY");
    c.assert_unit("Germany", "F HEL");
}

/// 6.E.8 No self dislodgement with beleaguered garrison and head-to-head battle.
#[test]
fn case_6_e_8() {
    let mut c = Case::movement();
    c.unit("Russia", "F NWY");
    c.unit("Germany", "F HEL");
    c.order("England", "F NTH - NWY");
    c.order("England", "F YOR S F NWY - NTH");
    c.order("Germany", "F HOL S F HEL - NTH");
    c.order("Germany", "F HEL - NTH");
    c.order("Russia", "F SKA S F NWY - NTH");
    c.order("Russia", "F NWY - NTH");
    c.resolve();
    c.assert_fails("England", "F NTH - NWY");
    c.assert_fails("Russia", "F NWY - NTH");
    c.assert_fails("Germany", "F HEL - NTH");
    c.assert_not_dislodged("England", "F NTH");
    c.assert_not_dislodged("Russia", "F NWY");
    c.assert_unit("Germany", "F HEL");
}

/// 6.E.9 Almost self dislodgement with beleaguered garrison.
/// The English fleet moves away, so the Russian fleet can enter the North Sea.
#[test]
fn case_6_e_9() {
    let mut c = Case::movement();
    c.unit("Russia", "F NWY");
    c.unit("Germany", "F HEL");
    c.order("England", "F NTH - NWG");
    c.order("England", "F YOR S F NWY - NTH");
    c.order("Germany", "F HOL S F HEL - NTH");
    c.order("Germany", "F HEL - NTH");
    c.order("Russia", "F SKA S F NWY - NTH");
    c.order("Russia", "F NWY - NTH");
    c.resolve();
    c.assert_succeeds("England", "F NTH - NWG");
    c.assert_succeeds("Russia", "F NWY - NTH");
    c.assert_fails("Germany", "F HEL - NTH");
    c.assert_unit("England", "F NWG");
    c.assert_unit("Russia", "F NTH");
    c.assert_unit("Germany", "F HEL");
    c.assert_no_unit("NWY");
}

/// 6.E.10 Almost circular movement with no self dislodgement with beleaguered garrison.
/// The English fleet is in a circle with the weaker German attacker; the circle fails and no
/// fleet moves.
#[test]
fn case_6_e_10() {
    let mut c = Case::movement();
    c.unit("Russia", "F NWY");
    c.unit("Germany", "F HEL");
    c.order("England", "F NTH - DEN");
    c.order("England", "F YOR S F NWY - NTH");
    c.order("Germany", "F HOL S F HEL - NTH");
    c.order("Germany", "F HEL - NTH");
    c.order("Germany", "F DEN - HEL");
    c.order("Russia", "F SKA S F NWY - NTH");
    c.order("Russia", "F NWY - NTH");
    c.resolve();
    c.assert_fails("England", "F NTH - DEN");
    c.assert_fails("Germany", "F HEL - NTH");
    c.assert_fails("Germany", "F DEN - HEL");
    c.assert_fails("Russia", "F NWY - NTH");
    c.assert_not_dislodged("England", "F NTH");
    c.assert_not_dislodged("Germany", "F HEL");
    c.assert_unit("Germany", "F DEN");
    c.assert_unit("Russia", "F NWY");
}

/// 6.E.11 No self dislodgement with beleaguered garrison, unit swap with adjacent convoying and
/// two coasts.
/// The swap of Spain and Portugal (the army by convoy) succeeds; the Germans stay in Gascony.
#[test]
fn case_6_e_11() {
    let mut c = Case::movement();
    c.unit("France", "F MAO");
    c.unit("Italy", "F POR");
    c.unit("Germany", "A GAS");
    c.order("France", "A SPA - POR VIA CONVOY");
    c.order("France", "F MAO C A SPA - POR");
    c.order("France", "F LYO S F POR - SPA/NC");
    c.order("Germany", "A MAR S A GAS - SPA");
    c.order("Germany", "A GAS - SPA");
    c.order("Italy", "F POR - SPA/NC");
    c.order("Italy", "F WES S F POR - SPA/NC");
    c.resolve();
    c.assert_succeeds("France", "F MAO C A SPA - POR");
    c.assert_succeeds("France", "A SPA - POR VIA CONVOY");
    c.assert_succeeds("Italy", "F POR - SPA/NC");
    c.assert_fails("Germany", "A GAS - SPA");
    c.assert_unit("France", "A POR");
    c.assert_unit("Italy", "F SPA/NC");
    c.assert_unit("Germany", "A GAS");
}

/// 6.E.12 Support on attack on own unit can be used for other means.
/// Serbia's support of the Italian attack on Budapest cannot dislodge Budapest but still keeps
/// the Russians out.
#[test]
fn case_6_e_12() {
    let mut c = Case::movement();
    c.unit("Italy", "A VIE");
    c.order("Austria", "A BUD - RUM");
    c.order("Austria", "A SER S A VIE - BUD");
    c.order("Italy", "A VIE - BUD");
    c.order("Russia", "A GAL - BUD");
    c.order("Russia", "A RUM S A GAL - BUD");
    c.resolve();
    c.assert_fails("Austria", "A BUD - RUM");
    c.assert_fails("Italy", "A VIE - BUD");
    c.assert_fails("Russia", "A GAL - BUD");
    c.assert_not_dislodged("Austria", "A BUD");
    c.assert_not_dislodged("Russia", "A RUM");
    c.assert_unit("Italy", "A VIE");
    c.assert_unit("Russia", "A GAL");
}

/// 6.E.13 Three way beleaguered garrison.
/// Two attacks must not fail first and then let the third succeed.
#[test]
fn case_6_e_13() {
    let mut c = Case::movement();
    c.unit("England", "F YOR");
    c.order("England", "F EDI S F YOR - NTH");
    c.order("England", "F YOR - NTH");
    c.order("France", "F BEL - NTH");
    c.order("France", "F ENG S F BEL - NTH");
    c.order("Germany", "F NTH H");
    c.order("Russia", "F NWG - NTH");
    c.order("Russia", "F NWY S F NWG - NTH");
    c.resolve();
    c.assert_fails("England", "F YOR - NTH");
    c.assert_fails("France", "F BEL - NTH");
    c.assert_fails("Russia", "F NWG - NTH");
    c.assert_not_dislodged("Germany", "F NTH");
    c.assert_unit("England", "F YOR");
    c.assert_unit("France", "F BEL");
    c.assert_unit("Russia", "F NWG");
}

/// 6.E.14 Illegal head-to-head battle can still defend.
/// The Russian fleet's move is illegal, but the fleet still holds Edinburgh against the army.
#[test]
fn case_6_e_14() {
    let mut c = Case::movement();
    c.order("England", "A LVP - EDI");
    c.order("Russia", "F EDI - LVP");
    c.resolve();
    c.assert_illegal("Russia", "F EDI - LVP");
    c.assert_fails("England", "A LVP - EDI");
    c.assert_not_dislodged("Russia", "F EDI");
    c.assert_unit("England", "A LVP");
}

/// 6.E.15 The friendly head-to-head battle.
/// Each side of the head-to-head battle keeps the other from being dislodged; nothing moves.
#[test]
fn case_6_e_15() {
    let mut c = Case::movement();
    c.unit("England", "A RUH");
    c.unit("Russia", "A PRU");
    c.order("England", "F HOL S A RUH - KIE");
    c.order("England", "A RUH - KIE");
    c.order("France", "A KIE - BER");
    c.order("France", "A MUN S A KIE - BER");
    c.order("France", "A SIL S A KIE - BER");
    c.order("Germany", "A BER - KIE");
    c.order("Germany", "F DEN S A BER - KIE");
    c.order("Germany", "F HEL S A BER - KIE");
    c.order("Russia", "F BAL S A PRU - BER");
    c.order("Russia", "A PRU - BER");
    c.resolve();
    c.assert_fails("England", "A RUH - KIE");
    c.assert_fails("France", "A KIE - BER");
    c.assert_fails("Germany", "A BER - KIE");
    c.assert_fails("Russia", "A PRU - BER");
    c.assert_not_dislodged("France", "A KIE");
    c.assert_not_dislodged("Germany", "A BER");
    c.assert_unit("England", "A RUH");
    c.assert_unit("Russia", "A PRU");
}
