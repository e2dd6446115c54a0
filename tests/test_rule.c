/* test_rule — the update-rule panel's text (rule.c): this racer's rule as torch computes it,
 * only its active options, its numbers named with the rule's symbols, the note where torch
 * differs from the lecture notes. */
#undef NDEBUG
#include <stdlib.h>

#include "check.h"
#include "rule.h"

static char line[RULE_LINES][RULE_LINE];
static int n, note;

/* The rule and numbers of a racer of `spec` after `steps` steps on a bowl. */
static int rule_of(const char *spec, int steps, RuleValue val[RULE_VALUES])
{
    Surface s;
    Race r;
    Spec sp;
    Err e = {0};
    if (surface_init(&s, "quadratic", &e) < 0 || spec_parse(&sp, spec, &e) < 0) {
        fprintf(stderr, "%s: %s\n", spec, e.msg);
        exit(1);
    }
    race_init(&r, &s, NULL);
    race_add(&r, &sp, &e);
    race_step(&r, steps);
    n = rule_lines(&r.racer[0], line, &note);
    int nv = rule_values(&r.racer[0], val);
    race_deinit(&r);
    surface_deinit(&s);
    return nv;
}

static int has(const char *needle)
{
    for (int i = 0; i < n; i++)
        if (strstr(line[i], needle))
            return 1;
    return 0;
}

static int named(const RuleValue *val, int nv, const char *name)
{
    for (int i = 0; i < nv; i++)
        if (!strcmp(val[i].name, name))
            return i;
    return -1;
}

int main(void)
{
    RuleValue val[RULE_VALUES];
    int nv = rule_of("SGD(lr=0.1)", 3, val);
    CHECK(n == 1 && !strcmp(line[0], "θ ← θ − ηg") && !note && nv == 0);
    nv = rule_of("SGD(lr=0.1, momentum=0.9)", 3, val);
    CHECK(has("b ← μb + g") && has("θ ← θ − ηb") && !has("τ") && !has("look-ahead"));
    CHECK(named(val, nv, "b") >= 0 && named(val, nv, "m") < 0);
    rule_of("SGD(lr=0.1, momentum=0.9, dampening=0.5, nesterov=False, weight_decay=0.1)", 3,
            val);
    CHECK(has("(1−τ)g") && has("g ← g + λθ"));
    rule_of("SGD(lr=0.1, momentum=0.9, nesterov=True)", 3, val);
    CHECK(has("θ ← θ − η(g + μb)"));

    rule_of("SGD(lr=0.1, maximize=True)", 3, val);
    CHECK(has("maximize") && has("θ ← θ − ηg"));
    nv = rule_of("Adam(lr=0.1)", 5, val);
    CHECK(!has("max") && !has("AMSGrad") && !note && has("m̂ = m/(1−β₁ᵗ)"));
    int k = named(val, nv, "1−β₁ᵗ"), mh = named(val, nv, "m̂"), m = named(val, nv, "m");
    CHECK(k >= 0 && val[k].scalar && fabs(val[k].v[0] - (1 - pow(0.9, 5))) < 1e-15);
    CHECK(mh >= 0 && m >= 0 && fabs(val[mh].v[0] * val[k].v[0] - val[m].v[0]) < 1e-12);
    CHECK(named(val, nv, "v̂") >= 0 && named(val, nv, "vₘₐₓ") < 0);
    nv = rule_of("Adam(lr=0.1, amsgrad=True)", 5, val);
    CHECK(has("vₘₐₓ ← max(vₘₐₓ, v)") && note && strstr(line[n - 1], "bias correction"));
    CHECK(named(val, nv, "vₘₐₓ") >= 0);
    nv = rule_of("Adam(lr=0.1, bias_correction=False)", 5, val);
    k = named(val, nv, "1−β₁ᵗ"), mh = named(val, nv, "m̂"), m = named(val, nv, "m");
    CHECK(has("not torch") && k >= 0 && val[k].v[0] == 1 && val[mh].v[0] == val[m].v[0]);
    rule_of("AdamW(lr=0.1)", 5, val);
    CHECK(has("θ ← θ(1 − ηλ)") && !has("g ← g + λθ"));

    nv = rule_of("RMSprop(lr=0.01)", 2, val);
    CHECK(has("d = √v + ε") && has("θ ← θ − η·g/d") && !has("ḡ") && note);
    CHECK(strstr(line[n - 1], "η/√(1−α)") && named(val, nv, "b") < 0);
    nv = rule_of("RMSprop(lr=0.01, momentum=0.5, centered=True)", 2, val);
    CHECK(has("√(v − ḡ²)") && has("b ← μb + g/d") && named(val, nv, "ḡ") >= 0);
    rule_of("Rprop()", 2, val);
    CHECK(note && strstr(line[n - 1], "0.5") && strstr(line[n - 1], "0.6"));
    rule_of("Adagrad(lr=0.1)", 2, val);
    CHECK(!has("δ") && has("θ ← θ − η·g/(√v + ε)"));
    rule_of("Adagrad(lr=0.1, lr_decay=0.01)", 2, val);
    CHECK(has("(t−1)δ"));
    /* Nesterov's look-ahead: the momentum part, and the rest of the step is −ηg */
    Surface sf;
    Race r;
    Spec sp;
    Err e = {0};
    CHECK(surface_init(&sf, "quadratic", &e) == 0);
    race_init(&r, &sf, NULL);
    spec_parse(&sp, "SGD(lr=0.02, momentum=0.9, nesterov=True)", &e);
    race_add(&r, &sp, &e);
    spec_parse(&sp, "SGD(lr=0.02, momentum=0.9)", &e);
    race_add(&r, &sp, &e);
    race_step(&r, 7);
    double la[2];
    CHECK(rule_lookahead(&r.racer[0], la) && !rule_lookahead(&r.racer[1], la + 0));
    rule_lookahead(&r.racer[0], la);
    for (int i = 0; i < 2; i++) {
        const Racer *rc = &r.racer[0];
        CHECK(fabs(la[i] + 0.02 * 0.9 * rc->opt.st.m[i]) < 1e-15);
        CHECK(fabs(rc->opt.st.step[i] - la[i] + 0.02 * rc->g[i]) < 1e-12);
    }
    race_deinit(&r);
    surface_deinit(&sf);
    /* the legend tells the uncorrected variant from Adam */
    char label[256];
    spec_parse(&sp, "Adam(lr=0.1, bias_correction=False)", &e);
    spec_label(&sp, label, sizeof label);
    CHECK(strstr(label, "bias_correction=False") != NULL);
    spec_parse(&sp, "Adam(lr=0.1)", &e);
    spec_label(&sp, label, sizeof label);
    CHECK(strstr(label, "bias_correction") == NULL);
    return check_done();
}
