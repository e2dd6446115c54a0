/* gifinfo — prints "FRAMES WIDTHxHEIGHT DELAY_CS" of a GIF, decoded with giflib (an
 * independent decoder), for the command-line recording test. */
#include <gif_lib.h>
#include <stdio.h>

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
    for (int i = 0; i < gif->ImageCount; i++) {
        GraphicsControlBlock gcb;
        if (DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK)
            delay += gcb.DelayTime;
    }
    printf("%d %dx%d %ld\n", gif->ImageCount, gif->SWidth, gif->SHeight, delay);
    DGifCloseFile(gif, &error);
    return 0;
}
