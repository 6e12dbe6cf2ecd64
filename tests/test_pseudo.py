"""Pseudo-localisation: readable, longer, bracketed text that keeps every piece of markup.

The safety check is the judge: over every message of the real site, a pseudo-translation has no
problem, so ``merge`` applies all of them and a built pseudo-site shows every message
transformed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import CORPUS_CONTENT
from typer.testing import CliRunner

from cfg_i18n.cli import app
from cfg_i18n.config import load_config
from cfg_i18n.errors import ConfigError
from cfg_i18n.memory import pieces
from cfg_i18n.pseudo import CLOSE, OPEN, check_pseudo_language, pseudo_site, pseudo_translate
from cfg_i18n.safe_entries import reference_labels
from cfg_i18n.safety import check_translation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "pseudo"
ENV = {"COLUMNS": "200", "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}
ASCII_LETTER = re.compile("[A-Za-z]")


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def text_of(message: str, markdown: bool = True) -> str:
    return "".join(p.text for p in pieces(message, markdown) if not p.group)


@pytest.mark.parametrize("message", [
    "Wer wir sind",
    "Schau auf [codefor.de](/) vorbei.",
    'Mehr im [Blog]({{< ref "/blog/2017-02-02-open-data-heilbronn.md" >}}) und '
    '<a href="/community" title="Zur Community">bei uns</a>.',
    "Nutze `npm install` und lies \\*das\\* &mdash; oder https://codefor.de/blog.",
    "Erste Zeile  \nzweite Zeile\\\ndritte Zeile",
    "So der [Text][quelle] und [quelle][] und die Fußnote[^1].",
    '{{< figure src="/img/a.jpg" alt="Ein Bild" >}} Text danach',
    "Schreib an info@codefor.de {#kontakt}",
])
def test_markup_is_kept_and_text_transformed(message: str) -> None:
    pseudo = pseudo_translate(message)
    assert pseudo.startswith(OPEN) and pseudo.endswith(CLOSE)
    assert check_translation(message, pseudo) == []
    # The markup, in order, is exactly the source's.
    assert [p.text for p in pieces(pseudo) if p.group] == [
        p.text for p in pieces(message) if p.group]
    # No ASCII letter is left in the text.
    assert not ASCII_LETTER.search(text_of(pseudo).replace(OPEN, "").replace(CLOSE, ""))


def test_about_thirty_percent_longer_and_readable() -> None:
    message = ("Wir sind ein Netzwerk mit rund 300 Communitymitgliedern in Deutschland und "
               "darüber hinaus. Wir setzen uns mit dem Stand der Digitalisierung auseinander.")
    pseudo = pseudo_translate(message)
    assert 1.25 <= len(pseudo) / len(message) <= 1.35
    assert pseudo.startswith("⟦Ŵîŕ šîîñð ééîîñ Ñééţžŵééŕķ")
    # Short texts too: padding when there are too few vowels.
    assert len(pseudo_translate("Kontakt")) >= len("Kontakt") + 2
    assert pseudo_translate("IBAN:") == "⟦ÎƁÅÑ:⟧"


def test_outer_whitespace_and_task_boxes_stay_outside_the_brackets() -> None:
    assert pseudo_translate("  Text ") == "  ⟦Ţéẋţ⟧ "
    assert pseudo_translate("[x] Erledigt").startswith("[x] ⟦")
    assert pseudo_translate("") == ""
    # A bare URL at the start keeps a space before it, so Hugo still links it.
    assert pseudo_translate("https://codefor.de ist die Seite").startswith("⟦ https://codefor.de ")
    assert pseudo_translate("Siehe https://codefor.de").endswith(" https://codefor.de ⟧")


def test_reference_labels_of_the_page_are_kept() -> None:
    message = "Mehr im [Archiv] und im [Blog](/blog)."
    pseudo = pseudo_translate(message, references=["archiv"])
    assert "[Archiv]" in pseudo
    assert check_translation(message, pseudo, references=["archiv"]) == []
    assert "[Archiv]" not in pseudo_translate(message)  # not a link without the definition


def test_plain_text_keeps_tags_and_entities() -> None:
    message = "Open Knowledge Foundation<br> Deutschland &amp; Co."
    pseudo = pseudo_translate(message, markdown=False)
    assert "<br>" in pseudo and "&amp;" in pseudo
    assert check_translation(message, pseudo, markdown=False) == []


@pytest.mark.corpus
def test_every_corpus_message_is_safe_when_pseudo_translated(corpus_content: Path,
                                                              tmp_path: Path) -> None:
    """Zero problems over every message of the real site (with the sample site's settings,
    which make more of it messages)."""
    from cfg_i18n.sources import parsed_pages

    site = tmp_path / "site"
    shutil.copytree(CORPUS_CONTENT, site / "content" / "de")
    shutil.copy2(ROOT / "i18n.toml", site / "i18n.toml")
    config = load_config(site)
    pages = parsed_pages(config, use_cache=False)
    checked = 0
    problems = []
    for rel, page in pages.items():
        labels = reference_labels(page)
        for segment in page.segments:
            pseudo = pseudo_translate(segment.msgid, segment.markdown, labels)
            found = check_translation(segment.msgid, pseudo, markdown=segment.markdown,
                                      text_params=config.shortcode_text_params,
                                      references=labels)
            checked += 1
            if found:
                problems.append((rel, segment.line, segment.msgid, pseudo, found))
    assert checked > 10_000
    assert problems == []


# --- the pseudo-language's catalogs ------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for part in ("i18n.toml", "content/de"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, site / part)
        else:
            site.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, site / part)
    return site


def test_catalogs_are_complete_and_regenerated_quietly(site: Path) -> None:
    config = load_config(site)
    report = pseudo_site(config)
    assert report.catalogs == 13 and len(report.written) == 13
    po = polib.pofile(str(site / "locale" / "qps" / "_index.po"))
    assert po.metadata["Language"] == "qps"
    assert all(e.msgstr == pseudo_translate(e.msgid, "md-text" in e.flags) for e in po if e.msgid)
    assert not any("fuzzy" in e.flags for e in po)
    assert po.find("Wer wir sind").msgstr == "⟦Ŵéŕ ŵîîŕ šîîñð⟧"
    # A second run writes nothing; a vanished page's catalog goes.
    assert pseudo_site(config).written == []
    (site / "content" / "de" / "spenden.md").unlink()
    again = pseudo_site(config)
    assert again.removed == [site / "locale" / "qps" / "spenden.po"]
    assert not (site / "locale" / "qps" / "spenden.po").exists()


def test_pseudo_language_must_be_its_own(site: Path) -> None:
    config = load_config(site)
    assert check_pseudo_language(config, "qps") == "qps"
    assert check_pseudo_language(config, "en-XA") == "en-XA"
    for code in ("en", "de", "x", "q ps"):
        with pytest.raises(ConfigError):
            check_pseudo_language(config, code)


def test_command_writes_catalogs_and_pages(site: Path) -> None:
    code, out, err = invoke("pseudo", "--site", site)
    assert code == 0, err
    assert out.splitlines()[0] == "pseudo qps: 161 messages in 13 catalogs, 13 written, 0 removed"
    assert "merge qps: 13 pages written" in out
    assert "languages: {qps: {contentDir: content/qps}}" in out
    home = (site / "content" / "qps" / "_index.md").read_text(encoding="utf-8")
    assert "⟦Ŵéŕ ŵîîŕ šîîñð⟧" in home and "{{< headline-brackets-h2" in home
    code, out, _ = invoke("pseudo", "--site", site, "--lang", "en")
    assert code == 2


def test_command_refuses_to_merge_beside_the_sources(site: Path) -> None:
    config = site / "i18n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('output = "dir"',
                                                                 'output = "suffix"'),
                      encoding="utf-8")
    code, _, err = invoke("pseudo", "--site", site)
    assert code == 2 and "--no-merge" in err
    code, out, err = invoke("pseudo", "--site", site, "--no-merge")
    assert code == 0, err
    assert not list((site / "content" / "de").rglob("*.qps.md"))


def test_pages_inside_the_source_tree_are_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "seite.md").write_text("# Hallo\n", encoding="utf-8")
    (site / "i18n.toml").write_text('content_dir = "content"\ntarget_dir = "content/{lang}"\n',
                                    encoding="utf-8")
    code, _, err = invoke("pseudo", "--site", site)
    assert code == 2 and "lies inside content_dir" in err
    assert not (site / "locale").exists()  # refused before anything was written
