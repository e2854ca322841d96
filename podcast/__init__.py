"""recap-podcast: turns a trading day's written market recap into a podcast episode."""

__version__ = "0.1.0"
