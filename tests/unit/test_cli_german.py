"""The command line's argument errors are German and name the fix (argparse's own texts replaced)."""

from __future__ import annotations

import pytest

from dashboard.cli import main


@pytest.mark.parametrize(("argv", "expected"), [
    (["token", "add", "x"], "Fehler: Es fehlt: --name. Hilfe: im-cockpit token add --help"),
    (["token", "add", "x", "--name", "y"], "Eine dieser Angaben ist nötig: --provider --kreis --gemeinde."),
    (["foo"], "BEFEHL: „foo“ gibt es nicht; möglich: 'serve'"),
    (["kpis", "--bla"], "Unbekannte Angabe(n): --bla."),
    (["demo", "--date", "2026-13-01"], "--date: „2026-13-01“ ist kein Datum im Format JJJJ-MM-TT"),
    (["user", "add", "x", "--role", "chef"], "--role: „chef“ gibt es nicht; möglich: 'admin'"),
])
def test_argument_errors_are_german(argv, expected, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and expected in err, err
    assert "error:" not in err and "the following" not in err and err.startswith("Aufruf: ")
