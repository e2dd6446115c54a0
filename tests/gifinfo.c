/* gifinfo — prints "FRAMES WIDTHxHEIGHT DELAY_CS last LAST_CS loop LOOPS" of a GIF, decoded with
 * giflib (an independent decoder), for the command-line recording test: the frame count, the
 * total and the last frame's delay (the hold), and the NETSCAPE loop count ("forever" for 0,
 * "none" without the extension: it plays once). */
#include <gif_lib.h>
#include <stdio.h>
#include <string.h>

/* The loop count of the NETSCAPE2.0 application extension before the first image, or -1. */
static int loops(const GifFileType *gif)
{
    if (gif->ImageCount < 1)
        return -1;
    const SavedImage *s = &gif->SavedImages[0];
    for (int i = 0; i + 1 < s->ExtensionBlockCount; i++) {
        const ExtensionBlock *e = &s->ExtensionBlocks[i], *d = &s->ExtensionBlocks[i + 1];
        if (e->Function == APPLICATION_EXT_FUNC_CODE && e->ByteCount == 11 &&
            !memcmp(e->Bytes, "NETSCAPE2.0", 11) && d->ByteCount >= 3 && d->Bytes[0] == 1)
            return d->Bytes[1] | d->Bytes[2] << 8;
    }
    return -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gifinfo FILE.gif\n");
        return 2;
    }
    int error = 0;
    GifFileType *gif = DGifOpenFileName(argv[1], &error);
    if (!gif || DGifSlurp(gif) != GIF_OK) {
        fprintf(stderr, "gifinfo: %s: %s\n", argv[1], GifErrorString(gif ? gif->Error : error));
        return 1;
    }
    long delay = 0;
    int last = 0;
    for (int i = 0; i < gif->ImageCount; i++) {
        GraphicsControlBlock gcb;
        if (DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK) {
            delay += gcb.DelayTime;
            last = gcb.DelayTime;
        }
    }
    int n = loops(gif);
    char lp[16];
    snprintf(lp, sizeof lp, n < 0 ? "none" : n == 0 ? "forever" : "%d", n);
    printf("%d %dx%d %ld last %d loop %s\n", gif->ImageCount, gif->SWidth, gif->SHeight, delay,
           last, lp);
    DGifCloseFile(gif, &error);
    return 0;
}
