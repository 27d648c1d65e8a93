/* test_timex.c - TIMEX3 types and values of each expression family, tense
 * cues and anchors, resolved against fixed reference dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "extract.h"
#include "timex.h"
#include "util.h"

#define P NT_TENSE_PAST
#define N NT_TENSE_NONE
#define F NT_TENSE_FUTURE

typedef struct {
    const char *ref;    /* reference date, "" for none */
    nt_tense tense;
    const char *anchor; /* the article's last date */
    const char *text;
    nt_timex type;
    const char *value;
} xcase;

static void check(const xcase *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        nt_timex_ctx ctx = {.tense = c[i].tense, .anchor = c[i].anchor};
        char v[NT_VALUE_MAX];
        if (!*c[i].ref || nt_cal_parse(c[i].ref, &ctx.ref) != 0)
            ctx.ref = (nt_ymd){0, 0, 0};
        nt_timex t = nt_timex_normalize(c[i].text, strlen(c[i].text), &ctx, v);
        if (t != c[i].type || strcmp(v, c[i].value) != 0)
            fail_msg("'%s' (ref %s): got %s %s, want %s %s", c[i].text,
                     c[i].ref, nt_timex_name(t), v, nt_timex_name(c[i].type),
                     c[i].value);
    }
}

#define CHECK(cases) check(cases, sizeof cases / sizeof *cases)
#define D NT_TIMEX_DATE
#define T NT_TIMEX_TIME
#define U NT_TIMEX_DURATION
#define S NT_TIMEX_SET

static void test_calendar_dates(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-06-01", N, "", "May 9, 2015", D, "2015-05-09"},
        {"2015-06-01", N, "", "9 May 2015", D, "2015-05-09"},
        {"2015-06-01", N, "", "2015-05-09", D, "2015-05-09"},
        {"2015-06-01", N, "", "05/09/2015", D, "2015-05-09"},
        {"2015-06-01", N, "", "Sept. 3", D, "2015-09-03"},
        {"2015-06-01", N, "", "May", D, "2015-05"},
        {"2015-06-01", N, "", "May 2014", D, "2014-05"},
        {"2015-06-01", N, "", "2011", D, "2011"},
        {"2015-06-01", N, "", "the 1990s", D, "199"},
        {"2015-06-01", N, "", "mid-2016", D, "2016"},
        {"2015-06-01", N, "", "the end of June", D, "2015-06"},
        {"2015-06-01", N, "", "fiscal 1989", D, "1989"},
        {"2015-06-01", N, "", "nineteen ninety-six", D, "1996"},
        {"2015-06-01", N, "", "the year two thousand", D, "2000"},
        {"2015-06-01", N, "", "January nineteen ninety-seven", D, "1997-01"},
        {"2015-06-01", N, "", "the winter of nineteen ninety-four", D, "1994-WI"},
        {"2015-06-01", N, "", "the 20th century", D, "19"},
        {"2024-03-01", N, "", "the twenties", D, "202"},
        {"1998-03-01", N, "", "the twenties", D, "192"},
        {"", N, "", "the nineties", D, "199"},
        {"1998-03-01", N, "", "June last year", D, "1997-06"},
        {"2015-06-01", N, "", "Friday, May 8", D, "2015-05-08"},
        {"2000-02-24", N, "", "the week of March 6", D, "2000-W10"},
        {"", N, "", "May 9", D, "XXXX-05-09"},
        {"", N, "", "May", D, "XXXX-05"},
    };
    CHECK(cases);
}

/* Tense decides the direction: "said Wednesday" is the last one, "will
 * meet Friday" the next; a month of the coming year in a future sentence. */
static void test_relative_dates(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", P, "", "Wednesday", D, "2015-05-06"},  /* a Saturday */
        {"2015-05-09", F, "", "Wednesday", D, "2015-05-13"},
        {"2015-05-09", N, "", "Saturday", D, "2015-05-09"},
        {"2015-05-09", P, "", "last Saturday", D, "2015-05-02"},
        {"1989-10-30", P, "1989-10-27", "the previous Friday", D, "1989-10-20"},
        {"1989-10-30", P, "1989", "the previous Friday", D, "1989-10-27"},
        {"1989-10-30", P, "1989-10-27", "last Friday", D, "1989-10-27"},
        {"2024-07-25", N, "", "next Thursday", D, "2024-08-01"},
        {"2015-05-09", N, "", "last November", D, "2014-11"},
        {"2024-01-15", P, "", "December", D, "2023-12"},
        {"2024-11-15", F, "", "January", D, "2025-01"},
        {"2015-05-09", N, "", "this year", D, "2015"},
        {"2015-05-09", N, "", "last year", D, "2014"},
        {"2015-05-09", N, "", "next week", D, "2015-W20"},
        {"2015-05-09", N, "", "last month", D, "2015-04"},
        {"2015-05-09", N, "", "early next year", D, "2016"},
        {"2015-05-09", N, "", "two days ago", D, "2015-05-07"},
        {"2015-05-09", N, "", "about two years ago", D, "2013"},
        {"2023-05-09", N, "", "three years ago", D, "2020"},
        {"2025-05-09", N, "", "a decade ago", D, "201"},
        {"2015-05-09", N, "", "today", D, "2015-05-09"},
        {"2015-05-09", N, "", "yesterday", D, "2015-05-08"},
        {"2015-05-09", N, "", "tomorrow", D, "2015-05-10"},
        {"2015-05-09", N, "", "now", D, "PRESENT_REF"},
        {"2015-05-09", N, "", "recently", D, "PAST_REF"},
        {"2015-05-09", N, "", "the future", D, "FUTURE_REF"},
        {"2015-05-09", N, "", "current", D, "PRESENT_REF"},
        {"2015-05-09", N, "", "the past", D, "PAST_REF"},
        {"2015-05-09", N, "", "recent years", D, "PAST_REF"},
        {"2023-08-14", P, "", "the weekend", D, "2023-W32-WE"},
        {"2025-06-09", N, "", "summer", D, "2025-SU"},
        {"1999-01-10", N, "", "last fall", D, "1998-FA"},
        {"", N, "", "Wednesday", D, "XXXX-XX-XX"},
        {"", N, "", "last year", D, "XXXX"},
    };
    CHECK(cases);
}

/* Quarters, and what refers to the article's last date. */
static void test_quarters_anchors(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"1989-10-25", P, "", "the third quarter", D, "1989-Q3"},
        {"1989-10-25", P, "", "third-quarter", D, "1989-Q3"},
        {"1990-01-25", P, "", "the fourth quarter", D, "1989-Q4"},
        {"1989-10-25", N, "", "the second half", D, "1989-H2"},
        {"1989-10-25", P, "1989-Q3", "a year earlier", D, "1988-Q3"},
        {"1989-10-25", P, "1989-Q3", "the year-earlier period", D, "1988-Q3"},
        {"1989-10-25", P, "1989-Q3", "the quarter", D, "1989-Q3"},
        {"1989-10-25", P, "1989-Q3", "a year ago", D, "1988-Q3"},
        {"1989-10-27", P, "1988-12", "the comparable year-ago quarter", D, "1987-Q4"},
        {"1989-10-25", P, "1989-09-30", "the quarter a year ago", D, "1988-Q3"},
        {"1989-10-25", P, "1989-Q3", "last year's quarter", D, "1988-Q3"},
        {"1989-10-25", N, "", "the last half of 1989", D, "1989-H2"},
        {"1989-10-25", N, "", "the first quarter of last year", D, "1988-Q1"},
        {"1989-10-25", P, "", "a year earlier", D, "1988"},
        {"1970-05-01", P, "1968", "the following year", D, "1969"},
        {"1999-02-06", P, "1998-10", "that same day", D, "1998-10-XX"},
        {"1990-01-01", P, "1987", "that day", D, "1987-XX-XX"},
        {"1990-01-01", P, "1987-05-04", "the following day", D, "1987-05-05"},
        {"2024-09-09", N, "", "the first quarter of next year", D, "2025-Q1"},
        {"1989-10-25", N, "", "the current quarter", D, "1989-Q4"},
        {"1999-04-19", P, "1998-10-23", "10 p.m.", T, "1998-10-23T22:00"},
    };
    CHECK(cases);
}

/* In an article that reports a quarter (its first quarter 1989-Q1), "a
 * year ago" and "the year-ago period" are that quarter a year back, even
 * after a day ("the quarter ended Sept. 30"); other distances stay years. */
static void test_quarter_report(void **state)
{
    (void)state;
    static const struct {
        const char *text, *value;
    } cases[] = {
        {"a year ago", "1988-Q1"},
        {"two years ago", "1987"},
        {"the year-ago period", "1988-Q1"},
        {"a year earlier", "1988-09-30"}, /* than the day before it */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nt_timex_ctx c = {.tense = P, .anchor = "1989-09-30", .qanchor = "1989-Q1"};
        char v[NT_VALUE_MAX];
        assert_int_equal(nt_cal_parse("1989-10-26", &c.ref), 0);
        nt_timex t = nt_timex_normalize(cases[i].text, strlen(cases[i].text), &c, v);
        assert_int_equal(t, NT_TIMEX_DATE);
        assert_string_equal(v, cases[i].value);
    }
}

/* "the day after his death": a unit from the anchor, when the anchor is
 * known to that unit; otherwise the reference's. */
static void test_beside(void **state)
{
    (void)state;
    static const struct {
        const char *anchor, *text;
        int beside;
        const char *value;
    } cases[] = {
        {"1998-10-23", "the day", 1, "1998-10-24"},
        {"1997", "the year", -1, "1996"},
        {"1998-10", "the day", 1, "1998-11-21"}, /* no day to count from */
        {"1998-10-23", "the day", 0, "1998-11-21"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nt_timex_ctx c = {.tense = P, .anchor = cases[i].anchor,
                          .beside = cases[i].beside};
        char v[NT_VALUE_MAX];
        assert_int_equal(nt_cal_parse("1998-11-21", &c.ref), 0);
        nt_timex_normalize(cases[i].text, strlen(cases[i].text), &c, v);
        assert_string_equal(v, cases[i].value);
    }
}

/* How a span's words are read: abbreviations' periods trimmed (but the
 * number before one reads the word as written: "3 Sept." is no day),
 * possessives, "the last half", "a year earlier/ago", numbers before
 * units, months and "1/2". */
static void test_span_words(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-06-01", N, "", "3 Sept. 2015", D, "2015-09"},
        {"2015-06-01", N, "", "3 Sept 2015", D, "2015-09-03"},
        {"2015-06-01", N, "", "Sept. 3, 2015", D, "2015-09-03"},
        {"2015-06-01", N, "", "SEPT. 3", D, "2015-09-03"},
        {"2015-06-01", N, "", "a.m.", D, "XXXX-XX-XX"},
        {"1989-10-25", N, "", "the last half of 1989", D, "1989-H2"},
        {"1989-10-25", N, "", "the latter half of the year", D, "1989-H2"},
        {"1989-10-25", N, "", "last year's third quarter", D, "1988-Q3"},
        {"1989-10-25", N, "", "last year\xE2\x80\x99s third quarter", D,
         "1988-Q3"},
        {"1989-10-25", N, "1989-Q3", "a year earlier", D, "1988-Q3"},
        {"1989-10-25", N, "", "a year ago", D, "1988"},
        {"1989-10-25", N, "", "two years ago", D, "1987"},
        {"1989-10-25", N, "", "the 1988 quarter", D, "1988-Q3"},
        {"1989-10-25", N, "", "2 1/2 years", U, "P2Y6M"},
        {"1989-10-25", N, "", "10 months", U, "P10M"},
        {"1989-10-25", N, "", "nineteen ninety-six", D, "1996"},
        {"1989-10-25", N, "", "the year two thousand", D, "2000"},
        {"1989-10-25", N, "", "a decades-long feud", U, "PXY"},
        {"1989-10-25", N, "", "(Oct. 12)", D, "1989-10-12"},
        {"1989-10-25", N, "", "the averylongwordoftwentyfivebytes year", D,
         "1989"},
    };
    CHECK(cases);
}

static void test_holidays(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "Christmas", D, "2015-12-25"},
        {"2015-12-30", P, "", "Christmas Day", D, "2015-12-25"},
        {"2024-12-01", P, "", "Thanksgiving", D, "2024-11-28"},
        {"2024-03-01", F, "", "Easter", D, "2024-03-31"},
        {"2015-05-09", F, "", "New Year's Day", D, "2016-01-01"},
        {"", N, "", "Christmas Eve", D, "XXXX-12-24"},
        {"2024-11-29", N, "", "the Lunar New Year", D, "2025-01-29"},
        {"2024-03-01", N, "", "Lunar New Year", D, "2024-02-10"},
        {"2040-03-01", N, "", "Lunar New Year", D, "2040"},
        {"2015-12-20", N, "", "Easter", D, "2016-03-27"},
        {"2015-12-20", P, "", "Easter", D, "2015-04-05"},
        /* a name in any case, anywhere in the span's first 63 bytes, the
           longer of two found ("christmas eve"); past them, none */
        {"2015-05-09", N, "", "CHRISTMAS", D, "2015-12-25"},
        {"2015-05-09", N, "", "the day before christmas eve", D, "2015-12-24"},
        {"2015-05-09", N, "", "the week of xmas", D, "2015-12-25"},
        {"2015-05-09", N, "", "the 12 months before Christmas", D,
         "2015-12-25"},
        {"2015-05-09", N, "",
         "the last Sunday before the long and cold Christmas", D, "2014-12-25"},
        {"2015-05-09", N, "",
         "the last Sunday before the long, dark, cold and white Christmas", D,
         "2014-12-25"},
        {"2015-05-09", N, "",
         "the last Sunday before the long, dark, cold and snowy, white "
         "Christmas", D,
         "2015-05-03"},
        {"2015-05-09", N, "", "Christmas\0Eve", D, "2015-12-25"},
        {"2015-05-09", N, "", "Halloween2015", D, "2015-10-31"},
    };
    CHECK(cases);
}

static void test_times(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "3 p.m.", T, "2015-05-09T15:00"},
        {"2015-05-09", N, "", "15:30 GMT", T, "2015-05-09T15:30"},
        {"2015-05-09", N, "", "12:30 a.m.", T, "2015-05-09T00:30"},
        {"2023-12-10", P, "", "11:40 p.m. Friday", T, "2023-12-08T23:40"},
        {"2024-02-13", P, "", "Monday night", T, "2024-02-12TNI"},
        {"2015-05-09", P, "", "Tuesday morning", T, "2015-05-05TMO"},
        {"2015-05-09", N, "", "tonight", T, "2015-05-09TNI"},
        {"2015-05-09", N, "", "this morning", T, "2015-05-09TMO"},
        {"2015-05-09", N, "", "last night", T, "2015-05-08TNI"},
        {"2015-05-09", N, "", "noon Saturday", T, "2015-05-09T12:00"},
        {"2015-05-09", N, "", "4 in the morning", T, "2015-05-09T04:00"},
        {"2015-05-09", N, "", "2 in the afternoon", T, "2015-05-09T14:00"},
        {"2015-05-09", N, "", "10 at night", T, "2015-05-09T22:00"},
        {"2015-05-09", N, "2015-05-08", "the morning", T, "2015-05-08TMO"},
        {"", N, "", "3 p.m.", T, "XXXX-XX-XXT15:00"},
    };
    CHECK(cases);
}

static void test_durations(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "two weeks", U, "P2W"},
        {"2015-05-09", N, "", "three years", U, "P3Y"},
        {"2015-05-09", N, "", "more than a decade", U, "P10Y"},
        {"2015-05-09", N, "", "two decades", U, "P20Y"},
        {"2015-05-09", N, "", "the past three months", U, "P3M"},
        {"2015-05-09", N, "", "the first nine months", U, "P9M"},
        {"2015-05-09", N, "", "twenty-four hours", U, "PT24H"},
        {"2015-05-09", N, "", "less than 90 seconds", U, "PT90S"},
        {"2015-05-09", N, "", "five-year", U, "P5Y"},
        {"2015-05-09", N, "", "nine-hour", U, "PT9H"},
        {"2015-05-09", N, "", "52-week", U, "P52W"},
        {"2015-05-09", N, "", "2 1/2 years", U, "P2Y6M"},
        {"2015-05-09", N, "", "a few days", U, "PXD"},
        {"2015-05-09", N, "", "years", U, "PXY"},
        {"2015-05-09", N, "", "recent months", U, "PXM"},
        {"2015-05-09", N, "", "day-long", U, "P1D"},
        {"2015-05-09", N, "", "a month or two", U, "P1M"},
        {"2015-05-09", N, "", "the past two quarters", U, "P2Q"},
        {"2015-05-09", N, "", "a day and a half", U, "P1DT12H"},
        {"2015-05-09", N, "", "a minute and a half", U, "PT1M30S"},
        {"2015-05-09", N, "", "weeks or months", U, "PXW"},
        {"1989-10-26", N, "1989-Q3", "the year-earlier nine months", U, "P9M"},
    };
    CHECK(cases);
}

/* Values whose numbers are wider or narrower than their fields, written
 * as snprintf's "%04d", "%03d", "%02d" and "%d" write them: a year past
 * 9999 or before 1000, a decade and a century before 1000, a day of three
 * digits, the largest quantity; and numeric dates read as sscanf reads
 * them. */
static void test_value_digits(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "8000 years later", D, "10015"},
        {"2015-05-09", N, "", "1500 years ago", D, "0515"},
        {"2015-05-09", N, "", "150 decades ago", D, "051"},
        {"2015-05-09", N, "", "15 centuries ago", D, "05"},
        {"2015-05-09", N, "", "1990 days ago", D, "2009-11-26"},
        {"2015-05-09", N, "", "the 100th", D, "XXXX-XX-100"},
        {"2015-05-09", N, "", "2147483647 days", U, "P2147483647D"},
        {"2015-05-09", N, "", "7 p.m.", T, "2015-05-09T19:00"},
        {"2015-05-09", N, "", "1996-8-3", D, "1996-08-03"},
        {"2015-05-09", N, "", "0999-01-01", D, "0999-01-01"},
        {"2015-05-09", N, "", "1996-08-30", D, "1996-08-30"},
        {"2015-05-09", N, "", "12/31/1999", D, "1999-12-31"},
        {"", N, "", "Jan. 5", D, "XXXX-01-05"},
    };
    CHECK(cases);
}

/* The values written without nt_sfmt and the numbers read without strtol,
 * at the edges where they hand over to them: a day or a quantity past four
 * digits, a number past long's range, a minute after a sign. */
static void test_value_edges(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "May 123rd", D, "2015-05-123"},
        {"", N, "", "May 100th", D, "XXXX-05-100"},
        {"2015-05-09", N, "", "9999 hours", U, "PT9999H"},
        {"2015-05-09", N, "", "10000 hours", U, "PT10000H"},
        {"2015-05-09", N, "", "999 decades", U, "P9990Y"},
        {"2015-05-09", N, "", "1000 decades", U, "P10000Y"},
        {"2015-05-09", N, "", "99999999999999999999 days", U, "PXD"},
        {"2015-05-09", N, "", "1234567890123456789 minutes", U, "PT2112454933M"},
        {"2015-05-09", N, "", "99999999999999999999:30", T, "2015-05-09T20:30"},
        {"2015-05-09", N, "", "10:+5", T, "2015-05-09T10:05"},
        {"2015-05-09", N, "", "10:5", T, "2015-05-09T10:05"},
        {"2015-05-09", N, "", "12.30 pm", T, "2015-05-09T12:30"},
        {"2015-05-09", N, "", "tonight", T, "2015-05-09TNI"},
        {"", N, "", "the morning", T, "XXXX-XX-XXTMO"},
        {"2015-05-09", N, "", "now", D, "PRESENT_REF"},
        {"2015-05-09", N, "", "1500 years ago", D, "0515"},
    };
    CHECK(cases);
}

/* Anchors in the forms read without sscanf ("1998-10-23", "1989-Q3",
 * "1989-H2", "1989-10", "1989") and in others, which sscanf reads or
 * refuses as before. */
static void test_anchor_forms(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", P, "1998-10-23", "a year earlier", D, "1997-10-23"},
        {"2015-05-09", P, "1989-Q3", "a year earlier", D, "1988-Q3"},
        {"2015-05-09", P, "1989-H2", "a year earlier", D, "1988-H2"},
        {"2015-05-09", P, "1989-10", "a year earlier", D, "1988-10"},
        {"2015-05-09", P, "1989", "a year earlier", D, "1988"},
        {"2015-05-09", P, "0000", "a year earlier", D, "XXXX"},
        {"2015-05-09", P, "1998-1-23", "a year earlier", D, "1997-01-23"},
        {"2015-05-09", P, "1998-10-3", "a year earlier", D, "1997-10-03"},
        {"2015-05-09", P, "1998-10-99", "a year earlier", D, "1997-10-31"},
        {"2015-05-09", P, "1989-13", "a year earlier", D, "2014"},
        {"2015-05-09", P, "1989-Q0", "a year earlier", D, "2014"},
        {"2015-05-09", P, "1989-Q3x", "a year earlier", D, "2014"},
        {"2015-05-09", P, "1998-10-23x", "a year earlier", D, "2014"},
        {"2015-05-09", P, "1989-W12", "a year earlier", D, "2014"},
        {"2015-05-09", P, "10015", "a year earlier", D, "2014"},
        {"2015-05-09", P, "1998-10", "that same day", D, "1998-10-XX"},
    };
    CHECK(cases);
}

/* Holidays found in any case, inside a longer word and past the words
 * split reads (MAX_WORDS), and the hyphen of "the year-ago quarter" seen,
 * also past those words. */
static void test_holiday_letters(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "prechristmas", D, "2015-12-25"},
        {"2015-05-09", N, "", "CHRISTMAS EVE", D, "2015-12-24"},
        {"2015-05-09", N, "", "new year\xE2\x80\x99s eve", D, "2015-01-01"},
        {"2015-05-09", N, "", "Labour Day", D, "2015-09-07"},
        {"2015-05-09", N, "", "Easter Monday", D, "2015-04-06"},
        {"2015-05-09", N, "", "x-mas", D, "XXXX-XX-XX"},
        {"2015-05-09", N, "", "tuesday", D, "2015-05-05"},
        {"2015-05-09", N, "",
         "a b c d e f g h i j k l m n o p q r s t u v w x y easter", D, "2015-04-05"},
    };
    CHECK(cases);
    static const char *const spans[][2] = {
        {"the year ago quarter b c d e f g h i j k l m n o p q r s t u x-y", "1997-Q2"},
        {"the year ago quarter b c d e f g h i j k l m n o p q r s t u x y", "1997-Q4"},
        {"the year ago quarter b c d e f g h i j k l m n o p q r s t x-y", "1997-Q2"},
    };
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++) {
        nt_timex_ctx c = {.tense = P, .anchor = "1998-10-23", .qanchor = "1998-Q2"};
        char v[NT_VALUE_MAX];
        assert_int_equal(nt_cal_parse("2015-05-09", &c.ref), 0);
        nt_timex_normalize(spans[i][0], strlen(spans[i][0]), &c, v);
        assert_string_equal(v, spans[i][1]);
    }
}

/* A holiday is looked for only in a span with a word that words[] lacks:
 * a name reached through each kind of such word (one looked up in vain, a
 * number with letters after its digits, a number cut off at WORD_MAX, a
 * '90s), and spans of known words only. */
static void test_holiday_words(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "Labor Day", D, "2015-09-07"},
        {"2015-05-09", N, "", "NEW YEAR", D, "2015-01-01"},
        {"2015-05-09", N, "", "1996christmas", D, "1996-12-25"},
        {"2015-05-09", N, "", "123456789012345678901'schristmas", D, "2015-12-25"},
        {"2015-05-09", N, "", "'96easter", D, "2015-04-05"},
        {"2015-05-09", N, "", "1990s", D, "199"},
        {"2015-05-09", N, "", "the day", D, "2015-05-09"},
        {"2015-05-09", N, "", "last year", D, "2014"},
    };
    CHECK(cases);
}

static void test_sets(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-05-09", N, "", "every Monday", S, "XXXX-WXX-1"},
        {"2015-05-09", N, "", "annually", S, "P1Y"},
        {"2015-05-09", N, "", "each year", S, "P1Y"},
        {"2015-05-09", N, "", "daily", S, "P1D"},
        {"2015-05-09", N, "", "every two years", S, "P2Y"},
        {"2015-05-09", N, "", "twice a day", S, "P1D"},
        {"2015-05-09", N, "", "once a month", S, "P1M"},
        {"2015-05-09", N, "", "each July", S, "XXXX-07"},
    };
    CHECK(cases);
}

/* Builds a tokenized document from text (the caller frees it). */
static void make_doc(nt_doc *d, const char *text)
{
    nt_doc_init(d);
    nt_doc_set_text(d, "t", nt_xstrdup(text), strlen(text));
    nt_tokenize(d->clean, d->len, &d->toks);
}

/* The token index of the first occurrence of word in d. */
static size_t tok_of(const nt_doc *d, const char *word)
{
    const char *p = strstr(d->text, word);
    assert_non_null(p);
    for (size_t k = 0; k < d->toks.n; k++)
        if (d->toks.v[k].start == (size_t)(p - d->text))
            return k;
    fail_msg("no token at '%s'", word);
    return 0;
}

static void test_tense(void **state)
{
    (void)state;
    static const struct {
        const char *text, *at;
        nt_tense want;
    } cases[] = {
        {"The minister said Wednesday that talks failed.", "Wednesday", P},
        {"The minister said it will meet Friday.", "Friday", F},
        {"The talks are due to end Friday.", "Friday", F},
        {"They met on Tuesday in Brussels.", "Tuesday", P},
        {"Talks continue until Friday.", "Friday", F},
        {"On Friday, the company said it will raise prices.", "Friday", N},
        {"Prices rose. On Friday the market opens.", "Friday", F}, /* not "rose" */
        {"The deal will be completed Friday.", "Friday", F},
        {"He will succeed Davison Feb. 1.", "Feb.", F},
        {"They sought to get around Wednesday's ruling.", "Wednesday", P},
        {"Bombs went off next to the embassy on Friday.", "Friday", P},
        {"The deadline is Friday.", "Friday", F},
        /* names ending in -ed are no verbs */
        {"He will be traveling to the United States Thursday.", "Thursday", F},
        {"The offer had been due to expire Friday.", "Friday", P},
        {"She planned to reopen on Tuesday.", "Tuesday", F},
        {"On Friday, the government planned to pay.", "Friday", P},
        {"The agency set Friday as the deadline.", "Friday", P},
        {"The talks are set for Friday.", "Friday", F},
        {"The split would be paid in January.", "January", F},
        {"He has been missing since the Oct. 23 slaying.", "Oct.", P},
        {"It created a new office, effective Feb. 1.", "Feb.", F},
        {"The boy could come as early as Tuesday.", "Tuesday", F},
        {"About a hundred marchers on Friday.", "Friday", N},
        {"Consultations begin at Amalienborg on Tuesday.", "Tuesday", F},
        {"The jury announces its awards on Saturday evening.", "Saturday", F},
        {"He and Arafat meet separately Monday.", "Monday", F},
        {"Both sides have agreed to meet on Friday.", "Friday", F},
        {"Until Thursday, they had not called him a suspect.", "Thursday", P},
        {"Up until Thursday, they had called him a witness.", "Thursday", P},
        {"Talks go on until Friday, when they had hoped to end.", "Friday", F},
        /* cue words in any case; "Planned" a plan, no -ed verb */
        {"The talks WILL end Friday.", "Friday", F},
        {"Sales Were flat on Friday.", "Friday", P},
        {"He Planned to leave on Tuesday.", "Tuesday", F},
        {"Internationalization happened on Friday.", "Friday", P},
        {"The vote was SCHEDULED for Friday.", "Friday", F},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nt_doc d;
        make_doc(&d, cases[i].text);
        size_t k = tok_of(&d, cases[i].at);
        nt_tense t = nt_timex_tense(&d, k, k);
        if (t != cases[i].want) { /* report them all, then fail */
            print_error("'%s': tense %d, want %d\n", cases[i].text, t,
                        cases[i].want);
            bad++;
        }
        nt_doc_free(&d);
    }
    assert_int_equal(bad, 0);
}

/* Each cue word, in lower and upper case, gives its direction to "They
 * ... on Friday" (the tense scan's first test lets no cue through
 * unlooked-at), and words of a cue's first letter and length, or first
 * letter, length and last letter, give none. */
static void test_cue_words(void **state)
{
    (void)state;
    static const struct {
        const char *w;
        nt_tense want;
    } cases[] = {
        {"will", F}, {"shall", F}, {"would", F}, {"going", F}, {"due", F},
        {"until", F}, {"till", F}, {"scheduled", F}, {"slated", F},
        {"expected", F}, {"expects", F}, {"expect", F}, {"plans", F},
        {"plan", F}, {"planning", F}, {"intends", F}, {"aims", F},
        {"soon", F}, {"next", F}, {"upcoming", F}, {"starting", F},
        {"begins", F}, {"effective", F}, {"is", F}, {"are", F},
        {"before", F}, {"begin", F}, {"starts", F}, {"opens", F},
        {"meet", F}, {"meets", F}, {"resume", F}, {"resumes", F},
        {"convene", F}, {"convenes", F}, {"votes", F}, {"announces", F},
        {"arrive", F}, {"arrives", F}, {"visits", F}, {"hosts", F},
        {"faces", F}, {"plays", F},
        {"was", P}, {"were", P}, {"had", P}, {"did", P}, {"ago", P},
        {"since", P}, {"went", P}, {"came", P}, {"took", P}, {"began", P},
        {"fell", P}, {"rose", P}, {"gave", P}, {"saw", P}, {"ran", P},
        {"spoke", P}, {"became", P}, {"wrote", P}, {"broke", P},
        {"grew", P}, {"knew", P}, {"met", P}, {"made", P}, {"told", P},
        {"left", P}, {"won", P}, {"lost", P}, {"held", P}, {"got", P},
        {"found", P}, {"sold", P}, {"paid", P}, {"fled", P},
        {"struck", P}, {"brought", P}, {"bought", P}, {"led", P},
        {"sent", P}, {"spent", P}, {"set", P}, {"walked", P},
        {"planned", P}, {"internationalized", P},
        /* a cue's first letter and length ("is", "are", "will", "till",
           "fell", "sold"), and its last letter too ("lost", "held") */
        {"in", N}, {"and", N}, {"with", N}, {"that", N}, {"from", N},
        {"sale", N}, {"last", N}, {"hold", N}, {"wed", N}, {"indeed", N},
        {"need", N}, {"hundred", N}, {"agreed", N},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        for (int upper = 0; upper < 2; upper++) {
            char text[64], w[32];
            snprintf(w, sizeof w, "%s", cases[i].w);
            for (char *c = w; upper && *c; c++)
                *c = (char)(*c - 'a' + 'A');
            snprintf(text, sizeof text, "They %s on Friday.", w);
            nt_doc d;
            make_doc(&d, text);
            size_t k = tok_of(&d, "Friday");
            nt_tense t = nt_timex_tense(&d, k, k);
            /* a capitalized -ed word is a name ("United"), no verb */
            nt_tense want = upper && cases[i].want == P && strlen(w) > 4 &&
                                    strcmp(w + strlen(w) - 2, "ED") == 0
                                ? N
                                : cases[i].want;
            if (t != want) {
                print_error("'%s': tense %d, want %d\n", text, t, want);
                bad++;
            }
            nt_doc_free(&d);
        }
    }
    assert_int_equal(bad, 0);
}

/* nt_timex_resolve: types and values of a document's NT_DATE entities,
 * anchors carried from one to the next. */
static void test_resolve(void **state)
{
    (void)state;
    nt_doc d;
    make_doc(&d, "Profit rose in the third quarter from a year earlier.");
    snprintf(d.ref_date, sizeof d.ref_date, "1989-10-25");
    nt_entity e = {.type = NT_DATE, .source = "date_quarter"};
    const char *q = strstr(d.text, "the third quarter");
    e.start = (size_t)(q - d.text);
    e.end = e.start + strlen("the third quarter");
    nt_entities_push(&d.ents, &e);
    const char *y = strstr(d.text, "a year earlier");
    e.start = (size_t)(y - d.text);
    e.end = e.start + strlen("a year earlier");
    e.source = "date_ago";
    nt_entities_push(&d.ents, &e);
    e = (nt_entity){.type = NT_PERSON, .start = 0, .end = 6, .source = "x"};
    nt_entities_push(&d.ents, &e);
    nt_timex_resolve(&d);
    assert_int_equal(d.ents.v[0].timex, NT_TIMEX_DATE);
    assert_string_equal(d.ents.v[0].value, "1989-Q3");
    assert_string_equal(d.ents.v[1].value, "1988-Q3");
    assert_int_equal(d.ents.v[2].timex, NT_TIMEX_NONE);
    assert_string_equal(d.ents.v[2].value, "");
    nt_doc_free(&d);
}

/* Pushes an NT_DATE entity over the first occurrence of span in d. */
static void push_span(nt_doc *d, const char *span, const char *source)
{
    const char *p = strstr(d->text, span);
    assert_non_null(p);
    nt_entity e = {.type = NT_DATE, .source = source,
                   .start = (size_t)(p - d->text)};
    e.end = e.start + strlen(span);
    nt_entities_push(&d->ents, &e);
}

/* "from 6 a.m. on Monday": two expressions, the time on that Monday. */
static void test_time_on_day(void **state)
{
    (void)state;
    nt_doc d;
    make_doc(&d, "Drivers will walk out from 6 a.m. on Monday, the union said.");
    snprintf(d.ref_date, sizeof d.ref_date, "2025-02-20");
    push_span(&d, "6 a.m.", "time_clock");
    push_span(&d, "Monday", "date_weekday");
    nt_timex_resolve(&d);
    assert_string_equal(d.ents.v[1].value, "2025-02-24");
    assert_int_equal(d.ents.v[0].timex, NT_TIMEX_TIME);
    assert_string_equal(d.ents.v[0].value, "2025-02-24T06:00");
    nt_doc_free(&d);
}

/* Pushes an entity of type t over the first occurrence of span in d. */
static void push_entity(nt_doc *d, nt_type t, const char *span,
                        const char *source)
{
    push_span(d, span, source);
    d->ents.v[d->ents.n - 1].type = t;
}

/* Spans read again are read from the readings kept by their bytes: each
 * gives what it gave the first time, among more spans than there are
 * places (each pushes out another), spans that begin alike ("May",
 * "May 9", "seventeen days" and "seventeen weeks", which differ in their
 * second eight bytes), that differ in case, of 16 bytes ("seventeen
 * months") and too long to be kept. */
static void test_kept_readings(void **state)
{
    (void)state;
    static const xcase cases[] = {
        {"2015-06-01", N, "", "May", D, "2015-05"},
        {"2015-06-01", N, "", "May 9", D, "2015-05-09"},
        {"2015-06-01", N, "", "MAY 9", D, "2015-05-09"},
        {"2015-06-01", N, "", "may 9", D, "2015-05-09"},
        {"2015-06-01", N, "", "the first quarter of 1990", D, "1990-Q1"},
        {"", N, "", "seventeen days", U, "P17D"},
        {"", N, "", "seventeen weeks", U, "P17W"},
        {"", N, "", "seventeen months", U, "P17M"},
    };
    for (int round = 0; round < 2; round++) {
        CHECK(cases);
        for (int k = 1; k <= 600; k++) {
            char span[32], want[32];
            snprintf(span, sizeof span, "%d days", k);
            snprintf(want, sizeof want, "P%dD", k);
            xcase c = {"", N, "", span, U, want};
            check(&c, 1);
        }
        for (int y = 1000; y <= 2999; y++) { /* alike in their first 8 bytes */
            char span[32], want[32];
            snprintf(span, sizeof span, "the year %d", y);
            snprintf(want, sizeof want, "%d", y);
            xcase c = {"", N, "", span, D, want};
            check(&c, 1);
        }
    }
}

/* Spans read in place in a document's text, whose bytes go on past a
 * span's end: a word ends with its span ("last year" of "last yearly"),
 * uppercase words are lowercased, a word of 15 bytes and one of 16 or
 * more, an apostrophe and a UTF-8 apostrophe, words before a parenthesis
 * and a comma. */
static void test_span_in_text(void **state)
{
    (void)state;
    static const struct {
        const char *text, *span, *source;
        nt_timex type;
        const char *value;
    } cases[] = {
        {"Sales fell last yearly, it said.", "last year", "date_relative", D, "2014"},
        {"Sales fell LAST YEAR, it said.", "LAST YEAR", "date_relative", D, "2014"},
        {"It opens MAY 9TH.", "MAY 9", "date_md", D, "2015-05-09"},
        {"It ran 10 monthsabcdefghijklmnop.", "10 months", "dur_units", U, "P10M"},
        {"It ran 10 MONTHS(abc).", "10 MONTHS", "dur_units", U, "P10M"},
        {"the fifteenbyteswd year, it said", "the fifteenbyteswd year", "date_relative", D, "2015"},
        {"the sixteenbytesword year, it said", "the sixteenbytesword year", "date_relative", D, "2015"},
        {"Tuesday's vote was held", "Tuesday's", "date_weekday", D, "2015-05-05"},
        {"Tuesday\xE2\x80\x99s vote was held", "Tuesday\xE2\x80\x99s", "date_weekday", D, "2015-05-05"},
        {"It was 3 p.m.,Monday", "3 p.m.", "time_clock", T, "2015-05-09T15:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nt_doc d;
        make_doc(&d, cases[i].text);
        snprintf(d.ref_date, sizeof d.ref_date, "2015-05-09");
        push_span(&d, cases[i].span, cases[i].source);
        nt_timex_resolve(&d);
        if (d.ents.v[0].timex != cases[i].type ||
            strcmp(d.ents.v[0].value, cases[i].value) != 0)
            fail_msg("'%s' in '%s': got %s %s, want %s %s", cases[i].span,
                     cases[i].text, nt_timex_name(d.ents.v[0].timex),
                     d.ents.v[0].value, nt_timex_name(cases[i].type),
                     cases[i].value);
        nt_doc_free(&d);
    }
}

/* An article's expressions among other entities: each found from its own
 * tokens however far it lies from the one before, a pair of neighbouring
 * expressions late in it still read together ("6 a.m. on Monday"), and the
 * rule's name giving a family by its first four bytes only. */
static void test_resolve_many(void **state)
{
    (void)state;
    nt_doc d;
    make_doc(&d, "Smith met Jones on Tuesday in Paris, and Brown and Green "
                 "saw Black in Rome. Workers walk out from 6 a.m. on Monday, "
                 "White said, for a year, a year, a year and a year.");
    snprintf(d.ref_date, sizeof d.ref_date, "2025-02-20");
    push_entity(&d, NT_PERSON, "Smith", "x");
    push_entity(&d, NT_PERSON, "Jones", "x");
    push_span(&d, "Tuesday", "date_weekday");
    push_entity(&d, NT_LOCATION, "Paris", "x");
    push_entity(&d, NT_PERSON, "Brown", "x");
    push_entity(&d, NT_PERSON, "Green", "x");
    push_entity(&d, NT_PERSON, "Black", "x");
    push_entity(&d, NT_LOCATION, "Rome", "x");
    push_span(&d, "6 a.m.", "time_clock");
    push_span(&d, "Monday", "date_weekday");
    push_entity(&d, NT_PERSON, "White", NULL);
    const char *y = strstr(d.text, "a year");
    static const char *const sources[] = {"set_every", "se", "set", NULL};
    for (size_t i = 0; i < 4; i++, y = strstr(y + 1, "a year")) {
        nt_entity e = {.type = NT_DATE, .source = sources[i],
                       .start = (size_t)(y - d.text)};
        e.end = e.start + strlen("a year");
        nt_entities_push(&d.ents, &e);
    }
    nt_timex_resolve(&d);
    assert_string_equal(d.ents.v[2].value, "2025-02-18");
    assert_int_equal(d.ents.v[3].timex, NT_TIMEX_NONE);
    assert_string_equal(d.ents.v[9].value, "2025-02-17"); /* "said" */
    assert_string_equal(d.ents.v[8].value, "2025-02-17T06:00");
    assert_int_equal(d.ents.v[10].timex, NT_TIMEX_NONE);
    assert_int_equal(d.ents.v[11].timex, NT_TIMEX_SET);
    for (size_t i = 12; i < 15; i++) {
        assert_int_equal(d.ents.v[i].timex, NT_TIMEX_DURATION);
        assert_string_equal(d.ents.v[i].value, "P1Y");
    }
    nt_doc_free(&d);
}

/* The shipped rules with the normalizer: each sentence, annotated with
 * data/ against its reference date, has a time expression of exactly that
 * span, type and value; with type NT_TIMEX_NONE, none over that span. */
typedef struct {
    const char *ref, *text, *span;
    nt_timex type;
    const char *value;
} scase;

/* Whether d has a time expression over exactly span (with type and value
 * unless type is NT_TIMEX_NONE). */
static int has_timex(const nt_doc *d, const scase *c)
{
    size_t n = strlen(c->span);
    for (size_t k = 0; k < d->ents.n; k++) {
        const nt_entity *e = &d->ents.v[k];
        if (e->type == NT_DATE && e->end - e->start == n &&
            memcmp(d->text + e->start, c->span, n) == 0 &&
            (c->type == NT_TIMEX_NONE ||
             (e->timex == c->type && strcmp(e->value, c->value) == 0)))
            return 1;
    }
    return 0;
}

static void check_shipped(const scase *c, size_t n)
{
    nt_error err = {{0}};
    nt_extractor *x = nt_extractor_load("data", &err);
    if (!x) {
        print_message("skipped: data/ does not load: %s\n", err.msg);
        skip();
    }
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        nt_doc d;
        nt_doc_init(&d);
        nt_doc_set_text(&d, "t", nt_xstrdup(c[i].text), strlen(c[i].text));
        snprintf(d.ref_date, sizeof d.ref_date, "%s", c[i].ref);
        nt_extract(x, &d);
        if (has_timex(&d, &c[i]) != (c[i].type != NT_TIMEX_NONE)) {
            /* report them all, with what was found, then fail */
            print_error("'%s': want %s %s '%s'\n", c[i].text,
                        c[i].type ? nt_timex_name(c[i].type) : "nothing",
                        c[i].value, c[i].span);
            for (size_t k = 0; k < d.ents.n; k++)
                if (d.ents.v[k].type == NT_DATE)
                    print_error("  got '%.*s' %s %s\n",
                                (int)(d.ents.v[k].end - d.ents.v[k].start),
                                d.text + d.ents.v[k].start,
                                nt_timex_name(d.ents.v[k].timex), d.ents.v[k].value);
            bad++;
        }
        nt_doc_free(&d);
    }
    nt_extractor_free(x);
    assert_int_equal(bad, 0);
}

static void test_shipped_rules(void **state)
{
    (void)state;
    static const scase cases[] = {
        {"1989-10-30", "It fell on Friday Oct. 13 alone.", "Friday Oct. 13", D,
         "1989-10-13"},
        {"1991-02-25", "Then, a week or so ago, he chose.", "a week or so ago", D,
         "1991-W08"},
        {"1999-04-19", "He was shot last Oct. 23 at home.", "last Oct. 23", D,
         "1998-10-23"},
        {"1989-10-26", "Over the next couple of years sales rose.",
         "the next couple of years", U, "P2Y"},
        {"1998-01-14", "But a minute and a half later, it fell.",
         "a minute and a half", U, "PT1M30S"},
        {"1989-10-26", "Net rose in the fiscal-first quarter ended Sept. 30.",
         "the fiscal-first quarter", D, "1989-Q1"},
        {"1989-10-26", "Net fell for the last half of 1989.",
         "the last half of 1989", D, "1989-H2"},
        {"1989-11-01", "Net rose in the third quarter from $1.8 million for the "
                       "corresponding period last year.",
         "the corresponding period last year", D, "1988-Q3"},
        {"1989-11-01", "Net rose in the third quarter. Sales for last year's "
                       "quarter were $3 million.",
         "last year's quarter", D, "1988-Q3"},
        {"1989-11-01", "Net rose in the third quarter, from $2 million for the "
                       "quarter a year ago.",
         "the quarter a year ago", D, "1988-Q3"},
        {"1998-02-13", "Flights leave on Tuesday nights.", "Tuesday nights", S,
         "XXXX-WXX-2TNI"},
        {"1998-02-13", "Flights leave on Monday and Tuesday nights.", "Monday",
         S, "XXXX-WXX-1TNI"},
        {"1998-02-13", "They met on Monday and Tuesday.", "Monday", D,
         "1998-02-09"},
        {"1998-03-03", "Numbers dropped through the nineties.", "the nineties",
         D, "199"},
        {"1998-02-19", "He died within weeks or months of his capture.",
         "weeks or months", U, "PXW"},
        {"2000-02-24", "A hearing the week of March 6 may end it.",
         "the week of March 6", D, "2000-W10"},
        {"1998-03-22", "Orangemen march each July through the town.",
         "each July", S, "XXXX-07"},
        {"2000-04-05", "``I am talking about three days'' more or less.",
         "about three days", U, "P3D"},
        {"2000-04-05", "He gave them two weeks' notice.", "two weeks",
         NT_TIMEX_NONE, ""},
        {"2000-04-05", "He will leave Thursday at 4 in the morning.",
         "4 in the morning", T, "2000-04-06T04:00"},
        {"1989-10-30", "Shares fell Friday. Trading was thin in the morning.",
         "the morning", T, "1989-10-27TMO"},
        {"1989-10-30", "Eight days after Oct. 12, the day before the plunge, "
                       "it fell.",
         "the day", D, "1989-10-12"},
        {"1989-10-30", "He left later in the day.", "the day", D, "1989-10-30"},
        {"1990-08-15", "Today is the eighth day of Desert Shield.",
         "the eighth day", D, "1990-08-15"},
        {"1998-03-06", "It's the second day of an offensive.", "the second day",
         D, "1998-03-06"},
        {"1998-03-06", "Friday was the third day of talks.", "the third day",
         NT_TIMEX_NONE, ""},
        {"1998-11-21", "He was shot on Friday, Oct. 23. Two men came to his "
                       "house the day after his death.",
         "the day", D, "1998-10-24"},
        {"2000-02-24", "The day before last Tuesday's hearing, he went home.",
         "The day", D, "2000-02-21"},
        {"1998-08-17", "She flies to Nairobi on Friday and later in the day "
                       "before returning goes home.",
         "the day", D, "1998-08-17"}, /* "before" opens a clause */
        {"1989-10-26", "Net for the year-earlier nine months included a gain.",
         "the year-earlier nine months", U, "P9M"},
        {"1998-03-03", "Islam will one day be the second largest religion.",
         "one day", D, "FUTURE_REF"},
        {"1998-03-03", "He could some day win.", "some day", D, "FUTURE_REF"},
        {"1998-03-03", "The strike lasted one day.", "one day", U, "P1D"},
        /* "the year": the calendar year, or a stretch of a year */
        {"1989-10-30", "The stock hit a high for the year in June.", "the year",
         D, "1989"},
        {"1989-11-02", "Net rose 8% for the year ended Sept. 30.", "the year", U,
         "P1Y"},
        {"1989-10-26", "Profit should rise throughout the fiscal year.",
         "the fiscal year", U, "P1Y"},
        /* titles are no times */
        {"1990-08-13", "Baker, speaking on ABC's \"This Week,\" said so.",
         "This Week", NT_TIMEX_NONE, ""},
        {"2000-04-17", "Gonzalez said on CBS's ''60 Minutes.''", "60 Minutes",
         NT_TIMEX_NONE, ""},
        {"1990-08-13", "\"This week was hard,\" he said.", "This week", D,
         "1990-W33"},
        {"1999-01-22", "He marched in the annual March for Life.", "March",
         NT_TIMEX_NONE, ""},
        {"1998-03-31", "This is VOA Today.", "Today", NT_TIMEX_NONE, ""},
        {"1998-03-31", "Today it rose.", "Today", D, "1998-03-31"},
        {"1999-01-22", "The vote is due in March of this year.",
         "March of this year", D, "1999-03"},
    };
    check_shipped(cases, sizeof cases / sizeof *cases);
}

/* Normalizes span at its first occurrence in d's text, against
 * 2025-02-19 (a Wednesday), with the context read off d as needed
 * (ctx.doc); *known: what was read. */
static void lazy_value(const nt_doc *d, const char *span, nt_timex hint,
                       const char *anchor, char v[NT_VALUE_MAX],
                       unsigned *known)
{
    const char *p = strstr(d->text, span);
    assert_non_null(p);
    nt_timex_ctx c = {.anchor = anchor, .hint = hint, .doc = d,
                      .start = (size_t)(p - d->text)};
    c.end = c.start + strlen(span);
    assert_int_equal(nt_cal_parse("2025-02-19", &c.ref), 0);
    nt_timex_normalize(span, strlen(span), &c, v);
    *known = c.known;
    if (*known) /* the tokens were looked for: from is the first */
        assert_int_equal(c.from, tok_of(d, span));
}

/* A context with a document: the tense, a stretch ("the year ended") and
 * a day beside the anchor ("the day after") read off its tokens, and only
 * for a value that needs them. */
static void test_lazy_context(void **state)
{
    (void)state;
    static const struct {
        const char *text, *span, *anchor, *value;
        int reads; /* whether the value needs the sentence */
        nt_timex hint;
    } cases[] = {
        {"The talks will resume on Friday.", "Friday", "", "2025-02-21", 1, 0},
        {"The talks were held on Friday.", "Friday", "", "2025-02-14", 1, 0},
        {"Sales were flat in September.", "September", "", "2024-09", 1, 0},
        {"Sales will be flat in August.", "August", "", "2025-08", 1, 0},
        {"Profit rose in the year ended Sept. 30.", "the year", "", "P1Y", 1, 0},
        {"He left the day after the vote.", "the day", "2025-02-10",
         "2025-02-11", 1, 0},
        {"The project was planned one day.", "one day", "", "PAST_REF", 1, D},
        {"The project will be done one day.", "one day", "", "FUTURE_REF", 1, D},
        /* none of these asks */
        {"Sales were flat in 1990.", "1990", "", "1990", 0, 0},
        {"The talks were held for two weeks.", "two weeks", "", "P2W", 0, 0},
        {"Sales were flat last year.", "last year", "", "2024", 0, 0},
        {"Sales were flat in February.", "February", "", "2025-02", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nt_doc d;
        char v[NT_VALUE_MAX];
        unsigned known;
        make_doc(&d, cases[i].text);
        lazy_value(&d, cases[i].span, cases[i].hint, cases[i].anchor, v, &known);
        if (strcmp(v, cases[i].value) != 0 || (known != 0) != cases[i].reads)
            fail_msg("'%s': %s, read %u; want %s, %s", cases[i].text, v, known,
                     cases[i].value, cases[i].reads ? "read" : "none read");
        nt_doc_free(&d);
    }
}

/* A long article: each expression resolved from its own tokens whatever
 * the gap to the one before (0 to 70 words: the search for its first
 * token steps 1, 2, 4... words), and runs of neighbouring expressions
 * apart from each other ("6 a.m. on Monday") each read together. */
static void test_resolve_far(void **state)
{
    (void)state;
    nt_buf b;
    nt_buf_init(&b);
    static const int gaps[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31,
                               32, 33, 63, 64, 65, 1, 0, 70, 2};
    enum { NG = sizeof gaps / sizeof *gaps };
    size_t at[NG];
    for (size_t i = 0; i < NG; i++) {
        for (int g = 0; g < gaps[i]; g++)
            nt_buf_puts(&b, g % 7 == 6 ? "Smith. " : "word ");
        nt_buf_puts(&b, i % 2 ? "It will meet " : "It met ");
        at[i] = b.len;
        nt_buf_puts(&b, "Friday. ");
    }
    nt_buf_puts(&b, "Workers walk out from 6 a.m. on Monday, Jones said. ");
    nt_buf_puts(&b, "Brown left at 9 p.m. on Tuesday.");
    nt_doc d;
    nt_doc_init(&d);
    nt_doc_set_text(&d, "t", nt_xstrndup(b.data, b.len), b.len);
    nt_tokenize(d.clean, d.len, &d.toks);
    snprintf(d.ref_date, sizeof d.ref_date, "2025-02-19");
    for (size_t i = 0; i < NG; i++) {
        nt_entity e = {.type = NT_DATE, .source = "date_weekday",
                       .start = at[i], .end = at[i] + 6};
        nt_entities_push(&d.ents, &e);
    }
    push_span(&d, "6 a.m.", "time_clock");
    push_span(&d, "Monday", "date_weekday");
    push_entity(&d, NT_PERSON, "Jones", "x");
    push_entity(&d, NT_PERSON, "Brown", "x");
    push_span(&d, "9 p.m.", "time_clock");
    push_span(&d, "Tuesday", "date_weekday");
    nt_timex_resolve(&d);
    for (size_t i = 0; i < NG; i++)
        assert_string_equal(d.ents.v[i].value,
                            i % 2 ? "2025-02-21" : "2025-02-14");
    assert_string_equal(d.ents.v[NG].value, "2025-02-17T06:00");
    assert_string_equal(d.ents.v[NG + 4].value, "2025-02-18T21:00");
    nt_buf_free(&b);
    nt_doc_free(&d);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(nt_timex_name(NT_TIMEX_DATE), "DATE");
    assert_string_equal(nt_timex_name(NT_TIMEX_TIME), "TIME");
    assert_string_equal(nt_timex_name(NT_TIMEX_DURATION), "DURATION");
    assert_string_equal(nt_timex_name(NT_TIMEX_SET), "SET");
    assert_string_equal(nt_timex_name(NT_TIMEX_NONE), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar_dates),
        cmocka_unit_test(test_relative_dates),
        cmocka_unit_test(test_quarters_anchors),
        cmocka_unit_test(test_quarter_report),
        cmocka_unit_test(test_beside),
        cmocka_unit_test(test_span_words),
        cmocka_unit_test(test_holidays),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_value_digits),
        cmocka_unit_test(test_value_edges),
        cmocka_unit_test(test_anchor_forms),
        cmocka_unit_test(test_holiday_letters),
        cmocka_unit_test(test_holiday_words),
        cmocka_unit_test(test_span_in_text),
        cmocka_unit_test(test_kept_readings),
        cmocka_unit_test(test_sets),
        cmocka_unit_test(test_tense),
        cmocka_unit_test(test_cue_words),
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_resolve_many),
        cmocka_unit_test(test_time_on_day),
        cmocka_unit_test(test_lazy_context),
        cmocka_unit_test(test_resolve_far),
        cmocka_unit_test(test_shipped_rules),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
