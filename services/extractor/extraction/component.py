"""spaCy component that marks trigger candidates with a lemma Matcher.

Registering the lookup as a pipeline component means ``nlp.pipe`` does the
matching in the same pass as parsing, and the candidates travel with the Doc
(``doc._.eventx_candidates``) to the pure-Python argument stage.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .datelines import dateline_spans
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
        self.matcher.add("TRIGGER_ADJ", [[{"LOWER": {"IN": sorted(lex.triggers.readiness_adjectives)}, "POS": {"IN": ["ADJ", "VERB"]}}]])

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
    which keeps preset boundaries. The same holds after a wire dateline. (Hard-wrapped copy has its single newlines
    turned into spaces beforehand, so only real breaks remain.)
    """
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    # "Minister of Energy Eng. Abdulrahman ...": an honorific's full stop ends no sentence
    hon = {h for h in load_lexicon().honorifics if h.endswith(".")}
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ in hon and doc[i + 1].is_title and "\n" not in tok.text_with_ws:
            doc[i + 1].is_sent_start = False
    # the story proper starts after a dateline ("PORT MORESBY, 3 OCT (PACNEWS) --- "):
    # left attached, the parser makes the city the subject of the lead's verb
    for _start, end in dateline_spans(doc.text):
        tok = doc.char_span(end, end + 1, alignment_mode="expand") if end < len(doc.text) else None
        if tok is not None and len(tok) and tok[0].i > 0 and not tok[0].is_space:
            tok[0].is_sent_start = True
            # ... and runs to its first full stop: left free, the parser may cut
            # "Thai | Prime Minister X met ..." into fragments
            for t in doc[tok[0].i + 1:]:
                if t.is_space or "\n" in t.text or t.text in {".", "!", "?"} or t.is_sent_start is True:
                    break
                t.is_sent_start = False
    return doc


@Language.factory(COMPONENT_NAME)
def make_trigger_marker(nlp: Language, name: str) -> TriggerMarker:
    return TriggerMarker(nlp)
