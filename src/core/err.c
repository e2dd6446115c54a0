#include "err.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(Err *err, int col, const char *fmt, ...)
{
    if (!err)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->col = col;
    err->errnum = 0;
    return -1;
}

/* Edit distance with adjacent swaps counting as one edit (optimal string alignment),
 * case-insensitive, for "did you mean" suggestions: "bael" is one swap and one insertion
 * from "beale". */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int ca = tolower((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Longest common subsequence: breaks ties between equally distant names ("sped" is nearer
 * to "speed" than to "seed"). */
static int common(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 0;
    int prev[64] = {0}, cur[64] = {0};
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++)
            cur[j] = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])
                         ? prev[j - 1] + 1
                         : (prev[j] > cur[j - 1] ? prev[j] : cur[j - 1]);
        memcpy(prev, cur, sizeof prev);
    }
    return prev[lb];
}

const char *err_closest(const char *word, const char *const *names, int n)
{
    const char *best = NULL;
    int bestd = 1 << 30, bestc = -1;
    for (int i = 0; i < n; i++) {
        int d = distance(word, names[i]);
        int c = common(word, names[i]);
        if (d < bestd || (d == bestd && c > bestc)) {
            bestd = d;
            bestc = c;
            best = names[i];
        }
    }
    /* near enough: one edit in a short word, two in a word of 3-5 letters, a third beyond */
    int len = (int)strlen(word);
    int limit = len <= 2 ? 1 : len <= 5 ? 2 : len / 3 + 1;
    return bestd <= limit ? best : NULL;
}
