//! 6.G: convoying to adjacent provinces, by the 2023 rules: an army goes by sea when it says
//! `VIA CONVOY` or a fleet of its own state convoys it, with no fall-back to the land route
//! (DATC 4.A.3); a dislodged unit still bounces where there was no head-to-head battle (4.A.7).

use crate::harness::Case;

/// 6.G.1 Two units can swap provinces by convoy.
#[test]
fn case_6_g_1() {
    let mut c = Case::movement();
    c.order("England", "A NWY - SWE");
    c.order("England", "F SKA C A NWY - SWE");
    c.order("Russia", "A SWE - NWY");
    c.resolve();
    c.assert_succeeds("England", "A NWY - SWE");
    c.assert_succeeds("Russia", "A SWE - NWY");
    c.assert_unit("England", "A SWE");
    c.assert_unit("Russia", "A NWY");
}

/// 6.G.2 Kidnapping an army is prevented: a foreign fleet shows no intent.
#[test]
fn case_6_g_2() {
    let mut c = Case::movement();
    c.order("England", "A NWY - SWE");
    c.order("Russia", "F SWE - NWY");
    c.order("Germany", "F SKA C A NWY - SWE");
    c.resolve();
    c.assert_fails("England", "A NWY - SWE");
    c.assert_fails("Russia", "F SWE - NWY");
    c.assert_unit("England", "A NWY");
    c.assert_unit("Russia", "F SWE");
}

/// 6.G.3 An unwanted disrupted convoy to adjacent province: Picardy goes by land.
#[test]
fn case_6_g_3() {
    let mut c = Case::movement();
    c.order("France", "F BRE - ENG");
    c.order("France", "A PIC - BEL");
    c.order("France", "A BUR S A PIC - BEL");
    c.order("France", "F MAO S F BRE - ENG");
    c.order("England", "F ENG C A PIC - BEL");
    c.resolve();
    c.assert_succeeds("France", "A PIC - BEL");
    c.assert_unit("France", "A BEL");
    c.assert_dislodged("England", "F ENG");
}

/// 6.G.4 An unwanted disrupted convoy to adjacent province and opposite move.
#[test]
fn case_6_g_4() {
    let mut c = Case::movement();
    c.order("France", "F BRE - ENG");
    c.order("France", "A PIC - BEL");
    c.order("France", "A BUR S A PIC - BEL");
    c.order("France", "F MAO S F BRE - ENG");
    c.order("England", "F ENG C A PIC - BEL");
    c.order("England", "A BEL - PIC");
    c.resolve();
    c.assert_succeeds("France", "A PIC - BEL");
    c.assert_fails("England", "A BEL - PIC");
    c.assert_unit("France", "A BEL");
    c.assert_dislodged("England", "A BEL");
}

/// 6.G.5 Swapping with multiple fleets with one own fleet.
#[test]
fn case_6_g_5() {
    let mut c = Case::movement();
    c.order("Italy", "A ROM - APU");
    c.order("Italy", "F TYS C A APU - ROM");
    c.order("Turkey", "A APU - ROM");
    c.order("Turkey", "F ION C A APU - ROM");
    c.resolve();
    c.assert_succeeds("Italy", "A ROM - APU");
    c.assert_succeeds("Turkey", "A APU - ROM");
    c.assert_unit("Italy", "A APU");
    c.assert_unit("Turkey", "A ROM");
}

/// 6.G.6 Swapping with unintended intent: England's own convoy order shows intent, and the
/// Russian route carries it.
#[test]
fn case_6_g_6() {
    let mut c = Case::movement();
    c.unit("Russia", "F NWG");
    c.unit("Russia", "F NAO");
    c.order("England", "A LVP - EDI");
    c.order("England", "F ENG C A LVP - EDI");
    c.order("Germany", "A EDI - LVP");
    c.order("France", "F IRI H");
    c.order("France", "F NTH H");
    c.order("Russia", "F NWG C A LVP - EDI");
    c.order("Russia", "F NAO C A LVP - EDI");
    c.resolve();
    c.assert_succeeds("England", "A LVP - EDI");
    c.assert_succeeds("Germany", "A EDI - LVP");
    c.assert_unit("England", "A EDI");
    c.assert_unit("Germany", "A LVP");
}

/// 6.G.7 Swapping with illegal intent: the Russian convoy from the Gulf of Bothnia is illegal,
/// so there is no intent and nothing moves.
#[test]
fn case_6_g_7() {
    let mut c = Case::movement();
    c.order("England", "F SKA C A SWE - NWY");
    c.order("England", "F NWY - SWE");
    c.order("Russia", "A SWE - NWY");
    c.order("Russia", "F BOT C A SWE - NWY");
    c.resolve();
    c.assert_illegal("Russia", "F BOT C A SWE - NWY");
    c.assert_fails("England", "F NWY - SWE");
    c.assert_fails("Russia", "A SWE - NWY");
    c.assert_unit("England", "F NWY");
    c.assert_unit("Russia", "A SWE");
}

/// 6.G.8 Explicit convoy that isn't there: no fall-back to the land route.
#[test]
fn case_6_g_8() {
    let mut c = Case::movement();
    c.order("France", "A BEL - HOL VIA CONVOY");
    c.order("England", "F NTH - HEL");
    c.order("England", "A HOL - KIE");
    c.resolve();
    c.assert_fails("France", "A BEL - HOL VIA CONVOY");
    c.assert_unit("France", "A BEL");
    c.assert_no_unit("HOL");
    c.assert_unit("England", "A KIE");
}

/// 6.G.9 Swapped or dislodged? Swapped: the move goes by convoy.
#[test]
fn case_6_g_9() {
    let mut c = Case::movement();
    c.order("England", "A NWY - SWE");
    c.order("England", "F SKA C A NWY - SWE");
    c.order("England", "F FIN S A NWY - SWE");
    c.order("Russia", "A SWE - NWY");
    c.resolve();
    c.assert_unit("England", "A SWE");
    c.assert_unit("Russia", "A NWY");
    c.assert_not_dislodged("Russia", "A NWY");
}

/// 6.G.10 Swapped or a head-to-head battle? Sweden is dislodged but, with no head-to-head
/// battle, still bounces the fleet from the Norwegian Sea.
#[test]
fn case_6_g_10() {
    let mut c = Case::movement();
    c.unit("Germany", "F SKA");
    c.order("England", "A NWY - SWE VIA CONVOY");
    c.order("England", "F DEN S A NWY - SWE");
    c.order("England", "F FIN S A NWY - SWE");
    c.order("Germany", "F SKA C A NWY - SWE");
    c.order("Russia", "A SWE - NWY");
    c.order("Russia", "F BAR S A SWE - NWY");
    c.order("France", "F NWG - NWY");
    c.order("France", "F NTH S F NWG - NWY");
    c.resolve();
    c.assert_succeeds("England", "A NWY - SWE VIA CONVOY");
    c.assert_dislodged("Russia", "A SWE");
    c.assert_fails("France", "F NWG - NWY");
    c.assert_unit("France", "F NWG");
    c.assert_no_unit("NWY");
}

/// 6.G.11 A convoy to an adjacent province with a paradox: no fall-back, so the North Sea
/// dislodges Skagerrak and Sweden stays.
#[test]
fn case_6_g_11() {
    let mut c = Case::movement();
    c.order("England", "F NWY S F NTH - SKA");
    c.order("England", "F NTH - SKA");
    c.order("Russia", "A SWE - NWY");
    c.order("Russia", "F SKA C A SWE - NWY");
    c.order("Russia", "F BAR S A SWE - NWY");
    c.resolve();
    c.assert_dislodged("Russia", "F SKA");
    c.assert_fails("Russia", "A SWE - NWY");
    c.assert_unit("England", "F SKA");
    c.assert_unit("England", "F NWY");
    c.assert_unit("Russia", "A SWE");
}

/// 6.G.12 Swapping two units with two convoys.
#[test]
fn case_6_g_12() {
    let mut c = Case::movement();
    c.order("England", "A LVP - EDI VIA CONVOY");
    c.order("England", "F NAO C A LVP - EDI");
    c.order("England", "F NWG C A LVP - EDI");
    c.order("Germany", "A EDI - LVP VIA CONVOY");
    c.order("Germany", "F NTH C A EDI - LVP");
    c.order("Germany", "F ENG C A EDI - LVP");
    c.order("Germany", "F IRI C A EDI - LVP");
    c.resolve();
    c.assert_unit("England", "A EDI");
    c.assert_unit("Germany", "A LVP");
}

/// 6.G.13 Support cut on attack on itself via convoy: the attack comes from Trieste, so Venice's
/// support stands and Trieste is dislodged (DATC 4.A.4).
#[test]
fn case_6_g_13() {
    let mut c = Case::movement();
    c.order("Austria", "F ADR C A TRI - VEN");
    c.order("Austria", "A TRI - VEN VIA CONVOY");
    c.order("Italy", "A VEN S F ALB - TRI");
    c.order("Italy", "F ALB - TRI");
    c.resolve();
    c.assert_succeeds("Italy", "A VEN S F ALB - TRI");
    c.assert_succeeds("Italy", "F ALB - TRI");
    c.assert_dislodged("Austria", "A TRI");
    c.assert_unit("Italy", "A VEN");
}

/// 6.G.14 Bounce by convoy to adjacent province.
#[test]
fn case_6_g_14() {
    let mut c = Case::movement();
    c.unit("Germany", "F SKA");
    c.order("England", "A NWY - SWE");
    c.order("England", "F DEN S A NWY - SWE");
    c.order("England", "F FIN S A NWY - SWE");
    c.order("France", "F NWG - NWY");
    c.order("France", "F NTH S F NWG - NWY");
    c.order("Germany", "F SKA C A SWE - NWY");
    c.order("Russia", "A SWE - NWY VIA CONVOY");
    c.order("Russia", "F BAR S A SWE - NWY");
    c.resolve();
    c.assert_unit("England", "A SWE");
    c.assert_dislodged("Russia", "A SWE");
    c.assert_fails("France", "F NWG - NWY");
    c.assert_unit("France", "F NWG");
}

/// 6.G.15 Bounce and dislodge with double convoy: Yorkshire bounces and stays.
#[test]
fn case_6_g_15() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A HOL S A LON - BEL");
    c.order("England", "A YOR - LON");
    c.order("England", "A LON - BEL VIA CONVOY");
    c.order("France", "F ENG C A BEL - LON");
    c.order("France", "A BEL - LON VIA CONVOY");
    c.resolve();
    c.assert_succeeds("England", "A LON - BEL VIA CONVOY");
    c.assert_dislodged("France", "A BEL");
    c.assert_fails("England", "A YOR - LON");
    c.assert_unit("England", "A YOR");
    c.assert_no_unit("LON");
}

/// 6.G.16 The two unit in one area bug, moving by convoy.
#[test]
fn case_6_g_16() {
    let mut c = Case::movement();
    c.order("England", "A NWY - SWE");
    c.order("England", "A DEN S A NWY - SWE");
    c.order("England", "F BAL S A NWY - SWE");
    c.order("England", "F NTH - NWY");
    c.order("Russia", "A SWE - NWY VIA CONVOY");
    c.order("Russia", "F SKA C A SWE - NWY");
    c.order("Russia", "F NWG S A SWE - NWY");
    c.resolve();
    c.assert_unit("England", "A SWE");
    c.assert_unit("Russia", "A NWY");
    c.assert_fails("England", "F NTH - NWY");
    c.assert_unit("England", "F NTH");
}

/// 6.G.17 The two unit in one area bug, moving over land.
#[test]
fn case_6_g_17() {
    let mut c = Case::movement();
    c.order("England", "A NWY - SWE VIA CONVOY");
    c.order("England", "A DEN S A NWY - SWE");
    c.order("England", "F BAL S A NWY - SWE");
    c.order("England", "F SKA C A NWY - SWE");
    c.order("England", "F NTH - NWY");
    c.order("Russia", "A SWE - NWY");
    c.order("Russia", "F NWG S A SWE - NWY");
    c.resolve();
    c.assert_unit("England", "A SWE");
    c.assert_unit("Russia", "A NWY");
    c.assert_fails("England", "F NTH - NWY");
    c.assert_unit("England", "F NTH");
}

/// 6.G.18 The two unit in one area bug, with double convoy.
#[test]
fn case_6_g_18() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A HOL S A LON - BEL");
    c.order("England", "A YOR - LON");
    c.order("England", "A LON - BEL");
    c.order("England", "A RUH S A LON - BEL");
    c.order("France", "F ENG C A BEL - LON");
    c.order("France", "A BEL - LON");
    c.order("France", "A WAL S A BEL - LON");
    c.resolve();
    c.assert_unit("England", "A BEL");
    c.assert_unit("France", "A LON");
    c.assert_fails("England", "A YOR - LON");
    c.assert_unit("England", "A YOR");
}

/// 6.G.19 Swapping with intent of unnecessary convoy: the Western Mediterranean is on no route
/// that needs it, so its convoy is illegal; the Italian fleet is foreign, so there is no intent
/// and nothing moves.
#[test]
fn case_6_g_19() {
    let mut c = Case::movement();
    c.order("France", "A MAR - SPA");
    c.order("France", "F WES C A MAR - SPA");
    c.order("Italy", "F LYO C A MAR - SPA");
    c.order("Italy", "A SPA - MAR");
    c.resolve();
    c.assert_illegal("France", "F WES C A MAR - SPA");
    c.assert_fails("France", "A MAR - SPA");
    c.assert_fails("Italy", "A SPA - MAR");
    c.assert_unit("France", "A MAR");
    c.assert_unit("Italy", "A SPA");
}

/// 6.G.20 Explicit convoy to adjacent province disrupted: no fall-back, so Picardy fails.
#[test]
fn case_6_g_20() {
    let mut c = Case::movement();
    c.order("France", "F BRE - ENG");
    c.order("France", "A PIC - BEL VIA CONVOY");
    c.order("France", "A BUR S A PIC - BEL");
    c.order("France", "F MAO S F BRE - ENG");
    c.order("England", "F ENG C A PIC - BEL");
    c.resolve();
    c.assert_dislodged("England", "F ENG");
    c.assert_fails("France", "A PIC - BEL VIA CONVOY");
    c.assert_unit("France", "A PIC");
    c.assert_no_unit("BEL");
}
