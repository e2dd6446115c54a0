#include "theme.h"
#include <math.h>

static const Theme dark = {
    .light = 0,
    .bg = {14, 16, 24, 255},
    .panel = {12, 14, 22, 210},
    .edge = {90, 100, 120, 255},
    .text = {236, 238, 242, 255},
    .dim = {160, 168, 184, 255},
    .accent = {255, 214, 90, 255},
    .bad = {255, 110, 90, 255},
    .good = {120, 220, 140, 255},
    .halo = {0, 0, 0, 170},
    .marker = {255, 255, 255, 255},
    .arrows = {230, 235, 245, 120},
};

static const Theme light = {
    .light = 1,
    .bg = {250, 250, 250, 255},
    .panel = {255, 255, 255, 228},
    .edge = {120, 120, 130, 255},
    .text = {10, 10, 14, 255},
    .dim = {70, 72, 80, 255},
    .accent = {190, 40, 0, 255},
    .bad = {200, 30, 20, 255},
    .good = {0, 120, 50, 255},
    .halo = {20, 20, 30, 150},
    .marker = {0, 0, 0, 255},
    .arrows = {30, 30, 40, 130},
};

/* Eight racer colours that stay apart for the ~8 % of men with a red-green deficiency: grown
 * from Okabe–Ito by a search that maximised the smallest CIEDE2000 difference between any two
 * of them for normal, deuteranopic and protanopic vision (Machado et al. 2009, full severity),
 * and from its halo over the colormap, keeping each one's lightness visible on its theme
 * (tests/test_palette.c checks ΔE00 ≥ 15 between racers in all three, ≥ 10 to the halo;
 * Okabe–Ito's orange and yellow fall to 11.6 and, in the light theme, 0.7).
 * Every dot also carries its number and a halo against the colormap. */
static const Rgba racer_dark[8] = {
    {243, 106, 9, 255},   {48, 176, 255, 255}, {26, 176, 159, 255}, {150, 245, 253, 255},
    {245, 248, 0, 255},   {175, 97, 94, 255},  {0, 114, 178, 255},  {231, 244, 207, 255},
};
static const Rgba racer_light[8] = {
    {170, 171, 9, 255},   {51, 106, 223, 255}, {111, 168, 143, 255}, {86, 177, 206, 255},
    {118, 110, 26, 255},  {51, 52, 0, 255},    {46, 17, 145, 255},   {52, 47, 54, 255},
};

const Theme *theme_get(int is_light)
{
    return is_light ? &light : &dark;
}

Rgba theme_racer(const Theme *t, int i)
{
    return (t->light ? racer_light : racer_dark)[((unsigned)i) % 8];
}

/* WCAG relative luminance and contrast ratio */
static double lum(Rgba c)
{
    double v[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

double theme_contrast(Rgba a, Rgba b)
{
    double x = lum(a), y = lum(b);
    return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

static Rgba mix(Rgba c, Rgba to, float f)
{
    c.r = (uint8_t)(c.r + (to.r - c.r) * f + 0.5f);
    c.g = (uint8_t)(c.g + (to.g - c.g) * f + 0.5f);
    c.b = (uint8_t)(c.b + (to.b - c.b) * f + 0.5f);
    return c;
}

Rgba theme_racer_in(const Theme *t, const Race *r, int i)
{
    /* the colour slot: racers before i, a fan counting as one (so a fan in a racer's place
     * leaves everyone else's colour as it was) */
    int g = r->racer[i].group, slot = 0, first = i;
    while (g > 0 && first > 0 && r->racer[first - 1].group == g)
        first--;
    for (int j = 0; j < first; j++)
        slot += r->racer[j].group <= 0 || j == 0 || r->racer[j - 1].group != r->racer[j].group;
    Rgba c = theme_racer(t, slot);
    if (g <= 0)
        return c;
    int k = i - first, n = 0;
    while (first + n < r->n && r->racer[first + n].group == g)
        n++;
    /* member 0 lightest, the last darkest, within what stays visible on the theme: each
     * shade at least 3:1 against the background (WCAG's figure for graphics) */
    float f = n > 1 ? (float)k / (float)(n - 1) : 0.5f;
    Rgba white = {255, 255, 255, 255}, black = {0, 0, 0, 255};
    float wmax = t->light ? 0.3f : 0.6f, bmax = t->light ? 0.6f : 0.3f;
    Rgba s = f < 0.5f ? mix(c, white, (0.5f - f) * 2 * wmax) : mix(c, black, (f - 0.5f) * 2 * bmax);
    Rgba towards = t->light ? black : white;
    for (int step = 0; step < 20 && theme_contrast(s, t->bg) < 3; step++)
        s = mix(s, towards, 0.1f);
    return s;
}

void theme_viridis(double t, double rgb[3])
{
    static const double c[7][3] = {
        {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
        {0.1050930431085774, 1.404613529898575, 1.384590162594685},
        {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
        {-4.634230498983486, -5.799100973351585, -19.33244095627987},
        {6.228269936347081, 14.17993336680509, 56.69055260068105},
        {4.776384997670288, -13.74514537774601, -65.35303263337234},
        {-5.435455855934631, 4.645852612178535, 26.3124352495832},
    };
    for (int k = 0; k < 3; k++) {
        double y = c[6][k];
        for (int d = 5; d >= 0; d--)
            y = c[d][k] + t * y;
        rgb[k] = y;
    }
}
