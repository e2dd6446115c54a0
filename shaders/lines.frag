// lines.frag — anti-aliased coverage from the distance across the line.
#version 330 core
in float v_d;
uniform float u_hw;
uniform vec4 u_col;
out vec4 o_col;

void main()
{
    o_col = vec4(u_col.rgb, u_col.a * clamp(u_hw + 0.5 - abs(v_d), 0.0, 1.0));
}
