use super::*;

fn row(state: &str, to_us: f32, to_them: f32) -> LensRow {
    LensRow {
        state: state.into(),
        threat_to_us: ThreatView {
            total: to_us,
            power: to_us / 2.0,
            proximity: to_us / 4.0,
            offence: to_us / 8.0,
            intentions: to_us / 8.0,
        },
        acts_against_us: vec![format!("{state} attacked us")],
        our_threat_to_them: ThreatView {
            total: to_them,
            ..ThreatView::default()
        },
        our_acts_against_them: vec![],
    }
}

fn darkness(c: [u8; 3]) -> u32 {
    765 - (c[0] as u32 + c[1] as u32 + c[2] as u32)
}

#[test]
fn the_ramp_darkens_with_threat() {
    let mut last = darkness(ramp(0.0));
    for i in 1..=20 {
        let d = darkness(ramp(i as f32 / 20.0));
        assert!(d >= last, "step {i}: {d} < {last}");
        last = d;
    }
    assert_eq!(ramp(0.0), LOW);
    assert_eq!(ramp(1.0), HIGH);
    assert_eq!(ramp(f32::NAN), LOW);
    assert_eq!(ramp(7.0), HIGH);
}

#[test]
fn lens_colours_order_states_by_threat_in_either_direction() {
    let rows = vec![
        row("GER", 0.9, 0.1),
        row("ITA", 0.3, 0.6),
        row("TUR", 0.0, 0.2),
    ];
    let c = colours(&rows, LensMode::ThreatToUs, "FRA");
    // The absolute scale: 0.9 is not the top of the ramp though it is the top threat.
    assert_eq!(c["GER"], ramp(0.9));
    assert_ne!(c["GER"], HIGH);
    assert!(darkness(c["GER"]) > darkness(c["ITA"]));
    assert!(darkness(c["ITA"]) > darkness(c["TUR"]));
    assert_eq!(c["FRA"], SELF_COLOUR);
    let c = colours(&rows, LensMode::OurThreatToThem, "FRA");
    assert_eq!(c["ITA"], ramp(0.6));
    assert!(darkness(c["TUR"]) > darkness(c["GER"]));
    assert_eq!(acts(&rows[0], LensMode::ThreatToUs), ["GER attacked us"]);
    assert_eq!(parts(&rows[0].threat_to_us)[0], ("power", 0.45));
}

#[test]
fn an_empty_or_zero_lens_is_pale_not_broken() {
    let rows = vec![row("GER", 0.0, 0.0)];
    assert_eq!(levels(&rows, LensMode::ThreatToUs)["GER"], 0.0);
    assert!(levels(&[], LensMode::ThreatToUs).is_empty());
    assert_eq!(legend(LensMode::ThreatToUs).len(), 6);
}

#[test]
fn the_scale_is_absolute_and_the_legend_carries_its_numbers() {
    // The same threat is the same colour whatever the others are.
    let alone = levels(&[row("GER", 0.4, 0.0)], LensMode::ThreatToUs);
    let with_more = levels(
        &[row("GER", 0.4, 0.0), row("RUS", 0.8, 0.0)],
        LensMode::ThreatToUs,
    );
    assert_eq!(alone["GER"], 0.4);
    assert_eq!(with_more["GER"], 0.4);
    assert_eq!(
        levels(&[row("GER", 1.7, 0.0)], LensMode::ThreatToUs)["GER"],
        1.0
    );
    assert_eq!(
        levels(&[row("GER", -0.2, 0.0)], LensMode::ThreatToUs)["GER"],
        0.0
    );
    let l = legend(LensMode::ThreatToUs);
    for (i, t) in LEGEND_STEPS.iter().enumerate() {
        assert!(l[i].0.starts_with(&format!("{t:.2}")), "{:?}", l[i]);
        assert_eq!(l[i].1, ramp(*t));
    }
}
