"""Reading source front matter (YAML, or Hugo's TOML) and writing ours, always through PyYAML's safe API."""

import datetime as dt
import re
import tomllib

import yaml

from .errors import NoteImportError

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_BLOCK = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def split(text: str) -> tuple[dict[str, object] | None, str]:
    """Return (front matter mapping, body); (None, text) without front matter, or with broken YAML.

    TOML front matter (``+++`` … ``+++``) is read with ``tomllib``; unlike a YAML slip, which
    leaves the block in the body, bad TOML raises NoteImportError with its line in the file.
    """
    if toml := _TOML_BLOCK.match(text):
        return _toml(toml.group(1) or ""), text[toml.end() :]
    match = _BLOCK.match(text)
    if not match:
        return None, text
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return None, text
    except ValueError as exc:  # well-formed YAML, impossible value: updated: 2024-02-30
        bad = _bad_line(match.group(1) or "")
        raise NoteImportError(f"bad front matter: {bad}{exc}{')' if bad else ''}") from exc
    if not isinstance(meta, dict):
        return None, text
    return {str(key): value for key, value in meta.items()}, text[match.end() :]


def _bad_line(block: str) -> str:
    """``updated: 2024-02-30 (`` for the first date-like line that is no real date, else ""."""
    for line in block.split("\n"):
        found = re.match(r"^\s*([^:#\s][^:]*):\s*(\d{4}-\d{1,2}-\d{1,2})\b", line)
        if found:
            try:
                dt.date(*map(int, found.group(2).split("-")))
            except ValueError:
                return f"{found.group(1).strip()}: {found.group(2)} ("
    return ""


def is_toml(text: str) -> bool:
    """Whether the text opens with a ``+++`` block, as only Hugo posts do."""
    return bool(_TOML_BLOCK.match(text))


def _toml(block: str) -> dict[str, object]:
    try:
        # A blank first line stands for the opening +++, so the error's line is the file's.
        return tomllib.loads("\n" + block)
    except tomllib.TOMLDecodeError as exc:
        raise NoteImportError(f"bad TOML front matter: {exc}") from exc


def as_date(value: object) -> dt.date | None:
    """The calendar date of a YAML date, datetime or ``YYYY-MM-DD…`` string, as written."""
    if isinstance(value, dt.datetime):
        return value.date()  # PyYAML keeps the written offset, so this is the author's day
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and (match := _ISO_DATE.match(value)):
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    return None


def as_list(value: object) -> list[str]:
    """Tags or aliases as a list of strings, whether given as a list or a comma list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


def render(meta: dict[str, object], body: str) -> str:
    """A complete page: YAML front matter, a blank line, then the body.

    Infinite width keeps long Chinese titles on one line instead of folding them.
    """
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=float("inf"))
    return f"---\n{header}---\n\n{body}"
