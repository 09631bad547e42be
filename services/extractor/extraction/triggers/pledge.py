"""Pledge frames: 'pledged', 'will provide', 'stands ready to', 'extended a loan', 'X's commitment to'."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import DocActors
from ..syntax import dep_children, plural_subject, pobjs, that_clause, with_conj
from .frames import Candidate, FrameRules, has_money, is_actor_phrase


class PledgeFrames(FrameRules):
    """Which marked tokens state an undertaking, by whom, to whom, of what."""

    def find(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        return self._pledge(tok, actors, used)

    # ---------------------------------------------------------------- pledge
    def _pledge(self, tok: Token, actors: DocActors, used: set[int]) -> Candidate | None:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        if tok.pos_ in {"NOUN", "PROPN"}:
            return self._pledge_noun(tok, lemma, actors, used)
        if tok.pos_ == "ADJ" and low in {"ready", "willing", "prepared"}:
            return self._readiness(tok, low)
        if low == "committed" and (tok.dep_ == "acomp" or any(c.dep_ == "auxpass" for c in tok.children)):
            return self._remains_committed(tok)
        if tok.pos_ not in {"VERB", "AUX"}:
            return None
        subj = self._subjects(tok)
        dobj = dep_children(tok, {"dobj", "dative"})
        if lemma in self.p_verbs:
            return self._explicit(tok, lemma, subj, dobj, actors)
        intent_x = [c for c in dep_children(tok, {"xcomp"}) if c.lemma_.lower() in self.p_future | self.p_give | {"increase", "expand", "invest"}]
        if lemma in self.intent and (intent_x or lemma not in self.p_preps):
            return self._intent(tok, lemma, subj, intent_x, actors)
        money_obj = [d for d in dobj if d.dep_ == "dobj" and has_money(d, self.lex)]
        if lemma == "make":
            c = self._made_available(tok, subj)
            if c is not None:
                return c
        if lemma in self.p_give and money_obj:
            return self._give(tok, lemma, subj, money_obj)
        if lemma in self.p_grow and self._grows_aid(tok, dobj, actors):
            c = self._grow(tok, lemma, subj, dobj, actors)
            if c is not None:
                return c
        if lemma in self.p_future or lemma == "encourage":
            return self._future(tok, lemma, subj, dobj, actors)
        return None

    def _pledge_noun(self, tok: Token, lemma: str, actors: DocActors, used: set[int]) -> Candidate | None:
        """'the pledge of Japan', 'China's commitment to', 'willingness to increase imports'."""
        if lemma == "commitment":
            return self._commitment(tok, actors)
        if lemma in self.p_nouns and lemma != "commitment":
            if tok.i in used:
                return None
            src = pobjs(tok, {"of", "from", "by"}) + [c for c in tok.children if c.dep_ == "poss"]
            src = [s for s in src if is_actor_phrase(s, actors)]
            restate = not src
            subj = [s.i for s in self._subjects(tok)] if not src else []
            if tok.head.lemma_.lower() in self.words.receiving_verbs:
                subj = []
            content = None
            for p in pobjs(tok, {"of", "for", "to"}):
                if p not in src:
                    content = p.i
            if tok.tag_ in {"NNS", "NNPS"} and not src and content is None and not any(c.dep_ in {"acl", "relcl"} for c in tok.children):
                return None  # "we have heard promises before": talk about promises, none made
            return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, nominal=True, restatement=restate and not subj, subj=subj, from_source=[s.i for s in src], content_head=content)
        if lemma in {"readiness", "inclination", "willingness"}:
            x = pobjs(tok, {"to"}) + dep_children(tok, {"acl"})
            if lemma == "willingness":
                # "expressed China's willingness to increase imports": only a willingness to
                # give, help or buy is an undertaking (not "to hold talks", "to listen")
                x = [v for v in x if v.lemma_.lower() in self.p_future | self.p_give | self.p_grow]
            src = pobjs(tok, {"of"}) + [c for c in tok.children if c.dep_ == "poss"]
            if x and src:
                return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, nominal=True, from_source=[s.i for s in with_conj(src)], content_head=x[0].i)
        return None

    def _readiness(self, tok: Token, low: str) -> Candidate | None:
        """'stands ready to', 'is willing to'."""
        x = dep_children(tok, {"xcomp"})
        if x and x[0].lemma_.lower() in self.hostile:
            return None  # "was prepared to impose martial law": a threat, not an undertaking
        if x:
            head = tok.head
            subj = self._subjects(head) if tok.dep_ == "acomp" else self._subjects(tok)
            start = head.i if head.lemma_.lower() in {"stand", "be"} and head.i < tok.i else tok.i
            return Candidate("pledge", tok.i, (start, tok.i + 1), low, subj=[s.i for s in subj], content_head=x[0].i, frame="intent")
        return None

    def _explicit(self, tok: Token, lemma: str, subj: list[Token], dobj: list[Token], actors: DocActors) -> Candidate | None:
        """An explicit commitment verb: 'pledged', 'promised', 'vowed', 'committed'."""
        frame = self.p_verbs[lemma]
        if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in {"acl", "compound"} and not subj):
            return None  # "release the promised funds": a participle describing a thing, not a promise
        if any(d.lower_ in self.non_pledge_objects or d.lemma_.lower() in self.non_pledge_objects for d in dobj):
            return None  # "offered condolences"
        xs = dep_children(tok, {"xcomp"})
        if any(x.lemma_.lower() in self.hostile for x in xs):
            return None  # "vowed to fight the ruling party": a threat, not an undertaking for someone
        if any(any(c.dep_ == "neg" for c in x.children) and not self._for_other(x, actors) for x in xs):
            return None  # "vowed not to return to the talks": a refusal, nothing done for anyone
        if lemma in self.figurative and not xs and not dep_children(tok, {"ccomp"}) and subj and subj[0].pos_ == "NOUN" \
                and not is_actor_phrase(subj[0], actors) and not any(has_money(d, self.lex) for d in dobj):
            return None  # "the new budget promises more pain": a forecast, not an undertaking
        if frame["needs"] == "commit":
            pob = pobjs(tok, {"to"})
            if not (pob or dobj or dep_children(tok, {"xcomp"})):
                return None
            if dobj and not has_money(dobj[0], self.lex) and not pob:
                return None
        if frame["needs"] == "xcomp" and not dep_children(tok, {"xcomp"}):
            return None
        if self._under_request(tok):
            return None  # "called on Mexico to guarantee the rights": asked for, not promised
        # the nearest complement: a later one is often a coordinated statement mis-attached
        # ("assuring the envoy that X is committed to ... and added that ...")
        content = next((r.i for d in dobj for r in d.children if that_clause(r)), None) \
            or next((c.i for c in tok.children if c.dep_ in {"xcomp", "ccomp"}), None)
        if content is None:
            for d in dobj:
                if not is_actor_phrase(d, actors):
                    content = d.i
        if content is None:
            for p in pobjs(tok, {"to", "of"}):
                content = p.i
        targets = [d for d in dobj if is_actor_phrase(d, actors)] + pobjs(tok, {"to"})
        passive = any(c.dep_ == "auxpass" for c in tok.children)
        if passive and lemma != "commit":
            subj = pobjs(tok, {"by"})
            if not subj:
                return None  # "are all but guaranteed": nobody undertakes anything
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets], content_head=content, passive=passive)

    def _intent(self, tok: Token, lemma: str, subj: list[Token], intent_x: list[Token], actors: DocActors) -> Candidate | None:
        """An intent frame with a giving or helping aim: 'agreed to provide', 'decided to fund'."""
        x = intent_x
        if not x:
            return None
        if lemma in {"agree"} and (plural_subject(subj) or any(c.lower_ == "together" for c in x[0].children)):
            return None
        if not subj or plural_subject(subj):
            return None
        allowed = [t for t in x[0].subtree if t.dep_ in {"dobj", "dative", "nsubj", "pobj"} and t.i > x[0].i]
        if x[0].lemma_.lower() in self.hostile or (x[0].lemma_.lower() in self.permission
                                                   and not any(is_actor_phrase(t, actors) for t in allowed)):
            return None  # "decided to allow the army to take over the port": no party is given anything
        if any(d.lower_ in self.non_pledge_objects or d.lemma_.lower() in self.non_pledge_objects for d in dep_children(x[0], {"dobj"})):
            return None  # "agreed to give instructions to the governments": nothing given to a party
        if self.p_conditions.get(x[0].lemma_.lower(), {}).get("for_other") and not self._for_other(x[0], actors, subj):
            return None  # "agreed to deepen maritime cooperation": no other party named
        if x[0].lemma_.lower() == "work" and not pobjs(x[0], {"with"}):
            return None  # "agreed to work towards $15 billion in trade": a target, nothing done for anyone
        if self._under_request(tok):
            return None
        if lemma in self.weak_intent and not self._for_other(x[0], actors):
            return None  # "Malaysia intends to complete its stretch": own plan, no other party
        return Candidate("pledge", tok.i, (tok.i, x[0].i + 1), lemma, subj=[s.i for s in subj], content_head=x[0].i, frame="intent")

    def _give(self, tok: Token, lemma: str, subj: list[Token], money_obj: list[Token]) -> Candidate | None:
        """A giving verb with money as object: 'extended a $400 million loan'."""
        if any(c.dep_ == "auxpass" for c in tok.children):
            return None
        if not subj:
            return None
        if lemma in self.delivered and tok.tag_ in {"VBD", "VBN"} and tok.dep_ not in {"xcomp", "ccomp"}:
            return None  # "has donated a cheque for $300,000": aid handed over, not promised
        if self._under_request(tok):
            return None
        targets = pobjs(tok, {"to", "for"}) + [d for d in dep_children(tok, {"dative"})]
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets], content_head=money_obj[0].i, frame="give")

    def _made_available(self, tok: Token, subj: list[Token]) -> Candidate | None:
        """'has made an initial $500,000 available for relief', 'will make $2 million
        available to the victims': announcing a sum for others is an aid pledge (GUIDELINES:
        announced grants), whichever way the parser hangs 'available'."""
        avail = [c for c in tok.children if c.lower_ == "available"] + \
                [a for d in dep_children(tok, {"dobj"}) for a in d.children if a.lower_ == "available"]
        if not avail or not subj or plural_subject(subj) or any(c.dep_ == "auxpass" for c in tok.children):
            return None
        sums = [t for t in tok.subtree if t.ent_type_ == "MONEY" and t.pos_ == "NUM"]
        if not sums or self._under_request(tok):
            return None
        targets = [p for a in avail for p in pobjs(a, {"to"})] + pobjs(tok, {"to"})
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), "make", subj=[s.i for s in subj], objs=[t.i for t in targets],
                         content_head=sums[0].i, frame="give")

    def _grow(self, tok: Token, lemma: str, subj: list[Token], dobj: list[Token], actors: DocActors) -> Candidate | None:
        """'will raise its concessional loans to Cambodia'."""
        subj_ok = subj and not plural_subject(subj)
        if subj_ok and not self._under_request(tok) and tok.dep_ not in {"relcl", "acl"}:
            # "announced that Seoul would expand its ODA to Africa to $10 billion"
            targets = [p for d in dobj for p in pobjs(d, {"to", "for"}) if is_actor_phrase(p, actors)] + \
                      [p for p in pobjs(tok, {"to", "for"}) if is_actor_phrase(p, actors)]
            return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[s.i for s in subj], objs=[t.i for t in targets],
                             content_head=tok.i, frame="future")
        return None

    def _future(self, tok: Token, lemma: str, subj: list[Token], dobj: list[Token], actors: DocActors) -> Candidate | None:
        """A future verb under will / shall / would with an undertaking's object: 'will provide', 'will build'."""
        aux = {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}
        if not aux & {"will", "shall", "would", "'ll"}:
            return None
        if any(c.dep_ in {"advmod", "mark"} and c.lower_ in {"how", "whether", "what", "if", "when"} for c in tok.children):
            return None
        if tok.dep_ in {"relcl", "acl"} and not self._own_named_subject(tok, subj, actors):
            return None
        cond = self.p_conditions.get(lemma, {})
        if any(d.lower_ in self.non_pledge_objects or d.lemma_.lower() in self.non_pledge_objects for d in dobj):
            return None  # "will give new impetus to ties", "would send its condolences"
        if not _conditions_met(tok, cond, dobj):
            return None
        if lemma in self.p_objects and not any(self._object_is(d, self.p_objects[lemma]) for d in dobj if d.dep_ == "dobj"):
            return None  # "will send a signal", "would make a statement": no undertaking
        if lemma in self.p_preps and not pobjs(tok, self.p_preps[lemma]):
            return None  # "would stand firm": only "stand by <party>" promises anything
        if plural_subject(subj):
            return None
        if cond.get("for_other") and not (self._for_other(tok, actors, subj) or any(
                has_money(t, self.lex) or t.lemma_.lower() in self.words.scheme_nouns for d in dobj for t in d.subtree)):
            return None  # "will strengthen its army": nothing done for another party
        if cond.get("continues_support") and not self._continues_support(tok, actors):
            return None  # "would continue diversifying export markets": no undertaking to anyone
        if lemma in self.words.needs_money and not any(has_money(d, self.lex) or d.lemma_.lower() in self.words.scheme_nouns for d in dobj):
            return None
        if self._under_request(tok):
            return None
        passive = "auxpass" in {c.dep_ for c in tok.children}
        # "will send a Patriot system to Ukraine": the recipient of the 'to' first, before an
        # object whose name the resolver may take for an actor
        # ("will send a team", "will dispatch a mission": an object of p_objects is the thing sent, never the party)
        given = [] if lemma in self.p_objects else [d for d in dobj if is_actor_phrase(d, actors)]
        targets = pobjs(tok, {"to"}) + given + pobjs(tok, {"with"} | self.p_preps.get(lemma, set()))
        content = tok.i
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), lemma, subj=[] if passive else [s.i for s in subj], objs=[t.i for t in targets], content_head=content, passive=passive, frame="future")

    @staticmethod
    def _object_is(obj: Token, lemmas: set[str]) -> bool:
        """The object, or the noun of its of-phrase ('a new batch of medical teams'), is one of ``lemmas``."""
        return obj.lemma_.lower() in lemmas or obj.lower_ in lemmas or any(p.lemma_.lower() in lemmas for p in pobjs(obj, {"of"}))

    def _grows_aid(self, tok: Token, dobj: list[Token], actors: DocActors) -> bool:
        """'will raise its concessional loans to Cambodia to US$1.5 billion': a future
        increase of the actor's own aid, loans or investment, with a 'to' phrase (a
        recipient or the new level), or of investment in a named party ('will increase
        investments in Togo'). Not 'will raise funds' (no recipient, no level)."""
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & {"will", "shall", "would", "'ll"} or any(c.dep_ == "neg" for c in tok.children):
            return False
        money = set(self.lex.pledge["money_nouns"]) - {"million", "billion", "yuan", "dollar"}
        own = [d for d in dobj if d.dep_ == "dobj" and any(t.lemma_.lower() in money for t in d.subtree)
               and any(c.dep_ == "poss" and c.lower_ in {"its", "their", "our"} for c in d.children)]
        if any(d.dep_ == "dobj" and d.lemma_.lower() in money and any(is_actor_phrase(p, actors) for p in pobjs(d, {"in", "to", "for"}))
               for d in dobj):
            return True
        if bool(own) and any(t.dep_ == "prep" and t.lower_ == "to" for t in tok.subtree):
            return True
        # "Japan will increase investments through new projects": a named actor's future
        # growth of investment or aid, the recipient left to the story (the target chain)
        subj = self._subjects(tok)
        return bool(subj) and subj[0].pos_ == "PROPN" and is_actor_phrase(subj[0], actors) and any(
            d.dep_ == "dobj" and d.lemma_.lower() in {"investment", "aid", "assistance", "loan", "grant"} for d in dobj)

    def _commitment(self, tok: Token, actors: DocActors) -> Candidate | None:
        """'reiterated India's commitment to the timely completion of the X Project': one
        side restating a concrete undertaking. Not the mutual 'reaffirmed their commitment
        to strengthening ties' (plural owner, abstract aim)."""
        if tok.head.lemma_.lower() not in self.words.restate_verbs or tok.dep_ != "dobj":
            return None
        owner = [c for c in tok.children if c.dep_ == "poss"]
        if not owner or owner[0].lower_ in {"their", "our", "its"} and not is_actor_phrase(owner[0], actors) \
                or any(c.lower_ in {"both", "two"} for c in owner[0].subtree):
            return None
        aims = pobjs(tok, {"to"})
        # "conveyed India's commitment to continue supporting Nepal": an infinitive aim of giving or helping
        inf = [v for v in dep_children(tok, {"acl", "xcomp"}) if self._gives_more(v)
               or (v.lemma_.lower() == "continue" and any(x.lemma_.lower() in self.words.help_verbs for x in dep_children(v, {"xcomp"})))]
        if inf:
            aims = inf
        elif not aims or not any(t.lemma_.lower() in self.words.concrete_aims or t.ent_type_ in {"ORG", "FAC", "MONEY"} for a in aims for t in a.subtree):
            return None
        verb = tok.head
        subj = self._subjects(verb)
        if plural_subject(subj):
            return None
        return Candidate("pledge", tok.i, (tok.i, tok.i + 1), "commitment", nominal=True, subj=[s.i for s in subj],
                         from_source=[owner[0].i] if not subj else [], content_head=aims[0].i)

    def _gives_more(self, v: Token) -> bool:
        """'to support X', 'to step up / increase support for X': giving or helping, or more of it."""
        lemma = v.lemma_.lower()
        if lemma in self.words.help_verbs:
            return True
        grows = lemma in self.p_grow or (lemma == "step" and any(c.dep_ == "prt" and c.lower_ == "up" for c in v.children))
        money = set(self.lex.pledge["money_nouns"])
        return grows and any(d.lemma_.lower() in money for d in dep_children(v, {"dobj"}))

    def _remains_committed(self, tok: Token) -> Candidate | None:
        """'China remained committed to supporting Ghana's roads': one named side's standing
        undertaking to give or help. Not 'committed to peace' (no undertaking) nor a plural
        'both sides are committed to ...' (mutual)."""
        passive = tok.dep_ != "acomp"  # "Ghana is committed to ...", parsed as a passive
        verb = tok if passive else tok.head
        if not passive and verb.lemma_.lower() not in {"be", "remain", "stay"}:
            return None
        # "committed to supporting X" (a prepositional aim) or "committed to help X" (an
        # infinitive, which the parser may hang on the copula)
        aims = pobjs(tok, {"to"}) + [x for x in dep_children(tok, {"xcomp"}) + dep_children(verb, {"xcomp"})
                                     if x.i > tok.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children)]
        helping = (self.p_future | self.p_give | self.p_grow) - {"work", "play", "participate", "make", "stand"}
        if not aims or not any(a.lemma_.lower() in helping | self.words.concrete_aims for a in aims):
            return None
        subj = self._subjects(verb)
        if not subj or plural_subject(subj):
            return None
        start = min(tok.i, verb.i, *[c.i for c in tok.children if c.dep_ == "auxpass"])
        return Candidate("pledge", tok.i, (start, tok.i + 1), "committed", subj=[s.i for s in subj],
                         content_head=aims[0].i, frame="intent")

    @staticmethod
    def _own_named_subject(tok: Token, subj: list[Token], actors: DocActors) -> bool:
        """'an arrangement under which the Fund will provide $900 million': a relative clause
        whose own subject is a named actor states the undertaking itself (not so 'the aid
        which will flow')."""
        own = dep_children(tok, {"nsubj"})
        return bool(own) and own[0].lower_ not in {"which", "that", "who", "whom"} and is_actor_phrase(own[0], actors) \
            and any(c.dep_ == "prep" and any(g.lower_ in {"which", "whom"} for g in c.children) for c in tok.children)

    def _for_other(self, verb: Token, actors: DocActors, subj: list[Token] | None = None) -> bool:
        """Does the planned action name another party (object, to/for/with/in PP)? With
        ``subj``, a party that is the subject's own side ("its army") does not count."""
        args = dep_children(verb, {"dobj", "dative"}) + pobjs(verb, {"to", "for", "with", "in"})
        for d in dep_children(verb, {"dobj"}):
            args += pobjs(d, {"to", "for", "in", "with"})
        if subj is None:
            return any(is_actor_phrase(a, actors) for a in args)
        own = actors.resolve(subj[0])[0] if subj else None
        own_country = actors.entity(own).country if own is not None else None
        for a in args:
            if a.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in a.children) or not is_actor_phrase(a, actors):
                continue  # "its army": the subject's own
            eid = actors.resolve(a)[0]
            if eid != own and not (own_country and actors.entity(eid).country == own_country):
                return True
        return False

    def _continues_support(self, tok: Token, actors: DocActors) -> bool:
        """'will continue to support Cambodia' / 'will continue its assistance': continuing
        counts as an undertaking only when what continues is giving or helping."""
        helping = (self.p_future | self.p_give) - {"continue", "work", "play", "complete", "secure", "purchase", "buy", "import", "allow", "participate", "build", "construct"}
        for x in dep_children(tok, {"xcomp"}):
            if x.lemma_.lower() in helping or (x.lemma_.lower() == "work" and pobjs(x, {"with"})):
                return True
        for d in dep_children(tok, {"dobj"}):
            if d.lemma_.lower() in set(self.lex.pledge["money_nouns"]) | {"cooperation", "partnership", "help"}:
                return True
        return any(is_actor_phrase(p, actors) for p in pobjs(tok, {"with", "to"}))


def _conditions_met(tok: Token, cond: dict, dobj: list[Token]) -> bool:
    """The pure per-verb conditions of ``future_verb_conditions`` (object words, particle,
    object or clause, prepositions) for a future verb to state an undertaking."""
    if "object_in" in cond and not any(d.lower_ in cond["object_in"] for d in dobj):
        return False
    if "particle" in cond and not any(c.dep_ == "prt" and c.lower_ == cond["particle"] for c in tok.children):
        return False
    if cond.get("object_or_clause") and not dep_children(tok, {"dobj", "ccomp"}):
        return False
    return not ("preps" in cond and not pobjs(tok, set(cond["preps"])))
