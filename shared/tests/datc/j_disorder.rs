//! 6.J: civil disorder and disbands, by the 2023 rule: no unit on a supply centre unless there is
//! no other choice; the farthest from an owned centre, counting every border; fleets before
//! armies; then by the province's English name.

use crate::harness::Case;

/// A winter with only `state` adjusting: it owns `owns` and nothing else.
fn winter(state: &str, owns: &[&str]) -> Case {
    let mut c = Case::adjustment();
    let all: Vec<&str> = vec![
        "ANK", "BEL", "BER", "BRE", "BUD", "BUL", "CON", "DEN", "EDI", "GRE", "HOL", "KIE", "LON",
        "LVP", "MAR", "MOS", "MUN", "NAP", "NWY", "PAR", "POR", "ROM", "RUM", "SER", "SEV", "SMY",
        "SPA", "STP", "SWE", "TRI", "TUN", "VEN", "VIE", "WAR",
    ];
    c.unowned(&all);
    c.owns(state, owns);
    c
}

/// 6.J.1 Too many disband orders: the first legal ones are used (DATC 4.D.6).
#[test]
fn case_6_j_1() {
    let mut c = winter("France", &["PAR"]);
    c.unit("France", "A PAR");
    c.unit("France", "A PIC");
    c.order("France", "REMOVE F LYO");
    c.order("France", "REMOVE A PIC");
    c.order("France", "REMOVE A PAR");
    c.resolve();
    c.assert_illegal("France", "REMOVE F LYO");
    c.assert_succeeds("France", "REMOVE A PIC");
    c.assert_fails("France", "REMOVE A PAR");
    c.assert_unit("France", "A PAR");
    c.assert_no_unit("PIC");
}

/// 6.J.2 Removing the same unit twice: the army in Paris goes, and one more by the civil
/// disorder rules.
#[test]
fn case_6_j_2() {
    let mut c = winter("France", &["PAR"]);
    c.unit("France", "A PAR");
    c.unit("France", "A PIC");
    c.unit("France", "A BUR");
    c.order("France", "REMOVE A PAR");
    c.order("France", "REMOVE A PAR");
    c.resolve();
    c.assert_no_unit("PAR");
    c.assert_unit_count("France", 1);
    // Burgundy and Picardy are equally near Paris; Burgundy comes first alphabetically.
    c.assert_unit("France", "A PIC");
}

/// 6.J.3 Civil disorder: two armies with different distance.
#[test]
fn case_6_j_3() {
    let mut c = winter("Russia", &["STP"]);
    c.unit("Russia", "A LVN");
    c.unit("Russia", "A PRU");
    c.resolve();
    c.assert_no_unit("PRU");
    c.assert_unit("Russia", "A LVN");
}

/// 6.J.4 Civil disorder: two armies with equal distance.
#[test]
fn case_6_j_4() {
    let mut c = winter("Russia", &["MOS"]);
    c.unit("Russia", "A LVN");
    c.unit("Russia", "A UKR");
    c.resolve();
    c.assert_no_unit("LVN");
    c.assert_unit("Russia", "A UKR");
}

/// 6.J.5 Civil disorder: two fleets with different distance.
#[test]
fn case_6_j_5() {
    let mut c = winter("Russia", &["STP"]);
    c.unit("Russia", "F SKA");
    c.unit("Russia", "F NAO");
    c.resolve();
    c.assert_no_unit("NAO");
    c.assert_unit("Russia", "F SKA");
}

/// 6.J.6 Civil disorder: two fleets with equal distance.
#[test]
fn case_6_j_6() {
    let mut c = winter("Russia", &["MUN"]);
    c.unit("Russia", "F BOT");
    c.unit("Russia", "F NTH");
    c.resolve();
    c.assert_no_unit("BOT");
    c.assert_unit("Russia", "F NTH");
}

/// 6.J.7 Civil disorder: two fleets and an army with equal distance.
#[test]
fn case_6_j_7() {
    let mut c = winter("Russia", &["STP", "WAR"]);
    c.unit("Russia", "A BOH");
    c.unit("Russia", "F SKA");
    c.unit("Russia", "F NTH");
    c.resolve();
    c.assert_no_unit("NTH");
    c.assert_unit("Russia", "F SKA");
    c.assert_unit("Russia", "A BOH");
}

/// 6.J.8 Civil disorder: a fleet with shorter distance than the army.
#[test]
fn case_6_j_8() {
    let mut c = winter("Russia", &["WAR"]);
    c.unit("Russia", "A TYR");
    c.unit("Russia", "F BAL");
    c.resolve();
    c.assert_no_unit("TYR");
    c.assert_unit("Russia", "F BAL");
}

/// 6.J.9 Civil disorder must be counted from both coasts (both variants of the case).
#[test]
fn case_6_j_9() {
    for fleet in ["F BAL", "F SKA"] {
        let mut c = winter("Russia", &["STP", "SEV"]);
        c.unit("Russia", "A ALB");
        c.unit("Russia", "A SEV");
        c.unit("Russia", fleet);
        c.resolve();
        c.assert_no_unit("ALB");
        c.assert_unit("Russia", fleet);
        c.assert_unit("Russia", "A SEV");
    }
}

/// 6.J.10 Civil disorder counting convoying distance: Albania is two steps from Naples over
/// water, Piedmont farther.
#[test]
fn case_6_j_10() {
    let mut c = winter("Italy", &["NAP"]);
    c.unit("Italy", "A ALB");
    c.unit("Italy", "A PIE");
    c.resolve();
    c.assert_no_unit("PIE");
    c.assert_unit("Italy", "A ALB");
}

/// 6.J.11 Distance to owned supply center (not home centre).
#[test]
fn case_6_j_11() {
    let mut c = winter("Italy", &["WAR"]);
    c.unit("Italy", "A WAR");
    c.unit("Italy", "A TUS");
    c.resolve();
    c.assert_no_unit("TUS");
    c.assert_unit("Italy", "A WAR");
}
