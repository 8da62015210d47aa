"""argparse in German: the parser's own error messages (missing or unknown arguments, invalid
choices) say what is wrong and how to get help, in German; the exit code stays 2."""

from __future__ import annotations

import argparse
import re
import sys

# argparse's English messages (Python 3.11–3.13) → German; groups are kept in the same order
MESSAGES = (
    (r"the following arguments are required: (.+)", "Es fehlt: {0}."),
    (r"one of the arguments (.+) is required", "Eine dieser Angaben ist nötig: {0}."),
    (r"argument (.+?): invalid choice: '?([^']*)'? \(choose from (.+)\)", "{0}: „{1}“ gibt es nicht; möglich: {2}."),
    (r"argument (.+?): expected one argument", "{0}: Bitte einen Wert angeben."),
    (r"argument (.+?): not allowed with argument (.+)", "{0} und {1} schließen einander aus; bitte nur eines angeben."),
    (r"argument (.+?): invalid (\S+) value: '?([^']*)'?", "{0}: „{2}“ ist kein gültiger Wert."),
    (r"argument (.+?): ignored explicit argument '?([^']*)'?", "{0} nimmt keinen Wert („{1}“)."),
    (r"unrecognized arguments: (.+)", "Unbekannte Angabe(n): {0}."),
    (r"argument (.+?): (.+)", "{0}: {1}"),  # the project's own (German) type errors
)


def german(message: str) -> str:
    """argparse's English error `message` in German (unknown messages pass unchanged)."""
    for pattern, text in MESSAGES:
        match = re.fullmatch(pattern, message.strip())
        if match:
            return text.format(*match.groups())
    return message


class GermanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are German; sub-parsers inherit the class."""

    def error(self, message: str):
        usage = self.format_usage().removeprefix("usage: ").strip()
        sys.stderr.write(f"Aufruf: {usage}\n{self.prog}: Fehler: {german(message)} "
                         f"Hilfe: {self.prog} --help\n")
        sys.exit(2)
