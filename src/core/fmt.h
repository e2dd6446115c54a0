/* fmt.h — numbers as text, exactly.
 *
 *     char buf[FMT_MAX];
 *     fmt_g17(x, buf);        // the bytes of printf("%.17g", x), ~10x faster (trace's rows)
 *     fmt_shortest(x, buf);   // the shortest text that reads back as x: "0.1", "0.3333333333333333"
 *
 * Both return the length written (buf holds at most FMT_MAX bytes with the NUL). */
#ifndef OPTIPLAY_FMT_H
#define OPTIPLAY_FMT_H

enum { FMT_MAX = 32 };

int fmt_g17(double x, char *buf);
int fmt_shortest(double x, char *buf);

#endif
