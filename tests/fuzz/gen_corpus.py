#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (tests/corpus/{spec,expr,scene}) and dictionaries
(tests/fuzz/*.dict) from the real syntax: every optimizer and schedule with all its keywords as
`optiplay list` prints them, expressions, and the shipped scenes.

    tests/fuzz/gen_corpus.py BUILD/src/app/optiplay

Seeds are small files named by content; rerunning replaces the generated ones (gen-*) and
keeps any other file (inputs the fuzzers found and someone chose to keep)."""
import glob
import hashlib
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
listing = subprocess.run([sys.argv[1], "list"], check=True, capture_output=True,
                         text=True).stdout

# values for keywords without a default (REQUIRED), so that every schedule parses
required = {"step_size": "7", "milestones": "(5, 20, 40)", "gamma": "0.9", "T_max": "50",
            "base_lr": "0.001", "max_lr": "0.1", "T_0": "20", "decay": "0.05"}

sections = re.split(r"\n(?=\S)", listing)
surfaces, optims, scheds = [], [], []
for sec in sections:
    lines = sec.splitlines()
    for ln in lines[1:]:
        m = re.match(r"  (\S[^(\s]*)(\(.*\))?", ln)
        if not m or ln.startswith("      "):
            continue
        name, args = m.group(1), (m.group(2) or "")
        if sec.startswith("Surfaces"):
            if name != "(expression)":
                surfaces.append((name, args.split(")  ")[0] + ")" if args else ""))
        elif sec.startswith("Optimizers"):
            optims.append((name, args))
        elif sec.startswith("Schedules"):
            scheds.append((name, args))


def fill(args):
    """'(step_size, gamma=0.1)' -> '(step_size=7, gamma=0.1)'"""
    inner = args[1:-1]
    parts = re.split(r",\s*(?![^()]*\))", inner) if inner else []
    out = []
    for p in parts:
        if "=" not in p and p != "OPTIMIZER":
            p = f"{p}={required[p]}"
        out.append(p)
    return out


specs = []
for name, args in optims:
    if name == "Lookahead":
        continue
    full = f"{name}({', '.join(fill(args))})"
    specs += [full, f"{name}()", name, f"Lookahead({full}, k=5, alpha=0.5)"]
for name, args in scheds:
    kw = fill(args)
    for opt in ["SGD(lr=0.1, momentum=0.9)", "Adam(lr=0.01)", "RMSprop(lr=0.01, momentum=0.5)"]:
        specs.append(f"{opt} | {name}({', '.join(kw)})")
specs += [
    "Adam(3e-4, (0.9, 0.98))", "adam(LR=1E-2, BETAS=[0.5, 0.9], amsgrad=true)",
    "SGD(lr=0.1, momentum=0.9, nesterov=True) | StepLR(step_size=30, gamma=0.5)",
    "Lookahead(RAdam(lr=0.01), k=5, alpha=0.5)", "Lookahead(optimizer=SGD(), k=3)",
    "SGD(0.1) | MultiStepLR(milestones=30)", "SGD | CyclicLR(0.01, 0.1, mode='exp_range', gamma=0.99)",
    "Adam() | OneCycleLR(max_lr=0.1, epochs=3, steps_per_epoch=10, anneal_strategy=\"linear\")",
    "Adam() | OneCycleLR(max_lr=0.1, total_steps=100, three_phase=True)",
    "SGD(lr=0.1) | CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=1e-4)",
    "AdaBound(lr=1e-3, final_lr=0.1, amsbound=True)", "Rprop(etas=(0.4, 1.3), step_sizes=(1e-8, 1))",
    "Adam(lr=", "Adam(lr=0.1", "Adam(lr=0.1,, eps=1)", "Adm(lr=0.1)", "StepLR(step_size=3)",
    "SGD() | Adam()", "Adam(betas=(0.9))", "SGD(nesterov=True)", "Adam(lr=inf)", "Adam(lr=1e999)",
    "Adam(lr=-0.1)", "Lookahead(Lookahead(SGD()))", "SGD(lr=0.1) | OneCycleLR(max_lr=1)",
    "Adam(((((((((((1)))))))))))", "Adam(lr='0.1')",
]
exprs = [
    "x^2 + 3*y^2 + 0.5*x*y", "(1 - x)^2 + 100*(y - x^2)^2", "x^2 - y^2", "x^3 - 3*x*y^2",
    "sin(x)*cos(y)", "exp(-(x^2 + y^2))", "log(1 + x^2 + y^2)", "sqrt(x^2 + y^2)",
    "abs(x) + abs(y)", "tanh(x)*tanh(y)", "tan(x/4) + y^2", "x^y", "2^-1*x^2", "2^3^2 + y",
    "-x^2 + -y^-2", "pi*x + e*y", "1/(x-x)", "log(x)", "exp(x*y)", "x^0.5 + y^0.5",
    "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "0.26*(x^2 + y^2) - 0.48*x*y",
    "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    "X^2 + SIN(Y)", "1e308*x*1e308", ".5e-3*x", "x^0", "0^x", "(-1)^y", "x^(1/3)",
    "sqrt(sqrt(sqrt(x)))", "log(log(log(abs(x) + 1)))", "exp(exp(exp(x)))",
    "2x", "x**2", "sin(x, y)", "x²", "sinh(x)", "((x)", "x)", "", "   ", "0x1p3",
]
here = os.path.join(root, "tests", "corpus")


def write(kind, items):
    d = os.path.join(here, kind)
    os.makedirs(d, exist_ok=True)
    for old in glob.glob(os.path.join(d, "gen-*")):
        os.remove(old)
    for it in items:
        data = it.encode() if isinstance(it, str) else it
        h = hashlib.sha1(data).hexdigest()[:12]
        with open(os.path.join(d, f"gen-{h}"), "wb") as f:
            f.write(data)


write("spec", specs)
write("expr", exprs)
scenes = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(root, "assets/scenes/*.ini")))]
scenes += [
    b"""; every key
[scene]
title   = Every key
caption = One racer of each kind on linear regression with mini-batches and noise.
surface = linreg(n=32, noise=0.3, seed=2)
start   = -1, 2
view    = -3, -3, 5, 3
seed    = 9
noise   = 0.1
noise_decay = 0.55
batch   = 4
speed   = 2
steps   = 120
record_dir = out

[racers]
opt = SGD(lr=0.1)
batch = 8
opt = Adam(lr=0.05) | StepLR(step_size=30)
opt = Lookahead(SGD(lr=0.1, momentum=0.9), k=5, alpha=0.5)
""",
    b"[scene]\nsurface = 1/(x-x)\n[racers]\nopt = SGD(lr=1e9)\n",
    b"[scene]\nsurface = log(x)\nstart = -1, 1\n[racers]\nopt = Adam()\n",
    b"[scene]\nsurface = exp(x*y)\nstart = 1e150, -1e300\nnoise = 1e6\n[racers]\nopt = Adagrad(lr=1e9)\n",
    b"[scene]\nsurface = rosenbrock(b=10)\n[racers]\nopt = SGD(lr=0.1) | ExponentialLR(gamma=10)\n",
    b"[scene]\nsurface = beale\nstart = 1, 1.5\nview = -4.5, -4.5, 4.5, 4.5\n[racers]\nopt = Adam(lr=0.1)\nopt = NAdam(lr=0.1)\n",
    b"[scene]\nsurface = beale\n[racers]\nbatch = 3\n",
    b"[scene]\nsurface = beale\nbogus = 1\n",
    b"[other]\nx = 1\n",
    b"[scene]\nsurface = beale\n  continued\n[racers]\nopt = SGD()\n",
]
write("scene", scenes)


def words(items):
    """libFuzzer dictionary lines: quoted, with \\, \" and control bytes escaped"""
    def esc(w):
        return "".join("\\x%02X" % ord(c) if c < " " or c in '"\\' else c for c in w)
    return "".join(f'"{esc(w)}"\n' for w in sorted(set(items)))


kw = set(re.findall(r"(\w+)=", listing))
names = [n for n, _ in optims + scheds] + [n for n, _ in surfaces]
with open(os.path.join(root, "tests", "fuzz", "spec.dict"), "w") as f:
    f.write("# libFuzzer dictionary for fuzz_spec (tests/fuzz/gen_corpus.py)\n")
    f.write(words(names + [k + "=" for k in kw] + ["True", "False", "None", " | ", "(", ")",
                                                   "[", "]", ",", "'", "1e308", "-0", "1e-320"]))
with open(os.path.join(root, "tests", "fuzz", "expr.dict"), "w") as f:
    f.write("# libFuzzer dictionary for fuzz_expr (tests/fuzz/gen_corpus.py)\n")
    f.write(words(["x", "y", "pi", "e", "sin(", "cos(", "tan(", "exp(", "log(", "sqrt(", "abs(",
                   "tanh(", "^", "*", "/", "+", "-", "(", ")", "1e308", "1e-308", "0.5", "^-"]))
with open(os.path.join(root, "tests", "fuzz", "scene.dict"), "w") as f:
    f.write("# libFuzzer dictionary for fuzz_scene (tests/fuzz/gen_corpus.py)\n")
    f.write(words(["[scene]\n", "[racers]\n", "opt = ", "batch = ", " = ", "\n", ";", "#"] +
                  [k + " = " for k in ["title", "caption", "surface", "start", "view", "seed",
                                       "noise", "noise_decay", "speed", "steps", "record_dir"]] +
                  names + [k + "=" for k in kw] + ["1e300", "-1e300", "1e9", "1e-12"]))
print(f"{len(specs)} specs, {len(exprs)} expressions, {len(scenes)} scenes")
