"""What a render task is and what it reports: apart from render.py, so planning
and placing (write.py) never import the imaging libraries on a warm rebuild."""

from __future__ import annotations

from pathlib import Path

from ..records import record
from .plan import CardPlan, Variant


@record
class Task:
    source: Path | None  # None: cards without a photo
    orientation: int
    variants: tuple[Variant, ...]  # the ones missing from the cache
    cards: tuple[CardPlan, ...]
    size: int = 0  # source bytes, to start the biggest tasks first


@record
class Result:
    files: int
    decoded: int
    seconds: float
