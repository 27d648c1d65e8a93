/* test_calendar.c - day numbers, weekdays, ISO weeks, month arithmetic,
 * date parsing and movable feasts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "calendar.h"

static void assert_ymd(nt_ymd t, int y, int m, int d)
{
    assert_int_equal(t.y, y);
    assert_int_equal(t.m, m);
    assert_int_equal(t.d, d);
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(nt_cal_days((nt_ymd){1970, 1, 1}), 0);
    assert_int_equal(nt_cal_days((nt_ymd){2000, 3, 1}), 11017);
    assert_ymd(nt_cal_from_days(11017), 2000, 3, 1);
    assert_ymd(nt_cal_add_days((nt_ymd){2024, 2, 28}, 1), 2024, 2, 29);
    assert_ymd(nt_cal_add_days((nt_ymd){2023, 12, 31}, 1), 2024, 1, 1);
    assert_ymd(nt_cal_add_days((nt_ymd){1900, 3, 1}, -1), 1900, 2, 28);
}

static void test_weekdays_weeks(void **state)
{
    (void)state;
    int wy;
    assert_int_equal(nt_cal_weekday((nt_ymd){2015, 5, 9}), 6); /* Saturday */
    assert_int_equal(nt_cal_weekday((nt_ymd){1970, 1, 1}), 4);
    assert_int_equal(nt_cal_isoweek((nt_ymd){2024, 6, 10}, &wy), 24);
    assert_int_equal(wy, 2024);
    assert_int_equal(nt_cal_isoweek((nt_ymd){2021, 1, 1}, &wy), 53);
    assert_int_equal(wy, 2020);
    assert_int_equal(nt_cal_isoweek((nt_ymd){2024, 12, 30}, &wy), 1);
    assert_int_equal(wy, 2025);
}

static void test_months(void **state)
{
    (void)state;
    assert_ymd(nt_cal_add_months((nt_ymd){2015, 1, 31}, 1), 2015, 2, 28);
    assert_ymd(nt_cal_add_months((nt_ymd){2015, 1, 15}, -1), 2014, 12, 15);
    assert_ymd(nt_cal_add_months((nt_ymd){2015, 5, 9}, -120), 2005, 5, 9);
    assert_int_equal(nt_cal_month_days(2000, 2), 29);
    assert_int_equal(nt_cal_month_days(1900, 2), 28);
}

static void test_parse(void **state)
{
    (void)state;
    nt_ymd t;
    assert_int_equal(nt_cal_parse("2015-05-09", &t), 0);
    assert_ymd(t, 2015, 5, 9);
    assert_int_equal(nt_cal_parse("2015-02-29", &t), -1);
    assert_int_equal(nt_cal_parse("2015-13-01", &t), -1);
    assert_int_equal(nt_cal_parse("2015-5-9", &t), -1);
    assert_int_equal(nt_cal_parse("2015-05-09x", &t), -1);
    assert_int_equal(nt_cal_parse("", &t), -1);
}

static void test_feasts(void **state)
{
    (void)state;
    assert_ymd(nt_cal_easter(2024), 2024, 3, 31);
    assert_ymd(nt_cal_easter(2000), 2000, 4, 23);
    assert_ymd(nt_cal_nth_weekday(2024, 11, 4, 4), 2024, 11, 28); /* Thanksgiving */
    assert_ymd(nt_cal_nth_weekday(2024, 5, 1, -1), 2024, 5, 27);  /* Memorial Day */
    assert_ymd(nt_cal_lunar_new_year(2025), 2025, 1, 29);
    assert_ymd(nt_cal_lunar_new_year(1990), 1990, 1, 27);
    assert_ymd(nt_cal_lunar_new_year(2035), 2035, 2, 8);
    assert_int_equal(nt_cal_lunar_new_year(1989).y, 0); /* outside the table */
    assert_int_equal(nt_cal_lunar_new_year(2036).y, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_weekdays_weeks),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_feasts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
