"""Site strings: Hugo i18n tables, menus, site parameters and data files through ``_site.po``.

Each fixture in ``fixtures/sitestrings/`` goes through extract -> translate -> merge as a
maintainer runs them (in-process CLI). The merged files are compared with golden files in
``fixtures/sitestrings/expected/``, read back the way Hugo reads them, and an identity
translation must give Hugo the source's values (the Hugo builds themselves are in
``tests/e2e/test_site_strings.py``).
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

import polib
import pytest
import yaml
from e2e.hugo import copy_sample_site
from typer.testing import CliRunner

from cfg_i18n import sitestrings
from cfg_i18n.check import check_site
from cfg_i18n.cli import app
from cfg_i18n.config import DataFileRule, load_config
from cfg_i18n.errors import ConfigError
from cfg_i18n.sitestrings.formats import scan_text
from cfg_i18n.sitestrings.plurals import plural_scheme
from cfg_i18n.sitestrings.tables import read_table

FIXTURES = Path(__file__).parent / "fixtures" / "sitestrings"
EXPECTED = FIXTURES / "expected"
ENV = {"COLUMNS": "120", "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}

#: English of the fixtures' German texts (msgctxt or msgid -> translation).
ENGLISH: dict[str, str | list[str]] = {
    "backToBlog": "back to the overview",
    "readMore": "read more",
    "labCount": ["{{ .Count }} lab", "{{ .Count }} labs"],
    "nav.home": "Home",
    "nav.contact": "Contact",
    "licence": 'Content under <a href="{{ .url }}">CC BY 4.0</a> unless stated otherwise.',
    "Projekte": "Projects",
    "Spenden": "Donate",
    "Unterstütze uns": "Support us",
    "Impressum": "Legal notice",
    "Code for Heilbronn": "Code for Heilbronn",
    "Code for Heilbronn – Offene Daten": "Code for Heilbronn – Open data",
    "Alle Rechte vorbehalten": "All rights reserved",
    "Offene Daten für Heilbronn": "Open data for Heilbronn",
    "Folge uns auf Mastodon": "Follow us on Mastodon",
    "Datenteam": "Data team",
    "Koordination": "Coordination",
    "Entwicklung": "Development",
    "Öffentlichkeitsarbeit": "Public relations",
    "Jana kümmert sich um **Termine** und die [Website](/ueber-uns/).":
        "Jana takes care of **appointments** and the [website](/en/ueber-uns/).",
    "Außerdem:": "Also:",
    "Protokolle": "Minutes",
    "Einladungen": "Invitations",
    "Max schreibt *Code*.": "Max writes *code*.",
    "Schreib uns eine Mail.": "Send us an email.",
}


# --- helpers --------------------------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def make_site(root: Path, files: Mapping[str, str | Path], config: str = "") -> Path:
    """A site with ``files`` (text, or a fixture to copy) and an ``i18n.toml``."""
    (root / "content" / "de").mkdir(parents=True)
    (root / "i18n.toml").write_text('languages = ["en"]\n' + config, encoding="utf-8")
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy2(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def fill(site: Path, language: str, choose: Callable[[polib.POEntry], str | list[str] | None]
         ) -> int:
    """Set the translations of the site catalog; returns how many entries were set."""
    path = site / "locale" / language / "_site.po"
    po = polib.pofile(str(path), wrapwidth=0)
    done = 0
    for entry in po:
        if entry.obsolete:
            continue
        text = choose(entry)
        if text is None:
            continue
        if isinstance(text, list):
            entry.msgstr_plural = dict(enumerate(text))
        else:
            entry.msgstr = text
        done += 1
    po.save()
    return done


def english(entry: polib.POEntry) -> str | list[str] | None:
    return ENGLISH.get(entry.msgctxt or entry.msgid)


def identity(entry: polib.POEntry) -> str | list[str]:
    if entry.msgid_plural:
        return [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
    return str(entry.msgid)


def run_pipeline(site: Path, choose: Callable[[polib.POEntry], str | list[str] | None],
                 language: str = "en") -> tuple[str, str]:
    code, out, err = invoke("extract", "--site", str(site))
    assert code == 0, out + err
    assert fill(site, language, choose)
    # As after a translator's editor: extract brings the catalog back to its own layout.
    assert invoke("extract", "--site", str(site))[0] == 0
    code, out, err = invoke("merge", "--site", str(site))
    assert code == 0, out + err
    return out, err


def assert_golden(written: Path, name: str) -> None:
    """``written`` equals ``expected/<name>``; ``CFG_I18N_REGENERATE=1`` rewrites the golden
    file (review the diff before committing it)."""
    golden = EXPECTED / name
    if os.environ.get("CFG_I18N_REGENERATE"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(written.read_bytes())
    assert written.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


def go_i18n(path: Path) -> dict[str, dict[str, str]]:
    """An i18n table as Hugo's go-i18n reads it: message ID -> plural category -> text."""
    table, warnings = read_table(path, path.name)
    assert warnings == []
    return {entry.id: entry.forms for entry in table.entries}


def load_any(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def site_messages(site: Path) -> list[tuple[str | None, str, str | None, str]]:
    pot = polib.pofile(str(site / "locale" / "templates" / "_site.pot"))
    return [(e.msgctxt, e.msgid, e.msgid_plural or None, e.comment) for e in pot]


# --- i18n tables ----------------------------------------------------------------------------------

TABLE_FORMATS = ("yaml", "toml", "json")


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_messages(tmp_path: Path, fmt: str) -> None:
    site = make_site(tmp_path, {f"i18n/de.{fmt}": FIXTURES / "tables" / f"de.{fmt}"})
    code, out, err = invoke("extract", "--site", str(site))
    assert code == 0, err
    assert out.splitlines()[0] == "extract: 0 pages, 6 messages, 2 files written"
    found = {ctx: (msgid, plural, comment) for ctx, msgid, plural, comment in site_messages(site)}
    assert list(found) == ["backToBlog", "readMore", "labCount", "nav.home", "nav.contact",
                           "licence"]
    assert found["labCount"][:2] == ("{{ .Count }} Lab", "{{ .Count }} Labs")
    assert found["readMore"] == ("mehr lesen", None, "type: i18n\nLink under a teaser")
    if fmt != "json":  # JSON has no comments
        assert found["backToBlog"][2] == "type: i18n\nLink back to the list of posts."
        assert found["labCount"][2] == "type: i18n\nUnder the list of labs.\nNumber of labs"
        assert found["nav.home"][2] == "type: i18n\nTop navigation."
    pot = (site / "locale" / "templates" / "_site.pot").read_text(encoding="utf-8")
    assert f"#: i18n/de.{fmt}:" in pot
    po = polib.pofile(str(site / "locale" / "en" / "_site.po"))
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_translated_and_merged(tmp_path: Path, fmt: str) -> None:
    site = make_site(tmp_path, {f"i18n/de.{fmt}": FIXTURES / "tables" / f"de.{fmt}"})
    out, err = run_pipeline(site, english)
    assert err == ""
    assert "merge en site strings: 6/6 translated; 1 files written" in out
    merged = site / "i18n" / f"en.{fmt}"
    assert_golden(merged, f"en.{fmt}")
    assert go_i18n(merged) == {
        "backToBlog": {"other": "back to the overview"},
        "readMore": {"other": "read more"},
        "labCount": {"one": "{{ .Count }} lab", "other": "{{ .Count }} labs"},
        "nav.home": {"other": "Home"},
        "nav.contact": {"other": "Contact"},
        "licence": {"other": ENGLISH["licence"]},
    }


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_table_identity_translation_reads_as_the_source(tmp_path: Path, fmt: str) -> None:
    site = make_site(tmp_path, {f"i18n/de.{fmt}": FIXTURES / "tables" / f"de.{fmt}"})
    run_pipeline(site, identity)
    source, merged = site / "i18n" / f"de.{fmt}", site / "i18n" / f"en.{fmt}"
    assert go_i18n(merged) == go_i18n(source)
    # Descriptions stay with their messages.
    assert load_any(merged)["labCount"]["description"] == "Number of labs"


def test_untranslated_messages_are_left_to_hugo(tmp_path: Path) -> None:
    """Only translated messages go into the target table: for the others Hugo uses a theme's
    own translation or the default language."""
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})
    run_pipeline(site, lambda e: "read more" if e.msgctxt == "readMore" else None)
    assert go_i18n(site / "i18n" / "en.yaml") == {"readMore": {"other": "read more"}}


def test_nothing_translated_writes_no_table(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})
    assert invoke("extract", "--site", str(site))[0] == 0
    code, out, _ = invoke("merge", "--site", str(site))
    assert code == 0
    assert "merge en site strings: 0/6 translated; 0 files written" in out
    assert not (site / "i18n" / "en.yaml").exists()


def test_theme_table_and_the_projects_table_that_overrides_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "i18n/de.yaml": "readMore: weiterlesen\n",
        "themes/cfg/i18n/de.toml": 'readMore = "mehr lesen"\nall = "Alle"\n',
        "themes/cfg/i18n/en.toml": 'readMore = "read more"\nall = "All"\n',
    })
    run_pipeline(site, lambda e: {"weiterlesen": "continue reading"}.get(e.msgid))
    assert [(ctx, msgid) for ctx, msgid, _, _ in site_messages(site)] == [
        ("readMore", "weiterlesen"), ("all", "Alle")]
    # The project's table (YAML) sets what was translated; Hugo takes "all" from the theme.
    assert go_i18n(site / "i18n" / "en.yaml") == {"readMore": {"other": "continue reading"}}


def test_old_list_format(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": (
        "- id: home\n  translation: Startseite\n"
        "- id: posts\n  description: Anzahl\n  translation:\n    one: ein Beitrag\n"
        "    other: '{{ .Count }} Beiträge'\n")})
    run_pipeline(site, lambda e: {"Startseite": "Home"}.get(e.msgid)
                 or (["one post", "{{ .Count }} posts"] if e.msgid_plural else None))
    assert load_any(site / "i18n" / "en.yaml") == [
        {"id": "home", "translation": "Home"},
        {"id": "posts", "description": "Anzahl",
         "translation": {"one": "one post", "other": "{{ .Count }} posts"}},
    ]


def test_outer_whitespace_stays_out_of_the_catalog(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": "inactive: >\n  Dieses Lab ruht\n  gerade.\n"})
    run_pipeline(site, lambda e: "This lab is resting.")
    assert [msgid for _, msgid, _, _ in site_messages(site)] == ["Dieses Lab ruht gerade."]
    assert go_i18n(site / "i18n" / "en.yaml") == {"inactive": {"other": "This lab is resting.\n"}}


# --- plural forms ---------------------------------------------------------------------------------


def test_plural_schemes() -> None:
    assert plural_scheme("en").index_of == {"one": 0, "other": 1}
    assert plural_scheme("pl").index_of == {"one": 0, "few": 1, "many": 2, "other": 2}
    assert plural_scheme("ru").index_of == {"one": 0, "few": 1, "many": 2, "other": 2}
    assert plural_scheme("ja").index_of == {"other": 0}
    assert plural_scheme("fr").index_of == {"one": 0, "many": 1, "other": 2}


@pytest.mark.parametrize(("language", "forms", "expected"), [
    ("pl", ["{{ .Count }} laboratorium", "{{ .Count }} laboratoria", "{{ .Count }} laboratoriów"],
     {"one": "{{ .Count }} laboratorium", "few": "{{ .Count }} laboratoria",
      "many": "{{ .Count }} laboratoriów", "other": "{{ .Count }} laboratoriów"}),
    ("ru", ["{{ .Count }} лаборатория", "{{ .Count }} лаборатории", "{{ .Count }} лабораторий"],
     {"one": "{{ .Count }} лаборатория", "few": "{{ .Count }} лаборатории",
      "many": "{{ .Count }} лабораторий", "other": "{{ .Count }} лабораторий"}),
    ("en", ["{{ .Count }} lab", "{{ .Count }} labs"],
     {"one": "{{ .Count }} lab", "other": "{{ .Count }} labs"}),
])
def test_plural_forms_round_trip(tmp_path: Path, language: str, forms: list[str],
                                 expected: dict[str, str]) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})
    (site / "i18n.toml").write_text(f'languages = ["{language}"]\n', encoding="utf-8")
    run_pipeline(site, lambda e: forms if e.msgid_plural else None, language)
    po_file = site / "locale" / language / "_site.po"
    [entry] = [e for e in polib.pofile(str(po_file)) if e.msgid_plural]
    assert entry.msgstr_plural == dict(enumerate(forms))
    assert go_i18n(site / "i18n" / f"{language}.yaml")["labCount"] == expected
    # A second extract keeps every form; msgfmt accepts the catalog.
    before = po_file.read_bytes()
    assert invoke("extract", "--site", str(site))[0] == 0
    assert po_file.read_bytes() == before
    msgfmt(po_file)


def msgfmt(po_file: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (GNU gettext) not installed")
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_file)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_message_gaining_plural_forms_keeps_its_translation_fuzzy(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": "labs: '{{ .Count }} Labs'\n"})
    run_pipeline(site, lambda e: "{{ .Count }} labs")
    (site / "i18n" / "de.yaml").write_text(
        "labs:\n  one: '{{ .Count }} Lab'\n  other: '{{ .Count }} Labs'\n", encoding="utf-8")
    assert invoke("extract", "--site", str(site))[0] == 0
    [entry] = [e for e in polib.pofile(str(site / "locale" / "en" / "_site.po")) if e.msgid]
    assert entry.msgid_plural == "{{ .Count }} Labs"
    assert "fuzzy" in entry.flags
    assert entry.msgstr_plural == {0: "{{ .Count }} labs", 1: "{{ .Count }} labs"}
    msgfmt(site / "locale" / "en" / "_site.po")


# --- update, check, safety ------------------------------------------------------------------------


def test_changed_and_removed_keys_are_fuzzy_and_obsolete(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})
    run_pipeline(site, english)
    table = site / "i18n" / "de.yaml"
    text = table.read_text(encoding="utf-8").replace("zurück zur Übersicht", "zurück zur Liste")
    table.write_text(text.replace("  contact: Kontakt\n", ""), encoding="utf-8")
    code, out, _ = invoke("extract", "--site", str(site))
    assert code == 0
    assert "1 fuzzy, 1 obsolete" in out.splitlines()[1].split("this run: ")[1]
    po = polib.pofile(str(site / "locale" / "en" / "_site.po"))
    changed = po.find("zurück zur Liste", msgctxt="backToBlog")
    assert changed is not None and "fuzzy" in changed.flags
    assert changed.previous_msgid == "zurück zur Übersicht"
    assert changed.msgstr == "back to the overview"
    [gone] = po.obsolete_entries()
    assert (gone.msgctxt, gone.msgstr) == ("nav.contact", "Contact")
    # Merge uses neither: the fuzzy entry falls back to the source (Hugo's default language).
    assert invoke("merge", "--site", str(site))[0] == 0
    merged = go_i18n(site / "i18n" / "en.yaml")
    assert "backToBlog" not in merged and "nav.contact" not in merged


def test_check_and_merge_refuse_a_broken_template_action(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml"})
    broken = {"labCount": ["{{ .Cont }} lab", "{{ .Count }} labs"],
              "licence": 'Content under <a href="https://example.org">CC BY</a>.'}
    out, err = run_pipeline(site, lambda e: broken.get(e.msgctxt or "") or english(e))
    assert "2 unsafe translations not applied" in out
    assert "locale/en/_site.po:" in err and "template action {{ .Cont }} is not in the source" in err
    merged = go_i18n(site / "i18n" / "en.yaml")
    assert "labCount" not in merged and "licence" not in merged
    assert merged["readMore"] == {"other": "read more"}
    report = check_site(load_config(site))
    safe = [f for f in report.findings if f.check == "safe"]
    assert [(f.path, f.source_path) for f in safe] == [
        ("locale/en/_site.po", "i18n/de.yaml"), ("locale/en/_site.po", "i18n/de.yaml")]
    assert all(f.line for f in safe)
    assert not report.ok


def test_check_stale_valid_and_status(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml",
                                "content/de/_index.md": "# Start\n"})
    run_pipeline(site, english)
    code, out, _ = invoke("check", "--site", str(site))
    assert code == 0, out
    assert out.splitlines()[-1] == "check passed: 1 pages, 2 catalogs"
    code, out, _ = invoke("status", "--site", str(site), "--format", "json", "--by", "page")
    [language] = json.loads(out)["languages"]
    assert [(p["catalog"], p["messages"]["translated"], p["messages"]["total"])
            for p in language["pages"]] == [("locale/en/_index.po", 0, 1),
                                            ("locale/en/_site.po", 6, 6)]
    table = site / "i18n" / "de.yaml"
    table.write_text(table.read_text(encoding="utf-8") + "new: Neu\n", encoding="utf-8")
    code, out, _ = invoke("check", "--site", str(site))
    assert code == 1
    assert ("locale/templates/_site.pot: error: stale: the site strings (i18n tables, menus, "
            "site parameters, data files) changed") in out
    assert "run cfg-i18n extract" in out


def test_check_warns_of_fuzzy_and_copied_site_strings(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"data/teams.yaml": FIXTURES / "data" / "teams.yaml"}, DATA_CONFIG)
    copied = "Jana kümmert sich um **Termine** und die [Website](/ueber-uns/)."
    run_pipeline(site, lambda e: e.msgid if e.msgid == copied else english(e))
    po_file = site / "locale" / "en" / "_site.po"
    po = polib.pofile(str(po_file))
    entry = po.find("Koordination")
    assert entry is not None
    entry.flags.append("fuzzy")
    po.save()
    assert invoke("extract", "--site", str(site))[0] == 0
    report = check_site(load_config(site))
    assert report.ok
    assert sorted((f.check, f.source_path, f.source_line) for f in report.findings) == [
        ("fuzzy", "data/teams.yaml", 6), ("identical", "data/teams.yaml", 9)]


def test_second_runs_change_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml",
                                "hugo.yaml": FIXTURES / "menus" / "hugo.yaml",
                                "data/teams.yaml": FIXTURES / "data" / "teams.yaml"},
                     DATA_CONFIG)
    run_pipeline(site, english)
    files = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(site.rglob("*"))
             if p.is_file() and ".cfg-i18n" not in p.parts}
    for command in ("extract", "merge"):
        code, out, _ = invoke(command, "--site", str(site), )
        assert code == 0
    assert "0 files written" in out and "3 unchanged" in out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == files
    # Without the memo of the last run, too.
    shutil.rmtree(site / ".cfg-i18n" / "cache")
    assert invoke("extract", "--site", str(site))[0] == 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == files


def test_a_site_without_site_strings_gets_no_site_catalog(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/de/_index.md": "# Start\n"})
    assert invoke("extract", "--site", str(site))[0] == 0
    assert invoke("merge", "--site", str(site))[0] == 0
    assert sorted(p.name for p in (site / "locale").rglob("*.po*")) == ["_index.po", "_index.pot"]
    assert not (site / ".cfg-i18n" / "site-strings.json").exists()


def test_a_page_named_like_the_site_catalog_is_a_config_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"content/de/_site.md": "# Seite\n",
                                "i18n/de.yaml": "home: Start\n"})
    code, _, err = invoke("extract", "--site", str(site))
    assert code == 2
    assert "site_catalog" in err and "content/de/_site.md" in err
    (site / "i18n.toml").write_text('languages = ["en"]\nsite_catalog = "_strings"\n',
                                    encoding="utf-8")
    assert invoke("extract", "--site", str(site))[0] == 0
    assert (site / "locale" / "en" / "_strings.po").is_file()
    assert (site / "locale" / "en" / "_site.po").is_file()  # the page's catalog


def test_unreadable_table_is_an_input_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": "home: [Start\n",
                                "content/de/_index.md": "# Start\n"})
    code, _, err = invoke("extract", "--site", str(site))
    assert code == 2
    assert "i18n/de.yaml:2: YAML does not parse" in err
    assert not (site / "locale").exists()  # nothing written half-way


# --- menus and site parameters --------------------------------------------------------------------


def test_menus_and_params_from_yaml_config(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"hugo.yaml": FIXTURES / "menus" / "hugo.yaml"},
                     'site_params = ["title", "copyright", "params.description", '
                     '"params.social.*.label"]\n')
    run_pipeline(site, english)
    assert [(msgid, comment) for _, msgid, _, comment in site_messages(site)] == [
        ("Projekte", "type: menu main: name"),
        ("Spenden", "type: menu main: name"),
        ("Unterstütze uns", "type: menu main: title"),
        ("<i class=\"icon-heart\"></i>", "type: menu main: pre"),
        ("Impressum", "type: menu footer: name"),
        ("Code for Heilbronn", "type: site param: title"),
        ("Alle Rechte vorbehalten", "type: site param: copyright"),
        ("Offene Daten für Heilbronn", "type: site param: params.description"),
        ("Folge uns auf Mastodon", "type: site param: params.social.0.label"),
    ]
    pot = (site / "locale" / "templates" / "_site.pot").read_text(encoding="utf-8")
    assert "#: hugo.yaml:24\nmsgid \"Projekte\"" in pot
    generated = site / "config" / "_default" / "hugo.en.yaml"
    assert_golden(generated, "hugo.en.yaml")
    # The user's configuration is not touched.
    assert (site / "hugo.yaml").read_bytes() == (FIXTURES / "menus" / "hugo.yaml").read_bytes()


def test_menus_and_params_from_toml_config(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"hugo.toml": FIXTURES / "menus" / "hugo.toml"})
    run_pipeline(site, english)
    assert [(msgid, comment) for _, msgid, _, comment in site_messages(site)] == [
        ("Projekte", "type: menu main: name"),
        ("Spenden", "type: menu main: name"),
        ("Unterstütze uns", "type: menu main: title"),
        ("Code for Heilbronn – Offene Daten", "type: site param: title"),
        ("Offene Daten für Heilbronn", "type: site param: params.description"),
    ]
    pot = (site / "locale" / "templates" / "_site.pot").read_text(encoding="utf-8")
    assert "#: hugo.toml:26\nmsgid \"Spenden\"" in pot
    generated = site / "config" / "_default" / "hugo.en.toml"
    assert load_any(generated) == {
        "title": "Code for Heilbronn – Open data",
        "params": {"description": "Open data for Heilbronn"},
        "menus": {"main": [
            {"identifier": "projekte", "name": "Projects", "url": "/projekte/", "weight": 1},
            {"identifier": "spenden", "name": "Donate", "title": "Support us",
             "url": "/spenden/", "weight": 2},
        ]},
    }


def test_menus_of_the_config_directory(tmp_path: Path) -> None:
    site = make_site(tmp_path, {
        "config/_default/hugo.toml": 'title = "Lab"\n[languages.de]\nweight = 1\n'
                                     '[languages.en]\nweight = 2\n',
        "config/_default/menus.de.yaml": "main:\n  - {name: Projekte, url: /projekte/}\n",
        "config/_default/params.yaml": "description: Offene Daten\n",
    })
    run_pipeline(site, lambda e: {"Projekte": "Projects", "Offene Daten": "Open data"}.get(
        e.msgid))
    assert load_any(site / "config" / "_default" / "hugo.en.toml") == {
        "params": {"description": "Open data"},
        "menus": {"main": [{"name": "Projects", "url": "/projekte/"}]},
    }
    pot = (site / "locale" / "templates" / "_site.pot").read_text(encoding="utf-8")
    assert "#: config/_default/menus.de.yaml:2" in pot


def test_identity_menus_and_untranslated_language_params(tmp_path: Path) -> None:
    """With the source text as translation the generated file repeats the source language's
    settings; parameters the source language sets for itself are written even untranslated."""
    site = make_site(tmp_path, {"hugo.toml": FIXTURES / "menus" / "hugo.toml"})
    run_pipeline(site, lambda e: identity(e) if e.msgid != "Offene Daten für Heilbronn" else None)
    source = load_any(site / "hugo.toml")["languages"]["de"]
    generated = load_any(site / "config" / "_default" / "hugo.en.toml")
    assert generated["menus"] == source["menus"]
    assert generated["title"] == source["title"]
    assert generated["params"] == source["params"]


def test_competing_target_settings_are_reported(tmp_path: Path) -> None:
    config = (FIXTURES / "menus" / "hugo.yaml").read_text(encoding="utf-8").replace(
        "    contentDir: content/en\n",
        "    contentDir: content/en\n    menus:\n      main:\n        - {name: Projects}\n")
    site = make_site(tmp_path, {"hugo.yaml": config})
    _, err = run_pipeline(site, english)
    assert ("hugo.yaml:20: warning: languages.en.menus is set here and also written to "
            "config/_default/hugo.en.yaml from the catalog") in err


def test_no_config_file_for_a_language_hugo_does_not_know(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"hugo.yaml": FIXTURES / "menus" / "hugo.yaml"})
    (site / "i18n.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
    _, err = run_pipeline(site, lambda e: "Projets" if e.msgid == "Projekte" else None, "fr")
    assert "hugo.yaml: warning: no languages.fr in the Hugo configuration" in err
    assert not (site / "config").exists()


def test_a_hand_written_target_file_is_left_alone(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"hugo.yaml": FIXTURES / "menus" / "hugo.yaml",
                                "config/_default/hugo.en.yaml": "title: Mine\n"})
    _, err = run_pipeline(site, english)
    assert "config/_default/hugo.en.yaml: warning: exists and was not written by cfg-i18n" in err
    assert (site / "config" / "_default" / "hugo.en.yaml").read_text() == "title: Mine\n"


# --- data files -----------------------------------------------------------------------------------

DATA_CONFIG = """data_files = [
  { glob = "data/*.yaml", keys = ["teams.*.name", "teams.*.members.*.role", "contact.note"],
    markdown_keys = ["teams.*.members.*.bio"] },
]
"""


def test_data_file_messages(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"data/teams.yaml": FIXTURES / "data" / "teams.yaml"}, DATA_CONFIG)
    assert invoke("extract", "--site", str(site))[0] == 0
    pot = polib.pofile(str(site / "locale" / "templates" / "_site.pot"))
    assert [(e.msgid, e.comment, e.occurrences[0][1], "md-text" in e.flags) for e in pot] == [
        ("Datenteam", "type: data: teams.*.name", "3", False),
        ("Koordination", "type: data: teams.*.members.*.role", "6", False),
        ("Jana kümmert sich um **Termine** und die [Website](/ueber-uns/).",
         "type: data teams.*.members.*.bio: paragraph", "9", True),
        ("Außerdem:", "type: data teams.*.members.*.bio: paragraph", "13", True),
        ("Protokolle", "type: data teams.*.members.*.bio: list item", "16", True),
        ("Einladungen", "type: data teams.*.members.*.bio: list item", "18", True),
        ("Entwicklung", "type: data: teams.*.members.*.role", "19", False),
        ("Max schreibt *Code*.", "type: data teams.*.members.*.bio: paragraph", "21", True),
        ("Öffentlichkeitsarbeit", "type: data: teams.*.name", "22", False),
        ("Schreib uns eine Mail.", "type: data: contact.note", "27", False),
    ]


def test_data_file_translated_and_merged(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"data/teams.yaml": FIXTURES / "data" / "teams.yaml"}, DATA_CONFIG)
    out, err = run_pipeline(site, english)
    assert err == ""
    merged = site / "data" / "en" / "teams.yaml"
    assert_golden(merged, "teams.en.yaml")
    source = load_any(site / "data" / "teams.yaml")
    target = load_any(merged)
    assert target["teams"][0]["members"][0]["bio"] == (
        "Jana takes care of **appointments** and the [website](/en/ueber-uns/).\n\n"
        "Also:\n\n- Minutes\n- Invitations\n")
    # Everything that is not text is the source's.
    assert target["teams"][0]["slug"] == source["teams"][0]["slug"]
    assert target["contact"]["email"] == source["contact"]["email"]
    assert target["teams"][1] == {**source["teams"][1], "name": "Public relations"}


def test_data_file_identity_is_byte_identical(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"data/teams.yaml": FIXTURES / "data" / "teams.yaml"}, DATA_CONFIG)
    run_pipeline(site, identity)
    assert (site / "data" / "en" / "teams.yaml").read_bytes() == (
        FIXTURES / "data" / "teams.yaml").read_bytes()


def test_data_file_untranslated_is_copied_and_kept_in_sync(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"data/teams.yaml": FIXTURES / "data" / "teams.yaml"}, DATA_CONFIG)
    run_pipeline(site, lambda e: None if e.msgid != "Datenteam" else "Data team")
    merged = site / "data" / "en" / "teams.yaml"
    assert load_any(merged)["teams"][0]["name"] == "Data team"
    # The source file is removed: so is its copy (which merge wrote and nobody edited).
    (site / "data" / "teams.yaml").unlink()
    assert invoke("extract", "--site", str(site))[0] == 0
    code, out, _ = invoke("merge", "--site", str(site))
    assert code == 0 and "1 removed" in out
    assert not merged.exists() and not (site / "data" / "en").exists()


@pytest.mark.parametrize(("name", "text"), [
    ("data/team.toml", '[[members]]\nrole = "Koordination"\nbio = """\nJana plant **Termine**.\n\n'
                       'Und mehr.\n"""\n'),
    ("data/team.json", '{"members": [{"role": "Koordination",\n'
                       '  "bio": "Jana plant **Termine**.\\n\\nUnd mehr.\\n"}]}\n'),
])
def test_toml_and_json_data_files(tmp_path: Path, name: str, text: str) -> None:
    site = make_site(tmp_path, {name: text}, (
        'data_files = [{ glob = "data/*.*", keys = ["members.*.role"], '
        'markdown_keys = ["members.*.bio"] }]\n'))
    translations = {"Koordination": "Coordination", "Jana plant **Termine**.":
                    "Jana plans **appointments**.", "Und mehr.": "And more."}
    run_pipeline(site, lambda e: translations.get(e.msgid))
    target = site / name.replace("data/", "data/en/")
    assert load_any(target) == {"members": [{
        "role": "Coordination", "bio": "Jana plans **appointments**.\n\nAnd more.\n"}]}
    run_pipeline(site, identity)
    assert target.read_bytes() == (site / name).read_bytes()


# --- the text formats -----------------------------------------------------------------------------


def test_scan_locates_keys_and_strings() -> None:
    toml = scan_text('[[menu.main]]\nname = "A"\n[menu.main.params]\nx = "1"\n'
                     '[[menu.main]]\nname = "B"\n', "toml")
    assert toml.lines[("menu", "main", 1, "name")] == 6
    assert toml.lines[("menu", "main", 0, "params", "x")] == 4
    assert toml.strings[("menu", "main", 1, "name")].value == "B"
    yml = scan_text("a:\n  - b: |\n      Text\n", "yaml")
    string = yml.strings[("a", 0, "b")]
    assert (string.value, string.style, yml.text[string.start:string.end]) == (
        "Text\n", "yaml-literal", "|\n      Text")


# --- warm runs ------------------------------------------------------------------------------------

COMMANDS = ("extract", "merge", "check", "status")
#: All that a warm command loads of the site strings: the memo check (``sitestrings.commands``).
LIGHT = ["cfg_i18n.sitestrings", "cfg_i18n.sitestrings.commands", "cfg_i18n.sitestrings.files",
         "cfg_i18n.sitestrings.memo", "cfg_i18n.sitestrings.results"]
#: The readers, parsers and catalog code that only a run with something to do needs.
HEAVY = {"cfg_i18n.sitestrings.extracting", "cfg_i18n.sitestrings.merging",
         "cfg_i18n.sitestrings.checking", "cfg_i18n.sitestrings.sources",
         "cfg_i18n.sitestrings.hugoconfig", "cfg_i18n.sitestrings.formats",
         "cfg_i18n.sitestrings.tables", "cfg_i18n.sitestrings.datafiles",
         "cfg_i18n.sitestrings.sitecatalog", "cfg_i18n.sitestrings.model"}
#: Runs commands (argv[2], JSON) in a fresh interpreter and prints, as JSON, their exit codes,
#: the site strings' modules loaded, and every module whose import began in the site strings'
#: code (argv[1], the package's directory) and so was loaded because of them.
PROBE = """
import json, sys

class Blame:
    names = []

    def find_spec(self, name, path=None, target=None):
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename.startswith(sys.argv[1]):
                self.names.append(name)
                break
            frame = frame.f_back
        return None

sys.meta_path.insert(0, Blame())
from cfg_i18n.cli import run
codes = [run(args) for args in json.loads(sys.argv[2])]
print(json.dumps({"codes": codes, "blamed": Blame.names,
                  "modules": sorted(m for m in sys.modules if m.startswith("cfg_i18n.sitestrings"))}))
"""


def probe(site: Path, *commands: str) -> dict[str, Any]:
    """Run ``commands`` on ``site`` in one new interpreter (see :data:`PROBE`)."""
    package = Path(cast(str, sitestrings.__file__)).parent
    argv = [[command, "--site", str(site)] for command in commands]
    done = subprocess.run([sys.executable, "-c", PROBE, str(package) + os.sep, json.dumps(argv)],
                          capture_output=True, text=True, env={**os.environ, **ENV}, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_warm_runs_load_only_the_memo_check(tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path / "site")
    # Cold: the work is done (extract again after merge, whose config/_default/hugo.en.yaml is
    # one of the inputs).
    cold = probe(site, "extract", "merge", "extract", "check", "status")
    assert cold["codes"] == [0] * 5
    assert HEAVY - set(cold["modules"]) == set()
    for command in COMMANDS:
        warm = probe(site, command)
        assert warm["codes"] == [0], command
        assert warm["modules"] == LIGHT, command
        # Nothing but the light modules and the standard library: no polib, YAML or TOML
        # parser, catalog code (a warm merge loads no polib at all).
        assert [name for name in warm["blamed"] if name not in LIGHT
                and name.partition(".")[0] not in sys.stdlib_module_names] == [], command
        assert "polib" not in warm["blamed"]


def test_a_site_without_site_strings_does_not_load_their_readers(tmp_path: Path) -> None:
    """Content alone (no Hugo configuration, i18n table or data file): even a cold extract
    knows from the missing files that there is nothing to read, and writes no ``_site``."""
    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "catalog" / "site", site)
    cold = probe(site, "extract")
    assert cold["codes"] == [0]
    assert cold["modules"] == LIGHT
    assert not list((site / "locale").rglob("_site.po*"))
    (site / "i18n").mkdir()
    shutil.copy(FIXTURES / "tables" / "de.yaml", site / "i18n" / "de.yaml")
    added = probe(site, "extract")
    assert added["codes"] == [0]
    assert "cfg_i18n.sitestrings.extracting" in added["modules"]
    assert (site / "locale" / "templates" / "_site.pot").is_file()


def count_calls(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> list[None]:
    """One item per call of ``module.name`` from now on (the function still does its work)."""
    target = importlib.import_module(module)
    real = getattr(target, name)
    calls: list[None] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(None)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, counted)
    return calls


def test_warm_runs_redo_the_work_after_any_change(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, {"i18n/de.yaml": FIXTURES / "tables" / "de.yaml",
                                "hugo.yaml": FIXTURES / "menus" / "hugo.yaml",
                                "data/teams.yaml": FIXTURES / "data" / "teams.yaml"},
                     DATA_CONFIG)
    run_pipeline(site, english)
    work = {"extract": count_calls(monkeypatch, "cfg_i18n.sitestrings.extracting", "render_plan"),
            "merge": count_calls(monkeypatch, "cfg_i18n.sitestrings.merging", "merge_languages"),
            "check": count_calls(monkeypatch, "cfg_i18n.sitestrings.checking", "check_catalogs"),
            "status": count_calls(monkeypatch, "cfg_i18n.sitestrings.checking", "site_statuses")}
    outputs: dict[str, str] = {}

    def redone(*commands: str) -> set[str]:
        """Run ``commands``: the ones that did the work again rather than recall it."""
        before = {command: len(calls) for command, calls in work.items()}
        for command in commands:
            code, out, err = invoke(command, "--site", str(site))
            assert code in (0, 1), out + err
            outputs[command] = out
        return {command for command, calls in work.items() if len(calls) > before[command]}

    def settle() -> None:
        """Bring every memo up to date (extract's catalogs are the others' inputs)."""
        redone(*COMMANDS)
        assert redone(*COMMANDS) == set()

    settle()
    po_file = site / "locale" / "en" / "_site.po"
    translated = (site / "i18n" / "en.yaml").read_bytes()

    # A changed input file: all of them see it, before and after extract took it in.
    table = site / "i18n" / "de.yaml"
    table.write_text(table.read_text(encoding="utf-8") + "newKey: Neu hier\n", encoding="utf-8")
    assert redone("check", "status", "merge") == {"check", "status", "merge"}
    assert "error: stale: the site strings" in outputs["check"]
    assert redone("extract") == {"extract"}
    assert 'msgctxt "newKey"' in po_file.read_text(encoding="utf-8")
    settle()

    # A deleted output: the command that writes it writes it again, the others recall.
    (site / "i18n" / "en.yaml").unlink()
    assert redone("check", "status", "extract", "merge") == {"merge"}
    assert (site / "i18n" / "en.yaml").read_bytes() == translated
    pot_file = site / "locale" / "templates" / "_site.pot"
    pot_text = pot_file.read_bytes()
    pot_file.unlink()
    assert redone("extract") == {"extract"}
    assert pot_file.read_bytes() == pot_text
    settle()

    # Changed settings: the menus' titles are no longer messages.
    config = site / "i18n.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'menu_keys = ["name"]\n',
                      encoding="utf-8")
    assert redone(*COMMANDS) == set(COMMANDS)
    assert '#~ msgid "Unterstütze uns"' in po_file.read_text(encoding="utf-8")
    settle()

    # Another version of the tool.
    monkeypatch.setattr("cfg_i18n.sitestrings.memo.__version__", "0+another")
    assert redone(*COMMANDS) == set(COMMANDS)


# --- configuration --------------------------------------------------------------------------------


def test_config_keys(tmp_path: Path) -> None:
    (tmp_path / "i18n.toml").write_text(
        'site_catalog = "strings"\ni18n_dirs = ["i18n"]\nmenu_keys = []\n'
        'site_params = ["params.*"]\n' + DATA_CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    assert (config.site_catalog, config.i18n_dirs, config.menu_keys, config.site_params) == (
        "strings", ("i18n",), (), ("params.*",))
    assert config.data_files == (DataFileRule(
        "data/*.yaml", ("teams.*.name", "teams.*.members.*.role", "contact.note"),
        ("teams.*.members.*.bio",)),)


@pytest.mark.parametrize(("setting", "message"), [
    ('data_files = [{ keys = ["title"] }]', "data_files[0]: glob is missing"),
    ('data_files = [{ glob = "data/*.yaml" }]', "data_files[0]: name the text values"),
    ('data_files = [{ glob = "data/*.yaml", key = ["x"] }]', "data_files[0]: unknown key 'key'"),
    ('data_files = [{ glob = "../x.yaml", keys = ["x"] }]', "data_files[0].glob: expected"),
    ('site_catalog = "a/b"', "site_catalog: expected a file name"),
    ('menu_keys = "name"', "menu_keys: expected a list"),
])
def test_bad_config_values(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "i18n.toml").write_text(setting + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert message in str(caught.value)
    assert "i18n.toml" in str(caught.value)
