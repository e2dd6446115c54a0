/* check.h — the tests' tiny check macros: they print both values and file:line, count the
 * failures, and let the test go on. End a test with `return check_done();`. */
#ifndef OPTIPLAY_CHECK_H
#define OPTIPLAY_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        check_count++;                                                                       \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);         \
            check_failures++;                                                                \
        }                                                                                    \
    } while (0)

/* |a − b| ≤ rel·max(|a|, |b|) (or both tiny) */
#define CHECK_FEQ(a, b, rel)                                                                 \
    do {                                                                                     \
        double a_ = (a), b_ = (b), r_ = (rel);                                               \
        check_count++;                                                                       \
        if (!(fabs(a_ - b_) <= r_ * fmax(fabs(a_), fabs(b_)) || fabs(a_ - b_) < 1e-300)) {   \
            fprintf(stderr, "%s:%d: CHECK_FEQ failed: %s = %.17g, %s = %.17g (rel %g)\n",    \
                    __FILE__, __LINE__, #a, a_, #b, b_, r_);                                 \
            check_failures++;                                                                \
        }                                                                                    \
    } while (0)

/* |a − b| ≤ rel·max(1, |a|, |b|): relative above 1, absolute below; equal infinities pass */
#define CHECK_NEAR(a, b, rel)                                                                \
    do {                                                                                     \
        double a_ = (a), b_ = (b), r_ = (rel);                                               \
        check_count++;                                                                       \
        if (!(a_ == b_ || fabs(a_ - b_) <= r_ * fmax(1.0, fmax(fabs(a_), fabs(b_))))) {     \
            fprintf(stderr, "%s:%d: CHECK_NEAR failed: %s = %.17g, %s = %.17g (rel %g)\n",   \
                    __FILE__, __LINE__, #a, a_, #b, b_, r_);                                 \
            check_failures++;                                                                \
        }                                                                                    \
    } while (0)

/* the message contains `needle` */
#define CHECK_MSG(msg, needle)                                                               \
    do {                                                                                     \
        check_count++;                                                                       \
        if (!strstr((msg), (needle))) {                                                      \
            fprintf(stderr, "%s:%d: message \"%s\" lacks \"%s\"\n", __FILE__, __LINE__,       \
                    (msg), (needle));                                                        \
            check_failures++;                                                                \
        }                                                                                    \
    } while (0)

static inline int check_done(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures != 0;
}

#endif
