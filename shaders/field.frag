// field.frag — the loss field: a perceptual colormap of the log-scaled loss and anti-aliased
// contour lines at log-spaced levels, drawn with fwidth so they stay one pixel crisp at any zoom.
#version 330 core
uniform sampler2D u_field;  // L = ln(loss - base + eps), one sample per texel, row 0 at the bottom
uniform vec4 u_map;         // texture uv = gl_FragCoord.xy * u_map.xy + u_map.zw
uniform vec2 u_range;       // L at the two ends of the colormap
uniform float u_spacing;    // contour spacing in L (ln 10 / levels per decade)
uniform float u_major;      // every u_major-th line is a decade: drawn stronger
uniform float u_contours;   // contour opacity (0: off)
uniform int u_light;        // 1: the light, high-contrast theme
uniform vec3 u_bg;          // shown where the field is not computed yet
out vec4 o_col;

// viridis, as a polynomial fit (Matt Zucker, CC0); within 1/255 of matplotlib's table
vec3 viridis(float t)
{
    const vec3 c0 = vec3(0.2777273272234177, 0.005407344544966578, 0.3340998053353061);
    const vec3 c1 = vec3(0.1050930431085774, 1.404613529898575, 1.384590162594685);
    const vec3 c2 = vec3(-0.3308618287255563, 0.214847559468213, 0.09509516302823659);
    const vec3 c3 = vec3(-4.634230498983486, -5.799100973351585, -19.33244095627987);
    const vec3 c4 = vec3(6.228269936347081, 14.17993336680509, 56.69055260068105);
    const vec3 c5 = vec3(4.776384997670288, -13.74514537774601, -65.35303263337234);
    const vec3 c6 = vec3(-5.435455855934631, 4.645852612178535, 26.3124352495832);
    return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

void main()
{
    vec2 uv = gl_FragCoord.xy * u_map.xy + u_map.zw;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0)))) {
        o_col = vec4(u_bg, 1.0);
        return;
    }
    float L = texture(u_field, uv).r;
    float t = clamp((L - u_range.x) / (u_range.y - u_range.x), 0.0, 1.0);
    vec3 c;
    vec3 line_col;
    if (u_light == 1) {
        c = mix(vec3(1.0), viridis(t), 0.30);
        line_col = c * 0.35;
    } else {
        // the purple-blue-teal part of viridis, dark at the bottom: the racers' colours and
        // the text stay the brightest things on screen
        c = viridis(0.06 + 0.64 * t) * (0.50 + 0.50 * t);
        line_col = mix(c, vec3(1.0), 0.40);
    }
    float q = L / u_spacing;
    float fw = max(fwidth(q), 1e-6);
    float d = abs(fract(q + 0.5) - 0.5) / fw;        // pixels to the nearest level
    float major = mod(floor(q + 0.5), u_major) == 0.0 ? 1.0 : 0.0;
    float hw = mix(0.45, 0.9, major);                 // half width in pixels
    float a = clamp(hw + 0.5 - d, 0.0, 1.0) * mix(0.55, 0.9, major);
    a *= 1.0 - smoothstep(0.12, 0.35, fw);            // lines closer than ~4 px fade out
    o_col = vec4(mix(c, line_col, a * u_contours), 1.0);
}
