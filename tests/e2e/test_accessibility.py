"""Accessibility as a test: axe-core finds no WCAG 2.1 A/AA violation on any main page, public or staff,
in Chinese and English, in standard and large text, on a phone and a desktop; and no page scrolls
sideways.

Every pair of those settings is covered with four runs rather than all eight combinations (a pairwise
design): a fault that needs two settings together (English on a phone, large text on a desktop …) still
shows, at half the browser time. One browser, one login per persona.
"""

import time

from tests.e2e.axe import axe_violations, install_axe
from tests.e2e.site import sign_in

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RUNS = [
    ("zh", "standard", DESKTOP),
    ("zh", "large", PHONE),
    ("en", "standard", PHONE),
    ("en", "large", DESKTOP),
]


def open_tab(browser, base_url, *, viewport, text_size, state=None):
    context = browser.new_context(base_url=base_url, viewport=viewport, storage_state=state)
    if text_size == "large":
        context.add_cookies([{"name": "text_size", "value": "large", "url": base_url}])
    install_axe(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("console", lambda msg: "Content Security Policy" in msg.text and errors.append(msg.text))
    return page, errors


def test_every_main_page_has_no_wcag_aa_violation_and_no_sideways_scroll(browser, live_server, demo_site):
    started = time.monotonic()
    states = {
        persona: None if persona == "anonymous" else sign_in(browser, live_server.url, persona)
        for persona in demo_site
    }
    problems = {}
    checked = 0
    for language, text_size, viewport in RUNS:
        prefix = "/en" if language == "en" else ""
        for persona, paths in demo_site.items():
            page, errors = open_tab(
                browser, live_server.url, viewport=viewport, text_size=text_size, state=states[persona]
            )
            for path in paths:
                response = page.goto(prefix + path)
                found = [] if response.ok else [f"HTTP {response.status}"]
                found += axe_violations(page)
                width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if width > inner:
                    found.append(f"scrolls sideways: {width}px wide in a {inner}px window")
                found += errors
                errors.clear()
                checked += 1
                if found:
                    problems[f"{language} {text_size} {viewport['width']}px {persona} {prefix}{path}"] = found
            page.context.close()
    print(f"axe: {checked} page views in {time.monotonic() - started:.0f} s")
    assert problems == {}
