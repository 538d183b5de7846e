"""Reading a grid-boundary file (网格边界): a GeoJSON FeatureCollection of polygons, one feature
per grid named by its code. Pure checks, no database: the import service and the demo share them.

Coordinates are [longitude, latitude] as GeoJSON (RFC 7946) writes them. Each message names
the feature by its number in the file and its grid code, so the office can find it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
# A file with this many mistakes is the wrong file: the first ones say enough.
MAX_MESSAGES = 30
CODE_KEYS = ("code", "网格编号")
POLYGON_TYPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class BoundaryFeature:
    """One feature of the file: its number (from 1), the grid code and the checked geometry."""

    number: int
    code: str
    geometry: dict[str, Any]


def too_big_message() -> str:
    return _("文件超过%(mb)s MB，请精简边界的坐标点或分批导入。") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


def read_boundaries(data: bytes, *, known_codes: Collection[str]) -> list[BoundaryFeature]:
    """The features of ``data``, each with a grid code of ``known_codes`` and a valid polygon.

    Raises ValidationError listing every problem found (up to ``MAX_MESSAGES``), each naming
    its feature: nothing is returned unless the whole file is right.
    """
    collection = _load(data)
    features = collection.get("features")
    if not isinstance(features, list):
        raise ValidationError(_("文件缺少要素列表（features）。"))
    if not features:
        raise ValidationError(_("文件中没有任何要素，未导入网格边界。"))
    errors: list[str] = []
    result: list[BoundaryFeature] = []
    first_seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        code = _code_of(feature)
        label = (
            _("第%(n)s个要素（网格编号%(code)s）") % {"n": number, "code": code}
            if code
            else _("第%(n)s个要素") % {"n": number}
        )
        problems: list[str] = []
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(f"{label}：" + _("不是GeoJSON要素（type 应为 Feature）。"))
            continue
        if not code:
            problems.append(_("缺少网格编号（properties 中的 code 或“网格编号”）。"))
        elif code in first_seen:
            problems.append(
                _("网格编号与第%(n)s个要素重复，每个网格只能出现一次。") % {"n": first_seen[code]}
            )
        elif code not in known_codes:
            problems.append(_("本街道没有这个网格编号。"))
        if code and code not in first_seen:
            first_seen[code] = number
        geometry = feature.get("geometry")
        problems += geometry_errors(geometry)
        errors += [f"{label}：{problem}" for problem in problems]
        if not problems:
            result.append(BoundaryFeature(number, code, normalised(geometry)))
    if errors:
        if len(errors) > MAX_MESSAGES:
            rest = len(errors) - MAX_MESSAGES
            errors = [*errors[:MAX_MESSAGES], _("……另有%(n)s处错误未列出。") % {"n": rest}]
        raise ValidationError(errors)
    return result


def _load(data: bytes) -> dict[str, Any]:
    if not data:
        raise ValidationError(_("上传的文件是空的。"))
    if len(data) > MAX_BYTES:
        raise ValidationError(too_big_message())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("文件不是UTF-8编码的文本，请以UTF-8编码保存GeoJSON文件后上传。")
        ) from exc
    try:
        collection = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("文件不是有效的JSON：第%(line)s行第%(column)s列附近有误。")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        raise ValidationError(_("文件不是有效的JSON：%(reason)s。") % {"reason": exc}) from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValidationError(_("文件不是GeoJSON要素集合：最外层的 type 应为 FeatureCollection。"))
    return collection


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("不能使用%(name)s") % {"name": name})


def _code_of(feature: Any) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return ""
    for key in CODE_KEYS:
        value = properties.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def geometry_errors(geometry: Any) -> list[str]:
    """What is wrong with ``geometry`` as a grid's boundary (empty when it is a valid polygon):
    a Polygon or MultiPolygon whose rings are closed, have at least four positions, and whose
    positions are [longitude, latitude] numbers within range."""
    if not isinstance(geometry, dict):
        return [_("缺少几何图形（geometry）。")]
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        return [
            _("几何类型为“%(kind)s”，只能是多边形（Polygon 或 MultiPolygon）。")
            % {"kind": kind if isinstance(kind, str) else ""}
        ]
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return [_("坐标（coordinates）为空或格式不正确。")]
    errors: list[str] = []
    for p, rings in enumerate(polygons, start=1):
        prefix = _("第%(n)s个多边形的") % {"n": p} if kind == "MultiPolygon" else ""
        if not isinstance(rings, list) or not rings:
            errors.append(prefix + _("坐标为空或格式不正确。"))
            continue
        for r, ring in enumerate(rings):
            name = prefix + (_("外环") if r == 0 else _("第%(n)s个内环") % {"n": r})
            problem = _ring_error(ring)
            if problem:
                errors.append(name + problem)
    return errors


def _ring_error(ring: Any) -> str | None:
    if not isinstance(ring, list):
        return _("格式不正确，应为坐标点的列表。")
    for i, position in enumerate(ring, start=1):
        if not (
            isinstance(position, list)
            and len(position) in (2, 3)
            and all(_is_number(v) for v in position)
        ):
            return _("第%(n)s个坐标点不是[经度, 纬度]数值。") % {"n": i}
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return _(
                "第%(n)s个坐标点[%(lon)s, %(lat)s]超出范围：经度应在-180至180之间，纬度应在-90至90之间。"
            ) % {"n": i, "lon": lon, "lat": lat}
    if len(ring) < 4:
        return _("只有%(n)s个坐标点，至少需要4个（首尾为同一点）。") % {"n": len(ring)}
    if ring[0][:2] != ring[-1][:2]:
        return _("未闭合（首尾坐标点应相同）。")
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def normalised(geometry: Any) -> dict[str, Any]:
    """A valid geometry as it is stored: its type and [longitude, latitude] coordinates only
    (a third number, the altitude, and any other member are left out)."""
    kind = geometry["type"]
    polygons = [geometry["coordinates"]] if kind == "Polygon" else geometry["coordinates"]
    clean = [[[[p[0], p[1]] for p in ring] for ring in rings] for rings in polygons]
    return {"type": kind, "coordinates": clean[0] if kind == "Polygon" else clean}


def describe(geometry: Any) -> str:
    """A boundary in words for a detail page: 多边形，8个坐标点 (or 未导入)."""
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES:
        return _("未导入")
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    # The closing position repeats the first: a ring of 9 positions has 8 corners.
    points = sum(max(len(ring) - 1, 0) for rings in polygons for ring in rings)
    if len(polygons) == 1:
        return _("多边形，%(points)s个坐标点") % {"points": points}
    return _("%(parts)s块多边形，共%(points)s个坐标点") % {
        "parts": len(polygons),
        "points": points,
    }
