#!/usr/bin/python3
"""Reference counts for README: scipy's L-BFGS-B on the public More-Garbow-Hillstrom problems.

The problems, sizes and starts are those of /work/shared/problems/mgh-public.md (the same as the test project's
ProblemCatalog and the benchmark's --mgh-lbfgs mode). Each objective is f = sum r_i^2 with the exact gradient
g = 2 J'r, evaluated together, so scipy's nfev is its number of f + g calls. Runs: gtol = 1e-8 (scipy's rule:
max_i |projected g_i| <= gtol) with scipy's default ftol (2.2e-9, factr = 1e7) and again with ftol = 2.2e-15
(factr = 10), maxcor 10 as our memory. Needs python3-scipy (Debian); the tests never run this.
With --bounded it instead prints the minima scipy reaches in the box [x0 - max(1, |x0|) / 2, x0 + max(1, |x0|) / 4]
(coordinate-wise), the reference values of LbfgsBTests.Every_public_MGH_problem_in_a_box_that_cuts_it_ends_where_scipy_does.

    /usr/bin/python3 tests/AutoDiff.Benchmarks/scripts/scipy_lbfgsb_counts.py   # Debian's Python, where python3-scipy lives
"""
import math
import statistics
import sys

import numpy as np
import scipy
from scipy.optimize import minimize


def rosenbrock(x):
    r = np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])
    j = np.array([[-20 * x[0], 10], [-1, 0]])
    return r, j


def beale(x):
    y = [1.5, 2.25, 2.625]
    r = np.array([y[i] - x[0] * (1 - x[1] ** (i + 1)) for i in range(3)])
    j = np.array([[-(1 - x[1] ** (i + 1)), x[0] * (i + 1) * x[1] ** i] for i in range(3)])
    return r, j


def helical_valley(x):
    x1, x2, x3 = x
    theta = math.atan(x2 / x1) / (2 * math.pi) + (0.5 if x1 < 0 else 0.0)
    rho2 = x1 * x1 + x2 * x2
    rho = math.sqrt(rho2)
    dtheta = np.array([-x2 / rho2, x1 / rho2]) / (2 * math.pi)
    r = np.array([10 * (x3 - 10 * theta), 10 * (rho - 1), x3])
    j = np.array([[-100 * dtheta[0], -100 * dtheta[1], 10], [10 * x1 / rho, 10 * x2 / rho, 0], [0, 0, 1]])
    return r, j


def powell_block(x, n_total, offset):
    r = np.zeros(4)
    j = np.zeros((4, n_total))
    a, b, c, d = x[offset:offset + 4]
    s5, s10 = math.sqrt(5), math.sqrt(10)
    r[0] = a + 10 * b
    j[0, offset], j[0, offset + 1] = 1, 10
    r[1] = s5 * (c - d)
    j[1, offset + 2], j[1, offset + 3] = s5, -s5
    r[2] = (b - 2 * c) ** 2
    j[2, offset + 1], j[2, offset + 2] = 2 * (b - 2 * c), -4 * (b - 2 * c)
    r[3] = s10 * (a - d) ** 2
    j[3, offset], j[3, offset + 3] = 2 * s10 * (a - d), -2 * s10 * (a - d)
    return r, j


def extended_powell(x):
    n = len(x)
    parts = [powell_block(x, n, k) for k in range(0, n, 4)]
    return np.concatenate([p[0] for p in parts]), np.vstack([p[1] for p in parts])


def wood(x):
    x1, x2, x3, x4 = x
    s90, s10 = math.sqrt(90), math.sqrt(10)
    r = np.array([10 * (x2 - x1 ** 2), 1 - x1, s90 * (x4 - x3 ** 2), 1 - x3, s10 * (x2 + x4 - 2), (x2 - x4) / s10])
    j = np.array([
        [-20 * x1, 10, 0, 0], [-1, 0, 0, 0], [0, 0, -2 * s90 * x3, s90], [0, 0, -1, 0],
        [0, s10, 0, s10], [0, 1 / s10, 0, -1 / s10]])
    return r, j


def extended_rosenbrock(x):
    n = len(x)
    r = np.zeros(n)
    j = np.zeros((n, n))
    for i in range(0, n, 2):
        r[i] = 10 * (x[i + 1] - x[i] ** 2)
        j[i, i], j[i, i + 1] = -20 * x[i], 10
        r[i + 1] = 1 - x[i]
        j[i + 1, i] = -1
    return r, j


def variably_dimensioned(x):
    n = len(x)
    k = np.arange(1, n + 1)
    s = float(np.dot(k, x - 1))
    r = np.concatenate([x - 1, [s, s * s]])
    j = np.vstack([np.eye(n), k, 2 * s * k])
    return r, j


def broyden_tridiagonal(x):
    n = len(x)
    xp = np.concatenate([[0.0], x, [0.0]])
    r = np.array([(3 - 2 * xp[i]) * xp[i] - xp[i - 1] - 2 * xp[i + 1] + 1 for i in range(1, n + 1)])
    j = np.zeros((n, n))
    for i in range(n):
        j[i, i] = 3 - 4 * x[i]
        if i > 0:
            j[i, i - 1] = -1
        if i < n - 1:
            j[i, i + 1] = -2
    return r, j


def chebyquad(x):
    n = len(x)
    y = 2 * x - 1
    r = np.zeros(n)
    j = np.zeros((n, n))
    t_prev, t = np.ones(n), y.copy()
    dt_prev, dt = np.zeros(n), np.full(n, 2.0)  # d T_k(2 x - 1) / dx
    for i in range(1, n + 1):
        r[i - 1] = t.mean() + (1 / (i * i - 1) if i % 2 == 0 else 0)
        j[i - 1] = dt / n
        t_prev, t = t, 2 * y * t - t_prev
        dt_prev, dt = dt, 4 * t_prev + 2 * y * dt - dt_prev
    return r, j


PROBLEMS = [
    ("Rosenbrock", rosenbrock, [-1.2, 1], 0),
    ("Beale", beale, [1, 1], 0),
    ("Helical valley", helical_valley, [-1, 0, 0], 0),
    ("Powell singular", extended_powell, [3, -1, 0, 1], 0),
    ("Wood", wood, [-3, -1, -3, -1], 0),
    ("Extended Rosenbrock n = 10", extended_rosenbrock, [-1.2, 1] * 5, 0),
    ("Extended Rosenbrock n = 100", extended_rosenbrock, [-1.2, 1] * 50, 0),
    ("Extended Rosenbrock n = 1000", extended_rosenbrock, [-1.2, 1] * 500, 0),
    ("Extended Powell singular n = 12", extended_powell, [3, -1, 0, 1] * 3, 0),
    ("Extended Powell singular n = 100", extended_powell, [3, -1, 0, 1] * 25, 0),
    ("Variably dimensioned n = 10", variably_dimensioned, [1 - (j + 1) / 10 for j in range(10)], 0),
    ("Broyden tridiagonal n = 10", broyden_tridiagonal, [-1] * 10, 0),
    ("Chebyquad n = 8", chebyquad, [(j + 1) / 9 for j in range(8)], 3.51687e-3),
]


def value_and_gradient(residuals):
    def fg(x):
        r, j = residuals(x)
        return float(r @ r), 2 * (j.T @ r)
    return fg


def main():
    print(f"scipy {scipy.__version__}, L-BFGS-B, maxcor = 10, gtol = 1e-8; nfev = f + g calls")
    print("| problem | calls, default ftol 2.2e-9 | f | calls, ftol 2.2e-15 | f |")
    print("|---|--:|--:|--:|--:|")
    counts = {"default": [], "tight": []}
    for name, residuals, start, f_star in PROBLEMS:
        cells = []
        for key, ftol in (("default", 2.220446049250313e-09), ("tight", 2.220446049250313e-15)):
            result = minimize(value_and_gradient(residuals), np.array(start, dtype=float), jac=True, method="L-BFGS-B",
                              options={"gtol": 1e-8, "ftol": ftol, "maxcor": 10, "maxiter": 100000, "maxfun": 100000})
            reached = abs(result.fun - f_star) <= 1e-6 * max(1, abs(f_star)) and (f_star != 0 or result.fun <= 1e-10)
            counts[key].append(result.nfev)
            cells.append(f"{result.nfev} | {result.fun:.3g}{'' if reached else ' (not f*)'}")
        print(f"| {name} | {' | '.join(cells)} |")
    print(f"median calls: default ftol {statistics.median(counts['default'])}, ftol 2.2e-15 {statistics.median(counts['tight'])}")


def bounded():
    print(f"scipy {scipy.__version__}, L-BFGS-B in [x0 - max(1, |x0|) / 2, x0 + max(1, |x0|) / 4], gtol 1e-8, ftol 2.2e-15")
    for name, residuals, start, _ in PROBLEMS:
        x0 = np.array(start, dtype=float)
        lower, upper = x0 - 0.5 * np.maximum(1, abs(x0)), x0 + 0.25 * np.maximum(1, abs(x0))
        result = minimize(value_and_gradient(residuals), x0, jac=True, method="L-BFGS-B", bounds=list(zip(lower, upper)),
                          options={"gtol": 1e-8, "ftol": 2.220446049250313e-15, "maxcor": 10, "maxiter": 100000, "maxfun": 100000})
        active = int(np.sum((result.x == lower) | (result.x == upper)))
        print(f"| {name} | {result.fun:.12g} | {active} of {len(x0)} active | {result.nfev} calls |")


if __name__ == "__main__":
    bounded() if sys.argv[1:] == ["--bounded"] else main()
