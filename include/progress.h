/* progress.h - the progress line of long batch runs, on stderr: files
 * done, throughput and errors so far, redrawn at most a few times a second
 * when stderr is a terminal (or --progress), never with --quiet. */
#ifndef NT_PROGRESS_H
#define NT_PROGRESS_H

#include <stddef.h>

typedef struct {
    int enabled;
    size_t files, errors;
    double bytes;
    double start, last; /* seconds (monotonic clock) */
    int shown;          /* a line is on the screen */
} nt_progress;

/* mode: 1 always (--progress), -1 never (--quiet), 0 when stderr is a
 * terminal. */
void nt_progress_init(nt_progress *p, int mode);

/* Counts one input of bytes bytes, and redraws the line when due. */
void nt_progress_file(nt_progress *p, size_t bytes);

/* Draws the final line and ends it, if a line was shown. */
void nt_progress_done(nt_progress *p);

#endif
