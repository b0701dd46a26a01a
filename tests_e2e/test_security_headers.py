import pytest

from tests_e2e.conftest import DESKTOP
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_no_page_breaks_the_content_security_policy(e2e_world, live_server, browser):
    from hangviet.directory.demo import build_directory

    build_directory()
    page = browser.new_page(viewport=DESKTOP)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    login(page, live_server.url, "dieuphoi")
    plan = e2e_world["plans"]["2026"]
    for path in (
        "/",
        "/don-vi/?q=tan+cuong",
        f"/ke-hoach/{plan.pk}/",
        "/hoat-dong/",
        "/hoat-dong/them/",
        "/bao-cao/",
        "/hang-viet/?q=che",
        "/hang-viet/ban-do/",
        "/tin-tuc/",
        "/api/v1/docs",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    # The quick form's script still works under the policy: picking a kind sets its channel.
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hoạt động", exact=True).select_option("tv_report")
    assert page.get_by_label("Kênh").input_value() == "press_tv"
    assert violations == []
