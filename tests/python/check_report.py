#!/usr/bin/env python3
"""Render `concord report` output in a real headless browser and check it.

    python tests/python/check_report.py CONCORD RUN_DIR [--expect VALUE]... [--artifacts DIR]

1. Runs `CONCORD --quiet report RUN_DIR` (writes RUN_DIR/report.html).
2. Static check of the HTML: self-contained, i.e. no scripts, no frames and no
   resource loaded from elsewhere (no http(s):// or protocol-relative `src`,
   `srcset`, `poster`, `data`, `<link href>`, CSS `url()` or `@import`). Plain
   `<a href>` links (e.g. to an article's URL) are navigation, not resources,
   and are allowed.
3. Loads the file in Debian's chromium (`--headless --dump-dom`) with all host
   names unresolvable and a network log: the page itself must not have
   requested any network URL, and the rendered DOM must hold a `<mark>` whose
   text is each expected value (default `GPS-5.6`, the demo corpus's
   mistranslated model name), with class `conflict` or `error`.
4. Takes a 1280x2000 screenshot (`--screenshot`) and checks it is a PNG of that
   size that is not blank and shows a highlight colour of the report's marks.

The DOM, screenshot and network log are kept in --artifacts (default:
RUN_DIR/report-check/). Chromium is taken from $CHROMIUM or /usr/bin/chromium;
this script does not install it (the test command runs
`apt-get install -y chromium fonts-noto-cjk`).

Exit status: 0 all checks passed, 1 a check failed, 2 setup error (no
chromium, concord failed, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Chromium itself still phones home (time sync, accounts); make every
    # host unresolvable so neither it nor the page can reach the network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
# Background colours of `mark.conflict` and `mark.error` in the report's CSS.
MARK_COLOURS = {"conflict": (0xFF, 0xE0, 0x8A), "error": (0xFF, 0xB3, 0xB3)}
TIMEOUT = 120


class Failure(Exception):
    """A check did not hold (exit 1)."""


class SetupError(Exception):
    """The check could not run (exit 2)."""


class DomScan(HTMLParser):
    """Collects the marks, scripts and resource references of a page."""

    RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background", "action", "formaction"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.external: list[str] = []
        self.forbidden_tags: list[str] = []
        self.tags: dict[str, int] = {}
        self._mark_stack: list[dict[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        a = {k: v or "" for k, v in attrs}
        if tag in {"script", "iframe", "frame", "object", "embed", "base"}:
            self.forbidden_tags.append(f"<{tag} {a}>")
        for name, value in a.items():
            remote = is_remote(value)
            if remote and (name in self.RESOURCE_ATTRS or (name == "href" and tag != "a")):
                self.external.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.external += css_remote(value)
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.external.append(f"<meta http-equiv=refresh content={a.get('content')!r}>")
        if tag == "style":
            self._in_style = True
        if tag == "mark":
            self._mark_stack.append({"class": a.get("class", ""), "title": a.get("title", ""), "text": ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "mark" and self._mark_stack:
            mark = self._mark_stack.pop()
            mark["text"] = mark["text"].strip()
            self.marks.append(mark)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.external += css_remote(data)
        for mark in self._mark_stack:
            mark["text"] += data


def is_remote(value: str) -> bool:
    """A URL elsewhere (also any candidate of a `srcset` list)."""
    return any(
        part.strip().lower().startswith(("http://", "https://", "//", "ftp://"))
        for part in value.split(",")
    )


def css_remote(css: str) -> list[str]:
    found = []
    for m in re.finditer(r"url\(\s*['\"]?([^'\")]+)", css, re.I):
        if is_remote(m.group(1)):
            found.append(f"url({m.group(1)})")
    for m in re.finditer(r"@import\s+(?:url\()?\s*['\"]?([^'\");\s]+)", css, re.I):
        found.append(f"@import {m.group(1)}")
    return found


def chromium_path(explicit: str | None) -> Path:
    path = Path(explicit or os.environ.get("CHROMIUM") or "/usr/bin/chromium")
    if not (path.is_file() and os.access(path, os.X_OK)):
        raise SetupError(
            f"no chromium at {path}: install Debian's chromium (`apt-get install -y chromium "
            "fonts-noto-cjk`; tests/run.sh does this) or point $CHROMIUM at a Chromium binary"
        )
    return path


def run_chromium(chromium: Path, extra: list[str], url: str) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory(prefix="concord-chromium-") as profile:
        cmd = [str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
        env = dict(os.environ)
        env.pop("DISPLAY", None)  # headless even on a desktop
        try:
            result = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env)
        except subprocess.TimeoutExpired as err:
            raise SetupError(f"chromium did not finish in {TIMEOUT} s: {' '.join(cmd)}") from err
    if result.returncode != 0:
        tail = result.stderr.decode(errors="replace")[-3000:]
        raise SetupError(f"chromium exited with {result.returncode}: {' '.join(cmd)}\n{tail}")
    return result


def page_requests(netlog: Path) -> list[str]:
    """URLs the page (not the browser itself) asked the network for."""
    try:
        log = json.loads(netlog.read_text(errors="replace"))
    except (OSError, ValueError) as err:
        raise SetupError(f"unreadable chromium network log {netlog}: {err}") from err
    names = {v: k for k, v in log.get("constants", {}).get("logEventTypes", {}).items()}
    urls = []
    for event in log.get("events", []):
        if names.get(event.get("type")) != "URL_REQUEST_START_JOB":
            continue
        params = event.get("params", {})
        if "url" not in params:
            continue  # the end of a request, not its start
        # Browser-internal requests have no initiating origin; the report's
        # (a file:// page) carry an opaque one and a file:// isolation key.
        if params.get("initiator") != "not an origin" or str(
            params.get("network_isolation_key", "")
        ).startswith("file://"):
            urls.append(params["url"])
    return urls


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise Failure("the screenshot is not a PNG file")
    return struct.unpack(">II", data[16:24])


def check_pixels(png: Path) -> str:
    """Not blank, and some pixels have a mark's highlight colour."""
    try:
        from PIL import Image  # pillow comes with matplotlib (requirements.txt)
    except ImportError:
        return "pixel check skipped (no pillow)"
    with Image.open(png) as im:
        rgb = im.convert("RGB")
        w, h = rgb.size
        small = rgb.resize((w // 2, h // 2), Image.NEAREST)
        raw = small.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    non_white = sum(1 for p in pixels if min(p) < 235) / len(pixels)
    if non_white < 0.01:
        raise Failure(f"the screenshot {png} is (almost) blank: {non_white:.2%} non-white pixels")
    near = lambda p, c: all(abs(x - y) <= 8 for x, y in zip(p, c))  # noqa: E731
    highlighted = {
        name: sum(1 for p in pixels if near(p, colour)) for name, colour in MARK_COLOURS.items()
    }
    if not any(highlighted.values()):
        raise Failure(f"no highlighted value visible in the screenshot {png} (colours {MARK_COLOURS})")
    return f"{non_white:.1%} non-white, highlight pixels {highlighted} (at half resolution)"


def check(args: argparse.Namespace) -> None:
    run_dir = args.run_dir.resolve()
    if not (run_dir / "manifest.json").is_file():
        raise SetupError(f"{run_dir} is not a Concord run directory (no manifest.json)")
    chromium = chromium_path(args.chromium)
    artifacts = (args.artifacts or run_dir / "report-check").resolve()
    artifacts.mkdir(parents=True, exist_ok=True)

    # 1. Write the report.
    report = run_dir / "report.html"
    result = subprocess.run(
        [str(args.concord), "--quiet", "report", str(run_dir)], capture_output=True, timeout=600
    )
    if result.returncode != 0:
        raise SetupError(
            f"`concord report {run_dir}` exited with {result.returncode}:\n"
            + result.stderr.decode(errors="replace")
        )
    if not report.is_file():
        raise Failure(f"`concord report` did not write {report}")
    html = report.read_text(encoding="utf-8")

    # 2. Self-contained?
    raw = DomScan()
    raw.feed(html)
    if raw.forbidden_tags:
        raise Failure(f"report.html has scripts or embedded frames: {raw.forbidden_tags[:5]}")
    if raw.external:
        raise Failure(f"report.html loads external resources: {raw.external[:5]}")
    links = re.findall(r"https?://[^\s\"'<>]+", html)
    print(f"report.html: {len(html):,} bytes, no external resources ({len(links)} http(s) text/link mentions)")

    # 3. Render and dump the DOM, with a network log.
    url = report.as_uri()
    netlog = artifacts / "netlog.json"
    dom_run = run_chromium(chromium, ["--dump-dom", f"--log-net-log={netlog}"], url)
    dom = dom_run.stdout.decode("utf-8", errors="replace")
    (artifacts / "dom.html").write_text(dom, encoding="utf-8")
    if "<body" not in dom:
        raise Failure(f"chromium returned no DOM for {url}: {dom[:200]!r}")
    requested = page_requests(netlog)
    if requested:
        raise Failure(f"the page requested network resources: {requested[:5]}")
    rendered = DomScan()
    rendered.feed(dom)
    if rendered.forbidden_tags or rendered.external:
        raise Failure(f"rendered DOM has external content: {(rendered.forbidden_tags + rendered.external)[:5]}")
    bad_class = [m for m in rendered.marks if m["class"] not in MARK_COLOURS]
    if bad_class:
        raise Failure(f"marks with an unexpected class: {bad_class[:5]}")
    for value in args.expect:
        hits = [m for m in rendered.marks if m["text"] == value]
        if not hits:
            texts = sorted({m["text"] for m in rendered.marks})
            raise Failure(f"no <mark> with text {value!r} in the rendered report; marks: {texts[:40]}")
        print(f"rendered DOM: <mark class={hits[0]['class']!r}>{value}</mark> (title {hits[0]['title']!r})")
    errors = [m for m in rendered.marks if m["class"] == "error"]
    for m in errors:
        if "suggest" not in m["title"]:
            raise Failure(f"a likely-error mark without a suggested value: {m}")
    print(
        f"rendered DOM: {len(rendered.marks)} marks ({len(errors)} likely errors), "
        f"{rendered.tags.get('section', 0)} claim sections, no network requests from the page"
    )

    # 4. Screenshot.
    png = artifacts / "report.png"
    png.unlink(missing_ok=True)
    run_chromium(chromium, [f"--screenshot={png}", "--window-size=1280,2000"], url)
    if not png.is_file():
        raise Failure(f"chromium wrote no screenshot at {png}")
    size = png_size(png.read_bytes())
    if size != (1280, 2000):
        raise Failure(f"screenshot is {size[0]}x{size[1]}, expected 1280x2000")
    print(f"screenshot {png}: {size[0]}x{size[1]}, {check_pixels(png)}")
    if not fonts_cover_cjk():
        print("warning: no CJK font installed (fc-list :lang=zh is empty); Chinese and Japanese "
              "text renders as boxes (apt-get install -y fonts-noto-cjk)", file=sys.stderr)


def fonts_cover_cjk() -> bool:
    if shutil.which("fc-list") is None:
        return True  # cannot tell
    out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("concord", type=Path, help="the concord binary")
    parser.add_argument("run_dir", type=Path, help="directory written by `concord run`")
    parser.add_argument(
        "--expect", action="append", help="value that must be highlighted (default: GPS-5.6)"
    )
    parser.add_argument("--artifacts", type=Path, help="where to keep DOM, screenshot, net log")
    parser.add_argument("--chromium", help="browser binary (default: $CHROMIUM or /usr/bin/chromium)")
    args = parser.parse_args()
    args.expect = args.expect or ["GPS-5.6"]
    try:
        check(args)
    except SetupError as err:
        print(f"check_report: error: {err}", file=sys.stderr)
        return 2
    except Failure as err:
        print(f"check_report: FAILED: {err}", file=sys.stderr)
        return 1
    print("report ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
