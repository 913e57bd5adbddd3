#!/usr/bin/env python3
"""The lottery's draw, as published: anyone can run this file on the published data and get the same result.

Python 3.8 or later, standard library only:

    python3 algorithm.py published.json           # prints the result and whether it matches the published one

The published data (JSON) holds the seed, its commitment (SHA-256 of the seed, published before the window
closed), each class's seats and the anonymised applications, each with its token, its class and its tier.

The draw, for each class separately: order its applications by (tier, SHA-256 of "seed:token") — lower tier
first, then the hash as a hexadecimal string — place the first `seats` of them, and put the rest on the
waitlist in that order. The seed is unknown until the draw, so nobody could choose tokens to favour anyone;
the commitment shows the seed was fixed before the window closed.
"""

import hashlib
import json
import sys


def draw_key(seed: str, token: str) -> str:
    return hashlib.sha256(f"{seed}:{token}".encode()).hexdigest()


def draw(seed: str, seats: dict, applications: list) -> dict:
    """{class id: {"placed": [tokens], "waitlist": [tokens]}} for each class of `seats` ({id: seats})."""
    seats = {str(key): int(count) for key, count in seats.items()}
    by_class = {key: [] for key in seats}
    for application in applications:
        by_class[str(application["class"])].append(application)
    result = {}
    for key, entries in by_class.items():
        ordered = sorted(entries, key=lambda a: (a["tier"], draw_key(seed, a["token"])))
        tokens = [entry["token"] for entry in ordered]
        result[key] = {"placed": tokens[: seats[key]], "waitlist": tokens[seats[key] :]}
    return result


def verify(published: dict) -> tuple[bool, dict]:
    """Re-run the draw from `published`; (whether it matches the published result and commitment, result)."""
    seed = published["seed"]
    committed = hashlib.sha256(seed.encode()).hexdigest() == published["commitment"]
    result = draw(seed, published["seats"], published["applications"])
    return committed and result == published.get("result"), result


def main(argv: list) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python3 algorithm.py published.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as source:
        published = json.load(source)
    same, result = verify(published)
    placed = sum(len(r["placed"]) for r in result.values())
    waiting = sum(len(r["waitlist"]) for r in result.values())
    print(
        f"classes: {len(result)}, applications: {len(published['applications'])}, "
        f"placed: {placed}, waitlisted: {waiting}"
    )
    print(
        "commitment: "
        + (
            "matches the seed"
            if hashlib.sha256(published["seed"].encode()).hexdigest() == published["commitment"]
            else "DOES NOT match the seed"
        )
    )
    print("result: " + ("same as published" if same else "DIFFERENT from published"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
