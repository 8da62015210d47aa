from decimal import Decimal

import pytest

from dashboard.model.funds import FundsBalance, LedgerLine, balances, cents
from dashboard.model.staffing import staff_total


def D(x):
    return Decimal(x)


def test_remaining_is_allocation_minus_expenses_plus_minus_transfers():
    lines = [
        LedgerLine(1, "allocation", D("5000.00")),
        LedgerLine(2, "allocation", D("5000.00")),
        LedgerLine(1, "expense", D("412.80")),
        LedgerLine(2, "transfer", D("800.00"), to_provider=1),
        LedgerLine(2, "expense", D("0.01")),
    ]
    result = balances(lines, [1, 2, 3])
    assert result[1].remaining == D("5387.20")
    assert result[2].remaining == D("4199.99")
    assert result[3] == FundsBalance()
    assert result[3].remaining == D("0.00")
    # money is conserved: the transfer moves, it does not create or destroy
    assert sum(b.remaining for b in result.values()) == D("10000.00") - D("412.81")


def test_cents_refuses_floats_and_rounds_half_up():
    with pytest.raises(TypeError):
        cents(0.1)
    assert cents("0.005") == D("0.01")
    assert cents(5) == D("5.00")


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="Buchungsart"):
        balances([LedgerLine(1, "gift", D("1"))], [1])


def test_staff_total_and_vacancy():
    line = staff_total([(D("0.4"), D("0.3")), (D("1.0"), D("1.0"))])
    assert line.planned == D("1.4") and line.filled == D("1.3")
    assert line.vacant == D("0.1")
    assert staff_total([]).fill_rate_pct is None
