"""One pyttsx3 synthesis per process (its espeak driver breaks on a second save_to_file).

Usage: python -m podcast.tts.pyttsx3_child OUT.wav VOICE_ID RATE  (the text comes on stdin)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_POLL_S = 0.02
_WAIT_S = 30.0  # give up waiting for the file after this long


def _complete(path: Path) -> bool:
    """True once the WAV's header has been finalised: the writer patches the RIFF and data chunk
    sizes when it closes the file, so they match the bytes on disk only then (a size that merely
    stops growing for a moment is not proof: espeak pauses under load)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return False
    if int.from_bytes(data[4:8], "little") != len(data) - 8:
        return False
    pos = 12
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos + 4 : pos + 8], "little")
        if data[pos : pos + 4] == b"data":
            return size > 0 and pos + 8 + size == len(data)
        pos += 8 + size + (size & 1)
    return False


def _wait_for_file(path: Path) -> bool:
    """Wait until the file exists and is a finished WAV."""
    deadline = time.monotonic() + _WAIT_S
    while time.monotonic() < deadline:
        if _complete(path):
            return True
        time.sleep(_POLL_S)
    return False


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m podcast.tts.pyttsx3_child OUT.wav VOICE_ID RATE", file=sys.stderr)
        return 2
    out, voice, rate = Path(argv[0]), argv[1], int(argv[2])
    text = sys.stdin.buffer.read().decode("utf-8")
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the driver prints "Audio saved to ..."
    try:
        import pyttsx3

        engine = pyttsx3.init("espeak")
    except (ImportError, RuntimeError, OSError) as exc:
        print(f"pyttsx3/espeak-ng unavailable: {exc}", file=sys.stderr)
        return 3
    if voice:
        engine.setProperty("voice", voice)
    engine.setProperty("rate", rate)
    engine.save_to_file(text, str(out))
    engine.runAndWait()
    if not _wait_for_file(out):
        print(f"pyttsx3 did not write {out.name}", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stderr.flush()
    os._exit(code)  # skip interpreter teardown: espeak can assert while unloading
