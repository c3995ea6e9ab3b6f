"""Who did what (rag.decide.agents and people): the agent or speaker of a sentence's figures,
pronouns, roles asked and roles held, so that one party's fact does not answer for another."""
from __future__ import annotations

import re

import pytest

from answering_kit import _bound, _evidence, _one_article
from rag.understand.question import analyze


@pytest.mark.parametrize("question,kinds", [
    ("Who captains the rowing team?", ("person",)),        # a role only a person holds, as a verb
    ("Who is the MP for the town?", ("person",)),
    ("Who owns the old mill?", ("person", "org")),          # a body can own, win, found
    ("Who won the junior title?", ("person", "org")),
])
def test_a_who_question_naming_a_human_role_wants_a_person(question, kinds):
    from rag.decide.binding import accepted
    assert accepted(analyze(question)) == kinds


@pytest.mark.parametrize("sentence,span,agent", [
    ("Most members bought between one and four shares, although a farming family, the Ashdowns, bought forty.",
     "one and four", "members"),
    ("Reid, who joined the team in 2009, said the volunteers were proud.", "2009", "Reid"),
    ("The council will contribute €1.2 million towards a new footbridge.", "€1.2 million", "council"),
    ("She joined the board in 2019.", "2019", None),                 # a pronoun may be anyone
    ("Helen Marsh, 61, said the shop had done well.", "61", None),     # inside the subject itself
    # "it" or "they" reporting its own doing is the party that reports it ...
    ("Nestling & Co said in a statement that it had removed the seat from all 48 of its stores.", "48", "Nestling"),
    ("The growers said they had planted 300 trees.", "300", "growers"),
    # ... "she" may be another woman than the reporting man, and "it" of a clause no one reports is open
    ("Tom Reid said she had planted 300 trees.", "300", None),
    ("The shop closed because it had lost 40 customers.", "40", None),
])
def test_the_agent_of_an_answer_is_the_subject_of_its_verb(sentence, span, agent):
    from rag.decide.agents import agent_of
    got = agent_of(sentence, sentence.index(span))
    assert (got is None) if agent is None else (got is not None and agent in got)


def test_a_question_about_what_one_person_did_is_not_answered_with_what_another_did(tmp_path):
    """Helen Marsh is named in two paragraphs (the article's subject, for binding), but the
    sentence that counts shares says who bought them, and it is not her."""
    from rag.decide.binding import bind_all
    pipe = _one_article(tmp_path, "bakery.txt", (
        "Village bakery reopens as a cooperative\n\n"
        "The bakery on Mill Lane reopened this week under community ownership.\n\n"
        "\"We wanted to keep bread on the high street,\" said Helen Marsh, who chairs the cooperative.\n\n"
        "Most members bought between one and four shares, although a farming family, the Ashdowns, bought forty.\n\n"
        "Helen Marsh said the shop needs to sell 1,100 loaves a week to break even. "
        "She bought ten shares herself in March.\n"))
    ev = _evidence(pipe, "How many shares did Helen Marsh buy?")
    assert ev.question.agents == ("Helen Marsh",)
    bind_all(ev)
    others = next(c for c in ev.candidates if "Ashdowns" in c.text)
    own = next(c for c in ev.candidates if "She bought ten shares" in c.text)
    assert others.binding.swapped > 0 and others.binding.anchors == 0.0
    assert own.binding.swapped == 0 and own.binding.anchors == 1.0    # "She" goes on about Helen Marsh
    a = pipe.answer("How many shares did Helen Marsh buy?")
    assert "Ashdowns" not in a.text.split("\n")[0]


def test_a_fact_another_named_party_states_is_not_the_headline_subjects(tmp_path):
    """The headline and the article are about Mara Quill, which exempts her from the subject rule
    above (news writes "the striker" for her), yet a sentence whose subject names another
    player, or another company for "X's revenue", states that party's fact, not hers."""
    from rag.decide.binding import bind_all
    pipe = _one_article(tmp_path, "derby.txt", (
        "Mara Quill double sends Ashgrove Rovers through\n\n"
        "Two goals from Mara Quill gave Ashgrove Rovers a comfortable win over Tolland on Saturday.\n\n"
        "Rovers captain Dana Fenn limped off with a knee injury and is expected to miss four weeks.\n\n"
        "Mara Quill joined from Brookvale in January and has scored in every round. "
        "Northwind Systems, which sponsors the club, reported revenue of $40 million for 2025. "
        "Ashgrove Rovers have sold 3,000 season tickets.\n"))
    ev = _evidence(pipe, "How many weeks will Mara Quill miss with her knee injury?")
    assert ev.question.agents == ("Mara Quill",)
    bind_all(ev)
    fenn = next(c for c in ev.candidates if "Dana Fenn" in c.text)
    assert fenn.binding.swapped > 0 and fenn.binding.anchors == 0.0
    a = pipe.answer("How many weeks will Mara Quill miss with her knee injury?")
    assert a.abstained and "four weeks" not in a.text.split("\n")[0]
    q = "How much was Ashgrove Rovers' revenue in 2025?"
    ev = _evidence(pipe, q)
    assert "Ashgrove Rovers" in ev.question.owners
    bind_all(ev)
    other = next(c for c in ev.candidates if "Northwind" in c.text)
    assert other.binding.swapped > 0
    # ... while the same question of the company that reported it is answered by that sentence
    a = pipe.answer("How much was Northwind Systems' revenue in 2025?")
    assert not a.abstained and "$40 million" in a.text


def test_a_name_ending_in_the_same_word_is_another_party():
    """"Inverallan Leisure Centre, which opened in 1978" says nothing of when Kilbrae Sports
    Centre opened: sharing only the kind-word ("Centre") does not make one party of two names;
    the surname alone ("Marsh") or a description ("the club") may still be the agent."""
    from rag.decide.agents import contradicts
    opened = "Inverallan Leisure Centre, which opened in 1978, was chosen because its roof needs repairs."
    assert contradicts("Kilbrae Sports Centre", opened, [opened.index("1978")])
    assert not contradicts("Inverallan Leisure Centre", opened, [opened.index("1978")])
    bought = "Tom Marsh bought forty shares in March."
    assert contradicts("Helen Marsh", bought, [bought.index("forty")])
    for who in ("Marsh", "The club"):
        said = f"{who} bought forty shares in March."
        agent = "Helen Marsh" if who == "Marsh" else "Kestrel Boat Club"
        assert not contradicts(agent, said, [said.index("forty")]), who


def test_a_subject_made_of_the_question_s_own_words_is_not_another_party():
    """"Home matches will be played at Ferris Lane" answers where the Kites play their home
    matches: its subject is the question's object, not someone else doing it."""
    from rag.decide.agents import contradicts
    asked = frozenset(analyze("Where will the Kites play their home matches?").stems)
    home = "Home matches will be played at Ferris Lane every other Sunday."
    assert not contradicts("Kites", home, [home.index("Ferris")], asked)
    assert contradicts("Kites", home, [home.index("Ferris")])                 # as it was read before
    other = "The Stainmoor Ladies play at Ferris Lane every other Sunday."
    assert contradicts("Kites", other, [other.index("Ferris")], asked)        # another team does
    # an active subject of the question's words is a party: the appeal raised, the donor did not
    asked = frozenset(analyze("How much has the Northern Air Ambulance donated to the appeal?").stems)
    raised = "So far the appeal has raised £31,500."
    assert contradicts("the Northern Air Ambulance", raised, [raised.index("£")], asked)
    # ... unless it does what the question asks of the thing: "each session lasts" for "How long
    # does each Kites training session last?" restates the thing asked about
    asked = frozenset(analyze("How long does each Kites training session last?").stems)
    lasts = "They train twice a week, and each session lasts about ninety minutes."
    assert not contradicts("Kites", lasts, [lasts.index("about")], asked)
    block = "The crew's winter training block lasted about five months."
    assert contradicts("Kites", block, [block.index("about")], asked)


def test_a_named_person_beside_another_role_does_not_answer_for_the_role_left_unnamed(tmp_path):
    """"a local children's author, who read stories ..., and a plaque was unveiled by the trust's
    chair, Dr Morag Feeney": the author goes unnamed; Dr Feeney answers for the chair only."""
    pipe = _one_article(tmp_path, "ward.txt", (
        "Children's ward reopens\n\n"
        "The children's ward at St Aldhelm's Hospital reopened on Monday after a refit.\n\n"
        "The reopening was marked by a visit from a local children's author, who read stories on "
        "the ward, and a plaque was unveiled by the trust's chair, Dr Morag Feeney.\n"))
    ev = _bound(pipe, "Which children's author read stories at the reopening?")
    c = next(c for c in ev.candidates if "Feeney" in c.text)
    assert not [x.text for x in c.binding.answers if x.kind == "person"]
    assert pipe.answer("Which children's author read stories at the reopening?").abstained
    ev = _bound(pipe, "Who is the trust's chair?")
    c = next(c for c in ev.candidates if "Feeney" in c.text)
    assert "Dr Morag Feeney" in [x.text for x in c.binding.answers] or "Morag Feeney" in [x.text for x in c.binding.answers]


def test_a_person_set_beside_another_role_does_not_answer_for_a_role_the_sentence_never_names(tmp_path):
    """"Who is the MP for Dunmere?" is not answered by "parish councillor Beatrice Yeo"; "Who is
    the headteacher?" is answered by "the school's head, Declan Moray" (a role holding the other)."""
    pipe = _one_article(tmp_path, "van.txt", (
        "Mobile library returns\n\n"
        "Dunmere, the smallest hamlet, was dropped from the first timetable. It was put back after a "
        "campaign led by parish councillor Beatrice Yeo, who collected letters from almost every household.\n\n"
        "Pupils at the village school will visit the van, said the school's head, Declan Moray.\n"))
    ev = _bound(pipe, "Who is the MP for Dunmere?")
    c = next(c for c in ev.candidates if "Yeo" in c.text)
    assert not [x.text for x in c.binding.answers if x.kind == "person"]
    ev = _bound(pipe, "Who led the campaign to put Dunmere back on the timetable?")
    c = next(c for c in ev.candidates if "Yeo" in c.text)
    assert "Beatrice Yeo" in [x.text for x in c.binding.answers]
    ev = _bound(pipe, "Who is the headteacher of the village school?")
    c = next(c for c in ev.candidates if "Moray" in c.text)
    assert "Declan Moray" in [x.text for x in c.binding.answers]


def test_a_person_the_tagger_calls_an_organisation_answers_a_who_question(tmp_path):
    """"chaired by Imogen Fairbairn" (tagged an organisation) with "Ms Fairbairn said" later:
    "Who chairs the group?" is answered, not said to be missing."""
    pipe = _one_article(tmp_path, "orchard.txt", (
        "Community orchard planted\n\n"
        "The project is led by the Brackwell Orchard Group, chaired by Imogen Fairbairn, a retired biology teacher.\n\n"
        "Ms Fairbairn said the group tracked down the old varieties.\n"))
    a = pipe.answer("Who chairs the Brackwell Orchard Group?")
    assert not a.abstained and "Imogen Fairbairn" in a.text, a.text


def test_he_or_she_opening_a_sentence_is_the_person_the_sentence_before_named(tmp_path):
    """"He will join Tallgrass ... for at least 18 months" after the sentence naming Tobias
    Lindqvist: about him (it was refused, "the articles don't give that number"), and asked of
    the chief executive named elsewhere it answers nothing (it was given as her answer)."""
    pipe = _one_article(tmp_path, "deal.txt", (
        "Tallgrass buys Kiln Street Software\n\n"
        "Tallgrass chief executive Ms. Renata Obi told analysts that customers kept asking for one dashboard.\n\n"
        "Kiln Street was founded in 2019 by Mr. Tobias Lindqvist, a former supply-chain manager. He will join "
        "Tallgrass as head of software and has agreed to stay for at least 18 months after the deal closes.\n"))
    a = pipe.answer("How long has Tobias Lindqvist agreed to stay after the deal closes?")
    assert not a.abstained and "at least 18 months" in a.text, a.text
    a = pipe.answer("How long has Renata Obi agreed to stay after the deal closes?")
    assert a.abstained or "18 months" not in a.text, a.text


@pytest.mark.parametrize("agent,sentence,span,outside", [
    ("Julian Marr", "Julian Marr, the trust's director of estates, said the building work had finished about ten "
                    "weeks late.", "about ten", True),
    ("Martin Cole", "It is a rise the head teacher, Martin Cole, puts down to the free lessons introduced in 2020.",
     "2020", True),
    ("Gareth Lowe", "Gareth Lowe said he had driven the van for eleven years.", "eleven", False),   # "he" may be him
    ("Martin Cole", "The school appointed Martin Cole in 2019.", "2019", False),
    ("Ann Carver", "Its founder, Ann Carver, hopes to raise £20,000 for a new room.", "£20,000", False),
    ("Malcolm Garside", "Her nephew, Malcolm Garside, said she had used the library for more than forty years.",
     "more than forty", True),                                                                   # she is not him
    ("Anna Berg", "Her daughter, Anna Berg, said she had lived there for ten years.", "ten", False),
    ("Mrs Ellis", "Mrs Ellis said he had driven the van for eleven years.", "eleven", True),
    ("Smith", "Under Smith, the club won the league in 2019.", "2019", False),
    ("Graham Pike", "Every match is supervised by Graham Pike, who drives over from Stanhope.", "Stanhope", False),
    # a "who" clause on the noun beside the name ("a retired bank manager") is the name's
    ("Colin Varley", "Every match is refereed by Colin Varley, a retired bank manager who travels from Hexham for "
                     "each round.", "Hexham", False),
    ("Dr. Farah Siddiqui", "It opened in the presence of superintendent Dr. Ravindra Kulkarni, who has headed the "
                           "hospital since 2019, and Dr. Farah Siddiqui, who will lead the unit.", "2019", True),
    ("Dr. Ravindra Kulkarni", "It opened in the presence of superintendent Dr. Ravindra Kulkarni, who has headed the "
                              "hospital since 2019, and Dr. Farah Siddiqui, who will lead the unit.", "2019", False),
])
def test_a_name_beside_another_subject_s_news_takes_no_part_in_it(agent, sentence, span, outside):
    """A person named in a sentence only as the speaker of another subject's news (or beside a
    clause about another thing) is no party to its figures: "How long has Julian Marr been
    director?" is not answered by the building work's ten weeks."""
    from rag.decide.agents import bystander
    assert bystander(agent, sentence, sentence.index(span)) is outside


def test_a_who_question_is_not_answered_by_its_own_person_a_school_or_a_holder_of_another_role(tmp_path):
    """"Jess Orwin" is the "Orwin" the question names; "St Anne's" of "St Anne's Primary" is a
    school; "Ellery" (which the tagger may call an organisation) beside no role is not the council
    leader the sentence leaves unnamed. The article says who will stand in nowhere, and says so."""
    from rag.decide.binding import bind_all
    pipe = _one_article(tmp_path, "cup.txt", (
        "Kestrel Vale take lead into second leg\n\n"
        "Kestrel Vale captain Jess Orwin limped off with an ankle injury and is expected to miss six weeks. "
        "The club has not said who will wear the armband in her absence.\n\n"
        "St Anne's Primary won the junior title and Ridgeway High took the senior trophy.\n\n"
        "The district council's leader sent a letter of congratulations, and Ellery said the group had been "
        "contacted by three other villages.\n"))
    for question, holder in [("Who will captain Kestrel Vale while Orwin is injured?", "Jess Orwin"),
                             ("Who captains the Ridgeway High team that won the senior trophy?", "St Anne's"),
                             ("Who is the district council leader who sent the letter?", "Ellery")]:
        ev = _evidence(pipe, question)
        bind_all(ev)
        c = next(c for c in ev.candidates if holder in c.text)
        assert holder not in [x.text for x in c.binding.answers], question
    a = pipe.answer("Who will captain Kestrel Vale while Orwin is injured?")
    assert a.abstained and not a.text.startswith("Kestrel Vale captain Jess Orwin"), a.text


@pytest.mark.parametrize("question,sentence,other", [
    ("Who has been appointed as the shelter's paid night manager?",
     "Its fundraising manager, Colin Ferris, said the money paid for night care.", True),
    ("Who is the club's head coach?", "The assistant coach, Sam Reid, said the team was ready.", True),
    ("Who is the club's head coach?", "The head coach, Sam Reid, said the team was ready.", False),
    ("Who is the manager of the shelter?", "Its fundraising manager, Colin Ferris, said so.", False),
    ("Who is the vet at the rescue?", "The rescue's vet, Dr Imran Sethi, visits every Tuesday.", False),
])
def test_a_role_qualified_otherwise_is_another_role(question, sentence, other):
    """"Its fundraising manager" is not "the paid night manager" the question asks for, and an
    assistant coach is no head coach; a role the question leaves unqualified is any of its kind."""
    from rag.decide.people import _holds_other_role, _IS_THE_ROLE, _roles
    from rag.find.spans import Span
    name = re.search(r"(?:Colin Ferris|Sam Reid|Dr Imran Sethi)", sentence)
    x = Span("person", name.start(), name.end(), name.group())
    filled = _roles(m.group(1)) if (m := _IS_THE_ROLE.match(question)) else set()
    assert _holds_other_role(sentence, x, _roles(question), filled, question) is other


@pytest.mark.parametrize("question,sentence,name,answers", [
    ("What is the name of the Ontario collector who contacted the curator about the painting?",
     "The curator, Dr Nathan Pascoe, said the museum had known of the painting for years until a collector emailed him.", "Nathan Pascoe", False),
    ("Who is the curator who was contacted by the collector?",
     "The curator, Dr Nathan Pascoe, said the museum had known of the painting for years until a collector emailed him.", "Nathan Pascoe", True),
    ("What is the name of the pupil who designed the medal?",
     "\"We are delighted,\" said Niamh Corrigan, the race director.", "Niamh Corrigan", False),
    ("What is the name of the race director?",
     "\"We are delighted,\" said Niamh Corrigan, the race director.", "Niamh Corrigan", True),
    # the role she is said to be, after "is", not the one she had ("worked as an usher")
    ("Who is the volunteer duty manager at the cinema?", "Edna Abernathy, 71, who worked as an usher at the cinema "
     "in the 1970s, is now the volunteer duty manager.", "Edna Abernathy", True),
    ("Who is the paid night manager?", "Colin Ferris, who joined last year, is the fundraising manager.",
     "Colin Ferris", False),
])
def test_the_role_asked_is_the_one_before_any_relative_clause(question, sentence, name, answers):
    """"the Ontario collector who contacted the curator" asks for the collector: the curator is
    another party. "What is the name of the pupil ...?" asks a role filled, as "Who is the ...?" does."""
    from rag.decide.people import holds_asked_role
    from rag.find.spans import Span
    at = sentence.index(name)
    assert holds_asked_role(analyze(question), sentence, Span("person", at, at + len(name), name)) is answers


@pytest.mark.parametrize("question,sentence,name,answers", [
    # her "who" clause does what a rower is named for; "the other seven rowers" counts, not qualifies
    ("Which Millbridge rower sets the pace for the rest of the crew?", "\"We sat on the bank and tried not to "
     "think about it,\" said Priya Nair, who rows at stroke and sets the rhythm for the other seven rowers.",
     "Priya Nair", True),
    ("Which Millbridge rower sets the pace?", "Tom Hale, who coaches the juniors, said the eight rowers had trained "
     "since March.", "Tom Hale", False),
    ("Who edits the newsletter?", "Ann Lowe, who edits the parish newsletter, wrote to the council.", "Ann Lowe", True),
])
def test_a_who_clause_doing_the_role_says_the_name_holds_it(question, sentence, name, answers):
    """A name's own "who" clause whose verb the asked role is made from ("who rows" a rower)
    says the name holds the role; another verb ("who coaches") says another role."""
    from rag.decide.people import holds_asked_role
    from rag.find.spans import Span
    at = sentence.index(name)
    assert holds_asked_role(analyze(question), sentence, Span("person", at, at + len(name), name)) is answers


@pytest.mark.parametrize("text,heads", [
    ("said Professor Miriam Adler, who leads the project.", True),
    ("The trial, led by Dr Ilse Varga-Moen of the University of Aldmere, followed 312 nurses.", True),
    ("Who leads the committee running the bakery?", True),
    ("Its chairman, Brendan Hurley, said the club would appeal.", True),
    ("The Storm led 17-14 at half-time.", False),
    ("Nobody knows what led to the delay.", False),
])
def test_leading_a_body_in_a_who_clause_is_heading_it(text, heads):
    """"who leads the project" heads it, as "chairman" does; the verb "lead" elsewhere ("led 17-14
    at half-time", "what led to the delay") does not."""
    from index.text import content_stems
    from rag.decide.people import HEADS, heading_stems, heading_topic
    assert (HEADS in heading_stems(set(content_stems(text)), text)) is heads
    if text.startswith("Who"):
        # the question's focus weights, with its verb of heading read as HEADS (whatever its tense)
        for question in (text, "Who led the committee running the bakery?"):
            q = analyze(question)
            topic = heading_topic(q, {s: 1.0 for s in q.focus})
            assert HEADS in topic and not {"lead", "led"} & set(topic), (question, topic)


def test_a_pronoun_of_the_other_sex_is_someone_else(tmp_path):
    """"Her nephew, Malcolm Garside, said she had used the mobile library every week for more
    than forty years": the forty years are hers, not how long he drove it."""
    pipe = _one_article(tmp_path, "library.txt", (
        "Mobile library returns to the valley\n\n"
        "A mobile library will start visiting 14 villages again from Monday 4 May.\n\n"
        "Most of the money came from a legacy left by a former reader, Edith Garside. Her nephew, Malcolm "
        "Garside, said she had used the mobile library every week for more than forty years.\n"))
    a = pipe.answer("For how many years did Malcolm Garside use the mobile library?")
    assert a.abstained and "forty" not in a.text.split(" The closest")[0], a.text


def test_she_after_a_name_and_someone_s_relation_means_the_name(tmp_path):
    """"Head instructor Hannah Tregear, Owen's daughter, ... She competed in ...": she is Hannah,
    not Owen, so the sentence swaps the person a question about Owen asks of."""
    pipe = _one_article(tmp_path, "wall.txt", (
        "Climbing wall opens\n\n"
        "Owen Tregear founded the climbing project in 2021. Head instructor Hannah Tregear, Owen's daughter, "
        "leads a team of six instructors. She competed in the British junior championships in 2009.\n"))
    ev = _bound(pipe, "In what year did Owen Tregear compete in the British junior championships?")
    c = next(c for c in ev.candidates if c.text.startswith("She competed"))
    assert c.binding.agent == 0.0 and c.binding.swapped > 0


def test_a_who_question_is_answered_by_a_surname_given_in_full_before(tmp_path):
    pipe = _one_article(tmp_path, "final.txt", (
        "Storm win the Kowhai Cup final\n\n"
        "The Marlow Bay Storm beat the Ashbridge Falcons 31-24 in the Kowhai Cup final on Saturday. Wing Losa "
        "Fepuleai scored two tries for the Storm.\n\n"
        "Fepuleai, 19, was named player of the match.\n\n"
        "Falcons coach Nadine Ellery said her side had played well but lost the match.\n"))
    a = pipe.answer("Who was player of the match in the Kowhai Cup final?")
    assert not a.abstained and "Fepuleai" in a.text.split("[1]")[0], a.text


def test_what_a_named_party_did_is_not_read_from_the_passive_doer_of_another():
    """"four were donated by the Noor Trust" is what the Noor Trust gave, not the Al-Khidmat
    Foundation; the 20 of "Of the 20 machines" says nothing of who gave them."""
    from rag.decide.agents import contradicts, passive_doer
    t = ("Of the 20 machines, 16 were bought by the health department and four were donated by the Noor Kidney "
         "Welfare Trust, a Lahore-based charity.")
    assert passive_doer(t, t.index("four")).startswith("the Noor Kidney Welfare Trust")
    asked = frozenset(analyze("How many machines did the Al-Khidmat Renal Foundation donate?").stems)
    assert contradicts("the Al-Khidmat Renal Foundation", t, [t.index("four")], asked)
    assert not contradicts("the Noor Kidney Welfare Trust", t, [t.index("four")], asked)


def test_a_verb_sharing_a_stem_with_a_role_names_no_role():
    """"Who officiated at the switch-on?" asks who did it, not for an official: the deputy
    minister who officiated answers. "chaired" and "managed" still name the chair and the manager."""
    from rag.decide.people import _roles
    assert _roles("Who officiated at the switch-on of the solar grid?") == set()
    assert _roles("Who chaired the meeting?") and _roles("Who managed the project?") == _roles("Who is the manager?")


def test_what_another_named_party_said_is_not_what_the_asked_one_called_for(tmp_path):
    """"How big a fund did Nuala Haughey call for?" over "Another MLA, Derek Moffett, said a fund
    of £1.5 million should be set up": his call, not hers."""
    from rag.decide.agents import speaker_of
    s = ("Another Newry and Armagh MLA, Derek Moffett (UUP), said a hardship fund of £1.5 million should be set up, "
         "and he called on the Minister to visit the affected orchards.")
    assert "Derek Moffett" in speaker_of(s, s.index("£1.5"))
    pipe = _one_article(tmp_path, "orchard.txt", (
        "Frost damage in Armagh orchards\n\n"
        "Local MLA Nuala Haughey (SF) said she would raise the issue at the agriculture committee. " + s + "\n"))
    assert pipe.answer("How big a hardship fund did Nuala Haughey call for").trace.decision != "answer"
    assert "£1.5 million" in pipe.answer("How big a hardship fund did Derek Moffett call for").text


def test_heading_a_body_is_one_thing_whichever_word_says_it(tmp_path):
    """"Who chairs the residents' group?" and "Who is in charge of the rescue team?" are answered
    by "Its chairman, ..." and "the team leader, ..." (each said "I couldn't find a passage that
    clearly names that person", fresh tune); a captain does not answer who coaches the side, nor
    "They led 17-14" who is in charge of it."""
    pipe = _one_article(tmp_path, "quay.txt", (
        "Residents back riverside homes\n\n"
        "The Quay Road Residents' Association has dropped its objection to 240 homes on the old gasworks site. "
        "Its chairman, Brendan Hurley, pointed to a late change that adds a public park along the river.\n\n"
        "The Glenmere Mountain Rescue Team was called out 131 times last year, a record. Most members hold "
        "ordinary jobs: the team leader, Fiona Strachan, is a veterinary nurse in Glenmere.\n\n"
        "The Vuda Pearls won the netball league on Saturday. Litia Vakatawa, 17, captains the Vuda Pearls side.\n\n"
        "The Ashbridge Falcons won the women's final. They led 17-14 at half-time after captain Jess Corrigan "
        "scored in the 34th minute.\n"))
    a = pipe.answer("Who chairs the group representing people living on Quay Road?")
    assert not a.abstained and "Brendan Hurley" in a.text
    a = pipe.answer("Who is in charge of the volunteer mountain rescue group in Glenmere?")
    assert not a.abstained and "Fiona Strachan" in a.text
    ev = _bound(pipe, "Who coaches the Vuda Pearls?")
    c = next(c for c in ev.candidates if "Vakatawa" in c.text)
    assert c.binding.focus == 0
    assert pipe.answer("Who coaches the Vuda Pearls?").abstained
    # leading a match is not heading the team
    ev = _bound(pipe, "Who is in charge of the Ashbridge Falcons?")
    c = next(c for c in ev.candidates if "Corrigan" in c.text)
    assert c.binding.focus == 0
