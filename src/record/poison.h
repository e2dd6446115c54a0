/* poison.h — forced into every recorder source (-include): the recorder takes finished pixels,
 * not race state, and draws nothing itself. Including the race's or the window's headers (or
 * naming their functions) fails to compile. */
#pragma GCC poison Race race_step Scene scene_load Surface
#pragma GCC poison SDL_Init SDL_Window glClear TTF_Font
