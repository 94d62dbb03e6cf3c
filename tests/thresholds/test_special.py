"""The scipy-free special functions of the default gate agree with scipy.special."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from bencher_core.thresholds._special import digamma, t_upper_quantile, tetragamma, trigamma

POINTS = np.array([1e-3, 0.1, 0.5, 1.0, 2.5, 7.0, 9.99, 10.0, 33.3, 1e4])


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param(digamma, special.digamma, id="digamma"),
        pytest.param(trigamma, lambda x: special.polygamma(1, x), id="trigamma"),
        pytest.param(tetragamma, lambda x: special.polygamma(2, x), id="tetragamma"),
    ],
)
def test_polygamma_functions(ours, theirs) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(ours(POINTS), theirs(POINTS), rtol=1e-13)


@pytest.mark.parametrize("nu", [1, 2, 3, 4.5, 5, 10, 19, 63, 200, 3000, 20000, 1e6, np.inf])
@pytest.mark.parametrize("q", [0.5, 0.4, 0.1, 0.01, 1e-3, 1e-5, 1e-7, 5e-9, 1e-12])
def test_student_t_upper_quantile(nu: float, q: float) -> None:
    expected = -special.stdtrit(nu, q)
    assert t_upper_quantile([nu], q)[0] == pytest.approx(expected, rel=1e-11, abs=1e-15)


def test_quantiles_for_many_degrees_of_freedom_at_once() -> None:
    nus = np.array([5.0, 63.0, 5.0, 19.0])
    np.testing.assert_allclose(t_upper_quantile(nus, 1e-4), -special.stdtrit(nus, 1e-4), rtol=1e-11)


def test_the_default_gate_does_not_import_scipy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from bencher_core.models import DEFAULT_MODEL\n"
        "from bencher_core.thresholds import compute_limits\n"
        "h = np.random.default_rng(0).normal(100, 3, (50, 30))\n"
        "compute_limits(DEFAULT_MODEL, h, np.full(50, 30), n_tests=50, current=h[:, 0])\n"
        "print(sorted(m for m in sys.modules if m.startswith('scipy')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
