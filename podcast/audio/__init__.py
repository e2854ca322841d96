"""The audio stage: generated music, the one-pass mix, loudness mastering, MP3 export with ID3."""
