// layer.frag — the cached base of the frame (field, markers, trails), pixel for pixel (the
// texture is as big as the screen and sampled NEAREST).
#version 330 core
in vec2 v_uv;
uniform sampler2D u_base;
uniform int u_overlay; /* 1: the texture's own alpha (an overlay); 0: opaque */
out vec4 o_col;

void main()
{
    vec4 c = texture(u_base, v_uv);
    o_col = u_overlay != 0 ? c : vec4(c.rgb, 1.0);
}
