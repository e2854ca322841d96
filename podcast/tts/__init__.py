"""Text to speech: engines behind one protocol, a cache, a pool."""
