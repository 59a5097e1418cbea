"""The web app in a real headless Chromium (Debian's package, driven by Playwright) against a real
uvicorn server: sign in, upload a vendor file, watch the progress, clear an alert as a false
positive with a reason, screen the same file again and see the decision applied. A screenshot of
each page goes to test-artifacts/web/."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from behind.api import create_app
from behind.config import load_settings
from behind.ingest import import_ftm
from behind.store.sqlite import Store
from behind.team.keys import create_key
from behind.team.monitor import file_screener
from behind.team.portfolios import add_portfolio, rescreen
from behind.web.service import open_service
from service_fixtures import SAMPLES, copy_data

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "web"
FTM_SAMPLE = Path(__file__).resolve().parent / "fixtures" / "ftm_sample.ftm.json"
REASON = "Different entity: the vendor's registry number differs <checked 2026-12-03>"


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("Chromium is needed for the browser test: apt-get install -y chromium", pytrace=False)
    return exe


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(loaded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A real uvicorn server on loopback, with a list of two versions (for the diff page); base URL and an admin key."""
    import uvicorn

    data_dir = copy_data(loaded_dir, tmp_path_factory.mktemp("browser-data"))
    lines = [json.loads(x) for x in FTM_SAMPLE.read_text(encoding="utf-8").splitlines()]
    v1, v2 = data_dir / "v1.json", data_dir / "v2.json"
    v1.write_text("\n".join(json.dumps(e) for e in lines) + "\n", encoding="utf-8")
    next(e for e in lines if e["schema"] == "Company")["properties"]["country"] = ["cy"]
    v2.write_text("\n".join(json.dumps(e) for e in lines) + "\n", encoding="utf-8")
    with Store(data_dir / "behind.db") as store:
        import_ftm(store, str(v1), "ftm_sample")
        import_ftm(store, str(v2), "ftm_sample", force=True)
    service = open_service(load_settings(data_dir))
    _, key = create_key(service.db, "Rita Reviewer", "admin", created_by="test")
    portfolio, _ = add_portfolio(service.db, "Vendor master", "parties", "vendors.csv",
                                 (SAMPLES / "vendors.csv").read_bytes(), actor="test")
    rescreen(service.db, portfolio, file_screener(service.settings), trigger="test")
    port = _free_port()
    config = uvicorn.Config(create_app(service), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 60
    while not srv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", key
    srv.should_exit = True
    thread.join(10)
    service.db.close()


@pytest.mark.browser
def test_sign_in_upload_review_and_rescreen_in_chromium(server: tuple[str, str]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, key = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{base}/ui/")
            expect(page.locator("h1")).to_have_text("Sign in")
            page.screenshot(path=str(ARTIFACTS / "01-signin.png"), full_page=True)
            page.fill("#key", key)
            page.click("button[type=submit]")
            expect(page.locator("header")).to_contain_text("Rita Reviewer (admin)")
            page.screenshot(path=str(ARTIFACTS / "02-home.png"), full_page=True)

            # upload a vendor file and follow the progress bar to the end
            page.goto(f"{base}/ui/upload")
            page.set_input_files("#file", str(SAMPLES / "vendors.csv"))
            page.select_option("#kind", "parties")
            page.screenshot(path=str(ARTIFACTS / "03-upload.png"), full_page=True)
            page.click("#upload-form button[type=submit]")
            expect(page.locator("#progress")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "04-job-progress.png"), full_page=True)
            expect(page.locator("#job-summary")).to_contain_text("20", timeout=120_000)
            assert page.locator("#progress").get_attribute("value") == "100"
            page.screenshot(path=str(ARTIFACTS / "05-job-done.png"), full_page=True)

            # review: clear the first alert as a false positive, with a reason
            page.click("#review-link")
            first = page.locator("article.case").first
            case_id = first.get_attribute("id")
            assert case_id is not None
            expect(first.locator(".badge")).to_have_text("open")
            page.screenshot(path=str(ARTIFACTS / "06-review-queue.png"), full_page=True)
            first.locator("select[name=status]").select_option("false_positive")
            first.locator("input[name=reason]").fill(REASON)
            first.locator("form.decide button").click()
            decided = page.locator(f"#{case_id}")
            expect(decided.locator(".badge")).to_have_text("false positive")
            expect(decided.locator("q.reason")).to_have_text(REASON)
            page.screenshot(path=str(ARTIFACTS / "07-decided.png"), full_page=True)

            # screen the same file again: the decision is applied, not asked again
            page.goto(f"{base}/ui/upload")
            page.set_input_files("#file", str(SAMPLES / "vendors.csv"))
            page.click("#upload-form button[type=submit]")
            expect(page.locator("#job-summary")).to_contain_text("20", timeout=120_000)
            page.click("#review-link")
            again = page.locator(f"#{case_id}")
            expect(again.locator(".badge")).to_have_text("false positive")
            expect(again).to_contain_text("Rita Reviewer")
            expect(again.locator("q.reason")).to_have_text(REASON)
            page.screenshot(path=str(ARTIFACTS / "08-rescreened.png"), full_page=True)
            page.goto(f"{base}/ui/cases?status=open&input_name=vendors.csv")
            expect(page.locator(f"#{case_id}")).to_have_count(0)

            # the other pages
            page.goto(f"{base}/ui/search")
            page.fill("input[name=q]", "Hikvision")
            page.click("form.search button")
            expect(page.locator("#result-count")).to_contain_text("match")
            page.screenshot(path=str(ARTIFACTS / "09-search.png"), full_page=True)
            page.locator("table.hits a").first.click()
            expect(page.locator("figure.paths svg")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "10-entity.png"), full_page=True)
            page.goto(f"{base}/ui/lists")
            expect(page.locator("main")).to_contain_text("ftm_sample")
            page.screenshot(path=str(ARTIFACTS / "11-lists.png"), full_page=True)
            page.goto(f"{base}/ui/lists/ftm_sample/diff")
            expect(page.locator("main")).to_contain_text("changed: 1")
            page.screenshot(path=str(ARTIFACTS / "12-diff.png"), full_page=True)
            page.goto(f"{base}/ui/changes")
            expect(page.locator("section.change").first).to_contain_text("Vendor master")
            page.screenshot(path=str(ARTIFACTS / "13-changes.png"), full_page=True)
            page.goto(f"{base}/ui/audit")
            expect(page.locator("#chain")).to_contain_text("Chain intact")
            expect(page.locator("table.audit")).to_contain_text("case.decide")
            page.screenshot(path=str(ARTIFACTS / "14-audit.png"), full_page=True)
        finally:
            browser.close()
