from __future__ import annotations

from newsweave.group.provenance import provenance_graph
from newsweave.models import Article, Metadata, Provenance

# short real sentences from the seeds (Kyiv Independent, 2025-02-24)
PUTIN = (
    "Russian President Vladimir Putin met with officials on Feb. 24 to discuss rare earth "
    "metals production, calling it a strategic reserve crucial for Russia's economic growth "
    "and global competitiveness.",
    "Putin also suggested that U.S. President Donald Trump has greater freedom in handling "
    "Russia's war against Ukraine than European leaders.",
)
UN = (
    "The UN General Assembly approved a Ukrainian resolution on Feb. 24 condemning Russia's "
    "full-scale invasion, with 93 countries voting in favor and 18 against.",
)


def test_edges_for_duplicates_syndication_and_citations() -> None:
    wire = Article("a1", "w", PUTIN, Metadata(outlet="Reuters"))
    reprint = Article("a2", "r", PUTIN, Metadata(outlet="Daily", syndicated_from="Reuters"))
    other = Article("a3", "o", UN, Metadata(outlet="Reuters"))
    outside = Article(
        "a4",
        "x",
        UN,
        Metadata(outlet="Post", syndicated_from="AFP", cited_sources=("Interfax", "TASS")),
    )
    dup = Provenance("a2", "a1", "duplicate_of", "copy score 1.0")
    edges = provenance_graph([wire, reprint, other, outside], [dup])
    got = {(e.source, e.target, e.relation) for e in edges}
    assert got == {
        ("a2", "a1", "duplicate_of"),
        ("a2", "a1", "syndicated_from"),  # Reuters' article it copies, not the other one
        ("a4", "AFP", "syndicated_from"),  # no AFP article in the run: the outlet's name
        ("a4", "Interfax", "cites"),
        ("a4", "TASS", "cites"),
    }
    assert edges[0] == dup  # duplicate edges are kept as given, first


def test_syndication_without_copy_picks_the_most_similar_article_of_the_outlet() -> None:
    wire_un = Article("a1", "w", UN, Metadata(outlet="The Associated Press"))
    wire_putin = Article("a2", "w2", PUTIN, Metadata(outlet="Associated Press"))
    rewrite = Article("a3", "r", (PUTIN[0][:120],), Metadata(syndicated_from="Associated Press"))
    edges = provenance_graph([wire_un, wire_putin, rewrite], [])
    assert [(e.source, e.target, e.relation) for e in edges] == [("a3", "a2", "syndicated_from")]


def test_one_node_per_cited_body_however_spelt() -> None:
    cites = [
        Article("a1", "x", PUTIN, Metadata(cited_sources=("U.S. Geological Survey",))),
        Article("a2", "y", UN, Metadata(cited_sources=("US Geological Survey", "Interfax"))),
        Article("a3", "z", UN, Metadata(cited_sources=("USGS",))),
    ]
    plain = {e.target for e in provenance_graph(cites, [])}
    assert plain == {"U.S. Geological Survey", "Interfax", "USGS"}
    # through the run's entity resolution, the acronym too
    names = {"usgs": "U.S. Geological Survey"}
    resolved = provenance_graph(cites, [], canonical=lambda n: names.get(n.lower()))
    assert {e.target for e in resolved} == {"U.S. Geological Survey", "Interfax"}
    assert len(resolved) == 4
