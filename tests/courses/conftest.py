import pytest

from fuzhou_lle.models import District


@pytest.fixture
def gulou(reference_units):
    return District.objects.get(code="gulou")


@pytest.fixture
def taijiang(reference_units):
    return District.objects.get(code="taijiang")
