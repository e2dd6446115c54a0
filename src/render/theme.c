#include "theme.h"

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

Rgba theme_racer_in(const Theme *t, const Race *r, int i)
{
    int g = r->racer[i].group;
    if (g <= 0)
        return theme_racer(t, i);
    int first = -1, k = 0, n = 0;
    for (int j = 0; j < r->n; j++) {
        if (r->racer[j].group != g)
            continue;
        if (first < 0)
            first = j;
        if (j < i)
            k++;
        n++;
    }
    Rgba c = theme_racer(t, first);
    /* member 0 lightest, the last darkest: mix towards white, then towards black */
    float f = n > 1 ? (float)k / (float)(n - 1) : 0.5f;
    float w = f < 0.5f ? (0.5f - f) * 1.3f : 0, bl = f > 0.5f ? (f - 0.5f) * 1.2f : 0;
    c.r = (uint8_t)((c.r + (255 - c.r) * w) * (1 - bl) + 0.5f);
    c.g = (uint8_t)((c.g + (255 - c.g) * w) * (1 - bl) + 0.5f);
    c.b = (uint8_t)((c.b + (255 - c.b) * w) * (1 - bl) + 0.5f);
    return c;
}
