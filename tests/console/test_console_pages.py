"""The console's pages through TestClient: what each shows, who may see it, and how errors look."""

from __future__ import annotations

import re
from html import unescape

import pytest
from tests.console.conftest import Console, seed

from bencher_core.errors import ConfigError
from bencher_core.server import ServerSettings, create_app


def _text(html: str) -> str:
    """The page's visible words, tags dropped and spaces squeezed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


PAGES = [
    pytest.param("/console/projects", ["Projects", "pub", "public"], id="projects"),
    pytest.param(
        "/console/projects/pub",
        ["7 reports", "1 active alerts", "Recent reports", "fast", "slow,comma", "main", "ci"],
        id="dashboard",
    ),
    pytest.param(
        "/console/projects/pub/alerts",
        ["Active 1", "Dismissed 0", "fast", "Latency", "150 ns", "upper", "active"],
        id="alerts",
    ),
    pytest.param(
        "/console/projects/pub/thresholds",
        ["main", "ci", "Latency", "auto", "default"],
        id="thresholds",
    ),
    pytest.param(
        "/console/projects/pub/perf?branches=main&testbeds=ci&benchmarks=fast&measures=latency",
        ["Branches", "Benchmarks", "fast", "Newest report", "Embed this plot"],
        id="perf",
    ),
    pytest.param("/console/signin", ["Sign in", "API token", "bencher token create"], id="signin"),
]


@pytest.mark.parametrize(("path", "words"), PAGES)
def test_every_page_shows_what_it_is_for(reader: Console, path: str, words: list[str]) -> None:
    r = reader.client().get(path)

    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    text = _text(r.text)
    assert [w for w in words if w not in text] == []


def test_the_console_starts_at_the_project_list(reader: Console) -> None:
    r = reader.client().get("/console", follow_redirects=False)

    assert (r.status_code, r.headers["location"]) == (307, "/console/projects")


def test_a_report_shows_baselines_limits_change_and_the_alert(reader: Console) -> None:
    newest = reader.seeded.pub_reports[-1]
    api = reader.client("admin").get(f"/v0/projects/pub/reports/{newest}").json()
    fast = next(r for r in api["results"][0] if r["benchmark"]["name"] == "fast")["measures"][0]
    baseline, upper = fast["boundary"]["baseline"], fast["boundary"]["upper_limit"]

    r = reader.client().get(f"/console/projects/pub/reports/{newest}")

    assert r.status_code == 200
    row = _text(re.search(r"<tr class=\"alerting\">(.*?)</tr>", r.text, re.S).group(1))  # type: ignore[union-attr]
    change = f"{(150 - baseline) / baseline * 100:+.1f}%"
    assert row.split() == [
        "fast",
        "Latency",
        "150",
        "ns",
        f"{baseline:.4g}",
        "—",
        f"{upper:.4g}",
        change,
        "upper",
        "·",
        "active",
        "perf",
    ]
    assert "1 active alert" in _text(r.text)
    assert f"<code>{'0' * 39}7</code>" in r.text


def test_an_unknown_report_is_a_not_found_page(reader: Console) -> None:
    r = reader.client().get("/console/projects/pub/reports/00000000-0000-4000-8000-000000000000")

    assert r.status_code == 404
    assert "Not found" in r.text
    assert "report '00000000-0000-4000-8000-000000000000' not found" in _text(r.text)


PRIVATE = ["", "/perf", "/alerts", "/thresholds"]


@pytest.mark.parametrize("page", PRIVATE, ids=[p or "dashboard" for p in PRIVATE])
def test_a_private_project_sends_anonymous_visitors_to_sign_in(reader: Console, page: str) -> None:
    r = reader.client().get(f"/console/projects/priv{page}", follow_redirects=False)

    assert r.status_code == 303
    assert (
        r.headers["location"]
        == f"/console/signin?next=%2Fconsole%2Fprojects%2Fpriv{page.replace('/', '%2F')}"
    )


def test_a_project_that_does_not_exist_looks_like_a_private_one(reader: Console) -> None:
    anonymous = reader.client().get("/console/projects/nope", follow_redirects=False)
    signed_in = reader.client("member").get("/console/projects/nope")

    assert anonymous.status_code == 303
    assert signed_in.status_code == 404
    assert "project 'nope' not found" in _text(signed_in.text)


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 200), ("leader", 200), ("admin", 200), ("outsider", 404)],
    ids=["member", "leader", "admin", "outsider"],
)
def test_a_private_project_is_visible_to_its_organization_only(
    reader: Console, who: str, status: int
) -> None:
    r = reader.client(who).get("/console/projects/priv")

    assert r.status_code == status
    assert ("3 reports" in _text(r.text)) is (status == 200)


@pytest.mark.parametrize(
    ("who", "listed"),
    [("anonymous", ["pub"]), ("member", ["priv", "pub"]), ("outsider", ["pub"])],
    ids=["anonymous", "member", "outsider"],
)
def test_the_project_list_shows_what_the_viewer_may_read(
    reader: Console, who: str, listed: list[str]
) -> None:
    html = reader.client(who).get("/console/projects").text

    assert re.findall(r'href="/console/projects/([a-z]+)"><b>', html) == listed


def test_the_project_list_searches(reader: Console) -> None:
    html = reader.client("member").get("/console/projects", params={"q": "pri"}).text

    assert re.findall(r'href="/console/projects/([a-z]+)"><b>', html) == ["priv"]


def test_the_alerts_page_filters_by_status(console: Console) -> None:
    admin = console.client("admin")
    alert = console.seeded.alert
    assert admin.patch(f"/v0/projects/pub/alerts/{alert}", json={"status": "dismissed"}).is_success
    page = console.client()

    listed = {
        status: re.findall(
            r'<tr data-alert="([0-9a-f-]+)"',
            page.get("/console/projects/pub/alerts", params={"status": status}).text,
        )
        for status in ("active", "dismissed", "silenced", "all")
    }

    assert listed == {"active": [], "dismissed": [alert], "silenced": [], "all": [alert]}


@pytest.mark.parametrize(
    ("who", "buttons"),
    [
        pytest.param("anonymous", 0, id="anonymous"),
        pytest.param("outsider", 0, id="outsider session"),
        pytest.param("member", 1, id="member session"),
    ],
)
def test_the_alerts_page_offers_changes_to_sessions_that_may_write(
    reader: Console, who: str, buttons: int
) -> None:
    client = reader.client() if who == "anonymous" else reader.session(who)

    html = client.get("/console/projects/pub/alerts").text

    assert len(re.findall(r'<button type="button" class="small"', html)) == buttons
    assert ('<meta name="csrf-token"' in html) is (who != "anonymous")


def test_a_token_in_the_header_reads_pages_but_gets_no_change_buttons(reader: Console) -> None:
    html = reader.client("member").get("/console/projects/pub/alerts").text

    assert "signed in as <b>member</b>" in html
    assert '<button type="button" class="small"' not in html
    assert "csrf-token" not in html


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        pytest.param({}, 1, id="all"),
        pytest.param({"branch": "main", "measure": "latency"}, 1, id="main-latency"),
    ],
)
def test_the_thresholds_page_filters(reader: Console, query: dict[str, str], rows: int) -> None:
    html = reader.client().get("/console/projects/pub/thresholds", params=query).text

    assert len(re.findall(r"<td><code>auto</code></td>", html)) == rows


def test_the_thresholds_page_names_an_unknown_filter(reader: Console) -> None:
    r = reader.client().get("/console/projects/pub/thresholds", params={"testbed": "nope"})

    assert r.status_code == 404
    assert "testbed 'nope' not found" in _text(r.text)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/console/projects/pub/alerts?status=gone", "query.status"),
        ("/console/projects?page=0", "query.page"),
    ],
    ids=["status", "page"],
)
def test_bad_query_values_are_an_html_page_naming_them(
    reader: Console, path: str, field: str
) -> None:
    r = reader.client().get(path)

    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert field in r.text


def test_the_console_can_be_turned_off(reader: Console) -> None:
    app = create_app(ServerSettings(db=str(reader.app.state.settings.db), console=False))
    try:
        client = Console(app, reader.seeded).client()
        assert client.get("/console/projects").status_code == 404
        img = "/v0/projects/pub/perf/img?branches=main&testbeds=ci&benchmarks=fast&measures=latency"
        assert client.get(img).status_code == 200
    finally:
        app.state.pool.close()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("1", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("maybe", ConfigError),
    ],
    ids=["true", "1", "on", "false", "0", "No", "maybe"],
)
def test_the_console_setting_reads_the_environment(raw: str, expected: object) -> None:
    env = {"BENCHER_SERVER_CONSOLE": raw}
    if expected is ConfigError:
        with pytest.raises(ConfigError, match="BENCHER_SERVER_CONSOLE"):
            ServerSettings.from_env(env)
    else:
        assert ServerSettings.from_env(env).console is expected


def test_every_page_renders_on_both_stores(populated_url: str) -> None:
    app = create_app(ServerSettings(db=populated_url))
    try:
        seeded = seed(app)
        client = Console(app, seeded).client()
        for path in [p.values[0] for p in PAGES] + [
            f"/console/projects/pub/reports/{seeded.pub_reports[-1]}"
        ]:
            assert client.get(str(path)).status_code == 200, path
    finally:
        app.state.pool.close()
