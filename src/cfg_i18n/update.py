"""Update a translation catalog from a new template with msgmerge semantics.

- unchanged msgid: translation, flags and translator comments kept;
- changed msgid: the most similar old translation comes back ``fuzzy`` with ``#| msgid``;
- vanished msgid: the entry turns obsolete (``#~``), never deleted;
- new msgid: empty.

The fuzzy matcher indexes old msgids by character trigrams (as msgmerge does) and scores only
the few best candidates with rapidfuzz, so a whole site updates in linear time.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence

import polib

from cfg_i18n.catalog import (
    FUZZY,
    MANAGED_FLAGS,
    add_note,
    has_translation,
    is_translated,
    suggestion_notes,
)
from cfg_i18n.update_result import UpdateResult

#: msgmerge's threshold: a candidate must share at least 60 % of its characters.
FUZZY_THRESHOLD = 0.6
#: Candidates scored per new message after the trigram filter.
CANDIDATES = 8


def _ratio(query: str, other: str, score_cutoff: float) -> float:
    from rapidfuzz import fuzz  # loaded only when a changed message needs a match

    return float(fuzz.ratio(query, other, score_cutoff=score_cutoff))


def _trigrams(text: str) -> set[str]:
    padded = f"\x02{text.casefold()}\x03"
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class FuzzyIndex:
    """Old msgids indexed by trigram; finds the most similar ones to a new msgid."""

    __slots__ = ("_postings", "_sizes", "_texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = list(texts)
        self._postings: dict[str, list[int]] = {}
        self._sizes: list[int] = []
        for index, text in enumerate(self._texts):
            grams = _trigrams(text)
            self._sizes.append(len(grams))
            for gram in grams:
                self._postings.setdefault(gram, []).append(index)

    def candidates(self, query: str, threshold: float = FUZZY_THRESHOLD) -> list[tuple[int, float]]:
        """``(index, similarity)`` of the best old texts at or above ``threshold``, best first."""
        grams = _trigrams(query)
        shared: dict[int, int] = {}
        for gram in grams:
            for index in self._postings.get(gram, ()):
                shared[index] = shared.get(index, 0) + 1
        if not shared:
            return []
        length = len(query)
        # Rank by trigram overlap (Dice), then score the best few exactly.
        ranked = sorted(
            shared,
            key=lambda index: (-2 * shared[index] / (len(grams) + self._sizes[index]), index),
        )
        results: list[tuple[int, float]] = []
        cutoff = threshold * 100
        for index in ranked[:CANDIDATES]:
            other = self._texts[index]
            # The similarity can never exceed what the lengths allow.
            if 2 * min(length, len(other)) < threshold * (length + len(other)):
                continue
            score = _ratio(query, other, score_cutoff=cutoff)
            if score:
                results.append((index, score / 100))
        results.sort(key=lambda item: (-item[1], item[0]))
        return results


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _from_template(template: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgstr="",
        comment=template.comment,
        occurrences=list(template.occurrences),
        flags=list(template.flags),
    )


def _carry(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Copy the translators' work (translation, comments, their own flags) onto ``entry``."""
    entry.msgstr = old.msgstr
    if old.msgstr_plural:
        entry.msgstr_plural = dict(old.msgstr_plural)
    entry.tcomment = old.tcomment
    if FUZZY in old.flags:  # a suggestion not yet reviewed keeps the note saying where it came from
        for note in suggestion_notes(old):
            add_note(entry, note)
    for flag in old.flags:
        if flag not in MANAGED_FLAGS and flag != FUZZY and flag not in entry.flags:
            entry.flags.append(flag)


def _exact(entry: polib.POEntry, old: polib.POEntry) -> None:
    _carry(entry, old)
    if FUZZY in old.flags:
        entry.flags.insert(0, FUZZY)
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgctxt = old.previous_msgctxt


def _fuzzy(entry: polib.POEntry, old: polib.POEntry) -> None:
    _carry(entry, old)
    entry.flags.insert(0, FUZZY)
    entry.previous_msgid = old.msgid
    entry.previous_msgctxt = old.msgctxt


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    entry = copy.copy(old)
    entry.flags = list(old.flags)
    entry.occurrences = []
    entry.comment = ""
    entry.obsolete = True
    return entry


def update_entries(
    template: Sequence[polib.POEntry],
    old: Sequence[polib.POEntry],
    donors: Mapping[str, polib.POEntry] | None = None,
    threshold: float = FUZZY_THRESHOLD,
) -> UpdateResult:
    """Merge the translations of ``old`` (a catalog's entries, obsolete ones included) into
    ``template``.

    ``donors`` maps msgid -> entry from other catalogs (those of renamed or deleted pages): a
    message with no exact match in ``old`` takes a donor's translation before fuzzy matching.
    Every old translation ends up active, fuzzy or obsolete; none is dropped.
    """
    active: dict[tuple[str | None, str], polib.POEntry] = {}
    revivable: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in old:
        if entry.msgid == "":
            continue
        target = revivable if entry.obsolete else active
        target.setdefault(_key(entry), entry)

    result = UpdateResult(entries=[])
    used: set[int] = set()
    pending: list[int] = []
    for position, source in enumerate(template):
        entry = _from_template(source)
        result.entries.append(entry)
        key = _key(source)
        candidates = [found for found in (active.get(key), revivable.get(key)) if found is not None]
        used.update(id(found) for found in candidates)
        match = next((found for found in candidates if has_translation(found)), None)
        if match is not None:
            _exact(entry, match)
            continue
        donor = donors.get(source.msgid) if donors and source.msgctxt is None else None
        if donor is not None and has_translation(donor):
            _exact(entry, donor)
            result.borrowed += 1
        elif candidates:
            _exact(entry, candidates[0])  # untranslated, but the translators' comments stay
        else:
            pending.append(position)

    _match_fuzzy(result, pending, old, used, threshold)

    kept_obsolete: list[polib.POEntry] = []
    seen: set[tuple[str | None, str]] = set()
    for entry in old:
        if entry.msgid == "" or id(entry) in used or _key(entry) in seen:
            continue
        if not has_translation(entry) and not entry.tcomment:
            continue  # nothing a translator wrote would be lost
        seen.add(_key(entry))
        if not entry.obsolete:
            result.obsoleted += 1
        kept_obsolete.append(_obsolete(entry))
    # A msgid that is active again must not also stay obsolete (msgfmt rejects duplicates).
    active_keys = {_key(entry) for entry in result.entries}
    result.entries += [entry for entry in kept_obsolete if _key(entry) not in active_keys]
    _count(result)
    return result


def _match_fuzzy(
    result: UpdateResult,
    pending: list[int],
    old: Sequence[polib.POEntry],
    used: set[int],
    threshold: float,
) -> None:
    """Give each pending message the most similar old translation, fuzzy.

    Pairs are assigned best-first so that each old translation first goes to the message most
    like it; a message left over may then share an old translation that is already in use.
    """
    sources = [entry for entry in old if entry.msgid and has_translation(entry)]
    if not pending or not sources:
        result.new += len(pending)
        return
    index = FuzzyIndex([entry.msgid for entry in sources])
    pairs: list[tuple[float, int, int, int]] = []
    options: dict[int, list[tuple[int, float]]] = {}
    for position in pending:
        found = index.candidates(result.entries[position].msgid, threshold)
        options[position] = found
        for source_index, score in found:
            distance = abs(source_index - position)
            pairs.append((-score, distance, position, source_index))
    pairs.sort()
    taken_sources: set[int] = {i for i, entry in enumerate(sources) if id(entry) in used}
    assigned: dict[int, int] = {}
    for _, _, position, source_index in pairs:
        if position in assigned or source_index in taken_sources:
            continue
        assigned[position] = source_index
        taken_sources.add(source_index)
    for position in pending:
        chosen = assigned.get(position)
        if chosen is None and options[position]:
            chosen = options[position][0][0]
        entry = result.entries[position]
        if chosen is None:
            result.new += 1
            continue
        _fuzzy(entry, sources[chosen])
        used.add(id(sources[chosen]))
        result.fuzzy_new += 1


def _count(result: UpdateResult) -> None:
    for entry in result.entries:
        if entry.obsolete:
            result.obsolete += 1
        elif FUZZY in entry.flags:
            result.fuzzy += 1
        elif is_translated(entry):
            result.translated += 1
        else:
            result.untranslated += 1
