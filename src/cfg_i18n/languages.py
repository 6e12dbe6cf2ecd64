"""Language codes: validated against babel's CLDR data, so headers and Hugo agree on them."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from cfg_i18n.errors import ConfigError

if TYPE_CHECKING:
    from babel import Locale

# babel is imported where it is used: every command validates the configured languages, and
# babel's import would otherwise be a large share of a quick run's time.


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale | None:
    """Parse ``en``, ``pt-BR``, ``pt_br`` or ``zh-Hant``; None when babel does not know it."""
    from babel import Locale, UnknownLocaleError

    cleaned = code.strip().replace("-", "_")
    if not cleaned or not all(part.isalnum() and part.isascii() for part in cleaned.split("_")):
        return None
    try:
        return Locale.parse(cleaned)
    except (UnknownLocaleError, ValueError):
        return None


def is_known_language(code: str) -> bool:
    """Whether babel's locale data knows ``code``."""
    return _locale(code) is not None


@lru_cache(maxsize=1)
def _identifiers() -> tuple[str, ...]:
    from babel import localedata

    return tuple(sorted(localedata.locale_identifiers()))


def nearest_languages(code: str, limit: int = 5) -> list[str]:
    """The known codes closest to a mistyped one, best first (for error messages)."""
    query = code.strip().replace("-", "_")
    prefix = query.split("_")[0].lower()
    identifiers = _identifiers()
    from rapidfuzz import fuzz, process

    # A code that starts like the query (``en`` for ``en_XX``) is the likeliest intent.
    same_language = [ident for ident in identifiers if ident.lower().split("_")[0] == prefix]
    matches = process.extract(
        query.lower(),
        [ident.lower() for ident in identifiers],
        scorer=fuzz.ratio,
        limit=limit * 3,
    )
    ranked = [identifiers[index] for _, _, index in matches]
    result: list[str] = []
    for ident in sorted(same_language, key=len)[:limit] + ranked:
        if ident not in result:
            result.append(ident)
    return result[:limit]


@lru_cache(maxsize=1)
def _locale_data_dir() -> str | None:
    """babel's CLDR data folder, found without importing babel (every command checks the
    configured languages; importing babel would be a large share of a quick run)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("babel")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "locale-data")


def _has_locale_data(name: str) -> bool:
    import os

    folder = _locale_data_dir()
    if folder is None:
        from babel import localedata

        return bool(localedata.exists(name))
    return os.path.isfile(os.path.join(folder, f"{name}.dat"))


def check_language(code: str, *, key: str = "language", path: str | None = None) -> str:
    """Return ``code`` unchanged when babel knows it; otherwise raise naming the nearest codes."""
    cleaned = code.strip().replace("-", "_")
    if cleaned.isascii() and cleaned.replace("_", "").isalnum() and _has_locale_data(cleaned):
        return code  # a locale data file of that name: known, and much cheaper than parsing it
    if _locale(code) is None:
        nearest = ", ".join(nearest_languages(code))
        raise ConfigError(
            f"{key}: unknown language code {code!r}; did you mean one of: {nearest}?", path
        )
    return code


@lru_cache(maxsize=64)  # asked for every catalog a run writes
def gettext_code(code: str) -> str:
    """The code as gettext writes it in the ``Language`` header (``pt_BR``, ``de``)."""
    locale = _locale(code)
    return str(locale) if locale is not None else code


@lru_cache(maxsize=64)  # asked for every catalog a run writes
def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value for ``code`` from babel's plural rules."""
    from babel.messages.plurals import get_plural

    locale = _locale(code)
    if locale is None:
        return "nplurals=2; plural=(n != 1);"
    return str(get_plural(locale).plural_forms)


@lru_cache(maxsize=64)  # asked for every catalog a run writes
def language_name(code: str) -> str:
    """The English name of the language, for the ``Language-Team`` header."""
    locale = _locale(code)
    if locale is None:
        return code
    return str(locale.get_display_name("en") or code)
