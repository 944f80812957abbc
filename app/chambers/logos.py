"""Chamber logos uploaded in the browser: PNG, JPEG or SVG, read from the
content (never the file name), size-limited, and an SVG only when it can
carry no script.

An SVG is accepted only if every element and attribute is on a short list of
drawing ones: no <script>, no event handler (onload=…), no <foreignObject>,
no link to anything outside the file, no DOCTYPE or entity (which could
expand into megabytes or read files). It is then written out again from the
parsed tree, so what is stored is exactly what was checked.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_LOGO_BYTES = 200 * 1024
MAX_PIXELS = 4096 * 4096
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SVG_ELEMENTS = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title", "desc",
    "defs", "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern", "symbol", "use", "metadata",
})
SVG_ATTRIBUTES = frozenset({
    "id", "class", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height", "points",
    "viewbox", "preserveaspectratio", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "opacity", "transform",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
    "offset", "stop-color", "stop-opacity", "gradientunits", "gradienttransform", "spreadmethod", "fx", "fy",
    "clip-path", "clip-rule", "mask", "patternunits", "patterncontentunits", "patterntransform", "href", "version",
    "role", "aria-label", "aria-hidden", "focusable", "display", "visibility", "color", "style",
})
_URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_STYLE_FORBIDDEN = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:", re.IGNORECASE)


class LogoRefused(ValueError):
    """Why a file is not accepted (a key of `REASONS` in the routes)."""


def sniff(data: bytes) -> str:
    """'png', 'jpeg' or 'svg' from the first bytes; LogoRefused otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        return "svg"
    raise LogoRefused("type")


def _check_raster(data: bytes, kind: str) -> None:
    from PIL import Image  # noqa: PLC0415  (WeasyPrint's own dependency)

    try:
        with Image.open(io.BytesIO(data)) as image:
            if (image.format or "").lower() != kind:
                raise LogoRefused("type")
            if image.width * image.height > MAX_PIXELS:
                raise LogoRefused("dimensions")
            image.verify()
    except LogoRefused:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise LogoRefused("broken") from error


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def clean_svg(data: bytes) -> bytes:
    """The SVG as stored (serialized from the checked tree); LogoRefused("svg_unsafe") if anything is off the list."""
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise LogoRefused("svg_unsafe")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise LogoRefused("broken") from error
    if _local(root.tag) != "svg":
        raise LogoRefused("type")
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element.tag) not in SVG_ELEMENTS:
            raise LogoRefused("svg_unsafe")
        if element.tag.startswith("{") and not element.tag.startswith("{" + SVG_NS + "}"):
            raise LogoRefused("svg_unsafe")
        for name, value in element.attrib.items():
            local = _local(name)
            if local not in SVG_ATTRIBUTES or local.startswith("on"):
                raise LogoRefused("svg_unsafe")
            if local == "href" and not value.strip().startswith("#"):
                raise LogoRefused("svg_unsafe")
            if ("url(" in value.lower() and _URL_IN_STYLE.search(value)) or _STYLE_FORBIDDEN.search(value):
                raise LogoRefused("svg_unsafe")
        if _local(element.tag) == "style":
            raise LogoRefused("svg_unsafe")
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def checked_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes to store, extension) for an upload; LogoRefused with the reason otherwise."""
    if not data:
        raise LogoRefused("empty")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused("size")
    kind = sniff(data)
    if kind == "svg":
        return clean_svg(data), "svg"
    _check_raster(data, kind)
    return data, "png" if kind == "png" else "jpg"


def store_logo(instance_path: str, slug: str, data: bytes, extension: str) -> str:
    """Write the logo under <instance>/logos/ with a name of its own content; the file name."""
    folder = Path(instance_path) / "logos"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{slug}-{hashlib.sha256(data).hexdigest()[:16]}.{extension}"
    (folder / name).write_bytes(data)
    return name


def remove_logo(instance_path: str, name: str | None) -> None:
    """Delete a logo file that is no longer used (names are the chamber's slug and a digest)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return
    (Path(instance_path) / "logos" / name).unlink(missing_ok=True)
