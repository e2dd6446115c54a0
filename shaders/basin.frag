// basin.frag — the basin map, smooth at any size: each pixel weighs the classes of its four
// nearest cells bilinearly and takes the heaviest one (so a boundary follows the interpolated
// line between cells, not their edges), blending with the runner-up over about a pixel where
// the two weigh the same. u_cls holds class + 4 (0: pending), row 0 at the bottom.
#version 330 core
in vec2 v_uv;
uniform sampler2D u_cls;
uniform vec4 u_pal[72];   // colour of class + 4, alpha premultiplied-free
out vec4 o_col;

int cls(ivec2 q, ivec2 n)
{
    q = clamp(q, ivec2(0), n - 1);
    return int(texelFetch(u_cls, q, 0).r * 255.0 + 0.5);
}

void main()
{
    ivec2 n = textureSize(u_cls, 0);
    vec2 p = v_uv * vec2(n) - 0.5;
    ivec2 i0 = ivec2(floor(p));
    vec2 f = p - floor(p);
    int c[4] = int[4](cls(i0, n), cls(i0 + ivec2(1, 0), n), cls(i0 + ivec2(0, 1), n),
                      cls(i0 + ivec2(1, 1), n));
    float w[4] = float[4]((1.0 - f.x) * (1.0 - f.y), f.x * (1.0 - f.y), (1.0 - f.x) * f.y,
                          f.x * f.y);
    float s[4];
    for (int k = 0; k < 4; k++) {
        s[k] = 0.0;
        for (int m = 0; m < 4; m++)
            s[k] += c[m] == c[k] ? w[m] : 0.0;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (s[k] > s[best])
            best = k;
    int second = -1;
    for (int k = 0; k < 4; k++)
        if (c[k] != c[best] && (second < 0 || s[k] > s[second]))
            second = k;
    vec4 col = u_pal[min(c[best], 71)];
    if (second >= 0) {
        float d = s[best] - s[second];
        float a = clamp(0.5 + 0.5 * d / max(fwidth(d), 1e-4), 0.0, 1.0);
        col = mix(u_pal[min(c[second], 71)], col, a);
    }
    o_col = col;
}
