/* test_palette — the racers' colours are told apart by everyone: for normal, deuteranopic and
 * protanopic vision (Machado et al. 2009 at full severity), every two of the eight colours of
 * each theme differ by ΔE00 ≥ 15 (CIEDE2000; 2.3 is "just noticeable"), and each stands off
 * its halo drawn over the colormap's dark, middle and bright ends by ΔE00 ≥ 10. */
#undef NDEBUG
#include "check.h"
#include "cvd.h"
#include "theme.h"

static const char *const vision[CVD_KINDS] = {"normal", "deuteranopia", "protanopia"};

int main(void)
{
    /* ciede2000 against Sharma, Wu & Dalal's published pairs */
    static const double pairs[][7] = {
        {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
        {50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
        {22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373},
        {90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        CHECK_FEQ(ciede2000(pairs[i], pairs[i] + 3), pairs[i][6], 2e-4);
    /* the simulation: grey stays grey, red and green meet for a deuteranope */
    double g[3], r[3], gr[3];
    cvd_lab(CVD_DEUTAN, 128, 128, 128, g);
    CHECK(fabs(g[1]) < 1 && fabs(g[2]) < 1);
    cvd_lab(CVD_DEUTAN, 200, 60, 40, r);
    cvd_lab(CVD_DEUTAN, 90, 110, 30, gr);
    double seen[3], seen2[3];
    cvd_lab(CVD_NORMAL, 200, 60, 40, seen);
    cvd_lab(CVD_NORMAL, 90, 110, 30, seen2);
    CHECK(ciede2000(r, gr) < 0.5 * ciede2000(seen, seen2));
    /* the halo's colour over the colormap's ends (viridis) */
    static const double under[3][3] = {{68, 1, 84}, {33, 145, 140}, {253, 231, 37}};
    for (int light = 0; light < 2; light++) {
        const Theme *th = theme_get(light);
        double worst = 1e9, worst_halo = 1e9;
        for (int k = 0; k < CVD_KINDS; k++) {
            double lab[8][3];
            for (int i = 0; i < 8; i++) {
                Rgba c = theme_racer(th, i);
                cvd_lab(k, c.r, c.g, c.b, lab[i]);
            }
            for (int i = 0; i < 8; i++)
                for (int j = i + 1; j < 8; j++) {
                    double d = ciede2000(lab[i], lab[j]);
                    if (d < 15)
                        fprintf(stderr, "%s theme, %s: racers %d and %d differ by %.1f\n",
                                light ? "light" : "dark", vision[k], i + 1, j + 1, d);
                    CHECK(d >= 15);
                    worst = d < worst ? d : worst;
                }
            for (int u = 0; u < 3; u++) {
                /* the light theme's field is the colormap 30 % over white (shaders/field.frag) */
                double a = th->halo.a / 255.0, h[3], m[3];
                for (int q = 0; q < 3; q++)
                    m[q] = light ? 0.7 * 255 + 0.3 * under[u][q] : under[u][q];
                cvd_lab(k, th->halo.r * a + m[0] * (1 - a), th->halo.g * a + m[1] * (1 - a),
                        th->halo.b * a + m[2] * (1 - a), h);
                for (int i = 0; i < 8; i++) {
                    double d = ciede2000(lab[i], h);
                    if (d < 10)
                        fprintf(stderr, "%s theme, %s: racer %d on its halo over colour %d: %.1f\n",
                                light ? "light" : "dark", vision[k], i + 1, u, d);
                    CHECK(d >= 10);
                    worst_halo = d < worst_halo ? d : worst_halo;
                }
            }
        }
        fprintf(stderr, "%s theme: smallest ΔE00 between racers %.1f, racer to halo %.1f\n",
                light ? "light" : "dark", worst, worst_halo);
    }
    return check_done();
}
