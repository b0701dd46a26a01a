"""Writes of the reporting cycle, one module per job: opening a cycle (`cycle`), a unit's report
through its workflow (`reports`), reminders (`reminders`), the consolidated report (`consolidated`)
and its signature (`signatures`). Atomic, validated, permission-checked (`reporting.policy`) and
audited; callers use them as `services.<name>`."""

from hangviet.reporting.services.consolidated import (
    consolidation_save,
    consolidation_section_regenerate,
    consolidation_section_save,
)
from hangviet.reporting.services.cycle import (
    indicators_default,
    reporters,
    request_adhoc,
    requests_generate,
)
from hangviet.reporting.services.quality import (
    flag_clear,
    rule_save,
    rules_default,
    sample_check,
    sample_draw,
)
from hangviet.reporting.services.reminders import reminder_send
from hangviet.reporting.services.reports import (
    ConcurrentEdit,
    report_accept,
    report_refresh,
    report_return,
    report_revise,
    report_save,
    report_start,
    report_submit,
)
from hangviet.reporting.services.signatures import (
    consolidation_sign,
    copy_progress,
    copy_refuse,
    copy_revoke,
    receipt_acknowledge,
    remote_status,
    sign_document,
    state_of,
)

__all__ = [
    "flag_clear",
    "rule_save",
    "rules_default",
    "sample_check",
    "sample_draw",
    "ConcurrentEdit",
    "consolidation_save",
    "consolidation_section_regenerate",
    "consolidation_section_save",
    "consolidation_sign",
    "receipt_acknowledge",
    "remote_status",
    "sign_document",
    "copy_progress",
    "copy_refuse",
    "copy_revoke",
    "state_of",
    "indicators_default",
    "reminder_send",
    "report_accept",
    "report_refresh",
    "report_return",
    "report_revise",
    "report_save",
    "report_start",
    "report_submit",
    "reporters",
    "request_adhoc",
    "requests_generate",
]
