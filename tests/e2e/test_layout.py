"""The header fits at every common width, signed in or not, with text size and language reachable
without the menu; in large text at 320 px nothing scrolls sideways or is cut off, and the header's buttons
grow with the text. Screenshots go to $E2E_SCREENSHOTS when set, for a person to look at."""

import os

from tests.e2e.site import sign_in

WIDTHS = [320, 390, 768, 1024, 1280, 1440]
SHOTS = os.environ.get("E2E_SCREENSHOTS")

# Where each header part is, in the page's own terms: the title's line count, each tool's box.
HEADER = """() => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  const title = document.querySelector('.site-title');
  const range = document.createRange(); range.selectNodeContents(title);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const tools = [...document.querySelectorAll('.header-tools > *')].filter(el => el.offsetParent !== null);
  return {lines, title: box(title), tools: tools.map(el => ({text: el.innerText.trim(), ...box(el)}))};
}"""

# Text cut off: a box narrower than its content where overflow is hidden; a placeholder longer than its field.
CLIPPED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    // Text for screen readers only (.visually-hidden) is clipped on purpose.
    if (el.offsetParent === null || el.closest('.visually-hidden')) continue;
    const style = getComputedStyle(el);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (hides && el.scrollWidth > el.clientWidth + 1 && el.innerText.trim()) {
      found.push(el.outerHTML.slice(0, 120));
    }
  }
  const canvas = document.createElement('canvas').getContext('2d');
  for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (input.offsetParent === null) continue;
    const style = getComputedStyle(input);
    canvas.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (canvas.measureText(input.placeholder).width > room) {
      found.push(`placeholder cut off: ${input.placeholder}`);
    }
  }
  return found;
}"""


def test_header_fits_at_every_width_signed_in_or_not(browser, live_server, demo_site):
    problems = []
    for persona in ["anonymous", "committee"]:
        state = None if persona == "anonymous" else sign_in(browser, live_server.url, persona)
        for width in WIDTHS:
            context = browser.new_context(
                base_url=live_server.url, viewport={"width": width, "height": 900}, storage_state=state
            )
            page = context.new_page()
            page.goto("/")
            where = f"{persona} {width}px"
            header = page.evaluate(HEADER)
            texts = [tool["text"] for tool in header["tools"]]
            for needed in ["大字号", "English"]:
                if needed not in texts:
                    problems.append(f"{where}: {needed} not in the header without opening the menu")
            for tool in header["tools"]:
                if tool["right"] > width or tool["left"] < 0:
                    problems.append(f"{where}: {tool['text']} sticks out of the window")
            if width >= 768:
                if header["lines"] != 1:
                    problems.append(f"{where}: the site title wraps onto {header['lines']} lines")
                title = header["title"]
                below = [tool["text"] for tool in header["tools"] if tool["top"] >= title["bottom"]]
                if below:
                    problems.append(f"{where}: {below} dropped below the title's line")
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{where}: the page scrolls sideways")
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"header-{persona}-{width}.png"))
            context.close()
    assert problems == []


def test_large_text_at_320px_grows_every_control_and_cuts_nothing_off(browser, live_server, demo_site):
    pages = {
        "anonymous": ["/", "/courses/", "/courses/?q=太极", demo_site["anonymous"][4], "/accounts/login/"],
        "district": demo_site["district"][:4],
    }
    problems = []
    for persona, paths in pages.items():
        state = None if persona == "anonymous" else sign_in(browser, live_server.url, persona)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 320, "height": 700}, storage_state=state
        )
        page = context.new_page()
        page.goto("/")
        standard = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.header-tools .btn')).fontSize)"
        )
        page.get_by_role("button", name="大字号").click()
        page.get_by_role("button", name="标准字号").wait_for()
        large = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.header-tools .btn')).fontSize)"
        )
        if large < standard * 1.3:
            problems.append(f"header buttons grow only from {standard}px to {large}px")
        for path in paths:
            page.goto(path)
            if page.evaluate("document.documentElement.scrollWidth > innerWidth"):
                problems.append(f"{persona} {path}: scrolls sideways at 320px in large text")
            problems += [f"{persona} {path}: {clip}" for clip in page.evaluate(CLIPPED)]
            if SHOTS:
                name = path.strip("/").replace("/", "-").replace("?", "-") or "home"
                page.screenshot(path=os.path.join(SHOTS, f"large-320-{persona}-{name}.png"), full_page=True)
        context.close()
    assert problems == []
