"""Turn measured samples into the Markdown tables printed and saved by run.py."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

OURS = "cfg-i18n"
OURS_4LANG = "cfg-i18n-4lang"
BASELINE = "mdpo"
"""Peer the issue's targets are stated against."""

EXTRACT, MERGE, CHECK = "extract", "merge", "check"
WARM_NOOP = "extract, nothing changed"
WARM_TOUCH = "extract, 1 page touched"
WARM_EXTRACT = "extract, 1 page edited"
WARM_MERGE = "merge, 1 page edited"
WARM_CHECK = "check, 1 page edited"
WARM_PHASES = (WARM_NOOP, WARM_TOUCH, WARM_EXTRACT, WARM_MERGE, WARM_CHECK)
#: mdpo's full runs timed in the warm rounds, each beside cfg-i18n's warm runs of that round:
#: the warm speed-ups compare runs made minutes, not a quarter of an hour, apart.
BESIDE_WARM = {EXTRACT: "extract, beside the warm runs", MERGE: "merge, beside the warm runs"}


@dataclass(slots=True)
class Sample:
    """One measured run of one phase."""

    seconds: float
    """Wall-clock time of the phase's commands."""
    rss_kib: int
    """Peak resident set of the largest process of the phase."""
    cpu: float
    """User + system CPU seconds of the phase's processes."""


@dataclass(slots=True)
class ToolResult:
    """Everything measured for one tool on one tree size."""

    key: str
    version: str = ""
    pages: int = 0
    """Pages given to the tool."""
    skipped: str | None = None
    """Why the tool did not run at all."""
    failed: str | None = None
    """Why a phase failed (the tool's later phases were skipped)."""
    phases: dict[str, list[Sample]] = field(default_factory=dict)
    catalogs: int = 0
    """PO files written by the last extract."""
    outputs: int = 0
    """Translated pages written by the last merge."""
    notes: list[str] = field(default_factory=list)
    extract_how: str = ""
    merge_how: str = ""

    def median_cpu(self, phase: str) -> float | None:
        samples = self.phases.get(phase)
        return statistics.median(s.cpu for s in samples) if samples else None

    def median(self, phase: str) -> float | None:
        samples = self.phases.get(phase)
        return statistics.median(s.seconds for s in samples) if samples else None

    def peak_mb(self, phase: str) -> float | None:
        samples = self.phases.get(phase)
        return max(s.rss_kib for s in samples) / 1024 if samples else None


Results = dict[int, dict[str, ToolResult]]
"""Tree size (1, 10) -> tool key -> result."""


def secs(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def ratio(num: float | None, den: float | None) -> float | None:
    return None if num is None or den is None or den == 0 else num / den


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def status_of(result: ToolResult) -> str:
    if result.skipped:
        return f"skipped: {result.skipped}"
    if result.failed:
        return f"failed: {result.failed}"
    return ""


def wrote(result: ToolResult) -> str:
    """What the last cold run left behind: a check that the tool did the whole job."""
    parts = []
    if EXTRACT in result.phases:
        parts.append(f"{result.catalogs} PO")
    if MERGE in result.phases:
        parts.append(f"{result.outputs} pages")
    return ", ".join(parts) or "–"


def cold_section(size: int, pages: int, runs: int, tools: dict[str, ToolResult]) -> list[str]:
    lines = [
        f"## Cold runs, {size}× tree ({pages} pages, {runs} run(s) each, medians)",
        "",
        (
            "Wall-clock time is what the targets use. CPU (user + system, all processes) is there to"
            " spot a busy machine: a single-threaded tool whose wall time is well above its CPU time"
            " was waiting for the processor or the disk."
        ),
        "",
    ]
    rows = []
    for r in tools.values():
        note = "; ".join(filter(None, [status_of(r), *r.notes]))
        rows.append(
            [
                r.key,
                r.version or "–",
                str(r.pages or "–"),
                secs(r.median(EXTRACT)),
                secs(r.median_cpu(EXTRACT)),
                secs(r.median(MERGE)),
                secs(r.median_cpu(MERGE)),
                f"{mb(r.peak_mb(EXTRACT))} / {mb(r.peak_mb(MERGE))}",
                wrote(r),
                note,
            ]
        )
    header = [
        "tool",
        "version",
        "pages",
        "extract",
        "extract CPU",
        "merge / generate",
        "merge CPU",
        "peak RSS (extract / merge)",
        "wrote",
        "notes",
    ]
    return lines + table(header, rows) + [""]


def ratio_section(size: int, tools: dict[str, ToolResult]) -> list[str]:
    ours = tools.get(OURS)
    lines = [f"### cfg-i18n against each peer, {size}× tree", ""]
    if ours is None or not ours.phases:
        reason = status_of(ours) if ours else "not selected"
        return lines + [f"No ratios: cfg-i18n {reason}.", ""]
    rows = []
    for r in tools.values():
        if r.key in (OURS, OURS_4LANG) or not r.phases:
            continue
        row = [r.key]
        for phase in (EXTRACT, MERGE):
            ours_t, peer_t = ours.median(phase), r.median(phase)
            row += [times(ratio(ours_t, peer_t)), times(ratio(peer_t, ours_t))]
        rows.append(row)
    header = [
        "peer",
        "extract ours/peer",
        "extract speed-up (peer/ours)",
        "merge ours/peer",
        "merge speed-up (peer/ours)",
    ]
    return lines + table(header, rows) + [""]


def scaling_section(results: Results, small: int, large: int) -> list[str]:
    lines = [
        f"## Scaling from {small}× to {large}×",
        "",
        (
            "`t_large/t_small` is 10 for exactly linear time without fixed costs;"
            " `per added page` is the slope (t_large − t_small) / (pages_large − pages_small)."
        ),
        "",
    ]
    rows = []
    for key, r_small in results[small].items():
        r_large = results[large].get(key)
        if r_large is None:
            continue
        for phase in (EXTRACT, MERGE):
            t1, t10 = r_small.median(phase), r_large.median(phase)
            if t1 is None or t10 is None:
                continue
            added = r_large.pages - r_small.pages
            slope = (t10 - t1) / added * 1000 if added else None
            rows.append(
                [
                    key,
                    phase,
                    secs(t1),
                    secs(t10),
                    times(ratio(t10, t1)),
                    "–" if slope is None else f"{slope:.2f} ms",
                ]
            )
    header = ["tool", "phase", f"{small}×", f"{large}×", "t_large/t_small", "per added page"]
    return lines + table(header, rows) + [""]


def reference(peer: ToolResult | None, phase: str) -> float | None:
    """mdpo's time for ``phase`` to compare warm runs with: from the warm rounds when it ran
    there, else from the cold rounds."""
    if peer is None:
        return None
    beside = peer.median(BESIDE_WARM[phase])
    return beside if beside is not None else peer.median(phase)


def warm_section(results: Results) -> list[str]:
    lines = [
        "## cfg-i18n warm runs (cache and catalogs from a previous run)",
        "",
        (
            "Speed-up = mdpo's full cold run of the same step / ours warm"
            " (check is compared with mdpo's md2po, mdpo has no check). mdpo's runs are"
            " the ones timed in the warm rounds, one extract and one merge per round right"
            " after ours, so that both sides see the machine in the same state."
        ),
        "",
    ]
    rows = []
    for size, tools in results.items():
        ours, peer = tools.get(OURS), tools.get(BASELINE)
        if ours is None or not ours.phases:
            continue
        for phase in WARM_PHASES:
            t = ours.median(phase)
            if t is None:
                continue
            base_phase = MERGE if phase == WARM_MERGE else EXTRACT
            cold_phase = CHECK if phase == WARM_CHECK else base_phase
            peer_t = reference(peer, base_phase)
            rows.append(
                [
                    f"{size}×",
                    phase,
                    secs(t),
                    secs(ours.median(cold_phase)),
                    times(ratio(ours.median(cold_phase), t)),
                    times(ratio(peer_t, t)),
                ]
            )
    if not rows:
        return lines + ["No warm runs (cfg-i18n did not run).", ""]
    header = [
        "tree",
        "phase",
        "warm",
        "ours cold",
        "speed-up vs ours cold",
        "speed-up vs mdpo full run",
    ]
    return lines + table(header, rows) + [""]


def languages_section(results: Results) -> list[str]:
    lines = ["## cfg-i18n: 4 languages against 1", ""]
    rows = []
    for size, tools in results.items():
        one, four = tools.get(OURS), tools.get(OURS_4LANG)
        if one is None or four is None or not one.phases or not four.phases:
            continue
        for phase in (EXTRACT, MERGE):
            rows.append(
                [
                    f"{size}×",
                    phase,
                    secs(one.median(phase)),
                    secs(four.median(phase)),
                    times(ratio(four.median(phase), one.median(phase))),
                ]
            )
    if not rows:
        return lines + ["Not measured (cfg-i18n did not run).", ""]
    return lines + table(["tree", "phase", "1 language", "4 languages", "4 / 1"], rows) + [""]


def targets_section(results: Results, small: int, large: int | None) -> list[str]:
    """Issue 6's targets, evaluated on this run's numbers."""
    lines = ["## Targets (issue 6)", ""]
    rows: list[list[str]] = []

    def add(name: str, value: float | None, goal: str, ok: bool | None) -> None:
        verdict = "–" if ok is None else ("met" if ok else "NOT met")
        rows.append([name, "–" if value is None else f"{value:.2f}", goal, verdict])

    def speedup(size: int, peer_phase: str, ours_phase: str) -> float | None:
        tools = results.get(size, {})
        ours, peer = tools.get(OURS), tools.get(BASELINE)
        if ours is None or peer is None:
            return None
        if ours_phase in WARM_PHASES:
            return ratio(reference(peer, peer_phase), ours.median(ours_phase))
        return ratio(peer.median(peer_phase), ours.median(ours_phase))

    def at_least(value: float | None, goal: float) -> bool | None:
        return None if value is None else value >= goal

    for phase in (EXTRACT, MERGE):
        value = speedup(small, phase, phase)
        add(f"1: cold {phase}, speed-up vs mdpo ({small}×)", value, "≥ 2", at_least(value, 2))
    for phase, base in ((WARM_EXTRACT, EXTRACT), (WARM_MERGE, MERGE), (WARM_CHECK, EXTRACT)):
        value = speedup(small, base, phase)
        add(
            f"2: warm {phase}, speed-up vs mdpo full run ({small}×)",
            value,
            "≥ 10",
            at_least(value, 10),
        )
    if large is not None:
        for phase in (EXTRACT, MERGE):
            value = speedup(large, phase, phase)
            add(f"3: cold {phase}, speed-up vs mdpo ({large}×)", value, "≥ 3", at_least(value, 3))
        ours = results.get(large, {}).get(OURS)
        peak = None
        if ours is not None and ours.phases:
            peaks = [p for p in (ours.peak_mb(EXTRACT), ours.peak_mb(MERGE)) if p is not None]
            peak = max(peaks) if peaks else None
        add(f"3: peak RSS, MB ({large}×)", peak, "< 200", None if peak is None else peak < 200)
        for phase in (EXTRACT, MERGE):
            small_r, large_r = results[small].get(OURS), results[large].get(OURS)
            growth = (
                ratio(large_r.median(phase), small_r.median(phase)) if small_r and large_r else None
            )
            add(
                f"3: {phase} time {large}× / {small}× (linear: ≤ {large / small:.0f})",
                growth,
                f"≤ {large / small:.0f}",
                None if growth is None else growth <= large / small * 1.1,
            )
    for phase in (EXTRACT, MERGE):
        tools = results.get(small, {})
        one, four = tools.get(OURS), tools.get(OURS_4LANG)
        value = ratio(four.median(phase), one.median(phase)) if one and four else None
        add(
            f"4: {phase}, 4 languages / 1 ({small}×)",
            value,
            "< 2",
            None if value is None else value < 2,
        )
    return lines + table(["target", "value", "goal", "verdict"], rows) + [""]


def samples_section(results: Results) -> list[str]:
    lines = ["## All samples", "", "<details><summary>seconds per run, in run order</summary>", ""]
    rows = []
    for size, tools in results.items():
        for r in tools.values():
            for phase, samples in r.phases.items():
                rows.append(
                    [
                        f"{size}×",
                        r.key,
                        phase,
                        ", ".join(f"{s.seconds:.3f}" for s in samples),
                        ", ".join(f"{s.cpu:.2f}" for s in samples),
                        mb(r.peak_mb(phase)),
                    ]
                )
    lines += table(["tree", "tool", "phase", "wall s", "CPU s", "peak RSS"], rows)
    return lines + ["", "</details>", ""]


def how_section(results: Results) -> list[str]:
    seen: dict[str, tuple[str, str]] = {}
    for tools in results.values():
        for r in tools.values():
            seen.setdefault(r.key, (r.extract_how, r.merge_how))
    rows = [[key, how[0], how[1]] for key, how in seen.items()]
    return ["## Commands", ""] + table(["tool", "extract", "merge / generate"], rows) + [""]


def render(
    meta: dict[str, str], results: Results, runs: dict[int, int], pages: dict[int, int]
) -> str:
    """The whole report as Markdown."""
    lines = ["# Benchmark: cfg-i18n and its peers on the codefor.de content", ""]
    lines += [f"- **{key}**: {value}" for key, value in meta.items()]
    lines += [
        "",
        "Written by `make bench` (benchmarks/run.py); benchmarks/README.md says what is measured.",
        "",
    ]
    sizes = sorted(results)
    for size in sizes:
        lines += cold_section(size, pages.get(size, 0), runs.get(size, 0), results[size])
        lines += ratio_section(size, results[size])
    large = sizes[-1] if len(sizes) > 1 else None
    if large is not None:
        lines += scaling_section(results, sizes[0], large)
    lines += warm_section(results)
    lines += languages_section(results)
    lines += targets_section(results, sizes[0], large)
    lines += how_section(results)
    lines += samples_section(results)
    return "\n".join(lines)
