"""Review cases on SQLite and PostgreSQL, from real screenings of the sample vendor file.

A case per alert; decisions by reviewers only, with a reason, each an audit entry; the same
fingerprint re-applies the decision (also when the file was re-sorted); a changed record
reopens the case saying what changed; allow-list entries expire on their date."""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from behind.config import Settings
from behind.errors import NotFoundError, UsageError
from behind.model import Alias, Entity, Identifier, Report
from behind.reports import run_screen
from behind.screening.request import ScreenRequest
from behind.store import Store
from behind.team import (
    ForbiddenError,
    Principal,
    Role,
    allow,
    case_history,
    cases_from_report,
    count_cases,
    decide,
    entries,
    expire_allowances,
    get_case,
    list_cases,
    verify,
)
from behind.team.fingerprints import alerts_of, row_identity, what_changed
from team_db import team_db, team_url  # noqa: F401 (fixtures)

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "behind" / "data" / "samples"
REVIEWER = Principal("aaaaaaaaaaaa", "Rita Reviewer", Role.REVIEWER)
ANALYST = Principal("bbbbbbbbbbbb", "Andy Analyst", Role.ANALYST)
SQL = "Robert'); DROP TABLE cases;-- <b>x</b> ' OR '1'='1"


def _screen(settings: Settings, source: Path, out: Path) -> Report:
    run_screen(settings, ScreenRequest(input=source, kind="parties", output=out, fmt="json"))
    return Report.model_validate_json(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports(loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report]:
    """The sample vendor file screened, and the same file with its rows in reverse order."""
    tmp = tmp_path_factory.mktemp("cases")
    lines = (SAMPLES / "vendors.csv").read_text(encoding="utf-8").splitlines()
    (tmp / "vendors_sorted.csv").write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    settings = Settings(data_dir=loaded_dir)
    return (_screen(settings, SAMPLES / "vendors.csv", tmp / "a.json"),
            _screen(settings, tmp / "vendors_sorted.csv", tmp / "b.json"))


@pytest.fixture(scope="module")
def records(loaded_dir: Path):
    with Store(Settings(data_dir=loaded_dir).store_path) as store:
        yield store.entity


def _megvii(cases):
    return next(c for c in cases if c.record_key == "curated:megvii")


def test_every_alert_becomes_an_open_case_and_clear_rows_none(team_db, reports):
    report, _ = reports
    batch = cases_from_report(team_db, report, "tester", "vendors.csv")
    alerting = {r.row for r in report.rows if r.status == "alert"}
    assert batch.new == len(batch.cases) == len(alerts_of(report)) > len(alerting) >= 10
    assert {c.row for c in batch.cases} == alerting
    assert all(c.status == "open" for c in batch.cases)
    apple = next(r for r in report.rows if "apple" in r.input.get("name", "").lower())
    assert apple.status == "clear" and apple.row not in {c.row for c in batch.cases}
    megvii = _megvii(batch.cases)
    assert megvii.row_identity["name"] == "megvii technology ltd." and megvii.evidence["type"] == "hit"
    assert count_cases(team_db)["open"] == len(batch.cases)
    screening = entries(team_db, action="screening")
    assert len(screening) == 1 and screening[0].details["cases"] == len(batch.cases)


def test_fingerprints_ignore_row_numbers_and_volatile_fields(reports):
    report, resorted = reports
    assert {r.row for r in report.rows} == {r.row for r in resorted.rows}
    first, second = alerts_of(report), alerts_of(resorted)
    assert {a.fingerprint for a in first} == {a.fingerprint for a in second}
    assert {a.row for a in first} != {a.row for a in second} or len(first) == 0
    row = report.rows[0]
    assert row_identity(row) == row_identity(row.model_copy(update={"row": 99}))
    weighted = row.model_copy(update={"input": {**row.input, "weight": "3.5"}})
    assert row_identity(weighted) == row_identity(row.model_copy(update={"input": {**row.input, "weight": "1"}}))
    renamed = row.model_copy(update={"input": {**row.input, "name": "Another Company"}})
    assert row_identity(renamed) != row_identity(row)


def test_only_reviewers_decide_and_a_reason_is_required(team_db, reports):
    case = _megvii(cases_from_report(team_db, reports[0], "tester", "vendors.csv").cases)
    with pytest.raises(ForbiddenError, match="needs the role reviewer"):
        decide(team_db, case.id, "false_positive", ANALYST, "not them")
    with pytest.raises(UsageError, match="needs a reason"):
        decide(team_db, case.id, "false_positive", REVIEWER, "   ")
    with pytest.raises(UsageError, match="unknown decision"):
        decide(team_db, case.id, "cleared", REVIEWER, "x")
    with pytest.raises(NotFoundError):
        decide(team_db, 10**6, "confirmed", REVIEWER, "x")
    assert get_case(team_db, case.id).status == "open"
    done = decide(team_db, case.id, "false_positive", REVIEWER, SQL)
    assert (done.status, done.reviewer, done.reason) == ("false_positive", "Rita Reviewer (aaaaaaaaaaaa)", SQL)
    assert done.decided_at is not None
    [entry] = entries(team_db, action="case.decide")
    assert entry.details["reason"] == SQL and entry.details["status"] == "false_positive"
    assert entry.actor == REVIEWER.actor and entry.subject == f"case {case.id}"
    assert [e.event for e in case_history(team_db, case.id)] == ["opened", "decided"]
    assert verify(team_db).ok


def test_a_decision_is_reapplied_when_the_same_alert_comes_back(team_db, reports, records):
    report, resorted = reports
    first = cases_from_report(team_db, report, "tester", "vendors.csv", records=records)
    case = _megvii(first.cases)
    decide(team_db, case.id, "false_positive", REVIEWER, "our supplier is a different Megvii")
    again = cases_from_report(team_db, resorted, "tester", "vendors_sorted.csv", records=records)
    assert again.new == 0 and again.reapplied == 1 and again.reopened == 0
    assert again.still_open == len(first.cases) - 1
    kept = get_case(team_db, case.id)
    assert kept.status == "false_positive" and kept.reason == "our supplier is a different Megvii"
    assert kept.row != case.row  # the re-sorted file has Megvii on another row: still the same case
    events = case_history(team_db, case.id)
    assert events[-1].event == "reapplied" and events[-1].screening_id == again.screening_id
    assert "re-applied: the same record" in events[-1].reason
    assert list_cases(team_db, status="open", record="curated:megvii") == []


def test_a_changed_record_reopens_the_case_saying_what_changed(team_db, reports, records):
    report, _ = reports
    case = _megvii(cases_from_report(team_db, report, "tester", "vendors.csv", records=records).cases)
    decide(team_db, case.id, "false_positive", REVIEWER, "different company")

    def changed(source: str, source_id: str) -> Entity | None:
        entity = records(source, source_id)
        if entity is None or entity.key != "curated:megvii":
            return entity
        return dataclasses.replace(entity, aliases=[*entity.aliases, Alias("Megvii Cayman Holdings")],
                                   identifiers=[*entity.identifiers, Identifier("lei", "5493001KJTIIGC8Y1R12")])

    batch = cases_from_report(team_db, report, "tester", "vendors.csv", records=changed)
    assert batch.reopened == 1 and batch.reapplied == 0
    reopened = get_case(team_db, case.id)
    assert reopened.status == "open"
    assert "changed since it was false_positive by Rita Reviewer" in reopened.note
    assert "aliases added: Megvii Cayman Holdings" in reopened.note
    assert "identifiers added: lei:5493001KJTIIGC8Y1R12" in reopened.note
    assert case_history(team_db, case.id)[-1].event == "reopened"
    # decided again on the new record, the decision holds for that version
    decide(team_db, case.id, "false_positive", REVIEWER, "still a different company")
    assert cases_from_report(team_db, report, "tester", "vendors.csv", records=changed).reapplied == 1


def test_allow_list_entries_hold_until_their_date_then_reopen(team_db, reports):
    report, _ = reports
    case = _megvii(cases_from_report(team_db, report, "tester", "vendors.csv").cases)
    today = date(2026, 3, 1)
    with pytest.raises(ForbiddenError):
        allow(team_db, case.fingerprint, today + timedelta(days=10), "reviewed", ANALYST, today=today)
    with pytest.raises(UsageError, match="in the past"):
        allow(team_db, case.fingerprint, today - timedelta(days=1), "reviewed", REVIEWER, today=today)
    until = today + timedelta(days=10)
    allow(team_db, case.fingerprint, until, "contract ends in March " + SQL, REVIEWER, today=today)
    assert get_case(team_db, case.id).status == "allowed"
    on_the_day = cases_from_report(team_db, report, "tester", "vendors.csv", today=until)
    assert on_the_day.allowed == 1 and get_case(team_db, case.id).status == "allowed"
    assert expire_allowances(team_db, until) == []
    after = cases_from_report(team_db, report, "tester", "vendors.csv", today=until + timedelta(days=1))
    assert after.reopened == 1 and after.reopened_ids == [case.id]
    reopened = get_case(team_db, case.id)
    assert reopened.status == "open" and reopened.note == f"the allow-list entry expired on {until.isoformat()}"
    [added] = entries(team_db, action="allow.add")
    assert added.details["reason"] == "contract ends in March " + SQL


def test_expire_allowances_reopens_without_a_screening(team_db, reports):
    case = _megvii(cases_from_report(team_db, reports[0], "tester", "vendors.csv").cases)
    until = date.today() + timedelta(days=1)
    allow(team_db, case.fingerprint, until, "one day", REVIEWER)
    assert expire_allowances(team_db, until) == []
    assert expire_allowances(team_db, until + timedelta(days=1)) == [case.id]
    assert get_case(team_db, case.id).status == "open"
    assert [e.action for e in entries(team_db)][-1] == "allow.expire"


def test_hostile_input_names_are_stored_verbatim(team_db, reports):
    batch = cases_from_report(team_db, reports[0], SQL, SQL)
    assert {c.input_name for c in batch.cases} == {SQL}
    assert list_cases(team_db, input_name=SQL, limit=1000) == sorted(
        batch.cases, key=lambda c: (c.updated_at, c.id), reverse=True)
    assert entries(team_db, action="screening")[0].actor == SQL
    assert verify(team_db).ok


@pytest.mark.parametrize("before, after, said", [
    ({"name": "A", "programs": ["X"]}, {"name": "A", "programs": ["X", "Y"]}, "programs added: Y"),
    ({"aliases": ["B", "C"]}, {"aliases": ["B"]}, "aliases removed: C"),
    ({"name": "A"}, {"name": "B"}, "name: A -> B"),
    ({"listed_on": None}, {"listed_on": "2021-12-16"}, "listed_on: none -> 2021-12-16"),
    ({"name": "A"}, {"name": "A"}, "no visible change"),
])
def test_what_changed_says_it_in_words(before, after, said):
    assert what_changed(before, after) == said


def test_case_json_round_trips(team_db, reports):
    case = cases_from_report(team_db, reports[0], "tester", "vendors.csv").cases[0]
    assert json.loads(json.dumps(case.to_dict()))["fingerprint"] == case.fingerprint


def test_two_screenings_at_once_make_one_case_per_alert(team_db, reports):
    report, resorted = reports
    batches, errors = [], []

    def screen(r: Report) -> None:
        try:
            batches.append(cases_from_report(team_db, r, "tester", "vendors.csv"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=screen, args=(r,)) for r in (report, resorted)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    n = len(alerts_of(report))
    assert sorted(b.new for b in batches) == [0, n] and sorted(b.still_open for b in batches) == [0, n]
    assert count_cases(team_db)["open"] == n
