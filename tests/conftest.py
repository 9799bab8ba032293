"""Test-wide settings.

Hypothesis: no per-example deadline (timing is the benchmark's job, and CI machines
are shared); under CI the examples are derandomized so that a run is repeatable,
while local runs keep exploring new ones.
"""
import os

from hypothesis import settings

settings.register_profile("gwparse", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("gwparse")
