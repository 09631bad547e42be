"""Meeting frames: 'met X', 'held talks with X', 'paid a courtesy call on X', 'received X', nominal 'talks with X'."""

from __future__ import annotations

from spacy.tokens import Token

from .. import _deps
from ..actors import DocActors
from ..lexicon import TriggerWords
from ..syntax import dep_children, pobjs, with_conj
from .frames import Candidate, FrameRules, is_actor_phrase


class MeetingFrames(FrameRules):
    """Which marked tokens state a meeting, and with whom."""

    def find(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        c = self._meeting(tok, actors, used)
        if c is not None and len(c.objs) >= 2:
            c.separate = self._separate(tok.doc[c.span[0]: c.span[1]])
        return c

    def _separate(self, span) -> bool:  # type: ignore[no-untyped-def]
        """'held separate talks with A and B', 'met A and B separately': a modifier of the
        trigger's words says each counterpart was met on their own."""
        words = set(self.lex.meeting["separate_words"])
        return any(c.lower_ in words and c.dep_ in {"amod", "advmod"} for t in span for c in t.children)

    def _upcoming(self, tok: Token) -> bool:
        return _upcoming(tok, self.words)

    def _bilateral_body(self, tok: Token) -> list[str]:
        return _bilateral_body(tok, self.words)

    def session_of_body(self, tok: Token) -> bool:
        return session_of_body(tok, self.words)

    # ---------------------------------------------------------------- meeting
    def _meeting(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"}:
            c = self._verb_phrase(tok, lemma, actors, used)
            return c if c is not None else self._verb(tok, lemma, actors)
        if tok.pos_ in {"NOUN", "PROPN"} and lemma in self.m_nouns and tok.i not in used:
            return self._noun(tok, lemma, actors)
        return None

    def _verb_phrase(self, tok: Token, lemma: str, actors: DocActors, used: set[int]) -> Candidate | None:
        """A verb + noun phrase: 'paid a visit to', 'held talks with', 'expressed welcome to'."""
        c = None
        if lemma == "pay":
            c = self._paid_visit(tok, actors, used)
        if c is None and lemma in self.light:
            c = self._light_verb_noun(tok, lemma, actors, used)
        if c is None and lemma in self.welcome_verbs:
            c = self._welcome_phrase(tok, actors, used)
        if c is None and lemma in self.lex.meeting["credentials_phrase"]["verbs"]:
            c = self._credentials(tok, lemma, actors, used)
        return c

    def _credentials(self, tok: Token, lemma: str, actors: DocActors, used: set[int]) -> Candidate | None:
        """'presented his credentials to President X', 'received the credentials of Ambassador Y':
        an envoy's presentation of credentials is a meeting with the head of state."""
        phrase = self.lex.meeting["credentials_phrase"]
        preps = set(phrase["verbs"][lemma])
        for n in dep_children(tok, {"dobj"}):
            if n.lemma_.lower() != phrase["noun"]:
                continue
            objs = [o for o in pobjs(n, preps) + pobjs(tok, preps) if is_actor_phrase(o, actors)]
            if objs:
                used.add(n.i)
                return Candidate("meeting", tok.i, (tok.i, n.i + 1), "credentials", cameo="043",
                                 subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in with_conj(objs)])
        return None

    def _paid_visit(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        for n in dep_children(tok, {"dobj"}):
            if n.lemma_.lower() == "visit":
                hosts = self._inviter(tok, actors) or self._inviter(n, actors)
                # "paid him a courtesy visit", "paid a courtesy visit to the minister": a person hosts
                hosts = hosts or [h for h in dep_children(tok, {"dative"}) + pobjs(n, {"to", "on"}) + pobjs(tok, {"to", "on"})
                                  if is_actor_phrase(h, actors) and actors.entity(actors.resolve(h)[0]).kind == "person"]
                if hosts:
                    used.add(n.i)
                    return Candidate("meeting", tok.i, (tok.i, n.i + 1), "visit", cameo="042",
                                     subj=[s.i for s in self._subjects(tok)], objs=[h.i for h in hosts])
        return None

    def _light_verb_noun(self, tok: Token, lemma: str, actors: DocActors, used: set[int]) -> Candidate | None:
        for n in dep_children(tok, {"dobj"}) + pobjs(tok, {"in"}):
            nl = n.lemma_.lower()
            if nl in {"conference", "videoconference", "teleconference"} and any(is_actor_phrase(w, actors) for w in pobjs(n, {"with"}) + pobjs(tok, {"with"})):
                used.add(n.i)  # "held a video conference with X" (not "held a press conference")
                objs = with_conj(pobjs(n, {"with"}) + pobjs(tok, {"with"}))
                return Candidate("meeting", tok.i, (tok.i, n.i + 1), "conference", cameo="040",
                                 subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in objs])
            if nl in self.words.talk_nouns or (nl == "call" and self._call_mod(n)):
                used.add(n.i)
                objs = with_conj(pobjs(n, {"with", "between"}) + pobjs(tok, {"with"}))
                if nl == "call":
                    objs += with_conj(pobjs(n, {"on", "upon", "from"}) + pobjs(tok, {"on", "upon", "from"}))  # "paid a courtesy call on X"
                subj = self._subjects(tok)
                if n.lemma_.lower() == "talk" or not objs:
                    objs = objs or with_conj(pobjs(n, {"between"}))
                return Candidate("meeting", tok.i, (tok.i, n.i + 1), nl, cameo=self.m_nouns.get(nl, {}).get("cameo", "040"), subj=[s.i for s in subj], objs=[o.i for o in objs])
            if nl in self.words.session_nouns and (self._upcoming(n) or self._bilateral_body(n) or (self.session_of_body(n) and _country_pair(self._subjects(tok)))):
                # "agreed to hold the next session of the bilateral working group"
                used.add(n.i)
                objs = with_conj(pobjs(n, {"with"}) + pobjs(tok, {"with"}))
                subj = self._subjects(tok)
                # "Laos and Vietnam will hold the next session of the joint commission"
                pair = self._bilateral_body(n) or (_country_pair(subj) if not objs else [])
                return Candidate("meeting", tok.i, (tok.i, n.i + 1), nl, cameo="040", subj=[s.i for s in subj],
                                 objs=[o.i for o in objs], pair_codes=pair, upcoming=self._upcoming(n))
            if lemma == "host" and nl in self.words.meal_nouns:
                objs = pobjs(n, {"for"}) + pobjs(tok, {"for"})
                if objs:
                    used.add(n.i)
                    return Candidate("meeting", tok.i, (tok.i, n.i + 1), "host", cameo="043", subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in with_conj(objs)])
        return None

    def _welcome_phrase(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        for n in dep_children(tok, {"dobj"}):
            if n.lemma_.lower() == "welcome":
                objs = [o for o in pobjs(n, self.welcome_preps) + pobjs(tok, self.welcome_preps) if is_actor_phrase(o, actors)]
                if objs:
                    used.add(n.i)
                    return Candidate("meeting", tok.i, (tok.i, n.i + 1), "welcome", cameo="043", subj=[s.i for s in self._subjects(tok)], objs=[o.i for o in with_conj(objs)])
        return None

    def _verb(self, tok: Token, lemma: str, actors: DocActors) -> Candidate | None:
        """A meeting verb with its frame: 'met X', 'received X', 'spoke by phone with X'."""
        frame = self.m_verbs.get(lemma)
        if frame is None:
            return None
        if tok.lower_ == "visiting" and tok.dep_ in {"amod", "compound", "nmod", "acl"} and tok.head.i > tok.i:
            return None  # "received visiting Minister X": a modifier; the receiving is the meeting
        if tok.lower_ == "visiting" and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.words.hosting_verbs:
            # mis-parse of "received visiting Minister X": the head verb is the trigger
            head = tok.head
            guests = [d for d in with_conj(dep_children(tok, {"dobj"})) if is_actor_phrase(d, actors)]
            if guests:
                hf = self.m_verbs.get(head.lemma_.lower(), {})
                return Candidate("meeting", head.i, (head.i, tok.i + 1), head.lemma_.lower(), cameo=hf.get("cameo"),
                                 subj=[s.i for s in self._subjects(head)], objs=[g.i for g in guests])
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.r_verbs:
            return None  # "invited Xi to visit Thailand": the visit is what is asked for
        if frame.get("particle") and not any(c.dep_ == "prt" and c.lower_ == frame["particle"] for c in tok.children):
            return None  # "sat down with", not "sat on the board"
        if frame.get("call_medium_only") and not any(m.lemma_.lower() in self.words.call_media
                                                     for m in pobjs(tok, {"by", "over", "via", "on"})):
            return None  # "discussed the issue": talk about something, not a call
        if frame.get("sat_down_frame"):
            return self._sat_down(tok, lemma, frame, actors)
        found = self._verb_args(tok, lemma, frame, actors)
        if found is None:
            return None
        dobj, pobj = found
        if frame.get("inviter_hosts"):
            inviter = self._inviter(tok, actors)
            if inviter:
                # "visited Hanoi at the invitation of Prime Minister X": X hosts the visitor
                return Candidate("meeting", tok.i, (tok.i, tok.i + 1), lemma, cameo=frame.get("cameo"),
                                 subj=[s.i for s in self._subjects(tok)], objs=[i.i for i in inviter])
        if frame.get("object_actor_only"):
            dobj = [d for d in dobj if d.lemma_.lower() not in self.words.event_nouns]
            passive_args = dep_children(tok, {"nsubjpass"}) + pobj if any(c.dep_ == "auxpass" for c in tok.children) else []
            if not any(is_actor_phrase(d, actors, frame.get("person_object", False)) for d in dobj + passive_args):
                return None
        if frame.get("actor_object_if_any") and dobj and not any(is_actor_phrase(d, actors) for d in dobj):
            return None
        objs = [t.i for t in dobj + pobj]
        if frame.get("object") and not objs:
            return None
        end = tok.i + 1
        for c in tok.children:
            if c.dep_ in {"prep", "prt"} and c.lower_ in set(frame.get("preps", [])) and c.i == end:
                end = c.i + 1
        subj = _countries_of_group(self._subjects(tok))
        return Candidate("meeting", tok.i, (tok.i, end), lemma, cameo=frame.get("cameo"), subj=[s.i for s in subj], objs=objs, passive=any(c.dep_ == "auxpass" for c in tok.children))

    def _sat_down(self, tok: Token, lemma: str, frame: dict, actors: DocActors) -> Candidate | None:
        """'sat down with X', or 'A, B and C sat down together'."""
        subj = self._subjects(tok)
        withs = with_conj(pobjs(tok, {"with"}))
        together = any(c.lower_ == "together" for c in tok.children)
        if withs and any(is_actor_phrase(w, actors) for w in withs):
            return Candidate("meeting", tok.i, (tok.i, tok.i + 2), lemma, cameo=frame.get("cameo"), subj=[t.i for t in subj], objs=[w.i for w in withs])
        if together and subj:
            # every person named in the (coordinated) subject
            heads = sorted({actors.mention_at(t).head for s in subj for t in s.subtree if t.i < tok.i
                            and actors.mention_at(t) is not None and actors.mention_at(t).kind == "person"})
            subj = [tok.doc[h] for h in heads]
        if together and len([t for t in subj if is_actor_phrase(t, actors)]) >= 2:
            # "Lindqvist, Milosevic and Gashi sat down together": the conjoined subjects meet
            return Candidate("meeting", tok.i, (tok.i, tok.i + 3), lemma, cameo=frame.get("cameo"), subj=[t.i for t in subj[:1]], objs=[t.i for t in subj[1:]])
        return None

    def _verb_args(self, tok: Token, lemma: str, frame: dict, actors: DocActors) -> tuple[list[Token], list[Token]] | None:
        """The verb's object and prepositional counterparts, or None when the frame is not met."""
        dobj = with_conj(dep_children(tok, {"dobj"}))
        pobj = with_conj(pobjs(tok, set(frame.get("preps", []))))
        if frame.get("guest_after_adverbials") and not dobj and not any(c.dep_ == "auxpass" for c in tok.children):
            dobj = self._guest_after_adverbials(tok, actors)
        if not pobj and "with" in frame.get("preps", []):
            # "spoke by telephone with X", "talked over the phone with X"
            for medium in pobjs(tok, {"by", "over", "via", "on"}):
                if medium.lemma_.lower() in self.words.call_media:
                    pobj = with_conj(pobjs(medium, {"with"})) or self._each_other(tok, actors)
        if any(c.dep_ == "auxpass" for c in tok.children):
            pobj += with_conj(pobjs(tok, {"by"}))  # "was received by X"
        if frame.get("prep_required") and not pobj:
            return None
        if frame.get("bare_on_host") and not any(is_actor_phrase(p, actors) for p in pobj) and self._bare_on(tok):
            # "to call on | Prime Minister X on Thursday": the parser left "on" empty and
            # made the host the verb's object
            pobj = [d for d in dobj if is_actor_phrase(d, actors)] + pobj
        if frame.get("needs_actor_prep") and not any(is_actor_phrase(p, actors) for p in pobj):
            return None
        if frame.get("not_with_infinitive") and (dep_children(tok, {"xcomp", "ccomp"}) or any(dep_children(p, {"acl", "xcomp", "relcl"}) for p in pobj)
                                                 or any(c.dep_ in {"prep", "aux"} and c.lower_ == "to" and c.i > tok.i for c in tok.children)):
            return None  # "called on India to reopen the border" is a request (also when "to" is misparsed as a preposition)
        if frame.get("object") and frame.get("preps") and not frame.get("object_actor_only"):
            if not any(is_actor_phrase(o, actors) for o in dobj + pobj):
                return None  # "talked the matter over", "negotiate a ceasefire": no counterpart
        return dobj, pobj

    def _noun(self, tok: Token, lemma: str, actors: DocActors) -> Candidate | None:
        """A meeting noun: 'talks with X', 'a phone call', 'the meeting' (a restatement)."""
        info = self.m_nouns[lemma]
        if info.get("host_only"):
            return None
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        if tok.is_title and not tok.is_sent_start and ((nxt is not None and nxt.lower_ == "of") or (prev is not None and (prev.like_num or prev.ent_type_ == "ORDINAL"))):
            return None  # a named event ("the 4th Meeting of the Joint Committee"), not a meeting report
        if lemma == "talk" and tok.tag_ not in {"NNS", "NNPS"}:
            return None
        if self._ongoing(tok):
            return None  # "the ongoing talks with the IMF", "talks were moving forward": a process, not one meeting
        if tok.tag_ in {"NNS", "NNPS"} and lemma not in self.words.plural_meeting_nouns:
            return None
        with_ = _noun_with(tok)
        if lemma == "call":
            # "made a courtesy call on the President and the Secretary": the hosts called on
            with_ += [t for t in with_conj(pobjs(tok, {"on", "upon"})) if is_actor_phrase(t, actors)]
        between = with_conj(pobjs(tok, {"between", "among"}))
        mods = {c.lower_ for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}}
        is_call = bool(mods & self.call_mods)
        if info.get("needs_modifier") and not is_call:
            return None
        if info.get("needs_with") and not with_:
            return None
        if info.get("needs_between") and not between:
            return None
        if info.get("needs_counterpart") and not (with_ or between or mods & set(self.lex.meeting["summit_modifiers"])):
            return None  # "attended the summit": a gathering; "a bilateral summit", "summit with X": a meeting
        start = min([tok.i] + [c.i for c in tok.children if c.dep_ in {"compound", "amod"} and c.lower_ in self.meet_mods | self.call_mods])
        dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "poss"}}
        args = [t.i for t in with_ + between]
        if tok.dep_ == "pobj" and tok.head.lower_ == "for":
            # "A and B were in Krakow at the invitation of C for a trilateral meeting": the host meets them
            args += [h.i for h in self._inviter(tok.head.head, actors) if h.i not in args]
        # "X's meeting with Y": the possessor is a participant
        poss = [c for c in tok.children if c.dep_ == "poss" and (c.pos_ != "PRON" or (with_ and c.lower_ in {"his", "her"}))]
        subj = [p.i for p in poss]
        if not args and not poss:
            c = self._during_talks(tok, lemma, info, dets, actors)
            if c is not None:
                return c
        pair = self._bilateral_body(tok) if lemma in self.words.session_nouns and not args else []
        if pair:
            # "at the next meeting of the Cambodia-Laos Joint Commission", "the Ghana-China
            # Joint Economic Commission meeting": the body's two countries meet
            lo = min([tok.i] + [t.i for t in tok.subtree if t.i < tok.i and t.dep_ != "det"])
            return Candidate("meeting", tok.i, (lo, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"),
                             pair_codes=pair, upcoming=self._upcoming(tok))
        if not args and not is_call and not (mods & self.meet_mods):
            if dets & set(self.lex.meeting["restatement_determiners"]) and not _of_body(tok):
                return Candidate("meeting", tok.i, (start, tok.i + 1), lemma, nominal=True, restatement=True, cameo=info.get("cameo"))
            return None
        if not subj and not between:
            subj = [s.i for s in self._subjects(tok)]
        return Candidate("meeting", tok.i, (start, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"), subj=subj, objs=args)

    def _ongoing(self, tok: Token) -> bool:
        """A negotiating process rather than one sitting: an 'ongoing' modifier, or the noun
        as subject of 'were moving forward'."""
        words = set(self.lex.meeting["process_words"])
        if any(c.dep_ == "amod" and c.lower_ in words for c in tok.children):
            return True
        head = tok.head
        return tok.dep_ == "nsubj" and (head.lemma_.lower() in words
                                        or any(c.dep_ in {"acomp", "advmod"} and c.lower_ in words for c in head.children)
                                        and head.lemma_.lower() in {"be", "move", "remain"})

    def _during_talks(self, tok: Token, lemma: str, info: dict, dets: set[str], actors: DocActors) -> Candidate | None:
        """'X pressed Y during talks in Washington': the talks are between X and Y."""
        if not (tok.dep_ == "pobj" and tok.head.lower_ in {"during", "at", "in"} and tok.head.head.pos_ == "VERB" and lemma in self.words.backdrop_meeting_nouns):
            return None
        verb = tok.head.head
        vsubj = [t for t in self._subjects(verb) if is_actor_phrase(t, actors)]
        vobj = [t for t in dep_children(verb, {"dobj"}) + pobjs(verb, {"with"}) if is_actor_phrase(t, actors)]
        if vsubj and vobj:
            # "During the meeting, X asked Y ...": a definite article points back to a meeting
            # already told; the asker and the asked are not a new pair of participants
            definite = bool(dets & {"the", "this", "that"})
            return Candidate("meeting", tok.i, (tok.head.i, tok.i + 1), lemma, nominal=True, cameo=info.get("cameo"),
                             subj=[t.i for t in vsubj], objs=[t.i for t in vobj], restatement=definite)
        return None

    def _guest_after_adverbials(self, tok: Token, actors: DocActors) -> list[Token]:
        """'received today at his office in Abu Dhabi H.E. X': the parser hangs the guest on
        the place phrase; the first person named after the verb, with only time and place
        words in between, is the one received."""
        doc = tok.doc
        for k in range(tok.i + 1, min(len(doc), tok.i + 16)):
            t = doc[k]
            m = actors.mention_at(t)
            if m is not None and m.kind == "person":
                head = doc[m.head]
                return [head] if head in tok.subtree else []
            if t.pos_ in {"VERB", "AUX"} or t.text in {";", ".", ":"} or t.lower_ in {"and", "who", "which", "that"}:
                return []
            if not (t.pos_ in {"ADP", "DET", "NUM", "PUNCT"} or t.dep_ == "poss" or t.ent_type_ in {"DATE", "TIME", "GPE", "FAC", "LOC", "ORG"}
                    or t.lower_ in self.words.adverbial_words):
                return []
        return []

    def _each_other(self, tok: Token, actors: DocActors) -> list[Token]:
        """'A and B spoke by phone': with a call medium and no 'with', coordinated actor
        subjects called each other; the second and later conjuncts are the counterparts."""
        subj = [t for t in self._subjects(tok) if is_actor_phrase(t, actors)]
        return subj[1:] if len(subj) >= 2 else []

    @staticmethod
    def _inviter(tok: Token, actors: DocActors) -> list[Token]:
        """The named host of a visit: '... at the invitation of X' / '... on the invitation of X'."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"at", "on", "upon"}:
                for n in c.children:
                    if n.dep_ == "pobj" and n.lemma_.lower() == "invitation":
                        hosts = [h for h in with_conj(pobjs(n, {"of", "from", "by"})) if is_actor_phrase(h, actors, person_only=True)]
                        hosts += [p for p in n.children if p.dep_ == "poss" and is_actor_phrase(p, actors, person_only=True)]
                        if hosts:
                            return hosts
        return []

    @staticmethod
    def _bare_on(tok: Token) -> bool:
        """An 'on' / 'upon' particle or preposition right after the verb with no object of its own."""
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return nxt is not None and nxt.head.i == tok.i and nxt.lower_ in {"on", "upon"} \
            and not any(g.dep_ in {"pobj", "pcomp"} for g in nxt.children)

    def _call_mod(self, n: Token) -> bool:
        return any(c.lower_ in self.call_mods for c in n.children)


def _upcoming(tok: Token, words: TriggerWords) -> bool:
    """'the next / upcoming session': a meeting still to come."""
    return any(c.dep_ in {"amod", "advmod"} and c.lower_ in words.upcoming_words for c in tok.children)


def _bilateral_body(tok: Token, words: TriggerWords) -> list[str]:
    """Country codes of a two-country body the meeting noun belongs to: 'meeting of the
    India-Nepal Joint Commission' or 'the Ghana-China Joint Economic Commission meeting'.
    Needs a body noun (commission, committee, working group ...) and exactly two different
    countries joined by a hyphen or dash."""
    body = [t for p in pobjs(tok, {"of"}) for t in p.subtree] or [t for t in tok.subtree if t.i < tok.i]
    if not any(t.lemma_.lower() in words.body_nouns for t in body):
        return []
    doc = tok.doc
    idx = {t.i for t in body}
    for t in body:
        if t.text in {"-", "–", "—"} and t.i - 1 in idx and t.i + 1 in idx:
            a, b = _deps.country_code(doc[t.i - 1].text), _deps.country_code(doc[t.i + 1].text)
            if a and b and a != b:
                return [a, b]
    # "the joint commission between Laos and Vietnam"
    for t in body:
        if t.lemma_.lower() in words.body_nouns:
            pair = _country_pair(with_conj(pobjs(t, {"between"})))
            if pair:
                return pair
    return []


def session_of_body(tok: Token, words: TriggerWords) -> bool:
    """'the 46th session of the intergovernmental committee': a sitting of a standing body."""
    return any(t.lemma_.lower() in words.body_nouns for p in pobjs(tok, {"of"}) for t in p.subtree)


def _country_pair(toks: list[Token]) -> list[str]:
    """Codes of exactly two different countries named by ``toks`` ("Laos and Vietnam"), else []."""
    codes = []
    for t in toks:
        span = t.doc[t.left_edge.i if t.left_edge.ent_type_ else t.i: t.i + 1]
        c = _deps.country_code(span.text) or _deps.country_code(t.text)
        if c is None:
            return []
        if c not in codes:
            codes.append(c)
    return codes if len(codes) == 2 else []


def _of_body(tok: Token) -> bool:
    """"the meeting of the NSG", "the meeting of foreign ministers": a gathering of a body or
    group, not a back-reference to the two-party meeting the story reports."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for g in prep.children:
                if g.dep_ == "pobj" and (g.ent_type_ in {"ORG", "NORP"} or g.tag_ in {"NNS", "NNPS"}):
                    return True
    return False


def _countries_of_group(toks: list[Token]) -> list[Token]:
    """'Transport ministers from Kenya and Uganda will meet ...': a plural group drawn from
    several named places stands for each of them (the place names, not the group noun)."""
    out: list[Token] = []
    for t in toks:
        places = []
        if t.tag_ in {"NNS", "NNPS"}:
            places = [g for g in pobjs(t, {"from", "of"}) if g.ent_type_ in {"GPE", "NORP"}]
        members = with_conj(places)
        out.extend(members if len(members) >= 2 else [t])
    return out


def _noun_with(tok: Token) -> list[Token]:
    """The 'with' counterparts of a meeting noun."""
    with_ = with_conj(pobjs(tok, {"with"}))
    if not with_ and tok.dep_ in {"nsubj", "attr"} and tok.head.lemma_ == "be":
        # "His first meeting was with X": the counterpart hangs off the copula
        with_ = with_conj(pobjs(tok.head, {"with"}))
    if not with_:
        # "talks later that week with X": the PP may hang off a modifier inside the phrase
        for t in tok.subtree:
            if t.i > tok.i and t.dep_ == "prep" and t.lower_ == "with" and t.i - tok.i <= 8:
                with_ = with_conj([g for g in t.children if g.dep_ == "pobj"])
                break
    return with_
