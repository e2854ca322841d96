"""The fixed timings of an episode's shape, in one neutral place: the planner budgets the
episode's length with them and the mixer places the speech with them, so the two never differ."""

from __future__ import annotations

INTRO_LEAD_S = 4.0  # the intro speech starts this far into the sting
OUTRO_RING_S = 2.0  # the outro bed rings on this long after the last word
