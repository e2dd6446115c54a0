/* anatomy.c — one update taken apart (anatomy.h). The optimizers name their values (TAP);
 * this file only collects them and frames them with the gradient first and the step last. */
#include "anatomy.h"

#include <string.h>

#include "race.h"

double anatomy_tap(Anatomy *an, int coord, int role, const char *sym, const char *what, double v)
{
    int k = 0;
    while (k < an->n && strcmp(an->part[k].sym, sym))
        k++;
    if (k == an->n) {
        if (an->n == ANAT_PARTS)
            return v;
        an->part[an->n++] = (AnatPart){(AnatRole)role, sym, what, {v, v}};
    }
    an->part[k].v[coord & 1] = v;
    if (role == ANAT_SCALAR)
        an->part[k].v[1] = v;
    return v;
}

/* The gradient's caption: where it comes from. */
static const char *grad_what(const Race *r, const Racer *rc)
{
    int batch = (rc->batch > 0 || r->cfg.batch > 0) && r->surface->n > 0;
    int noisy = rc->noise > 0 || r->cfg.noise > 0;
    if (batch)
        return noisy ? "the gradient g of a mini-batch at \xce\xb8, plus noise"
                     : "the gradient g of a mini-batch at \xce\xb8";
    return noisy ? "the gradient g at \xce\xb8, plus noise" : "the gradient g at \xce\xb8";
}

int race_anatomy(const Race *r, int i, Anatomy *an)
{
    memset(an, 0, sizeof *an);
    an->racer = i;
    an->step = r->step;
    if (i < 0 || i >= r->n)
        return -1;
    const Racer *rc = &r->racer[i];
    an->x[0] = rc->x[0];
    an->x[1] = rc->x[1];
    an->lr = rc->opt.lr;
    an->part[an->n++] = (AnatPart){ANAT_GRAD, "g", grad_what(r, rc), {0, 0}};
    int st = race_preview(r, i, an, an->g, an->x_new);
    if (st < 0)
        return -1;
    an->part[0].v[0] = an->g[0];
    an->part[0].v[1] = an->g[1];
    an->diverges = st == 1;
    if (rc->opt.kind->needs_fn)
        an->generic = "LBFGS: a line search over a quasi-Newton direction, up to max_iter "
                      "inner iterations a step: no finer decomposition, only g and the step";
    int reached = 0; /* a part already says where θ ends */
    for (int k = 0; k < an->n; k++)
        reached |= an->part[k].role == ANAT_STEP && !memcmp(an->part[k].v, an->x_new,
                                                           sizeof an->x_new);
    if (an->n < ANAT_PARTS && !reached)
        an->part[an->n++] = (AnatPart){ANAT_STEP, "\xce\xb8",
                                       "the step: \xce\xb8 \xe2\x86\x90 \xce\xb8 + \xce\x94\xce\xb8",
                                       {an->x_new[0], an->x_new[1]}};
    return 0;
}
