//! Colours that stay apart: the common colour-vision deficiencies simulated (Viénot, Brettel and
//! Mollon 1999: protanopia and deuteranopia as a projection in cone space that keeps white and
//! the blue primary), distances in CIELAB (ΔE 1976), and the drawing palette: each scenario
//! colour as given, nudged in lightness only where it would be mistaken for another state, the
//! sea, unowned land or the ground around the map under normal vision or either deficiency.

/// How a person sees colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vision {
    Normal,
    /// No long-wave (red) cones.
    Protanopia,
    /// No middle-wave (green) cones.
    Deuteranopia,
}

pub const VISIONS: [Vision; 3] = [Vision::Normal, Vision::Protanopia, Vision::Deuteranopia];

/// Least ΔE between two states' colours, under every vision.
pub const MIN_STATES: f32 = 12.0;
/// Least ΔE between a state's colour and the sea, unowned land or the ground around the map.
pub const MIN_GROUND: f32 = 15.0;

fn to_linear(c: u8) -> f32 {
    let v = c as f32 / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(v: f32) -> u8 {
    let v = v.clamp(0.0, 1.0);
    let s = if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    };
    (s * 255.0).round().clamp(0.0, 255.0) as u8
}

type M3 = [[f32; 3]; 3];

fn mul(m: &M3, v: [f32; 3]) -> [f32; 3] {
    [
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    ]
}

fn inverse(m: &M3) -> M3 {
    let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    let c = |r: usize, k: usize| {
        let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
        let (k1, k2) = ((k + 1) % 3, (k + 2) % 3);
        m[r1][k1] * m[r2][k2] - m[r1][k2] * m[r2][k1]
    };
    let mut out = [[0.0; 3]; 3];
    for (i, row) in out.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = c(j, i) / det;
        }
    }
    out
}

/// Linear RGB to LMS cone responses, as Viénot, Brettel and Mollon (1999) give it.
const RGB_TO_LMS: M3 = [
    [17.8824, 43.5161, 4.11935],
    [3.45565, 27.1554, 3.86714],
    [0.0299566, 0.184309, 1.46709],
];

/// The simulation in linear RGB: the missing cone's response rebuilt from the two others on the
/// plane through black, white and the blue primary (which such a viewer sees as others do).
pub fn simulation(vision: Vision) -> M3 {
    let lost = match vision {
        Vision::Normal => return [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        Vision::Protanopia => 0,
        Vision::Deuteranopia => 1,
    };
    let kept = if lost == 0 { 1 } else { 0 };
    let white = mul(&RGB_TO_LMS, [1.0, 1.0, 1.0]);
    let blue = mul(&RGB_TO_LMS, [0.0, 0.0, 1.0]);
    // lost = a * kept + b * S, true for white and blue.
    let det = white[kept] * blue[2] - white[2] * blue[kept];
    let a = (white[lost] * blue[2] - white[2] * blue[lost]) / det;
    let b = (white[kept] * blue[lost] - white[lost] * blue[kept]) / det;
    let mut project: M3 = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    project[lost] = [0.0; 3];
    project[lost][kept] = a;
    project[lost][2] = b;
    let back = inverse(&RGB_TO_LMS);
    let mut out = [[0.0; 3]; 3];
    for (i, row) in out.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            // back · project · RGB_TO_LMS
            *v = (0..3)
                .map(|k| {
                    back[i][k]
                        * (0..3)
                            .map(|l| project[k][l] * RGB_TO_LMS[l][j])
                            .sum::<f32>()
                })
                .sum();
        }
    }
    out
}

/// How `c` looks to a person with `vision`.
pub fn simulate(c: [u8; 3], vision: Vision) -> [u8; 3] {
    if vision == Vision::Normal {
        return c;
    }
    let lin = mul(&simulation(vision), c.map(to_linear));
    lin.map(to_srgb)
}

/// CIELAB (D65) of an sRGB colour.
pub fn lab(c: [u8; 3]) -> [f32; 3] {
    let [r, g, b] = c.map(to_linear);
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f32| {
        let d = 6.0f32 / 29.0;
        if t > d * d * d {
            t.cbrt()
        } else {
            t / (3.0 * d * d) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// sRGB of a CIELAB colour (clipped to the displayable).
pub fn from_lab(l: [f32; 3]) -> [u8; 3] {
    let fy = (l[0] + 16.0) / 116.0;
    let fx = fy + l[1] / 500.0;
    let fz = fy - l[2] / 200.0;
    let g = |t: f32| {
        let d = 6.0f32 / 29.0;
        if t > d {
            t * t * t
        } else {
            3.0 * d * d * (t - 4.0 / 29.0)
        }
    };
    let (x, y, z) = (g(fx) * 0.950_47, g(fy), g(fz) * 1.088_83);
    let r = 3.240_454_2 * x - 1.537_138_5 * y - 0.498_531_4 * z;
    let gr = -0.969_266 * x + 1.876_010_8 * y + 0.041_556 * z;
    let b = 0.055_643_4 * x - 0.204_025_9 * y + 1.057_225_2 * z;
    [to_srgb(r), to_srgb(gr), to_srgb(b)]
}

/// ΔE 1976: the distance in CIELAB.
pub fn delta_e(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (p, q) = (lab(a), lab(b));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// The least distance between two colours over the three visions.
pub fn least_distance(a: [u8; 3], b: [u8; 3]) -> f32 {
    VISIONS
        .iter()
        .map(|v| delta_e(simulate(a, *v), simulate(b, *v)))
        .fold(f32::MAX, f32::min)
}

/// Whether `c` stands apart from the states already placed and from the grounds.
fn apart(c: [u8; 3], placed: &[[u8; 3]], grounds: &[[u8; 3]]) -> bool {
    placed.iter().all(|p| least_distance(c, *p) >= MIN_STATES)
        && grounds.iter().all(|g| least_distance(c, *g) >= MIN_GROUND)
}

/// The colours the map draws the states in: each as the scenario gives it, unless it would be
/// mistaken (under normal vision, protanopia or deuteranopia) for a state before it or for one
/// of `grounds` (sea, unowned land, the ground around the map); then the nearest lightness
/// (then a little more or less colourful) that stands apart. A colour that nothing helps stays
/// as given.
pub fn drawing_palette(colours: &[[u8; 3]], grounds: &[[u8; 3]]) -> Vec<[u8; 3]> {
    let mut out: Vec<[u8; 3]> = Vec::with_capacity(colours.len());
    for &c in colours {
        if apart(c, &out, grounds) {
            out.push(c);
            continue;
        }
        let [l, a, b] = lab(c);
        // Candidates by how far they stray: lightness first, then colourfulness, then a step
        // along the blue-yellow axis (the one both deficiencies keep).
        let mut candidates: Vec<(f32, [f32; 3])> = Vec::new();
        for step in -12i32..=12 {
            for chroma in [1.0f32, 1.25, 0.75, 1.5, 0.5] {
                for db in [0.0f32, 20.0, -20.0, 40.0, -40.0] {
                    let dl = step as f32 * 4.0;
                    let cost = dl.abs() + 30.0 * (chroma - 1.0).abs() + 0.8 * db.abs();
                    let t = [(l + dl).clamp(5.0, 95.0), a * chroma, b * chroma + db];
                    candidates.push((cost, t));
                }
            }
        }
        candidates.sort_by(|x, y| x.0.total_cmp(&y.0));
        let found = candidates
            .into_iter()
            .map(|(_, t)| from_lab(t))
            .find(|c| apart(*c, &out, grounds));
        out.push(found.unwrap_or(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_hex;
    use entente_shared::scenario::Scenario;

    fn hex(c: [u8; 3]) -> String {
        format!("#{:02X}{:02X}{:02X}", c[0], c[1], c[2])
    }

    #[test]
    fn the_simulations_keep_white_and_blue_and_merge_red_with_green() {
        for v in [Vision::Protanopia, Vision::Deuteranopia] {
            for c in [[255, 255, 255], [0, 0, 255], [0, 0, 0], [128, 128, 128]] {
                let s = simulate(c, v);
                assert!(
                    c.iter().zip(s).all(|(x, y)| x.abs_diff(y) <= 2),
                    "{v:?} changes {c:?} to {s:?}"
                );
            }
            // Red and green lose what tells them apart: both come out with equal red and
            // green (only lightness and the blue-yellow axis are left).
            for c in [[255, 0, 0], [0, 255, 0], [200, 60, 40], [90, 140, 40]] {
                let s = simulate(c, v);
                assert!(s[0].abs_diff(s[1]) <= 4, "{v:?}: {c:?} seen as {s:?}");
            }
        }
        // Protanopia's matrix, as published for this method (first row about 0.11, 0.89, 0).
        let m = simulation(Vision::Protanopia);
        assert!(
            (m[0][0] - 0.112).abs() < 0.01 && (m[0][1] - 0.888).abs() < 0.01,
            "{m:?}"
        );
        let m = simulation(Vision::Deuteranopia);
        assert!(
            (m[0][0] - 0.293).abs() < 0.01 && (m[0][1] - 0.707).abs() < 0.01,
            "{m:?}"
        );
    }

    #[test]
    fn lab_round_trips() {
        for c in [
            [0, 0, 0],
            [255, 255, 255],
            [86, 180, 233],
            [136, 34, 85],
            [240, 228, 66],
        ] {
            let back = from_lab(lab(c));
            assert!(
                c.iter().zip(back).all(|(x, y)| x.abs_diff(y) <= 1),
                "{c:?} {back:?}"
            );
        }
    }

    /// Every bundled scenario's states, as given in its file and as drawn, stay apart from each
    /// other and from the sea, unowned land, impassable ground and the ground around the map,
    /// under normal vision, protanopia and deuteranopia; and the lens's palest colour stays
    /// apart from unowned land.
    #[test]
    fn every_bundled_palette_stays_distinct_under_protanopia_and_deuteranopia() {
        let grounds = crate::map::GROUNDS;
        let mut failures = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/scenarios");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert!(names.len() >= 3, "{names:?}");
        for name in &names {
            let s = Scenario::load(name).unwrap();
            let given: Vec<[u8; 3]> = s
                .states
                .iter()
                .map(|st| parse_hex(&st.colour).expect("a colour"))
                .collect();
            let drawn = drawing_palette(&given, &grounds);
            for (i, st) in s.states.iter().enumerate() {
                // The file's own colours must be good (the debrief draws them as given): none
                // needs nudging.
                if drawn[i] != given[i] {
                    failures.push(format!(
                        "{name}: {}'s colour {} in the file is too close to another or to the \
                         ground (drawn {} instead)",
                        st.name,
                        hex(given[i]),
                        hex(drawn[i])
                    ));
                }
                for g in grounds {
                    let d = least_distance(drawn[i], g);
                    if d < MIN_GROUND {
                        failures.push(format!("{name}: {} vs ground {}: {d:.1}", st.name, hex(g)));
                    }
                }
                for j in 0..i {
                    let d = least_distance(drawn[i], drawn[j]);
                    if d < MIN_STATES {
                        failures.push(format!(
                            "{name}: {} vs {}: {d:.1}",
                            st.name, s.states[j].name
                        ));
                    }
                }
            }
        }
        // The lens: its palest step and unowned land, its own-state colour and the ramp's end.
        let neutral = crate::map::NEUTRAL;
        let low = crate::lens::ramp(0.0);
        // Well apart: unowned land stays as it is under the lens, beside the palest states.
        if least_distance(low, neutral) < 25.0 {
            failures.push(format!(
                "lens low {} vs unowned land: {:.1}",
                hex(low),
                least_distance(low, neutral)
            ));
        }
        for t in [0.0, 0.5, 1.0] {
            let c = crate::lens::ramp(t);
            if least_distance(c, crate::lens::SELF_COLOUR) < MIN_GROUND {
                failures.push(format!("lens {t} vs us"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn close_colours_are_pulled_apart_and_good_ones_left_alone() {
        // The sea's blue and a state in nearly the same blue: the state moves.
        let sea = [158, 196, 228];
        let drawn = drawing_palette(&[[86, 180, 233], [150, 190, 230]], &[sea]);
        assert!(least_distance(drawn[1], sea) >= MIN_GROUND);
        assert!(least_distance(drawn[1], drawn[0]) >= MIN_STATES);
        let fine = [[213, 94, 0], [0, 114, 178]];
        assert_eq!(drawing_palette(&fine, &[[255, 255, 255]]), fine.to_vec());
    }
}
