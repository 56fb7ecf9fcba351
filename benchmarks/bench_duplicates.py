"""Near-duplicate detection: precision and recall of copy pairs on real articles with known copies.

    .venv/bin/python benchmarks/bench_duplicates.py [--copies 120] [--seed 7] [--threshold 0.8]

How the set is built (seeded, nothing is stored): the originals are the 150 BASIL articles (each
event reported by three outlets: Fox News, NYT, HuffPost, so every original has two *non-copies
on the same event*) and the PolNeAR dev+train texts (US politics 2015-16, 7 publishers, many
on the same campaign events).  ``--copies`` originals are picked at random and each gets one
copy of every kind below, dated 0-2 days after its original:

* ``furniture``  the same body with page furniture lines added above and below
                 ("Advertisement", share/newsletter lines, a related headline, a copyright line);
* ``dropped``    one sentence removed and two adjacent sentences swapped;
* ``edited``     10% of the words replaced by other words of the corpus, plus a new headline;
* ``shortened``  the first 70% of the paragraphs (a trimmed reprint) with a new sign-off line.

Gold: an original and its copies form one group; every other pair is a non-copy (including
the same-event articles of other outlets).  Scored over pairs (two articles put in the same
duplicate group); ``linked to original`` checks that each copy's edge points to its original.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(ROOT / "src"))

from newsweave.group.duplicates import find_duplicates  # noqa: E402
from newsweave.models import Article, Metadata  # noqa: E402

FURNITURE_TOP = ["Advertisement", "Share this article on Facebook Twitter Email", "Most Read"]
FURNITURE_BOTTOM = [
    "Sign up for our daily newsletter to get the news you need.",
    "Copyright 2016 The Associated Press. All rights reserved.",
    "Comments are closed.",
]
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def originals() -> list[tuple[str, str, str, str]]:
    """(source, published, outlet, text) of real articles from ../shared."""
    out = []
    basil = SHARED / "eval" / "basil" / "basil_docs.jsonl"
    for line in basil.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        out.append((f"basil#{r['id']}", r["published"], r["outlet"], r["text"]))
    for split in ("dev", "train"):
        for path in sorted((SHARED / "eval" / "polnear" / split / "text").glob("*.txt")):
            publisher, published = path.stem.split("_")[:2]
            out.append((f"polnear#{path.stem}", published, publisher, path.read_text("utf-8")))
    return out


def shift(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def furniture(text: str, rng: random.Random, vocab: list[str]) -> str:
    related = "Related: " + " ".join(rng.choice(vocab) for _ in range(7)).capitalize()
    top = rng.sample(FURNITURE_TOP, 2)
    return "\n\n".join([*top, text, related, *rng.sample(FURNITURE_BOTTOM, 2)])


def dropped(text: str, rng: random.Random, vocab: list[str]) -> str:
    sents = [s for p in text.split("\n") for s in SENTENCE.split(p) if s.strip()]
    if len(sents) > 3:
        del sents[rng.randrange(len(sents))]
        i = rng.randrange(len(sents) - 1)
        sents[i], sents[i + 1] = sents[i + 1], sents[i]
    return "\n\n".join(" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3))


def edited(text: str, rng: random.Random, vocab: list[str]) -> str:
    paras = []
    for p in text.split("\n"):
        words = p.split()
        for i in range(len(words)):
            if rng.random() < 0.10:
                words[i] = rng.choice(vocab)
        paras.append(" ".join(words))
    headline = " ".join(rng.choice(vocab) for _ in range(8)).title()
    return headline + "\n\n" + "\n".join(paras)


def shortened(text: str, rng: random.Random, vocab: list[str]) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    keep = max(1, round(len(paras) * 0.7))
    return "\n\n".join([*paras[:keep], "Reporting by staff; editing by the desk."])


KINDS = {"furniture": furniture, "dropped": dropped, "edited": edited, "shortened": shortened}


def build(n_copies: int, seed: int) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """Articles, gold group per article id, and kind per copy id."""
    rng = random.Random(seed)
    base = originals()
    vocab = sorted({w for _, _, _, t in base[:300] for w in t.split() if w.isalpha()})
    articles: list[Article] = []
    group: dict[str, str] = {}
    kind_of: dict[str, str] = {}
    for source, published, outlet, text in base:
        aid = f"a{len(articles) + 1}"
        articles.append(_article(aid, source, text, published, outlet))
        group[aid] = aid
    for orig in rng.sample(articles[: len(base)], n_copies):
        for kind, make in KINDS.items():
            aid = f"a{len(articles) + 1}"
            day = shift(orig.metadata.published or "2015-01-01", rng.randint(0, 2))
            text = make(orig.body, rng, vocab)
            articles.append(_article(aid, f"{orig.source}~{kind}", text, day, f"copier-{kind}"))
            group[aid] = orig.id
            kind_of[aid] = kind
    order = articles[: len(base)] + rng.sample(articles[len(base) :], len(articles) - len(base))
    return order, group, kind_of


def _article(aid: str, source: str, text: str, published: str, outlet: str) -> Article:
    paras = tuple(p.strip() for p in text.split("\n") if p.strip())
    return Article(aid, source, paras, Metadata(published=published, outlet=outlet))


def pairs(groups: dict[str, str]) -> set[frozenset[str]]:
    by: dict[str, list[str]] = {}
    for a, g in groups.items():
        by.setdefault(g, []).append(a)
    return {frozenset(p) for members in by.values() for p in combinations(sorted(members), 2)}


def reprints(n: int, seed: int) -> None:
    """One BASIL article reprinted ``n`` times, each with one word changed (a site's edit): every
    reprint shares every LSH bucket with all the others, the case that used to list n(n-1)/2
    candidate pairs (2,000 reprints: 318 s before the bucket cap, one group either way)."""
    rng = random.Random(seed)
    source, published, outlet, text = originals()[0]
    words = text.split(" ")
    arts = []
    for k in range(n):
        edited = list(words)
        edited[rng.randrange(len(edited))] = f"edited{k}"
        arts.append(_article(f"r{k}", f"{source}#r{k}", " ".join(edited), published, outlet))
    start = time.perf_counter()
    edges = find_duplicates(arts)
    elapsed = time.perf_counter() - start
    groups = len({e.target for e in edges})
    print(f"{n} reprints of one story: {len(edges)} copy links, {groups} group, {elapsed:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument(
        "--reprints",
        type=int,
        default=2000,
        help="also time one story reprinted this many times (0: skip)",
    )
    args = parser.parse_args()
    if not (SHARED / "eval" / "basil").exists():
        print(f"../shared not found at {SHARED}: this benchmark needs the shared eval data")
        return 2
    if args.reprints:
        reprints(args.reprints, args.seed)
    articles, gold, kind_of = build(args.copies, args.seed)
    start = time.perf_counter()
    edges = find_duplicates(articles, threshold=args.threshold)
    elapsed = time.perf_counter() - start
    pred = {a.id: a.id for a in articles}
    for e in edges:
        pred[e.source] = e.target
    gp, pp = pairs(gold), pairs(pred)
    # pairs of two originals are unlabelled: real reprints exist inside PolNeAR; list them apart
    among_originals = {p for p in pp - gp if not (p & kind_of.keys())}
    pp -= among_originals
    tp = len(gp & pp)
    n_orig = len(articles) - len(kind_of)
    print(f"articles {len(articles)} (originals {n_orig}, copies {len(kind_of)})")
    print(f"gold copy pairs {len(gp)}, predicted {len(pp)}, correct {tp}")
    print(f"pair precision {tp / len(pp) if pp else 0:.3f}  recall {tp / len(gp):.3f}")
    linked = sum(1 for e in edges if e.source in kind_of and gold[e.source] == e.target)
    print(f"copies linked to their original {linked}/{len(kind_of)}")
    for kind in KINDS:
        ids = [a for a, k in kind_of.items() if k == kind]
        found = sum(1 for a in ids if frozenset((a, gold[a])) in pp)
        print(f"  recall {kind:<10} {found / len(ids):.3f} ({found}/{len(ids)})")
    by_id = {a.id: a for a in articles}
    event = {a.id: a.source.split("#")[1].rsplit("_", 1)[0] for a in articles[:n_orig]}
    same_event = {
        frozenset(p)
        for p in combinations([a for a in event if by_id[a].source.startswith("basil#")], 2)
        if event[p[0]] == event[p[1]]
    }
    linked_same = len(same_event & (pp | among_originals))
    print(f"BASIL same-event articles of different outlets linked: {linked_same}/{len(same_event)}")
    for p in sorted(pp - gp, key=sorted)[:10]:
        a, b = sorted(p)
        print("  false pair:", by_id[a].source, by_id[b].source)
    print(f"pairs of two originals found (unlabelled, not scored): {len(among_originals)}")
    for p in sorted(among_originals, key=sorted):
        a, b = sorted(p)
        print(f"  {by_id[a].source}  ~  {by_id[b].source}")
    print(f"time {elapsed:.2f} s for {len(articles)} articles")
    cmd = f"--copies {args.copies} --seed {args.seed} --threshold {args.threshold}"
    cmd += f" --reprints {args.reprints}"
    print(f"command: .venv/bin/python benchmarks/bench_duplicates.py {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
