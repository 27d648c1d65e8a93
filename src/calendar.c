/* calendar.c - proleptic Gregorian date arithmetic (Howard Hinnant's
 * days-from-civil algorithms), ISO weeks and a few movable feasts. */
#include "calendar.h"

#include <stdlib.h>

long nt_cal_days(nt_ymd t)
{
    long y = t.y - (t.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (t.m + (t.m > 2 ? -3 : 9)) + 2) / 5 + t.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

nt_ymd nt_cal_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (nt_ymd){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

int nt_cal_weekday(nt_ymd t)
{
    long z = nt_cal_days(t); /* 1970-01-01 was a Thursday (4) */
    long w = (z + 3) % 7;
    return (int)(w < 0 ? w + 7 : w) + 1;
}

int nt_cal_isoweek(nt_ymd t, int *wy)
{
    long z = nt_cal_days(t);
    long thursday = z - nt_cal_weekday(t) + 4; /* the week's Thursday */
    nt_ymd th = nt_cal_from_days(thursday);
    long jan1 = nt_cal_days((nt_ymd){th.y, 1, 1});
    *wy = th.y;
    return (int)((thursday - jan1) / 7 + 1);
}

nt_ymd nt_cal_add_days(nt_ymd t, long n)
{
    return nt_cal_from_days(nt_cal_days(t) + n);
}

int nt_cal_month_days(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : len[(m - 1) % 12];
}

nt_ymd nt_cal_add_months(nt_ymd t, int n)
{
    long k = (long)t.y * 12 + (t.m - 1) + n;
    nt_ymd r = {(int)(k / 12), (int)(k % 12) + 1, t.d};
    if (r.d > nt_cal_month_days(r.y, r.m))
        r.d = nt_cal_month_days(r.y, r.m);
    return r;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int nt_cal_parse(const char *s, nt_ymd *t)
{
    int y = digits(s, 4), m, d;
    if (y < 1 || s[4] != '-' || (m = digits(s + 5, 2)) < 1 || m > 12 ||
        s[7] != '-' || (d = digits(s + 8, 2)) < 1 || s[10] != '\0' ||
        d > nt_cal_month_days(y, m))
        return -1;
    *t = (nt_ymd){y, m, d};
    return 0;
}

nt_ymd nt_cal_nth_weekday(int y, int m, int wd, int n)
{
    if (n < 0) {
        nt_ymd last = {y, m, nt_cal_month_days(y, m)};
        return nt_cal_add_days(last, -((nt_cal_weekday(last) - wd + 7) % 7));
    }
    nt_ymd first = {y, m, 1};
    return nt_cal_add_days(first, (wd - nt_cal_weekday(first) + 7) % 7 +
                                      7L * (n - 1));
}

nt_ymd nt_cal_easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    return (nt_ymd){y, month, (h + l - 7 * m + 114) % 31 + 1};
}

nt_ymd nt_cal_lunar_new_year(int y)
{
    /* month * 100 + day, from 1990 */
    static const short first[] = {
        127, 215, 204, 123, 210, 131, 219, 207, 128, 216, /* 1990 */
        205, 124, 212, 201, 122, 209, 129, 218, 207, 126, /* 2000 */
        214, 203, 123, 210, 131, 219, 208, 128, 216, 205, /* 2010 */
        125, 212, 201, 122, 210, 129, 217, 206, 126, 213, /* 2020 */
        203, 123, 211, 131, 219, 208,                     /* 2030 */
    };
    if (y < 1990 || y >= 1990 + (int)(sizeof first / sizeof *first))
        return (nt_ymd){0, 0, 0};
    int md = first[y - 1990];
    return (nt_ymd){y, md / 100, md % 100};
}
