"""`podcast serve`: preview OUT on localhost the way podcast apps and browsers fetch it (HEAD and
byte ranges for seeking), with Starlette's static files on uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from podcast.errors import DependencyError, InputError
from podcast.publish import layout

MEDIA_TYPES = {".vtt": "text/vtt", ".json": "application/json", ".xml": "application/rss+xml"}


# The catalog an older version kept in OUT, until a render or nightly migrates it.
LEGACY_PRIVATE = frozenset(layout.LEGACY_CATALOG_FILES)


def hidden(relative: str) -> bool:
    """True for a path with a dotfile or dot-folder in it ('..' included) or an old layout's
    catalog: never served, since temp files and the private files an older version left in OUT
    are named so."""
    parts = [p for p in relative.replace("\\", "/").split("/") if p not in ("", ".")]
    return any(part.startswith(".") or part in LEGACY_PRIVATE for part in parts)


def app(out: Path) -> Any:
    """An ASGI app serving `out` (index.html for folders; the feed as RSS; no directory listing)."""
    try:
        from starlette.applications import Starlette
        from starlette.routing import Mount
        from starlette.staticfiles import StaticFiles
    except ImportError:
        raise DependencyError("podcast serve needs starlette; run 'make setup'") from None
    if not (out / layout.INDEX).is_file():
        raise InputError(f"{out} has no index.html; render an episode into it first")

    class _Static(StaticFiles):
        def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
            """404 for dotfiles, dot-folders and anything outside OUT (symlinks included)."""
            if hidden(path):
                return "", None
            full_path, stat = super().lookup_path(path)
            if stat is not None:
                real = Path(full_path)
                root = out.resolve()
                if not real.is_relative_to(root) or hidden(real.relative_to(root).as_posix()):
                    return "", None
            return full_path, stat

        def file_response(
            self, full_path: Any, stat_result: Any, scope: Any, status_code: int = 200
        ) -> Any:
            response = super().file_response(full_path, stat_result, scope, status_code)
            kind = MEDIA_TYPES.get(Path(full_path).suffix)
            if kind:
                response.headers["content-type"] = kind
            response.headers["x-content-type-options"] = "nosniff"
            return response

    return Starlette(routes=[Mount("/", app=_Static(directory=out, html=True))])


def serve(out: Path, port: int, host: str = "127.0.0.1") -> None:
    try:
        import uvicorn
    except ImportError:
        raise DependencyError("podcast serve needs uvicorn; run 'make setup'") from None
    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a port number (1-65535)")
    print(f"serving {out.resolve()} at http://{host}:{port}/ (Ctrl-C stops)", flush=True)
    uvicorn.run(app(out.resolve()), host=host, port=port, log_level="warning")
