// batch.frag — the batch's shapes: disks (v_uv: offset from the centre, v_par.x: radius) and
// anti-aliased line quads (v_uv.x: distance across, v_par.x: half width); v_par.y says which.
// Fills and text have shaders of their own (solid.frag, text.frag): a software renderer runs
// every branch of a shader for every pixel.
#version 330 core
in vec2 v_uv;
in vec2 v_par;
in vec4 v_col;
out vec4 o_col;

void main()
{
    float disk = clamp(v_par.x - length(v_uv) + 0.5, 0.0, 1.0);
    float line = clamp(v_par.x + 0.5 - abs(v_uv.x), 0.0, 1.0);
    o_col = vec4(v_col.rgb, v_col.a * (v_par.y < 2.5 ? disk : line));
}
