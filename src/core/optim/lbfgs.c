/* LBFGS — torch.optim.LBFGS (1.13, torch/optim/lbfgs.py): limited-memory BFGS, the seeds'
 * second-order representative. One step runs up to max_iter inner iterations, each a two-loop
 * recursion over the last history_size (s, y) pairs and either the fixed step lr (the first
 * scaled by min(1, 1/|g|₁)) or a strong-Wolfe line search; every loss evaluation goes through
 * the caller's closure (Optim.fn) and is counted in st.evals. Exactly torch's algorithm,
 * branch for branch; o->lb is torch's state. */
#include "optim_kinds.h"

#include <string.h>

enum { LR, MAX_ITER, MAX_EVAL, TOLERANCE_GRAD, TOLERANCE_CHANGE, HISTORY_SIZE, LINE_SEARCH_FN };
enum { NO_SEARCH, STRONG_WOLFE };  /* LINE_SEARCH_FN */

static const ParamDef params[] = {
    { "lr", PARAM_REAL, LR, {1}, 0, INFINITY, 0, NULL, "learning rate (step length)" },
    { "max_iter", PARAM_INT, MAX_ITER, {20}, 1, 10000, 0, NULL,
      "inner iterations per step" },
    { "max_eval", PARAM_INT, MAX_EVAL, {NAN}, 1, 100000, PARAM_NONE_OK, NULL,
      "loss evaluations per step; None: max_iter*5//4" },
    { "tolerance_grad", PARAM_REAL, TOLERANCE_GRAD, {1e-7}, 0, INFINITY, 0, NULL,
      "stop when max |g| is below" },
    { "tolerance_change", PARAM_REAL, TOLERANCE_CHANGE, {1e-9}, 0, INFINITY, 0, NULL,
      "stop when the step or the loss changes less" },
    { "history_size", PARAM_INT, HISTORY_SIZE, {100}, 1, LBFGS_MAXHIST, 0, NULL,
      "(s, y) pairs remembered" },
    { "line_search_fn", PARAM_CHOICE, LINE_SEARCH_FN, {NO_SEARCH}, 0, 0, 0,
      "None|strong_wolfe", "None: fixed steps of lr" },
};

static double dot(const double a[2], const double b[2])
{
    return a[0] * b[0] + a[1] * b[1];
}

static double absmax(const double a[2])
{
    return t_max(fabs(a[0]), fabs(a[1]));
}

/* _directional_evaluate: the loss and gradient at x + t·d */
static double evaluate(Optim *o, const double x[2], double t, const double d[2], double g[2])
{
    double p[2] = {t_add(x[0], d[0], t), t_add(x[1], d[1], t)};
    o->st.evals++;
    return o->fn(o->fn_ctx, p, g);
}

static double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                const double *bounds)
{
    double lo, hi;
    if (bounds) {
        lo = bounds[0];
        hi = bounds[1];
    } else {
        lo = x1 <= x2 ? x1 : x2;
        hi = x1 <= x2 ? x2 : x1;
    }
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2_square = d1 * d1 - g1 * g2;
    if (d2_square >= 0) {
        double d2 = sqrt(d2_square), min_pos;
        if (x1 <= x2)
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
        else
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        double m = lo > min_pos ? lo : min_pos; /* Python's min(max(min_pos, lo), hi) */
        return hi < m ? hi : m;
    }
    return (lo + hi) / 2.;
}

/* _strong_wolfe: returns the loss at the accepted t; g and t updated; *evals counted */
static double strong_wolfe(Optim *o, const double x[2], double *tp, const double d[2], double f,
                           double g[2], double gtd, int *evals)
{
    const double c1 = 1e-4, c2 = 0.9, tol = o->p[TOLERANCE_CHANGE];
    const int max_ls = 25;
    double t = *tp, d_norm = absmax(d), g_new[2];
    double f_new = evaluate(o, x, t, d, g_new);
    int ls_func_evals = 1, ls_iter = 0, done = 0, n = 0;
    double gtd_new = dot(g_new, d);
    double t_prev = 0, f_prev = f, g_prev[2] = {g[0], g[1]}, gtd_prev = gtd;
    double br[2], br_f[2], br_g[2][2], br_gtd[2];
    while (ls_iter < max_ls) {
        if (f_new > (f + c1 * t * gtd) || (ls_iter > 1 && f_new >= f_prev)) {
            n = 2;
            br[0] = t_prev, br[1] = t, br_f[0] = f_prev, br_f[1] = f_new;
            memcpy(br_g[0], g_prev, sizeof g_prev), memcpy(br_g[1], g_new, sizeof g_new);
            br_gtd[0] = gtd_prev, br_gtd[1] = gtd_new;
            break;
        }
        if (fabs(gtd_new) <= -c2 * gtd) {
            n = 1;
            br[0] = t, br_f[0] = f_new;
            memcpy(br_g[0], g_new, sizeof g_new);
            done = 1;
            break;
        }
        if (gtd_new >= 0) {
            n = 2;
            br[0] = t_prev, br[1] = t, br_f[0] = f_prev, br_f[1] = f_new;
            memcpy(br_g[0], g_prev, sizeof g_prev), memcpy(br_g[1], g_new, sizeof g_new);
            br_gtd[0] = gtd_prev, br_gtd[1] = gtd_new;
            break;
        }
        double bounds[2] = {t + 0.01 * (t - t_prev), t * 10}, tmp = t;
        t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds);
        t_prev = tmp;
        f_prev = f_new;
        memcpy(g_prev, g_new, sizeof g_new);
        gtd_prev = gtd_new;
        f_new = evaluate(o, x, t, d, g_new);
        ls_func_evals++;
        gtd_new = dot(g_new, d);
        ls_iter++;
    }
    if (ls_iter == max_ls) {
        n = 2;
        br[0] = 0, br[1] = t, br_f[0] = f, br_f[1] = f_new;
        memcpy(br_g[0], g, sizeof br_g[0]), memcpy(br_g[1], g_new, sizeof g_new);
    }
    int insuf_progress = 0;
    int low = n == 2 && !(br_f[0] <= br_f[n - 1]) ? 1 : 0, high = 1 - low;
    while (!done && ls_iter < max_ls) {
        if (fabs(br[1] - br[0]) * d_norm < tol)
            break;
        t = cubic_interpolate(br[0], br_f[0], br_gtd[0], br[1], br_f[1], br_gtd[1], NULL);
        double bmax = br[0] >= br[1] ? br[0] : br[1], bmin = br[0] <= br[1] ? br[0] : br[1];
        double eps = 0.1 * (bmax - bmin);
        if (fmin(bmax - t, t - bmin) < eps) {
            if (insuf_progress || t >= bmax || t <= bmin) {
                t = fabs(t - bmax) < fabs(t - bmin) ? bmax - eps : bmin + eps;
                insuf_progress = 0;
            } else {
                insuf_progress = 1;
            }
        } else {
            insuf_progress = 0;
        }
        f_new = evaluate(o, x, t, d, g_new);
        ls_func_evals++;
        gtd_new = dot(g_new, d);
        ls_iter++;
        if (f_new > (f + c1 * t * gtd) || f_new >= br_f[low]) {
            br[high] = t, br_f[high] = f_new, br_gtd[high] = gtd_new;
            memcpy(br_g[high], g_new, sizeof g_new);
            low = br_f[0] <= br_f[1] ? 0 : 1;
            high = 1 - low;
        } else {
            if (fabs(gtd_new) <= -c2 * gtd) {
                done = 1;
            } else if (gtd_new * (br[high] - br[low]) >= 0) {
                br[high] = br[low], br_f[high] = br_f[low], br_gtd[high] = br_gtd[low];
                memcpy(br_g[high], br_g[low], sizeof br_g[low]);
            }
            br[low] = t, br_f[low] = f_new, br_gtd[low] = gtd_new;
            memcpy(br_g[low], g_new, sizeof g_new);
        }
    }
    *tp = br[low];
    memcpy(g, br_g[low], sizeof br_g[low]);
    *evals = ls_func_evals;
    return br_f[low];
}

/* torch's LBFGS.step(closure) with the closure's first call already made by the caller: the
 * loss o->fx and gradient g at x. */
static void step(Optim *o, double x[2], const double g0[2])
{
    const double *p = o->p;
    LbfgsState fresh, *L = o->lb;
    if (!L) { /* no memory kept: this step is a first one */
        memset(&fresh, 0, sizeof fresh);
        L = &fresh;
    }
    double lr = o->lr, tol_grad = p[TOLERANCE_GRAD], tol_change = p[TOLERANCE_CHANGE];
    /* a caller without a closure (o->fn NULL) gets one iteration on the g it gave */
    long max_iter = o->fn ? (long)p[MAX_ITER] : 1;
    long max_eval = isnan(p[MAX_EVAL]) ? max_iter * 5 / 4 : (long)p[MAX_EVAL];
    int hist = (int)p[HISTORY_SIZE];
    double xn[2] = {x[0], x[1]}, g[2] = {g0[0], g0[1]}, loss = o->fx;
    long current_evals = 1;
    o->st.t++;
    o->st.evals++;
    if (absmax(g) <= tol_grad) {
        commit(o, x, xn);
        return;
    }
    for (long n_iter = 1; n_iter <= max_iter; n_iter++) {
        L->n_iter++;
        if (L->n_iter == 1) {
            L->d[0] = -g[0], L->d[1] = -g[1];
            L->nhist = L->head = 0;
            L->h_diag = 1;
        } else {
            double y[2] = {g[0] - L->prev_g[0], g[1] - L->prev_g[1]};
            double s[2] = {L->d[0] * L->t, L->d[1] * L->t};
            double ys = dot(y, s);
            if (ys > 1e-10) {
                int at;
                if (L->nhist == hist) { /* pop the oldest */
                    at = L->head;
                    L->head = (L->head + 1) % hist;
                } else {
                    at = (L->head + L->nhist++) % hist;
                }
                memcpy(L->y[at], y, sizeof y);
                memcpy(L->s[at], s, sizeof s);
                L->ro[at] = 1. / ys;
                L->h_diag = ys / dot(y, y);
            }
            double al[LBFGS_MAXHIST], q[2] = {-g[0], -g[1]};
            for (int i = L->nhist - 1; i >= 0; i--) {
                int k = (L->head + i) % hist;
                al[i] = dot(L->s[k], q) * L->ro[k];
                q[0] = t_add(q[0], L->y[k][0], -al[i]);
                q[1] = t_add(q[1], L->y[k][1], -al[i]);
            }
            double r[2] = {q[0] * L->h_diag, q[1] * L->h_diag};
            for (int i = 0; i < L->nhist; i++) {
                int k = (L->head + i) % hist;
                double be_i = dot(L->y[k], r) * L->ro[k];
                r[0] = t_add(r[0], L->s[k][0], al[i] - be_i);
                r[1] = t_add(r[1], L->s[k][1], al[i] - be_i);
            }
            L->d[0] = r[0], L->d[1] = r[1];
        }
        L->prev_g[0] = g[0], L->prev_g[1] = g[1];
        L->prev_loss = loss;
        if (L->n_iter == 1) {
            double inv = 1. / (fabs(g[0]) + fabs(g[1]));
            L->t = (1. <= inv ? 1. : inv) * lr; /* min(1., ·): the first when equal */
        } else {
            L->t = lr;
        }
        double gtd = dot(g, L->d);
        if (gtd > -tol_change)
            break;
        int ls_func_evals = 0, opt_cond = 0;
        if (p[LINE_SEARCH_FN] == STRONG_WOLFE && o->fn) {
            double x_init[2] = {xn[0], xn[1]};
            loss = strong_wolfe(o, x_init, &L->t, L->d, loss, g, gtd, &ls_func_evals);
            xn[0] = t_add(xn[0], L->d[0], L->t);
            xn[1] = t_add(xn[1], L->d[1], L->t);
            opt_cond = absmax(g) <= tol_grad;
        } else {
            xn[0] = t_add(xn[0], L->d[0], L->t);
            xn[1] = t_add(xn[1], L->d[1], L->t);
            if (n_iter != max_iter) {
                o->st.evals++;
                loss = o->fn(o->fn_ctx, xn, g);
                opt_cond = absmax(g) <= tol_grad;
                ls_func_evals = 1;
            }
        }
        current_evals += ls_func_evals;
        if (n_iter == max_iter || current_evals >= max_eval || opt_cond)
            break;
        if (t_max(fabs(L->d[0] * L->t), fabs(L->d[1] * L->t)) <= tol_change)
            break;
        if (fabs(loss - L->prev_loss) < tol_change)
            break;
    }
    commit(o, x, xn);
}

const OptimKind optim_lbfgs = {
    .name = "LBFGS",
    .doc = "limited-memory BFGS (second order): up to max_iter inner iterations and several "
           "loss evaluations a step, optional strong-Wolfe line search",
    .params = params,
    .nparams = (int)(sizeof params / sizeof params[0]),
    .beta1 = -1,
    .beta2 = -1,
    .show = "",
    .rule = "d ← −H·g   (H from the last (s, y) pairs, two-loop recursion)\n"
            "θ ← θ + t·d   (t = lr, or a strong-Wolfe line search)\nup to max_iter times a step",
    .step = step,
    .check = NULL,
    .needs_fn = 1,
};
