"""The seed page yields exactly the expected messages, in order (core acceptance 1)."""

from __future__ import annotations

from conftest import SEED, SEED_MSGIDS

from cfg_i18n import extract_text, merge_text


def test_seed_messages_exactly() -> None:
    expected = [line for line in SEED_MSGIDS.read_text(encoding="utf-8").split("\n") if line]
    got = [segment.msgid for segment in extract_text(SEED.read_text(encoding="utf-8"))]
    assert got == expected


def test_seed_kinds_and_lines() -> None:
    segments = extract_text(SEED.read_text(encoding="utf-8"))
    first = segments[0]
    assert (first.kind, first.msgid, first.line) == ("front matter: title", "Home", 2)
    by_msgid = {s.msgid: s for s in segments}
    assert by_msgid["Wer wir sind"].line == 12
    assert by_msgid["Verwaltungen"].kind == "heading"
    caption = next(s for s in segments if s.msgid.startswith("In diesem Video"))
    assert caption.kind == "html <figcaption>" and caption.line == 32
    assert by_msgid["Eigene Expertise in unserer Community teilen."].kind == "html <li>"


def test_seed_merge_replaces_only_text() -> None:
    source = SEED.read_text(encoding="utf-8")
    merged = merge_text(source, {
        "Wer wir sind": "Who we are",
        "Mehr Blogartikel lesen": "Read more blog posts",
        "Home": "Home page",
    })
    assert "{{< headline-brackets-h2 color=\"red\" >}} \nWho we are\n{{</ headline-brackets-h2>}}" in merged
    assert "{{< button-center href=\"/blog\" class=\"mt-6\" >}}\nRead more blog posts\n{{< /button-center >}}" in merged
    assert merged.startswith("---\ntitle: Home page\n---\n")
    assert merged.replace("Who we are", "Wer wir sind").replace("Read more blog posts", "Mehr Blogartikel lesen") \
        .replace("title: Home page", "title: Home") == source
