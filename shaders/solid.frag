// solid.frag — the batch's plain fills (panels, bars): the colour as it comes. Kept apart from
// batch.frag because a software renderer runs every branch of a shader for every pixel.
#version 330 core
in vec2 v_uv;
in vec2 v_par;
in vec4 v_col;
out vec4 o_col;

void main()
{
    o_col = v_col;
}
