/* test_fan — fans: one optimizer, one number swept; the spec form, the knob form, the errors. */
#undef NDEBUG
#include <stdlib.h>

#include "check.h"
#include "fan.h"

static Fan f; /* big: off the stack */

static int parse(const char *text)
{
    Err e = {0};
    int n = fan_parse(&f, text, &e);
    if (n < 0)
        fprintf(stderr, "fan '%s': %s\n", text, e.msg);
    return n;
}

/* text fails at column col with a message containing needle */
static void bad(const char *text, int col, const char *needle)
{
    Err e = {0};
    CHECK(fan_parse(&f, text, &e) == -1);
    CHECK_MSG(e.msg, needle);
    if (col && e.col != col)
        fprintf(stderr, "'%s': column %d, expected %d (%s)\n", text, e.col, col, e.msg);
    CHECK(col == 0 || e.col == col);
}

static void spec_form(void)
{
    CHECK(parse("Adam(lr=fan(1e-3, 1, 5))") == 5);
    double lr[] = {1e-3, 0.0056234132519035, 0.0316227766016838, 0.177827941003892, 1};
    const char *labels[] = {"lr=0.001", "lr=0.0056", "lr=0.032", "lr=0.18", "lr=1"};
    for (int k = 0; k < 5; k++) {
        CHECK_FEQ(f.value[k], lr[k], 1e-14);
        CHECK(f.spec[k].opt.p[0] == f.value[k] && f.spec[k].opt.lr == f.value[k]);
        CHECK(!strcmp(f.spec[k].opt.kind->name, "Adam"));
        CHECK_MSG(f.label[k], labels[k]);
        CHECK(!strcmp(f.label[k], labels[k]));
    }
    CHECK(f.value[0] == 1e-3 && f.value[4] == 1); /* the ends exactly */
    CHECK(f.spacing == FAN_LOG && f.where == FAN_OPTIM && f.slot == 0 && !strcmp(f.key, "lr"));
    CHECK_MSG(f.spec[1].text, "Adam(lr=0.00562341325190349");
    CHECK(!strcmp(f.text, "Adam(lr=fan(1e-3, 1, 5))"));

    /* β-like keywords: 1 − β log-spaced, so β₂ ∈ {0.9, 0.99, 0.999} exactly */
    CHECK(parse("Adam(betas=(0.9, fan(0.9, 0.999, 3)))") == 3);
    CHECK(f.value[0] == 0.9 && f.value[1] == 0.99 && f.value[2] == 0.999);
    CHECK(f.spacing == FAN_LOG1M && f.slot == f.spec[0].opt.kind->beta2);
    CHECK(!strcmp(f.label[1], "\xce\xb2\xe2\x82\x82=0.99"));
    CHECK(!strcmp(f.label[2], "\xce\xb2\xe2\x82\x82=0.999"));
    for (int k = 0; k < 3; k++)
        CHECK(f.spec[k].opt.p[f.slot] == f.value[k] && f.spec[k].opt.p[f.slot - 1] == 0.9);

    CHECK(parse("SGD(lr=0.1, momentum=fan(0, 0.99, 4))") == 4);
    CHECK(f.spacing == FAN_LOG1M && f.value[0] == 0 && f.value[3] == 0.99);
    CHECK_FEQ(f.value[1], 1 - pow(10, -2.0 / 3), 1e-14);
    CHECK(!strcmp(f.label[0], "momentum=0") && !strcmp(f.label[2], "momentum=0.954"));

    CHECK(parse("rmsprop(lr=0.01, alpha=FAN(0.9, 0.999, 2))") == 2); /* any case */
    CHECK(f.spacing == FAN_LOG1M && !strcmp(f.key, "alpha"));

    /* a ≤ 0: linear; a > b: downwards */
    CHECK(parse("Adam(lr=0.01, weight_decay=fan(0, 0.1, 3))") == 3);
    CHECK(f.spacing == FAN_LINEAR && f.value[1] == 0.05 && f.value[2] == 0.1);
    CHECK(parse("SGD(lr=fan(0.5, 0.1, 3), momentum=0.9)") == 3);
    CHECK(f.value[0] == 0.5 && f.value[2] == 0.1 && f.value[1] < 0.5 && f.value[1] > 0.1);
    CHECK(f.spec[2].opt.p[f.spec[2].opt.kind->beta1] == 0.9);

    /* the schedule's numbers and Lookahead's; integers are rounded */
    CHECK(parse("SGD(lr=0.1) | StepLR(step_size=fan(10, 100, 3), gamma=0.5)") == 3);
    CHECK(f.where == FAN_SCHED && f.value[0] == 10 && f.value[1] == 32 && f.value[2] == 100);
    CHECK(!strcmp(f.label[1], "step_size=32") && f.spec[1].sched.kind);
    CHECK(parse("Lookahead(Adam(), k=fan(2, 10, 5))") == 5);
    CHECK(f.where == FAN_LOOKAHEAD && f.slot == 0);
    int k5[] = {2, 3, 4, 7, 10};
    for (int k = 0; k < 5; k++)
        CHECK(f.spec[k].opt.la_k == k5[k]);
    CHECK(parse("Lookahead(Adam(), alpha=fan(0.2, 0.8, 2))") == 2);
    CHECK(f.where == FAN_LOOKAHEAD && f.slot == 1 && f.spec[1].opt.la_alpha == 0.8);

    /* an item of a pair, of a list */
    CHECK(parse("Rprop(lr=0.01, etas=(0.5, fan(1.1, 1.5, 3)))") == 3);
    CHECK(!strcmp(f.key, "etas[1]") && f.spacing == FAN_LOG && f.value[2] == 1.5);
    CHECK(parse("SGD(lr=0.1) | MultiStepLR(milestones=(fan(10, 50, 3), 80))") == 3);
    CHECK(!strcmp(f.key, "milestones[0]") && f.value[1] == 22 && f.where == FAN_SCHED);

    /* sixteen members fit a race */
    CHECK(parse("SGD(lr=fan(1e-4, 0.1, 16))") == FAN_MAX);
    Surface s;
    surface_init(&s, "beale", NULL);
    Race r;
    race_init(&r, &s, NULL);
    for (int k = 0; k < f.n; k++)
        CHECK(race_add(&r, &f.spec[k], NULL) == k);
    race_step(&r, 10);
    race_deinit(&r);
    surface_deinit(&s);

    /* no fan: one member, the spec itself */
    CHECK(fan_find("Adam(lr=0.1)") == 0 && fan_find("SGD(lr=fan(1, 2, 3))") == 8);
    CHECK(fan_find("Adam(lr='fan(1, 2, 3)')") == 0); /* inside quotes it is text */
    CHECK(parse("Adam(lr=0.1)") == 1 && f.spec[0].opt.p[0] == 0.1 && isnan(f.value[0]));
}

static void errors(void)
{
    bad("Adam(lr=fan(1e-3, 1))", 9, "fan takes three numbers");
    bad("Adam(lr=fan())", 9, "fan takes three numbers");
    bad("Adam(lr=fan(1e-3, x, 3))", 9, "fan takes three numbers");
    bad("Adam(lr=fan(1e-3, 1, 3, 4))", 9, "fan takes three numbers");
    bad("Adam(lr=fan(1e-3; 1, 3))", 17, "expected ',' or ')'");
    bad("Adam(lr=fan(1e-3, 1, 17))", 22, "n must be an integer from 2 to 16");
    bad("Adam(lr=fan(1e-3, 1, 1))", 22, "n must be an integer from 2 to 16");
    bad("Adam(lr=fan(1e-3, 1, 2.5))", 22, "n must be an integer");
    bad("Adam(lr=fan(1, 1, 3))", 9, "ends are the same");
    bad("Adam(lr=fan(1e-3, 1, 3), eps=fan(1e-8, 1e-6, 3))", 30, "only one fan");
    bad("fan(1, 2, 3)", 1, "where a number is not allowed");
    bad("Adam(amsgrad=fan(0, 1, 3))", 14, "where a number is not allowed");
    bad("Adam(betas=fan(0.9, 0.99, 3))", 12, "where a number is not allowed");
    bad("Adam(lr=fan(-1, 1, 3))", 9, "lr must be >= 0");
    bad("Adam(betas=(0.9, fan(0.9, 1, 3)))", 18, "betas[1] must be in [0, 1)");
    bad("Adam(lr=fan(1e-3, 1, 3), bta=0.9)", 26, "no keyword 'bta'"); /* column after the fan */
    bad("Adm(lr=fan(1e-3, 1, 3))", 1, "did you mean 'Adam'");
    bad("SGD(lr=fan(0.1, 1, 3), nesterov=True)", 0, "nesterov=True needs momentum");
}

static void knob_form(void)
{
    Spec base;
    Err e = {0};
    CHECK(spec_parse(&base, "Adam(lr=0.01) | StepLR(step_size=30)", &e) == 0);
    CHECK(fan_sweep(&f, &base, 0, 1e-3, 1, 4, &e) == 4);
    CHECK(f.value[0] == 1e-3 && f.value[1] == 0.01 && f.value[2] == 0.1 && f.value[3] == 1);
    CHECK(!strcmp(f.label[1], "lr=0.01") && f.spacing == FAN_LOG);
    CHECK(f.spec[2].opt.p[0] == 0.1 && f.spec[2].opt.lr == 0.1 && f.spec[2].sched.kind);
    CHECK_MSG(f.text, "Adam(lr=fan(0.001, 1, 4), betas=(0.9, 0.999)");
    CHECK_MSG(f.text, "| StepLR(step_size=30");
    /* the text reads back as the same fan */
    Fan g;
    CHECK(fan_parse(&g, f.text, &e) == 4);
    for (int k = 0; k < 4; k++)
        CHECK(g.value[k] == f.value[k] && !strcmp(g.label[k], f.label[k]));

    int b2 = base.opt.kind->beta2;
    CHECK(fan_sweep(&f, &base, b2, 0.9, 0.9999, 4, &e) == 4);
    CHECK(f.spacing == FAN_LOG1M && f.value[1] == 0.99 && f.value[2] == 0.999);
    CHECK(!strcmp(f.label[3], "\xce\xb2\xe2\x82\x82=0.9999"));

    CHECK(fan_sweep(&f, &base, 0, 1e-3, 1, 1, &e) < 0);
    CHECK_MSG(e.msg, "2 to 16");
    CHECK(fan_sweep(&f, &base, 0, 1e-3, 1, 17, &e) < 0);
    CHECK(fan_sweep(&f, &base, 5, 0, 1, 3, &e) < 0); /* amsgrad is no number */
    CHECK_MSG(e.msg, "no numeric knob");
    CHECK(fan_sweep(&f, &base, b2, 0.9, 1, 3, &e) < 0);
    CHECK_MSG(e.msg, "must be in [0, 1)");
    CHECK(fan_sweep(&f, &base, 0, 1, 1, 3, &e) < 0);
    Spec nes;
    CHECK(spec_parse(&nes, "SGD(lr=0.1, momentum=0.9, nesterov=True)", &e) == 0);
    CHECK(fan_sweep(&f, &nes, nes.opt.kind->beta1, 0, 0.9, 3, &e) < 0);
    CHECK_MSG(e.msg, "nesterov");
}

int main(void)
{
    spec_form();
    errors();
    knob_form();
    return check_done();
}
