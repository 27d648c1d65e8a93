/* calendar.h - proleptic Gregorian date arithmetic for the time normalizer:
 * day numbers, weekdays, ISO weeks, month arithmetic and date parsing. */
#ifndef NT_CALENDAR_H
#define NT_CALENDAR_H

/* A calendar date. y == 0 means unknown; m or d == 0 means not given. */
typedef struct {
    int y, m, d;
} nt_ymd;

/* Days since 1970-01-01 of a valid date, and back. */
long nt_cal_days(nt_ymd t);
nt_ymd nt_cal_from_days(long days);

/* ISO weekday: 1 Monday ... 7 Sunday. */
int nt_cal_weekday(nt_ymd t);

/* ISO 8601 week of t: sets *wy to the week-numbering year, returns the
 * week (1-53). */
int nt_cal_isoweek(nt_ymd t, int *wy);

/* The date n days (may be negative) after t. */
nt_ymd nt_cal_add_days(nt_ymd t, long n);

/* The date n months after t; the day is clamped to the month's length. */
nt_ymd nt_cal_add_months(nt_ymd t, int n);

int nt_cal_month_days(int y, int m);

/* Parses "YYYY-MM-DD" (exactly) into *t, checking that the day exists.
 * Returns 0, or -1 when s is no such date. */
int nt_cal_parse(const char *s, nt_ymd *t);

/* The n-th (1-based; -1: last) weekday wd (1-7) of month m of year y. */
nt_ymd nt_cal_nth_weekday(int y, int m, int wd, int n);

/* Easter Sunday of year y (anonymous Gregorian algorithm). */
nt_ymd nt_cal_easter(int y);

/* The Lunar (Chinese) New Year's day of year y, from a table for
 * 1990-2035 (it follows the moon); y == 0 in the result outside it. */
nt_ymd nt_cal_lunar_new_year(int y);

#endif
