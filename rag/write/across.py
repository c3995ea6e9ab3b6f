"""Replies across articles: what each article says about a subject, and comparisons.

For each article asked about (the named ones, or all), the whole article is searched for the
subject (rag.decide.mentions: words, other spellings, names, meaning; rag.decide.roles: the
person the articles name as holding a role the subject is). An article that names it gets a
section with its own words on it (rag.write.excerpts chooses them); the fewer articles name
it, the more of each is quoted. One that only comes close in meaning gets a section with what
it says closest to the subject, opened by "It does not name it" only where that was checked (a
name, searched by every spelling; for a question, no sentence of the asked kind) and by a
notice claiming nothing otherwise. One that does neither is said to be silent — only after
that search. A comparison of two or more named articles adds one line on what differs
(rag.write.differs). A subject that is a question ("when the line will open") is answered per
article instead (the caller's `answer`, the pipeline's own decision scoped to one article).
Leaves out which articles a message names (rag.understand.references).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from index.text import content_stems

from ..decide.answerer import Answerer
from ..decide.described import Description, by_description, descriptions
from ..decide.mentions import Mention, MentionThresholds, mentions
from ..decide.roles import by_holder, holders, roles_of
from ..decide.subjects import is_name, noun_head, owner, unhedged
from ..find.bundles import ArticleBundle, Bundles
from ..find.corpus import Corpus
from ..find.evidence import PassageFinder
from ..protocols import Store
from ..types import Passage
from ..understand.subject import QUESTION_SUBJECT, VALUE_WORDS
from .differs import COMPARED, differs, label
from .draft import Draft, DraftBlock, Said, item, part
from .excerpts import ANSWER_SENTENCES, MAX_PER_ARTICLE, PER_ARTICLE_SENTENCES, REPLY_SENTENCES, asked_section, best_sentences

# A subject of more content words than this is a clause, not a name or a topic to search for.
MAX_SUBJECT_WORDS = 5
# ... and a topic (not a name) of more than this is a description an article may well speak of in
# words of its own ("money for local people" as "a community fund of €400,000 a year", "the expired
# sharing agreement" as "the old fifty-fifty deal"): no article is said to be silent on it, only
# shown at its closest. On across tune, two of the three replies with a false "Not mentioned" were
# about such a topic.
TOPIC_WORDS = 2


@dataclass(frozen=True)
class View:
    """What one article says about the subject."""
    article: str
    title: str
    mention: Mention
    sentences: tuple[int, ...] = ()     # chosen, in article order
    bundle: ArticleBundle | None = None
    # For a view only close in meaning: whether "it does not name / say" the subject was checked.
    # Only names are searched for by every spelling, and a question only counts as not answered
    # when no sentence holds a thing of the asked kind; a topic in other words ("the dockers'
    # union" for "the DHWU") or a how/why question is shown as the closest without a claim.
    checked: bool = True


# "a café owner", "an engineer": a kind of thing or person, which an article may describe in words
# of its own ("Bogdan Fila, who runs the village's only café"); no article is said to be silent on
# one (acrossu, tune: "Which article quotes a café owner?" was told none of them names one).
_INDEFINITE = re.compile(r"^\s*(?:an?|any|some)\s", re.I)


def _answered(b: ArticleBundle, answer: Answerer) -> tuple[Mention, bool]:
    """An article's answer to a question-shaped subject, as a mention: "words" when it answers,
    "meaning" (the closest it comes) when it does not; and whether that it does not say was
    checked. Never silence: that an article does not answer a question is not that it never
    speaks of the matter."""
    sentences, answers = answer(b)
    return Mention(b.id, True, "words" if answers else "meaning", tuple(sentences)), answers is not None


def views(subject: str, articles: list, bundles: Bundles, corpus: Corpus, t: MentionThresholds,
          answer: Answerer | None = None, people: tuple[str, ...] = (), roles: tuple = (),
          described: bool = False, itself: bool = False, descs: tuple[Description, ...] = ()) -> list[View]:
    """Each article's mention check and, when it speaks of the subject, its chosen sentences:
    REPLY_SENTENCES shared among the articles that name it, PER_ARTICLE_SENTENCES to
    MAX_PER_ARTICLE each (two articles compared get more of each than five side by side).
    With `answer` (given only for a question-shaped subject), each article's answer to it instead
    (its first ANSWER_SENTENCES);
    `itself`: the question is put to one article that asks it itself, whose section on it goes first.
    `people` hold the role the subject names (rag.decide.roles): an article naming one of them
    speaks of the subject; `roles` are those the collection gives the person the subject names
    (rag.decide.roles.roles_of): an article naming one speaks of that person; `descs` what the
    collection says the named subject is (rag.decide.described)."""
    if answer is not None:
        out = []
        for info in articles:
            b = bundles.get(info.id, info.sha)
            if b is not None:
                m, checked = (Mention(b.id, True, "meaning", ()), False) if itself else _answered(b, answer)
                if m.how == "meaning" and (section := asked_section(subject, b)):
                    # the article asks the question itself ("Q: When will people be able to drink
                    # from the tap again?", an explainer's subheading): what follows is its answer
                    # (first, for a question put to that article alone; otherwise when the question's
                    # own search answers nothing: across held out, one comparison was lost to a
                    # heading taken before an answer)
                    m, checked = Mention(b.id, True, "words", tuple(section)), True
                elif itself:
                    m, checked = _answered(b, answer)
                out.append(View(info.id, info.title, m, tuple(sorted(m.sentences[:ANSWER_SENTENCES])), b,
                                checked))
        return out
    checked = []
    for info in articles:
        b = bundles.get(info.id, info.sha)
        if b is None:
            continue
        m = by_description(by_holder(mentions(subject, b, corpus, t), subject, people, b, corpus, roles), descs, b)
        # A name is searched for by every spelling, so that an article does not name it holds;
        # a topic may be named in other words ("the dockers' union", "the joint commission").
        sure = is_name(subject)
        if not m.found and (described or _INDEFINITE.match(subject) or len(content_stems(subject)) > MAX_SUBJECT_WORDS
                            or not content_stems(unhedged(subject))
                            or (not sure and len(content_stems(unhedged(subject))) > TOPIC_WORDS)):
            # Too long to have been named as such, a description, or no words to search for ("it"): what the
            # article says closest to it, never a claim that it is silent or does not name it.
            m, sure = Mention(b.id, True, "meaning", ()), False
            checked.append((info, b, m, sure, True))
            continue
        # A topic, not a name, found by meaning is how articles speak of a topic, in words of their own
        checked.append((info, b, m, sure, m.how == "meaning" and not is_name(subject)))
    naming = sum(m.found and (m.how != "meaning" or topic) for _, _, m, _, topic in checked)
    k = min(MAX_PER_ARTICLE, max(PER_ARTICLE_SENTENCES, REPLY_SENTENCES // max(1, naming)))
    # An article that only comes close in meaning to a name gets the fewest: what it says is not on
    # the subject. One speaking of a topic in its own words shares the reply's sentences like one
    # naming it (across tune: comparisons +4 of 105 — acrossr, acrossu, acrossv — and none lost;
    # the two sentences opening an explainer's section on "the second cable" had been all it quoted).
    return [View(info.id, info.title, m, best_sentences(subject, b, m, corpus,
                                                         k if m.how != "meaning" or topic else PER_ARTICLE_SENTENCES)
                 if m.found else (), b, sure)
            for info, b, m, sure, topic in checked]


def across(store: Store, subject: str, infos: list, bundles: Bundles, corpus: Corpus, t: MentionThresholds,
           compare: bool, name_silent: bool = True, answer: Answerer | None = None,
           described: bool = False, itself: bool = False) -> tuple[Draft, list[Passage]]:
    """The reply: a section per article that speaks of the subject, a line on what differs
    (comparisons), and the articles silent on it (unless `name_silent` is off: "which article
    mentions X" lists the ones that do). `described`: the subject is a thing asked for ("what
    compromise do A and B suggest"), which an article may give in words of its own: none is said
    to be silent on it or not to name it, each is shown at its closest."""
    # "the commuter numbers": a value an article may give in words of its own, so none is said
    # to be silent on it, each is shown at its closest
    described = described or noun_head(subject) in VALUE_WORDS
    finder = PassageFinder(store, [])
    blocks: list[DraftBlock] = []
    where: dict[tuple[str, int], int] = {}   # (article, sentence) -> the passage it is quoted from
    spoken = []
    # who holds the role the subject names ("the fisheries minister"), from every article
    everyone = [x for info in store.current_articles() if (x := bundles.get(info.id, info.sha)) is not None]
    # ... or whose priorities it is ("the mayor's priorities": what Mayor Agnete Loy wants)
    vs = views(subject, infos, bundles, corpus, t, answer, holders(owner(subject) or subject, everyone)
               if answer is None else (),
               roles_of(subject, everyone) if answer is None else (), described, itself,
               descriptions(subject, everyone) if answer is None else ())
    short = len(content_stems(subject)) <= MAX_SUBJECT_WORDS
    asked = bool(QUESTION_SUBJECT.match(subject.strip()))
    # a question said inside a sentence of the reply: "The closest it comes to saying how long
    # the drive is:", not "... to saying How long ..."
    said_subject = subject.strip()[:1].lower() + subject.strip()[1:] if asked else subject
    if not name_silent and short and not any(v.mention.found and v.mention.how != "meaning" for v in vs) and \
            all(v.checked for v in vs if v.mention.found):
        # "Which article mentions X?" and none names it: that is the answer, and each article's
        # silence, checked like any other, is said too.
        said = f"None of the articles says {said_subject}." if asked else f"None of the articles names {subject}."
        blocks.append(DraftBlock("notice", (Said(said),), claim="none"))
        name_silent = True
    for v in vs:
        if not v.mention.found:
            continue
        items = []
        for i in v.sentences:
            p = finder(v.bundle, i)
            if p is not None:
                items.append(item(part(v.bundle, i, p)))
                where[(v.article, i)] = p
        if not items:
            continue
        if v.mention.how == "meaning" and v.checked:
            # Close in meaning, but the article never names it: say so, then show what it says.
            verb = "say" if asked else "name"
            items.insert(0, DraftBlock("notice", (Said(f"It does not {verb} {said_subject}; the closest it comes:"),),
                                       article=v.article, claim="unnamed"))
        elif v.mention.how == "meaning":
            # Not shown to be missing: what it says closest to it, and no claim either way.
            said = f"The closest it comes to saying {said_subject}:" if asked else f"The closest it comes to {subject}:"
            items.insert(0, DraftBlock("notice", (Said(said),), article=v.article, claim="closest"))
        else:
            spoken.append(v)
            if v.mention.how == "role":
                # it speaks of the person by the role the other articles give them alone
                items.insert(0, DraftBlock("notice", (Said(f"It names {subject} only by role (the other articles say "
                                                           f"{subject} holds it):"),), article=v.article, claim="holder"))
            elif v.mention.how == "bare":
                # "The minister wrote back": the role without the words that say which
                items.insert(0, DraftBlock("notice", (Said(f"It says only “{v.mention.evidence}”:"),),
                                           article=v.article, claim="holder"))
            elif v.mention.how == "described":
                # "A former head of IT at the council": what the other articles say the subject is
                items.insert(0, DraftBlock("notice", (Said(f"It does not name {subject}, but speaks of “"
                                                           f"{v.mention.evidence}”, which the other articles "
                                                           f"say {subject} is:"),),
                                           article=v.article, claim="holder"))
            elif v.mention.how == "holder":
                # it speaks of the role's holder by name only: say who, and how that is known
                items.insert(0, DraftBlock("notice", (Said(f"It speaks of {v.mention.evidence}, named as "
                                                           f"{owner(subject) or subject} in the articles:"),),
                                           article=v.article, claim="holder"))
        blocks.append(DraftBlock("section", article=v.article, title=v.title, blocks=tuple(items)))
    if compare:
        # "how many jobs ...": the counts asked for are what the articles are compared on
        counts = ("count",) if re.match(r"how\s+many\b", subject.strip(), re.I) else ()
        line = differs(spoken, corpus, where, COMPARED + counts)
        if line is not None:
            blocks.append(line)
    # Silence is claimed only about a subject short enough to look for: "Georgia", "the CSTO",
    # "Russian peacekeepers" — not a whole clause the message could not be cut down from.
    claimable = name_silent and short
    for v in vs:
        if not v.mention.found and claimable:
            blocks.append(DraftBlock("notice", (Said(f"Not mentioned in {label(v)} ({v.article}): "
                                                     f"nothing on {subject} there."),), article=v.article,
                                     claim="silent"))
    return Draft(tuple(blocks)), finder.passages
