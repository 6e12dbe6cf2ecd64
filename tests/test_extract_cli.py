"""``cfg-i18n extract`` and ``cfg-i18n init`` in-process, as a maintainer runs them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cfg_i18n import catalog as cat
from cfg_i18n.cli import _app_for, app, reporting_progress, run

SITE = Path(__file__).parent / "fixtures" / "catalog" / "site"
ENV = {"COLUMNS": "100", "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}


def tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITE, target)
    return target


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_extract_writes_catalogs_and_summarises(site: Path) -> None:
    code, out, err = invoke("extract", "--site", str(site))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "extract: 14 pages, 190 messages, 28 files written"
    assert lines[1] == ("en: 0/190 translated (0%), 0 fuzzy, 190 untranslated, 0 obsolete; "
                        "this run: 190 new, 0 fuzzy, 0 obsolete")
    assert "extract: 14/14" not in err  # a short run prints no progress lines off a terminal
    assert "hn-klickde.md:21: warning: duplicate front matter key" in err
    assert (site / "locale" / "templates" / "_index.pot").is_file()
    assert (site / "locale" / "en" / "community" / "_index.po").is_file()


def test_second_extract_changes_nothing(site: Path) -> None:
    assert invoke("extract", "--site", str(site))[0] == 0
    before = tree_digest(site)
    code, out, _ = invoke("extract", "--site", str(site))
    assert code == 0
    assert out.splitlines()[0] == "extract: 14 pages, 190 messages, 0 files written"
    assert tree_digest(site) == before


def test_site_defaults_to_the_current_directory(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    assert invoke("extract")[0] == 0
    assert (site / "locale" / "en" / "_index.po").is_file()


def test_wrap_width_flag_overrides_config(site: Path) -> None:
    assert invoke("extract", "--site", str(site), "--wrap-width", "0")[0] == 0
    text = (site / "locale" / "templates" / "_index.pot").read_text(encoding="utf-8")
    assert 'msgid "Code for Germany ist ein Netzwerk von ehrenamtlich engagierten Menschen, die' in text


def test_broken_po_exits_2_naming_file_and_line_and_writes_nothing(site: Path) -> None:
    assert invoke("extract", "--site", str(site))[0] == 0
    broken = site / "locale" / "en" / "spenden.po"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[20] = 'msgstr "unterminated\n'
    broken.write_text("".join(lines), encoding="utf-8")
    page = site / "content" / "de" / "_index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNeuer Absatz.\n", encoding="utf-8")
    before = tree_digest(site / "locale")
    code, out, err = invoke("extract", "--site", str(site))
    assert code == 2
    assert f"{broken}:21: broken PO file" in err
    assert "Traceback" not in err + out
    assert tree_digest(site / "locale") == before  # not even the changed home page's catalogs


def test_unknown_config_key_exits_2(site: Path) -> None:
    (site / "i18n.toml").write_text('languages = ["en"]\nwrapwidth = 72\n', encoding="utf-8")
    code, _, err = invoke("extract", "--site", str(site))
    assert code == 2
    assert "i18n.toml: unknown key 'wrapwidth'; did you mean 'wrap_width'?" in err


def test_lang_must_be_configured(site: Path) -> None:
    code, _, err = invoke("extract", "--site", str(site), "--lang", "fr")
    assert code == 2 and "cfg-i18n init" in err


def test_init_adds_language_catalogs_and_config(site: Path) -> None:
    assert invoke("extract", "--site", str(site))[0] == 0
    before = tree_digest(site / "locale")
    code, out, err = invoke("init", "fr", "--site", str(site))
    assert code == 0, err
    assert out.strip() == "init: fr (French) added to i18n.toml; 14 catalogs created for 14 pages"
    config_text = (site / "i18n.toml").read_text(encoding="utf-8")
    assert config_text.startswith("# cfg-i18n configuration of the catalog test site")
    assert 'languages = ["en", "fr"]' in config_text
    po = cat.load_po(site / "locale" / "fr" / "_index.po")
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Language-Team"] == "French"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    after = tree_digest(site / "locale")
    assert {k: v for k, v in after.items() if not k.startswith("fr/")} == before


def test_init_creates_i18n_toml_when_there_is_no_config(site: Path) -> None:
    (site / "i18n.toml").unlink()
    code, out, err = invoke("init", "pt-BR", "--site", str(site))
    assert code == 0, err
    assert "pt-BR (Portuguese (Brazil)) added to i18n.toml" in out
    assert (site / "i18n.toml").read_text(encoding="utf-8").endswith(
        'languages = ["en", "pt-BR"]\n')
    po = cat.load_po(site / "locale" / "pt-BR" / "termine.po")
    assert po.metadata["Language"] == "pt_BR"


def test_init_unknown_language_lists_nearest_codes(site: Path) -> None:
    code, out, err = invoke("init", "en-XX", "--site", str(site))
    assert code == 2
    assert "unknown language code 'en-XX'; did you mean one of: en, " in err
    assert "Traceback" not in err + out
    assert not (site / "locale").exists()


def test_init_source_language_is_refused(site: Path) -> None:
    code, _, err = invoke("init", "de", "--site", str(site))
    assert code == 2 and "source language" in err


def test_prune_removes_orphans_after_offering_translations(site: Path) -> None:
    assert invoke("extract", "--site", str(site))[0] == 0
    po_path = site / "locale" / "en" / "spenden.po"
    catalog = cat.read_catalog(po_path)
    assert catalog is not None
    for item in catalog.entries:
        item.msgstr = "EN " + item.msgid
    po_path.write_text(cat.render_catalog(catalog), encoding="utf-8")
    page = site / "content" / "de" / "spenden.md"
    page.rename(page.with_name("unterstuetzen.md"))

    code, out, err = invoke("extract", "--site", str(site))
    assert code == 0
    assert "2 orphaned catalogs" in out.splitlines()[0]
    assert "locale/en/spenden.po: warning: source page is gone" in err
    assert po_path.exists()
    moved = cat.load_po(site / "locale" / "en" / "unterstuetzen.po")
    assert all(item.msgstr == "EN " + item.msgid for item in moved)

    code, out, err = invoke("extract", "--site", str(site), "--prune")
    assert code == 0, err
    assert "2 pruned" in out.splitlines()[0]
    assert not po_path.exists() and not (site / "locale" / "templates" / "spenden.pot").exists()


def test_progress_reporter_prints_plain_steps() -> None:
    lines: list[str] = []

    class Sink:
        is_terminal = False

        def print(self, text: str, markup: bool = False) -> None:
            lines.append(text)

    with reporting_progress(Sink()) as reporter:  # type: ignore[arg-type]
        for done in range(1, 401):
            reporter("extract", done, 400)
        reporter("extract", 400, 400)
        for done in range(1, 11):
            reporter("merge", done, 10)
    assert lines == [f"extract: {n}/400" for n in range(100, 401, 100)]


def test_run_returns_exit_codes(site: Path) -> None:
    assert run(["extract", "--site", str(site)]) == 0
    assert run(["init", "xx-YY", "--site", str(site)]) == 2
    assert run(["no-such-command"]) == 2


def test_a_run_builds_only_the_command_it_names_with_the_same_options_and_help(
        capsys: pytest.CaptureFixture[str]) -> None:
    full = typer.main.get_command(app)
    assert isinstance(full, typer.core.TyperGroup) and len(full.commands) >= 8
    for name, command in full.commands.items():
        single = typer.main.get_command(_app_for(["--version", name, "--site", "x"]))
        assert isinstance(single, typer.core.TyperGroup) and list(single.commands) == [name]
        ours = single.commands[name]
        assert [(p.name, p.opts, p.default) for p in ours.params] == \
            [(p.name, p.opts, p.default) for p in command.params]
        assert ours.help == command.help
        assert run([name, "--help"]) == 0
        shown = capsys.readouterr().out
        assert shown.startswith(f"Usage: cfg-i18n {name} [OPTIONS]")
        assert all(opt in shown for p in command.params for opt in p.opts)
    for args in ([], ["--help"], ["mrege"], ["--version"]):
        assert _app_for(args) is app  # the list of commands, suggestions for a typo


def test_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "cfg_i18n", "--version"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("cfg-i18n ")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line as a user starts it: a new process through the entry point."""
    return subprocess.run([sys.executable, "-m", "cfg_i18n", *args], capture_output=True,
                          text=True, check=False, env={**os.environ, **ENV})


def test_the_entry_point_writes_everything_and_keeps_exit_codes(site: Path) -> None:
    """``main`` leaves without the interpreter's teardown: the output must still be whole,
    the files written, and the exit codes those of :func:`run`."""
    done = cli("extract", "--site", str(site))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "extract: 14 pages, 190 messages, 28 files written"
    assert "duplicate front matter key" in done.stderr
    assert len(list((site / "locale").rglob("*.po*"))) == 28
    merged = cli("merge", "--site", str(site))
    assert merged.returncode == 0 and merged.stdout.startswith("merge en: ")
    assert (site / ".cfg-i18n" / "manifest.json").is_file()
    # Nothing is translated: check fails (1) with its whole report; a bad flag is a usage error.
    failed = cli("check", "--site", str(site), "--min-completeness", "50", "--format", "json")
    assert failed.returncode == 1
    report = json.loads(failed.stdout)  # the whole document, not cut off
    assert report["ok"] is False and len(report["languages"]) == 1
    assert cli("extract", "--site", str(site), "--no-such-flag").returncode == 2


def test_the_entry_point_survives_a_reader_that_stops_early(site: Path) -> None:
    """``cfg-i18n status | head -1``: the rest of the output has nowhere to go."""
    assert cli("extract", "--site", str(site)).returncode == 0
    reader = subprocess.Popen([sys.executable, "-m", "cfg_i18n", "status", "--site", str(site)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, **ENV, "COLUMNS": "60"})
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    reader.stdout.close()
    error = reader.stderr.read().decode()
    assert reader.wait(timeout=60) in (0, 1)
    assert first.strip()
    assert "Traceback" not in error
