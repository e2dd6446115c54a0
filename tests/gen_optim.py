"""Writes tests/fixtures/torch_optim.txt: torch 1.13 trajectories of every torch-named optimizer,
several cases each, every keyword exercised at least once (format: torch_common.py).

    /usr/bin/python3 tests/gen_optim.py

Each case is data: the optimizer as (name, keywords); the spec text given to optiplay's parser
and the torch optimizer are both built from it, so they cannot disagree. torch runs its
single-tensor code paths (foreach=False, the default in 1.13). Starts and learning rates are
chosen so that no case diverges and none is chaotic enough to amplify last-bit differences in
the gradient (optiplay's surfaces are hand-written, torch's are autograd) beyond 1e-9.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_common  # noqa: E402  (sets float64 as torch's default dtype)


def call(name, **kw):
    return (name, kw)


def call_text(c):
    name, kw = c
    return "%s(%s)" % (name, ", ".join("%s=%r" % (k, v) for k, v in kw.items()))


def make(c):
    name, kw = c
    return lambda params: getattr(torch.optim, name)(params, **kw)


Q = ("quadratic", -2.0, 1.5)
B = ("booth", -4.0, 5.0)
R = ("rosenbrock", -1.5, 2.0)
H = ("himmelblau", 0.5, -0.5)
H2 = ("himmelblau", -1.0, 1.0)
E = ("beale", 1.0, 1.0)
E2 = ("beale", -0.5, 1.2)
M = ("matyas", 4.0, -3.0)
HM = ("himmelblau", 0.3, -0.2)   # near its local maximum, for maximize=True
RH = ("rosenbrock", -1.5, 2.0, "by hand")  # LBFGS's closure: optiplay's gradient formula

# (surface, steps, optimizer)
CASES = [
    (Q, 200, call("SGD", lr=0.05)),
    (R, 500, call("SGD", lr=0.0005, momentum=0.9)),
    (E, 400, call("SGD", lr=0.01, momentum=0.9, nesterov=True)),
    (H, 300, call("SGD", lr=0.005, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    (B, 250, call("SGD", lr=0.02, weight_decay=0.1)),

    (R, 500, call("Adam", lr=0.01)),
    (E, 400, call("Adam", lr=0.05, betas=(0.9, 0.99), amsgrad=True)),
    (H2, 300, call("Adam", lr=0.1, eps=1e-6, weight_decay=0.05)),
    (Q, 300, call("Adam", lr=0.02, betas=(0.5, 0.9), amsgrad=True, weight_decay=0.01)),

    (R, 500, call("AdamW", lr=0.01)),
    (H, 300, call("AdamW", lr=0.05, betas=(0.8, 0.95), eps=1e-7, weight_decay=0.1,
                  amsgrad=True)),
    (M, 300, call("AdamW", lr=0.03, weight_decay=0.5)),

    (B, 300, call("Adagrad", lr=0.5)),
    (H2, 300, call("Adagrad", lr=0.3, lr_decay=0.01, initial_accumulator_value=0.5)),
    (R, 400, call("Adagrad", lr=0.1, weight_decay=0.01, eps=1e-8)),

    (B, 400, call("Adadelta")),
    (H, 300, call("Adadelta", lr=5.0, rho=0.95, eps=1e-4, weight_decay=0.01)),
    (R, 400, call("Adadelta", lr=10.0, rho=0.8)),

    (Q, 300, call("RMSprop", lr=0.01)),
    (R, 300, call("RMSprop", lr=0.001, alpha=0.9, momentum=0.9, centered=True)),
    (H2, 300, call("RMSprop", lr=0.01, eps=1e-6, weight_decay=0.02, momentum=0.5)),
    (E2, 300, call("RMSprop", lr=0.005, centered=True)),

    (R, 400, call("Rprop", lr=0.01)),
    (H, 300, call("Rprop", lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 1.0))),
    (E, 300, call("Rprop", lr=0.001, etas=(0.6, 1.1), step_sizes=(1e-8, 0.5))),

    (E, 400, call("Adamax", lr=0.02)),
    (H2, 300, call("Adamax", lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),

    (R, 500, call("NAdam", lr=0.01)),
    (H, 300, call("NAdam", lr=0.05, betas=(0.85, 0.995), eps=1e-7, weight_decay=0.01,
                  momentum_decay=0.01)),

    (R, 500, call("RAdam", lr=0.003)),
    (B, 300, call("RAdam", lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)),
    (E2, 300, call("RAdam", lr=0.01, betas=(0.9, 0.9))),

    # issue 14: maximize=True, gradient ascent to Himmelblau's local maximum (-0.27, -0.92)
    (HM, 2000, call("SGD", lr=0.005, momentum=0.5, weight_decay=0.01, maximize=True)),
    (HM, 2000, call("Adam", lr=0.01, amsgrad=True, maximize=True)),
    (HM, 2000, call("AdamW", lr=0.01, weight_decay=0.1, maximize=True)),
    (HM, 2000, call("Adagrad", lr=0.1, lr_decay=0.001, maximize=True)),
    (HM, 2000, call("Adadelta", lr=1.0, maximize=True)),
    (HM, 2000, call("Adamax", lr=0.01, maximize=True)),
    (HM, 2000, call("RMSprop", lr=0.001, momentum=0.5, centered=True, maximize=True)),
    (HM, 2000, call("Rprop", lr=0.01, maximize=True)),

    # issue 14: ASGD and LBFGS (several loss evaluations a step, strong-Wolfe line search)
    (R, 2000, call("ASGD", lr=0.0005)),
    (B, 2000, call("ASGD", lr=0.01, lambd=0.01, alpha=0.5, t0=100.0, weight_decay=0.01)),
    (HM, 2000, call("ASGD", lr=0.005, t0=10.0, maximize=True, foreach=False)),
    (Q, 2000, call("LBFGS")),
    (R, 100, call("LBFGS", lr=0.5, line_search_fn="strong_wolfe")),
    (B, 2000, call("LBFGS", lr=0.1, max_iter=5, max_eval=6, tolerance_grad=1e-9,
                   tolerance_change=1e-12, history_size=3)),
    (H, 100, call("LBFGS", lr=1.0, max_iter=3, history_size=2, line_search_fn="strong_wolfe")),
    (B, 100, call("LBFGS", lr=0.2, max_iter=1)),
    (M, 2000, call("LBFGS", lr=0.01, max_iter=2, history_size=5)),
    # on Rosenbrock with optiplay's gradient formula (autograd's last bits grow 1e8-fold here)
    (RH, 2000, call("LBFGS")),
    (RH, 2000, call("LBFGS", history_size=10, line_search_fn="strong_wolfe")),

    # issue 14: keywords torch takes that change nothing here, accepted and ignored; lr=0
    (R, 2000, call("Adam", lr=0.002, foreach=False, capturable=False, differentiable=False,
                   fused=False)),
    (B, 2000, call("SGD", lr=0.001, momentum=0.9, foreach=None, differentiable=False)),
    (H, 2000, call("AdamW", lr=0.01, foreach=False, capturable=False)),
    (Q, 50, call("SGD", lr=0.0, momentum=0.9)),
    (Q, 50, call("Adam", lr=0)),
]


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "torch_optim.txt")
    with open(path, "w") as out:
        out.write("# torch %s trajectories, written by tests/gen_optim.py\n" % torch.__version__)
        for (surface, x0, y0, *by_hand), steps, opt in CASES:
            torch_common.write_case(out, surface, x0, y0, steps, call_text(opt), make(opt),
                                    by_hand=bool(by_hand))
    print("wrote %s (%d cases)" % (path, len(CASES)))


if __name__ == "__main__":
    main()
