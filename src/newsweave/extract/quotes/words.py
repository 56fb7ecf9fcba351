"""Word lists of quote attribution, loaded from ``words.json`` (data, not code).

General language only: speech verbs, titles and offices, pronouns, function words.  A list
never names a person, an outlet or a phrase of a particular story.
"""

from __future__ import annotations

import json
from importlib.resources import files

_DATA = json.loads(files(__package__).joinpath("words.json").read_text(encoding="utf-8"))


def _words(key: str) -> frozenset[str]:
    return frozenset(_DATA[key])


#: Speech verbs in their base form; their inflections are built by _forms.
_VERB_BASES: tuple[str, ...] = tuple(_DATA["speech_verbs"])
#: Inflections of irregular speech verbs (base, third person, past, -ing).
_IRREGULAR: dict[str, tuple[str, ...]] = {b: tuple(f) for b, f in _DATA["irregular_forms"].items()}
#: Verbs whose following noun phrase is the listener or the target, never the speaker.
_NOT_INVERTIBLE = _words("not_invertible")
#: Auxiliary and modal verbs.
_AUX = _words("auxiliaries")
#: Personal pronouns and their gender or number (m, f, s, p, n).
_PRONOUNS: dict[str, str] = dict(_DATA["pronouns"])
#: Words opening a noun phrase.
_DETERMINERS = _words("determiners")
#: Capitalised words that are never a name (sentence openers, weekdays, months).
_STOP_CAPS = _words("stop_caps")
#: Titles and offices written before a name.
_TITLES = _words("titles")
#: Words a description's head can stand for ("the Russian leader" -> "Russian President ...").
_HEAD_SYNONYMS: dict[str, frozenset[str]] = {
    h: frozenset(w) for h, w in _DATA["head_synonyms"].items()
}
#: Nouns for unnamed people ("officials", "a source").
_GENERIC_HEADS = _words("generic_heads")
#: Function words ignored when comparing descriptions.
_SMALL_WORDS = _words("small_words")
#: Lower-case words inside names ("de", "van", "bin").
_NAME_JOINERS = _words("name_joiners")
#: Abbreviations whose full stop ends no sentence.
_ABBREVIATIONS = _words("abbreviations")
#: Words that end a clause read after a quote.
_CLAUSE_END = _words("clause_end")
#: Words that end a speaker noun phrase read forward ("said Dick Durbin in an interview").
_NP_STOP = _words("np_stop")
#: Words a speaker noun phrase does not start with.
_NP_BAD_START = _words("np_bad_start")
#: Forms of be and get (passives: "Trump was asked").
_BE = _words("be")
#: Words opening a subordinate clause before a sentence's subject.
_SUBORDINATORS = _words("subordinators")
#: Nouns naming a text or a body that speaks for someone ("the statement said", "the lawsuit
#: says", "according to the documents").
_DOCUMENTS = _words("documents")
#: Nouns naming a part of a text: "the part of the code that says" -> the code.
_PARTS = _words("parts")


def _forms(base: str) -> tuple[str, ...]:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    stem = base[:-1] if base.endswith("e") else base
    third = base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
    return base, third, stem + "ed", stem + "ing"


_SPEECH_VERBS: dict[str, str] = {f: base for base in _VERB_BASES for f in _forms(base)}
