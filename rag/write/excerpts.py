"""Which of one article's sentences a per-article view or a comparison quotes on a subject.

The section under a heading on the subject when the article has one (in order), else its
sentences naming the subject, then those going on about it (referring back, going on with a
quote, "He said ..." opening the next paragraph), then the rest, each by closeness in meaning;
for a topic of more than two content words, those holding most of it and closest to it in
meaning, and each part of "X and the Y". Also the section of an article that asks a question
itself (a "Q:" line, a question subheading: `asked_section`), and the quoting budget: how many
sentences each article and the whole reply get. Leaves out whether the article names the
subject at all (rag.decide.mentions), what the reply says around the quotes (rag.write.across),
and the reranker: ordering an article's sentences by it (stop 51) gained on two across tune sets
and lost more on two; adding its score to a shortlist of eight at weights .02-.15 (stop 52)
gained on none and lost on up to three.
"""
from __future__ import annotations

import re

import numpy as np

from index.text import content_stems, stem, words

from ..decide.mentions import WORDS_SHARE, Mention, alias
from ..decide.subjects import is_name, noun_head, party, unhedged
from ..find.bundles import ArticleBundle
from ..find.corpus import Corpus
from .compose import usable_sentence


# Sentences quoted for one article: at least, at most, and for the reply in all, shared among
# the articles that name the subject (a section on the subject gives its first ones). Chosen
# on across.jsonl tune: 2 each (the old fixed count) left the facts a comparison turns on
# unquoted; a budget of 10 at 2..5 each was the smallest that quoted them (8, or 4 at most,
# quoted fewer; 12 or 6 no more).
PER_ARTICLE_SENTENCES = 2
MAX_PER_ARTICLE = 5
REPLY_SENTENCES = 10
# ... and for a subject that is a question ("how the bill should be split"), an article's answer
# and the sentences ranked after it: 3 (across tune, 14 collections: truthfulness .6935 -> .7050,
# +7.5 rows, none lost, replies 5% longer). Quoting 3 or 4 of every view instead gained more (.722,
# .741) by quoting more of everything, replies a quarter to a third longer: the key-fact score
# rewards length, so that was not taken.
ANSWER_SENTENCES = 3


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


# Words of a topic asking for a value, by the span kinds that give one: a sentence holding such a
# value holds the word ("a 142-metre hydropower dam" gives "the height of the dam").
MEASURES = {stem(w): kinds for ws, kinds in (
    ("height length width depth distance", ("distance", "quantity")),
    # "the size of the wind farm" is given as "a 42-turbine wind farm" as well as in metres
    # ... and "the size of the ransom" as "2 million crowns"
    ("size", ("distance", "quantity", "count", "money")),
    ("cost costs price budget fee fees bill money payment payments funding", ("money",)),
    ("capacity output", ("quantity",)),
    ("population", ("count",)),
    # "a headcount for the plant" is given as "employs 340 people", "the recovery timeline" as
    # "will take three to five years"
    ("headcount workforce staffing", ("count",)),
    # "the trustees' vote count" is given as "voted 9-3", "the number of fish killed" as "12,000 fish"
    ("count tally number numbers", ("count", "quantity")),
    ("timeline timelines timescale timeframe duration", ("duration",)),
    # "the year the statue was taken" is given as "in 1923"
    ("date deadline year", ("date",))) for w in ws.split()}


# What a value of the kind a topic's word asks counts for, against the word itself.
KIND_CREDIT = 0.9


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
    best, share = [], 0.0
    for title, body in _questions_asked(b):
        asks = set(content_stems(title))
        got = want & asks
        # two words in common, or every word of a short question ("Q: What do you want now?")
        if (len(got) >= 2 or (got and got == asks)) and len(got) / max(1, len(want)) >= max(ASKED_SHARE, share + 1e-9):
            best, share = body, len(got) / len(want)
    return [i for i in best if not _asks(b.sentence_text(i))]


def _questions_asked(b: ArticleBundle) -> list[tuple[str, list[int]]]:
    """The questions an article asks and the sentences answering each: a heading ending in "?"
    and its section, and an interviewer's question ("SQ: How many babies are born in Tarrow?")
    and the turns after it; either answer ends at the interviewer's next turn ("SQ: A midwife
    wrote that ..." is no part of the reply before it). Read once per article."""
    if "questions asked" not in b.memo:
        b.memo["questions asked"] = _read_questions(b)
    return b.memo["questions asked"]


def _read_questions(b: ArticleBundle) -> list[tuple[str, list[int]]]:
    turns = b.interviewer_paragraphs
    out = []
    for sec in b.outline.sections:
        if sec.title.strip().endswith("?"):
            body = [i for i, s in enumerate(b.sentences) if s.section == sec.id and s.kind != "heading"]
            out.append((sec.title.strip(), body))
    for k in sorted(turns):
        p = b.outline.paragraphs[k]
        text = b.text[p.start:p.end].strip()
        if text.endswith("?") and p.kind != "heading":      # a turn set as a heading is a section above
            out.append((text, [i for i, s in enumerate(b.sentences) if s.para > k]))
    return [(title, body[:next((n for n, i in enumerate(body) if b.sentences[i].para in turns), len(body))])
            for title, body in out]


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
    would attend ..."; news gives a paragraph a sentence), or replying to an interviewer's turn —
    each after a sentence naming the subject or itself going on about it."""
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
        elif PERSON_FIRST.match(lead) or (b.asked_by_interviewer(i - 1) and not b.asked_by_interviewer(i)):
            # ... or the reply to an interviewer's turn naming it ("Q: Sarova asked for the statue
            # back decades ago." then "A: The first letter we have on file is from 1981.")
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


def best_sentences(subject: str, b: ArticleBundle, m: Mention, corpus: Corpus, k: int) -> tuple[int, ...]:
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
        # ... though less than the word itself: of two sentences holding an amount, the one saying
        # it is a cost ("puts the likely cost at 9.1 billion crowns") holds "cost" more than "is
        # raising a further 1.8 billion crowns"
        return sum(w if s_ in st or spelt.get(s_, frozenset()) & st else
                   KIND_CREDIT * w if s_ in measured and kinds & set(measured[s_]) else 0.0
                   for s_, w in want.items()) / total

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
    # ... nor does an interviewer's turn ("Q: Sarova asked for the statue back decades ago.")
    ranked = [i for i in sorted(range(len(b.sentences)), key=lambda i: -score(i))
              if ((usable_sentence(b, i) and not _asks(b.sentence_text(i)))
                  or (i in named and b.sentences[i].kind == "item")) and not b.asked_by_interviewer(i)]
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
    chosen = _with_what_goes_on(b, chosen, {i for i in chosen if score(i) >= CONTINUES})
    return tuple(sorted(set(chosen)))


# A sentence opening by pointing back at the one before ("Its budget has been frozen since 2015.")
_OPENS_BACK = re.compile(r"^\W*(?:he|she|it|they|this|these|that|those|its|his|her|their)\b", re.I)
# Values a next sentence may set against a quoted one's ("The official cost is $2.1 billion." then
# "An internal review ... puts it closer to $2.8 billion."); not dates, which most sentences hold.
_SET_AGAINST = {"money", "count", "percent", "quantity", "duration", "distance"}


def _with_what_goes_on(b: ArticleBundle, chosen: list[int], on: set[int]) -> list[int]:
    """The chosen sentences and, for each on the subject (`on`: not one quoted only as the least
    an article gets), the next sentence of its paragraph when that one points back at it or sets
    a value of the same kind against it. Across tune, a third of the key facts the views left
    out stood right beside a quoted sentence; this took 14 collections from .7050 to .7165 (+6
    rows, none lost, replies 3% longer; held out .5709 -> .5743, +1, none lost). Bringing also
    the sentence before one opening by pointing back ("She said ...") gained nothing more on
    tune and made replies longer still; not taken."""
    out = list(chosen)
    for i in sorted(on):
        j = i + 1
        if j >= len(b.sentences) or j in out or b.sentences[j].para != b.sentences[i].para \
                or not usable_sentence(b, j):
            continue
        if _OPENS_BACK.match(b.sentence_text(j)) or \
                {x.kind for x in b.spans(i)} & {x.kind for x in b.spans(j)} & _SET_AGAINST:
            out.append(j)
    return out


def _parts(subject: str) -> list[str]:
    """The noun phrases a subject joins with "and the": "the size of the ransom and the deadline"."""
    parts = re.split(r"\s+and\s+(?=the\s)", subject.strip())
    return parts if len(parts) > 1 and all(content_stems(x) for x in parts) else []


def _share(stems: set, weights: dict[str, float]) -> float:
    return sum(w for s_, w in weights.items() if s_ in stems) / (sum(weights.values()) or 1.0)


def _asks(text: str) -> bool:
    """The writer's own question ("Could there be a compromise?"), not one quoted."""
    t = text.rstrip()
    return t.endswith("?") and t[:1] not in QUOTES
