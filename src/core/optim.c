/* optim.c — the table of optimizers and the calls every racer makes. Each optimizer is one file
 * in optim/; the table lists torch's first (SGD, then the lecture notes' SGDM beside it), then
 * the ones from the literature. */
#include "optim.h"

#include <assert.h>
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "anatomy.h"
#include "optim/optim_kinds.h"

const OptimKind *const optim_kinds[] = {
    &optim_sgd,
    &optim_sgdm,
    &optim_adam,
    &optim_adamw,
    &optim_adagrad,
    &optim_adadelta,
    &optim_rmsprop,
    &optim_rprop,
    &optim_adamax,
    &optim_nadam,
    &optim_radam,
    &optim_asgd,
    &optim_lbfgs,
    &optim_adabound,
    &optim_swats,
    &optim_lion,
};
const int optim_count = (int)(sizeof optim_kinds / sizeof optim_kinds[0]);

static int same_word(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Lookahead is not in the table: it wraps an optimizer, the parser finds it by name. */
const OptimKind *optim_find(const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < optim_count; i++)
        if (same_word(optim_kinds[i]->name, name))
            return optim_kinds[i];
    return NULL;
}

/* Each kind sets up its own state at its first step (t == 0), as torch does when a parameter
 * first has a state; a cleared state is all any kind needs here. */
void optim_reset(Optim *o, const double x0[2])
{
    memset(&o->st, 0, sizeof o->st);
    if (o->lb)
        memset(o->lb, 0, sizeof *o->lb);
    o->lr = o->p[0];
    o->slow[0] = x0 ? x0[0] : 0;
    o->slow[1] = x0 ? x0[1] : 0;
}

int optim_maximizes(const Optim *o)
{
    return o->kind->maximize > 0 && o->p[o->kind->maximize] != 0;
}

void optim_step(Optim *o, double x[2], const double g[2])
{
    assert(o->kind && o->kind->step);
    double x0[2] = {x[0], x[1]};
    if (optim_maximizes(o)) { /* torch: grad = -grad before anything else */
        double ng[2];
        for (int i = 0; i < 2; i++)
            ng[i] = o->tap ? anatomy_tap(o->tap, i, ANAT_GRAD, "\xe2\x88\x92g",
                                         "maximize: g \xe2\x86\x90 \xe2\x88\x92g", -g[i])
                           : -g[i];
        o->kind->step(o, x, ng);
    } else {
        o->kind->step(o, x, g);
    }
    if (o->la_k > 0 && o->st.t % o->la_k == 0) {
        /* Lookahead (Zhang et al. 2019, Algorithm 1): φ ← φ + α(θ − φ), θ ← φ */
        for (int i = 0; i < 2; i++) {
            o->slow[i] += o->la_alpha * (x[i] - o->slow[i]);
            x[i] = o->slow[i];
            o->st.step[i] = x[i] - x0[i];
            if (o->tap)
                anatomy_tap(o->tap, i, ANAT_STEP, "\xcf\x86",
                            "Lookahead, every k-th step: the slow weights \xcf\x86 \xe2\x86\x90 "
                            "\xcf\x86 + \xce\xb1(\xce\xb8 \xe2\x88\x92 \xcf\x86), then "
                            "\xce\xb8 \xe2\x86\x90 \xcf\x86", x[i]);
        }
    } else if (o->la_k > 0 && o->tap) {
        for (int i = 0; i < 2; i++)
            anatomy_tap(o->tap, i, ANAT_NUM, "t mod k", "Lookahead: the slow weights wait for "
                        "every k-th step (this is step t; k, t mod k shown)",
                        i ? (double)(o->st.t % o->la_k) : (double)o->la_k);
    }
}
