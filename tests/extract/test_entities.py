"""Entity mentions and their resolution across spellings, titles, acronyms and articles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from newsweave.extract.entities import EntityIndex, entity_mentions, resolve_entities
from newsweave.extract.nlp import load_nlp
from newsweave.models import EntityMention


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="module")
def mentions(nlp: Language) -> Callable[..., list[EntityMention]]:
    def run(*bodies: str) -> list[EntityMention]:
        return [m for i, b in enumerate(bodies) for m in entity_mentions(f"a{i + 1}", nlp(b))]

    return run


def entity_of(index: EntityIndex, form: str) -> tuple[str, ...]:
    name = index.canonical(form)
    assert name is not None, form
    (entity,) = [e for e in index.entities if e.name == name]
    return entity.mentions


def test_titles_and_possessives_are_dropped(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions(
        "Putin also claimed that President Volodymyr Zelensky has become a toxic "
        "figure. He blamed Zelensky’s absurd orders."
    )
    forms = [m.form for m in ms if m.type == "PERSON"]
    assert "Volodymyr Zelensky" in forms
    assert "Zelensky" in forms
    titled = next(m for m in ms if m.form == "Volodymyr Zelensky")
    assert titled.text == "President Volodymyr Zelensky"


def test_hyphenated_pair_becomes_two(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions("Putin went on to dismiss Europe's concerns over U.S.-Russia talks.")
    assert {"U.S.", "Russia"} <= {m.form for m in ms}
    assert "U.S.-Russia" not in {m.form for m in ms}


def test_putin_forms(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Russian President Vladimir Putin met with officials on Feb. 24.",
            "Putin said Mr. Putin would not travel. Russian leader Vladimir Putin offered a deal.",
        )
    )
    assert index.canonical("Putin") == "Vladimir Putin"
    assert index.canonical("Mr. Putin") == "Vladimir Putin"
    assert index.canonical("President Vladimir Putin") == "Vladimir Putin"
    forms = entity_of(index, "Putin")
    assert {
        "Vladimir Putin",
        "Putin",
        "Russian President Vladimir Putin",
        "Russian leader Vladimir Putin",
    } <= set(forms)


def test_transliterations(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Putin also claimed that President Volodymyr Zelensky has become a toxic figure.",
            "Trump was right to criticize President Volodymyr Zelenskyy, calling Zelenskyy an "
            "illegitimate president.",
            "Ukraine's president, Volodymyr Zelenskiy, spoke on Monday. Zelenskiy said no.",
        )
    )
    names = {
        index.canonical(f) for f in ("Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky")
    }
    assert len(names) == 1 and None not in names
    people = [e for e in index.entities if "Zelensk" in e.name]
    assert len(people) == 1


def test_united_states_forms(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Russia could supply aluminum to the United States, Putin said of the U.S. market.",
            "Officials in Kyiv said Ukraine was close to a deal with the US.",
            "the implicit guarantee that if the United States of America is heavily invested",
        )
    )
    assert index.canonical("US") == "United States"
    assert index.canonical("U.S.") == "United States"
    assert index.canonical("the United States of America") == "United States"
    assert len([e for e in index.entities if e.name == "United States"]) == 1


def test_acronyms_by_initials(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "The European Union has offered Ukraine an agreement.",
            "Meanwhile, the European Commission said that the EU has offered Ukraine a deal.",
            "Data from the US Geological Survey shows reserves. The USGS said more.",
            "according to data from the U.S. Geological Survey.",
        )
    )
    assert index.canonical("EU") == "European Union"
    assert index.canonical("US Geological Survey") == index.canonical("U.S. Geological Survey")
    assert index.canonical("European Commission") == "European Commission"


def test_people_republic_is_the_country(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Russia trails China and Brazil.",
            "the People’s Republic of China would then join in if it wants",
        )
    )
    assert index.canonical("People’s Republic of China") == "China"


def test_ambiguous_surname_follows_its_article(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "Former British Prime Minister Boris Johnson spoke in Kyiv. Johnson said yes.",
            "President Lyndon Johnson signed the act. Johnson said no.",
            "Johnson was not available for comment.",
        )
    )
    assert index.canonical("Johnson", article="a1") == "Boris Johnson"
    assert index.canonical("Johnson", article="a2") == "Lyndon Johnson"
    boris = entity_of(index, "Boris Johnson")
    lyndon = entity_of(index, "Lyndon Johnson")
    assert "Johnson" in boris and "Johnson" in lyndon


def test_untagged_surname_of_named_person(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions(
        "Treasury Secretary Scott Bessent mentioned over the weekend that the deal "
        "lacks a military component.\n\nBessent added that the deal is good."
    )
    assert [m.form for m in ms if m.type == "PERSON"].count("Bessent") == 1
    assert resolve_entities(ms).canonical("Bessent") == "Scott Bessent"


def test_entity_cut_at_paragraph_break(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions(
        "Source: European Pravda; Putin in an interview with propagandist Pavel Zarubin, as "
        "quoted by the Russian news agency Interfax\n\nDetails: Putin said Russia is ready."
    )
    assert "Interfax" in {m.form for m in ms}
    assert all("\n" not in m.text for m in ms)


def test_country_then_organisation(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions("Data from the US Geological Survey shows that Russia has large reserves.")
    assert ("US Geological Survey", "ORG") in {(m.form, m.type) for m in ms}
    assert "US" not in {m.form for m in ms}


def test_short_first_names(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Vice President Joe Biden spoke to reporters.",
            "Vice President Joseph R. Biden Jr. met the governors. Mr. Biden left early.",
        )
    )
    assert index.canonical("Joe Biden") == index.canonical("Biden") == "Joseph R. Biden Jr."


def test_places_do_not_join_people(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "George Washington crossed the Delaware River with his army.",
            "Officials in Washington said the talks in Washington would go on.",
            "Washington and Moscow agreed to meet in Washington next week.",
        )
    )
    assert index.canonical("Washington") == "Washington"
    assert index.canonical("George Washington") == "George Washington"


def test_place_spellings_one_vowel_apart(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Kyiv has faced mounting pressure to sign a deal, just as officials in Kyiv "
            "signalled that Ukraine was close to striking a deal.",
            "Officials in Kiev said the talks in Kiev would go on.",
            "Malia Obama and her sister visited Mali.",
        )
    )
    assert index.canonical("Kiev") == index.canonical("Kyiv")
    assert index.canonical("Mali") != index.canonical("Malia")


def test_titled_forms_are_listed(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions("Russian President Vladimir Putin met with officials. Putin said no.")
    )
    forms = entity_of(index, "Putin")
    assert {"Russian President Vladimir Putin", "President Vladimir Putin"} <= set(forms)


def test_uk_forms(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "The United Kingdom and the European Union signed a deal.",
            "The U.K. said the EU would pay.",
            "UK officials met NATO leaders and the North Atlantic Treaty Organization chief.",
        )
    )
    assert index.canonical("UK") == index.canonical("U.K.") == "United Kingdom"
    assert index.canonical("NATO") == "North Atlantic Treaty Organization"
