// batch.vert — the 2-D batch: panels, text, disks and anti-aliased line quads, in pixels.
#version 330 core
layout(location = 0) in vec2 a_pos;   // pixels, origin top-left
layout(location = 1) in vec2 a_uv;    // atlas uv (text), offset from centre (disk), across (line)
layout(location = 2) in vec2 a_par;   // x: radius or half-width in pixels; y: kind
layout(location = 3) in vec4 a_col;
uniform vec2 u_size;                  // framebuffer size in pixels
out vec2 v_uv;
out vec2 v_par;
out vec4 v_col;

void main()
{
    v_uv = a_uv;
    v_par = a_par;
    v_col = a_col;
    gl_Position = vec4(a_pos.x / u_size.x * 2.0 - 1.0, 1.0 - a_pos.y / u_size.y * 2.0, 0.0, 1.0);
}
