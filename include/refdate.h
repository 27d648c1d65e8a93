/* refdate.h - the article's reference date, against which relative time
 * expressions are resolved. In order: --ref-date (main sets it, from
 * "option"), a date the input carries (the readers, "metadata"), the
 * dateline ("BRUSSELS, March 4 (Reuters) -", "dateline"), else none. */
#ifndef NT_REFDATE_H
#define NT_REFDATE_H

#include <stddef.h>
#include "doc.h"

/* Finds a dateline's month and day in the first lines of text[0..len):
 * an all-caps place, optionally ", Region", then ", Month Day", an optional
 * "(Agency)" and a dash. Returns 0 with *month and *day set, -1 if none;
 * *at is the byte offset of the month. */
int nt_refdate_dateline(const char *text, size_t len, int *month, int *day,
                        size_t *at);

/* When d->ref_date is still empty, fills it from the dateline, the year
 * taken from d->ref_year or else the year mentioned nearest to the
 * dateline ("XXXX-MM-DD" when there is none); sets d->ref_from to
 * "dateline", or to "none" when there is no date at all. d must be
 * tokenized. */
void nt_refdate_fill(nt_doc *d);

#endif
