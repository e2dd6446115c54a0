/* test_spec — the spec syntax: what binds to what, and every error path with its column. */
#undef NDEBUG
#include "check.h"
#include "spec.h"

static double kw(const Spec *s, const char *name, int i)
{
    const OptimKind *k = s->opt.kind;
    for (int j = 0; j < k->nparams; j++)
        if (!strcmp(k->params[j].name, name))
            return s->opt.p[k->params[j].slot + i];
    return NAN;
}

static double skw(const Spec *s, const char *name, int i)
{
    const SchedKind *k = s->sched.kind;
    for (int j = 0; j < k->nparams; j++)
        if (!strcmp(k->params[j].name, name))
            return s->sched.p[k->params[j].slot + i];
    return NAN;
}

/* parse must fail; the message names `needle` and the column is `col` (0: any) */
static void bad(const char *text, int col, const char *needle)
{
    Spec s;
    Err e = {0};
    int rc = spec_parse(&s, text, &e);
    check_count++;
    if (rc != -1) {
        fprintf(stderr, "spec '%s' parsed but should not\n", text);
        check_failures++;
        return;
    }
    CHECK_MSG(e.msg, needle);
    if (col && e.col != col) {
        fprintf(stderr, "spec '%s': column %d, expected %d (%s)\n", text, e.col, col, e.msg);
        check_failures++;
    }
}

int main(void)
{
    Spec s;
    Err e = {0};

    /* what a training script says is what the racer gets */
    CHECK(spec_parse(&s, "Adam(lr=3e-4, betas=(0.9, 0.98))", &e) == 0);
    CHECK(!strcmp(s.opt.kind->name, "Adam"));
    CHECK_FEQ(kw(&s, "lr", 0), 3e-4, 0);
    CHECK_FEQ(kw(&s, "betas", 0), 0.9, 0);
    CHECK_FEQ(kw(&s, "betas", 1), 0.98, 0);
    CHECK_FEQ(kw(&s, "eps", 0), 1e-8, 0);
    CHECK(kw(&s, "amsgrad", 0) == 0);
    CHECK_FEQ(s.opt.lr, 3e-4, 0);
    CHECK(s.sched.kind == NULL);
    CHECK(s.opt.la_k == 0);

    /* defaults, case-insensitive names, true/True, [] tuples, positional lr */
    CHECK(spec_parse(&s, "adam", &e) == 0);
    CHECK_FEQ(kw(&s, "lr", 0), 1e-3, 0);
    CHECK(spec_parse(&s, "ADAM(amsgrad=true)", &e) == 0 && kw(&s, "amsgrad", 0) == 1);
    CHECK(spec_parse(&s, "Adam(amsgrad=True, betas=[0.8, 0.9])", &e) == 0);
    CHECK(kw(&s, "amsgrad", 0) == 1 && kw(&s, "betas", 0) == 0.8);
    CHECK(spec_parse(&s, "SGD(0.5)", &e) == 0 && kw(&s, "lr", 0) == 0.5);
    CHECK(spec_parse(&s, "SGD()", &e) == 0 && kw(&s, "lr", 0) == 0.01); /* no lr: 0.01 */
    CHECK(spec_parse(&s, "  SGD ( lr = .1 , momentum=0.9, nesterov=True, ) ", &e) == 0);
    CHECK(kw(&s, "nesterov", 0) == 1 && kw(&s, "momentum", 0) == 0.9 && kw(&s, "lr", 0) == 0.1);
    CHECK(spec_parse(&s, "SGDM(0.05, beta=0.8)", &e) == 0 && kw(&s, "beta", 0) == 0.8);

    /* with a schedule */
    CHECK(spec_parse(&s, "SGD(lr=0.01, momentum=0.9, nesterov=True) | StepLR(step_size=30, "
                         "gamma=0.5)", &e) == 0);
    CHECK(s.sched.kind && !strcmp(s.sched.kind->name, "StepLR"));
    CHECK(skw(&s, "step_size", 0) == 30 && skw(&s, "gamma", 0) == 0.5);
    CHECK(spec_parse(&s, "SGD(lr=0.1) | MultiStepLR(milestones=(30, 80), gamma=0.1)", &e) == 0);
    CHECK(skw(&s, "milestones", 0) == 2 && skw(&s, "milestones", 1) == 30 &&
          skw(&s, "milestones", 2) == 80);
    CHECK(spec_parse(&s, "SGD(lr=0.1, momentum=0.9) | CyclicLR(base_lr=0.01, max_lr=0.1, "
                         "mode='triangular2')", &e) == 0);
    CHECK(spec_parse(&s, "SGD(lr=0.1) | OneCycleLR(max_lr=0.1, total_steps=None, epochs=2, "
                         "steps_per_epoch=50, anneal_strategy=linear)", &e) == 0);

    /* Lookahead wraps any optimizer */
    CHECK(spec_parse(&s, "Lookahead(RAdam(lr=0.01), k=6, alpha=0.4)", &e) == 0);
    CHECK(!strcmp(s.opt.kind->name, "RAdam") && s.opt.la_k == 6 && s.opt.la_alpha == 0.4);
    CHECK(spec_parse(&s, "lookahead(Adam())", &e) == 0 && s.opt.la_k == 5 &&
          s.opt.la_alpha == 0.5);

    /* labels and canonical text */
    char buf[512];
    CHECK(spec_parse(&s, "Adam(lr=0.01)", &e) == 0);
    spec_label(&s, buf, sizeof buf);
    CHECK_MSG(buf, "Adam lr=0.01 \xce\xb2=(0.9, 0.999)");
    spec_format(&s, buf, sizeof buf);
    CHECK_MSG(buf, "Adam(lr=0.01, betas=(0.9, 0.999), eps=1e-08");
    Spec r;
    CHECK(spec_parse(&r, "RMSprop(lr=0.0435889894354068, alpha=0.99995)", &e) == 0);
    spec_label(&r, buf, sizeof buf);
    CHECK_MSG(buf, "RMSprop lr=0.04359 alpha=0.99995"); /* short, but a β near 1 keeps its 5 */
    CHECK(spec_parse(&r, "SGD(lr=0.1)", &e) == 0);
    spec_label(&r, buf, sizeof buf);
    CHECK(!strcmp(buf, "SGD lr=0.1")); /* momentum=0 is off: not shown */
    spec_format(&s, buf, sizeof buf);
    Spec again;
    CHECK(spec_parse(&again, buf, &e) == 0); /* the canonical text parses back the same */
    CHECK(memcmp(again.opt.p, s.opt.p, sizeof s.opt.p) == 0);

    /* errors: unknown names suggest, unknown keywords list, ranges say why */
    bad("Adm(lr=0.1)", 1, "did you mean 'Adam'");
    bad("Adam(lr=0.1, bta=(0.9, 0.99))", 14, "valid: lr, betas, eps");
    bad("Adam(lr=0.1, bta=(0.9, 0.99))", 14, "did you mean 'betas'");
    bad("Adam(lr=-1)", 9, "lr must be >= 0");
    bad("Adam(betas=(0.9, 1.0))", 18, "betas[1] must be in [0, 1)");
    bad("Adam(betas=(0.9,))", 12, "betas must be a pair");
    bad("Adam(betas=0.9)", 12, "betas must be a pair");
    bad("Adam(amsgrad=2)", 14, "amsgrad must be True or False");
    bad("Adam(lr=True)", 9, "lr must be a number");
    bad("Adam(lr='fast')", 9, "lr must be a number");
    bad("Adam(lr=0.1, lr=0.2)", 14, "lr given twice");
    bad("Adam(lr=0.1", 12, "expected ',' or ')'");
    bad("Adam(lr=0.1))", 13, "expected '|' and a schedule, or the end");
    bad("Adam(lr=)", 9, "expected a value");
    bad("Adam(lr=1e999)", 9, "out of range");
    bad("Adam(lr=nan)", 9, "finite");
    bad("", 1, "expected a name");
    bad("0.1", 1, "expected a name");
    bad("StepLR(step_size=3)", 1, "is a learning-rate schedule");
    bad("SGD(lr=0.1) | Adam()", 15, "is an optimizer");
    bad("SGD(lr=0.1) | StepLR()", 15, "StepLR needs step_size");
    bad("SGD(lr=0.1) | StepLR(step_size=2.5)", 32, "must be an integer");
    bad("SGD(lr=0.1) | StpLR(step_size=2)", 15, "did you mean 'StepLR'");
    bad("SGD(lr=0.1) | CyclicLR(base_lr=0.1, max_lr=1, mode='sawtooth')", 52, "one of");
    bad("SGD(lr=0.1) |", 14, "expected a name");
    bad("SGD(lr=0.1, 0.9)", 13, "positional argument after keyword");
    bad("SGD(0.1, 0.9, 0, 0, False, False, 1)", 0, "at most");
    bad("Lookahead(k=5)", 1, "Lookahead wraps an optimizer");
    bad("Lookahead(Lookahead(Adam()))", 11, "cannot wrap another Lookahead");
    bad("Lookahead(Adam(), k=0)", 21, "k must be");
    /* a bare name wraps as at the top, so k's error names k (issue 9) */
    bad("Lookahead(SGD, k=0)", 18, "k must be");
    bad("Lookahead(Bogus, k=3)", 11, "Lookahead wraps an optimizer");
    CHECK(spec_parse(&s, "Lookahead(SGD, k=3)", &e) == 0 && s.opt.la_k == 3);
    bad("Adam(lr='0.1)", 9, "string not closed");
    bad("Adam(((((((((((0.1)))))))))))", 0, "nested too deeply");

    /* chains: torch's spelling with [lists], and the short form A | B */
    CHECK(spec_parse(&s, "AdamW(lr=1e-3) | SequentialLR(schedulers=[LinearLR(start_factor=0.1, "
                     "total_iters=100), CosineAnnealingLR(T_max=900)], milestones=[100])", &e) == 0);
    CHECK(!strcmp(s.sched.kind->name, "SequentialLR") && s.sched.nsub == 2);
    CHECK(!strcmp(s.sched.sub[1].kind->name, "CosineAnnealingLR") && s.sched.sub[1].p[0] == 900);
    CHECK(skw(&s, "milestones", 0) == 1 && skw(&s, "milestones", 1) == 100);
    char cbuf[1024];
    spec_label(&s, cbuf, sizeof cbuf);
    CHECK_MSG(cbuf, "LinearLR\xe2\x86\x92" "CosineAnnealingLR");
    spec_format(&s, cbuf, sizeof cbuf);
    Spec back;
    CHECK(spec_parse(&back, cbuf, &e) == 0 && back.sched.nsub == 2 &&
          !memcmp(back.sched.sub, s.sched.sub, sizeof s.sched.sub));
    CHECK(spec_parse(&s, "SGD(lr=0.1) | StepLR(step_size=3) | ExponentialLR(gamma=0.9)", &e) == 0);
    CHECK(!strcmp(s.sched.kind->name, "ChainedScheduler") && s.sched.nsub == 2);
    CHECK(spec_parse(&s, "SGD(lr=0.1) | ChainedScheduler([StepLR(3), ExponentialLR(0.9)])", &e) == 0);
    CHECK(s.sched.nsub == 2 && s.sched.sub[0].p[0] == 3 && s.sched.sub[1].p[0] == 0.9);
    bad("SGD(lr=0.1) | SequentialLR(schedulers=[StepLR(3), StepLR(4)])", 15, "needs milestones");
    bad("SGD(lr=0.1) | SequentialLR([StepLR(3), StepLR(4)], [10, 20])", 15, "one milestone fewer");
    bad("SGD(lr=0.1) | ChainedScheduler(StepLR(3))", 32, "takes a list of schedules");
    bad("SGD(lr=0.1) | ChainedScheduler([StepLR(3), Adam()])", 44, "is an optimizer");
    bad("SGD(lr=0.1) | ChainedScheduler([StepLR(3), 0.5])", 44, "expected a schedule");
    bad("SGD(lr=0.1) | ChainedScheduler([ChainedScheduler([StepLR(3)])])", 33, "inside a chain");
    bad("SGD(lr=0.1) | StepLR(3) | StepLR(step_size=0)", 44, "step_size must be");
    bad("SGD(lr=0.1) | StepLR(3) | StepLR(3) | StepLR(3) | StepLR(3) | StepLR(3)", 0,
        "at most 4 schedules");

    /* keywords torch takes that change nothing here are accepted and ignored; lr=0 as in torch */
    CHECK(spec_parse(&s, "Adam(lr=0, foreach=None, capturable=False, differentiable=False, "
                     "fused=None)", &e) == 0 && s.opt.p[0] == 0);
    CHECK(spec_parse(&s, "SGD(lr=0.1) | StepLR(step_size=3, last_epoch=-1, verbose=True)", &e) == 0);
    CHECK(spec_parse(&s, "SGD(lr=0.1, momentum=0.9) | CyclicLR(base_lr=0.01, max_lr=0.1, "
                     "step_size_up=2.5)", &e) == 0 && skw(&s, "step_size_up", 0) == 2.5);
    CHECK(spec_parse(&s, "SGD(lr=0.1) | PolynomialLR(total_iters=0)", &e) == 0);
    bad("SGD(lr=0.1) | StepLR(step_size=3, last_epoch=4)", 46, "last_epoch must be -1");
    bad("Adam(foreach=3)", 14, "foreach must be True, False or None");
    bad("Adam(forech=True)", 6, "has no keyword 'forech'");

    /* lr_lambda: an expression of epoch, errors at their column inside the quotes */
    CHECK(spec_parse(&s, "SGD(lr=0.1) | LambdaLR(lr_lambda='0.97^epoch')", &e) == 0);
    CHECK_FEQ(param_expr_eval(s.sched.p[0], 2), 0.97 * 0.97, 1e-15);
    CHECK(!strcmp(param_expr_text(s.sched.p[0]), "0.97^epoch"));
    spec_format(&s, cbuf, sizeof cbuf);
    CHECK_MSG(cbuf, "LambdaLR(lr_lambda='0.97^epoch')");
    CHECK(spec_parse(&s, "SGD(lr=0.1) | MultiplicativeLR(0.99)", &e) == 0);
    CHECK_FEQ(param_expr_eval(s.sched.p[0], 7), 0.99, 1e-15);
    CHECK(spec_parse(&back, "SGD(lr=0.1) | MultiplicativeLR(\"0.99\")", &e) == 0 &&
          back.sched.p[0] == s.sched.p[0]); /* the same text, the same compiled expression */
    bad("SGD(lr=0.1) | LambdaLR(lr_lambda='0.97^epoc')", 40, "unknown name 'epoc'");
    bad("SGD(lr=0.1) | LambdaLR(lr_lambda='2*y')", 37, "'y' is not defined here");
    bad("SGD(lr=0.1) | LambdaLR(lr_lambda=\"(1+epoch\")", 43, "expected");
    bad("SGD(lr=0.1) | LambdaLR()", 15, "LambdaLR needs lr_lambda");
    bad("SGD(lr=0.1) | LambdaLR(lr_lambda=True)", 34, "expression of epoch in quotes");
    bad("SGD(lr=0.1) | ReduceLROnPlateau(mode='up')", 38, "mode must be one of 'min|max'");
    bad("SGD(lr=0.1) | ReduceLROnPlateau(factor=1.0)", 40, "factor must be in [0, 1)");
    bad("SGD(lr=0.1) | StepLR(3) | ReduceLROnPlateau()", 27, "cannot be chained");
    bad("SGD(lr=0.1) | SWALR(swa_lr=0.1, anneal_strategy='step')", 49, "one of 'cos|linear'");
    return check_done();
}
