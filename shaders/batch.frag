// batch.frag — coverage by kind: 0 solid, 1 text (atlas alpha), 2 disk, 3 line (distance across).
#version 330 core
in vec2 v_uv;
in vec2 v_par;
in vec4 v_col;
uniform sampler2D u_atlas;
out vec4 o_col;

void main()
{
    int kind = int(v_par.y + 0.5);
    if (kind == 0) { // panels: the most pixels, the least work
        o_col = v_col;
        return;
    }
    float a = 1.0;
    if (kind == 1)
        a = texture(u_atlas, v_uv).r;
    else if (kind == 2)
        a = clamp(v_par.x - length(v_uv) + 0.5, 0.0, 1.0);
    else if (kind == 3)
        a = clamp(v_par.x + 0.5 - abs(v_uv.x), 0.0, 1.0);
    o_col = vec4(v_col.rgb, v_col.a * a);
}
