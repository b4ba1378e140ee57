"""Hypothesis' example budget: small by default so `make test` stays quick, the full budget on CI.

HYPOTHESIS_PROFILE=ci (set by .ci/run) runs every generated-input test with 2,000 examples;
without it each runs 100. Both profiles allow slow examples: each one is a whole request."""

import os

from hypothesis import HealthCheck, settings

_RELAXED = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("dev", max_examples=100, **_RELAXED)
settings.register_profile("ci", max_examples=2000, **_RELAXED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
