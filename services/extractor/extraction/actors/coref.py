"""Coreference and speakers: which entity a noun phrase, pronoun or description refers to.

Why a home-grown resolver: the small spaCy model has no coreference, and news
copy is regular enough that a salience/recency model with agreement checks
gets most references right:

* descriptions -- "the Chinese president", "the former prime minister" join
  the most recently mentioned person whose title shares the head noun (or a
  synonym) and whose country agrees with any nationality modifier;
* pronouns -- "he"/"she" prefer a person that is subject earlier in the same
  sentence, then the subject of the nearest earlier sentence, then the most
  recent person; "I"/"we" resolve to the speaker of the quote;
* speakers -- "..., X said" attributes a statement (and its pronouns) to X.

Resolution, pronouns and speakers stay together: each asks the others.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .. import _deps
from .._doccache import doc_text, sent_index, sent_of, sentences
from ..datelines import dateline_spans
from ..lexicon import ActorWords, Lexicon
from .clusters import cluster
from .mentions import find_mentions
from .model import FIRST_PRONOUNS, QUOTES, THIRD_PRONOUNS, Entity, Mention, country_of


def build_actors(doc: Doc, lex: Lexicon) -> "DocActors":
    """Mentions, clusters and the resolver for one parsed article (all three actor steps)."""
    mentions = find_mentions(doc, lex)
    return DocActors(doc, lex, mentions, cluster(mentions))


class DocActors:
    """Actor mentions and coreference clusters for one parsed article, and the resolver."""

    def __init__(self, doc: Doc, lex: Lexicon, mentions: list[Mention], entities: list[Entity]) -> None:
        self.doc = doc
        self.lex = lex
        self.mentions = mentions
        self.entities = entities
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        # set while a quote's speaker is sought, so a pronoun that is the speaker's subject does not ask again
        self._finding_quote_speaker = False
        self._countries_from_descriptions()

    def _countries_from_descriptions(self) -> None:
        """'Prime Minister X ... the Indian premier': a person introduced without a
        nationality takes the one a later (or earlier) description of their office gives
        ("the Indian premier", "Oman's foreign minister"), so a country's statement can yield
        to them as its speaker and clustering keeps nationalities apart. Only a description
        whose office the person's title holds (not "the Indian leader" for any titled person),
        and only a person no other description gives another country."""
        heads = self.lex.titles["description_heads"]
        found: dict[int, set[str]] = {}
        for t in self.doc:
            if t.pos_ not in {"NOUN", "PROPN"} or t.i in self.by_token or t.tag_ in {"NNS", "NNPS"}:
                continue
            lemma = t.lemma_.lower()
            words = [c.lower_ for c in t.children if c.dep_ in {"compound", "amod"} and c.i < t.i]
            key = " ".join(words[-1:] + [lemma]) if words and " ".join(words[-1:] + [lemma]) in heads else lemma
            if key not in heads or key in self.lex.actors.vague_description_heads:
                continue
            country = self._country_modifier(t)
            if country is None:
                continue
            eid = self._description(t)
            if eid is None:
                continue
            e = self.entity(eid)
            title = " ".join([e.title or ""] + e.alt_titles).lower()
            if e.kind == "person" and e.country is None and any(s in title for s in heads[key] if s != "leader"):
                found.setdefault(eid, set()).add(country)
        for eid, codes in found.items():
            if len(codes) == 1:
                self.entity(eid).country = codes.pop()

    # ------------------------------------------------------------ resolution
    def entity(self, eid: int) -> Entity:
        return self.entities[eid]

    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def resolve(self, token: Token, speaker: int | None = None) -> tuple[int | None, str]:
        """Entity id a noun-phrase head refers to, and how it was found.

        ``how`` is 'name', 'pronoun', 'description', 'speaker' or 'none' and
        feeds the confidence score. The tests run from the most to the least
        direct evidence; the first that finds something decides.
        """
        found = self._by_mention(token) or self._by_name_nearby(token) or self._by_title_or_group(token, speaker)
        if found is not None:
            return found
        low = token.lower_
        if low in THIRD_PRONOUNS and token.pos_ == "PRON":
            return self._pronoun(token), "pronoun"
        if low in FIRST_PRONOUNS and token.pos_ == "PRON":
            if speaker is None:
                speaker = self.quote_speaker(token)
            return speaker, "speaker"
        found = self._by_bare_country(token)
        if found is not None:
            return found
        if token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in self.lex.actors.org_words:
            eid = self._definite_org(token)
            if eid is None:
                eid = self._ministers_ministry(token)
            if eid is not None:
                return eid, "description"
        if low == "it" and token.pos_ == "PRON" and speaker is not None and self.entity(speaker).kind in {"country", "organization"}:
            return speaker, "speaker"  # "China said it will provide ..."
        if low == "it" and token.pos_ == "PRON" and speaker is not None and self.entity(speaker).kind == "person" \
                and self.entity(speaker).country and token.dep_ in {"nsubj", "nsubjpass"} and self._said_it(token):
            return self._country_entity(self.entity(speaker).country), "speaker"  # "Kuwait's Emir said it would lend"
        if low == "it" and token.pos_ == "PRON" and token.dep_ in {"nsubj", "nsubjpass"}:
            eid = self._body_antecedent(token)
            if eid is not None:
                return eid, "pronoun"
        found = self._by_description(token, speaker)
        return found if found is not None else (None, "none")

    def _by_mention(self, token: Token) -> tuple[int | None, str] | None:
        """The token is part of a mention (a capital in a subject or object slot stands for its government)."""
        m = self.mention_at(token)
        if m is not None:
            if m.kind == "other" and token.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "pobj"}:
                code = _deps.capital_of(m.name)
                if code is not None and not (token.dep_ == "pobj" and token.head.lower_ in {"in", "at", "from", "near", "into"}):
                    return self._country_entity(code), "name"  # "Paris agreed to extend a loan": the government
            return m.entity, "name"
        return None

    def _by_name_nearby(self, token: Token) -> tuple[int | None, str] | None:
        """A name inside or beside the phrase: apposition, compound, ', Name', an organisation's board."""
        # a name somewhere inside the phrase: apposition or compound
        for c in token.children:
            if c.dep_ in {"appos", "compound"}:
                m = self.mention_at(c)
                if m is not None and (m.kind == "person" or c.dep_ == "appos"):
                    return m.entity, "name"
        for c in token.children:
            if c.dep_ == "appos":
                for cc in c.subtree:
                    m = self.mention_at(cc)
                    if m is not None:
                        return m.entity, "name"
        if token.i + 2 < len(self.doc) and self.doc[token.i + 1].text == "," and token.pos_ == "NOUN":
            m = self.mention_at(self.doc[token.i + 2])
            if m is not None and m.kind == "person":
                return m.entity, "name"
        edge = self._posting_end(token.right_edge.i)
        if token.lower_ in self.lex.name_title_words and edge > token.i and edge + 2 < len(self.doc) \
                and self.doc[edge + 1].text == "," and all(t.lower_ != "," for t in self.doc[token.i: edge + 1] if t.dep_ == "punct" and t.head.i == token.i):
            # "the Minister of Foreign Trade and Tourism, Ana María Salcedo": the name after the portfolio
            m = self.mention_at(self.doc[edge + 2])
            if m is not None and m.kind == "person":
                return m.entity, "name"
        for c in token.children:
            if c.dep_ == "poss":
                m = self.mention_at(c)
                if m is not None and m.kind == "organization" and token.lemma_.lower() in self.lex.actors.governing_bodies:
                    return m.entity, "name"
        return None

    def _posting_end(self, edge: int) -> int:
        """'the Ambassador of China to Niger, X': the envoy's posting ("to" + a place), which
        the parser often hangs on the verb, belongs to the title phrase before the name."""
        doc = self.doc
        if edge + 2 < len(doc) and doc[edge + 1].lower_ == "to" and doc[edge + 2].pos_ == "PROPN":
            k = edge + 2
            while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN" and k - edge < 5:
                k += 1
            return k
        return edge

    def _by_title_or_group(self, token: Token, speaker: int | None) -> tuple[int | None, str] | None:
        """'the Minister of X', 'a delegation headed by Y', 'a group of Moroccan diplomats'."""
        if token.lower_ in self.lex.name_title_words:
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        m = self.mention_at(p)
                        if p.dep_ == "pobj" and m is not None and m.kind in {"organization", "country"}:
                            holder = self._office_holder(token, m.country)
                            return (holder, "description") if holder is not None else (m.entity, "description")
        if token.lemma_.lower() in {"delegation", "team", "mission"}:
            # "a delegation from X headed by Y": the head of the delegation is the actor
            for c in token.children:
                if c.dep_ == "acl" and c.lemma_.lower() in {"head", "lead"}:
                    for a in c.children:
                        if a.dep_ == "agent":
                            for p in a.children:
                                m = self.mention_at(p)
                                if p.dep_ == "pobj" and m is not None and m.kind == "person":
                                    return m.entity, "name"
        if token.lemma_.lower() in self.lex.actors.member_group_nouns:
            # "a group of Moroccan diplomats": the members are the actor
            for c in token.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            eid, how = self.resolve(p, speaker)
                            if eid is not None:
                                return eid, how
        return None

    def _office_holder(self, token: Token, country: str | None) -> int | None:
        """'the finance minister of Pakistan' when the story names 'Finance Minister X': the
        one person whose title holds the whole description (portfolio and title) and who
        is of that country or of none given is the actor, the most specific one; an
        unnamed office stays with its country or body."""
        words = [c.lower_ for c in token.children if c.dep_ in {"compound", "amod"} and c.i < token.i]
        if not words:
            return None
        phrase = " ".join(words + [token.lower_])
        found = {m.entity for m in self.mentions if m.kind == "person" and m.entity >= 0
                 and phrase in self.doc[m.start:m.end].text.lower()
                 and self.entity(m.entity).country in {None, country}}
        return found.pop() if len(found) == 1 else None

    def _by_bare_country(self, token: Token) -> tuple[int | None, str] | None:
        """A country name the NER missed ('March 6 - Japan pledged ...')."""
        if token.pos_ == "PROPN" and token.is_title:
            code = country_of(token.text)
            if code is None and token.i > 0 and self.doc[token.i - 1].dep_ == "compound":
                code = country_of(self.doc[token.i - 1: token.i + 1].text)
            if code is not None:
                return self._country_entity(code), "name"
        return None

    def _by_description(self, token: Token, speaker: int | None) -> tuple[int | None, str] | None:
        """'the Chinese president', 'the government', 'officials from the ministry', 'Moroccan diplomats'."""
        if token.pos_ in {"NOUN", "PROPN"}:
            eid = self._description(token)
            if eid is not None:
                return eid, "description"
            if token.lemma_.lower() in self.lex.government_nouns:
                country = self._country_modifier(token) or self._possessor_country(token)
                if country:
                    return self._country_entity(country), "description"
                if speaker is not None and self._is_own_side(token):
                    return speaker, "speaker"
                code = self._story_country() if self._bare_government(token) else None
                if code:
                    return self._country_entity(code), "description"
            # "leaders of Romania's new government", "representatives of the AU"
            person_like = token.lemma_.lower() in self.lex.actors.group_nouns or token.lower_ in self.lex.name_title_words
            for c in (token.children if person_like else []):
                # ... and "transport ministers from Kenya", "officials from the ministry"
                if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "from" and token.tag_ in {"NNS", "NNPS"})):
                    for p in c.children:
                        if p.dep_ != "pobj":
                            continue
                        m = self.mention_at(p)
                        if m is not None and m.kind in {"organization", "country"}:
                            return m.entity, "description"
                        if p.lemma_.lower() in self.lex.government_nouns:
                            code = self._country_modifier(p)
                            if code:
                                return self._country_entity(code), "description"
            # "Moroccan diplomats", "a Chinese delegation": the most specific actor given is the country
            if token.lemma_.lower() in self.lex.actors.group_nouns:
                code = self._country_modifier(token)
                head = self._delegation_leader(token, code)
                if head is not None:
                    return head, "description"
                if code:
                    return self._country_entity(code), "description"
        return None

    def _delegation_leader(self, token: Token, code: str | None) -> int | None:
        """'the Chinese delegation' after 'China's Vice Minister Li Shuping' was introduced:
        a definite delegation of a nationality points back to the visiting official of that
        country, the most recent titled person of it named before. An indefinite one ("a
        Chinese delegation") is new to the story and stays the country."""
        if code is None or token.lemma_.lower() not in {"delegation", "team", "mission"} or token.tag_ in {"NNS", "NNPS"}:
            return None
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children):
            return None
        best = None
        for m in self.mentions:
            if m.kind != "person" or m.start >= token.i:
                continue
            e = self.entity(m.entity)
            if e.country == code and e.title:
                best = m.entity
        return best

    def _said_it(self, token: Token) -> bool:
        """Is ``token`` the subject of the clause a reporting verb governs ('X said it would')?"""
        clause = token.head
        return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in self.lex.reporting_verbs

    def _body_antecedent(self, token: Token) -> int | None:
        """'The council expressed concern. It called for ...': a subject "it" stands for the
        body or country that is subject before it, in its own sentence or the two before
        (a person is never "it")."""
        sents = sentences(self.doc)
        idx = sent_index(self.doc, token.i)
        for k in range(idx, max(-1, idx - 3), -1):
            found = None
            for t in sents[k]:
                if t.i >= token.i:
                    break
                if t.dep_ not in {"nsubj", "nsubjpass"} or t.lower_ == "it":
                    continue
                m = self.mention_at(t)
                eid = m.entity if m is not None else None
                if eid is None and t.pos_ in {"NOUN", "PROPN"} and t.lemma_.lower() in self.lex.actors.org_words:
                    eid = self._definite_org(t)
                if eid is not None and self.entity(eid).kind in {"organization", "country"}:
                    found = eid
                elif eid is not None or (t.pos_ in {"NOUN", "PROPN"} and k == idx):
                    found = None  # a nearer subject that is no body: "it" is not ours to resolve
            if found is not None:
                return found
            if any(t.dep_ in {"nsubj", "nsubjpass"} and self.mention_at(t) is not None for t in sents[k] if t.i < token.i):
                return None
        return None

    def _ministers_ministry(self, token: Token) -> int | None:
        """'"We call on ...," the foreign ministry said' where no ministry was named: the
        government of the foreign minister named most recently before (of known nationality),
        standing for its ministry."""
        if token.lemma_.lower() != "ministry" or token.tag_ in {"NNS", "NNPS"} \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        words = [c.lower_ for c in token.children if c.dep_ in {"amod", "compound"} and c.i < token.i]
        if len(words) != 1 or words[0] not in self.lex.actors.portfolio_words:
            return None
        office = f"{words[0]} minister"
        best = None
        for m in self.mentions:
            if m.kind == "person" and m.start < token.i and office in (m.title or "").lower() and self.entity(m.entity).country:
                best = self.entity(m.entity).country
        return self._country_entity(best) if best else None

    def _definite_org(self, token: Token) -> int | None:
        """'the Fund', 'the ministry', 'the bank': the most recent organisation named so far
        whose name has that word ("Saudi Fund for Development"). Only with a definite
        article and no other modifier: "a development bank" names no particular one."""
        if token.tag_ in {"NNS", "NNPS"} or not any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in token.children):
            return None
        if any(c.dep_ in {"amod", "compound", "poss", "nmod"} for c in token.children):
            return None
        word = token.lemma_.lower()
        best = None
        for m in self.mentions:
            if m.kind != "organization" or m.start >= token.i:
                continue
            if word in {w.lower() for w in m.name.split()}:
                best = m
        return best.entity if best is not None else None

    def _possessor_country(self, token: Token) -> str | None:
        """'his government': the country of the person the possessive pronoun refers to."""
        for c in token.children:
            if c.dep_ == "poss" and c.lower_ in {"his", "her"}:
                eid = self._pronoun(c)
                if eid is not None:
                    return self.entity(eid).country
        return None

    def _bare_government(self, token: Token) -> bool:
        """'(the) government is seeking $3 billion': a government no word ties to a country
        (no nationality, possessor or "of"), in a sentence with no speaker."""
        return token.lemma_.lower() == "government" and token.tag_ not in {"NNS", "NNPS"} \
            and all(c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in token.children if c.i < token.i) \
            and not any(c.dep_ == "prep" for c in token.children)

    def _story_country(self) -> str | None:
        """The country the article is about: its dateline's ('AMMAN --'), else the one with
        most mentions over every actor that carries one (the country, its government, its
        officials); None on a tie."""
        text = doc_text(self.doc)
        for lo, hi in dateline_spans(text)[:1]:
            words = [w for w in re.split(r"[^\w'’.-]+", text[lo:hi]) if w[:1].isupper()]
            for name in [" ".join(words)] + words:  # "NEW DELHI", else its words ("ADDIS ABABA, Ethiopia")
                name = name.title() if name.isupper() else name
                code = _deps.place_country(name) or _deps.country_code(name) if name else None
                if code:
                    return code
        counts: dict[str, int] = {}
        for e in self.entities:
            if e.country and e.positions:
                counts[e.country] = counts.get(e.country, 0) + len(e.positions)
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None
        return max(counts, key=lambda c: counts[c])

    def _is_own_side(self, token: Token) -> bool:
        return any(c.lower_ in {"the", "our", "incumbent", "this"} or c.lemma_ in {"incumbent"} for c in token.children) or token.lower_ == "incumbent"

    def _country_entity(self, code: str) -> int:
        for e in self.entities:
            if e.kind == "country" and e.country == code:
                return e.id
        e = Entity(len(self.entities), "country", [_deps.country_name(code) or code], None, code, [])
        self.entities.append(e)
        return e.id

    def country_entity(self, code: str) -> int:
        """Entity id for a country (created on demand)."""
        return self._country_entity(code)

    def _country_modifier(self, token: Token) -> str | None:
        for c in token.children:
            if c.dep_ in {"amod", "compound", "poss", "nmod"} and (c.ent_type_ in {"NORP", "GPE"} or c.pos_ == "PROPN"):
                code = country_of(c.text)
                if code:
                    return code
            if c.dep_ == "prep" and c.lower_ in {"of", "to"}:
                continue
        return None

    def _from_country(self, token: Token) -> str | None:
        """'his counterpart from Oman', '... from traditional mediator Oman': the country
        named after "from" (or "of")."""
        preps = [c for c in token.children if c.dep_ == "prep"]
        # the parser often hangs the "from" phrase on the verb: "hosted his counterpart from Oman"
        preps += [c for c in token.head.children if c.dep_ == "prep" and c.i == token.right_edge.i + 1 and c.lower_ == "from"]
        for c in preps:
            if c.lower_ in {"from", "of"}:
                for p in c.children:
                    for t in (p.subtree if p.dep_ == "pobj" else []):
                        m = self.mention_at(t)  # "from traditional mediator Oman"
                        if m is not None and m.kind == "country":
                            return m.country
        return None

    def counterparts(self, token: Token) -> list[int]:
        """'his Iranian and Turkish counterparts': one person per coordinated nationality (empty
        unless the plural noun names two or more)."""
        if token.lemma_.lower() != "counterpart" or token.tag_ not in {"NNS", "NNPS"}:
            return []
        adjs = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"}]
        codes: list[str] = []
        for a in adjs + [x for a in adjs for x in a.conjuncts]:
            code = country_of(a.text)
            if code and code not in codes:
                codes.append(code)
        found = [self._counterpart(token, code) for code in codes] if len(codes) >= 2 else []
        return [e for e in found if e is not None]

    def _counterpart(self, token: Token, country: str | None = None) -> int | None:
        """'his Samoan counterpart': the person of that nationality nearest to the phrase,
        looking a few sentences ahead too (the name often follows: "X hosted Samoan Prime
        Minister Y"); never the possessor. Without a nationality: unresolved."""
        country = country or self._country_modifier(token) or self._from_country(token)
        if country is None:
            return None
        owner = None
        for c in token.children:
            if c.dep_ == "poss":
                owner, _ = self.resolve(c) if c.lower_ not in THIRD_PRONOUNS else (self._pronoun(c), "")
        window = token.i + 120
        best: tuple[int, int] | None = None
        for m in self.mentions:
            if m.kind != "person" or m.entity == owner or m.start > window:
                continue
            if self.entity(m.entity).country != country:
                continue
            dist = abs(m.start - token.i) + (0 if m.start < token.i else 5)
            if best is None or dist < best[0]:
                best = (dist, m.entity)
        return best[1] if best else None

    def _description(self, token: Token) -> int | None:
        """'the Chinese president', 'the former prime minister', 'the visiting President'."""
        heads = self.lex.titles["description_heads"]
        generic = self.lex.generic_description_heads
        words = [c.lower_ for c in token.children if c.dep_ in {"compound", "amod"} and c.i < token.i]
        lemma = token.lemma_.lower()
        if lemma == "counterpart":
            return self._counterpart(token)
        phrase = " ".join(words[-1:] + [lemma]) if words else lemma
        key = phrase if phrase in heads else (lemma if lemma in heads or lemma in generic else None)
        if key is None and lemma == "head":
            # "the Ivorian head of government", "the head of state"
            office = [f"head of {p.lemma_.lower()}" for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"]
            key = next((o for o in office if o in generic or o in heads), None)
        if key is None:
            if token.lower_ in self.lex.actors.premier_words:
                key = "premier"
            else:
                return None
        if token.morph.get("Number") == ["Plur"] or token.tag_ in {"NNS", "NNPS"}:
            return None
        has_det = any(c.dep_ in {"det", "poss"} for c in token.children)
        if not has_det and token.pos_ != "PROPN" and not (token.is_title and token.i == sent_of(token).start):
            return None
        # a title directly followed by a name is part of that name's mention
        country = self._country_modifier(token)
        synonyms = set(heads.get(key, [key]))
        candidates = []
        for e in self.entities:
            if e.kind != "person":
                continue
            if country and e.country and e.country != country:
                continue
            title = " ".join([e.title or ""] + e.alt_titles).lower()
            desc_words = set(words) | {lemma, token.lower_}
            if any(w in title.split() and w not in desc_words for w in self.lex.actors.deputy_words):
                continue  # "the PM" is not the deputy prime minister
            if "prime" in title.split() and "prime" not in desc_words and key not in self.lex.actors.head_of_government_keys:
                continue
            if key in generic or key == "leader" or any(s in title for s in synonyms) or (title and title in synonyms):
                candidates.append(e)
        if country and not any(e.country == country for e in candidates):
            # "her Guatemalan counterpart, Carlos Orellana ... The Guatemalan minister": the
            # nationality is known but the title never was; a person of that country, untitled,
            # beats a titled one whose nationality the text never gave
            untitled = [e for e in self.entities if e.kind == "person" and e.country == country and not e.title
                        and any(p < token.i for p in e.positions)]
            candidates = untitled or candidates
        if not candidates:
            return None
        if country and any(e.country == country for e in candidates):
            # "the Nepalese minister": a minister known to be Nepalese beats a more recent
            # minister whose country the text never gave
            candidates = [e for e in candidates if e.country == country]
        before = [(max(p for p in e.positions if p < token.i), e) for e in candidates if any(p < token.i for p in e.positions)]
        if before:
            return max(before, key=lambda x: x[0])[1].id
        return min(candidates, key=lambda e: e.positions[0]).id

    def _pronoun(self, token: Token, depth: int = 0) -> int | None:
        """he/she: the nearest subject before it in the same sentence (a name or an
        already-resolved pronoun), else the subject of the nearest earlier sentence
        that has one, else the most recent person. Inside a quote the speaker is
        excluded (a speaker says "I", not "he")."""
        sent = sent_of(token)
        excluded = set()
        for c in token.head.children:
            m = self.mention_at(c)
            if c.i != token.i and m is not None:
                excluded.add(m.entity)
        if depth == 0 and _inside_quote(self.doc, token) and not self._finding_quote_speaker:
            # guarded: a pronoun that is itself the speaker's subject ('"...," he said') would
            # ask for the speaker again, without end
            self._finding_quote_speaker = True
            try:
                sp = self.speaker_of_sentence(sent)
            finally:
                self._finding_quote_speaker = False
            if sp is not None:
                excluded.add(sp)
        found = self._pronoun_among(token, sent, depth, excluded)
        if depth == 0 and found is not None and _is_spokesperson(self.lex.actors, self.entity(found)) \
                and token.head.lemma_.lower() in self.lex.meeting["verbs"]:
            # "He met the prime minister": a spokesperson reports what others do, so when
            # the nearest subject is the one briefing, the one who met is the senior
            # official the story is about (a person holding office by title)
            others = {e.id for e in self.entities if e.kind == "person" and not _is_senior(self.lex.actors, e)}
            senior = self._pronoun_among(token, sent, depth, excluded | others)
            if senior is not None:
                return senior
        return found

    def _pronoun_among(self, token: Token, sent: Span, depth: int, excluded: set[int]) -> int | None:
        """The antecedent search of ``_pronoun`` with ``excluded`` entities skipped."""
        subj = self._sentence_subject(sent, before=token.i, depth=depth, excluded=excluded)
        if subj is not None:
            return subj
        sents = sentences(self.doc)
        idx = sent_index(self.doc, sent.start)
        for k in range(idx - 1, max(-1, idx - 6), -1):
            e = self._sentence_subject(sents[k], before=None, depth=depth, excluded=excluded)
            if e is not None:
                return e
            ms = [m for m in self.mentions if m.kind == "person" and sents[k].start <= m.start < sents[k].end and m.entity not in excluded]
            if ms:
                return ms[0].entity
        same = [m for m in self.mentions if m.kind == "person" and sent.start <= m.start and m.end <= token.i and m.entity not in excluded]
        if same:
            return same[-1].entity
        earlier = [m for m in self.mentions if m.kind == "person" and m.end <= token.i and m.entity not in excluded]
        return earlier[-1].entity if earlier else None

    def _sentence_subject(self, sent: Span, before: int | None, depth: int, excluded: set[int]) -> int | None:
        """The person that is grammatical subject in ``sent`` (nearest before ``before``)."""
        found = None
        for t in sent:
            if before is not None and t.i >= before:
                break
            if t.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            m = self.mention_at(t)
            eid = None
            if m is not None and m.kind == "person":
                eid = m.entity
            elif t.lower_ in THIRD_PRONOUNS and t.pos_ == "PRON" and depth < 3:
                eid = self._pronoun(t, depth + 1)
            elif t.pos_ in {"NOUN", "PROPN"}:
                d = self._description(t)
                if d is not None:
                    eid = d
            if eid is not None and eid not in excluded:
                found = eid
                if before is None:
                    return found
        return found

    # ------------------------------------------------------------ speakers
    def speaker_of(self, token: Token) -> int | None:
        """The entity whose words contain ``token`` (reported or quoted speech). A person
        the next sentence names as having said "this" outranks a relaying outlet or body
        ("..., Azernews reports. Foreign Minister X announced this ...")."""
        found = self._attributed_speaker(token)
        if found is None or self.entity(found).kind != "person":
            sent = sent_of(token)
            if sent.end < len(self.doc):
                later = self._demonstrative_attribution(sent_of(self.doc[sent.end]))
                if later is not None:
                    return later
        return found

    def _attributed_speaker(self, token: Token) -> int | None:
        t = token
        seen = 0
        while t.head.i != t.i and seen < 30:
            child, t = t, t.head
            seen += 1
            if t.lemma_.lower() in self.lex.reporting_verbs and child.dep_ in {"ccomp", "xcomp", "parataxis", "advcl", "dobj", "conj"}:
                subj = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if not subj and (t.dep_ == "conj" or (t.dep_ == "advcl" and t.tag_ == "VBG")):
                    # "X pressed Y ... and said the US would provide": the shared subject;
                    # "X held talks with Y, saying China will ...": the participle's subject
                    subj = [c for c in t.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
                for c in subj:
                    if c.lower_ in {"who", "that"} and t.dep_ == "relcl":
                        c = t.head  # "Premier Li, who said China will ...": the relative's antecedent
                    eid, _ = self.resolve(c)
                    if eid is not None:
                        return eid
        sent = sent_of(token)
        for t in sent:
            if t.lemma_.lower() in self.lex.reporting_verbs and t.pos_ == "VERB":
                subj = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subj and not (subj[0].i <= token.i < subj[0].right_edge.i + 1):
                    eid, _ = self.resolve(subj[0])
                    if eid is not None:
                        return eid
        # a quote whose attribution sits in the next sentence
        if any(ch in sent.text for ch in QUOTES):
            nxt = self.doc[sent.end: sent.end + 1]
            if len(nxt) and sent.end < len(self.doc):
                return self.speaker_of_sentence(sent_of(self.doc[sent.end]))
        return None

    def _demonstrative_attribution(self, sent: Span) -> int | None:
        """'Kazakhstan is ready to ... . Foreign Minister X announced this during ...': the
        next sentence attributes the statement by a demonstrative object, so its subject
        is the speaker (only a person: a country announcing 'this' is no more specific)."""
        for t in sent:
            if t.lemma_.lower() in self.lex.reporting_verbs and t.pos_ == "VERB" \
                    and any(c.dep_ == "dobj" and c.lower_ in {"this", "that"} for c in t.children):
                for c in t.children:
                    if c.dep_ == "nsubj":
                        eid, _ = self.resolve(c)
                        if eid is not None and self.entity(eid).kind == "person":
                            return eid
        return None

    def quote_speaker(self, token: Token) -> int | None:
        """Speaker of a quote with no attribution in its own sentence: the next or previous one."""
        sents = sentences(self.doc)
        idx = sent_index(self.doc, token.i)
        for k in (idx + 1, idx - 1):
            if 0 <= k < len(sents):
                sp = self.speaker_of_sentence(sents[k])
                if sp is not None:
                    return sp
        return None

    def speaker_of_sentence(self, sent: Span) -> int | None:
        for t in sent:
            if t.lemma_.lower() in self.lex.reporting_verbs and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ == "nsubj":
                        eid, _ = self.resolve(c)
                        if eid is not None:
                            return eid
                # inverted attribution: '..., declared Lula.'
                for c in t.rights:
                    m = self.mention_at(c)
                    if m is not None and m.kind == "person":
                        return m.entity
        return None


def _is_spokesperson(words: ActorWords, e: Entity) -> bool:
    """A person introduced as a spokesperson (their title names the role)."""
    if e.kind != "person":
        return False
    titles = [e.title or ""] + list(e.alt_titles)
    return any(w in words.spokesperson_words for t in titles for w in t.lower().split())


def _is_senior(words: ActorWords, e: Entity) -> bool:
    """Holds a government office by title ("Foreign Minister"), not e.g. a party "chief"."""
    titles = [e.title or ""] + list(e.alt_titles)
    return not _is_spokesperson(words, e) and any(w in words.senior_words for t in titles for w in t.lower().split())


def _inside_quote(doc: Doc, tok: Token) -> bool:
    """True when an opening quote mark before the token (in its paragraph) is still open."""
    text = doc_text(doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    seg = text[start: tok.idx]
    straight = seg.count('"') % 2 == 1
    return straight or seg.count("“") > seg.count("”")
