"""Plan the episode: which sections are read, in what order, by which role, with which pauses."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence

from podcast.config import ShowConfig
from podcast.errors import ScriptError
from podcast.models import Dropped, Recap, Script, Section, Segment
from podcast.script import templates
from podcast.script.length import PROTECTED, Unit, fit
from podcast.script.normalize import speak
from podcast.script.numbers import spoken_date
from podcast.script.tally import SpokenTally
from podcast.timing import INTRO_LEAD_S, OUTRO_RING_S
from podcast.util.caption import caption

_LIST_WORDS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth")
_SENTENCE_END = re.compile(r"[.!?]['\"’”)]*$")
_SKIPPED_KINDS = {"disclaimer"}
_speak = functools.lru_cache(maxsize=8192)(speak)  # fitting re-speaks the same units often


def _sentence(text: str) -> str:
    text = text.strip()
    return text if _SENTENCE_END.search(text) else text.rstrip(":;,") + "."


def list_leads(count: int) -> list[str]:
    """The word before each item of a spoken list of `count` items ("" for a list of one)."""
    if count == 1:
        return [""]
    leads = [_LIST_WORDS[i] if i < len(_LIST_WORDS) else "Next" for i in range(count - 1)]
    return [*leads, "And finally"]


def list_item(item: str, lead: str) -> str:
    """One bullet as said in its list: "Second, the Fed held rates."."""
    return f"{lead}, {_sentence(item)}" if lead else _sentence(item)


# Words that open a bullet in capitals only because they open it ("The Fed held rates"): after
# a list word the caption writes them in lower case ("Second, the Fed held rates."); a name
# ("Second, Nvidia rose", "Treasury yields") keeps its capital.
_OPENERS = frozenset({
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "Their", "Our", "We",
    "They", "There", "Most", "Some", "All", "Both", "Another", "Each", "Every",
})  # fmt: skip

# ... and a market's common noun, unless the bullet's label is in title case ("Stocks rebounded"
# becomes "stocks rebounded", "Energy: the laggard" "energy: the laggard"; "Small Caps:" and
# "Materials & Mining:" stay as written).
_NOUNS = frozenset({
    "Stocks", "Shares", "Bonds", "Yields", "Investors", "Traders", "Markets", "Equities",
    "Futures", "Earnings", "Inflation", "Volatility", "Oil", "Gold", "Silver", "Copper", "Crude",
    "Energy", "Tech", "Technology", "Banks", "Breadth", "Rates", "Prices", "Sentiment", "Volume",
    "Momentum", "Sectors", "Utilities", "Materials", "Financials", "Growth", "Value", "Consumer",
    "Retail", "Housing", "Jobs", "Payrolls", "Wages", "Small", "Large", "Mega-cap", "Small-cap",
    "Small-caps", "Large-cap", "Chipmakers", "Semiconductors", "Homebuilders", "Miners",
    "Airlines", "Retailers", "Defensive", "Cyclical", "Risk", "Safe-haven",
})  # fmt: skip


def shown_item(item: str, lead: str) -> str:
    """One bullet as the caption writes it in its list: "Second, the Fed held rates."."""
    if not lead:
        return _sentence(item)
    first, _, rest = item.strip().partition(" ")
    word = first.rstrip(":,;")
    after = rest.split(" ", 2) if word == first else []  # a label's end closes its title
    if after[:1] and after[0] in {"&", "/", "and"}:
        after = after[1:]
    title_case = bool(after) and after[0][:1].isupper()
    if word in _OPENERS or (word in _NOUNS and not title_case):
        item = f"{first.lower()} {rest}" if rest else first.lower()
    return list_item(item, lead)


def spoken_list(items: Sequence[str]) -> list[str]:
    """Bullets as a spoken list: "First, ...", "Second, ...", "And finally, ..."."""
    return [list_item(item, lead) for item, lead in zip(items, list_leads(len(items)), strict=True)]


def _unit_leads(units: Sequence[Unit]) -> list[str | None]:
    """Each unit's list word (None outside a list), by the list it stands in."""
    leads: list[str | None] = [None] * len(units)
    for _, members in itertools.groupby(
        (i for i, u in enumerate(units) if u.list_group is not None),
        key=lambda i: units[i].list_group,
    ):
        idx = list(members)
        for i, lead in zip(idx, list_leads(len(idx)), strict=True):
            leads[i] = lead
    return leads


def section_role(index: int) -> str:
    """The default show alternates host and analyst by section."""
    return "host" if index % 2 == 0 else "analyst"


def _words(text: str) -> int:
    return len(text.split())


def _trimmed(section: Section, items: tuple[str, ...], show: ShowConfig) -> list[Dropped]:
    """What trimming a protected list to its first `max_list_items` leaves out (nothing when short).

    An editor reads the first takeaways of a very long list, not all of them; the list words
    ("First" ... "Seventh", "And finally") cover the default eight."""
    keep = show.max_list_items
    if section.kind not in PROTECTED or len(items) <= keep:
        return []
    words = sum(_words(item) for item in items[keep:])
    reason = f"a list of {len(items):,} items trimmed to its first {keep} ([script] max_list_items)"
    return [Dropped(section.kind, reason, words)]


def _section_units(
    section: Section, show: ShowConfig, groups: itertools.count[int], trims: list[Dropped]
) -> list[Unit]:
    units = [
        Unit(
            section.kind,
            templates.render("transition", kind=section.kind, heading=section.heading),
            show.pause_sentence_ms,
            is_transition=True,
        )
    ]
    for kind, value in section.blocks:
        if kind == "p" and isinstance(value, str):
            units.append(Unit(section.kind, _sentence(value), show.pause_paragraph_ms))
        elif isinstance(value, tuple) and value:
            cut = _trimmed(section, value, show)
            if cut:
                trims.extend(cut)
                value = value[: show.max_list_items]
            group = next(groups)
            units.extend(
                Unit(section.kind, item, show.pause_sentence_ms, list_group=group) for item in value
            )
            units[-1] = Unit(section.kind, value[-1], show.pause_paragraph_ms, list_group=group)
    return units


def estimate_duration_s(segments: Sequence[Segment], show: ShowConfig) -> float:
    """Words over each role's words per minute, plus the pauses and the music around them."""
    total = INTRO_LEAD_S + OUTRO_RING_S
    for seg in segments:
        total += show.voice_for(seg.role).speech_seconds(seg.text)
        total += seg.pause_ms / 1000.0
    return total


def _to_segments(units: list[Unit], roles: dict[str, str], show: ShowConfig) -> list[Segment]:
    """Number the lists, speak every unit, give each an id by section order and position."""
    leads = _unit_leads(units)
    segments: list[Segment] = []
    section_numbers: dict[str, int] = {}
    counters: dict[str, int] = {}
    for unit, lead in zip(units, leads, strict=True):
        text = _speak(unit.written if lead is None else list_item(unit.written, lead))
        if not text:
            continue
        shown = unit.written if unit.display is None else unit.display
        display = caption(shown if lead is None else shown_item(shown, lead))
        number = section_numbers.setdefault(unit.section, len(section_numbers))
        n = counters[unit.section] = counters.get(unit.section, -1) + 1
        sid = f"{number:02d}-{unit.section.replace('_', '-')}"
        segments.append(
            Segment(
                f"{sid}-{n:02d}", unit.section, roles[unit.section], text, unit.pause_ms, display
            )
        )
    # The last segment of each section carries the longer section pause.
    for i, seg in enumerate(segments[:-1]):
        if segments[i + 1].section != seg.section:
            segments[i] = dataclasses.replace(seg, pause_ms=show.pause_section_ms)
    segments[-1] = dataclasses.replace(segments[-1], pause_ms=0)
    return segments


def plan(recap: Recap, show: ShowConfig) -> Script:
    """Recap -> Script: intro, the sections that fit the target length, disclaimer, outro."""
    body = [s for s in recap.sections if s.kind not in _SKIPPED_KINDS]
    if not any(s.blocks for s in body):
        raise ScriptError(f"{recap.source_path.name}: the recap has no sections to read")
    intro = templates.render(
        "intro",
        show_title=show.title,
        weekday=recap.date.strftime("%A"),
        spoken_date=spoken_date(recap.date),
        host_name=show.host_name,
        analyst_name=show.analyst_name
        if show.roles.get("analyst") != show.roles.get("host")
        else "",
        headline=_sentence(recap.title),
    )
    intro_display = templates.render(  # the same words with the date as it is written
        "intro",
        show_title=show.title,
        weekday=recap.date.strftime("%A"),
        spoken_date=f"{recap.date.strftime('%B')} {recap.date.day}, {recap.date.year}",
        host_name=show.host_name,
        analyst_name=show.analyst_name
        if show.roles.get("analyst") != show.roles.get("host")
        else "",
        headline=_sentence(recap.title),
    )
    roles = {"intro": "announcer", "disclaimer": "announcer", "outro": "announcer"}
    groups = itertools.count()
    trims: list[Dropped] = []
    units = [Unit("intro", intro, show.pause_section_ms, display=intro_display)]
    for i, section in enumerate(body):
        roles.setdefault(section.kind, section_role(i))
        units.extend(_section_units(section, show, groups, trims))
    units.append(Unit("disclaimer", templates.render("disclaimer"), show.pause_paragraph_ms))
    units.append(
        Unit("outro", templates.render("outro", sign_off=show.sign_off, show_title=show.title), 0)
    )

    counted: dict[tuple[str, str, str | None], int] = {}

    def words(unit: Unit, lead: str | None) -> int:
        """The unit's spoken length in its voice's units (letters or words)."""
        key = (unit.section, unit.written, lead)
        if key not in counted:
            text = unit.written if lead is None else list_item(unit.written, lead)
            voice = show.voice_for(roles[unit.section])
            counted[key] = voice.speech_units(_speak(text))
        return counted[key]

    def tally(candidate: list[Unit]) -> SpokenTally:
        return SpokenTally(
            candidate,
            leads=_unit_leads(candidate),
            words=words,
            seconds_per_word=lambda section: show.voice_for(roles[section]).seconds_per_unit(),
            fixed_s=INTRO_LEAD_S + OUTRO_RING_S,
            section_pause_ms=show.pause_section_ms,
        )

    target, tol = show.target_duration_s, show.duration_tolerance_s
    kept, dropped = fit(
        units,
        tally=tally,
        lower_s=target - tol,
        upper_s=target + tol,
        priorities=show.section_priorities,
    )
    segments = _to_segments(kept, roles, show)
    return Script(
        title=recap.title,
        date=recap.date,
        segments=tuple(segments),
        estimated_duration_s=estimate_duration_s(segments, show),
        dropped=(*trims, *dropped),
    )
