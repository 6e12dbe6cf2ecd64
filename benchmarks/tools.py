"""One small adapter per tool: how to lay out its site, run it, and reset it.

Every adapter answers the same questions, so run.py can time them alike:
where the German pages go in its site directory, which config it needs, which
commands make "POT + one language's PO" (extract) and "translated Markdown"
(merge/generate), which PO files a translator would fill in between, and how
to go back to a cold state (no catalogs, no outputs, no caches).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DRIVERS = HERE / "drivers"


@dataclass(slots=True)
class Step:
    """One command of a measured phase."""

    argv: list[str]
    """Program and arguments (no shell)."""
    cwd: Path
    """Working directory."""
    env: dict[str, str] = field(default_factory=dict)
    """Added to the inherited environment."""
    ok: tuple[int, ...] = (0,)
    """Exit codes that count as success."""


@dataclass(slots=True)
class Context:
    """Interpreters and paths shared by the adapters."""

    peers_python: Path
    """Python of the peers' virtualenv (benchmarks/.peers)."""
    ours_python: Path
    """Python of the project's virtualenv (.venv), with cfg-i18n installed."""


#: Where :func:`remove` moves what a reset takes away, deleted only after the last timed run
#: (run.py sets it). Deleting thousands of files makes creating files cost about twice as much
#: for a minute or more on the benchmark machine's ext4, which would bill the harness's own
#: deletions to the tool timed next, in proportion to the files it writes (README.md).
TRASH: Path | None = None
_moved = itertools.count()


def remove(*paths: Path) -> None:
    """Take away files or trees that may or may not exist: moved to :data:`TRASH` if set,
    else deleted."""
    for path in paths:
        if not (path.exists() or path.is_symlink()):
            continue
        if TRASH is not None:
            TRASH.mkdir(parents=True, exist_ok=True)
            path.rename(TRASH / f"{next(_moved)}-{path.name}")
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def count(root: Path, pattern: str) -> int:
    """Number of files matching PATTERN below ROOT (0 if ROOT is missing)."""
    return sum(1 for _ in root.rglob(pattern)) if root.is_dir() else 0


def probe(argv: list[str]) -> tuple[int, str]:
    """Run a quick command; return its exit code and the last line it printed."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 127, str(exc)
    lines = (done.stderr or done.stdout).strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


def python_version_of(python: Path, dist: str) -> str:
    """Installed version of a distribution, as seen by PYTHON ('' if absent)."""
    code = f"from importlib.metadata import version; print(version({dist!r}))"
    rc, line = probe([str(python), "-c", code])
    return line if rc == 0 else ""


class Adapter:
    """Base adapter; subclasses fill in the commands."""

    key = ""
    """Short name used in tables and directory names."""
    peer = True
    """False for cfg-i18n itself."""
    content_rel = "content"
    """Where the German tree is copied inside the site directory."""
    extract_how = ""
    merge_how = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.notes: list[str] = []
        """Facts to print with the results (pages left out, extra steps)."""
        self.pages = 0
        """Pages this tool is given (after any exclusions)."""

    def version(self) -> str:
        return ""

    def unavailable(self) -> str | None:
        """Why this tool cannot run here, or None."""
        return None

    def missing_phases(self) -> dict[str, str]:
        """Phases this tool cannot run yet (phase -> reason); the others still run."""
        return {}

    def configure(self, site: Path) -> None:
        """Write the tool's configuration for the tree already copied into SITE."""

    def reset(self, site: Path) -> None:
        """Remove catalogs, outputs and caches: the next extract is cold."""

    def extract(self, site: Path) -> list[Step]:
        raise NotImplementedError

    def catalogs(self, site: Path) -> list[Path]:
        """The PO files a translator fills in before merge."""
        raise NotImplementedError

    def before_merge(self, site: Path) -> None:
        """Undo side effects of a previous merge so the next one is cold too."""

    def merge(self, site: Path) -> list[Step]:
        raise NotImplementedError

    def outputs(self, site: Path) -> int:
        """Translated pages the last merge wrote."""
        raise NotImplementedError

    def _peers_unavailable(self, module: str) -> str | None:
        if not self.ctx.peers_python.exists():
            return f"no peers virtualenv at {self.ctx.peers_python.parent.parent} (run benchmarks/peers.sh)"
        rc, line = probe([str(self.ctx.peers_python), "-c", f"import {module}"])
        return None if rc == 0 else f"cannot import {module} in the peers virtualenv: {line}"


class CfgI18n(Adapter):
    """cfg-i18n: `extract`, `merge`, `check` on a site with an i18n.toml."""

    peer = False
    content_rel = "content/de"
    extract_how = "cfg-i18n extract --site SITE"
    merge_how = "cfg-i18n merge --site SITE"

    def __init__(self, ctx: Context, languages: tuple[str, ...] = ("en",)) -> None:
        super().__init__(ctx)
        self.languages = languages
        self.key = "cfg-i18n" if len(languages) == 1 else f"cfg-i18n-{len(languages)}lang"

    def command(self) -> list[str]:
        script = self.ctx.ours_python.parent / "cfg-i18n"
        if script.exists():
            return [str(script)]
        return [str(self.ctx.ours_python), "-m", "cfg_i18n"]

    def version(self) -> str:
        return python_version_of(self.ctx.ours_python, "cfg-i18n")

    def _help_fails(self, sub: str) -> str | None:
        rc, line = probe([*self.command(), sub, "--help"])
        return None if rc == 0 else f"`cfg-i18n {sub} --help` failed (exit {rc}): {line}"

    def unavailable(self) -> str | None:
        return self._help_fails("extract")

    def missing_phases(self) -> dict[str, str]:
        found = {sub: self._help_fails(sub) for sub in ("merge", "check")}
        return {sub: reason for sub, reason in found.items() if reason}

    def configure(self, site: Path) -> None:
        langs = ", ".join(f'"{lang}"' for lang in self.languages)
        (site / "i18n.toml").write_text(
            "# Written by benchmarks/run.py\n"
            'source_language = "de"\n'
            f"languages = [{langs}]\n"
            f'content_dir = "{self.content_rel}"\n'
            'locale_dir = "locale"\n'
            'output = "dir"\n'
            'target_dir = "content/{lang}"\n',
            encoding="utf-8",
        )

    def env(self, site: Path) -> dict[str, str]:
        # Keep any per-user cache inside the site, where reset() can drop it.
        return {"XDG_CACHE_HOME": str(site / ".xdg-cache")}

    def drop_cache(self, site: Path) -> None:
        # The parse cache lives in SITE/.cfg-i18n/cache/; any .cfg-i18n* state goes.
        remove(*site.glob(".cfg-i18n*"), site / ".xdg-cache")

    def reset(self, site: Path) -> None:
        self.drop_cache(site)
        remove(site / "locale", *(site / "content" / lang for lang in self.languages))

    def _run(self, site: Path, sub: str, ok: tuple[int, ...] = (0,)) -> list[Step]:
        return [Step([*self.command(), sub, "--site", str(site)], site, self.env(site), ok)]

    def extract(self, site: Path) -> list[Step]:
        return self._run(site, "extract")

    def catalogs(self, site: Path) -> list[Path]:
        return sorted(p for lang in self.languages for p in (site / "locale" / lang).rglob("*.po"))

    def before_merge(self, site: Path) -> None:
        # In the pipeline merge follows extract and shares its parse ("one parse per page,
        # shared by extract, check and merge"): extract's page cache stays; everything merge
        # itself wrote or remembered goes, so merge starts cold.
        cache = site / ".cfg-i18n" / "cache"
        remove(site / ".cfg-i18n" / "manifest.json", site / ".xdg-cache",
               *cache.glob("merge-*"), *cache.glob("finished-*"), *cache.glob("check-*"))
        remove(*(site / "content" / lang for lang in self.languages))

    def merge(self, site: Path) -> list[Step]:
        return self._run(site, "merge")

    def before_check(self, site: Path) -> None:
        # As for merge: extract's parse is shared, check's own results are dropped.
        remove(*(site / ".cfg-i18n" / "cache").glob("check-*"))

    def check(self, site: Path) -> list[Step]:
        # Exit 1 means "check found problems" (untranslated new text): still a valid run.
        return self._run(site, "check", ok=(0, 1))

    def outputs(self, site: Path) -> int:
        return sum(count(site / "content" / lang, "*.md") for lang in self.languages)


class Mdpo(Adapter):
    """mdpo: md2po / po2md, driven per page in one process (drivers/mdpo_batch.py)."""

    key = "mdpo"
    merge_how = "po2md per page via mdpo's Python API, one process (drivers/mdpo_batch.py)"

    def __init__(self, ctx: Context, write_pot: bool = False) -> None:
        super().__init__(ctx)
        self.write_pot = write_pot
        """mdpo has no template step; True also saves each page's catalog as a POT."""
        what = "PO + POT" if write_pot else "PO only, mdpo has no POT step"
        self.extract_how = (
            f"md2po per page via mdpo's Python API, one process ({what}; drivers/mdpo_batch.py)"
        )

    def version(self) -> str:
        return python_version_of(self.ctx.peers_python, "mdpo")

    def unavailable(self) -> str | None:
        return self._peers_unavailable("mdpo.md2po")

    def reset(self, site: Path) -> None:
        remove(site / "locale", site / "out")

    def extract(self, site: Path) -> list[Step]:
        argv = [
            str(self.ctx.peers_python),
            str(DRIVERS / "mdpo_batch.py"),
            "extract",
            "content",
            "locale",
            "en",
        ]
        return [Step(argv + (["--pot"] if self.write_pot else []), site)]

    def catalogs(self, site: Path) -> list[Path]:
        return sorted((site / "locale" / "en").rglob("*.po"))

    def before_merge(self, site: Path) -> None:
        remove(site / "out")

    def merge(self, site: Path) -> list[Step]:
        driver = str(DRIVERS / "mdpo_batch.py")
        argv = [str(self.ctx.peers_python), driver, "generate", "content", "locale", "en", "out/en"]
        return [Step(argv, site)]

    def outputs(self, site: Path) -> int:
        return count(site / "out" / "en", "*.md")


class TranslateToolkit(Adapter):
    """translate-toolkit: md2po --pot over the tree, pot2po for the PO, po2md back."""

    key = "translate-toolkit"
    extract_how = (
        "md2po --pot -i content -o locale/templates; pot2po -i locale/templates -o locale/en"
    )
    merge_how = "po2md -i locale/en -t content -o out/en"

    def version(self) -> str:
        return python_version_of(self.ctx.peers_python, "translate-toolkit")

    def unavailable(self) -> str | None:
        # mdpo's md2po/po2md scripts shadow translate-toolkit's in the shared bin/,
        # so the converters are run as modules (the same main() the scripts call).
        return self._peers_unavailable("translate.convert.md2po")

    def _module(self, name: str, *args: str) -> list[str]:
        return [
            str(self.ctx.peers_python),
            "-m",
            f"translate.convert.{name}",
            "--progress=none",
            *args,
        ]

    def reset(self, site: Path) -> None:
        remove(site / "locale", site / "out")
        # The converters create only the last level of a missing output directory.
        (site / "locale").mkdir()
        (site / "out").mkdir()

    def extract(self, site: Path) -> list[Step]:
        return [
            Step(self._module("md2po", "--pot", "-i", "content", "-o", "locale/templates"), site),
            Step(self._module("pot2po", "-i", "locale/templates", "-o", "locale/en"), site),
        ]

    def catalogs(self, site: Path) -> list[Path]:
        return sorted((site / "locale" / "en").rglob("*.po"))

    def before_merge(self, site: Path) -> None:
        remove(site / "out")
        (site / "out").mkdir()

    def merge(self, site: Path) -> list[Step]:
        return [
            Step(self._module("po2md", "-i", "locale/en", "-t", "content", "-o", "out/en"), site)
        ]

    def outputs(self, site: Path) -> int:
        return count(site / "out" / "en", "*.md")


class HugoGettext(Adapter):
    """hugo-gettext (KDE): extract to one POT, msginit a PO; compile + generate back.

    Its configuration is an ``i18n`` section in the Hugo config (config.yaml);
    it runs from the site root, lists content by globs, writes only a POT (no PO
    update), reads translations from compiled MO files, and rewrites the Hugo
    config during generate (restored before each run).
    """

    key = "hugo-gettext"
    extract_how = "hugo-gettext extract pot; msginit --locale=en (it writes only a POT)"
    merge_how = "hugo-gettext compile po; hugo-gettext generate (PO -> MO -> content-trans/en)"

    def version(self) -> str:
        return python_version_of(self.ctx.peers_python, "hugo-gettext")

    def unavailable(self) -> str | None:
        missing = [tool for tool in ("msginit", "msgfmt") if shutil.which(tool) is None]
        if missing:
            return (
                f"GNU gettext's {', '.join(missing)} not on PATH (benchmarks/peers.sh installs it)"
            )
        return self._peers_unavailable("hugo_gettext")

    def _script(self) -> str:
        return str(self.ctx.peers_python.parent / "hugo-gettext")

    def _config(self, site: Path, excluded: list[str]) -> str:
        depth = max(
            (len(p.relative_to(site).parts) for p in (site / "content").rglob("*.md")), default=1
        )
        globs = [
            "/".join(["content", *["*"] * (level - 1), "*.md"]) for level in range(1, depth + 1)
        ]
        lines = [
            "# Written by benchmarks/run.py",
            "defaultContentLanguage: de",
            "languages:",
            "  de:",
            "    languageName: Deutsch",
            "    weight: 1",
            "i18n:",
            "  package: codefor",
            "  genToOtherDir: true",
            "  shortcodes:",
            "    params:",
            "      '*': [alt, title, caption, attr, description, text]",
            "  content:",
            "    default:",
            "      globs:",
            *(f"        - '{g}'" for g in globs),
        ]
        if excluded:
            lines.append("      excludedFiles:")
            lines.extend("        - '" + path.replace("'", "''") + "'" for path in excluded)
        return "\n".join(lines) + "\n"

    def configure(self, site: Path) -> None:
        config = site / "config.yaml"
        config.write_text(self._config(site, []), encoding="utf-8")
        # hugo-gettext stops its whole run at the first page it cannot read
        # (tabs in YAML front matter, empty front matter): leave those out.
        done = subprocess.run(
            [str(self.ctx.peers_python), str(DRIVERS / "hugo_gettext_probe.py"), str(site)],
            capture_output=True,
            text=True,
            check=True,
        )
        excluded = [line for line in done.stdout.splitlines() if line]
        config.write_text(self._config(site, excluded), encoding="utf-8")
        shutil.copyfile(config, site / "config.yaml.orig")
        self.pages = count(site / "content", "*.md") - len(excluded)
        if excluded:
            self.notes.append(
                f"{len(excluded)} page(s) left out: hugo-gettext crashes on them "
                f"(tabs in YAML or empty front matter), e.g. {excluded[0]}"
            )

    def reset(self, site: Path) -> None:
        remove(site / "pot", site / "po", site / "locale", site / "content-trans")
        shutil.copyfile(site / "config.yaml.orig", site / "config.yaml")
        (site / "po" / "en").mkdir(parents=True)

    def extract(self, site: Path) -> list[Step]:
        return [
            Step([self._script(), "-q", "extract", "pot"], site),
            Step(
                [
                    "msginit",
                    "--no-translator",
                    "--locale=en",
                    "-i",
                    "pot/codefor.pot",
                    "-o",
                    "po/en/codefor.po",
                ],
                site,
            ),
        ]

    def catalogs(self, site: Path) -> list[Path]:
        return [site / "po" / "en" / "codefor.po"]

    def before_merge(self, site: Path) -> None:
        remove(site / "locale", site / "content-trans")
        shutil.copyfile(site / "config.yaml.orig", site / "config.yaml")

    def merge(self, site: Path) -> list[Step]:
        return [
            Step([self._script(), "-q", "compile", "po"], site),
            Step([self._script(), "-q", "generate"], site),
        ]

    def outputs(self, site: Path) -> int:
        return count(site / "content-trans" / "en", "*.md")


class Po4a(Adapter):
    """po4a (Debian), markdown mode of its text module, one catalog for the site.

    po4a splits its config lines on spaces, so pages whose names contain a
    space are left out. Per-page catalogs (its "split mode") would add a
    msggrep per page on top; the centralised catalog is its default and its
    fastest layout.
    """

    key = "po4a"
    extract_how = "po4a --no-translations po4a.cfg (one POT + one PO for the site)"
    merge_how = "po4a --no-update po4a.cfg (--keep 0)"

    def version(self) -> str:
        done = subprocess.run(["po4a", "--version"], capture_output=True, text=True, check=False)
        first = done.stdout.strip().splitlines()
        return first[0].removeprefix("po4a version ").rstrip(".") if first else ""

    def unavailable(self) -> str | None:
        if shutil.which("po4a") is None:
            return "po4a not installed (benchmarks/peers.sh --with-po4a)"
        return None

    def configure(self, site: Path) -> None:
        pages = sorted(
            p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md")
        )
        usable = [p for p in pages if " " not in p]
        lines = [
            "[po4a_langs] en",
            "[po4a_paths] locale/templates/site.pot $lang:locale/$lang/site.po",
            "[options] --keep 0 --master-charset UTF-8 --localized-charset UTF-8",
            (
                '[po4a_alias:markdown] text opt:"--option markdown --option yfm_lenient '
                '--option yfm_keys=title,linkTitle,description,summary,subtitle,excerpt"'
            ),
            *(f"[type: markdown] content/{p} $lang:out/$lang/{p}" for p in usable),
        ]
        (site / "po4a.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.pages = len(usable)
        if len(usable) < len(pages):
            self.notes.append(
                f"{len(pages) - len(usable)} page(s) left out: po4a.cfg cannot name files with spaces"
            )

    def reset(self, site: Path) -> None:
        remove(site / "locale", site / "out")
        (site / "locale" / "en").mkdir(parents=True)  # po4a's msginit does not create it

    def extract(self, site: Path) -> list[Step]:
        return [Step(["po4a", "--no-translations", "po4a.cfg"], site)]

    def catalogs(self, site: Path) -> list[Path]:
        return [site / "locale" / "en" / "site.po"]

    def before_merge(self, site: Path) -> None:
        remove(site / "out")

    def merge(self, site: Path) -> list[Step]:
        return [Step(["po4a", "--no-update", "po4a.cfg"], site)]

    def outputs(self, site: Path) -> int:
        return count(site / "out" / "en", "*.md")


PEERS: dict[str, type[Adapter]] = {
    "mdpo": Mdpo,
    "translate-toolkit": TranslateToolkit,
    "hugo-gettext": HugoGettext,
    "po4a": Po4a,
}


def default_context(repo: Path) -> Context:
    """Interpreters at their usual places: benchmarks/.peers and the project's .venv."""
    ours = repo / ".venv" / "bin" / "python"
    return Context(
        peers_python=HERE / ".peers" / "bin" / "python",
        ours_python=ours if ours.exists() else Path(sys.executable),
    )


def page_count(root: Path) -> int:
    """Markdown pages below ROOT."""
    return count(root, "*.md")
