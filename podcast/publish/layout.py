"""The folder layout of OUT and of its state folder, and the one rule for absolute URLs.

Every name a listener, a podcast app or the program itself finds on disk is decided here: the
publisher, the feed, the pages, the jobs and the server ask this module and never spell a name.

    OUT/                          published (a web server or bucket serves it)
      feed.xml  index.html  cover.png  static/...
      episodes/<YYYY-MM-DD-slug>/
        episode-<sha256[:12]>.mp3     write-once audio (a corrected episode gets a new URL)
        episode.mp3                   the newest audio under a stable name (hard link)
        episode-<sha256[:12]>.opus    the lighter Opus rendition, write-once like the MP3
        embed.html  script.json  transcript.vtt  transcript.srt  transcript.json  chapters.json
        episode.png
        oembed.json                   the player's oEmbed document (pages link it for discovery)
    OUT.state/                    private, beside OUT (see publish/statedir.py)
      catalog.sqlite  nightly-state.json  nightly.lock  publish.lock  work/
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from podcast.errors import PublishError

# OUT
FEED = "feed.xml"
INDEX = "index.html"
COVER = "cover.png"
STATIC_DIR = "static"
EPISODES_DIR = "episodes"
# OUT/static/, copied from podcast/publish/static/: what the pages load.
PLAYER_JS = "player.js"
PLAYER_CSS = "player.css"
INDEX_CSS = "index.css"
ICON = "icon.svg"

# OUT/episodes/<episode id>/
LATEST_MP3 = "episode.mp3"
OPUS_SUFFIX = ".opus"  # the lighter rendition (podcast:alternateEnclosure), named by versioned()
# Its media type (RFC 7845: Ogg Opus files are audio/ogg) and RFC 6381 codecs, as the feed and
# the player's canPlayType ask for them.
OPUS_MEDIA_TYPE = "audio/ogg"
OPUS_CODECS = "opus"
EMBED = "embed.html"
SCRIPT = "script.json"
TRANSCRIPT_VTT = "transcript.vtt"
TRANSCRIPT_SRT = "transcript.srt"
TRANSCRIPT_JSON = "transcript.json"  # Podcasting 2.0 JSON transcript
# The transcripts the feed lists (beside the VTT the catalog records), with their media types.
TRANSCRIPTS = ((TRANSCRIPT_VTT, "text/vtt"), (TRANSCRIPT_SRT, "application/x-subrip"),
               (TRANSCRIPT_JSON, "application/json"))  # fmt: skip
CHAPTERS = "chapters.json"
IMAGE = "episode.png"
OEMBED = "oembed.json"

# The state folder, OUT's sibling `<OUT name>.state`.
STATE_SUFFIX = ".state"
CATALOG = "catalog.sqlite"
CATALOG_SIDE_FILES = (f"{CATALOG}-wal", f"{CATALOG}-shm")  # SQLite's write-ahead log
LEDGER = "nightly-state.json"
NIGHTLY_LOCK = "nightly.lock"
PUBLISH_LOCK = "publish.lock"
WORK_DIR = "work"
# Inside one render's work folder STATE/work/render-*/
WORK_MIX = "mix.f32"
WORK_MP3 = "episode.mp3"
WORK_OPUS = "episode.opus"

# Left in OUT by versions that kept the state there (migrated, never served).
LEGACY_CATALOG_FILES = (CATALOG, *CATALOG_SIDE_FILES)
LEGACY_LEDGER = ".nightly-state.json"
LEGACY_LOCK = ".nightly.lock"


def state_folder_name(out_name: str) -> str:
    """The default state folder's name for an OUT folder named `out_name`."""
    return f"{out_name}{STATE_SUFFIX}"


def episode_folder(episode_id: str) -> str:
    """An episode's folder, relative to OUT."""
    return f"{EPISODES_DIR}/{episode_id}"


def episode_file(episode_id: str, name: str) -> str:
    """A file of an episode's folder, relative to OUT."""
    return f"{episode_folder(episode_id)}/{name}"


def static_file(name: str) -> str:
    """A file of the pages' scripts and styles, relative to OUT."""
    return f"{STATIC_DIR}/{name}"


def versioned_mp3(data: bytes) -> str:
    """A write-once name from the audio's content: a corrected episode gets a new URL, while
    the old file stays for the apps that already downloaded or cached it."""
    return versioned(data, ".mp3")


def versioned_opus(data: bytes) -> str:
    """The Opus rendition's write-once name (as `versioned_mp3`)."""
    return versioned(data, OPUS_SUFFIX)


def versioned(data: bytes, suffix: str) -> str:
    return f"episode-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


def beside(path: str, name: str) -> str:
    """`name` in the folder of `path` (both relative to OUT), e.g. an MP3's embed.html."""
    folder, _, _ = path.rpartition("/")
    return f"{folder}/{name}" if folder else name


def url_for(base_url: str, path: str) -> str:
    """The absolute URL of `path` (relative to OUT): base_url as a folder, the path
    percent-encoded (RFC 3986 unreserved characters and '/' kept), and the whole URL ASCII."""
    url = base_url.rstrip("/") + "/" + quote(path.lstrip("/"), safe="/")
    if not url.isascii():
        raise PublishError(f"URL {url!r} is not ASCII; percent-encode show.base_url")
    return url
