"""List the content pages that hugo-gettext 0.6 cannot process.

hugo-gettext reads front matter with PyYAML's safe_load, which rejects what
Hugo accepts (tabs in YAML, for one): on such a page its whole run stops with a
traceback. The harness leaves those pages out of hugo-gettext's file list
(``excludedFiles``) and reports how many, so the other pages can be measured.

    hugo_gettext_probe.py SITE    (prints one path per line, relative to SITE)

Runs under the peers' virtualenv; uses hugo-gettext's own extraction and
generation renderers on each page of the site's configured content domain.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

from hugo_gettext.config import initialize
from hugo_gettext.extraction.e_domain import HugoDomainE
from hugo_gettext.extraction.index import Extraction
from hugo_gettext.extraction.renderer_hugo_i18n import RendererHugoI18N
from hugo_gettext.generation.g_domain import HugoDomainG
from hugo_gettext.generation.g_lang import HugoLangG
from hugo_gettext.generation.index import Generation
from hugo_gettext.generation.renderer_hugo_l10n import RendererHugoL10N


def unreadable(paths: list[str]) -> list[str]:
    """Pages on which extraction or generation raises."""
    bad: list[str] = []
    e_config, e_mdi = initialize(RendererHugoI18N)
    extraction = Extraction(e_config, e_mdi)
    g_config, g_mdi = initialize(RendererHugoL10N)
    generation = Generation({}, {}, g_config, g_mdi)
    lang_g = HugoLangG(generation, "en")
    for path in paths:
        try:
            HugoDomainE(extraction).i12ize_content_file(path)
            HugoDomainG(lang_g, lambda text: text).render_content_file(path)
        except Exception:  # noqa: BLE001 - any failure stops the real run: leave the page out
            bad.append(path)
    return bad


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.chdir(argv[0])
    config, _ = initialize(RendererHugoI18N)
    paths = [p for domain in config.content.values() for p in domain]
    with contextlib.redirect_stdout(io.StringIO()):
        bad = unreadable(paths)
    print("\n".join(bad))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
