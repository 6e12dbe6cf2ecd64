"""Run mdpo's md2po / po2md over a whole content tree in one process.

mdpo's command line writes one PO file per invocation: ``md2po GLOB -p x.po``
merges every matched page into a single catalog, and ``po2md`` translates one
Markdown file per call. A per-page layout (what cfg-i18n writes) would cost one
interpreter start per page on the command line, which is unfair to mdpo. So this
driver calls the same classes the CLIs use (``mdpo.md2po.Md2Po``,
``mdpo.po2md.Po2Md``, as ``md2po2md`` does) once per page inside one process.

    mdpo_batch.py extract CONTENT LOCALE LANG [--pot]
        CONTENT/**/*.md -> LOCALE/LANG/<rel>.po (and LOCALE/templates/<rel>.pot)
    mdpo_batch.py generate CONTENT LOCALE LANG OUT
        LOCALE/LANG/<rel>.po + CONTENT/<rel>.md -> OUT/<rel>.md

mdpo's workflow has no template: md2po writes the language's PO directly. With
--pot the same catalog is also saved as a POT (a second serialisation, no
second parse), for a like-for-like "POT + PO" comparison.

Runs under the peers' virtualenv (mdpo installed there).
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

from mdpo.md2po import Md2Po
from mdpo.po2md import Po2Md


def pages(content: Path) -> list[tuple[Path, Path]]:
    """Every Markdown page below CONTENT with its path relative to it, without .md."""
    return [(md, md.relative_to(content).with_suffix("")) for md in sorted(content.rglob("*.md"))]


def extract(content: Path, locale: Path, lang: str, pot: bool) -> int:
    """Write one language's PO (and with POT, a template) per page."""
    for md, rel in pages(content):
        po = locale / lang / f"{rel}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        # A list is taken as globs by mdpo; escape so names with [ ] * ? stay literal.
        pofile = Md2Po([glob.escape(str(md))], location=True).extract(
            po_filepath=str(po), save=True
        )
        if pot:
            template = locale / "templates" / f"{rel}.pot"
            template.parent.mkdir(parents=True, exist_ok=True)
            pofile.save(fpath=str(template))
    return 0


def generate(content: Path, locale: Path, lang: str, out: Path) -> int:
    """Write the translated Markdown of every page whose PO exists."""
    for md, rel in pages(content):
        po = locale / lang / f"{rel}.po"
        if not po.is_file():
            continue
        target = out / f"{rel}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        Po2Md([glob.escape(str(po))]).translate(str(md), save=str(target))
    return 0


def main(argv: list[str]) -> int:
    if len(argv) in (4, 5) and argv[0] == "extract" and argv[4:] in ([], ["--pot"]):
        return extract(Path(argv[1]), Path(argv[2]), argv[3], pot=argv[4:] == ["--pot"])
    if len(argv) == 5 and argv[0] == "generate":
        return generate(Path(argv[1]), Path(argv[2]), argv[3], Path(argv[4]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
