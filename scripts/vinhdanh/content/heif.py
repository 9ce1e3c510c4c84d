"""HEIC/HEIF (iPhone photos) through pillow-heif, registered once per process."""

from __future__ import annotations

try:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    AVAILABLE = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    AVAILABLE = False
