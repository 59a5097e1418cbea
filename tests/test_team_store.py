"""The team database on SQLite and PostgreSQL: migrations, keys, roles, sessions, the audit chain."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text, update

from behind.errors import NotFoundError, StoreError, UsageError
from behind.team import (
    ROLES,
    Principal,
    Role,
    append,
    authenticate,
    check_csrf,
    create_key,
    end_session,
    list_keys,
    load_session,
    open_team_db,
    revoke_key,
    session_principal,
    start_session,
    verify,
)
from behind.team.audit import entry_hash
from behind.team.schema import api_keys, audit_head, audit_log, metadata, web_sessions
from behind.team.stamps import iso, utc_now
from team_db import team_db, team_url  # noqa: F401 (fixtures)

HOSTILE = ["Robert'); DROP TABLE api_keys;--", "x' OR '1'='1", '"; DELETE FROM audit_log; --',
           "<script>alert(1)</script>", "名前 \\ % _ \x7f"]


def _dump(db) -> str:
    """Every value of every table, as one text (to look for what must not be stored)."""
    out = []
    with db.read() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                out.extend(str(v) for v in row)
    return "\n".join(out)


def test_migrations_create_every_table_on_an_empty_database_and_run_again_as_a_no_op(team_url, tmp_path):
    db = open_team_db(team_url, tmp_path)
    record, _ = create_key(db, "Ann", "admin")
    with db.read() as conn:
        tables = set(inspect(conn).get_table_names())
        columns = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in metadata.tables}
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    db.close()
    assert set(metadata.tables) <= tables
    assert columns == {name: {c.name for c in t.columns} for name, t in metadata.tables.items()}
    again = open_team_db(team_url, tmp_path)  # the same database: nothing to do, nothing lost
    with again.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == head
    assert [k.id for k in list_keys(again)] == [record.id]
    assert verify(again).ok
    again.close()
    assert len(head) == 1


def test_sqlite_database_is_a_wal_file_in_the_data_folder(tmp_path):
    db = open_team_db(None, tmp_path)
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()
    assert (tmp_path / "team.db").is_file()


def test_a_database_url_that_is_neither_sqlite_nor_postgresql_is_refused(tmp_path):
    with pytest.raises(UsageError, match="only sqlite:// and postgresql://"):
        open_team_db("mysql://admin@localhost/x", tmp_path)
    with pytest.raises(UsageError, match="must be a database URL"):
        open_team_db("not a url", tmp_path)


def test_an_unreachable_server_is_a_store_error_without_the_password(tmp_path):
    with pytest.raises(StoreError, match="cannot open the team database") as caught:
        open_team_db("postgres://someone:s3cret@127.0.0.1:1/nowhere", tmp_path)
    assert "s3cret" not in str(caught.value) and "s3cret" not in str(caught.value.to_dict())


@pytest.mark.parametrize("have, need, allowed", [
    ("viewer", "viewer", True), ("viewer", "analyst", False), ("analyst", "viewer", True),
    ("analyst", "reviewer", False), ("reviewer", "analyst", True), ("reviewer", "admin", False),
    ("admin", "reviewer", True), ("admin", "admin", True),
])
def test_roles_are_ordered_viewer_analyst_reviewer_admin(have, need, allowed):
    assert Role(have).allows(Role(need)) is allowed
    assert ROLES == ("viewer", "analyst", "reviewer", "admin")


def test_keys_are_stored_only_as_hashes_and_authenticate(team_db):
    record, key = create_key(team_db, "Ann Lee", "reviewer")
    assert key.startswith(f"bhd_{record.id}_") and len(key) == 4 + 12 + 1 + 43
    assert key not in _dump(team_db)
    assert key.split("_", 2)[2] not in _dump(team_db)  # nor its secret part
    assert authenticate(team_db, key) == Principal(record.id, "Ann Lee", Role.REVIEWER)
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert authenticate(team_db, wrong) is None
    assert authenticate(team_db, "") is None and authenticate(team_db, "bhd_" + record.id) is None
    other, other_key = create_key(team_db, "Bo", "viewer")
    assert authenticate(team_db, other_key).role is Role.VIEWER
    revoke_key(team_db, record.id)
    assert authenticate(team_db, key) is None
    assert [k.active for k in list_keys(team_db)] == [False, True]
    with pytest.raises(NotFoundError):
        revoke_key(team_db, "000000000000")
    actions = [r.action for r in _audit_rows(team_db)]
    assert actions == ["key.create", "key.create", "key.revoke"]


def test_unknown_role_and_empty_name_are_refused(team_db):
    with pytest.raises(UsageError, match="unknown role 'boss'"):
        create_key(team_db, "Ann", "boss")
    with pytest.raises(UsageError, match="needs a name"):
        create_key(team_db, "  ", "viewer")


@pytest.mark.parametrize("name", HOSTILE)
def test_injection_strings_in_key_names_are_stored_verbatim(team_db, name):
    record, key = create_key(team_db, name, "viewer")
    assert authenticate(team_db, key).name == " ".join(name.split())
    assert [k.name for k in list_keys(team_db)] == [" ".join(name.split())]
    assert verify(team_db).ok


def test_web_sessions_check_csrf_expire_and_end_with_their_key(team_db):
    record, key = create_key(team_db, "Ann", "analyst")
    principal = authenticate(team_db, key)
    session = start_session(team_db, principal)
    assert session.id not in _dump(team_db)  # only the session id's hash is stored
    assert session_principal(team_db, session.id) == principal
    loaded, who = load_session(team_db, session.id)
    assert check_csrf(loaded, session.csrf_token)
    assert not check_csrf(loaded, session.csrf_token[:-1]) and not check_csrf(loaded, None)
    assert not check_csrf(loaded, start_session(team_db, principal).csrf_token)
    assert session_principal(team_db, "not-a-session") is None
    assert end_session(team_db, session.id) and session_principal(team_db, session.id) is None
    old = start_session(team_db, principal)
    with team_db.begin() as conn:  # a session whose time is up
        conn.execute(update(web_sessions).values(expires_at=iso(utc_now() - timedelta(seconds=1))))
    assert session_principal(team_db, old.id) is None
    live = start_session(team_db, principal)
    revoke_key(team_db, record.id)
    assert session_principal(team_db, live.id) is None


def _audit_rows(db):
    with db.read() as conn:
        return conn.execute(select(audit_log).order_by(audit_log.c.seq)).all()


def _chain(db, n=5):
    for i in range(1, n + 1):
        append(db, "tester", "test.step", f"step {i}", {"i": i, "note": HOSTILE[i % len(HOSTILE)]})
    check = verify(db)
    assert check.ok and check.checked == n and check.head_seq == n


def test_audit_chain_verifies_and_keeps_details_verbatim(team_db):
    _chain(team_db)
    rows = _audit_rows(team_db)
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert all(r.prev_hash == p.hash for p, r in zip(rows, rows[1:]))
    assert HOSTILE[2] in rows[1].details  # stored as given, not interpreted


def test_audit_verify_finds_an_edited_entry(team_db):
    _chain(team_db)
    with team_db.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="someone else"))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 3 and check.checked == 2
    assert "entry 3 was changed" in check.reason


def test_audit_verify_finds_an_edited_entry_whose_hash_was_recomputed(team_db):
    _chain(team_db)
    with team_db.begin() as conn:
        row = conn.execute(select(audit_log).where(audit_log.c.seq == 2)).one()
        forged = entry_hash(row.prev_hash, 2, row.at, row.actor, row.action, row.subject, '{"i":99}')
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(details='{"i":99}', hash=forged))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 3 and "link to the previous hash is broken" in check.reason


def test_audit_verify_finds_a_deleted_entry(team_db):
    _chain(team_db)
    with team_db.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.seq == 2))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 2 and "entry 2 is missing" in check.reason


def test_audit_verify_finds_reordered_entries(team_db):
    _chain(team_db)
    with team_db.begin() as conn:  # entries 2 and 4 swap places (their numbers swapped)
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(seq=-2))
        conn.execute(update(audit_log).where(audit_log.c.seq == 4).values(seq=2))
        conn.execute(update(audit_log).where(audit_log.c.seq == -2).values(seq=4))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 2


def test_audit_verify_finds_a_cut_tail_and_a_missing_head(team_db):
    _chain(team_db)
    with team_db.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.seq >= 4))
    check = verify(team_db)
    assert not check.ok and check.checked == 3 and check.broken_at == 4
    assert "head says entry 5" in check.reason
    with team_db.begin() as conn:
        conn.execute(audit_head.delete())
    assert "head record of the chain is missing" in verify(team_db).reason


def test_audit_verify_finds_entries_written_behind_the_heads_back(team_db):
    _chain(team_db, 3)
    with team_db.begin() as conn:  # a forged entry with a correct hash, but the head not moved
        last = conn.execute(select(audit_log).where(audit_log.c.seq == 3)).one()
        forged = entry_hash(last.hash, 4, last.at, "mallory", "case.decide", "case 1", "{}")
        conn.execute(audit_log.insert().values(seq=4, at=last.at, actor="mallory", action="case.decide",
                                               subject="case 1", details="{}", prev_hash=last.hash, hash=forged))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 4 and "entries 4 to 4 are not in the head record" in check.reason
    with team_db.begin() as conn:  # the head moved too, but to a made-up hash
        conn.execute(update(audit_head).values(seq=4, hash="f" * 64))
    check = verify(team_db)
    assert not check.ok and check.broken_at == 4 and "not the head record's entry" in check.reason


def test_audit_entry_commits_with_the_change_it_records_or_not_at_all(team_db):
    with pytest.raises(RuntimeError), team_db.begin() as conn:
        conn.execute(api_keys.insert().values(id="abcdefabcdef", name="x", role="viewer", key_hash="0" * 64,
                                              created_at="t", created_by="t"))
        append(conn, "tester", "key.create", "key abcdefabcdef", {})
        raise RuntimeError("crash before commit")
    assert _audit_rows(team_db) == [] and list_keys(team_db) == []
    assert verify(team_db).ok


def test_concurrent_writers_keep_one_unbroken_chain(team_db):
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                append(team_db, f"writer {n}", "test.step", f"step {n}.{i}", {"i": i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = verify(team_db)
    assert check.ok and check.checked == 80
    assert sorted(r.subject for r in _audit_rows(team_db)) == sorted(f"step {n}.{i}" for n in range(4)
                                                                     for i in range(20))
