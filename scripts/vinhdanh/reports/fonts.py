"""Poster fonts: the package's Noto Sans, the same files the social cards use."""

from __future__ import annotations

from PIL import ImageFont

from ..photos import typeset


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return typeset.font(bold, size)
