"""Named projects, initiatives, corridors, zones and frameworks in a parsed article.

A ``project_mention`` event is one per distinct named project per article, so
this module finds every mention, groups the mentions of the same project
(full name, acronym, case variants, "the canal project" back-references) and
returns one :class:`ProjectMention` per project.

Three sources of candidates, all over spaCy tokens:

1. **Gazetteer** (``data/projects_gazetteer.json``): well-known multilateral /
   national projects, so acronym-only mentions ("BRI", "CPEC") and names whose
   shape patterns cannot see ("Lancang-Mekong cooperation") still resolve.
   Matching is case-sensitive on listed variants, so generic lowercase text
   never hits an entry.
2. **Capitalised head pattern**: a run of name tokens (capitalised words,
   acronyms, "and"/"of" and hyphens inside the run, an "(ACRONYM)" aside)
   ending in a head noun from ``data/projects_lexicon.json`` ("Canal",
   "Initiative", "Corridor", "Railway", ...), optionally extended to the right
   by "for ..." ("Cooperation Roadmap for Quality Infrastructure ...").
3. **Lowercase head pattern**: a capitalised run followed by a lowercase head
   ("the Lobito corridor", "the ML-1 project", "Pentagon strategy",
   "Diamond Hexagon cooperation framework"), and "<the|Country's> <Demonym>
   <noun> project" ("the Indian housing project").

   Between the name and the head up to three lowercase modifiers may stand
   ("Sampur solar power project", "the Kano-Maradi standard gauge
   railway"): any nouns / adjectives before a work head, lexicon words only
   before a policy head ("plan", "agenda"); some heads need a telling one
   ("hydropower plant", "naval base", "oil terminal", "industrial park"),
   except a road named by its two ends that is being built. "upgrade" and
   "extension" name work on a thing: they need a work word ("Genale Dawa III
   transmission upgrade") or two places as the name ("the Bandung-Surabaya
   extension"); a lowercase "vision" needs a two-word name ("Global Maritime
   Fulcrum vision", not "the Kremlin vision").
4. Trailing years and ordinals belong to the name ("Policy Framework
   2021-2035", "Vision 2050", "14th Five-Year Plan").
5. Other name shapes real copy uses: head-first non-English names
   ("Programa Sembrar", "Hidrovia Parana"); "the port of X" when the port is
   being built, financed or handed over; a proper name the text calls a
   project by apposition ("Neom, the $500 billion giga-project"); two
   countries joined by a dash before a described work ("the Saudi-Egyptian
   electricity interconnection project") or a capitalised work head ("the
   Tanzania-Zambia Railway", whose syllable acronym "TAZARA" is linked too). Before the head "project" any
   descriptive nouns may stand ("Subic Bay shipyard revitalization project").
   A single acronym before a lowercase work head ("the TAZARA railway"); an
   ordinal before a lowercase plan ("Bhutan's 12th five-year plan"); a name
   the text gives a plan ("a plan dubbed the Gulf Peace Endeavour"; after
   a project already found, "better known as the X" is its alias).

A name shortened later by leaving out middle words ("the Lobito Corridor"
after "the Lobito Trans-Africa Corridor") is the same project.

A gazetteer project is named as the article writes it when that wording is
not a form of the canonical name ("Middle Corridor", not "Trans-Caspian
International Transport Route"), since that is the name a reader sees.

Precision guards, all from the lexicon. Organisation / event / office words
("Bank", "Forum", "Network", "Police", "Union"...) are ordinary INSIDE a
name whose head is a work or programme ("Hospital Road Bridge", "Kivu
Regional Power Network Project"); they mark an organisation only where they
show whose thing it is: right after the head ("Port Authority", "Railway
Corporation": the name goes on past the head), before "of"/"for" ("Ministry
of ..."), as the last word before a lowercase head ("the World Bank
project") or a policy head ("the Development Bank Strategy"); person titles
block anywhere. Named funds are organisations ("Fund" is a blocker; only
gazetteer programmes like the Amazon Fund count). Names made only of country
names and demonyms are generic ("Chinese Initiative", "Pakistan Railways");
heads that also name companies (Railway, Port, Plant...) need a determiner,
possessive or list context; heads shared with streets, cities and borders
(Road, City, Line, Route...) need a descriptive word and a name before them
("X Toll Road", not "Silom Road") - or a number and a sentence about building
it ("upgrade National Road No. 71C", not "a crash on Highway 1"). Lowercase
facility heads that also name places (port, bridge, base, terminal, metro,
system...) count only after "the" in a sentence about building, financing or
upgrading them. Entity labels are not used to reject works (the NER often
calls "Kano-Maradi" a person); only policy heads check them ("the Biden
agenda", "the Beijing plan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from ._doccache import doc_text
from .countries import country_code
from .lexicon import GazEntry, Gazetteer, ProjectLexicon

__all__ = ["Gazetteer", "GazetteerMatchers", "ProjectLexicon", "ProjectMention", "build_matchers", "find_projects",
           "normalise_project_name"]


@dataclass(frozen=True)
class ProjectMention:
    """One distinct project in an article.

    ``spans`` are character offsets into ``doc.text`` of every mention
    (full name, acronym, back-reference), sorted; ``aliases`` are the other
    surface forms seen, in order of appearance.
    """

    name: str
    kind: str | None
    aliases: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------- data
# The word lists live in ``data/projects_lexicon.json`` and the gazetteer in
# ``data/projects_gazetteer.json``, both read by ``lexicon.load_lexicon``.

GazetteerMatchers = tuple[PhraseMatcher, PhraseMatcher]


def build_matchers(vocab: Vocab, gaz: Gazetteer) -> GazetteerMatchers:
    """Phrase matchers (names/aliases, acronyms; both by exact ORTH) for one vocab.

    Built once by the pipeline stage that owns them. Patterns are tokenised
    with spaCy's rule-based English tokenizer on the pipeline's own vocab -
    the same rules the pipeline uses - so "Lancang-Mekong" splits the same way
    in pattern and text.
    """
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer
    names = PhraseMatcher(vocab, attr="ORTH")
    acr = PhraseMatcher(vocab, attr="ORTH")
    for i, entry in enumerate(gaz):
        names.add(str(i), [tokenizer(a) for a in entry.aliases])
        if entry.acronyms:
            acr.add(str(i), [tokenizer(a) for a in entry.acronyms])
    return names, acr


# ---------------------------------------------------------------- names


_PUNCT_RE = re.compile(r"[^\w\s]")


def normalise_project_name(name: str) -> str:
    """Key that groups surface variants of one project name.

    Case, punctuation and hyphens ignored; a leading "the" and a trailing
    "project"/"programme" dropped ("the NSCR project" == "NSCR").
    """
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = _PUNCT_RE.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    s = re.sub(r" (?:project|projects|programme|program)$", "", s)
    return s


_DASHES = frozenset({"-", "\u2013"})
_QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "``", "''"})


# Parts of speech of a capitalised sentence-initial function word ("Under", "The").
_FUNCTION_POS = frozenset({"DET", "ADP", "PRON", "AUX", "SCONJ", "CCONJ", "ADV", "VERB", "PART"})


def _is_name_word(tok: Token) -> bool:
    t = tok.text
    if not t or t in _DASHES:
        return False
    if t[0] in _DASHES and t[1:2].isupper() and t[1:].isalpha():
        # "Baku -Tbilisi-Ceyhan": garbled spacing glues the dash to the next place.
        return True
    if t[0].isupper():
        # Sentence-initial function words ("Under", "The", "Meanwhile").
        return tok.pos_ not in _FUNCTION_POS
    # "ML-1" style tokens, or numbers inside names ("Lower Sesan 2").
    return bool(re.match(r"^[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$", t)) or (
        t.isdigit() and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper()
    )


def _is_connector(tok: Token, lex: ProjectLexicon) -> bool:
    """Word that may join name words inside a run: "and", "of", and the
    particles of non-English names ("Route des Peches", "Canal do Sertao")."""
    t = tok.text
    return t.lower() in lex.name_joiners or t in lex.name_connectors


def _is_acronym(tok: Token) -> bool:
    t = tok.text
    return 2 <= len(t) <= 8 and t.isupper() and t.isalpha()


_ASIDE_RE = re.compile(r"^[A-Z][A-Za-z0-9\-]{1,9}$")


def _is_aside(doc: Doc, close: int) -> bool:
    """True when ``doc[close]`` ends an "(ACRONYM)" aside: "(NSCR)", "(ML-1)",
    "(C2D)", "(PSGouv)" - a short code with at least two capitals."""
    if close < 2 or doc[close].text != ")" or doc[close - 2].text != "(":
        return False
    t = doc[close - 1].text
    return bool(_ASIDE_RE.match(t)) and sum(c.isupper() for c in t) >= 2


@dataclass
class _Cand:
    start: int  # token indices, end exclusive
    end: int
    name: str
    kind: str | None
    gaz: int | None = None
    acronym: str | None = None  # explicit "(ACRONYM)" given with the name


def _left_run(doc: Doc, head_i: int, lex: ProjectLexicon) -> tuple[int, str | None]:
    """Start index of the name run ending just before ``head_i`` (inclusive of
    name words, inner connectors/hyphens, an "(ACRONYM)" aside)."""
    i = head_i - 1
    start = head_i
    acronym = None
    while i >= 0:
        tok = doc[i]
        if _is_aside(doc, i):
            acronym = doc[i - 1].text
            i -= 3
            continue
        if _is_name_word(tok):
            start = i
            i -= 1
            continue
        if (_is_connector(tok, lex) or tok.text in _DASHES) and i > 0 \
                and _is_name_word(doc[i - 1]) and start == i + 1 \
                and not (tok.lower_ == "and" and doc[i - 1].text == doc[head_i].text):
            # a connector only counts when a name word follows it in the run;
            # "X Initiative and Y Initiative" are two names, not one
            i -= 1
            continue
        break
    # A run must not begin with a connector / hyphen.
    while start < head_i and not _is_name_word(doc[start]):
        start += 1
    return start, acronym


def _right_extension(doc: Doc, end: int, lex: ProjectLexicon) -> int:
    """Extend a name past its head with "for <Name ...>" (+ "in the <Name>")."""
    if end >= len(doc) or doc[end].lower_ != "for":
        return end
    j = end + 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    if j >= len(doc) or not _is_name_word(doc[j]):
        return end
    last = end
    while j < len(doc):
        tok = doc[j]
        if _is_name_word(tok):
            last = j + 1
            j += 1
        elif tok.lower_ in lex.extension_words or tok.text in _DASHES:
            j += 1
        else:
            break
    return last


def _span_text(doc: Doc, start: int, end: int) -> str:
    """Text of tokens start..end without an "(ACRONYM)" aside or quotes."""
    out = []
    k = start
    while k < end:
        tok = doc[k]
        if tok.text == "(" and k + 2 < end + 1 and k + 2 < len(doc) and doc[k + 2].text == ")":
            k += 3
            if out:
                out[-1] = out[-1].rstrip() + " "
            continue
        if tok.text in _QUOTES:
            k += 1
            continue
        out.append(tok.text_with_ws if k < end - 1 else tok.text)
        k += 1
    return _tidy_dashes(re.sub(r"\s+", " ", "".join(out)).strip())


_LOPSIDED_DASH_RE = re.compile(r"(?<=\w) ([-\u2013])(?=\w)|(?<=\w)([-\u2013]) (?=\w)")


def _tidy_dashes(name: str) -> str:
    """"Baku -Tbilisi-Ceyhan" -> "Baku-Tbilisi-Ceyhan": a dash spaced on one
    side only is a typing slip; a dash spaced on both sides ("Ben Thanh -
    Suoi Tien") is left as written."""
    return _LOPSIDED_DASH_RE.sub(lambda m: m.group(1) or m.group(2), name)


def _only_countries(words: list[str], lex: ProjectLexicon) -> bool:
    """True if every word is a country name / demonym (or hyphen, connector)."""
    content = [w.lstrip("-\u2013") for w in words
               if w not in _DASHES and w.lower() not in lex.name_joiners and w != ","]
    if not content:
        return True
    joined = " ".join(content)
    if country_code(joined):
        return True
    return all(country_code(w) for w in content)


def _has_context(doc: Doc, start: int, end: int, lex: ProjectLexicon) -> bool:
    """Determiner, possessive, quote or list around a name (companies lack them)."""
    nxt = doc[end] if end < len(doc) else None
    k = start - 1
    while k > 0 and start - k <= 4 and (
        (doc[k].text.islower() and doc[k].tag_ in {"JJ", "VBN"})
        or doc[k].text in _DASHES
        or (doc[k].text[:1].isupper() and country_code(doc[k].text))
    ):
        k -= 1  # "the new Techo International Airport", "the Chinese-funded X Port"
    prev = doc[k] if k >= 0 else None
    if prev is not None and (prev.lower_ in lex.context_before or prev.tag_ == "POS"
                             or prev.text in _QUOTES):
        return True
    if nxt is not None and nxt.lower_ in lex.context_after:
        return True
    return False


def _org_purpose(doc: Doc, start: int, end: int, lex: ProjectLexicon) -> bool:
    """True when a "for ..." extension only names a purpose ("for Development",
    "for International Development"): that is how agencies and funds are named,
    whereas a plan's "for" names its subject ("Roadmap for Green Transport ...")."""
    words = [t.lower_ for t in doc[start:end] if t.lower_ not in lex.extension_words]
    return bool(words) and all(w in lex.org_purposes for w in words)


_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th)$")
_YEAR_RE = re.compile(r"^(?:19|20)\d\d(?:[-\u2013](?:19|20)\d\d)?$")


def _year_extension(doc: Doc, end: int) -> int:
    """Extend a name over a trailing year or year range ("Framework 2021-2035").

    Plans and frameworks are often titled by their horizon; the year is part
    of the name and tells "Vision 2050" apart from a vague "vision".
    """
    if end >= len(doc) or not _YEAR_RE.match(doc[end].text):
        return end
    if end + 2 < len(doc) and doc[end + 1].text in _DASHES and _YEAR_RE.match(doc[end + 2].text) \
            and not doc[end].whitespace_:
        return end + 3
    return end + 1


_NUMBER_RE = re.compile(r"^(?:\d{1,3}[A-Z]?|[A-Z]\d{1,3}|II|III|IV|VI|VII|VIII|IX)\.?$")


def _number_extension(doc: Doc, end: int, lex: ProjectLexicon) -> int:
    """Extend a road/line name over its number: "Route 9", "Line 2",
    "National Road No. 71C". Numbered works are named by the number."""
    j = end
    if j < len(doc) and doc[j].text in lex.number_markers:
        j += 1
        if j < len(doc) and doc[j].text == ".":
            j += 1
    if j < len(doc) and _NUMBER_RE.match(doc[j].text) and not _YEAR_RE.match(doc[j].text):
        return j + 1
    return end


def _organisation_run(run: list[Token], policy_head: bool, capital_head: bool, lex: ProjectLexicon) -> bool:
    """True when the name words before a head make the phrase an
    organisation's, an office's or a person's, not a project's.

    Organisation words inside a name are ordinary ("Hospital Road Bridge",
    "Kivu Regional Power Network Project", "Union Island Airport"), so they
    block only where they show whose thing it is: a title anywhere
    ("Minister for ... Special Initiative"); "<Bank|Ministry|University> of
    ..." (how organisations are named); or as the last word before a
    lowercase head ("the World Bank project") or a policy head ("the
    Development Bank Strategy") - a capitalised "Project" / "Programme"
    after it is part of the title ("Youth Employment Partnership Programme").
    """
    words = [t for t in run if t.text not in _DASHES and t.text not in "()"]
    if any(t.text in lex.title_blockers for t in words):
        return True
    for a, b in zip(words, words[1:]):
        if a.text in lex.blockers and b.lower_ in {"of", "for"}:
            return True
    if not words or words[-1].text not in lex.blockers:
        return False
    if not capital_head:
        return True
    return policy_head and words[-1].text not in lex.soft_blockers



def _head_candidates(doc: Doc, lex: ProjectLexicon) -> list[_Cand]:
    """Capitalised run + capitalised head noun: "the Kampot Bay Bridge", "Vision 2030"."""
    out: list[_Cand] = []
    for tok in doc:
        kind = lex.heads.get(tok.text)
        if kind is None:
            continue
        cand = _head_candidate(doc, tok, kind, lex)
        if cand is not None:
            out.append(cand)
    return out


class _Extent(NamedTuple):
    """Token extent of a capitalised-head name: ``start``..``end`` (exclusive)."""

    start: int
    end: int
    acronym: str | None
    numbered: bool  # "Route 9": the name ends in the road's number
    has_year: bool  # "Vision 2030": the name ends in a year


def _head_candidate(doc: Doc, tok: Token, kind: str, lex: ProjectLexicon) -> _Cand | None:
    """The name ending in head noun ``tok``, unless it is an organisation's, a company's or too vague."""
    ext = _head_extent(doc, tok, lex)
    if ext is None or not _head_name_ok(doc, tok, ext, lex):
        return None
    start, end, acronym, numbered, _ = ext
    # A right-hand "(ACRONYM)" right after the name belongs to it too.
    if acronym is None and end + 2 < len(doc) and _is_aside(doc, end + 2):
        acronym = doc[end + 1].text
    name = _mid_acronym_name(doc, start, tok, end, lex) or _span_text(doc, start, end)
    if numbered and name.endswith("."):
        name = name[:-1]  # "No. 71C." at the end of a sentence
    return _Cand(start, end, name, kind, acronym=acronym)


def _mid_acronym_name(doc: Doc, start: int, tok: Token, end: int, lex: ProjectLexicon) -> str | None:
    """"Lamu Port-...-Transport (LAPSSET) Corridor Project" -> "LAPSSET Corridor
    Project": an acronym standing for the words before it, with the name going
    on in a typed head (Corridor, Railway), is the short name readers and
    annotators use (the full form stays among the mention's surface forms);
    before a bare "Project" the acronym stands for the whole name. An aside
    right after a head word ("X Economic Corridor (XEC) Project") abbreviates
    a whole name, which stays as written."""
    for close in range(start + 2, tok.i):
        if _is_aside(doc, close) and close - 3 >= start and doc[close - 3].text not in lex.heads \
                and any(lex.heads.get(t.text) not in {None, "project", "programme"} for t in doc[close + 1:end]):
            return f"{doc[close - 1].text} {_span_text(doc, close + 1, end)}"
    return None


def _head_extent(doc: Doc, tok: Token, lex: ProjectLexicon) -> _Extent | None:
    """Where the name around head ``tok`` starts and ends (name run, year,
    number, "for ..." extension), or None when the words cannot be a name."""
    num_end = _number_extension(doc, tok.i + 1, lex) if tok.text in lex.numbered_heads else tok.i + 1
    numbered = num_end > tok.i + 1
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.text[:1].isupper() and _is_name_word(nxt) \
            and nxt.text not in lex.head_continuations and not numbered:
        # The name goes on past the head word: "China Road and Bridge
        # Corporation", "Extended Fund Facility", "Changi Airport Group".
        return None
    if nxt is not None and nxt.lower_ in lex.name_joiners and _joined_organisation(doc, tok.i + 2, lex):
        return None  # "the Second Belt and Road Forum": the head is inside an event's name
    if nxt is not None and nxt.lower_ == "of" and tok.i + 2 < len(doc) \
            and doc[tok.i + 2].text in lex.document_of_words:
        return None  # "Joint Comprehensive Plan of Action": an agreement's title
    start, acronym = _left_run(doc, tok.i, lex)
    year_end = _year_extension(doc, tok.i + 1)
    has_year = year_end > tok.i + 1
    if tok.text in lex.year_required and not has_year:
        return None  # "Shared Vision" is a phrase, "Vision 2050" a plan
    end = year_end if has_year else num_end if numbered else _right_extension(doc, tok.i + 1, lex)
    if end > tok.i + 1 and tok.text not in lex.head_policy_ok and _org_purpose(doc, tok.i + 1, end, lex):
        return None  # "X Fund for Development", "Agency for International Development"
    if start >= tok.i and end == tok.i + 1:
        return None  # a bare "Project" / "Initiative" names nothing
    if start >= tok.i and has_year and tok.text not in lex.year_heads:
        return None  # "Plan 2025" alone is too vague; "Agenda 2063" is a name
    n_words = sum(1 for t in doc[start:tok.i] if t.text[:1].isupper())
    if not has_year and n_words < lex.min_name_words.get(tok.text, 0):
        return None
    if start > 0 and _ORDINAL_RE.match(doc[start - 1].text):
        start -= 1  # "the 14th Five-Year Plan": the ordinal tells plans apart
    return _Extent(start, end, acronym, numbered, has_year)


def _joined_organisation(doc: Doc, j: int, lex: ProjectLexicon) -> bool:
    """True when the capitalised run from ``j`` ends in an organisation or
    event word ("... and Road Forum", "... and Harbour Authority")."""
    last = None
    while j < len(doc) and _is_name_word(doc[j]):
        last = doc[j]
        j += 1
    return last is not None and last.text in lex.blockers


def _arrived_at(head: Token, lex: ProjectLexicon) -> bool:
    """True when the facility is where someone lands, arrives or departs:
    the head hangs (through a preposition) from an arrival verb."""
    gov = head.head
    if gov.pos_ == "ADP" and gov.i != gov.head.i:
        gov = gov.head
    return gov.i != head.i and gov.lemma_.lower() in lex.arrival_verbs


def _head_name_ok(doc: Doc, tok: Token, ext: _Extent, lex: ProjectLexicon) -> bool:
    """False when the name is a place, an organisation's, a country's or a company's."""
    start, end, _, numbered, has_year = ext
    if tok.text in lex.arrival_heads and _arrived_at(tok, lex):
        return False  # "land at the new X Airport": a place on a journey
    need_building = tok.text in lex.heads_need_building
    mods = lex.head_modifiers.get(tok.text)
    if mods is not None and (tok.i == 0 or doc[tok.i - 1].text not in mods
                             or start >= tok.i - 1):
        if not numbered:
            return False  # needs "<Name> Toll Road"; a bare "Smart City" is generic
        need_building = True  # "upgrade National Road No. 5", not "Trains on Line 4"
    elif tok.i > 0 and doc[tok.i - 1].text in lex.head_modifiers_need_building.get(tok.text, ()):
        need_building = True  # "expand X Air Base", not "withdrew from X Air Base"
    if numbered and start >= tok.i:
        need_building = True  # "widen Highway 13", not "a crash on Highway 1"
    need = lex.head_requires_word.get(tok.text)
    if need is not None and not any(t.text in need for t in doc[start:tok.i]):
        return False
    if need_building and not _about_building(doc, start, tok, lex, end):
        return False  # a border checkpoint is a place unless it is being built
    run = [t for t in doc[start:end] if t.i != tok.i]
    policy_head = tok.text in lex.head_policy_ok or tok.text in lex.capital_policy_heads
    if _organisation_run(run, policy_head, True, lex):
        return False
    if start < tok.i and not has_year and _only_countries([t.text for t in doc[start:tok.i]], lex):
        if policy_head or not _bilateral(list(doc[start:tok.i])):
            return False  # "Pakistan Railways", "Chinese Initiative"
        # "the Tanzania-Zambia Railway": a work shared by two countries is
        # named by them; a policy so named ("China-Africa Plan") is not.
    # A company-prone head is a work when determined, listed or being built
    # ("fund a second runway at X International Airport").
    if tok.text not in lex.company_prone or _has_context(doc, start, end, lex):
        return True
    recipient = start > 0 and doc[start - 1].lower_ in lex.recipient_preps  # "a loan to X Railway"
    return not recipient and _about_building(doc, start, tok, lex, end)


def _lower_head_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """Capitalised run + lowercase head: "the Lobito corridor", "ML-1 project",
    "the Kano-Maradi standard gauge railway", "the Lombrum naval base"."""
    out: list[_Cand] = []
    for tok in doc:
        kind = lex.lower_heads.get(tok.text)
        if kind is None or tok.i == 0 or tok.i in taken:
            continue
        cand = _lower_head_candidate(doc, tok, kind, taken, lex)
        if cand is not None:
            out.append(cand)
    return out


def _lower_head_candidate(doc: Doc, tok: Token, kind: str, taken: set[int], lex: ProjectLexicon) -> _Cand | None:
    """The capitalised run before lowercase head ``tok``, with modifiers and acronym."""
    policy = tok.text in lex.policy_heads
    action = tok.text in lex.action_heads
    if action and doc[tok.i - 1].lower_ in lex.lower_heads:
        return None  # "the X wharf upgrade": the facility head judges it
    k = tok.i - 1
    acronym = None
    # skip an "(ACRONYM)" aside: "North-South Commuter Rail (NSCR) project"
    if _is_aside(doc, k):
        acronym = doc[k - 1].text
        k -= 3
    if k >= 0 and doc[k].text in _QUOTES:
        k -= 1  # the strategic "Development Road" project
    # A policy's modifiers must come from the lexicon ("the Biden climate
    # plan" is a person's); a work may be described freely.
    k, mods = _lower_modifiers(doc, k, lex, free=not policy)
    if _is_aside(doc, k):
        acronym = acronym or doc[k - 1].text
        k -= 3  # "Main Line-1 (ML-1) railway project"
    required = lex.lower_head_modifiers.get(tok.text)
    if required is not None and not any(m in required for m in mods):
        # "the Toyota plant", "the Gaza buffer zone"; a road named by
        # its two ends ("the Monrovia-Ganta road") needs no type word
        # when it is being built.
        if not (tok.text in lex.two_end_heads and _two_ends(doc, k)
                and _about_building(doc, k, tok, lex)) \
                and not (action and not mods and _route_ends(doc, k)):
            return None
    if k < 0 or k in taken:
        return None
    if not _is_name_word(doc[k]):
        return _described_project(doc, tok, lex)
    start, acr2 = _left_run(doc, k + 1, lex)
    acronym = acronym or acr2
    run = [doc[i] for i in range(start, k + 1)]
    if _organisation_run(run, policy, False, lex):
        return None
    acronyms = all(_is_acronym(t) for t in run if t.text not in _DASHES)
    if acronyms and len(run) == 1 and len(run[0].text) >= 4 and not policy and tok.text != lex.generic_head \
            and not country_code(run[0].text) and _determined(doc, start, lex):
        # "the TAZARA railway", "the LAPSSET corridor": a work named by its
        # acronym (an actor's policy, "the ASEAN framework", is not one)
        return _lower_head_name(doc, tok, kind, start, k, run, mods, acronym, policy, lex)
    if _only_countries([t.text for t in run], lex) or acronyms:
        if _bilateral(run) and not policy and (mods or tok.text != lex.generic_head):
            # "the Saudi-Egyptian electricity interconnection project",
            # "the China-Nepal railway": a joint work named by its two ends.
            name = f"{_span_text(doc, start, k + 1)} {doc[k + 1:tok.i + 1].text}"
            return _Cand(start, tok.i + 1, name, kind, acronym=acronym)
        # "US strategy", "ASEAN framework": an actor's plan, not a name -
        # unless it is "the Indian housing project".
        return _described_project(doc, tok, lex)
    return _lower_head_name(doc, tok, kind, start, k, run, mods, acronym, policy, lex)


def _lower_head_name(doc: Doc, tok: Token, kind: str, start: int, k: int, run: list[Token], mods: list[str],
                     acronym: str | None, policy: bool, lex: ProjectLexicon) -> _Cand | None:
    """The candidate's name, unless the run is an actor's, a person's or a place's."""
    if start == k and doc[k].is_sent_start and doc[k].pos_ != "PROPN":
        return None  # "Infrastructure project" at a sentence start
    free = [m for m in mods if m not in lex.modifiers and m not in lex.hyphen_modifiers]
    if free and (all(m in lex.generic_compounds for m in free)
                 or any(m in lex.free_modifier_stop for m in free)):
        return None  # "the Trump administration project", "the Mekong pilot project"
    if free and tok.text == lex.generic_head and all(t.ent_type_ == "PERSON" for t in run):
        return None  # "the Musk rocket project": a person's venture
    if tok.text in lex.lower_heads_need_context and (
            not _determined(doc, start, lex) or not _about_building(doc, start, tok, lex)):
        return None  # "the Odesa port came under fire" is a place, not a project
    if policy and not mods and any(t.ent_type_ == "PERSON" for t in run):
        return None  # "the Biden agenda": a person's programme, not a name
    if policy and all(t.ent_type_ == "GPE" for t in run):
        return None  # "the Beijing plan", "the Paris agenda": a government's policy
    if sum(1 for t in run if t.text[:1].isupper()) < lex.lower_min_name_words.get(tok.text, 0):
        return None  # "the Kremlin vision" is an actor's outlook; "Smart Nation vision" a policy
    run_text = _span_text(doc, start, k + 1)
    if mods:
        name = " ".join([run_text, *mods, tok.text])
    elif tok.text == lex.generic_head:
        name = run_text
    else:
        name = f"{run_text} {tok.text}"
    return _Cand(start, tok.i + 1, name, kind, acronym=acronym)


def _two_ends(doc: Doc, k: int) -> bool:
    """True when the name ending at ``k`` is "<Place>-<Place>" ("Monrovia-Ganta")."""
    return k >= 2 and doc[k - 1].text in _DASHES and _is_name_word(doc[k - 2]) \
        and _is_name_word(doc[k])


def _route_ends(doc: Doc, k: int) -> bool:
    """True when the name ending at ``k`` is two places joined by a dash
    ("the Bandung-Surabaya extension"): the stretch of a line or road between
    them. Countries ("the US-China extension" of a truce) and people or
    organisations ("the Israel-Hamas extension") are parties, not ends."""
    if not _two_ends(doc, k):
        return False
    ends = [doc[k - 2], doc[k]]
    if any(t.ent_type_ in {"PERSON", "ORG", "NORP"} for t in ends):
        return False
    return not any(country_code(t.text) for t in ends)


def _lower_modifiers(doc: Doc, k: int, lex: ProjectLexicon, free: bool = False) -> tuple[int, list[str]]:
    """Walk left over up to three lowercase modifiers ("solar power",
    "greenfield rail", "standard gauge", "waste-to-energy") ending at ``k``.

    Returns the index left of them and the modifiers (hyphenated compounds
    joined), so "Sampur solar power project" and "Zambia-Lobito greenfield
    rail line" keep their descriptive middle. Lexicon modifiers always
    count; with ``free`` (heads naming a work, whose description is
    open-ended: "the Subic Bay shipyard revitalization project", "the
    Mombasa southern bypass") any lowercase noun or adjective does too.
    """
    mods: list[str] = []
    while k >= 0 and len(mods) < 3:
        # a hyphenated compound written without spaces: "deep-water", "waste-to-energy"
        j = k
        while j >= 2 and doc[j - 1].text in _DASHES and not doc[j - 1].whitespace_ \
                and not doc[j - 2].whitespace_ and doc[j - 2].text.isalpha() and doc[j - 2].text.islower():
            j -= 2
        if j < k and doc[k].text.isalpha() and doc[k].text.islower():
            word = "".join(t.text for t in doc[j:k + 1])
            if word in lex.modifiers or word in lex.hyphen_modifiers or free:
                mods.insert(0, word)
                k = j - 1
                continue
        tok = doc[k]
        if tok.text.islower() and (tok.text in lex.modifiers or (
                free and tok.is_alpha and tok.pos_ in {"NOUN", "ADJ"} and not tok.is_stop)):
            mods.insert(0, tok.text)
            k -= 1
            continue
        break
    return k, mods


def _bilateral(run: list[Token]) -> bool:
    """True for "Saudi-Egyptian" / "China-Nepal": two different countries joined by a dash."""
    parts: list[str] = []
    cur: list[str] = []
    for t in run:
        if t.text in _DASHES:
            parts.append(" ".join(cur))
            cur = []
        else:
            cur.append(t.text)
    parts.append(" ".join(cur))
    codes = [country_code(p) for p in parts if p]
    return len(codes) >= 2 and all(codes) and len(set(codes)) >= 2


def _determined(doc: Doc, start: int, lex: ProjectLexicon) -> bool:
    """"the X port": a specific facility ("Angola's X port" only locates a town);
    "the new X port" and "the 84-metre X bridge" are as specific."""
    k = start - 1
    while k > 0 and start - k <= 4 and (doc[k].text.islower() or not doc[k].text[:1].isalpha()) and (
            doc[k].tag_ in {"JJ", "VBN", "CD"} or doc[k].text in _DASHES or doc[k].like_num
            or _measure_unit(doc, k)):
        k -= 1
    return k >= 0 and k < start and doc[k].lower_ in lex.specific_determiners


def _measure_unit(doc: Doc, k: int) -> bool:
    """"meter" of "the 84-meter X bridge": a size, which is as specific as an adjective."""
    return k >= 2 and doc[k].tag_ == "NN" and doc[k - 1].text in _DASHES and doc[k - 2].like_num


def _about_building(doc: Doc, start: int, head: Token, lex: ProjectLexicon, end: int | None = None) -> bool:
    """True when building, financing or upgrading words govern the name: up
    to four words before it ("finance the X bridge", "credit for upgrading
    the X port"), the word right after it ("the X port expansion"), or the
    words the head hangs from ("the X terminal will be expanded").

    That is what makes "the Kankesanthurai port" a project mention and "the
    Odesa port came under fire" a place.
    """
    words = lex.development_words

    def dev(t: Token) -> bool:
        return t.lemma_.lower() in words or t.lower_ in words

    end = head.i + 1 if end is None else end
    if any(dev(t) for t in doc[max(0, start - 4):start]) or any(dev(t) for t in doc[end:end + 1]):
        return True
    gov, hops = head.head, 0
    while hops < 2 and gov.i != gov.head.i and gov.i != head.i:
        if dev(gov):
            return True
        if gov.pos_ != "ADP" and gov.dep_ != "prep":  # "including", "following" work as prepositions
            hops += 1
        gov = gov.head
    return dev(gov) and gov.i != head.i


def _described_project(doc: Doc, head: Token, lex: ProjectLexicon) -> _Cand | None:
    """"the Indian housing project" / "Thailand's land bridge project" (singular only)."""
    if head.text != lex.generic_head:
        return None
    j = head.i - 1
    nouns: list[int] = []
    while j >= 0 and doc[j].text.islower() and doc[j].pos_ in {"NOUN", "ADJ", "PROPN"} \
            and len(nouns) < 2:
        nouns.insert(0, j)
        j -= 1
    if not nouns or any(doc[k].lower_ in lex.generic_compounds for k in nouns):
        return None
    if j < 0:
        return None
    owner = doc[j]
    if owner.tag_ == "POS" and j >= 1 and country_code(doc[j - 1].text):
        # "Thailand's land bridge project": the possessor is not part of the name.
        return _Cand(nouns[0], head.i + 1, _span_text(doc, nouns[0], head.i + 1), "project")
    if country_code(owner.text) and owner.text[0].isupper() and j >= 1 \
            and doc[j - 1].lower_ in lex.owner_determiners:
        return _Cand(j, head.i + 1, _span_text(doc, j, head.i + 1), "project")
    return None


def _head_initial_candidates(doc: Doc, lex: ProjectLexicon) -> list[_Cand]:
    """Non-English names put the head first: "Programa Sembrar", "Hidrovia
    Paraguay-Parana", "Proyecto Tren Maya". The head must be followed by a
    name (capitalised words, joined by "de"/"des"/hyphens); heads spelt the
    same in English ("Programme", "Plan") need such a particle in the name
    ("Programme National de Routes Rurales")."""
    out: list[_Cand] = []
    for tok in doc:
        kind = lex.head_initial.get(tok.text)
        if kind is None:
            continue
        j = tok.i + 1
        last = tok.i
        while j < len(doc):
            t = doc[j]
            if _is_name_word(t) and t.text not in lex.head_initial:
                last = j
            elif not ((_is_connector(t, lex) or t.text in _DASHES) and j + 1 < len(doc)
                      and _is_name_word(doc[j + 1])):
                break
            j += 1
        if last == tok.i:
            continue
        run = list(doc[tok.i + 1:last + 1])
        if _organisation_run(run, False, True, lex):
            continue
        if tok.text in lex.head_initial_need_connector and not any(
                t.text in lex.name_connectors for t in run):
            continue  # "Programme Social du Gouvernement", not "Plan B" / "Programme Director"
        out.append(_Cand(tok.i, last + 1, _span_text(doc, tok.i, last + 1), kind))
    return out


def _ordinal_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """A numbered plan written in lowercase: "Bhutan's 12th five-year plan",
    "the 15th periodic plan". The ordinal tells one government plan from its
    predecessor, so it and the words up to the head are the plan's name."""
    out: list[_Cand] = []
    for tok in doc:
        if tok.text not in lex.ordinal_heads or tok.i in taken or tok.tag_ in {"NNS", "NNPS"}:
            continue
        k, mods = _lower_modifiers(doc, tok.i - 1, lex, free=True)
        if not mods or k < 0 or k in taken or not _ORDINAL_RE.match(doc[k].text):
            continue  # "the 2nd plan" alone may be anyone's second plan
        out.append(_Cand(k, tok.i + 1, _span_text(doc, k, tok.i + 1), lex.lower_heads[tok.text]))
    return out


def _named_candidates(doc: Doc, taken: set[int], found: list[_Cand], lex: ProjectLexicon) -> list[_Cand]:
    """A name the text gives a plan or work: "a plan - dubbed the Gulf Peace
    Endeavour", "a scheme known as Green Roads". The head noun ("plan",
    "scheme") stands up to four words before the naming word; the name is
    the capitalised run after it (two words at least, no organisation).
    When the head ends a name already found ("the X Development programme,
    better known as the Giant Sea Wall"), the new name is its alias."""
    out: list[_Cand] = []
    for tok in doc:
        if tok.i < 2 or tok.i in taken or not _is_name_word(tok) or _is_name_word(doc[tok.i - 1]):
            continue
        j = tok.i - 1 if doc[tok.i - 1].lower_ == "the" else tok.i
        one, two = doc[j - 1].lower_, f"{doc[j - 2].lower_} {doc[j - 1].lower_}" if j >= 2 else ""
        if one not in lex.naming_words and two not in lex.naming_words:
            continue
        w = j - (1 if one in lex.naming_words else 2)
        heads = [t.i for t in doc[max(0, w - 4):w] if t.lower_ in lex.lower_heads]
        if not heads:
            continue
        end = tok.i
        while end < len(doc) and (_is_name_word(doc[end]) or (
                _is_connector(doc[end], lex) and end + 1 < len(doc) and _is_name_word(doc[end + 1]))):
            end += 1
        run = list(doc[tok.i:end])
        if sum(1 for t in run if t.text[:1].isupper()) < 2 or any(k in taken for k in range(tok.i, end)) \
                or _organisation_run(run, True, False, lex) or _only_countries([t.text for t in run], lex) \
                or any(t.ent_type_ in {"PERSON", "NORP"} for t in run):
            continue
        owner = next((c for c in found if c.start <= heads[-1] < c.end), None)
        if owner is not None:
            out.append(_Cand(tok.i, end, owner.name, owner.kind, gaz=owner.gaz))
        else:
            out.append(_Cand(tok.i, end, _span_text(doc, tok.i, end), "project"))
    return out


def _chain_segments(doc: Doc, i: int) -> tuple[int, list[list[Token]]]:
    """The dash-joined segments of name words from ``i`` ("Baku", "Tbilisi",
    "Ceyhan"; a dash glued to a word by garbled spacing counts as a join)."""
    segs: list[list[Token]] = [[]]
    j = i
    while j < len(doc):
        t = doc[j]
        if t.text in _DASHES and segs[-1] and j + 1 < len(doc) and _is_name_word(doc[j + 1]):
            segs.append([])
        elif t.text[:1] in _DASHES and len(t.text) > 1 and segs[-1] and _is_name_word(t):
            segs.append([t])
        elif t.text[:1].isupper() and _is_name_word(t) and len(segs[-1]) < 2:
            segs[-1].append(t)
        else:
            break
        j += 1
    return j, segs


def _route_chain_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """Three or more places joined by dashes, in a sentence about projects:
    "the projects Baku-Tbilisi-Ceyhan and ...". Pipelines, railways and
    corridors are named by their stops even without a head noun; countries
    so joined ("China-Russia-Mongolia") are parties to talks, not stops."""
    out: list[_Cand] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.text[:1].isupper() or not _is_name_word(tok) \
                or (i > 0 and (_is_name_word(doc[i - 1]) or doc[i - 1].text in _DASHES)):
            i += 1
            continue
        end, segs = _chain_segments(doc, i)
        words = [t for seg in segs for t in seg]
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower() and nxt.lower_ not in lex.lower_heads:
            i = end  # "the A-B-C summit / axis / agreement": the stops describe something else
            continue
        if len(segs) >= 3 and all(segs) and not any(k in taken for k in range(i, end)) \
                and not any(country_code(" ".join(t.text.lstrip("-\u2013") for t in seg)) for seg in segs) \
                and not any(t.text in lex.blockers or t.ent_type_ == "NORP" for t in words) \
                and any(t.lemma_.lower() == lex.generic_head or t.lower_ in lex.lower_heads for t in tok.sent):
            out.append(_Cand(i, end, _span_text(doc, i, end), "corridor"))
        i = max(end, i + 1)
    return out


def _route_ends_after(doc: Doc, j: int, lex: ProjectLexicon) -> int:
    """End of "A and B" / "A to B" / "A-B" (single place words) from ``j``, or -1;
    countries as ends make a bilateral description, not a work's name."""
    if j + 2 >= len(doc) or not doc[j].text[:1].isupper() or not _is_name_word(doc[j]):
        return -1
    mid, last = doc[j + 1], doc[j + 2]
    if not (mid.lower_ in {"and", "to"} or mid.text in _DASHES) or not last.text[:1].isupper() \
            or not _is_name_word(last):
        return -1
    if country_code(doc[j].text) or country_code(last.text) \
            or any(t.ent_type_ == "NORP" for t in (doc[j], last)):
        return -1
    return j + 3


def _described_route_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """"a new rail link between A and B", "finance a diesel pipeline from
    A-B": a work described by its two ends, when it is new or being built or
    financed. The phrase as written is its name."""
    out: list[_Cand] = []
    for tok in doc:
        if tok.lower_ not in lex.route_heads or tok.i in taken or tok.i + 1 >= len(doc) \
                or doc[tok.i + 1].lower_ not in lex.route_preps or tok.tag_ in {"NNS", "NNPS"}:
            continue
        end = _route_ends_after(doc, tok.i + 2, lex)
        if end < 0 or any(i in taken for i in range(tok.i, end)):
            continue
        k, mods = _lower_modifiers(doc, tok.i - 1, lex, free=True)
        start = k + 1
        new = any(m in lex.route_new for m in mods) or (k >= 0 and doc[k].lower_ in lex.route_new)
        mods_start = start + (1 if doc[start].lower_ in lex.route_new else 0)
        if not new and not _about_building(doc, start, tok, lex):
            continue
        out.append(_Cand(mods_start, end, _span_text(doc, mods_start, end),
                         lex.lower_heads.get(tok.lower_) or "project"))
    return out


def _activity_title_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """"the Greening Agricultural Transformation in Ethiopia (GATE)": a
    capitalised title opened by an -ing word and followed by its acronym.
    Programmes are named by what they do; organisations by what they are,
    which the blockers catch ("Building Research Institute")."""
    out: list[_Cand] = []
    for close in range(3, len(doc)):
        if not _is_aside(doc, close) or not _is_acronym(doc[close - 1]):
            continue
        start, k = close - 2, close - 3
        while k >= 0 and (_is_name_word(doc[k]) or (doc[k].lower_ in lex.title_joiners and k > 0
                                                    and _is_name_word(doc[k - 1]))):
            if _is_name_word(doc[k]):
                start = k
            k -= 1
        first = doc[start] if start < close - 2 else None
        if first is None or not first.lower_.endswith("ing") or len(first.text) < 6 \
                or first.ent_type_ in {"GPE", "LOC", "PERSON", "NORP"} or country_code(first.text):
            continue
        run = list(doc[start:close - 2])
        words = [t for t in run if t.text[:1].isupper()]
        if len(words) < 3 or doc[close - 1].text[0] != first.text[0] \
                or any(i in taken for i in range(start, close - 2)) \
                or any(t.text in lex.blockers or t.text in lex.title_blockers for t in run):
            continue
        out.append(_Cand(start, close - 2, _span_text(doc, start, close - 2), "programme",
                         acronym=doc[close - 1].text))
    return out


def _is_apposition_head(tok: Token, lex: ProjectLexicon) -> bool:
    heads = lex.apposition_heads
    if tok.lower_ in heads:
        return True
    # "giga-project" is split into "giga", "-", "project"
    return tok.lower_ == lex.generic_head and tok.i >= 2 and _hyphen_compound(tok) in heads


def _hyphen_compound(tok: Token) -> str:
    """"giga-project" for the "project" of "giga - project", else ""."""
    d = tok.doc
    return f"{d[tok.i - 2].lower_}-{tok.lower_}" if d[tok.i - 1].text in _DASHES else ""


def _apposition_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """A proper name the text itself calls a project by apposition:
    "Neom, the $500 billion giga-project", "Kuiper, Amazon's satellite project".

    The parser's ``appos`` arc ties the description to the name, so a
    project noun elsewhere in the sentence ("a partner in the project") does
    not count.
    """
    out: list[_Cand] = []
    for tok in doc:
        if tok.dep_ != "appos" or not _is_apposition_head(tok, lex) or tok.tag_ in {"NNS", "NNPS"}:
            continue
        name_tok = tok.head
        if name_tok.i >= tok.i or name_tok.i in taken or not _is_name_word(name_tok):
            continue
        if name_tok.i + 1 >= len(doc) or doc[name_tok.i + 1].text != ",":
            continue
        if not any(c.dep_ in {"det", "poss"} for c in tok.children):
            continue
        start, _ = _left_run(doc, name_tok.i + 1, lex)
        run = doc[start:name_tok.i + 1]
        if any(t.text in lex.blockers for t in run) or _only_countries([t.text for t in run], lex):
            continue
        if any(t.ent_type_ in {"PERSON", "NORP"} for t in run):
            continue
        out.append(_Cand(start, name_tok.i + 1, _span_text(doc, start, name_tok.i + 1), "project"))
    return out


def _port_of_candidates(doc: Doc, taken: set[int], lex: ProjectLexicon) -> list[_Cand]:
    """"the port of Tadjourah" when the sentence is about building, running or
    handing over the port (its governing words or a clause about it); a port
    merely passed through or levied at stays a place."""
    words = (lex.development_words - lex.port_not_development) | lex.port_development_words
    out: list[_Cand] = []
    for tok in doc:
        if tok.lower_ != lex.port_noun or tok.i in taken or tok.i == 0 or doc[tok.i - 1].lower_ != "the":
            continue
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of" or not _is_name_word(doc[tok.i + 2]):
            continue
        end = tok.i + 2
        while end < len(doc) and _is_name_word(doc[end]):
            end += 1
        if any(t.text in lex.blockers for t in doc[tok.i + 2:end]) or \
                _only_countries([t.text for t in doc[tok.i + 2:end]], lex):
            continue
        if not _port_worked_on(doc, tok, end, words):
            continue
        out.append(_Cand(tok.i, end, _span_text(doc, tok.i, end), "port"))
    return out


def _port_worked_on(doc: Doc, tok: Token, end: int, words: frozenset[str]) -> bool:
    """True when a development word governs "the port of X" (up to three
    content words up the parse) or sits in a clause hanging on it."""

    def dev(t: Token) -> bool:
        return t.lemma_.lower() in words or t.lower_ in words

    gov = tok.head
    hops = 0
    while hops < 3 and gov.i != gov.head.i:
        if dev(gov):
            return True
        if gov.pos_ != "ADP":
            hops += 1
        gov = gov.head
    if dev(gov):
        return True
    # "the port of X, which ... joint management": the clause may hang on
    # "port" or on the place name.
    clause = [t for h in doc[tok.i:end] for c in h.children
              if c.dep_ in {"relcl", "acl"} for t in c.subtree]
    return any(dev(t) for t in clause)


def _gazetteer_candidates(doc: Doc, lex: ProjectLexicon, gaz: Gazetteer, matchers: GazetteerMatchers) -> list[_Cand]:
    names, acr = matchers
    out: list[_Cand] = []
    for match_id, start, end in names(doc):
        i = int(doc.vocab.strings[match_id])
        # "Belt and Road Forum" is an event, not the initiative.
        if end < len(doc) and doc[end].text in lex.blockers:
            continue
        out.append(_Cand(start, end, gaz[i].name, gaz[i].kind, gaz=i))
    for match_id, start, end in acr(doc):
        i = int(doc.vocab.strings[match_id])
        if end < len(doc) and doc[end].text in lex.blockers:
            continue
        out.append(_Cand(start, end, gaz[i].name, gaz[i].kind, gaz=i))
    return out


def _in_headline(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits in a Title Case line (a headline)."""
    text = doc_text(doc)
    pos = doc[i].idx
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    line = text[a: b if b >= 0 else len(text)].strip()
    if not line or line[-1] in ".!?\"'\u201d:;,":
        return False  # body sentences end in punctuation; headlines do not
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", line) if len(w) > 3]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75


def _initials(name: str, lex: ProjectLexicon) -> str:
    words = re.split(r"[\s\-\u2013]+", name)
    return "".join(w[0] for w in words if w and w[0].isupper() and w.lower() not in lex.name_joiners)


def _syllable_initials(name: str, lex: ProjectLexicon) -> str:
    """Two-letter syllable acronym of a name: "TAZARA" for "Tanzania-Zambia
    Railway". Swahili, Indonesian and Malay copy abbreviates works by the
    first syllable of each word rather than by initials; an all-caps token
    spelling exactly that is the same project."""
    words = [w for w in re.split(r"[\s\-\u2013]+", name)
             if w and w[0].isupper() and w.lower() not in lex.name_joiners]
    if len(words) < 3 or any(len(w) < 3 for w in words):
        return ""
    return "".join(w[:2] for w in words).upper()


# ---------------------------------------------------------------- grouping


@dataclass
class _Group:
    name: str
    kind: str | None
    key: str
    gaz: int | None
    forms: list[str]
    spans: set[tuple[int, int]]
    acronyms: set[str]
    first: int
    confirmed: bool = False  # seen outside a headline, or in the gazetteer


def _contains_words(a: str, b: str) -> bool:
    """True if word sequence ``b`` occurs inside word sequence ``a``."""
    return f" {b} " in f" {a} "


def _find_group(groups: list[_Group], key: str, gaz: int | None) -> _Group | None:
    for g in groups:
        if gaz is not None and g.gaz == gaz:
            return g
    for g in groups:
        if g.key == key:
            return g
    for g in groups:
        if key and g.key and (_contains_words(g.key, key) or _contains_words(key, g.key)):
            return g
    for g in groups:
        if key and g.key and (_shortening(g.key, key) or _shortening(key, g.key)):
            return g
    return None


def _shortening(long: str, short: str) -> bool:
    """True when ``short`` restates ``long`` with middle words left out: same
    first and last word, the rest in order ("Lobito Corridor" for "Lobito
    Trans-Africa Corridor", "Trans-Anatolian gas pipeline" for
    "Trans-Anatolian Natural Gas Pipeline"). Articles shorten a name so once
    they have given it in full; a different first word ("13th" / "14th
    Five-Year Plan") or head is another project."""
    a, b = long.split(), short.split()
    if len(b) < 2 or len(b) >= len(a) or a[0] != b[0] or a[-1] != b[-1]:
        return False
    it = iter(a[1:-1])
    return all(w in it for w in b[1:-1])


def _backrefs(doc: Doc, groups: list[_Group], used: set[int], lex: ProjectLexicon) -> None:
    """Attach "the canal project" / "the initiative" to the latest project of that kind."""
    for tok in doc:
        if tok.i in used or tok.text not in lex.backref_heads or tok.i == 0:
            continue
        if tok.tag_ in {"NNS", "NNPS"}:
            continue
        j = tok.i - 1
        start = tok.i
        if tok.text == "project" and doc[j].lower_ in lex.backref_heads and doc[j].text.islower():
            start = j
            kind = lex.backref_heads[doc[j].lower_]
            j -= 1
        else:
            kind = lex.backref_heads[tok.text]
        if j < 0 or doc[j].lower_ not in lex.backref_determiners:
            continue
        before = [g for g in groups if g.first < doc[start].idx]
        if kind is not None:
            before = [g for g in before if g.kind == kind]
        if not before:
            continue
        target = max(before, key=lambda g: max(s for s, _ in g.spans))
        target.spans.add((doc[start].idx, tok.idx + len(tok.text)))


def _gazetteer_surface_name(g: _Group, entry: GazEntry) -> str:
    """Name a gazetteer project as the article does when its wording differs.

    An entry's aliases can be other names for the same work ("Middle
    Corridor" for the Trans-Caspian International Transport Route); readers
    and annotators name a project by the article's words, so the canonical
    name is used only when the article writes it (or a shortening of it),
    or gives just an acronym.
    """
    canon = normalise_project_name(entry.name)
    full = [f for f in g.forms if f not in entry.acronyms and not f.isupper()]
    if not full:
        return entry.name
    for f in full:
        key = normalise_project_name(f)
        if _contains_words(canon, key) or _contains_words(key, canon):
            return entry.name
    return full[0]


def find_projects(doc: Doc, lex: ProjectLexicon, gaz: Gazetteer, matchers: GazetteerMatchers) -> list[ProjectMention]:
    """All distinct named projects in ``doc``, in order of first mention."""
    if len(doc) == 0:
        return []
    kept = _longest_first(_candidates(doc, lex, gaz, matchers))
    groups = _group_mentions(doc, kept, lex, gaz)
    used = {k for c in kept for k in range(c.start, c.end)}
    _add_acronyms(doc, groups, used, lex)
    # Title Case headlines make every word look like a name ("Signs Deal For
    # New Port Project"); trust a headline-only find only via the gazetteer.
    groups = [g for g in groups if g.confirmed]
    _backrefs(doc, groups, used, lex)

    groups.sort(key=lambda g: min(s for s, _ in g.spans))
    result = []
    for g in groups:
        if g.gaz is not None:
            g.name = _gazetteer_surface_name(g, gaz[g.gaz])
        aliases = tuple(f for f in g.forms if f != g.name)
        result.append(ProjectMention(g.name, g.kind, aliases, tuple(sorted(g.spans))))
    return result


def _candidates(doc: Doc, lex: ProjectLexicon, gaz: Gazetteer, matchers: GazetteerMatchers) -> list[_Cand]:
    """Every candidate name: gazetteer, head nouns, head-initial, lower-case heads, appositions, ports."""
    cands = _gazetteer_candidates(doc, lex, gaz, matchers)
    heads = _head_candidates(doc, lex)
    taken = {k for c in heads for k in range(c.start, c.end)}
    taken |= {k for c in cands for k in range(c.start, c.end)}
    cands += heads
    cands += _head_initial_candidates(doc, lex)
    lower = _lower_head_candidates(doc, taken, lex)
    cands += lower
    taken |= {k for c in lower for k in range(c.start, c.end)}
    cands += _ordinal_candidates(doc, taken, lex)
    cands += _route_chain_candidates(doc, taken, lex)
    cands += _activity_title_candidates(doc, taken, lex)
    # A work described by its ends where the article names a work of the same
    # kind ("The X Rail ... involves a railway from A to B") restates that work.
    kinds = {c.kind for c in cands}
    cands += [c for c in _described_route_candidates(doc, taken, lex) if c.kind not in kinds]
    cands += _named_candidates(doc, taken, cands, lex)
    cands += _apposition_candidates(doc, taken, lex)
    cands += _port_of_candidates(doc, taken, lex)
    return cands


def _longest_first(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidate wins where two overlap (gazetteer first on ties)."""
    cands.sort(key=lambda c: (c.start, -(c.end - c.start), c.gaz is None))
    kept: list[_Cand] = []
    last_end = -1
    for c in cands:
        if c.start < last_end:
            continue
        kept.append(c)
        last_end = c.end
    return kept


def _group_mentions(doc: Doc, kept: list[_Cand], lex: ProjectLexicon, gaz: Gazetteer) -> list[_Group]:
    """Mentions of the same project (by normalised name or gazetteer entry) become one group."""
    groups: list[_Group] = []
    for c in kept:
        key = normalise_project_name(c.name)
        if not key:
            continue
        span = (doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text))
        surface = doc_text(doc)[span[0]:span[1]]
        if c.gaz is None and any(_contains_words(key, bad) for bad in lex.not_projects):
            continue  # "World Food Programme" is an agency
        g = _find_group(groups, key, c.gaz)
        if g is None:
            g = _Group(c.name, c.kind, key, c.gaz, [], set(), set(), span[0])
            groups.append(g)
        elif c.gaz is not None and g.gaz is None:
            g.gaz, g.name, g.kind, g.key = c.gaz, c.name, c.kind, key
        g.spans.add(span)
        g.confirmed = g.confirmed or c.gaz is not None or not _in_headline(doc, c.start)
        if surface not in g.forms:
            g.forms.append(surface)
        if c.acronym:
            g.acronyms.add(c.acronym)
        if c.gaz is not None:
            g.acronyms.update(gaz[c.gaz].acronyms)
        # Prefer a capitalised head form as the canonical name: "Lobito corridor"
        # -> "Lobito Corridor" once the article writes it so.
        if c.gaz is None and g.gaz is None and key == g.key \
                and g.name.split()[-1].islower() and c.name.split()[-1][:1].isupper():
            g.name = c.name
    return groups


def _add_acronyms(doc: Doc, groups: list[_Group], used: set[int], lex: ProjectLexicon) -> None:
    """Acronyms: explicit "(CPEC)" asides, initials of the name ("SGR" for
    "Standard Gauge Railway"), gazetteer acronyms - anywhere in the article."""
    by_acr: dict[str, _Group] = {}
    for g in groups:
        for a in g.acronyms:
            by_acr.setdefault(a, g)
        ini = _initials(g.name, lex)
        if len(ini) >= 3:
            by_acr.setdefault(ini, g)
        syl = _syllable_initials(g.name, lex)
        if len(syl) >= 6:
            by_acr.setdefault(syl, g)
    for tok in doc:
        if tok.i in used or not _is_acronym(tok):
            continue
        g = by_acr.get(tok.text)
        if g is None:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.text in lex.blockers:
            continue
        g.spans.add((tok.idx, tok.idx + len(tok.text)))
        if tok.text not in g.forms:
            g.forms.append(tok.text)
