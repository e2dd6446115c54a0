// view3d.frag — u_mode 0: the surface, Lambert-lit from u_light with some ambient; 1: flat
// colour (trails); 2: a round point sprite (racer dots).
#version 330 core
in vec3 v_nrm;
in vec4 v_col;
uniform int u_mode;
uniform vec3 u_light;   // unit vector towards the light
out vec4 o_col;

void main()
{
    vec4 c = v_col;
    if (u_mode == 0) {
        float d = abs(dot(normalize(v_nrm), u_light));
        c.rgb *= 0.45 + 0.75 * d;
    } else if (u_mode == 2) {
        vec2 q = gl_PointCoord * 2.0 - 1.0;
        if (dot(q, q) > 1.0)
            discard;
    }
    o_col = vec4(min(c.rgb, vec3(1.0)), c.a);
}
