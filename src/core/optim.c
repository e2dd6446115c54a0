/* optim.c — the table of optimizers and the calls every racer makes. Each optimizer is one file
 * in optim/; the table lists torch's first (SGD, then the lecture notes' SGDM beside it), then
 * the ones from the literature. */
#include "optim.h"

#include <assert.h>
#include <ctype.h>
#include <stddef.h>
#include <string.h>

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
    if (optim_maximizes(o)) /* torch: grad = -grad before anything else */
        o->kind->step(o, x, (const double[2]){-g[0], -g[1]});
    else
        o->kind->step(o, x, g);
    if (o->la_k > 0 && o->st.t % o->la_k == 0) {
        /* Lookahead (Zhang et al. 2019, Algorithm 1): φ ← φ + α(θ − φ), θ ← φ */
        for (int i = 0; i < 2; i++) {
            o->slow[i] += o->la_alpha * (x[i] - o->slow[i]);
            x[i] = o->slow[i];
            o->st.step[i] = x[i] - x0[i];
        }
    }
}
