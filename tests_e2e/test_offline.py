"""Quick entry with no connection, in Debian's chromium at 390 px: entries wait in the outbox
(also across a reload with no network), go when the connection returns, are saved once, and a
refusal says why."""

import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


# Puts an entry already sent back in the outbox, under the same key (as if its answer was lost).
PUT_BACK = """async (key) => {
  const db = await new Promise((ok) => {
    const r = indexedDB.open("hangviet-outbox", 1);
    r.onsuccess = () => ok(r.result);
  });
  const unit = Number(document.querySelector("select[name=unit]").value);
  const entry = {
    key, created: Date.now(), state: "waiting", message: "", retry: true,
    data: {
      unit, unit_name: "x", kind: "loudspeaker", channel: "commune_radio",
      title: "Phát loa khi mất sóng, buổi sáng", date: new Date().toISOString().slice(0, 10),
      quantity: "2", measure: "broadcasts", themes: [], communes: [], summary: "", url: "",
      status: "confirmed", plan: null,
    },
  };
  await new Promise((ok) => {
    const t = db.transaction("entries", "readwrite");
    t.objectStore("entries").put(entry);
    t.oncomplete = ok;
  });
}"""


def _quick_entry_offline_ready(browser, base: str):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    login(page, base, "bientapxa")
    page.goto(base + "/hoat-dong/them/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the service worker, which keeps the page and its files
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return context, page


def _record(page, title: str, quantity: str = "2") -> None:
    page.get_by_label("Tiêu đề").fill(title)
    page.get_by_label("Số lượng").fill(quantity)
    page.get_by_role("button", name="Lưu", exact=True).click()


def test_entries_made_offline_wait_then_go_once(e2e_world, live_server, browser):
    from hangviet.activities.models import Activity

    context, page = _quick_entry_offline_ready(browser, live_server.url)
    context.set_offline(True)
    from hangviet.core.tests.test_images import jpeg

    page.set_input_files(
        "input[name=file]",
        files=[{"name": "loa.jpg", "mimeType": "image/jpeg", "buffer": jpeg((1200, 900))}],
    )
    _record(page, "Phát loa khi mất sóng, buổi sáng")
    outbox = page.locator("#outbox")
    expect(outbox).to_be_visible()
    expect(outbox).to_contain_text("Phát loa khi mất sóng, buổi sáng")
    expect(outbox).to_contain_text("loa.jpg")
    # the same rules as the server: a title is required
    page.get_by_label("Tiêu đề").fill("   ")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("#outbox-errors")).to_contain_text("Vui lòng nhập tiêu đề hoạt động.")
    _record(page, "Phát loa khi mất sóng, buổi chiều", "3")
    expect(page.locator("[data-outbox-title]")).to_have_text("Chờ gửi (2)")
    expect(page.locator("[data-outbox-count]")).to_have_text("2 chờ gửi")
    page.reload()  # still offline: the page comes from the service worker, entries from IndexedDB
    expect(page.locator(".outbox-entry")).to_have_count(2)
    expect(page.locator(".outbox-entry").first).to_contain_text("Chờ gửi")
    shot(page, "outbox-offline-phone")
    assert not Activity.objects.filter(title__startswith="Phát loa khi mất sóng").exists()

    context.set_offline(False)  # the connection returns: they go by themselves
    expect(page.locator(".outbox-entry.state-sent")).to_have_count(2, timeout=10_000)
    saved = Activity.objects.filter(title__startswith="Phát loa khi mất sóng")
    assert saved.count() == 2 and {a.quantity for a in saved} == {2, 3}
    assert all(a.external_id.startswith("offline-") for a in saved)
    morning = saved.get(title__endswith="buổi sáng")
    assert morning.attachments.count() == 1  # the photo taken offline went with it
    assert morning.attachments.get().content_type == "image/jpeg"

    # sending the same entry again (a lost answer, say) saves nothing twice
    key = saved.first().external_id.removeprefix("offline-")
    page.evaluate(PUT_BACK, key)
    page.get_by_role("button", name="Gửi ngay").click()
    expect(page.locator(".outbox-entry").first).to_contain_text("không lưu hai lần")
    assert Activity.objects.filter(title__startswith="Phát loa khi mất sóng").count() == 2
    context.close()


def test_an_entry_for_a_unit_lost_meanwhile_is_refused_with_its_reason(
    e2e_world, live_server, browser
):
    from hangviet.activities.models import Activity
    from hangviet.orgs.models import RoleAssignment
    from hangviet.orgs.services import role_revoke

    context, page = _quick_entry_offline_ready(browser, live_server.url)
    context.set_offline(True)
    _record(page, "Băng rôn ghi khi không có mạng")
    expect(page.locator("[data-outbox-title]")).to_have_text("Chờ gửi (1)")
    role = RoleAssignment.objects.get(user__username="bientapxa")
    role_revoke(by=None, assignment=role)
    context.set_offline(False)
    entry = page.locator(".outbox-entry.state-refused")
    expect(entry).to_contain_text("Không lưu được", timeout=10_000)
    expect(entry).to_contain_text("UBND xã Tân Cương")  # the server's reason, in words
    assert not Activity.objects.filter(title="Băng rôn ghi khi không có mạng").exists()
    context.close()


def test_quick_entry_is_light_on_a_slow_connection(e2e_world, live_server, browser):
    """Measures (no timed assertion): the gzip weight of quick entry and what the service worker
    keeps, and the time to a usable form on a throttled 3G profile, first visit and offline.
    The figures go to test-artifacts/offline-figures.json and docs/benchmarks.md."""
    import gzip
    import json
    import urllib.request

    from tests_e2e.conftest import ARTIFACTS

    context, page = _quick_entry_offline_ready(browser, live_server.url)
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    urls = page.evaluate(
        """() => [location.href, ...Array.from(document.querySelectorAll(
            "script[src], link[rel=stylesheet]")).map((e) => e.src || e.href)]"""
    )
    weights = {}
    for url in urls:
        request = urllib.request.Request(url, headers={"Cookie": cookies})
        with urllib.request.urlopen(request) as answer:  # 127.0.0.1 only: the live server
            body = answer.read()
        weights[url.replace(live_server.url, "")] = (len(body), len(gzip.compress(body)))

    def usable_on_slow_3g(target) -> float:
        session = target.context.new_cdp_session(target)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 300,  # Chrome's "Slow 3G": 300 ms, 400 kbit/s each way
                "downloadThroughput": 400 * 1024 / 8,
                "uploadThroughput": 400 * 1024 / 8,
            },
        )
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        target.goto(live_server.url + "/hoat-dong/them/")
        target.get_by_label("Tiêu đề").wait_for()
        return target.evaluate(
            "performance.timing.domInteractive - performance.timing.navigationStart"
        )

    # a first visit: signed in, nothing cached, no service worker yet
    fresh = browser.new_context(viewport=PHONE, service_workers="block")
    fresh.add_cookies(context.cookies())
    first_visit = usable_on_slow_3g(fresh.new_page())
    fresh.close()
    # a later visit, under the service worker (its files from its cache)
    repeat_visit = usable_on_slow_3g(page)
    context.set_offline(True)
    page.reload()
    page.get_by_label("Tiêu đề").wait_for()
    usable_offline = page.evaluate(
        "performance.timing.domInteractive - performance.timing.navigationStart"
    )
    figures = {
        "files": weights,
        "total_gzip_bytes": sum(g for _raw, g in weights.values()),
        "usable_ms_slow_3g_first_visit": first_visit,
        "usable_ms_slow_3g_with_service_worker": repeat_visit,
        "usable_ms_offline": usable_offline,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "offline-figures.json").write_text(json.dumps(figures, indent=2), "utf-8")
    assert figures["total_gzip_bytes"] > 0 and usable_offline >= 0
    context.close()


def test_waiting_entries_belong_to_the_person_who_made_them(e2e_world, live_server, browser):
    """A shared phone (issue #27, finding 10): what A typed offline is neither listed to B nor
    sent under B's name; it goes, as A's, when A signs in again."""
    from hangviet.activities.models import Activity

    context, page = _quick_entry_offline_ready(browser, live_server.url)
    context.set_offline(True)
    _record(page, "Loa phát trên máy dùng chung")
    expect(page.locator("[data-outbox-title]")).to_have_text("Chờ gửi (1)")
    # Back online, but no write gets through (and each attempt is noted) until A is back.
    attempts: list[str] = []

    def refuse(route) -> None:
        attempts.append(route.request.post_data or "")
        route.abort()

    context.route("**/api/v1/activities/", refuse)
    context.set_offline(False)
    page.get_by_role("button", name="Đăng xuất").click()
    login(page, live_server.url, "bientapxa2")
    page.goto(live_server.url + "/hoat-dong/them/")
    expect(page.locator("[data-outbox-others]")).to_contain_text("người khác nhập trên máy này")
    expect(page.locator(".outbox-entry")).to_have_count(0)
    tried_as_a = len(attempts)
    page.get_by_role("button", name="Gửi ngay").click()
    page.wait_for_timeout(1000)
    assert len(attempts) == tried_as_a  # B's "send now" sends nothing of A's
    assert not Activity.objects.filter(title="Loa phát trên máy dùng chung").exists()
    page.get_by_role("button", name="Đăng xuất").click()
    context.unroute("**/api/v1/activities/")
    login(page, live_server.url, "bientapxa")
    page.goto(live_server.url + "/hoat-dong/them/")  # A's entries go by themselves now
    for _ in range(50):
        if Activity.objects.filter(title="Loa phát trên máy dùng chung").exists():
            break
        page.wait_for_timeout(200)
    saved = Activity.objects.get(title="Loa phát trên máy dùng chung")
    assert saved.created_by.username == "bientapxa"
    context.close()
