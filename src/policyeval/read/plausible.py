"""Does a page's text layer read as text? A text layer can look right on screen and read as
garbage: a font without a usable character map (a Type3 font without glyph names, a broken or
missing ToUnicode CMap) gives replacement characters, control codes or shifted letters
(":HOFRPH WR WKH SODQ" for "Welcome to the plan"). Such a page would quietly read as silent.

Two measures, both against what the page's glyphs suggest:
- words read against words drawn: a page most of whose words are only unreadable glyphs
  (U+FFFD, private-use, control codes) and which has little readable text besides is garbage
  (a font without a character map); where odd glyphs stand only for leaders, rules or spaces
  beside enough readable words (as in some drug-list indexes: "mg....." reads as "mg" and a
  run of U+FFFD), the page still reads, with a warning naming it;
- how English-like its letters are: the mean log-probability of letter pairs (word boundaries
  included) under an English letter-pair model. Words of any English-like vocabulary (drug names,
  codes, abbreviations) score well above the floor; letters shifted or permuted by a wrong
  character map fall far below it.

The model (`_BIGRAMS`, -10 x natural log of P(next letter | letter), 0 = word boundary) was
computed once from the 60,000 most frequent words of the English word-frequency list shipped
with pyspellchecker 0.9.1 (MIT licence), each word weighted by log(1 + frequency), add-one
smoothed. On the sample and real plan documents every page scores above -3.6; pages whose
letters pass through a wrong one-to-one map score below -3.9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Word

MIN_GLYPHS = 40  # a page with fewer glyphs is not judged (a title page, a page number)
MIN_TOKENS = 25  # letter runs a page needs before its letters are scored
SAMPLED_TOKENS = 400  # letter runs scored per page (enough to judge, bounded cost)
MIN_WORDS = 10  # a page with fewer words is not judged by its unreadable words
PAIR_FLOOR = -3.9  # mean natural-log probability per letter pair below which text is garbage
ODD_SHARE = 0.05  # unreadable glyphs above this share of the page's glyphs earn a warning

_TOKEN = re.compile(r"[a-z]{2,}")


@dataclass
class Glyphs:
    """What the text layer gave for one page, before cleaning."""

    total: int = 0  # characters in words
    unreadable: int = 0  # U+FFFD, private-use and control characters among them
    words: int = 0
    unreadable_words: int = 0  # words with unreadable characters and no letter or digit read

    def add(self, text: str) -> None:
        self.total += len(text)
        self.words += 1
        if not text.isascii() or not text.isprintable():
            bad = sum(1 for ch in text if _unreadable(ch))
            self.unreadable += bad
            if bad and not any(ch.isalnum() for ch in text if not _unreadable(ch)):
                self.unreadable_words += 1


def _unreadable(ch: str) -> bool:
    return ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or (ch < " " and ch != "\t")


def judge(words: list[Word], glyphs: Glyphs) -> str:
    """One of "garbage" (the text layer does not read as text), "odd" (it does, with some unreadable
    glyphs) or "ok"."""
    if glyphs.total < MIN_GLYPHS:
        return "ok"
    tokens = _TOKEN.findall(" ".join(w.text for w in words[: SAMPLED_TOKENS * 2]).lower())[:SAMPLED_TOKENS]
    if len(tokens) < MIN_TOKENS:
        if (glyphs.words >= MIN_WORDS and 2 * glyphs.unreadable_words > glyphs.words) or (
            2 * glyphs.unreadable > glyphs.total
        ):
            return "garbage"
    elif pair_score(tokens) < PAIR_FLOOR:
        return "garbage"
    if glyphs.unreadable > ODD_SHARE * glyphs.total:
        return "odd"
    return "ok"


def pair_score(tokens: list[str]) -> float:
    """Mean natural-log probability of the letter pairs of `tokens` (lower-case a-z)."""
    total, pairs = 0, 0
    for t in tokens:
        prev = 0
        for ch in t:
            cur = ord(ch) - 96
            total += _TABLE[prev][cur]
            prev = cur
        total += _TABLE[prev][0]
        pairs += len(t) + 1
    return -total / 10 / pairs if pairs else 0.0


_BIGRAMS = (
    "128 26 28 24 28 32 31 34 33 33 46 48 34 30 40 38 26 55 28 22 30 38 42 36 82 56 63",
    "35 74 32 27 31 53 45 34 56 33 69 42 22 33 20 72 34 74 22 28 19 41 42 46 57 41 54",
    "39 20 34 61 54 19 74 86 65 23 53 87 17 59 60 21 68 109 24 32 50 25 66 69 109 42 90",
    "31 20 94 39 84 22 116 92 21 27 116 25 32 84 80 18 100 61 28 46 25 30 116 116 116 44 83",
    "10 32 57 62 40 17 60 45 58 20 58 79 38 50 56 30 63 83 35 32 66 36 51 54 116 45 84",
    "20 30 51 34 20 37 45 45 57 48 69 62 31 37 24 51 41 59 18 20 33 54 44 48 42 50 65",
    "34 23 69 73 79 21 24 71 76 17 81 106 23 87 81 21 89 106 25 44 32 24 106 75 106 38 106",
    "9 28 65 95 71 21 68 35 30 27 97 86 32 53 38 32 71 97 26 35 60 33 113 69 113 44 81",
    "24 18 52 68 62 14 60 87 65 19 90 80 46 46 50 18 67 82 35 44 31 31 88 54 111 34 111",
    "50 32 43 25 34 29 40 35 77 85 77 55 30 34 12 26 40 63 35 24 26 57 35 84 60 88 39",
    "62 15 86 86 86 16 86 86 86 28 69 86 86 71 86 16 86 86 86 86 86 13 86 86 86 86 86",
    "18 30 47 68 59 12 52 65 45 18 76 57 32 50 34 40 52 102 46 23 54 45 77 50 102 35 102",
    "24 21 54 52 39 16 51 56 66 18 101 49 23 51 63 24 53 102 66 35 39 33 51 69 118 25 100",
    "27 17 30 62 76 16 62 112 73 19 112 112 57 31 51 22 23 94 68 36 80 32 79 71 112 44 112",
    "22 28 59 30 26 23 43 16 55 27 61 42 53 59 40 34 59 61 58 25 22 46 47 61 76 50 68",
    "38 39 39 34 36 49 46 37 60 41 72 44 28 28 16 30 33 74 20 31 31 25 36 34 52 49 61",
    "32 22 63 71 67 17 69 72 29 24 85 68 25 62 63 22 28 112 20 32 33 32 112 66 112 46 112",
    "60 68 85 85 85 85 85 85 85 54 85 85 85 85 85 85 85 85 85 85 85 0 85 85 85 85 85",
    "23 21 46 40 36 17 51 43 56 21 75 45 44 38 39 24 46 79 37 26 32 36 48 58 91 37 90",
    "9 36 65 34 69 26 62 68 30 28 89 48 41 42 49 36 34 55 66 29 20 34 87 48 123 48 106",
    "21 25 60 44 72 16 58 70 29 16 96 89 40 56 60 28 66 121 26 29 34 34 89 52 121 37 64",
    "51 32 34 31 35 32 44 36 76 32 76 58 24 28 18 51 32 84 21 20 24 76 60 88 61 66 58",
    "59 19 103 103 103 6 103 103 103 15 103 103 71 103 86 26 103 103 67 72 87 49 62 103 103 51 103",
    "28 16 46 62 46 18 52 68 26 18 102 52 36 54 28 23 57 102 32 31 54 59 102 77 102 55 102",
    "20 27 89 24 89 21 57 72 35 18 89 89 59 64 89 35 18 61 89 66 20 35 89 62 89 41 89",
    "4 37 48 39 46 33 59 54 62 34 107 72 40 38 40 39 37 107 44 30 45 57 73 51 69 107 59",
    "30 23 91 91 91 8 91 74 74 18 91 72 33 60 74 30 66 91 72 63 66 49 58 75 91 37 25",
)
_TABLE = tuple(tuple(int(v) for v in row.split()) for row in _BIGRAMS)
