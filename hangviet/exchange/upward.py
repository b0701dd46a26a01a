"""The body's report up the chain, written from what it received (`consolidation.received`):
the provincial Front's report to the central steering committee, in the Nghị định 30 form.

It says only what the received figures say: which reports were received and counted (number,
date, sender), which arrived but were not counted, the totals by indicator with each sender's
figure, and the proposals its head writes. Nothing is computed from activities here."""

from datetime import date

from hangviet.core.documents import AdminDocument, Block, number_line
from hangviet.core.periods import period_label
from hangviet.core.text import format_date, format_number
from hangviet.exchange.consolidation import Received
from hangviet.plans.export import place_date_line

CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"


def _sources(result: Received) -> list[Block]:
    counted, waiting = result.counted, result.waiting
    blocks = [
        Block(
            "paragraph",
            f"Trong kỳ báo cáo, {result.receiver.name} đã tiếp nhận {len(counted)} báo cáo "
            "bằng văn bản điện tử có chữ ký số của các cơ quan, đơn vị; số liệu tại Báo cáo "
            "này được tổng hợp từ các báo cáo đó (phiên bản ký số mới nhất của mỗi cơ quan):",
        )
    ]
    blocks += [
        Block(
            "item",
            f"- {p.sender_name}: Báo cáo số {p.number}"
            + (f" ngày {format_date(p.dated)}" if p.dated else "")
            + ("." if i == len(counted) - 1 else ";"),
        )
        for i, p in enumerate(counted)
    ]
    if waiting:
        names = "; ".join(f"{p.sender_name} (số {p.number})" for p in waiting)
        blocks.append(
            Block(
                "paragraph",
                f"Các báo cáo đã đến nhưng chưa được tiếp nhận, chưa tổng hợp: {names}.",
            )
        )
    return blocks


def _figures(result: Received) -> list[Block]:
    if not result.lines:
        return [Block("paragraph", "Chưa có số liệu từ các báo cáo đã tiếp nhận.")]
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Chi tiết theo cơ quan báo cáo"]]
    for i, line in enumerate(result.lines, start=1):
        detail = "; ".join(
            f"{who}: {format_number(value)}" for who, value in line.by_sender.items()
        )
        rows.append([str(i), line.name, line.unit, format_number(line.value), detail])
    return [
        Block("caption", "Kết quả thực hiện theo chỉ tiêu"),
        Block("table", rows=rows, widths=[1.2, 5.0, 2.1, 1.9, 6.3]),
        Block(
            "note",
            "Số liệu cộng theo mã chỉ tiêu của danh mục dùng chung; mỗi số liệu chi tiết là "
            "số liệu tại báo cáo đã ký số của cơ quan đó.",
        ),
    ]


def document(
    result: Received,
    *,
    number: str,
    dated: date,
    place: str,
    addressee: str,
    authority: str,
    title: str,
    signer_name: str,
    proposals: str,
) -> AdminDocument:
    unit = result.receiver
    words = period_label(result.period_code, document=True)
    body = [
        Block("heading", "I. TÌNH HÌNH TIẾP NHẬN BÁO CÁO"),
        *_sources(result),
        Block("heading", "II. KẾT QUẢ THỰC HIỆN"),
        *_figures(result),
    ]
    if proposals.strip():
        body += [Block("heading", "III. KIẾN NGHỊ, ĐỀ XUẤT")]
        body += [
            Block("paragraph", line.strip()) for line in proposals.splitlines() if line.strip()
        ]
    code = (unit.abbreviation or "").strip()
    return AdminDocument(
        parent_body="",
        issuer_name=unit.name,
        number_line=f"Số: {number}" if number else number_line("", "BC", code),
        place_date=place_date_line(place, dated.day, dated.month, dated.year),
        doc_type_name="BÁO CÁO",
        summary=f"Kết quả thực hiện {CAMPAIGN} {words}",
        addressee=f"Kính gửi: {addressee}.",
        body=body,
        recipients=["- Như trên;", "- Lưu: VT."],
        signer_authority=authority,
        signer_title=title,
        signer_name=signer_name,
        title=f"Báo cáo của {unit.name}: {words}",
    )
