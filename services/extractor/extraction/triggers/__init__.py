"""Trigger frames, one module per event type (``meeting``, ``request``, ``pledge``).

Each marked token is checked against its lexicon frame using the dependency
parse (its object, particles, prepositions, auxiliaries), which is what
separates "met Xi" from "met the demands", "called on Xi" from "called the
trial", or "extended a $400 million loan" from "extended his stay". Output is
a list of ``Candidate`` objects carrying the argument tokens found on the way;
resolution to actors happens in the argument stage.
"""

from .candidate import Candidate
from .finder import TriggerFinder

__all__ = ["Candidate", "TriggerFinder"]
