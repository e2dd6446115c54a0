/* videnc.c — H.264/MP4 and VP9/WebM through libavcodec and libavformat.
 *
 * Why it is built this way:
 * - yuv420p, BT.709, limited range, tagged so: what browsers, PowerPoint and GitHub's player
 *   expect. yuv420p needs even sides, so an odd last row or column is left out.
 * - MP4 is written with "faststart" (the index before the frames), so a browser plays it while
 *   it loads; libavformat rewrites the file at the end for that, which is why it writes to a
 *   path (the recorder's file written aside) and not through the recorder's byte sink.
 * - x264: preset veryfast, tune animation (flat colours, sharp edges: our frames), CRF 20;
 *   libvpx: CRF 31, realtime at cpu-used 8 (its "good" presets took 7x longer than x264 here
 *   for 20 % fewer bytes). Each encoder gets one thread, and libavformat runs bit-exact, so the
 *   same frames give the same bytes (x264's and libvpx's own version strings stay in the
 *   stream; they change only with the library).
 * - The hold repeats the last frame: a constant frame rate is what every player handles, and a
 *   repeated frame costs a few bytes. */
#include "videnc.h"

#ifdef OPTIPLAY_NO_VIDEO
#include <stddef.h>

/* A build without libavcodec (the web page): video is refused, said. */
VidEnc *videnc_create(const VidEncDesc *d, Err *err)
{
    (void)d;
    err_set(err, 0, "video needs libavcodec, which this build has not: record a .gif");
    return NULL;
}
int videnc_frame(VidEnc *v, const uint8_t *rgba, Err *err)
{
    (void)v, (void)rgba;
    return err_set(err, 0, "no video in this build");
}
int videnc_finish(VidEnc *v, Err *err)
{
    (void)v;
    return err_set(err, 0, "no video in this build");
}
void videnc_destroy(VidEnc **v)
{
    *v = NULL;
}
#else

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libavcodec and its kin are loaded when the first video is asked for, not at start-up: with
 * them come ~100 libraries (x264, x265, aom, gnutls, ...) that every GIF recording and every
 * window paid ~40 ms of CPU to map and relocate. The sonames are the ones built against. */
#define LIB_NAME(lib, major) "lib" #lib ".so." AV_STRINGIFY(major)
static const char *const lib_names[] = {
    LIB_NAME(avutil, LIBAVUTIL_VERSION_MAJOR), LIB_NAME(swscale, LIBSWSCALE_VERSION_MAJOR),
    LIB_NAME(avcodec, LIBAVCODEC_VERSION_MAJOR), LIB_NAME(avformat, LIBAVFORMAT_VERSION_MAJOR),
};
enum { LIB_avutil, LIB_swscale, LIB_avcodec, LIB_avformat, NLIBS };

#define AV_FUNCS(X) \
    X(avutil, av_dict_free) \
    X(avutil, av_dict_set) \
    X(avutil, av_frame_alloc) \
    X(avutil, av_frame_free) \
    X(avutil, av_frame_get_buffer) \
    X(avutil, av_frame_make_writable) \
    X(avutil, av_log_set_level) \
    X(avutil, av_opt_set) \
    X(avutil, av_strerror) \
    X(swscale, sws_freeContext) \
    X(swscale, sws_getCoefficients) \
    X(swscale, sws_getContext) \
    X(swscale, sws_scale) \
    X(swscale, sws_setColorspaceDetails) \
    X(avcodec, av_packet_alloc) \
    X(avcodec, av_packet_free) \
    X(avcodec, av_packet_rescale_ts) \
    X(avcodec, avcodec_alloc_context3) \
    X(avcodec, avcodec_find_encoder_by_name) \
    X(avcodec, avcodec_free_context) \
    X(avcodec, avcodec_open2) \
    X(avcodec, avcodec_parameters_from_context) \
    X(avcodec, avcodec_receive_packet) \
    X(avcodec, avcodec_send_frame) \
    X(avformat, av_interleaved_write_frame) \
    X(avformat, av_write_trailer) \
    X(avformat, avformat_alloc_output_context2) \
    X(avformat, avformat_free_context) \
    X(avformat, avformat_new_stream) \
    X(avformat, avformat_write_header) \
    X(avformat, avio_closep) \
    X(avformat, avio_open)

static struct {
#define AV_FIELD(lib, f) __typeof__(f) *f;
    AV_FUNCS(AV_FIELD)
#undef AV_FIELD
} av;
static pthread_once_t av_once = PTHREAD_ONCE_INIT;
static char av_error[256]; /* why they could not be loaded; "" when they were */

static void av_load(void)
{
    void *h[NLIBS];
    for (int i = 0; i < NLIBS; i++) {
        if (!(h[i] = dlopen(lib_names[i], RTLD_NOW | RTLD_LOCAL))) {
            snprintf(av_error, sizeof av_error, "video needs %s, which cannot be loaded: %s",
                     lib_names[i], dlerror());
            return;
        }
    }
    void *p;
#define AV_SYM(lib, f) \
    if (!(p = dlsym(h[LIB_##lib], #f))) { \
        snprintf(av_error, sizeof av_error, "video needs %s from %s, which it lacks", #f, \
                 lib_names[LIB_##lib]); \
        return; \
    } \
    memcpy(&av.f, &p, sizeof p);
    AV_FUNCS(AV_SYM)
#undef AV_SYM
}

enum { GOP_SECONDS = 5 };

struct VidEnc {
    VidEncDesc d;
    int w, h;               /* encoded size: even */
    AVFormatContext *oc;
    AVCodecContext *enc;
    AVStream *st;
    AVFrame *frame;
    AVPacket *pkt;
    struct SwsContext *sws;
    int64_t pts;
    int header, opened;     /* the header is written; the file is open */
};

static int av_fail(Err *err, const char *what, int e)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = "";
    av.av_strerror(e, buf, sizeof buf);
    return err_set(err, 0, "%s: %s", what, buf);
}

/* Takes every packet the encoder has ready into the file. */
static int drain(VidEnc *v, Err *err)
{
    for (;;) {
        int e = av.avcodec_receive_packet(v->enc, v->pkt);
        if (e == AVERROR(EAGAIN) || e == AVERROR_EOF) return 0;
        if (e < 0) return av_fail(err, "the video encoder failed", e);
        av.av_packet_rescale_ts(v->pkt, v->enc->time_base, v->st->time_base);
        v->pkt->stream_index = v->st->index;
        e = av.av_interleaved_write_frame(v->oc, v->pkt);
        if (e < 0) return av_fail(err, "write failed", e);
    }
}

static int send(VidEnc *v, AVFrame *f, Err *err)
{
    if (f) f->pts = v->pts++;
    int e = av.avcodec_send_frame(v->enc, f);
    if (e < 0) return av_fail(err, "the video encoder failed", e);
    return drain(v, err);
}

static int setup(VidEnc *v, Err *err)
{
    const VidEncDesc *d = &v->d;
    const char *name = d->webm ? "libvpx-vp9" : "libx264";
    int e = av.avformat_alloc_output_context2(&v->oc, NULL, d->webm ? "webm" : "mp4", d->path);
    if (e < 0) return av_fail(err, "cannot set up the video file", e);
    v->oc->flags |= AVFMT_FLAG_BITEXACT;
    const AVCodec *codec = av.avcodec_find_encoder_by_name(name);
    if (!codec) return err_set(err, 0, "this libavcodec has no %s encoder", name);
    v->st = av.avformat_new_stream(v->oc, NULL);
    v->enc = av.avcodec_alloc_context3(codec);
    v->frame = av.av_frame_alloc();
    v->pkt = av.av_packet_alloc();
    if (!v->st || !v->enc || !v->frame || !v->pkt) return err_set(err, 0, "out of memory");
    AVCodecContext *c = v->enc;
    c->width = v->w;
    c->height = v->h;
    c->time_base = (AVRational){1, d->fps};
    c->framerate = (AVRational){d->fps, 1};
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->gop_size = GOP_SECONDS * d->fps;
    c->thread_count = 1;
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    c->color_range = AVCOL_RANGE_MPEG;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    if (v->oc->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (d->webm) {
        c->bit_rate = 0; /* constant quality */
        av.av_opt_set(c->priv_data, "crf", "31", 0);
        av.av_opt_set(c->priv_data, "cpu-used", "8", 0);
        av.av_opt_set(c->priv_data, "deadline", "realtime", 0);
        av.av_opt_set(c->priv_data, "row-mt", "0", 0);
    } else {
        av.av_opt_set(c->priv_data, "preset", "veryfast", 0);
        av.av_opt_set(c->priv_data, "tune", "animation", 0);
        av.av_opt_set(c->priv_data, "crf", "20", 0);
        av.av_opt_set(c->priv_data, "profile", "high", 0);
    }
    e = av.avcodec_open2(c, codec, NULL);
    if (e < 0) return av_fail(err, "cannot open the video encoder", e);
    e = av.avcodec_parameters_from_context(v->st->codecpar, c);
    if (e < 0) return av_fail(err, "cannot set up the video stream", e);
    v->st->time_base = c->time_base;
    v->st->avg_frame_rate = c->framerate;
    v->frame->format = c->pix_fmt;
    v->frame->width = v->w;
    v->frame->height = v->h;
    e = av.av_frame_get_buffer(v->frame, 0);
    if (e < 0) return av_fail(err, "out of memory", e);
    v->sws = av.sws_getContext(v->w, v->h, AV_PIX_FMT_RGBA, v->w, v->h, AV_PIX_FMT_YUV420P,
                            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_BITEXACT | SWS_FULL_CHR_H_INP,
                            NULL, NULL, NULL);
    if (!v->sws) return err_set(err, 0, "cannot set up the colour conversion");
    const int *bt709 = av.sws_getCoefficients(SWS_CS_ITU709);
    av.sws_setColorspaceDetails(v->sws, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    e = av.avio_open(&v->oc->pb, d->path, AVIO_FLAG_WRITE);
    if (e < 0) return av_fail(err, "cannot open the video file", e);
    v->opened = 1;
    AVDictionary *opt = NULL;
    if (!d->webm) av.av_dict_set(&opt, "movflags", "+faststart", 0);
    e = av.avformat_write_header(v->oc, &opt);
    av.av_dict_free(&opt);
    if (e < 0) return av_fail(err, "cannot write the video header", e);
    v->header = 1;
    return 0;
}

VidEnc *videnc_create(const VidEncDesc *d, Err *err)
{
    VidEnc *v = calloc(1, sizeof *v);
    if (!v) {
        err_set(err, 0, "out of memory");
        return NULL;
    }
    v->d = *d;
    v->w = d->width & ~1;
    v->h = d->height & ~1;
    if (v->w < 2 || v->h < 2) {
        err_set(err, 0, "a video needs frames of at least 2x2 pixels, got %dx%d", d->width, d->height);
        videnc_destroy(&v);
        return NULL;
    }
    pthread_once(&av_once, av_load);
    if (av_error[0]) {
        err_set(err, 0, "%s", av_error);
        free(v);
        return NULL;
    }
    av.av_log_set_level(AV_LOG_ERROR); /* the encoders' banners are not for our users */
    if (setup(v, err) < 0) videnc_destroy(&v);
    return v;
}

int videnc_frame(VidEnc *v, const uint8_t *rgba, Err *err)
{
    int e = av.av_frame_make_writable(v->frame); /* the encoder may still hold the last one */
    if (e < 0) return av_fail(err, "out of memory", e);
    const uint8_t *src[1] = {rgba};
    const int stride[1] = {v->d.width * 4};
    av.sws_scale(v->sws, src, stride, 0, v->h, v->frame->data, v->frame->linesize);
    return send(v, v->frame, err);
}

int videnc_finish(VidEnc *v, Err *err)
{
    for (int i = 0; i < v->d.hold && v->pts > 0; i++)
        if (send(v, v->frame, err) < 0) return -1;
    if (send(v, NULL, err) < 0) return -1;
    int e = av.av_write_trailer(v->oc);
    if (e < 0) return av_fail(err, "write failed", e);
    v->header = 0;
    e = av.avio_closep(&v->oc->pb);
    v->opened = 0;
    if (e < 0) return av_fail(err, "write failed", e);
    return 0;
}

void videnc_destroy(VidEnc **pv)
{
    VidEnc *v = *pv;
    if (!v) return;
    if (v->opened) av.avio_closep(&v->oc->pb);
    av.avformat_free_context(v->oc);
    av.avcodec_free_context(&v->enc);
    av.av_frame_free(&v->frame);
    av.av_packet_free(&v->pkt);
    av.sws_freeContext(v->sws);
    free(v);
    *pv = NULL;
}
#endif /* OPTIPLAY_NO_VIDEO */
