// view3d.vert — the 3-D view: the loss surface as a height field, the trails and the racers,
// seen through a perspective camera (u_mvp).
#version 330 core
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_nrm;
layout(location = 2) in vec4 a_col;
uniform mat4 u_mvp;
uniform float u_point;  // point size in pixels (racer dots)
uniform float u_bias;   // moved this much nearer in depth (NDC): trails and dots over the mesh
out vec3 v_nrm;
out vec4 v_col;

void main()
{
    gl_Position = u_mvp * vec4(a_pos, 1.0);
    gl_Position.z -= u_bias * gl_Position.w;
    gl_PointSize = u_point;
    v_nrm = a_nrm;
    v_col = a_col;
}
