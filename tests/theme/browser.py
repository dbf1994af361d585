"""Measuring one page in a phone-sized headless Chromium: bytes, axe, console, width."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
}
AXE_SOURCE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = settings.BASE_DIR / "test-results" / "screenshots"
CODE_TYPES = {"document", "stylesheet", "script"}
BLOCKING_IMPACTS = {"serious", "critical"}
HTML_CSS_JS_BUDGET = 100 * 1024
WITH_IMAGES_BUDGET = 200 * 1024


@dataclass
class PageReport:
    name: str
    url: str = ""
    status: int = 0
    code_bytes: int = 0
    total_bytes: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    scroll_width: int = 0
    screenshot: str = ""

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(self.by_type.items()))
        return (
            f"{self.name}: HTML+CSS+JS {self.code_bytes / 1024:.1f} KB, "
            f"all {self.total_bytes / 1024:.1f} KB ({kinds}); "
            f"axe serious/critical {len(self.violations)}; "
            f"console errors {len(self.console_errors)}; width {self.scroll_width}px"
        )


class Recorder:
    """Listens to a page and sums what crossed the wire, by resource type."""

    def __init__(self, page):
        self.page = page
        self.sizes: list[tuple[str, int]] = []
        self.console_errors: list[str] = []
        page.on("requestfinished", self._finished)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))

    def _finished(self, request):
        sizes = request.sizes()
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.sizes.append((request.resource_type, wire))

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def reset(self) -> None:
        self.sizes.clear()
        self.console_errors.clear()


def measure(page, recorder: Recorder, name: str, url: str, navigate=None) -> PageReport:
    """Open ``url`` (or run ``navigate``) with an empty browser cache and report on it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    recorder.reset()
    if navigate is None:
        response = page.goto(url, wait_until="load")
    else:
        with page.expect_navigation(wait_until="load") as navigation:
            navigate()
        response = navigation.value
    page.wait_for_load_state("networkidle")
    report = PageReport(name=name, url=page.url, status=response.status if response else 0)
    for kind, size in recorder.sizes:
        report.by_type[kind] = report.by_type.get(kind, 0) + size
        report.total_bytes += size
        if kind in CODE_TYPES:
            report.code_bytes += size
    report.console_errors = list(recorder.console_errors)
    report.violations = axe_violations(page)
    report.scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    report.screenshot = str(Path(path).relative_to(settings.BASE_DIR))
    return report


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations, one line each."""
    # evaluate() runs outside the page's Content-Security-Policy.
    page.evaluate(AXE_SOURCE.read_text() + "\n;undefined")
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target"
        ".join(' ')).slice(0, 3)})))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'])}"
        for v in results
        if v["impact"] in BLOCKING_IMPACTS
    ]
