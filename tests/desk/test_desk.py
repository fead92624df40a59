"""The desk's guards and its validation, without a browser: CSRF, the host and secret rule, sign-in, the curated
checks a ruling must pass, what an article upload must be, and the few pure helpers."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest
import urllib3

from assets.desk import selection
from pipeline.desk.app import Change, RunOutcome, create_app
from pipeline.desk.articles import ArticleRefused, Upload, add_article
from pipeline.desk.rulings import RulingRefused, RulingRequest, next_ruling_id, one_line, validate_and_append, with_row
from pipeline.desk.security import DeskConfigError, Guard
from pipeline.settings import Paths
from tests.desk.conftest import RunningDesk, serve

EMPLOYMENT = "conflict:medical_coding_workforce:employment"
HTTP = urllib3.PoolManager(retries=urllib3.Retry(total=0, redirect=0, raise_on_redirect=False))


def form_token(desk: RunningDesk, path: str = "/articles/new") -> tuple[str, str]:
    """(cookie header, csrf token) as a browser holds them after opening a form."""
    page = HTTP.request("GET", desk.url + path)
    cookie = page.headers["set-cookie"].split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.data.decode()).group(1)
    return cookie, token


def test_pages_forbid_scripts_and_posts_need_the_forms_token(desk: RunningDesk) -> None:
    home = HTTP.request("GET", desk.url + "/")
    assert home.status == 200 and "script-src" not in home.headers["content-security-policy"]
    assert "default-src 'none'" in home.headers["content-security-policy"]  # so no script can run at all
    assert "Record a ruling" in home.data.decode()  # the report, with the desk's links
    before = (desk.paths.raw_dir / "rulings" / "rulings.csv").read_bytes()
    fields = {"target": EMPLOYMENT, "action": "mark_not_comparable", "reviewer": "x", "reason": "y"}
    forged = HTTP.request("POST", desk.url + "/ruling", fields=fields, encode_multipart=False)
    assert forged.status == 403  # no cookie, no token
    cookie, token = form_token(desk)
    wrong = HTTP.request("POST", desk.url + "/ruling", fields={**fields, "csrf_token": "0" * 64},
                         headers={"Cookie": cookie}, encode_multipart=False)
    assert wrong.status == 403
    other_site = HTTP.request("POST", desk.url + "/ruling", fields={**fields, "csrf_token": token},
                              headers={"Cookie": cookie, "Origin": "https://evil.example"}, encode_multipart=False)
    assert other_site.status == 403
    assert (desk.paths.raw_dir / "rulings" / "rulings.csv").read_bytes() == before
    assert HTTP.request("GET", desk.url + "/", headers={"Host": "evil.example"}).status == 400  # DNS rebinding


def test_an_article_page_lists_its_claims_and_an_unknown_article_is_not_found(desk: RunningDesk) -> None:
    with duckdb.connect(str(desk.paths.published_db), read_only=True) as con:
        document_id, title, claims = con.execute(
            "SELECT d.document_id, d.title, count(o.observation_id) FROM curated.documents d "
            "JOIN curated.observations o USING (document_id) WHERE o.in_scope GROUP BY ALL ORDER BY 1 LIMIT 1"
        ).fetchone()
    page = HTTP.request("GET", f"{desk.url}/articles/{document_id}")
    assert page.status == 200
    html = page.data.decode()
    assert title in html and html.count("Record a ruling") == claims
    assert HTTP.request("GET", desk.url + "/articles/no_such_document").status == 404


def test_a_network_desk_needs_a_secret_and_a_sign_in(tmp_path: Path) -> None:
    paths = Paths(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")

    def never(change: Change) -> RunOutcome:
        raise AssertionError("no run expected")

    with pytest.raises(DeskConfigError, match="MEDCODER_DESK_SECRET"):
        create_app(paths, never, host="0.0.0.0", secret=None)
    with pytest.raises(DeskConfigError, match="at least 16"):
        Guard.for_host("127.0.0.1", secret="short")
    guard = Guard.for_host("0.0.0.0", secret="a-long-enough-shared-secret")
    assert guard.needs_sign_in and not guard.session_is_valid(None)
    assert guard.session_is_valid(guard.new_session()) and not guard.session_is_valid("forged.0000")
    assert guard.check_secret("a-long-enough-shared-secret") and not guard.check_secret("guess")
    token = Guard.new_browser_token()
    assert guard.form_is_genuine(token, guard.form_token(token))
    assert not Guard.for_host("127.0.0.1").form_is_genuine(token, guard.form_token(token))  # per-desk keys
    assert "a-long-enough" not in repr(guard)


def test_a_desk_with_a_secret_asks_editors_to_sign_in(desk: RunningDesk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDCODER_DESK_HOSTS", "127.0.0.1")
    secret = "a-long-enough-shared-secret"

    def never(change: Change) -> RunOutcome:
        raise AssertionError("no run expected")

    with serve(create_app(desk.paths, never, host="0.0.0.0", secret=secret)) as url:
        assert HTTP.request("GET", url + "/").headers["location"] == "/login"
        login = HTTP.request("GET", url + "/login")
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', login.data.decode()).group(1)
        wrong = HTTP.request("POST", url + "/login", fields={"csrf_token": token, "secret": "guess"},
                             headers={"Cookie": cookie}, encode_multipart=False)
        assert wrong.status == 403 and "set-cookie" not in wrong.headers
        right = HTTP.request("POST", url + "/login", fields={"csrf_token": token, "secret": secret},
                             headers={"Cookie": cookie}, encode_multipart=False)
        assert right.status == 303 and "desk_session=" in right.headers["set-cookie"]
        assert "HttpOnly" in right.headers["set-cookie"] and "samesite=strict" in right.headers["set-cookie"].lower()
        session = right.headers["set-cookie"].split(";", 1)[0]
        home = HTTP.request("GET", url + "/", headers={"Cookie": f"{cookie}; {session}"})
        assert home.status == 200 and secret not in home.data.decode()
        assert HTTP.request("GET", url + "/", headers={"Host": "desk.example"}).status == 400  # not a listed host


def test_the_curated_checks_refuse_a_figure_outside_the_conflict(desk: RunningDesk, tmp_path: Path) -> None:
    """Validation as the pipeline does it, in a rolled-back transaction: nothing is written anywhere."""
    raw = tmp_path / "raw"
    (raw / "rulings").mkdir(parents=True)
    original = (desk.paths.raw_dir / "rulings" / "rulings.csv").read_bytes()
    (raw / "rulings" / "rulings.csv").write_bytes(original)
    with duckdb.connect(str(desk.paths.writer_db), read_only=True) as con:
        outsider = con.execute("SELECT observation_id FROM curated.observations WHERE kind = 'oews' "
                               "AND NOT list_contains((SELECT observation_ids FROM curated.conflicts "
                               "WHERE conflict_id = ?), observation_id) LIMIT 1", [EMPLOYMENT]).fetchone()[0]
        rulings_before = con.execute("SELECT count(*) FROM curated.rulings").fetchone()[0]
    request = RulingRequest(action="accept_figure", target_id=EMPLOYMENT, reviewer="Dana", reason="test",
                            observation_id=outsider)
    copy = tmp_path / "writer.duckdb"
    copy.write_bytes(desk.paths.writer_db.read_bytes())
    with duckdb.connect(str(copy)) as con, pytest.raises(RulingRefused) as refused:
        validate_and_append(con, raw, request)
    assert refused.value.reasons == [f"observation_id: names unknown observation_id '{outsider}' "
                                     "(not one of this conflict's figures)"]
    assert (raw / "rulings" / "rulings.csv").read_bytes() == original
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM curated.rulings").fetchone()[0] == rulings_before  # rolled back
    with duckdb.connect(str(copy)) as con, pytest.raises(RulingRefused, match="not an action for this claim"):
        validate_and_append(con, raw, RulingRequest(action="accept_figure", target_id="claim:x", reviewer="a",
                                                    reason="b"))
    with duckdb.connect(str(copy)) as con, pytest.raises(RulingRefused, match="figures changed since"):
        validate_and_append(con, raw, RulingRequest(action="mark_not_comparable", target_id=EMPLOYMENT,
                                                    reviewer="a", reason="b", seen_evidence_hash="0" * 64))


def test_an_upload_must_be_a_titled_text_or_html_file(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "articles").mkdir(parents=True)
    with pytest.raises(ArticleRefused) as refused:
        add_article(raw, Upload(filename="x.pdf", data=b"%PDF", title=" ", url="javascript:alert(1)",
                                published_on="15/01/2026"))
    assert refused.value.reasons == ["file: upload a .txt or .html file", "title: required",
                                     "url: must start with http:// or https://", "published_on: use YYYY-MM-DD"]
    with pytest.raises(ArticleRefused, match="not UTF-8"):
        add_article(raw, Upload(filename="x.txt", data=b"\xff\xfe bad", title="t"))
    assert list((raw / "articles").iterdir()) == []  # nothing written
    added = add_article(raw, Upload(filename="a.txt", data=b"Coders earn $51,140.\r\n", title="A\nB"),
                        today=date(2026, 1, 2))
    assert added.file.read_bytes() == b"Coders earn $51,140.\n" and added.document_id.startswith("000_")
    assert added.file.with_name(added.file.name + ".meta.json").exists()  # provenance sidecar
    manifest = (raw / "articles" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "file,title,url,published_on,publisher,sha256,origin"
    assert manifest[1].startswith(f"{added.file.name},A B,,,,")  # the title on one line
    with pytest.raises(ArticleRefused, match="already in the warehouse"):
        add_article(raw, Upload(filename="again.txt", data=b"Coders earn $51,140.\n", title="Again"))


def test_helpers_keep_one_line_per_ruling_and_number_by_year() -> None:
    assert one_line(" a\nb\r\n  c ") == "a b c"
    assert next_ruling_id(["R-2026-001", "R-2026-009", "R-2025-044", "other"], date(2026, 3, 1)) == "R-2026-010"
    assert next_ruling_id([], date(2027, 1, 1)) == "R-2027-001"
    row = {c: "" for c in ("ruling_id", "decided_on", "reviewer", "action", "conflict_id", "observation_id",
                           "source_id", "reason", "evidence_hash")} | {"ruling_id": "R-1", "reason": 'says "x", y'}
    assert with_row(b"h\n", row) == b'h\nR-1,,,,,,,"says ""x"", y",\n'
    assert with_row(b"h", row).startswith(b"h\nR-1")  # a file without a final newline still gets one line per row


def test_reruns_select_only_what_a_change_affects() -> None:
    from assets.definitions import defs

    rulings = {k.to_user_string() for k in selection(defs, Change.RULINGS)}
    articles = {k.to_user_string() for k in selection(defs, Change.ARTICLES)}
    assert {"staging/rulings", "curated/rulings", "curated/decision_log", "reports/conflict_report"} <= rulings
    assert not any(k.startswith(("staging/documents", "curated/observations", "publish/")) for k in rulings)
    assert {"staging/documents", "staging/claims", "curated/observations", "curated/claim_verdicts",
            "reports/conflict_report"} <= articles
    assert "publish/release" not in articles and "staging/oews_data" not in articles
    assert [k.to_user_string() for k in selection(defs, Change.PUBLISH)] == ["publish/release"]
