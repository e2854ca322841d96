"""Page chrome recognised by kind (a source list, a call to action, a player), not by phrase.

A site rewords its widgets often, and a recap shares their words ("shares", "sources of revenue",
"won the session"). So a line is weighed, not matched: words of each kind of chrome (the page's
own vocabulary: sources, calls to action, rewards, share prompts, player, related reading,
newsletter, footer, author bio), and the shapes chrome takes (it addresses the reader, opens with
an imperative, is a "Label: list", a short fragment, items between separators, a duration, a
credit of roles and names, a bio by beat, a navigation line, a form's message, a link's arrow,
a whole line's form: a menu, a pager, a byline row, the writer's own position, a forum's user
metadata, a count of reactions, a tag list, a chapter list, a player's toggles) count for it;
what a recap sentence does (a market moves, a company reports, a figure) counts against it, and
a sentence that reports market news ("Omnicom rose after ... sponsored content") is kept unless
its form is chrome (a copyright, a credit made only of names, a byline, a disclosure of the
writer's position). Where the rules see some chrome but not enough, the learned model of
`chrome_model.py` decides (`_learned`). Tuned on `chrome_corpus/`; measured on blind sets at
first contact (test_chrome_kinds.py).

A dated line is weighed like any other ("Updated Mar 4, 2026, 6:47 PM EST" is chrome); the
readers keep the date of the chrome they drop (`SectionBuilder.datelines`, the text reader's
own), so the recap's date is still found. A recap's Disclaimer section keeps its legal
boilerplate ("not investment advice"), which is chrome anywhere else (`disclaimer=True`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from podcast.ingest.chrome_model import (
    COMPANION_THRESHOLD,
    FIGURE_THRESHOLD,
    MODEL_THRESHOLD,
    OVERRULE_THRESHOLD,
    ChromeModel,
    default_model,
)

__all__ = [
    "CHROME_KINDS",
    "MAX_CHROME_CHARS",
    "MAX_CHROME_WORDS",
    "chrome_heading",
    "chrome_kind",
    "chrome_score",
    "drop_chrome_lines",
    "drop_chrome_sentences",
    "is_disclaimer",
    "is_prose",
]

# Chrome is short; a longer piece is article prose and never weighed (bounds the cost too: no
# pattern here runs on more than MAX_CHROME_CHARS, whatever a hostile recap's words look like).
# The longest chrome line in the corpus has 232 characters.
MAX_CHROME_WORDS = 30
MAX_CHROME_CHARS = 400
# A piece is chrome at this score or above.
THRESHOLD = 3

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
        "coins", "tokens", "badges", "badge", "xp", "leaderboard", "rankings", "prize", "prizes",
        "voucher", "giveaway", "sweepstakes", "bracket", "league", "tournament", "quiz",
        "contest", "contests", "challenge", "picks", "streak", "rewards", "bonus", "offer",
        "deal", "code", "discount", "exclusive", "winners", "score", "checkout", "entries",
        "qualify", "players", "compete", "practice", "points", "gift", "awarded", "earn",
        "members", "double", "fantasy", "half-price", "plan", "plans", "tonight", "wins",
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
_STRONG = frozenset({
    "sources", "references", "citations", "via", "newsletter", "inbox", "unsubscribe", "©",
    "sponsored", "advertisement", "leaderboard", "giveaway", "sweepstakes", "voucher", "coins",
    "tokens", "badges", "xp", "playback", "author", "correspondent", "columnist", "journalist",
    "newsroom", "trademark", "cookie", "sitemap", "accessibility", "clipboard", "bookmark",
    "comments", "tournament", "quiz", "bracket", "prizes", "related", "podcast", "sign-up",
    "popular", "reserved", "reporter", "byline", "congrats", "congratulations", "raffle",
    "invalid", "oops", "whoops", "watchlist", "typo", "subscribed",
})  # fmt: skip
# The page's own nouns: they say "this is about the page", whatever the kind.
_PAGE_WORDS = frozenset({
    "article", "story", "recap", "page", "site", "website", "readers", "content", "web",
})  # fmt: skip
_KIND_OF = {word: kind for kind, words in CHROME_KINDS.items() for word in words}
# Verbs a call to action opens with (base form; "Follow-through" and "Downloads" are not).
_IMPERATIVES = frozenset({
    "enter", "join", "win", "subscribe", "sign", "register", "download", "upgrade", "unlock",
    "claim", "redeem", "tap", "click", "install", "refer", "follow", "get", "grab", "try",
    "start", "create", "make", "put", "prove", "pick", "become", "open", "play", "submit",
    "climb", "spend", "share", "email", "send", "tweet", "post", "forward", "read", "see",
    "expand", "listen", "meet", "manage", "report", "continue", "keep", "leave", "rate",
    "print", "save", "bookmark", "explore", "discover", "learn", "check", "find", "like",
    "tell", "pass", "use", "don't", "log", "hear", "stack", "earn", "collect", "rack",
    "top", "take", "do", "copy", "compete", "go", "lock", "activate", "give", "hit", "ring",
    "smash", "turn", "enable", "allow", "invite", "let", "look", "reach", "contact", "write",
    "ping", "message", "dm",
})  # fmt: skip
# Verbs that send the reader to another page, opening a label ("See also »", "Watch: ...").
_READ_VERBS = frozenset({"see", "read", "watch", "view", "explore", "discover", "browse"})
_READER = frozenset({"you", "your", "you're", "yours", "we", "our", "me", "my", "us", "please"})
# What a recap sentence does: a market or company moves, reports, says.
_PROSE_VERBS = frozenset({
    "rose", "fell", "gained", "lost", "jumped", "slid", "climbed", "dropped", "rallied",
    "surged", "slipped", "tumbled", "added", "shed", "declined", "advanced", "closed",
    "traded", "posted", "reported", "beat", "raised", "cut", "said", "priced",
    "weighed", "lifted", "grew", "topped", "narrowed", "hit", "drew", "led", "lagged", "won",
    "outperformed", "fined", "approved", "resumed", "ended", "came", "remained", "helped",
    "slowed", "pushed", "ran", "drove", "sent", "turned", "touched", "eased", "improved",
    "pointed", "showed", "suggested", "fallen", "risen", "blinked", "favored",
    "favoured",
})  # fmt: skip
# Counted as written in lower case (a site called "Market Wire" is not the market), but for
# the proper names.
_MARKET_WORDS = frozenset({
    "market", "markets", "stocks", "stock", "shares", "bond", "bonds", "yield", "yields",
    "index", "indexes", "Nasdaq", "Dow", "Fed", "S&P", "inflation", "earnings", "revenue", "sector",
    "traders", "investors", "rally", "selloff", "quarter", "analysts", "company", "session",
    "bitcoin", "crypto", "ether", "miners", "halving", "movers", "gainers", "losers", "laggards",
    "valuations", "equities", "treasuries", "volatility", "futures", "payrolls", "CPI", "PPI",
    "GDP", "PCE", "FOMC", "<data release>",
})  # fmt: skip
# The day's movers, as a recap lists them.
_MOVERS = frozenset({
    "movers", "gainers", "losers", "laggards", "decliners", "advancers", "winners", "leaders",
})  # fmt: skip
# What a market does, as a noun ("the index's decline"): a bio or a credit never names one, so
# it counts against chrome even where the market words are lifted. (Not the nouns a call to
# action uses too: "gain access", "drop us a line", "register in advance", "next slide".)
_MOVES = frozenset({
    "decline", "declines", "gains", "losses", "rebound", "slump", "surge", "plunge", "selloff",
    "sell-off", "rally", "rout", "downturn", "upturn",
})  # fmt: skip
_HEDGES = frozenset({"could", "would", "might", "may", "should"})

_TOKEN = re.compile(r"[A-Za-z0-9@©$%'’.+-]+|[▶►|·•]")
_LABEL = re.compile(r"^\W*([^:.!?—–→›»]{1,40}?)\s*(?::|\s[—–→›»-])\s*\S")
_CLAUSE = re.compile(r"(?:^|[.?!:|—–·•]\s+|^\W+)([A-Za-z'’]+)")
_DURATION = re.compile(r"\b\d{1,2}:\d{2}\b(?!\s*(?:[ap]\.?m\b|et\b))|\b\d+\s*min\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d%(?!\s*off)|\$\s?\d[\d,.]*\s*(?:billion|million|trillion|bn|m)\b")
# Credits and attributions: "Reporting by ...", "Data provided by ...", "Presented by Acme".
_ATTRIBUTION = re.compile(
    # a credit names whom: "Edited by Nora Quinn", "compiled by the Markets desk" (not "a filing
    # reviewed by analysts", whose "by" names no one)
    r"\b(?:reporting|compiled|provided|presented|brought\s+to\s+you|written|edited|reviewed"
    r"|fact-checked|produced|illustrated|narrated|voiced)\s+(?:by|from)\s+"
    r"(?:(?-i:the\s+[A-Z])|(?-i:[A-Z@]))|\bcourtesy\s+of\b"
    r"|^\W*(?:\w+\s+){0,2}(?:quotes|data|figures|prices|charts?|graphics?|photos?|images?)"
    r"\s+(?:(?:powered|supplied|provided|furnished)\s+)?(?:by|from)\b"
    r"|(?:©|\bcopyright\b|\(c\))\s*\d{4}",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\bcopyright\b|\(c\))\s*\d{4}", re.IGNORECASE)
_CREDIT = re.compile(r"^\W*(?:[\w-]+\s+){0,2}[Bb]y\s+(?:the\s+)?[A-Z]")
# A byline of any length: "By", a full name, then a separator or the end ("By Sam Whitlow ·
# Updated 4:12 PM ET"); "By Friday, stocks ..." has neither.
_BYLINE = re.compile(r"^\W*[Bb]y\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}\s*(?:[|·•—–]|$)")
# A bio: "Dana Whitfield is a senior markets reporter ..." (needs an author-bio word as well).
_BIO = re.compile(
    r"^(?:[A-Z][\w'.-]+\s+){1,3}(?:(?:is|was|has\s+been)\s+(?:a|an|the)\s|writes\s|covers\s"
    r"|has\s+(?:covered|written|reported)\s|reports\s+on\s)"
    r"|^\W*[Aa]bout\s+(?:the\s+authors?\b|[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}\s*:)"
)
# The site's legal boilerplate: "for informational purposes only", "not investment advice". It
# is the recap's own disclaimer under a Disclaimer heading, which keeps it (`disclaimer=True`).
_DISCLAIMER = re.compile(
    r"\b(?:informational|educational|general\s+information)\s+purposes\b"
    r"|\b(?:not|no|nor|never|nothing|constitutes?)\s+(?:\w+\s+){0,4}"
    r"(?:investment|financial|tax|legal|trading)\s+advice\b"
    r"|\bnot\s+(?:\w+\s+){0,2}(?:a\s+)?(?:recommendation|solicitation|offer)\s+to\s+(?:buy|sell)\b"
    r"|\bpast\s+(?:performance|results|returns)\s+(?:is|are|does|do)\s+(?:not|no)\b"
    r"|\b(?:no|not\s+a)\s+guarantee\s+of\s+future\b|\bindicative\s+of\s+future\b"
    # Rights: "Reproduction without permission is prohibited", "Unauthorized redistribution".
    r"|\b(?:reproduction|redistribution|republication|retransmission|reprinting|copying)\b"
    r"[^.]*\b(?:prohibited|forbidden|not\s+permitted|without\s+(?:\w+\s+)?(?:permission|consent))"
    r"|\bunauthori[sz]ed\s+(?:reproduction|redistribution|republication|copying|use)\b"
    r"|\bnot\s+for\s+(?:re)?(?:distribution|publication|production|sale)\b"
    # Risk boilerplate: "Investing involves risk", "Trading futures involves substantial risk",
    # "Results shown are hypothetical".
    r"|\b(?:investing|investments?|trading)(?:\s+\w+)?\s+(?:involves?|carry|carries)\s+"
    r"(?:\w+\s+){0,2}risks?\b"
    # A product's risk warning, said of the product in general: "CFDs are complex instruments
    # and carry a high risk", "Crypto assets are highly volatile and may be unregulated",
    # "71% of retail accounts lose money", "Your capital is at risk", "not appropriate for all
    # investors", "not protected by SIPC", a release's forward-looking statements.
    r"|\b(?:cfds?|options|futures|derivatives|forex|spread\s+bets?|crypto(?:currenc(?:y|ies)"
    r"|\s+assets?)?|digital\s+assets?|leveraged\s+(?:etfs?|products?|funds?))\s+(?:are|is|involve"
    r"|carry|carries)\s+(?:\w+\s+){0,4}(?:risk\b|risky|volatile|complex|speculative|unregulated"
    r"|not\s+(?:suitable|appropriate|protected|insured))"
    r"|\bof\s+retail\s+(?:\w+\s+){0,2}accounts\s+lose\s+money\b"
    r"|\b(?:your\s+)?capital\s+(?:is\s+)?at\s+risk\b"
    r"|\bnot\s+(?:suitable|appropriate)\s+for\s+(?:all|every|most)\s+investors?\b"
    r"|\bnot\s+(?:protected|covered|insured)\s+by\s+(?:the\s+)?(?:sipc|fdic|fscs|cdic)\b"
    r"|\bforward-looking\s+statements?\b[^.]*\b(?:risks?|uncertaint\w+|differ\s+materially)"
    # A regulator's registration, a licence number, an audience restriction, a release's own
    # legal lines: "SEBI-registered research analyst", "Registration granted by SEBI ...",
    # "AFSL 248561", "General advice only", "For professional investors only", "Actual results
    # may differ materially", "Authorised for release by the Board", "Issued on behalf of ...",
    # "The views ... above are those of ...".
    r"|\b(?:sebi|fca|asic|finra|nism|ciro|iiroc|amf|bafin|mas|sfc|sec)[- ]registered\b"
    r"|\bregistration\s+granted\s+by\b|\b(?:afsl|afs\s+licen[cs]e|cfsl|frn)\s*(?:no\.?\s*)?\d{3,}"
    r"|\b(?:authori[sz]ed|regulated)\s+(?:and\s+regulated\s+)?by\s+the\s+(?:fca|sebi|asic|sec"
    r"|financial\s+conduct\s+authority|central\s+bank\s+of\s+\w+)\b"
    r"|\bgeneral\s+advice\s+(?:only|warning)\b"
    r"|\bfor\s+(?:professional|institutional|accredited|qualified|wholesale|sophisticated)\s+"
    r"(?:investors|clients|use)\s+only\b|\bprivate\s+and\s+confidential\b"
    r"|\bactual\s+results\s+(?:may|could|might)\s+differ\s+materially\b"
    r"|\bundertakes?\s+no\s+obligation\s+to\s+(?:publicly\s+)?(?:update|revise)\b"
    r"|\b(?:authori[sz]ed|approved)\s+for\s+(?:release|lodgement|publication)\s+by\b"
    r"|^\W*(?:issued|published|distributed|released)\s+on\s+behalf\s+of\b"
    r"|\bviews\b[^.]{0,40}?\bare\s+(?:those\s+of|solely\s+(?:those|the))\b"
    # A fund's legal lines: "Carefully consider the Funds' investment objectives ...", "The
    # prospectus contains ...", "not individually redeemed", "Standardized performance ...".
    r"|\bconsider\s+the\s+funds?(?:'|’)?s?(?:'|’)?\s+investment\s+objectives\b"
    r"|\bprospectus\s+contains\b|\bnot\s+individually\s+redeemed\b"
    r"|\bstandardi[sz]ed\s+performance\b|\b(?:are|is)\s+not\s+affiliated\b"
    r"|\bloss\s+of\s+principal\b|\b(?:results|performance|returns)\s+(?:\w+\s+){0,2}"
    r"(?:is|are)\s+hypothetical\b|\bhypothetical\s+(?:results|performance|returns)\b"
    # A disclosure: "The author holds no positions in the stocks mentioned".
    r"|\b(?:author|authors|writer|writers|reporter|editor|contributor|columnist)\s+"
    r"(?:\w+\s+){0,2}(?:holds?|held|has|have|had|owns?|owned)\s+(?:no|any)\b"
    r"|\b(?:stocks?|securities|companies|company|tickers|investments|names|issuers)\s+"
    r"(?:mentioned|discussed|named)\s*(?:in\s+this|above|herein|here|[.,;]|$)"
    r"|^\W*(?:(?:i|we)\s+(?:have|hold)\s+)?no\s+(?:other\s+)?(?:positions?|holdings|stakes?)\s+in"
    r"\s+(?:any\s+|other\s+|the\s+)*(?:stocks|securities|companies|names|tickers|issuers)\b"
    # An analyst's certification: "The research analyst(s) ... certify that the views expressed
    # accurately reflect their personal views".
    r"|\banalysts?(?:\(s\))?\s+certification\b|\bcertif(?:y|ies)\s+that\s+(?:\w+\s+){0,3}views\b"
    r"|\baccurately\s+reflects?\s+(?:\w+\s+){0,2}personal\s+views\b"
    # A broker-dealer's legal line: "Securities offered through Apex Clearing, member FINRA/SIPC".
    r"|\bmembers?\s+(?:of\s+)?(?:FINRA|SIPC|NFA)\b|\bnot\s+FDIC[- ]insured\b"
    r"|\bno\s+bank\s+guarantee\b"
    r"|\b(?:securities|brokerage|advisory|investment\s+advisory|insurance)(?:\s+(?:products"
    r"|services))?\s+(?:are\s+)?offered\s+(?:through|by|via)\b"
    # Rights, as a verb: "This material may not be reproduced without prior written permission".
    r"|\b(?:may|must|shall|can)\s+not\s+be\s+(?:\w+\s+)?(?:reproduced|redistributed|republished"
    r"|copied|reprinted|retransmitted)\b"
    r"|\b(?:reproduced|redistributed|republished|copied|reprinted)\s+(?:\w+\s+){0,4}?without\s+"
    r"(?:\w+\s+){0,2}(?:permission|consent)\b",
    re.IGNORECASE,
)
# A writer's own hedge before an opinion: "Not financial advice, but I'm not chasing this" (the
# site's boilerplate never turns to "but I", "but we").
_HEDGE = re.compile(
    r"\bbut\s+(?:I|I'm|I’m|I've|I’ve|I'd|I’d|we|we're|we’re|my|our)\s", re.IGNORECASE
)
# A timestamp line: "Last updated 6:12 p.m. ET", "Published 2 hours ago" ...
# A word every `_DISCLAIMER` shape holds (a text without any is not searched).
_DISCLAIMER_WORDS = frozenset({
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
    "securities", "registered",
})  # fmt: skip
_STAMP = re.compile(
    r"^\W*(?:last\s+)?(updated|published|posted|modified|filed(?=\s*:?\s*(?:at\s+)?\d))\b",
    re.IGNORECASE,
)
# ... with a time or a date after it: "Published: 11/18/2026", "Updated 3 hours ago".
_STAMP_TIME = re.compile(
    r"^\W*(?:last\s+)?(?:updated|published|posted|modified|filed)\s*:?\s*(?:on\s+|at\s+)?"
    r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)
# Widgets that are a whole line: "Back to top", "Skip to content", "Load more".
_WIDGET = re.compile(
    r"\W*(?:back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|load\s+more|show\s+more|see\s+all"
    r"|(?:log|sign)\s*(?:in|out))\W*",
    re.IGNORECASE,
)
# The page speaking of itself: "like this?", "Found this useful", "@handle".
_DEIXIS = re.compile(r"\bthis\s*[?!]|\bthis\s+(?:useful|helpful|interesting)\b|(?:^|\s)@\w")
# A contact: an e-mail address (a recap sentence has none).
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+")
# A list of outlets after a sources word: "sources include Bloomberg Intelligence and Reuters".
_OUTLETS = re.compile(
    r"\b(?:sources|references|citations)\b.*\b[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+)*"
    r"(?:,\s+|\s+and\s+)(?:[a-z]+\s+)?[A-Z\w]"
)
# Code is not chrome: a call ("print("), braces, an assignment, a docstring or a fence (not a
# plural in brackets: "the analyst(s)").
_CODE = re.compile(r"\w\((?!s\))|[{}=\\]|\"\"\"|```")
# A playback rate: "1.25x", "2x" (a valuation multiple is larger: "25x earnings").
_RATE = re.compile(r"\b[0-3](?:\.\d{1,2})?x\b")
_SEPARATED = re.compile(r"\s[|·•]\s")
# A name, or a list of them: "Hannah Cho and Luis Ortega", "the Market Intelligence desk".
_NAME = r"(?:[A-Z][\w'.&-]*(?:\s+(?:[A-Z][\w'.&-]*|of|de|van|von|der|la))*)"
_NAMES = (
    rf"(?:the\s+)?{_NAME}(?:\s*(?:,|and|AND|&)\s*(?:the\s+)?{_NAME})*"
    r"(?:\s+(?:desk|team|staff|newsroom|bureau|unit|group|reporters|editors))?"
    rf"(?:\s+in\s+{_NAME})?(?:,\s*{_NAME})?"
)
# A credit of roles, and nothing else: "Writing by Ben Ashford; Editing by Nora Quinn",
# "Additional reporting contributed by ...", "Research assistance from the ... desk" (not
# "Research from Goldman Sachs showed ...": the rest of a credit is names).
_ROLE = (
    r"(?:additional\s+)?(?:reporting|writing|editing|research|fact[- ]?checking|production"
    r"|photography|graphics|design|translation|illustrations?|analysis|data|contributions"
    r"|compilation|copy\s*editing|video|audio|interviews)"
)
_CREDIT_PART = re.compile(
    rf"\W*(?:with\s+)?{_ROLE}(?:\s+(?:and|&)\s+{_ROLE})*"
    r"(?:\s+(?:assistance|support|help|contributed|provided|contributions|was|were|done))*"
    rf"\s+(?:by|from)\s+{_NAMES}\W*",
    re.IGNORECASE,
)
# A staff byline: "Staff Report", "From staff and wire reports", "Wire Report | 4:15 PM".
_STAFF = re.compile(
    r"^\W*(?:from\s+)?(?:(?:staff|wire|news|agency)\s+(?:and\s+(?:wire|news|agency)\s+)?"
    r"reports?|staff\s+(?:writer|reporter|report))\W*(?:[|·•—–,]|$)",
    re.IGNORECASE,
)
# The page naming its own sources: "This report draws on AP, AFP and exchange filings" (not
# "This report showed ...": a recap's "report" is the economy's).
_SELF_SOURCED = re.compile(
    r"^\W*(?:this|our|today's)\s+(?:report|article|story|recap|summary|piece|newsletter"
    r"|briefing|update|roundup|wrap|column|edition|analysis|content|reporting|coverage"
    r"|journalism)\s+(?:\w+\s+){0,2}?"
    r"(?:draws|drew|relies|relied|incorporates|cites|uses|used|(?:is|was)\s+(?:based|compiled"
    r"|produced|written|prepared|generated|created|assembled|sourced))\b"
    r"|\bcontributed\s+to\s+this\s+(?:report|story|article|recap)\b",
    re.IGNORECASE,
)
# A byline in capitals, or of several names: "BY OLIVER GRANT", "By Anna Lee and Mark Fox".
_BYLINE_NAMES = re.compile(
    r"^\W*(?:by|BY|By)\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}"
    r"(?:\s*(?:,|and|AND|&)\s*[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3})*\s*(?:[|·•—–,]|$)"
)
# A bio by beat and city: "Laura Benton reports on commodities from Houston" (a topic in lower
# case: "Nvidia reports on Wednesday" is a date).
_BIO_BEAT = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2}\s+(?:reports|writes|covers|has\s+covered)\s+"
    r"(?:on\s+|about\s+)?(?:the\s+)?[a-z][\w,&' -]*?\s+(?:from|in|out\s+of|for)\s+"
    r"(?:the\s+)?[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*)*\W*$"
)
# An analyst's coverage, not a writer's beat ("Goldman Sachs covers the sector with a buy
# rating"), and a writer's argument ("Zuckerberg writes that ...").
_NOT_BIO = re.compile(
    r"\b(?:rating|target|outperform|overweight|underweight|upgrade[ds]?|downgrade[ds]?)\b"
    r"|\b(?:writes|wrote|says|said)\b[^.]*\bthat\b",
    re.IGNORECASE,
)
# Navigation, a whole line: "Latest in Economy", "More from The Tape", "Around the web",
# "Scroll to top", "Jump to comments".
_NAVIGATION = re.compile(
    r"\W*(?:(?i:(?:the\s+)?(?:latest|more|top\s+stories|most\s+read|recent\s+posts?|news)"
    rf"\s+(?:in|from|on|at)\s+(?:the\s+)?){_NAME}"
    r"|(?i:(?:from\s+)?(?:around|across|elsewhere\s+on|elsewhere\s+in|more\s+from\s+around)"
    r"\s+the\s+(?:web|internet|site|network)"
    r"|(?:back|return|scroll|jump|go|skip|head)\s+(?:back\s+|up\s+)?(?:to\s+(?:the\s+)?"
    r"(?:top|bottom|comments|content|main\s+content|menu|navigation|start|home(?:page)?)|up)))"
    r"\W*",
)
# A link's arrow at the end of a line: "Spread the word →", "Return to top ↑".
_ARROW_END = re.compile(r"[→↑↗➜➔»›▸]\s*$")
# A newsletter's pitch: "5 minutes a day", and its cadence: "Delivered Monday–Friday",
# "Arrives every weekday morning".
_PITCH = re.compile(
    r"\b(?:\d+|one|two|three|five|ten|a\s+few)\s+minutes?\s+(?:a|per|each)\s+"
    r"(?:day|week|morning)\b",
    re.IGNORECASE,
)
_DAYS = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_CADENCE = re.compile(
    r"^\W*(?:delivered|arrives?|lands?|sent|out|published|hits?\s+(?:your\s+)?inboxes?)\b.*"
    rf"(?:\b{_DAYS}\s*(?:[–—-]|through|to)\s*{_DAYS}|\bweekdays?\b|\b(?:every|each)\s+"
    rf"(?:weekday|morning|evening|day|week|{_DAYS}))",
    re.IGNORECASE,
)
# A form's message: "This field is required", "Please try again", "Something went wrong".
_FORM = re.compile(
    r"\b(?:this|required)\s+field\b|\btry\s+again\b"
    r"|\b(?:e-?mail|name|password|field|address)\s+(?:is\s+)?required\b"
    r"|^\W*something(?:\s+went|\s+is|'s|’s)\s+(?:not\s+right|wrong)\W*$|\balready\s+(?:registered|subscribed|signed\s+up|a\s+(?:member"
    r"|subscriber))\b|\b(?:in)?valid\s+(?:e-?mail|address|phone|name|code|password)\b",
    re.IGNORECASE,
)
# Points added to the reader's account: "+10 points added to your account".
_TO_YOUR = re.compile(r"\b(?:added|credited|sent|saved)\s+to\s+your\b", re.IGNORECASE)
# A free period: "get 3 months free", "1 free month", "free for 30 days".
_FREE_PERIOD = re.compile(
    r"\b(?:\d+|a|an|one|two|three|six|twelve)\s+(?:free\s+)?(?:months?|weeks?|days?|years?)"
    r"\s+(?:free|on\s+us)\b|\bfree\s+for\s+(?:\d+|a|one|two|three|six)\s+(?:months?|weeks?"
    r"|days?)\b",
    re.IGNORECASE,
)
# A clock time, as a stamp shows it: "5:38 PM", "6:02 p.m. ET".
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b\.?|et\b)", re.IGNORECASE)
# A paywall's offer: a price by the period ("$4.99/mo", "$1 a week", "99¢ a week"), a price
# struck through ("(was $9.99)"), a discount ("Ends tonight: 50% off") and its terms ("Cancel
# anytime", "No commitment", "billed annually", "unlimited access"). A recap's price has a
# company that sets it ("Netflix raised its plan to $17.99 a month"): `_news` keeps that, and
# the price counts only as an offer writes it ("for $1 a week", "Full access: $3.99/week"), not
# "costs $6.99 a month", "rise to $11.99 a month" or "the sale offered 50% off televisions".
_PERIOD = r"(?:mo|mos|mth|months?|wk|wks|weeks?|yr|yrs|years?|day|days|annually|monthly|weekly)"
_PRICE = re.compile(
    r"(?:^\W*|[:(]\s*|\b(?:for|just|only|now|was|then)\s+)(?:[$€£₹¥]\s?\d[\d.,]*|\d+\s*¢)\s*"
    rf"(?:/|a|per|each|every|for\s+the\s+first)\s*{_PERIOD}\b",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\(\s*(?:was|reg\.?|regularly|normally)\s+[$€£]\s?\d|\bwas\s+[$€£]\s?\d[^.]*\bnow\b"
    r"|(?:^\W*|[:(]\s*|\b(?:get|take|save|enjoy|plus|extra|up\s+to)\s+)\d+\s*%\s*off\b"
    r"|^\W*save\s+(?:up\s+to\s+)?(?:\d+\s*%|[$€£]\s?\d)|\bcancel\s+(?:any\s*time|whenever)\b"
    r"|\bno\s+(?:commitment|contract"
    r"|credit\s+card(?:\s+(?:required|needed))?|strings\s+attached)\b|\bbilled\s+(?:annually"
    r"|monthly|yearly|weekly|once)\b|\bunlimited\s+(?:\w+\s+)?access\b"
    r"|\blimited[- ]time\s*(?:offer|only|deal|sale|:)|\b(?:first|next)\s+(?:\d+|one|two|three"
    r"|six|twelve)\s+(?:months?|weeks?)\s+for\s+(?:[$€£]|just|only)",
    re.IGNORECASE,
)
# A contest's rules: "No purchase necessary", "Void where prohibited", "Official rules apply",
# "Winners announced every Monday", "Must be 18 or older", "Giveaway ends Sunday".
_RULES = re.compile(
    r"\bno\s+purchase\s+(?:is\s+)?(?:necessary|required|needed)\b|\bvoid\s+where\s+prohibited\b"
    r"|\bofficial\s+rules\s+(?:apply|for\s+details)|\bsee\s+(?:the\s+)?official\s+rules\b"
    r"|\b(?:terms(?:\s+(?:and|&)\s+conditions)?|(?:official\s+)?rules|restrictions|exclusions)"
    r"\s+apply\W*$|\bmust\s+be\s+(?:1[89]|21)\s*(?:\+|or\s+older|years)|\bodds\s+of\s+winning\b"
    r"|\bwinners?\s+(?:will\s+be\s+|are\s+|is\s+)?(?:announced|drawn|selected|notified|chosen"
    r"|picked)\b|\b(?:giveaway|contest|sweepstakes|raffle|drawing|sale|promo|promotion)\s+"
    r"(?:ends|closes|expires)\b",
    re.IGNORECASE,
)
# A player's controls, a whole line: "Volume", "Rewind 10 seconds", "1.5x · Skip 15s".
_CONTROL_WORDS = frozenset({
    "play", "pause", "mute", "unmute", "volume", "rewind", "replay", "skip", "fast-forward",
    "speed", "playback", "captions", "subtitles", "fullscreen", "stop", "resume",
})  # fmt: skip
_CONTROLS = re.compile(
    r"(?:\W*(?:play|pause|stop|resume|mute|unmute|volume|rewind|replay|skip|fast-forward"
    r"|forward|back|backward|ahead|speed|playback|captions|subtitles|cc|fullscreen|full\s+screen"
    r"|on|off|[0-3](?:\.\d{1,2})?\s*[x×]|\d{1,2}\s*(?:s|sec|secs|seconds))\b\W*){1,5}",
    re.IGNORECASE,
)
# A breadcrumb: "Home » Markets » US Stocks", "Home / Markets", "You are here: News / Bonds"
# (not a recap's "Stocks / Bonds / Oil": a slash only after "Home" or "You are here").
_CRUMB = r"[A-Z][\w&.'’-]*(?:\s+[A-Za-z&.'’-]+){0,3}"
_BREADCRUMB = re.compile(
    rf"\W*(?:{_CRUMB}(?:\s*[»>›]\s*{_CRUMB}){{2,}}|(?i:(?:you\s+are\s+here\s*:\s*)?home)"
    rf"(?:\s*[»>›/]\s*{_CRUMB})+|(?i:you\s+are\s+here)\s*:\s*{_CRUMB}(?:\s*[»>›/]\s*{_CRUMB})*)"
    r"\W*"
)
# The story before or after: "← Previous story", "Next article", "« Older posts", "‹ Prev",
# "Previous article: Gold tops record".
_ADJACENT = re.compile(
    r"\W*(?:(?:previous|prev|next|older|newer)(?:\s+(?:story|stories|article|articles|post|posts"
    r"|page|entry|entries|item|items))?\W*|(?:previous|next|up\s+next)\s+(?:story|article|post)"
    r"\s*:\s*.+)",
    re.IGNORECASE,
)
# A form's confirmation: "Thanks for signing up!", "You're all set", "Preferences saved".
_CONFIRMED = re.compile(
    r"^\W*(?:thanks?(?:\s+you)?(?:\s+so\s+much)?\s+for\s+(?:signing\s+up|subscribing"
    r"|registering|joining|reading|listening|watching|your\s+(?:feedback|subscription|interest"
    r"|support|submission|order|purchase|vote|response|message))\b"
    r"|you(?:'re|’re|\s+are)\s+(?:all\s+set|in|subscribed|signed\s+up|on\s+the\s+list"
    r"|registered)\W*$|(?:your\s+)?(?:preferences|settings|changes|selections)\s+(?:have\s+been"
    r"|were|are)\s+(?:saved|updated)\b)",
    re.IGNORECASE,
)
# A holdings disclosure: "... and its affiliates may hold positions in securities discussed",
# "We may earn a commission when you buy through links" (not a recap's own "we could take
# positions in small caps").
_HOLDINGS = re.compile(
    r"\b(?:affiliates?|employees|owners?|funds\s+it\s+manages)\b[^.]{0,60}?"
    r"\b(?:may|might|could|can)\s+(?:\w+\s+)?(?:hold|have|own|maintain|take)\s+"
    r"(?:\w+\s+){0,3}?(?:positions?|shares|stakes?|interests?|holdings)\s+(?:in|of)\b"
    r"|\b(?:may|might|could)\s+(?:\w+\s+)?(?:earn|receive|get)\s+(?:a\s+)?(?:small\s+)?"
    r"(?:commission|compensation|fees?|share\s+of\s+(?:sales|revenue))\b"
    r"|\baffiliate\s+(?:links?|commissions?|partnerships?|programs?)\b"
    r"|\b(?:stocks?|securities|companies|tickers)\s+(?:covered|featured|cited)\s+"
    r"(?:here|herein|above|in\s+this)\b",
    re.IGNORECASE,
)
# A quote-delay notice: "Quotes delayed by 15 minutes unless otherwise indicated".
_DELAYED = re.compile(
    r"\b(?:quotes?|prices?|data|figures|charts?)\s+(?:are\s+|is\s+)?delayed\s+(?:by\s+)?"
    r"(?:at\s+least\s+|up\s+to\s+)?\d+\s*(?:minutes?|mins?)\b"
    r"|\bunless\s+(?:otherwise\s+(?:indicated|noted|stated|specified)|noted\s+otherwise)\b"
    r"|^\W*(?:delayed|real[- ]time)\s+(?:quotes|prices|data)\b",
    re.IGNORECASE,
)
# An AI voice's credit: "Audio version powered by AI voice technology", "AI-generated audio"
# (a credit's verb: not "Apple's AI voice assistant disappointed").
_SYNTHETIC = (
    r"(?:(?-i:AI|A\.I\.)|artificial\s+intelligence|text-to-speech|synthetic|computer-generated"
    r"|machine-generated|automated)"
)
_SPOKEN = r"(?:audio|narration|narrated|narrator|voiced|voice|read\s+aloud|listen\w*|speech)"
_AI_VOICE = re.compile(
    rf"^(?=.*\b{_SPOKEN}\b)(?=.*\b{_SYNTHETIC}(?:\b|-))"
    r"(?=.*\b(?:powered|generated|produced|created|made|narrated|voiced|read)\b)",
    re.IGNORECASE,
)
# Passing the page on: "Know someone who'd like this?", "Spread the word", "Tell a friend".
_PASS_ON = re.compile(
    r"\bspread\s+the\s+word\b|\b(?:know|have)\s+(?:someone|anyone|somebody|a\s+friend"
    r"|a\s+colleague|an?\s+\w+)\s+who(?:'d|’d|\s+would|\s+might)\b|\bpass\s+(?:it|this)\s+"
    r"(?:on|along)\b|\bforward\s+(?:it|this)\s+(?:on|along|to)\b|\btell\s+a\s+(?:friend"
    r"|colleague)\b",
    re.IGNORECASE,
)
# Vendor credits, two or more joined: "Quotes powered by Morningstar | Crypto prices by
# CoinGecko", each part a few nouns, "by" and a name (not "Tech was led by Nvidia": a verb).
_VENDOR_PART = re.compile(
    r"\W*((?:[A-Za-z&-]+\s+){1,4}?)(?:(?:powered|provided|supplied|furnished|sourced)\s+)?by\s+"
    r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\W*"
)
_CREDIT_VERBS = frozenset({"powered", "provided", "supplied", "furnished", "sourced"})


def _vendor_credits(text: str) -> bool:
    parts = [part for part in re.split(r"\s+[|·•]\s+", text.strip()) if part]
    if len(parts) < 2:
        return False
    for part in parts:
        match = _VENDOR_PART.fullmatch(part)
        if not match:
            return False
        nouns = set(_words(match.group(1)))
        if nouns & (_PROSE_VERBS | {"is", "are", "was", "were", "been", "be"}) or any(
            word.endswith("ed") and word not in _CREDIT_VERBS for word in nouns
        ):
            return False
    return True


# A paywall's meter: "You've read 3 of 5 free articles", "2 free stories left", "your last free
# article".
_METER = re.compile(
    r"\b(?:read|used|viewed|opened)\s+(?:\d+|all)\s+(?:of\s+(?:your\s+)?(?:\d+|\w+)\s+)?"
    r"(?:free\s+|complimentary\s+|gift\s+)?(?:articles?|stories|story|pieces?|reads)\b"
    r"|\b(?:\d+|one|two|three|four|five|no)\s+(?:more\s+)?(?:free\s+|complimentary\s+)?"
    r"(?:articles?|stories|story|pieces?|reads?)\s+(?:left|remaining)\b"
    r"|\b(?:last|final)\s+(?:free|complimentary)\s+(?:article|story|piece|read)\b",
    re.IGNORECASE,
)
# A discount for a group: "Students save 60% with a valid .edu email", "Teams of 5+ save 25%",
# "Teachers get 40% off" (not "Seniors get 3% more": "get" needs "off").
_GROUPS = (
    r"(?:students?|teachers?|educators?|academics|military|veterans?|seniors|nonprofits?"
    r"|non-profits?|teams?|groups?|families|businesses|employers|first\s+responders|nurses"
    r"|alumni|faculty)"
)
_GROUP_DEAL = re.compile(
    rf"^\W*{_GROUPS}\b[\w\s&+,-]{{0,24}}?\s+(?:save\s+(?:an?\s+(?:extra|additional)\s+)?"
    r"(?:up\s+to\s+)?\d+\s*%|(?:get|enjoy|take)\s+(?:an?\s+(?:extra|additional)\s+)?(?:up\s+to\s+)?"
    r"\d+\s*%\s*off)|\bwith\s+(?:a\s+)?valid\s+(?:\.edu|student|school|military|teacher"
    r"|work)\b|(?:^|\s)\.edu\s+(?:e-?mail|address)\b",
    re.IGNORECASE,
)
# A player's speed list, a whole line: "1x 1.25x 1.5x 2x", "Speed: 0.5x | 1x | 2x".
_RATES = re.compile(
    r"\W*(?:(?:playback\s+)?(?:speed|rate)\s*:?\s*)?[0-3](?:\.\d{1,2})?\s*[x×]"
    r"(?:\s*[|·•,/]?\s*[0-3](?:\.\d{1,2})?\s*[x×]){1,7}\W*",
    re.IGNORECASE,
)
# A section menu, a whole line: three or more short Title-Case items between separators and no
# figure ("Markets | Economy | Tech | Personal Finance").
_MENU_ITEM = r"[A-Z][A-Za-z'’.&-]*(?:\s+(?:&|and|of|the|[A-Z][A-Za-z'’.&-]*)){0,3}"
_MENU = re.compile(rf"\W*{_MENU_ITEM}(?:\s+[|•·]\s+{_MENU_ITEM}){{2,}}\W*")
# Pagination, a whole line: "Page 1 of 3", "Load more stories", "1 2 3 Next", "« Prev 1 2 3",
# "Showing 1-10 of 48 results".
_PAGINATION = re.compile(
    r"\W*(?:page\s+\d+(?:\s+(?:of|/)\s+\d+)?|(?:load|show|view|see)\s+more\s+(?:stories|articles"
    r"|posts|results|news|comments|headlines|items)|showing\s+\d+\s*[-–]\s*\d+\s+of\s+\d+"
    r"(?:\s+\w+)?|(?:[«‹<←]\s*)?(?:(?:prev|previous|first|newer)\s+)?(?:\d{1,3}\s+(?:…\s+)?)+"
    r"(?:next|last|older)|(?:[«‹<←]\s*)?(?:prev|previous|first|newer)(?:\s+\d{1,3})+"
    r"(?:\s+(?:next|last|older))?)\W*",
    re.IGNORECASE,
)
# A nudge to subscribe or log in: "Not a subscriber yet?", "Already a member?", "Don't have an
# account?", "New here?".
_NUDGE = re.compile(
    r"^\W*(?:not\s+an?\s+(?:subscriber|member|customer|registered\s+user)|already\s+an?\s+"
    r"(?:subscriber|member|customer)|(?:already\s+)?(?:have|got)\s+an\s+account"
    r"|(?:don't|don’t|do\s+not)\s+have\s+an\s+account|new\s+(?:here|user|reader|visitor)"
    r"|new\s+to\s+(?-i:[A-Z])[\w&.'’]*(?:\s+(?-i:[A-Z])[\w&.'’]*)*)(?:\s+yet)?\s*\?",
    re.IGNORECASE,
)
# The writer's own position: "The author has a long position in AAPL", "Disclosure: the writer
# holds short positions in ...", "I/we have a beneficial long position" (not "hedge funds have
# long positions", "the analyst has long been bullish").
_AUTHOR_HOLDS = re.compile(
    r"^\W*(?:disclos\w*\s*:\s*)?(?:(?:at\s+the\s+time\s+of\s+(?:writing|publication|publishing)"
    r"|as\s+of\s+(?:this\s+)?(?:writing|publication))\s*,?\s*)?(?:the|this|our)\s+(?:author"
    r"|writer|analyst|columnist|contributor|reporter|editor)s?\b(?:\s+(?:and|&)\s+(?:his|her"
    r"|their)\s+\w+)?(?:,[^,]{1,40},)?\s+(?:has|have|had|holds?|held|owns?|owned|maintains?|is"
    r"|are|was|were)\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?(?:long|short)(?:\s+positions?\b|\s+"
    r"(?-i:[A-Z]{1,5})\b)|^\W*(?:i|we|i/we)\s+(?:have|hold)\s+(?:a\s+|no\s+)?beneficial\s+"
    r"(?:long\s+|short\s+)?positions?\b",
    re.IGNORECASE,
)
# A whole-line timestamp naming the day: "Published Tuesday, June 11, 2024 at 5:05 PM EDT",
# "First published on Monday, May 6" (a recap's "Published Tuesday, the report ..." is not).
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_ZONE = r"(?:[ecmp][sd]?t|gmt|bst|utc|cet|ist|jst|hkt|sgt)"
_STAMP_DAY = re.compile(
    r"\W*(?:(?:(?:last|first|originally)\s+)?(?:updated|published|posted|modified)\s*:?\s*"
    r"(?:on\s+)?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?"
    r"|(?:first|originally)\s+(?:published|posted)\s*:?\s*(?:on\s+)?)\s+"
    rf"(?:\d|{_MONTH}\s+\d)(?:\s*(?:[,./:-]|at|\d+|{_MONTH}|[ap]\.?m\.?|{_ZONE}))*\W*",
    re.IGNORECASE,
)
# Following the writer on a network: "Follow Rachel Stein on X @rstein", "Connect with ... on
# LinkedIn", "Follow @MarketDesk on Threads".
_SOCIAL = re.compile(
    r"^\W*(?:follow|connect\s+with)\s+(?:(?:the\s+)?(?:author|writer|reporter|analyst|us|him"
    r"|her|them|me)|@\w+|(?-i:[A-Z])[\w'.-]*(?:\s+(?-i:[A-Z])[\w'.-]*){0,3})\s+on\s+(?:x|twitter"
    r"|linkedin|threads|bluesky|instagram|facebook|mastodon|tiktok|youtube|substack|stocktwits)"
    r"\b|^\W*follow\s+@\w+",
    re.IGNORECASE,
)
# A byline row: a name, maybe the outlet, and a date or a reading time, between separators
# ("Ben Carter | Bull & Bear Blog | Feb 2, 2024", "Jordan Ellis | The Ledger | 4 min read").
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d+\s*min(?:ute)?s?\s+read)"
)
_BYLINE_ROW = re.compile(
    r"\W*(?-i:[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2})(?:\s*[|·•—–]\s*[^|·•—–]{1,40}?){0,2}"
    rf"\s*[|·•—–]\s*{_DATE}(?:\s*[|·•—–,]?\s*(?:\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?\s*"
    rf"{_ZONE}?|\d+\s*min(?:ute)?s?\s+read))?\W*",
    re.IGNORECASE,
)
# "Posted by admin on 08/22/2024", "Hosted by Kate Lin and Omar Haddad", a whole line.
_WHEN = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d|{_MONTH}\s+\d)"
    rf"(?:\s*(?:[,./:-]|at|\d+|{_MONTH}|[ap]\.?m\.?|{_ZONE}))*"
)
_POSTED_BY = re.compile(
    r"\W*(?i:posted|written|hosted|co-hosted|produced|moderated|presented|published|submitted"
    rf"|uploaded|curated)\s+(?i:by)\s+(?:{_NAMES}|@?[\w.-]+(?=\s+(?i:on|at)\s))"
    rf"(?:\s+(?i:on|at)\s+(?i:{_WHEN}))?\W*"
)
# A contact's telephone: "+1 (212) 555-0143", "212-555-0143", "+44 20 7946 0958".
_PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]\d{3}[\s.-]\d{4}\b"
    r"|\+\d{1,3}\s\d{2,4}\s\d{3,4}\s\d{3,4}\b"
)

# Subscriptions for a group or as a gift: "Group subscriptions available for teams of 5 or
# more", "Give the gift of markets", "Gift subscriptions start at $49/year" (not "digital
# subscriptions rose 8%": the market-news guard keeps a recap's).
_GIFT = re.compile(
    r"\b(?:group|team|gift|corporate|enterprise|bulk|site-wide|institutional|campus)\s+"
    r"(?:subscriptions?|memberships?|licen[cs]es?|plans?)\b"
    r"|\bgive\s+(?:\w+\s+)?the\s+gift\s+of\b|\b(?:give|send|buy)\s+(?:\w+\s+)?(?:a\s+)?gift\s+"
    r"(?:subscription|membership|card)\b",
    re.IGNORECASE,
)
# The end of a free look: "Your free preview has ended", "Your trial has expired", "You've
# reached your monthly article limit" (not "the trial ended": a court's, with no "your").
_ENDED = re.compile(
    r"\b(?:your|free)\s+(?:\w+\s+)?(?:preview|trial|access|reading|pass|sample|session"
    r"|subscription|membership)(?:\s+period)?\s+(?:has|have|is|was)\s+(?:now\s+)?(?:ended"
    r"|expired|over|run\s+out|lapsed)\b|\b(?:reached|hit|used\s+up)\s+your\s+(?:\w+\s+){0,2}"
    r"(?:limit|allowance|quota)\b",
    re.IGNORECASE,
)
# A count of the page's reactions as a whole line: "342 shares", "1.2k likes · 88 comments"
# (not "342 shares changed hands": a verb).
_COUNT = (
    r"\d[\d,.]*\s*[kKmM]?\s+(?:shares|likes|comments|views|reactions|reposts|retweets|upvotes"
    r"|downvotes|points|replies|votes|karma|followers|subscribers|awards|posts|claps|saves"
    r"|bookmarks|listens|plays|downloads)"
)
# ... and a forum's row of user metadata: "u/bagholder_2021 · 14 points · 2h", "OP · Flair:
# DD", "Joined Aug 2019 · 12.4k karma", "Posted in Daily Discussion by u/theta_gang_mod".
_HANDLE = r"(?:/?u/[\w-]{2,}|@[\w.]{2,})"
_META_ITEM = (
    rf"(?:{_COUNT}|{_HANDLE}|\d+\s*(?:s|m|h|d|w|mo|y|yr|min|hr|hrs)(?:\s+ago)?"
    r"|\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|OP|Mod|Admin"
    r"|Moderator|Verified|Edited|Pinned|Stickied|Original\s+Poster|Top\s+\d+%\s+\w+"
    r"|(?:user\s+|post\s+)?flair\s*:\s*[\w&$' -]{1,30}|(?:joined|member\s+since|redditor\s+for)"
    rf"\s+(?:in\s+)?(?:{_MONTH}\s+)?(?:\d{{4}}|\d+\s+(?:days?|months?|years?))"
    r"|(?:posted|submitted|shared|cross-?posted)\s+(?:in|to)\s+[^·•|]{1,40}?\s+by\s+"
    rf"(?:{_HANDLE}|[\w-]+))"
)
_FORUM_META = re.compile(
    rf"\W*(?:{_META_ITEM}(?:\s*[·•|,]\s*{_META_ITEM})+"
    r"|(?![\d,.]+\s*(?:\w{1,3}|points)\W*$|op|mod|admin|moderator|verified|edited|pinned|stickied)"
    rf"{_META_ITEM})\W*",
    re.IGNORECASE,
)
# A player's toggles, a whole line: "Show transcript", "Hide captions", "Turn on subtitles",
# "View full transcript", "Transcript".
_TOGGLE = re.compile(
    r"\W*(?:(?:show|hide|view|read|open|close|expand|collapse|toggle|download|see|get"
    r"|turn\s+(?:on|off)|enable|disable)\s+(?:the\s+)?(?:full\s+|closed\s+|auto-?generated\s+)?)?"
    r"(?:transcripts?|captions?|subtitles|cc|chapters|show\s+notes|episode\s+notes)"
    r"(?:\s*:?\s*(?:on|off))?\W*",
    re.IGNORECASE,
)
# A player's chapter list: two or more timestamps, each with a title, between separators
# ("Chapters: 00:00 Intro · 02:14 Markets wrap · 11:40 Earnings"; not "at 9:30 a.m.").
_STAMPED = r"\d{1,2}:\d{2}(?::\d{2})?(?!\s*(?:[ap]\.?m\b|et\b))\s*[-–—:]?\s*[^·•|,;]{1,40}?"
_CHAPTERS = re.compile(
    r"\W*(?:(?:chapters|timestamps|timeline|contents|in\s+this\s+(?:episode|video))\s*:?\s*)?"
    rf"{_STAMPED}(?:\s*[·•|,;]\s*{_STAMPED})+\W*",
    re.IGNORECASE,
)
# A video's message: "Video unavailable in your region", "This video is not available",
# "Autoplay next video in 5…", "Up next in 10 seconds".
_VIDEO = re.compile(
    r"\b(?:video|clip|episode|stream|livestream|media|player|audio)\s+(?:is\s+)?(?:currently\s+)?"
    r"(?:unavailable|not\s+available|cannot\s+be\s+played|failed\s+to\s+load|could\s+not\s+be"
    r"\s+(?:loaded|played)|has\s+been\s+removed|is\s+private)\b|^\W*autoplay\b"
    r"|\b(?:next\s+(?:video|clip|episode)|up\s+next)\s+(?:starts\s+|plays\s+|begins\s+)?in\s+\d",
    re.IGNORECASE,
)
# A list under a label: "Tags: Fed, Inflation, Bonds", "Filed under: Earnings, Retail",
# "Topics: ..." (items of a few words, no verb: not "Topic: the Fed held rates").
_TAG_ITEM = r"#?[\w&$.'’/-]+(?:\s+[\w&$.'’/-]+){0,3}"
_TAGS = re.compile(
    r"\W*(?:tags?|tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in)|topics?|categor(?:y|ies)"
    r"|keywords|labels?|related\s+topics|more\s+about|sections?)\s*:\s*"
    rf"{_TAG_ITEM}(?:\s*[,|·•;/]\s*{_TAG_ITEM})*\W*",
    re.IGNORECASE,
)
# The story before or after, led by an arrow or by "Previous": "← Previous: Stocks slip ahead
# of CPI", "Next →: ...", "Older: ..." ("Next: jobs data Friday" is a recap's week ahead).
_ADJACENT_TITLE = re.compile(
    r"\W*(?:[←→«»‹›<>]\s*(?:previous|prev|next|older|newer|up\s+next)|(?:previous|prev|older"
    r"|newer))(?:\s+(?:story|article|post|episode|video|entry|item|page|recap|issue))?\s*[→»›>]?"
    r"\s*:\s*[\"“‘'(]?(?-i:[A-Z]).*",
    re.IGNORECASE,
)
# A strip of links under a related-reading label, joined by bullets: "Trending Now • Nvidia
# earnings preview • Bitcoin ETF flows" (the items may name markets: it is a whole line).
_STRIP = re.compile(
    r"\W*(?:trending(?:\s+now|\s+today)?|popular(?:\s+now)?|most\s+(?:read|popular|viewed"
    r"|watched|shared)|top\s+(?:stories|reads|videos)|what's\s+(?:hot|trending)|hot\s+(?:topics"
    r"|right\s+now)|in\s+the\s+news|editor's\s+picks|latest\s+(?:news|headlines|videos))"
    r"\s*[:|•·]\s*(?:[^|•·]{1,50}?\s*[|•·]\s*)+[^|•·]{1,50}",
    re.IGNORECASE,
)
# The writer's own position, in the first person: "I am long AAPL and MSFT via ETFs", "We're
# short the stock" (not "I'm long-term bullish", "we are short of catalysts").
_I_HOLD = re.compile(
    r"^\W*(?:disclos\w*\s*:\s*)?(?:i|we)(?:'m|’m|\s+am|'re|’re|\s+are|\s+remain|\s+(?:have|hold"
    r"|own)\s+(?:a\s+)?(?:small\s+|large\s+)?)\s*(?:long|short)\s+(?:(?-i:[A-Z]{1,5})\b|(?:a\s+)?"
    r"positions?\b|shares\b|the\s+(?:stock|shares|name)\b|calls?\b|puts?\b)"
    r"|^\W*disclos\w*\s*:\s*(?:i|we)\s+(?:own|hold|have)\b",
    re.IGNORECASE,
)
# A newsletter writer's greeting: "👋 Hi, I'm Kev — I write this newsletter every weekday",
# "I write this letter after the close" (not "I write this with stocks at records").
_GREETING = re.compile(
    r"^\W*(?:hi|hey|hello|howdy|greetings|welcome)\b[^.!?]{0,20}?(?:i'm|i’m|i\s+am|it's|it’s"
    r"|this\s+is|my\s+name\s+is)\s+(?-i:[A-Z])\w*+(?![\s,]+(?:and|the|as|so)\b)"
    r"|\b(?:i|we)\s+(?:write|run|edit|publish|send|author|put\s+together|curate)\s+(?:this"
    r"|the)\s+(?:\w+\s+)?(?:newsletter|column|blog|letter|e-?mail|digest|briefing|note|recap)\b",
    re.IGNORECASE,
)


# A broadcast's own line: its airtime, "Watch live", "Tune in to ...", "As seen on <outlets>".
_BROADCAST = re.compile(
    r"\b(?:watch|listen|stream)\s+(?:us\s+)?live\b|\b(?:catch|see|join)\s+us\s+live\b"
    r"|^\W*as\s+(?:seen|heard|featured)\s+(?:on|in)\s+(?-i:[A-Z])"
    r"|\btune\s+in\b|\bon\s+air\s+(?:now|weekdays|weeknights|daily|every)\b"
    r"|\bcatch\s+the\s+full\s+(?:interview|episode|show|segment|conversation)\b"
    r"|\bafter\s+the\s+break\b"
    r"|\b(?:weekdays|weeknights|sundays|saturdays|(?:sunday|saturday|weekday)\s+mornings"
    r"|mondays\s+(?:to|through|-|–)\s+fridays)\s+"
    r"(?:from\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[–-]\s*\d{1,2}(?:[:.]\d{2})?\s*)?(?:am|pm|a\.m\.|p\.m\.)?",
    re.IGNORECASE,
)
_SPONSOR = re.compile(
    r"^\W*(?:in\s+partnership\s+with|presented\s+by|sponsored\s+by|brought\s+to\s+you\s+by"
    r"|supported\s+by|powered\s+by)\s+(?-i:[A-Z])",
    re.IGNORECASE,
)
# Forms found anywhere in a line, tried in this order: chrome of their kind, though the
# market-news guard may still keep the sentence ("Netflix said group subscriptions grew 12%").
_GUARDED_FORMS = (
    (_SPONSOR, "footer"),
    (_BROADCAST, "player"),
    (_VIDEO, "player"),
    (_GIFT, "promotion"),
    (_ENDED, "call_to_action"),
    (_GREETING, "author_bio"),
    (_METER, "call_to_action"),
    (_GROUP_DEAL, "promotion"),
    (_NUDGE, "call_to_action"),
)


# Forms that are chrome whatever they say (a market word in them does not make them news):
# a related-reading label before a headline ("Also Read: Nifty Bank hits record"), a clip with
# its duration ("Clip · 2:47 · Rupee slips ..."), a print export's line ("Printed from ... on
# ...", "— 4 —", "Page 3 of 7"), a bare address, a footnote ("[2] Figures are provisional"), a
# press release's furniture ("###", "About Corvanta Industries", "About Helmsworth plc: Helmsworth
# is a ...").
_RELATED_LABEL = re.compile(
    r"\W*(?:also\s+(?:read|see|watch)|(?:also\s+)?in\s+this\s+issue|inside\s+this\s+issue"
    r"|read\s+also|see\s+also|must\s+read|don't\s+miss|related"
    r"(?:\s+(?:story|stories|article|articles|read|news|coverage))?|recommended(?:\s+for\s+you)?"
    r"|trending(?:\s+now|\s+today)?|popular\s+now|in\s+case\s+you\s+missed\s+it|icymi)"
    r"\s*[:|»›→—–]\s*\S.*",
    re.IGNORECASE,
)
_CLIP = re.compile(
    r"^\W*(?:clip|video|watch|audio|podcast|episode|listen)\s*[·|•:—–-]\s*\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
_PRINTED = re.compile(r"^\W*printed\s+(?:from|on|at|by|via)\b", re.IGNORECASE)
_PAGE_MARK = re.compile(
    r"\W*(?:[—–-]\s*\d{1,3}\s*[—–-]|page\s+\d{1,3}\s+of\s+\d{1,3}|continued\s+(?:on|from)\s+"
    r"(?:next\s+|the\s+next\s+)?page(?:\s+[A-Z]?\d{1,3})?)\W*",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"\W*(?:https?://|www\.)\S+\W*", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\s*(?:\[\d{1,2}\]|[†‡]+)\s*[A-Z]")
_NAME_WORD = r"(?-i:[A-Z][\w&.'’-]*|plc|ltd|inc\.?|llc|limited|co\.)"
_ABOUT = re.compile(
    rf"about\s+{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|and|&)){{0,5}}\s*"
    rf"|about\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}\s*[:—–]\s+{_NAME_WORD}.{{0,40}}?\s(?:is|are)"
    r"\s+(?:a|an|the|one)\b.*",
    re.IGNORECASE,
)
_SEARCH = re.compile(r"^\W*search\s+results\s*(?:for\b|:)", re.IGNORECASE)
_CAPTION = re.compile(r"^\W*(?:photo\s+|image\s+|chart\s+)?caption\s*[:|—–]", re.IGNORECASE)
# A correction note ("Clarification, June 3: This article was amended ...", "(Corrects paragraph
# 4 to show ...)"), a poll ("POLL: Will the Fed cut? Vote now", "(1,204 votes)"), a job ad, a
# translation notice, a caption's photo credit ("... (Photo: Elena Voss/Getty Images)"), a graphic
# to expand, a press release's safe-harbour heading and end mark, a print edition's running head.
_CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor's\s+note|editor’s\s+note)\s*(?:,\s*[^:]{1,25})?\s*:"
    r"|^\W*\(?\s*(?:corrects|updates|adds|recasts|refiles|fixes)\s+(?:paragraph|para|headline"
    r"|story|byline|dateline|spelling|typo|to\s+(?:add|include|show|fix|correct))\b",
    re.IGNORECASE,
)
_POLL = re.compile(
    r"^\W*(?:quick\s+|reader\s+|today's\s+|daily\s+)?poll\s*[:|—–]|\(\d[\d,]*\s+votes?\)"
    r"|\bvote\s+now\b|^\W*results\s+so\s+far\s*:",
    re.IGNORECASE,
)
_JOBS = re.compile(
    r"^\W*(?:featured\s+jobs?|jobs?\s+of\s+the\s+(?:day|week)|we(?:'|’)re\s+hiring|now\s+hiring"
    r"|careers\s+at)\b",
    re.IGNORECASE,
)
_TRANSLATED = re.compile(
    r"\bmachine[- ]translat\w*|\b(?:automatically|machine|auto)[- ]translated\b|\btranslated\s+"
    r"(?:from|by)\s+(?:the\s+|our\s+)?(?:original|english|\w+\s+(?:version|edition|original))",
    re.IGNORECASE,
)
_PHOTO_CREDIT = re.compile(
    r"\((?:photos?|images?|pictures?|graphics?|credit)\s*(?:credit|by)?\s*:?\s*[^()]{2,60}\)\W*$"
    r"|\((?:tap|click|touch)\s+to\s+(?:expand|enlarge|zoom|view|play)\)",
    re.IGNORECASE,
)
_RELEASE = re.compile(
    r"\bsafe\s+harbou?r\s+statement\b|\bprivate\s+securities\s+litigation\s+reform\s+act\b"
    r"|\bidentify\s+forward-looking\s+statements\b|\bnon-gaap\s+(?:financial\s+)?measures?\s+"
    r"(?:are|is)\s+reconciled\b|\btax\s+treatment\s+depends\b",
    re.IGNORECASE,
)
_WHOLE_FORMS = (
    (_CORRECTION, "footer"),
    (_JOBS, "footer"),
    (_RELATED_LABEL, "related"),
    (_SEARCH, "related"),
    (_CAPTION, "sources"),
    (_CLIP, "player"),
    (_PRINTED, "footer"),
    (_FOOTNOTE, "footer"),
)
_HASHTAGS = re.compile(r"(?:[\w ]{1,20}:\s*)?(?:#\w+[\s,]*){2,}")
_HEADINGS = re.compile(
    r"\W*(?:cautionary\s+(?:note|statement)\s+(?:regarding|on|about)\s+)?forward-looking\s+"
    r"statements\W*|\W*[—–-]+\s*ends?\s*[—–-]+\W*"
    # A print edition's running head: "MARKETS DAILY — Wednesday, June 11, 2025 — 3".
    r"|(?-i:[A-Z][A-Z &]{2,30})\s+[—–|]\s+\w+day,?\s+\w+\s+\d{1,2},?\s+\d{4}"
    r"(?:\s+[—–|]\s+[A-Z]?\d{1,3})?",
    re.IGNORECASE,
)
# A forum's or a course's own line, a machine transcript's note, a page's review stamp, a
# statistics release's dates, a credentialed bio ("Eleanor Vance, CFA, is Chief Investment
# Strategist at ..."), an aggregator's sources ("Stories from MarketBeat, Barron's and 12 more"),
# a widget's "Tap to trade".
_FORUM = re.compile(
    r"\b(?:logged|log)\s+in\s+to\s+(?:post|comment|reply|vote)\b|\bpinned\s+by\b"
    r"|^\W*rule\s+\d{1,2}\s*:|\b(?:transcripts?|captions?|subtitles?)\s+(?:(?:was|were|is|are)\s+)?"
    r"(?:generated|created|produced)\s+(?:automatically|by\s+(?:ai|a\s+machine|software))"
    r"|\blast\s+(?:reviewed|modified)\b|^\W*(?:release\s+date|next\s+release|embargoed?"
    r"(?:\s+until)?)\s*:|\byou\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested)\b"
    r"|^\W*(?:stories|articles|coverage)\s+from\s+(?-i:[A-Z]).*\band\s+\d+\s+more\b"
    r"|^\W*(?:tap|click|swipe|press)\s+(?:here\s+)?to\s+\w+",
    re.IGNORECASE,
)
_CREDENTIALS = r"(?:CFA|CFP|CMT|CAIA|FRM|CPA|PhD|Ph\.D\.|MBA|ChFC|CLU|EA|FCA|ACA)®?"
_BIO_CREDENTIALED = re.compile(
    rf"^\W*(?:[A-Z][\w.'’-]*\s+){{1,3}}?[A-Z][\w'’-]+(?:,\s*{_CREDENTIALS})+,?\s+(?:is|was|has|spent"
    r"|leads|heads|runs|covers|writes)\b"
    r"|^\W*(?:instructor|host|presenter|moderator|speaker|author)\s*:\s*(?-i:[A-Z])\w+\s+(?-i:[A-Z])"
)
_WHOLE_SEARCHES = (
    (_FORUM, "footer"),
    (_BIO_CREDENTIALED, "author_bio"),
    (_POLL, "promotion"),
    (_TRANSLATED, "footer"),
    (_PHOTO_CREDIT, "sources"),
    (_RELEASE, "footer"),
)
_WHOLE_LINES = (
    (_HASHTAGS, "related"),
    (_HEADINGS, "footer"),
    (_PAGE_MARK, "related"),
    (_ADDRESS, "related"),
    (_ABOUT, "author_bio"),
)


def _page_form(text: str, *, whole_only: bool = False) -> tuple[str, bool] | None:
    """(kind, whole) for a line whose form is chrome, or None; `whole` when it is chrome
    whatever it says (a market word in a menu or a disclosure does not make it news);
    `whole_only` looks for those alone."""
    if _AUTHOR_HOLDS.search(text):
        return "footer", True
    if _PHONE.search(text):
        return "footer", True
    if _SOCIAL.search(text):
        return "share", True
    verbs = _PROSE_VERBS & set(_words(text))
    if _POSTED_BY.fullmatch(text) or (_BYLINE_ROW.fullmatch(text) and not verbs):
        return "author_bio", True
    if _RATES.fullmatch(text):
        return "player", True
    if _PAGINATION.fullmatch(text):
        return "related", True
    if _MENU.fullmatch(text) and not verbs:
        return "related", True
    if _STAMP_DAY.fullmatch(text):
        return "footer", True
    if _vendor_credits(text):
        return "sources", True
    if _FORUM_META.fullmatch(text):
        return "share", True
    if _TOGGLE.fullmatch(text) or _CHAPTERS.fullmatch(text):
        return "player", True
    if _TAGS.fullmatch(text) and not verbs:
        return "related", True
    if _I_HOLD.search(text):
        return "footer", True
    for pattern, kind in _WHOLE_FORMS:
        if pattern.match(text):
            return kind, True
    for pattern, kind in _WHOLE_LINES:
        if pattern.fullmatch(text.strip()):
            return kind, True
    for pattern, kind in _WHOLE_SEARCHES:
        if pattern.search(text):
            return kind, True
    if whole_only:
        return None
    for pattern, kind in _GUARDED_FORMS:
        if pattern.search(text):
            return kind, False
    return None


# A recap sentence that reports market news: a company or an index that does something ("Omnicom
# rose", "Meta said"), or a market verb with a market word or a figure ("Data from FactSet showed
# the S&P 500 ..."). It is kept whatever page words it holds ("sponsored content", "data from").
# (The present of a few market verbs too: "Data from FactSet show analysts expect ...".)
_NEWS_VERBS = frozenset({
    "show", "shows", "suggest", "suggests", "indicate", "indicates", "rises", "falls", "climbs",
    "slips", "jumps", "slides", "trades",
})  # fmt: skip
_SUBJECT_VERB = re.compile(
    r"^\W*(?:[A-Z][\w&.'’+-]*\s+){1,4}?(?:shares\s+|stock\s+)?(?:"
    + "|".join(sorted(_PROSE_VERBS | _NEWS_VERBS))
    + r")\b"
)


# A page word in a recap's sense: "sources of growth", "sources familiar with", "the terms of
# the deal" (not "Terms of Use"), "$54 for each share", "market share", "share price", "the
# largest contributor to the decline" (not "a contributor to the Financial Times"), "the CPI
# print" (not "Print this article"), "a four-day losing streak" (not "Keep your streak").
_PROSE_USE = re.compile(
    r"\b(sources?)\s+(?:of|familiar|close|say|said|told)\b"
    r"|\b(terms)\s+of\s+(?:the|a|an|its|their|this|that|his|her)\b"
    r"|\b(?:each|per|a|every|one)\s+(share)\b|\bmarket\s+(share)\b"
    r"|\b(share)\s+(?:prices?|counts?|buybacks?|repurchases?|sales?|offerings?|class)\b"
    r"|\b(?:\w+est|top|main|single)\s+(contributors?)\b"
    r"|\b(?:cpi|ppi|pce|gdp|inflation|jobs|payrolls?|sales|data|economic|hot|cool|soft|weak"
    r"|strong)\s+(print)\b|\b(?:losing|winning|\w+-(?:day|week|month|session|year))\s+(streak)\b"
    r"|\b(continues?|continued)\s+to\s+(?!read\b|reading\b|the\b|below\b|after\b)\w+"
    r"|\b(contributors?)\s+to\s+(?:(?:the|its|their)\s+|(?!(?:the|its|their)\b))"
    r"(?-i:[a-z]|S&P|Dow|Nasdaq|Russell)",
    re.IGNORECASE,
)
# The words `_PROSE_USE` reads (a text without any is not searched).
_PROSE_USE_WORDS = frozenset({
    "source", "sources", "terms", "share", "contributor", "contributors", "print", "streak",
    "continue", "continues", "continued",
})  # fmt: skip
# A sentence with a finite copula states something; an imperative has none ("Download speeds
# were ...").
_COPULA = re.compile(r"\b(?:is|are|was|were|has|have|had)\b")


def _prose_uses(text: str) -> set[str]:
    return {g.lower() for m in _PROSE_USE.finditer(text) for g in m.groups() if g}


@functools.lru_cache(maxsize=16_384)
def _words(text: str) -> tuple[str, ...]:
    """Lower-case words, trimmed of edge punctuation; "US" (the country) is not "us". (Cached:
    each piece is weighed by several checks, and twice by the readers.)"""
    out = []
    for token in _TOKEN.findall(text):
        word = token.strip(".'’-").replace("’", "'")
        if word == "US":
            continue
        out.append(word.lower())
    return tuple(w for w in out if w)


def _leads_a_list(text: str, words: tuple[str, ...]) -> bool:
    """A sentence of five words or more, or one naming the day's movers, that ends with a colon
    and holds no page word and no call to action: the recap's lead into its own list ("Consider
    raising these points in your next review meeting:", "Top gainers in Dubai:"), not the page's
    ("Sign up for our newsletter to get:", "Trending tickers:")."""
    unique = set(words)
    return (
        text.rstrip().endswith(":")
        and (len(words) >= 5 or bool(unique & _MOVERS))
        and not unique & (_STRONG | _PAGE_WORDS | _WIDGET_LABELS | {"please"})
        and not _imperative(_RANKED.sub("", text))
    )


# The longest line whose address to the reader alone counts for chrome.
_ADDRESS_WORDS = 12
_RULE_LINE = re.compile(r"\s*(?:[#*=_~—–-]\s*){3,}")
# A lead into the recap's own list: a question word's clause, or "Key points for clients".
_LEAD = re.compile(
    r"\W*(?:(?:what|why|where|when|how(?!\s+to\b))\b[^:?]{0,60}|(?:key|main|three|two|four|five"
    r"|a\s+few|several)\s+(?:points|takeaways|themes|things|drivers|risks|levels|events|questions"
    r"|numbers|data|dates|reports|releases)\b[^:]{0,40}):",
    re.IGNORECASE,
)


# A market move written as a signed figure: "+0.6%", "−88", "▲0.7%", "-6½".
_SIGNED = re.compile(r"(?<![\w.,/])[+\-−▲▼]\s?\d[\d,.¼½¾]*\s?%?")


# Words a market-data widget labels itself with ("Trending tickers:", "Live:", "Hot stocks →").
_WIDGET_LABELS = frozenset({
    "trending", "live", "hot", "tickers", "ticker", "quotes", "watchlist", "delayed", "realtime",
    "real-time", "streaming",
})  # fmt: skip


def _moves_list(text: str, unique: set[str]) -> bool:
    """A list of two or more market moves with no word of chrome's kinds nor of the page: the
    recap's own scoreboard ("Dow +0.4% | S&P 500 +0.6% | Nasdaq +0.9%", "Sectors: transport
    +2.1%, banks -0.4%"). A quote strip has the same form ("FTSE 100 8,044.8 +0.3% · ..."), and
    reading one aloud costs less than losing the day's index moves, so a strip goes only when a
    word says what it is ("Trending now", "Watchlist", "Live")."""
    return len(_SIGNED.findall(text)) >= 2 and not unique & (_STRONG | _PAGE_WORDS | _WIDGET_LABELS)


def _guarded_news(text: str, unique: set[str]) -> bool:
    """The market-news guard of `chrome_score` without its form check: a market verb (not the
    one a timestamp opens with, "Updated") in a sentence that reports market news (`_news`)."""
    verbs = _PROSE_VERBS & unique
    stamp = _STAMP.match(text) if verbs else None
    if stamp:
        verbs = verbs - {stamp.group(1).lower()}
    return bool(verbs or _NEWS_VERBS & unique) and _news(text, _cased(text))


def _whole_form(text: str) -> bool:
    """True for a form that is chrome whatever it says (`_page_form`'s `whole`)."""
    form = _page_form(text, whole_only=True)
    return bool(form and form[1])


@functools.lru_cache(maxsize=16_384)
def chrome_score(text: str) -> tuple[int, str | None]:
    """(score, kind) of one line or sentence; chrome from THRESHOLD up, kind None when no word
    of a kind was seen (then the shape alone decided)."""
    if len(text) > MAX_CHROME_CHARS:
        return 0, None  # article prose, or a hostile run ("a-a-a-..."): never weighed
    words = _words(text)
    if _LEAD.fullmatch(text.strip()) or _leads_a_list(text, words):
        return 0, None  # the recap leads into its list: "What it means for your money:"
    if not words and _RULE_LINE.fullmatch(text):
        return THRESHOLD, "footer"  # a press release's "###", a text page's "* * *"
    if not words or len(words) > MAX_CHROME_WORDS or _CODE.search(text):
        return 0, None
    if _WIDGET.fullmatch(text):
        return THRESHOLD, "footer"
    unique = set(words)
    if unique & _CONTROL_WORDS and _CONTROLS.fullmatch(text):
        return THRESHOLD, "player"
    if _ADJACENT_TITLE.fullmatch(text) or _STRIP.fullmatch(text):
        return THRESHOLD, "related"  # link titles, which may hold a headline's verb
    if _guarded_news(text, unique) and not _whole_form(text):
        return 0, None  # market news is kept whatever else it holds, unless its form is chrome
    if _moves_list(text, unique):
        return 0, None  # "Dow +0.4% | S&P 500 +0.6% | Nasdaq +0.9%": the recap's own scoreboard
    kinds: dict[str, int] = {}
    for word in unique - (_prose_uses(text) if unique & _PROSE_USE_WORDS else set()):
        kind = _KIND_OF.get(word)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + (2 if word in _STRONG else 1)
    score = min(sum(kinds.values()), 4)
    # Shapes that say "page, not article"; some also lift the market-word penalty below (a
    # credit or a bio names markets as its beat, a label names the link's topic).
    lifted = False
    if (
        _ATTRIBUTION.search(text)
        or (len(words) <= 6 and _CREDIT.match(text))
        or _BYLINE.match(text)
        or _BYLINE_NAMES.match(text)
        or _STAFF.match(text)
        or _SELF_SOURCED.search(text)
        or _credit_line(text)
        or _DELAYED.search(text)
    ):
        score, lifted = score + 3, True
        kinds["sources"] = kinds.get("sources", 0) + 1
    if kinds.get("sources") and _OUTLETS.search(text):
        score += 2
    if unique & _DISCLAIMER_WORDS and _DISCLAIMER.search(text) and not _HEDGE.search(text):
        score, lifted = score + 3, True
        kinds["footer"] = kinds.get("footer", 0) + 1
    if _HOLDINGS.search(text):
        score, lifted = score + 3, True
        kinds["footer"] = kinds.get("footer", 0) + 1
    form = _page_form(text)
    if form:
        score, lifted = score + 3, True
        kinds[form[0]] = kinds.get(form[0], 0) + 1
    if (
        (kinds.get("author_bio") and _BIO.match(text)) or _BIO_BEAT.match(text)
    ) and not _NOT_BIO.search(text):
        score, lifted = score + 3, True
        kinds["author_bio"] = kinds.get("author_bio", 0) + 1
    if _NAVIGATION.fullmatch(text) or _BREADCRUMB.fullmatch(text) or _ADJACENT.fullmatch(text):
        score, lifted = score + 3, True
        kinds["related"] = kinds.get("related", 0) + 1
    for shape, kind, points in _SHAPES:
        if shape.search(text):
            score += points
            kinds[kind] = kinds.get(kind, 0) + 1
    label = _LABEL.match(text)
    if label and _chrome_label(_words(label.group(1))):
        score, lifted = score + 2, True
    score += 1 if _PAGE_WORDS & unique else 0
    # Addressing the reader says "page" in a short line; a longer sentence that does (a writer's
    # advice, "the vega side of your position hurts more ...") counts it only with a page word,
    # two words of chrome's kinds, a form of the page, or a call to action.
    if _READER & unique and (
        len(words) <= _ADDRESS_WORDS
        or unique & (_STRONG | _PAGE_WORDS)
        or sum(kinds.values()) >= 2
        or lifted
        or _imperative(text)
    ):
        score += 2
    if _imperative(text) and not _minds_the_market(text, unique, kinds):
        score += 2
        kinds.setdefault("call_to_action", 0)
    stamp = _STAMP.match(text)
    if stamp and _STAMP_TIME.match(text):
        score += 3
    elif stamp and (len(words) <= 8 or not text.strip().endswith(".")):
        score += 2  # "Updated", not a sentence that opens with it ("Updated Thursday 3 times, ...")
    score += 1 if _DEIXIS.search(text) else 0
    score += 1 if _EMAIL.search(text) else 0
    stripped = text.strip()
    fragment = not stripped.endswith(".")
    # A short line: a widget or a label when it is a fragment ("Trending now", "Pause"); a
    # short sentence ("Up on strong data.") only with a word no recap uses ("See sources.").
    strong = bool(unique & _STRONG)
    if len(words) <= 6 and (fragment or strong) and not _FIGURE.search(text):
        score += 1
        if len(words) <= 4 and fragment and kinds and not stripped[0].islower():
            score += 1
    score += 1 if _SEPARATED.search(text) else 0
    score += 1 if "player" in kinds and _RATE.search(text) else 0
    score += 2 if len(words) <= 8 and _ARROW_END.search(text) else 0
    score += 1 if len(words) <= 6 and fragment and _CLOCK.search(text) else 0
    if _DURATION.search(text):
        score += 2 if len(words) <= 3 or not any(c.isalpha() for c in text) else 1
    if stripped.endswith(("!", "?")) or (len(words) <= 12 and "?" in stripped):
        score += 1
    # What a recap sentence does.
    prose_verbs = _PROSE_VERBS & unique
    if stamp:
        prose_verbs -= {stamp.group(1).lower()}
    score -= 2 if prose_verbs else 0
    cased = _cased(text)
    if not lifted:
        score -= min(len(_MARKET_WORDS & cased), 2)
    score -= 1 if _FIGURE.search(text) else 0
    score -= 2 if _MOVES & unique else 0
    score -= 1 if not fragment and _HEDGES & unique else 0
    kind = max(sorted(kinds), key=lambda k: kinds[k]) if kinds else None
    return score, kind


# Verbs of a call to action that also ask for attention: "Keep an eye on ...", "Look for ...".
_ATTENTION = frozenset({"keep", "look"})


def _minds_the_market(text: str, unique: set[str], kinds: dict[str, int]) -> bool:
    """A sentence that asks the reader to mind the market, not the page: "Keep your eye on
    Friday's jobs report." (a verb of attention, a market word, no word of chrome's kinds); not
    "Keep reading", "Look out for our Friday edition"."""
    return (
        text.rstrip().endswith(".")
        and bool(unique & _ATTENTION)
        and bool(_MARKET_WORDS & _cased(text))
        and not kinds
        and not unique & (_STRONG | _PAGE_WORDS)
    )


def _cased(text: str) -> set[str]:
    """The words as written, for the market words (a site called "Market Wire" is not one), and
    `_RELEASE_WORD` for a data release named in two words ("Friday's jobs report")."""
    cased = {t.strip(".,;:'’-").removesuffix("'s").removesuffix("’s") for t in _TOKEN.findall(text)}
    if _RELEASE.search(text):
        cased.add(_RELEASE_WORD)
    return cased


# A data release a recap looks ahead to, named in two words: "the jobs report", "retail sales
# data", "housing numbers" (a market word, as "payrolls" and "CPI" are).
_RELEASE = re.compile(
    r"\b(?:jobs|employment|inflation|retail\s+sales|housing|manufacturing)\s+"
    r"(?:report|data|numbers|figures|print)\b",
    re.IGNORECASE,
)
_RELEASE_WORD = "<data release>"


def _news(text: str, cased: set[str]) -> bool:
    """True for a sentence (it has a market verb) that reports market news: a company or index
    that does something, a market word or a figure; not when its form is chrome whatever it says
    (a copyright line, a credit made only of names, a byline)."""
    if _COPYRIGHT.search(text) or _credit_line(text) or _BYLINE_NAMES.match(text):
        return False
    return bool(_SUBJECT_VERB.match(text) or _MARKET_WORDS & cased or _FIGURE.search(text))


# Shapes of one kind each, and what each adds to the score.
_SHAPES = (
    (_PITCH, "newsletter", 2),
    (_CADENCE, "newsletter", 3),
    (_FORM, "newsletter", 3),
    (_TO_YOUR, "promotion", 2),
    (_FREE_PERIOD, "promotion", 2),
    (_PRICE, "promotion", 2),
    (_OFFER, "promotion", 3),
    (_RULES, "promotion", 3),
    (_CONFIRMED, "newsletter", 3),
    (_AI_VOICE, "player", 3),
    (_PASS_ON, "share", 2),
)


def _credit_line(text: str) -> bool:
    """A line of credits and nothing else: "Writing by Ben Ashford; Editing by Nora Quinn",
    each part a role and its names (or the time it was filed)."""
    parts = [part for part in re.split(r"\s*[;|·•]\s*", text.strip()) if part]
    if not parts or not _CREDIT_PART.fullmatch(parts[0]):
        return False
    return all(
        _CREDIT_PART.fullmatch(part) or _STAMP.match(part) or _CLOCK.search(part)
        for part in parts[1:]
    )


def chrome_heading(text: str) -> bool:
    """True for a heading that is chrome by kind ("You might also like", "About the author").
    A heading is short, so it needs more than one weak word: "Rates desk", "Install" and
    "Popular trades" may head a section of the article. The rules alone judge a heading: the
    model learned from lines and sentences, not headings."""
    if chrome_score(text)[0] < THRESHOLD:
        return False
    words = set(_words(text))
    if words & (_STRONG | _PAGE_WORDS | _READER):
        return True
    return len({w for w in words if _KIND_OF.get(w)}) >= 2


# A label for the recap's own opinion, not the page's ("Our take", "My view", "Bottom line").
_OPINION = frozenset({
    "view", "views", "take", "verdict", "outlook", "thesis", "opinion", "call", "bottom",
    "upshot", "gist", "summary", "takeaway", "takeaways", "short", "tl;dr", "net",
})  # fmt: skip


# A label that looks ahead is the recap's own outlook, whatever page word it holds.
_AHEAD = frozenset({"tomorrow", "ahead", "upcoming", "tomorrow's"})


def _recap_label(words: tuple[str, ...]) -> bool:
    """A label in the recap's own voice: its opinion ("Our view: stocks remain expensive.",
    "Bottom line: ...") or its outlook ("On the watchlist for tomorrow: Nvidia earnings")."""
    unique = set(words)
    return bool(_OPINION & unique or (_AHEAD & unique and not _READER & unique))


def _chrome_label(words: tuple[str, ...]) -> bool:
    """A label of the page ("Related", "Read more", "Photo", "In case you missed it"), not a
    recap's own ("More from the earnings front", "Policy sensitivity", `_recap_label`)."""
    if _recap_label(words):
        return False
    for word in words:
        if word in _STRONG or word in _PAGE_WORDS or word in _READER or word.startswith("source"):
            return True
    return len(words) <= 3 and (
        any(_KIND_OF.get(w) for w in words) or (bool(words) and words[0] in _READ_VERBS)
    )


def _imperative(text: str) -> bool:
    """True when a clause opens with a verb of a call to action, used as a verb: not
    "Follow-through", and not in a sentence with a copula ("Download speeds were ...")."""
    if _COPULA.search(text):
        return False
    return any(
        match.group(1).lower().replace("’", "'") in _IMPERATIVES
        and not text[match.end() :].startswith("-")
        and not _OF_NEXT.match(text, match.end())  # a noun: "Sign of strength", "Start of trade"
        for match in _CLAUSE.finditer(text)
    )


_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)
# "Top" as an adjective opening a list's lead: "Top gainers in Dubai:", "Top Nifty losers:".
_RANKED = re.compile(
    r"^\W*top(?:\s+(?:\d+|[A-Z][\w&-]*))?\s+(?=(?:" + "|".join(sorted(_MOVERS)) + r")\b)",
    re.IGNORECASE,
)


def chrome_kind(text: str, *, model: ChromeModel | None = None) -> str | None:
    """The kind of chrome a line or sentence is ("sources", "player", ..., "chrome" when only
    its shape tells), or None for article prose. Below the rules' bar, the learned model
    (`chrome_model`, or `model`) may still call it chrome (`_learned`)."""
    score, kind = chrome_score(text)
    if score < THRESHOLD and not _learned(text, (score, kind), model):
        return None
    if score >= THRESHOLD and _overruled(text, score, model):
        return None
    return kind or "chrome"


def _probability(text: str, model: ChromeModel | None) -> float:
    """`model`'s probability of chrome, or the shipped model's, cached (a recap repeats its
    sentences, and the readers weigh each piece twice)."""
    return model.probability(text) if model else _shipped_probability(text)


@functools.lru_cache(maxsize=16_384)
def _shipped_probability(text: str) -> float:
    return default_model().probability(text)


def _unweighed(text: str) -> bool:
    """A piece the rules never weigh, so the model never decides: article prose by its length
    (`MAX_CHROME_CHARS`, `MAX_CHROME_WORDS`), or code."""
    return (
        len(text) > MAX_CHROME_CHARS
        or len(_words(text)) > MAX_CHROME_WORDS
        or bool(_CODE.search(text))
    )


def _learned(text: str, weighed: tuple[int, str | None], model: ChromeModel | None) -> bool:
    """True when the model calls chrome (from `MODEL_THRESHOLD`, or `FIGURE_THRESHOLD` for a
    piece with a digit) a piece the rules weighed (`chrome_score`) below the bar but not against
    chrome (score 0 to 2; not one they never weigh, `_unweighed`), that does not report market
    news, and that is none of what the model was seen to get wrong on a blind set:

    - No reader or first person (`_PERSONS`), and not a list of market moves (`_moves_list`).
    - A figure only where the rules saw some chrome (score 1 or 2) and it is not a market's
      (`_MARKET_FIGURE`, a market word): registration numbers and counts, not "Support: 5,120
      and 5,050" nor a figure-dense list item.
    - Not a bare label: it holds a word of a kind, or is a sentence of three words or more, or
      has five. A short fragment ("First", "Crypto and commodities") may be a list item or a
      heading, which the rules alone judge.
    - Not a line that opens a list ("Three things stood out:") nor one under the recap's own
      label ("Bottom line: ...").
    - Not the recap asking its own question about the market ("Why do yields matter?").
    """
    score, kind = weighed
    if not 0 <= score < THRESHOLD or _unweighed(text) or _reports_news(text):
        return False
    stripped = text.strip()
    if stripped.endswith(":"):
        return False  # it opens a list: "A quick look at commodities:"
    label = _LABEL.match(stripped)
    if label and _recap_label(_words(label.group(1))):
        return False  # "Bottom line: ...", "On the watchlist for tomorrow: ..."
    words = _words(text)
    if _PERSONS & set(words) or _moves_list(text, set(words)):
        return False
    if _QUESTION.fullmatch(stripped) and _MARKET_WORDS & _cased(text):
        return False  # "Why do yields matter?", "What does a strong dollar mean for earnings?"
    sentence = stripped.endswith(_TERMINAL)  # not "!": "Stocks Rally!!" is a headline
    if kind is None and len(words) < 5 and not (len(words) >= 3 and sentence):
        return False
    if _DIGIT.search(text) and (
        not score or _MARKET_FIGURE.search(text) or _MARKET_WORDS & _cased(text)
    ):
        return False  # a market's figures ("Support: 5,120 and 5,050"), or ones nothing marks
    bar = FIGURE_THRESHOLD if _DIGIT.search(text) else MODEL_THRESHOLD
    return _probability(text, model) >= bar


# The highest rule score the model may overrule (`OVERRULE_THRESHOLD`).
_NARROW = THRESHOLD + 2


def _overruled(text: str, score: int, model: ChromeModel | None) -> bool:
    """True when the rules call a piece chrome by a narrow margin (up to `_NARROW`), its form is
    not chrome whatever it says (`_whole_form`), and the model is sure it is the recap's own
    (below `OVERRULE_THRESHOLD`): words of chrome's kinds in a writer's sentence ("The CBN's
    Monetary Policy Committee meets next week; we expect another hike of at least 50 basis
    points" holds "next", "points" and "we")."""
    if score > _NARROW or _whole_form(text):
        return False
    return _probability(text, model) < OVERRULE_THRESHOLD


# What makes a figure a market's: a percentage, a currency, basis points, a multiple, a quarter,
# a fiscal year, an index's name with its number ("S&P 500", "FTSE 100").
_MARKET_FIGURE = re.compile(
    r"%|[$€£¥₹]|\d\s?(?:bps?|pp|x)\b|\b(?:Q[1-4]|[1-4]Q|FY|H[12]|[12]H)\s?'?\d|S&P|\b[A-Z]{2,}"
    r"\s?\d{2,4}\b|\d\s?(?:billion|million|trillion|bn)\b"
)
# A question the recap asks and answers, in one sentence.
_QUESTION = re.compile(
    r"\W*(?:why|what|how|when|where|which|who|will|is|are|can|does|do|did)\b[^?]*\?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# A writer who speaks to the reader or as "I"/"we" may be the recap's own voice ("If you checked
# your 401(k) today ...", "My puts printed today"): the model learned that voice as chrome.
_PERSONS = _READER | {"i", "i'm", "i've", "i'd", "i'll", "we're", "we've", "you've", "you'll"}


@functools.lru_cache(maxsize=16_384)
def _reports_news(text: str) -> bool:
    """A sentence with a market verb about a company, an index, a market word or a figure."""
    return bool((_PROSE_VERBS | _NEWS_VERBS) & set(_words(text))) and _news(text, _cased(text))


# A sentence ends at ".", "!" or "?" before a space and a capital, a quote, a symbol, an emoji
# ("📊 Chart via ...") or a name written in camel case ("iHeartMedia", "eBay")...
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])\s+(?=[A-Z\"“‘'(+©▶►@]|[a-z][A-Z]|[\U0001f300-\U0001faff]\s*[A-Z])"
)
# ... but not after an abbreviation ("U.S. Steel", "Nov. 18", "Dr. Reddy's"). A company's
# "Inc." before a capital is weighed as an end: "... Publishing Inc. Bank shares rose" holds a
# footer and a recap sentence ("Acme Inc. Chief Executive ..." is two pieces kept as written).
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|vs|No|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|approx|est))\.$"
)


# ... though a lone capital after a lower-case word is a name, not an initial ("Follow us on X.").
_NAMED_LETTER = re.compile(r"\s[a-z][\w'’-]*\s+[A-Z]\.$")


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if pieces and _ABBREVIATION.search(pieces[-1]) and not _NAMED_LETTER.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


# A sentence that goes on about the person named before it: "She previously worked at ...".
_CONTINUES = re.compile(r"^\W*(?:She|He|They)\s")
# ... and that goes with a bio before it, whatever it says ("She joined The Tape in 2021").
_BIO_GOES_ON = re.compile(r"^\W*(?:She|He|They|Her|His|Their)\s")


def _leans_to_chrome(piece: str, score: int) -> bool:
    """A short teaser without a figure that leans to chrome: "Want the full picture?", "Think
    you can beat the S&P?", "Reach her at ...", or a bio's next sentence ("She previously ...")."""
    if score <= 0 or _FIGURE.search(piece):
        return False
    return len(_words(piece)) <= 8 or bool(_CONTINUES.match(piece))


def is_disclaimer(text: str) -> bool:
    """True for the legal boilerplate a disclaimer is made of ("not investment advice")."""
    return _disclaims(text)


@functools.lru_cache(maxsize=16_384)
def _disclaims(text: str) -> bool:
    """`_DISCLAIMER` found in the text. The search is long: callers ask it only of a piece that
    would otherwise go as chrome."""
    return bool(_DISCLAIMER.search(text))


def _chrome(text: str, disclaimer: bool, model: ChromeModel | None) -> bool:
    """`chrome_kind`, but a disclaimer's sentence is kept when `disclaimer` (under its heading)."""
    return bool(chrome_kind(text, model=model)) and not (disclaimer and _disclaims(text))


def drop_chrome_sentences(
    text: str, *, disclaimer: bool = False, model: ChromeModel | None = None
) -> str:
    """The text without its chrome sentences; the rest exactly as it was written (with
    `disclaimer`, a disclaimer's own sentences are kept: "... not investment advice").

    Each sentence is weighed alone, never the block as a whole (a source line glued to a recap
    sentence must not take it along). A sentence that leans to chrome without reaching the bar
    ("Want the full picture?") goes with a chrome sentence beside it when the two together are
    chrome ("... Start your free trial."). `model` stands in for the shipped one (tests).
    """
    pieces = _sentences(text)
    if len(pieces) == 1:
        return "" if _chrome(text, disclaimer, model) else text
    weighed = [chrome_score(piece) for piece in pieces]
    scores = [score for score, _ in weighed]

    def kept(index: int) -> bool:
        """A disclaimer's own sentence, kept under its heading (asked only of one that would go)."""
        return disclaimer and _disclaims(pieces[index])

    chrome = [
        (
            (score >= THRESHOLD and not _overruled(piece, score, model))
            or _learned(piece, weight, model)
        )
        and not kept(index)
        for index, (piece, weight, score) in enumerate(zip(pieces, weighed, scores, strict=True))
    ]
    for index, piece in enumerate(pieces):
        if chrome[index]:
            continue
        if (
            index
            and chrome[index - 1]
            and weighed[index - 1][1] == "author_bio"
            and _BIO_GOES_ON.match(piece)
            and not _FIGURE.search(piece)
        ):
            chrome[index] = not kept(index)  # a bio's next sentence: "She joined The Tape ..."
            continue
        if not _leans_to_chrome(piece, scores[index]):
            continue
        for other in (index - 1, index + 1):
            if 0 <= other < len(pieces) and chrome[other]:
                pair = (pieces[other], piece) if other < index else (piece, pieces[other])
                if chrome_kind(" ".join(pair), model=model):
                    chrome[index] = not kept(index)
                    break
    for index in range(len(pieces) - 1):
        if chrome[index] and _asks_and_answers(pieces[index], pieces[index + 1], chrome[index + 1]):
            chrome[index] = False  # "Did Powell blink? We think he did — ..."
    if any(chrome) and not all(chrome) and chrome_kind(text, model=model):
        _companions(pieces, chrome, kept, model)
    if not any(chrome):
        return text
    return " ".join(piece for piece, drop in zip(pieces, chrome, strict=True) if not drop)


def _asks_and_answers(question: str, answer: str, answer_is_chrome: bool) -> bool:
    """A question the recap asks and the next sentence answers ("What does a weaker loonie mean
    for you? If you're planning a U.S. trip, ..."): kept when the answer is kept and weighs
    nothing of chrome, and the question holds no page word ("Enjoying this newsletter?")."""
    if not question.rstrip().endswith("?") or answer_is_chrome:
        return False
    if set(_words(question)) & (_STRONG | _PAGE_WORDS):
        return False
    return chrome_score(answer)[0] <= 1 and not _imperative(answer)


def _companions(
    pieces: list[str],
    chrome: list[bool],
    kept: Callable[[int], bool],
    model: ChromeModel | None,
) -> None:
    """In a short block that is chrome as a whole ("Originally published on Substack.
    Cross-posted with permission."), a sentence beside a chrome one goes with it when it does
    not report market news and the model leans to chrome for it too (`COMPANION_THRESHOLD`);
    marks `chrome` in place, forwards then backwards, so a run of them goes."""
    for order in (range(len(pieces)), range(len(pieces) - 1, -1, -1)):
        for index in order:
            if chrome[index] or _reports_news(pieces[index]):
                continue
            beside = [other for other in (index - 1, index + 1) if 0 <= other < len(pieces)]
            if (
                any(chrome[other] for other in beside)
                and _probability(pieces[index], model) >= COMPANION_THRESHOLD
                and not kept(index)
            ):
                chrome[index] = True


_TERMINAL = (".", "!", "?", "…", '."', ".”", ".)")


def drop_chrome_lines(
    text: str, *, disclaimer: bool = False, model: ChromeModel | None = None
) -> str:
    """A block's lines without those that are chrome (a source line glued under the last
    paragraph by a soft line break). A line is judged only where a sentence may start: first,
    after a line that ends a sentence, or after a dropped line; a hard-wrapped line that
    continues a sentence ("follow the auction"), or that the next line continues, is never
    judged alone. `disclaimer` keeps a disclaimer's lines, as in `drop_chrome_sentences`."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    judge = True
    changed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        continued = following[:1].islower()  # "... its sources\nof revenue ..."
        if judge and stripped and not continued and _chrome(stripped, disclaimer, model):
            changed = True
            continue
        kept.append(line)
        judge = not stripped or stripped.endswith(_TERMINAL)
    return "\n".join(kept) if changed else text


def is_prose(text: str) -> bool:
    """True for a block that reads as an article's sentence (it ends like one, or is long): it
    ends a run of chrome under a heading that was chrome only by kind (link titles have no
    full stop)."""
    stripped = text.strip()
    words = len(stripped.split())
    return (words >= 4 and stripped.endswith(_TERMINAL)) or words >= 16
