"""A real Chromium (Debian's package, never a downloaded browser) driven by Playwright,
for ``@pytest.mark.browser`` tests.

Without ``chromium`` on the PATH the browser tests are skipped, unless ``REQUIRE_BROWSER=1``
(set by CI), in which case they fail: a browser test must never pass by not running.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    """Browser tests last: while Playwright runs, the process allows async-unsafe ORM
    calls (below), which no other test (e.g. a subprocess's deploy check) should inherit."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session. Playwright's sync API runs an event loop in the test
    thread, and Django then refuses database access from it (SynchronousOnlyOperation)
    although nothing here is async: DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser
    lives, and removed afterwards."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and REQUIRE_BROWSER=1 makes that a failure")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
