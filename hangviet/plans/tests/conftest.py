import unicodedata
from pathlib import Path

import pytest
from django.conf import settings

from hangviet.plans.demo import OWN_PLAN, SEED_NAME


@pytest.fixture
def seed_bytes() -> bytes:
    path = Path(settings.SEEDS_DIR) / SEED_NAME
    if not path.is_file():
        pytest.skip(f"the seed plan is not at {path}: ../shared/seeds is absent on this machine")
    return path.read_bytes()


@pytest.fixture
def own_plan_bytes() -> bytes:
    return OWN_PLAN.read_bytes()


def to_nfd(data: bytes) -> bytes:
    return unicodedata.normalize("NFD", data.decode("utf-8")).encode("utf-8")


def to_docx_with_table_header(data: bytes) -> bytes:
    """Return the text as a .docx whose header sits in a borderless two-column table, as
    departments lay it out: issuing body and number left, motto and place/date right."""
    import io

    import docx

    lines = data.decode("utf-8").splitlines()
    number = next(i for i, ln in enumerate(lines) if ln.startswith("Số:"))
    place = next(i for i, ln in enumerate(lines) if ", ngày" in ln)
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "UBND TỈNH THÁI NGUYÊN"
    left.add_paragraph("SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    left.add_paragraph(lines[number])
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph(lines[place])
    for i, line in enumerate(lines):
        if i not in (number, place):
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
