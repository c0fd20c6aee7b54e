"""Reading source front matter and writing ours, always through PyYAML's safe API."""

import datetime as dt
import re

import yaml

_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def split(text: str) -> tuple[dict[str, object] | None, str]:
    """Return (front matter mapping, body); (None, text) when there is no valid YAML mapping."""
    match = _BLOCK.match(text)
    if not match:
        return None, text
    try:
        meta = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        return None, text
    if not isinstance(meta, dict):
        return None, text
    return {str(key): value for key, value in meta.items()}, text[match.end() :]


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
