//! 6.I: building.

use crate::harness::Case;

/// 6.I.1 Too many build orders: the first legal builds are used (DATC 4.D.4). Germany owns its
/// three home centres and has two units, so it may build one.
#[test]
fn case_6_i_1() {
    let mut c = Case::adjustment();
    c.unit("Germany", "A RUH");
    c.unit("Germany", "F HEL");
    c.order("Germany", "BUILD A WAR");
    c.order("Germany", "BUILD A KIE");
    c.order("Germany", "BUILD A MUN");
    c.resolve();
    c.assert_fails("Germany", "BUILD A WAR");
    c.assert_succeeds("Germany", "BUILD A KIE");
    c.assert_fails("Germany", "BUILD A MUN");
    c.assert_unit("Germany", "A KIE");
    c.assert_no_unit("MUN");
    c.assert_unit_count("Germany", 3);
}

/// 6.I.2 Fleets cannot be built in land areas. Russia owns four centres, has three units.
#[test]
fn case_6_i_2() {
    let mut c = Case::adjustment();
    c.unit("Russia", "A UKR");
    c.unit("Russia", "A LVN");
    c.unit("Russia", "F BLA");
    c.order("Russia", "BUILD F MOS");
    c.resolve();
    c.assert_illegal("Russia", "BUILD F MOS");
    c.assert_no_unit("MOS");
}

/// 6.I.3 Supply center must be empty for building.
#[test]
fn case_6_i_3() {
    let mut c = Case::adjustment();
    c.owns("Germany", &["HOL"]);
    c.unit("Germany", "A BER");
    c.unit("Germany", "A RUH");
    c.unit("Germany", "F HEL");
    c.order("Germany", "BUILD A BER");
    c.resolve();
    c.assert_illegal("Germany", "BUILD A BER");
    c.assert_unit_count("Germany", 3);
}

/// 6.I.4 Both coasts must be empty for building.
#[test]
fn case_6_i_4() {
    let mut c = Case::adjustment();
    c.unit("Russia", "F STP/SC");
    c.unit("Russia", "A UKR");
    c.order("Russia", "BUILD A STP/NC");
    c.resolve();
    c.assert_illegal("Russia", "BUILD A STP/NC");
    c.assert_unit("Russia", "F STP/SC");
    c.assert_unit_count("Russia", 2);
}

/// 6.I.5 Building in home supply center that is not owned: Russia took Berlin and left; Germany
/// owns enough centres elsewhere to build, but not Berlin.
#[test]
fn case_6_i_5() {
    let mut c = Case::adjustment();
    c.owns("Russia", &["BER"]);
    c.owns("Germany", &["HOL", "DEN"]);
    c.unit("Germany", "A RUH");
    c.unit("Germany", "F HEL");
    c.unit("Germany", "A SIL");
    c.order("Germany", "BUILD A BER");
    c.resolve();
    c.assert_illegal("Germany", "BUILD A BER");
    c.assert_no_unit("BER");
}

/// 6.I.6 Building in owned supply center that is not a home supply center.
#[test]
fn case_6_i_6() {
    let mut c = Case::adjustment();
    c.owns("Germany", &["WAR"]);
    c.unit("Germany", "A BER");
    c.unit("Germany", "F KIE");
    c.unit("Germany", "A MUN");
    c.order("Germany", "BUILD A WAR");
    c.resolve();
    c.assert_illegal("Germany", "BUILD A WAR");
    c.assert_no_unit("WAR");
}

/// 6.I.7 Only one build in a home supply center. Russia may build two and Moscow is empty.
#[test]
fn case_6_i_7() {
    let mut c = Case::adjustment();
    c.unit("Russia", "A UKR");
    c.unit("Russia", "A LVN");
    c.order("Russia", "BUILD A MOS");
    c.order("Russia", "BUILD A MOS");
    c.resolve();
    c.assert_unit("Russia", "A MOS");
    c.assert_unit_count("Russia", 3);
}
