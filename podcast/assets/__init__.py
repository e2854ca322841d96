"""Episode assets: what is made for an episode besides its audio, from the recap and the timed
speech (episode art and the show cover, show notes and summary, transcript cues and chapters).
The audio stage puts some into the MP3's tags; the publisher writes them beside it."""
