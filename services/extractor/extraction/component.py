"""spaCy component that marks trigger candidates with a lemma Matcher.

Registering the lookup as a pipeline component means ``nlp.pipe`` does the
matching in the same pass as parsing, and the candidates travel with the Doc
(``doc._.eventx_candidates``) to the pure-Python argument stage.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .lexicon import load_lexicon

COMPONENT_NAME = "eventx_triggers"

if not Doc.has_extension("eventx_candidates"):
    Doc.set_extension("eventx_candidates", default=None)


class TriggerMarker:
    """Finds every token whose lemma can anchor a meeting/request/pledge trigger."""

    def __init__(self, nlp: Language) -> None:
        lex = load_lexicon()
        self.matcher = Matcher(nlp.vocab)
        lemmas = sorted(lex.trigger_lemmas | set(lex.meeting["light_verbs"]))
        self.matcher.add("TRIGGER_VERB", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("TRIGGER_NOUN", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
        self.matcher.add("TRIGGER_ADJ", [[{"LOWER": {"IN": ["ready", "willing", "prepared", "committed"]}, "POS": {"IN": ["ADJ", "VERB"]}}]])

    def __call__(self, doc: Doc) -> Doc:
        found = {}
        for match_id, start, _end in self.matcher(doc):
            found[start] = doc.vocab.strings[match_id]
        doc._.eventx_candidates = sorted(found.items())
        return doc


LINE_BREAKS = "eventx_line_breaks"


@Language.component(LINE_BREAKS)
def mark_line_breaks(doc: Doc) -> Doc:
    """A token after a line break starts a sentence.

    Headlines, captions and datelines carry no final full stop; without this
    the parser glues "... new port deal\nPeruvian minister Ana Ruiz said ..." into one sentence and mis-parses both. Runs before the parser,
    which keeps preset boundaries. (Hard-wrapped copy has its single newlines
    turned into spaces beforehand, so only real breaks remain.)
    """
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc


@Language.factory(COMPONENT_NAME)
def make_trigger_marker(nlp: Language, name: str) -> TriggerMarker:
    return TriggerMarker(nlp)
