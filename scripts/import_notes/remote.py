"""Remote images brought into the vault: downloaded once, then linked by a relative path.

A page's ``![…](https://…)`` and ``<img src="https://…">`` outside code are fetched into
the vault's attachment folder and pointed at that copy. The file name comes from the URL
(without query or fragment, such as Yuque's ``#averageHue=…``) plus a short hash of the
URL, so the same URL always maps to the same file and a second run finds it there
without asking the network. An image that cannot be fetched keeps its address.
"""

import glob
import hashlib
import html
import json
import mimetypes
import os
import re
import time
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urldefrag, urlsplit
from urllib.request import Request, urlopen

from .images import IMAGE_SUFFIXES, vault_root
from .rawhtml import mask_code

TIMEOUT = 10.0  # seconds per image, connecting and reading included
MAX_BYTES = 25 * 1024 * 1024
DEFAULT_FOLDER = "attachments"
USER_AGENT = "Mozilla/5.0 (compatible; llm-notes-kb importer)"
# SVG can carry scripts, and the site serves attachments from its own origin.
DOWNLOADED_SUFFIXES = IMAGE_SUFFIXES - {".svg"}
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
    (b"BM", ".bmp"),
)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\x01]*\]\(\s*<?(https?://[^)\s>\x01\x02]+)>?")
_HTML_IMAGE = re.compile(
    r"<img\b[^>\x01]*?\ssrc\s*=\s*(?:\"(https?://[^\"\x01]+)\"|'(https?://[^'\x01]+)'|(https?://[^\s>\x01]+))",
    re.IGNORECASE,
)


def attachment_folder(into: Path) -> Path:
    """Where Obsidian would put a pasted image for a page in ``into``.

    The vault's ``.obsidian/app.json`` ``attachmentFolderPath`` decides (``./x`` is beside
    the page, ``x`` under the vault's root, ``/`` the root itself); without a setting, or
    outside a vault, it is ``attachments/`` beside the pages.
    """
    into = into.resolve()
    vault = vault_root(into)
    try:
        setting = json.loads((vault / ".obsidian" / "app.json").read_text(encoding="utf-8"))["attachmentFolderPath"]
    except (OSError, ValueError, KeyError, TypeError):
        return into / DEFAULT_FOLDER
    if not isinstance(setting, str) or ".." in Path(setting).parts:
        return into / DEFAULT_FOLDER
    if setting in {"", "/"}:
        return vault
    if setting == "." or setting.startswith("./"):
        return into / setting.removeprefix("./")
    return vault / setting


def file_base(url: str) -> str:
    """A safe file name without suffix: the URL's last path segment, plus 8 hex of its hash."""
    url = urldefrag(url).url
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem = re.sub(r"[^\w-]+", "-", os.path.splitext(last)[0]).strip("-_")[:40].strip("-_") or "image"
    return f"{stem}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


@dataclass
class ImageFetcher:
    """Downloads for one run: each URL is asked for at most once, and not at all if its file exists."""

    folder: Path
    timeout: float = TIMEOUT
    # URL (without fragment) -> its local file, or why it could not be fetched
    done: dict[str, Path | str] = field(default_factory=dict)

    def fetch(self, url: str) -> Path | str:
        """The local copy of ``url``, or the reason there is none."""
        url = urldefrag(url).url
        if url not in self.done:
            self.done[url] = self._existing(url) or self._download(url)
        return self.done[url]

    def _existing(self, url: str) -> Path | None:
        pattern = glob.escape(str(self.folder / file_base(url))) + ".*"
        return next((Path(path) for path in sorted(glob.glob(pattern)) if not path.endswith(".part")), None)

    def _download(self, url: str) -> Path | str:
        suffix = os.path.splitext(urlsplit(url).path)[1].lower()
        if suffix == ".svg":
            return "SVG images are not downloaded (they can carry scripts)"
        request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
        deadline = time.monotonic() + self.timeout
        try:
            with urlopen(request, timeout=self.timeout) as response:
                kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                data = _read(response, deadline)
        except HTTPError as exc:
            return f"HTTP {exc.code}"
        except TimeoutError:
            return f"no answer within {self.timeout:g} s"
        except URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                return f"no answer within {self.timeout:g} s"
            return str(getattr(reason, "strerror", None) or reason)
        except (OSError, HTTPException, ValueError) as exc:
            return str(exc) or type(exc).__name__
        if kind == "image/svg+xml":
            return "SVG images are not downloaded (they can carry scripts)"
        if kind and not kind.startswith("image/") and kind != "application/octet-stream":
            return f"not an image ({kind})"
        if suffix not in DOWNLOADED_SUFFIXES:
            suffix = _suffix(kind, data)
            if not suffix:
                return "not a known image type"
        path = self.folder / f"{file_base(url)}{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        os.replace(part, path)  # never a half-written image a second run would trust
        return path


def _read(response: object, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(64 * 1024):  # type: ignore[attr-defined]
        size += len(chunk)
        if size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES // (1024 * 1024)} MB")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _suffix(kind: str, data: bytes) -> str:
    guessed = mimetypes.guess_extension(kind) if kind.startswith("image/") else None
    if guessed in {".jpe", ".jpeg"}:
        guessed = ".jpg"
    if guessed in DOWNLOADED_SUFFIXES:
        return guessed
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return next((suffix for magic, suffix in _MAGIC if data.startswith(magic)), "")


@dataclass
class Localized:
    """A body whose remote images point at local copies, and the images left remote with why."""

    body: str
    failed: list[tuple[str, str]] = field(default_factory=list)


def localize_images(body: str, fetcher: ImageFetcher, page_folder: Path) -> Localized:
    """Point every remote image of ``body`` outside code at its local copy, relative to the page."""
    masked, _ = mask_code(body)
    targets: list[tuple[int, int, str]] = []
    for match in _MARKDOWN_IMAGE.finditer(masked):
        targets.append((*match.span(1), body[match.start(1) : match.end(1)]))
    for match in _HTML_IMAGE.finditer(masked):
        group = next(number for number in (1, 2, 3) if match.group(number))
        targets.append((*match.span(group), html.unescape(body[match.start(group) : match.end(group)])))
    failed: dict[tuple[str, str], None] = {}
    pieces: list[str] = []
    position = 0
    for start, end, url in sorted(targets):
        local = fetcher.fetch(url)
        if isinstance(local, str):
            failed[(url, local)] = None
            continue
        relative = Path(os.path.relpath(local, page_folder)).as_posix()
        pieces += [body[position:start], relative]
        position = end
    pieces.append(body[position:])
    return Localized("".join(pieces), list(failed))
