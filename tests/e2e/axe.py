"""axe-core (vendored from npm, tests only) run in the page: WCAG 2.1 A and AA violations as lines a
person can act on."""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def install_axe(context):
    """Every page the context opens gets axe. An init script goes in through the browser's debugging
    protocol, so the portal's CSP (scripts from 'self' only) stays on while the pages are checked."""
    context.add_init_script(path=str(AXE_JS))


def axe_violations(page) -> list[str]:
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{violation['id']}: {' '.join(node['target'])} — {node['failureSummary']}".replace("\n", " ")
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
