"""One pyttsx3 synthesis per process (its espeak driver breaks on a second save_to_file).

Usage: python -m podcast.tts.pyttsx3_child OUT.wav VOICE_ID RATE  (the text comes on stdin)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_SETTLE_S = 0.05  # the file's size must hold this long before it counts as written
_WAIT_S = 15.0  # give up waiting for the file after this long


def _wait_for_file(path: Path) -> int:
    """The file's size once it exists and has stopped growing; 0 if it never appears."""
    deadline = time.monotonic() + _WAIT_S
    last = -1
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size > 0 and size == last:
            return size
        last = size
        time.sleep(_SETTLE_S)
    return 0


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
