"""The chrome filter's vocabulary (`chrome_kinds.py` weighs with it): the words of each kind of
page chrome, the words a recap sentence uses (market verbs, market words, the day's movers), the
reader and first persons, and how a piece splits into words (`words_of`, `cased_of`)."""

from __future__ import annotations

import functools
import re

__all__ = [
    "ADVICE_VERBS",
    "ATTENTION",
    "CHROME_KINDS",
    "CONTROL_WORDS",
    "CREDIT_VERBS",
    "DATA_RELEASE",
    "DISCLAIMER_WORDS",
    "HEDGES",
    "IMPERATIVES",
    "KIND_OF",
    "MARKET_WORDS",
    "MOVERS",
    "MOVES",
    "NEWS_VERBS",
    "PAGE_WORDS",
    "PERSONS",
    "PROSE_USE_WORDS",
    "PROSE_VERBS",
    "READER",
    "READ_VERBS",
    "RELEASE_WORD",
    "STRONG",
    "TOKEN",
    "WIDGET_LABELS",
    "cased_of",
    "may_disclaim",
    "words_of",
]

# The page's vocabulary, by kind. A word counts once; a kind's words name the kind reported.
CHROME_KINDS: dict[str, frozenset[str]] = {
    "sources": frozenset({
        "sources", "sourced", "references", "citations", "credits", "cited", "reporting",
        "compiled", "photo", "image", "getty", "courtesy", "via", "provided", "delayed", "chart",
        "attribution", "data", "source", "reference", "bibliography", "methodology", "wire",
    }),
    "call_to_action": frozenset({
        "subscribe", "signup", "register", "download", "upgrade", "unlock", "claim", "install",
        "join", "enter", "account", "trial", "membership", "member", "premium", "app", "discord",
        "community", "webinar", "now", "sign-up", "free", "pdf", "e-book", "ebook", "instagram",
        "threads", "notified", "watchlist", "subscription", "member-only", "donate",
    }),
    "promotion": frozenset({
        "classifieds", "coins", "tokens", "badges", "badge", "xp", "leaderboard", "rankings",
        "prize", "prizes",
        "voucher", "giveaway", "sweepstakes", "bracket", "league", "tournament", "quiz",
        "contest", "contests", "challenge", "picks", "streak", "rewards", "bonus", "offer",
        "deal", "code", "discount", "exclusive", "winners", "score", "checkout", "entries",
        "qualify", "players", "compete", "practice", "points", "gift", "awarded", "earn",
        "members", "double", "fantasy", "half-price", "plans", "tonight", "wins",
        "congrats", "congratulations", "raffle", "eligibility", "eligible", "entry", "referral",
    }),
    "share": frozenset({
        "share", "tweet", "forward", "friend", "colleague", "facebook", "twitter", "linkedin",
        "whatsapp", "telegram", "reddit", "clipboard", "link", "copied", "thoughts", "network",
        "url", "friends", "invite", "colleagues", "discussion", "bookmarked", "moderator",
    }),
    "player": frozenset({
        "listen", "audio", "playback", "pause", "podcast", "podcasts", "episode", "player",
        "aloud", "playing", "remaining", "spotify", "▶", "►", "speed", "voice", "narrated",
        "narration", "duration", "loading",
    }),
    "related": frozenset({
        "related", "read", "reading", "coverage", "popular", "trending", "missed", "recommended",
        "stories", "editors", "continue", "continues", "next", "more", "menu",
    }),
    "newsletter": frozenset({
        "newsletter", "inbox", "email", "e-mail", "unsubscribe", "briefing", "preferences",
        "settings", "subscribing", "list", "subscribed", "edition", "issue", "delivered",
        "invalid", "valid", "oops", "whoops", "required", "field", "smarter", "sharper",
    }),
    "footer": frozenset({
        "©", "rights", "reserved", "trademark", "privacy", "terms", "cookie", "cookies",
        "sitemap", "rss", "help", "accessibility", "advertisement", "advertise", "sponsored",
        "ad", "careers", "contact", "comments", "comment", "helpful", "print", "translated",
        "bookmark", "save", "updated", "ago", "personal", "information", "problem", "registered",
        "paid", "partner", "reproduction", "prohibited", "redistribution", "permission",
        "forbidden", "unauthorized", "disclosure", "disclosures", "mistake", "typo", "error",
        "errors", "correction", "corrections",
    }),
    "author_bio": frozenset({
        "author", "authors", "writer", "reporter", "editor", "edited", "reviewed",
        "fact-checked", "correspondent", "columnist", "journalist", "contributor",
        "contributors", "column", "opinions", "newsroom", "covers", "expressed", "writes",
        "desk", "covered", "written", "previously", "formerly", "byline", "staff",
    }),
}  # fmt: skip

# Words a recap sentence has no use for: each counts twice.
STRONG = frozenset({
    "sources", "references", "citations", "via", "newsletter", "inbox", "unsubscribe", "©",
    "sponsored", "advertisement", "leaderboard", "giveaway", "sweepstakes", "voucher", "coins",
    "tokens", "badges", "xp", "playback", "author", "correspondent", "columnist", "journalist",
    "newsroom", "trademark", "cookie", "sitemap", "accessibility", "clipboard", "bookmark",
    "comments", "tournament", "quiz", "bracket", "prizes", "related", "podcast", "sign-up",
    "popular", "reserved", "reporter", "byline", "congrats", "congratulations", "raffle",
    "invalid", "oops", "whoops", "watchlist", "typo", "subscribed", "classifieds",
})  # fmt: skip

# The page's own nouns: they say "this is about the page", whatever the kind.
PAGE_WORDS = frozenset({
    "article", "story", "recap", "page", "site", "website", "readers", "content", "web",
    "button",
})  # fmt: skip

KIND_OF = {word: kind for kind, words in CHROME_KINDS.items() for word in words}

# Verbs a call to action opens with (base form; "Follow-through" and "Downloads" are not).
IMPERATIVES = frozenset({
    "enter", "join", "win", "subscribe", "sign", "register", "download", "upgrade", "unlock",
    "claim", "redeem", "tap", "click", "install", "refer", "follow", "get", "grab", "try",
    "start", "create", "make", "put", "prove", "pick", "become", "open", "play", "submit",
    "climb", "spend", "share", "email", "send", "tweet", "post", "forward", "read", "see",
    "expand", "listen", "meet", "manage", "report", "continue", "keep", "leave", "rate",
    "print", "save", "bookmark", "explore", "discover", "learn", "check", "find", "like",
    "tell", "tag", "pass", "use", "don't", "log", "hear", "stack", "earn", "collect", "rack",
    "top", "take", "do", "copy", "compete", "go", "lock", "activate", "give", "hit", "ring",
    "smash", "turn", "enable", "allow", "invite", "let", "look", "reach", "contact", "write",
    "ping", "message", "dm",
})  # fmt: skip

# Verbs that send the reader to another page, opening a label ("See also »", "Watch: ...").
READ_VERBS = frozenset({"see", "read", "watch", "view", "explore", "discover", "browse"})

READER = frozenset({"you", "your", "you're", "yours", "we", "our", "me", "my", "us", "please"})

# What a recap sentence does: a market or company moves, reports, says.
PROSE_VERBS = frozenset({
    "rose", "fell", "gained", "lost", "jumped", "slid", "climbed", "dropped", "rallied",
    "surged", "slipped", "tumbled", "added", "shed", "declined", "advanced", "closed",
    "traded", "posted", "reported", "beat", "raised", "cut", "said", "priced",
    "weighed", "lifted", "grew", "topped", "narrowed", "hit", "drew", "led", "lagged", "won",
    "outperformed", "fined", "approved", "resumed", "ended", "came", "remained", "helped",
    "slowed", "pushed", "ran", "drove", "sent", "turned", "touched", "eased", "improved",
    "pointed", "showed", "suggested", "fallen", "risen", "blinked", "favored",
    "favoured", "reinforced", "boosted", "dragged", "fueled", "fuelled", "sparked", "trimmed",
    "pared", "erased", "steadied", "rebounded", "recovered", "sank", "dipped", "soared",
    "plunged", "underperformed", "outpaced", "dominated", "declared",
})  # fmt: skip

# Counted as written in lower case (a site called "Market Wire" is not the market), but for
# the proper names.
MARKET_WORDS = frozenset({
    "market", "markets", "stocks", "stock", "shares", "bond", "bonds", "yield", "yields",
    "index", "indexes", "Nasdaq", "Dow", "Fed", "S&P", "inflation", "earnings", "revenue", "sector",
    "traders", "investors", "rally", "selloff", "quarter", "analysts", "company", "session",
    "bitcoin", "crypto", "ether", "miners", "halving", "movers", "gainers", "losers", "laggards",
    "valuations", "equities", "treasuries", "volatility", "futures", "payrolls", "CPI", "PPI",
    "GDP", "PCE", "FOMC", "<data release>", "dividend", "dividends", "shareholders",
    "shareholder",
})  # fmt: skip

# The day's movers, as a recap lists them.
MOVERS = frozenset({
    "movers", "gainers", "losers", "laggards", "decliners", "advancers", "winners", "leaders",
})  # fmt: skip

# What a market does, as a noun ("the index's decline"): a bio or a credit never names one, so
# it counts against chrome even where the market words are lifted. (Not the nouns a call to
# action uses too: "gain access", "drop us a line", "register in advance", "next slide".)
MOVES = frozenset({
    "decline", "declines", "gains", "losses", "rebound", "slump", "surge", "plunge", "selloff",
    "sell-off", "rally", "rout", "downturn", "upturn",
})  # fmt: skip

HEDGES = frozenset({"could", "would", "might", "may", "should"})

TOKEN = re.compile(r"[A-Za-z0-9@©$%'’.+-]+|[▶►|·•]")

# A timestamp line: "Last updated 6:12 p.m. ET", "Published 2 hours ago" ...
# A word every `DISCLAIMER` shape holds (a text without any is not searched).
DISCLAIMER_WORDS = frozenset({
    "purposes", "advice", "buy", "sell", "performance", "results", "returns", "future",
    "prohibited", "forbidden", "permitted", "permission", "consent", "unauthorized",
    "unauthorised", "no", "any", "mentioned", "discussed", "named", "redistribution",
    "distribution", "publication", "republication", "production", "sale", "risk", "risks",
    "principal", "hypothetical", "positions", "position", "holdings", "stakes", "stake",
    "certification", "certify", "certifies", "personal", "finra", "sipc", "nfa", "fdic",
    "offered", "reproduced", "redistributed", "republished", "copied", "reprinted",
    "retransmitted", "volatile", "complex", "speculative", "unregulated", "suitable",
    "appropriate", "protected", "insured", "forward-looking",
    "sebi-registered", "fca-registered", "asic-registered", "finra-registered",
    "sec-registered", "registration", "afsl", "frn", "authorised", "authorized", "regulated",
    "confidential", "differ", "obligation", "behalf", "views", "objectives", "prospectus",
    "redeemed", "standardized", "standardised", "affiliated", "professional", "institutional",
    "accredited", "qualified", "wholesale", "sophisticated", "retail", "release", "statements",
    "securities", "registered", "dyor", "lose", "consult", "constitutes", "constitute",
    "necessarily", "entertainment", "protection", "name", "authority", "afford", "prepared",
    "losing", "losses", "opinions", "decisions", "back",
})  # fmt: skip

# "... can go down as well as up": "well" is in too many recap sentences ("utilities trailed as
# well") to send each to the disclaimer's long pattern, so it counts only beside "up" or "rise".
_WELL_WITH = frozenset({"up", "rise"})


def may_disclaim(unique: set[str]) -> bool:
    """True when a piece holds a word every disclaimer match holds (`DISCLAIMER_WORDS`, or
    "well" with "up" or "rise"): the cheap test before `chrome_forms.DISCLAIMER`."""
    return bool(unique & DISCLAIMER_WORDS) or ("well" in unique and bool(unique & _WELL_WITH))


# A player's controls, a whole line: "Volume", "Rewind 10 seconds", "1.5x · Skip 15s".
CONTROL_WORDS = frozenset({
    "play", "pause", "mute", "unmute", "volume", "rewind", "replay", "skip", "fast-forward",
    "speed", "playback", "captions", "subtitles", "fullscreen", "stop", "resume",
})  # fmt: skip

CREDIT_VERBS = frozenset({"powered", "provided", "supplied", "furnished", "sourced"})

# A recap sentence that reports market news: a company or an index that does something ("Omnicom
# rose", "Meta said"), or a market verb with a market word or a figure ("Data from FactSet showed
# the S&P 500 ..."). It is kept whatever page words it holds ("sponsored content", "data from").
# (The present of a few market verbs too: "Data from FactSet show analysts expect ...".)
NEWS_VERBS = frozenset({
    "show", "shows", "suggest", "suggests", "indicate", "indicates", "rises", "falls", "climbs",
    "slips", "jumps", "slides", "trades",
})  # fmt: skip

# The words `_PROSE_USE` reads (a text without any is not searched).
PROSE_USE_WORDS = frozenset({
    "source", "sources", "terms", "share", "contributor", "contributors", "print", "streak",
    "continue", "continues", "continued",
})  # fmt: skip


@functools.lru_cache(maxsize=16_384)
def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words, trimmed of edge punctuation; "US" (the country) is not "us". (Cached:
    each piece is weighed by several checks, and twice by the readers.)"""
    out = []
    for token in TOKEN.findall(text):
        word = token.strip(".'’-").replace("’", "'")
        if word == "US":
            continue
        out.append(word.lower())
    return tuple(w for w in out if w)


# Words a market-data widget labels itself with ("Trending tickers:", "Live:", "Hot stocks →").
WIDGET_LABELS = frozenset({
    "trending", "live", "hot", "tickers", "ticker", "quotes", "watchlist", "delayed", "realtime",
    "real-time", "streaming",
})  # fmt: skip

# Verbs of a writer's advice about money, which a call to action shares ("Keep your cash
# buffer", "Don't chase this rally", "Go enjoy your evening"): a sentence whose imperatives are
# all of these, with no word of chrome's kinds, is the recap's (`chrome_kinds._advises`).
ADVICE_VERBS = frozenset({
    "keep", "don't", "go", "let", "take", "do", "stay", "stick", "hold", "remember", "mind",
    "watch", "avoid", "stop", "be",
})  # fmt: skip

# Verbs of a call to action that also ask for attention: "Keep an eye on ...", "Look for ...".
ATTENTION = frozenset({"keep", "look"})


def cased_of(text: str) -> set[str]:
    """The words as written, for the market words (a site called "Market Wire" is not one), and
    `RELEASE_WORD` for a data release named in two words ("Friday's jobs report")."""
    cased = {t.strip(".,;:'’-").removesuffix("'s").removesuffix("’s") for t in TOKEN.findall(text)}
    if DATA_RELEASE.search(text):
        cased.add(RELEASE_WORD)
    return cased


# A data release a recap looks ahead to, named in two words: "the jobs report", "retail sales
# data", "housing numbers" (a market word, as "payrolls" and "CPI" are).
DATA_RELEASE = re.compile(
    r"\b(?:jobs|employment|inflation|retail\s+sales|housing|manufacturing)\s+"
    r"(?:report|data|numbers|figures|print)\b",
    re.IGNORECASE,
)

RELEASE_WORD = "<data release>"

# A writer who speaks to the reader or as "I"/"we" may be the recap's own voice ("If you checked
# your 401(k) today ...", "My puts printed today"): the model learned that voice as chrome.
PERSONS = READER | {"i", "i'm", "i've", "i'd", "i'll", "we're", "we've", "you've", "you'll"}
