// layer.frag — the cached base of the frame (field, markers, trails), pixel for pixel (the
// texture is as big as the screen and sampled NEAREST).
#version 330 core
in vec2 v_uv;
uniform sampler2D u_base;
out vec4 o_col;

void main()
{
    o_col = vec4(texture(u_base, v_uv).rgb, 1.0);
}
