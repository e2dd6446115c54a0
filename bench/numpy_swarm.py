#!/usr/bin/python3
"""numpy_swarm — the yardstick for bench_swarm: the same optimizers on the same surface, written
as a careful vectorised numpy program (in-place ufuncs with out=, no temporaries where numpy
allows it), float64, N particles as arrays.

Prints one line per optimizer, "NAME particle-steps/s", which bench_swarm reads: NAME is the
tuned version (adam, sgdm, rmsprop) or the straightforward one (adam-plain, ...), written as
most numpy code is. Exits 77 (skipped) when numpy is not installed.

Times are CPU times of this (single-threaded) process, so that a busy machine skews them less.

Usage: numpy_swarm.py [N] [STEPS] [adam|sgdm|rmsprop|adam-plain|sgdm-plain|rmsprop-plain ...]
"""
import sys
import time

try:
    import numpy as np
except ImportError:
    print("numpy_swarm: numpy is not installed; skipped", file=sys.stderr)
    sys.exit(77)


def rosenbrock_grad(x, y, gx, gy, u, v, a=1.0, b=100.0):
    """g = (−2(a − x) − 4b·x(y − x²), 2b(y − x²)); u, v are scratch arrays."""
    np.subtract(a, x, out=u)              # u = a − x
    np.multiply(x, x, out=v)
    np.subtract(y, v, out=v)              # v = y − x²
    np.multiply(v, 2 * b, out=gy)         # gy = 2b·v
    np.multiply(x, 4 * b, out=gx)
    np.multiply(gx, v, out=gx)            # 4b·x·v
    np.multiply(u, -2.0, out=u)
    np.subtract(u, gx, out=gx)            # −2u − 4b·x·v


def starts(n):
    rng = np.random.default_rng(1)
    x = rng.uniform(-2.0, 2.0, n)
    y = rng.uniform(-1.0, 3.0, n)
    return x, y


def run_adam(n, steps, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    x, y = starts(n)
    gx, gy, u, v = (np.empty(n) for _ in range(4))
    m = [np.zeros(n), np.zeros(n)]
    s = [np.zeros(n), np.zeros(n)]
    t1, t2 = np.empty(n), np.empty(n)
    t0 = time.process_time()
    for t in range(1, steps + 1):
        rosenbrock_grad(x, y, gx, gy, u, v)
        bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
        step_size, bc2_sqrt = lr / bc1, bc2 ** 0.5
        for p, g, mi, si in ((x, gx, m[0], s[0]), (y, gy, m[1], s[1])):
            mi *= b1
            np.multiply(g, 1 - b1, out=t1)
            mi += t1                           # m ← β₁m + (1−β₁)g
            si *= b2
            np.multiply(g, g, out=t1)
            t1 *= 1 - b2
            si += t1                           # v ← β₂v + (1−β₂)g²
            np.sqrt(si, out=t2)
            t2 /= bc2_sqrt
            t2 += eps                          # √v / √(1−β₂ᵗ) + ε
            np.multiply(mi, -step_size, out=t1)
            t1 /= t2
            p += t1
    return n * steps / (time.process_time() - t0)


def run_sgdm(n, steps, lr=1e-4, mu=0.9):
    x, y = starts(n)
    gx, gy, u, v = (np.empty(n) for _ in range(4))
    buf = [np.zeros(n), np.zeros(n)]
    t0 = time.process_time()
    for t in range(1, steps + 1):
        rosenbrock_grad(x, y, gx, gy, u, v)
        for p, g, b in ((x, gx, buf[0]), (y, gy, buf[1])):
            if t == 1:
                b[:] = g                       # torch: the buffer starts as the first gradient
            else:
                b *= mu
                b += g                         # b ← μb + g
            np.multiply(b, -lr, out=u)
            p += u
    return n * steps / (time.process_time() - t0)


def run_rmsprop(n, steps, lr=1e-3, alpha=0.99, eps=1e-8):
    x, y = starts(n)
    gx, gy, u, v = (np.empty(n) for _ in range(4))
    sq = [np.zeros(n), np.zeros(n)]
    t1 = np.empty(n)
    t0 = time.process_time()
    for _ in range(steps):
        rosenbrock_grad(x, y, gx, gy, u, v)
        for p, g, s in ((x, gx, sq[0]), (y, gy, sq[1])):
            s *= alpha
            np.multiply(g, g, out=t1)
            t1 *= 1 - alpha
            s += t1                            # v ← αv + (1−α)g²
            np.sqrt(s, out=t1)
            t1 += eps
            np.divide(g, t1, out=t1)
            t1 *= -lr
            p += t1                            # θ ← θ − η·g/(√v+ε)
    return n * steps / (time.process_time() - t0)


def run_adam_plain(n, steps, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    """Adam as one would first write it in numpy: whole-array expressions, temporaries."""
    p = np.stack(starts(n))
    m, v = np.zeros_like(p), np.zeros_like(p)
    t0 = time.process_time()
    for t in range(1, steps + 1):
        x, y = p
        g = np.stack((-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - lr / (1 - b1 ** t) * m / (np.sqrt(v) / np.sqrt(1 - b2 ** t) + eps)
    return n * steps / (time.process_time() - t0)


def run_sgdm_plain(n, steps, lr=1e-4, mu=0.9):
    p = np.stack(starts(n))
    b = None
    t0 = time.process_time()
    for _ in range(steps):
        x, y = p
        g = np.stack((-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))
        b = g if b is None else mu * b + g
        p = p - lr * b
    return n * steps / (time.process_time() - t0)


def run_rmsprop_plain(n, steps, lr=1e-3, alpha=0.99, eps=1e-8):
    p = np.stack(starts(n))
    v = np.zeros_like(p)
    t0 = time.process_time()
    for _ in range(steps):
        x, y = p
        g = np.stack((-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)))
        v = alpha * v + (1 - alpha) * g * g
        p = p - lr * g / (np.sqrt(v) + eps)
    return n * steps / (time.process_time() - t0)


# tuned: in-place ufuncs (the harder yardstick); plain: the straightforward expressions
RUNS = {"adam": run_adam, "sgdm": run_sgdm, "rmsprop": run_rmsprop,
        "adam-plain": run_adam_plain, "sgdm-plain": run_sgdm_plain,
        "rmsprop-plain": run_rmsprop_plain}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 262144
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    names = sys.argv[3:] or list(RUNS)
    for name in names:
        best = max(RUNS[name](n, steps) for _ in range(3))  # best of three, as the C bench
        print(f"{name} {best:.6g}", flush=True)


if __name__ == "__main__":
    main()
