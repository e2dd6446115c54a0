"""Shared by the fixture generators: surfaces written with torch ops, and the case writer.

Run the generators with Debian's python3-torch (torch 1.13): /usr/bin/python3 tests/gen_*.py.
The fixture format (read by tests/test_torch.c):

    case <surface> <x0> <y0> <steps> <spec>
    <k> <x> <y> <loss> <lr>        one row per step k = 0..steps (the point after k steps,
    ...                            its loss, and the lr the next step will use)
    end
"""
import math
import torch

torch.set_default_dtype(torch.float64)


def beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def rosenbrock(x, y, a=1.0, b=100.0):
    return (a - x) ** 2 + b * (y - x ** 2) ** 2


def himmelblau(x, y):
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


def booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def matyas(x, y):
    return 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y


def quadratic(x, y, kx=1.0, ky=10.0):
    return 0.5 * (kx * x ** 2 + ky * y ** 2)


def saddle(x, y):
    return x ** 2 - y ** 2


def three_hump_camel(x, y):
    return 2 * x ** 2 - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y ** 2


def rosenbrock_by_hand(x, y, a=1.0, b=100.0):
    """optiplay's Rosenbrock (src/core/surf/rosenbrock.c) in Python floats: loss, gradient."""
    u, v = a - x, y - x * x
    return u * u + b * v * v, (-2 * u - 4 * b * x * v, 2 * b * v)


# Gradients as optiplay writes them, for cases where autograd's last bits would be amplified
# (LBFGS on Rosenbrock): the optimizer is checked, not the surface.
BY_HAND = {"rosenbrock": rosenbrock_by_hand}

SURFACES = {
    "beale": beale,
    "rosenbrock": rosenbrock,
    "himmelblau": himmelblau,
    "booth": booth,
    "matyas": matyas,
    "quadratic": quadratic,
    "saddle": saddle,
    "three-hump-camel": three_hump_camel,
}


def g(v):
    return "%.17g" % v


def write_case(out, surface, x0, y0, steps, spec, make_opt, make_sched=None, by_hand=False):
    """Runs torch on `surface` from (x0, y0) and writes one case.

    spec: the optiplay spec text (what the C test feeds to the parser);
    make_opt(params) -> torch optimizer; make_sched(opt) -> scheduler or None;
    by_hand: LBFGS's closure takes optiplay's own gradient formula (BY_HAND)."""
    f = SURFACES[surface]
    p = torch.tensor([x0, y0], dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    sched = make_sched(opt) if make_sched else None
    out.write("case %s %s %s %d %s\n" % (surface, g(x0), g(y0), steps, spec))
    for k in range(steps + 1):
        opt.zero_grad()
        loss = f(p[0], p[1])
        out.write("%d %s %s %s %s\n" % (k, g(p[0].item()), g(p[1].item()), g(loss.item()),
                                         g(opt.param_groups[0]["lr"])))
        if k == steps:
            break
        loss.backward()
        if isinstance(opt, torch.optim.LBFGS):
            def closure():
                opt.zero_grad()
                if by_hand:
                    value, grad = BY_HAND[surface](p[0].item(), p[1].item())
                    p.grad = torch.tensor(grad)
                    return value
                value = f(p[0], p[1])
                value.backward()
                return value
            opt.step(closure)  # the loss above was its first evaluation: recompute it
        else:
            opt.step()
        if isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau):
            sched.step(loss.item())  # the loss this step's gradient was taken at
        elif sched is not None:
            sched.step()
    out.write("end\n")
