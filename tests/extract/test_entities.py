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


def test_a_name_in_capitalised_parts_is_the_longer_name_its_parts_begin(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "The governor told The Huffington Post that the suit had no merit.",
            "A spokesman told HuffPost on Friday that the state would fight the suit.",
            "The package was shipped by Federal Express from Memphis, a FedEx spokeswoman said.",
            "Federico Exner, a driver, said the trucks left on time.",
        )
    )
    assert index.canonical("HuffPost") == index.canonical("The Huffington Post")
    assert index.canonical("FedEx") == index.canonical("Federal Express")
    assert index.canonical("Federico Exner") != index.canonical("FedEx")  # never a person


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


def test_father_and_son_apart_but_one_man_without_his_suffix(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "Former Rep. Jesse Jackson Jr. pleaded guilty on Wednesday. Mr. Jackson wept. "
            "His father, the Rev. Jesse Jackson, sat behind him with Jesse L. Jackson Jr.'s wife.",
            "Chief Justice John G. Roberts Jr. asked the first question.",
            "Chief Justice John Roberts was skeptical.",
        )
    )
    assert index.canonical("Jesse Jackson") != index.canonical("Jesse Jackson Jr.")
    assert index.canonical("Jesse L. Jackson Jr.") == index.canonical("Jesse Jackson Jr.")
    assert index.canonical("Mr. Jackson", article="a1") == index.canonical("Jesse Jackson Jr.")
    assert index.canonical("John Roberts") == index.canonical("John G. Roberts Jr.")


def test_surname_of_several_people_is_the_one_named_first(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "The White House asked former President Bill Clinton to talk to Joe Sestak. "
            "Sestak backed Hillary Clinton in 2008. Clinton called him last summer.",
            "Mr. Clinton was at the White House on Thursday.",
            "A spokesman for Bill Clinton declined to comment.",
        )
    )
    assert index.canonical("Clinton", article="a1") == "Bill Clinton"
    # an article that names no Clinton in full: the one the story names most
    assert index.canonical("Mr. Clinton", article="a2") == "Bill Clinton"


def test_first_name_alone_and_its_short_form(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Sandra Jackson, a former Chicago alderman, also pleaded guilty.",
            "Mr. Jackson’s wife, Sandi, also accompanied him.",
        )
    )
    assert index.canonical("Sandi") == "Sandra Jackson"


def test_untagged_first_name_and_surname(mentions: Callable[..., list[EntityMention]]) -> None:
    ms = mentions(
        "Rahm Emanuel, the chief of staff, asked Mr. Clinton last summer to explore options. "
        "Mr. Emanuel declined to comment."
    )
    assert resolve_entities(ms).canonical("Mr. Emanuel") == "Rahm Emanuel"


def test_congressman_is_a_title(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions("Rep. Joe Sestak spoke on Friday. Congressman Sestak said he was not bribed.")
    )
    assert "Congressman Sestak" in entity_of(index, "Joe Sestak")


def test_organisations_with_country_suffix_or_of(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "The states asked the U.S. Supreme Court to act. The Supreme Court has not ruled.",
            "The case went to the United States Supreme Court, CBS News reported.",
            "A spokesman for the Department of Justice declined to comment to CBS.",
            "The Justice Department began investigating him in 2012.",
        )
    )
    court = index.canonical("Supreme Court")
    assert (
        index.canonical("U.S. Supreme Court")
        == court
        == index.canonical("United States Supreme Court")
    )
    assert index.canonical("CBS") == index.canonical("CBS News")
    assert index.canonical("Department of Justice") == index.canonical("Justice Department")
    assert index.canonical("Supreme Court") != index.canonical("Justice Department")


def test_state_abbreviations(mentions: Callable[..., list[EntityMention]]) -> None:
    index = resolve_entities(
        mentions(
            "Rep. Joe Sestak (D-Penn.) was offered a post.",
            "He is running for the Senate in Pennsylvania.",
        )
    )
    assert index.canonical("Penn.") == "Pennsylvania"
    assert "Penn." in entity_of(index, "Pennsylvania")


def test_the_in_a_newspaper_name_not_at_a_sentence_start(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions(
            "He faced Michael Bennet in a primary, The Denver Post has reported. "
            "The White House disputed the claims.",
            "The Washington Post reported that he is likely to be charged.",
        )
    )
    names = {e.name for e in index.entities}
    assert {"The Denver Post", "The Washington Post", "White House"} <= names
    assert "The White House" not in names


def test_a_person_never_named_in_full_keeps_a_title(
    mentions: Callable[..., list[EntityMention]],
) -> None:
    index = resolve_entities(
        mentions("After President Obama’s State of the Union address, he spoke to a reporter.")
    )
    assert "President Obama" in {e.name for e in index.entities}
