// lines.vert — a polyline as a triangle strip: each point twice, pushed out along its miter.
#version 330 core
layout(location = 0) in vec2 a_pos;    // the polyline point, pixels, origin top-left
layout(location = 1) in vec2 a_miter;  // unit normal divided by cos(half the turn), clamped
layout(location = 2) in float a_side;  // -1 or +1
uniform vec2 u_size;
uniform float u_hw;                    // half the line width, pixels
out float v_d;                         // distance across the line, pixels

void main()
{
    float e = u_hw + 1.0;              // one more pixel for the anti-aliased edge
    vec2 p = a_pos + a_miter * a_side * e;
    v_d = a_side * e;
    gl_Position = vec4(p.x / u_size.x * 2.0 - 1.0, 1.0 - p.y / u_size.y * 2.0, 0.0, 1.0);
}
