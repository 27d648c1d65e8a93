/* sports.h - sports pages. In results, standings and fixtures a city or
 * county names its team ("Surrey 3 Kent 1", "Boston coach"), which is an
 * organization; countries stay places (national teams, CoNLL practice). */
#ifndef NT_SPORTS_H
#define NT_SPORTS_H

#include "doc.h"
#include "lexicon.h"

/* The source of clubs joined from a name and a town ("Hutnik Krakow"). */
#define NT_SPORTS_CLUB_SOURCE "sports_club"

typedef struct nt_sports nt_sports;

/* Looks up the "sport" and "locprep" word classes in lx, which must outlive
 * the result. */
nt_sports *nt_sports_new(const nt_lex *lx);
void nt_sports_free(nt_sports *s); /* accepts NULL */

/* Whether doc (tokenized, tokclass filled) is a sports story: its headline
 * opens with a sport's name, or it has several scores or sports words. */
int nt_sports_is_sports(const nt_sports *s, const nt_doc *doc);

/* In a sports story, retypes the places that stand for teams and joins a
 * club's name to the town after it: the town's entity stays, of type
 * NT_NONE and source NT_SPORTS_CLUB_SOURCE, for nt_mentions_apply to drop
 * with the other blockers. */
void nt_sports_retype(const nt_sports *s, nt_doc *doc);

#endif
