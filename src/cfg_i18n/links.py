"""Links in a localised page: point root-relative links at the target language's pages, and
keep ``ref``/``relref`` working when the page they name was left out of that language.

Hugo leaves ``[Community](/community)`` as written, so an English reader would land on the
German page; when the English page exists the link becomes ``/en/community``. A ``ref`` to a
page that is not published in the target language fails the whole Hugo build
(``REF_NOT_FOUND``); it becomes ``{{< ref path="…" lang="de" >}}``, which Hugo resolves to the
source-language page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cfg_i18n.shortcodes import find_shortcodes

_MD_LINK = re.compile(r"(?<!!)(\]\(\s*<?)(/[^)\s>]*)")
_REF_DEF = re.compile(r"^([ \t>]*\[[^\]\n]+\]:[ \t]*<?)(/\S*?)(>?)(?=[ \t]|$)", re.M)
_HREF = re.compile(r"""(\bhref\s*=\s*["']?)(/[^"'\s>]*)""", re.I)
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.M)
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


@dataclass(slots=True, frozen=True)
class SiteMap:
    """Which pages a language has: site URL paths and content paths (``blog/x``)."""

    urls: frozenset[str]
    """URL paths of the language's pages, without language prefix: ``/blog/x/``."""
    pages: frozenset[str]
    """Content paths of the source pages, without ``.md``: ``blog/x``, ``community/_index``."""
    published: frozenset[str]
    """The subset of ``pages`` that the target language has."""


def url_of(rel: str, front_matter: Mapping[str, object] | None = None) -> str:
    """The URL path Hugo gives a content file by default (``blog/x`` -> ``/blog/x/``)."""
    if front_matter:
        url = front_matter.get("url")
        if isinstance(url, str) and url.startswith("/"):
            return normalize_url(url)
    parts = rel.split("/")
    if parts[-1] in ("_index", "index"):
        parts = parts[:-1]
    elif front_matter and isinstance(front_matter.get("slug"), str):
        parts[-1] = str(front_matter["slug"])
    path = "/".join(p for p in parts if p)
    return normalize_url("/" + path.lower().replace(" ", "-"))


def normalize_url(url: str) -> str:
    """``/community`` and ``/community/`` and ``/community/#x`` are one page: ``/community/``."""
    path = re.split(r"[?#]", url, 1)[0]
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path.lower()


def localize(text: str, language: str, site: SiteMap, page_rel: str, source_language: str,
             prefix: str = "/{lang}", rewrite_links: bool = True) -> str:
    """Rewrite a localised page's links as described in the module docstring."""
    text = _fix_refs(text, site, page_rel, source_language)
    if not rewrite_links:
        return text
    lang_prefix = prefix.format(lang=language).rstrip("/")

    def rewrite(match: re.Match[str]) -> str:
        url = match.group(2)
        if url.startswith("//") or url.startswith(lang_prefix + "/") or url == lang_prefix:
            return match.group(0)
        if normalize_url(url) not in site.urls:
            return match.group(0)
        return match.group(1) + lang_prefix + url + (match.group(3) if match.re is _REF_DEF else "")

    return _outside_code(text, lambda chunk: _HREF.sub(rewrite, _REF_DEF.sub(
        rewrite, _MD_LINK.sub(rewrite, chunk))))


def _outside_code(text: str, change: "Change") -> str:
    """Apply ``change`` to the text outside fenced code blocks and inline code spans."""
    parts: list[str] = []
    pos = 0
    for start, end in _code_regions(text):
        parts.append(change(text[pos:start]))
        parts.append(text[start:end])
        pos = end
    parts.append(change(text[pos:]))
    return "".join(parts)


class Change:
    """Callable protocol: text -> text."""

    def __call__(self, text: str) -> str:  # pragma: no cover - protocol only
        raise NotImplementedError


def _code_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    pos = 0
    while True:
        fence = _FENCE.search(text, pos)
        if fence is None:
            break
        marker = fence.group(1)
        closing = re.compile(r"^[ \t]{0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$", re.M)
        line_end = text.find("\n", fence.end())
        close = closing.search(text, line_end + 1) if line_end >= 0 else None
        end = close.end() if close else len(text)
        regions.append((fence.start(), end))
        pos = end
    spans: list[tuple[int, int]] = []
    last = 0
    for start, end in regions + [(len(text), len(text))]:
        spans.extend(m.span() for m in _CODE_SPAN.finditer(text, last, start))
        spans.append((start, end))
        last = end
    return sorted(s for s in spans if s[0] < s[1])


def resolve_ref(path: str, page_rel: str, pages: Collection[str]) -> str | None:
    """The content path (``blog/x``) a ``ref``/``relref`` argument names, as Hugo finds it."""
    target = path.split("#", 1)[0].strip()
    if not target:
        return page_rel
    target = re.sub(r"\.md$", "", target).rstrip("/")
    if target.startswith("/"):
        bases = [target.lstrip("/")]
    else:
        here = posixpath.dirname(page_rel)
        bases = [posixpath.normpath(posixpath.join(here, target)), target]
    for base in bases:
        for candidate in (base, base + "/_index", base + "/index"):
            if candidate in pages:
                return candidate
    name = target.rsplit("/", 1)[-1]
    matches = [p for p in pages if p.rsplit("/", 1)[-1] == name
               or p.endswith("/" + name + "/_index") or p.endswith("/" + name + "/index")]
    return matches[0] if len(matches) == 1 else None


def _fix_refs(text: str, site: SiteMap, page_rel: str, source_language: str) -> str:
    """``ref``s to pages the language does not have point at the source-language page."""
    parts: list[str] = []
    pos = 0
    for shortcode in find_shortcodes(text):
        if shortcode.name not in ("ref", "relref") or shortcode.closing or not shortcode.params:
            continue
        named = {p.name: p for p in shortcode.params if p.name}
        if "lang" in named:
            continue
        first = named.get("path") or (shortcode.params[0] if shortcode.params[0].name is None else None)
        if first is None:
            continue
        target = resolve_ref(first.value, page_rel, site.pages)
        if target is None or target in site.published:
            continue
        close = text[shortcode.end - 3 : shortcode.end]
        opener = text[shortcode.start : shortcode.start + 3]
        parts.append(text[pos : shortcode.start])
        parts.append(f'{opener} {shortcode.name} path="{first.value}" lang="{source_language}" {close}')
        pos = shortcode.end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)
