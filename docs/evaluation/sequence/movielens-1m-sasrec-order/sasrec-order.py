#!/usr/bin/env python3
"""MovieLens-1M in SASRec's order, from the staged data and gSASRec's published split.

The staged ml-1m_user_item_sequence.tsv.gz (DiffuRec's copy) holds every interaction, but
ratings that share a second-level timestamp are in another order than in SASRec's ml-1m.txt,
the file behind the published SASRec, BERT4Rec and SASRec+ figures; that file itself could not
be obtained (shared/datasets/README.md). asash/gSASRec-pytorch publishes SASRec's order split
into pieces that could be: datasets/ml1m/train/input.txt (each user's items but the last two,
or the last three for its validation users), val/input.txt and val/output.txt (those users'
items but the last two, and their second-to-last item), test/output.txt (each user's last
item), in SASRec ids, which asash/ml1m-sas-mapping maps back to MovieLens ids. The one item
these leave out for the other users, the second-to-last, is the user's only item in the staged
data that is in none of them.

Writes the staged file's format (user_id movie_id seq_idx split, original ids), items with
fewer than 5 interactions already dropped (SASRec's 3,416), and checks that every user's items
are the staged ones.

usage: sasrec-order.py STAGED_TSV_GZ GSASREC_ML1M_DIR MAPPING_DIR OUT_TSV_GZ
"""
import collections
import gzip
import sys


def lines(path):
    with open(path) as f:
        return [line.split() for line in f if line.strip()]


def main(staged, gsasrec, mapping, out):
    items = {int(s): o for s, o in (l for l in lines(f"{mapping}/sas_to_original_items.txt"))}
    users = {int(s): o for s, o in (l for l in lines(f"{mapping}/sas_to_original_users.txt"))}
    train = lines(f"{gsasrec}/train/input.txt")
    val_in = lines(f"{gsasrec}/val/input.txt")
    val_out = [l[0] for l in lines(f"{gsasrec}/val/output.txt")]
    test_out = [l[0] for l in lines(f"{gsasrec}/test/output.txt")]
    assert len(train) == len(test_out) == len(users) == 6040, "expected 6,040 users"

    by_user = collections.defaultdict(list)
    with gzip.open(staged, "rt") as f:
        next(f)
        for line in f:
            user, movie, _, _ = line.rstrip("\n").split("\t")
            by_user[user].append(movie)
    counts = collections.Counter(m for seq in by_user.values() for m in seq)
    kept = {m for m, c in counts.items() if c >= 5}
    assert kept == set(items.values()), "the 5-core items differ from SASRec's"

    v = 0
    rows = 0
    with gzip.open(out, "wt") as o:
        o.write("user_id\tmovie_id\tseq_idx\tsplit\n")
        for sas_user in range(1, 6041):
            user = users[sas_user]
            head = [items[int(i)] for i in train[sas_user - 1]]
            last = items[int(test_out[sas_user - 1])]
            if v < len(val_in) and [items[int(i)] for i in val_in[v][:-1]] == head:
                sequence = [items[int(i)] for i in val_in[v]] + [items[int(val_out[v])], last]
                v += 1
            else:
                staged_items = collections.Counter(m for m in by_user[user] if m in kept)
                missing = staged_items - collections.Counter(head + [last])
                assert sum(missing.values()) == 1, f"user {user}: {dict(missing)} left over"
                sequence = head + list(missing) + [last]
            assert collections.Counter(sequence) == collections.Counter(
                m for m in by_user[user] if m in kept
            ), f"user {user}: items differ from the staged ones"
            n = len(sequence)
            for k, movie in enumerate(sequence):
                split = "test" if k == n - 1 else "val" if k == n - 2 else "train"
                o.write(f"{user}\t{movie}\t{k}\t{split}\n")
            rows += n
    assert v == len(val_in), f"matched {v} of {len(val_in)} validation users"
    print(f"wrote {rows} interactions of 6040 users over {len(kept)} items to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
