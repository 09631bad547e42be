"""The attribute ruler matched by lookup gives exactly the matches spaCy's ``Matcher`` gives.

Every sentence here was written for these tests; they exercise the ruler's
word exceptions ("gonna", "y'all", "let's", "ain't"), its dependency rules
("There are", a pronoun as subject or object, "but" as an adverb) and spaces.
"""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler

from eventx.services.extractor.extraction import Extractor
from eventx.services.extractor.extraction.attributes import RULER, AttributeLookup, use_lookup

SENTENCES = [
    "Kenyan President Daniel Mwangi met Ugandan President Joseph Okello in Kampala on Monday.",
    "We're gonna need more rain, y'all, and let's hope it comes before the harvest.",
    "It ain't over: there are still three ministers who haven't signed, and it was them who asked for it.",
    "I told you that it would work; but the board, which had doubts, gave it to me anyway.",
    "The  port\n\nproject   will cost $2.5bn, officials said.  \n",
    "Did they do it? They did, whether or not the council approves, since he has had enough.",
    "c'mon, gotta go, said the one who got it and gets it.",
]


@pytest.fixture(scope="module")
def parsed(extractor: Extractor) -> list:
    nlp = extractor.nlp
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in {"tok2vec", "tagger", "eventx_line_breaks", "parser"}]):
        return list(nlp.pipe(SENTENCES))


def test_lookup_gives_the_matchers_matches(extractor: Extractor, parsed: list) -> None:
    ruler = extractor.nlp.get_pipe(RULER)
    lookup = AttributeLookup(ruler)
    total = 0
    for doc in parsed:
        expected = AttributeRuler.match(ruler, doc)  # spaCy's own Matcher
        assert lookup.match(doc) == expected
        total += len(expected)
    assert total > sum(len(d) for d in parsed)  # most tokens match a rule, some more than one


def test_the_pipeline_uses_the_lookup_and_sets_the_same_attributes(extractor: Extractor) -> None:
    nlp = extractor.nlp
    ruler = nlp.get_pipe(RULER)
    assert ruler.match == ruler.eventx_lookup.match
    assert use_lookup(nlp)  # idempotent
    with_lookup = [[(t.pos_, str(t.morph), t.lemma_) for t in d] for d in nlp.pipe(SENTENCES)]
    del ruler.match  # spaCy's own matching again
    try:
        plain = [[(t.pos_, str(t.morph), t.lemma_) for t in d] for d in nlp.pipe(SENTENCES)]
    finally:
        ruler.match = ruler.eventx_lookup.match
    assert with_lookup == plain
