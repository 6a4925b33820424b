/* embedded.h — files compiled into the binary by tools/embed.c. */
#ifndef SG_EMBEDDED_H
#define SG_EMBEDDED_H
#include <stddef.h>

typedef struct {
    const char *name;   /* path below its folder, e.g. "0001_init.sql" */
    const char *data;   /* NUL-terminated */
    size_t len;
} sg_embedded;

/* src/store/migrations/, sorted by name. */
extern const sg_embedded sg_migrations[];
extern const int sg_migrations_count;

/* web/static/: the browser UI. */
extern const sg_embedded sg_web[];
extern const int sg_web_count;

#endif
