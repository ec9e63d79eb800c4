#!/usr/bin/env python3
"""Markdown table of UpdaterStepBenchmark (+ ProposedAlraoBenchmark) results from JMH JSON result files.

usage: python3 bench/summarize.py RUN1.json [RUN2.json ...]

One row per configuration; with several files every cell lists the runs in order, separated by " / ".
Columns: the JMH score (mean over measurement iterations, us/op) of the built-in step, the Alrao step
(alrao-core) and, when present, the proposed Alrao step (ProposedAlraoBenchmark, fix=all), each Alrao score
also as a ratio to the built-in one; "min ratio" is the ratio of the fastest measurement iterations, which is
less sensitive to other processes sharing the cores.
"""
import json
import math
import sys

ORDER = {"dense": 0, "conv": 1, "1M": 0, "10M": 1, "sgd": 0, "adam": 1}
NAN = (math.nan, math.nan)


def load(path):
    rows = {}
    for r in json.load(open(path)):
        arm = r["benchmark"].rsplit(".", 1)[-1]
        p = r.get("params", {})
        if p.get("fix", "all") != "all":
            arm += "(" + p["fix"] + ")"
        key = (p["layout"], p["size"], p["optimizer"])
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        rows.setdefault(key, {})[arm] = (r["primaryMetric"]["score"], min(raw))
    return rows


def cells(runs, key, arm):
    """(scores, ratios, min-ratios) over runs, each a ' / '-joined string."""
    scores, ratios, minratios = [], [], []
    for rows in runs:
        arms = rows.get(key, {})
        b, bmin = arms.get("builtin", NAN)
        a, amin = arms.get(arm, NAN)
        scores.append("%.0f" % a)
        ratios.append("%.2f" % (a / b))
        minratios.append("%.2f" % (amin / bmin))
    return " / ".join(scores), " / ".join(ratios), " / ".join(minratios)


def main(paths):
    runs = [load(p) for p in paths]
    keys = sorted({k for rows in runs for k in rows}, key=lambda k: tuple(ORDER[x] for x in k))
    proposed = any("alraoProposed" in arms for rows in runs for arms in rows.values())
    head = "| layout | size | optimizer | built-in us/op | Alrao us/op | ratio | min ratio |"
    sep = "|---|---|---|---:|---:|---:|---:|"
    if proposed:
        head += " proposed us/op | ratio | min ratio |"
        sep += "---:|---:|---:|"
    print(head)
    print(sep)
    for key in keys:
        builtin = " / ".join("%.0f" % rows.get(key, {}).get("builtin", NAN)[0] for rows in runs)
        line = "| %s | %s | %s | %s | %s | %s | %s |" % (key + (builtin,) + cells(runs, key, "alrao"))
        if proposed:
            line += " %s | %s | %s |" % cells(runs, key, "alraoProposed")
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
