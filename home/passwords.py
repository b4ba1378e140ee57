"""Password rules beyond Django's own, with Danish messages (AUTH_PASSWORD_VALIDATORS).

Django's validators let `aaaaaaaaaaaa` (twelve characters, not a common password) and
`Rummelighed2026` (the site's own name and a year) through; both are among an attacker's first
guesses for this site.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

# Characters an attacker swaps for look-alike letters: R0mm3l1gh3d is still Rummelighed.
LOOK_ALIKES = str.maketrans("01!|34@5$7", "oiiieaasst")


def _letters(text):
    return re.sub(r"[^a-zæøå]", "", text.lower())


def _without_words(password, words):
    """(whether any word occurs, the letters left when every occurrence is taken out). Words are
    found in any case, backwards too, and through look-alike characters."""
    lowered = password.lower()
    seen = lowered.translate(LOOK_ALIKES)  # one character for one: positions stay the same
    taken = [False] * len(lowered)
    for word in words:
        for variant in {word, word[::-1]}:
            for match in re.finditer(re.escape(variant), seen):
                taken[match.start() : match.end()] = [True] * len(variant)
    rest = "".join(character for character, gone in zip(lowered, taken, strict=True) if not gone)
    return any(taken), _letters(rest)


class RepeatedCharactersValidator:
    """Refuses passwords made of few different characters (`aaaaaaaaaaaa`, `abababababab`) or
    of one short piece repeated (`abc123abc123`)."""

    def __init__(self, min_distinct=6, longest_run=4):
        self.min_distinct = min_distinct
        self.longest_run = longest_run

    def validate(self, password, user=None):
        too_few = len(set(password.lower())) < self.min_distinct
        long_run = re.search(rf"(.)\1{{{self.longest_run - 1},}}", password) is not None
        repeated_piece = re.fullmatch(r"(.{1,6}?)\1+", password) is not None
        if too_few or long_run or repeated_piece:
            raise ValidationError(
                "Adgangskoden gentager de samme tegn for meget. Brug mindst %(count)d forskellige tegn "
                "og ikke det samme tegn %(run)d gange i træk, fx tre-fire tilfældige ord.",
                code="password_repeated_characters",
                params={"count": self.min_distinct, "run": self.longest_run},
            )

    def get_help_text(self):
        return (
            f"Adgangskoden skal have mindst {self.min_distinct} forskellige tegn og må ikke gentage "
            f"det samme tegn {self.longest_run} gange i træk."
        )


class SiteNameValidator:
    """Refuses passwords built on the site's own name or other words from the site, in any case
    and with look-alike digits (`Rummelighed2026`, `R0mm3l1gh3d!`, `faxekommune`), unless the
    rest of the password is strong on its own (at least `min_rest` letters besides)."""

    def __init__(self, words=None, min_rest=8):
        self.words = words
        self.min_rest = min_rest

    def forbidden_words(self):
        words = set(self.words or [])
        words.update(word for word in re.split(r"\W+", settings.WAGTAIL_SITE_NAME.lower()) if len(word) >= 5)
        return sorted(filter(None, map(_letters, words)), key=len, reverse=True)

    def validate(self, password, user=None):
        found, rest = _without_words(password, self.forbidden_words())
        if found and len(rest) < self.min_rest:
            raise ValidationError(
                "Adgangskoden bygger på sitets navn eller andre ord fra sitet (fx »%(site)s«), som er "
                "noget af det første, en angriber prøver. Vælg en, der ikke gør.",
                code="password_site_name",
                params={"site": settings.WAGTAIL_SITE_NAME},
            )

    def get_help_text(self):
        return f"Adgangskoden må ikke bygge på sitets navn (»{settings.WAGTAIL_SITE_NAME}«)."
