"""Is a photo file usable? Decode only as much as it takes to be sure."""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import record

if TYPE_CHECKING:
    from PIL import Image

SUPPORTED = {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}
MAX_PIXELS = 100_000_000  # 100 MP: any real phone photo; more is a decompression bomb
LARGE_FILE = 15 * 1024 * 1024
SMALL_WIDTH = 600
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@record
class ImageInfo:
    format: str
    width: int  # as displayed, after EXIF orientation
    height: int
    bytes: int


@record
class ImageProblem:
    code: str
    message: str
    hint: str
    severity: str = "error"


@contextlib.contextmanager
def bombs_are_errors():
    """Around `inspect(..., filtered=True)` calls on several threads: the warnings
    filter is the process's, and `catch_warnings` is not thread-safe, so it is set
    once around them all."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def inspect(path: Path, filtered: bool = False) -> tuple[ImageInfo | None, list[ImageProblem]]:
    try:
        size = path.stat().st_size
    except OSError:
        return None, [ImageProblem("E502", "Không đọc được tệp ảnh.", "Kiểm tra quyền đọc tệp.")]
    if size == 0:
        return None, [ImageProblem("E504", "Tệp ảnh rỗng (0 byte).", "Chép lại ảnh gốc từ điện thoại hoặc máy ảnh.")]
    # Imported here: a build whose photos are all known (readcache.py) never loads them.
    from PIL import Image, UnidentifiedImageError

    from . import heif  # noqa: F401  (registers the HEIC/HEIF opener; not through photos/, which loads the renderers)

    try:
        with contextlib.nullcontext() if filtered else bombs_are_errors(), Image.open(path) as img:
            fmt = img.format or ""
            if fmt not in SUPPORTED:
                return None, [ImageProblem("E506", f"Định dạng ảnh `{fmt}` không được hỗ trợ.", "Dùng ảnh JPEG, PNG, WebP hoặc HEIC.")]
            width, height = img.size
            if width * height > MAX_PIXELS:
                return None, [_bomb(width, height)]
            orientation = img.getexif().get(0x0112, 1)
            _decode_enough(img, fmt, path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, [_bomb(0, 0)]
    except UnidentifiedImageError:
        return None, [ImageProblem("E506", "Tệp không phải là ảnh hoặc định dạng không được hỗ trợ.", "Dùng ảnh JPEG, PNG, WebP hoặc HEIC; đừng đổi tên đuôi tệp.")]
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError, RuntimeError) as exc:
        return None, [ImageProblem("E503", f"Ảnh bị hỏng hoặc không đầy đủ ({exc}).", "Chép lại ảnh gốc; tệp có thể bị cắt khi tải lên.")]
    if orientation in _ROTATED:
        width, height = height, width
    info = ImageInfo(fmt, width, height, size)
    problems = []
    if size > LARGE_FILE:
        problems.append(ImageProblem("W501", f"Ảnh nặng {size / 1048576:.1f} MB (trên 15 MB).", "Thu nhỏ ảnh trước khi đưa vào kho nội dung để kho gọn nhẹ.", "warning"))
    if width < SMALL_WIDTH:
        problems.append(ImageProblem("W502", f"Ảnh chỉ rộng {width} px (dưới {SMALL_WIDTH} px), sẽ mờ trên màn hình lớn.", "Dùng ảnh gốc có độ phân giải cao hơn.", "warning"))
    return info, problems


def _decode_enough(img: Image.Image, fmt: str, path: Path) -> None:
    """Find truncation and corruption without paying for a full-size decode."""
    if fmt in ("JPEG", "MPO"):
        img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))  # DCT scaling: 1/64 of the work
        img.load()
    elif fmt == "PNG":
        from PIL import Image

        with Image.open(path) as fresh:
            fresh.verify()  # walks every chunk and checks its CRC, without inflating pixels
    else:
        img.load()


def _bomb(width: int, height: int) -> ImageProblem:
    size = f" ({width}×{height} điểm ảnh)" if width else ""
    return ImageProblem("E505", f"Ảnh quá lớn{size}, vượt giới hạn {MAX_PIXELS // 1_000_000} megapixel (có thể là ảnh độc hại).", "Dùng ảnh chụp thông thường, dưới 100 megapixel.")
