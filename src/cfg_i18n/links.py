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
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import NamedTuple

from cfg_i18n.shortcodes import find_shortcodes

# The patterns start with a literal or a character set wherever they can: the regex engine
# then skips to the next candidate in C instead of trying the pattern at every character.
_MD_LINK = re.compile(r"(\](?<!!\])\(\s*<?)(/[^)\s>]*)")
_REF_DEF = re.compile(r"^([ \t>]*\[[^\]\n]+\]:[ \t]*<?)(/\S*?)(>?)(?=[ \t]|$)", re.MULTILINE)
_HREF = re.compile(r"""([hH](?<!\w[hH])[rR][eE][fF]\s*=\s*["']?)(/[^"'\s>]*)""")  # \bhref, any case
#: Nothing to rewrite without a root-relative target: ``](/x``, ``]: /x`` or ``href="/x"``.
#: Most pages of a real site have none, and merge asks for every page and language. A
#: pattern starting with ``[\]hH]`` costs a step at every ``h`` of the text; these two start
#: with a literal character, which the regex engine looks for in one fast scan.
_MAY_MD_LINK = re.compile(r"\](?:\(\s*<?|:[ \t]*<?)/[^/]")
_MAY_HREF = re.compile(r"=\s*[\"']?/[^/]")
#: A ``ref`` or ``relref`` shortcode (what :func:`_fix_refs` rewrites).
_MAY_REF = re.compile(r"\{\{[<%]\s*(?:rel)?ref(?![^\s>%\"'`=])")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")
_FILENAME_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-(?=.)")


class SiteMap(NamedTuple):
    """Which pages a language has: site URL paths and content paths (``blog/x``)."""

    urls: frozenset[str]
    """URL paths of the language's pages, without language prefix: ``/blog/x/``."""
    pages: frozenset[str]
    """Content paths of the source pages, without ``.md``: ``blog/x``, ``community/_index``."""
    published: frozenset[str]
    """The subset of ``pages`` that the target language has."""


_QUERY_OR_FRAGMENT = re.compile(r"[?#]")


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
    path = _QUERY_OR_FRAGMENT.split(url, maxsplit=1)[0]
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path.lower()


def localize(text: str, language: str, site: SiteMap, page_rel: str, source_language: str,
             prefix: str = "/{lang}", rewrite_links: bool = True) -> str:
    """Rewrite a localised page's links as described in the module docstring."""
    if _MAY_REF.search(text):
        text = _fix_refs(text, site, page_rel, source_language)
    if not rewrite_links or not may_link(text):
        return text
    lang_prefix = prefix.format(lang=language).rstrip("/")
    known = known_urls(site)

    def rewrite(match: re.Match[str]) -> str:
        url = match.group(2)
        if url.startswith(("//", lang_prefix + "/")) or url == lang_prefix:
            return match.group(0)
        if normalize_url(url) not in known:
            return match.group(0)
        return match.group(1) + lang_prefix + url + (match.group(3) if match.re is _REF_DEF else "")

    # Only the patterns whose literal part the page has: each scan costs a step per character.
    patterns = [pattern for pattern, needed in ((_MD_LINK, "]("), (_REF_DEF, "]:"))
                if needed in text]
    if _has_href(text):
        patterns.append(_HREF)

    def change(chunk: str) -> str:
        for pattern in patterns:
            chunk = pattern.sub(rewrite, chunk)
        return chunk

    return _outside_code(text, change)


def may_link(text: str) -> bool:
    """Whether ``text`` may hold a link that :func:`localize` rewrites (never False when it
    does): a Markdown link or reference definition to ``/…``, or ``href`` with such a value."""
    return _MAY_MD_LINK.search(text) is not None or _has_href(text)


def _has_href(text: str) -> bool:
    """Whether ``text`` has ``href`` (in any case) with a value starting ``/…``."""
    for match in _MAY_HREF.finditer(text):
        end = match.start()
        while end and text[end - 1].isspace():
            end -= 1
        if text[end - 4 : end].lower() == "href":
            return True
    return False


def known_urls(site: SiteMap) -> frozenset[str]:
    """Every URL path at which the language has a page: ``site.urls``, plus what Hugo adds.

    Hugo creates a list page for each top-level directory even without ``_index.md``
    (``/projekte/``), and with ``frontmatter: date: [":filename"]`` a file
    ``2014-03-22-hn-trinkwasser.md`` is served as ``hn-trinkwasser/``. The date-less form is
    added unless another source page has that URL: without ``:filename`` such a link is
    broken in the source language already, so pointing it at the target language loses
    nothing.
    """
    return _known_urls(site.urls, site.pages)


@lru_cache(maxsize=8)
def _known_urls(urls: frozenset[str], pages: frozenset[str]) -> frozenset[str]:
    taken = {url_of(rel) for rel in pages}
    known = set(urls)
    for url in urls:
        parts = url.strip("/").split("/")
        if len(parts) > 1 and parts[0]:
            known.add(f"/{parts[0]}/")
        undated = _FILENAME_DATE.sub("", parts[-1])
        if undated != parts[-1]:
            alias = normalize_url("/" + "/".join([*parts[:-1], undated]))
            if alias not in taken:
                known.add(alias)
    return frozenset(known)


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to the text outside fenced code blocks and inline code spans."""
    parts: list[str] = []
    pos = 0
    for start, end in _code_regions(text):
        parts.append(change(text[pos:start]))
        parts.append(text[start:end])
        pos = end
    parts.append(change(text[pos:]))
    return "".join(parts)


def _code_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    pos = 0
    # A fence needs ``` or ~~~: without them, the search would try every line for nothing.
    may_fence = "```" in text or "~~~" in text
    while may_fence:
        fence = _FENCE.search(text, pos)
        if fence is None:
            break
        marker = fence.group(1)
        fence_end = re.escape(marker[0]) + "{" + str(len(marker)) + ",}"
        closing = re.compile(r"^[ \t]{0,3}" + fence_end + r"[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", fence.end())
        close = closing.search(text, line_end + 1) if line_end >= 0 else None
        end = close.end() if close else len(text)
        regions.append((fence.start(), end))
        pos = end
    spans: list[tuple[int, int]] = []
    last = 0
    ticks = "`" in text  # most pages have no code span (and the search tries every character)
    for start, end in regions + [(len(text), len(text))]:
        if ticks:
            spans.extend(m.span() for m in _CODE_SPAN.finditer(text, last, start))
        spans.append((start, end))
        last = end
    return sorted(s for s in spans if s[0] < s[1])


def resolve_ref(path: str, page_rel: str, pages: Collection[str]) -> str | None:
    """The content path (``blog/x``) a ``ref``/``relref`` argument names, as Hugo finds it."""
    target = path.split("#", 1)[0].strip()
    if not target:
        return page_rel
    absolute = target.startswith("/")
    target = re.sub(r"\.md$", "", target, flags=re.IGNORECASE).strip("/")
    index = _page_index(pages if isinstance(pages, frozenset) else frozenset(pages))
    if absolute:
        bases = [target]
    else:
        here = posixpath.dirname(page_rel)
        bases = [posixpath.normpath(posixpath.join(here, target)), target]
    for base in bases:
        base = base.lower()
        candidates = (base, f"{base}/_index", f"{base}/index") if base else ("_index", "index")
        for candidate in candidates:
            if candidate in index.lowered:
                return index.lowered[candidate]
    name = target.rsplit("/", 1)[-1].lower()
    if not name:
        return None
    matches = index.by_name.get(name, ())
    return matches[0] if len(matches) == 1 else None


class _PageIndex(NamedTuple):
    """Lookups over a set of content paths, built once per set: a site has thousands of
    pages and refs, and scanning all pages for each ref made merge quadratic."""

    lowered: dict[str, str]
    """Hugo finds pages case-insensitively: ``blog/x`` -> ``blog/X``."""
    by_name: dict[str, list[str]]
    """Pages by file name (``x`` for ``blog/x``) and by the directory of an ``_index`` or
    ``index`` page (``x`` for ``blog/x/_index``), lowercase."""
    sections: frozenset[str]
    """Top-level directories (lowercase) that hold pages."""


@lru_cache(maxsize=16)
def _page_index(pages: frozenset[str]) -> _PageIndex:
    lowered = {p.lower(): p for p in pages}
    by_name: dict[str, list[str]] = {}
    for low, page in lowered.items():
        parts = low.split("/")
        names = {parts[-1]}
        if len(parts) > 2 and parts[-1] in ("_index", "index"):
            names.add(parts[-2])
        for name in names:
            by_name.setdefault(name, []).append(page)
    sections = frozenset(low.split("/", 1)[0] for low in lowered if "/" in low)
    return _PageIndex(lowered, by_name, sections)


def _has_section(directory: str, pages: Collection[str]) -> bool:
    """Whether some page lies below the top-level ``directory`` (lowercase)."""
    return directory in _page_index(pages if isinstance(pages, frozenset) else frozenset(pages)
                                    ).sections


def _section_below(path: str, page_rel: str, pages: Collection[str]) -> str | None:
    """The directory a ``ref`` names when it has no ``_index.md`` but pages below it
    (Hugo creates such a top-level section itself): ``labs`` for ``"/labs"``."""
    target = path.split("#", 1)[0].strip()
    if not target.startswith("/"):
        target = posixpath.join(posixpath.dirname(page_rel), target)
    directory = posixpath.normpath("/" + target).strip("/").lower()
    if not directory or "/" in directory:
        return None
    return directory if _has_section(directory, pages) else None


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
        if target is None:
            section = _section_below(first.value, page_rel, site.pages)
            if section is None or _has_section(section, site.published):
                continue
        elif target in site.published:
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
