/* patshare.h - a PCRE2 pattern with its repeated groups written once: each
 * defined as a named group in a "(?(DEFINE)...)" that is a last, failing
 * alternative (so that no group of the pattern changes its number), and
 * called where it was, as "(?&name)". PCRE2 (10.30 on) backtracks into a
 * subroutine call as into the group, so the matches, callouts and captures
 * are those of the pattern as written; its JIT code is smaller, and so is
 * the time JIT compilation takes (see ruleset.c, compile_batch).
 *
 * Shared: groups that capture nothing and hold no backreference, callout,
 * backtracking verb or \K, outside lookbehinds, each with the options (i,
 * m, n, s, J, U) set around it where it stands. Syntax this does not read
 * (\Q, comments, extended mode, option settings that run to the end of a
 * group, conditions, recursion, subroutine calls, names beginning "_nt",
 * unbalanced parentheses) leaves the pattern as it is. */
#ifndef NT_PATSHARE_H
#define NT_PATSHARE_H

#include <stddef.h>

#include "buf.h"

/* Writes pat[0..len) to out (appended) with each group of at least
 * min_len bytes that occurs twice or more shared, and returns how many
 * groups are: 0 (out left as it was) when none is, or when pat holds
 * syntax not read here. A shared group's own repeated groups are shared
 * too. */
size_t nt_patshare(const char *pat, size_t len, size_t min_len, nt_buf *out);

#endif
