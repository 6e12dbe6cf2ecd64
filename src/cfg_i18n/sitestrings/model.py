"""Site strings as messages: what the ``site`` catalog holds, whichever file they come from."""

from __future__ import annotations

from dataclasses import dataclass, field

#: ``(msgctxt, msgid)``: how a site string is found in a catalog.
MessageKey = tuple["str | None", str]

# Kinds (the catalog's ``#. type:`` comment).
I18N = "i18n"
MENU = "menu"
SITE_PARAM = "site param"
DATA = "data"


@dataclass(slots=True)
class SiteMessage:
    """One message of the site catalog and where it comes from."""

    msgid: str
    """The source text (for a plural message: the ``one`` form)."""
    kind: str
    """What the text is: ``i18n``, ``menu main: name``, ``site param: title``, ``data: title``,
    ``data txt: paragraph`` …"""
    path: str
    """Site-relative file the text comes from."""
    line: int | None
    """1-based line in that file, if known."""
    msgctxt: str | None = None
    """The i18n table key; None for menus, parameters and data files."""
    msgid_plural: str | None = None
    """The source's ``other`` form, for a message with plural forms."""
    comments: tuple[str, ...] = ()
    """Extracted comments besides the kind: an i18n entry's ``description`` and the comment
    lines above it in the file."""
    markdown: bool = False
    """Whether the text is inline Markdown (catalog flag ``md-text``)."""
    template: bool = False
    """Whether Go template actions (``{{ .Count }}``) in the text must survive translation."""

    @property
    def key(self) -> MessageKey:
        """Its identity in the catalog."""
        return (self.msgctxt, self.msgid)


@dataclass(slots=True)
class Translation:
    """A finished translation of one message, as merge applies it."""

    msgstr: str
    """The translation (for plural messages: the form of ``msgstr[0]``)."""
    plural: dict[int, str] = field(default_factory=dict)
    """``msgstr[n]`` of a plural message."""


def keep_outer_whitespace(source: str, translation: str) -> str:
    """``translation`` with the leading and trailing whitespace of ``source`` (a YAML block's
    final line break): catalogs hold the text without it, files get it back as it was."""
    stripped = source.strip()
    if not stripped:
        return translation
    start = source.index(stripped[0])
    return source[:start] + translation.strip() + source[start + len(stripped):]
