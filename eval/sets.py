"""Evaluation sets by name: `dev`, `squad2` and `fresh`, each whole or as `:tune` / `:test`,
or a path to a JSON-lines file in the dev format.

`fresh` is short articles on new topics written for this purpose (`data/fresh/`), split by
article: the tune questions are about the `tune_*` articles, the test questions about the
`test_*` ones. The test split is asked of all twelve articles (the tune ones are distractors);
the tune split only of its own eight, so nothing fitted on it ever reads a test article.
`fresh2` is a second such set, test only (`data/fresh2/`, written blind on 2026-12-01 after
everything in `fresh:test` had been measured many times): four more articles, asked with all
sixteen indexed. `fresh3` is a third (`data/fresh3/`, written blind on 2026-12-02 after
`fresh2` had been measured several times), asked with its own four and the twelve of `fresh`.
`fresh10` is a fourth (`data/fresh10/`, written blind on 2026-12-03, stop 38, on four new topics),
`fresh11` a fifth (`data/fresh11/`, written blind on 2026-12-04, stop 47), `fresh17` a sixth
(`data/fresh17/`, stop 48: a data-breach fine, a metro line's delays, an obituary, a flood report,
in British, Indian, Canadian and South African English), `fresh20` a seventh (`data/fresh20/`,
stop 50: an electric car ferry, a school-bus contract, a cocoa cooperative's price, a library's
earthquake strengthening, in Norwegian, Canadian, Ghanaian and New Zealand English), `fresh21` an
eighth (`data/fresh21/`, stop 51: a hospital's night helipad, a dropped air route, a goose count, a
brewery's expansion loan, in Irish, Philippine, Scottish and US Midwest English), `fresh22` a
ninth (`data/fresh22/`, stop 55: a town footbridge, a county's beehive ban, a heritage centre's
theft, a wildfire evacuation review, in Welsh, Kenyan, Scottish and Canadian English), `fresh25` a
tenth (`data/fresh25/`, stop 56: a coastal path, a tea estate's pay deal, a chairlift, a parking-fee
rise, in Welsh, Sri Lankan, US and Maltese English), `fresh28` an eleventh (`data/fresh28/`, stop 57:
a fish hatchery, a water-tariff rise, a fire-station merger, key-worker housing, in Bangladeshi,
Trinidadian, Cypriot and rural Australian English), `fresh31` a twelfth (`data/fresh31/`, stop 58:
cattle vaccination, a coffee pulpery, a paddy-drying facility, a common riding's costs, in Botswana,
Papua New Guinean, Guyanese and Scottish Borders English), `fresh32` a thirteenth (`data/fresh32/`,
stop 61: a kapenta cold room, a colliery tip's repair, a tenement lift, a moose fence, in Zambian,
Welsh Valleys, Hong Kong and Newfoundland English), `fresh33` a fourteenth (`data/fresh33/`, stop 62:
a cane harvest's late start, locust swarms, a scallop season, a shortage of race marshals, in
Barbadian, Namibian, Tasmanian and Manx English), `fresh34` a fifteenth (`data/fresh34/`, stop 69:
a delayed solar borehole, a town council taking over public toilets, a new feeder bus, a curling
rink's ice plant, in Kenyan, Welsh, Singaporean and Yukon English).
None has a tune split; nothing is ever fitted or read on them but their summaries.
`fresh4` is tune only (`data/fresh4/`, written blind on 2026-12-02, stop 33: four articles, each
with a bulleted list, which no earlier tune article had): its questions and articles are part of
`fresh:tune`, and it is never a distractor of a test split, so test figures stay comparable.
`fresh5` (stop 34), `fresh6` and `fresh7` (stop 35), `fresh8` (stop 36), `fresh9` (stop 37),
`fresh12` (stop 47, rich in near-misses: details discussed but not given, facts of one kind about
several parties), `fresh13` (stop 47, more paraphrases and off-topic questions) and `fresh14`
(stop 47, lists asked in varied ways), `fresh15` (stop 48: a business story, a science story, a
court report and a match report, in US, Canadian, Irish and New Zealand English) and `fresh16`
(stop 48: foreign-affairs analysis on new topics), `fresh18` and `fresh19` (stop 49: a car-seat
recall, a council budget, quarterly earnings, a rhino move; a dialysis wing, a festival's lost
grant, a cycling route, body cameras; in Australian, Scottish, US, Kenyan, Indian, Welsh and
Singapore English), `fresh23` and `fresh24` (stop 56: broadband, e-scooters, a dyeing unit, a taxi
rank; a market, a wind turbine, boreholes, a curling club; in Irish, Australian, Indian, South
African, Scottish, New Zealand, Nigerian and Canadian English), `fresh26` and `fresh27` (stop 57: street
vendors' licences, a dialysis unit, a hillside escalator, a weighbridge; mangroves, school meals, a
netball league, a mechanics' institute; in Jamaican, Pakistani, Hong Kong, Zambian, Malaysian,
Ugandan, Fijian and northern English English), `fresh29` and `fresh30` (stop 58: village homestays,
a chapel turned village hub, a solar mini-grid, a storm-damaged wharf; late cashew payments, turf
cutters' compensation, a sargassum clean-up, frost-hit orchards; in Nepali, Welsh, Namibian, Nova
Scotian, Tanzanian, Irish Midlands, Barbadian and Northern Irish English) are more of the same kind, each written blind.

An `EvalSet` is the questions plus the article files they are about; the runner indexes
those files into a scratch data directory of their own (never the user's index). A set
named for fitting (`purpose="fit"`) must be a tune split: test splits are only ever
measured. Leaves out scoring (runner.py) and the formats' details (dataset.py, squad.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import squad
from .dataset import DEFAULT_SET, load_set

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "articles"
FRESH = Path(__file__).resolve().parent / "data" / "fresh"
FRESH2 = Path(__file__).resolve().parent / "data" / "fresh2"
# Tune-only articles and questions added to `fresh:tune`; each can also be asked alone
# (`--set fresh5:tune`, with fresh's tune articles beside it), e.g. to screen a fit on the
# newest set before it joins the fit's data.
FRESH4 = Path(__file__).resolve().parent / "data" / "fresh4"
FRESH5 = Path(__file__).resolve().parent / "data" / "fresh5"
FRESH6 = Path(__file__).resolve().parent / "data" / "fresh6"
FRESH7 = Path(__file__).resolve().parent / "data" / "fresh7"
FRESH8 = Path(__file__).resolve().parent / "data" / "fresh8"
FRESH9 = Path(__file__).resolve().parent / "data" / "fresh9"
FRESH12 = Path(__file__).resolve().parent / "data" / "fresh12"
FRESH13 = Path(__file__).resolve().parent / "data" / "fresh13"
FRESH14 = Path(__file__).resolve().parent / "data" / "fresh14"
FRESH15 = Path(__file__).resolve().parent / "data" / "fresh15"
FRESH16 = Path(__file__).resolve().parent / "data" / "fresh16"
FRESH18 = Path(__file__).resolve().parent / "data" / "fresh18"
FRESH19 = Path(__file__).resolve().parent / "data" / "fresh19"
FRESH23 = Path(__file__).resolve().parent / "data" / "fresh23"
FRESH24 = Path(__file__).resolve().parent / "data" / "fresh24"
FRESH26 = Path(__file__).resolve().parent / "data" / "fresh26"
FRESH27 = Path(__file__).resolve().parent / "data" / "fresh27"
FRESH29 = Path(__file__).resolve().parent / "data" / "fresh29"
FRESH30 = Path(__file__).resolve().parent / "data" / "fresh30"
TUNE_ONLY = {"fresh4": FRESH4, "fresh5": FRESH5, "fresh6": FRESH6, "fresh7": FRESH7, "fresh8": FRESH8,
             "fresh9": FRESH9, "fresh12": FRESH12, "fresh13": FRESH13,
             "fresh14": FRESH14, "fresh15": FRESH15, "fresh16": FRESH16,
             "fresh18": FRESH18, "fresh19": FRESH19, "fresh23": FRESH23,
             "fresh24": FRESH24, "fresh26": FRESH26, "fresh27": FRESH27,
             "fresh29": FRESH29, "fresh30": FRESH30}
# Blind sets with a test split only, each asked with its own articles and those of `fresh`.
BLIND = {"fresh2": FRESH2, "fresh3": Path(__file__).resolve().parent / "data" / "fresh3",
         "fresh10": Path(__file__).resolve().parent / "data" / "fresh10",
         "fresh11": Path(__file__).resolve().parent / "data" / "fresh11",
         "fresh17": Path(__file__).resolve().parent / "data" / "fresh17",
         "fresh20": Path(__file__).resolve().parent / "data" / "fresh20",
         "fresh21": Path(__file__).resolve().parent / "data" / "fresh21",
         "fresh22": Path(__file__).resolve().parent / "data" / "fresh22",
         "fresh25": Path(__file__).resolve().parent / "data" / "fresh25",
         "fresh28": Path(__file__).resolve().parent / "data" / "fresh28",
         "fresh31": Path(__file__).resolve().parent / "data" / "fresh31",
         "fresh32": Path(__file__).resolve().parent / "data" / "fresh32",
         "fresh33": Path(__file__).resolve().parent / "data" / "fresh33",
         "fresh34": Path(__file__).resolve().parent / "data" / "fresh34"}


class TestSplitError(ValueError):
    def __init__(self, spec: str):
        super().__init__(f"{spec!r} includes a test split. Nothing is fitted or calibrated on test data; "
                         "use a tune split (e.g. dev:tune or squad2:tune).")


@dataclass(frozen=True)
class EvalSet:
    name: str
    kind: str                 # "dev" (dev-format items), "squad2", or "feedback" (disliked answers, unlabelled)
    items: tuple
    articles: tuple[Path, ...]

    def slug(self) -> str:
        return self.name.replace(":", "-").replace("/", "_")


def _split(spec: str) -> tuple[str, str | None]:
    base, _, split = spec.partition(":")
    if split and split not in ("tune", "test"):
        raise ValueError(f"unknown split {split!r} in {spec!r}: use tune or test")
    return base, split or None


def parse_set(spec: str, *, sample: int | None = None, seed: int = 0, purpose: str = "measure",
              work: Path | None = None) -> EvalSet:
    """The named set; `work` is where SQuAD's article files are written."""
    base, split = _split(spec)
    if base == "feedback":
        return _feedback_set(spec)
    if purpose == "fit" and split != "tune":
        raise TestSplitError(spec)
    if base == "squad2":
        splits = [split] if split else ["tune", "test"]
        folder = (work or REPO / "eval" / "out") / "squad2-articles"
        items = [i for s in splits for i in squad.sample(squad.load_items(s), sample, seed)]
        files = [f for s in splits for f in squad.write_articles(folder / s, s)]
        return EvalSet(spec, "squad2", tuple(items), tuple(files))
    if base in BLIND:
        if split == "tune":
            raise ValueError(f"{base} has no tune split: it is a test set only; tune on fresh:tune")
        folder = BLIND[base]
        items = load_set(folder / "test.jsonl", "test")
        files = sorted([*(folder / "articles").iterdir(), *(FRESH / "articles").iterdir()])
        return EvalSet(spec, "dev", tuple(_sample(items, sample, seed)), tuple(files))
    if base in TUNE_ONLY:
        if split != "tune":
            raise ValueError(f"{base} is tune data only: use {base}:tune")
        folder = TUNE_ONLY[base]
        items = load_set(folder / "tune.jsonl", "tune")
        files = sorted([*(folder / "articles").iterdir(),
                        *(f for f in (FRESH / "articles").iterdir() if f.name.startswith("tune_"))])
        return EvalSet(spec, "dev", tuple(_sample(items, sample, seed)), tuple(files))
    if base == "fresh":
        splits = [split] if split else ["tune", "test"]
        items = [i for s in splits for i in load_set(FRESH / f"{s}.jsonl", s)]
        files = sorted(f for f in (FRESH / "articles").iterdir() if split != "tune" or f.name.startswith("tune_"))
        if split == "tune":
            for folder in TUNE_ONLY.values():
                items += load_set(folder / "tune.jsonl", "tune")
                files = sorted([*files, *(folder / "articles").iterdir()])
        return EvalSet(spec, "dev", tuple(_sample(items, sample, seed)), tuple(files))
    path = DEFAULT_SET if base == "dev" else Path(base)
    if not path.exists():
        raise ValueError(f"no evaluation set {spec!r}: use dev, squad2 (with :tune or :test) or a .jsonl path")
    items = _sample(load_set(path, split), sample, seed)
    return EvalSet(spec, "dev", tuple(items), tuple(sorted(BUNDLED.iterdir())))


def _sample(items: list, sample: int | None, seed: int) -> list:
    if not sample:
        return items
    import random
    return sorted(random.Random(seed).sample(items, min(sample, len(items))), key=items.index)


@dataclass(frozen=True)
class FeedbackItem:
    id: str
    question: str
    answer_given: str
    reason: str
    type: str = "unlabelled"
    split: str = "feedback"
    answerable: bool = True      # unknown until a developer labels it; scored as "changed or not"


def _feedback_set(spec: str) -> EvalSet:
    """The 👎 answers readers gave, as questions to ask again (RAG_DATA_DIR/feedback.sqlite3)."""
    from index import Settings as IndexSettings
    from rag.feedback import FeedbackStore
    path = IndexSettings.from_env().data_dir / "feedback.sqlite3"
    if not path.exists():
        raise ValueError(f"no ratings yet: {path} does not exist (rate answers in the UI first)")
    rows = FeedbackStore(path).rows("down")
    items = tuple(FeedbackItem(f"fb{r['id']}", r["standalone"] or r["question"], r["answer"], r["reason"]) for r in rows)
    return EvalSet(spec, "feedback", items, tuple(sorted(BUNDLED.iterdir())))
