"""Fuzzing what users and the outside world send: Excel imports, search queries, article pages
and bulletin texts. Each must end in a result or a clear, handled error — never anything else."""

import contextlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hangviet.core.tests.fuzz import fuzz

pytestmark = pytest.mark.fuzz

CELL = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://x")',
            "02/03/2026",
            "2026-03-02",
            "Phát thanh",
            "loudspeaker",
            "commune_radio",
            "05503",
            "-5",
            "1e9",
            "\u0000",
            "Xã Tân Cương",
        ]
    ),
)


@pytest.mark.django_db
@fuzz(60)
@given(st.lists(st.lists(CELL, min_size=0, max_size=14), min_size=0, max_size=8), st.booleans())
def test_excel_import_never_breaks(people, rows, keep_header):
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    from hangviet.activities import excel

    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    if keep_header:
        ws.append(list(excel.HEADERS))
    for row in rows:
        try:
            ws.append(row)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses these
            continue
    out = io.BytesIO()
    wb.save(out)
    with contextlib.suppress(excel.ExcelError):
        result = excel.read(out.getvalue(), user=people["alice"], plan=None)
        assert result.total == len(result.valid_rows) + len(result.invalid_rows)


@pytest.mark.django_db
@fuzz(150)
@given(st.text(max_size=400))
def test_search_queries_never_break(client, q):
    from hangviet.directory import search

    with contextlib.suppress(search.SearchError):
        search.search(q)
    page = client.get("/hang-viet/", {"q": q})
    assert page.status_code in (200, 400)
    assert "<script>alert" not in page.content.decode()
    api = client.get("/api/v1/directory/search", {"q": q})
    assert api.status_code in (200, 400)


HTML_PARTS = st.sampled_from(
    [
        "<html>",
        "</html>",
        "<body>",
        "</body>",
        "<article>",
        "</article>",
        "<p>",
        "</p>",
        "<script>alert(1)</script>",
        "<h1>Hàng Việt</h1>",
        "<meta charset='windows-1258'>",
        "<title>",
        "</title>",
        "<div",
        ">",
        "<!--",
        "-->",
        "&nbsp;",
        "&#0;",
        "Phiên chợ hàng Việt",
        "<table><tr><td>",
        "<![CDATA[",
        "\x00",
        "<meta name='author' content='A'>",
        "<br/>",
    ]
)


@fuzz(150)
@given(st.lists(HTML_PARTS | st.text(max_size=30), max_size=60))
def test_article_extraction_never_breaks(parts):
    from hangviet.monitoring.extract import extract
    from hangviet.monitoring.fetch import decode

    html = "".join(parts)
    extracted = extract(decode(html.encode("utf-8", "surrogatepass")))
    assert extracted is None or isinstance(extracted.text, str)


@fuzz(300)
@given(st.text(max_size=600) | st.from_regex(r"[0-9 ,.:/%hgđ\-–]{0,40}", fullmatch=True))
def test_speech_normalisation_never_breaks(text):
    from hangviet.radio.speech import normalize, sentences

    spoken = normalize(text)
    assert all(len(p) <= 250 for p in sentences(spoken))


COORDINATE_LINE = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(["05503", "05602", "21,59", "105.78", "nan", "inf", "1e400", '"', ";"]),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    ),
    max_size=5,
)


@pytest.mark.django_db
@fuzz(60)
@given(st.lists(COORDINATE_LINE, max_size=6), st.booleans(), st.binary(max_size=40))
def test_coordinates_files_never_break(world, lines, header, noise):
    """A coordinates file either loads whole or is refused with messages; nothing else."""
    from django.core.exceptions import ValidationError

    from hangviet.orgs.models import Unit
    from hangviet.orgs.services import LATITUDES, LONGITUDES, coordinates_import

    text = ("code,latitude,longitude\n" if header else "") + "\n".join(
        ",".join(cells) for cells in lines
    )
    for data in (text.encode("utf-8"), text.encode("utf-8") + noise):
        with contextlib.suppress(ValidationError):
            coordinates_import(data=data, by=None)
    for lat, lon in Unit.objects.exclude(latitude=None).values_list("latitude", "longitude"):
        assert LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]
