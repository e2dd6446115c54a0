// basin.frag — the basin map, smooth at any size: each pixel weighs the classes of the 4 × 4
// cells around it with cubic B-spline weights and takes the heaviest class, so a boundary is a
// smooth curve through the cells (a staircase of cells becomes a slope), blended with the
// runner-up over about a pixel where the two weigh the same. u_cls holds class + 4 (0:
// pending), row 0 at the bottom.
#version 330 core
in vec2 v_uv;
uniform sampler2D u_cls;
uniform vec4 u_pal[72];   // the colour of class + 4
out vec4 o_col;

vec4 bspline(float t)
{
    float s = 1.0 - t;
    return vec4(s * s * s, 3.0 * t * t * t - 6.0 * t * t + 4.0,
                -3.0 * t * t * t + 3.0 * t * t + 3.0 * t + 1.0, t * t * t) / 6.0;
}

void main()
{
    ivec2 n = textureSize(u_cls, 0);
    vec2 p = v_uv * vec2(n) - 0.5;
    ivec2 i0 = ivec2(floor(p)) - 1;
    vec2 f = p - floor(p);
    vec4 wx = bspline(f.x), wy = bspline(f.y);
    int c[16];
    float w[16];
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 4; i++) {
            ivec2 q = clamp(i0 + ivec2(i, j), ivec2(0), n - 1);
            c[j * 4 + i] = int(texelFetch(u_cls, q, 0).r * 255.0 + 0.5);
            w[j * 4 + i] = wx[i] * wy[j];
        }
    // the two heaviest classes
    int best = -1, second = -1;
    float sb = -1.0, ss = -1.0;
    for (int k = 0; k < 16; k++) {
        bool seen = false;
        for (int m = 0; m < k; m++)
            seen = seen || c[m] == c[k];
        if (seen)
            continue;
        float s = 0.0;
        for (int m = k; m < 16; m++)
            s += c[m] == c[k] ? w[m] : 0.0;
        if (s > sb) {
            second = best;
            ss = sb;
            best = c[k];
            sb = s;
        } else if (s > ss) {
            second = c[k];
            ss = s;
        }
    }
    // the margin and its screen-space rate outside any branch (derivatives need all four
    // pixels of a quad to compute them)
    float d = sb - max(ss, 0.0);
    float a = clamp(0.5 + 0.5 * d / max(fwidth(d), 1e-4), 0.0, 1.0);
    vec4 col = u_pal[min(best, 71)];
    if (second >= 0)
        col = mix(u_pal[min(second, 71)], col, a);
    o_col = col;
}
