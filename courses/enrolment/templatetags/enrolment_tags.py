"""Enrolment on the guide's own pages: the class page's 在线报名 button and QR code, the printed guide's QR
code beside each class."""

from django import template

from ..models import EnrolmentRule
from ..qr import absolute, qr_svg

register = template.Library()


@register.inclusion_tag("enrolment/includes/_class_panel.html", takes_context=True)
def enrol_panel(context, offering):
    rule = EnrolmentRule.objects.filter(
        term_id=offering.term_id, district_id=offering.teaching_point.district_id
    ).first()
    return {
        "offering": offering,
        "rule": rule,
        "qr": qr_svg(absolute(offering.get_absolute_url()), label=str(offering.course), scale=3),
        "request": context.get("request"),
    }


@register.simple_tag
def class_qr(offering, scale: int = 2):
    """The class page's QR code, inline: vector in print."""
    return qr_svg(absolute(offering.get_absolute_url()), label=str(offering.course), scale=scale)
