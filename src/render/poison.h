/* poison.h — forced into every renderer source (-include): the renderer reads the core and
 * draws; it knows neither the window's App nor the recorder. Including app.h or record.h (or
 * naming their functions) fails to compile. */
#pragma GCC poison App AppConfig app_create app_frame app_handle_event
#pragma GCC poison Recorder rec_begin rec_frame rec_end
