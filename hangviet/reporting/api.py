"""API routes of the reporting cycle."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from hangviet.core.periods import PeriodError, default_deadline, period_for_code

periods_router = Router(tags=["periods"])


class PeriodOut(Schema):
    code: str
    start: dt.date
    end: dt.date
    deadline: dt.date


@periods_router.get(
    "/{code}/",
    response=PeriodOut,
    auth=None,
    summary="A reporting period of Nghị định 09 and its default deadline",
)
def get_period(request: HttpRequest, code: str) -> dict[str, Any]:
    """Data cut-off and the default deadline (the 5th working day after the cut-off,
    skipping weekends and Vietnamese public holidays). Public: it is the law's calendar."""
    try:
        period = period_for_code(code)
    except PeriodError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    return {
        "code": period.code,
        "start": period.start,
        "end": period.end,
        "deadline": default_deadline(period),
    }
