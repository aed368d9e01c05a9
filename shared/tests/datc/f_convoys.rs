//! 6.F: convoys, with the Szykman rule for paradoxes (DATC 4.A.2) and multi-route convoys
//! disrupted only when every route is (4.A.1).

use crate::harness::Case;

/// 6.F.1 No convoy in coastal areas.
#[test]
fn case_6_f_1() {
    let mut c = Case::movement();
    c.order("Turkey", "A GRE - SEV");
    c.order("Turkey", "F AEG C A GRE - SEV");
    c.order("Turkey", "F CON C A GRE - SEV");
    c.order("Turkey", "F BLA C A GRE - SEV");
    c.resolve();
    c.assert_illegal("Turkey", "F CON C A GRE - SEV");
    c.assert_fails("Turkey", "A GRE - SEV");
    c.assert_unit("Turkey", "A GRE");
}

/// 6.F.2 An army being convoyed can bounce as normal.
#[test]
fn case_6_f_2() {
    let mut c = Case::movement();
    c.order("England", "F ENG C A LON - BRE");
    c.order("England", "A LON - BRE");
    c.order("France", "A PAR - BRE");
    c.resolve();
    c.assert_fails("England", "A LON - BRE");
    c.assert_fails("France", "A PAR - BRE");
    c.assert_unit("England", "A LON");
    c.assert_unit("France", "A PAR");
}

/// 6.F.3 An army being convoyed can receive support.
#[test]
fn case_6_f_3() {
    let mut c = Case::movement();
    c.order("England", "F ENG C A LON - BRE");
    c.order("England", "A LON - BRE");
    c.order("England", "F MAO S A LON - BRE");
    c.order("France", "A PAR - BRE");
    c.resolve();
    c.assert_succeeds("England", "A LON - BRE");
    c.assert_unit("England", "A BRE");
    c.assert_unit("France", "A PAR");
}

/// 6.F.4 An attacked convoy is not disrupted.
#[test]
fn case_6_f_4() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - HOL");
    c.order("England", "A LON - HOL");
    c.order("Germany", "F SKA - NTH");
    c.resolve();
    c.assert_succeeds("England", "A LON - HOL");
    c.assert_unit("England", "A HOL");
}

/// 6.F.5 A beleaguered convoy is not disrupted.
#[test]
fn case_6_f_5() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - HOL");
    c.order("England", "A LON - HOL");
    c.order("France", "F ENG - NTH");
    c.order("France", "F BEL S F ENG - NTH");
    c.order("Germany", "F SKA - NTH");
    c.order("Germany", "F DEN S F SKA - NTH");
    c.resolve();
    c.assert_succeeds("England", "A LON - HOL");
    c.assert_unit("England", "A HOL");
    c.assert_unit("England", "F NTH");
}

/// 6.F.6 Dislodged convoy does not cut support.
#[test]
fn case_6_f_6() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - HOL");
    c.order("England", "A LON - HOL");
    c.order("Germany", "A HOL S A BEL");
    c.order("Germany", "A BEL S A HOL");
    c.order("Germany", "F HEL S F SKA - NTH");
    c.order("Germany", "F SKA - NTH");
    c.order("France", "A PIC - BEL");
    c.order("France", "A BUR S A PIC - BEL");
    c.resolve();
    c.assert_dislodged("England", "F NTH");
    c.assert_fails("England", "A LON - HOL");
    c.assert_succeeds("Germany", "A HOL S A BEL");
    c.assert_not_dislodged("Germany", "A BEL");
    c.assert_fails("France", "A PIC - BEL");
}

/// 6.F.7 Dislodged convoy does not cause contested area.
#[test]
fn case_6_f_7() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - HOL");
    c.order("England", "A LON - HOL");
    c.order("Germany", "F HEL S F SKA - NTH");
    c.order("Germany", "F SKA - NTH");
    c.resolve();
    c.assert_dislodged("England", "F NTH");
    c.order("England", "F NTH R HOL");
    c.resolve();
    c.assert_succeeds("England", "F NTH R HOL");
    c.assert_unit("England", "F HOL");
}

/// 6.F.8 Dislodged convoy does not cause a bounce.
#[test]
fn case_6_f_8() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - HOL");
    c.order("England", "A LON - HOL");
    c.order("Germany", "F HEL S F SKA - NTH");
    c.order("Germany", "F SKA - NTH");
    c.order("Germany", "A BEL - HOL");
    c.resolve();
    c.assert_succeeds("Germany", "A BEL - HOL");
    c.assert_unit("Germany", "A HOL");
    c.assert_unit("England", "A LON");
}

/// 6.F.9 Dislodge of multi-route convoy: the route through the North Sea still carries.
#[test]
fn case_6_f_9() {
    let mut c = Case::movement();
    c.order("England", "F ENG C A LON - BEL");
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("France", "F BRE S F MAO - ENG");
    c.order("France", "F MAO - ENG");
    c.resolve();
    c.assert_dislodged("England", "F ENG");
    c.assert_succeeds("England", "A LON - BEL");
    c.assert_unit("England", "A BEL");
}

/// 6.F.10 Dislodge of multi-route convoy with foreign fleet.
#[test]
fn case_6_f_10() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("Germany", "F ENG C A LON - BEL");
    c.order("France", "F BRE S F MAO - ENG");
    c.order("France", "F MAO - ENG");
    c.resolve();
    c.assert_dislodged("Germany", "F ENG");
    c.assert_unit("England", "A BEL");
}

/// 6.F.11 Dislodge of multi-route convoy with only foreign fleets.
#[test]
fn case_6_f_11() {
    let mut c = Case::movement();
    c.unit("Germany", "F ENG");
    c.unit("Russia", "F NTH");
    c.order("England", "A LON - BEL");
    c.order("Germany", "F ENG C A LON - BEL");
    c.order("Russia", "F NTH C A LON - BEL");
    c.order("France", "F BRE S F MAO - ENG");
    c.order("France", "F MAO - ENG");
    c.resolve();
    c.assert_dislodged("Germany", "F ENG");
    c.assert_unit("England", "A BEL");
}

/// 6.F.12 Dislodged convoying fleet not on route.
#[test]
fn case_6_f_12() {
    let mut c = Case::movement();
    c.unit("England", "F IRI");
    c.order("England", "F ENG C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("England", "F IRI C A LON - BEL");
    c.order("France", "F NAO S F MAO - IRI");
    c.order("France", "F MAO - IRI");
    c.resolve();
    c.assert_dislodged("England", "F IRI");
    c.assert_succeeds("England", "A LON - BEL");
    c.assert_unit("England", "A BEL");
}

/// 6.F.13 The unwanted alternative.
#[test]
fn case_6_f_13() {
    let mut c = Case::movement();
    c.unit("France", "F ENG");
    c.order("England", "A LON - BEL");
    c.order("England", "F NTH C A LON - BEL");
    c.order("France", "F ENG C A LON - BEL");
    c.order("Germany", "F HOL S F DEN - NTH");
    c.order("Germany", "F DEN - NTH");
    c.resolve();
    c.assert_succeeds("England", "A LON - BEL");
    c.assert_unit("England", "A BEL");
    c.assert_dislodged("England", "F NTH");
    c.assert_unit("Germany", "F NTH");
}

/// 6.F.14 Simple convoy paradox: the support of London is not cut; the convoying fleet is
/// dislodged.
#[test]
fn case_6_f_14() {
    let mut c = Case::movement();
    c.order("England", "F LON S F WAL - ENG");
    c.order("England", "F WAL - ENG");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.resolve();
    c.assert_succeeds("England", "F LON S F WAL - ENG");
    c.assert_succeeds("England", "F WAL - ENG");
    c.assert_dislodged("France", "F ENG");
    c.assert_unit("France", "A BRE");
}

/// 6.F.15 Simple convoy paradox with additional convoy.
#[test]
fn case_6_f_15() {
    let mut c = Case::movement();
    c.order("England", "F LON S F WAL - ENG");
    c.order("England", "F WAL - ENG");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("Italy", "F IRI C A NAF - WAL");
    c.order("Italy", "F MAO C A NAF - WAL");
    c.order("Italy", "A NAF - WAL");
    c.resolve();
    c.assert_succeeds("England", "F WAL - ENG");
    c.assert_succeeds("Italy", "A NAF - WAL");
    c.assert_unit("England", "F ENG");
    c.assert_unit("Italy", "A WAL");
    c.assert_dislodged("France", "F ENG");
}

/// 6.F.16 Pandin's paradox.
#[test]
fn case_6_f_16() {
    let mut c = Case::movement();
    c.order("England", "F LON S F WAL - ENG");
    c.order("England", "F WAL - ENG");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("Germany", "F NTH S F BEL - ENG");
    c.order("Germany", "F BEL - ENG");
    c.resolve();
    c.assert_fails("England", "F WAL - ENG");
    c.assert_fails("France", "A BRE - LON");
    c.assert_fails("Germany", "F BEL - ENG");
    c.assert_not_dislodged("France", "F ENG");
    c.assert_unit("England", "F LON");
}

/// 6.F.17 Pandin's extended paradox: by the Szykman rule the convoy fails, and neither London
/// nor the English Channel is dislodged.
#[test]
fn case_6_f_17() {
    let mut c = Case::movement();
    c.order("England", "F LON S F WAL - ENG");
    c.order("England", "F WAL - ENG");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("France", "F YOR S A BRE - LON");
    c.order("Germany", "F NTH S F BEL - ENG");
    c.order("Germany", "F BEL - ENG");
    c.resolve();
    c.assert_fails("France", "A BRE - LON");
    c.assert_fails("France", "F ENG C A BRE - LON");
    c.assert_not_dislodged("England", "F LON");
    c.assert_not_dislodged("France", "F ENG");
    c.assert_unit("France", "A BRE");
}

/// 6.F.18 Betrayal paradox: by the Szykman rule the convoy fails, Belgium's support holds, and
/// the North Sea is not dislodged.
#[test]
fn case_6_f_18() {
    let mut c = Case::movement();
    c.order("England", "F NTH C A LON - BEL");
    c.order("England", "A LON - BEL");
    c.order("England", "F ENG S A LON - BEL");
    c.order("France", "F BEL S F NTH");
    c.order("Germany", "F HEL S F SKA - NTH");
    c.order("Germany", "F SKA - NTH");
    c.resolve();
    c.assert_fails("England", "A LON - BEL");
    c.assert_succeeds("France", "F BEL S F NTH");
    c.assert_fails("Germany", "F SKA - NTH");
    c.assert_not_dislodged("England", "F NTH");
    c.assert_unit("France", "F BEL");
}

/// 6.F.19 Multi-route convoy disruption paradox: the support of Naples is cut, and the
/// Tyrrhenian Sea is not dislodged.
#[test]
fn case_6_f_19() {
    let mut c = Case::movement();
    c.order("France", "A TUN - NAP");
    c.order("France", "F TYS C A TUN - NAP");
    c.order("France", "F ION C A TUN - NAP");
    c.order("Italy", "F NAP S F ROM - TYS");
    c.order("Italy", "F ROM - TYS");
    c.resolve();
    c.assert_fails("Italy", "F NAP S F ROM - TYS");
    c.assert_fails("Italy", "F ROM - TYS");
    c.assert_not_dislodged("France", "F TYS");
}

/// 6.F.20 Unwanted multi-route convoy paradox: the support of Naples is cut, and the Ionian Sea
/// is dislodged.
#[test]
fn case_6_f_20() {
    let mut c = Case::movement();
    c.unit("Italy", "F ION");
    c.order("France", "A TUN - NAP");
    c.order("France", "F TYS C A TUN - NAP");
    c.order("Italy", "F NAP S F ION");
    c.order("Italy", "F ION C A TUN - NAP");
    c.order("Turkey", "F AEG S F EAS - ION");
    c.order("Turkey", "F EAS - ION");
    c.resolve();
    c.assert_fails("Italy", "F NAP S F ION");
    c.assert_dislodged("Italy", "F ION");
    c.assert_unit("Turkey", "F ION");
}

/// 6.F.21 Dad's army convoy: the support of Clyde is cut, and the North Atlantic is dislodged.
#[test]
fn case_6_f_21() {
    let mut c = Case::movement();
    c.unit("England", "F NAO");
    c.order("Russia", "A EDI S A NWY - CLY");
    c.order("Russia", "F NWG C A NWY - CLY");
    c.order("Russia", "A NWY - CLY");
    c.order("France", "F IRI S F MAO - NAO");
    c.order("France", "F MAO - NAO");
    c.order("England", "A LVP - CLY VIA CONVOY");
    c.order("England", "F NAO C A LVP - CLY");
    c.order("England", "F CLY S F NAO");
    c.resolve();
    c.assert_fails("England", "F CLY S F NAO");
    c.assert_dislodged("England", "F NAO");
    c.assert_unit("France", "F NAO");
    c.assert_dislodged("England", "F CLY");
    c.assert_unit("Russia", "A CLY");
}

/// 6.F.22 Second order paradox with two resolutions: the supports are not cut, the convoying
/// armies fail, and both convoying fleets are dislodged.
#[test]
fn case_6_f_22() {
    let mut c = Case::movement();
    c.order("England", "F EDI - NTH");
    c.order("England", "F LON S F EDI - NTH");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("Germany", "F BEL S F PIC - ENG");
    c.order("Germany", "F PIC - ENG");
    c.order("Russia", "A NWY - BEL");
    c.order("Russia", "F NTH C A NWY - BEL");
    c.resolve();
    c.assert_fails("France", "A BRE - LON");
    c.assert_fails("Russia", "A NWY - BEL");
    c.assert_dislodged("France", "F ENG");
    c.assert_dislodged("Russia", "F NTH");
    c.assert_unit("Germany", "F ENG");
    c.assert_unit("England", "F NTH");
}

/// 6.F.23 Second order paradox with two exclusive convoys: no unit moves.
#[test]
fn case_6_f_23() {
    let mut c = Case::movement();
    c.order("England", "F EDI - NTH");
    c.order("England", "F YOR S F EDI - NTH");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("Germany", "F BEL S F ENG");
    c.order("Germany", "F LON S F NTH");
    c.order("Italy", "F MAO - ENG");
    c.order("Italy", "F IRI S F MAO - ENG");
    c.order("Russia", "A NWY - BEL");
    c.order("Russia", "F NTH C A NWY - BEL");
    c.resolve();
    for (state, order) in [
        ("England", "F EDI - NTH"),
        ("France", "A BRE - LON"),
        ("Italy", "F MAO - ENG"),
        ("Russia", "A NWY - BEL"),
    ] {
        c.assert_fails(state, order);
    }
    c.assert_not_dislodged("France", "F ENG");
    c.assert_not_dislodged("Russia", "F NTH");
}

/// 6.F.24 Second order paradox with no resolution: the supports are not cut; the English Channel
/// survives and the North Sea is dislodged.
#[test]
fn case_6_f_24() {
    let mut c = Case::movement();
    c.order("England", "F EDI - NTH");
    c.order("England", "F LON S F EDI - NTH");
    c.order("England", "F IRI - ENG");
    c.order("England", "F MAO S F IRI - ENG");
    c.order("France", "A BRE - LON");
    c.order("France", "F ENG C A BRE - LON");
    c.order("France", "F BEL S F ENG");
    c.order("Russia", "A NWY - BEL");
    c.order("Russia", "F NTH C A NWY - BEL");
    c.resolve();
    c.assert_fails("France", "A BRE - LON");
    c.assert_fails("Russia", "A NWY - BEL");
    c.assert_not_dislodged("France", "F ENG");
    c.assert_dislodged("Russia", "F NTH");
    c.assert_unit("England", "F NTH");
}

/// 6.F.25 Cut support last.
#[test]
fn case_6_f_25() {
    let mut c = Case::movement();
    c.order("Germany", "A RUH - BEL");
    c.order("Germany", "A HOL S A RUH - BEL");
    c.order("Germany", "A DEN - NWY");
    c.order("Germany", "F SKA C A DEN - NWY");
    c.order("Germany", "A FIN S A DEN - NWY");
    c.order("England", "A YOR - HOL");
    c.order("England", "F NTH C A YOR - HOL");
    c.order("England", "F HEL S A YOR - HOL");
    c.order("England", "A BEL H");
    c.order("Russia", "F NWG - NTH");
    c.order("Russia", "F NWY S F NWG - NTH");
    c.order("Russia", "F SWE - SKA");
    c.resolve();
    c.assert_fails("Russia", "F SWE - SKA");
    c.assert_succeeds("Germany", "A DEN - NWY");
    c.assert_fails("Russia", "F NWY S F NWG - NTH");
    c.assert_fails("Russia", "F NWG - NTH");
    c.assert_succeeds("England", "A YOR - HOL");
    c.assert_fails("Germany", "A HOL S A RUH - BEL");
    c.assert_fails("Germany", "A RUH - BEL");
    c.assert_unit("England", "A BEL");
    c.assert_unit("England", "A HOL");
    c.assert_unit("Germany", "A NWY");
}
