"""What a site's templates tell about its shortcodes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_INNER = re.compile(r"\.Inner\b")


def shortcode_dirs(site: Path) -> list[Path]:
    """``layouts/shortcodes`` of the site and of each theme, where Hugo looks for templates."""
    dirs = [site / "layouts" / "shortcodes"]
    themes = site / "themes"
    if themes.is_dir():
        dirs.extend(sorted(theme / "layouts" / "shortcodes" for theme in themes.iterdir()))
    return [d for d in dirs if d.is_dir()]


def shortcodes_taking_inner(dirs: Iterable[Path]) -> frozenset[str]:
    """Names of the shortcodes whose templates read ``.Inner`` (so they need a closing tag)."""
    names: set[str] = set()
    for root in dirs:
        for template in root.rglob("*.html"):
            try:
                text = template.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if _INNER.search(text):
                rel = template.relative_to(root).with_suffix("").as_posix()
                names.add(rel.split(".", 1)[0])
    return frozenset(names)
