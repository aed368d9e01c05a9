//! 6.H: retreats.

use crate::harness::Case;

/// 6.H.1 No supports during retreat.
#[test]
fn case_6_h_1() {
    let mut c = Case::movement();
    c.order("Austria", "F TRI H");
    c.order("Austria", "A SER H");
    c.order("Turkey", "F GRE H");
    c.order("Italy", "A VEN S A TYR - TRI");
    c.order("Italy", "A TYR - TRI");
    c.order("Italy", "F ION - GRE");
    c.order("Italy", "F AEG S F ION - GRE");
    c.resolve();
    c.assert_dislodged("Austria", "F TRI");
    c.assert_dislodged("Turkey", "F GRE");
    c.order("Austria", "F TRI R ALB");
    c.order("Austria", "A SER S F TRI - ALB");
    c.order("Turkey", "F GRE R ALB");
    c.resolve();
    c.assert_illegal("Austria", "A SER S F TRI - ALB");
    c.assert_fails("Austria", "F TRI R ALB");
    c.assert_fails("Turkey", "F GRE R ALB");
    c.assert_no_unit("ALB");
    c.assert_unit_count("Turkey", 0);
}

/// 6.H.2 No supports from retreating unit.
#[test]
fn case_6_h_2() {
    let mut c = Case::movement();
    c.order("England", "A LVP - EDI");
    c.order("England", "F YOR S A LVP - EDI");
    c.order("England", "F NWY H");
    c.order("Germany", "A KIE S A RUH - HOL");
    c.order("Germany", "A RUH - HOL");
    c.order("Russia", "F EDI H");
    c.order("Russia", "A SWE S A FIN - NWY");
    c.order("Russia", "A FIN - NWY");
    c.order("Russia", "F HOL H");
    c.resolve();
    c.assert_dislodged("England", "F NWY");
    c.assert_dislodged("Russia", "F EDI");
    c.assert_dislodged("Russia", "F HOL");
    c.order("England", "F NWY R NTH");
    c.order("Russia", "F EDI R NTH");
    c.order("Russia", "F HOL S F EDI - NTH");
    c.resolve();
    c.assert_illegal("Russia", "F HOL S F EDI - NTH");
    c.assert_fails("England", "F NWY R NTH");
    c.assert_fails("Russia", "F EDI R NTH");
    c.assert_no_unit("NTH");
}

/// 6.H.3 No convoy during retreat.
#[test]
fn case_6_h_3() {
    let mut c = Case::movement();
    c.order("England", "F NTH H");
    c.order("England", "A HOL H");
    c.order("Germany", "F KIE S A RUH - HOL");
    c.order("Germany", "A RUH - HOL");
    c.resolve();
    c.assert_dislodged("England", "A HOL");
    c.order("England", "A HOL R YOR");
    c.order("England", "F NTH C A HOL - YOR");
    c.resolve();
    c.assert_illegal("England", "A HOL R YOR");
    c.assert_illegal("England", "F NTH C A HOL - YOR");
    c.assert_no_unit("YOR");
    c.assert_unit_count("England", 1);
}

/// 6.H.4 No other moves during retreat.
#[test]
fn case_6_h_4() {
    let mut c = Case::movement();
    c.order("England", "F NTH H");
    c.order("England", "A HOL H");
    c.order("Germany", "F KIE S A RUH - HOL");
    c.order("Germany", "A RUH - HOL");
    c.resolve();
    c.order("England", "A HOL R BEL");
    c.order("England", "F NTH - NWG");
    c.resolve();
    c.assert_succeeds("England", "A HOL R BEL");
    c.assert_illegal("England", "F NTH - NWG");
    c.assert_unit("England", "A BEL");
    c.assert_unit("England", "F NTH");
}

/// 6.H.5 A unit may not retreat to the area from which it is attacked.
#[test]
fn case_6_h_5() {
    let mut c = Case::movement();
    c.order("Russia", "F CON S F BLA - ANK");
    c.order("Russia", "F BLA - ANK");
    c.order("Turkey", "F ANK H");
    c.resolve();
    c.assert_dislodged("Turkey", "F ANK");
    c.assert_retreats("ANK", &["ARM"]);
    c.order("Turkey", "F ANK R BLA");
    c.assert_illegal("Turkey", "F ANK R BLA");
}

/// 6.H.6 Unit may not retreat to a contested area.
#[test]
fn case_6_h_6() {
    let mut c = Case::movement();
    c.order("Austria", "A BUD S A TRI - VIE");
    c.order("Austria", "A TRI - VIE");
    c.order("Germany", "A MUN - BOH");
    c.order("Germany", "A SIL - BOH");
    c.order("Italy", "A VIE H");
    c.resolve();
    c.assert_dislodged("Italy", "A VIE");
    c.assert_retreats("VIE", &["GAL", "TYR"]);
    c.order("Italy", "A VIE R BOH");
    c.assert_illegal("Italy", "A VIE R BOH");
}

/// 6.H.7 Multiple retreat to same area will disband units.
#[test]
fn case_6_h_7() {
    let mut c = Case::movement();
    c.order("Austria", "A BUD S A TRI - VIE");
    c.order("Austria", "A TRI - VIE");
    c.order("Germany", "A MUN S A SIL - BOH");
    c.order("Germany", "A SIL - BOH");
    c.order("Italy", "A VIE H");
    c.order("Italy", "A BOH H");
    c.resolve();
    c.order("Italy", "A BOH R TYR");
    c.order("Italy", "A VIE R TYR");
    c.resolve();
    c.assert_fails("Italy", "A BOH R TYR");
    c.assert_fails("Italy", "A VIE R TYR");
    c.assert_no_unit("TYR");
    c.assert_unit_count("Italy", 0);
}

/// 6.H.8 Triple retreat to same area will disband units.
#[test]
fn case_6_h_8() {
    let mut c = Case::movement();
    c.order("England", "A LVP - EDI");
    c.order("England", "F YOR S A LVP - EDI");
    c.order("England", "F NWY H");
    c.order("Germany", "A KIE S A RUH - HOL");
    c.order("Germany", "A RUH - HOL");
    c.order("Russia", "F EDI H");
    c.order("Russia", "A SWE S A FIN - NWY");
    c.order("Russia", "A FIN - NWY");
    c.order("Russia", "F HOL H");
    c.resolve();
    c.order("England", "F NWY R NTH");
    c.order("Russia", "F EDI R NTH");
    c.order("Russia", "F HOL R NTH");
    c.resolve();
    c.assert_fails("England", "F NWY R NTH");
    c.assert_fails("Russia", "F EDI R NTH");
    c.assert_fails("Russia", "F HOL R NTH");
    c.assert_no_unit("NTH");
}

/// 6.H.9 Dislodged unit will not make attackers area contested.
#[test]
fn case_6_h_9() {
    let mut c = Case::movement();
    c.order("England", "F HEL - KIE");
    c.order("England", "F DEN S F HEL - KIE");
    c.order("Germany", "A BER - PRU");
    c.order("Germany", "F KIE H");
    c.order("Germany", "A SIL S A BER - PRU");
    c.order("Russia", "A PRU - BER");
    c.resolve();
    c.assert_dislodged("Germany", "F KIE");
    c.assert_dislodged("Russia", "A PRU");
    c.order("Germany", "F KIE R BER");
    c.resolve();
    c.assert_succeeds("Germany", "F KIE R BER");
    c.assert_unit("Germany", "F BER");
}

/// 6.H.10 Not retreating to attacker does not mean contested.
#[test]
fn case_6_h_10() {
    let mut c = Case::movement();
    c.order("England", "A KIE H");
    c.order("Germany", "A BER - KIE");
    c.order("Germany", "A MUN S A BER - KIE");
    c.order("Germany", "A PRU H");
    c.order("Russia", "A WAR - PRU");
    c.order("Russia", "A SIL S A WAR - PRU");
    c.resolve();
    c.assert_dislodged("England", "A KIE");
    c.assert_dislodged("Germany", "A PRU");
    c.order("England", "A KIE R BER");
    c.order("Germany", "A PRU R BER");
    c.resolve();
    c.assert_illegal("England", "A KIE R BER");
    c.assert_succeeds("Germany", "A PRU R BER");
    c.assert_unit("Germany", "A BER");
    c.assert_unit("Germany", "A KIE");
    c.assert_unit_count("England", 0);
}

/// 6.H.11 Retreat when dislodged by adjacent convoy: the 2023 rules let Marseilles retreat to
/// Gascony (DATC 4.A.5).
#[test]
fn case_6_h_11() {
    let mut c = Case::movement();
    c.unit("France", "F MAO");
    c.unit("France", "F WES");
    c.unit("France", "F LYO");
    c.order("France", "A GAS - MAR VIA CONVOY");
    c.order("France", "A BUR S A GAS - MAR");
    c.order("France", "F MAO C A GAS - MAR");
    c.order("France", "F WES C A GAS - MAR");
    c.order("France", "F LYO C A GAS - MAR");
    c.order("Italy", "A MAR H");
    c.resolve();
    c.assert_succeeds("France", "A GAS - MAR VIA CONVOY");
    c.assert_dislodged("Italy", "A MAR");
    c.order("Italy", "A MAR R GAS");
    c.resolve();
    c.assert_succeeds("Italy", "A MAR R GAS");
    c.assert_unit("Italy", "A GAS");
}

/// 6.H.12 Retreat when dislodged by adjacent convoy while trying to do the same.
#[test]
fn case_6_h_12() {
    let mut c = Case::movement();
    for fleet in ["F IRI", "F ENG", "F NTH"] {
        c.unit("England", fleet);
    }
    c.unit("Russia", "F NWG");
    c.unit("Russia", "F NAO");
    c.order("England", "A LVP - EDI VIA CONVOY");
    c.order("England", "F IRI C A LVP - EDI");
    c.order("England", "F ENG C A LVP - EDI");
    c.order("England", "F NTH C A LVP - EDI");
    c.order("France", "F BRE - ENG");
    c.order("France", "F MAO S F BRE - ENG");
    c.order("Russia", "A EDI - LVP VIA CONVOY");
    c.order("Russia", "F NWG C A EDI - LVP");
    c.order("Russia", "F NAO C A EDI - LVP");
    c.order("Russia", "A CLY S A EDI - LVP");
    c.resolve();
    c.assert_fails("England", "A LVP - EDI VIA CONVOY");
    c.assert_succeeds("Russia", "A EDI - LVP VIA CONVOY");
    c.assert_dislodged("England", "A LVP");
    c.assert_dislodged("England", "F ENG");
    c.order("England", "A LVP R EDI");
    c.resolve();
    c.assert_succeeds("England", "A LVP R EDI");
    c.assert_unit("England", "A EDI");
}

/// 6.H.13 No retreat with convoy in movement phase.
#[test]
fn case_6_h_13() {
    let mut c = Case::movement();
    c.order("England", "A PIC H");
    c.order("England", "F ENG C A PIC - LON");
    c.order("France", "A PAR - PIC");
    c.order("France", "A BRE S A PAR - PIC");
    c.resolve();
    c.assert_dislodged("England", "A PIC");
    c.assert_retreats("PIC", &["BEL", "BUR"]);
    c.order("England", "A PIC R LON");
    c.assert_illegal("England", "A PIC R LON");
}

/// 6.H.14 No retreat with support in movement phase.
#[test]
fn case_6_h_14() {
    let mut c = Case::movement();
    c.order("England", "A PIC H");
    c.order("England", "F ENG S A PIC - BEL");
    c.order("France", "A PAR - PIC");
    c.order("France", "A BRE S A PAR - PIC");
    c.order("France", "A BUR H");
    c.order("Germany", "A MUN S A MAR - BUR");
    c.order("Germany", "A MAR - BUR");
    c.resolve();
    c.assert_dislodged("England", "A PIC");
    c.assert_dislodged("France", "A BUR");
    c.order("England", "A PIC R BEL");
    c.order("France", "A BUR R BEL");
    c.resolve();
    c.assert_fails("England", "A PIC R BEL");
    c.assert_fails("France", "A BUR R BEL");
    c.assert_no_unit("BEL");
}

/// 6.H.15 No coastal crawl in retreat.
#[test]
fn case_6_h_15() {
    let mut c = Case::movement();
    c.order("England", "F POR H");
    c.order("France", "F SPA/SC - POR");
    c.order("France", "F MAO S F SPA/SC - POR");
    c.resolve();
    c.assert_dislodged("England", "F POR");
    c.assert_retreats("POR", &[]);
}

/// 6.H.16 Contested for both coasts.
#[test]
fn case_6_h_16() {
    let mut c = Case::movement();
    c.order("France", "F MAO - SPA/NC");
    c.order("France", "F GAS - SPA/NC");
    c.order("France", "F WES H");
    c.order("Italy", "F TUN S F TYS - WES");
    c.order("Italy", "F TYS - WES");
    c.resolve();
    c.assert_dislodged("France", "F WES");
    c.assert_retreats("WES", &["LYO", "NAF"]);
    c.order("France", "F WES R SPA/SC");
    c.assert_illegal("France", "F WES R SPA/SC");
}
