/* output.h - writing output files atomically: a temporary file beside the
 * target, renamed over it once complete, so an interrupted run never leaves a
 * half-written output. */
#ifndef NT_OUTPUT_H
#define NT_OUTPUT_H

#include <stddef.h>
#include "newstag.h"

/* Writes data[0..len) to dir/rel, creating the directories of rel under dir.
 * rel must be relative and free of ".." components (returns -1 otherwise).
 * Returns 0, or -1 with err naming the path and the reason; on failure no
 * file is left at the target or as a temporary. */
int nt_output_write(const char *dir, const char *rel, const char *data,
                    size_t len, nt_error *err);

/* Writes all of data[0..len) to the descriptor fd, going on after partial
 * writes and EINTR (a -j worker's results, stdout's large pieces, files
 * under -o). Returns 0, or -1 with errno set. */
int nt_output_write_fd(int fd, const char *data, size_t len);

/* Installs SIGINT/SIGTERM handlers that remove a temporary file being
 * written, then let the signal end the process; ignores SIGXFSZ, so that
 * exceeding ulimit -f is a write error (EFBIG). */
void nt_output_install_signal_cleanup(void);

#endif
