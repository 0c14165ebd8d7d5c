"""What a PDF page prints, read by PDFium: its characters with their boxes, and its lines, rectangles and curves.

PDFium (pypdfium2) parses a page's content streams natively, several times faster than pdfminer; the objects are
given with the keys pdfplumber's table finder and text extraction read (position, size, text, matrix, upright;
not fonts, colours or marked content), in the page's top-down coordinates, the page turned by its /Rotate, so
that pdfplumber finds tables and words among them as it does among its own. A character's box is its font's, as
pdfminer makes it: from its origin as wide as its advance, one font size high from its font's descent (PDFium's:
from the font descriptor, else from the font's bounding box, where pdfminer reads a standard font's metrics; a
font written vertically gets a box as if written across). A path is split into its subpaths, each a line (two
points), a rectangle (closed, each side upright or level; given by two opposite corners) or a curve (through the
end point of each segment), as pdfminer splits it. PDFium is not thread-safe: a process reads one page at a
time.

PDFium's functions are called through prototypes of plain pointers and numbers (the same functions pypdfium2
binds), a few per character: a page prints thousands.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from functools import cache
from types import SimpleNamespace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

Matrix = tuple[float, float, float, float, float, float]

_P, _I, _F, _D = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_double
_PF, _PD = ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_double)


@cache
def _api() -> SimpleNamespace:
    """PDFium's functions this module calls, each with a prototype of plain pointers and numbers."""
    def bind(name: str, restype, *argtypes):
        address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
        return ctypes.CFUNCTYPE(restype, *argtypes)(address or 0)  # pypdfium2 binds each, never at 0

    return SimpleNamespace(
        count_chars=bind("FPDFText_CountChars", _I, _P),
        unicode=bind("FPDFText_GetUnicode", ctypes.c_uint, _P, _I),
        generated=bind("FPDFText_IsGenerated", _I, _P, _I),
        loose_box=bind("FPDFText_GetLooseCharBox", _I, _P, _I, ctypes.POINTER(raw.FS_RECTF)),
        origin=bind("FPDFText_GetCharOrigin", _I, _P, _I, _PD, _PD),
        text_object=bind("FPDFText_GetTextObject", _P, _P, _I),
        char_matrix=bind("FPDFText_GetMatrix", _I, _P, _I, ctypes.POINTER(raw.FS_MATRIX)),
        font_size=bind("FPDFText_GetFontSize", _D, _P, _I),
        font=bind("FPDFTextObj_GetFont", _P, _P),
        descent=bind("FPDFFont_GetDescent", _I, _P, _F, _PF),
        count_objects=bind("FPDFPage_CountObjects", _I, _P),
        page_object=bind("FPDFPage_GetObject", _P, _P, _I),
        count_form_objects=bind("FPDFFormObj_CountObjects", _I, _P),
        form_object=bind("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong),
        object_type=bind("FPDFPageObj_GetType", _I, _P),
        object_matrix=bind("FPDFPageObj_GetMatrix", _I, _P, ctypes.POINTER(raw.FS_MATRIX)),
        draw_mode=bind("FPDFPath_GetDrawMode", _I, _P, ctypes.POINTER(_I), ctypes.POINTER(_I)),
        count_segments=bind("FPDFPath_CountSegments", _I, _P),
        segment=bind("FPDFPath_GetPathSegment", _P, _P, _I),
        segment_point=bind("FPDFPathSegment_GetPoint", _I, _P, _PF, _PF),
        segment_type=bind("FPDFPathSegment_GetType", _I, _P),
        segment_close=bind("FPDFPathSegment_GetClose", _I, _P),
    )


def _times(m: Matrix, n: Matrix) -> Matrix:
    """The matrix that applies ``m``, then ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _turned(rotate: int, mediabox: tuple[float, float, float, float]) -> Matrix:
    """The matrix that turns a page's user space by its /Rotate, the page's lower-left corner at the origin."""
    x0, y0, x1, y1 = mediabox
    return {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0)}.get(rotate % 360, (1, 0, 0, 1, -x0, -y0))


def page_objects(page: pdfium.PdfPage, rotate: int, mediabox: tuple[float, float, float, float],
                 bbox: tuple[float, float, float, float], page_number: int, doctop: float) -> dict[str, list[dict]]:
    """Every character, line, rectangle and curve ``page`` prints, by kind ("char", "line", "rect", "curve"), in
    the coordinates of a page turned by ``rotate`` whose ``mediabox`` (in user space, lower-left and upper-right)
    becomes ``bbox`` (left, top, right, bottom, top-down), its top edge at ``doctop`` in the document."""
    left, top, _, bottom = bbox
    place = _Placing(_turned(rotate, mediabox), left, bottom - top, top, page_number, doctop)
    objects: dict[str, list[dict]] = {"char": list(_chars(page, place)), "line": [], "rect": [], "curve": []}
    for kind, obj in _paths(page, place):
        objects[kind].append(obj)
    return objects


class _Placing:
    """Where a point of user space stands on the page turned and read top-down, and an object's keys there."""

    def __init__(self, turn: Matrix, left: float, height: float, top: float, page_number: int, doctop: float):
        self.turn, self.left, self.height, self.top = turn, left, height, top
        self.page_number, self.doctop = page_number, doctop

    def box(self, obj: dict, x0: float, y0: float, x1: float, y1: float) -> dict:
        """``obj`` with the keys of a box given by two opposite corners in user space."""
        a, b, c, d, e, f = self.turn
        xa, ya, xb, yb = a * x0 + c * y0 + e, b * x0 + d * y0 + f, a * x1 + c * y1 + e, b * x1 + d * y1 + f
        x0, x1, y0, y1 = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
        top = self.height - y1 + self.top
        obj.update(x0=x0 + self.left, x1=x1 + self.left, y0=y0, y1=y1, width=x1 - x0, height=y1 - y0, top=top,
                   bottom=self.height - y0 + self.top, doctop=self.doctop + top, page_number=self.page_number)
        return obj


def _chars(page: pdfium.PdfPage, place: _Placing) -> Iterator[dict]:
    api = _api()
    text = page.get_textpage()
    try:
        handle = ctypes.cast(text.raw, ctypes.c_void_p)
        box, m, x, y = raw.FS_RECTF(), raw.FS_MATRIX(), _D(), _D()
        pbox, pm, px, py = ctypes.byref(box), ctypes.byref(m), ctypes.byref(x), ctypes.byref(y)
        ta, tb, tc, td, te, tf = place.turn
        left, height, page_top = place.left, place.height, place.top
        doctop, page_number = place.doctop, place.page_number
        fonts: dict[int | None, tuple] = {}
        descents = _Descents(api)
        for i in range(api.count_chars(handle)):
            code = api.unicode(handle, i)
            if code in (0x20, 0x0D, 0x0A) and api.generated(handle, i) == 1:
                continue  # a space or line break PDFium puts between words and lines
            if not api.loose_box(handle, i, pbox) or not api.origin(handle, i, px, py):
                continue
            key = api.text_object(handle, i)
            font = fonts.get(key)
            if font is None:  # what the characters of one text object share
                if not api.char_matrix(handle, i, pm):
                    continue
                size = api.font_size(handle, i)
                font = fonts[key] = (m.a, m.b, m.c, m.d, size, descents.of(key) * size / 1000)
            a, b, c, d, size, descent = font
            ox, oy = x.value, y.value
            x0, y0, x1, y1 = _font_box(box, a, b, c, d, ox, oy, size, descent)
            xa, ya = ta * x0 + tc * y0 + te, tb * x0 + td * y0 + tf  # the box's corners, the page turned
            xb, yb = ta * x1 + tc * y1 + te, tb * x1 + td * y1 + tf
            x0, x1 = (xa, xb) if xa < xb else (xb, xa)
            y0, y1 = (ya, yb) if ya < yb else (yb, ya)
            ma, mb, mc, md = a * ta + b * tc, a * tb + b * td, c * ta + d * tc, c * tb + d * td
            top = height - y1 + page_top
            yield {"object_type": "char", "text": _text(code), "upright": ma * md > 0 and mb * mc <= 0,
                   "matrix": (ma, mb, mc, md, ox * ta + oy * tc + te, ox * tb + oy * td + tf),
                   "x0": x0 + left, "x1": x1 + left, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
                   "size": y1 - y0, "top": top, "bottom": height - y0 + page_top, "doctop": doctop + top,
                   "page_number": page_number}
    finally:
        text.close()


class _Descents:
    """How far below the baseline a text object's font reaches at a size of 1000, as its font descriptor says
    (0 where it says nothing), each font asked once."""

    def __init__(self, api: SimpleNamespace):
        self.api, self.known, self.value = api, dict[int | None, float](), _F()

    def of(self, text_object: int | None) -> float:
        font = self.api.font(text_object) if text_object else None
        if font not in self.known:
            self.known[font] = (self.value.value if font and self.api.descent(font, 1000.0, ctypes.byref(self.value))
                                else 0.0)
        return self.known[font]


def _font_box(box: Any, a: float, b: float, c: float, d: float, x: float, y: float, size: float,
              descent: float) -> tuple[float, float, float, float]:
    """A character's box as its font sets it (left, bottom, right, top in user space), as pdfminer makes it: from
    its origin (``x``, ``y``) as wide as its advance (PDFium's "loose" box's), and from its font's ``descent``
    (below the baseline, at its ``size``) one font size high. PDFium's own box is as high as the font's ascent
    over its descent, which differs from font to font. Text turned other than upright or by a quarter keeps
    PDFium's box."""
    if not b and not c and a > 0 and d > 0:  # upright: the font's height goes up
        bottom = y + descent * d
        return box.left, bottom, box.right, bottom + size * d
    if not a and not d and b and c:  # turned a quarter: the font's height goes along x
        near, far = x + descent * c, x + (descent + size) * c
        return min(near, far), box.bottom, max(near, far), box.top
    return box.left, box.bottom, box.right, box.top


def _text(code: int) -> str:
    """A character's text: PDFium gives a hyphen that ends a line as U+0002; a code that is no character (a
    surrogate a font's map names alone, which no text encoding can write) is U+FFFD."""
    return "-" if code == 2 else chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


_IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _path_objects(api: SimpleNamespace, page: pdfium.PdfPage) -> Iterator[tuple[int, Matrix]]:
    """Every path object the page draws, in Form XObjects too, with the matrix that takes its points to user
    space."""
    m = raw.FS_MATRIX()

    def matrix(obj: int) -> Matrix:
        return (m.a, m.b, m.c, m.d, m.e, m.f) if api.object_matrix(obj, ctypes.byref(m)) else _IDENTITY

    def walk(objects: list[int], outer: Matrix) -> Iterator[tuple[int, Matrix]]:
        for obj in objects:
            kind = api.object_type(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, _times(matrix(obj), outer)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                inner = [api.form_object(obj, k) for k in range(api.count_form_objects(obj))]
                yield from walk(inner, _times(matrix(obj), outer))

    handle = ctypes.cast(page.raw, ctypes.c_void_p)
    yield from walk([api.page_object(handle, k) for k in range(api.count_objects(handle))], _IDENTITY)


def _paths(page: pdfium.PdfPage, place: _Placing) -> Iterator[tuple[str, dict]]:
    """Each subpath of each painted path: a line, a rectangle or a curve, with its points top-down."""
    api = _api()
    x, y, fill, stroke = _F(), _F(), _I(), _I()
    px, py, pfill, pstroke = ctypes.byref(x), ctypes.byref(y), ctypes.byref(fill), ctypes.byref(stroke)
    a_, b_, c_, d_, e_, f_ = place.turn
    for obj, (a, b, c, d, e, f) in _path_objects(api, page):
        if api.draw_mode(obj, pfill, pstroke) and not fill.value and not stroke.value:
            continue  # a path that paints nothing (a clip)
        subpaths: list[list[tuple[str, tuple[float, float]]]] = []
        bezier = 0
        for k in range(api.count_segments(obj)):
            segment = api.segment(obj, k)
            kind = api.segment_type(segment)
            api.segment_point(segment, px, py)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                subpaths.append([("m", point)])
                bezier = 0
            elif subpaths:
                if kind == raw.FPDF_SEGMENT_BEZIERTO:
                    bezier += 1
                    if bezier % 3:  # a curve's two control points: pdfminer keeps only where it ends
                        continue
                    subpaths[-1].append(("c", point))
                else:
                    subpaths[-1].append(("l", point))
            if subpaths and api.segment_close(segment):
                subpaths[-1].append(("h", subpaths[-1][0][1]))
        for subpath in subpaths:
            made = _shape(subpath)
            if made is None:
                continue
            shape, pts = made
            turned = [(a_ * px_ + c_ * py_ + e_, b_ * px_ + d_ * py_ + f_) for px_, py_ in pts]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            obj_ = place.box({"object_type": shape, "stroke": bool(stroke.value), "fill": bool(fill.value)},
                             min(xs), min(ys), max(xs), max(ys))
            obj_["pts"] = [(tx + place.left, place.height - ty + place.top) for tx, ty in turned]
            yield shape, obj_


def _shape(subpath: list[tuple[str, tuple[float, float]]]) -> tuple[str, list[tuple[float, float]]] | None:
    """A subpath as pdfminer takes it: a line (``ml``, ``mlh``), a rectangle (four corners, closed, each side
    upright or level), else a curve through the end points of its segments."""
    shape = "".join(op for op, _ in subpath)
    pts = [p for _, p in subpath]
    if len(shape) < 2:
        return None
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    if shape in ("ml", "mlh"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                                 or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)):
            return "rect", [pts[0], pts[2]]
    return "curve", pts
