"""Inference-only chains (``eventx.services.extractor.inference``): same predictions, no training memory."""

from __future__ import annotations

import datetime as dt

import numpy
import pytest

from eventx.contracts.models import RawArticle
from eventx.services.extractor.extraction import Extractor
from eventx.services.extractor.inference import predict_only

TEXT = ("The trade minister of Examplia met the foreign secretary of Samplestan in Lakeside on Monday. "
        "Samplestan pledged $40 million for a new water plant, and Examplia asked for help with its ports. ") * 8


@pytest.fixture(scope="module")
def pair() -> tuple[Extractor, Extractor]:
    plain, lean = Extractor(), Extractor()
    assert predict_only(lean.nlp) > 0
    return plain, lean


def test_predictions_unchanged(pair: tuple[Extractor, Extractor]) -> None:
    plain, lean = pair
    now = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    article = RawArticle(id="inference-1", text=TEXT)
    assert [e.model_dump() for e in lean.extract(article, now)] == [e.model_dump() for e in plain.extract(article, now)]
    a, b = plain.nlp(TEXT), lean.nlp(TEXT)
    assert numpy.array_equal(a.tensor, b.tensor)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in a] == [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in b]


def test_training_still_has_gradients(pair: tuple[Extractor, Extractor]) -> None:
    _, lean = pair
    tok2vec = lean.nlp.get_pipe("tok2vec").model
    doc = lean.nlp.make_doc("A short invented sentence for the gradient check.")
    _, backprop = tok2vec.begin_update([doc])
    assert callable(backprop)
    _, no_backprop = tok2vec(list([doc]), is_train=False)
    with pytest.raises(RuntimeError, match="prediction only"):
        no_backprop(None)
    assert predict_only(lean.nlp) == 0  # already done: nothing left to change
