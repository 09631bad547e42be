"""The argument stage's rules: each trigger candidate becomes a ``Resolved`` claim.

Why one pass per article in text order: a meeting's date may be "the same
day" as the meeting before it, and "both sides" of a standing body's session
are the countries of the meeting just told, so the resolver carries that much
state from one candidate to the next. Modality is decided first (negated and
hypothetical candidates give no claim), then the roles: participants for a
meeting, source and target for a request or pledge, with date, place, amount
and content from ``arguments``.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from ._doccache import doc_text, sent_index, sentences
from .actors import DocActors
from .arguments import (Resolved, amount_for, content_of, dateline, is_plural_ref, meeting_date,
                        meeting_location, resolve_tokens, visit_destination, with_member_conjuncts)
from .lexicon import Lexicon
from .modality import classify, in_quote, predicted, reported
from .syntax import plural_subject, pobjs, with_conj
from .targets import addressee, content_target, counterpart, group_addressee, main_other_country, signed_donor
from .triggers import Candidate
from .triggers.meeting import session_of_body

Roles = list[tuple[int, str]]  # (entity id, how it was found)


def resolve_candidates(doc: Doc, cands: list[Candidate], actors: DocActors, lex: Lexicon,
                       base: dt.date | None) -> list[Resolved]:
    """Resolved claims for the candidates, in their order (dropped: negated, hypothetical,
    forecast, mutual or ownerless ones). ``base`` is the publication date."""
    return ArgumentResolver(doc, actors, lex, base).resolve_all(cands)


class ArgumentResolver:
    """Resolves one article's candidates, remembering the meetings told so far."""

    def __init__(self, doc: Doc, actors: DocActors, lex: Lexicon, base: dt.date | None) -> None:
        self.doc, self.actors, self.lex, self.base = doc, actors, lex, base
        self.words = lex.arguments
        self.sents = sentences(doc)
        home = dateline(doc)
        self.home_country = home[1] if home else None
        self.meetings: list[Resolved] = []
        self.last_date: dt.date | None = None

    def resolve_all(self, cands: list[Candidate]) -> list[Resolved]:
        out = []
        for cand in cands:
            r = self._claim(cand)
            if r is None:
                continue
            r = self._meeting(r) if cand.type == "meeting" else self._request_or_pledge(r)
            if r is not None:
                out.append(r)
        return out

    def _claim(self, cand: Candidate) -> Resolved | None:
        """The candidate with its modality, speaker and discourse flags; None when it states nothing."""
        doc, lex = self.doc, self.lex
        anchor = doc[cand.anchor]
        speaker = self.actors.speaker_of(anchor)
        is_reported = speaker is not None or reported(anchor, self.lex.reporting_verbs) or in_quote(doc, anchor)
        modality = classify(anchor, lex, is_reported, deontic_ok=cand.frame == "must")
        if modality in {"negated", "hypothetical"}:
            return None
        if cand.type == "pledge" and predicted(anchor, self.words.prediction_words):
            return None  # "X is expected to offer aid": a forecast, not an undertaking
        r = Resolved(cand, sent_index(doc, cand.anchor), modality, speaker=speaker)
        # "He also reiterated X's commitment to ...": for a noun trigger the adverb sits on its verb
        gov = [anchor, anchor.head] if cand.nominal and anchor.dep_ in {"dobj", "nsubj", "nsubjpass"} else [anchor]
        r.also = any(c.lower_ in self.words.additive_adverbs and c.dep_ == "advmod" for g in gov for c in g.children) \
            or _additional_object(anchor)
        r.again = any(c.lower_ == "again" for c in anchor.children)
        r.earlier = any(c.lower_ in self.words.earlier_adverbs and c.dep_ == "advmod"
                        and not _discourse_earlier(c) for c in anchor.children)
        return r

    # ------------------------------------------------------------ meetings
    def _meeting(self, r: Resolved) -> Resolved:
        doc, cand, k = self.doc, r.cand, r.sent_index
        res = self._participants(r)
        r.participants = [e for e, _ in res]
        r.how = [h for _, h in res]
        planned = r.modality == "planned"
        r.date, r.date_explicit = meeting_date(doc, cand, self.sents, k, self.base, planned, self.last_date, self.words)
        if r.earlier and not r.date_explicit:
            r.date = None  # "last met in January": no day, and not the day of this story's meeting
        if r.date_explicit:
            self.last_date = r.date
            if r.modality == "asserted" and self.base is not None and r.date is not None and r.date > self.base:
                r.modality = "planned"  # "receives on May 2" in copy of April 30: still to come
        r.location = meeting_location(doc, cand, self.sents[k], self.actors, self.words) or \
            visit_destination(doc, self.sents, k, doc[cand.anchor], r.participants, self.actors, self.words)
        self.meetings.append(r)
        return r

    def _participants(self, r: Resolved) -> Roles:
        """Who met: the parse's subject and counterparts, a bilateral body's two countries,
        the speaker's side, or persons named in the same sentence."""
        doc, actors, cand, speaker = self.doc, self.actors, r.cand, r.speaker
        toks = with_member_conjuncts(cand.subj + cand.objs + self._participation(doc[cand.anchor]), doc, actors)
        toks = [j for i in toks for j in _named_apposition(doc[i], actors)]
        res = resolve_tokens(toks, doc, actors, speaker)
        res += [(e, "description") for i in toks for e in actors.counterparts(doc[i])]
        res = [r for k, r in enumerate(res) if all(r[0] != x for x, _ in res[:k])]
        plural = [doc[i] for i in toks if is_plural_ref(doc[i])]
        if cand.pair_codes:
            # a bilateral body's meeting: its two countries, whoever the clause's subject is
            res, plural = [(actors.country_entity(c), "name") for c in cand.pair_codes], []
        pair = self._sides_countries(cand) if plural and not cand.pair_codes else []
        if pair:
            # "Both sides agreed to hold the next session of the working group": a sitting
            # of a bilateral body is between the two countries, not the two officials
            res, plural = [(actors.country_entity(c), "description") for c in pair], []
        if plural and _speaker_side(cand, doc, res, speaker, actors):
            # "In the talks with Xi, the two countries agreed ..., Ruto said": the
            # speaker is the other side of talks with a named counterpart
            res = res if any(e == speaker for e, _ in res) else res + [(speaker, "speaker")]
            plural = []
        if plural:
            cand.restatement = True
            r.plural_head = plural[0].lemma_.lower()
        if len(res) < 2 and not cand.restatement:
            res = _fill_from_sentence(res, self.sents[r.sent_index], actors, cand)
        return res

    def _participation(self, anchor: Token) -> list[int]:
        """'A and B will meet on Monday with the participation of C and D': C and D are at the
        same meeting, named in a phrase hanging off the trigger or the clause it heads or
        is an argument of (so not 'with' counterparts)."""
        nouns = set(self.lex.meeting.get("participation_nouns", {}).get("words", []))
        heads = [anchor] + ([anchor.head] if anchor.dep_ in {"nsubj", "nsubjpass", "dobj"} else [])
        return [t.i for h in heads for n in pobjs(h, {"with", "in"}) if n.lemma_.lower() in nouns
                for t in with_conj(pobjs(n, {"of"}))]

    def _sides_countries(self, cand: Candidate) -> list[str]:
        """The two countries behind "both sides" when they agree to hold a session of a standing
        body ("the next session of the bilateral working group"): the countries of the previous
        meeting's participants, a participant of unknown nationality taking the article's most
        mentioned other country. Empty unless exactly two countries come out."""
        noun = self.doc[cand.span[1] - 1]
        words = self.lex.triggers
        if noun.lemma_.lower() not in words.session_nouns or not session_of_body(noun, words) or not self.meetings:
            return []
        codes: list[str] = []
        unknown = 0
        for eid in self.meetings[-1].participants:
            c = self.actors.entity(eid).country
            if c is None:
                unknown += 1
            elif c not in codes:
                codes.append(c)
        if unknown:
            counts = sorted(((len(e.positions), e.country) for e in self.actors.entities
                             if e.kind == "country" and e.country and e.country not in codes), reverse=True)
            codes += [c for _, c in counts[:unknown]]
        return codes if len(codes) == 2 else []

    # ------------------------------------------------------------ requests and pledges
    def _request_or_pledge(self, r: Resolved) -> Resolved | None:
        doc, actors, cand = self.doc, self.actors, r.cand
        src_toks = cand.subj or cand.from_source
        res = resolve_tokens(src_toks, doc, actors, r.speaker)
        if cand.type == "pledge" and src_toks and not cand.from_source and plural_subject([doc[i] for i in src_toks]):
            return None  # "the two leaders vowed ...": a mutual commitment, not one side's pledge
        r.source, how = self._source(r, src_toks, res)
        joint = r.source is None and cand.type == "request" and bool(src_toks) and all(is_plural_ref(doc[i]) for i in src_toks)
        if joint:
            r.source, how = self._joint_source(r)
        r.how = [how] if r.source is not None else []
        crowd = self.lex.request["anonymous_askers"]["words"]
        if r.source is None and cand.type == "request" and src_toks and all(
                any(t.lemma_.lower() in crowd for t in [doc[i], *pobjs(doc[i], {"of"})]) for i in src_toks):
            return None  # "thousands of protesters demanding ...": an anonymous crowd asks nobody
        if r.source is None and cand.frame in {"future", "intent", "give"}:
            return None  # "temperatures will continue": an undertaking needs someone to undertake it
        tgt = [e for e, _ in resolve_tokens(cand.objs, doc, actors, r.speaker) if e != r.source]
        if not tgt and cand.type == "request":
            r.target_name = group_addressee(doc[cand.anchor], actors, self.lex.request["group_addressee"])
        r.target = tgt[0] if tgt else None if r.target_name else self._implied_target(r)
        if joint and r.source is not None and r.target in self.meetings[-1].participants:
            r.target = None  # the co-author of a joint request is not the one asked
        if cand.frame == "give" and doc[cand.anchor].lemma_.lower() == "sign" \
                and signed_donor(r.source, r.target, self.home_country, actors):
            r.source, r.target = r.target, r.source  # "Ethiopia signed grant agreements with Denmark"
        r.content, r.content_key = content_of(doc, cand.content_head, self.words)
        r.amount = amount_for(doc, cand, self.sents[r.sent_index])
        if r.amount is not None:
            # the sum is this trigger's own argument, not a neighbouring clause's
            anchor = doc[cand.anchor]
            lo, hi = anchor.left_edge.idx, anchor.right_edge.idx + len(anchor.right_edge)
            r.amount_own = getattr(r.amount, "text", "") in doc_text(doc)[lo:hi]
        return r

    def _implied_target(self, r: Resolved) -> int | None:
        """The party asked or promised to when the frame names none: inside the claim's
        content, else the addressee of the speech carrying it, else the counterpart of the
        meeting it was made at (``targets``)."""
        anchor = self.doc[r.cand.anchor]
        found = content_target(anchor, self.words.target_preps, r.source, self.actors, r.speaker)
        if found is None:
            verbs = self.lex.reporting_verbs | self.words.addressing_verbs
            found = addressee(anchor, verbs, r.source, self.actors, r.speaker)
        if found is None:
            found = counterpart([m.participants for m in self.meetings], r.source, self.actors)
        if found is None:
            found = main_other_country(r.source, self.actors)
        return found

    def _reported_act(self, anchor: Token) -> bool:
        """Is the claim an act its own side did elsewhere, which the speaker only reports
        ("Cavusoglu said Ankara had proposed ...": Ankara is the source; GUIDELINES: speech
        act or report)? Not inside a quotation, where the speaker's words are the act."""
        return _reported_past(anchor) and not in_quote(self.doc, anchor)

    def _joint_source(self, r: Resolved) -> tuple[int | None, str]:
        """'The presidents have urged ...' after their meeting: a joint request's source is
        the first-named party of the meeting just told (GUIDELINES, joint statements)."""
        if self.meetings and r.sent_index - self.meetings[-1].sent_index <= 2 and self.meetings[-1].participants:
            return self.meetings[-1].participants[0], "description"
        return None, "name"

    def _source(self, r: Resolved, src_toks: list[int], res: Roles) -> tuple[int | None, str]:
        """Who asks or promises: the named subject, else the speaker; a country or body of the
        speaker's own nationality yields to the speaker (the most specific actor)."""
        doc, actors, cand, speaker = self.doc, self.actors, r.cand, r.speaker
        source, how = None, "name"
        if res:
            source, how = res[0]
        elif speaker is not None and not cand.nominal and (
                cand.type == "pledge" and (not src_toks or cand.passive)
                or src_toks and all(_self_reference(doc[i], self.words.self_nouns) for i in src_toks)):
            # "the bloc would invest ...", "saying that it will support X", "We call on
            # Kiev ...", the statement said: the speaker's own side, unnamed, is the speaker
            source, how = speaker, "speaker"
        if source is not None and speaker is not None and source != speaker:
            es, ep = actors.entity(source), actors.entity(speaker)
            if es.kind in {"country", "organization"} and ep.kind == "person" and es.country and es.country == ep.country \
                    and not self._reported_act(doc[cand.anchor]):
                source, how = speaker, "speaker"
            elif es.kind == "country" and ep.kind == "person" and ep.country is None and ep.title \
                    and (es.country == self.home_country or cand.type == "pledge" and _quoted_future(doc[cand.anchor])):
                # "Nepal asked India to ..., Foreign Minister X told reporters" in a
                # Kathmandu-datelined story: a titled official introduced without a
                # nationality is the home country's, and speaks for it
                source, how = speaker, "speaker"
        return source, how


def _additional_object(anchor: Token) -> bool:
    """'will provide an additional grant': the object itself says this is one more
    undertaking, not a restatement of the last one."""
    return any(a.dep_ == "amod" and a.lower_ in {"additional", "another", "extra"}
               for d in anchor.children if d.dep_ == "dobj" for a in d.children)


def _quoted_future(anchor: Token) -> bool:
    """'Mozambique will work closely with Japan, Foreign Minister X told ...': the speaker's
    own undertaking in the future, which a titled speaker of unknown nationality makes for
    the country (GUIDELINES: speaker over country)."""
    return anchor.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "'ll"} for c in anchor.children)


def _reported_past(anchor: Token) -> bool:
    """'Demir said Ankara had proposed ...': an act before the speech (past perfect),
    reported in indirect speech. A simple past ('said Ankara proposed') is read as the
    speaker's own statement, as the adjudicated articles read it."""
    return anchor.tag_ == "VBN" and anchor.dep_ in {"ccomp", "conj"} \
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in anchor.children)


def _speaker_side(cand: Candidate, doc: Doc, res: Roles, speaker: int | None, actors: DocActors) -> bool:
    """Does a plural subject ("the two countries") stand for the speaker's side and a
    named 'with' counterpart? Only for a nominal meeting with such a counterpart, when
    the plural is the subject and the speaker is a person."""
    if not cand.nominal or speaker is None or not cand.objs or not res:
        return False
    if any(is_plural_ref(doc[i]) for i in cand.objs) or not any(is_plural_ref(doc[i]) for i in cand.subj):
        return False
    if actors.entity(speaker).kind != "person" or not any(e != speaker for e, _ in res):
        return False
    return doc[cand.anchor].head.lower_ in {"in", "during", "at"}


def _named_apposition(tok: Token, actors: DocActors) -> list[int]:
    """'met the chairman of Delta Power, Chen Hua': the person named in apposition to an office
    is the participant, not the body the office belongs to (the parser often hangs the name
    on the body); 'his Iranian and Turkish counterparts, A and B': each person of the
    coordinated apposition is one."""
    if actors.mention_at(tok) is not None:
        return [tok.i]
    for t in [tok, *pobjs(tok, {"of"})]:
        named = [a for a in t.children if a.dep_ == "appos" and _person_at(a, actors)]
        if named:
            return [named[0].i] + [c.i for c in named[0].conjuncts if c.i > named[0].i and _person_at(c, actors)]
    return [tok.i]


def _person_at(tok: Token, actors: DocActors) -> bool:
    m = actors.mention_at(tok)
    return m is not None and m.kind == "person"


def _fill_from_sentence(res: Roles, sent: Span, actors: DocActors, cand: Candidate) -> Roles:
    """Too few participants from the parse: add persons named in the same sentence, nearest first."""
    have = [e for e, _ in res]
    extra = []
    for m in actors.mentions:
        if m.kind != "person" or not (sent.start <= m.start < sent.end) or m.entity in have:
            continue
        extra.append((abs(m.start - cand.anchor), m.entity))
    extra.sort()
    out = list(res)
    for _, e in extra:
        if len(out) >= 2:
            break
        if all(e != x for x, _ in out):
            out.append((e, "sentence"))
    return out


def _self_reference(tok: Token, self_nouns: frozenset[str]) -> bool:
    """'the Kingdom is willing to invest': the speaker's own country, named by a generic
    noun, or by an unresolved 'it' / 'we' ("saying that it will support Azerbaijan")."""
    if tok.lower_ in {"it", "we"}:
        return True
    return tok.lemma_.lower() in self_nouns and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def _discourse_earlier(adv: Token) -> bool:
    """'Earlier, X received Y': a sentence-opening 'Earlier,' orders the day's events in
    running copy; it does not date the meeting before the one the story is about (as
    'had earlier met' / 'last met' do)."""
    doc = adv.doc
    return adv.lower_ == "earlier" and adv.i + 1 < len(doc) and doc[adv.i + 1].text == "," \
        and not any(c.lower_ == "had" and c.dep_ == "aux" for c in adv.head.children)
