"""Inference-only spaCy models: the same predictions without the memory kept for training.

thinc's ``chain`` combinator keeps every layer's backprop callback until the
whole chain returns, even when predicting (``is_train=False``); those
callbacks hold each layer's input and output. For the CNN ``tok2vec`` of the
small English model (shared and NER's own) that is about 11 KB per token
held at once: one 100,000-character article (about 19,000 tokens) took an
extraction worker from 161 MB to a 497 MB peak. Dropping the callbacks when
not training keeps only the arrays a layer still needs (peak 288 MB), and
the layers compute exactly what they computed before.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from thinc.model import Model

_chain = importlib.import_module("thinc.layers.chain")  # ``thinc.layers.chain`` is also the function's name
_CHAIN_FORWARD: Callable[..., Any] = _chain.forward


def _no_backprop(d_output: Any) -> Any:
    raise RuntimeError("this chain ran for prediction only (is_train=False): it has no gradient")


def _predict_chain(model: Model[Any, Any], inputs: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    """``chain``'s forward pass that lets each layer's callback go as soon as the next layer ran."""
    if is_train:
        return _CHAIN_FORWARD(model, inputs, is_train)
    for layer in model.layers:
        inputs, _ = layer(inputs, is_train=False)
    return inputs, _no_backprop


def predict_only(nlp: Language) -> int:
    """Make the chains of ``nlp``'s trainable components forget callbacks when predicting; how many.

    Training (``is_train=True``) still goes through thinc's own forward pass,
    so a pipeline treated this way can be trained as before.
    """
    count = 0
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if node._func is _CHAIN_FORWARD:  # noqa: SLF001 - thinc keeps the forward function there
                node._func = _predict_chain  # noqa: SLF001
                count += 1
    return count
