"""Request frames: 'asked X to', 'urged', 'called on X to', 'X's request for', 'must' in a speech."""

from __future__ import annotations

from spacy.tokens import Token

from .._doccache import sent_of
from ..actors import DocActors
from ..syntax import aux_words, dep_children, plural_subject, pobjs, with_conj
from .frames import HOPE_FORMS, Candidate, FrameRules, is_actor_phrase


class RequestFrames(FrameRules):
    """Which marked tokens state a request, by whom, of whom, for what."""

    def find(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        return self._request(tok, actors, used)

    # ---------------------------------------------------------------- request
    def _request(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ in {"VERB", "AUX"} and lemma in self.must_speech:
            c = self._must_frame(tok, actors)
            if c is not None:
                return c
        if tok.pos_ in {"VERB", "AUX"} and lemma in self.words.invitation_verbs:
            c = self._invitation(tok, actors, used)
            if c is not None:
                return c
        if tok.pos_ == "VERB" and lemma in self.words.express_verbs:
            c = self._hope_that(tok, actors)
            if c is not None or lemma == "express":
                return c
        if tok.pos_ == "VERB" and tok.lower_ in HOPE_FORMS:
            return self._hope_verb(tok, actors)
        if tok.pos_ == "VERB" and lemma in self.lex.request["offers_to_meet"]["verbs"]:
            return self._offer_to_meet(tok, actors)
        if tok.pos_ in {"VERB", "AUX"}:
            c = self._request_phrase(tok, lemma, used)
            return c if c is not None else self._request_verb(tok, lemma, actors)
        if tok.pos_ == "NOUN" and lemma in self.lex.request.get("nouns", {}) and tok.i not in used:
            return self._request_noun(tok, lemma, actors)
        return None

    def _request_noun(self, tok: Token, lemma: str, actors: DocActors) -> Candidate | None:
        """'X's request for the Bank to speed up the loan', 'at the request of X', 'an
        invitation for Y to visit': a named asker and either what is asked or the
        'at the request of' frame (the asked act is the clause it modifies)."""
        info = self.lex.request["nouns"][lemma]
        owner = [c for c in tok.children if c.dep_ == "poss"] + pobjs(tok, set(info.get("owner_preps", ["of", "from", "by"])))
        owner = [o for o in owner if is_actor_phrase(o, actors)]
        acts = [v for v in dep_children(tok, {"acl", "relcl"}) if v.pos_ in {"VERB", "AUX"} and v.i > tok.i
                and not any(c.lower_ in {"which", "that", "who"} and c.dep_ in {"nsubj", "dobj"} for c in v.children)]
        asked = [s for v in acts for s in dep_children(v, {"nsubj"}) if is_actor_phrase(s, actors)]
        asked += [p for p in pobjs(tok, {"to", "for"}) if is_actor_phrase(p, actors)]
        framing = tok.dep_ == "pobj" and tok.head.lower_ in {"at", "on", "upon"} and tok.head.head.pos_ in {"VERB", "AUX"}
        content = acts[0].i if acts else next((p.i for p in pobjs(tok, {"for"}) if p not in asked), None)
        if framing and owner:
            content = tok.head.head.i
            if not asked:
                # "X agreed to broker talks at the request of Y": the one who acts on it was asked
                asked = [s for s in self._subjects(tok.head.head) if is_actor_phrase(s, actors)]
        if not (owner or info.get("subject_asks")) or content is None or (info.get("clause_only") and not acts and not framing):
            return None
        subj = [] if owner else [s.i for s in self._subjects(tok)]
        return Candidate("request", tok.i, (tok.i, tok.i + 1), lemma, nominal=True, plover=info.get("plover", "REQUEST"),
                         subj=subj, from_source=[o.i for o in owner], objs=[a.i for a in with_conj(asked)], content_head=content)

    def _request_phrase(self, tok: Token, lemma: str, used: set[int]) -> Candidate | None:
        """'made a request to X', 'submitted an appeal for'."""
        for ph in self.r_phrases:
            if lemma != ph["verb"]:
                continue
            for n in dep_children(tok, {"dobj"}):
                if n.lemma_.lower() == ph["noun"] and (not ph.get("prep") or pobjs(n, {ph["prep"]}) or pobjs(tok, {ph["prep"]})):
                    used.add(n.i)
                    objs = [o for o in pobjs(n, {"to", "on", "upon"}) + pobjs(tok, {"to", "on"}) if o.ent_type_ not in {"DATE", "TIME"}]
                    content = self._content_of(n) or self._content_of(tok)
                    # "made the request on Tuesday": "the request" points back to one already told
                    anaphoric = content is None and not objs and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in n.children)
                    return Candidate("request", tok.i, (tok.i, n.i + 1), ph["noun"], plover="REQUEST", subj=[s.i for s in self._subjects(tok)],
                                     objs=[o.i for o in with_conj(objs)], content_head=content, restatement=anaphoric)
        return None

    def _request_verb(self, tok: Token, lemma: str, actors: DocActors) -> Candidate | None:
        """A request verb with its frame: 'asked X to', 'urged', 'called on X to', 'called for'."""
        frame = self.r_verbs.get(lemma)
        if frame is None:
            return None
        needs = frame["needs"]
        dobj = dep_children(tok, {"dobj", "dative"})
        xcomp = dep_children(tok, {"xcomp", "ccomp"})
        preps = set(frame.get("preps", []))
        pobj = pobjs(tok, preps) if preps else []
        if self._not_a_request(tok, frame, dobj, xcomp):
            return None
        pobj, xcomp = self._repaired_args(tok, frame, needs, preps, dobj, xcomp, pobj, actors)
        pobj = self._needs_met(tok, frame, needs, preps, dobj, xcomp, pobj, actors)
        if pobj is None:
            return None
        return self._request_candidate(tok, lemma, frame, needs, preps, dobj, xcomp, pobj, actors)

    def _not_a_request(self, tok: Token, frame: dict, dobj: list[Token], xcomp: list[Token]) -> bool:
        """An undertaking, a reporter's question or a source's anonymity, not an ask of a party."""
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in set(self.p_verbs) | set(self.intent):
            return True  # "pledged to push for X": what is undertaken, not a request
        if frame.get("own_intent_check") and self._undertaken(tok):
            return True  # "is willing to work with Laos ... and to push for results": own intent
        if frame.get("reporter_question") and (tok.tag_ == "VBN" or tok.dep_ == "advcl") and tok.dep_ in {"advcl", "ROOT"} and tok.i == sent_of(tok).start \
                and not any(c.dep_ in {"aux", "auxpass", "nsubj", "nsubjpass", "dobj"} for c in tok.children):
            return True  # "Asked about the deal, he said ...": a reporter's question
        if frame.get("reporter_question") and self._question(tok, dobj):
            return True  # "asked whether X would help", "when asked to confirm": a question
        if any(d.lemma_.lower() in {"anonymity", "confidentiality"} for d in dobj):
            return True  # "said, requesting anonymity": a source's condition, not an ask of a party
        if any(x.lemma_.lower() in self.words.anonymity_verbs and any(c.dep_ == "neg" for c in x.children) for x in xcomp):
            return True  # "officials who asked not to be named"
        return False

    def _question(self, tok: Token, dobj: list[Token]) -> bool:
        """'asked whether / if ...' (an indirect question, wh-words too), 'asking the
        question', 'when asked to confirm the reports' (a clause with no subject of its own)."""
        q = self.lex.request["questions"]
        if any(d.lemma_.lower() in q["objects"] for d in dobj):
            return True
        for c in tok.children:
            if c.dep_ == "ccomp" and c.i > tok.i and (any(m.dep_ == "mark" and m.lower_ in q["marks"] for m in c.children)
                                                      or c.left_edge.tag_ in {"WRB", "WP"}):
                return True
        return tok.tag_ == "VBN" and tok.dep_ == "advcl" and not any(c.dep_ in {"nsubj", "nsubjpass", "auxpass"} for c in tok.children) \
            and any(c.dep_ in {"advmod", "mark"} and c.lower_ in q["clause_marks"] and c.i < tok.i for c in tok.children)

    def _repaired_args(self, tok: Token, frame: dict, needs: str, preps: set[str], dobj: list[Token],
                       xcomp: list[Token], pobj: list[Token], actors: DocActors) -> tuple[list[Token], list[Token]]:
        """The addressee and complement where the parser attached them elsewhere."""
        if needs == "prep" and not pobj and any(c.lower_ in preps and (c.dep_ == "prt" or c.dep_ == "prep" and not list(c.children))
                                                for c in tok.children):
            # "called on Emirati investors to ...": "on" parsed as a particle (or an empty
            # preposition), the addressee as object
            pobj = [d for d in dobj if d.dep_ == "dobj"]
        if needs == "prep" and not pobj:
            # "called for Jordanian companies to be given access": a for-to clause
            pobj = [c for c in tok.children if c.dep_ in {"advcl", "ccomp"}
                    and any(m.dep_ == "mark" and m.lower_ in preps for m in c.children)]
            bare = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps and not list(c.children)]
            if not pobj and bare:
                # the parser left "for" empty and made the for-to clause a complement of the verb
                pobj = [c for c in tok.children if c.dep_ in {"advcl", "ccomp"} and c.i > bare[0].i]
        if needs == "prep" and not pobj and frame.get("actor_object_infinitive"):
            # "pressed the minister to keep up efforts": actor object + infinitive
            inf = dep_children(tok, {"xcomp", "ccomp", "advcl"}) or [
                t for t in tok.subtree if tok.i < t.i <= tok.i + 15 and t.pos_ == "VERB"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)][:1]
            if any(is_actor_phrase(d, actors) for d in dobj) and inf:
                pobj = [d for d in dobj if is_actor_phrase(d, actors)]
                xcomp = inf
        return pobj, xcomp

    def _needs_met(self, tok: Token, frame: dict, needs: str, preps: set[str], dobj: list[Token],
                   xcomp: list[Token], pobj: list[Token], actors: DocActors) -> list[Token] | None:
        """The frame's ``needs`` and the per-lemma conditions; the (possibly widened) addressees, or None."""
        if needs == "object" and not (dobj or xcomp or pobj):
            return None
        if needs == "prep" and not pobj:
            return None
        if needs == "noun_object" and not [d for d in dobj if d.pos_ in {"NOUN", "PROPN"} or d.ent_type_ == "MONEY"]:
            return None
        if needs == "actor_prep" and not any(is_actor_phrase(p, actors) for p in pobj):
            # "proposed a joint commission to Chancellor Scholz": the parser hangs the
            # addressee's "to" on the object noun rather than on the verb
            pobj = [p for d in dobj for p in pobjs(d, preps) if is_actor_phrase(p, actors)]
            if not pobj and frame.get("clause_addressee"):
                pobj = self._clause_addressee(tok, actors)
            if not pobj and not (frame.get("clause_addressee") and dep_children(tok, {"xcomp"})):
                return None
        if needs == "actor_xcomp" and not (any(is_actor_phrase(d, actors) for d in dobj) and dep_children(tok, {"xcomp"})):
            return None
        if needs == "clause_that" and not dep_children(tok, {"ccomp"}):
            return None
        if frame.get("appeal_check") and not self._asks_something(tok):
            return None  # "is to call on the Prime Minister on Thursday": a courtesy call, not an appeal
        if frame.get("no_infinitive") and dep_children(tok, {"xcomp"}):
            return None
        if frame.get("needs_asked_party") and not (pobjs(tok, {"from"}) or any(self._national_modifier(d) for d in dobj)
                                    or any(is_actor_phrase(p, actors) for d in dobj for p in pobjs(d, {"of", "from"}))):
            return None  # "is seeking foreign backing": no party is asked
        if frame.get("not_under_future") and any(c.lower_ in {"will", "shall", "would", "'ll"} for c in tok.children if c.dep_ == "aux"):
            return None  # "China will encourage companies to invest" is an undertaking
        return pobj

    def _request_candidate(self, tok: Token, lemma: str, frame: dict, needs: str, preps: set[str], dobj: list[Token],
                           xcomp: list[Token], pobj: list[Token], actors: DocActors) -> Candidate:
        """The request with its span, asker, addressees and content."""
        end = tok.i + 1
        for c in tok.children:
            if c.dep_ in {"prep", "prt"} and c.i == end and c.lower_ in preps | {"for", "on"}:
                end = c.i + 1
        targets = [d for d in dobj if is_actor_phrase(d, actors)]
        targets += pobjs(tok, {"on", "upon", "to", "from"})
        if needs == "actor_prep":
            targets += [p for p in pobj if p not in targets]
        # "asked the US to contribute": the object is the target
        content = None
        for x in xcomp:
            content = x.i
        if content is None:
            for d in dobj:
                if d not in targets:
                    content = d.i
            for p in pobjs(tok, {"for"}):
                content = p.i
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        subj = self._subjects(tok)
        if passive:
            agents = pobjs(tok, {"by"})
            targets = subj
            subj = agents
        return Candidate("request", tok.i, (tok.i, end), lemma, plover=frame.get("plover", "REQUEST"), subj=[s.i for s in subj], objs=[t.i for t in with_conj(targets)], content_head=content, passive=passive)

    def _clause_addressee(self, tok: Token, actors: DocActors) -> list[Token]:
        """'proposed (that) Japan consider new loans': the subject of the proposed clause,
        an actor other than the proposer, is the party asked."""
        own = {s.i for s in self._subjects(tok)}
        return [s for c in dep_children(tok, {"ccomp"}) for s in dep_children(c, {"nsubj"})
                if s.i not in own and is_actor_phrase(s, actors)]

    @staticmethod
    def _asks_something(tok: Token) -> bool:
        """'called on X to act' / 'called for X': an appeal names what is wanted with a
        to-infinitive (wherever the parser hangs it) or a for-phrase. 'called on X' alone is
        the courtesy call of a visitor on a host."""
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children):
            return True
        if any(c.dep_ in {"prep", "aux"} and c.lower_ == "to" and c.i > tok.i for c in tok.children):
            return True  # "called on the EU to fast-track ...", the "to" misparsed as a preposition
        if any(c.dep_ in {"xcomp", "ccomp"} for c in tok.children):
            return True
        return any(t.i > tok.i and t.pos_ in {"VERB", "AUX"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)
                   for t in tok.subtree)

    def _undertaken(self, tok: Token) -> bool:
        """Is ``tok`` (through infinitive, purpose and coordinated clauses) what a
        'ready / willing / will / pledged to' frame commits to?"""
        t = tok
        for _ in range(5):
            if t.head.i == t.i or t.dep_ not in {"xcomp", "advcl", "conj", "acomp"}:
                return False
            t = t.head
            if t.lemma_.lower() in set(self.p_verbs) | set(self.intent) or t.lower_ in {"ready", "willing", "prepared"}:
                return True
            if any(c.dep_ == "aux" and c.lower_ in {"will", "shall", "would"} for c in t.children):
                return True
        return False

    @staticmethod
    def _national_modifier(tok: Token) -> bool:
        """'Chinese investment', 'Japan's support': the noun names whom it comes from."""
        return any(c.dep_ in {"amod", "compound", "poss", "nmod"} and c.ent_type_ in {"NORP", "GPE", "ORG"} for c in tok.children)

    def _invitation(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        """'conveyed an invitation from X for Y to visit Z' / 'extended an invitation to Y':
        an invitation is a request; the inviter is the from-actor when one is named (the
        envoy only carries it), else the subject."""
        for n in dep_children(tok, {"dobj"}):
            if n.lemma_.lower() != "invitation":
                continue
            # "conveyed an invitation from X", "conveyed X's invitation", "on behalf of X,
            # Y extended an invitation": X invites, Y only carries it
            src = [s for s in pobjs(n, {"from", "of"}) + dep_children(n, {"poss"}) + _on_behalf_of(tok)
                   if is_actor_phrase(s, actors)]
            tgt = [t for t in pobjs(n, {"to", "for"}) + pobjs(tok, {"to", "for"}) if is_actor_phrase(t, actors)]
            if not tgt:
                # "an invitation ... for Aziz to visit Jakarta": the for-clause subject
                for t in list(n.subtree) + list(tok.subtree):
                    if t.dep_ == "nsubj" and t.head.dep_ in {"acl", "relcl", "advcl", "xcomp"} and is_actor_phrase(t, actors):
                        tgt = [t]
                        break
            used.add(n.i)
            content = next((c.i for c in n.subtree if c.dep_ in {"acl", "xcomp", "advcl"} and c.pos_ == "VERB"), None)
            subj = [] if src else [s.i for s in self._subjects(tok)]
            return Candidate("request", tok.i, (tok.i, n.i + 1), "invitation", plover="REQUEST", subj=subj,
                             from_source=[s.i for s in src], objs=[t.i for t in tgt], content_head=content, nominal=False)
        return None

    def _offer_to_meet(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'offered to receive the Chilean leader at the palace': an offer to meet a named
        counterpart invites them (a request); any other offer is left to the pledge frames."""
        meet = self.lex.request["offers_to_meet"]["meet_verbs"]
        for x in dep_children(tok, {"xcomp"}):
            if x.lemma_.lower() not in meet:
                continue
            asked = [d for d in dep_children(x, {"dobj"}) + pobjs(x, {"with"}) if is_actor_phrase(d, actors)]
            if asked:
                return Candidate("request", tok.i, (tok.i, tok.i + 1), "offer", plover="REQUEST",
                                 subj=[s.i for s in self._subjects(tok)], objs=[a.i for a in with_conj(asked)], content_head=x.i)
        return None

    def _must_frame(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'X said that Y must do Z': a demand by X on Y (Y an actor other than X)."""
        for cc in dep_children(tok, {"ccomp"}):
            modal = [c for c in cc.children if c.dep_ == "aux" and c.lower_ in self.must_modals]
            if not modal or any(c.dep_ == "neg" for c in cc.children):
                continue
            tsub = dep_children(cc, {"nsubj", "nsubjpass"})
            ssub = self._subjects(tok)
            if not tsub or not ssub or plural_subject(tsub) or tsub[0].pos_ == "PRON":
                continue
            if any(a.dep_ == "appos" and a.lemma_.lower() in self.words.analyst_nouns for s in ssub for a in s.children):
                continue
            te, _ = actors.resolve(tsub[0])
            se, _ = actors.resolve(ssub[0])
            if te is None or se is None or te == se:
                continue
            ct, cs = actors.entity(te).country, actors.entity(se).country
            if ct and cs and ct == cs:
                continue  # "Nigeria must ..." said by a Nigerian: own intent, not a request
            return Candidate("request", cc.i, (modal[0].i, cc.i + 1), "must", plover="DEMAND",
                             subj=[s.i for s in ssub], objs=[tsub[0].i], content_head=cc.i, frame="must")
        return None

    def _hope_that(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'expressed the hope that China would open its market wider': a wish that another,
        named party act is an ask of that party. Not a hope about events ('that the talks
        would succeed') nor about the speaker's own country."""
        for n in dep_children(tok, {"dobj"}):
            if n.lemma_.lower() not in {"hope", "wish", "expectation", "need"}:
                continue
            asked = self._need_for(tok, n, actors)
            if asked is not None:
                return asked
            for cl in n.children:
                if cl.dep_ not in {"acl", "relcl", "ccomp"} or not any(c.dep_ == "mark" and c.lower_ == "that" for c in cl.children):
                    continue
                c = self._hoped_act(tok, cl, actors)
                if c is not None:
                    return c
        return None

    def _hope_verb(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'She hoped (that) Vietnam will keep coordinating the talks': the verb form of
        'expressed the hope that', with the same tests on the hoped clause."""
        for cl in dep_children(tok, {"ccomp"}):
            c = self._hoped_act(tok, cl, actors)
            if c is not None:
                return c
        return None

    def _hoped_act(self, tok: Token, cl: Token, actors: DocActors) -> Candidate | None:
        """A hoped clause that asks a named party other than the speaker's side to act
        (will / would, an object or a to / for / in phrase); None for a hope about events
        ('that the talks would succeed') or about the speaker's own country."""
        if not aux_words(cl) & {"would", "will"} or any(c.dep_ == "neg" for c in cl.children) or cl.lemma_.lower() in {"be", "have"}:
            return None
        if not (dep_children(cl, {"dobj", "xcomp"}) or pobjs(cl, {"to", "for", "in"})):
            return None  # "would grow faster": no act on anything
        tsub = dep_children(cl, {"nsubj"})
        subj = self._subjects(tok)
        if not tsub or not subj or not is_actor_phrase(tsub[0], actors):
            return None
        te, _ = actors.resolve(tsub[0])
        se, _ = actors.resolve(subj[0])
        if te is None or te == se:
            return None
        ct, cs = actors.entity(te).country, actors.entity(se).country if se is not None else None
        if ct and cs and ct == cs:
            return None
        return Candidate("request", tok.i, (tok.i, cl.i + 1), "hope", plover="REQUEST", subj=[s.i for s in subj],
                         objs=[tsub[0].i], content_head=cl.i)

    def _need_for(self, tok: Token, noun: Token, actors: DocActors) -> Candidate | None:
        """'expressed / stressed the need for Peru to take part': a for-to clause whose
        subject is a named party other than the speaker's own side asks that party to act."""
        for cl in noun.children:
            if cl.dep_ not in {"acl", "relcl", "advcl", "ccomp"} or not any(c.dep_ == "mark" and c.lower_ == "for" for c in cl.children) \
                    or not any(c.dep_ == "aux" and c.lower_ == "to" for c in cl.children):
                continue
            tsub = dep_children(cl, {"nsubj"})
            subj = self._subjects(tok)
            if not tsub or plural_subject(tsub) or not is_actor_phrase(tsub[0], actors):
                continue
            te, _ = actors.resolve(tsub[0])
            se = actors.resolve(subj[0])[0] if subj else None
            if te is None or te == se or (se is not None and actors.entity(te).country and
                                          actors.entity(te).country == actors.entity(se).country):
                continue
            return Candidate("request", tok.i, (tok.i, noun.i + 1), "need", plover="REQUEST", subj=[s.i for s in subj],
                             objs=[tsub[0].i], content_head=cl.i)
        return None

    @staticmethod
    def _content_of(tok: Token) -> int | None:
        for c in tok.children:
            if c.dep_ in {"xcomp", "acl"}:
                return c.i
        for p in pobjs(tok, {"for"}):
            return p.i
        return None


def _on_behalf_of(verb: Token) -> list[Token]:
    """'On behalf of the King, the minister extended an invitation': the principal named
    by an 'on behalf of' phrase on the verb."""
    return [o for p in pobjs(verb, {"on"}) if p.lower_ == "behalf" for o in pobjs(p, {"of"})]
