"""The lock files pin every dependency pyproject.toml names: a merge that adds one must run `make lock`."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements):
    return {normalise(re.match(r"[A-Za-z0-9._-]+", requirement).group()) for requirement in requirements}


def pinned(lock):
    text = (ROOT / "requirements" / lock).read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+) \\$", text, flags=re.MULTILINE))
    hashed = re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\\n\s+--hash=sha256:", text, flags=re.MULTILINE)
    assert sorted(hashed) == sorted(pins), f"{lock}: every pin carries its hashes"
    return {normalise(name) for name in pins}


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("prod.lock", PROJECT["dependencies"]),
        ("dev.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_lock_pins_every_declared_dependency_with_hashes(lock, requirements):
    assert declared(requirements) - pinned(lock) == set(), "run `make lock`"


def test_production_lock_has_no_dev_tools():
    assert not declared(PROJECT["optional-dependencies"]["dev"]) & pinned("prod.lock")
