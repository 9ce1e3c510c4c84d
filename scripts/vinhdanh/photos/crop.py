"""Where to cut a photo to a given shape, keeping the focus point (a face) in view.

The crop is the largest rectangle of the wanted aspect ratio inside the photo;
it is centred on the focus point and pushed back inside the photo where the
point is near an edge — so the point is always inside the crop and as close to
its centre as the photo allows.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]  # left, top, right, bottom in source pixels


def focus_crop(src_w: int, src_h: int, out_w: int, out_h: int, focus: tuple[float, float]) -> Box:
    aspect = out_w / out_h
    if src_w / src_h > aspect:
        crop_h, crop_w = float(src_h), src_h * aspect
    else:
        crop_w, crop_h = float(src_w), src_w / aspect
    fx = min(max(focus[0], 0.0), 1.0) * src_w
    fy = min(max(focus[1], 0.0), 1.0) * src_h
    left = _clamp(fx - crop_w / 2, 0.0, src_w - crop_w)
    top = _clamp(fy - crop_h / 2, 0.0, src_h - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def scale_box(box: Box, sx: float, sy: float) -> Box:
    """The same region in an image scaled by (sx, sy), e.g. after a reduced decode."""
    return (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(value, high))
