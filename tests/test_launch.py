"""The entry point runs ``extract``, ``merge`` and ``check`` without the option parser when
the command line is only the command (and ``--site``): the result must be the parser's."""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from cfg_i18n import cli, commands, launch

SITE = Path(__file__).parent / "fixtures" / "catalog" / "site"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below ``root`` except the parse cache (its database pages are not stable)."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "cache" not in path.relative_to(root).parts
    }


@pytest.fixture
def two_sites(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the sample site: one for each way of running a command."""
    return shutil.copytree(SITE, tmp_path / "parsed"), shutil.copytree(SITE, tmp_path / "direct")


def test_direct_call_takes_only_the_command_and_the_site(tmp_path: Path) -> None:
    folder, file = str(tmp_path), str(tmp_path / "file.txt")
    Path(file).write_text("x", encoding="utf-8")
    assert launch.direct_call(["merge"]) == ("merge", Path("."))
    assert launch.direct_call(["extract", "--site", folder]) == ("extract", Path(folder))
    assert launch.direct_call(["check", f"--site={folder}"]) == ("check", Path(folder))
    for args in (
        [], ["--help"], ["--version"], ["status"], ["init", "fr"], ["pseudo"], ["mrege"],
        ["merge", "--help"], ["merge", "-l", "en"], ["merge", "--lang", "en"],
        ["check", "--strict"], ["merge", "--site"], ["merge", "--site="],
        ["merge", "--site", file], ["merge", "--site", str(tmp_path / "missing")],
        ["merge", "--site", folder, "--site", folder], ["merge", "--site", "-l"],
        ["--site", folder, "merge"], ["merge", folder],
    ):
        assert launch.direct_call(args) is None, args


@pytest.mark.parametrize("name", launch.DIRECT)
def test_direct_commands_have_the_parsers_defaults(name: str) -> None:
    """A direct run gives every option the default that the parser would give it."""
    parsed = typer.main.get_command(cli.app).commands[name]  # type: ignore[attr-defined]
    plain = inspect.signature(getattr(commands, name)).parameters
    assert [(p.name, p.default) for p in parsed.params] == \
        [(n, p.default) for n, p in plain.items()]


def run_both(capsys: pytest.CaptureFixture[str], sites: tuple[Path, Path], *args: str
             ) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """Run ``args`` on the first site through the parser and on the second directly; the
    outputs with each site's path replaced by SITE."""
    results = []
    for site, runner in zip(sites, (cli.run, launch.run)):
        argv = [*args, "--site", str(site)]
        if runner is launch.run:
            assert launch.direct_call(argv) is not None
        code = runner(argv)
        out, err = capsys.readouterr()
        results.append((code, out.replace(str(site), "SITE"), err.replace(str(site), "SITE")))
    return results[0], results[1]


def test_a_direct_pipeline_gives_what_the_parser_gives(
        capsys: pytest.CaptureFixture[str], two_sites: tuple[Path, Path]) -> None:
    parsed_site, direct_site = two_sites
    for command in ("extract", "merge", "check"):
        parsed, direct = run_both(capsys, two_sites, command)
        assert direct == parsed, command
        assert tree_digest(direct_site) == tree_digest(parsed_site), command
    # Nothing is translated, and the site requires nothing: check passes with its report.
    assert parsed[0] == 0 and "190 untranslated" in parsed[1]
    # Translate one message in both sites, then run the pipeline again.
    for site in two_sites:
        po = site / "locale" / "en" / "_index.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace('msgstr ""\n\n', 'msgstr "Welcome"\n\n', 1), encoding="utf-8")
    for command in ("merge", "check", "extract"):
        parsed, direct = run_both(capsys, two_sites, command)
        assert direct == parsed, command
        assert tree_digest(direct_site) == tree_digest(parsed_site), command
    assert "Welcome" in (direct_site / "content" / "en" / "_index.md").read_text(encoding="utf-8")
    # A site that requires half of every language: check fails (exit 1) with its report.
    for site in two_sites:
        with (site / "i18n.toml").open("a", encoding="utf-8") as config:
            config.write("min_completeness = 50\n")
    parsed, direct = run_both(capsys, two_sites, "check")
    assert direct == parsed and direct[0] == 1 and "189 untranslated" in direct[1]


def test_a_direct_run_reports_input_errors_as_the_parser_does(
        capsys: pytest.CaptureFixture[str], two_sites: tuple[Path, Path]) -> None:
    for site in two_sites:
        (site / "i18n.toml").write_text('languages = ["en"]\nwrap_widht = 70\n', encoding="utf-8")
    for command in launch.DIRECT:
        parsed, direct = run_both(capsys, two_sites, command)
        assert direct == parsed
        assert direct[0] == 2 and direct[2].startswith("error: ") and "wrap_widht" in direct[2]


def test_a_direct_run_loads_no_option_parser(two_sites: tuple[Path, Path]) -> None:
    site = two_sites[1]
    code = ("import sys; from cfg_i18n.launch import run; code = run(sys.argv[1:]); "
            "print(code, sorted({'typer', 'click'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, "extract", "--site", str(site)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
    # Anything else goes through the parser, which explains the mistake.
    assert launch.run(["merge", "--site", str(site), "--no-such-flag"]) == 2
