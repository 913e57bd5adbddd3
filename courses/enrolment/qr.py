"""QR codes (segno) as inline SVG: vector, so the printed guide and posters stay sharp at any size."""

import segno
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def qr_svg(url: str, *, label: str, scale: int = 4) -> SafeString:
    """An <svg> of `url`'s QR code, named `label` for screen readers; WeChat's scanner opens the address in
    its own browser."""
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=scale, border=2, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308
