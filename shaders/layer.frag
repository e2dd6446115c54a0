// layer.frag — the cached base of the frame (field, markers, trails), pixel for pixel.
#version 330 core
uniform sampler2D u_base;
out vec4 o_col;

void main()
{
    o_col = vec4(texelFetch(u_base, ivec2(gl_FragCoord.xy), 0).rgb, 1.0);
}
