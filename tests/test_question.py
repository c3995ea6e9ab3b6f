"""rag.understand.question: expected answer types, date precision, list sizes, focus and anchors.

The questions are written for this test, about topics none of the bundled articles cover,
so the analysis is checked as a reader of any articles would ask.
"""
from __future__ import annotations

import pytest

from rag.understand.question import analyze

CASES = [
    # (question, type, precision, list size)
    ("When did the bridge over the Danube open?", "date", "", 0),
    ("In what year was the treaty signed?", "date", "year", 0),
    ("Which year did the company go bankrupt?", "date", "year", 0),
    ("On what day did the strike begin?", "date", "day", 0),
    ("What was the exact date of the merger?", "date", "day", 0),
    # "later this year" is no answer to it
    ("When exactly will the clock dials be lit up at night?", "date", "day", 0),
    ("In which month did the floods peak?", "date", "month", 0),
    ("Since when has the museum been closed?", "date", "", 0),
    ("How many workers joined the protest?", "number", "", 0),
    ("How much did the new stadium cost?", "number", "", 0),
    ("What percentage of voters turned out?", "number", "", 0),
    ("How long is the tunnel under the Alps?", "number", "", 0),
    ("What is the population of Lagos?", "number", "", 0),
    ("Who founded the newspaper?", "person", "", 0),
    ("Who leads the opposition party?", "person", "", 0),
    ("Which minister resigned after the scandal?", "person", "", 0),
    ("Who is Ada Lovelace?", "description", "", 0),
    ("Where did the summit take place?", "place", "", 0),
    ("Which city hosted the 1992 games?", "place", "", 0),
    ("Which country exports the most cobalt?", "place", "", 0),
    ("Which organisation monitors the ceasefire?", "org", "", 0),
    ("Which company built the pipeline?", "org", "", 0),
    ("Which sponsor has offered to double the prize money?", "org", "", 0),
    ("Which university led the study?", "org", "", 0),
    ("Why did the central bank raise interest rates?", "reason", "", 0),
    ("What was the purpose of the new law?", "reason", "", 0),
    ("What caused the blackout in the capital?", "reason", "", 0),
    ("How come the election was postponed?", "reason", "", 0),
    ("On what grounds did the judge throw out the levy?", "reason", "", 0),
    ("What held up the start of the final?", "reason", "", 0),
    ("What prompted the council to close the pool?", "reason", "", 0),
    ("What does the coach think is behind the rise in injuries?", "reason", "", 0),
    ("Which pupil plays first violin?", "person", "", 0),
    ("What's the name of the ward sister who came up with the idea?", "person", "", 0),
    ("Which economist expects the shares to rise?", "person", "", 0),
    ("Which volunteer found the walker?", "person", "", 0),
    ("What are the three pillars of the reform?", "list", "", 3),
    ("Which risks does the report identify?", "list", "", 0),
    ("What steps did the government take after the earthquake?", "list", "", 0),
    ("Which examples of corruption does the author give?", "list", "", 0),
    ("What were the two main causes of the crisis?", "list", "", 2),
    ("What is on this year's programme at the food festival?", "list", "", 0),
    ("What's on the menu at the new café?", "list", "", 0),
    ("What can the new clinic do for my dog?", "list", "", 0),
    ("I bought one of the recalled heaters. What should I do?", "list", "", 0),
    ("What will the growers be able to do with the new dryer?", "list", "", 0),
    ("What does the company now have to do after losing the appeal?", "list", "", 0),
    ("What can be done with the old bricks?", "other", "", 0),
    ("What is the programme's budget?", "number", "", 0),
    ("Is the dam finished?", "yesno", "", 0),
    ("Did the court overturn the verdict?", "yesno", "", 0),
    ("What is a sovereign wealth fund?", "description", "", 0),
    ("What do the articles say about the drought?", "description", "", 0),
    # "which" before a noun the small tagger calls an adjective; "what" as the verb's object
    ("Which Russian general commanded the garrison?", "person", "", 0),
    ("What do tenants need to hand over before moving in?", "other", "", 0),
    # a name asked for: of a person, or of something else (not a description)
    ("What is the name of the climber who was rescued?", "person", "", 0),
    ("What happened to the climber after the storm?", "description", "", 0),
    ("What was the name of the ship?", "other", "", 0),
    # "What are X's Ns": the copula's subject is what is asked, not the first noun ("club")
    ("What are the swimming club's rules of membership?", "list", "", 0),
    ("What was the museum's opening date?", "date", "", 0),
    ("What does a typical day at the camp include?", "list", "", 0),
    ("What are jet skis used to carry?", "description", "", 0),  # not a list: the rest of the question says what is asked
    # a described author is someone in an article, not its writer (nor a list of "children")
    ("Which children's author read stories at the reopening?", "person", "", 0),
    ("What was the attendance at the final?", "number", "", 0),
    # who paid, item by item; "Where did the wool come from?" still asks for a place
    ("Where did the money for the clock restoration come from?", "list", "", 0),
    ("Where did the wool come from?", "place", "", 0),
    ("What's the phone number for Penhallow Marine Contractors?", "other", "", 0),   # names, counts nothing
    ("Where did the £96,000 for the band's new instruments come from?", "list", "", 0),
    # "who" after a noun is a relative pronoun: the question asks yes or no
    ("has the woman who runs the village shop noticed any difference?", "yesno", "", 0),
    ("Which suburb does the student live in?", "place", "", 0),
    ("How slow was the internet in the village?", "number", "", 0),
    ("What does the £185,000 for the market move pay for?", "list", "", 0),   # the sum is given
    ("What would the £1.2m actually pay for at the Mechanics' Institute?", "list", "", 0),
    ("What will the grant be spent on?", "list", "", 0),
    ("What did the council pay for the land?", "number", "", 0),   # a price asked
    ("Is anything else planned at the curling club this season?", "list", "", 0),
    ("Apart from the stalls, what else will the new harbour site have?", "list", "", 0),
]


@pytest.mark.parametrize("question,qtype,precision,n", CASES)
def test_answer_types(question, qtype, precision, n):
    q = analyze(question)
    assert (q.type, q.precision, q.list_n) == (qtype, precision, n)


def test_focus_drops_the_words_that_only_ask_for_a_kind_of_answer():
    q = analyze("How many workers joined the protest in Bilbao?")
    assert "worker" in q.focus and "protest" in q.focus and "bilbao" in q.focus
    assert not {"mani", "many", "how"} & set(q.focus)
    # "how tall" asks for a height, as "how long" asks for a length: "11 metres high" need not say "tall"
    assert analyze("How tall is the climbing wall?").focus == ("climb", "wall")
    assert "heavi" in analyze("Why was the traffic heavy?").focus


def test_anchors_are_the_names_dates_and_numbers_a_question_takes_for_granted():
    q = analyze("Why did Maria Sanchez leave Madrid in March 2019 with 300 soldiers?")
    texts = {t for t, _ in q.anchors}
    assert {"Maria Sanchez", "Madrid"} <= texts and any("2019" in t for t in texts) and any("300" in t for t in texts)


def test_an_entity_with_no_capital_is_no_name():
    """The small tagger reads "café meet" as a person; a name has a capital letter or a digit."""
    q = analyze("How often does the Fixers' Table repair café meet?")
    assert [t for t, _ in q.anchors] == ["Fixers' Table"]


def test_an_anchor_is_the_name_without_its_possessive_ending():
    """The article writes "Northmoor County Council has confirmed": a name held as "Northmoor
    County Council's" is in no article as a phrase, and the question read as about something absent."""
    q = analyze("Who is Northmoor County Council's cabinet member for transport?")
    assert [t for t, _ in q.anchors] == ["Northmoor County Council"]


@pytest.mark.parametrize("question,names", [
    # capitalised words the small tagger leaves out of its entities are names all the same
    ("Are dogs allowed on the Morven Lass?", ["Morven Lass"]),
    ("Who is the MP for Dunmere?", ["Dunmere"]),                       # "MP" is a title, not a name
    # a name before a date is no title of it: the question was read as naming nothing, and any
    # sentence about a weekend answered it
    ("what's the weather forecast for Porthgarrow this weekend", ["Porthgarrow"]),
    ("When does the Line 4 extension open?", ["Line 4"]),              # named with its number
    # two entities of one label joined by a possessive are one name; a place's possessive owns
    ("How many beds does St Aldric's Hospice have?", ["St Aldric's Hospice"]),
    ("When will the taps at Crane's Meadow be fitted?", ["Crane's Meadow"]),
    ("What did Russia's Foreign Ministry do?", ["Russia", "Foreign Ministry"]),
    ("When does construction on Port Ellery's Line 4 extension start?", ["Port Ellery", "Line 4"]),
    # a capitalised word right before a name is its title
    ("Where did Dr Kenji Mori grow up?", ["Kenji Mori"]),
])
def test_capitalised_words_outside_the_tagger_s_entities_are_names(question, names):
    assert [t for t, _ in analyze(question).anchors] == names


def test_the_question_without_its_names_is_what_it_asks_of_them():
    assert analyze("How much is a pint at the Plough Inn?").without_names() == "How much is a pint at ?"
    assert analyze("How many of the 40 boats sank?").without_names() == "How many of the 40 boats sank?"


def test_questions_about_the_collection_of_articles_are_marked():
    from rag.understand import understand
    m = understand("When, according to the articles, did the drought start?")
    assert m.kind == "question" and m.question.across_articles
    assert not understand("What did the minister say about the drought?").question.across_articles


@pytest.mark.parametrize("q,measure", [
    ("How long does the crossing from Dover to Calais take?", "duration"),
    ("How often does the ferry from Baku to Aktau sail in winter?", "frequency"),
    ("How regularly do the inspectors visit the site?", "frequency"),
    ("What's the expected timeline for the clean-up?", "duration"),
    ("How many times a week does the ferry sail?", "frequency"),
    ("How much will the affordable homes cost to buy?", "money"),
    ("What is the price of a ticket?", "money"),
    ("What percentage does the cooperative keep?", "percent"),
    ("How far is the array from Redvale?", "distance"),
    ("How long is the new bridge?", "distance"),
    ("How old is the club's captain?", "age"),
    ("How many beds does the clinic have?", "count"),
    ("How many times did the road flood last winter?", "count"),
    ("How much saffron did they gather?", "quantity"),
    ("What did the museum pay for the painting?", "money"),
    ("What does a season ticket sell for?", "money"),
    ("What sum did the villagers raise for the new roof?", "money"),
    ("What is the population of Kelsbury?", "count"),
    ("How much is the entry fee for the food festival?", "money"),
    ("How much are tickets for the final?", "money"),
    ("What was the attendance at the final?", "count"),
    ("How many centimetres of floor space does a room lose?", "distance"),
    ("How much will a residents' season ticket for the Loch Seary ferry cost?", "money"),
    ("How much did the school receive from runners in 2022?", "money"),
    ("How large was the bequest from a former reader?", "money"),
    ("How big was the deficit last year?", "money"),
    ("What rent does the food bank pay for its new warehouse?", "money"),
    ("What salary does the club's manager earn?", "money"),
    ("How large was the crowd at the final?", "quantity"),
    ("What interest rate is she paying on the loan?", "percent"),
    ("What was the turnout rate in the ward?", "percent"),
    ("How fast is the new connection?", "speed"),
    ("What does a weaver in the cooperative take home for a day's work?", "money"),
    ("What is the fare to Leeds?", "money"),
    ("What is the levy per household?", "money"),
    ("What was the fine?", "money"),
    ("How quickly did the museum gather the funds it needed?", "duration"),
    ("How long is the gap between buses in the evening?", "duration"),
    # "What size grant ...?" asks for a sum (it was typed "other" and answered with a count of volunteers)
    ("What size grant did the countryside charity give towards the fruit-tree scheme?", "money"),
    ("What size is the new pitch?", "quantity"),
    # by how much, not a length: "28,800 tonnes more than the advice" was "no distance" (across tune)
    ("How far do the two countries' quotas together overshoot the scientific advice?", ""),
    ("How far above the limit was the catch?", ""),
    ("How far did the company's shares fall after the spill?", ""),   # was a distance: "don't cover this" (acrossl)
    ("How big was the chief executive's bonus?", "money"),
    ("How far is the new harbour from the town centre?", "distance"),
    # a length to be ("... the runway be after the extension"), not how long something lasts (across tune: a
    # false "the articles don't give that number" over "from 2,600 to 3,500 metres")
    ("How long will the runway be after the extension, according to Karel Dusek?", "distance"),
    ("How long will the road be closed?", "duration"),
    # a thing's name of three words before its length noun (it was a duration, and "will open ... more
    # than a year later" answered it, fresh tune); a preposition ends the name
    ("How long is the Tsuen Wan escalator link?", "distance"),
    ("How long is the wait for the new bridge?", "duration"),
    # time spent at something is measured in hours (it was a quantity, and "$1.86 million" answered it)
    ("How much training will each deputy get before the cameras are rolled out?", "duration"),
    ("How much notice must tenants give?", "duration"),
    ("How much holiday pay do staff get?", "money"),
    # a part of a sum: it was a quantity, and "Each borehole is 120 metres deep" answered it (fresh tune)
    ("How much of the money for the boreholes came from the WaterBridge Foundation?", "money"),
    ("How much of the contract money is Eastwind Marine getting?", "money"),
    ("How much of the flour comes from local mills?", "quantity"),
    # an amount asked by a phrase for its price (each was typed "other" or "description" and answered
    # with a sentence holding no sum, fresh tune)
    ("What is the TransIsland Cycleway going to cost?", "money"),
    ("what would a trailer of turf set you back if you had to buy it", "money"),
    ("What do parents need to chip in for each child going on the trip?", "money"),
    ("What was the shop price of the faulty appliance?", "money"),
    ("whats the annual upkeep bill for the escalator expected to be", "money"),
    ("According to the official, what share of faulty goods usually comes back?", "percent"),
    # a mass noun after "how much" is what is measured, whatever the verb ("saved" made it money, and
    # "3.2 tonnes of waste" no answer, fresh tune)
    ("How much rubbish does the mending group reckon it has saved from the dump?", "quantity"),
    ("How much will the council save each year?", "money"),
    # an amount in a unit the question names (a count of tonnes was answered by any count)
    ("How many tonnes of litter were collected?", "quantity"),
    ("What is the size of the bog in hectares?", "quantity"),
    ("How many kilowatt-hours will the panels make?", "quantity"),
])
def test_number_questions_say_what_they_measure(q, measure):
    a = analyze(q)
    assert a.type == "number" and a.measure == measure, (a.type, a.measure)


@pytest.mark.parametrize("q,unit,said,other", [
    ("What is the size of the bog in hectares?", "hectare", "the 300-hectare raised bog", "about nine kilometres"),
    ("How many tonnes of litter were collected?", "tonne", "14 tonnes", "14 bags"),
    ("How many megawatts will the turbine produce?", "megawatt", "a 2MW turbine", "2 mw"),
    ("How many people came?", "", "", ""),
])
def test_a_number_question_naming_a_unit_is_answered_in_it(q, unit, said, other):
    """"What is the size of the bog in hectares?" was answered by "a plot on the bog, about nine
    kilometres away": the amount asked for is in the unit the question names."""
    from rag.understand.measures import asked_unit, in_unit
    assert asked_unit(q) == unit
    if unit:
        assert in_unit(unit, said) and not in_unit(unit, other)


def test_the_named_subject_of_a_question_is_its_agent():
    assert analyze("How many shares did Helen Marsh buy?").agents == ("Helen Marsh",)
    assert analyze("Who rows at stroke for the Kestrel Boat Club?").agents == ()   # the club is not the subject
    # a street is the subject too
    assert analyze("How long will Kanal Street be closed to cars?").agents == ("Kanal Street",)
    # after the auxiliary, where a question puts its subject, though the tagger reads "plant" as a noun
    assert analyze("How many shade trees will the Urban Mobility Authority plant along the cycleway?").agents \
        == ("the Urban Mobility Authority",)
    assert analyze("How much will Azerbaijan's budget grow?").agents == ()          # an owner, not the subject


def test_a_date_counted_from_the_day_of_asking_is_no_anchor():
    """"this autumn" is not a date an article states; its "October 6" must not count as a swap for it."""
    assert not [t for t, label in analyze("How long did this autumn's harvest go on for?").anchors if label == "DATE"]
    assert not analyze("What did the council decide last year?").anchors
    assert ("autumn 2023", "DATE") in analyze("What did the council decide in autumn 2023?").anchors


def test_one_standing_for_a_noun_is_no_anchor():
    """"than the old one" is a pronoun: an answer need not hold the number one (it did, and
    "Why does the new van hold fewer books than the old one?" was refused)."""
    assert analyze("Why does the new mobile library hold fewer books than the old one?").anchors == ()
    assert analyze("Which one of the bakeries opened first?").anchors == ()
    assert [t for t, _ in analyze("How many of the 40 boats sank?").anchors] == ["40"]


@pytest.mark.parametrize("question", ["Which building firm will carry out the work at Mill Lane?",
                                      "Which charity gave the grant?", "Which supplier buys the power?"])
def test_a_which_question_naming_a_kind_of_organisation_asks_for_one(question):
    assert analyze(question).type == "org"


@pytest.mark.parametrize("q,noun", [
    ("What are the opening hours of the swimming pool in Millbridge?", {"open", "hour"}),
    ("What are the early signs of vitamin D deficiency?", {"earli", "sign"}),
    ("Which old fruit varieties have been planted?", {"old", "fruit", "varieti"}),
    ("What do parents need to pay?", set()),
])
def test_the_noun_a_question_asks_for_is_found_with_its_modifiers(q, noun):
    from rag.understand.question import asked_noun
    assert set(asked_noun(q)) == noun


@pytest.mark.parametrize("q,verb", [("What did the cricket club lose in the pavilion fire?", "lose"),
                                    ("What will the money pay for?", "pai"), ("What did she say?", ""),
                                    ("What is the club?", "")])
def test_the_verb_a_question_asks_with_is_found_unless_it_says_too_little(q, verb):
    from rag.understand.question import asked_verb
    assert asked_verb(q) == verb



@pytest.mark.parametrize("q,one", [
    ("Which corridor connects mainland Azerbaijan with Nakhchivan?", True),
    ("Which pipeline bypassing Russia gave Azerbaijan more autonomy?", True),
    ("What conditions does the investor have to accept?", False),
    ("What advice do the scientists give?", False),
    ("What has the company promised as part of the takeover?", False),
    ("Apart from closing the pool, what else is in the council's budget?", False),
    ("Besides the library, what else will the new centre have?", False),
])
def test_a_question_asking_by_a_singular_noun_asks_for_one_thing(q, one):
    from rag.understand.question import asks_for_one
    assert asks_for_one(q) is one


def test_one_of_a_thing_priced_is_no_count_taken_for_granted():
    """"to raise one sapling" asks a price per sapling; "only one bidder" is a premise."""
    assert analyze("how much does it cost to raise one mangrove sapling in the nursery").anchors == ()
    assert ("only one", "CARDINAL") in analyze("Why did only one bidder apply?").anchors


@pytest.mark.parametrize("text,parts", [
    ("When was the first abnormal reading logged, and when were residents warned?",
     ("When was the first abnormal reading logged?", "When were residents warned?")),
    # an elliptical second part takes the first part's words
    ("Where will the Dravec families be rehoused, and when?",
     ("Where will the Dravec families be rehoused?", "When will the Dravec families be rehoused?")),
    # "its" is the first part's name
    ("How many people does Hollerbeck employ in Rotenau, and what happened to its shares?",
     ("How many people does Hollerbeck employ in Rotenau?", "What happened to Hollerbeck's shares?")),
    # one question
    ("What is the cost of the new bridge?", ()),
    ("Who and when?", ()),
    ("What do the mayor and the minister want?", ()),
])
def test_a_question_asking_two_things_is_two_questions(text, parts):
    from rag.understand.parts import question_parts
    assert question_parts(text) == parts


@pytest.mark.parametrize("q,kind", [
    ("Which pensioner looks after the sewing station at the repair café?", "person"),
    ("Which lawmaker wrote the lithium bill?", "person"),
])
def test_what_a_question_s_wording_asks_for(q, kind):
    assert analyze(q).type == kind
