/* clock.h — the only source of time (DESIGN "Time"). Unit tests set it;
 * black-box tests run the binary under faketime. */
#ifndef SG_CLOCK_H
#define SG_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

/* Unix seconds, UTC. */
int64_t clock_now(void);
/* Unit tests only: pin the clock (0 releases it). */
void clock_set(int64_t unix_seconds);
/* Today's local calendar date as "YYYY-MM-DD" into buf (>= 11 bytes). */
void clock_today(char buf[11]);
/* Format an instant as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ" (buf >= 21). */
void clock_iso(int64_t t, char buf[21]);
/* Parse ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (midnight UTC). */
bool clock_parse_iso(const char *s, int64_t *out);
/* True when s is a real calendar date written "YYYY-MM-DD". */
bool date_valid(const char *s);
/* Whole months from date a to date b (both valid), floor. */
int date_months_between(const char *a, const char *b);
#endif
