"""The stage chain as a spaCy pipeline: slots, the seam for a learned stage, saving and loading.

Uses the session ``extractor`` (full model); the rule-level tests of single
stages on hand-built Docs are in ``test_extraction_stage_rules.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from eventx.services.extractor.extraction import Extractor
from eventx.services.extractor.extraction.stages import SLOTS, STAGES, TRIGGERS
from tests.extraction_helpers import NOW, extract_text, of_type

ARTICLE = (
    "NAIROBI, May 6 - Kenyan President Daniel Mwangi held talks with Ugandan President Joseph Okello "
    "in Nairobi on Tuesday.\n\n"
    "Mwangi urged Uganda to speed up work on the Northern Lakes Corridor, and Okello pledged "
    "$50 million for the project, officials said."
)


def test_the_stages_run_in_order_after_the_model(extractor: Extractor) -> None:
    names = extractor.nlp.pipe_names
    assert names[-len(STAGES):] == list(STAGES)
    assert names.index("eventx_line_breaks") < names.index("parser")


def test_every_slot_is_filled(extractor: Extractor) -> None:
    doc = extractor.nlp.make_doc(ARTICLE)
    doc = extractor.nlp(doc)
    for slot in SLOTS:
        if slot != "eventx_published":
            assert doc._.get(slot) is not None, slot
    assert {c.type for c in doc._.eventx_candidates} == {"meeting", "request", "pledge"}
    assert [d.event_type for d in doc._.eventx_events].count("meeting") == 1


def test_saved_pipeline_loads_back_with_identical_output(extractor: Extractor, tmp_path: Path) -> None:
    extractor.nlp.to_disk(tmp_path / "nlp")
    reloaded = Extractor(str(tmp_path / "nlp"))
    assert reloaded.nlp.pipe_names == extractor.nlp.pipe_names
    before = extract_text(extractor, ARTICLE, "2024-05-06")
    after = extract_text(reloaded, ARTICLE, "2024-05-06")
    assert before and [e.model_dump() for e in after] == [e.model_dump() for e in before]


def test_a_learned_stage_can_veto_candidates_at_the_seam(tmp_path: Path) -> None:
    """The seam: a component after eventx_triggers rewrites doc._.eventx_candidates."""
    name = "test_veto_pledges"
    if name not in Language.factories:
        @Language.component(name)
        def veto_pledges(doc: Doc) -> Doc:
            doc._.eventx_candidates = [c for c in doc._.eventx_candidates if c.type != "pledge"]
            return doc

    ex = Extractor()
    assert of_type(extract_text(ex, ARTICLE, "2024-05-06"), "pledge")
    ex.nlp.add_pipe(name, after=TRIGGERS)
    events = extract_text(ex, ARTICLE, "2024-05-06")
    assert not of_type(events, "pledge")
    assert of_type(events, "meeting") and of_type(events, "request")
    assert all(e.extracted_at == NOW for e in events)


@pytest.mark.parametrize("bad", ["words.json"])
def test_lexicon_with_a_missing_list_fails_at_load(tmp_path: Path, bad: str) -> None:
    import json
    import shutil

    from eventx.services.extractor.extraction.lexicon import DATA_DIR, load_lexicon

    shutil.copytree(DATA_DIR, tmp_path / "data")
    words = json.loads((tmp_path / "data" / bad).read_text())
    del words["actors"]["org_words"]
    (tmp_path / "data" / bad).write_text(json.dumps(words))
    with pytest.raises(ValueError, match="org_words"):
        load_lexicon(str(tmp_path / "data"))


def test_name_honorifics_must_be_honorifics(tmp_path: Path) -> None:
    """One honorific vocabulary: the before-a-name list is a marked subset of it."""
    import json
    import shutil

    from eventx.services.extractor.extraction.lexicon import DATA_DIR, load_lexicon

    shutil.copytree(DATA_DIR, tmp_path / "data")
    titles = json.loads((tmp_path / "data" / "titles.json").read_text())
    titles["honorifics_before_names"].append("grand vizier")
    (tmp_path / "data" / "titles.json").write_text(json.dumps(titles))
    with pytest.raises(ValueError, match="grand vizier"):
        load_lexicon(str(tmp_path / "data"))
