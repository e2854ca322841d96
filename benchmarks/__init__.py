"""Voice benchmark: real-time factor, Whisper round-trip WER and the TTS pool's speed-up."""
