"""axe-core on every main page, at a phone's width and a desktop's, as each kind of person
sees it: no serious or critical violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests_e2e.conftest import PHONE
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}
BLOCKING = ("serious", "critical")


def _pages(world) -> dict[str, list[str]]:
    from hangviet.reporting import services
    from hangviet.reporting.models import ReportRequest

    plan = world["plans"]["2026"]
    services.indicators_default(plan=plan, by=None)
    services.requests_generate(plan=plan, period_code="2026H1", by=None)
    request = ReportRequest.objects.get(unit=world["commune"], period_code="2026H1")
    services.report_start(request=request, by=None)
    commune = world["commune"].pk
    return {
        "": [
            "/",
            "/hang-viet/",
            "/hang-viet/?q=che+tan+cuong",
            "/hang-viet/ban-do/",
            "/tin-tuc/",
            "/cuoc-van-dong/",
            "/dang-nhap/",
        ],
        "truongxa": [
            "/",
            "/hoat-dong/",
            "/hoat-dong/them/",
            "/bao-cao/",
            f"/bao-cao/yeu-cau/{request.pk}/",
            "/thong-ke/",
            "/truyen-thanh/",
            "/giam-sat/",
            "/tai-khoan/",
            f"/don-vi/{commune}/",
            f"/don-vi/{commune}/lich-su/",
        ],
        "dieuphoi": [
            "/",
            "/ke-hoach/",
            f"/ke-hoach/{plan.pk}/",
            "/ke-hoach/nhap/",
            "/thong-ke/tong-quan/",
            "/thong-ke/pham-vi/",
            f"/bao-cao/ke-hoach/{plan.pk}/",
            f"/bao-cao/ke-hoach/{plan.pk}/2026H1/",
            "/don-vi/",
            "/hang-viet/kiem-duyet/",
            "/giam-sat/nguon/",
        ],
    }


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_main_pages_have_no_serious_accessibility_violation(width, e2e_world, live_server, browser):
    axe = Axe()
    found = []
    checked = 0
    for username, paths in _pages(e2e_world).items():
        page = browser.new_context(viewport=WIDTHS[width]).new_page()
        if username:
            login(page, live_server.url, username)
            page.wait_for_load_state()
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, (username, path)
            result = axe.run(page)
            checked += 1
            for violation in result.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append(f"{username or 'visitor'} {path}: {violation['id']} {targets}")
        page.context.close()
    assert checked >= 29
    assert not found, "\n".join(found)
