// text.frag — glyph quads: the colour with the atlas's coverage.
#version 330 core
in vec2 v_uv;
in vec2 v_par;
in vec4 v_col;
uniform sampler2D u_atlas;
out vec4 o_col;

void main()
{
    o_col = vec4(v_col.rgb, v_col.a * texture(u_atlas, v_uv).r);
}
