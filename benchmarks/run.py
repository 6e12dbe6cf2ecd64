"""Time cfg-i18n against mdpo, translate-toolkit and hugo-gettext on the real site.

    .venv/bin/python benchmarks/run.py [--sizes 1,10] [--runs 3] [--runs-large 1]
                                       [--tools cfg-i18n,mdpo,...] [--with-po4a]

Copies ../shared/corpus/codefor.de/content into benchmarks/work/ as a 1× tree and
a 10× tree (ten copies side by side), gives every tool its own site directory
with its own copy, and for each tree size runs, round-robin over the tools and
starting with a different tool each round: cold extract (markdown -> POT + one
language's PO), a pseudo-translation of every PO entry (not timed), cold
merge/generate (PO + markdown -> translated markdown). For cfg-i18n also cold
`check`, warm runs after touching and after editing one page, and 4 languages
against 1. Each phase runs in a fresh measure.py process for its wall time and
peak RSS. Prints Markdown tables and writes them to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report
import tools as tools_module
from report import Results, Sample, ToolResult
from tools import PEERS, Adapter, CfgI18n, Context, Mdpo, Step, default_context, page_count

REPO = HERE.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "codefor.de" / "content"
DEFAULT_TOOLS = "cfg-i18n,mdpo,translate-toolkit,hugo-gettext"
FOUR_LANGUAGES = ("en", "fr", "nl", "pl")
MARKER = "EN: "
"""Pseudo-translation: the msgid with this prefix. It keeps every shortcode,
tag and link of the msgid (so no tool falls back to the source) and differs
from the msgid (hugo-gettext skips translations equal to their source)."""


class PhaseFailed(Exception):
    """A tool's command exited with an unexpected code."""


def log(message: str) -> None:
    print(message, flush=True)


def build_trees(corpus: Path, work: Path, sizes: list[int]) -> dict[int, Path]:
    """Copy the corpus once per size: N× is N copies side by side in c00..c(N-1)."""
    trees: dict[int, Path] = {}
    for size in sizes:
        tree = work / "trees" / f"{size}x"
        shutil.rmtree(tree, ignore_errors=True)
        if size == 1:
            shutil.copytree(corpus, tree)
        else:
            for index in range(size):
                shutil.copytree(corpus, tree / f"c{index:02d}")
        trees[size] = tree
    return trees


def measure(steps: list[Step], timeout: float) -> Sample:
    """Run STEPS in a fresh measure.py process; raise PhaseFailed on a bad exit."""
    spec = {
        "timeout": timeout,
        "steps": [
            {"argv": s.argv, "cwd": str(s.cwd), "env": s.env, "ok": list(s.ok)} for s in steps
        ],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(spec, handle)
    # Flush the writes of setup, reset and earlier tools now, so their write-back
    # does not land inside this phase's time.
    os.sync()
    try:
        done = subprocess.run(
            [sys.executable, str(HERE / "measure.py"), handle.name],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    if data["failed"]:
        failed = data["failed"]
        step = steps[failed["step"]]
        tail = " ".join(str(failed["stderr"]).strip().splitlines()[-3:])
        raise PhaseFailed(f"`{' '.join(step.argv[:4])} …` exited {failed['returncode']}: {tail}")
    return Sample(
        seconds=data["seconds"], rss_kib=data["max_rss_kib"], cpu=data["user"] + data["system"]
    )


def pseudo_translate(po_files: list[Path]) -> int:
    """Give every entry of every PO file a translation; return the entries changed."""
    import polib  # a dependency of cfg-i18n, so present in the project's .venv

    changed = 0
    for path in po_files:
        catalog = polib.pofile(str(path), wrapwidth=0)
        for entry in catalog:
            if entry.obsolete or not entry.msgid:
                continue
            # Keep leading whitespace/newlines first: msgfmt wants msgid and msgstr to agree.
            lead = len(entry.msgid) - len(entry.msgid.lstrip())
            entry.msgstr = entry.msgid[:lead] + MARKER + entry.msgid[lead:]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgstr, 1: entry.msgstr}
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed += 1
        catalog.save()
    return changed


class Bench:
    """Runs the phases and collects the samples."""

    def __init__(self, args: argparse.Namespace, ctx: Context, tools: list[Adapter]) -> None:
        self.args = args
        self.ctx = ctx
        self.results: Results = {}
        # Decided once, so every tree size sees the same set of tools and phases.
        self.unavailable = {tool.key: tool.unavailable() for tool in tools}
        self.missing = {tool.key: tool.missing_phases() for tool in tools}
        self.versions = {tool.key: tool.version() for tool in tools}

    def record(self, result: ToolResult, phase: str, sample: Sample) -> None:
        result.phases.setdefault(phase, []).append(sample)
        log(
            f"    {result.key:<18} {phase:<30} {sample.seconds:8.3f} s  {sample.rss_kib / 1024:6.0f} MB"
        )

    def cold_cycle(self, tool: Adapter, site: Path, result: ToolResult,
                   names: dict[str, str] | None = None) -> None:
        """Extract, translate the catalogs, merge (and check): one cold round of ``tool``.
        ``names`` records the phases under other names (mdpo's runs in the warm rounds)."""
        timeout = self.args.timeout
        missing = self.missing[tool.key]
        names = names or {}
        tool.reset(site)
        extract = names.get(report.EXTRACT, report.EXTRACT)
        self.record(result, extract, measure(tool.extract(site), timeout))
        catalogs = tool.catalogs(site)
        result.catalogs = len(catalogs)
        pseudo_translate(catalogs)
        if report.MERGE not in missing:
            tool.before_merge(site)
            merge = names.get(report.MERGE, report.MERGE)
            self.record(result, merge, measure(tool.merge(site), timeout))
            result.outputs = tool.outputs(site)
        if names:
            return
        if isinstance(tool, CfgI18n) and report.CHECK not in missing:
            tool.before_check(site)
            self.record(result, report.CHECK, measure(tool.check(site), timeout))

    def warm_runs(self, tool: CfgI18n, site: Path, result: ToolResult, runs: int,
                  peer: tuple[Adapter, Path, ToolResult] | None = None) -> None:
        """Touch, then edit, one page between runs that find a warm cache; after each round
        one full run of ``peer`` (mdpo), the reference of the warm speed-ups."""
        timeout = self.args.timeout
        content = site / tool.content_rel
        page = min(content.rglob("_index.md"))
        missing = self.missing[tool.key]
        has_merge, has_check = report.MERGE not in missing, report.CHECK not in missing
        warm_up = [tool.extract(site)]
        warm_up += [tool.merge(site)] if has_merge else []
        warm_up += [tool.check(site)] if has_check else []
        for steps in warm_up:
            measure(steps, timeout)  # fills the cache; not recorded
        for run in range(runs):
            self.record(result, report.WARM_NOOP, measure(tool.extract(site), timeout))
            os.utime(page)
            self.record(result, report.WARM_TOUCH, measure(tool.extract(site), timeout))
            with page.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEin neuer Absatz für den Benchmark, Änderung {run + 1}.\n")
            self.record(result, report.WARM_EXTRACT, measure(tool.extract(site), timeout))
            if has_merge:
                self.record(result, report.WARM_MERGE, measure(tool.merge(site), timeout))
            if has_check:
                self.record(result, report.WARM_CHECK, measure(tool.check(site), timeout))
            if peer is not None and not peer[2].failed:
                self.cold_cycle(*peer, names=report.BESIDE_WARM)

    def run_size(self, size: int, tree: Path, tools: list[Adapter], runs: int) -> None:
        pages = page_count(tree)
        log(f"\n== {size}× tree: {pages} pages, {runs} run(s) per tool ==")
        results: dict[str, ToolResult] = {}
        sites: dict[str, Path] = {}
        active: list[Adapter] = []
        for tool in tools:
            result = ToolResult(
                key=tool.key,
                version=self.versions[tool.key],
                extract_how=tool.extract_how,
                merge_how=tool.merge_how,
            )
            results[tool.key] = result
            reason = self.unavailable[tool.key]
            if reason:
                result.skipped = reason
                log(f"    {tool.key:<18} skipped: {reason}")
                continue
            site = self.args.work / "sites" / tool.key / f"{size}x"
            shutil.rmtree(site, ignore_errors=True)
            shutil.copytree(tree, site / tool.content_rel)
            tool.notes, tool.pages = [], pages
            try:
                tool.configure(site)
            except (OSError, subprocess.CalledProcessError) as exc:
                result.failed = f"setup: {exc}"
                log(f"    {tool.key:<18} setup failed: {exc}")
                continue
            result.pages, result.notes = tool.pages, tool.notes
            for phase, why in self.missing[tool.key].items():
                tool.notes.append(f"{phase} not run: {why}")
                log(f"    {tool.key:<18} {phase} not run: {why}")
            sites[tool.key] = site
            active.append(tool)
        self.results[size] = results
        for run in range(runs):
            log(f"  round {run + 1}/{runs}")
            order = active[run % len(active) :] + active[: run % len(active)] if active else []
            for tool in order:
                result = results[tool.key]
                if result.failed:
                    continue
                try:
                    self.cold_cycle(tool, sites[tool.key], result)
                except PhaseFailed as exc:
                    result.failed = str(exc)
                    log(f"    {tool.key:<18} FAILED: {exc}")
        for tool in active:
            result = results[tool.key]
            if isinstance(tool, CfgI18n) and tool.key == report.OURS and not result.failed:
                log("  cfg-i18n warm runs")
                baseline = next((t for t in active if t.key == report.BASELINE), None)
                peer = (baseline, sites[baseline.key], results[baseline.key]) if baseline else None
                try:
                    self.warm_runs(tool, sites[tool.key], result, runs, peer)
                except PhaseFailed as exc:
                    result.failed = f"warm run: {exc}"
                    log(f"    {tool.key:<18} FAILED: {exc}")


def precompile(ctx: Context) -> None:
    """Byte-compile both environments and the project's sources once, untimed.

    With PYTHONDONTWRITEBYTECODE set (as on this workplace) an editable install
    would otherwise recompile every module of cfg-i18n on every run.
    """
    code = (
        "import compileall, site, sys; "
        "[compileall.compile_dir(p, quiet=2, workers=0) for p in sys.argv[1:] + site.getsitepackages()]"
    )
    src = REPO / "src"
    for python, extra in (
        (ctx.ours_python, [str(src)] if src.is_dir() else []),
        (ctx.peers_python, []),
    ):
        if python.exists():
            subprocess.run([str(python), "-c", code, *extra], capture_output=True, check=False)


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 1,10")
    return sizes


def make_tools(names: list[str], ctx: Context, mdpo_pot: bool) -> list[Adapter]:
    tools: list[Adapter] = []
    for name in names:
        if name == report.OURS:
            tools.append(CfgI18n(ctx))
        elif name == report.OURS_4LANG:
            tools.append(CfgI18n(ctx, FOUR_LANGUAGES))
        elif name == "mdpo":
            tools.append(Mdpo(ctx, write_pot=mdpo_pot))
        elif name in PEERS:
            tools.append(PEERS[name](ctx))
        else:
            known = ", ".join([report.OURS, report.OURS_4LANG, *PEERS])
            raise SystemExit(f"run.py: unknown tool '{name}' (known: {known})")
    return tools


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else platform.processor() or "unknown"


def memory_total() -> str:
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    match = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return f"{int(match.group(1)) / 1024 / 1024:.0f} GiB" if match else "unknown"


def machine_info(ctx: Context, corpus: Path) -> dict[str, str]:
    size_mb = sum(p.stat().st_size for p in corpus.rglob("*.md")) / 1e6

    def pyver(python: Path) -> str:
        done = subprocess.run(
            [str(python), "--version"], capture_output=True, text=True, check=False
        )
        return (done.stdout or done.stderr).strip().removeprefix("Python ") or "–"

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = (
        " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    )
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cores} cores (nproc), {cpu_model()}, {memory_total()} RAM, {platform.system()} {platform.release()}",
        "python": f"{pyver(ctx.ours_python)} (cfg-i18n), {pyver(ctx.peers_python)} (peers)",
        "load average at start (1/5/15 min)": load,
        "corpus": f"{corpus} ({page_count(corpus)} pages, {size_mb:.1f} MB of Markdown)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="content tree to copy")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="scratch directory (wiped)"
    )
    parser.add_argument(
        "--sizes", type=parse_sizes, default=[1, 10], help="tree sizes, default 1,10"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per tool on the 1× tree (default 3)"
    )
    parser.add_argument(
        "--runs-large", type=int, default=1, help="runs per tool on larger trees (default 1)"
    )
    parser.add_argument(
        "--tools",
        default=DEFAULT_TOOLS,
        help=f"comma-separated (default {DEFAULT_TOOLS}; also po4a)",
    )
    parser.add_argument(
        "--mdpo-pot",
        action="store_true",
        help="let mdpo also save each catalog as a POT (its workflow has none)",
    )
    parser.add_argument("--no-4lang", action="store_true", help="skip cfg-i18n with 4 languages")
    parser.add_argument("--with-po4a", action="store_true", help="add po4a (slow: ~10× the others)")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds per command (default 1800)"
    )
    parser.add_argument("--results", type=Path, default=HERE / "results.md", help="Markdown output")
    parser.add_argument(
        "--no-results", action="store_true", help="print only, do not write --results"
    )
    parser.add_argument(
        "--keep-work", action="store_true", help="keep the trees and site copies (about 1.5 GB)"
    )
    parser.add_argument("--peers-python", type=Path, help="python of the peers' virtualenv")
    parser.add_argument("--ours-python", type=Path, help="python of the project's virtualenv")
    args = parser.parse_args(argv)

    if not (args.corpus / "_index.md").is_file():
        parser.error(f"no content tree at {args.corpus} (expected _index.md there); pass --corpus")
    ctx = default_context(REPO)
    if args.peers_python:
        ctx.peers_python = args.peers_python.absolute()
    if args.ours_python:
        ctx.ours_python = args.ours_python.absolute()
    args.work = args.work.resolve()

    names = [n.strip() for n in args.tools.split(",") if n.strip()]
    if args.with_po4a and "po4a" not in names:
        names.append("po4a")
    if report.OURS in names and not args.no_4lang and report.OURS_4LANG not in names:
        names.insert(names.index(report.OURS) + 1, report.OURS_4LANG)
    tools = make_tools(names, ctx, args.mdpo_pot)

    started = time.perf_counter()
    meta = machine_info(ctx, args.corpus)
    log("byte-compiling the environments (not timed)")
    precompile(ctx)
    trees = build_trees(args.corpus, args.work, args.sizes)
    trash = args.work / "trash"
    shutil.rmtree(trash, ignore_errors=True)  # left by an interrupted run
    tools_module.TRASH = trash
    bench = Bench(args, ctx, tools)
    runs = {size: args.runs if size == 1 else args.runs_large for size in args.sizes}
    for size in args.sizes:
        bench.run_size(size, trees[size], tools, runs[size])
    meta["runs"] = (
        ", ".join(f"{runs[s]} per tool on {s}×" for s in args.sizes)
        + "; tools alternate round-robin, medians reported"
    )
    meta["benchmark time"] = f"{time.perf_counter() - started:.0f} s"
    if hasattr(os, "getloadavg"):
        meta["load average at end (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())

    pages = {size: page_count(trees[size]) for size in args.sizes}
    text = report.render(meta, bench.results, runs, pages)
    log("\n" + text)
    raw = {
        str(size): {key: asdict(r) for key, r in tools_.items()}
        for size, tools_ in bench.results.items()
    }
    (args.work / "results.json").write_text(
        json.dumps({"meta": meta, "results": raw}, indent=1), encoding="utf-8"
    )
    if not args.no_results:
        args.results.write_text(text, encoding="utf-8")
        log(f"\nwrote {args.results}")
    shutil.rmtree(trash, ignore_errors=True)
    if not args.keep_work:
        for scratch in ("sites", "trees"):
            shutil.rmtree(args.work / scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
