"""The normaliser: figures, dates, tickers and symbols said the way a news anchor says them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podcast.script.lexicon import DEFAULT_PATH, load_lexicon
from podcast.script.normalize import speak

SPEAKABLE = re.compile(r"[A-Za-z .,;:?!'’-]*")
TAGS = re.compile(r"<[^>]*>")

CASES: list[tuple[str, str]] = [
    # signed changes and plain figures
    ("+1.65%", "up one point six five percent"),
    ("-0.29%", "down zero point two nine percent"),
    ("-3.1%", "down three point one percent"),
    ("XOM +1.9%", "Exxon Mobil up one point nine percent"),
    (
        "SPY +1.65% and QQQ +2.49%",
        "The S and P five hundred up one point six five percent and the Nasdaq one hundred up "
        "two point four nine percent",
    ),
    ("0.8%", "zero point eight percent"),
    ("38%", "thirty-eight percent"),
    ("14.9", "fourteen point nine"),
    ("5,812.34", "five thousand eight hundred twelve point three four"),
    ("412", "four hundred twelve"),
    ("-6.2 versus +3.0 expected", "minus six point two versus plus three point zero expected"),
    ("the best sector at +1.4%", "the best sector at plus one point four percent"),
    ("Health care led (+1.4%) after", "Health care led, up one point four percent, after"),
    ("+15 bps", "up fifteen basis points"),
    (".5%", "point five percent"),
    ("0.50%", "zero point five percent"),
    ("1,000,000", "one million"),
    ("007", "zero zero seven"),
    ("12345678901234567890", " ".join(["one two three four five six seven eight nine zero"] * 2)),
    # money
    ("$81.40/bbl", "eighty-one dollars and forty cents a barrel"),
    ("$2,655/oz", "two thousand six hundred fifty-five dollars an ounce"),
    ("$1.1 trillion", "one point one trillion dollars"),
    ("$5 billion", "five billion dollars"),
    ("$10.9 trillion", "ten point nine trillion dollars"),
    (
        "$3.84 vs. $3.71 est.",
        "three dollars and eighty-four cents versus three dollars and seventy-one cents estimated.",
    ),
    ("$88,500", "eighty-eight thousand five hundred dollars"),
    ("$250", "two hundred fifty dollars"),
    ("$141.22", "one hundred forty-one dollars and twenty-two cents"),
    ("a $250 price target", "a two hundred fifty dollar price target"),
    ("on a $5 billion buyback", "on a five billion dollar buyback"),
    ("a $1.50 dividend", "a one dollar and fifty cent dividend"),
    ("$0.45", "forty-five cents"),
    ("$1.00", "one dollar"),
    ("$5B", "five billion dollars"),
    ("$3.2bn", "three point two billion dollars"),
    ("-$0.12 a share", "minus twelve cents a share"),
    ("€5.20", "five euros and twenty cents"),
    ("£3 billion", "three billion pounds"),
    ("£1.01", "one pound and one penny"),
    ("¥150", "one hundred fifty yen"),
    ("C$1.35", "one Canadian dollar and thirty-five cents"),
    # units and shorthand
    ("12 bps", "twelve basis points"),
    ("1 bp", "one basis point"),
    ("a 25 bp cut", "a twenty-five basis point cut"),
    ("0.8% m/m", "zero point eight percent month over month"),
    ("2.8% y/y", "two point eight percent year over year"),
    ("1.2% q/q", "one point two percent quarter over quarter"),
    ("1.4x", "one point four times"),
    ("±7%", "plus or minus seven percent"),
    ("+/- 7%", "plus or minus seven percent"),
    ("218K", "two hundred eighteen thousand"),
    ("10.2 billion", "ten point two billion"),
    ("1.34 million", "one point three four million"),
    ("3 to 1", "three to one"),
    ("3:1", "three to one"),
    ("2.5pp", "two point five percentage points"),
    ("~5%", "about five percent"),
    ("<5% of names", "less than five percent of names"),
    (">10% gains", "more than ten percent gains"),
    ("5 bbl", "five barrels"),
    ("e.g. this", "for example this"),
    ("i.e. that", "that is that"),
    ("approx. 5", "approximately five"),
    ("WTI", "W T I"),
    ("Item No. 1", "Item number one"),
    ("#1 pick", "number one pick"),
    ("24/7 trading", "twenty-four seven trading"),
    ("P/E ratio of 25x", "P E ratio of twenty-five times"),
    # ranges
    ("4.25% to 4.50%", "four point two five percent to four point five percent"),
    ("1% to 2%", "one percent to two percent"),
    ("1%-2%", "one percent to two percent"),
    ("4.25-4.50%", "four point two five to four point five percent"),
    ("December 16–17", "December sixteenth to seventeenth"),
    ("$31.50 to $32.00", "thirty-one dollars and fifty cents to thirty-two dollars"),
    ("2-3", "two to three"),
    # quarters and fiscal years
    ("Q1", "first quarter"),
    ("Q3 FY2027", "fiscal third quarter twenty twenty-seven"),
    ("Q2 2027", "second quarter twenty twenty-seven"),
    ("Q4'25 results", "fourth quarter twenty twenty-five results"),
    ("3Q26", "third quarter twenty twenty-six"),
    ("1H26", "first half of twenty twenty-six"),
    ("H2 2026", "second half of twenty twenty-six"),
    ("FY2027", "fiscal twenty twenty-seven"),
    ("FY'26 guidance", "fiscal twenty twenty-six guidance"),
    ("Q1/quarterly", "first quarter or quarterly"),
    ("Chevron’s Q1-led surge", "Shevron’s first quarter-led surge"),
    # dates and years
    ("Nov. 25", "November twenty-fifth"),
    ("Oct. 1", "October first"),
    ("2026-11-19", "November nineteenth, twenty twenty-six"),
    ("November 18, 2026", "November eighteenth, twenty twenty-six"),
    ("Nov 25-Dec 2", "November twenty-fifth to December second"),
    ("March 2026", "March twenty twenty-six"),
    ("11/19/2026", "November nineteenth, twenty twenty-six"),
    ("2026", "twenty twenty-six"),
    ("2027 outlook", "twenty twenty-seven outlook"),
    ("mid-2027", "mid-twenty twenty-seven"),
    ("In the 2020s, stocks rose", "In the twenty twenties, stocks rose"),
    ("'90s rally", "nineties rally"),
    ("Russell 2000", "Russell two thousand"),
    ("S&P 500", "S and P five hundred"),
    ("Nasdaq-100", "Nasdaq one hundred"),
    ("iPhone 18", "iPhone eighteen"),
    ("30-day average", "thirty-day average"),
    ("10-year", "ten-year"),
    ("20+ Year", "twenty-plus year"),
    ("3rd", "third"),
    ("21st", "twenty-first"),
    ("3/4 of names", "three quarters of names"),
    # times
    ("2:00 p.m. ET", "two in the afternoon, Eastern"),
    ("8:30 a.m. ET", "eight thirty in the morning, Eastern"),
    ("9:30 a.m.-4 p.m. ET", "nine thirty in the morning to four in the afternoon, Eastern"),
    ("10am ET", "ten in the morning, Eastern"),
    ("The close was at 4 p.m.", "The close was at four in the afternoon."),
    ("Earnings at 4 p.m. Traders wait.", "Earnings at four in the afternoon. Traders wait."),
    ("14:30 ET", "fourteen thirty Eastern"),
    ("noon ET", "noon, Eastern"),
    ("at 12 p.m. ET", "at noon, Eastern"),
    (
        "from 7 p.m. to 11:15 p.m. PT",
        "from seven in the evening to eleven fifteen at night, Pacific",
    ),
    ("futures reopen at 6pm CT", "futures reopen at six in the evening, Central"),
    ("a 12:30 a.m. print", "a twelve thirty at night print"),
    ("Tokyo opens at 7:05 p.m. ET.", "Tokyo opens at seven oh five in the evening, Eastern."),
    # ranges in every unit: said once, as a range
    (
        "revenue of $26.1B-$26.4B",
        "revenue of twenty-six point one to twenty-six point four billion dollars",
    ),
    ("a $900M–$1.2B deal", "a nine hundred million to one point two billion dollars deal"),
    ("€1.2bn - €1.5bn in sales", "one point two to one point five billion euros in sales"),
    ("capex of $4.5-$5 billion", "capex of four point five to five billion dollars"),
    ("up $3.2B to $40B", "up three point two billion dollars to forty billion dollars"),
    ("a 25-50 bp cut", "a twenty-five to fifty basis point cut"),
    ("yields of 4.25%–4.50%", "yields of four point two five percent to four point five percent"),
    # tickers
    ("Royalty Pharma (RPRX)", "Royalty Pharma"),
    ("The S&P 500 (SPY) closed", "The S and P five hundred closed"),
    ("The SPY rose", "The S and P five hundred rose"),
    ("we like SPY here", "we like the S and P five hundred here"),
    ("a QQQ rally", "a Nasdaq one hundred rally"),
    ("Watch breadth and IWM.", "Watch breadth and the Russell two thousand."),
    ("DIA held", "The Dow held"),
    ("TLT fell", "Long-dated Treasuries fell"),
    ("while XLK slid", "while the tech sector slid"),
    ("KRE's 3.6% gain", "Regional banks' three point six percent gain"),
    ("QQQ’s outperformance", "The Nasdaq one hundred’s outperformance"),
    ("IWM's 0.29% decline", "The Russell two thousand's zero point two nine percent decline"),
    ("Jacobs Solutions (J) rose", "Jacobs Solutions rose"),
    ("Apple (NASDAQ: AAPL) rose", "Apple rose"),
    ("$AAPL rallied", "Apple rallied"),
    ("Alphabet (GOOGL) +0.5%", "Alphabet up zero point five percent"),
    ("chipmakers (NVDA, AMD) led", "chipmakers, Nvidia and A M D, led"),
    ("buy BRK.B now", "buy Berkshire Hathaway class B now"),
    ("DHI and LEN rose", "D R Horton and Lennar rose"),
    (
        "CAT +1.1% and LOW -0.5%",
        "Caterpillar up one point one percent and Lowe's down zero point five percent",
    ),
    ("CAT rose 2%", "Caterpillar rose two percent"),
    ("LOW rose as a CAT sat", "Lowe's rose as a cat sat"),
    ("F +2%", "Ford up two percent"),
    ("T +2%", "A T and T up two percent"),
    ("HD, CAT and TGT", "Home Depot, Caterpillar and Target"),
    ("AMD, J", "A M D, Jacobs Solutions"),
    ("RPRX beat", "Royalty Pharma beat"),
    ("ZQXW jumped", "Z Q X W jumped"),
    # indexes, acronyms and names
    ("S&P rally", "S and P rally"),
    ("M&A deals", "mergers and acquisitions deals"),
    ("a wave of M&A.", "a wave of mergers and acquisitions."),
    ("Small caps lagged; mid-caps held up", "Small cap stocks lagged; mid cap stocks held up"),
    (
        "Small Caps: IWM -0.3%",
        "Small cap stocks: the Russell two thousand down zero point three percent",
    ),
    ("while small caps lagged", "while small cap stocks lagged"),
    ("smallcaps and recaps", "smallcaps and recaps"),
    ("CVX +1%", "Shevron up one percent"),
    ("Materials & Mining", "Materials and Mining"),
    ("AI and CPI", "AI and C P I"),
    ("AI-linked names", "AI-linked names"),
    ("demand for AI. Nvidia", "demand for AI. Nvidia"),
    ("flash PMIs", "flash P M Is"),
    ("Certain REITs rallied", "Certain reets rallied"),
    ("on the NYSE", "on the N Y S E"),
    ("CPI/PPI prints", "C P I and P P I prints"),
    ("the U.S. economy", "the U S economy"),
    ("in the U.S.", "in the U S."),
    ("The VIX rose", "The vix rose"),
    ("D.R. Horton", "D R Horton"),
    ("the CEO's plan", "the C E O's plan"),
    ("AT&T rose 2%", "A T and T rose two percent"),
    ("COVID-19 hit", "covid nineteen hit"),
    ("BREAKING NEWS: STOCKS TANK ON FED", "breaking news: stocks tank on fed"),
    ("Visit StockAlpha.ai today", "Visit StockAlpha dot A I today"),
    # punctuation, symbols and markup
    ("buy/sell/hold", "buy, sell or hold"),
    ("guidance/metrics", "guidance or metrics"),
    ("Technology / Communications:", "Technology and Communications:"),
    ("narrow — gains", "narrow, gains"),
    ("well--okay", "well, okay"),
    ("mid- and small-caps", "mid- and small cap stocks"),
    ("Sources + 10 more sources", "Sources plus ten more sources"),
    ("- •Large-cap tech", "Large-cap tech"),
    ('He said "hello"', "He said hello"),
    ("the investors' money", "the investors' money"),
    ("visit https://example.com/a?b=1 or mail me@x.com", "visit or mail"),
    ("<script>alert(1)</script>Hello <b>world</b>", "Hello world"),
    ('Pause <break time="60s"/> here', "Pause here"),
    ("<style>.a{color:red}</style>Text", "Text"),
    ("S&amp;P 500 &ndash; flat", "S and P five hundred, flat"),
    ("Stocks 🚀 rallied 😀", "Stocks rallied"),
    ("A100 chips and 3D printing", "A one hundred chips and three D printing"),
    ("Podcast • Loading audio...", "Podcast, Loading audio."),
    ("Nestlé and Société Générale", "Nestle and Societe Generale"),
    ("Key Takeaways\nSmall caps led.", "Key Takeaways. Small cap stocks led."),
    ("**Regional banks:** rose", "Regional banks: rose"),
    ("[the link](https://x.com) here", "the link here"),
    ("", ""),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_table(written: str, spoken: str) -> None:
    assert speak(written) == spoken


def test_table_is_large() -> None:
    assert len(CASES) >= 100


def _lines(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    if path.suffix in {".html", ".json"}:
        raw = TAGS.sub(" ", raw)
    return [line for line in raw.splitlines() if line.strip()]


def _spoken(samples: Path, name: str) -> str:
    return " ".join(speak(line) for line in _lines(samples / name))


def test_every_sample_line_is_speakable(samples: Path) -> None:
    files = sorted(p for p in samples.iterdir() if p.is_file())
    assert files
    for path in files:
        for line in _lines(path):
            out = speak(line)
            assert SPEAKABLE.fullmatch(out), (path.name, line, out)
            assert not re.search(r"\d", out)
            assert speak(out) == out, (path.name, line)
            assert not re.search(r"\b[Tt]he the\b", out), out


SAID = {
    "recap-2026-11-19.md": [
        "eighty-one dollars and forty cents a barrel",
        "twelve basis points",
        "month over month",
        "year over year",
        "one point four times",
        "plus or minus seven percent",
        "two hundred eighteen thousand",
        "November twenty-fifth",
        "third quarter",
        "fiscal third quarter twenty twenty-seven",
        "five thousand eight hundred twelve point three four",
        "twenty-five basis point cut",
        "three to one on the N Y S E",
        "flash P M Is",
        "Exxon Mobil up one point nine percent",
        "the Nasdaq one hundred down one point eight four percent",
        "three hundred twelve dollars and five cents",
        "a two hundred fifty dollar price target",
        "October first",
        "thirty-day average",
        "ten-year",
    ],
    "recap-tech-led-rally.txt": [
        "up one point six five percent",
        "up two point four nine percent",
        "Nasdaq one hundred",
        "Russell two thousand",
        "down zero point two nine percent",
        "The S and P five hundred closed up one point six five percent",
        "Royalty Pharma rallied",
        "Nasdaq one hundred’s outperformance",
        "C P I and P P I",
        "buy, sell or hold",
        "mergers and acquisitions",
        "first quarter or quarterly",
        "Jacobs Solutions",
        "for example, Royalty Pharma, Equinix",
    ],
    "recap-2026-11-18.html": [
        "December sixteenth to seventeenth",
        "two in the afternoon, Eastern",
        "two thousand six hundred fifty-five dollars an ounce",
        "three dollars and eighty-four cents versus three dollars and seventy-one cents estimated",
        "eighty-eight thousand five hundred dollars",
        "thirty-one dollars and fifty cents to thirty-two dollars",
        "one percent to two percent",
        "five billion dollar buyback",
        "ten point two billion",
        "twenty twenty-seven outlook",
        "fourteen point nine",
        "November eighteenth, twenty twenty-six",
        "Alphabet up zero point five percent, Meta down zero point eight percent",
    ],
    "recap-2026-11-17.json": [
        "D R Horton",
        "minus six point two versus plus three point zero expected",
        "one point three four million",
        "eight thirty in the morning, Eastern",
        "ten point nine trillion dollars",
        "iPhone eighteen",
        "four hundred twelve stocks",
        "the Russell two thousand up two point one four percent",
        "two hundred twenty-six dollars and eighteen cents",
        "Regional banks jumped three point six percent",
    ],
}


@pytest.mark.parametrize("name", sorted(SAID))
def test_every_figure_is_said(samples: Path, name: str) -> None:
    spoken = _spoken(samples, name)
    missing = [phrase for phrase in SAID[name] if phrase not in spoken]
    assert not missing, missing


def test_tickers_in_parentheses_are_not_read(samples: Path) -> None:
    spoken = _spoken(samples, "recap-tech-led-rally.txt")
    for letters in ("R P R X", "E Q I X", "S I G I"):
        assert letters not in spoken


def test_lexicon_values_are_speakable_and_stable() -> None:
    lex = load_lexicon()
    tables = [lex.indexes, lex.names, lex.tickers, lex.word_tickers, lex.acronyms]
    for table in tables:
        for written, said in table.items():
            assert SPEAKABLE.fullmatch(said), (written, said)
            sentence = f"and {said} now"
            assert speak(sentence) == sentence, (written, said)


def test_lexicon_is_loaded_once_and_path_can_change(tmp_path: Path) -> None:
    assert load_lexicon() is load_lexicon()
    assert load_lexicon(DEFAULT_PATH).tickers == load_lexicon().tickers
    custom = tmp_path / "lexicon.toml"
    custom.write_text('[tickers]\nZZZQ = "the Zed fund"\n', encoding="utf-8")
    lex = load_lexicon(custom)
    assert speak("ZZZQ rose 2%", lexicon=lex) == "The Zed fund rose two percent"
    assert speak("ZZZQ rose 2%") == "Z Z Z Q rose two percent"


# hypothesis: arbitrary text and market-shaped text
_TOKENS = st.sampled_from(
    [
        "+", "-", "$", "%", ",", ".", "/", ":", "(", ")", " ", "'", "’", "–", "—", "x", "K",
        "bps", "bp", "Q", "FY", "H", "SPY", "QQQ", "IWM", "CAT", "LOW", "J", "T", "F", "AI",
        "CPI", "U.S.", "e.g.", "vs.", "est.", "Nov.", "Oct", "December", "p.m.", "a.m.", "ET",
        "the", "The", "&", "S&P 500", "Russell 2000", "±", "~", "#", "No.", "m/m", "y/y", "\n",
        "- ", "•", "…", "€", "£", "¥", "RPRX", "A100", "'s", "ETFs", "REITs", "a", "an", "<b>",
        "&amp;", "</script>", "<script>",
    ]
)  # fmt: skip
_NUMBERS = st.from_regex(r"[+\-±$€]?\d{1,7}(,\d{3})?(\.\d{1,3})?(%|x|K|M|B| bps| billion)?",
                         fullmatch=True)  # fmt: skip
_DATES = st.dates().map(lambda d: d.isoformat()) | st.dates().map(lambda d: d.strftime("%b. %d"))
_MARKET = st.lists(st.one_of(_TOKENS, _NUMBERS, _DATES), max_size=12)
_PROPS = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))


def _check(text: str) -> None:
    out = speak(text)
    assert SPEAKABLE.fullmatch(out), (text, out)
    assert speak(out) == out, (text, out)


@_PROPS
@given(st.text())
def test_any_text_is_speakable_and_idempotent(text: str) -> None:
    _check(text)


@_PROPS
@given(_MARKET.map(" ".join))
def test_market_words_are_speakable_and_idempotent(text: str) -> None:
    _check(text)


@_PROPS
@given(_MARKET.map("".join))
def test_glued_market_tokens_are_speakable_and_idempotent(text: str) -> None:
    _check(text)


@_PROPS
@given(st.lists(st.one_of(_NUMBERS, _DATES), min_size=1, max_size=4))
def test_every_number_becomes_words(parts: list[str]) -> None:
    out = speak(" and ".join(parts))
    assert out
    assert not re.search(r"\d", out)


def test_markup_entities_are_decoded_first() -> None:
    assert speak(html.escape("<script>x()</script>Fine")) == "Fine"


def test_a_failing_rule_falls_back_to_a_safe_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    from podcast.script import normalize

    def broken(text: str) -> str:
        raise RuntimeError("rule bug")

    monkeypatch.setattr(normalize, "say_figures", broken)
    assert speak("Price $5 and ² ok") == "Price five and two ok"
