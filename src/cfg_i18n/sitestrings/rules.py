"""Which translations of site strings may be applied: the rule ``merge`` and ``check`` share.

Besides the pages' rule (shortcodes, HTML tags, link targets … of the source kept), an i18n
table's text is a Go template: a translation must not bring template actions of its own or
change one (``{{ .Count }}``), since go-i18n would fail on it when the page is built. A
plural form may leave an action out ("one thing" needs no count).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from cfg_i18n.config import Config
from cfg_i18n.sitestrings.model import SiteMessage

_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)


def actions(text: str) -> Counter[str]:
    """The Go template actions of a text, whitespace inside them normalised."""
    return Counter(" ".join(found.split()) for found in _ACTION.findall(text))


def translation_problems(message: SiteMessage, config: Config, language: str,
                         forms: Sequence[str]) -> list[str]:
    """What is wrong with the translation ``forms`` (one text, or the plural forms) of
    ``message``; empty when merge may apply it."""
    from cfg_i18n.safe_entries import plain_and_trimmed
    from cfg_i18n.safety import check_translation

    prefix = f"/{language}"

    def allow_link(source: str, translated: str) -> bool:
        return translated == prefix + source

    problems: list[str] = []
    sources = [message.msgid] + ([message.msgid_plural] if message.msgid_plural else [])
    plural = message.msgid_plural is not None
    for index, text in enumerate(forms):
        source = sources[-1] if plural and index else message.msgid
        if plain_and_trimmed(source, text):
            found = []
        else:
            found = check_translation(source, text, markdown=message.markdown,
                                      text_params=config.shortcode_text_params,
                                      allow_link=allow_link)
        where = f"msgstr[{index}]: " if plural else ""
        problems += [where + problem.message for problem in found]
        if message.template:
            problems += [where + problem for problem in _action_problems(sources, text, plural)]
    return problems


def _action_problems(sources: Sequence[str], text: str, plural: bool) -> list[str]:
    wanted = actions(sources[0]) if not plural else sum((actions(s) for s in sources), Counter())
    given = actions(text)
    problems = [f"template action {{{{ {action} }}}} is not in the source; copy the source's "
                "actions exactly" for action in given if action not in wanted]
    if not plural:
        problems += [f"template action {{{{ {action} }}}} of the source is missing; keep it"
                     for action, count in wanted.items() if given[action] < count]
    return problems
