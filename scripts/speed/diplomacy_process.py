"""The Python half of side_by_side.sh: the `diplomacy` package's engine on Entente's phases.

Reads the phases the Rust bench wrote (one JSON object a line: phase, units, centers, orders,
and what Entente's adjudicator made of them), sets each one up on a fresh `diplomacy.Game`, and
times `process()` alone (the thread's CPU time, as the Rust side's, so that other work on a
loaded machine counts on neither side). Prints the best of several passes as `rate process PHASES_PER_SECOND`,
and how many phases ended with the same units in the same places (dislodged ones apart) as in
Entente, so that both engines are seen to work on the same phases.
"""

import argparse
import json
import time

from diplomacy import Game


def setup(phase):
    game = Game()
    game.clear_units()
    game.clear_centers()
    for power, units in phase["units"].items():
        game.set_units(power, units, reset=True)
    for power, centers in phase["centers"].items():
        game.set_centers(power, centers, reset=True)
    game.set_current_phase(phase["phase"])
    for power, orders in phase["orders"].items():
        # Entente writes `VIA CONVOY`; the diplomacy package reads `VIA`.
        game.set_orders(power, [o.replace(" VIA CONVOY", " VIA") for o in orders])
    return game


def outcome(game):
    """Units in place and dislodged units, as sorted lists by power."""
    placed, dislodged = {}, {}
    for power, units in game.get_units().items():
        placed[power] = sorted(u for u in units if not u.startswith("*"))
        dislodged[power] = sorted(u[1:] for u in units if u.startswith("*"))
    return placed, dislodged


def expected(phase):
    placed = {p: sorted(u) for p, u in phase["after"].items()}
    dislodged = {p: sorted(u) for p, u in phase["dislodged"].items()}
    return placed, dislodged


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("phases", help="the JSON-lines file the Rust bench wrote")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    with open(args.phases) as f:
        phases = [json.loads(line) for line in f if line.strip()]

    best = float("inf")
    same = 0
    differing = []
    for k in range(args.passes):
        spent = 0.0
        for phase in phases:
            game = setup(phase)
            start = time.thread_time()
            game.process()
            spent += time.thread_time() - start
            if k == 0:
                if outcome(game) == expected(phase):
                    same += 1
                elif len(differing) < 3:
                    differing.append((phase, outcome(game)))
        best = min(best, spent)
    print(f"{len(phases)} phases; the same result as Entente in {same}")
    for phase, (placed, dislodged) in differing:
        print(f"  differs: {phase['phase']} orders {json.dumps(phase['orders'])}")
        print(f"    diplomacy: units {json.dumps(placed)} dislodged {json.dumps(dislodged)}")
        print(f"    entente:   units {json.dumps(phase['after'])} dislodged {json.dumps(phase['dislodged'])}")
    print(f"rate process {len(phases) / best:.0f}")


if __name__ == "__main__":
    main()
