"""One lexicon pass per page. The page's words are normalised and scanned by the lexicon's
automaton once; every sentence, clause or cell that is a run of the page's words takes its matches
from that pass instead of normalising and scanning its words again (issue 13: the matcher ran
about 1,350 times per document)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from ..lexicon import Lexicon, Match, Squashed
from ..models import Word

ALL_GROUPS = ("concept", "insurer", "modifier")


class PageMatcher:
    """Lexicon matches for any list of a page's words: a contiguous run of the page (in reading
    order) is answered from the page's one scan; anything else (a chart cell assembled from
    several lines) is matched on its own."""

    def __init__(self, lexicon: Lexicon, words: Sequence[Word]):
        self.lexicon = lexicon
        self._words = list(words)
        self._index = {id(w): i for i, w in enumerate(self._words)}
        self._sq = Squashed([w.text for w in words])
        self._raw = lexicon.raw_matches(self._sq)  # every group, exclude phrases too, unresolved
        self._starts = [m.start for m in self._raw]
        self._memo: dict[tuple[int, int, tuple[str, ...]], list[Match]] = {}  # a run is often asked again

    def __call__(self, words: Sequence[Word], groups: Iterable[str] = ALL_GROUPS) -> list[Match]:
        span = self._run(words)
        if span is None:
            return self.lexicon.match([w.text for w in words], groups=groups)
        first, stop = span
        key = (first, stop, groups if isinstance(groups, tuple) else tuple(groups))
        found = self._memo.get(key)
        if found is None:
            lo = bisect_left(self._starts, first)
            raw = []
            for m in self._raw[lo:]:
                if m.start >= stop:
                    break
                if m.end <= stop:
                    raw.append(m)
            found = self.lexicon.resolve(raw, key[2], shift=first, char_shift=self._sq.first_char[first])
            self._memo[key] = found
        return list(found)

    def _run(self, words: Sequence[Word]) -> tuple[int, int] | None:
        """[first, stop) page indexes when `words` are consecutive words of the page, else None."""
        if not words:
            return None
        first = self._index.get(id(words[0]))
        if first is None:
            return None
        stop = first + len(words)
        # the same Word objects (list equality tries identity first, so this is a C-speed walk)
        if self._words[first:stop] != (words if isinstance(words, list) else list(words)):
            return None
        return first, stop
