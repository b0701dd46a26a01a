"""Reporting periods as Nghị định 09/2019/NĐ-CP defines their data cut-off.

Codes: `2022` (year: 15/12/2021–14/12/2022), `2022H1` (15/12/2021–14/06/2022), `2022H2`
(15/06–14/12), `2022Q3` (15/06–14/09), `2022M07` (15/06–14/07).
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from hangviet.core.workdays import add_working_days

_CODE = re.compile(r"^(?P<y>\d{4})(?:(?P<h>H[12])|(?P<q>Q[1-4])|M(?P<m>0[1-9]|1[0-2]))?$")


class PeriodError(ValueError):
    """The period code or range is not valid; the message says why, for the user."""


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _cutoff_start(year: int, month: int) -> date:
    """Return the 15th of the month before `month` of `year`."""
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def period_for_code(code: str) -> Period:
    """Return the period a code names; raise PeriodError for anything else."""
    m = _CODE.match(code.strip().upper())
    if not m:
        raise PeriodError(
            _("Unknown period code “%(c)s”. Use e.g. 2022, 2022H1, 2022H2, 2022Q3 or 2022M07.")
            % {"c": code[:40]}
        )
    year = int(m.group("y"))
    if not 2000 <= year <= 2100:
        raise PeriodError(_("The year must be between 2000 and 2100."))
    if m.group("h") == "H1":
        return Period(f"{year}H1", date(year - 1, 12, 15), date(year, 6, 14))
    if m.group("h") == "H2":
        return Period(f"{year}H2", date(year, 6, 15), date(year, 12, 14))
    if m.group("q"):
        q = int(m.group("q")[1])
        first = 3 * q - 2
        return Period(f"{year}Q{q}", _cutoff_start(year, first), date(year, first + 2, 14))
    if m.group("m"):
        month = int(m.group("m"))
        return Period(f"{year}M{month:02d}", _cutoff_start(year, month), date(year, month, 14))
    return Period(str(year), date(year - 1, 12, 15), date(year, 12, 14))


MAX_RANGE_DAYS = 5 * 366


def custom_period(start: date, end: date) -> Period:
    """Return an ad hoc period; refuse ranges that end before they start or are too long."""
    if end < start:
        raise PeriodError(_("The period ends before it starts."))
    if end - start > timedelta(days=MAX_RANGE_DAYS):
        raise PeriodError(_("A period may not be longer than five years."))
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


DEFAULT_DEADLINE_WORKING_DAYS = 5


def default_deadline(period: Period) -> date:
    """Return the default sending deadline: the 5th working day after the data cut-off.

    Nghị định 09 asks for at least one working day between cut-off and deadline; provinces
    commonly give units a working week. A request may set any other deadline after the
    cut-off.
    """
    return add_working_days(period.end, DEFAULT_DEADLINE_WORKING_DAYS)


ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(code: str, *, document: bool = False) -> str:
    """Return a period in words: "6 tháng đầu năm 2026", "Quý III/2026", "Tháng 7/2026",
    "Năm 2026", or "từ 01/03/2026 đến 31/05/2026" for a range. In a document (Nghị định 30)
    the half-years read "06 tháng đầu năm 2026"."""
    m = _CODE.match(code.strip().upper())
    if not m:
        if ".." in code:
            start, _sep, end = code.partition("..")
            try:
                first, last = date.fromisoformat(start), date.fromisoformat(end)
            except ValueError:
                return code
            return f"từ {first:%d/%m/%Y} đến {last:%d/%m/%Y}"
        return code
    year = m.group("y")
    six = "06" if document else "6"
    if m.group("h") == "H1":
        return f"{six} tháng đầu năm {year}"
    if m.group("h") == "H2":
        return f"{six} tháng cuối năm {year}"
    if m.group("q"):
        return f"Quý {ROMAN_QUARTERS[int(m.group('q')[1])]}/{year}"
    if m.group("m"):
        return f"Tháng {int(m.group('m'))}/{year}"
    return f"năm {year}" if document else f"Năm {year}"


def shifted_period(code: str, steps: int) -> str | None:
    """Return the code of the period `steps` periods of the same kind away (−1: the previous
    half-year, quarter, month or year), or None for a range of dates."""
    m = _CODE.match(code.strip().upper())
    if not m:
        return None
    year = int(m.group("y"))
    if m.group("h"):
        index = year * 2 + int(m.group("h")[1]) - 1 + steps
        return f"{index // 2}H{index % 2 + 1}"
    if m.group("q"):
        index = year * 4 + int(m.group("q")[1]) - 1 + steps
        return f"{index // 4}Q{index % 4 + 1}"
    if m.group("m"):
        index = year * 12 + int(m.group("m")) - 1 + steps
        return f"{index // 12}M{index % 12 + 1:02d}"
    return str(year + steps)


def period_with_dates(code: str) -> str:
    """A period in words with its dates, for a list to choose from:
    "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)"."""
    period = period_for_code(code)
    return f"{period_label(code)} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y})"


def periods_of_year(year: int, *, months: list[int] | None = None) -> list[str]:
    """The period codes of a year, in the order a person looks for them: the year, its
    halves, its quarters, then the months given."""
    codes = [str(year), f"{year}H1", f"{year}H2", *(f"{year}Q{q}" for q in range(1, 5))]
    return codes + [f"{year}M{m:02d}" for m in sorted(months or [])]


def current_half(today: date) -> str:
    """The half-year of Nghị định 09 that `today` belongs to (H1: 15/12 to 14/6)."""
    if (today.month, today.day) >= (12, 15):
        return f"{today.year + 1}H1"
    return f"{today.year}H1" if (today.month, today.day) <= (6, 14) else f"{today.year}H2"


def half_of_month(year: int, month: int) -> str:
    """The half-year a reporting month (named by the month of its 14th) belongs to."""
    return f"{year}H1" if month <= 6 else f"{year}H2"
