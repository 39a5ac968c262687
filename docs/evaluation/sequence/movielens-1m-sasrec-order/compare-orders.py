#!/usr/bin/env python3
"""How far two MovieLens-1M sequence files (the staged format) agree on each user's order.

usage: compare-orders.py A.tsv.gz B.tsv.gz   (A's items are cut to B's, e.g. SASRec's 3,416)
Prints how many users have identical sequences, the same last and second-to-last item, and the
share of A's adjacent pairs (x directly followed by y) that B has too.
"""
import gzip, collections, sys
def load(p, kept=None):
    d = collections.defaultdict(list)
    with gzip.open(p, "rt") as f:
        next(f)
        for line in f:
            u, m, _, _ = line.rstrip("\n").split("\t")
            d[u].append(m)
    return d
a = load(sys.argv[1]); b = load(sys.argv[2])
kept = {m for s in b.values() for m in s}
a = {u: [m for m in s if m in kept] for u, s in a.items()}
same_last = sum(a[u][-1] == b[u][-1] for u in b)
same_2nd = sum(a[u][-2] == b[u][-2] for u in b)
pairs_a = sum(len(s) - 1 for s in a.values())
shared = 0
for u in b:
    pa = set(zip(a[u], a[u][1:])); pb = set(zip(b[u], b[u][1:]))
    shared += len(pa & pb)
identical = sum(a[u] == b[u] for u in b)
print(f"users {len(b)}; identical sequences {identical}; same last item {same_last} ({same_last/len(b):.3f}); same second-to-last {same_2nd} ({same_2nd/len(b):.3f})")
print(f"adjacent pairs (a followed directly by b) shared by both orders: {shared} of {pairs_a} ({shared/pairs_a:.3f})")
