"""Actors: mention detection -> clustering -> coreference and speakers.

``mentions`` finds the named actors with titles and countries, ``clusters``
folds the mentions of one actor into an ``Entity`` (canonical name = the
fullest), ``coref`` resolves noun phrases, pronouns and descriptions to
entities and finds who is speaking.
"""

from .coref import DocActors, build_actors
from .model import Entity, Mention

__all__ = ["DocActors", "Entity", "Mention", "build_actors"]
