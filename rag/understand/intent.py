"""What a message asks for, decided before any retrieval.

* `question` — a question about the articles' content (the answer pipeline);
* `summary` — summarise one article or all ("summarize…", "what is the article about",
  "main points", "tl;dr"), `length` shorter or longer when asked;
* `per_article` — what each article says about a topic, or how they differ on it;
* `comparison` — two or more named articles side by side (decided in message.py, from the
  articles the message names);
* `collection` — about the collection itself: which articles there are, who wrote one,
  when it was published, which site it came from;
* `smalltalk` — greetings, thanks, "what can you do".

Rules over the normalised text, checked in that order of specificity; they were written
against `eval/data/intents.jsonl`'s tune messages and are measured on its test messages.
`speaks_of_articles()` is the one test for a message about the articles in the plural.
Which article a message names is `references.py`'s business, not this module's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

INTENTS = ("question", "summary", "per_article", "comparison", "collection", "smalltalk")


@dataclass(frozen=True)
class Intent:
    kind: str
    detail: str = ""      # smalltalk: greeting|thanks|help; collection: list|author|date|source; summary: shorter|longer;
                          # per_article: which ("which article mentions X": only the ones that do);
                          # comparison: asked (the subject is a thing asked for, "what compromise do
                          # A and B suggest": an article may give one in words of its own)
    topic: str = ""       # per_article: what the articles are asked about


def _rx(*alts: str) -> re.Pattern:
    return re.compile("|".join(alts), re.IGNORECASE)


_GREETING = _rx(r"^(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening|day))\b[\s!.,?]*(there|bot|all)?[\s!.?]*$",
                r"^(hi|hello|hey)[\s,!]+(how are you|how's it going)[\s?!.]*$", r"^how are you( doing)?[\s?!.]*$")
_THANKS = _rx(r"^(ok(ay)?[\s,]+)?(thanks?|thank you|thx|ty|cheers|much appreciated|great,? thanks?)\b[^?]{0,30}$",
              r"^(great|perfect|nice|cool|awesome|got it)[\s!.,]*(thanks?|thank you)?[\s!.]*$", r"^(bye|goodbye|see you)\b")
# Asked of the bot only when nothing follows: "What can you do at the lambing open days?" and
# "What are you allowed to bring?" ask about the articles.
_END = r"(?: for me| here| exactly| then)?[\s?!.]*$"
_HELP = _rx(rf"\bwhat can you do{_END}", rf"\bwhat do you do{_END}", r"\bhow (do|does) (this|it|you) work\b", r"^help[\s?!.]*$",
            rf"\bwho are you{_END}", rf"\bwhat are you{_END}", r"\bhow (do|can|should) i use (this|you)\b",
            r"\bwhat (kind of|sort of)? ?questions can i ask\b", r"\bwhat can i ask\b")
_COLLECTION = {
    "list": _rx(r"\b(which|what) (articles|sources|documents|texts|pieces)\b.{0,30}\b(have|are there|available|do you|can i|loaded|indexed)\b",
                r"\b(list|show|name) (me )?(all |the )?(the )?(articles|sources|documents)\b",
                # ... not "How many documents did the gang leak?", a question about the story
                r"\bhow many (articles|documents|sources|texts)\b(?!\s+(?:did|does|do|were|was|had|has|have|will|would)\s+"
                r"(?!you\b|i\b|we\b|been\b|there\b))", r"\bwhat (sources|articles|documents) are (in|there)\b",
                r"\bwhat('s| is) in (the|your) (collection|library|corpus)\b", r"\bwhat (articles|documents) do you (have|know)\b"),
    "author": _rx(r"\bwho (wrote|authored|is the author of|penned)\b", r"\b(author|writer|byline) of\b",
                  r"\bwho('s| is) the (author|writer)\b", r"\bwhich author\b", r"\bwritten by whom\b"),
    "date": _rx(r"\bwhen (was|were) .{0,60}\b(published|written|posted|released|put out)\b",
                r"\b(publication|publishing) date\b", r"\bwhat date was .{0,40}\b(published|written)\b",
                r"\bhow (old|recent) is (the|this|that) (article|piece)\b"),
    "source": _rx(r"\b(which|what) (source|site|website|outlet|publication|newspaper|publisher)\b.{0,60}\b(come|from|publish|run|carr)",
                  r"\bwhere (was|is|did) .{0,50}\b(published|come from|appear)\b", r"\bwho published\b",
                  r"\bwhat (is|are) the sources?\b"),
}
_SUMMARY = _rx(r"\bsumm(ar(y|ies|ise|ize|ising|izing))\b", r"\bsum (it |this |them )?up\b", r"\btl;?dr\b",
               r"\b(main|key) (points|ideas|arguments|takeaways)\b", r"\bgist\b", r"\boverview of\b",
               r"\bin a nutshell\b", r"\bwhat (is|'s) (the|this|that) (article|piece|text|editorial|op-?ed) (about|arguing|saying)\b",
               r"\bwhat (is|'s) article \w+ about\b", r"\bwhat (are|were) the articles about\b",
               r"\bbrief(ly)? (me|summary)\b", r"\bwhat (does|did) (the|this|that) (article|piece|author|editorial) (argue|say)\??$",
               r"^(give me )?the highlights\b")
# "How does the ecologist sum up the argument?" asks what someone in an article says, not for a summary
_SUMMED_UP_BY = re.compile(r"\b(?:how|what) (?:does|do|did|would) (?!(?:the |this |that )?(?:articles?|pieces?|texts?|"
                           r"editorials?|op-?eds?|authors?|columns?|reports?|stor(?:y|ies))\b)\S.{0,60}\bsums? (?:\w+ )?up\b", re.I)
_SHORTER = _rx(r"^(make it |a bit |even )?(shorter|briefer|more concise|less detail|too long)\b", r"^(in )?one sentence\b")
_LONGER = _rx(r"^(make it |a bit )?(longer|more detail(ed)?|tell me more|more please|go on|expand)\b")
_PER_ARTICLE = _rx(r"\b(each|every) (article|source|piece|author|outlet|paper|newspaper|publication|story|writer)\b", r"\b(all|the) (articles|sources|pieces) (say|think|agree|differ)\b",
                   r"\bhow do (the )?(articles|sources|pieces|authors) (differ|compare|agree|disagree|treat|cover|see|describe)\b",
                   r"\bdo (the )?(articles|sources|authors) (agree|disagree|differ)\b", r"\bcompare (the )?(articles|sources)\b",
                   r"\bwhat do (the |all the |all )?(articles|sources|authors|pieces) (say|write|think|report|argue)\b",
                   r"\b(across|between) (the |all the )?(articles|coverage|sources|pieces|stories|reporting|outlets)\b",
                   # "Article by article, what ...", "go through the articles: ...", "the different articles"
                   r"\b(article|piece|source|story|outlet) by (article|piece|source|story|outlet)\b",
                   r"\bgo (through|over) (the |all the |each of the )?(articles|sources|pieces|stories|coverage)\b",
                   r"\bthe (different|various|several|respective) (articles|sources|pieces|stories|outlets)\b",
                   # "..., according to each of the articles?"
                   r"\b(each|every|all) of the (articles|sources|pieces|stories|outlets|reports)\b",
                   # "how long is the drive, according to each of them": the articles asked about
                   r"\baccording to (each|all) of them\b")
# ("Which piece of land did the council name?" asks about land: no article is named.)
# "Which outlet says ...", "Which article argues ...": the writing and the places it appears in
# ... "which one gives the total?", asked of the articles as "which of them" is
_WHICH_NOUN = r"(?:articles?|pieces?|sources?|editorials?|outlets?|publications?|papers?|newspapers?|stor(?:y|ies)|reports?|ones?)"
_WHICH = _rx(rf"\bwhich (of the |of these )?{_WHICH_NOUN}\b(?!\s+of\b).{{0,40}}\b(mention|discuss|talk|cover|"
             r"say|write|report|describe|deal|address|refer|bring|touch|cite|quote|give|name|list|estimate|predict|"
             r"expect|claim|state|note|put|argue|suggest|blame|warn|insist|reveal|call|admit|concede|acknowledge|deny|"
             r"promise|propose|critici[sz]e|defend|praise|explain)")
# "Which articles say how much ... / give a cost estimate ... / report job losses ...": what the
# saying verb takes is the subject (topic_of finds only "about X", "mention X", "of X").
_WHICH_SAYS = re.compile(rf"\bwhich (?:of the |of these )?{_WHICH_NOUN}\s+(?:\w+\s+){{0,2}}?"
                         r"(?:says?|reports?|gives?|states?|tells?|explains?|notes?|shows?|claims?|estimates?|puts?|"
                         r"quotes?|lists?|predicts?|expects?|names?|argues?|suggests?|warns?|insists?|reveals?)\s+"
                         r"(?:us\s+)?(?:that\s+|about\s+|on\s+)?(.+?)"
                         # "..., and do they agree?": a second question about the first's answers
                         r"(?:,?\s+and\s+(?:do|does|did|what|how|which|is|are)\b.*)?[?.!]*$", re.I)
# "In which article does the agency admit it did not visit the site?": what is said there
_IN_WHICH = re.compile(rf"\b(?:in|from)\s+which (?:of the |of these )?{_WHICH_NOUN}\s+(?:does|do|did|is|are|was|were)\s+"
                       r"(.+?)[?.!]*$", re.I)
# "... what <an article> says about <topic>" in a request for a summary
_SAYS_ABOUT = re.compile(r"\bwhat\b.{0,60}?\b(?:says?|said|writes?|wrote|argues?|argued|thinks?|reports?|claims?)\s+"
                         r"(?:about|on|regarding|concerning|of)\s+(.+?)[?.!]*$", re.I)
# "Summarise Vossberg's view of the commission", "the column's take on the ruling": a view of a topic
_VIEW_OF = re.compile(r"(?:['’]s|s['’])\s+(?:views?|take|position|stance|verdict|thinking|argument|case)\s+"
                      r"(?:of|on|about|regarding|concerning)\s+(.+?)[?.!]*$", re.I)
# A message about the articles in the plural ("what do the articles say", "each article").
_PLURAL = _rx(r"\b(the articles|each article|all articles|the sources|the pieces)\b")
TOPICS = (re.compile(r"\b(?:about|regarding|concerning|mentions?|mentioned|mentioning|discuss(?:es|ed)?|"
                      r"covers?|covered|talks? about|treats?|describes?|sees?|portray(?:s|ed)?|depicts?|presents?|"
                      r"brings? up|touch(?:es)? on|cites?|"
                      r"frames?|views?|characteri[sz]es?|on|over)\s+(.+?)[?.!]*$", re.I),
           re.compile(r"\b(?:differ|agree|disagree)\s+(?:on|over|about|in|regarding)\s+(.+?)[?.!]*$", re.I),
           re.compile(r"\bof\s+(.+?)[?.!]*$", re.I))


# "When was it published?", "Who wrote the op-ed?", "When was 'Harbour plans' published?" ask about
# an article; "When was the Aldmere study published?" and "Who wrote the novel?" ask what the
# articles say.
_ABOUT_ARTICLE = _rx(r"\b(articles?|pieces?|editorials?|op-?eds?|stor(y|ies)|essays?|columns?|texts?|posts?|reports?|"
                     r"documents?|sources?|it|this|that|these|those|them|they|byline|site|outlet)\b", r"[\"“‘'].{6,}[\"”’']",
                     r"\b(article|file|no\.?|number|#)\s*\d")


def topic_of(text: str) -> str:
    """What a message asks the articles about ("... say about the CSTO?" -> "the CSTO"), or ""."""
    for rx in TOPICS:
        m = rx.search(text)
        if m:
            return m.group(1).strip()
    return ""


def speaks_of_articles(message: str) -> bool:
    return bool(_PLURAL.search(message))


_EVERY_ARTICLE = _rx(r"\b(each|every) (article|source|piece)\b", r"\ball (of )?(the )?(articles|sources|pieces)\b")


def classify(message: str) -> Intent:
    text = " ".join(message.split())
    if _GREETING.search(text):
        return Intent("smalltalk", "greeting")
    if _THANKS.search(text):
        return Intent("smalltalk", "thanks")
    if _HELP.search(text):
        return Intent("smalltalk", "help")
    if _SHORTER.search(text):
        return Intent("summary", "shorter")
    if _LONGER.search(text):
        return Intent("summary", "longer")
    if _WHICH.search(text):
        says = _WHICH_SAYS.search(text) or _IN_WHICH.search(text)
        return Intent("per_article", "which", topic=says.group(1).strip() if says else topic_of(text))
    if _EVERY_ARTICLE.search(text):
        # "Who wrote each article?", "When was every piece published?": each one's metadata
        for detail in ("author", "date", "source"):
            if _COLLECTION[detail].search(text):
                return Intent("collection", detail)
    summary = bool(_SUMMARY.search(text)) and not _SUMMED_UP_BY.search(text)
    if _PER_ARTICLE.search(text) and (topic_of(text) or not summary):
        # "Summarize every article" has no topic: it is a summary of all of them.
        return Intent("per_article", topic=topic_of(text))
    for detail, rx in _COLLECTION.items():
        if rx.search(text) and (detail == "list" or _ABOUT_ARTICLE.search(text)):
            return Intent("collection", detail)
    if summary:
        if says := _SAYS_ABOUT.search(text) or _VIEW_OF.search(text):
            # "Summarise what the explainer says about the cause of the failure": its view of a topic
            return Intent("per_article", topic=says.group(1).strip())
        return Intent("summary")
    return Intent("question")
