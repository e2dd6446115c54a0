/* vidinfo — prints "CODEC PIX_FMT WIDTHxHEIGHT FPS frames N ms DURATION index-first|index-last"
 * of a video, decoded with libavformat and libavcodec (every frame, so a broken stream
 * fails), for the command-line recording test: the frame count and the duration include the
 * hold; "index-first" says an MP4's moov comes before its mdat (it plays while it loads). */
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <stdio.h>
#include <string.h>

/* The order of the first "moov" and "mdat" boxes at the top level of an MP4 ("" otherwise). */
static const char *index_order(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char h[8];
    const char *r = "";
    long off = 0;
    while (f && fseek(f, off, SEEK_SET) == 0 && fread(h, 1, 8, f) == 8) {
        long size = (long)h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
        if (!memcmp(h + 4, "moov", 4)) { r = " index-first"; break; }
        if (!memcmp(h + 4, "mdat", 4)) { r = " index-last"; break; }
        if (size < 8) break;
        off += size;
    }
    if (f) fclose(f);
    return r;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: vidinfo FILE\n");
        return 2;
    }
    av_log_set_level(AV_LOG_ERROR);
    AVFormatContext *fc = NULL;
    if (avformat_open_input(&fc, argv[1], NULL, NULL) < 0 || avformat_find_stream_info(fc, NULL) < 0) {
        fprintf(stderr, "vidinfo: %s: cannot open\n", argv[1]);
        return 1;
    }
    int si = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (si < 0) {
        fprintf(stderr, "vidinfo: %s: no video stream\n", argv[1]);
        return 1;
    }
    AVStream *st = fc->streams[si];
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    AVCodecContext *dc = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!dc || avcodec_parameters_to_context(dc, st->codecpar) < 0 || avcodec_open2(dc, codec, NULL) < 0) {
        fprintf(stderr, "vidinfo: %s: no decoder\n", argv[1]);
        return 1;
    }
    AVPacket *pkt = av_packet_alloc();
    AVFrame *fr = av_frame_alloc();
    long frames = 0;
    int64_t end = 0, bad = 0;
    for (int eof = 0; !eof;) {
        int e = av_read_frame(fc, pkt);
        if (e < 0) {
            eof = 1;
            avcodec_send_packet(dc, NULL);
        } else if (pkt->stream_index == si) {
            if (pkt->pts != AV_NOPTS_VALUE && pkt->pts + pkt->duration > end) end = pkt->pts + pkt->duration;
            bad |= avcodec_send_packet(dc, pkt) < 0;
        }
        if (e >= 0) av_packet_unref(pkt);
        while (avcodec_receive_frame(dc, fr) == 0) frames++;
    }
    if (bad) {
        fprintf(stderr, "vidinfo: %s: the stream does not decode\n", argv[1]);
        return 1;
    }
    double ms = 1000.0 * (double)end * av_q2d(st->time_base);
    printf("%s %s %dx%d %d/%d frames %ld ms %.0f%s\n", codec->name,
           av_get_pix_fmt_name(dc->pix_fmt), dc->width, dc->height, st->avg_frame_rate.num,
           st->avg_frame_rate.den, frames, ms, index_order(argv[1]));
    av_frame_free(&fr);
    av_packet_free(&pkt);
    avcodec_free_context(&dc);
    avformat_close_input(&fc);
    return 0;
}
