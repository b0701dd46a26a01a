"""Images people upload (product photos, photos and screenshots kept as evidence).

Every image is decoded and encoded again by Pillow before it is kept: what is stored is pixels
we produced, never the bytes someone sent. That drops EXIF (the GPS position of a phone photo,
the camera owner's name), XMP and ICC extras, comments and anything smuggled after the image
data; it turns the picture upright as the phone meant it; and it bounds the size. A file that
Pillow cannot decode, or whose pixel count would exhaust memory (a "decompression bomb"), is
refused with a message for the user.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 40_000_000  # a 40-megapixel photo; bombs declare far more
MAX_SIDE = 1600  # what is kept: large enough to print, small enough for a slow phone
THUMB_SIDE = 480
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ImageError(ValueError):
    """The file is not an image we can keep; the message says why, for the user."""


@dataclass(frozen=True)
class EncodedImage:
    content: bytes
    extension: str
    content_type: str
    width: int
    height: int


def _too_large(name: str, width: int | str, height: int | str) -> ImageError:
    return ImageError(
        _("The image “%(n)s” is too large (%(w)s × %(h)s pixels).")
        % {"n": name, "w": width, "h": height}
    )


def _open(data: bytes, name: str) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _too_large(name, width, height)
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise _too_large(name, "?", "?") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageError(
            _("“%(n)s” is not an image that can be read (JPEG, PNG, WebP or GIF).") % {"n": name}
        ) from None
    return image


def reencode(data: bytes, name: str = "", *, max_side: int = MAX_SIDE) -> EncodedImage:
    """Decode `data` and return it encoded afresh, upright, without metadata, at most
    `max_side` pixels on its longer side. Photos become JPEG; images with transparency or
    drawn ones (PNG, GIF: screenshots, logos) become PNG; WebP stays WebP."""
    image = _open(data, name)
    source = image.format or ""
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if source == "WEBP":
        target = "WEBP"
    elif has_alpha or source in ("PNG", "GIF", "BMP"):
        target = "PNG"
    else:
        target = "JPEG"
    if target == "JPEG":
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A new image holding only the pixels: nothing of the original's info dict survives.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    if target == "JPEG":
        clean.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    elif target == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=80, method=4)
    return EncodedImage(
        out.getvalue(), FORMATS[target], CONTENT_TYPES[target], clean.width, clean.height
    )


def thumbnail(data: bytes, name: str = "") -> EncodedImage:
    """Return a small copy of an image for lists and slow connections."""
    return reencode(data, name, max_side=THUMB_SIDE)
