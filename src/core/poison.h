/* poison.h — forced into every core source (-include): the core is plain C11 with no window,
 * GL or font library. Including one of their headers (or naming their functions) fails to
 * compile here, not only to link later. */
#pragma GCC poison SDL_Init SDL_Window SDL_Event SDL_Surface
#pragma GCC poison glClear glDrawArrays glGetString GLuint
#pragma GCC poison TTF_Init TTF_Font
