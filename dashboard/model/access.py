"""What the logged-in person may submit, as a page needs to know it to offer only forms it can send
(issue 15 part 6). Built from the permission policy (`dashboard.auth.roles.form_access`); pure.

The server checks every write again inside its transaction: this only keeps the page honest, so a
viewer sees no enabled form, a Träger chooses only its own Träger, and nobody is offered a form
whose submission is always refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

EVERYTHING, OWN = "all", "own"


@dataclass(frozen=True)
class FormAccess:
    """The scopes ("all", "own" or None) of the logged-in role for the page forms.

    The default is the city's administration (everything): layouts drawn without a request, e.g. in
    tests or the PDF, show every form."""

    role_label: str = "Administration (Stadt)"
    edit: str | None = EVERYTHING  # records of a Träger ("own": only its own)
    edit_city: bool = True  # what only the city books (transfers decided by the Koordinierungskreis)
    import_data: str | None = EVERYTHING
    administer: bool = True
    save_scenario: bool = True
    scenario_file: bool = True
    save_meeting: bool = True  # save or delete a Sitzung (every role plays one)
    own_provider: str | None = None  # the Träger code of a Träger's user

    @property
    def edits(self) -> bool:
        return self.edit is not None

    def own_only(self, items: Sequence[T], code: Callable[[T], str | None]) -> list[T]:
        """`items` a form may offer: all of them, or for a Träger only those of its own Träger."""
        if self.edit == OWN:
            return [item for item in items if code(item) is not None and code(item) == self.own_provider]
        return list(items) if self.edits else []

    def refusal(self, what: str) -> str:
        """The sentence shown instead of a form the role can never submit."""
        return (f"{what}: Ihre Rolle „{self.role_label}“ ändert hier nichts. Änderungen nehmen die "
                "Administration der Stadt oder der zuständige Träger vor.")

    def city_only(self, what: str, when: str = "") -> str:
        """The sentence for a form only the city's administration submits (`when`: on what basis)."""
        return f"{what}: Das nimmt die Administration der Stadt vor{', ' + when if when else ''}."
