"""cfg-i18n: translate a Hugo site through gettext catalogs, never rewriting its skeleton.

>>> [s.msgid for s in extract_text("---\\ntitle: Home\\n---\\n# Wer wir sind\\n")]
['Home', 'Wer wir sind']
>>> merge_text("# Wer wir sind\\n", {"Wer wir sind": "Who we are"})
'# Who we are\\n'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cfg_i18n.errors import CfgI18nError, ConfigError, Diagnostic, InputError
from cfg_i18n.segments import Segment, Span

if TYPE_CHECKING:
    from cfg_i18n.options import ExtractOptions
    from cfg_i18n.page import Page, parse_page, read_page
    from cfg_i18n.splice import splice

__version__ = "0.1.0"

# The parser stack (markdown-it, PyYAML) loads on first use: a command that finds nothing
# to parse, like a warm ``extract``, starts without it.
_LAZY = {"ExtractOptions": "options", "Page": "page", "parse_page": "page", "read_page": "page",
         "splice": "splice"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"cfg_i18n.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'cfg_i18n' has no attribute {name!r}")

__all__ = [
    "CfgI18nError", "ConfigError", "Diagnostic", "ExtractOptions", "InputError", "Page",
    "Segment", "Span", "extract_text", "merge_text", "parse_page", "read_page", "splice",
]


def extract_text(text: str, path: str = "", options: ExtractOptions | None = None
                 ) -> list[Segment]:
    """The translation units of a page, in document order."""
    from cfg_i18n.page import parse_page

    return parse_page(text, path, options).segments


def merge_text(text: str, translations: Mapping[str, str], path: str = "",
               options: ExtractOptions | None = None) -> str:
    """The page with each msgid found in ``translations`` replaced by its translation.

    Missing or empty entries keep the source text.
    """
    from cfg_i18n.page import parse_page
    from cfg_i18n.splice import splice

    page = parse_page(text, path, options)
    return splice(page, lambda segment: translations.get(segment.msgid) or None)
