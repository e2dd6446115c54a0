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

/* Okabe–Ito, in an order that keeps the first racers far apart; the dark theme's black is a
 * light grey, the light theme's yellow a darker gold (yellow on white is invisible). */
static const Rgba okabe_dark[8] = {
    {230, 159, 0, 255},   {86, 180, 233, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
    {240, 228, 66, 255},  {213, 94, 0, 255},   {0, 114, 178, 255}, {220, 220, 220, 255},
};
static const Rgba okabe_light[8] = {
    {230, 159, 0, 255},   {86, 180, 233, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
    {190, 170, 0, 255},   {213, 94, 0, 255},   {0, 114, 178, 255}, {40, 40, 40, 255},
};

const Theme *theme_get(int is_light)
{
    return is_light ? &light : &dark;
}

Rgba theme_racer(const Theme *t, int i)
{
    return (t->light ? okabe_light : okabe_dark)[((unsigned)i) % 8];
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
