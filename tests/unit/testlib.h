/* testlib.h — what every cmocka unit test includes.
 *
 * Tests that touch the store run on SQLite (a fresh file in a temp
 * directory) and, when SG_TEST_PG holds a PostgreSQL URL (make check always
 * sets one through scripts/with-pg.sh), on a fresh PostgreSQL database too. */
#ifndef SG_TESTLIB_H
#define SG_TESTLIB_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh temporary directory; caller frees the string. */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/sgtest.XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

/* The PostgreSQL URL for this run, or NULL. */
static inline const char *test_pg_url(void)
{
    const char *u = getenv("SG_TEST_PG");
    return (u && *u) ? u : NULL;
}
#endif
