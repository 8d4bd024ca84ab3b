"""Mutation check: every autograded check cell fails on wrong answers and passes on right variants.

The tables below give, for every answer cell (by question name), wrong answers
(MUTATIONS) and differently written right answers (VARIANTS). Each is the code
a student would write in place of ``# YOUR CODE HERE``; the released
``name = None`` line above it stays.

Round k submits, for every question at once, its k-th mutation (or its last,
if it has fewer): "mutation-k" must score 0 on every check cell. Each question
is checked only by its own check cell, so one submission tests them all.
Round 1 holds plausible wrong answers of the right type: they pass the visible
checks, so it is the hidden tests that must catch them. "variant-k" likewise
submits right answers written another way and must earn full marks.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from .support.course_copy import ASSIGNMENTS
from .support.grading import grade_classes
from .support.notebooks import (
    answer_cells,
    answer_name,
    assignment_notebooks,
    check_cells,
    check_points,
    failing_line,
    fill_answers,
    hidden_tests_start,
    solution_code,
)

COURSE = Path(__file__).resolve().parent.parent / "course"


def _dict(name: str, values: list) -> str:
    """Code that fills the released dictionary ``name`` with ``values``, in its key order."""
    return f"{name} = dict(zip({name}, {values!r}))"


MUTATIONS: dict[str, dict[str, list[str]]] = {
    "ps1-same-page": {
        "deficit": ["deficit_billion_usd = 374", "deficit_billion_usd = '347 million'", "deficit_billion_usd = [347]"],
        "trade_share": ["trade_share_percent = 9", "trade_share_percent = '100%'", "trade_share_percent = True"],
        "grace_period": ["grace_period_days = 90", "grace_period_days = '100 weeks'", "grace_period_days = 100.5"],
        "who_said": [
            _dict("who_said", ["Rex Tillerson", "U.S. Treasury Department", "Trump", "Terry Branstad", "the United States"]),
            _dict("who_said", ["Terry Branstad", "U.S. Treasury Department", "Trump", "Rex Tillerson", "Donald Trump"]),
            _dict("who_said", ["Terry Branstad", "Terry Branstad", "Trump", "Rex Tillerson", "US"]),
        ],
        "priorities": [
            _dict("us_or_china", ["US", "China", "US", "China", "US", "China", "US"]),
            _dict("us_or_china", ["US"] * 7),
            _dict("us_or_china", ["China", "China", "US", "China", "China", "China", "US"]),
        ],
        "true_or_false": [
            _dict("true_or_false", [True, False, True, True, True, False, True, True]),
            _dict("true_or_false", [True] * 8),
            _dict("true_or_false", [False, False, True, False, True, False, True, True]),
        ],
        "dating": ['when_written = "B"', 'when_written = "A"', 'when_written = "D"'],
        "dating_evidence": [
            'dating_evidence = "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for '
            'and received a 100 day grace period to modify its North Korea policy"',
            'dating_evidence = "China got a 100 day grace period at Mar-a-Lago, a grant that is soon to reach expiration."',
            'dating_evidence = "Regional observers say the two powers have come together in an effort to deal with North Korea."',
        ],
        "people": [
            'people = ["Donald Trump", "Xi Jinping"]',
            'people = mentions("same-page")["actor"].tolist()',
            'people = ["Donald Trump", "Xi Jinping", "Rex Tillerson", "Terry Branstad", "China"]',
        ],
        "country_mentions": [
            "country_mentions = 57",
            'country_mentions = int(mentions("same-page")["count"].sum())',
            'country_mentions = "58"',
        ],
    },
    "ps2-together": {
        "published_on": ['published_on = "2017-05-02"', 'published_on = "2017-01-05"', 'published_on = "1 June 2017"'],
        "relative_dates": [
            'coal_cutoff_month, jang_interview_month = "2016-02", "2017-04"',
            'coal_cutoff_month, jang_interview_month = "2017-02", "2017-05"',
            'coal_cutoff_month, jang_interview_month = "February", "April"',
        ],
        "who_said": [
            _dict("who_said", ["Li Kaisheng", "Li Kaisheng", "Sun Xingjie", "Sun Xingjie", "Li Kaisheng",
                               "Jang Song Chol", "Huang Jing"]),
            _dict("who_said", ["Li Kaisheng", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie", "Sun Xingjie",
                               "Jang Song Chol", "Huang Jing"]),
            _dict("who_said", ["Li Kaisheng", "Li Kaisheng", "Sun Xingjie", "Huang Jing", "Sun Xingjie", "Kim",
                               "Huang Jing"]),
        ],
        "who_is_who": [
            _dict("role_of", ["E", "D", "C", "A", "B"]),
            _dict("role_of", ["A"] * 5),
            _dict("role_of", ["C", "D", "E", "B", "A"]),
        ],
        "snub": [
            'rebuffed_envoy, snub_reported_by, north_korean_leader = "Kim", "Bloomberg", "Kim"',
            'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu Dawei", "Phoenix TV", "Kim"',
            'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu Dawei", "Bloomberg", "Jang Song Chol"',
        ],
        "six_party": [
            'six_party_members = ["China", "Japan", "North Korea", "Mongolia", "South Korea", "US"]',
            'six_party_members = ["China", "Japan", "North Korea", "Russia", "South Korea", "United Kingdom"]',
            'six_party_members = ["China", "China", "North Korea", "Russia", "South Korea", "US"]',
        ],
        "jang": [
            'jang_interview_channel, pyongyang_stands_with = "Bloomberg", ["China", "Russia"]',
            'jang_interview_channel, pyongyang_stands_with = "Phoenix TV", ["China", "Japan"]',
            'jang_interview_channel, pyongyang_stands_with = "Phoenix TV", ["US", "South Korea"]',
        ],
        "priorities": [
            _dict("us_or_china", ["US", "China", "China", "US", "US", "US", "China"]),
            _dict("us_or_china", ["China"] * 7),
            _dict("us_or_china", ["China", "US", "China", "US", "US", "US", "US"]),
        ],
        "beijing_paragraphs": [
            "beijing_paragraphs = [4, 12, 14, 15, 17]",
            "beijing_paragraphs = [3, 12, 14, 15, 17, 18]",
            'beijing_paragraphs = [int(n) for n in kwic("Beijing", "together")["paragraph"]]',
        ],
        "sun_paragraphs": [
            "sun_quote_paragraphs = [5, 6, 7, 8, 9, 10]",
            "sun_quote_paragraphs = [8, 9]",
            "sun_quote_paragraphs = [8, 9, 10, 11]",
        ],
        "furniture": [
            'other_articles = ["B", "C", "E"]',
            'other_articles = ["A", "B", "C", "D", "E", "F"]',
            'other_articles = ["B", "C", "D", "E", "F"]',
        ],
        "coal_evidence": [
            'coal_evidence = "China abruptly cut off coal imports from the North in February"',
            'coal_evidence = "Most recently, China has agreed to cut the influx of petroleum to North Korea, along with '
            'a few other petty concessions, as an attempt to appease the United States in its endeavor of further '
            'isolating the country from the international community and force its compliance with international norms."',
            'coal_evidence = "Ties between Beijing and Pyongyang have been strained since China cut off coal imports in February."',
        ],
    },
    "ps3-compare": {
        "which_reading_a": [
            _dict("claims_a", ["1", "2", "1", "2", "1", "2"]),
            _dict("claims_a", ["both"] * 6),
            _dict("claims_a", ["2", "1", "1", "2", "neither", "2"]),
        ],
        "which_reading_b": [
            _dict("claims_b", ["both", "both", "1", "1", "neither", "2"]),
            _dict("claims_b", ["1"] * 6),
            _dict("claims_b", ["both", "2", "both", "1", "neither", "2"]),
        ],
        "chronology": [
            'in_order = ["A", "B", "D", "C", "E"]',
            'in_order = ["B", "D", "A", "C", "E"]',
            'in_order = ["B", "A", "D", "E", "C"]',
        ],
        "dated_how": [
            'dated_how = {"same-page": "stated", "together": "inferred"}',
            'dated_how = {"same-page": "stated", "together": "stated"}',
            'dated_how = {"same-page": "inferred", "together": "inferred"}',
        ],
        "genres": [
            'genre_of = {"same-page": "news", "together": "opinion"}',
            'genre_of = {"same-page": "news", "together": "news"}',
            'genre_of = {"same-page": "opinion", "together": "opinion"}',
        ],
        "priorities_compared": [
            'china_wants_most, us_fears_most, more_hopeful = "A", "C", "2"',
            'china_wants_most, us_fears_most, more_hopeful = "B", "B", "2"',
            'china_wants_most, us_fears_most, more_hopeful = "B", "C", "1"',
        ],
        "actors_in_both": [
            'actors_in_both = ["China", "North Korea", "South Korea", "United States", "Xi Jinping"]',
            'actors_in_both = sorted(set(mentions("same-page")["actor"]) | set(mentions("together")["actor"]))',
            'actors_in_both = ["China", "Donald Trump", "North Korea", "Rex Tillerson", "South Korea", '
            '"United States", "Xi Jinping"]',
        ],
        "china_rate": [
            'china_per_1000_words = {"same-page": 20.0, "together": 28.1}',
            'china_per_1000_words = {"same-page": 21, "together": 12}',
            'china_per_1000_words = {"same-page": 2.8, "together": 2.0}',
        ],
        "thesis_evidence": [
            'thesis_sentence = "Though China and the US differed on their priorities on the North Korean crisis, the '
            'issue was where both sides could find common ground."',
            'thesis_sentence = "The US and China are not on the same page when it comes to North Korea policy."',
            'thesis_sentence = "The US and China are not on the same page on North Korea"',
        ],
        "agreement_evidence": [
            'agreement_sentence = "the issue was where both sides could find common ground, according to Sun '
            'Xingjie, a Korean affairs expert from Jilin University."',
            'agreement_sentence = "The United States and China are ultimately not on the same page when it comes '
            'to their North Korea policy."',
            'agreement_sentence = "China and the US differ on priorities but can find common ground on North '
            'Korea, according to Sun Xingjie."',
        ],
    },
}

VARIANTS: dict[str, dict[str, list[str]]] = {
    "ps1-same-page": {
        "deficit": [
            "deficit_billion_usd = '$347 billion'",
            "deficit_billion_usd = 'close to 347 billion US dollars'",
            "deficit_billion_usd = 347.0",
        ],
        "trade_share": ["trade_share_percent = '90%'", "trade_share_percent = '90 percent'", "trade_share_percent = 0.9"],
        "grace_period": ["grace_period_days = '100 days'", "grace_period_days = 100.0", "grace_period_days = '100-day'"],
        "who_said": [
            _dict("who_said", ["Ambassador Terry Branstad", "the U.S. Treasury Department", "President Trump",
                               "Secretary of State Rex Tillerson", "US"]),
            _dict("who_said", ["Branstad", "Treasury", "Donald Trump", "Tillerson", "the U.S. government"]),
            _dict("who_said", ["terry branstad", "US Treasury", "trump", "rex tillerson", "United States of America"]),
        ],
        "priorities": [_dict("us_or_china", ["U.S.", "china", "United States", " China ", "CHINA", "China", "us"])],
        "dating": ['when_written = "c"', 'when_written = " (C) "'],
        "dating_evidence": [
            'dating_evidence = """Earlier this year, when Trump and Xi met at Mar-a-Lago in April,\n    China had asked '
            'for and received a 100 day grace period   to modify its North Korea policy; a grant that is soon to reach '
            'expiration."""',
            "dating_evidence = '\"Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for "
            "and received a 100 day grace period to modify its North Korea policy; a grant that is soon to reach "
            "expiration.\"'",
            'dating_evidence = "Earlier this year, when Trump and Xi met at Mar-a-Lago in April, China had asked for '
            'and received a 100 day grace period to modify its North Korea policy; a grant that is soon to reach '
            'expiration"',
        ],
        "people": [
            'people = ["Terry Branstad", "Rex Tillerson", "Xi Jinping", "Donald Trump"]',
            'people = ["donald trump", "xi jinping", "rex tillerson", "terry branstad"]',
        ],
    },
    "ps2-together": {
        "published_on": ['published_on = "1 May 2017"', 'published_on = "May 1, 2017"',
                         'published_on = "Monday, 01 May, 2017"'],
        "relative_dates": [
            'coal_cutoff_month, jang_interview_month = "February 2017", "April 2017"',
            'coal_cutoff_month, jang_interview_month = "2017-2", "2017-03"',
            'coal_cutoff_month, jang_interview_month = "Feb 2017", "Apr. 2017"',
        ],
        "who_said": [
            _dict("who_said", ["Li", "Mr Li", "Sun", "Sun", "Professor Sun Xingjie", "Jang", "Huang"]),
            _dict("who_said", ["Kaisheng Li", "li kaisheng", "Xingjie Sun", "Dr Sun", "SUN XINGJIE",
                               "Jang Song Chol (North Korea's Consul General)", "Dr Huang Jing"]),
        ],
        "who_is_who": [_dict("role_of", ["d", "(e)", " C ", "a.", "B)"])],
        "snub": [
            'rebuffed_envoy, snub_reported_by, north_korean_leader = "Mr Wu", "Bloomberg News", "Kim Jong Un"',
            'rebuffed_envoy, snub_reported_by, north_korean_leader = "Wu", "bloomberg", "kim"',
        ],
        "six_party": [
            'six_party_members = ["the United States", "Republic of Korea", "Russian Federation", "DPRK", "Japan", "PRC"]',
            'six_party_members = ["US", "South Korea", "Russia", "North Korea", "Japan", "China"]',
        ],
        "jang": [
            'jang_interview_channel, pyongyang_stands_with = "Phoenix Television", ["Beijing", "Moscow"]',
            'jang_interview_channel, pyongyang_stands_with = "phoenix tv", ["Russia", "China"]',
        ],
        "priorities": [_dict("us_or_china", ["china", "U.S.", "CHINA", "United States", "us", "US", "China"])],
        "furniture": ['other_articles = ["f", "e", "c", "b"]', 'other_articles = ["(B)", "C", "E", "F"]'],
        "coal_evidence": [
            'coal_evidence = "“Ties between Beijing and Pyongyang have come under renewed strain in recent months, '
            'especially after China abruptly cut off coal imports from the North in February.”"',
            'coal_evidence = """Ties between Beijing and Pyongyang have come under renewed strain in recent months,\n'
            'especially after China abruptly cut off coal imports from the North in February"""',
        ],
    },
    "ps3-compare": {
        "which_reading_a": [
            _dict("claims_a", [1, 2, "reading 1", "Reading 2", "NEITHER", "together"]),
            _dict("claims_a", ["same-page", "together", "1", "2", "none", 2]),
        ],
        "which_reading_b": [_dict("claims_b", ["Both", "both readings", "1 and 2", 1, "none", "2"])],
        "chronology": ['in_order = ["b", "a", "d", "c", "e"]', 'in_order = [" B", "A ", "D", "C", "E"]'],
        "dated_how": [
            'dated_how = {"same-page": "inferred from evidence", "together": "Stated"}',
            'dated_how = {"same-page": "estimated", "together": "printed"}',
        ],
        "genres": [
            'genre_of = {"same-page": "opinion piece", "together": "news report"}',
            'genre_of = {"same-page": "analysis", "together": "News"}',
        ],
        "priorities_compared": [
            'china_wants_most, us_fears_most, more_hopeful = "b", "(C)", 2',
            'china_wants_most, us_fears_most, more_hopeful = "B", "c", "together"',
        ],
        "china_rate": [
            'china_per_1000_words = {"same-page": 28.07, "together": 20}',
            'china_per_1000_words = {"same-page": 28.1, "together": 20.0}',
        ],
        "thesis_evidence": [
            'thesis_sentence = "The United States and China are ultimately not on the same page when it comes to '
            'their North Korea policy"',
            'thesis_sentence = "The United States and China are ultimately not on the same page when it comes to their '
            'North Korea policy. The United States sees a nuclear North Korea with ballistic missile capabilities as a '
            'top national and international security priority."',
        ],
        "agreement_evidence": [
            'agreement_sentence = "Though China and the US differed on their priorities on the North Korean '
            'crisis, the issue was where both sides could find common ground, according to Sun Xingjie, a Korean '
            'affairs expert from Jilin University"',
            "agreement_sentence = '\"Though China and the US differed on their priorities on the North Korean "
            "crisis, the issue was where both sides could find common ground, according to Sun Xingjie, a Korean "
            "affairs expert from Jilin University.\"'",
        ],
    },
}

ROUNDS = 3


def _pick(options: list[str], round_number: int) -> str:
    return options[min(round_number, len(options)) - 1]


def build_mutants(course_root: Path, assignment: str) -> dict[str, str]:
    """Write "mutation-k" and "variant-k" submissions (k = 1..ROUNDS); return {student: kind}."""
    source, release = assignment_notebooks(course_root, assignment)
    solutions = solution_code(source)
    students = {}
    for round_number in range(1, ROUNDS + 1):
        for kind, table in (("mutation", MUTATIONS), ("variant", VARIANTS)):
            answers = {
                name: _pick(table[assignment][name], round_number) if name in table[assignment] else solution
                for name, solution in solutions.items()
            }
            student = f"{kind}-{round_number}"
            folder = course_root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(fill_answers(release, answers), folder / f"{assignment}.ipynb")
            students[student] = kind
    return students


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, dict]:
    workdir = tmp_path_factory.mktemp("mutants")
    return grade_classes(COURSE, workdir, ASSIGNMENTS, build_mutants, timeout=10, jobs=3)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_answer_cell_has_wrong_answers_in_the_table(assignment):
    source = nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    names = {answer_name(cell) for cell in answer_cells(source)}
    assert set(MUTATIONS[assignment]) == names
    assert set(VARIANTS[assignment]) <= names
    assert all(len(options) >= 2 for options in MUTATIONS[assignment].values())


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_check_cell_scores_zero_on_its_mutations(graded, assignment, round_number):
    outcome = graded[assignment]["outcomes"][f"mutation-{round_number}"]
    assert outcome["graded"], outcome["reason"]
    passed = {cell: score for cell, score in outcome["scores"].items() if score != 0}
    assert not passed, f"these check cells accepted a wrong answer in round {round_number}: {passed}"


@pytest.mark.parametrize("round_number", range(1, ROUNDS + 1))
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_right_answers_written_another_way_earn_full_marks(graded, assignment, round_number):
    report = graded[assignment]
    outcome = report["outcomes"][f"variant-{round_number}"]
    assert outcome["graded"], outcome["reason"]
    source = nbformat.read(COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    points = check_points(source)
    refused = {cell: score for cell, score in outcome["scores"].items() if score != points[cell]}
    assert not refused, f"these check cells refused a right answer in round {round_number}: {refused}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_plausible_wrong_answers_pass_the_visible_checks_and_fail_the_hidden_ones(graded, assignment):
    """Round 1: the visible checks must not give the answer away, so the hidden tests do the grading."""
    report = graded[assignment]
    autograded = Path(report["course_root"]) / "autograded" / "mutation-1" / assignment / f"{assignment}.ipynb"
    caught_by = {}
    for cell in check_cells(nbformat.read(autograded, as_version=4)):
        line = failing_line(cell)
        caught_by[cell.metadata.nbgrader.grade_id] = (
            "nothing" if line is None else "hidden" if line > hidden_tests_start(cell) else "visible"
        )
    assert set(caught_by.values()) == {"hidden"}, caught_by
