"""Numeric settings from the environment, with one rule for what counts as unset or bad."""

from __future__ import annotations

import os


def env_float(name: str, default: float) -> float:
    """$name as a number ≥ 0; `default` when it is unset, empty or not a number."""
    value = os.environ.get(name, "")
    try:
        return max(0.0, float(value)) if value else default
    except ValueError:
        return default
