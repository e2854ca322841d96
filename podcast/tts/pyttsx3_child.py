"""One espeak-ng synthesis per process, through pyttsx3's espeak-ng binding.

pyttsx3's own `save_to_file` runs espeak-ng asynchronously and now and then writes the file
before the last buffers arrive (seen under load: a segment 1.6 s short). Here espeak-ng runs in
its synchronous mode: `Synth` returns after every buffer has reached our callback, so the file
is whole, and the same text always gives the same samples.

Usage: python -m podcast.tts.pyttsx3_child OUT.wav VOICE_ID RATE  (the text comes on stdin)
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

from podcast.util.wav import write_pcm16

_BUFFER_MS = 1000  # espeak-ng hands audio over in buffers of this length
_VOLUME = 100  # pyttsx3's default volume 1.0


def synthesize(text: str, voice: str, rate: int) -> tuple[bytes, int]:
    """16-bit mono PCM of `text` and its sample rate; raises RuntimeError if espeak-ng fails."""
    from pyttsx3.drivers import _espeak

    sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS)
    if sample_rate <= 0:
        raise RuntimeError("could not initialise espeak-ng")
    chunks: list[bytes] = []

    def on_synth(wav: ctypes._Pointer[ctypes.c_short], numsamples: int, events: object) -> int:
        if numsamples > 0:
            chunks.append(ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short)))
        return 0  # 0: go on synthesising

    _espeak.SetSynthCallback(on_synth)
    if voice and _espeak.SetVoiceByName(voice.encode("utf-8")) != _espeak.EE_OK:
        raise RuntimeError(f"espeak-ng has no voice {voice!r}")
    _espeak.SetParameter(_espeak.RATE, rate, 0)
    _espeak.SetParameter(_espeak.VOLUME, _VOLUME, 0)
    flags = _espeak.ENDPAUSE | _espeak.CHARS_UTF8
    if _espeak.Synth(text.encode("utf-8"), flags=flags) != _espeak.EE_OK:
        raise RuntimeError("espeak-ng refused the text")
    _espeak.Synchronize()
    return b"".join(chunks), sample_rate


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m podcast.tts.pyttsx3_child OUT.wav VOICE_ID RATE", file=sys.stderr)
        return 2
    out, voice, rate = Path(argv[0]), argv[1], int(argv[2])
    text = sys.stdin.buffer.read().decode("utf-8")
    try:
        pcm, sample_rate = synthesize(text, voice, rate)
    except (ImportError, OSError) as exc:
        print(f"pyttsx3/espeak-ng unavailable: {exc}", file=sys.stderr)
        return 3
    except RuntimeError as exc:
        print(f"espeak-ng failed: {exc}", file=sys.stderr)
        return 4
    write_pcm16(out, pcm, sample_rate)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    os._exit(code)  # skip interpreter teardown: espeak can assert while unloading
