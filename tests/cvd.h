/* cvd.h — colour-vision-deficiency simulation and colour difference for the palette test:
 * Machado, Oliveira & Fernandes 2009 (severity 1.0) on linear sRGB, CIELAB (D65) and
 * CIEDE2000 (Sharma, Wu & Dalal 2005). */
#ifndef OPTIPLAY_CVD_H
#define OPTIPLAY_CVD_H

#include <math.h>

enum { CVD_NORMAL, CVD_DEUTAN, CVD_PROTAN, CVD_KINDS };

static const double cvd_matrix[CVD_KINDS][3][3] = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
    {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
};

static double srgb_lin(double c)
{
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* The colour r, g, b (0..255) as a viewer of kind sees it, in CIELAB. */
static void cvd_lab(int kind, double r, double g, double b, double lab[3])
{
    double l[3] = {srgb_lin(r), srgb_lin(g), srgb_lin(b)}, s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = 0;
        for (int k = 0; k < 3; k++)
            s[i] += cvd_matrix[kind][i][k] * l[k];
        s[i] = s[i] < 0 ? 0 : s[i] > 1 ? 1 : s[i];
    }
    static const double m[3][3] = {{0.4124564, 0.3575761, 0.1804375},
                                   {0.2126729, 0.7151522, 0.0721750},
                                   {0.0193339, 0.1191920, 0.9503041}};
    static const double white[3] = {0.95047, 1.0, 1.08883};
    double f[3];
    for (int i = 0; i < 3; i++) {
        double v = (m[i][0] * s[0] + m[i][1] * s[1] + m[i][2] * s[2]) / white[i];
        f[i] = v > 216.0 / 24389 ? cbrt(v) : (24389.0 / 27 * v + 16) / 116;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

static double deg(double r) { return r * 180 / M_PI; }
static double rad(double d) { return d * M_PI / 180; }

static double ciede2000(const double p[3], const double q[3])
{
    double C1 = hypot(p[1], p[2]), C2 = hypot(q[1], q[2]), Cb = 0.5 * (C1 + C2);
    double G = 0.5 * (1 - sqrt(pow(Cb, 7) / (pow(Cb, 7) + pow(25, 7))));
    double a1 = (1 + G) * p[1], a2 = (1 + G) * q[1];
    double C1p = hypot(a1, p[2]), C2p = hypot(a2, q[2]);
    double h1 = C1p == 0 ? 0 : fmod(deg(atan2(p[2], a1)) + 360, 360);
    double h2 = C2p == 0 ? 0 : fmod(deg(atan2(q[2], a2)) + 360, 360);
    double dL = q[0] - p[0], dC = C2p - C1p, dh = 0;
    if (C1p * C2p != 0) {
        dh = h2 - h1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
    }
    double dH = 2 * sqrt(C1p * C2p) * sin(rad(dh / 2));
    double Lb = 0.5 * (p[0] + q[0]), Cbp = 0.5 * (C1p + C2p), hb = h1 + h2;
    if (C1p * C2p != 0)
        hb = fabs(h1 - h2) > 180 ? (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2)
                                 : (h1 + h2) / 2;
    double T = 1 - 0.17 * cos(rad(hb - 30)) + 0.24 * cos(rad(2 * hb)) +
               0.32 * cos(rad(3 * hb + 6)) - 0.20 * cos(rad(4 * hb - 63));
    double dth = 30 * exp(-pow((hb - 275) / 25, 2));
    double RC = 2 * sqrt(pow(Cbp, 7) / (pow(Cbp, 7) + pow(25, 7)));
    double SL = 1 + 0.015 * pow(Lb - 50, 2) / sqrt(20 + pow(Lb - 50, 2));
    double SC = 1 + 0.045 * Cbp, SH = 1 + 0.015 * Cbp * T, RT = -sin(rad(2 * dth)) * RC;
    return sqrt(pow(dL / SL, 2) + pow(dC / SC, 2) + pow(dH / SH, 2) + RT * (dC / SC) * (dH / SH));
}

#endif
