"""A real headless Chromium for the pages the server gives tablets (the rating tablet's ``/rating``),
driven by Selenium through the system's ``chromedriver`` (``sh scripts/setup.sh --dev`` installs both).
Nothing is downloaded: Selenium's driver manager is told to stay offline."""

from __future__ import annotations

import os
import shutil
from typing import Any


def available() -> bool:
    """Whether Chromium and its driver are installed."""
    return shutil.which("chromedriver") is not None and shutil.which("chromium") is not None


def chromium(width: int = 1280, height: int = 800) -> Any:
    """A headless Chromium window of *width* × *height* (call ``quit()`` when done)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    # --no-sandbox: the tests may run as root in a container, where Chromium's sandbox cannot start.
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                f"--window-size={width},{height}", "--lang=vi"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
