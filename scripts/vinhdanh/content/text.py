"""Vietnamese text rules: normalisation, slugs, folding, name order and collation.

Everything here is pure: strings in, strings or keys out.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..records import record

# Characters pasted from Word or Zalo that look like spaces or nothing at all.
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Characters that change what a reader sees without being seen, cleaned like the
# invisible ones but said (they are rare, and may be meant to deceive): controls
# (C0 but tab and line ends, DEL, C1; no XML may hold most of them, so a feed
# refuses the whole build), the non-characters U+FFFE/U+FFFF, and the bidi
# controls that reorder text (U+202E shows "Lan" as "naL"). Word's manual line
# and page breaks (U+000B, U+000C) and NEL become spaces: words stay apart.
_HIDDEN_CODES = [*range(0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0), 0xFFFE, 0xFFFF]
_BIDI_CODES = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_HIDDEN = {**dict.fromkeys(_HIDDEN_CODES + _BIDI_CODES, None), **dict.fromkeys(map(ord, "\x0b\x0c\x85"), " ")}
_CLEAN = {**_SPACE_LIKE, **_INVISIBLE, **_HIDDEN}
_FIND_HIDDEN = re.compile("[" + "".join(re.escape(chr(c)) for c in _HIDDEN) + "]")

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}

# Vietnamese alphabet order; letters outside it sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}


_TO_CLEAN = re.compile("[" + "".join(re.escape(chr(c)) for c in _CLEAN) + "]")


def normalize(text: str) -> str:
    """NFC, LF line ends, no BOM, no invisible, control or bidi characters, no non-breaking spaces."""
    return normalize_reporting(text)[0]


@record
class Hidden:
    """The first control or bidi character `normalize` removed: where it stood in the text it returned."""

    char: str
    count: int  # how many the text had
    line: int
    column: int


def normalize_reporting(text: str) -> tuple[str, Hidden | None]:
    """`normalize(text)`, and the first control or bidi character it removed (one search of the text for both)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    hidden = None
    cleaning = _TO_CLEAN.search(text)
    if cleaning:  # str.translate walks every character through a dict: slow on whole files
        found = find_hidden(text, cleaning.start())
        if found is not None:
            before = unicodedata.normalize("NFC", text[: found[0]].translate(_CLEAN))
            hidden = Hidden(text[found[0]], found[1], before.count("\n") + 1, len(before) - before.rfind("\n"))
        text = text.translate(_CLEAN)
    return unicodedata.normalize("NFC", text), hidden


def find_hidden(text: str, start: int = 0) -> tuple[int, int] | None:
    """(index of the first, how many) control or bidi characters `normalize` removes; None if none."""
    first = _FIND_HIDDEN.search(text, start)
    return None if first is None else (first.start(), len(_FIND_HIDDEN.findall(text, first.start())))


def strip_hidden(text: str) -> str:
    """`text` without the control and bidi characters (for text that was not read through `normalize`)."""
    return text.translate(_HIDDEN) if _FIND_HIDDEN.search(text) else text


# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/F): feeds, DOCX and XLSX are XML, and lxml refuses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters an XML file cannot hold (imported text is not cleaned by the reader)."""
    return _NOT_XML.sub("", text)


def is_bidi(char: str) -> bool:
    return ord(char) in _BIDI_CODES


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def visible(text: str) -> str:
    """`text` with what cannot be seen named by its code point: a message never prints a bidi control raw."""
    return "".join(f"[{code_point(ch)}]" if ord(ch) in _CLEAN or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)


_D = (("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"))  # đ has no combining mark to strip; legacy converters type Đ as Ð (U+00D0)


def fold(text: str) -> str:
    """Lowercase ASCII skeleton: 'Nguyễn Thị Lan' -> 'nguyen thi lan'.

    The search page folds a reader's query the same way (assets/vinhdanh.js `fold`).
    """
    for letter, plain in _D:  # four replaces: str.translate took 1.5 ms on a 12 KB body
        text = text.replace(letter, plain)
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    if not stripped.isascii():  # curly quotes, other scripts' letters or marks: each asked (rare)
        stripped = _NON_ASCII.sub(_unless_combining, stripped)
    return stripped.lower()


# The combining marks of U+0300-U+036F (all Vietnamese uses), removed by one regex, not
# asked one character at a time: with the replaces, a body folds in a third of the time.
_MARKS = re.compile("[" + "".join(chr(cp) for cp in range(0x300, 0x370) if unicodedata.combining(chr(cp))) + "]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _unless_combining(found: re.Match) -> str:
    return "" if unicodedata.combining(found.group()) else found.group()


def slugify(text: str) -> str:
    """Slug per conventions.md: fold, then non-alphanumerics to single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def free_slug(wanted: str, taken: set[str] | frozenset[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`...: the first that no other file has."""
    if wanted not in taken:
        return wanted
    return next(f"{wanted}-{n}" for n in range(2, len(taken) + 3) if f"{wanted}-{n}" not in taken)


def _split_tone(word: str) -> tuple[str, int]:
    """A word without its tone mark, and the tone (0 = none)."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def tone_insensitive_placement(text: str) -> str:
    """A key equal for old and new tone placement: 'hoà' and 'hòa' give the same key.

    Tones still count ('hoà' != 'hoá'); only where the mark sits is ignored.
    """
    out = []
    for word in normalize(text).lower().split():
        base, tone = _split_tone(word)
        out.append(f"{base}{tone}" if tone else base)
    return " ".join(out)


def title_case_name(name: str) -> str:
    """'trần văn truyền' -> 'Trần Văn Truyền'; hyphenated parts capitalised too."""
    words = []
    for word in name.split():
        parts = [p[:1].upper() + p[1:].lower() for p in word.split("-")]
        words.append("-".join(parts))
    return " ".join(words)


def _word_key(word: str) -> tuple[tuple[int, ...], int]:
    base, tone = _split_tone(word.lower())
    letters = tuple(_LETTER_RANK.get(ch, 100 + ord(ch)) for ch in base)
    return letters, tone


@functools.lru_cache(maxsize=65536)  # pure, and asked for again by every sort of the same names
def collation_key(text: str) -> tuple:
    """Vietnamese dictionary order: letters first, then tones, word by word."""
    words = normalize(text).split()
    return tuple(_word_key(w) for w in words)


@functools.lru_cache(maxsize=65536)
def name_order_key(full_name: str) -> tuple:
    """Sort people by given name, then middle names, then family name."""
    words = normalize(full_name).split()
    if not words:
        return ()
    reordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return tuple(_word_key(w) for w in reordered)


def short_date(day) -> str:
    """`dd/mm/yyyy`, the short date pages and feeds show (conventions.md)."""
    return day.strftime("%d/%m/%Y") if day else ""


def admin_date(day: int, month: int, year: int) -> str:
    """'ngày 05 tháng 02 năm 2025' per Decree 30/2020: zero-pad days < 10, months 1 and 2."""
    dd = f"{day:02d}"
    mm = f"{month:02d}" if month <= 2 else str(month)
    return f"ngày {dd} tháng {mm} năm {year}"
