/* fused_surf.h — private to swarm/fused.c, included once per surface: that surface's file
 * (FUSED_SURF, named S) with its file-scope names made its own (formula_S, params_S,
 * setup_S), so that every surface's formula can sit in one file with an optimizer's. Its
 * SURF_BATCH makes the fused loops; its row, which nothing reads, is of a type of the same
 * shape as SurfaceKind whose members are renamed as its initialiser's designators are. */
#define formula(...) FUSED_CAT(formula_, S)(__VA_ARGS__)
#define params FUSED_CAT(params_, S)
#define setup FUSED_CAT(setup_, S)
typedef struct {
    const char *name, *formula;
    const ParamDef *params;
    int nparams;
    Rect view;
    double start[2];
    int (*setup)(Surface *s, Err *err);
    int nminima;
    double minima[SURFACE_MAXMIN][2];
    const struct SurfBatch *batch;
} FUSED_CAT(SurfRow_, S);
#include FUSED_SURF
#undef formula
#undef params
#undef setup
#undef FUSED_SURF
#undef S
