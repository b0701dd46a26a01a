import io
import struct
import zlib

import pytest
from PIL import Image

from hangviet.core import images


def jpeg(size=(64, 48), *, gps: bool = True, orientation: int | None = None) -> bytes:
    """A JPEG as a phone makes it: EXIF with a GPS position and the owner's name."""
    picture = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = "Nguyễn Văn A"  # Artist
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 35.0, 0.0), 3: "E", 4: (105.0, 50.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def test_metadata_is_gone_and_the_picture_stays():
    source = jpeg()
    assert b"Nguy" in source and b"secret" in source
    result = images.reencode(source, "anh.jpg")
    assert result.content_type == "image/jpeg" and result.extension == ".jpg"
    assert b"Exif" not in result.content and b"secret" not in result.content
    with Image.open(io.BytesIO(result.content)) as again:
        assert again.size == (64, 48)
        assert not again.getexif()
        assert again.getpixel((10, 10))[0] > 150


def test_a_phone_photo_is_turned_upright():
    result = images.reencode(jpeg((80, 40), orientation=6))  # rotate 90° when shown
    assert (result.width, result.height) == (40, 80)


def test_large_pictures_are_reduced_and_transparency_keeps_png():
    out = io.BytesIO()
    Image.new("RGBA", (3200, 800), (0, 0, 0, 0)).save(out, "PNG")
    result = images.reencode(out.getvalue())
    assert result.content_type == "image/png" and (result.width, result.height) == (1600, 400)
    assert images.thumbnail(result.content).width == images.THUMB_SIDE


def test_bytes_hidden_after_the_image_are_dropped():
    polyglot = jpeg(gps=False) + b"<?php system($_GET['c']); ?>"
    assert b"php" not in images.reencode(polyglot).content


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image at all", b"\xff\xd8\xff\xe0 truncated", b"\x89PNG\r\n\x1a\n" + b"\0" * 40],
)
def test_what_is_not_an_image_is_refused(data):
    with pytest.raises(images.ImageError, match="không phải là ảnh|not an image"):
        images.reencode(data, "x.jpg")


def test_a_decompression_bomb_is_refused_before_decoding():
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    # A tiny file that says it holds 60,000 × 60,000 pixels.
    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(images.ImageError, match="quá lớn|too large"):
        images.reencode(bomb, "bom.png")
