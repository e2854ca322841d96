"""The forms page chrome takes, whatever its words (`chrome_kinds.py` weighs them): credits and
bylines, bios, legal boilerplate (disclaimers, holdings, registrations, risk warnings), offers
and contest rules, a player's controls, navigation, breadcrumbs, menus, pagers, stamps, forum
metadata, tag and chapter lists, press-release furniture; `page_form` names the form of a whole
line, `SHAPES` the shapes that add to a score."""

from __future__ import annotations

import functools
import re

from podcast.ingest.chrome_words import (
    CREDIT_VERBS,
    PROSE_VERBS,
    words_of,
)

__all__ = [
    "ABOUT",
    "ADDRESS",
    "ADJACENT",
    "ADJACENT_TITLE",
    "AI_VOICE",
    "APP_NOTICE",
    "ARROW_END",
    "ATTRIBUTION",
    "AUTHOR_HOLDS",
    "BIO",
    "BIO_BEAT",
    "BIO_CREDENTIALED",
    "BIO_ROLE",
    "BLOCKS",
    "BREADCRUMB",
    "BROADCAST",
    "BYLINE",
    "BYLINE_NAMES",
    "BYLINE_ROW",
    "CADENCE",
    "CAPTION",
    "CHAPTERS",
    "CLAUSE",
    "CLIP",
    "CLOCK",
    "CODE",
    "CONFIRMED",
    "CONTROLS",
    "COPYRIGHT",
    "CORRECTION",
    "COUNT",
    "CREDENTIALS",
    "CREDIT",
    "CREDITED",
    "CREDIT_PART",
    "CRUMB",
    "DATE",
    "DAYS",
    "DEIXIS",
    "DELAYED",
    "DISCLAIMER",
    "DURATION",
    "EMAIL",
    "ENDED",
    "FIGURE",
    "FOOTNOTE",
    "FORM",
    "FORUM",
    "FORUM_META",
    "FORUM_NOTICE",
    "FREE_PERIOD",
    "FX_NOTE",
    "GIFT",
    "GLYPH_LINK",
    "GREETING",
    "GROUPS",
    "GROUP_DEAL",
    "GUARDED_FORMS",
    "HANDLE",
    "HASHTAGS",
    "HEADINGS",
    "HEDGE",
    "HOLDINGS",
    "I_HOLD",
    "JOBS",
    "LABEL",
    "LINK",
    "MASTHEAD",
    "MENU",
    "MENU_ITEM",
    "META_ITEM",
    "METER",
    "MONTH",
    "NAME",
    "NAMES",
    "NAME_WORD",
    "NAVIGATION",
    "NOT_BIO",
    "NUDGE",
    "OFFER",
    "OUTLETS",
    "PAGE_MARK",
    "PAGE_NOTES",
    "PAGINATION",
    "PASS_ON",
    "PERIOD",
    "PHONE",
    "PHOTO_CREDIT",
    "PITCH",
    "POLL",
    "POSTED_BY",
    "PRICE",
    "PRINTED",
    "PUBLISHER",
    "RATE",
    "RATES",
    "REACTIONS",
    "RELATED_LABEL",
    "RELEASE",
    "ROLE",
    "RULES",
    "SEARCH",
    "SELF_SOURCED",
    "SEPARATED",
    "SHAPES",
    "SOCIAL",
    "SPOKEN",
    "SPONSOR",
    "STAFF",
    "STAMP",
    "STAMPED",
    "STAMP_DAY",
    "STAMP_TIME",
    "STRIP",
    "SYNTHETIC",
    "TAGS",
    "TAG_ITEM",
    "TERMINAL",
    "TEXT_CODE",
    "TOGGLE",
    "TO_YOUR",
    "TRANSLATED",
    "VENDOR_PART",
    "VIDEO",
    "WHEN",
    "WHOLE_FORMS",
    "WHOLE_LINES",
    "WHOLE_SEARCHES",
    "WIDGET",
    "ZONE",
    "Gated",
    "Searched",
    "credit_line",
    "page_form",
    "vendor_credits",
]


class Gated:
    """A pattern searched in two parts: one matched at the line's start (cheap: tried at one
    position), and one searched anywhere only when the piece holds one of `words`, each a word
    any of its matches must hold. A chrome form's dozen alternatives, searched at every position
    of every weighed piece, cost a 2 MB recap a second (`make bench-script`)."""

    def __init__(self, anchored: str | None, anywhere: str, words: set[str]) -> None:
        self.anchored = re.compile(anchored, re.IGNORECASE) if anchored else None
        self._anywhere = anywhere
        self.words = frozenset(words)

    @functools.cached_property
    def anywhere(self) -> re.Pattern[str]:
        """Compiled when a piece first holds one of `words`: most recaps never hold most gates'
        words, and every process (an unchanged re-render too) would pay for compiling them."""
        return re.compile(self._anywhere, re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        if self.anchored and (match := self.anchored.match(text)):
            return match
        return None if self.words.isdisjoint(words_of(text)) else self.anywhere.search(text)


# What `page_form` searches with: a pattern, or a gated one.
Searched = re.Pattern[str] | Gated


LABEL = re.compile(r"^\W*([^:.!?—–→›»]{1,40}?)\s*(?::|\s[—–→›»-])\s*\S")

CLAUSE = re.compile(r"(?:^|[.?!:|—–·•]\s+|^\W+)([A-Za-z'’]+)")

DURATION = re.compile(r"\b\d{1,2}:\d{2}\b(?!\s*(?:[ap]\.?m\b|et\b))|\b\d+\s*min\b", re.IGNORECASE)

FIGURE = re.compile(r"\d%(?!\s*off)|\$\s?\d[\d,.]*\s*(?:billion|million|trillion|bn|m)\b")

# Credits and attributions: "Reporting by ...", "Data provided by ...", "Presented by Acme".
ATTRIBUTION = re.compile(
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

COPYRIGHT = re.compile(r"(?:©|\bcopyright\b|\(c\))\s*\d{4}", re.IGNORECASE)

CREDIT = re.compile(r"^\W*(?:[\w-]+\s+){0,2}[Bb]y\s+(?:the\s+)?[A-Z]")

# A byline of any length: "By", a full name, then a separator or the end ("By Sam Whitlow ·
# Updated 4:12 PM ET"); "By Friday, stocks ..." has neither.
BYLINE = re.compile(r"^\W*[Bb]y\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}\s*(?:[|·•—–]|$)")

# A bio: "Dana Whitfield is a senior markets reporter ..." (needs an author-bio word as well).
BIO = re.compile(
    r"^(?:[A-Z][\w'.-]+\s+){1,3}(?:(?:is|was|has\s+been)\s+(?:a|an|the)\s|writes\s|covers\s"
    r"|has\s+(?:covered|written|reported)\s|reports\s+on\s)"
    r"|^\W*[Aa]bout\s+(?:the\s+authors?\b|[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,2}\s*:)"
)

# The site's legal boilerplate: "for informational purposes only", "not investment advice". It
# is the recap's own disclaimer under a Disclaimer heading, which keeps it (`disclaimer=True`).
DISCLAIMER = re.compile(
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
    r"|[\s-]?assets?)?|digital\s+assets?|leveraged\s+(?:etfs?|products?|funds?))\s+(?:are|is|involve"
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
    # A publisher's legal status and the reader's own risk: "X is not a registered investment
    # adviser", "Consult a qualified professional", "you could lose everything", "DYOR", "No
    # consumer protection".
    r"|\bnot\s+(?:a\s+)?registered\s+(?:as\s+)?(?:an?\s+)?(?:investment|financial|broker)"
    r"|\bconsult\s+(?:a|an|your)\s+(?:(?:qualified|licensed|independent|own)\s+)?(?:financial\s+"
    r"|tax\s+|investment\s+|legal\s+)?(?:professional|advis[eo]r|planner|accountant)\b"
    r"|\byou\s+(?:could|may|might|can|will)\s+lose\s+(?:all|everything|some\s+or\s+all|more\s+than"
    r"|(?:all\s+|some\s+of\s+)?(?:your|the)\s+(?:money|capital|investment))\b"
    r"|\b(?:views|opinions)\b[^.]{0,80}\b(?:are|is)\s+(?:their|his|her|its|the\s+author's"
    r"|the\s+writer's)\s+own\b"
    r"|\b(?:views|opinions|recommendations)\b[^.]{0,80}\bare\s+those\s+of\b"
    r"|\bbefore\s+(?:taking|making)\s+any\s+investment\s+decisions?\b"
    r"|\b(?:can|may|could)\s+(?:go\s+down|fall)\s+as\s+well\s+as\s+(?:go\s+)?(?:up|rise)\b"
    r"|\bget\s+back\s+less\s+than\b"
    r"|\bwithin\s+the\s+meaning\s+of\s+section\s+\d|\bcontains\s+forward-looking\s+statements\b"
    r"|\bwhat\s+you\s+can\s+afford\s+to\s+lose\b|\bprepared\s+to\s+lose\s+(?:all|everything|the\s+money)\b|\brisk\s+of\s+losing\s+(?:your\s+)?money\b"
    r"|\blosses\s+(?:that\s+)?exceed(?:ing)?\s+your\s+deposit"
    r"|\bDYOR\b|\bNFA\b|\bno\s+(?:consumer|investor)\s+protection\b"
    r"|\bconstitutes?\s+(?:a|an)\s+(?:solicitation|offer|recommendation)\b"
    r"|\b(?:views|opinions)\b[^.]{0,60}\bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)\b"
    r"|\bentertainment\s+purposes\b|\bis\s+a\s+trading\s+name\s+of\b"
    r"|\bauthori[sz]ed\s+by\s+the\s+prudential\s+regulation\s+authority\b"
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
HEDGE = re.compile(
    r"\bbut\s+(?:I|I'm|I’m|I've|I’ve|I'd|I’d|we|we're|we’re|my|our)\s", re.IGNORECASE
)

STAMP = re.compile(
    r"^\W*(?:last\s+)?(updated|published|posted|modified|filed(?=\s*:?\s*(?:at\s+)?\d))\b",
    re.IGNORECASE,
)

# ... with a time or a date after it: "Published: 11/18/2026", "Updated 3 hours ago".
STAMP_TIME = re.compile(
    r"^\W*(?:last\s+)?(?:updated|published|posted|modified|filed)\s*:?\s*(?:on\s+|at\s+)?"
    r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)

# Widgets that are a whole line: "Back to top", "Skip to content", "Load more".
WIDGET = re.compile(
    r"\W*(?:back\s+to\s+top|skip\s+to\s+(?:main\s+)?content|load\s+more|show\s+more|see\s+all"
    r"|(?:log|sign)\s*(?:in|out)|view\s+(?:this\s+(?:email|issue)\s+)?in\s+(?:your\s+)?browser"
    r"|watch\s+on\s+(?:youtube|vimeo|tiktok|instagram)|search(?:\s+quotes[\w ,&]*)?|dark\s+mode"
    r"|live\s+updates|set\s+(?:a\s+)?price\s+alert|responses\s*\(\d+\))\W*",
    re.IGNORECASE,
)

# The page speaking of itself: "like this?", "Found this useful", "@handle".
DEIXIS = re.compile(r"\bthis\s*[?!]|\bthis\s+(?:useful|helpful|interesting)\b|(?:^|\s)@\w")

# A contact: an e-mail address (a recap sentence has none).
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+")

# A list of outlets after a sources word: "sources include Bloomberg Intelligence and Reuters".
OUTLETS = re.compile(
    r"\b(?:sources|references|citations)\b.*\b[A-Z][\w&.]+(?:\s+[A-Z][\w&.]+)*"
    r"(?:,\s+|\s+and\s+)(?:[a-z]+\s+)?[A-Z\w]"
)

# Code is not chrome: a call ("print("), braces, an assignment, a docstring or a fence (not a
# plural in brackets: "the analyst(s)").
# Code: a call, braces, an assignment; not a plan's "401(k)" nor "stock(s)" (nor a wire's
# currency note, "(($1 = 0.93 euros))": `FX_NOTE`, which the weighing asks of code it finds).
CODE = re.compile(r"\w\((?!s\)|[a-z]\))|[{}=\\]|\"\"\"|```")

# A playback rate: "1.25x", "2x" (a valuation multiple is larger: "25x earnings").
RATE = re.compile(r"\b[0-3](?:\.\d{1,2})?x\b")

SEPARATED = re.compile(r"\s[|·•]\s")

# A name, or a list of them: "Hannah Cho and Luis Ortega", "the Market Intelligence desk".
NAME = r"(?:[A-Z][\w'.&-]*(?:\s+(?:[A-Z][\w'.&-]*|of|de|van|von|der|la))*)"

NAMES = (
    rf"(?:the\s+)?{NAME}(?:\s*(?:,|and|AND|&)\s*(?:the\s+)?{NAME})*"
    r"(?:\s+(?:desk|team|staff|newsroom|bureau|unit|group|reporters|editors))?"
    rf"(?:\s+in\s+{NAME})?(?:,\s*{NAME})?"
)

# A credit of roles, and nothing else: "Writing by Ben Ashford; Editing by Nora Quinn",
# "Additional reporting contributed by ...", "Research assistance from the ... desk" (not
# "Research from Goldman Sachs showed ...": the rest of a credit is names).
ROLE = (
    r"(?:additional\s+)?(?:reporting|writing|editing|research|fact[- ]?checking|production"
    r"|photography|graphics|design|translation|illustrations?|analysis|data|contributions"
    r"|compilation|copy\s*editing|video|audio|interviews)"
)

CREDIT_PART = re.compile(
    rf"\W*(?:with\s+)?{ROLE}(?:\s+(?:and|&)\s+{ROLE})*"
    r"(?:\s+(?:assistance|support|help|contributed|provided|contributions|was|were|done))*"
    rf"\s+(?:by|from)\s+{NAMES}\W*",
    re.IGNORECASE,
)

# A staff byline: "Staff Report", "From staff and wire reports", "Wire Report | 4:15 PM".
STAFF = re.compile(
    r"^\W*(?:from\s+)?(?:(?:staff|wire|news|agency)\s+(?:and\s+(?:wire|news|agency)\s+)?"
    r"reports?|staff\s+(?:writer|reporter|report))\W*(?:[|·•—–,]|$)",
    re.IGNORECASE,
)

# The page naming its own sources: "This report draws on AP, AFP and exchange filings" (not
# "This report showed ...": a recap's "report" is the economy's).
SELF_SOURCED = re.compile(
    r"^\W*(?:this|our|today's)\s+(?:report|article|story|recap|summary|piece|newsletter"
    r"|briefing|update|roundup|wrap|column|edition|analysis|content|reporting|coverage"
    r"|journalism)\s+(?:\w+\s+){0,2}?"
    r"(?:draws|drew|relies|relied|incorporates|cites|uses|used|(?:is|was)\s+(?:based|compiled"
    r"|produced|written|prepared|generated|created|assembled|sourced))\b"
    r"|\bcontributed\s+to\s+this\s+(?:report|story|article|recap)\b",
    re.IGNORECASE,
)

# A byline in capitals, or of several names: "BY OLIVER GRANT", "By Anna Lee and Mark Fox".
BYLINE_NAMES = re.compile(
    r"^\W*(?:by|BY|By)\s+(?!(?:THE|AN?)\s)[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3}"
    r"(?:\s*(?:,|and|AND|&)\s*[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,3})*\s*(?:[|·•—–,]|$)"
)

# A bio by beat and city: "Laura Benton reports on commodities from Houston" (a topic in lower
# case: "Nvidia reports on Wednesday" is a date).
BIO_BEAT = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2}\s+(?:reports|writes|covers|has\s+covered)\s+"
    r"(?:on\s+|about\s+)?(?:the\s+)?[a-z][\w,&' -]*?\s+(?:from|in|out\s+of|for)\s+"
    r"(?:the\s+)?[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*)*\W*$"
)

# An analyst's coverage, not a writer's beat ("Goldman Sachs covers the sector with a buy
# rating"), and a writer's argument ("Zuckerberg writes that ...").
NOT_BIO = re.compile(
    r"\b(?:rating|target|outperform|overweight|underweight|upgrade[ds]?|downgrade[ds]?)\b"
    r"|\b(?:writes|wrote|says|said)\b[^.]*\bthat\b",
    re.IGNORECASE,
)

# Navigation, a whole line: "Latest in Economy", "More from The Tape", "Around the web",
# "Scroll to top", "Jump to comments".
NAVIGATION = re.compile(
    r"\W*(?:(?i:(?:the\s+)?(?:latest|more|top\s+stories|most\s+read|recent\s+posts?|news)"
    rf"\s+(?:in|from|on|at)\s+(?:the\s+)?){NAME}"
    r"|(?i:(?:from\s+)?(?:around|across|elsewhere\s+on|elsewhere\s+in|more\s+from\s+around)"
    r"\s+the\s+(?:web|internet|site|network)"
    r"|(?:back|return|scroll|jump|go|skip|head)\s+(?:back\s+|up\s+)?(?:to\s+(?:the\s+)?"
    r"(?:top|bottom|comments|content|main\s+content|menu|navigation|start|home(?:page)?)|up)))"
    r"\W*",
)

# A link's arrow at the end of a line: "Spread the word →", "Return to top ↑".
ARROW_END = re.compile(r"[→↑↗➜➔»›▸]\s*$")

# A newsletter's pitch: "5 minutes a day", and its cadence: "Delivered Monday–Friday",
# "Arrives every weekday morning".
PITCH = re.compile(
    r"\b(?:\d+|one|two|three|five|ten|a\s+few)\s+minutes?\s+(?:a|per|each)\s+"
    r"(?:day|week|morning)\b",
    re.IGNORECASE,
)

DAYS = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"

CADENCE = re.compile(
    r"^\W*(?:delivered|arrives?|lands?|sent|out|published|hits?\s+(?:your\s+)?inboxes?)\b.*"
    rf"(?:\b{DAYS}\s*(?:[–—-]|through|to)\s*{DAYS}|\bweekdays?\b|\b(?:every|each)\s+"
    rf"(?:weekday|morning|evening|day|week|{DAYS}))",
    re.IGNORECASE,
)

# A form's message: "This field is required", "Please try again", "Something went wrong".
FORM = re.compile(
    r"\b(?:this|required)\s+field\b|\btry\s+again\b"
    r"|\b(?:e-?mail|name|password|field|address)\s+(?:is\s+)?required\b"
    r"|^\W*something(?:\s+went|\s+is|'s|’s)\s+(?:not\s+right|wrong)\W*$|\balready\s+(?:registered|subscribed|signed\s+up|a\s+(?:member"
    r"|subscriber))\b|\b(?:in)?valid\s+(?:e-?mail|address|phone|name|code|password)\b",
    re.IGNORECASE,
)

# Points added to the reader's account: "+10 points added to your account".
TO_YOUR = re.compile(r"\b(?:added|credited|sent|saved)\s+to\s+your\b", re.IGNORECASE)

# A free period: "get 3 months free", "1 free month", "free for 30 days".
FREE_PERIOD = re.compile(
    r"\b(?:\d+|a|an|one|two|three|six|twelve)\s+(?:free\s+)?(?:months?|weeks?|days?|years?)"
    r"\s+(?:free|on\s+us)\b|\bfree\s+for\s+(?:\d+|a|one|two|three|six)\s+(?:months?|weeks?"
    r"|days?)\b",
    re.IGNORECASE,
)

# A clock time, as a stamp shows it: "5:38 PM", "6:02 p.m. ET".
CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\b\.?|et\b)", re.IGNORECASE)

# A paywall's offer: a price by the period ("$4.99/mo", "$1 a week", "99¢ a week"), a price
# struck through ("(was $9.99)"), a discount ("Ends tonight: 50% off") and its terms ("Cancel
# anytime", "No commitment", "billed annually", "unlimited access"). A recap's price has a
# company that sets it ("Netflix raised its plan to $17.99 a month"): `_news` keeps that, and
# the price counts only as an offer writes it ("for $1 a week", "Full access: $3.99/week"), not
# "costs $6.99 a month", "rise to $11.99 a month" or "the sale offered 50% off televisions".
PERIOD = r"(?:mo|mos|mth|months?|wk|wks|weeks?|yr|yrs|years?|day|days|annually|monthly|weekly)"

PRICE = re.compile(
    r"(?:^\W*|[:(]\s*|\b(?:for|just|only|now|was|then)\s+)(?:(?:[$€£₹¥₦]|(?-i:R|S\$|A\$|C\$|NZ\$|HK\$|US\$|RM))"
    r"\s?\d[\d.,]*|\d+\s*¢)\s*"
    rf"(?:/|a|per|each|every|for\s+the\s+first)\s*{PERIOD}\b",
    re.IGNORECASE,
)

OFFER = re.compile(
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
RULES = re.compile(
    r"\bno\s+purchase\s+(?:is\s+)?(?:necessary|required|needed)\b|\bvoid\s+where\s+prohibited\b"
    r"|\bofficial\s+rules\s+(?:apply|for\s+details)|\bsee\s+(?:the\s+)?official\s+rules\b"
    r"|\b(?:terms(?:\s+(?:and|&)\s+conditions)?|(?:official\s+)?rules|restrictions|exclusions)"
    r"\s+apply\W*$|\bmust\s+be\s+(?:1[89]|21)\s*(?:\+|or\s+older|years)|\bodds\s+of\s+winning\b"
    r"|\bwinners?\s+(?:will\s+be\s+|are\s+|is\s+)?(?:announced|drawn|selected|notified|chosen"
    r"|picked)\b|\b(?:giveaway|contest|sweepstakes|raffle|drawing|sale|promo|promotion)\s+"
    r"(?:ends|closes|expires)\b",
    re.IGNORECASE,
)

CONTROLS = re.compile(
    r"(?:\W*(?:play|pause|stop|resume|mute|unmute|volume|rewind|replay|skip|fast-forward"
    r"|forward|back|backward|ahead|speed|playback|captions|subtitles|cc|fullscreen|full\s+screen"
    r"|on|off|[0-3](?:\.\d{1,2})?\s*[x×]|\d{1,2}\s*(?:s|sec|secs|seconds))\b\W*){1,5}",
    re.IGNORECASE,
)

# A breadcrumb: "Home » Markets » US Stocks", "Home / Markets", "You are here: News / Bonds"
# (not a recap's "Stocks / Bonds / Oil": a slash only after "Home" or "You are here").
CRUMB = r"[A-Z][\w&.'’-]*(?:\s+[A-Za-z&.'’-]+){0,3}"

BREADCRUMB = re.compile(
    rf"\W*(?:{CRUMB}(?:\s*[»>›]\s*{CRUMB}){{2,}}|(?i:(?:you\s+are\s+here\s*:\s*)?home)"
    rf"(?:\s*[»>›/]\s*{CRUMB})+|(?i:you\s+are\s+here)\s*:\s*{CRUMB}(?:\s*[»>›/]\s*{CRUMB})*)"
    r"\W*"
)

# The story before or after: "← Previous story", "Next article", "« Older posts", "‹ Prev",
# "Previous article: Gold tops record".
ADJACENT = re.compile(
    r"\W*(?:(?:previous|prev|next|older|newer)(?:\s+(?:story|stories|article|articles|post|posts"
    r"|page|entry|entries|item|items))?\W*|(?:previous|next|up\s+next)\s+(?:story|article|post)"
    r"\s*:\s*.+)",
    re.IGNORECASE,
)

# A form's confirmation: "Thanks for signing up!", "You're all set", "Preferences saved".
CONFIRMED = re.compile(
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
HOLDINGS = re.compile(
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
DELAYED = re.compile(
    r"\b(?:quotes?|prices?|data|figures|charts?|futures|values|indices|indexes)\s+(?:are\s+|is\s+)?"
    r"delayed\s+(?:by\s+)?"
    r"(?:at\s+least\s+|up\s+to\s+)?\d+\s*(?:minutes?|mins?)\b"
    r"|\bunless\s+(?:otherwise\s+(?:indicated|noted|stated|specified)|noted\s+otherwise)\b"
    r"|^\W*(?:delayed|real[- ]time)\s+(?:quotes|prices|data)\b",
    re.IGNORECASE,
)

# An AI voice's credit: "Audio version powered by AI voice technology", "AI-generated audio"
# (a credit's verb: not "Apple's AI voice assistant disappointed").
SYNTHETIC = (
    r"(?:(?-i:AI|A\.I\.)|artificial\s+intelligence|text-to-speech|synthetic|computer-generated"
    r"|machine-generated|automated)"
)

SPOKEN = r"(?:audio|narration|narrated|narrator|voiced|voice|read\s+aloud|listen\w*|speech)"

AI_VOICE = re.compile(
    rf"^(?=.*\b{SPOKEN}\b)(?=.*\b{SYNTHETIC}(?:\b|-))"
    r"(?=.*\b(?:powered|generated|produced|created|made|narrated|voiced|read)\b)",
    re.IGNORECASE,
)

# Passing the page on: "Know someone who'd like this?", "Spread the word", "Tell a friend".
PASS_ON = re.compile(
    r"\bspread\s+the\s+word\b|\b(?:know|have)\s+(?:someone|anyone|somebody|a\s+friend"
    r"|a\s+colleague|an?\s+\w+)\s+who(?:'d|’d|\s+would|\s+might)\b|\bpass\s+(?:it|this)\s+"
    r"(?:on|along)\b|\bforward\s+(?:it|this)\s+(?:on|along|to)\b|\btell\s+a\s+(?:friend"
    r"|colleague)\b",
    re.IGNORECASE,
)

# Vendor credits, two or more joined: "Quotes powered by Morningstar | Crypto prices by
# CoinGecko", each part a few nouns, "by" and a name (not "Tech was led by Nvidia": a verb).
VENDOR_PART = re.compile(
    r"\W*((?:[A-Za-z&-]+\s+){1,4}?)(?:(?:powered|provided|supplied|furnished|sourced)\s+)?by\s+"
    r"[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}\W*"
)


def vendor_credits(text: str) -> bool:
    parts = [part for part in re.split(r"\s+[|·•]\s+", text.strip()) if part]
    if len(parts) < 2:
        return False
    for part in parts:
        match = VENDOR_PART.fullmatch(part)
        if not match:
            return False
        nouns = set(words_of(match.group(1)))
        if nouns & (PROSE_VERBS | {"is", "are", "was", "were", "been", "be"}) or any(
            word.endswith("ed") and word not in CREDIT_VERBS for word in nouns
        ):
            return False
    return True


# A paywall's meter: "You've read 3 of 5 free articles", "2 free stories left", "your last free
# article".
METER = Gated(
    None,
    r"\b(?:read|used|viewed|opened)\s+(?:\d+|all)\s+(?:of\s+(?:your\s+)?(?:\d+|\w+)\s+)?"
    r"(?:free\s+|complimentary\s+|gift\s+)?(?:articles?|stories|story|pieces?|reads)\b"
    r"|\b(?:\d+|one|two|three|four|five|no)\s+(?:more\s+)?(?:free\s+|complimentary\s+)?"
    r"(?:articles?|stories|story|pieces?|reads?)\s+(?:left|remaining)\b"
    r"|\b(?:last|final)\s+(?:free|complimentary)\s+(?:article|story|piece|read)\b",
    {"article", "articles", "stories", "story", "piece", "pieces", "read", "reads"},
)

# A discount for a group: "Students save 60% with a valid .edu email", "Teams of 5+ save 25%",
# "Teachers get 40% off" (not "Seniors get 3% more": "get" needs "off").
GROUPS = (
    r"(?:students?|teachers?|educators?|academics|military|veterans?|seniors|nonprofits?"
    r"|non-profits?|teams?|groups?|families|businesses|employers|first\s+responders|nurses"
    r"|alumni|faculty)"
)

GROUP_DEAL = re.compile(
    rf"^\W*{GROUPS}\b[\w\s&+,-]{{0,24}}?\s+(?:save\s+(?:an?\s+(?:extra|additional)\s+)?"
    r"(?:up\s+to\s+)?\d+\s*%|(?:get|enjoy|take)\s+(?:an?\s+(?:extra|additional)\s+)?(?:up\s+to\s+)?"
    r"\d+\s*%\s*off)|\bwith\s+(?:a\s+)?valid\s+(?:\.edu|student|school|military|teacher"
    r"|work)\b|(?:^|\s)\.edu\s+(?:e-?mail|address)\b",
    re.IGNORECASE,
)

# A player's speed list, a whole line: "1x 1.25x 1.5x 2x", "Speed: 0.5x | 1x | 2x".
RATES = re.compile(
    r"\W*(?:(?:playback\s+)?(?:speed|rate)\s*:?\s*)?[0-3](?:\.\d{1,2})?\s*[x×]"
    r"(?:\s*[|·•,/]?\s*[0-3](?:\.\d{1,2})?\s*[x×]){1,7}\W*",
    re.IGNORECASE,
)

# A section menu, a whole line: three or more short Title-Case items between separators and no
# figure ("Markets | Economy | Tech | Personal Finance").
MENU_ITEM = r"[A-Z][A-Za-z'’.&-]*(?:\s+(?:&|and|of|the|[A-Z][A-Za-z'’.&-]*)){0,3}"

MENU = re.compile(rf"\W*{MENU_ITEM}(?:\s+[|•·]\s+{MENU_ITEM}){{2,}}\W*")

# Pagination, a whole line: "Page 1 of 3", "Load more stories", "1 2 3 Next", "« Prev 1 2 3",
# "Showing 1-10 of 48 results".
PAGINATION = re.compile(
    r"\W*(?:page\s+\d+(?:\s+(?:of|/)\s+\d+)?|(?:load|show|view|see)\s+more\s+(?:stories|articles"
    r"|posts|results|news|comments|headlines|items)|showing\s+\d+\s*[-–]\s*\d+\s+of\s+\d+"
    r"(?:\s+\w+)?|(?:[«‹<←]\s*)?(?:(?:prev|previous|first|newer)\s+)?(?:\d{1,3}\s+(?:…\s+)?)+"
    r"(?:next|last|older)|(?:[«‹<←]\s*)?(?:prev|previous|first|newer)(?:\s+\d{1,3})+"
    r"(?:\s+(?:next|last|older))?)\W*",
    re.IGNORECASE,
)

# A nudge to subscribe or log in: "Not a subscriber yet?", "Already a member?", "Don't have an
# account?", "New here?".
NUDGE = re.compile(
    r"^\W*(?:not\s+an?\s+(?:subscriber|member|customer|registered\s+user)|already\s+an?\s+"
    r"(?:subscriber|member|customer)|(?:already\s+)?(?:have|got)\s+an\s+account"
    r"|(?:don't|don’t|do\s+not)\s+have\s+an\s+account|new\s+(?:here|user|reader|visitor)"
    r"|new\s+to\s+(?-i:[A-Z])[\w&.'’]*(?:\s+(?-i:[A-Z])[\w&.'’]*)*)(?:\s+yet)?\s*\?",
    re.IGNORECASE,
)

# The writer's own position: "The author has a long position in AAPL", "Disclosure: the writer
# holds short positions in ...", "I/we have a beneficial long position" (not "hedge funds have
# long positions", "the analyst has long been bullish").
AUTHOR_HOLDS = re.compile(
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
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

ZONE = r"(?:[ecmp][sd]?t|gmt|bst|utc|cet|ist|jst|hkt|sgt)"

STAMP_DAY = re.compile(
    r"\W*(?:(?:(?:last|first|originally)\s+)?(?:updated|published|posted|modified)\s*:?\s*"
    r"(?:on\s+)?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?"
    r"|(?:first|originally)\s+(?:published|posted)\s*:?\s*(?:on\s+)?)\s+"
    rf"(?:\d|{MONTH}\s+\d)(?:\s*(?:[,./:-]|at|\d+|{MONTH}|[ap]\.?m\.?|{ZONE}))*\W*",
    re.IGNORECASE,
)

# Following the writer on a network: "Follow Rachel Stein on X @rstein", "Connect with ... on
# LinkedIn", "Follow @MarketDesk on Threads".
SOCIAL = re.compile(
    r"^\W*(?:follow|connect\s+with)\s+(?:(?:the\s+)?(?:author|writer|reporter|analyst|us|him"
    r"|her|them|me)|@\w+|(?-i:[A-Z])[\w'.-]*(?:\s+(?-i:[A-Z])[\w'.-]*){0,3})\s+on\s+(?:x|twitter"
    r"|linkedin|threads|bluesky|instagram|facebook|mastodon|tiktok|youtube|substack|stocktwits)"
    r"\b|^\W*follow\s+@\w+",
    re.IGNORECASE,
)

# A byline row: a name, maybe the outlet, and a date or a reading time, between separators
# ("Ben Carter | Bull & Bear Blog | Feb 2, 2024", "Jordan Ellis | The Ledger | 4 min read").
DATE = (
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d+\s*min(?:ute)?s?\s+read)"
)

BYLINE_ROW = re.compile(
    r"\W*(?-i:[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2})(?:\s*[|·•—–]\s*[^|·•—–]{1,40}?){0,2}"
    rf"\s*[|·•—–]\s*{DATE}(?:\s*[|·•—–,]?\s*(?:\d{{1,2}}:\d{{2}}\s*(?:[ap]\.?m\.?)?\s*"
    rf"{ZONE}?|\d+\s*min(?:ute)?s?\s+read))?\W*",
    re.IGNORECASE,
)

# "Posted by admin on 08/22/2024", "Hosted by Kate Lin and Omar Haddad", a whole line.
WHEN = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d|{MONTH}\s+\d)"
    rf"(?:\s*(?:[,./:-]|at|\d+|{MONTH}|[ap]\.?m\.?|{ZONE}))*"
)

POSTED_BY = re.compile(
    r"\W*(?i:posted|written|hosted|co-hosted|produced|moderated|presented|published|submitted"
    rf"|uploaded|curated)\s+(?i:by)\s+(?:{NAMES}|@?[\w.-]+(?=\s+(?i:on|at)\s))"
    rf"(?:\s+(?i:on|at)\s+(?i:{WHEN}))?\W*"
)

# A contact's telephone: "+1 (212) 555-0143", "212-555-0143", "+44 20 7946 0958".
PHONE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]\d{3}[\s.-]\d{4}\b|\b0\d{3}\s\d{3}\s\d{4}\b"
    r"|\+\d{1,3}[\s.-]\d{3,5}[\s.-]\d{3,7}\b|\b8[0-9]{2}-(?-i:[A-Z]{3,4})-(?-i:[A-Z0-9]{3,4})\b"
    r"|\+\d{1,3}\s\d{2,4}\s\d{3,4}\s\d{3,4}\b"
)

# Subscriptions for a group or as a gift: "Group subscriptions available for teams of 5 or
# more", "Give the gift of markets", "Gift subscriptions start at $49/year" (not "digital
# subscriptions rose 8%": the market-news guard keeps a recap's).
GIFT = Gated(
    None,
    r"\b(?:group|team|gift|corporate|enterprise|bulk|site-wide|institutional|campus)\s+"
    r"(?:subscriptions?|memberships?|licen[cs]es?|plans?)\b"
    r"|\bgive\s+(?:\w+\s+)?the\s+gift\s+of\b|\b(?:give|send|buy)\s+(?:\w+\s+)?(?:a\s+)?gift\s+"
    r"(?:subscription|membership|card)\b",
    {
        "subscription", "subscriptions", "membership", "memberships", "licence", "licences",
        "license", "licenses", "plan", "plans", "gift",
    },
)  # fmt: skip

# The end of a free look: "Your free preview has ended", "Your trial has expired", "You've
# reached your monthly article limit" (not "the trial ended": a court's, with no "your").
ENDED = re.compile(
    r"\b(?:your|free)\s+(?:\w+\s+)?(?:preview|trial|access|reading|pass|sample|session"
    r"|subscription|membership)(?:\s+period)?\s+(?:has|have|is|was)\s+(?:now\s+)?(?:ended"
    r"|expired|over|run\s+out|lapsed)\b|\b(?:reached|hit|used\s+up)\s+your\s+(?:\w+\s+){0,2}"
    r"(?:limit|allowance|quota)\b",
    re.IGNORECASE,
)

# A count of the page's reactions as a whole line: "342 shares", "1.2k likes · 88 comments"
# (not "342 shares changed hands": a verb).
COUNT = (
    r"\d[\d,.]*\s*[kKmM]?\s+(?:shares|likes|comments|views|reactions|reposts|retweets|upvotes"
    r"|downvotes|points|replies|votes|karma|followers|subscribers|awards|posts|claps|saves"
    r"|bookmarks|listens|plays|downloads|restacks|responses)"
)

# ... and a forum's row of user metadata: "u/bagholder_2021 · 14 points · 2h", "OP · Flair:
# DD", "Joined Aug 2019 · 12.4k karma", "Posted in Daily Discussion by u/theta_gang_mod".
HANDLE = r"(?:/?[ur]/[\w-]{2,}|@[\w.]{2,})"

META_ITEM = (
    rf"(?:{COUNT}|{HANDLE}|\d+\s*(?:s|m|h|d|w|mo|y|yr|min|hr|hrs)(?:\s+ago)?"
    r"|\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|OP|Mod|Admin"
    r"|Moderator|Verified|Edited|Pinned|Stickied|Original\s+Poster|Top\s+\d+%\s+\w+"
    r"|(?:user\s+|post\s+)?flair\s*:\s*[\w&$' -]{1,30}|(?:joined|member\s+since|redditor\s+for)"
    rf"\s+(?:in\s+)?(?:{MONTH}\s+)?(?:\d{{4}}|\d+\s+(?:days?|months?|years?))"
    r"|(?:posted|submitted|shared|cross-?posted)\s+(?:in|to)\s+[^·•|]{1,40}?\s+by\s+"
    rf"(?:{HANDLE}|[\w-]+))"
)

FORUM_META = re.compile(
    rf"\W*(?:{META_ITEM}(?:\s*[·•|,]\s*{META_ITEM})+"
    r"|(?![\d,.]+\s*(?:\w{1,3}|points)\W*$|op|mod|admin|moderator|verified|edited|pinned|stickied)"
    rf"{META_ITEM})\W*",
    re.IGNORECASE,
)

# A player's toggles, a whole line: "Show transcript", "Hide captions", "Turn on subtitles",
# "View full transcript", "Transcript".
TOGGLE = re.compile(
    r"\W*(?:(?:show|hide|view|read|open|close|expand|collapse|toggle|download|see|get"
    r"|turn\s+(?:on|off)|enable|disable)\s+(?:the\s+)?(?:full\s+|closed\s+|auto-?generated\s+)?)?"
    r"(?:transcripts?|captions?|subtitles|cc|chapters|show\s+notes|episode\s+notes)"
    r"(?:\s*:?\s*(?:on|off)(?:\s*/\s*(?:on|off))?)?\W*",
    re.IGNORECASE,
)

# A player's chapter list: two or more timestamps, each with a title, between separators
# ("Chapters: 00:00 Intro · 02:14 Markets wrap · 11:40 Earnings"; not "at 9:30 a.m.").
STAMPED = r"\d{1,2}:\d{2}(?::\d{2})?(?!\s*(?:[ap]\.?m\b|et\b))\s*[-–—:]?\s*[^·•|,;]{1,40}?"

CHAPTERS = re.compile(
    r"\W*(?:(?:chapters|timestamps|timeline|contents|in\s+this\s+(?:episode|video))\s*:?\s*)?"
    rf"{STAMPED}(?:\s*[·•|,;]\s*{STAMPED})+\W*",
    re.IGNORECASE,
)

# A video's message: "Video unavailable in your region", "This video is not available",
# "Autoplay next video in 5…", "Up next in 10 seconds".
VIDEO = Gated(
    r"\W*autoplay\b",
    r"\b(?:video|clip|episode|stream|livestream|media|player|audio)\s+(?:is\s+)?(?:currently\s+)?"
    r"(?:unavailable|not\s+available|cannot\s+be\s+played|failed\s+to\s+load|could\s+not\s+be"
    r"\s+(?:loaded|played)|has\s+been\s+removed|is\s+private)\b"
    r"|\b(?:next\s+(?:video|clip|episode)|up\s+next)\s+(?:starts\s+|plays\s+|begins\s+)?in\s+\d",
    {"unavailable", "available", "cannot", "failed", "could", "removed", "private", "next"},
)

# A list under a label: "Tags: Fed, Inflation, Bonds", "Filed under: Earnings, Retail",
# "Topics: ..." (items of a few words, no verb: not "Topic: the Fed held rates").
TAG_ITEM = r"#?[\w&$.'’/-]+(?:\s+[\w&$.'’/-]+){0,3}"

TAGS = re.compile(
    r"\W*(?:tags?|tagged(?:\s+(?:with|as|in))?|filed\s+(?:under|in)|topics?|categor(?:y|ies)"
    r"|keywords|labels?|related\s+topics|more\s+about|sections?)\s*:\s*"
    rf"{TAG_ITEM}(?:\s*[,|·•;/]\s*{TAG_ITEM})*\W*",
    re.IGNORECASE,
)

# The story before or after, led by an arrow or by "Previous": "← Previous: Stocks slip ahead
# of CPI", "Next →: ...", "Older: ..." ("Next: jobs data Friday" is a recap's week ahead).
ADJACENT_TITLE = re.compile(
    r"\W*(?:[←→«»‹›<>]\s*(?:previous|prev|next|older|newer|up\s+next)|(?:previous|prev|older"
    r"|newer))(?:\s+(?:story|article|post|episode|video|entry|item|page|recap|issue))?\s*[→»›>]?"
    r"\s*:\s*[\"“‘'(]?(?-i:[A-Z]).*",
    re.IGNORECASE,
)

# A strip of links under a related-reading label, joined by bullets: "Trending Now • Nvidia
# earnings preview • Bitcoin ETF flows" (the items may name markets: it is a whole line).
STRIP = re.compile(
    r"\W*(?:trending(?:\s+now|\s+today)?|popular(?:\s+now)?|most\s+(?:read|popular|viewed"
    r"|watched|shared)|top\s+(?:stories|reads|videos)|what's\s+(?:hot|trending)|hot\s+(?:topics"
    r"|right\s+now)|in\s+the\s+news|editor's\s+picks|latest\s+(?:news|headlines|videos))"
    r"\s*[:|•·]\s*(?:[^|•·]{1,50}?\s*[|•·]\s*)+[^|•·]{1,50}",
    re.IGNORECASE,
)

# The writer's own position, in the first person: "I am long AAPL and MSFT via ETFs", "We're
# short the stock" (not "I'm long-term bullish", "we are short of catalysts").
I_HOLD = re.compile(
    r"^\W*(?:disclos\w*\s*:\s*)?(?:i|we)(?:'m|’m|\s+am|'re|’re|\s+are|\s+remain|\s+(?:have|hold"
    r"|own)\s+(?:a\s+)?(?:small\s+|large\s+)?)\s*(?:long|short)\s+(?:(?-i:[A-Z]{1,5})\b|(?:a\s+)?"
    r"positions?\b|shares\b|the\s+(?:stock|shares|name)\b|calls?\b|puts?\b)"
    r"|^\W*disclos\w*\s*:\s*(?:i|we)\s+(?:own|hold|have)\b",
    re.IGNORECASE,
)

# A newsletter writer's greeting: "👋 Hi, I'm Kev — I write this newsletter every weekday",
# "I write this letter after the close" (not "I write this with stocks at records").
GREETING = re.compile(
    r"^\W*(?:hi|hey|hello|howdy|greetings|welcome)\b[^.!?]{0,20}?(?:i'm|i’m|i\s+am|it's|it’s"
    r"|this\s+is|my\s+name\s+is)\s+(?-i:[A-Z])\w*+(?![\s,]+(?:and|the|as|so)\b)"
    r"|\b(?:i|we)\s+(?:write|run|edit|publish|send|author|put\s+together|curate)\s+(?:this"
    r"|the)\s+(?:\w+\s+)?(?:newsletter|column|blog|letter|e-?mail|digest|briefing|note|recap)\b",
    re.IGNORECASE,
)

# A broadcast's own line: its airtime, "Watch live", "Tune in to ...", "As seen on <outlets>".
BROADCAST = Gated(
    r"\W*as\s+(?:seen|heard|featured)\s+(?:on|in)\s+(?-i:[A-Z])",
    r"\b(?:watch|listen|stream)\s+(?:us\s+)?live\b|\b(?:catch|see|join)\s+us\s+live\b"
    r"|\btune\s+in\b|\bon\s+air\s+(?:now|weekdays|weeknights|daily|every)\b"
    r"|\bcatch\s+the\s+full\s+(?:interview|episode|show|segment|conversation)\b"
    r"|\bafter\s+the\s+break\b"
    r"|\b(?:weekdays|weeknights|sundays|saturdays|(?:sunday|saturday|weekday)\s+mornings"
    r"|mondays\s+(?:to|through|-|–)\s+fridays)\s+"
    r"(?:from\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[–-]\s*\d{1,2}(?:[:.]\d{2})?\s*)?(?:am|pm|a\.m\.|p\.m\.)?",
    {
        "live", "tune", "air", "catch", "break", "weekdays", "weeknights", "sundays", "saturdays",
        "mornings", "mondays",
    },
)  # fmt: skip

SPONSOR = re.compile(
    r"^\W*(?:in\s+partnership\s+with|presented\s+by|sponsored\s+by|brought\s+to\s+you\s+by"
    r"|supported\s+by|powered\s+by)\s+(?-i:[A-Z])",
    re.IGNORECASE,
)


# Forms found anywhere in a line, tried in this order: chrome of their kind, though the
# market-news guard may still keep the sentence ("Netflix said group subscriptions grew 12%").

# A web address, which no listener can use ("Graphic: FX rates https://...", "www.x.com/y"), not
# a Markdown link's target: a shape (`SHAPES`), so a sentence of market figures that names one
# stays.
LINK = re.compile(r"(?<!\]\()(?:\bhttps?://\S|\bwww\.[\w-]+\.[a-z])", re.IGNORECASE)

# A show's host and a feed's data supplier, opening the line: "Hosted by Bill Castellano,
# weekday afternoons", "Prices sourced from the CoinHarbor order book" (guarded: "Data provided
# by S&P Global showed factory activity rose" is news).
CREDITED = Gated(
    r"^(?:\W*(?:hosted|co-hosted|presented|anchored|prepared|compiled|curated)\s+by\s+"
    r"(?:the\s+(?-i:[A-Z])|(?-i:[A-Z][\w'’.-]+\s+[A-Z][\w'’.-]+))"
    r"|\W*(?:market\s+)?(?:data|prices?|quotes?)\s+(?:as\s+of|at)\s+\d"
    r"|[^.]{0,60}\bpowered\s+by\s+(?-i:[A-Z])[^.]{0,30}$|\W*powered\s+by\s+[\w.&' -]{1,30}\W*$"
    r"|\W*(?:together|in\s+partnership)\s+with\s+(?-i:[A-Z])[\w.&' -]{1,40}\W*$)",
    # ... a station's licence, a show's recording, a media company's boilerplate (guarded: "The
    # drug is licensed to Pfizer in Europe" and "The charge was recorded on Tuesday" are news).
    r"\b(?:prices?|data|quotes?|rates?|bids?|figures?|charts?)\s+(?:are\s+|were\s+)?"
    r"(?:sourced|provided|supplied|powered)\s+(?:from|by)\b"
    r"|\b(?-i:[A-Z]{3,4})(?:-(?-i:AM|FM|TV|DT))?\s+is\s+licensed\s+to\b"
    r"|\b(?:episode|show|interview|podcast)\s+was\s+recorded\b"
    r"|\b(?:is|are)\s+(?:the|a|an)\s+(?:world's\s+|nation's\s+|country's\s+|leading\s+"
    r"|largest\s+|trusted\s+|independent\s+)+(?:[\w-]+\s+){0,3}(?:news|media)\s+"
    r"(?:provider|organi[sz]ation|publisher|company|source|brand|outlet)\b",
    {"sourced", "provided", "supplied", "powered", "licensed", "recorded", "news", "media"},
)

# The publisher's own identity and notes: its registration numbers ("Co. Reg. No. 199801234K",
# "Impressum", "HRB 110245"), a land acknowledgement, a language switch ("Lire en français"), a
# browser notice, the time zone its figures are in, how it is funded, that AI helped write it, a
# research house's market making and ratings key, a referral to the reader's adviser.
PUBLISHER = Gated(
    r"^\W*(?:(?:(?:read|lire|leer|lesen|ler|visit|visitez|also)\s+(?:in|en|auf|em)\s+)?"
    r"(?:français|francais|english|español|espanol|deutsch|português|portugues|italiano"
    r"|nederlands|svenska|polski|türkçe|hindi|中文|日本語|한국어)\W*$"
    r"|all\s+(?:times|timings|prices|quotes|figures)\s+(?:are\s+|shown\s+|listed\s+|quoted\s+)*"
    r"(?:in|as\s+of)\b|rating\s+key\s*:)",
    r"\b(?:company|co|reg|registration|registered|org|licen[cs]e|routing)\.?\s+(?:no|number|nr"
    r"|num)\.?\s*:?\s*[\w/().-]*\d|\bregistered\s+(?:office|in\s+england|address)\b"
    r"|\b(?:impressum|amtsgericht)\b|\bpress\s+code\b"
    r"|\bregistered\s+in\s+(?-i:[A-Z])[\w ]{1,25}?\s+(?:under\s+)?(?:no|number|nr)\.?\s*:?\s*\d"
    r"|\b(?-i:VAT|UEN|CUIT|RFC|HRB|ABN|ACN|CIN|GSTIN|EIN|USt-IdNr|SIREN|SIRET|KvK)\b\.?\s*"
    r"(?:no\.?|number)?\s*:?\s*(?-i:[A-Z]{2}\s?)?[\w-]*\d"
    r"|\btraditional\s+(?:territory|territories|owners|custodians|lands?)\b|\bunceded\b"
    r"|\brespects?\s+to\s+elders\b|\btranslate\s+this\s+(?:page|article|story|post)\b"
    r"|\bbest\s+viewed\s+(?:in|with|on)\b|\bbrowser\s+is\s+(?:out\s+of\s+date|outdated|not\s+supported)"
    r"|\bmade\s+possible\s+by\b|\b(?:viewers|listeners|readers)\s+like\s+you\b"
    r"|\b(?:funded|supported)\s+by\s+(?:its\s+|our\s+)?(?:members|readers|listeners|viewers"
    r"|subscribers)\b|\b(?:reader|listener|advertising|ad|member)-supported\s+publi(?:sher|cation)"
    r"|\bwith\s+ai\s+assistance\b|\b(?:drafted|written|summari[sz]ed)\s+with\s+(?:the\s+help\s+of"
    r"\s+)?(?:ai|artificial\s+intelligence)\b"
    r"|\bmakes?\s+a\s+market\s+in\b|\b(?:distribution\s+of\s+ratings|ratings?\s+distribution)\b"
    r"|\b(?:speak|talk)\s+(?:to|with)\s+your\s+(?:relationship\s+manager|(?:financial\s+)?advis[eo]r"
    r"|banker|planner|broker)\b",
    {
        "company", "co", "reg", "registration", "registered", "org", "license", "licence",
        "routing", "impressum", "amtsgericht", "code", "vat", "uen", "cuit", "rfc", "hrb", "abn",
        "acn", "cin", "gstin", "ein", "ust-idnr", "siren", "siret", "kvk", "traditional",
        "unceded", "elders", "translate", "viewed", "browser", "possible", "viewers",
        "listeners", "readers", "funded", "supported", "reader-supported", "listener-supported",
        "advertising-supported", "ad-supported", "member-supported", "ai", "makes", "make",
        "ratings", "speak", "talk",
    },
)  # fmt: skip


# A publisher's regulator and registrations ("... is authorised and supervised by the Financial
# Supervisory Authority", "an authorised financial services provider, FSP No. 51207", "a
# 501(c)(3) nonprofit", "Individual results will vary"); guarded: "the regulator said the
# exchange is not licensed by the SEC" is news.
REGULATED = Gated(
    None,
    r"\b(?:is|are)\s+(?:an?\s+)?(?:authori[sz]ed|regulated|supervised|licensed)\s+(?:and\s+"
    r"(?:authori[sz]ed|regulated|supervised|licensed)\s+)?by\s+the\b"
    r"|\bauthori[sz]ed\s+(?:financial\s+services\s+provider|(?:and\s+regulated\s+)?(?:firm"
    r"|dealer|broker))\b|\b(?-i:[A-Z]{2,6})\s+(?:reg\.?\s+)?(?:no|number|nr)\.?\s*:?\s*\d{3,}"
    r"|\b501\(c\)\(3\)|\bresults\s+(?:will|may|can)\s+vary\W*$"
    r"|\bis\s+published\s+by\s+(?-i:[A-Z])[^.]{0,40}\b(?:inc|ltd|llc|plc|gmbh|nonprofit"
    r"|limited|media|publishing)\b|\bmember\s+(?-i:FDIC|SIPC|FINRA|NFA|CIPF|IIROC)\b"
    r"|\bequal\s+housing\s+(?:lender|opportunity)\b|\bfinancial\s+instruments\s+business\s+operator\b"
    r"|\b(?:indices|indexes)\s+are\s+unmanaged\b|\bcannot\s+(?:be\s+)?invest(?:ed)?\s+(?:in\s+)?directly"
    r"|\bhypothetical\s+or\s+simulated\s+performance\b|\bseeks\s+to\s+do\s+business\s+with\b"
    r"|\bdoes\s+not\s+(?:warrant|guarantee)\s+(?:the\s+|its\s+|their\s+)?(?:accuracy|completeness)\b"
    r"|\bshould\s+not\s+be\s+used\s+(?:for|to\s+make|as\s+the\s+basis\s+for)\s+(?:any\s+)?"
    r"(?:financial|investment|trading)\s+decisions?\b"
    r"|\b(?:regulated|licensed|authori[sz]ed|supervised)\s+by\s+(?:the\s+)?(?-i:[A-Z]{3,})\b"
    r"|\b(?-i:[A-Z][A-Za-z]+)-regulated\b|\bunder\s+licen[cs]e\s+(?:no\.?\s*)?\d"
    r"|\b(?:deposits|customers|accounts)\b[^.]{0,25}?\b(?:are\s+)?protect(?:ed|s)\s+(?:up\s+to"
    r"|by\s+the)\b|\bpursuant\s+to\s+(?:a\s+licen[cs]e|the\s+(?:eu\s+)?market\s+abuse)\b"
    r"|\bmarket\s+abuse\s+regulation\b|\bregistered\s+(?:charity|society)\s+(?:no|number)\b"
    r"|\bmay\s+be\s+repossessed\b|\bdoes\s+not\s+endorse\b|\bsubject\s+to\s+change\s+without"
    r"\s+notice\b|\bhypothetical\s+performance\b|\bdo(?:es)?\s+not\s+reflect\s+actual\s+trading\b"
    r"|\bno\s+real\s+(?:money|investments?|trades?)\s+(?:is|are)\b|\bvirtual\s+cash\b"
    r"|\bare\s+offered\s+through\b|\b(?:applications?|registrations?)\s+(?:for\s+[^.]{1,40}?\s+)?"
    r"(?:close|closes|closing|open|opens|ends)\s+(?:on|friday|monday|tuesday|wednesday|thursday"
    r"|saturday|sunday|today|tomorrow|this|next|at|in)\b"
    r"|\bprotects\s+securities\s+customers\b|\bbrokercheck\b"
    r"|\bmay\s+not\s+be\s+(?:suitable|appropriate)\s+for\s+(?:all|every)\s+investors?\b"
    r"|\bnot\s+intended\s+to\s+be\s+held\s+long[- ]term\b"
    r"|\bconsider\s+the\s+(?-i:PDS|TMD|KID|KIID|PRIIPs|prospectus)\b",
    {
        "authorised", "authorized", "regulated", "supervised", "licensed", "no", "number", "nr",
        "501", "vary", "published", "member", "housing", "operator", "unmanaged", "directly",
        "simulated", "seeks", "warrant", "guarantee", "used", "protected", "protects",
        "brokercheck", "suitable", "appropriate", "intended", "consider", "pursuant", "abuse",
        "charity", "society", "repossessed", "endorse", "notice", "hypothetical", "reflect",
        "real", "virtual", "offered", "applications", "application", "registration",
        "registrations",
    },
)  # fmt: skip


# An account's offer, guarded ("Robinhood said new customers earn 3% APY ..., lifting deposits"
# and "users can trade Apple and 600+ other stocks around the clock" are news): "Earn 5.05% APY
# on your cash", "New users get up to $200 in bitcoin", "Your first 30 days of Level II quotes
# are on us", "You've unlocked Gold tier", "£500 cashback", "win a share of $50,000", "4,000+
# stocks in one app", "fractional shares from $1".
OFFER_TERMS = Gated(
    None,
    r"\b(?:is|are)\s+on\s+us\b|\bnew\s+(?:users|customers|members|clients)\s+(?:get|receive"
    r"|earn|can\s+get)\b|\bearn\s+(?:up\s+to\s+|an?\s+estimated\s+)?\d[\d.]*\s*%\s*(?:apy|apr"
    r"|back)\b|\bboost\s+your\b[^.]{0,30}\bapy\b|\byou(?:'|’)ve\s+unlocked\b"
    r"|\bwin\s+a\s+share\s+of\s+(?:[$€£¥₹]|\d)|(?:[$€£¥₹]\s?\d[\d,]*|\d[\d,.]*\s?%)\s+cash\s?back\b"
    r"|\bcash\s?back\s+(?:of|up\s+to)\s+[$€£¥₹\d]"
    r"|\b\d[\d,]*\+\s+(?:[\w-]+\s+){0,2}(?:stocks|etfs|assets|coins|markets|funds)\s+in\s+one"
    r"\s+(?:app|place|account)\b|\b(?:trade|buy|invest\s+in|browse|explore)\s+(?:[\w$,]+\s+){0,4}?"
    r"\d[\d,]*\+\s+(?:[\w-]+\s+){0,2}(?:stocks|etfs|assets|coins|cryptos?|tokens|markets|funds"
    r"|jobs|roles|courses|lessons)\b|\bfractional\s+shares\s+(?:starting\s+at|from|for\s+as"
    r"\s+little\s+as)\b",
    {
        "us", "users", "customers", "members", "clients", "earn", "boost", "unlocked", "share",
        "cashback", "cash", "one", "trade", "buy", "invest", "browse", "explore", "fractional",
    },
)  # fmt: skip


GUARDED_FORMS: tuple[tuple[Searched, str], ...] = (
    (CREDITED, "sources"),
    (SPONSOR, "footer"),
    (BROADCAST, "player"),
    (VIDEO, "player"),
    (GIFT, "promotion"),
    (ENDED, "call_to_action"),
    (GREETING, "author_bio"),
    (METER, "call_to_action"),
    (PUBLISHER, "footer"),
    (REGULATED, "footer"),
    (OFFER_TERMS, "promotion"),
    (GROUP_DEAL, "promotion"),
    (NUDGE, "call_to_action"),
)

# Forms that are chrome whatever they say (a market word in them does not make them news):
# a related-reading label before a headline ("Also Read: Nifty Bank hits record"), a clip with
# its duration ("Clip · 2:47 · Rupee slips ..."), a print export's line ("Printed from ... on
# ...", "— 4 —", "Page 3 of 7"), a bare address, a footnote ("[2] Figures are provisional"), a
# press release's furniture ("###", "About Corvanta Industries", "About Helmsworth plc: Helmsworth
# is a ...").
RELATED_LABEL = re.compile(
    r"\W*(?:also\s+(?:read|see|watch)|(?:also\s+)?in\s+this\s+issue|inside\s+this\s+issue"
    r"|read\s+also|see\s+also|must\s+read|don't\s+miss|related"
    r"(?:\s+(?:story|stories|article|articles|read|news|coverage))?|recommended(?:\s+for\s+you)?"
    r"|trending(?:\s+now|\s+today)?|popular\s+now|in\s+case\s+you\s+missed\s+it|icymi)"
    r"\s*[:|»›→—–]\s*\S.*",
    re.IGNORECASE,
)

CLIP = re.compile(
    r"^\W*(?:clip|video|watch|audio|podcast|episode|listen)\s*[·|•:—–-]\s*\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)

PRINTED = re.compile(r"^\W*printed\s+(?:from|on|at|by|via)\b", re.IGNORECASE)

PAGE_MARK = re.compile(
    r"\W*(?:[—–-]\s*\d{1,3}\s*[—–-]|page\s+\d{1,3}\s+of\s+\d{1,3}|continued\s+(?:on|from)\s+"
    r"(?:next\s+|the\s+next\s+)?page(?:\s+[A-Z]?\d{1,3})?)\W*",
    re.IGNORECASE,
)

ADDRESS = re.compile(r"\W*(?:https?://|www\.)\S+\W*", re.IGNORECASE)

FOOTNOTE = re.compile(r"^\s*(?:\[\d{1,2}\]|[†‡]+)\s*[A-Z]")

NAME_WORD = r"(?-i:[A-Z][\w&.'’-]*|plc|ltd|inc\.?|llc|limited|co\.)"

ABOUT = re.compile(
    rf"about\s+{NAME_WORD}(?:\s+(?:{NAME_WORD}|of|and|&)){{0,5}}\s*"
    rf"|about\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,5}}\s*[:—–]\s+{NAME_WORD}.{{0,40}}?\s(?:is|are)"
    r"\s+(?:a|an|the|one)\b.*",
    re.IGNORECASE,
)

SEARCH = re.compile(r"^\W*search\s+results\s*(?:for\b|:)", re.IGNORECASE)

CAPTION = re.compile(r"^\W*(?:photo\s+|image\s+|chart\s+)?caption\s*[:|—–]", re.IGNORECASE)

# A correction note ("Clarification, June 3: This article was amended ...", "(Corrects paragraph
# 4 to show ...)"), a poll ("POLL: Will the Fed cut? Vote now", "(1,204 votes)"), a job ad, a
# translation notice, a caption's photo credit ("... (Photo: Elena Voss/Getty Images)"), a graphic
# to expand, a press release's safe-harbour heading and end mark, a print edition's running head.
CORRECTION = re.compile(
    r"^\W*(?:correction|clarification|editor's\s+note|editor’s\s+note)\s*(?:,\s*[^:]{1,25})?\s*:"
    r"|^\W*\(\s*(?:corrects|updates|adds|recasts|refiles|fixes)\b[^()]{0,60}\b(?:paragraphs?|paras?"
    r"|headline|byline|dateline)\b[^()]{0,20}\)"
    r"|^\W*\(?\s*(?:corrects|updates|adds|recasts|refiles|fixes)\s+(?:paragraph|para|headline"
    r"|story|byline|dateline|spelling|typo|to\s+(?:add|include|show|fix|correct))\b",
    re.IGNORECASE,
)

POLL = re.compile(
    r"^\W*(?:quick\s+|reader\s+|today's\s+|daily\s+)?poll\s*[:|—–]|\(\d[\d,]*\s+votes?\)"
    r"|\bvote\s+now\b|^\W*results\s+so\s+far\s*:",
    re.IGNORECASE,
)

JOBS = re.compile(
    r"^\W*(?:featured\s+jobs?|jobs?\s+of\s+the\s+(?:day|week)|we(?:'|’)re\s+hiring|now\s+hiring"
    r"|careers\s+at|join\s+our\s+team)\b",
    re.IGNORECASE,
)

TRANSLATED = re.compile(
    r"\bmachine[- ]translat\w*|\b(?:automatically|machine|auto)[- ]translated\b|\btranslated\s+"
    r"(?:from|by)\s+(?:the\s+|our\s+)?(?:original|english|\w+\s+(?:version|edition|original))",
    re.IGNORECASE,
)

PHOTO_CREDIT = re.compile(
    r"\((?:photos?|images?|pictures?|graphics?|credit)\s*(?:credit|by)?\s*:?\s*[^()]{2,60}\)\W*$"
    r"|\((?:tap|click|touch)\s+to\s+(?:expand|enlarge|zoom|view|play)\)",
    re.IGNORECASE,
)

RELEASE = re.compile(
    r"\bsafe\s+harbou?r\s+statement\b|\bprivate\s+securities\s+litigation\s+reform\s+act\b"
    r"|\bidentify\s+forward-looking\s+statements\b|\bnon-gaap\s+(?:financial\s+)?measures?\s+"
    r"(?:are|is)\s+reconciled\b|\btax\s+treatment\s+depends\b",
    re.IGNORECASE,
)

# A row of reaction glyphs with their counts, from the line's start: "♥ 184 💬 37 ↻ 12".
REACTIONS = re.compile(r"\W{0,3}(?:[♥❤♡💬🗨🔁↻⟳👍👎🔥⭐★]\ufe0f?\s*\d[\d,.]*[kKmM]?\s*){2,}")

WHOLE_FORMS = (
    (REACTIONS, "share"),
    (CORRECTION, "footer"),
    (JOBS, "footer"),
    (RELATED_LABEL, "related"),
    (SEARCH, "related"),
    (CAPTION, "sources"),
    (CLIP, "player"),
    (PRINTED, "footer"),
    (FOOTNOTE, "footer"),
)

HASHTAGS = re.compile(r"(?:[\w ]{1,20}:\s*)?(?:#\w+[\s,]*){2,}")

HEADINGS = re.compile(
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
FORUM = Gated(
    r"\W*(?:rule\s+\d{1,2}\s*:|(?:release\s+date|next\s+release|embargoed?(?:\s+until)?)\s*:"
    r"|(?:stories|articles|coverage)\s+from\s+(?-i:[A-Z]).*\band\s+\d+\s+more\b"
    r"|(?:tap|click|swipe|press)\s+(?:here\s+)?to\s+\w+)",
    r"\b(?:logged|log)\s+in\s+to\s+(?:post|comment|reply|vote)\b|\bpinned\s+by\b"
    r"|\b(?:transcripts?|captions?|subtitles?)\s+(?:(?:was|were|is|are)\s+)?"
    r"(?:generated|created|produced)\s+(?:automatically|by\s+(?:ai|a\s+machine|software))"
    r"|\blast\s+(?:reviewed|modified)\b|\byou\s+(?:may|might)\s+also\s+(?:like|enjoy"
    r"|be\s+interested)\b",
    {"logged", "log", "pinned", "generated", "created", "produced", "reviewed", "modified", "also"},
)

CREDENTIALS = r"(?:CFA|CFP|CMT|CAIA|FRM|CPA|PhD|Ph\.D\.|MBA|ChFC|CLU|EA|FCA|ACA)®?"

BIO_CREDENTIALED = re.compile(
    rf"^\W*(?:[A-Z][\w.'’-]*\s+){{1,3}}?[A-Z][\w'’-]+(?:,\s*{CREDENTIALS})+,?\s+(?:is|was|has|spent"
    r"|leads|heads|runs|covers|writes)\b"
    r"|^\W*(?:instructor|host|presenter|moderator|speaker|author)\s*:\s*(?-i:[A-Z])\w+\s+(?-i:[A-Z])"
)

# Stop 21's kinds, each chrome whatever it says:
# - a text-message call to action ("Text GOLD to 55123", "Msg & data rates may apply");
# - a news terminal's instruction and a wire's currency note opening a line ("type LIVE/ in a
#   news window", "(($1 = 0.93 euros)) ..."; the note alone is `FX_NOTE`);
# - a forum's notice: a locked thread, a top comment, a flag link, a sort menu, a handle's label
#   ("u/AutoModerator: ...");
# - a masthead's motto ("Serving Harlan County since 1887"), a broadcaster's public file (EEO),
#   letters-to-the-editor rules, an interview "edited for length";
# - an app's own notice ("Update available", "Lesson 3 of 12"), a figure the text cannot show,
#   a podcast's episode number, "click here", "please visit", an email's reason for arriving,
#   an account to open, a product's audience ("Not available to residents of ...");
# - a bio's "About the instructor:" and a writer joining as editor or writing a column.
TEXT_CODE = Gated(
    None,
    r"\b(?:text|sms|txt)\s+(?:the\s+word\s+)?[\"“‘']?(?-i:[A-Z]{2,})[\"”’']?\s+to\s+\d{3,6}\b"
    r"|\b(?:msg|message|messaging)\s*(?:&|and)\s*data\s+rates\b|\bstandard\s+(?:text\s+|sms\s+)?"
    r"rates\s+(?:may\s+)?apply\b|\breply\s+(?-i:STOP|HELP)\b|\b(?-i:STOP)\s+to\s+(?:opt\s+out"
    r"|unsubscribe|cancel|end|quit)\b",
    {"text", "sms", "txt", "msg", "message", "messaging", "apply", "reply", "stop"},
)

TERMINAL = Gated(
    r"\s*\(\(\s*[$€£¥]?\s*\d[^()]{0,30}=[^()]{1,40}\)\)",
    r"\b(?:in|into)\s+(?:a|the|your)\s+news\s+window\b",
    {"window"},
)

FORUM_NOTICE = Gated(
    r"^\W*(?:(?:top|best|featured|highlighted|most\s+liked)\s+(?:comment|reply|answer)s?\s*[:—–]"
    r"|(?:flag|report)\s+(?:as\s+[\w-]+|this\s+(?:post|comment|reply)|abuse|spam)\W*$"
    r"|sort(?:ed)?\s+(?:by|comments)\s*:?\s*[\w ,-]{0,25}[▾▿⌄]?\W*$|/?[ur]/[\w-]{2,}\s*:"
    r"|liked\s+by\s+\S+\s+and\s+[\d,.]+[kKmM]?\s+others\b)",
    r"\bthreads?\s+(?:was\s+|were\s+|has\s+been\s+|is\s+(?:now\s+)?|will\s+be\s+)?"
    r"(?:automatically\s+|auto-)?(?:locked|archived)\b|\bI\s+am\s+a\s+bot\b"
    r"|\b(?:violators|offenders|spammers|repeat\s+offenders)\s+will\s+be\s+(?:banned|removed"
    r"|muted|blocked)\b|\binstant\s+(?:ban|removal)\b|\bperformed\s+automatically\b|\bthis\s+(?:comment|post|reply|message)\s+(?:has\s+been"
    r"|was)\s+(?:hidden|removed|deleted|flagged)\b",
    {
        "locked", "archived", "bot", "automatically", "hidden", "removed", "deleted", "flagged",
        "violators", "offenders", "spammers", "instant",
    },
)  # fmt: skip

MASTHEAD = Gated(
    r"^\W*(?:proudly\s+)?(?:serving|covering|informing)\b[^.]{2,50}?\bsince\s+\d{4}\b",
    r"\b(?:serving|covering|informing)\s+(?:the\s+)?(?-i:[A-Z])[\w'’.-]*"
    r"(?:\s+(?-i:[A-Z])[\w'’.-]*){0,3}\s+since\s+\d{4}\b"
    r"|[|·•—–★]\s*\W*(?:proudly\s+)?(?:serving|covering|informing)\b[^.]{2,50}?\bsince\s+\d{4}\b"
    r"|[|·•—–★]\s*(?:[^.|·•]{0,40}\s)?(?-i:Since|SINCE|Est\.|EST\.|Established|Founded)\s+"
    r"(?:in\s+)?\d{4}"
    r"|[|—–]\s*[^.|]{0,60}\b(?:news|newspaper|journal|journalism|magazine|paper|newsletter"
    r"|publication|reporting|coverage|business\s+(?:news|in\s+english|journalism|reporting))\b"
    r"[^.|]{0,40}\bsince\s+\d{4}\W*$"
    r"|\bEEO\b|\bpublic\s+(?:inspection\s+)?file\b|\bletters?\s+to\s+the\s+editor\b"
    r"|\b(?:edit|edited|condensed)\s+(?:\w+\s+){0,2}for\s+(?:length|clarity|time)\b"
    r"|\bnewspaper\s+of\s+record\b",
    {
        "since",
        "est",
        "established",
        "founded",
        "eeo",
        "file",
        "editor",
        "edited",
        "edit",
        "condensed",
        "newspaper",
    },
)

APP_NOTICE = Gated(
    r"^\W*(?:(?:app\s+)?update\s+available|new\s+in\s+(?:this\s+)?version"
    r"|(?:price\s+)?alert\s+(?:triggered|set|created)"
    r"|(?:this\s+week's\s+|today's\s+|tonight's\s+)?guests?(?:\s+this\s+week|\s+today"
    r"|\s+tonight)?\s*:\s*(?-i:[A-Z])|(?:figure|fig\.|exhibit)\s+\d+[a-z]?\s*[:.—–]"
    r"|open\s+(?:an?|your)\s+(?:[\w-]+\s+){0,3}(?:account|ira|isa|portfolio|wallet)\b)",
    r"\blesson\s+\d+\s+of\s+\d+\b|\b(?:click|tap)\s+here\b|\bstep\s+\d+\s*(?:/|of)\s*\d+\b"
    r"|\b(?:downloading|buffering|uploading)\b[^.]{0,30}\d+\s*%|\bsession\s+(?:has\s+)?"
    r"(?:expired|timed\s+out)\b|\bplease\s+log\s+in\b|\badd\s+funds\b"
    r"|\bavailable\s+to\s+(?:invest|trade|withdraw)\s*:|\byour\s+(?:recurring|scheduled|automatic"
    r"|auto-?)\s*(?:buy|purchase|investment|deposit|order)\b|\byour\s+(?:portfolio|account)\s+"
    r"(?:was|has\s+been)\s+(?:automatically\s+)?(?:rebalanced|funded|opened|updated)\b"
    r"|\bsettings\s*[>›→]|\((?:tap|click|touch)\s+to\s+\w+\)"
    r"|\bnot\s+(?:reproducible|available|shown|displayed|rendered)\s+in\s+(?:this\s+|the\s+)?"
    r"(?:text|plain|email|e-mail|print|audio)\b|\bep(?:isode|\.)?\s*#?\d+\s*[:—–|]"
    r"|\bplease\s+(?:visit|go\s+to|refer\s+to|click|tap|call|email|e-mail|write\s+to)\b"
    r"|\b(?:you\s+are|you're|you’re)\s+receiving\s+this\b"
    r"|\bbecause\s+you\s+(?:signed\s+up|subscribed|opted\s+in|registered|joined)\b"
    r"|\bnot\s+(?:available|offered|intended)\s+(?:to|for)\s+(?:\w+\s+)?(?:residents|persons"
    r"|citizens|investors|users)\b",
    {
        "lesson", "click", "tap", "step", "downloading", "buffering", "uploading", "session",
        "log", "funds", "available", "recurring", "scheduled", "automatic", "auto", "portfolio",
        "account", "settings", "touch", "reproducible", "shown", "displayed", "rendered", "ep",
        "episode", "please", "receiving", "because", "offered", "intended",
    },
)  # fmt: skip

# A page's own notes to its reader: scripts to enable, an address book, an automatic
# message, an empty search, a video's length, an illustration's credit, a file image, a wire's
# dateline alone, a channel's bell, a wheel to spin.
PAGE_NOTES = Gated(
    r"^(?:\W*(?:illustration|graphic|photograph|photo|picture|image|artwork|map|video)s?\s*(?:by|credit)?"
    r"\s*:\s*(?-i:[A-Z])[^.]{0,40}$|\s*(?-i:[A-Z]{3,}(?:\s[A-Z]{3,})?),\s+\w+\.?\s+\d{1,2}"
    r"\s+\((?-i:[A-Z])[\w .&-]{1,30}\)\s*[—–-]\s*$)",
    r"\b(?:enable|turn\s+on|activate)\s+javascript\b|\bjavascript\s+(?:is\s+)?(?:required|disabled"
    r"|needed)\b|\brequire\s+javascript\b|\baddress\s+book\b|\bland\s+in\s+(?:your\s+)?(?:spam"
    r"|junk|promotions)\b|\bdo\s+not\s+reply\b|\bgenerated\s+automatically\b"
    r"|\bno\s+results\s+(?:found|for)\b|\b(?:video|episode|audio|clip)\s+length\b"
    r"|\b(?:file|stock|representative)\s+(?:image|photo|picture)\W*$"
    r"|\bhit\s+the\s+(?:bell|like\s+button|subscribe\s+button)\b|\bspin\s+the\s+wheel\b"
    r"|\bbook\s+an?\s+ad\s+slot\b",
    {
        "javascript", "address", "land", "reply", "generated", "results", "length", "image",
        "photo", "picture", "hit", "spin", "book",
    },
)  # fmt: skip

# A meter drawn in blocks: "Progress: ▓▓▓▓▓▓░░░░ 60%".
BLOCKS = re.compile(r"[▓░▒▮▯█]{3,}")

BIO_ROLE = Gated(
    r"\W*about\s+the\s+(?:authors?|writers?|instructors?|hosts?|presenters?|contributors?"
    r"|columnists?|editors?|team|reporters?)\s*[:—–]",
    r"\bjoin(?:ing|ed)\s+(?:the\s+)?(?-i:[A-Z])\S*(?:\s+(?-i:[A-Z])\S*){0,3}\s+as\s+"
    r"(?:(?:a|an|its|our|the)\s+)?(?:[\w-]+\s+){0,2}(?:editor|columnist|reporter|writer"
    r"|correspondent|contributor|host|co-host|presenter)\b"
    r"|\bwrites\s+(?:the\s+|our\s+|this\s+|a\s+|his\s+|her\s+)?(?:[\w'’-]+\s+){0,3}"
    r"(?:column|newsletter)\b",
    {"joining", "joined", "writes"},
)

# Stop 22's kinds, each chrome whatever it says:
# - a phone number in groups joined by dashes or dots ("080-4718-2290", "+82-2-3770-5512"; a
#   date's 8 digits are too few: `contact_number`), a street address's number and street type
#   with a suite or a postal code ("410 Mission St, Suite 900", "San Francisco, CA 94105");
# - a serial's numbers ("ISSN 0045-1187", "Vol. 127, No. 88"), a broadcaster's schedule and
#   frequency ("airs weekdays at 5:30 p.m.", "on 89.7 FM");
# - a bio's past: "Before joining KWRN in 2016, she covered ...", "joined the Review in 2021 and
#   writes about ...", "I now write about ...", "Sarah Kwok, Markets reporter.";
# - languages offered side by side ("English | 日本語 | 中文") or a short line in one
#   ("Markedsoversikt på norsk", "Leia em português");
# - a promotion's terms ("Ts & Cs apply", "stand a chance to win", "win a share of $50,000",
#   "cashback", "money-back guarantee", "4,000+ stocks in one app");
# - a page's own notes: a cookie notice, a weather alert, a streak to keep, "link in
#   description", a reaction to post, a forum's "before posting", a letter's enclosure and
#   delivery by post, a voice skill's permissions, "RSVP", a review on a podcast app, a
#   reader's pitch to write for it, instructions not to send by email.
CONTACT = Gated(
    r"^\W*(?:enclosures?\s*:|weather\s+alert\s*:|react\s+with\b|merch\s+drop\s*:"
    r"|(?:ok(?:ay)?,?\s+)?got\s+it\W*$"
    r"|meet\s+the\s+(?:team|writers|hosts|editors|authors|analysts)\b|quiz\s+time\b"
    r"|(?:customer\s+(?:care|service|support)|helpline|hotline|switchboard|call\s+us)\s*:)",
    r"\b\d{1,5}\s+(?:(?-i:[A-Z])[\w'’.-]*\s+){1,3}(?:st|street|ave|avenue|rd|road|blvd"
    r"|boulevard|lane|ln|way|place|pl|square|sq|drive|dr|parkway|pkwy)\b\.?,\s*(?:suite|ste"
    r"|floor|fl|level|unit)\b|\b(?:suite|ste)\.?\s+\d{1,5},\s*(?-i:[A-Z])"
    r"|\bissn\s*:?\s*\d{4}-\d{3}[\dx]\b|\bvol(?:\.|ume)\s*\d{1,4},?\s+no\.\s*\d{1,4}\b"
    r"|\bairs\s+(?:every\s+|each\s+)?(?:weekdays?|weeknights?|daily|nightly|mondays?|tuesdays?"
    r"|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|at\s+\d)"
    r"|\b(?:on|to|at)\s+\d{2,3}\.\d\s*(?-i:FM)\b"
    r"|\b(?:we|site|website|page|app)\s+(?:[\w-]+\s+){0,3}?(?:use|uses)\s+cookies\b|\bcookie\s+(?:policy|settings|preferences|notice)\b"
    r"|\baccept\s+(?:all\s+)?cookies\b"
    r"|\b(?:keep|continue)\s+(?:the|your)\s+streak\s+(?:going|alive)\b"
    r"|\blink\s+in\s+(?:the\s+)?(?:description|bio|comments)\b|\bbefore\s+posting\b"
    r"|\breceive\s+this\s+(?:letter|newsletter|email|e-mail|report|bulletin)\s+by\s+"
    r"(?:post|mail|email|e-mail)\b|\bdevice\s+location\b|\bthis\s+skill\s+(?:may|can|will"
    r"|requires|needs|uses)\b|\brsvp\b"
    r"|\b(?:review|rating|stars?)\s+on\s+(?:apple\s+podcasts|spotify|itunes|youtube"
    r"|google\s+podcasts)\b|\bwant\s+to\s+(?:write|contribute)\s+for\b"
    r"|\bpitch\s+meetings?\b|\bnominations\s+(?:are\s+)?(?:now\s+)?(?:open|close[sd]?|closing)\b"
    r"|\bchip\s+in\s+(?:from|with|today|now|[$€£]|\d)|\b(?:thank\s+you\s+to|thanks\s+to|join)\s+(?:all\s+)?(?:our\s+)?(?:over\s+)?"
    r"\d[\d,.]*\s*(?:k|m|million|thousand)?\s+(?:readers|subscribers|members|listeners|learners"
    r"|investors|traders|viewers)\b|\b\d{2,3}\.\d\s+(?:(?-i:[A-Z])[\w&'’-]*\s+){0,3}(?-i:FM)\b"
    r"|\b\d{3,4}\s+(?-i:AM)\s*[—–|-]|\baffiliate\s+stations\b|\bclosed\s+captioning\s+(?:is\s+)?"
    r"(?:provided|sponsored|made\s+possible)\b|\b(?:do\s+not|don't|don’t)\s+send\s+(?:trade\s+|trading\s+)?"
    r"(?:instructions|orders)\b",
    {
        "st", "street", "ave", "avenue", "rd", "road", "blvd", "boulevard", "lane", "ln", "way",
        "place", "pl", "square", "sq", "drive", "dr", "parkway", "pkwy", "suite", "ste", "issn",
        "vol", "volume", "airs", "fm", "cookies", "cookie", "got", "going", "link", "posting",
        "receive", "location", "skill", "rsvp", "review", "rating", "stars", "star", "write",
        "contribute", "pitch", "send", "nominations", "chip", "readers", "subscribers", "members",
        "listeners", "learners", "investors", "traders", "viewers", "am", "affiliate", "captioning",
    },
)  # fmt: skip

BIO_PAST = Gated(
    r"^\W*(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){1,2},\s+(?:[\w'’&-]+\s+){0,3}"
    r"(?:reporter|editor|correspondent|columnist|writer|producer|host|contributor)\s*(?:[.|]|$)",
    r"\b(?:before|prior\s+to)\s+joining\b[^.]{0,60}\b(?:she|he|they|I)\s+(?:covered|wrote"
    r"|reported|worked|spent|was|ran|edited)\b"
    r"|\bjoined\s+[^.]{1,60}?\s+in\s+\d{4}\s+and\s+(?:now\s+)?(?:writes|covers|reports"
    r"|edits)\b"
    r"|\bI\s+now\s+write\s+about\b|\bnow\s+writes\s+about\b",
    {"joining", "joined", "write", "writes"},
)

# Languages side by side, or a short line offering one (`page_form` weighs its length).
LANGUAGE = (
    r"(?:english|français|francais|español|espanol|deutsch|português|portugues|italiano"
    r"|nederlands|svenska|norsk|dansk|suomi|polski|türkçe|hindi|korean|japanese|chinese"
    r"|arabic|العربية|中文|简体中文|繁體中文|日本語|한국어|русский|bahasa(?:\s+\w+)?)"
)
LANGUAGES = re.compile(
    rf"\W*{LANGUAGE}(?:\s*[|/·•]\s*{LANGUAGE})+\W*"
    rf"|[^.]{{0,40}}\b(?:in|en|em|på|auf)\s+{LANGUAGE}\W*",
    re.IGNORECASE,
)

PROMOTION_TERMS = Gated(
    r"^\W*stand\s+a\s+chance\s+to\s+win\b",
    r"\b(?:ts|t)\s*&\s*(?:cs|c)\s+apply\b|\bterms\s+(?:and|&)\s+conditions\s+apply\b"
    r"|\bmoney-back\s+guarantee\b|\bnew\s+(?:customers|users|members|clients|accounts)\s+only\b"
    r"|\bscheduled\s+maintenance\b|\bfeatures?\s+may\s+be\s+(?:unavailable|limited)\b",
    {"apply", "guarantee", "only", "maintenance", "features", "feature"},
)

# A page's own furniture, each chrome whatever it says (stop 22, second part):
# - an ad's or a sponsor's label ("Ad · ...", "Promo: ...", "A word from our sponsor:", "Thanks to
#   X for sponsoring"), a course's or an event's pitch (a cohort, early-bird tickets, a booth, a
#   watch party, "You're invited:", a masterclass, a self-paced course);
# - an app's notices (a statement ready, a session about to expire, a price alert, a watchlist's
#   "since you added it", notifications to enable, a key to press, an ad blocker, cookies to
#   reject);
# - a forum's rules (bans, mods, who cannot post, what is removed or not allowed);
# - trademarks ("... are trademarks of", "respective owners", "used under licence");
# - a correction's or a republication's note, a data page's notes (end-of-day values that "may
#   differ", "not intended for trading purposes", prices shown in a currency, charts that
#   refresh), an account's terms ("Terms apply", a minimum balance, rates "variable and not
#   guaranteed"), office hours, press contacts.
FURNITURE = Gated(
    r"\W*(?:(?:ad|ads|advert|advertisement|promo|promoted|sponsored|paid\s+post|partner\s+content"
    r"|(?:today(?:'|’)s\s+|our\s+|this\s+week(?:'|’)s\s+)?sponsors?)\s*[·:|—–]|reply\s+to\s+@"
    r"|embedded\s+content\s+from\b|you(?:'|’)re\s+invited\s*:|price\s+alert\s*:|holiday\s+hours\s*:"
    r"|(?:media|press|advertising|editorial)\s+(?:enquiries|inquiries|contact)\s*:"
    r"|(?:all\s+)?(?:prices|figures|quotes|values)\s+(?:are\s+)?(?:shown|quoted|listed)\s+in\s"
    r"|level\s+up\s+your\b|(?:posts|comments|threads|replies|messages)\b[^.]{0,50}\bwill\s+be\s+"
    r"(?:removed|deleted|locked)\b|live\s+(?:event|webinar|stream|q\s*&\s*a)\s*[|:·—–]|upgrade\s+to\s+(?-i:[A-Z])|official\s+rules\b|what(?:'|’)s\s+new\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:app|version|v?\d|release|update)\b"
    r"|alt(?:ernative)?\s+text\s*:|(?:tweet|share|post)\s+this\s*:"
    r"|market\s+(?:closed|open)\s*[·|•]|order\s+(?:filled|placed|preview|submitted|type)\b"
    r"|time\s+in\s+force\b|switch\s+to\s+(?:[\w-]+\s+)?(?:view|mode)\b"
    r"|transfer\s+(?:your|an?)\s+(?:[\w-]+\s+){0,2}(?:(?:ira|pension|isa|rrsp|tfsa|sipp"
    r"|(?:brokerage\s+)?account)\b|401\(k\))|(?:hi|hey|hello),?\s+(?-i:[A-Z])\w+\W+your\s+portfolio\b"
    r"|view\s+all\s+(?:[\w-]+\s+){0,3}(?:columns|stories|articles|posts|episodes|news|videos"
    r"|podcasts)\W*$|reprints?\s*(?:&|and)\s*permissions\W*$"
    r"|(?:accept\s+all|deposit\s+funds|add\s+to\s+(?:portfolio|watchlist|favou?rites|calendar"
    r"|cart)|jump\s+to\s+(?:latest|top|comments)|refresh\s+for\s+(?:the\s+)?latest(?:\s+updates)?"
    r"|view\s+non-amp(?:\s+version)?|people\s+also\s+(?:watch|viewed|bought|search|ask)"
    r"|review\s+order|swipe\s+(?:up|left|right)\s+to\s+\w+|back\s+to\s+(?:top|news|home|feed"
    r"|results|search|markets)|client\s+log\s*-?in|mark\s+as\s+(?:read|complete|done)"
    r"|reuse\s+this\s+content)\W*$)",
    r"\bword\s+from\s+our\s+sponsors?\b|\bfor\s+sponsoring\b|\b(?:next|first)\s+cohort\b"
    r"|\benrol(?:l|ls|ling)?\s+(?:in|now|today)\b|\bearly-bird\b|\bself-paced\b|\bmasterclass\b"
    r"|\bat\s+booth\s+\d|\bwatch\s+party\b|\bset\s+a\s+reminder\b"
    r"|\b(?:statement|report|document|tax\s+form)\s+is\s+(?:now\s+)?ready\b"
    r"|\bsession\s+will\s+(?:expire|time\s+out)\b|\bstay\s+signed\s+in\b"
    r"|\bsince\s+you\s+added\s+it\b|\benable\s+(?:push\s+)?notifications\b"
    r"|\bpress\s+(?:space|esc|escape|enter)\b|\bad\s*-?blocker\b|\bwhitelist\s+us\b"
    r"|\breject\s+(?:all|non-essential)\b|\b(?:strictly\s+necessary|non-essential)\s+cookies\b"
    r"|\b(?:tap|click)\s+to\s+(?:see|view|resume|open|read|learn|continue|play|expand)\b"
    r"|\b(?:temp|temporary|permanent|perma)[\s-]?ban\b|\bto\s+the\s+mods\b|\bcannot\s+post\s+in\b"
    r"|\b(?:links|invites|posts|self-promotion|screenshots)\s+(?:are|is)\s+not\s+allowed\b"
    r"|\bbanned\s+from\s+the\s+(?:daily\s+)?thread\b|\bautomatically\s+posted\b"
    r"|\bor\s+(?:they(?:'|’)re|it(?:'|’)s|they\s+will\s+be|it\s+will\s+be)\s+removed\b"
    r"|\b(?:are|is)\s+(?:a\s+)?(?:registered\s+)?trademarks?\s+of\b"
    r"|\bproperty\s+of\s+their\s+respective\s+owners\b|\bused\s+under\s+licen[cs]e\b"
    r"|\ban\s+earlier\s+(?:version|headline|edition)\b[^.]{0,40}\b(?:incorrectly|mistakenly"
    r"|wrongly|misstated|misspelled)\b|\boriginally\s+published\s+on\b"
    r"|\bmay\s+differ\s+from\s+(?:the\s+)?official\b|\bnot\s+intended\s+for\s+trading\s+purposes\b"
    r"|\brefresh(?:es)?\s+every\s+\d+\s+(?:seconds|minutes)\b"
    r"|\bminimum\s+(?:balance|deposit)\s+of\b[^.]{0,30}\brequired\b|\baccurate\s+as\s+of\b"
    r"|\bvariable\s+and\s+not\s+guaranteed\b|^\W*(?:terms|conditions|restrictions|exclusions)"
    r"\s+(?:may\s+)?apply\W*$|\.\s+(?:terms|conditions|restrictions|exclusions)\s+(?:may\s+)?apply\b"
    r"|\b(?:our|the)\s+(?:[\w-]+\s+)?offices?\s+(?:will\s+be|is|are)\s+closed\b|\boffice\s+hours\s*:"
    r"|\bhas\s+joined\s+the\s+(?:channel|chat|server|group|room|thread)\b|\bin\s+a\s+few\s+(?:clicks"
    r"|taps)\b|\bsince\s+you\s+last\s+visited\b|\bgift\s+aid\b|\bpre-clearance\b"
    r"|\b(?:rate|review|follow|subscribe\s+to)\b[^.]{0,40}\bon\s+(?:apple\s+podcasts|spotify|itunes"
    r"|google\s+podcasts)\b|\b(?:kindly|generously|proudly)\s+sponsored\s+by\b"
    r"|\bwith\s+an?\s+\d+[- ]minute\s+delay\b|\b(?:other|additional|regulatory|standard|exchange"
    r"|transaction)\s+fees\s+(?:may\s+)?apply\b"
    r"|\bbe\s+the\s+first\s+to\s+(?:comment|review|reply|rate)\b|\boriginally\s+posted\s+(?:on"
    r"|at|in)\b|\blike\s+button\b|\bvote\s+in\s+(?:today(?:'|’)s|our|this)\s+poll\b"
    r"|\byou(?:'|’)ve\s+(?:hit|reached)\s+your\s+(?:\w+\s+)?limit\b|\bnot\s+available\s+in\s+your"
    r"\s+(?:region|country|area|jurisdiction|state)\b|\bcontains\s+inside\s+information\b"
    r"|\buse\s+(?:promo\s+|discount\s+|the\s+)?code\s+(?-i:[A-Z0-9]{3,})\b"
    r"|\bopinions\s+expressed\s+(?:here|herein|above|in\s+this)\b|\blive\s+q\s*&\s*a\b"
    r"|\bask\s+(?:us|me|our\s+[\w-]+)\s+anything\b|\btake\s+the\s+tour\b"
    r"|\blive\s+(?:updates|coverage|blog)\s+(?:has|have)\s+ended\b"
    r"|\b(?:turned\s+on|turn\s+on|enabled?)\s+(?:push\s+)?notifications\b"
    r"|\byour\s+order\s+(?:[^.]{0,40}\s)?(?:has\s+been|was)\s+(?:placed|filled|submitted"
    r"|cancel+ed|executed)\b|\b(?:turn\s+it\s+(?:on|off)|enable\s+it|change\s+it)\s+in\s+settings\b"
    r"|\bchat\s+with\s+(?:a|an|our)\s+(?:[\w-]+\s+){0,3}(?:representative|planner|advis[eo]r|agent"
    r"|expert|specialist|team)\b|\bis\s+(?:seeking|hiring|looking\s+for)\s+(?:an?|freelance)\s+"
    r"(?:[\w-]+\s+){0,3}(?:associates?|analysts?|interns?|contributors?|writers?|reporters?"
    r"|editors?)\b",
    {
        "word", "sponsoring", "cohort", "enroll", "enrol", "enrolls", "enrolling", "early-bird",
        "self-paced", "masterclass", "booth", "party", "reminder", "ready", "session", "signed",
        "added", "notifications", "press", "blocker", "adblocker", "ad-blocker", "whitelist",
        "reject", "cookies", "tap", "click", "ban", "temp-ban", "tempban", "permaban",
        "perma-ban", "mods", "post", "allowed", "banned", "posted", "removed", "trademark",
        "trademarks", "owners", "used", "earlier", "originally", "differ", "intended",
        "refresh", "refreshes", "required", "accurate", "guaranteed", "apply", "offices", "office",
        "first", "q", "anything", "tour", "ended", "order", "hours", "joined", "few", "visited",
        "aid", "pre-clearance", "apple", "spotify", "itunes", "google", "sponsored", "delay",
        "button", "poll", "limit", "region", "country", "area", "jurisdiction", "state",
        "information", "code", "expressed", "settings", "chat", "seeking", "hiring", "looking",
        "deleted", "locked",
    },
)  # fmt: skip

# A bio by what the person teaches, studied or hosts: "... is an options educator and former
# market maker who has taught over 40,000 students", "holds an MBA in agribusiness", "Jen & Will
# host Closing Bell Coffee, the podcast that ...".
BIO_WORK = Gated(
    None,
    r"\bis\s+an?\s+(?:[\w-]+\s+){0,3}(?:educator|instructor|trading\s+coach|trainer)\b"
    r"|\bhas\s+taught\s+(?:over\s+|more\s+than\s+)?[\d,]+\s+(?:students|traders|investors"
    r"|people|learners)\b|\bholds\s+an?\s+(?:mba|cfa|phd|ph\.d\.|master(?:'|’)s|bachelor(?:'|’)s"
    r"|degree)\b|\bgrew\s+up\s+(?:on|in)\b[^.]{0,60}\band\s+(?:holds|has|spent|studied)\b"
    r"|\b(?:host|hosts|co-hosts?)\s+(?-i:[A-Z])[\w'’]+(?:\s+(?-i:[A-Z])[\w'’]+)*,\s+the\s+"
    r"(?:podcast|show|newsletter|program|programme)\b"
    r"|\b(?:anchors|hosts|presents|co-hosts)\s+(?-i:[A-Z])[\w'’]+(?:\s+(?-i:[A-Z])[\w'’]+){0,3}\s+on\s+"
    r"(?:(?-i:[A-Z])[\w'’]+\s+){0,2}(?:news|tv|radio|network|channel|fm|am|television"
    r"|business)\b",
    {"educator", "instructor", "coach", "trainer", "taught", "holds", "grew", "host", "hosts",
     "co-host", "co-hosts", "anchors", "presents"},
)  # fmt: skip


# A publication's name and its tagline, with no verb (`page_form`): "Pampas Finance — Latin
# America's markets, in English", "The Closing Bell Memo: markets in five minutes, every
# weekday", "THE OPEN BELL — a daily market show for people with day jobs" (no figure: "Crypto:
# Bitcoin swung 5% in 30 minutes" is news).
TAGLINE = re.compile(
    r"(?!.*\d)[^.:|—–]{3,40}(?:[—–|:]|\s[\U0001f300-\U0001faff])\s*[^.]{0,60}\b(?:in\s+(?:plain"
    r"\s+)?english|in\s+(?:\w+\s+)?minutes|every\s+(?:weekday|morning|evening|night"
    r"|day)|for\s+the\s+rest\s+of\s+us|your\s+daily\s+dose|(?:a|one|your)\s+(?:daily"
    r"|weekly|evening|morning|nightly)\s+(?:\w+\s+)?(?:read|show|briefing|digest|newsletter|email"
    r"|podcast))\b[^.]*",
    re.IGNORECASE,
)


# A phone number in three to five groups joined by dashes or dots (nine digits or more).
CONTACT_NUMBER = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?\d{1,4}(?:[.-]\d{1,5}){2,4}(?![\w.,]*\d)"
)


# A postal address's end or box: "San Francisco, CA 94105", "PO Box 77".
POSTAL = re.compile(
    r",\s*(?-i:[A-Z]{2})\s+\d{5}(?:-\d{4})?\W*$|\b(?:p\.?\s?o\.?|post\s+office)\s+box\s+\d+",
    re.IGNORECASE,
)


def contact_number(text: str) -> bool:
    """A phone number ("080-4718-2290", "+82-2-3770-5512"; not "2025-03-13", a date) or a postal
    address's end (`POSTAL`)."""
    return bool(POSTAL.search(text)) or any(
        9 <= sum(c.isdigit() for c in match.group()) <= 15
        for match in CONTACT_NUMBER.finditer(text)
    )


WHOLE_SEARCHES: tuple[tuple[Searched, str], ...] = (
    (FURNITURE, "footer"),
    (BIO_WORK, "author_bio"),
    (CONTACT, "footer"),
    (BIO_PAST, "author_bio"),
    (PROMOTION_TERMS, "promotion"),
    (TEXT_CODE, "call_to_action"),
    (TERMINAL, "footer"),
    (FORUM_NOTICE, "share"),
    (MASTHEAD, "footer"),
    (APP_NOTICE, "call_to_action"),
    (BLOCKS, "call_to_action"),
    (PAGE_NOTES, "footer"),
    (BIO_ROLE, "author_bio"),
    (FORUM, "footer"),
    (BIO_CREDENTIALED, "author_bio"),
    (POLL, "promotion"),
    (TRANSLATED, "footer"),
    (PHOTO_CREDIT, "sources"),
    (RELEASE, "footer"),
)

# A wire's currency note, a whole line: "(£1 = $1.2735)", "(($1 = 0.93 euros))".
FX_NOTE = re.compile(
    r"\s*\(\(?\s*[$€£¥₹]?\s*\d[\d.,]*\s*(?:[a-z]+\s*)?=\s*[$€£¥₹]?\s*\d[\d.,]*\s*(?:[a-z]+)?\s*\)\)?\s*",
    re.IGNORECASE,
)

# A link's leading arrow or a menu's drop-down, in a short line: "← Back to Feed", "Sort: Top ▾";
# a control's close glyph or info glyph at its end: "Hide this banner ×", "Buying power: $3,210 ⓘ".
GLYPH_LINK = re.compile(
    r"\s*[←‹«◀⟵]\s*[^.!?]{1,40}|[^.!?]{0,40}[▾▿⌄]\s*|[^.!?]{1,40}\s[×✕✖]\s*|[^!?]{0,60}ⓘ\s*"
)

WHOLE_LINES = (
    (GLYPH_LINK, "related"),
    (FX_NOTE, "footer"),
    (HASHTAGS, "related"),
    (HEADINGS, "footer"),
    (PAGE_MARK, "related"),
    (ADDRESS, "related"),
    (ABOUT, "author_bio"),
    (LANGUAGES, "footer"),
)


def page_form(text: str, *, whole_only: bool = False) -> tuple[str, bool] | None:
    """(kind, whole) for a line whose form is chrome, or None; `whole` when it is chrome
    whatever it says (a market word in a menu or a disclosure does not make it news);
    `whole_only` looks for those alone."""
    if AUTHOR_HOLDS.search(text):
        return "footer", True
    if PHONE.search(text) or contact_number(text):
        return "footer", True
    if SOCIAL.search(text):
        return "share", True
    verbs = PROSE_VERBS & set(words_of(text))
    if POSTED_BY.fullmatch(text) or (BYLINE_ROW.fullmatch(text) and not verbs):
        return "author_bio", True
    if RATES.fullmatch(text):
        return "player", True
    if PAGINATION.fullmatch(text):
        return "related", True
    if MENU.fullmatch(text) and not verbs:
        return "related", True
    if "." not in text and not verbs and TAGLINE.fullmatch(text):
        return "footer", True  # (a tagline holds no full stop)
    if STAMP_DAY.fullmatch(text):
        return "footer", True
    if vendor_credits(text):
        return "sources", True
    if FORUM_META.fullmatch(text):
        return "share", True
    if TOGGLE.fullmatch(text) or CHAPTERS.fullmatch(text):
        return "player", True
    if TAGS.fullmatch(text) and not verbs:
        return "related", True
    if I_HOLD.search(text):
        return "footer", True
    for pattern, kind in WHOLE_FORMS:
        if pattern.match(text):
            return kind, True
    for pattern, kind in WHOLE_LINES:
        if pattern.fullmatch(text.strip()):
            return kind, True
    for searched, kind in WHOLE_SEARCHES:
        if searched.search(text):
            return kind, True
    if whole_only:
        return None
    for searched, kind in GUARDED_FORMS:
        if searched.search(text):
            return kind, False
    return None


# Shapes of one kind each, and what each adds to the score.
SHAPES = (
    (PITCH, "newsletter", 2),
    (CADENCE, "newsletter", 3),
    (FORM, "newsletter", 3),
    (TO_YOUR, "promotion", 2),
    (FREE_PERIOD, "promotion", 2),
    (PRICE, "promotion", 2),
    (OFFER, "promotion", 3),
    (RULES, "promotion", 3),
    (CONFIRMED, "newsletter", 3),
    (AI_VOICE, "player", 3),
    (PASS_ON, "share", 2),
    (LINK, "related", 2),
)


def credit_line(text: str) -> bool:
    """A line of credits and nothing else: "Writing by Ben Ashford; Editing by Nora Quinn",
    each part a role and its names (or the time it was filed)."""
    parts = [part for part in re.split(r"\s*[;|·•]\s*", text.strip()) if part]
    if not parts or not CREDIT_PART.fullmatch(parts[0]):
        return False
    return all(
        CREDIT_PART.fullmatch(part) or STAMP.match(part) or CLOCK.search(part) for part in parts[1:]
    )
