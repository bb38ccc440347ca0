"""The web interface through the real app (Flask test client, SQLite and PostgreSQL):
sign-in, sessions, CSRF, escaping, security headers, permissions and every page.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from review_support import add_report
from sqlalchemy import func, select
from web_fixtures import (
    app_lifetime,
    make_app,
    registry_with,
    tiny_model,
    weak_model_dir,
)

from triage.auth.users import create_user
from triage.store.models import AuditEvent, Coding, Report, utcnow
from triage.web.ui.highlight import Segment, segments, term_pattern

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = ("/ui/queue", "/ui/dashboard", "/ui/models")


def csrf(client: FlaskClient, path: str = "/ui/signin") -> str:
    """The CSRF token a page hands out."""
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(app: Flask, role: str, username: str | None = None) -> FlaskClient:
    """A client signed in through the real form as a new user with this role."""
    username = username or f"{role}1"
    with app.extensions["triage"].db.session() as s:
        create_user(s, username, PASSWORD, role)
    client = app.test_client()
    resp = client.post(
        "/ui/signin",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf(client)},
    )
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return client


def seed(app: Flask, *args, **kwargs) -> str:
    """One coded, routed report (review_support.add_report); returns its id."""
    with app.extensions["triage"].db.session() as s:
        return add_report(s, *args, **kwargs).id


def html(resp) -> str:
    assert resp.status_code == 200, resp.status_code
    return resp.get_data(as_text=True)


def html_any(resp) -> str:
    """The page whatever its status."""
    return resp.get_data(as_text=True)


# --- sign-in and sessions ------------------------------------------------------------


@pytest.mark.parametrize("path", [*PAGES, "/ui/review/abc"])
def test_pages_need_a_signed_in_user(client, path):
    resp = client.get(path)
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/ui/signin?next=" + path[:5])


def test_sign_in_and_out(app, client):
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
    token = csrf(client)
    bad = client.post(
        "/ui/signin",
        data={"username": "alice", "password": "wrong" * 4, "csrf_token": token},
    )
    assert bad.status_code == 401
    assert "Unknown username or wrong password" in bad.get_data(as_text=True)
    assert client.get("/ui/queue").status_code == 302
    ok = client.post(
        "/ui/signin",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/ui/dashboard",
        },
    )
    assert ok.status_code == 302 and ok.headers["Location"] == "/ui/dashboard"
    assert "alice (analyst)" in html(client.get("/ui/queue"))
    out = client.post("/ui/signout", data={"csrf_token": csrf(client, "/ui/queue")})
    assert out.status_code == 302
    assert client.get("/ui/queue").status_code == 302
    with app.extensions["triage"].db.session() as s:
        actions = s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.sign_in_failed", "user.signed_in", "user.signed_out"]


def test_repeated_failures_lock_the_username(app, monkeypatch):
    """SIGNIN_MAX_FAILURES (5) within SIGNIN_WINDOW_MINUTES lock it for 15 minutes."""
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
        create_user(s, "bob", PASSWORD, "analyst")
    client = app.test_client()

    def attempt(username: str, password: str, client: FlaskClient = client):
        return client.post(
            "/ui/signin",
            data={
                "username": username,
                "password": password,
                "csrf_token": csrf(client),
            },
        )

    for username in ("alice", "nobody"):
        for _ in range(5):
            assert attempt(username, "wrong" * 4).status_code == 401
        # Locked: even the right password is refused, an unknown name alike.
        locked = attempt(username, PASSWORD)
        assert locked.status_code == 429, username
        assert "Too many failed sign-ins for this username" in html_any(locked)
        assert "Try again in 15 minutes" in html_any(locked)
        assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert client.get("/ui/queue").status_code == 302
    # Other usernames are not affected.
    assert attempt("bob", PASSWORD, app.test_client()).status_code == 302
    with app.extensions["triage"].db.session() as s:
        refused = s.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.action == "user.sign_in_refused"
            )
        ).all()
    assert sorted(refused) == ["alice", "nobody"]
    # The lock runs out.
    later = utcnow() + timedelta(minutes=16)
    monkeypatch.setattr("triage.web.ui.signin.utcnow", lambda: later)
    assert attempt("alice", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/ui/", "/api/v1/models", "x"]
)
def test_sign_in_never_redirects_off_the_interface(app, client, target):
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
    resp = client.post(
        "/ui/signin",
        data={
            "username": "alice",
            "password": PASSWORD,
            "csrf_token": csrf(client),
            "next": target,
        },
    )
    assert resp.headers["Location"] == "/ui/queue"


@pytest.mark.parametrize(("key", "age"), [("seen", 31 * 60), ("t0", 13 * 3600)])
def test_sessions_time_out(app, key, age):
    client = sign_in(app, "analyst")
    assert client.get("/ui/queue").status_code == 200
    with client.session_transaction() as sess:
        sess[key] = int(time.time()) - age
    resp = client.get("/ui/queue")
    assert resp.status_code == 302
    assert "/ui/signin?expired=1" in resp.headers["Location"]
    # The session is gone, not just refused once.
    assert client.get("/ui/dashboard").status_code == 302


def test_disabling_a_user_ends_their_session(app):
    from triage.auth.users import disable_user

    client = sign_in(app, "analyst", "alice")
    assert client.get("/ui/queue").status_code == 200
    with app.extensions["triage"].db.session() as s:
        disable_user(s, "alice")
    assert client.get("/ui/queue").status_code == 302


def test_session_cookie_flags(app):
    client = app.test_client()
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
    resp = client.post(
        "/ui/signin",
        data={"username": "alice", "password": PASSWORD, "csrf_token": csrf(client)},
    )
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --- CSRF ---------------------------------------------------------------------------


def test_sign_in_needs_the_csrf_token(app, client):
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
    client.get("/ui/signin")
    for token in (None, "", "forged"):
        data = {"username": "alice", "password": PASSWORD}
        if token is not None:
            data["csrf_token"] = token
        resp = client.post("/ui/signin", data=data)
        assert resp.status_code == 400
        assert "form has expired" in resp.get_data(as_text=True)
    assert client.get("/ui/queue").status_code == 302


@pytest.mark.parametrize(
    "path",
    ["/ui/queue/{id}/claim", "/ui/review/{id}", "/ui/review/{id}/skip", "/ui/signout"],
)
def test_every_form_post_needs_the_csrf_token(app, path):
    rid = seed(app, harm="severe")
    client = sign_in(app, "analyst")
    data = {"action": "accept", "csrf_token": "not-the-token"}
    resp = client.post(path.format(id=rid), data=data)
    assert resp.status_code == 400
    with app.extensions["triage"].db.session() as s:
        report = s.get(Report, rid)
        assert report.claimed_by is None and report.review_state == "queued"
        assert s.scalar(select(func.count()).select_from(Coding)) == 1
    assert client.get("/ui/queue").status_code == 200  # still signed in


# --- escaping, placeholders, headers -------------------------------------------------

HOSTILE = (
    'Pt <PERSON_1> fell. <script>alert("x")</script> <img src=x onerror=alert(1)> '
    "found on floor at <DATE_1>."
)


def test_narrative_is_always_escaped(app):
    rid = seed(app, harm="severe", text=HOSTILE)
    client = sign_in(app, "analyst")
    for page in (html(client.get("/ui/queue")), html(client.get(f"/ui/review/{rid}"))):
        assert '<script>alert("x")' not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_placeholders_are_marked_and_evidence_highlighted(app):
    rid = seed(app, harm="severe", factors=["environment"], text=HOSTILE)
    with app.extensions["triage"].db.session() as s:
        # Codings are append-only: a re-code by the model carries the evidence.
        old = s.scalar(select(Coding).where(Coding.report_id == rid))
        probs = dict(old.probabilities)
        probs["event_type"] = {**probs["event_type"], "evidence": ["pt", "floor"]}
        probs["harm"] = {**probs["harm"], "evidence": ["NOT injury"]}
        probs["factor_evidence"] = {"environment": ["on floor"]}
        recoded = Coding(
            report_id=rid,
            source="model",
            model_version="m2",
            event_type=old.event_type,
            event_kind=old.event_kind,
            harm=old.harm,
            factors=list(old.factors),
            probabilities=probs,
            created_by="test",
        )
        s.add(recoded)
        s.flush()
        s.get(Report, rid).current_coding_id = recoded.id
    page = html(sign_in(app, "analyst").get(f"/ui/review/{rid}"))
    assert '<span class="ph" title="Redacted: PERSON_1">&lt;PERSON_1&gt;</span>' in page
    assert '<span class="ph" title="Redacted: DATE_1">&lt;DATE_1&gt;</span>' in page
    assert re.search(r'<mark class="ev ev-1"[^>]*>Pt</mark>', page)
    # "floor" is evidence for two codes: marked as shared.
    assert re.search(r'<mark class="ev ev-1 ev-multi"[^>]*>floor</mark>', page)
    assert "Evidence for Event type: Fall; Contributing factors: Physical" in page
    # "injury" is not in the text: listed, and said to be missing.
    assert "<q>NOT injury</q>" in page and "(not located in the text)" in page


def test_phi_check_flag_is_shown_on_top(app):
    flagged = seed(app, harm="severe", flags=["phi_review"])
    clean = seed(app, harm="severe")
    client = sign_in(app, "analyst")
    page = html(client.get(f"/ui/review/{flagged}"))
    assert page.index('id="phi-flag"') < page.index('id="narrative"')
    assert 'id="phi-flag"' not in html(client.get(f"/ui/review/{clean}"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EXTERNAL = re.compile(r'(?:src|href|action)="(?:https?:)?//', re.IGNORECASE)


def test_security_headers_and_no_inline_code_on_any_page(app):
    rid = seed(app, harm="severe", flags=["phi_review"], text=HOSTILE)
    client = sign_in(app, "admin")
    anonymous = app.test_client()
    responses = [
        anonymous.get("/ui/signin"),
        client.get("/ui/queue"),
        client.get(f"/ui/review/{rid}"),
        client.get("/ui/dashboard"),
        client.get("/ui/models"),
        client.get("/ui/review/unknown"),
    ]
    for resp in responses:
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Cache-Control"] == "no-store"
        page = resp.get_data(as_text=True)
        assert not INLINE_SCRIPT.search(page)
        assert not EVENT_HANDLER.search(page)
        assert not STYLE_ATTR.search(page)
        assert not EXTERNAL.search(page)
    for name in ("ui.css", "ui.js", "review.js", "queue.js"):
        static = client.get(f"/ui/static/{name}")
        assert static.status_code == 200
        assert static.headers["X-Content-Type-Options"] == "nosniff"
        assert "http://" not in static.get_data(as_text=True)
        assert "https://" not in static.get_data(as_text=True)


# --- permissions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("analyst", {"/ui/queue": 200, "/ui/dashboard": 200, "/ui/models": 403}),
        ("ml", {"/ui/queue": 403, "/ui/dashboard": 200, "/ui/models": 200}),
        ("admin", {"/ui/queue": 200, "/ui/dashboard": 200, "/ui/models": 200}),
    ],
)
def test_pages_follow_the_api_roles(app, role, expected):
    rid = seed(app, harm="severe")
    client = sign_in(app, role)
    for path, status in expected.items():
        assert client.get(path).status_code == status, path
    review_status = expected["/ui/queue"]
    assert client.get(f"/ui/review/{rid}").status_code == review_status
    posted = client.post(
        f"/ui/review/{rid}",
        data={"action": "accept", "csrf_token": csrf(client, "/ui/dashboard")},
    )
    assert posted.status_code == (302 if review_status == 200 else 403)


def test_the_api_does_not_accept_the_session_cookie(app):
    client = sign_in(app, "admin")
    assert client.get("/api/v1/review/queue").status_code == 401
    assert client.get("/api/v1/models").status_code == 401


# --- queue --------------------------------------------------------------------------


def test_queue_order_reasons_and_filters(app):
    low = seed(app, "F1", event_type="fall", harm="mild", p=0.4)
    severe = seed(app, "F2", event_type="medication", harm="severe", p=0.95)
    phi = seed(
        app, "F1", event_type="fall", harm="no_harm", p=0.95, flags=["phi_review"]
    )
    maybe = seed(app, "F2", event_type="fall", harm="moderate", p=0.99, serious_p=0.4)
    seed(app, "F1", harm="mild", p=0.99)  # confident, not queued
    client = sign_in(app, "analyst")
    page = html(client.get("/ui/queue"))
    order = re.findall(r'data-report="([0-9a-f]+)"', page)
    assert order == [severe, maybe, low, phi]
    assert 'id="queue-total">4<' in page
    for label in ("Severe harm", "Possibly severe", "Low confidence", "PHI check"):
        assert label in page

    def listed(query: str) -> list[str]:
        return re.findall(
            r'data-report="([0-9a-f]+)"', html(client.get("/ui/queue?" + query))
        )

    assert listed("facility=F2") == [severe, maybe]
    assert listed("event_type=fall") == [maybe, low, phi]
    assert listed("reason=possible_severe_harm") == [maybe]
    assert listed("reason=low_confidence") == [low]
    assert listed("reason=phi_review&facility=F1") == [phi]
    assert listed("event_type=fall&reason=severe_harm") == []


def test_quality_control_items_look_like_any_other(app):
    qc = seed(app, harm="mild", p=0.99, qc_rate=1.0)
    with app.extensions["triage"].db.session() as s:
        assert s.get(Report, qc).review_reasons == ["quality_control"]
    client = sign_in(app, "analyst")
    for page in (
        html(client.get("/ui/queue")),
        html(client.get(f"/ui/review/{qc}")),
        html(client.get("/ui/queue?reason=quality_control")),
    ):
        assert qc[:8] in page
        assert "quality" not in page.lower() and "QC" not in page


def test_claim_with_one_click_and_conflicts(app):
    rid = seed(app, harm="severe")
    alice = sign_in(app, "analyst", "alice")
    resp = alice.post(
        f"/ui/queue/{rid}/claim", data={"csrf_token": csrf(alice, "/ui/queue")}
    )
    assert resp.headers["Location"] == f"/ui/review/{rid}"
    assert "yours until" in html(alice.get(f"/ui/review/{rid}"))
    bob = sign_in(app, "analyst", "bob")
    assert rid not in html(bob.get("/ui/queue"))  # another's live claim hides it
    resp = bob.post(
        f"/ui/queue/{rid}/claim", data={"csrf_token": csrf(bob, "/ui/queue")}
    )
    assert resp.headers["Location"] == "/ui/queue"
    assert "another analyst is reviewing" in html(bob.get("/ui/queue"))
    with app.extensions["triage"].db.session() as s:
        assert s.get(Report, rid).claimed_by == "analyst:alice"


# --- review ---------------------------------------------------------------------------


def test_accept_correct_and_history(app):
    first = seed(app, event_type="fall", harm="severe", p=0.9)
    second = seed(app, event_type="medication", harm="severe", p=0.8)
    client = sign_in(app, "analyst", "alice")
    token = csrf(client, "/ui/queue")
    form = html(client.get(f"/ui/review/{first}"))
    assert re.search(r'name="harm" value="severe" checked', form)  # pre-filled
    resp = client.post(
        f"/ui/review/{first}",
        data={
            "csrf_token": token,
            "action": "correct",
            "event_type": "fall",
            "event_kind": "incident",
            "harm": "moderate",
            "reason": "no lasting injury",
        },
    )
    assert resp.status_code == 302 and resp.headers["Location"].endswith("#history")
    page = html(client.get(resp.headers["Location"]))
    assert "Correction saved (harm)" in page
    rows = re.findall(r'<tr class="history-row source-(\w+)">', page)
    assert rows == ["model", "analyst"]
    assert "no lasting injury" in page and "analyst:alice" in page
    accepted = client.post(
        f"/ui/review/{second}", data={"csrf_token": token, "action": "accept"}
    )
    assert accepted.status_code == 302
    assert "Codes accepted" in html(client.get(accepted.headers["Location"]))
    with app.extensions["triage"].db.session() as s:
        reviews = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "report.reviewed")
        ).all()
        harms = {
            c.report_id: c.harm
            for c in s.scalars(select(Coding).where(Coding.source == "analyst"))
        }
    assert {r.entity_id: r.details["changed"] for r in reviews} == {
        first: ["harm"],
        second: [],
    }
    assert harms == {first: "moderate", second: "severe"}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"event_kind": "near_miss", "harm": "severe"}, "an event of kind near_miss"),
        ({"event_type": "not_a_code"}, "not a taxonomy code: event_type"),
        ({"factors": ["communication", "bogus"]}, "not a taxonomy code: factors"),
    ],
)
def test_invalid_corrections_are_refused_and_kept_in_the_form(app, fields, message):
    rid = seed(app, event_type="fall", harm="severe")
    client = sign_in(app, "analyst")
    data = {
        "csrf_token": csrf(client, "/ui/queue"),
        "action": "correct",
        "event_type": "fall",
        "event_kind": "incident",
        "harm": "severe",
        "reason": "kept reason",
        **fields,
    }
    resp = client.post(f"/ui/review/{rid}", data=data)
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert message in page and "kept reason" in page
    with app.extensions["triage"].db.session() as s:
        assert s.scalar(select(func.count()).select_from(Coding)) == 1


def test_skip_and_next(app):
    first = seed(app, harm="severe", p=0.5)
    second = seed(app, harm="severe", p=0.9)
    client = sign_in(app, "analyst")
    token = csrf(client, "/ui/queue")
    nxt = client.post("/ui/queue/next", data={"csrf_token": token})
    assert nxt.headers["Location"] == f"/ui/review/{first}"
    skipped = client.post(f"/ui/review/{first}/skip", data={"csrf_token": token})
    assert skipped.headers["Location"] == f"/ui/review/{second}"
    order = re.findall(r'data-report="([0-9a-f]+)"', html(client.get("/ui/queue")))
    assert order == [second, first]
    assert (
        client.post(
            "/ui/queue/next", data={"csrf_token": token, "after": second}
        ).headers["Location"]
        == f"/ui/review/{first}"
    )


def test_second_review_is_blind_on_the_page(app):
    rid = seed(app, harm="severe")
    alice = sign_in(app, "analyst", "alice")
    alice.post(
        f"/ui/review/{rid}",
        data={
            "csrf_token": csrf(alice, "/ui/queue"),
            "action": "correct",
            "event_type": "fall",
            "event_kind": "incident",
            "harm": "moderate",
            "reason": "alice's reason",
        },
    )
    with app.extensions["triage"].db.session() as s:
        s.get(Report, rid).review_state = "second_review"
    page = html(sign_in(app, "analyst", "bob").get(f"/ui/review/{rid}"))
    assert "alice" not in page
    assert re.search(r'name="harm" value="severe" checked', page)  # model's codes


# --- dashboard ------------------------------------------------------------------------


def test_dashboard_counts_charts_and_review_share(app):
    for _ in range(12):
        seed(app, "F1", event_type="fall", harm="mild", factors=["communication"])
    rid = seed(app, "F1", event_type="fall", harm="severe")
    client = sign_in(app, "admin")
    page = html(client.get("/ui/dashboard"))
    assert 'id="reviewed-count">0<' in page and 'id="total-count">13<' in page
    assert 'id="queue-size">1<' in page
    assert '<svg class="chart" id="chart-event-type"' in page
    assert '<svg class="chart" id="chart-factors"' in page
    assert "Communication" in page
    client.post(
        f"/ui/review/{rid}",
        data={
            "csrf_token": csrf(client, "/ui/dashboard"),
            "action": "correct",
            "event_type": "fall",
            "event_kind": "incident",
            "harm": "moderate",
        },
    )
    page = html(client.get("/ui/dashboard"))
    assert 'id="reviewed-count">1<' in page and 'id="queue-size">0<' in page
    assert 'id="agreement-table"' in page


def test_dashboard_suppresses_small_cells_across_facilities(app):
    for _ in range(12):
        seed(app, "F1", event_type="fall", harm="mild")
    for _ in range(3):
        seed(app, "F2", event_type="medication", harm="mild")
    client = sign_in(app, "analyst")
    both = html(client.get("/ui/dashboard"))
    assert 'id="suppression-note"' in both
    assert "fewer than 11 (withheld)" in both
    # The share counts the shown cells: the 3 medication reports are withheld.
    assert 'id="total-count">12<' in both
    assert "Medication" not in re.search(
        r'<svg class="chart" id="chart-event-type".*?</svg>', both, re.S
    ).group(0)
    one = html(client.get("/ui/dashboard?facility=F2"))
    assert 'id="suppression-note"' not in one and 'id="total-count">3<' in one


def test_dashboard_period_filter(app):
    from datetime import date

    seed(app, occurred_on=date(2020, 1, 5))
    seed(app, occurred_on=date.today())
    client = sign_in(app, "analyst")
    assert 'id="total-count">1<' in html(client.get("/ui/dashboard"))
    everything = html(client.get("/ui/dashboard?from=&to="))
    assert 'id="total-count">2<' in everything
    old = html(client.get("/ui/dashboard?from=2020-01-01&to=2020-12-31"))
    assert 'id="total-count">1<' in old and "2020-01" in old
    assert client.get("/ui/dashboard?from=junk").status_code == 400


# --- models -------------------------------------------------------------------------


@pytest.fixture
def models_app(db_url, tmp_path):
    registry, (good, weak) = registry_with(
        tmp_path / "registry", tiny_model(), weak_model_dir()
    )
    for app in app_lifetime(make_app(db_url, registry.root)):
        yield app, registry, good, weak


def test_models_page_promote_with_confirmation_and_rollback(models_app):
    app, registry, good, weak = models_app
    client = sign_in(app, "ml")
    page = html(client.get("/ui/models"))
    assert good in page and weak in page and "dev / overall / harm_qwk" in page
    confirm = html(client.get(f"/ui/models/{weak}/promote"))
    assert "was never scored beside" in confirm
    assert registry.active_version() == good  # asking changes nothing
    token = csrf(client, "/ui/models")
    refused = client.post(f"/ui/models/{weak}/promote", data={"csrf_token": token})
    assert refused.headers["Location"] == f"/ui/models/{weak}/promote"
    assert "never scored beside" in html(client.get(refused.headers["Location"]))
    assert registry.active_version() == good
    forced = client.post(
        f"/ui/models/{weak}/promote", data={"csrf_token": token, "force": "1"}
    )
    assert forced.headers["Location"] == "/ui/models"
    assert f"{weak} is now active (forced)" in html(client.get("/ui/models"))
    assert registry.active_version() == weak
    assert "Roll back?" in html(client.get("/ui/models/rollback"))
    client.post("/ui/models/rollback", data={"csrf_token": token})
    assert registry.active_version() == good
    with app.extensions["triage"].db.session() as s:
        audit = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "model")
            .order_by(AuditEvent.id)
        ).all()
    assert [(a.action, a.actor, a.entity_id) for a in audit] == [
        ("model.promoted", "ml:ml1", weak),
        ("model.rolled_back", "ml:ml1", good),
    ]
    assert audit[0].details["forced"] is True


def test_unknown_model_version_is_a_404_page(models_app):
    app, *_ = models_app
    resp = sign_in(app, "ml").get("/ui/models/nope/promote")
    assert resp.status_code == 404 and "text/html" in resp.content_type


# --- highlighting (pure) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("share room", "a shared room", "shared room"),
        ("block", "area blocked.", "blocked"),
        ("NOT spare", "no SPARE available", "SPARE"),
        ("no NOT spare", "no SPARE available", "no SPARE"),
        ("<NUMBER> week", "the first week", "week"),
        ("w/", "kept in use w/ no spare", "w/"),
        ("a", "about a fall", "a"),
        ("fall", "he fell", None),
        ("<PERSON>", "<PERSON_1> fell", None),
    ],
)
def test_term_patterns(term, text, found):
    pattern = term_pattern(term)
    match = pattern.search(text) if pattern else None
    assert (match.group(0) if match else None) == found


def test_segments_keep_placeholders_whole():
    parts = segments("Site: <LOCATION_1> site visit", {"harm": ["site"]})
    assert parts == [
        Segment("Site", keys=("harm",)),
        Segment(": "),
        Segment("<LOCATION_1>", placeholder="LOCATION_1"),
        Segment(" "),
        Segment("site", keys=("harm",)),
        Segment(" visit"),
    ]
    assert "".join(p.text for p in parts) == "Site: <LOCATION_1> site visit"
