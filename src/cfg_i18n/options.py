"""What counts as text beyond the Markdown body: the options of segmentation."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_FRONT_MATTER_KEYS = ("title", "linkTitle", "description", "summary", "subtitle", "excerpt")
DEFAULT_SHORTCODE_TEXT_PARAMS = ("alt", "title", "caption", "attr", "description", "text")


@dataclass(slots=True, frozen=True)
class ExtractOptions:
    """What counts as text beyond the Markdown body."""

    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    """Front matter keys (dotted paths, ``*`` for list items) whose values are messages."""
    shortcode_text_params: tuple[str, ...] = DEFAULT_SHORTCODE_TEXT_PARAMS
    """Shortcode parameter names whose values are messages."""
    takes_inner: frozenset[str] = frozenset()
    """Shortcodes whose templates use ``.Inner``: an opening tag of one left unclosed is warned
    about (see :func:`cfg_i18n.theme.shortcodes_taking_inner`)."""
