"""rag.find's reading of sentences and rag.understand's of questions: candidate features, date
precision, typed spans as articles write them (amounts, currencies, speeds, surnames), and what a
question asks for (its type, its measure, names typed in lower case)."""
from __future__ import annotations

import pytest

import answering_kit
from answering_kit import _evidence, _one_article
from rag.find.candidates import date_precision
from rag.understand.question import analyze

pipe = answering_kit.pipe  # a shared fixture: pytest finds it by this name


@pytest.mark.parametrize("text,precision", [("on 14 March 2021", "day"), ("July 1, said", "day"),
                                            ("in May 2024", "month"), ("in 2012", "year"), ("in the 1970s", "year"),
                                            ("last winter", ""), ("2021-03-14", "day")])
def test_date_precision(text, precision):
    assert date_precision(text) == precision


def test_features_are_computed_from_the_stored_annotations(pipe):
    a = _evidence(pipe, "When was the harbour plan approved?")
    c = next(c for c in a.candidates if "14 March 2021" in c.text)
    assert c.f.type_match == 1.0 and c.f.date_precision == 1.0 and c.f.lex > 0.5
    other = next(c for c in a.candidates if "cranes date" in c.text)
    assert other.f.lex < c.f.lex
    assert all(x.f.cos > -1 and 0 <= x.f.lex_ctx <= 1 and 0 <= x.f.bm25_rr <= 1 for x in a.candidates)


def test_a_date_inside_a_sentence_is_not_an_amount(pipe):
    a = _evidence(pipe, "How many cranes does the harbour have?")
    approved = next(c for c in a.candidates if "approved" in c.text)
    dredging = next(c for c in a.candidates if "2 million euros" in c.text)
    assert approved.f.type_match == 0.0 and dredging.f.type_match == 1.0


@pytest.mark.parametrize("text,expect", [
    ("The ferry sails every two hours, and the crossing takes about ninety minutes.",
     [("frequency", "every two hours"), ("duration", "about ninety minutes")]),
    ("It sails twice a week in winter; the crossing takes about thirty hours.",      # "in winter" says when
     [("frequency", "twice a week"), ("date", "winter"), ("duration", "about thirty hours")]),
    ("The board meets four times a year, 15 kilometres from town.",
     [("frequency", "four times a year"), ("distance", "15 kilometres")]),
    ("It costs €3.1 million and takes around eighteen months; the club keeps 8 percent.",
     [("money", "€3.1 million"), ("duration", "around eighteen months"), ("percent", "8 percent")]),
    ("a six-month pilot with 240 beds for patients aged 34", [("duration", "six-month"), ("count", "240"),
                                                              ("age", "aged 34")]),
    # a day of a month is a date whatever the tagger says; "may" the verb is not a month
    ("They will meet on 9 September, and may 3 of them stay until March 3, 2026.",
     [("date", "9 September"), ("count", "3"), ("date", "March 3, 2026")]),
    # no price is an amount too; "free" of other kinds is not
    ("Entry is free, and children under 12 travel free.", [("money", "free"), ("count", "12"), ("money", "free")]),
    ("They can post it back free of charge.", [("money", "free of charge")]),
    ("The club runs free taster sessions, and Armenia is free to choose.", []),
    # a recurring day is a frequency, one day is a date; a time of day is a date
    ("Volunteers planted trees on Saturday 10 January.", [("date", "10 January")]),
    ("The club trains on Tuesdays and on Saturday mornings.",
     [("frequency", "on Tuesdays"), ("frequency", "on Saturday mornings")]),
    ("The bus leaves at 8.10am, and the 2.5 km walk ends by noon.",
     [("date", "8.10am"), ("distance", "2.5 km"), ("date", "noon")]),
    ("Each hive is inspected every seven to ten days.", [("frequency", "every seven to ten days")]),
    # a day of the month that recurs is a frequency; one such day of a named month is not
    ("The club rides every first Sunday of the month and meets on the last Friday of each month.",
     [("frequency", "every first Sunday of the month"), ("frequency", "on the last Friday of each month")]),
    ("On the first Sunday of May the bins are emptied every second Tuesday.",
     [("frequency", "every second Tuesday")]),
    # a range is one amount in its unit, not a count of its first number
    ("They slept well short of the eight to ten hours doctors recommend.", [("duration", "eight to ten hours")]),
    ("It followed students aged 13 to 18 who live between 5 and 10 km away.",
     [("age", "aged 13 to 18"), ("distance", "between 5 and 10 km")]),
])
def test_typed_spans_as_articles_write_them(text, expect):
    from rag.find.spans import spans
    assert [(s.kind, s.text) for s in spans(text)] == expect


def test_a_year_the_tagger_calls_a_number_is_a_date():
    """spaCy's small model tags some bare years CARDINAL ("signed in 2022"); a when-question
    must still find them, and a how-many question must not count them."""
    from rag.find.spans import spans
    text = "The energy offer signed in 2022 covers 20 billion cubic metres."
    year = text.index("2022")
    got = [(s.kind, s.text) for s in spans(text, [(year, year + 4, "CARDINAL")])]
    assert ("date", "2022") in got and ("count", "2022") not in got


def test_an_amount_per_year_is_money_not_a_frequency():
    from rag.find.spans import spans
    assert [(s.kind, s.text) for s in spans("Dredging it costs the city 2 million euros a year.")][0] == \
        ("money", "2 million euros")
    assert [(s.kind, s.text) for s in spans("It included six sessions a week.")] == [("frequency", "six sessions a week")]


@pytest.mark.parametrize("text,found", [
    ("Vendors will pay R450 a month to rent a stall.", [("money", "R450")]),
    ("after a R38 million upgrade", [("money", "R38 million")]),
    ("Take the R445 towards Nenagh.", []),                 # a road, not rand
    ("It sold goods worth ₹3.1 crore, up from ₹40 lakh.", [("money", "₹3.1 crore"), ("money", "₹40 lakh")]),
    ("It cost KSh 2.4 million and C$1.6 million.", [("money", "KSh 2.4 million"), ("money", "C$1.6 million")]),
    ("It set aside Shs120 million; a cook is paid Shs150,000.", [("money", "Shs120 million"), ("money", "Shs150,000")]),
    ("Each sapling costs about RM6, and a stall J$18,000.", [("money", "RM6"), ("money", "J$18,000")]),
    ("Drivers pay K150, and K4,500 is the fine; it cost K86 million.", [("money", "K150"), ("money", "K4,500"),
                                                                        ("money", "K86 million")]),
    ("A fee of UGX 5,000 or 300 ringgit", [("money", "UGX 5,000"), ("money", "300 ringgit")]),
    ("The K9 unit took the A1 road.", []),                 # a dog unit and a road, not kwacha
    # crowns (Czech, Scandinavian), zlotys, forints: "It does not say what the recovery will cost" had been
    # claimed of an article giving "at least 3 million crowns" (stop 70)
    ("Restoring systems will cost at least 3 million crowns, and the fine was 40,000 zlotys.",
     [("money", "3 million crowns"), ("money", "40,000 zlotys")]),
    ("The crown jewels were shown.", []),
    # "Rs" is rupees only as a word: "covers 120" is no sum (it was "rs 120", money)
    ("The farm covers 120 hectares and sells for Rs 500.", [("quantity", "120 hectares"), ("money", "Rs 500")]),
    # a unit as an adjective is an amount in it ("a 300-hectare bog" was a count of 300)
    ("the 300-hectare raised bog and a 5-tonne truck", [("quantity", "300-hectare"), ("quantity", "5-tonne")]),
    ("speeds that rarely rose above 3 megabits per second", [("quantity", "3 megabits per second")]),
    ("limited to 25km/h, or 15 miles an hour, over 12 km", [("quantity", "25km/h"), ("quantity", "15 miles an hour"),
                                                            ("distance", "over 12 km")]),
])
def test_amounts_in_other_currencies_and_speeds_are_found(text, found):
    from rag.find.spans import spans
    assert [(s.kind, s.text) for s in spans(text) if s.kind != "count"] == found


@pytest.mark.parametrize("text,expect", [
    ("The one at Fairway brings in about 400 kilograms of food a month.", []),
    ("The warehouse is rented for £14,000 a year.", []),
    ("The repair took a month.", ["a month"]),
    ("They raised £400 in a month.", ["a month"]),
    ("It will close for a month from 3 June.", ["a month"]),
])
def test_a_month_after_an_amount_is_what_it_is_per_not_a_duration(text, expect):
    """"400 kilograms of food a month" once answered "For how long is the council paying the rent?"."""
    from rag.find.spans import spans
    assert [s.text for s in spans(text) if s.kind == "duration"] == expect


def test_a_surname_the_article_gave_in_full_is_a_person():
    """News writing names a person in full once and by surname after; the tagger may not take
    the bare surname for a person ("Fepuleai, 19, was named player of the match"). A surname
    the article also names as something else stays that."""
    from rag.find.spans import spans, surnames
    text = "Fepuleai, 19, was named player of the match, ahead of Ellery of France."
    got = surnames(spans(text), text, frozenset({"Fepuleai"}))
    assert ("person", "Fepuleai") in [(s.kind, s.text) for s in got]
    assert "Ellery" not in [s.text for s in got if s.kind == "person"]


def test_a_date_span_less_precise_than_asked_does_not_answer():
    """"On what date is the meeting?" asks for a day: "December" is a month, the day beside it
    ("February 6") is another event's."""
    from rag.find.candidates import as_precise_as
    assert not as_precise_as("December", "day") and not as_precise_as("2025", "day")
    assert as_precise_as("February 6", "day") and as_precise_as("Saturday 10 May", "day")
    assert as_precise_as("every Saturday", "day")
    assert not as_precise_as("2025", "month") and as_precise_as("March 2025", "month")
    assert as_precise_as("2025", "year") and as_precise_as("December", "")


def test_a_name_typed_in_lower_case_is_read_as_the_collection_writes_it():
    from rag.understand.casing import Names
    names = Names(["Carol Bennington", "Rangi Whitcombe", "Hope", "Te Awa Station", "Pembrook", "Adult"],
                  lower_words={"hope"}, mid_caps={"Carol", "Bennington", "Pembrook", "Hope"})
    assert names.recase("how many hectares does carol bennington farm?") == \
        "how many hectares does Carol Bennington farm?"
    # "Adult single fares ..." writes it with a capital only at a sentence's start
    assert names.recase("how much is an adult fare in pembrook?") == "how much is an adult fare in Pembrook?"
    assert names.recase("is there hope for te awa station") == "is there hope for Te Awa Station"   # "hope" is a word
    assert names.recase("Does Carol bennington farm?") == "Does Carol bennington farm?"     # typed with capitals
    # a name the tagger cut short ("Save the" of "Save the Maungarewa Ridge") is no name
    cut = Names(["Save the", "Save the Plough"], mid_caps={"Save"})
    assert cut.recase("the appeal that helped save the vegetable plots") == "the appeal that helped save the vegetable plots"
    assert cut.recase("how much did save the plough raise?") == "how much did Save the Plough raise?"
    assert analyze(names.recase("how many hectares does carol bennington farm?")).anchors == \
        (("Carol Bennington", "PERSON"),)


def test_a_lower_case_name_in_a_question_is_no_one_else_s_fact(tmp_path):
    """"how many hectares does carol bennington farm?" over an article giving the farmer's 900
    hectares and naming Carol Bennington as an objector: the person is the objector, and no
    size is given for her."""
    pipe = _one_article(tmp_path, "turbine.txt", (
        "Farmer's wind turbine plan draws objections\n\n"
        "Rangi Whitcombe, 52, who runs sheep and beef on 900 hectares at Te Awa Station, wants to install a "
        "single turbine costing $1.4 million.\n\n"
        "The objectors are led by Carol Bennington, 71, a retired teacher who lives 1.2 kilometres from the site.\n"))
    a = pipe.answer("how many hectares does carol bennington farm?")
    assert ("Carol Bennington", "PERSON") in tuple(map(tuple, a.trace.anchors))
    assert a.trace.decision != "answer" and "900 hectares" not in a.text.split("closest")[0]


def test_an_amount_asked_because_of_something_is_still_an_amount():
    assert analyze("How much has Alison Greer lost because of the frost?").type == "number"
    assert analyze("Why did the frost hit the orchards?").type == "reason"


@pytest.mark.parametrize("question, measure", [
    ("How long is the Gull Rock wharf?", "distance"),
    ("How long is the escalator link", "distance"),
    ("How long is the road from Leeds to York?", "distance"),
    ("How long is the bridge going to be closed?", "duration"),
    ("How long is the lane closure?", "duration"),
    ("How long is the crossing?", "duration"),
])
def test_how_long_a_structure_is_is_a_length(question, measure):
    assert analyze(question).measure == measure

