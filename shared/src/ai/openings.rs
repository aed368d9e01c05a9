//! Known openings of the classic game, chosen by weight and the game's random draw, so that
//! games do not all begin alike. Used only in the first spring of the classic scenario, and only
//! when every order is legal, one a unit, and none enters a partner's province or a province a
//! partner planned earlier moves to.

use rand::Rng;

use super::OrderChoice;
use super::planner::Ctx;
use crate::rules::legality::check_movement;
use crate::rules::{Order, Phase, PhaseKind, Season};

pub(crate) struct Opening {
    pub name: &'static str,
    pub weight: u32,
    pub orders: &'static [&'static str],
}

const fn o(name: &'static str, weight: u32, orders: &'static [&'static str]) -> Opening {
    Opening {
        name,
        weight,
        orders,
    }
}

/// The book, by state code.
pub(crate) const BOOK: &[(&str, &[Opening])] = &[
    (
        "AUSTRIA",
        &[
            o(
                "Balkan Gambit",
                4,
                &["F TRI - ALB", "A VIE - GAL", "A BUD - SER"],
            ),
            o(
                "Southern Hungarian",
                1,
                &["F TRI - ALB", "A VIE - BUD", "A BUD - SER"],
            ),
            o(
                "Hedgehog",
                1,
                &["F TRI - ALB", "A VIE - TRI", "A BUD - SER"],
            ),
            o("Galician", 4, &["F TRI H", "A VIE - GAL", "A BUD - SER"]),
            o(
                "Tyrolean Attack",
                3,
                &["F TRI - VEN", "A VIE - TYR", "A BUD - SER"],
            ),
        ],
    ),
    (
        "ENGLAND",
        &[
            o(
                "Northern",
                4,
                &["F LON - NTH", "F EDI - NWG", "A LVP - YOR"],
            ),
            o(
                "Churchill",
                3,
                &["F LON - ENG", "F EDI - NTH", "A LVP - YOR"],
            ),
            o("Welsh", 2, &["F LON - ENG", "F EDI - NTH", "A LVP - WAL"]),
            o(
                "Edinburgh",
                2,
                &["F LON - NTH", "F EDI - NWG", "A LVP - EDI"],
            ),
        ],
    ),
    (
        "FRANCE",
        &[
            o("Maginot", 4, &["F BRE - MAO", "A PAR - BUR", "A MAR - SPA"]),
            o("Picardy", 2, &["F BRE - MAO", "A PAR - PIC", "A MAR - SPA"]),
            o("English", 2, &["F BRE - ENG", "A PAR - BUR", "A MAR - SPA"]),
            o("Gascony", 2, &["F BRE - MAO", "A PAR - GAS", "A MAR - BUR"]),
            o(
                "Burgundy Support",
                1,
                &["F BRE - MAO", "A PAR - BUR", "A MAR S A PAR - BUR"],
            ),
        ],
    ),
    (
        "GERMANY",
        &[
            o("Danish", 6, &["F KIE - DEN", "A BER - KIE", "A MUN - RUH"]),
            o("Dutch", 2, &["F KIE - HOL", "A BER - KIE", "A MUN - RUH"]),
            o(
                "Burgundy",
                1,
                &["F KIE - DEN", "A BER - KIE", "A MUN - BUR"],
            ),
            o(
                "Silesian",
                1,
                &["F KIE - DEN", "A BER - KIE", "A MUN - SIL"],
            ),
        ],
    ),
    (
        "ITALY",
        &[
            o("Lepanto", 4, &["F NAP - ION", "A ROM - APU", "A VEN H"]),
            o("Tyrolia", 2, &["F NAP - ION", "A ROM - VEN", "A VEN - TYR"]),
            o(
                "Piedmont",
                1,
                &["F NAP - ION", "A ROM - APU", "A VEN - PIE"],
            ),
            o(
                "Tyrrhenian",
                3,
                &["F NAP - TYS", "A ROM - APU", "A VEN - PIE"],
            ),
            o("Trieste", 1, &["F NAP - ION", "A ROM - VEN", "A VEN - TRI"]),
        ],
    ),
    (
        "RUSSIA",
        &[
            o(
                "Southern",
                4,
                &[
                    "F SEV - BLA",
                    "A MOS - UKR",
                    "A WAR - GAL",
                    "F STP/SC - BOT",
                ],
            ),
            o(
                "Rumanian",
                2,
                &[
                    "F SEV - RUM",
                    "A MOS - UKR",
                    "A WAR - GAL",
                    "F STP/SC - BOT",
                ],
            ),
            o(
                "Sevastopol",
                2,
                &[
                    "F SEV - BLA",
                    "A MOS - SEV",
                    "A WAR - UKR",
                    "F STP/SC - BOT",
                ],
            ),
            o(
                "Northern",
                2,
                &[
                    "F SEV - BLA",
                    "A MOS - STP",
                    "A WAR - GAL",
                    "F STP/SC - BOT",
                ],
            ),
            o(
                "Livonian",
                1,
                &[
                    "F SEV - RUM",
                    "A MOS - UKR",
                    "A WAR - LVN",
                    "F STP/SC - BOT",
                ],
            ),
        ],
    ),
    (
        "TURKEY",
        &[
            o(
                "Byzantine",
                4,
                &["F ANK - BLA", "A CON - BUL", "A SMY - ARM"],
            ),
            o(
                "Hedgehog",
                3,
                &["F ANK - BLA", "A CON - BUL", "A SMY - CON"],
            ),
            o(
                "Bosphorus",
                2,
                &["F ANK - CON", "A CON - BUL", "A SMY - ARM"],
            ),
            o(
                "Armenian",
                1,
                &["F ANK - BLA", "A CON - BUL", "A SMY - SYR"],
            ),
        ],
    ),
];

/// The book's openings of a state that can be played now, as orders.
pub(crate) fn playable(ctx: &Ctx) -> Vec<(&'static Opening, Vec<Order>)> {
    let b = ctx.b;
    let scenario = b.scenario;
    let start = Phase::new(scenario.start_year, Season::Spring, PhaseKind::Movement);
    if scenario.id != "classic" || b.game.phase() != start {
        return Vec::new();
    }
    let code = scenario.state(ctx.me).code.as_str();
    let Some((_, book)) = BOOK.iter().find(|(c, _)| *c == code) else {
        return Vec::new();
    };
    let units = b.position.unit_count(ctx.me);
    let mut out = Vec::new();
    'book: for opening in book.iter() {
        if opening.orders.len() != units {
            continue;
        }
        let mut orders = Vec::new();
        for text in opening.orders {
            let Ok(order) = scenario.parse_order(text) else {
                continue 'book;
            };
            if check_movement(scenario, b.position, ctx.me, &order).is_err() {
                continue 'book;
            }
            let unit = order.unit().map(|u| u.place.province);
            if orders
                .iter()
                .any(|o: &Order| o.unit().map(|u| u.place.province) == unit)
            {
                continue 'book;
            }
            let into = match order {
                Order::Move { to, .. } => Some(to.province),
                Order::SupportMove { to, .. } => Some(to.province),
                _ => None,
            };
            if into.is_some_and(|p| ctx.forbidden[p.index()] || ctx.partners_own[p.index()]) {
                continue 'book;
            }
            orders.push(order);
        }
        out.push((opening, orders));
    }
    out
}

/// An opening from the book, drawn by weight, with its orders and reasons.
pub(crate) fn opening(ctx: &Ctx, rng: &mut impl Rng) -> Option<Vec<OrderChoice>> {
    let mut playable = playable(ctx);
    // Tuning runs may play one opening of the book only (`K_OPEN_<STATE>` = its place, from 1).
    let code = &ctx.b.scenario.state(ctx.me).code;
    let only = if playable.is_empty() {
        0
    } else {
        super::knob(&format!("OPEN_{code}"), 0.0) as usize
    };
    if only > 0 {
        playable.retain(|(o, _)| {
            BOOK.iter()
                .find(|(c, _)| c == code)
                .and_then(|(_, book)| book.get(only - 1))
                .is_some_and(|x| x.name == o.name)
        });
    }
    let total: u32 = playable.iter().map(|(o, _)| o.weight).sum();
    if total == 0 {
        return None;
    }
    let mut draw = rng.random_range(0..total);
    let (opening, orders) = playable
        .into_iter()
        .find(|(o, _)| {
            if draw < o.weight {
                true
            } else {
                draw -= o.weight;
                false
            }
        })
        .expect("a draw below the total weight");
    let map = &ctx.b.scenario.map;
    Some(
        orders
            .into_iter()
            .map(|order| {
                let what = match order {
                    Order::Move { to, .. } => format!("to {}", map.province(to.province).name),
                    Order::SupportMove { to, .. } => {
                        format!("supporting the move to {}", map.province(to.province).name)
                    }
                    _ => "holding".to_string(),
                };
                OrderChoice {
                    order,
                    reason: format!("opens with the {} opening: {what}", opening.name),
                }
            })
            .collect(),
    )
}
