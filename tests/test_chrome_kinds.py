"""Issue 15 point 6: page chrome is removed by kind, however it is worded.

`podcast/ingest/chrome_corpus/chrome.txt` holds chrome lines written for this test (sources,
calls to action, rewards, share prompts, players, related reading, newsletter and footer lines,
author bios) and `recap.txt` recap sentences that share their words ("sources of revenue", a
"contest" for market share, an index that "won" the session, "shares", "follow-through"). A
stable hash splits both into a tuning half (the rules were fitted to it) and a held-out half
(measured here, with the model fitted without it).

Five blind corpora, written by someone who never saw the rules, were added after it; the rules
were tuned on all of their lines since, so no half of them is held out any more:

- chrome.txt lines 250-357 and recap.txt lines 230-349 (blind "tune" set; the 12 chrome lines it
  shared with the corpus are there once). First contact: precision 0.982, recall 0.908 (11 of 120
  chrome lines spoken, 2 of 120 recap sentences changed). Tuned by kind: bylines with a time,
  dated stamps, "powered by" credits, legal boilerplate, "See also »" labels, a bio's next
  sentence.
- chrome.txt lines 358-474 and recap.txt lines 350-469 (blind "heldout" set of round 1; the 3
  chrome lines it shared with the corpus are there once). First contact: precision 1.000, recall
  0.792 (25 of 120 chrome lines spoken, 0 of 120 recap sentences changed). Tuned by kind, in
  shapes rather than phrases: credit lines of roles and names ("Writing by ...; Editing by ..."),
  the page naming its sources ("This report draws on ..."), staff and capitalised bylines, a
  bio by beat and city and the sentences that go on about the person, disclosures and legal
  lines (rights, past performance, risk), rewards credited "to your" account and free periods,
  navigation lines ("Latest in X", "Around the web", "Scroll to top"), a link's trailing arrow,
  newsletter pitches and cadences, form messages, correction prompts.
- chrome.txt lines 475-600 and recap.txt lines 470-619 (blind set C; the 24 chrome lines it
  shared with the corpus are there once). First contact, on d5ed48b: precision 0.985, recall
  0.893 (16 of 150 chrome lines spoken, 2 of 150 recap sentences changed). Tuned on by kind: a
  sentence that reports market news (a company or index that rose or said, a market word or a
  figure, with a market verb) is kept whatever page words it holds ("sponsored content", "Data
  from FactSet showed ..."); paywall offers (a price by the period, a struck price, a discount,
  "Cancel anytime"), contest rules, player controls, breadcrumbs, previous and next story links,
  form confirmations, holdings disclosures, quote-delay notices, AI-voice credits, "spread the
  word" prompts.
- chrome.txt lines 601-725 and recap.txt lines 620-769 (blind set D; the 25 chrome lines it
  shared with the corpus are there once). First contact, on b7e363d: precision 1.000, recall
  0.907 (14 of 150 chrome lines spoken, 0 of 150 recap sentences changed). Tuned on by kind,
  each a whole line's form: vendor credits joined by separators, paywall meters, discounts for
  a group, speed lists, section menus, pagination, subscriber nudges, the writer's own long or
  short position (which the market-news guard does not keep), stamps naming the day, "Follow
  <name> on X", byline rows of name, outlet and date, "Posted/Hosted by <names> (on <date>)"
  and a contact's telephone.
- chrome.txt lines 726-850 and recap.txt lines 770-916 (blind set E, 150 + 150 lines from yet
  another writer told only the kinds; the 25 chrome lines and 3 recap sentences it shared with
  the corpus are there once). First contact, on 875c836: precision 0.992, recall 0.853 (22 of
  150 chrome lines spoken, 1 of 150 recap sentences changed). The lost sentence ("a copy of the
  filing reviewed by analysts") was fixed by kind, a credit names whom ("reviewed by Jane Doe",
  not "reviewed by analysts"); then E was tuned on by kind: subscriptions for a group or as a
  gift, a free preview or trial that has ended, a count of reactions as a whole line ("342
  shares", not "342 shares changed hands"), transcript and caption toggles, a chapter list of
  timestamps, a video's availability and autoplay messages, "Tags:"/"Filed under:"/"Topics:"
  lists, "← Previous: <headline>", a trending strip joined by bullets, the writer's own
  position in the first person ("I am long AAPL"), an analyst's certification, a
  broker-dealer's legal lines ("member FINRA/SIPC", "Securities offered through"), "may not be
  reproduced", a forum's user metadata (u/handle, points, karma, "OP", "Flair:", "Posted in
  <forum> by", "Joined <month year>"), a newsletter writer's greeting ("Hi, I'm Kev — I write
  this newsletter ..."). chrome.txt lines 851-891 and recap.txt lines 917-947 are variants of
  those kinds written while tuning, and recap sentences that look like them ("342 shares changed
  hands", "we are short of catalysts", "u/DeepValueDan posted ...").

The first contacts in order: 0.783 (A, before this work), 0.792, 0.893, 0.907, 0.853 (E) and
0.773 (F, below, house styles none of the others had): the rules still miss wordings nobody
tuned on.

A sixth blind set, F (house styles of forums, social posts, video and podcast pages), measured
on 126426d: precision 1.000, recall 0.773 (34 of 150 chrome lines spoken, such as "Tags: Dow
Jones, S&P 500, Nasdaq, earnings" or "✔ Verified"); 0.827 after round 5, tuned on E only.

Round 6 (issue 15, stop 19) added a learned second opinion (`podcast/ingest/chrome_model.py`,
`tests/test_chrome_model.py`) and moved the corpus beside it (`podcast/ingest/chrome_corpus/`),
since the model is fitted on it. Each blind set below was measured once at first contact,
before anyone looked at its lines, then tuned on and moved into the corpus:

- F, with the model fitted without F (and the rules as they were): recall 0.827 -> 0.940,
  precision 1.000, which chose the model's gates and its first threshold (0.75).
- G (syndication, AMP and print pages, e-mail editions, broker apps): rules 0.740, rules and
  model 0.813, precision 1.000.
- H (UK, Indian, Australian and Canadian sites, press releases, broadcasters, PDF exports):
  rules 0.600, rules and model 0.720, precision 0.991 (1 recap sentence lost, to the rules:
  "On the watchlist for tomorrow: ..."). Tuned on by kind: regulators' registrations and
  licence numbers, audience restrictions, forward-looking-statement lines, releases' "About
  <company>" and "###", broadcasters' airtimes, print exports' "Printed from ..." and page marks,
  bare addresses, related labels before a headline ("Also Read: ..."), search results, captions,
  a label that looks ahead is the recap's own.
- Written training sets T1 (trading apps and brokers), T2 (newsletters, blog platforms,
  podcasts, live blogs, forums), T3 (wires, releases, broadcasters, print, regulators), 250 +
  250 lines each, were fitted on; at their first contact (T1, T3 with the model fitted before
  them, T2 later) 1 recap sentence of 750 was lost by the rules ("Long story short: a good day
  for bulls.", now an opinion label) and 3 of 500 by the model (list leads ending with a colon,
  "Bottom line: ..."), which the model may no longer decide.
- I (15 invented sites, 10 lines each): rules and model 0.800, precision 0.916: 11 recap
  sentences lost, 6 to the rules and 5 to the model, all in voices that address the reader or
  speak as "I" ("If you checked your 401(k) today, ...", "My puts printed today lol."). So the
  model may not decide a piece with a figure or a reader or first person, nor one the rules
  weigh at 0, and its threshold went to 0.85; the rules' "Sign of", "Welcome back, it's
  Thursday, and ...", "What it means for your money:", "Key points for clients:" were fixed by
  kind. Tuned on: corrections, polls, job ads, translation notices, photo credits, safe-harbour
  lines, running heads, hashtag lists, sponsor lines.
- J (15 more invented sites, each writer in its own voice), before any look: rules 0.653, rules
  and model 0.793, precision 0.937: 8 recap sentences lost, all to the rules (none to the
  model), for addressing the reader in a long sentence ("the vega side of your position hurts
  more than the delta side"). Addressing the reader now counts for chrome only in a short line
  (12 words) or with a page word, two words of chrome's kinds, a page form or a call to
  action; a colon-ended lead of six words or more without a page word is the recap's own. One
  recap sentence of J is still dropped ("The answer to the quiz: ...", `KNOWN_LOST`).
- K (15 sites as unlike each other as its writer could make them), never tuned on, in
  `tests/data/chrome-blind/`: at first contact rules 0.667 (precision 0.935), rules and model
  0.713 with precision 0.930 (43 of 150 chrome lines spoken, 8 of 150 recap sentences lost, 7
  to the rules and 1 to the model). Three of its lost sentences were printed once by a
  measuring script by mistake; nothing was changed for them. `BLIND_FIRST_CONTACT` keeps it from
  getting worse.
- L (15 more sites, written after K was measured by a helper who saw no rule, model or set;
  sealed until stop 20), measured before anything was changed, on the rules and model as they
  landed at stop 19: rules 0.673 (precision 0.910), rules and model 0.713 with precision 0.915
  (43 of 150 chrome lines spoken, 10 of 150 recap sentences lost, all 10 to the rules). No line
  of it was printed or read.
- Stop 20 tuned on K (moved into the corpus as `blind-k`) and on a written set T4 (250 + 250:
  quote strips, mastheads, app buttons, membership pitches; writers who address the reader, ask
  and answer, list their own index moves), choosing each change by leaving each corpus set out
  of the model's fit in turn. The model now also decides pieces the rules weigh at 0 and pieces
  with a figure (from 0.95), and overrules the rules' narrow calls when it is sure (below 0.1);
  a list of market moves, a writer's hedge ("..., but I ..."), attention to the market ("Keep
  an eye on ..."), a question the next sentence answers and a movers list's lead are the
  recap's. L, still never read, then measured 0.820 recall, precision 0.953. That version let
  the model drop figure-dense list items of the suite's generated recaps, so a piece with a
  figure is now the model's only when the rules saw some chrome in it and the figure is not a
  market's (`_MARKET_FIGURE`); measured again, numbers only: recall 0.780, precision 0.951, 33
  of 150 chrome lines spoken and 6 of 150 recap sentences lost (rules alone 0.667, 7 lost).
- M (15 more publishers, written at stop 20 by a helper who saw nothing of the project, sealed
  and never read), measured once the round had landed: rules and model 0.793, precision 0.992
  (31 of 150 chrome lines spoken, 1 of 150 recap sentences lost; rules alone 0.653, 3 lost). The
  same set on stop 19's code, numbers only: 0.707, precision 0.955, 44 spoken and 5 lost.
- N (15 more publishers, written at stop 20 by a helper who saw nothing of the project, sealed
  and never read), measured at stop 21 before anything was changed, on stop 20's landed code:
  rules and model 0.787, precision 0.983 (32 of 150 chrome lines spoken, 2 of 150 recap
  sentences lost; rules alone 0.640, precision 0.970, 54 spoken and 3 lost). No line of it was
  printed or read.
- Stop 21 tuned on L and M (moved into the corpus as `blind-l`, `blind-m`) and a written set T5
  (250 + 250 near misses: quote strips, mastheads, bios, forum and app furniture, text-message
  calls, legal status; scoreboards with levels, people in the news, writers who greet, advise
  and sign off), choosing each change by leaving each corpus set out of the model's fit in turn
  (13 sets before T5: 458 chrome lines spoken and 20 recap sentences lost at stop 20's code, 355
  and 18 after). New kinds: a web address; a text-message call to action; a wire's currency
  note and a terminal's instruction; a forum's notices and reaction glyphs; a masthead's motto,
  a broadcaster's licence lines, a media company's boilerplate; an app's own notices; a bio's
  "About the hosts:" and "joining X as a columnist"; a publisher's legal status and the reader's
  own risk; a quote strip's price and change side by side ("512.44 ▲0.62%", "5,432.10 +0.61%")
  or a strip's label ("LIVE:"). A form that is chrome whatever it says now decides before the
  market-news guard; the model no longer overrules a piece the rules saw a form or shape in; a
  writer's advice in verbs of advice ("Keep your head down and your receivables current.") is
  the recap's. A rule that a line mostly in another script is chrome was tried and dropped: it
  cost N a recap sentence (found by switching rule groups off, numbers only), and the speech
  layer says such a line as nothing anyway. N, still never read, after the round: 0.807,
  precision 0.984 (29 spoken, 2 lost; rules alone 0.667, 3 lost).
- O (15 more publishers, written at stop 21 by a helper who saw nothing of the project, sealed
  and never read), measured once stop 21's round had landed: rules and model 0.787, precision
  0.959 (32 of 150 chrome lines spoken, 5 of 150 recap sentences lost; rules alone 0.653, 4
  lost). Stop 20's code on it, numbers only: 0.767, precision 0.966, 35 spoken and 4 lost.
- Stop 21, second part, tuned on the corpus sets alone after O was measured: the publisher's own
  identity and notes (registration numbers, an Impressum, a land acknowledgement, a language
  switch, a browser notice, its time zone, its funding, AI help, a research house's market
  making and ratings key, "talk to your adviser", "the views above are those of ..."), guarded
  so that market news naming them stays; "company no. SC123456" is one sentence. Leaving each
  corpus set out in turn: 399 chrome lines spoken and 22 lost before, 371 and 22 after. N, still
  never read: 0.820, 27 spoken, 2 lost. O: unchanged (0.787, 5 lost).
- Stop 21, third part, on the corpus sets alone: legal boilerplate that reports no news is
  chrome whatever figure it holds ("... 74% of retail investor accounts lose money"); the
  page's own notes (JavaScript, address book, "do not reply", an empty search, a video's
  length, an illustration's credit, a dateline alone, a channel's bell) and short UI labels
  ("View in browser", "Dark mode"); a writer's "in our view" or "we think" is not the page
  speaking. Leaving each corpus set out: 334 spoken and 21 lost. N: 0.827, 26 spoken, 2 lost.
  O: unchanged.
- P (15 more publishers, written at stop 21 by a helper who saw nothing of the project, sealed
  and never read), measured at stop 22 before anything was changed, on stop 21's landed code:
  rules and model 0.713, precision 0.892 (43 of 150 chrome lines spoken, 13 of 150 recap
  sentences lost; rules alone 0.633, precision 0.880, 55 spoken and 13 lost). No line of it was
  printed or read.
- Stop 22 tuned on N and O (moved into the corpus as `blind-n`, `blind-o`), choosing each change
  by leaving each corpus set out of the model's fit in turn (16 sets: 388 chrome lines spoken
  and 26 recap sentences lost on stop 21's code, 341 and 23 after). New kinds: a phone number in
  dashed groups, a street address with a suite or a postal code, a serial's ISSN and volume, a
  broadcaster's schedule and frequency, a masthead's "... newspaper ... since 1921", a bio's past
  ("Before joining ..., she covered ..."), languages side by side or a short line offered in
  one, a promotion's terms ("Ts & Cs apply", "£500 cashback", "4,000+ stocks in one app"), a
  publisher's regulator ("... is authorised and regulated by ..."), a cookie notice, a forum's
  rules, a letter's enclosures and delivery, a voice skill's permissions. A writer's own label
  ("Our contrarian read:", "A quick editorial note from me: I'm ...", a sign-off that sums up
  two markets) is not the page's. P, never read, after it: 0.727, precision 0.901 (41 spoken, 12
  lost).
- Stop 22, second part: a written near-miss set T6 (250 + 250 by a helper who saw nothing of
  the project: page furniture full of market words; writers' sentences full of the page's words)
  was measured out of the model's fit before any change, 70 chrome lines spoken and 1 sentence
  lost, then tuned on with the corpus. New kinds: an ad's or a sponsor's label, a course's and an
  event's pitch, an app's notices, a forum's rules, trademarks, a regulator's line, a deposit
  scheme, an account's offer (guarded), a publication's tagline with no verb, a station's
  frequency, a bio by what its person teaches or hosts; a writer's sign-off ("That's it for
  today — see you at the open.") is the recap's when it holds no word of the page and no call to
  action; quotes written out as a sentence between commas are the recap's. Leaving each corpus
  set out (17 sets with T6): 388 spoken and 18 lost before, 275 and 17 after. P, never read:
  0.753, precision 0.911 (37 spoken, 11 lost; rules alone 0.700, 11 lost).
- Stop 22, third part: a written set T7 (200 chrome lines, 300 recap sentences, by a helper who
  saw nothing of the project: publishers whose own words are the page's, a classroom stock game,
  a credit union, a video channel, a course, a fund's commentary, a desk's chat) measured out of
  the model's fit before any change: 44 chrome lines spoken and 20 sentences lost. Tuned on:
  dividends and shareholders are market words; a question the writer puts to itself under a
  label ("Our listener question this week: ...?") is the recap's; a legal line's regulator,
  deposit scheme, charity number, repossession warning, simulated results; an office's hours, a
  chat's joins, a podcast app's rating, a delay in minutes; "Warner Bros." does not end a
  sentence; offers that also appear in the news ("trade 600+ stocks") are guarded. Leaving each
  corpus set out (18 sets): 302 spoken and 36 lost before, 271 and 31 after; T7 alone 44/20 to
  18/15. Twelve of T7's sentences are still lost in-sample (`KNOWN_LOST`). P, never read: 0.760,
  precision 0.912 (36 spoken, 11 lost).
- Q (15 more publishers, written at stop 22 by a helper who saw nothing of the project, sealed
  while round 9 was built and never read), measured once the round had landed: rules and model
  0.873, precision 0.992 (19 of 150 chrome lines spoken, 1 of 150 recap sentences lost; rules
  alone 0.773, 3 lost). Stop 21's code on it, numbers only: 0.840, 24 spoken, 1 lost.
- R (15 more publishers, written at stop 22 by a helper who saw nothing of the project, sealed
  and never read), measured at stop 23 before anything was changed, on stop 22's landed code:
  rules and model 0.820, precision 0.961 (27 of 150 chrome lines spoken, 5 of 150 recap
  sentences lost; rules alone 0.680, precision 0.944, 48 spoken and 6 lost). No line of it was
  printed or read.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
from pathlib import Path

import pytest

from podcast.config import load_show
from podcast.ingest import read_recap, recap_strings
from podcast.ingest.chrome_fit import fit
from podcast.ingest.chrome_kinds import (
    CHROME_KINDS,
    MAX_CHROME_CHARS,
    chrome_kind,
    chrome_score,
    drop_chrome_sentences,
)
from podcast.ingest.chrome_model import CORPUS, ChromeModel, corpus_lines
from podcast.models import section_texts
from podcast.scripting import build_script

DATA = CORPUS
FAKE_SHOW = Path(__file__).parent / "data" / "fake-show.toml"


def _lines(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]


def _half(line: str) -> str:
    """ "tune" or "held-out", from the line's SHA-256: stable across runs and machines."""
    return "tune" if hashlib.sha256(line.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


CHROME = _lines("chrome.txt")
RECAP = _lines("recap.txt")


def _split(lines: list[str], half: str) -> list[str]:
    return [line for line in lines if _half(line) == half]


@functools.cache
def _tuning_half_model() -> ChromeModel:
    """The learned model fitted on the whole corpus but the held-out half of chrome.txt and
    recap.txt: for the model, that half is held out (the rules were tuned on all of it)."""
    chrome, recap = corpus_lines()
    held = set(_split(CHROME, "held-out")) | set(_split(RECAP, "held-out"))
    return fit([c for c in chrome if c not in held], [r for r in recap if r not in held])


def _measure(half: str) -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, chrome lines kept, recap sentences changed) on one half, the model
    fitted without the held-out half; a chrome line counts as removed only when nothing of it
    is left, a recap sentence as kept only when it is left exactly as written."""
    chrome, recap = _split(CHROME, half), _split(RECAP, half)
    model = _tuning_half_model()
    spoken = [line for line in chrome if drop_chrome_sentences(line, model=model) != ""]
    lost = [line for line in recap if drop_chrome_sentences(line, model=model) != line]
    true_positive = len(chrome) - len(spoken)
    precision = true_positive / max(true_positive + len(lost), 1)
    recall = true_positive / len(chrome)
    return precision, recall, spoken, lost


def test_corpus_is_large_varied_and_split() -> None:
    assert len(CHROME) >= 100 and len(RECAP) >= 100
    assert len(set(CHROME)) == len(CHROME) and len(set(RECAP)) == len(RECAP)
    assert not set(CHROME) & set(RECAP)
    for lines in (CHROME, RECAP):
        held = len(_split(lines, "held-out"))
        assert 0.35 * len(lines) < held < 0.65 * len(lines)
    # Not the samples' own phrases.
    for phrase in ("enter this week's contest", "+ 10 more sources", "alpha coins", "stockalpha"):
        assert not any(phrase in line.lower() for line in CHROME), phrase
    # Every kind of chrome is in the corpus, and each is recognised as that kind at least once.
    kinds = {chrome_kind(line) for line in CHROME}
    assert set(CHROME_KINDS) <= kinds, set(CHROME_KINDS) - kinds


@pytest.mark.parametrize("half", ["held-out", "tune"])
def test_precision_and_recall(half: str, capsys: pytest.CaptureFixture[str]) -> None:
    precision, recall, spoken, lost = _measure(half)
    with capsys.disabled():
        print(
            f"\nchrome by kind, {half} half: precision {precision:.3f}, recall {recall:.3f} "
            f"({len(_split(CHROME, half))} chrome lines, {len(_split(RECAP, half))} recap "
            "sentences)"
        )
    assert spoken == [], "chrome that would be spoken"
    assert lost == [], "recap sentences that would be lost"
    assert precision == recall == 1.0


def test_a_recap_sentence_next_to_chrome_is_kept_as_written() -> None:
    """Sentence by sentence: chrome written as sentences and glued to a recap sentence goes, the
    recap sentence stays as written (every held-out pair of the two, both orders)."""
    sentences = [c for c in _split(CHROME, "held-out") if c.endswith((".", "!", "?"))]
    assert len(sentences) > 40
    for index, sentence in enumerate(_split(RECAP, "held-out")):
        for chrome in sentences[index % 5 :: 5]:
            assert drop_chrome_sentences(f"{sentence} {chrome}") == sentence, chrome
            assert drop_chrome_sentences(f"{chrome} {sentence}") == sentence, chrome


# Recaps in every format, chrome at the start, middle and end of the body.
_SECTIONS = (("Market snapshot", 0), ("Sectors", 1), ("Bottom line", 2))
_POSITIONS = ("start", "middle", "end")
_FORMATS = ("txt", "md", "html", "json")


def _body_sentences() -> list[list[str]]:
    """Three sections of four recap sentences each, from the held-out half."""
    held = _split(RECAP, "held-out")
    return [held[i * 4 : i * 4 + 4] for i in range(3)]


def _chrome_for(fmt: str, position: str) -> list[str]:
    """A share of the held-out chrome lines: across the twelve recaps, every one of them."""
    held = _split(CHROME, "held-out")
    slot = _FORMATS.index(fmt) * len(_POSITIONS) + _POSITIONS.index(position)
    return held[slot :: len(_FORMATS) * len(_POSITIONS)]


def _write(tmp: Path, fmt: str, chrome: list[str], position: str) -> Path:
    """One recap; `chrome` goes at the start of the body (before the first section), in the
    middle of the second section, or glued to the end of the last one; none when empty."""
    sections = _body_sentences()
    title = "Stocks Mixed as Investors Weigh Earnings"
    start = chrome if position == "start" else []
    if fmt in ("txt", "md"):
        md = fmt == "md"
        lines = ["---", f"title: {title}", "date: 2026-11-18", "---", ""] if md else [title]
        lines += ["" if md else "November 18, 2026", *[c for line in start for c in (line, "")]]
        for (heading, index), sentences in zip(_SECTIONS, sections, strict=True):
            lines += [f"## {heading}" if md else heading, ""]
            paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:])]
            if position == "middle" and index == 1:
                paragraphs[1:1] = chrome
            for paragraph in paragraphs:
                lines += [paragraph, ""] if md else [paragraph]
            if position == "end" and index == 2:
                if md:
                    lines.pop()  # glued under the last paragraph by a soft line break
                lines += [*chrome, ""]
        path = tmp / f"recap.{fmt}"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return path
    esc = html.escape
    parts = [f"<p>{esc(c)}</p>" for c in start]
    for (heading, index), sentences in zip(_SECTIONS, sections, strict=True):
        parts.append(f"<h2>{heading}</h2><p>{esc(' '.join(sentences[:2]))}</p>")
        if position == "middle" and index == 1:
            parts += [f"<p>{esc(c)}</p>" for c in chrome]
        last = " ".join(sentences[2:])
        if position == "end" and index == 2:
            # Chrome written as sentences glued to the last paragraph, the rest after it.
            glued = [c for c in chrome if c.endswith((".", "!", "?"))]
            parts.append(f"<p>{esc(' '.join([last, *glued]))}</p>")
            parts += [f"<p>{esc(c)}</p>" for c in chrome if c not in glued]
        else:
            parts.append(f"<p>{esc(last)}</p>")
    body = "".join(parts)
    path = tmp / f"recap.{fmt}"
    if fmt == "html":
        path.write_text(
            f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f'<time datetime="2026-11-18">November 18, 2026</time>{body}</article></body></html>',
            "utf-8",
        )
    else:
        document = {"headline": title, "published_at": "2026-11-18T16:30:00-05:00"}
        path.write_text(json.dumps({**document, "body_html": body}), "utf-8")
    return path


@pytest.mark.parametrize("position", _POSITIONS)
@pytest.mark.parametrize("fmt", _FORMATS)
def test_chrome_is_never_spoken_and_every_sentence_stays(
    fmt: str, position: str, tmp_path: Path
) -> None:
    show = load_show(FAKE_SHOW)
    chrome = _chrome_for(fmt, position)
    assert chrome
    (tmp_path / "clean").mkdir()
    (tmp_path / "dirty").mkdir()
    clean_path = _write(tmp_path / "clean", fmt, [], position)
    dirty_path = _write(tmp_path / "dirty", fmt, chrome, position)
    _, clean = build_script(clean_path, show)
    recap, dirty = build_script(dirty_path, show)
    assert recap.date == dt.date(2026, 11, 18)
    # Nothing of the chrome reaches the recap ...
    heard = " ".join(recap_strings(recap))
    for line in chrome:
        assert line not in heard and line.rstrip(".") not in heard, line
    # ... and every recap sentence does, as written.
    for sentence in (s for section in _body_sentences() for s in section):
        assert sentence in heard, sentence
    # The script is the one the same recap without chrome gives: no chrome word is said.
    spoken = [segment.text for segment in dirty.segments]
    assert spoken == [segment.text for segment in clean.segments]


def test_fresh_lines_written_after_the_rules() -> None:
    """`fresh-*.txt` were written after the rules stopped changing and never tuned on (the
    held-out half above was looked at while the rules were fixed, so it is no longer blind).
    Measured at first contact: precision 1.000, recall 0.871 (27 of 31 chrome lines; 30 of 30
    recap sentences kept). The floor below keeps that from getting worse."""
    chrome, recap = _lines("fresh-chrome.txt"), _lines("fresh-recap.txt")
    removed = sum(drop_chrome_sentences(line) == "" for line in chrome)
    lost = [line for line in recap if drop_chrome_sentences(line) != line]
    assert lost == []
    assert removed / len(chrome) >= 0.87


def test_dated_chrome_goes_and_its_date_stays(tmp_path: Path) -> None:
    """A stamp or byline with a date is chrome like any other line; the recap's date is read
    from it all the same (it was the only date on the page)."""
    stamp = "Updated Nov. 18, 2026, 6:47 PM EST"
    published = "Published Nov. 18, 2026 at 4:45 p.m. ET | 4 min read"
    body = "Stocks rose 1% as Treasury yields fell for a third day."
    pages = {
        "r.txt": f"Stocks Rise on Rate Hopes\n{stamp}\n\nMarket snapshot\n{body}\n",
        "r.md": f"# Stocks Rise on Rate Hopes\n\n## Market snapshot\n\n{body}\n\n{published}\n",
        "r.html": (
            "<html><body><article><h1>Stocks Rise on Rate Hopes</h1>"
            f"<p>{stamp}</p><h2>Market snapshot</h2><p>{body}</p></article></body></html>"
        ),
    }
    for name, content in pages.items():
        path = tmp_path / name
        path.write_text(content, "utf-8")
        recap = read_recap(path)
        assert (recap.date, recap.date_source) == (dt.date(2026, 11, 18), "text"), name
        heard = " ".join(recap_strings(recap))
        assert body in heard and "Updated" not in heard and "Published" not in heard, name


def test_disclaimer_boilerplate_stays_under_its_heading(tmp_path: Path) -> None:
    """Legal boilerplate is chrome in the article and the recap's own disclaimer under a
    Disclaimer heading (which goes to the show notes, not the speech)."""
    boilerplate = "This content is for informational purposes only and is not investment advice."
    body = "Stocks rose 1% as Treasury yields fell for a third day."
    path = tmp_path / "r.md"
    path.write_text(
        "---\ntitle: Stocks Rise\ndate: 2026-11-18\n---\n\n## Market snapshot\n\n"
        f"{body} {boilerplate}\n\n## Disclaimer\n\n{boilerplate} Consult an adviser.\n",
        "utf-8",
    )
    recap = read_recap(path)
    assert list(section_texts(recap.sections)) == ["Market snapshot", body]
    assert recap.disclaimer == f"{boilerplate} Consult an adviser."


# The sets in the corpus besides chrome.txt and recap.txt (`podcast/ingest/chrome_corpus/`):
# blind sets tuned on after their first contact, and written training sets. Both the rules and
# the model have seen them, so these are floors against getting worse, not measures of unseen
# wording (that is `test_a_blind_set_never_tuned_on`). Recall as of this round (stop 21), and
# the recap sentences still dropped (`KNOWN_LOST`): writers speaking to the reader or signing
# off, none fixed by a rule that would not also keep chrome.
CORPUS_SET_RECALL = {
    "blind-f": 0.980,
    "blind-g": 0.940,
    "blind-h": 0.980,
    "blind-i": 0.906,
    "blind-j": 0.946,
    "blind-k": 0.893,
    "blind-l": 0.920,
    "blind-m": 0.953,
    "blind-n": 0.946,
    "blind-o": 0.926,
    "written-t1": 0.896,
    "written-t2": 0.940,
    "written-t3": 0.980,
    "written-t4": 0.828,
    "written-t5": 0.896,
    "written-t6": 0.944,
    "written-t7": 0.925,
    "fresh": 0.967,
}
# Recap sentences of the corpus the filter still drops, each a writer speaking to the reader or
# signing off: none was fixed by a rule that would not also keep chrome.
KNOWN_LOST = {
    "That's it from me tonight — see you in the comments tomorrow.",
    "Remember, this is your money, so don't be a dummy!!",
    "If you're a retail investor, don't chase rights issues blindly; read the offer circular"
    " first.",
    # Stop 21: a writer inviting replies, lost when the refit moved it from 0.09 to 0.12 (the
    # model overrules below 0.1) ...
    # ... and blind set L's and T5's writers (L measured 6 lost before it was tuned on).
    "What do you think will happen?",
    "Alright degenerates, here's your closing bell recap.",
    "Whoever bought that 10:15 dip, you're the real MVP.",
    "Join me in losing money responsibly.",
    "Not financial advice, just vibes: the chart looks tired.",
    # Stop 22: blind set O's writers' one-line disclaimers, which other sets' writers file as
    # chrome ("Not investment advice. Do your own research.") and the script replaces with its
    # own spoken disclaimer; and a lead naming what else the recap covered.
    "Not financial advice, do your own DD.",
    "This article isn't personal advice; if you're unsure whether an investment is right for"
    " you, ask a professional.",
    "As always, this is my own opinion and not a recommendation to buy or sell anything.",
    "Also covered: Adobe results after the bell and the latest jobless claims.",
    # ... and J's quiz answer under a label of the page's word, lost again when the refit with
    # T6 moved it out of the model's overrule (it was lost at stop 17 too).
    "The answer to the quiz: theta decay accelerates in the final weeks before expiration.",
    # Stop 22: the written set T7's publishers whose own words are the page's (a classroom
    # game's leaderboard, a member's account and branches, a rights issue's "subscribe", a
    # podcast's "tune in"); none fixed by a rule that would not also keep chrome.
    "Got a question about your RRSP or TFSA after this week's moves? Bring it to any of our"
    " branches.",
    "You need to be on the share register by Friday to receive the 42p final dividend.",
    "Team Comet is in first place on the leaderboard with 10,842 points.",
    "That's your recap for today, and your pre-market view lands in the app tomorrow morning.",
    "The rule we keep coming back to is to risk no more than 2% of your account on a single trade.",
    "Existing shareholders can subscribe for one new share for every four they hold at 85p in the"
    " rights issue.",
    "Tune in next week when we'll break down the bank earnings season.",
    "Leaderboard after round 3",
    "Why does this matter for members? When travel demand is strong, a free night often"
    " costs more points.",
    "Leaderboard update: the top five teams are all holding at least one bank stock.",
    "Your savings rates",
    "Dividend day: your Coca-Cola shares paid 51 cents a share into your account this morning.",
}


def test_the_corpus_sets_are_all_listed() -> None:
    names = {p.name.removesuffix("-chrome.txt") for p in DATA.glob("*-chrome.txt")}
    assert names == set(CORPUS_SET_RECALL)


@pytest.mark.parametrize(("name", "floor"), sorted(CORPUS_SET_RECALL.items()))
def test_a_corpus_set_keeps_its_recall_and_its_sentences(name: str, floor: float) -> None:
    chrome, recap = _lines(f"{name}-chrome.txt"), _lines(f"{name}-recap.txt")
    spoken = [line for line in chrome if drop_chrome_sentences(line) != ""]
    lost = [line for line in recap if drop_chrome_sentences(line) != line]
    assert set(lost) <= KNOWN_LOST, lost
    assert 1 - len(spoken) / len(chrome) >= floor, spoken


BLIND = Path(__file__).parent / "data" / "chrome-blind"
# The newest blind sets, never tuned on (`tests/data/chrome-blind/<name>-chrome.txt` and
# `<name>-recap.txt`), and each one's floor: its recall at first contact. A set that is tuned on
# moves into the corpus and out of here.
# N (sealed at stop 20, never read) at first contact on stop 20's landed code: 0.787, 2 lost;
# after stop 21's round, 0.807 and 2; 0.827 and 2 after its second and third parts (the
# publisher's own notes, the page's), which came after O's first contact and left O as it was.
# O (sealed at stop 21, never read) at first contact on stop 21's landed code: 0.787, 5 lost.
# R (sealed at stop 22, never read) at first contact on stop 22's landed code: rules alone 0.680
# (precision 0.944), 48 spoken, 6 lost; rules and model 0.820 (precision 0.961), 27 spoken, 5 lost.
BLIND_FIRST_CONTACT = {"p": (0.713, 13), "q": (0.873, 1), "r": (0.820, 5)}  # (recall, recap lost)


@pytest.mark.parametrize(("name", "first"), sorted(BLIND_FIRST_CONTACT.items()))
def test_a_blind_set_never_tuned_on(name: str, first: tuple[float, int]) -> None:
    """The newest blind set, never tuned on, measured at first contact (`BLIND_FIRST_CONTACT`):
    recall may only get better and no more recap sentences be lost on wording nobody tuned on."""
    floor, lost_at_first = first
    chrome = [
        line for line in (BLIND / f"{name}-chrome.txt").read_text("utf-8").splitlines() if line
    ]
    recap = [line for line in (BLIND / f"{name}-recap.txt").read_text("utf-8").splitlines() if line]
    assert len(chrome) == len(recap) == 150
    spoken = [line for line in chrome if drop_chrome_sentences(line) != ""]
    lost = [line for line in recap if drop_chrome_sentences(line) != line]
    recall = 1 - len(spoken) / len(chrome)
    removed = len(chrome) - len(spoken)
    precision = removed / max(1, removed + len(lost))
    print(f"\nchrome by kind, blind set {name.upper()}: ", end="")
    print(f"precision {precision:.3f}, recall {recall:.3f}, recap sentences lost: {len(lost)}")
    # Counts only: a failure must not print a line of a set nobody has read.
    assert len(lost) <= lost_at_first, f"{len(lost)} recap sentences lost"
    assert recall >= floor, f"recall {recall:.3f}"


def test_a_long_piece_is_never_weighed() -> None:
    """No chrome pattern runs on more than MAX_CHROME_CHARS (a 200 KB recap of "a-a-a-..." words
    took five seconds of build CPU before this bound; `make bench-script` measures it)."""
    hostile = "Subscribe now " + "a-" * 400 + "a"
    assert len(hostile) > MAX_CHROME_CHARS
    assert chrome_score(hostile) == (0, None)
    assert drop_chrome_sentences(hostile) == hostile
    assert chrome_kind("Subscribe now to our newsletter") is not None


# Stop 20's rules, each on wordings written for this test (none is in the corpus or a blind set).
MINDS_THE_RECAP = [
    "Keep an eye on the CPI print next Tuesday.",  # attention to the market, not the page
    "Look for payrolls to set the tone into the weekend.",
    "This isn't investment advice, but we think banks look cheap here.",  # a writer's hedge
    "Not a recommendation, but I like the setup in copper miners.",
    "Dow +0.3% · S&P 500 +0.5% · Russell 2000 -0.4%",  # the recap's scoreboard
    "Sectors today: energy +1.9%, utilities -0.8%, tech +0.6%",
    "What does a stronger yen mean for exporters? Their overseas profits shrink when converted"
    " home.",  # a question the next sentence answers
    "Why did gold slip? Real yields climbed for a third day.",
    "Top decliners in Toronto:",  # a movers list's lead
    "Top 3 gainers on the ASX:",
    "Biggest laggards on the day:",
    "The ECB meets next week; we expect a quarter-point cut.",  # the model overrules "next", "we"
    "The Bank of Canada decides on Wednesday, and we see rates on hold.",
]
STILL_CHROME = [
    "Keep reading for the full story.",
    "Look out for our weekend edition.",
    "This is not investment advice.",
    "Trending tickers: AMD +2.1% · INTC -1.2%",
    "Enjoying this newsletter? Forward it to a friend.",
    "Top stories:",
]


# Stop 21's kinds, each on wordings written for this test (none is in the corpus or a set).
STOP_21_CHROME = [
    "Charts and filings: https://data.example.org/q3",  # a web address
    "Full tables at www.harbourledger.example/tables",
    "Text ALERTS to 40404 for the closing prices every day.",  # a text-message call to action
    "Message and data rates may apply. Reply STOP to cancel.",
    "((€1 = $1.0871))",  # a wire's currency note
    "(¥100 = $0.6512)",
    "Thread archived automatically after 48 hours.",  # a forum's notices
    "u/ModBot: Keep it civil or catch a ban.",
    "Most liked reply: 'bought the top again lol'",
    "❤ 52 💬 9 🔁 3",  # reaction glyphs with counts
    "The Riverbend Herald · Proudly serving Tri-County since 1923",  # a masthead's motto
    "KXYZ-FM is licensed to Boise, Idaho.",  # a broadcaster's licence line
    "Update available: 3.2 brings a faster watchlist",  # an app's own notices
    "Onboarding step 3 of 5: pick your risk level",
    "Session timed out. Please log in to continue.",
    "About the hosts: Priya Raman and Tom Brill met on a bond desk in 2009.",  # a bio
    "She traded grain for a decade before joining the Ledger as a columnist.",
    "NVDA 903.56 ▲2.1% · AMD 162.30 ▼0.4% · INTC 30.12 ▲0.9%",  # a quote strip: price, change
    "Gold 2,318.40 +12.10 | Silver 27.45 -0.22 | Platinum 968.00 +3.50",
    "WATCHLIST — Ford +1.2% · GM -0.8%",  # a strip that says what it is
    "(Updates prices in paragraph 3)",  # a wire's correction note
    "Only put in what you can afford to lose; crypto prices can halve in a week.",
    # the publisher's own identity and notes
    "Harbour Ledger Ltd, registered in Scotland, company no. SC123456.",
    "We acknowledge the Wurundjeri people, the Traditional Owners of the land where we write.",
    "Lire en français",
    "Best viewed on a desktop browser.",
    "All prices quoted in New York time.",
    "The Tape is a reader-supported publication.",
    "This summary was drafted with AI and reviewed by an editor.",
    "Kestrel Capital makes a market in shares of Ardent Mining.",
    "Talk to your financial adviser about what this means for you.",
    "The opinions above are those of the contributors alone.",
    # the page's own notes, and legal boilerplate with a figure
    "Investments can fall as well as rise, and you may get back less than you put in.",
    "This release contains forward-looking statements within the meaning of Section 21E of the"
    " Exchange Act.",
    "Leveraged ETFs carry substantial risk. 68% of retail accounts lose money trading them.",
    "Turn on JavaScript to see live prices.",
    "Please add us to your address book.",
    "This mailbox is not monitored; do not reply.",
    "No results found for “copper”.",
    "Video length 9:12",
    "Illustration: Dana Pike for The Ledger",
    "TORONTO, May 2 (Northwire) —",
    "Hit the bell so you never miss an upload!",
    "Powered by ghost",
    "Together with Ardent Bank",
    "View this email in your browser",
    "Registered in Wales No. 0912345.",
]
# ... and the recap sentences that look like them, which stay.
STOP_21_RECAP = [
    "Gold settled at 2,318.40, up 12.10, and silver ended at 27.45.",
    "Dow 38,905.66 (+0.2%) · Nasdaq 16,091.92 (+0.9%) · Russell 2000 2,056.00 (-0.3%)",
    "Live cattle futures +0.8%, lean hogs -1.1%, feeder cattle +0.3%",
    "Lumen shares jumped 9% after it signed a fiber deal with a hyperscaler.",
    "Shares of the newspaper publisher, serving readers since 1851, fell 3% on weak ad sales.",
    "Reddit rose 6% as daily active users on its app topped 100 million.",
    "The broker's app update drove a 12% jump in new accounts, the company said.",
    "A 401(k) rule change lifted Empower's outlook, the filing showed.",
    "Japan's Topix registered its biggest gain since 2020.",
    "The exchange's data, powered by a new matching engine, showed record volume.",
    "Sinclair fell 4% after two of its stations lost their network affiliation.",
    "Treasury yields rose after [the Fed's minutes](https://www.federalreserve.gov/m) showed a"
    " split.",  # a Markdown link's target is not a page's address
    "Nvidia 6 bps $1.2T www.example.com 12k b/d Nasdaq 9:30 a.m. ET.",  # market figures win
    "The drug is licensed to Pfizer in Europe, which books the sales.",
    "Sorted by market cap, the biggest movers were all in software:",
    "Musk's post was deleted within an hour, and Tesla pared its loss.",
    "Brazil joined OPEC+ as an oil producer in January.",
    "The one-time charge was recorded on Tuesday, the company said.",
    "The selloff does not necessarily reflect weaker demand, in our view.",
    "Investors can't afford to lose the AI trade, strategists argue.",
    "Medtronic fell 3% after it moved its registered office to Dublin, cutting its tax rate.",
    "Ad-supported streaming tiers lifted Netflix's revenue 15%.",
    "Citadel Securities, which makes a market in most U.S. stocks, reported record revenue.",
    "Traditional lenders lost share to private credit funds this year.",
    "Investors hit the bid after lunch, and the Nasdaq closed up 1.1%.",
    "The fund was registered in Luxembourg in 2019 and now holds $4 billion.",
    "A photo finish: the Dow ended up 0.01%.",
    "Search giant Alphabet rose 2% after its cloud unit beat estimates.",
    "Live updates from the Fed chair's testimony moved yields all afternoon.",
    "Past performance matters less than the rate path now, in our view.",
]


# Stop 22's kinds, on wordings written for this test and in no set (the second half of each list
# was written after the round, before any change for it, and measured 23 of 25 chrome lines gone
# and 19 of 20 sentences kept; two kinds and a label were then widened): a phone number in dashed
# groups, a street address, a serial's numbers, a broadcaster's schedule and frequency, a
# masthead's "... since 1874", a bio's past, languages side by side, a promotion's terms, a
# cookie notice, a forum's rules, a letter's enclosures, a regulator's line ...
STOP_22_CHROME = [
    "Client services: 0161-496-0823 (Mon–Fri, 8am–6pm)",
    "Questions about your account? Ring 1300-555-019 or +61-2-9555-0143.",
    "Head office: 1200 Harbour Drive, Suite 410, Vancouver",
    "Mailing address: Larkspur Wealth, 77 Commerce Street, Floor 3, Boston, MA 02110",
    "ISSN 2231-4409 | Volume 12, Issue 4",
    "Vol. 33, No. 217 · Weekend edition",
    "Market Hour airs Sundays at 9 a.m. on 104.3 FM and streams on the app.",
    "The Closing Note airs every weeknight after the news.",
    "THE HARBOUR GAZETTE — Independent local newspaper of Port Ellis since 1874",
    "Quill & Ledger — financial journalism for Yorkshire since 2002",
    "Before joining the Courier in 2019, he reported on farming for a regional weekly.",
    "Priya joined the desk from Mumbai in 2020 and covers banks and insurers.",
    "Tom Reyes, Energy correspondent.",
    "Hello, I'm Marta — I used to audit hospitals and I now write about dividend stocks.",
    "Español | English | Français",
    "Lire cette page en français",
    "Read this recap in Deutsch",
    "Win a share of $25,000 in our summer trading challenge. T&Cs apply.",
    "Get 1.5% cashback on every card purchase this month",
    "Switch your ISA to us and get £200 cashback",
    "Stand a chance to win an iPad when you complete our survey",
    "Trade 9,000+ stocks and ETFs in one account with Brightline",
    "Try it risk-free with our 30-day money-back guarantee",
    "This website uses cookies to improve your experience. Accept all cookies",
    "Cookie preferences",
    "Got it!",
    "WEATHER ALERT: Flood warning for the river district until noon",
    "React with 👍 if you're holding into earnings",
    "Keep your streak going — check in again tomorrow!",
    "Full setup notes: link in bio",
    "Merch drop: limited candle mugs, link in description",
    "Please search the forum before posting a question about your broker.",
    "Enclosures: Annual statement, Fee schedule",
    "If you would rather receive this newsletter by post, call your branch.",
    "This skill can access your device location to show local prices.",
    "Cocktails and canapés at our Leeds office, 12 June. RSVP by 5 June.",
    "Enjoying the show? A five-star rating on Spotify helps new listeners find us.",
    "Want to write for the Markets section? Pitch meetings are held every Monday.",
    "Do not send orders or trading instructions by email; they will not be executed.",
    "Brightwater Securities is authorised and regulated by the Financial Conduct Authority.",
    "Halden Wealth is licensed by the Monetary Authority of Singapore, CMS No. 100245.",
    "Tandem Invest is an authorised financial services provider (FSP 48123).",
    "The Ledger Post is published by Ledger Media LLC, a 501(c)(3) nonprofit newsroom.",
    "Past results are no guarantee; individual results may vary.",
    "Picture: Anna Petrov / Nordic Wire",
    "Call our dealing desk on 020-7946-0958 between 8 and 5.",
    "WhatsApp us: +27-82-555-0199",
    "Registered office: 5 Kingsway Road, Floor 2, Leeds LS1 4AB",
    "Visit us at 2300 Main Street, Suite 12, Kansas City, MO 64108.",
    "ISSN 1750-8843",
    "Volume 41, No. 9 — Spring quarterly",
    "Money Matters airs Fridays at noon on KPRL.",
    "Tune to 96.1 FM each morning for the market minute.",
    "THE VALLEY TRIBUNE — Community news for the tri-county area since 1948",
    "Mercer Street Weekly · Independent business reporting since 2011",
    "Prior to joining Bluefin in 2018, she worked as a bond trader in Chicago.",
    "Elena joined our team in 2022 and now covers mining and metals.",
    "Dan Ochoa, Markets editor.",
    "中文 | English",
    "Ver en español",
    "Get £50 cashback when you open a Stocks & Shares ISA",
    "Win a share of €10,000 in prizes — Ts&Cs apply",
    "Buy 120+ cryptos with a debit card in seconds",
    "Cookie settings",
    "We use cookies so the site works properly and to count visits.",
    "React with 🚀 if you bought the dip",
    "Please read the pinned FAQ before posting.",
    "Offenders will be banned without warning.",
    "Pro tip: link in bio for the full spreadsheet",
    "This update is for new clients only.",
]

# ... and sentences that look like them: regulators and addresses in the news, streaks "since
# 1980", cashback in a company's results, a writer's "Our read ..." and sign-off that sums up.
STOP_22_RECAP = [
    "Vodafone rose 2% after regulators approved its merger with Three.",
    "The bank said it is authorised by the regulator to resume buybacks, and shares jumped 4%.",
    "Coinbase fell 6% after it said it is not licensed by the SEC to offer staking in some states.",
    "Regulators said Binance is not authorised in the UK; its token slid 3%.",
    "Macy's rose 3% after it opened a new flagship on Fifth Avenue.",
    "Shares of Suite Holdings rose 5% after the deal.",
    "Apple rose 1.2%, its best session since 2020.",
    "Gold hit a record, its best week since 1980.",
    "Oil posted its longest winning streak since 2019 — nine sessions in a row.",
    "The S&P 500 extended its win streak to seven days.",
    "PayPal added 2.8% after it expanded Venmo cashback rewards to debit cards.",
    "Amex slipped 1% as the card issuer said cashback costs rose.",
    "Spotify rose 5% as subscriber growth beat forecasts.",
    "Morgan Stanley's Mike Wilson, the bank's chief equity strategist, said the rally has legs.",
    "Jane Fraser, Citi's chief executive, said trading revenue rose 12%.",
    "Our quick read: the market wants lower yields, and it got them.",
    "Until tomorrow, then — stocks higher, the dollar softer and oil steady.",
    "Before joining the rally, tech lagged for most of the morning.",
    "Exporters in Korea gained as the won weakened.",
    "Samsung rose 2% in Seoul trading.",
    "The yen hit 158 per dollar, its weakest since 1990.",
    "Results will vary by sector, but banks stand to gain the most from a steeper curve.",
    "The Nasdaq rose 1.1% and the Dow added 0.4%.",
    "Tesla won a share of the robotaxi market in Texas, and its stock rose 3%.",
    "Treasury yields fell after the jobs report; the 10-year closed at 4.21%.",
    "Investors got it wrong on the Fed again, and bonds rallied.",
    "Weather worries lifted natural gas futures 6%.",
    "React quickly or miss it: the 2 p.m. Fed statement moved everything.",
    "Retail traders who joined the meme rally in 2021 are back in force.",
    "Rivian rose 9% after it said deliveries would double.",
    "Lloyds rose 3% after the regulator said the bank is authorised to restart dividends.",
    "The FCA said the broker is regulated by the authority and must compensate clients; its"
    " shares fell 8%.",
    "Home Depot rose 1% as it said it would close its Main Street stores in two states.",
    "The S&P 500 logged its best November since 1980.",
    "Oil's losing streak reached five sessions, the longest since June.",
    "Venmo's cashback card drove PayPal's 2.8% gain.",
    "Spotify said premium subscribers rose to 250 million, and the stock gained 4%.",
    "Our read on the session: breadth is improving even as the leaders stall.",
    "My take from the desk: I'm trimming duration, not adding it.",
    "Until Monday — yields down, stocks up, and the dollar flat on the week.",
    "Samsung shares hit a record in Seoul, lifting the KOSPI 1.4%.",
    "Tencent gained 3% after it said it would buy back HK$100 billion of stock.",
    "Banks were the big winners, and the KBW index rose 2.3%.",
    "Traders who bought the dip in October are sitting on 12% gains.",
    "Netflix added 1% ahead of its earnings call at 4:45 p.m. ET.",
    "Gold miners were banned from the rally, falling 2% as bullion slipped.",
    "The Fed will publish its minutes on Wednesday at 2 p.m.",
    "Cocoa futures jumped 6%, their biggest gain since 1999.",
    "Apple's services revenue, which includes App Store fees, rose 14%.",
    "Meta said it would spend up to $40 billion on data centres next year.",
]


# Stop 22's second and third parts, on wordings written for this test and in no set (the first
# 36 chrome lines and 16 sentences were written after the second part's first version and
# measured 33 and 15 right before three kinds were widened; the last 22 and 13 after the third
# part's, and measured 22 and 13): an ad's or a sponsor's label, a course's and an
# event's pitch, an app's notices, a forum's rules, trademarks, a regulator's line, a deposit
# scheme, an account's offer, a publication's tagline, a station's frequency, a sign-off with a
# call to action ...
STOP_22_MORE_CHROME = [
    "Sponsored · Open a high-yield account in minutes",
    "Promoted: The smarter way to invest in bonds",
    "A word from our sponsors: Brightline makes rebalancing effortless.",
    "Many thanks to Kestrel Bank for sponsoring today's newsletter.",
    "Enrol now — the spring cohort of our Trading Foundations course opens Monday.",
    "Early-bird pricing ends Sunday for the Macro Summit in Lisbon.",
    "Visit us at booth 14 at the Money Show, Las Vegas.",
    "Join our election-night watch party on YouTube and set a reminder.",
    "Your quarterly statement is now ready. Tap to view.",
    "Your session will time out in 60 seconds.",
    "Price alert: GOLD above $2,400",
    "You turned on notifications for AAPL. Enable notifications for all alerts?",
    "We noticed you're using an ad blocker. Please whitelist us to keep our journalism free.",
    "Reject all cookies",
    "Posts without a ticker in the title will be removed. Repeat offenders get a perma-ban.",
    "Referral links are not allowed in this subreddit.",
    "Kestrel and the falcon logo are registered trademarks of Kestrel Bank plc.",
    "All other trademarks are the property of their respective owners.",
    "An earlier version of this story mistakenly gave the wrong ticker for Rio Tinto.",
    "Closing values may differ from official exchange data.",
    "Data shown for information only and not intended for trading purposes.",
    "Quotes refresh every 15 seconds.",
    "Minimum deposit of $500 required. Rates subject to change.",
    "Alt text: bar chart of sector returns this week.",
    'Tweet this: "Small caps just woke up."',
    "Market open · Closes 4:00 PM ET",
    "Transfer your 401(k) to Brightline and get up to $1,000.",
    "View all Market Wrap episodes",
    "Regulated by the FCA. Firm reference number 812345.",
    "Your capital is at risk. Deposits protected up to £85,000 by the FSCS.",
    "Leveraged products may not be suitable for all investors.",
    "Earn 5.05% APY on your cash — no minimums.",
    "Your order to sell 20 shares of TSLA was executed at $251.10.",
    "Chat with a licensed adviser in the app, 8am to 8pm.",
    "Ledger & Lane is hiring a markets reporter for its Singapore bureau.",
    "Be the first to comment on this story",
    "Harbour Lights Money — the markets, in plain English",
    "Bourse Minute: Europe's stocks in three minutes, every morning",
    "Greenback Weekly | your daily dose of dollar news",
    "Kettle & Coin — a weekly money newsletter for people who hate jargon",
    "Member SIPC",
    "Equal Housing Opportunity",
    "This material should not be used to make investment decisions.",
    "Thanks to our 12,000 subscribers for reading!",
    "Nominations close Friday for the Reader Awards.",
    "Closed captioning made possible by Prairie Credit Union",
    "Meet the analysts behind the Morning Tape",
    "Listen on 101.5 Smooth FM every afternoon",
    "KXBR 1450 AM | Business Talk",
    "Thanks for reading Market Notes! Subscribe for free to get every post.",
    "See you in the app — download it free today",
    "Thanks for listening — rate and review us on Apple Podcasts",
    "Thanks for reading — share this post with a friend who trades",
    "Your deposits with Harbourside are protected by the Financial Services Compensation Scheme.",
    "This announcement is made pursuant to the EU Market Abuse Regulation.",
    "Registered charity number 1093321.",
    "Your property may be repossessed if you do not keep up your payments.",
    "The Retirement Times does not endorse any product advertised in these pages.",
    "Rates and bids subject to change without notice.",
    "Results shown are based on hypothetical performance and are not a guarantee.",
    "No real money is invested; the league uses virtual cash.",
    "Registration for the spring league closes Friday at midnight.",
    "Applications for next year's student fund open on 1 September.",
    "The branch offices will be closed on Easter Monday.",
    "Office hours: Monday to Friday, 9 to 5",
    "Priya has joined the chat.",
    "Open an account in a few taps.",
    "3 new replies since you last visited",
    "Gift Aid it: add 25% to your donation at no cost to you.",
    "Follow Closing Bell Couch on Spotify so you never miss an episode.",
    "This scholarship is generously sponsored by Ridgeline Partners.",
    "Game prices run with a 15-minute delay.",
    "Upgrade to Pathway Premium for live quotes.",
    "Official rules and eligibility",
    "What's new in version 6.2: dark mode and faster charts.",
]

# ... and sentences like them: offers, regulators and bans in the news, a heading with
# "explained" or "in 30 minutes", a writer's sign-off.
STOP_22_MORE_RECAP = [
    "Apple said its App Store ad business was sponsored by stronger search demand, and the"
    " stock rose 1%.",
    "Coinbase fell 4% after the SEC said it is regulated by the agency as an exchange.",
    "Robinhood rose 6% after it said new customers earn 3% APY on uninvested cash, lifting"
    " deposits.",
    "Chinese regulators said foreign banks are not allowed to expand in the region; HSBC fell 2%.",
    "The exchange said customers are protected up to $500,000, and Schwab rose 1%.",
    "Nvidia's order book has been filled through next year, the CEO said, and shares rose 3%.",
    "Tesla rose 4% after it said its session with regulators went well.",
    "Market open: futures point higher after the jobs report.",
    "Transfer pricing rules hit Medtronic, which fell 2%.",
    "Banks may not be suitable for defensive investors right now, in my view.",
    "The company is hiring 2,000 engineers, it said, and the stock rose 2%.",
    "Reddit rose 8% after it said posts and comments grew 20%.",
    "Alphabet fell 1% after a court ruled its trademarks were not infringed.",
    "Gold rose 1.2% as the dollar slipped; silver followed.",
    "Chat volumes at Meta's WhatsApp business unit rose 40%, the company said.",
    "Salesforce jumped 7% after it said its AI agent pilots are now live.",
    "Europe — stocks slid in the last ten minutes of trading.",
    "Tech, explained: why chips sold off",
    "Asia: Nikkei up 1%, every sector higher",
    "Crypto: Bitcoin swung 5% in 30 minutes",
    "Bank of America, a member of the Dow, rose 2%.",
    "Housing starts fell 3%, and home builders dropped.",
    "Investors cannot invest in the VIX directly, so VXX volume jumped.",
    "That's all for this Friday — see you Monday.",
    "Thanks for reading, and enjoy the long weekend.",
    "Signing off from the desk in Toronto.",
    "Until next time, keep your powder dry.",
    "Talk to you tomorrow, when the Fed minutes land.",
    "See you at the open, and watch that 4,200 level on the S&P.",
    "Brazil joined OPEC+ as an oil producer in January.",
    "GIC joined the IPO as an anchor investor.",
    "Northern Rock's depositors were protected by the Bank of England, the paper recalled,"
    " as UK banks fell 2%.",
    "Shareholders will receive a 42p final dividend, and the stock rose 3%.",
    "Infosys declared a 1:1 bonus issue and the shares rose 2%.",
    "Applications for US jobless benefits fell to 212,000 last week.",
    "Registrations of new cars in Europe rose 4% in May, lifting Stellantis.",
    "The Fed said its discount window offices were closed for the holiday, so funding"
    " markets were quiet.",
    "Oil rose 2% after OPEC said output cuts are subject to change in June.",
    "Our listener question: is the yen carry trade back?",
    "Question of the week: why did gold rise while real yields rose too?",
    "That's our wrap for Tuesday — see you at the open.",
    "That's your market update for today.",
    "Members of the S&P 500 reported earnings up 9% on average.",
    "The club's portfolio gained 1.8% this week, led by Unilever.",
    "Robinhood said users can trade Apple and 600+ other stocks around the clock, and its"
    " shares rose 4%.",
    "Tesla rose 3% after it said the new Model Q hosts Grok on its dashboard.",
    "Nvidia presents Blackwell on stage at GTC, and the stock rose 2%.",
    # Stop 22's review: sentences the round's first forms dropped, each found by reading them.
    "Investors wanted a cut, and they got it.",
    "Can the rally keep it going?",
    "Google said it would stop using cookies in Chrome, and ad stocks fell.",
    "Nvidia and AMD chip in to the rally.",
    "Meta said posts that break its rules will be removed; the stock rose 1%.",
    "New tariff fees apply from Monday, the commerce ministry said.",
    "Goldman is hiring 500 analysts, the bank said.",
    "What's new in crypto: bitcoin ETFs saw $1 billion of inflows.",
    "Market open — futures point higher after the jobs report.",
    "Jane Doe, who joined Citi in 2021 and leads its markets unit, will become CFO.",
    "History has taught investors to fade such rallies.",
    "Apple hosts WWDC on Monday, and the stock rose 1%.",
    "Apple hosts WWDC on Monday.",
    "Tech — the business's best run since 2020",
    "This skill matters more than ever for traders.",
]


# The written variants of each round, in no set: every chrome line goes, every sentence stays.
WRITTEN_CHROME = STOP_21_CHROME + STOP_22_CHROME + STOP_22_MORE_CHROME
WRITTEN_RECAP = STOP_21_RECAP + STOP_22_RECAP + STOP_22_MORE_RECAP


@pytest.mark.parametrize("line", WRITTEN_CHROME)
def test_a_written_kind_of_chrome_goes(line: str) -> None:
    assert drop_chrome_sentences(line) == ""


@pytest.mark.parametrize("sentence", WRITTEN_RECAP)
def test_a_written_recap_lookalike_stays(sentence: str) -> None:
    assert drop_chrome_sentences(sentence) == sentence


# 300 market-news sentences written at stop 22 by a helper who saw nothing of the project, half
# of them about what page furniture also names (cookies, apps, subscribers, fees, podcasts,
# trademarks, registrations, contests, bans, offices, hiring), as news. Never tuned on: stop 21's
# code and stop 22's each drop two ("changed its registered address ...", "its loyalty app now
# has 34 million active members").
NEWS_WITH_PAGE_WORDS = Path(__file__).parent / "data" / "chrome-news.txt"


def test_market_news_that_names_the_page_s_things_is_kept() -> None:
    sentences = [s for s in NEWS_WITH_PAGE_WORDS.read_text("utf-8").splitlines() if s]
    assert len(sentences) == 300
    lost = [s for s in sentences if drop_chrome_sentences(s) != s]
    assert len(lost) <= 2, lost


@pytest.mark.parametrize("sentence", MINDS_THE_RECAP)
def test_a_writer_minding_the_market_is_kept(sentence: str) -> None:
    assert drop_chrome_sentences(sentence) == sentence


@pytest.mark.parametrize("line", STILL_CHROME)
def test_the_page_minding_itself_still_goes(line: str) -> None:
    assert drop_chrome_sentences(line) == ""


def test_the_model_never_decides_what_the_rules_never_weigh() -> None:
    """Prose longer than chrome ever is, and code, are not the model's to drop, however sure it
    is (a model that calls everything chrome)."""

    class _Always:
        def probability(self, text: str) -> float:
            return 1.0

    always = _Always()
    long_piece = "Subscribe and download the app for more alerts " * 8 + "today."
    code = "export const percent = (a, b) => `${((a / b) * 100).toFixed(1)}%`;"
    for text in (long_piece, code):
        assert drop_chrome_sentences(text, model=always) == text  # type: ignore[arg-type]
