"""Claims beyond the seeds: ECB+ cross-document event coreference as a proxy gold.

    .venv/bin/python benchmarks/bench_claims_ecb.py [--limit N] [--lexical]

The seeds are the only hand-made claim gold, so claim grouping is also measured on ECB+
(``../shared/eval/ecbplus/xml``, Cybulska & Vossen 2014): the documents of one gold story
(topic and sub-corpus) are aligned as one story with :func:`newsweave.align.claims.find_claims`,
and two sentences of different documents that mention one cross-document event chain (an
``ACT*`` coreference relation) should share a claim.  Scored pairwise over those sentences as
``../shared/tools/score.py`` scores claims: a true pair shares a predicted claim; a false pair
shares one but no event chain.

It is a proxy, and a lenient one about recall: an ECB+ story is about one event, so many of its
sentences mention the same chain, and it says nothing about facts other than events.  Use it to
see whether a change to claim grouping generalises beyond the seeds, not as a target.
Sentences come from the annotated tokens (one sentence a line), so no extraction runs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSWEAVE_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))

from newsweave.align.claims import ClaimParams, find_claims  # noqa: E402
from newsweave.align.independence import build_origins  # noqa: E402
from newsweave.align.similarity import build_story_text  # noqa: E402
from newsweave.models import Article, ArticleFacts, Metadata, Sentence  # noqa: E402

Anchor = tuple[str, int, str]  #: (document, sentence number, event chain)


def read_document(path: Path) -> tuple[list[str], set[tuple[int, str]]]:
    """The sentences of one ECB+ document and the (sentence, event chain) pairs it holds."""
    root = ET.parse(path).getroot()
    sentence_of: dict[str, int] = {}
    words: dict[int, list[str]] = {}
    for token in root.iter("token"):
        number = int(token.get("sentence", "0"))
        sentence_of[token.get("t_id", "")] = number
        words.setdefault(number, []).append(token.text or "")
    actions: dict[str, int] = {}
    for mark in root.find("Markables") or []:
        ids = [a.get("t_id", "") for a in mark.findall("token_anchor")]
        if mark.tag.startswith("ACTION") and ids:
            actions[mark.get("m_id", "")] = sentence_of[ids[0]]
    chains: set[tuple[int, str]] = set()
    for rel in (root.find("Relations") or []).findall("CROSS_DOC_COREF"):
        note = rel.get("note") or ""
        if note.startswith("ACT"):
            for source in rel.findall("source"):
                if source.get("m_id") in actions:
                    chains.add((actions[source.get("m_id", "")], note))
    order = sorted(words)
    index = {n: k for k, n in enumerate(order)}
    texts = [" ".join(words[n]) for n in order]
    return texts, {(index[s], c) for s, c in chains}


def stories(xml_root: Path) -> dict[str, list[Path]]:
    """Gold stories: one per topic and sub-corpus (``ecb`` / ``ecbplus``)."""
    out: dict[str, list[Path]] = {}
    for path in sorted(xml_root.glob("*/*.xml")):
        topic, rest = path.stem.split("_", 1)
        out.setdefault(f"{topic}_{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}", []).append(
            path
        )
    return out


def align(docs: list[Path], use_model: bool) -> tuple[list[Anchor], list[set[tuple[str, int]]]]:
    facts, articles, anchors = [], [], []
    for path in docs:
        texts, chains = read_document(path)
        pos, sents = 0, []
        for k, s in enumerate(texts):
            sents.append(Sentence(path.stem, k, pos, pos + len(s), s))
            pos += len(s) + 1
        facts.append(ArticleFacts(path.stem, tuple(sents)))
        articles.append(
            Article(id=path.stem, source=path.name, paragraphs=tuple(texts), metadata=Metadata())
        )
        anchors += [(path.stem, k, c) for k, c in chains]
    text = build_story_text(facts, use_model=use_model)
    claims, _, _ = find_claims(text, articles, build_origins(articles, []), ClaimParams())
    return anchors, [{(r.article, r.index) for r in c.sentences} for c in claims]


def pair_counts(anchors: list[Anchor], groups: list[set[tuple[str, int]]]) -> tuple[int, int, int]:
    chains: dict[tuple[str, int], set[str]] = {}
    for doc, k, chain in anchors:
        chains.setdefault((doc, k), set()).add(chain)
    member: dict[tuple[str, int], set[int]] = {}
    for g, sentences in enumerate(groups):
        for s in sentences:
            member.setdefault(s, set()).add(g)
    tp = fp = fn = 0
    for x, y in itertools.combinations(sorted(chains), 2):
        if x[0] == y[0]:
            continue
        same = bool(chains[x] & chains[y])
        grouped = bool(member.get(x, set()) & member.get(y, set()))
        tp += same and grouped
        fn += same and not grouped
        fp += grouped and not same
    return tp, fp, fn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N gold stories")
    ap.add_argument("--lexical", action="store_true", help="no meaning vectors")
    args = ap.parse_args(argv)
    xml_root = SHARED / "eval" / "ecbplus" / "xml"
    if not xml_root.is_dir():
        print(f"../shared not found ({xml_root}): nothing to measure")
        return 0
    print("command: .venv/bin/python benchmarks/bench_claims_ecb.py " + " ".join(argv or []))
    chosen = [docs for docs in stories(xml_root).values() if len(docs) > 1][: args.limit]
    tp = fp = fn = 0
    start = time.perf_counter()
    for docs in chosen:
        a, b, c = pair_counts(*align(docs, use_model=not args.lexical))
        tp, fp, fn = tp + a, fp + b, fn + c
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    f1 = 2 * p * r / max(p + r, 1e-9)
    print(
        f"ECB+ event-chain proxy, {len(chosen)} stories: claims precision {p:.3f} recall {r:.3f} "
        f"f1 {f1:.3f} (pairs: {tp} true, {fp} false, {fn} missed) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
