/* clock.c — time, dates and their text forms. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "clock.h"

static _Atomic int64_t pinned;

int64_t clock_now(void)
{
    int64_t p = atomic_load(&pinned);
    return p ? p : (int64_t)time(NULL);
}

void clock_set(int64_t t) { atomic_store(&pinned, t); }

void clock_today(char buf[11])
{
    time_t t = (time_t)clock_now();
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

void clock_iso(int64_t t, char buf[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) < 10)
        return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return false;
        } else if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*y < 1900 || *m < 1 || *m > 12 || *d < 1)
        return false;
    int max = mdays[*m - 1] + (*m == 2 && leap(*y));
    return *d <= max;
}

bool date_valid(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && parse_date(s, &y, &m, &d);
}

int date_months_between(const char *a, const char *b)
{
    int ya, ma, da, yb, mb, db;
    if (!parse_date(a, &ya, &ma, &da) || !parse_date(b, &yb, &mb, &db))
        return 0;
    int months = (yb - ya) * 12 + (mb - ma);
    if (db < da)
        months--;
    return months;
}

bool clock_parse_iso(const char *s, int64_t *out)
{
    int y, m, d, H = 0, M = 0, S = 0;
    if (!s || !parse_date(s, &y, &m, &d))
        return false;
    size_t n = strlen(s);
    if (n != 10) {
        if (n != 20 || s[10] != 'T' || s[19] != 'Z' ||
            sscanf(s + 11, "%2d:%2d:%2d", &H, &M, &S) != 3 || H > 23 || M > 59 || S > 60)
            return false;
    }
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
                    .tm_hour = H, .tm_min = M, .tm_sec = S};
    *out = (int64_t)timegm(&tm);
    return true;
}
