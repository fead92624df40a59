"""The review desk as a Starlette app: the report with links to act on it, the ruling and article forms, and the
pages that show what a change did.

Every change goes through one lock: validate, write the raw file atomically, then call `rerun` (given by the
caller; `assets/desk.py` binds Dagster) so the warehouse and the report catch up before the page is shown. Pages
read the writer database read-only between runs. Article text and every value from the warehouse are rendered by
autoescaping Jinja2 templates; responses forbid scripts outright (Content-Security-Policy), so even a missed
escape could not run one.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import duckdb
from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.desk.articles import MAX_UPLOAD_BYTES, ArticleRefused, Upload, add_article
from pipeline.desk.rulings import CLAIM_ACTIONS, CONFLICT_ACTIONS, RulingRefused, RulingRequest, validate_and_append
from pipeline.desk.security import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, Guard, is_loopback
from pipeline.reports.checklist import build_checklist
from pipeline.reports.conflict_report import (
    CHECKLIST_CSV,
    VERDICT_MEANINGS,
    environments,
    query,
    render,
    report_data,
    split_quote,
)
from pipeline.reports.words import load_words
from pipeline.settings import Paths
from pipeline.sqlfiles import sql

HERE = Path(__file__).resolve().parent
HOSTS_ENV = "MEDCODER_DESK_HOSTS"
log = logging.getLogger(__name__)
# No script may run on a desk page: the pages need none, and article text must never become one.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    # same-origin (not no-referrer): a form's POST then carries its real Origin, which the desk checks
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
ACTION_WORDS = {
    "accept_figure": "Accept one figure as the figure to use",
    "prefer_source": "Prefer one source's figure",
    "mark_not_comparable": "Mark the figures not comparable (recommend none)",
    "reject_claim": "Reject the claim (wrong whatever the official data says)",
}


class Change(StrEnum):
    """What changed, so the re-run selects only the assets it affects."""

    RULINGS = "rulings"
    ARTICLES = "articles"
    PUBLISH = "publish"


@dataclass(frozen=True)
class RunOutcome:
    ok: bool
    seconds: float
    detail: str = ""


Rerun = Callable[[Change], RunOutcome]


@dataclass
class Desk:
    """One desk: where the warehouse is, who may use it, and how to bring it up to date."""

    paths: Paths
    guard: Guard
    rerun: Rerun
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_run: str = ""

    def __post_init__(self) -> None:
        report_env, _ = environments()
        env = report_env.overlay(loader=ChoiceLoader([FileSystemLoader(HERE / "templates"), report_env.loader]))
        env.globals = {**report_env.globals, "action_words": ACTION_WORDS, "verdict_meanings": VERDICT_MEANINGS}
        self.env = env

    # reading and changing the warehouse, one thing at a time
    def read(self, fn: Callable[[duckdb.DuckDBPyConnection], Any]) -> Any:
        with self.lock, duckdb.connect(str(self.paths.writer_db), read_only=True) as con:
            return fn(con)

    def run(self, change: Change) -> RunOutcome:
        """Re-run the assets `change` affects; the caller holds the lock."""
        outcome = self.rerun(change)
        state = "done" if outcome.ok else "FAILED"
        self.last_run = f"last update: {change.value} re-run {state} in {outcome.seconds:.1f} s"
        return outcome

    def links(self) -> dict[str, Any]:
        return {"home_url": "/", "queue_url": "/queue", "article_url": "/articles/new", "ruling_url": "/ruling",
                "state": self.last_run}


def create_app(paths: Paths, rerun: Rerun, host: str = "127.0.0.1", secret: str | None = None,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The desk app for the warehouse at `paths`; `rerun` brings the warehouse up to date after a change.

    Host names the desk answers to: on 127.0.0.1 only local names (a page elsewhere cannot reach it through DNS
    rebinding); on a network address `MEDCODER_DESK_HOSTS` (comma-separated) or any, since every page then needs
    the signed-in session anyway.
    """
    guard = Guard.for_host(host, secret)
    desk = Desk(paths=paths, guard=guard, rerun=rerun)
    configured = [h.strip() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip()]
    hosts = allowed_hosts or configured or (["127.0.0.1", "localhost"] if is_loopback(host) else ["*"])
    handlers = DeskHandlers(desk)
    routes = [
        Route("/", handlers.home), Route("/queue", handlers.queue),
        Route("/ruling", handlers.ruling_form, methods=["GET"]), Route("/ruling", handlers.save_ruling,
                                                                       methods=["POST"]),
        Route("/ruling/{ruling_id}", handlers.ruling_page),
        Route("/articles/new", handlers.article_form), Route("/articles", handlers.save_article, methods=["POST"]),
        Route("/articles/{document_id}", handlers.article_page),
        Route("/publish", handlers.publish, methods=["POST"]),
        Route(f"/{CHECKLIST_CSV}", handlers.corrections_csv),
        Route("/login", handlers.login_form, methods=["GET"]), Route("/login", handlers.login, methods=["POST"]),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)],
                    exception_handlers={duckdb.Error: handlers.warehouse_unavailable})
    app.state.desk = desk
    return app


Handler = Callable[["DeskHandlers", Request], Awaitable[Response]]


def gated(post: bool = False) -> Callable[[Handler], Handler]:
    """Sign-in (when the desk has a secret) for every page; for a POST also a genuine form (CSRF) and own Origin."""
    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def inner(self: DeskHandlers, request: Request) -> Response:
            if not self.desk.guard.session_is_valid(request.cookies.get(SESSION_COOKIE)):
                return self.secure(RedirectResponse("/login", status_code=303))
            if post:
                origin = request.headers.get("origin")  # absent from some clients; a browser's form sends it
                if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
                    return self.secure(PlainTextResponse("refused: the form came from another site", 403))
                form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_UPLOAD_BYTES + 1)
                if not self.desk.guard.form_is_genuine(request.cookies.get(CSRF_COOKIE), _text(form, CSRF_FIELD)):
                    return self.secure(PlainTextResponse(
                        "refused: the form's security token is missing or stale; reload the page and try again", 403))
                request.state.form = form
            return await handler(self, request)
        return inner
    return wrap


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


class DeskHandlers:
    """The pages; each renders with autoescaping and carries the CSRF token its forms need."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    # responses
    def secure(self, response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    def page(self, request: Request, template: str | None, status: int = 200, html: str | None = None,
             **context: Any) -> Response:
        """A page with the browser's CSRF token (a new one when it has none) in `context['csrf']`."""
        token = request.cookies.get(CSRF_COOKIE)
        new = token is None
        token = token or self.desk.guard.new_browser_token()
        if html is None:
            assert template is not None
            html = self.desk.env.get_template(template).render(
                csrf_field=CSRF_FIELD, csrf=self.desk.guard.form_token(token), desk=self.desk.links(), **context)
        response = HTMLResponse(html, status_code=status)
        if new:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return self.secure(response)

    # the report
    @gated()
    async def home(self, request: Request) -> Response:
        def build(con: duckdb.DuckDBPyConnection) -> str:
            return render(report_data(con, self.desk.paths.published_db), desk=self.desk.links())[0]
        html = await run_in_threadpool(self.desk.read, build)
        return self.page(request, None, html=html)

    @gated()
    async def queue(self, request: Request) -> Response:
        data = await run_in_threadpool(self.desk.read, report_data)
        return self.page(request, "queue.html.j2", rulings=data["rulings"], conflicts=data["conflicts"],
                         checklist=data["checklist"])

    @gated()
    async def corrections_csv(self, request: Request) -> Response:
        path = self.desk.paths.reports_dir / CHECKLIST_CSV
        if not path.exists():
            return self.secure(PlainTextResponse("no corrections.csv yet: run the pipeline first", 404))
        return self.secure(Response(path.read_bytes(), media_type="text/csv; charset=utf-8",
                                    headers={"Content-Disposition": f'attachment; filename="{CHECKLIST_CSV}"'}))

    # rulings
    def target_context(self, con: duckdb.DuckDBPyConnection, target: str) -> dict[str, Any] | None:
        """What the form shows about a conflict or a claim, with the evidence hash the ruling will be bound to."""
        if target.startswith("claim:"):
            claims = [c for c in query(con, "report_claims") if c["observation_id"] == target]
            if not claims:
                return None
            claim = claims[0]
            claim["quote_parts"] = split_quote(claim["quote"], claim["highlight_start"], claim["highlight_end"])
            return {"kind": "claim", "claim": claim, "evidence_hash": claim["evidence_hash"],
                    "actions": CLAIM_ACTIONS}
        rows = con.execute(sql(HERE / "desk_conflict.sql"), [target]).fetchall()
        if not rows:
            return None
        columns = [d[0] for d in con.description]
        conflict = dict(zip(columns, rows[0], strict=True))
        figures = [f for f in query(con, "report_figures") if f["conflict_id"] == target]
        sources = [dict(zip(("source_id", "organisation", "kind"), r, strict=True))
                   for r in con.execute(sql(HERE / "desk_sources.sql"), [target]).fetchall()]
        return {"kind": "conflict", "conflict": conflict, "figures": figures, "sources": sources,
                "evidence_hash": conflict["current_evidence_hash"], "actions": CONFLICT_ACTIONS}

    @gated()
    async def ruling_form(self, request: Request) -> Response:
        target = request.query_params.get("target", "")
        context = await run_in_threadpool(self.desk.read, lambda con: self.target_context(con, target))
        if context is None:
            return self.page(request, "message.html.j2", status=404, title="Not found",
                             message=f"There is no conflict or claim '{target}' in the current warehouse.")
        return self.page(request, "ruling_form.html.j2", target=target, form={}, errors=[], **context)

    @gated(post=True)
    async def save_ruling(self, request: Request) -> Response:
        form = request.state.form
        ruling = RulingRequest(
            action=_text(form, "action"), target_id=_text(form, "target"), reviewer=_text(form, "reviewer"),
            reason=_text(form, "reason"), observation_id=_text(form, "observation_id") or None,
            source_id=_text(form, "source_id") or None, seen_evidence_hash=_text(form, "evidence_hash") or None)

        def record() -> tuple[str | None, list[str], dict[str, Any] | None]:
            with self.desk.lock:
                try:
                    with duckdb.connect(str(self.desk.paths.writer_db)) as con:
                        recorded = validate_and_append(con, self.desk.paths.raw_dir, ruling)
                except RulingRefused as refused:
                    with duckdb.connect(str(self.desk.paths.writer_db), read_only=True) as con:
                        return None, refused.reasons, self.target_context(con, ruling.target_id)
                outcome = self.desk.run(Change.RULINGS)
                return recorded.ruling_id, [] if outcome.ok else [outcome.detail], None

        ruling_id, errors, context = await run_in_threadpool(record)
        if ruling_id is None:
            return self.page(request, "ruling_form.html.j2", status=422, target=ruling.target_id,
                             form=ruling.__dict__, errors=errors, **(context or {"kind": "unknown", "actions": ()}))
        suffix = "?" + urlencode({"problem": errors[0]}) if errors else ""
        return self.secure(RedirectResponse(f"/ruling/{quote(ruling_id)}{suffix}", status_code=303))

    @gated()
    async def ruling_page(self, request: Request) -> Response:
        ruling_id = request.path_params["ruling_id"]

        def load(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
            cursor = con.execute(sql(HERE / "desk_ruling.sql"), [ruling_id])
            columns = [d[0] for d in cursor.description]
            row = cursor.fetchone()
            log_cursor = con.execute(sql(HERE / "desk_decision_log.sql"), [ruling_id])
            log_columns = [d[0] for d in log_cursor.description]
            events = [dict(zip(log_columns, r, strict=True)) for r in log_cursor.fetchall()]
            return (dict(zip(columns, row, strict=True)) if row else None), events

        ruling, events = await run_in_threadpool(self.desk.read, load)
        return self.page(request, "ruling_done.html.j2", status=200 if ruling else 404, ruling=ruling,
                         ruling_id=ruling_id, events=events, problem=request.query_params.get("problem"))

    # articles
    @gated()
    async def article_form(self, request: Request) -> Response:
        return self.page(request, "article_form.html.j2", form={}, errors=[])

    @gated(post=True)
    async def save_article(self, request: Request) -> Response:
        form = request.state.form
        file = form.get("file")
        data = await file.read(MAX_UPLOAD_BYTES + 1) if isinstance(file, UploadFile) else b""
        upload = Upload(filename=(file.filename or "") if isinstance(file, UploadFile) else "", data=data,
                        title=_text(form, "title"), url=_text(form, "url"), published_on=_text(form, "published_on"))

        def add() -> tuple[str | None, list[str]]:
            with self.desk.lock:
                try:
                    added = add_article(self.desk.paths.raw_dir, upload)
                except ArticleRefused as refused:
                    return None, refused.reasons
                outcome = self.desk.run(Change.ARTICLES)
                return added.document_id, [] if outcome.ok else [outcome.detail]

        document_id, errors = await run_in_threadpool(add)
        if document_id is None:
            return self.page(request, "article_form.html.j2", status=422, errors=errors,
                             form={"title": upload.title, "url": upload.url, "published_on": upload.published_on})
        suffix = "?" + urlencode({"problem": errors[0]}) if errors else ""
        return self.secure(RedirectResponse(f"/articles/{quote(document_id)}{suffix}", status_code=303))

    @gated()
    async def article_page(self, request: Request) -> Response:
        document_id = request.path_params["document_id"]

        def load(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
            claims = [c for c in query(con, "report_claims") if c["document_id"] == document_id]
            for claim in claims:
                claim["quote_parts"] = split_quote(claim["quote"], claim["highlight_start"], claim["highlight_end"])
            documents = con.execute("SELECT document_id, title, url, published_on FROM curated.documents "
                                    "WHERE document_id = ?", [document_id]).fetchall()
            if not documents:
                return None
            article = dict(zip(("document_id", "title", "url", "published_on"), documents[0], strict=True))
            article["claims"] = claims
            return {"article": article, "checklist": build_checklist([article], load_words())[0]}

        context = await run_in_threadpool(self.desk.read, load)
        if context is None:
            return self.page(request, "message.html.j2", status=404, title="Not found",
                             message=f"There is no article '{document_id}' in the current warehouse.")
        return self.page(request, "article.html.j2", problem=request.query_params.get("problem"), **context)

    # publishing
    @gated(post=True)
    async def publish(self, request: Request) -> Response:
        def go() -> RunOutcome:
            with self.desk.lock:
                return self.desk.run(Change.PUBLISH)
        outcome = await run_in_threadpool(go)
        if not outcome.ok:
            return self.page(request, "message.html.j2", status=500, title="Publishing failed",
                             message=outcome.detail)
        return self.secure(RedirectResponse("/#changes", status_code=303))

    async def warehouse_unavailable(self, request: Request, exc: Exception) -> Response:
        """The writer database is held by another process (a `make run`, `dagster dev`) or missing."""
        log.warning("desk: warehouse unavailable: %s", type(exc).__name__)
        return self.page(request, "message.html.j2", status=503, title="The warehouse is busy",
                         message="Another run is using the warehouse (make run, make fetch or the Dagster UI), or it "
                                 "has not been built yet. Try again in a moment; nothing was lost.")

    # sign-in (only when the desk has a secret)
    async def login_form(self, request: Request) -> Response:
        if not self.desk.guard.needs_sign_in:
            return self.secure(RedirectResponse("/", status_code=303))
        return self.page(request, "login.html.j2", error=None)

    async def login(self, request: Request) -> Response:
        if not self.desk.guard.needs_sign_in:
            return self.secure(RedirectResponse("/", status_code=303))
        form = await request.form(max_files=0, max_fields=5)
        if not self.desk.guard.form_is_genuine(request.cookies.get(CSRF_COOKIE), _text(form, CSRF_FIELD)):
            return self.secure(PlainTextResponse("refused: reload the sign-in page and try again", 403))
        if not self.desk.guard.check_secret(form.get("secret") if isinstance(form.get("secret"), str) else None):
            time.sleep(0.5)  # slow down guessing
            return self.page(request, "login.html.j2", status=403, error="That is not the desk's secret.")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(SESSION_COOKIE, self.desk.guard.new_session(), httponly=True, samesite="strict",
                            path="/")
        return self.secure(response)
