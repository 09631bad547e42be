"""Actor mention detection: PERSON / ORG / GPE / NORP mentions with titles and countries.

"Chinese President Xi Jinping" -> a person mention named Xi Jinping, titled
President, of CHN. Walks left over title and nationality words, reads
appositions and ", the Kenyan foreign minister" suffixes, joins honorific runs
("Tan Sri X"), and drops datelines and agency bylines, which name no actor.
Output: the mentions in text order, no two overlapping.
"""

from __future__ import annotations


from spacy.tokens import Doc, Span, Token

from .. import _deps
from .._doccache import doc_text, sent_of
from ..datelines import in_dateline
from ..lexicon import Lexicon
from .model import ACTOR_LABELS, APOSTROPHES, Mention, clean_name, country_of, is_acronym, is_honorific


ABBREVIATED_TITLES = {"PM": "Prime Minister", "FM": "Foreign Minister"}


def find_mentions(doc: Doc, lex: Lexicon) -> list[Mention]:
    """Every actor mention in ``doc``, in text order, nested ones dropped."""
    return MentionFinder(doc, lex).mentions


class MentionFinder:
    """One pass of mention detection over one parsed article."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.mentions: list[Mention] = []
        self._places: set[str] | None = None
        self._person_tokens: set[int] = set()
        self._country_tokens: set[int] = set()
        self._build()

    # ------------------------------------------------------------ building
    def _title_prefix(self, ent: Span) -> tuple[int, str | None, str | None]:
        """Walk left from a PERSON name over title words and nationality words."""
        doc, lex = self.doc, self.lex
        j = ent.start - 1
        lo = sent_of(ent).start
        while j >= lo:
            t = doc[j]
            low = t.lower_
            if t.ent_type_ in {"GPE", "ORG", "FAC"} and self._after_locative(t):
                break  # "received at his office in Abu Dhabi H.E. X": the place is no part of X's title
            if self._posting(j, lo):
                j -= 2  # "Chinese Ambassador to Peru X": the posting is part of the title, not the nationality
                continue
            if t.i in self._person_tokens or (t.ent_type_ == "PERSON" and t.i not in self._country_tokens and low not in lex.title_words and low.rstrip(".") not in {h.rstrip(".") for h in lex.honorifics}) \
                    or t.is_punct and t.text not in {"'s", "’s"} or low in self.lex.actors.headline_verbs or t.is_space:
                break
            ok = (
                (low in lex.title_words and (t.is_title or t.is_upper or low in {"of", "for", "and", "the", "to"} or t.pos_ in {"NOUN", "PROPN", "ADJ"}))
                or low.rstrip(".") in {h.rstrip(".") for h in lex.honorifics}
                or t.ent_type_ in {"NORP", "GPE"} or t.i in self._country_tokens
                or (t.is_title and t.pos_ in {"ADJ", "PROPN"} and country_of(t.text) is not None)
                or (t.text in {"'s", "’s"} and j - 1 >= lo and doc[j - 1].ent_type_ in {"GPE", "ORG"})
                or (t.ent_type_ == "ORG" and t.is_title)
            )
            if not ok:
                k = self._portfolio_start(j, lo)
                if k is None:
                    break
                j = k  # "Minister for Planning, Development and Special Initiatives X": skip the portfolio
                continue
            j -= 1
        start = j + 1
        while start < ent.start and doc[start].lower_ in {"of", "for", "and", "the", "to", "'s", "’s"}:
            start += 1
        prefix = doc[start:ent.start]
        country = None
        for t in prefix:
            if t.ent_type_ in {"NORP", "GPE"} or (t.is_title and t.pos_ in {"ADJ", "PROPN"}):
                # longest name first: "Papua New Guinea" is PNG, its last word alone is Guinea
                c = country_of(doc[t.i: min(t.i + 3, ent.start)].text) or country_of(doc[t.i: min(t.i + 2, ent.start)].text) or country_of(t.text)
                if c:
                    country = c
                    break
        title_toks = [t.text for t in prefix if t.lower_ in lex.name_title_words and t.ent_type_ not in {"NORP", "GPE"}]
        title = " ".join(w if not w.islower() else w.capitalize() for w in title_toks) or None
        if title and title.split()[-1].upper() in ABBREVIATED_TITLES:  # "Deputy FM" -> "Deputy Foreign Minister"
            title = " ".join(title.split()[:-1] + [ABBREVIATED_TITLES[title.split()[-1].upper()]])
        return start, title, country

    def _posting(self, j: int, lo: int) -> bool:
        """Is token ``j`` the country of an envoy's posting ("Ambassador to Peru"), a country
        name after "to" after a title word? The envoy's nationality is the word before."""
        doc = self.doc
        return j - 2 >= lo and doc[j - 1].lower_ == "to" and doc[j - 2].lower_ in self.lex.title_words \
            and country_of(doc[j].text) is not None

    def _portfolio_start(self, j: int, lo: int) -> int | None:
        """Index of the title word when tokens ``..j`` are a ministry portfolio after
        "<title> of/for" ("Minister for Planning, Development and Special Initiatives"),
        else None. Lets the title walk reach the title over words that are no title."""
        doc = self.doc
        k = j
        while k >= lo and (doc[k].lower_ in self.lex.actors.portfolio_words or doc[k].text in {",", "&"} or doc[k].lower_ == "and"):
            k -= 1
        if k == j or k - 1 < lo or doc[k].lower_ not in {"of", "for"}:
            return None
        if doc[k - 1].lower_ not in self.lex.name_title_words:
            return None
        return k - 1

    def _after_locative(self, t: Token) -> bool:
        """Is ``t`` inside a place name governed by in/at/from ('in Abu Dhabi')?"""
        k = t.i
        while k > 0 and self.doc[k].ent_iob_ == "I":
            k -= 1
        return k > 0 and self.doc[k - 1].lower_ in {"in", "at", "from", "near"}

    def _suffix_country(self, ent: Span) -> tuple[str | None, str | None]:
        """'Bola Tinubu of Nigeria', 'Hun Sen, President of the Cambodian Senate'."""
        doc, lex = self.doc, self.lex
        i = ent.end
        end = min(sent_of(ent).end, i + 9)
        title = None
        if i < end and doc[i].text == ",":
            toks = []
            k = i + 1
            while k < end and (doc[k].lower_ in lex.name_title_words or doc[k].ent_type_ in {"NORP", "GPE", "ORG"}
                               or doc[k].lower_ in {"the", "of"} or (doc[k].text in {"'s", "’s"} and k > i + 1)):  # ", Kenya's president"
                toks.append(doc[k])
                k += 1
            tw = [t.text for t in toks if t.lower_ in lex.name_title_words]
            if tw:
                title = " ".join(w.capitalize() if w.islower() else w for w in tw)
                for t in toks:
                    if t.ent_type_ in {"NORP", "GPE"} and t.ent_iob_ == "B":
                        # the whole entity first: "the Republic of Uzbekistan", not a town called "Republic"
                        e_end = t.i + 1
                        while e_end < len(doc) and doc[e_end].ent_iob_ == "I":
                            e_end += 1
                        c = country_of(doc[t.i: e_end].text)
                        if c:
                            return c, title
                    if t.ent_type_ in {"NORP", "GPE"} and t.ent_iob_ == "B":
                        c = country_of(t.text)
                        if c:
                            return c, title
                        if t.ent_type_ == "GPE":
                            c = _deps.place_country(t.text)
                            if c:
                                return c, title
            return None, title
        if i + 1 < end and doc[i].lower_ == "of" and doc[i + 1].ent_type_ == "GPE":
            span = doc[i + 1: i + 2]
            while span.end < end and doc[span.end].ent_type_ == "GPE" and doc[span.end].ent_iob_ == "I":
                span = doc[span.start: span.end + 1]
            return country_of(span.text), None
        return None, None

    def _title_before_comma(self, start: int) -> Token | None:
        """The title noun of 'the French president, X' / 'Chairperson of the AU Commission, X'."""
        doc = self.doc
        if start < 2 or doc[start - 1].text != ",":
            return None
        titles = self.lex.name_title_words | {"counterpart"}
        lo = max(sent_of(doc[start]).start, start - 10)
        k = start - 2
        seen_of = False
        while k >= lo:
            t = doc[k]
            if t.ent_type_ == "PERSON" or t.text in {",", ";", ".", ":"}:
                return None
            if t.lower_ in titles or t.lemma_.lower() in titles:
                if k == start - 2 or seen_of:
                    return t
                if t.lower_ not in self.lex.actors.portfolio_words:
                    return None  # "Trade" in "Minister of Foreign Trade and Tourism" is the portfolio
            if t.lower_ in {"of", "for", "to"}:
                seen_of = True  # "Minister Delegate for Francophonie and Partnerships, X", "Ambassador to Nigeria, X"
            k -= 1
        return None

    def _appos_title(self, ent: Span, start: int | None = None) -> tuple[str | None, str | None]:
        """'the French president, Emmanuel Macron' / 'Chairperson of the AU Commission, Moussa Faki'.

        ``start`` is where the name's own title prefix begins ("..., Ambassador X").
        """
        start = ent.start if start is None else start
        head = self._title_before_comma(start)
        if head is None:
            return None, None
        if head.dep_ == "pobj" and head.head.lower_ in {"of", "for"} and head.head.head.lower_ in self.lex.name_title_words:
            head = head.head.head  # "Nigerian Minister of Foreign Affairs, X": the title is "Minister"
        country = None
        for t in head.subtree:
            if t.i >= start:
                break
            # NER often tags a nationality word ORG ("Guatemalan"): trust the word list
            if t.ent_type_ in {"NORP", "GPE"} or (t.is_title and t.pos_ in {"ADJ", "PROPN"}):
                country = country_of(t.text)
                if country:
                    break
        if country is None:
            for c in head.children:
                if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"}:
                    country = country_of(c.text)
        if country is None:
            country = self._office_country(head.i, start - 1)
        if head.lemma_.lower() == "counterpart":
            return country, None
        words = [c.text for c in head.lefts if c.dep_ in {"compound", "amod"} and c.lower_ in self.lex.name_title_words] + [head.text]
        title = " ".join(w.capitalize() if w.islower() else w for w in words)
        return country, title

    def _office_country(self, lo: int, hi: int) -> str | None:
        """'the Chief Executive of Argentina, X': the country the office is of, named
        between the title and the comma (the parse often hangs it off another word than the
        title). Not a posting ("Ambassador to Peru"): that is where an envoy serves."""
        doc = self.doc
        for j in range(lo + 1, hi):
            if doc[j].lower_ != "of" or doc[j - 1].lower_ == "to":
                continue
            k = j + 1
            while k < hi and doc[k].lower_ == "the":
                k += 1
            e = k
            while e < hi and doc[e].ent_type_ in {"GPE", "NORP"} and (e == k or doc[e].ent_iob_ == "I"):
                e += 1
            if e > k and not any(doc[t].lower_ == "to" for t in range(lo, j)):
                code = country_of(doc[k:e].text)
                if code:
                    return code
        return None

    def _acronym_mentions(self) -> None:
        """'Japan Bank for International Cooperation (JBIC)': the bracketed acronym names the
        organisation wherever it recurs, even where the NER tags it PERSON or nothing.

        Organisation names lose a bracketed acronym the NER folded into them.
        """
        doc = self.doc
        acr: dict[str, Mention] = {}
        for m in self.mentions:
            if m.kind != "organization":
                continue
            if " (" in m.name:
                m.name = m.name.split(" (")[0].strip()
            k = m.end
            if k < len(doc) and doc[k - 1].text == "(":
                k -= 1  # the NER took the bracket but not the acronym
            for j in range(max(m.start, m.end - 3), min(len(doc) - 1, m.end + 1)):
                if doc[j].text == "(" and j + 1 < len(doc) and is_acronym(doc[j + 1].text):
                    acr.setdefault(doc[j + 1].text, m)
                    break
        if not acr:
            return
        taken: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                taken[i] = m
        for t in doc:
            m0 = acr.get(t.text)
            if m0 is None:
                continue
            m = taken.get(t.i)
            if m is None:
                self.mentions.append(Mention(t.i, t.i + 1, t.i, m0.name, "organization", None, m0.country))
            elif m is not m0 and m.name == t.text:
                m.name, m.kind, m.country = m0.name, "organization", m.country or m0.country

    def _gov_mentions(self) -> list[Mention]:
        """'the Japanese government', 'the Government of Malawi', 'the Biden administration'
        as organisation actors. The country word counts by the word list whatever its
        entity tag (the small NER calls some countries a PERSON); a leader's name before
        "administration" / "government" names that leader's government."""
        out = []
        for t in self.doc:
            if t.lemma_.lower() not in self.lex.actors.named_government_nouns or t.pos_ not in {"NOUN", "PROPN"}:
                continue
            country, leader = None, None
            start = t.i
            for c in t.children:
                if c.dep_ in {"amod", "compound", "poss"} and (c.ent_type_ in {"NORP", "GPE"} or c.i in self._country_tokens
                                                               or (c.pos_ == "PROPN" and c.ent_type_ != "PERSON")):
                    country = country_of(self.doc[c.left_edge.i: c.i + 1].text) or country_of(c.text) or country
                    start = min(start, c.left_edge.i if country else start)
                elif c.dep_ in {"compound", "poss"} and (c.i in self._person_tokens or c.ent_type_ == "PERSON") and t.i - c.i <= 2:
                    leader = c
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj" and (p.ent_type_ == "GPE" or p.pos_ == "PROPN"):
                            country = country_of(self.doc[p.left_edge.i: p.i + 1].text) or country_of(p.text) or country
            if country:
                name = (_deps.country_name(country) or country) + " government"
                out.append(Mention(start, t.i + 1, t.i, name, "organization", None, country))
            elif leader is not None:
                out.append(Mention(leader.i, t.i + 1, t.i, f"{leader.text} {t.lower_}", "organization", None, None))
        return out

    def _person_spans(self) -> list[Span]:
        """PERSON entities, plus names the NER missed or mislabelled.

        Small-model NER often tags a name as ORG/GPE ("Mwangi", "Olga
        Petrova") or misses it after a long title ("Ambassador to Chile
        Ana Ruiz"); a capitalised run right after a title word, in
        apposition to a title noun, or repeating a known person's words is
        taken as a person.
        """
        out = self._ner_persons()
        covered = {i for sp in out for i in range(sp.start, sp.end)}
        self._mislabelled_persons(out, covered)
        self._runs_after_titles(out, covered)
        self._runs_after_title_commas(out, covered)
        out = self._join_hyphenated(self._honorific_names(sorted(out, key=lambda sp: sp.start)))
        covered = {i for sp in out for i in range(sp.start, sp.end)}
        out += self._known_name_repeats(out, covered)
        return sorted(out, key=lambda sp: sp.start)

    def _ner_persons(self) -> list[Span]:
        """PERSON entities, trimmed of headline verbs and titles, grown over split surnames."""
        doc, lex = self.doc, self.lex
        name_titles = lex.name_title_words
        out: list[Span] = []
        verbs = self.lex.actors.headline_verbs
        for ent in doc.ents:
            if ent.label_ == "PERSON" and country_of(ent.text) is not None:
                self._country_tokens |= set(range(ent.start, ent.end))  # "Papua New Guinea" tagged PERSON
                continue
            if ent.label_ in {"PERSON", "ORG", "GPE"}:
                ent = self._strip_country_prefix(ent)
            if ent.label_ in {"ORG", "GPE"}:
                ent = self._strip_portfolio(ent)
            if ent.label_ == "PERSON":
                while len(ent) > 1 and (ent[0].lower_ in verbs or ent[0].lower_ in name_titles):
                    ent = Span(doc, ent.start + 1, ent.end, label="PERSON")
                # last name the NER tagged apart: "Otávio Lacerda" PERSON + "Prado" GPE, the parse joins them
                while ent.end < len(doc) and doc[ent.end].pos_ == "PROPN" and doc[ent.end].is_title \
                        and ent[-1].dep_ == "compound" and ent[-1].head.i == ent.end and doc[ent.end].ent_iob_ in {"B", "O"} \
                        and (ent.end + 1 >= len(doc) or doc[ent.end + 1].ent_iob_ != "I") and country_of(doc[ent.end].text) is None:
                    ent = Span(doc, ent.start, ent.end + 1, label="PERSON")
                # hyphenated surnames the NER cuts short: "Fahad Al" + "-" + "Otaibi"
                while ent.end + 1 < len(doc) and doc[ent.end].text in {"-", "‑"} and not doc[ent.end - 1].whitespace_ \
                        and not doc[ent.end].whitespace_ and doc[ent.end + 1].is_title:
                    ent = Span(doc, ent.start, ent.end + 2, label="PERSON")
                if any(t.is_upper and len(t.text) >= 3 and t.is_alpha for t in ent) or any(t.lemma_.lower() in self.lex.actors.project_words for t in ent):
                    continue
                if self._not_a_person(ent):
                    continue
                out.append(ent)
        return out

    def _mislabelled_persons(self, out: list[Span], covered: set[int]) -> None:
        """ORG / GPE / NORP entities that are names by their context ('counterpart Elnur Mammadli')."""
        doc, lex = self.doc, self.lex
        name_titles = lex.name_title_words
        for ent in doc.ents:
            if ent.label_ not in {"ORG", "GPE", "NORP"} or ent.start in covered:
                continue
            if country_of(ent.text) and ent.label_ != "ORG":
                continue
            prev = doc[ent.start - 1] if ent.start > 0 else None
            looks = False
            if prev is not None and prev.lower_ in name_titles and (prev.is_title or prev.is_upper) and ent.label_ in {"ORG", "GPE"} \
                    and all(t.is_title or (t.text in {"-", "‑"} and 0 < k < len(ent) - 1) for k, t in enumerate(ent)):
                looks = True  # "President Kassym-Jomart Tokayev" tagged ORG, hyphen and all
            if prev is not None and prev.lower_ == "counterpart" and 2 <= len(ent) <= 4 and all(t.is_title for t in ent):
                looks = True  # "his Azerbaijani counterpart Elnur Mammadli" tagged ORG
            if prev is not None and prev.text == "," and self._title_before_comma(ent.start) is not None and all(t.is_title for t in ent):
                looks = True
            if looks and not any(t.lower_ in name_titles | self.lex.actors.portfolio_words | {"commission", "union", "bank", "ministry", "council"} for t in ent):
                out.append(ent)
                covered |= set(range(ent.start, ent.end))

    def _runs_after_titles(self, out: list[Span], covered: set[int]) -> None:
        """Capitalised runs after a title word that the NER left untagged."""
        doc, lex = self.doc, self.lex
        name_titles = lex.name_title_words
        n = len(doc)
        i = 0
        while i < n:
            t = doc[i]
            if t.lower_ in name_titles and (t.is_title or t.is_upper) and t.pos_ in {"PROPN", "NOUN"}:
                j = i + 1
                if j + 1 < n and doc[j].lower_ == "to" and doc[j + 1].ent_type_ == "GPE":
                    j += 2
                    while j < n and doc[j].ent_type_ == "GPE" and doc[j].ent_iob_ == "I":
                        j += 1
                if j + 1 < n and doc[j].lower_ in {"of", "for"}:
                    # "Minister of Land, Infrastructure and Transport Park Jae-won": skip the portfolio
                    p = j + 1
                    while p < n and (doc[p].lower_ in self.lex.actors.portfolio_words or (doc[p].lower_ in {"and", ",", "&"} and p + 1 < n and doc[p + 1].lower_ in self.lex.actors.portfolio_words)):
                        p += 1
                    if p > j + 1:
                        j = p
                while j < n and doc[j].lower_.rstrip(".") in {h.rstrip(".") for h in lex.honorifics} and doc[j].is_title:
                    j += 1
                k = j
                if j < n and doc[j].lower_ in self.lex.actors.headline_verbs:
                    i += 1
                    continue  # "Envoy Meets X": a headline verb, not a name
                while k < n and k - j < 4:
                    if doc[k].pos_ == "PROPN" and doc[k].is_title and not doc[k].ent_type_ and doc[k].lower_ not in lex.title_words \
                            and doc[k].lemma_.lower() not in lex.title_words and doc[k].lower_ not in self.lex.actors.org_words | self.lex.actors.named_government_nouns:
                        # "the two Prime Ministers", "the Federal Government": no name
                        k += 1
                    elif k == j and doc[k].ent_type_ == "NORP" and doc[k].pos_ == "PROPN" and doc[k].is_title \
                            and country_of(doc[k].text) is None and k + 1 < n and doc[k + 1].pos_ == "PROPN" \
                            and doc[k + 1].is_title and not doc[k + 1].ent_type_:
                        k += 1  # "Ambassador to Zambia Han Jinglin": a surname the NER took for a people
                    elif k > j and k + 1 < n and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_ and doc[k + 1].is_title:
                        k += 2  # "Al-Otaibi" split into three tokens
                    else:
                        break
                if k - j >= 1 and j not in covered and (k - j >= 2 or doc[j - 1].lower_ in name_titles):
                    out.append(Span(doc, j, k, label="PERSON"))
                    covered |= set(range(j, k))
                    i = k
                    continue
            i += 1

    def _runs_after_title_commas(self, out: list[Span], covered: set[int]) -> None:
        """'the Minister of Foreign Trade and Tourism, Ana María Salcedo Ríos': an untagged
        capitalised run in apposition to a title phrase."""
        doc, lex = self.doc, self.lex
        n = len(doc)
        for i in range(1, n - 2):
            if doc[i].text != "," or i + 1 in covered or self._title_before_comma(i + 1) is None:
                continue
            k = i + 1
            while k < n and k - i <= 5 and k not in covered and doc[k].pos_ == "PROPN" and doc[k].is_title \
                    and doc[k].ent_type_ in {"", "WORK_OF_ART", "PRODUCT", "LAW"} and doc[k].lower_ not in lex.title_words \
                    and country_of(doc[k].text) is None:  # the small NER calls some names a title of a work
                k += 1
            if k - (i + 1) >= 2 and (k >= n or not doc[k].is_title):
                out.append(Span(doc, i + 1, k, label="PERSON"))
                covered |= set(range(i + 1, k))

    def _honorific_names(self, spans: list[Span]) -> list[Span]:
        """Repair names around honorifics the small NER model splits or swallows.

        "H.E. Jamshid Tursunov" inside an ORG entity, "Dato' Seri Rahmat" left
        untagged before "bin Ismail", "Haji Faizal" + "Azmi bin Othman" as two
        PERSON entities: an honorific is a strong sign that a name follows, so a
        capitalised run after it is a person (whatever its entity tag), adjacent
        person spans join, and a person span grows left over an untagged name
        word that follows an honorific. Honorifics stay out of the clean name
        (``clean_name``) but name particles (bin, binti, Al) are kept.
        """
        spans = list(spans)
        covered = {i for sp in spans for i in range(sp.start, sp.end)}
        self._honorific_runs(spans, covered)
        spans.sort(key=lambda sp: sp.start)
        return self._grow_left(_merge_adjacent(spans, self.lex.actors.name_particles))

    def _honorific_runs(self, spans: list[Span], covered: set[int]) -> None:
        """A capitalised run after an honorific is a person, whatever its entity tag."""
        doc = self.doc
        n = len(doc)
        i = 0
        while i < n:
            if is_honorific(self.lex.name_honorifics, doc, i) and i not in covered:
                j = i + 1
                while j < n and (is_honorific(self.lex.name_honorifics, doc, j) or doc[j].text in APOSTROPHES):
                    j += 1
                k = j
                while k < n and k - j < 6 and k not in covered and (
                        (doc[k].is_title and doc[k].pos_ in {"PROPN", "NOUN"} and doc[k].lower_ not in self.lex.title_words)
                        or (doc[k].lower_ in self.lex.actors.name_particles and k > j)
                        or (k > j and doc[k].text in {"-", "‑"} and not doc[k - 1].whitespace_ and k + 1 < n and doc[k + 1].is_title)):
                    k += 1
                while k > j and doc[k - 1].lower_ in self.lex.actors.name_particles | {"-", "‑"}:
                    k -= 1
                if k - j >= 2 or (k - j == 1 and k < n and k in covered):
                    spans.append(Span(doc, i, k, label="PERSON"))
                    covered |= set(range(i, k))
                    i = k
                    continue
            i += 1

    def _grow_left(self, merged: list[Span]) -> list[Span]:
        """Grow a person span left over "Dato' Seri" + an untagged given name."""
        doc = self.doc
        out = []
        taken = {i for sp in merged for i in range(sp.start, sp.end)}
        for sp in merged:
            start = sp.start
            while start > 0 and start - 1 not in taken:
                t = doc[start - 1]
                if is_honorific(self.lex.name_honorifics, doc, start - 1) or (t.text in APOSTROPHES and start > 1 and is_honorific(self.lex.name_honorifics, doc, start - 2)):
                    start -= 1
                elif t.is_title and t.pos_ == "PROPN" and not t.ent_type_ and start > 1 and t.lower_ not in self.lex.title_words \
                        and is_honorific(self.lex.name_honorifics, doc, start - 2):
                    start -= 1
                else:
                    break
            if start != sp.start:
                taken |= set(range(start, sp.start))
                sp = Span(doc, start, sp.end, label="PERSON")
            out.append(sp)
        return out

    def _join_hyphenated(self, spans: list[Span]) -> list[Span]:
        """'Kwabena Asante-Boateng': a name span that stops at an unspaced hyphen before a
        capitalised word (some rules end a name at punctuation) takes the rest of the
        surname; otherwise the surname's second half would become a person of its own."""
        doc = self.doc
        n = len(doc)
        starts = {sp.start for sp in spans}
        out: list[Span] = []
        for sp in sorted(spans, key=lambda x: x.start):
            if out and sp.start < out[-1].end:
                if sp.end > out[-1].end:
                    out[-1] = Span(doc, out[-1].start, sp.end, label="PERSON")
                continue
            end = sp.end
            while end + 1 < n and doc[end].text in {"-", "‑"} and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and (doc[end + 1].is_title or _given_name_syllable(doc[end + 1], end - sp.start, self.lex.actors.not_name_syllables)) \
                    and doc[end + 1].is_alpha and end + 1 not in starts and country_of(doc[end + 1].text) is None:
                end += 2  # not "the Modi-Xi talks": a second named person or a country ends the name
            out.append(Span(doc, sp.start, end, label="PERSON") if end != sp.end else sp)
        return out

    def _strip_portfolio(self, ent: Span) -> Span:
        """'Minister of Transport Somchai Rattanaporn' / 'Secretary for Energy and Petroleum,
        Wycliffe Otieno Mbugua' tagged as one ORG: after a title + of/for, the ministry's
        portfolio words come first and the trailing capitalised words are the minister."""
        doc = self.doc
        titles = self.lex.name_title_words
        if ent.start < 2 or doc[ent.start - 1].lower_ not in {"of", "for"} or doc[ent.start - 2].lower_ not in titles:
            return ent
        k = ent.start
        while k < ent.end and (doc[k].lower_ in self.lex.actors.portfolio_words or doc[k].lower_ in {"and", "&", ","}):
            k += 1
        rest = doc[k: ent.end]
        if k == ent.start or not 2 <= len(rest) <= 5:
            return ent
        if all((t.is_title and t.pos_ == "PROPN") or t.lower_ in self.lex.actors.name_particles for t in rest) \
                and not any(t.lower_ in self.lex.actors.org_words for t in rest):
            return Span(doc, rest.start, rest.end, label="PERSON")
        return ent

    def _strip_country_prefix(self, ent: Span) -> Span:
        """'President of Tajikistan Rustam Nazarov' tagged as one entity: the name is what
        follows the country, when a title + "of" precede it and two or more capitalised
        words remain."""
        doc = self.doc
        if ent.start < 2 or doc[ent.start - 1].lower_ not in {"of", "to"} or doc[ent.start - 2].lower_ not in self.lex.name_title_words:
            return ent  # "President of Tajikistan X", "Ambassador to Pakistan X"
        for k in (3, 2, 1):
            if len(ent) - k >= 2 and country_of(doc[ent.start: ent.start + k].text) is not None:
                rest = doc[ent.start + k: ent.end]
                if all(t.is_title and t.pos_ == "PROPN" for t in rest):
                    return Span(doc, rest.start, rest.end, label="PERSON")
        return ent

    def _known_name_repeats(self, found: list[Span], covered: set[int]) -> list[Span]:
        """Occurrences of an already-found full name that the NER missed or folded into
        another entity ("President of Kazakhstan Nurlan Abenov" tagged ORG, a caption name
        left untagged): the same words in the same order are the same person."""
        doc = self.doc
        hon = {h.rstrip(".") for h in self.lex.honorifics} | set(self.lex.title_words)
        names = set()
        for sp in found:
            toks = [t.text for t in sp]
            while toks and (toks[0].lower().rstrip(".") in hon or toks[0].lower() in hon):
                toks.pop(0)
            if len(toks) >= 2:
                names.add(tuple(toks))
        out: list[Span] = []
        # one pass over the tokens, then only the places where a name's first word stands
        texts = [t.text for t in doc]
        at: dict[str, list[int]] = {}
        for i, w in enumerate(texts):
            at.setdefault(w, []).append(i)
        for name in sorted(names, key=len, reverse=True):
            k = len(name)
            for i in at.get(name[0], ()):
                if i > len(doc) - k or any(j in covered for j in range(i, i + k)):
                    continue
                if tuple(texts[i: i + k]) == name:
                    out.append(Span(doc, i, i + k, label="PERSON"))
                    covered |= set(range(i, i + k))
        # a bare surname (or a family name written first: "Choi", "Ganbold") after the full name
        first_seen = {}
        for sp in found + out:
            toks = [t for t in sp if t.text.lower().rstrip(".") not in hon]
            titled = len(toks) == 1 and sp.start > 0 and doc[sp.start - 1].lower_ in self.lex.name_title_words \
                and (doc[sp.start - 1].is_title or doc[sp.start - 1].is_upper)
            if len(toks) >= 2 or titled:
                # "PM Modi" introduces "Modi" as firmly as a full name does
                for w in {toks[0].text, toks[-1].text}:
                    first_seen[w] = min(first_seen.get(w, sp.start), sp.start)
        for t in doc:
            w = t.text
            # before the full name only as a bare proper noun ("Lindqvist, X and Y sat down" in a
            # live blog whose older entries, further down, introduce him in full)
            early = t.i < first_seen.get(w, 0) and not (t.pos_ == "PROPN" and not t.ent_type_)
            if w not in first_seen or t.i in covered or early or len(w) < 3 or not t.is_title:
                continue
            if t.ent_type_ in {"ORG", "GPE", "FAC", "NORP", "LOC"} and t.ent_iob_ == "I":
                continue  # part of a longer name ("Kenyatta University")
            if country_of(w) is not None or (t.i + 1 < len(doc) and doc[t.i + 1].is_title and doc[t.i + 1].pos_ == "PROPN"):
                continue
            out.append(Span(doc, t.i, t.i + 1, label="PERSON"))
            covered.add(t.i)
        return out

    def _place_words(self) -> set[str]:
        """Texts the NER tagged PERSON but the article itself uses as a place somewhere
        (in its dateline, or after "in"/"at"): every occurrence is then a place."""
        out = set()
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and self._not_a_person(ent, strict=True):
                out.add(ent.text)
        return out

    def _not_a_person(self, ent: Span, strict: bool = False) -> bool:
        """A PERSON tag the context contradicts: a dateline word ("Dakar, 18 Sept --"),
        a determiner before it ("the Akorda press service"), or a place the gazetteer
        knows after a locative preposition ("talks in Dakar")."""
        doc = self.doc
        if in_dateline(doc_text(doc), ent.start_char, ent.end_char):
            return True
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.lower_ == "the":
            return True
        if len(ent) == 1 and prev is not None and prev.lower_ in {"for", "of"} and ent.start > 1 \
                and doc[ent.start - 2].lower_ in self.lex.name_title_words:
            return True  # "Minister Delegate for Francophonie": a one-word portfolio, not a name
        # only after a locative preposition: many surnames are also some town's name
        locative = prev is not None and ((prev.lower_ in {"in", "at", "from", "near", "to", "into"} and prev.dep_ == "prep")
                                         or prev.lemma_.lower() in self.lex.actors.travel_verbs)
        if locative and _deps.is_place(ent.text):
            return True
        if len(ent) == 1 and _deps.capital_of(ent.text) is not None:
            return True  # "a condition Yerevan rejects": a capital standing for its government
        if strict:
            return False
        if self._places is None:
            self._places = self._place_words()
        return ent.text in self._places

    def _build(self) -> None:
        persons = self._person_spans()
        self._person_tokens = {i for sp in persons for i in range(sp.start, sp.end)}
        for ent in persons:
            self._add_person(ent)
        person_words = {w.lower() for m in self.mentions for w in m.name.split()}
        for ent in self.doc.ents:
            if ent.label_ not in ACTOR_LABELS or ent.label_ == "PERSON" \
                    or any(i in self._person_tokens for i in range(ent.start, ent.end)):
                continue
            m = self._entity_mention(ent, person_words)
            if m is not None:
                self.mentions.append(m)
        self.mentions.extend(self._gov_mentions())
        self._acronym_mentions()
        # datelines and agency bylines ("ASTANA. KAZINFORM --") name no actor
        doc = self.doc
        self.mentions = [m for m in self.mentions
                         if not in_dateline(doc_text(doc), doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))]
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        self.mentions = _drop_nested(self.mentions)

    def _add_person(self, ent: Span) -> None:
        """A PERSON entity with the title and country around it."""
        start, title, country = self._title_prefix(ent)
        c2, t2 = self._suffix_country(ent)
        c3, t3 = self._appos_title(ent, start)
        country = country or c2 or c3
        alt = t3 if title and t3 and t3 != title else None
        title = title or t2 or t3
        name = clean_name(list(ent), self.lex)
        if name:
            self.mentions.append(Mention(start, ent.end, ent.end - 1, name, "person", title, country, alt_title=alt))

    def _entity_mention(self, ent: Span, person_words: set[str]) -> Mention | None:
        """The mention an ORG / GPE / NORP entity makes, if any."""
        if ent.label_ in {"ORG", "GPE"} and not country_of(ent.text):
            words = {w.lower() for w in clean_name(list(ent), self.lex).split()}
            if words and words <= person_words and not (ent.label_ == "GPE" and _deps.capital_of(ent.text) is not None):
                start, title, country = self._title_prefix(ent)
                return Mention(start, ent.end, ent.end - 1, clean_name(list(ent), self.lex), "person", title, country)
        if ent.label_ == "ORG" and len(ent) <= 4 and country_of(ent.text) and not any(t.lower_ in self.lex.actors.org_words for t in ent):
            code = country_of(ent.text)  # "Paraguay, for its part, asked ...": a country the NER calls ORG
            return Mention(ent.start, ent.end, ent.end - 1, _deps.country_name(code) or ent.text, "country", None, code)
        if ent.label_ == "ORG":
            name = clean_name(list(ent), self.lex)
            if not name or self._not_a_body(ent):
                return None
            if all(w.lower() in self.lex.actors.portfolio_words | {"and", "of", "&"} for w in name.split()):
                return None  # "Minister of Foreign Affairs, African Cooperation and ...": a portfolio
            country = None
            for t in ent:
                if t.ent_type_ == "NORP":
                    country = country_of(t.text)
            return Mention(ent.start, ent.end, ent.end - 1, name, "organization", None, country or self._org_country(ent))
        code = country_of(ent.text)
        if ent.label_ == "GPE":
            if code:
                return Mention(ent.start, ent.end, ent.end - 1, _deps.country_name(code) or ent.text, "country", None, code)
            return Mention(ent.start, ent.end, ent.end - 1, ent.text, "other", None, _deps.place_country(ent.text))
        # NORP: a nationality word is an actor only when it heads a noun phrase ("the Chinese said")
        if code and ent.root.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "conj"} and ent.root.pos_ in {"PROPN", "NOUN"}:
            return Mention(ent.start, ent.end, ent.end - 1, _deps.country_name(code) or ent.text, "country", None, code)
        return None

    def _not_a_body(self, ent: Span) -> bool:
        """An ORG tag on a work or a gathering: 'Massawa Free Trade Zone', 'the Tehran
        Summit' name no one who meets, asks or promises. A legislature is a body
        ("National Assembly", "Congress")."""
        last = ent[-1].lemma_.lower()
        gatherings = self.lex.triggers.event_nouns - self.lex.actors.gathering_bodies
        return last in self.lex.actors.project_words or last in gatherings

    def _org_country(self, ent: Span) -> str | None:
        """'Government of Ghana', 'Ministry of Foreign Affairs of Vietnam': a national body
        names its country after a final "of" (the NER folds it into the ORG, so no tag marks
        it). A nationality in front ("Chinese Embassy") is left out: measured, it made an
        embassy yield to its ambassador as the source, which the annotators do not."""
        doc = self.doc
        for j in range(ent.end - 2, ent.start, -1):
            if doc[j].lower_ == "of":
                return country_of(doc[j + 1: ent.end].text)
        return None


def _given_name_syllable(tok: Token, name_len: int, never: frozenset[str]) -> bool:
    """'Han Duck-soo', 'Moon Jae-in': a Korean given name's second syllable is written in
    lower case after the hyphen. Only a short syllable after a name of two words or more,
    so "Modi-led" or "Biden-era" stays no name."""
    return name_len >= 2 and tok.is_lower and len(tok.text) <= 3 and tok.text not in never


def _drop_nested(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested inside an earlier (title-extended) person mention."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end and m.kind != "person":
            continue
        if kept and m.start < kept[-1].end and m.kind == "person" and kept[-1].kind == "person":
            continue
        if kept and m.kind == "person" and m.start < kept[-1].end:
            kept.pop()
        kept.append(m)
    return kept


def _merge_adjacent(spans: list[Span], particles: frozenset[str]) -> list[Span]:
    """Adjacent or overlapping pieces of one name become one span."""
    merged: list[Span] = []
    for sp in spans:
        if merged and sp.start == merged[-1].end and all(t.is_title or t.lower_ in particles for t in sp):
            merged[-1] = Span(sp.doc, merged[-1].start, sp.end, label="PERSON")
        elif merged and sp.start < merged[-1].end:
            if sp.end > merged[-1].end:
                merged[-1] = Span(sp.doc, merged[-1].start, sp.end, label="PERSON")
        else:
            merged.append(sp)
    return merged
