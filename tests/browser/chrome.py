"""Debian's headless chromium through selenium, and the looks the tests set through the DevTools protocol."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from needs import missing, need_module

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WIDTH, HEIGHT = 1280, 800


def chromium(profile: Path, *, javascript: bool = True, logs: bool = False) -> Any:
    """A headless chromium with its own profile folder; skipped (failed under CI) when it is not installed.
    `logs`: keep the network and console logs (what the page asked of which host)."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        missing("chromium not installed: apt-get install chromium chromium-driver")
    webdriver = need_module("selenium.webdriver", "selenium not installed: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--force-device-scale-factor=1", f"--window-size={WIDTH},{HEIGHT}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    if logs:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@dataclass(frozen=True)
class Look:
    """How the page is shown: the media features the system would report, and the viewport's width."""

    name: str
    features: tuple[tuple[str, str], ...] = ()
    width: int | None = None

    def apply(self, driver: Any) -> None:
        media = [{"name": name, "value": value} for name, value in self.features]
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": media})
        if self.width is None:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        else:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": self.width, "height": 640, "deviceScaleFactor": 1, "mobile": True})
        # The page must see the look: each media feature matches, and the width is the one asked for.
        shown = driver.execute_script(
            "return [arguments[0].every(([n, v]) => matchMedia(`(${n}: ${v})`).matches), innerWidth]",
            [list(feature) for feature in self.features])
        assert shown[0], f"the page does not see the {self.name} look's media features {self.features}"
        assert self.width is None or shown[1] == self.width, f"the page is {shown[1]} px wide, not {self.width}"

    def __str__(self) -> str:
        return self.name


LIGHT = Look("light", (("prefers-color-scheme", "light"),))
DARK = Look("dark", (("prefers-color-scheme", "dark"),))
MORE_CONTRAST = Look("prefers-contrast-more", (("prefers-contrast", "more"),))
NARROW = Look("320px", (("prefers-color-scheme", "light"),), width=320)
LOOKS = (LIGHT, DARK, MORE_CONTRAST, NARROW)


def ax_tree(driver: Any) -> list[dict[str, Any]]:
    """What a screen reader is given: Chromium's accessibility tree of the page, ignored nodes left out."""
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    return [node for node in nodes if not node.get("ignored")]


def ax_value(node: dict[str, Any], key: str) -> str:
    return str((node.get(key) or {}).get("value", ""))


def ax_property(node: dict[str, Any], name: str) -> Any:
    found = [p["value"].get("value") for p in node.get("properties", []) if p["name"] == name]
    return found[0] if found else None


def ax_text(nodes: list[dict[str, Any]], node: dict[str, Any]) -> str:
    """The text a screen reader reads inside `node`: its descendants' static text, in order."""
    by_id = {n["nodeId"]: n for n in nodes}
    words: list[str] = []

    def walk(each: dict[str, Any]) -> None:
        if ax_value(each, "role") in ("StaticText", "text"):
            words.append(ax_value(each, "name"))
        for child in each.get("childIds", []):
            if child in by_id:
                walk(by_id[child])

    walk(node)
    return " ".join(" ".join(words).split())
