/* knob.c — 1-2-5 steps and knob names (knob.h). */
#include "knob.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "param.h"

double knob_step(double x, int dir)
{
    double e = floor(log10(x));
    static const double m[] = {1, 2, 5};
    double best = dir > 0 ? INFINITY : 0;
    for (int k = -1; k <= 1; k++)
        for (int i = 0; i < 3; i++) {
            double v = m[i] * pow(10, e + k);
            /* 1e-9 relative: 0.1 typed by a user is on the sequence */
            if (dir > 0 && v > x * (1 + 1e-9) && v < best)
                best = v;
            if (dir < 0 && v < x * (1 - 1e-9) && v > best)
                best = v;
        }
    return best;
}

double knob_snap(double x)
{
    if (!(x > 0) || !isfinite(x))
        return x;
    return knob_step(x * (1 + 2e-9), -1); /* x itself when it is a step */
}

double knob_round(double v)
{
    if (!(v > 0) || !isfinite(v))
        return v;
    double e = pow(10, floor(log10(v))), best = e, m[] = {1, 2, 5, 10};
    for (int i = 1; i < 4; i++)
        if (fabs(log(m[i] * e / v)) < fabs(log(best / v)))
            best = m[i] * e;
    return best;
}

void knob_name(const OptimKind *k, int slot, char *buf, size_t n)
{
    int second = 0;
    const ParamDef *d = param_at_slot(k->params, k->nparams, slot, &second);
    if (!d)
        snprintf(buf, n, "p[%d]", slot);
    else if (!strcmp(d->name, "betas"))
        snprintf(buf, n, "\xce\xb2%s", second ? "\xe2\x82\x82" : "\xe2\x82\x81");
    else if (d->type == PARAM_PAIR)
        snprintf(buf, n, "%s[%d]", d->name, second);
    else
        snprintf(buf, n, "%s", d->name);
}
