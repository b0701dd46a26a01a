"""The `hangviet` command says in one sentence that the database is not set up."""

import pytest
from django.db.utils import OperationalError, ProgrammingError

from hangviet import cli


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("no such table: monitoring_lexiconterm"),
        ProgrammingError('relation "monitoring_lexiconterm" does not exist\nLINE 1: …'),
    ],
)
def test_a_database_not_set_up_is_said_not_traced(monkeypatch, capsys, error):
    def fails(argv):
        raise error

    monkeypatch.setattr(cli, "execute_from_command_line", fails)
    monkeypatch.setattr(cli.sys, "argv", ["hangviet", "monitor", "classify", "a.txt"])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 1
    said = capsys.readouterr().err
    assert "hangviet migrate" in said and "Traceback" not in said and "LINE 1" not in said


def test_other_database_errors_keep_their_traceback(monkeypatch):
    def fails(argv):
        raise OperationalError("database is locked")

    monkeypatch.setattr(cli, "execute_from_command_line", fails)
    monkeypatch.setattr(cli.sys, "argv", ["hangviet", "monitor", "poll"])
    with pytest.raises(OperationalError):
        cli.main()
