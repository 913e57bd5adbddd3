import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from courses.models import Offering, Term, Textbook
from courses.validators import isbn_is_valid

from .factories import OfferingFactory, TermFactory, TextbookFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("isbn", "valid"),
    [
        ("0-306-40615-2", True),
        ("080442957X", True),
        ("978-0-306-40615-7", True),
        ("9787533440023", False),
        ("0306406153", False),
        ("9780306406158", False),
        ("97803064061", False),
        ("978030640615A", False),
        # Digits of other scripts pass str.isdigit() but int() refuses some (a 500): they are no ISBN digits,
        # while superscripts read as the digits they are (NFKC), like full-width ones.
        ("٣" * 13, False),
        ("۹۷۸۰۳۰۶۴۰۶۱۵۷", False),
        ("978030640615⁷", True),
        # A Chinese input method's full-width digits and hyphens are read as ASCII.
        ("９７８－０－３０６－４０６１５－７", True),
    ],
)
def test_isbn_check_digit(isbn, valid):
    assert isbn_is_valid(isbn) is valid


def test_textbook_with_bad_isbn_is_refused_in_chinese():
    textbook = Textbook(title="书", authors="某", isbn="9780306406158")
    with pytest.raises(ValidationError) as error:
        textbook.full_clean()
    assert "校验位" in error.value.message_dict["isbn"][0]


def test_textbook_isbn_is_stored_without_hyphens_and_unique_when_given():
    TextbookFactory(isbn="978-0-306-40615-7")
    assert Textbook.objects.get().isbn == "9780306406157"
    TextbookFactory(isbn="")
    TextbookFactory(isbn="")  # self-compiled books have none, and that is no clash
    with pytest.raises(IntegrityError):
        TextbookFactory(isbn="9780306406157")


@pytest.mark.parametrize(
    "changes",
    [
        {"end_time": datetime.time(8, 0)},
        {"seats_left": 31},
        {"weekday": "8"},
    ],
    ids=["end_before_start", "seats_left_above_seats", "weekday_unknown"],
)
def test_database_refuses_an_impossible_offering(changes):
    offering = OfferingFactory()
    with pytest.raises(IntegrityError):
        Offering.objects.filter(pk=offering.pk).update(**changes)


def test_database_refuses_last_date_before_first_date():
    offering = OfferingFactory()
    with pytest.raises(IntegrityError):
        earlier = offering.first_date - datetime.timedelta(days=7)
        Offering.objects.filter(pk=offering.pk).update(last_date=earlier)


def test_database_refuses_term_ending_before_it_starts():
    with pytest.raises(IntegrityError):
        Term.objects.create(name="倒置学期", start=datetime.date(2015, 9, 1), end=datetime.date(2015, 3, 1))


def test_offering_clean_explains_each_problem_in_chinese():
    offering = OfferingFactory()
    offering.end_time = datetime.time(8, 0)
    offering.seats_left = 99
    offering.first_date += datetime.timedelta(days=1)
    offering.last_date = offering.term.end + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        offering.full_clean()
    messages = error.value.message_dict
    assert messages["end_time"] == ["结束时间必须晚于开始时间。"]
    assert messages["seats_left"] == ["剩余名额不能多于招生名额。"]
    assert messages["first_date"] == ["首次上课日期不是星期二。"]
    assert "学期" in messages["last_date"][0]


def test_same_class_twice_in_a_term_is_refused():
    offering = OfferingFactory()
    with pytest.raises(IntegrityError):
        OfferingFactory(course=offering.course, teaching_point=offering.teaching_point, term=offering.term)


def test_public_offerings_are_published_and_not_over():
    term = TermFactory()
    shown = OfferingFactory(term=term)
    OfferingFactory(term=term, published=False)
    ended = OfferingFactory(term=term, course=shown.course, weekday="3")
    Offering.objects.filter(pk=ended.pk).update(
        first_date=datetime.date(2015, 3, 4), last_date=datetime.date(2015, 6, 24)
    )
    assert list(Offering.objects.public()) == [shown]
