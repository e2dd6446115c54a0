"""Writes tests/fixtures/torch_sched.txt: torch 1.13 trajectories under every torch-named
learning-rate schedule, several cases each, exercising every keyword (format: torch_common.py).

    /usr/bin/python3 tests/gen_sched.py

Each case is data: the optimizer and the schedule as (name, positional args, keywords); the
spec text given to optiplay's parser and the torch objects are both built from it, so they
cannot disagree. Momentum-cycling cases use SGD/RMSprop with momentum and Adam (beta1), so a
wrong momentum shows in the trajectory, not only in the lr column. OneCycleLR cases stop at
total_steps - 1 scheduler steps (torch raises past total_steps; optiplay holds the last lr).
"""
import math
import os
import sys

import torch
from torch.optim import lr_scheduler

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_common  # noqa: E402  (sets float64 as torch's default dtype)


def call(name, *args, **kw):
    return (name, args, kw)


class Lambda(str):
    """lr_lambda: an expression of epoch in optiplay's syntax, a Python function for torch."""

    def __repr__(self):
        return "'%s'" % self

    def function(self):
        names = {f: getattr(math, f) for f in ("sin", "cos", "tan", "exp", "log", "sqrt", "tanh")}
        names.update(abs=abs, pi=math.pi, e=math.e)
        return eval("lambda epoch: " + self.replace("^", "**"), names)


def is_call(v):
    return isinstance(v, tuple) and len(v) == 3 and isinstance(v[0], str)


def value_text(v):
    """Python's repr, except a list of schedules (a chain's members) is written as calls."""
    if isinstance(v, list) and v and all(is_call(m) for m in v):
        return "[%s]" % ", ".join(call_text(m) for m in v)
    return repr(v)


def call_text(c):
    name, args, kw = c
    parts = [value_text(a) for a in args] + ["%s=%s" % (k, value_text(v)) for k, v in kw.items()]
    return "%s(%s)" % (name, ", ".join(parts))


def chain(*members):
    """Opt(...) | A(...) | B(...): optiplay's short form of ChainedScheduler([A, B])."""
    return ("|", members, {})


Q = ("quadratic", 3.0, 2.0)
B = ("booth", -3.0, 4.0)
R = ("rosenbrock", -1.5, 2.0)
HM = ("himmelblau", 0.3, -0.2)   # near its local maximum, for maximize=True

SGD_MOM = call("SGD", lr=0.001, momentum=0.9)

# (surface, steps, optimizer, schedule); lrs small enough that no racer settles at its minimum
# within the case, so the schedule keeps steering the trajectory to the end.
CASES = [
    (Q, 200, call("SGD", lr=0.02), call("StepLR", step_size=30)),
    (B, 200, SGD_MOM, call("StepLR", step_size=25, gamma=0.5)),
    (R, 300, call("Adam", lr=0.05), call("StepLR", 50, 0.7)),

    (Q, 200, call("SGD", lr=0.02), call("MultiStepLR", milestones=[30, 80, 120])),
    (B, 200, SGD_MOM, call("MultiStepLR", milestones=[20, 60, 60, 100], gamma=0.5)),
    (R, 300, call("Adam", lr=0.02),
     call("MultiStepLR", milestones=[150, 0, 100, 150], gamma=0.8)),

    (Q, 150, call("SGD", lr=0.02), call("ConstantLR")),
    (B, 200, call("SGD", lr=0.0005, momentum=0.9), call("ConstantLR", factor=0.25, total_iters=40)),
    (R, 300, call("Adam", lr=0.03), call("ConstantLR", factor=0.5, total_iters=100)),

    (Q, 150, call("SGD", lr=0.02), call("LinearLR")),
    (B, 200, call("SGD", lr=0.004, momentum=0.5),
     call("LinearLR", start_factor=0.1, end_factor=1.0, total_iters=50)),
    (R, 300, call("Adam", lr=0.05),
     call("LinearLR", start_factor=1.0, end_factor=0.05, total_iters=250)),

    (Q, 200, call("SGD", lr=0.03), call("ExponentialLR", gamma=0.98)),
    (B, 200, SGD_MOM, call("ExponentialLR", 0.995)),
    (R, 300, call("Adam", lr=0.05), call("ExponentialLR", gamma=0.99)),

    (Q, 150, call("SGD", lr=0.02), call("PolynomialLR")),
    (B, 200, SGD_MOM, call("PolynomialLR", total_iters=150, power=2.0)),
    (R, 300, call("Adam", lr=0.05), call("PolynomialLR", total_iters=250, power=0.5)),

    (Q, 200, call("SGD", lr=0.02), call("CosineAnnealingLR", T_max=50)),
    (B, 250, SGD_MOM, call("CosineAnnealingLR", T_max=40, eta_min=0.0005)),
    (R, 300, call("Adam", lr=0.05), call("CosineAnnealingLR", T_max=300, eta_min=1e-4)),

    (Q, 200, call("SGD", lr=0.01, momentum=0.9),
     call("CyclicLR", base_lr=0.0005, max_lr=0.004, step_size_up=20)),
    (B, 250, call("SGD", lr=0.005, momentum=0.5),
     call("CyclicLR", base_lr=0.0005, max_lr=0.005, step_size_up=15, step_size_down=35,
          mode="triangular2", base_momentum=0.5, max_momentum=0.85)),
    (Q, 200, call("SGD", lr=0.01, momentum=0.9),
     call("CyclicLR", base_lr=0.001, max_lr=0.006, step_size_up=25, step_size_down=10,
          mode="exp_range", gamma=0.99)),
    (B, 200, call("RMSprop", lr=0.01, momentum=0.5),
     call("CyclicLR", base_lr=0.001, max_lr=0.01, step_size_up=10, scale_mode="iterations")),
    (R, 300, call("Adam", lr=0.01),
     call("CyclicLR", base_lr=0.001, max_lr=0.05, step_size_up=30, mode="triangular2",
          cycle_momentum=False)),

    (Q, 199, call("SGD", lr=0.01, momentum=0.9), call("OneCycleLR", max_lr=0.004, total_steps=200)),
    (B, 249, SGD_MOM,
     call("OneCycleLR", max_lr=0.0008, total_steps=250, pct_start=0.25, anneal_strategy="linear")),
    (Q, 199, call("SGD", lr=0.005, momentum=0.9, nesterov=True),
     call("OneCycleLR", max_lr=0.004, epochs=10, steps_per_epoch=20, three_phase=True,
          base_momentum=0.8, max_momentum=0.9, div_factor=10.0, final_div_factor=100.0)),
    (R, 299, call("Adam", lr=0.01), call("OneCycleLR", max_lr=0.05, total_steps=300)),
    (R, 250, call("Adam", lr=0.01, betas=(0.9, 0.99)),
     call("OneCycleLR", max_lr=0.03, total_steps=300, anneal_strategy="linear", three_phase=True,
          cycle_momentum=False)),

    (Q, 200, call("SGD", lr=0.02), call("CosineAnnealingWarmRestarts", T_0=30)),
    (B, 300, SGD_MOM, call("CosineAnnealingWarmRestarts", T_0=10, T_mult=2, eta_min=0.0001)),
    (R, 300, call("Adam", lr=0.05), call("CosineAnnealingWarmRestarts", 20, 3)),

    # issue 14: momentum cycled up from 0 makes SGD's buffer late (undamped at that step)
    (B, 2000, call("SGD", lr=0.01, dampening=0.5),
     call("CyclicLR", base_lr=0.002, max_lr=0.01, step_size_up=15, base_momentum=0.9,
          max_momentum=0.0)),

    # keywords torch takes that change nothing here; a fractional CyclicLR step size;
    # PolynomialLR(total_iters=0), which leaves lr alone
    (B, 2000, call("SGD", lr=0.003, momentum=0.9),
     call("StepLR", step_size=300, gamma=0.5, last_epoch=-1, verbose=False)),
    (Q, 2000, call("SGD", lr=0.01, momentum=0.9),
     call("CyclicLR", base_lr=0.0005, max_lr=0.004, step_size_up=20.5, step_size_down=7.25)),
    (Q, 300, call("SGD", lr=0.01), call("PolynomialLR", total_iters=0, power=2.0)),

    # ReduceLROnPlateau on the loss each step's gradient was taken at, every keyword
    (R, 2000, call("SGD", lr=0.0008, momentum=0.9), call("ReduceLROnPlateau")),
    (R, 2000, call("Adam", lr=0.05),
     call("ReduceLROnPlateau", mode="min", factor=0.5, patience=5, threshold=0.01,
          threshold_mode="abs", cooldown=20, min_lr=0.001, eps=1e-6, verbose=False)),
    (B, 2000, call("SGD", lr=0.02, momentum=0.9),
     call("ReduceLROnPlateau", factor=0.7, patience=3, threshold=0.05, cooldown=2)),
    (HM, 2000, call("SGD", lr=0.01, momentum=0.9, maximize=True),
     call("ReduceLROnPlateau", mode="max", factor=0.3, patience=2, threshold=1e-3,
          min_lr=1e-4)),
    (HM, 2000, call("Adam", lr=0.05, maximize=True),
     call("ReduceLROnPlateau", mode="max", threshold_mode="abs", threshold=1e-6, patience=4)),

    # LambdaLR and MultiplicativeLR with lr_lambda an expression of epoch
    (R, 2000, call("Adam", lr=0.01), call("LambdaLR", lr_lambda=Lambda("0.999^epoch"))),
    (B, 2000, call("SGD", lr=0.001, momentum=0.9),
     call("LambdaLR", Lambda("1/(1+0.01*epoch)"), last_epoch=-1, verbose=False)),
    (Q, 2000, call("SGD", lr=0.01),
     call("LambdaLR", lr_lambda=Lambda("exp(-0.001*epoch)*(1+0.5*cos(0.05*epoch))"))),
    (R, 2000, call("Adam", lr=0.02), call("MultiplicativeLR", lr_lambda=Lambda("0.999"))),
    (B, 2000, call("SGD", lr=0.002, momentum=0.5),
     call("MultiplicativeLR", lr_lambda=Lambda("1-0.0001*sqrt(epoch)"))),

    # SWALR, both anneal strategies, and no annealing at all
    (R, 2000, call("Adam", lr=0.01), call("SWALR", swa_lr=0.002)),
    (B, 2000, call("SGD", lr=0.001, momentum=0.9),
     call("SWALR", swa_lr=0.004, anneal_epochs=300, anneal_strategy="linear")),
    (Q, 2000, call("SGD", lr=0.01), call("SWALR", swa_lr=0.03, anneal_epochs=0,
                                          anneal_strategy="cos")),

    # chains: warm-up then cosine, every member kind in a SequentialLR (restarted by step(0))
    (R, 2000, call("Adam", lr=0.01),
     call("SequentialLR", schedulers=[call("LinearLR", start_factor=0.1, total_iters=100),
                                      call("CosineAnnealingLR", T_max=1900, eta_min=1e-4)],
          milestones=[100])),
    (B, 2000, call("SGD", lr=0.001, momentum=0.9),
     call("SequentialLR", schedulers=[call("ConstantLR", factor=0.5, total_iters=30),
                                      call("StepLR", step_size=200, gamma=0.7),
                                      call("ExponentialLR", gamma=0.999),
                                      call("MultiStepLR", milestones=[0, 300, 700], gamma=0.9)],
          milestones=[50, 600, 1200])),
    (Q, 2000, call("SGD", lr=0.002, momentum=0.5),
     call("SequentialLR", [call("PolynomialLR", total_iters=300, power=2.0),
                           call("CosineAnnealingWarmRestarts", T_0=50, T_mult=2),
                           call("CyclicLR", base_lr=0.0005, max_lr=0.003, step_size_up=40)],
          [400, 1000])),
    (R, 2000, call("Adam", lr=0.002),
     call("SequentialLR", schedulers=[call("ExponentialLR", gamma=0.99),
                                      call("OneCycleLR", max_lr=0.01, total_steps=2100)],
          milestones=[500])),
    (B, 2000, call("SGD", lr=0.003, momentum=0.9),
     call("ChainedScheduler", [call("StepLR", step_size=300, gamma=0.5),
                               call("ExponentialLR", gamma=0.9995)])),
    (R, 2000, call("Adam", lr=0.01),
     chain(call("LinearLR", start_factor=0.2, total_iters=200),
           call("CosineAnnealingWarmRestarts", T_0=400))),
    (Q, 2000, call("SGD", lr=0.01, momentum=0.9),
     chain(call("ConstantLR", factor=0.1, total_iters=20), call("ExponentialLR", gamma=0.999),
           call("MultiStepLR", milestones=[500, 1500]))),
    (B, 2000, call("RMSprop", lr=0.001, momentum=0.5),
     chain(call("CyclicLR", base_lr=0.0002, max_lr=0.002, step_size_up=100),
           call("StepLR", step_size=500, gamma=0.5))),
    (R, 2000, call("Adam", lr=0.01),
     call("SequentialLR", schedulers=[call("SWALR", swa_lr=0.002, anneal_epochs=50),
                                      call("LambdaLR", lr_lambda=Lambda("0.999^epoch")),
                                      call("SWALR", swa_lr=0.004, anneal_strategy="linear")],
          milestones=[300, 900])),
    (B, 2000, call("SGD", lr=0.001, momentum=0.9),
     call("SequentialLR", schedulers=[call("CyclicLR", base_lr=0.0002, max_lr=0.002,
                                           step_size_up=50),
                                      call("MultiplicativeLR", lr_lambda=Lambda("0.999"))],
          milestones=[400])),
    (R, 2000, call("Adam", lr=0.01),
     call("SequentialLR", schedulers=[call("OneCycleLR", max_lr=0.02, total_steps=600),
                                      call("CosineAnnealingLR", T_max=500)],
          milestones=[550])),
    (Q, 2000, call("SGD", lr=0.01),
     chain(call("SWALR", swa_lr=0.002, anneal_epochs=100),
           call("LambdaLR", lr_lambda=Lambda("1+0.5*sin(0.01*epoch)")))),
]


def spec_text(opt, sched):
    if sched[0] == "|":
        return " | ".join([call_text(opt)] + [call_text(m) for m in sched[1]])
    return "%s | %s" % (call_text(opt), call_text(sched))


def make_opt(opt):
    name, args, kw = opt
    return lambda params: getattr(torch.optim, name)(params, *args, **kw)


def build(o, sched):
    """The torch scheduler of `sched`, its members built first, in order, as a script does."""
    name, args, kw = sched
    if name == "|":
        return lr_scheduler.ChainedScheduler([build(o, m) for m in args])
    args = [[build(o, m) for m in a] if isinstance(a, list) and a and is_call(a[0]) else a
            for a in args]
    args = [a.function() if isinstance(a, Lambda) else a for a in args]
    kw = {k: v.function() if isinstance(v, Lambda) else v for k, v in kw.items()}
    kw = {k: [build(o, m) for m in v] if isinstance(v, list) and v and is_call(v[0]) else v
          for k, v in kw.items()}
    if name in ("ChainedScheduler",):
        return getattr(lr_scheduler, name)(*args, **kw)
    if name == "SWALR":
        return torch.optim.swa_utils.SWALR(o, *args, **kw)
    return getattr(lr_scheduler, name)(o, *args, **kw)


def make_sched(sched):
    return lambda o: build(o, sched)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "fixtures", "torch_sched.txt")
    with open(path + ".tmp", "w") as out:
        for (surface, x0, y0), steps, opt, sched in CASES:
            torch_common.write_case(out, surface, x0, y0, steps, spec_text(opt, sched),
                                    make_opt(opt), make_sched(sched))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
