import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_isbn(value: str) -> str:
    """The ISBN without hyphens and spaces, with an upper-case X check digit; full-width digits and hyphens
    (a Chinese input method's) read as ASCII."""
    return unicodedata.normalize("NFKC", value).replace("-", "").replace(" ", "").upper()


def isbn_is_valid(value: str) -> bool:
    digits = normalise_isbn(value)
    if not digits.isascii():  # "²", "٣" … pass isdigit() but are no ISBN digits
        return False
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] == "X" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    return False


def validate_isbn(value: str) -> None:
    if value and not isbn_is_valid(value):
        raise ValidationError(
            _("ISBN“%(value)s”无效：应为 10 位或 13 位，且校验位正确。"), code="isbn", params={"value": value}
        )
