"""The learned stage of the extraction core (see ``stage.py``); weights in ``model/``, trained by ``eventx train``."""

from .stage import LearnedStage, SentenceScorer, make_learned_stage

__all__ = ["LearnedStage", "SentenceScorer", "make_learned_stage"]
