"""CLDR plural categories (Hugo's i18n tables) <-> gettext plural forms (catalogs).

Hugo's ``T "key" 3`` picks one of the CLDR categories ``zero``, ``one``, ``two``, ``few``,
``many``, ``other`` of the page's language; a catalog holds ``msgstr[0]`` … ``msgstr[n-1]``,
indexed by the ``Plural-Forms`` expression. Which index serves which category is found by
asking both rules about the same whole numbers: babel's CLDR rules and the gettext expression.
A category no whole number reaches (Polish and Russian ``other`` is for fractions) takes the
form of ``other``'s nearest relative: the last gettext form.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

#: CLDR categories in the order Hugo's tables list them.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

#: Whole numbers asked: CLDR rules repeat by 100 and 1000, and a few languages (French,
#: Portuguese, Spanish …) have a category for whole millions.
_SAMPLES = (*range(0, 1200), *(factor * 10**power for power in range(6, 10) for factor in (1, 2, 5)))

_PLURAL_FORMS = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")


@dataclass(slots=True, frozen=True)
class PluralScheme:
    """How one language's CLDR categories and gettext plural forms correspond."""

    nplurals: int
    """Number of gettext forms (``msgstr[0]`` … ``msgstr[nplurals-1]``)."""
    categories: tuple[str, ...]
    """The language's CLDR categories, in :data:`CATEGORIES` order (``other`` always)."""
    index_of: dict[str, int]
    """Category -> gettext form index."""

    def forms(self, msgstrs: dict[int, str]) -> dict[str, str]:
        """The category map Hugo reads, from a catalog entry's ``msgstr[n]``."""
        return {category: msgstrs.get(self.index_of[category], "") for category in self.categories}


def parse_plural_forms(header: str) -> tuple[int, str] | None:
    """``(nplurals, expression)`` of a ``Plural-Forms`` header value, or None."""
    found = _PLURAL_FORMS.search(header.strip())
    if found is None:
        return None
    return int(found.group(1)), found.group(2).strip()


@lru_cache(maxsize=32)
def plural_scheme(language: str, plural_forms: str | None = None) -> PluralScheme:
    """The scheme of ``language``; ``plural_forms`` (a catalog's header) overrides babel's.

    >>> plural_scheme("en").index_of
    {'one': 0, 'other': 1}
    >>> plural_scheme("pl").index_of
    {'one': 0, 'few': 1, 'many': 2, 'other': 2}
    """
    import gettext

    from babel import Locale, UnknownLocaleError

    from cfg_i18n.languages import plural_forms as babel_plural_forms

    parsed = parse_plural_forms(plural_forms or "") or parse_plural_forms(
        babel_plural_forms(language))
    nplurals, expression = parsed if parsed is not None else (2, "(n != 1)")
    try:
        index = gettext.c2py(expression)
    except (ValueError, SyntaxError):
        index = gettext.c2py("(n != 1)")
    try:
        rule = Locale.parse(language.replace("-", "_")).plural_form
    except (UnknownLocaleError, ValueError):  # a pseudo-language (qps): English categories
        rule = Locale.parse("en").plural_form
    votes: dict[str, Counter[int]] = {}
    for number in _SAMPLES:
        votes.setdefault(rule(number), Counter())[min(index(number), nplurals - 1)] += 1
    tags = set(rule.tags) | {"other"}
    categories = tuple(category for category in CATEGORIES if category in tags)
    index_of: dict[str, int] = {}
    for category in categories:
        counted = votes.get(category)
        if counted:
            index_of[category] = counted.most_common(1)[0][0]
    ordered = {category: index_of.get(category, nplurals - 1) for category in categories}
    return PluralScheme(nplurals, categories, ordered)
