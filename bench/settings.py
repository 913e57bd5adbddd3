"""The portal's settings plus one minimal view, the yardstick every page is measured against."""

from fuzhou_lle.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
