"""Replies across articles: what each article says about a subject, and comparisons.

For each article asked about (the named ones, or all), the whole article is searched for the
subject (rag.decide.mentions: words, other spellings, names, meaning; rag.decide.roles: the
person the articles name as holding a role the subject is). An article that names it gets a
section with its own words on it: the section under a heading on the subject when it has one
(in order), otherwise its sentences naming the subject, then those going on about it
(referring back, going on with a quote, "He said ..." opening the next paragraph), then the
rest, each by closeness in meaning, shown in article order — or, for a topic of more than two
content words, those holding most of it and closest to it in meaning; the fewer articles name
it, the more of each is quoted. One that only comes close in meaning gets a section with what
it says closest to the subject, opened by "It does not name it" only where that was checked (a
name, searched by every spelling; for a question, no sentence of the asked kind) and by a
notice claiming nothing otherwise. One that does neither is said to be silent — only after
that search. A comparison of two or more named articles adds one line
on what differs (rag.write.differs). A subject that is a question ("when the line will
open") is answered per article instead (the caller's `answer`, the pipeline's own decision
scoped to one article). Leaves out which articles a message names (rag.understand.references),
and the reranker: ordering an article's sentences by it (stop 51) gained on two across tune
sets and lost more on two; adding its score to a shortlist of eight at weights .02-.15 (stop 52)
gained on none and lost on up to three.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.text import content_stems, stem, words

from ..decide.answerer import Answerer
from ..decide.mentions import WORDS_SHARE, Mention, MentionThresholds, alias, mentions
from ..decide.subjects import is_name, noun_head, owner, party, unhedged
from ..decide.roles import by_holder, holders, roles_of
from ..find.bundles import ArticleBundle, Bundles
from ..find.corpus import Corpus
from ..find.evidence import PassageFinder
from ..protocols import Store
from ..types import Passage
from ..understand.message import QUESTION_SUBJECT, VALUE_WORDS
from .compose import usable_sentence
from .differs import COMPARED, differs, label
from .draft import Draft, DraftBlock, Said, item, part

# Sentences quoted for one article: at least, at most, and for the reply in all, shared among
# the articles that name the subject (a section on the subject gives its first ones). Chosen
# on across.jsonl tune: 2 each (the old fixed count) left the facts a comparison turns on
# unquoted; a budget of 10 at 2..5 each was the smallest that quoted them (8, or 4 at most,
# quoted fewer; 12 or 6 no more).
PER_ARTICLE_SENTENCES = 2
MAX_PER_ARTICLE = 5
REPLY_SENTENCES = 10
# A sentence going on about the one before that names the subject ranks between sentences
# that name it (+1) and the rest (+0): midway (tune gave the same from 0.3 to 0.8).
CONTINUES = 0.5
# It refers back within its first words ("Notably, this ...", "His government ...").
LEAD_WORDS = 3
# A sentence naming the subject in this many words or fewer only announces it ("There is also
# the matter of health."): the sentence after it in its paragraph says what there is to say.
TOPIC_SENTENCE_WORDS = 8
# A sentence opening with one of these quotes someone; one opening the next paragraph with
# PERSON_FIRST goes on about the person named before ("He said Dunmarra would attend ...").
QUOTES = "\"“‘"
PERSON_FIRST = re.compile(r"(?:he|she|his|her)\b", re.I)
REFERS_BACK = re.compile(r"\b(he|she|it|they|his|her|its|their|him|them|this|these)\b", re.I)
# A subject of more content words than this is a topic rather than a name: its sentences are
# ranked by how much of it they hold and by meaning, not by naming it (across.jsonl tune:
# truthfulness .593 -> .685 at 2; .667 at 1, .648 at 3 and at 0, i.e. for every subject).
NAME_WORDS = 2
# A subject of more content words than this is a clause, not a name or a topic to search for.
MAX_SUBJECT_WORDS = 5
# ... and a topic (not a name) of more than this is a description an article may well speak of in
# words of its own ("money for local people" as "a community fund of €400,000 a year", "the expired
# sharing agreement" as "the old fifty-fifty deal"): no article is said to be silent on it, only
# shown at its closest. On across tune, two of the three replies with a false "Not mentioned" were
# about such a topic.
TOPIC_WORDS = 2
# Words of a topic asking for a value, by the span kinds that give one: a sentence holding such a
# value holds the word ("a 142-metre hydropower dam" gives "the height of the dam").
MEASURES = {stem(w): kinds for ws, kinds in (
    ("height length width depth distance", ("distance", "quantity")),
    # "the size of the wind farm" is given as "a 42-turbine wind farm" as well as in metres
    ("size", ("distance", "quantity", "count")),
    ("cost costs price budget fee fees bill money payment payments funding", ("money",)),
    ("capacity output", ("quantity",)),
    ("population", ("count",)),
    ("date deadline", ("date",))) for w in ws.split()}


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


def _heading_section(subject: str, b: ArticleBundle) -> list[int]:
    """Sentences of a section whose heading is about the subject, in order."""
    want = set(content_stems(subject))
    if not want:
        return []
    # half the words are enough only with the head noun among them: "Q: What transport is there
    # now?" is no section on the transport minister
    head = noun_head(subject)
    for sec in b.outline.sections:
        title = set(content_stems(sec.title))
        if want <= title or (len(want & title) / len(want) >= 0.5 and (not head or head in title)):
            body = [i for i, s in enumerate(b.sentences) if s.section == sec.id and s.kind != "heading"]
            if body:
                return body
    return []


# A heading asking the question a subject asks holds this share of its words at least.
ASKED_SHARE = 0.5
_SAYING = set(content_stems("say says said tell tells told think thinks believe believes argue argues claim claims "
                            "write writes report reports"))


def asked_section(subject: str, b: ArticleBundle) -> list[int]:
    """The sentences under the heading that asks what a question-shaped subject asks ("when the
    tap water might be safe to drink again": "Q: When will people be able to drink from the tap
    again?"), best-matching heading first, questions left out; [] when no heading asks it."""
    # what the article is said to say is no part of what is asked ("what does the mayor say he wants")
    want = set(content_stems(subject)) - _SAYING
    best, share = None, 0.0
    for sec in b.outline.sections:
        title = sec.title.strip()
        if not title.endswith("?"):
            continue
        asks = set(content_stems(title))
        got = want & asks
        # two words in common, or every word of a short question ("Q: What do you want now?")
        if (len(got) >= 2 or (got and got == asks)) and len(got) / max(1, len(want)) >= max(ASKED_SHARE, share + 1e-9):
            best, share = sec, len(got) / len(want)
    if best is None:
        return []
    return [i for i, s in enumerate(b.sentences) if s.section == best.id and s.kind != "heading"
            and not _asks(b.sentence_text(i))]


def _in_quote(b: ArticleBundle, i: int) -> bool:
    """Sentence i is inside a quotation opened earlier in its paragraph ('"Where would I go? To a
    flat in Ebrach?'): still the words of whoever opened it."""
    p = b.outline.paragraphs[b.sentences[i].para]
    before = b.text[p.start:b.sentences[i].start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _ongoing(b: ArticleBundle, named: set[int]) -> set[int]:
    """Sentences going on about the subject named before them: in the same paragraph, referring
    back ("Notably, this includes ...") or quoting ('"We are not the ones who tore up the
    agreement."', after a quote or after only naming the speaker, or inside a quote opened before
    it), or after a sentence only announcing the subject ("There is also the matter of health."),
    or opening the next paragraph with a person ("He said Dunmarra
    would attend ..."; news gives a paragraph a sentence) — each after a sentence naming the
    subject or itself going on about it."""
    out: set[int] = set()
    for i in range(1, len(b.sentences)):
        if i - 1 not in named and i - 1 not in out:
            continue
        text = b.sentence_text(i)
        lead = " ".join(text.split()[:LEAD_WORDS])
        if b.sentences[i - 1].para == b.sentences[i].para:
            # a quote opening in the paragraph is the words of who it is about, whether the
            # sentence before was quoting already or only named them ("Her skipper, Nessa Quill,
            # stepped ashore ..." then '"We were 600 metres inside our own line.')
            if text.lstrip()[:1] in QUOTES or REFERS_BACK.search(lead) or _in_quote(b, i) \
                    or len(words(b.sentence_text(i - 1))) <= TOPIC_SENTENCE_WORDS:
                out.add(i)
        elif PERSON_FIRST.match(lead):
            out.add(i)
    return out - named


def _by_head_noun(subject: str, b: ArticleBundle, named: set[int]) -> set[int]:
    """Sentences after one naming the subject in full that speak of it by its head noun with
    "the" ("The bank's rules are clear: it will not pay out ..." after "The Northern Development
    Bank has promised $800 million"), as a reader takes them: a name of two words or more (the
    caller has already turned "X's position" into X)."""
    ws = [w for w in re.findall(r"[\w’'-]+", subject) if w.lower() != "the"]
    if len(ws) < 2 or not named or not is_name(subject):
        return set()
    head = re.compile(rf"\bthe\s+{re.escape(ws[-1].lower())}(?:['’]s)?\b", re.I)
    return {i for i in range(min(named) + 1, len(b.sentences)) if head.search(b.sentence_text(i))} - named


def _spellings(subject: str, want: dict, b: ArticleBundle) -> dict[str, frozenset]:
    """For each stem of the subject's names ("armenia" of "Armenia's ties"), the article's other
    stems spelling the same name ("armenian"; rag.decide.mentions.alias)."""
    names = {s_ for w in re.findall(r"\b[A-Z][\w’'-]+", subject) for s_ in content_stems(w)} & set(want)
    if not names:
        return {}
    vocab = frozenset().union(*b.stem_sets) if b.stem_sets else frozenset()
    return {n: frozenset(x for x in vocab if x != n and alias(n, x)) for n in names}


def _best_sentences(subject: str, b: ArticleBundle, m: Mention, corpus: Corpus, k: int) -> tuple[int, ...]:
    section = _heading_section(subject, b)
    if section:
        return tuple(section[:k])
    # "Tomas Ederly's position" is what he says: his sentences and those going on from them ('He
    # said Linnemark was also preparing a case ...'), not those holding most of the words
    subject = party(subject) or subject
    qv = corpus.query_vector(subject)
    cos = b.vectors @ qv if len(b.vectors) else np.zeros(len(b.sentences))
    named = set(m.sentences) if m.how != "meaning" else set()
    ongoing = _ongoing(b, named) | _by_head_noun(subject, b, named)

    want = corpus.weights(set(content_stems(unhedged(subject))))
    total = sum(want.values()) or 1.0
    # "the Ossel Wetlands Trust" is a name however many words it has: every word capitalised
    # ... and a role found by who holds it ("Ms Vasse" for "the fisheries minister") is a name
    # ... and a value asked of a thing ("the height of the dam") is looked for as a topic, by its kind
    measured = {s_: MEASURES[s_] for s_ in want if s_ in MEASURES}
    topic = (len(want) > NAME_WORDS or bool(measured)) and not is_name(subject) and m.how not in ("holder", "role", "bare")

    # a name is held in its other spellings too: "the Armenian prime minister" speaks of Armenia
    spelt = _spellings(subject, want, b)

    def held(i: int) -> float:
        # ... and a topic in initials standing for its words, where the collection spells them
        # out ("the DHWU" holds the harbour workers of "the harbour workers' strike")
        st = (b.stem_sets[i] | corpus.spelt_out(b.sentence_text(i))) if topic else b.stem_sets[i]
        # "the height of the dam" is held by "a 142-metre hydropower dam": a value of the kind asked
        kinds = {x.kind for x in b.spans(i)} if measured else set()
        return sum(w for s_, w in want.items() if s_ in st or spelt.get(s_, frozenset()) & st
                   or (s_ in measured and kinds & set(measured[s_]))) / total

    def score(i: int) -> float:
        if topic:
            # A topic ("Armenia's ties with the West") is not named but spoken of: by how much of
            # it a sentence holds (its rarest words weigh most) and by meaning, not by holding
            # the name the whole article is about.
            # A sentence the mention check found naming it in other letters, none of its words
            # ("the KFF" for "the Kaldmerian fishermen's federation"), holds it as much as one
            # with half its words (across tune: acrossz per-article .5 -> .6, the rest the same;
            # raising every named sentence so cost bundled tune .778 -> .704).
            # One going on about the sentence before it ("Its lead scientist reported ...") holds
            # part of what that one does.
            share = held(i) or (WORDS_SHARE if i in named else 0.0)
            if i in ongoing:
                share = max(share, CONTINUES * held(i - 1))
            return float(cos[i]) + share
        # Sentences naming the subject first, then those going on about it, each by meaning.
        return float(cos[i]) + (1.0 if i in named else CONTINUES if i in ongoing else 0.0)
    # a list item naming the subject is what the article says of it ("- Length: 212 km, including a
    # 9 km tunnel under the Drava Hills"), though it is no sentence
    # ... and a question the writer asks ("What will the dam really cost?") states nothing of it
    ranked = [i for i in sorted(range(len(b.sentences)), key=lambda i: -score(i))
              if (usable_sentence(b, i) and not _asks(b.sentence_text(i)))
              or (i in named and b.sentences[i].kind == "item")]
    # Beyond the least quoted, only sentences on the subject: no padding with loosely related ones.
    chosen = [i for n, i in enumerate(ranked[:k]) if n < PER_ARTICLE_SENTENCES or score(i) >= CONTINUES]
    if topic:
        # "the size of the ransom and the deadline": each part is asked, so each part's best
        # sentence is quoted, in place of the least of the others if need be
        for piece in _parts(subject):
            pw = corpus.weights(set(content_stems(piece)))
            if not pw or any(_share(b.stem_sets[i], pw) >= WORDS_SHARE for i in chosen):
                continue
            best = next((i for i in ranked if _share(b.stem_sets[i], pw) >= WORDS_SHARE), None)
            if best is not None:
                chosen = (chosen if len(chosen) < k else chosen[:-1]) + [best]
    return tuple(sorted(set(chosen)))


def _parts(subject: str) -> list[str]:
    """The noun phrases a subject joins with "and the": "the size of the ransom and the deadline"."""
    parts = re.split(r"\s+and\s+(?=the\s)", subject.strip())
    return parts if len(parts) > 1 and all(content_stems(x) for x in parts) else []


def _share(stems: set, weights: dict[str, float]) -> float:
    return sum(w for s_, w in weights.items() if s_ in stems) / (sum(weights.values()) or 1.0)


# "a café owner", "an engineer": a kind of thing or person, which an article may describe in words
# of its own ("Bogdan Fila, who runs the village's only café"); no article is said to be silent on
# one (acrossu, tune: "Which article quotes a café owner?" was told none of them names one).
_INDEFINITE = re.compile(r"^\s*(?:an?|any|some)\s", re.I)


def _asks(text: str) -> bool:
    """The writer's own question ("Could there be a compromise?"), not one quoted."""
    t = text.rstrip()
    return t.endswith("?") and t[:1] not in QUOTES




def _answered(b: ArticleBundle, answer: Answerer) -> tuple[Mention, bool]:
    """An article's answer to a question-shaped subject, as a mention: "words" when it answers,
    "meaning" (the closest it comes) when it does not; and whether that it does not say was
    checked. Never silence: that an article does not answer a question is not that it never
    speaks of the matter."""
    sentences, answers = answer(b)
    return Mention(b.id, True, "words" if answers else "meaning", tuple(sentences)), answers is not None


def views(subject: str, articles: list, bundles: Bundles, corpus: Corpus, t: MentionThresholds,
          answer: Answerer | None = None, people: tuple[str, ...] = (), roles: tuple = (),
          described: bool = False, itself: bool = False) -> list[View]:
    """Each article's mention check and, when it speaks of the subject, its chosen sentences:
    REPLY_SENTENCES shared among the articles that name it, PER_ARTICLE_SENTENCES to
    MAX_PER_ARTICLE each (two articles compared get more of each than five side by side).
    With `answer` (given only for a question-shaped subject), each article's answer to it instead;
    `itself`: the question is put to one article that asks it itself, whose section on it goes first.
    `people` hold the role the subject names (rag.decide.roles): an article naming one of them
    speaks of the subject; `roles` are those the collection gives the person the subject names
    (rag.decide.roles.roles_of): an article naming one speaks of that person."""
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
                out.append(View(info.id, info.title, m, tuple(sorted(m.sentences[:PER_ARTICLE_SENTENCES])), b,
                                checked))
        return out
    checked = []
    for info in articles:
        b = bundles.get(info.id, info.sha)
        if b is None:
            continue
        m = by_holder(mentions(subject, b, corpus, t), subject, people, b, corpus, roles)
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
    return [View(info.id, info.title, m, _best_sentences(subject, b, m, corpus,
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
               roles_of(subject, everyone) if answer is None else (), described, itself)
    short = len(content_stems(subject)) <= MAX_SUBJECT_WORDS
    asked = bool(QUESTION_SUBJECT.match(subject.strip()))
    if not name_silent and short and not any(v.mention.found and v.mention.how != "meaning" for v in vs) and \
            all(v.checked for v in vs if v.mention.found):
        # "Which article mentions X?" and none names it: that is the answer, and each article's
        # silence, checked like any other, is said too.
        said = f"None of the articles says {subject}." if asked else f"None of the articles names {subject}."
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
            items.insert(0, DraftBlock("notice", (Said(f"It does not {verb} {subject}; the closest it comes:"),),
                                       article=v.article, claim="unnamed"))
        elif v.mention.how == "meaning":
            # Not shown to be missing: what it says closest to it, and no claim either way.
            said = f"The closest it comes to saying {subject}:" if asked else f"The closest it comes to {subject}:"
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
