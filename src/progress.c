/* progress.c - the progress line on stderr. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void nt_progress_init(nt_progress *p, int mode)
{
    *p = (nt_progress){0};
    p->enabled = mode > 0 || (mode == 0 && isatty(STDERR_FILENO));
    p->start = p->last = now();
}

/* "\r" and the line, so that the next draw overwrites it. */
static void draw(nt_progress *p, double t)
{
    double secs = t - p->start;
    double mbs = secs > 0 ? p->bytes / 1e6 / secs : 0;
    fprintf(stderr, "\rnewstag: %zu files, %.1f MB/s, %zu errors ", p->files,
            mbs, p->errors);
    p->shown = 1;
    p->last = t;
}

void nt_progress_file(nt_progress *p, size_t bytes)
{
    p->files++;
    p->bytes += (double)bytes;
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->last >= 0.25)
        draw(p, t);
}

void nt_progress_done(nt_progress *p)
{
    if (!p->enabled || (!p->shown && p->files == 0))
        return;
    draw(p, now());
    fputc('\n', stderr);
}
