/* routes.c — the one route table. Every endpoint is here once; docs/api.md
 * describes each. {id} matches a positive whole number only. */
#include <stdlib.h>
#include <string.h>
#include "../audit/audit_api.h"
#include "../auth/auth_api.h"
#include "../people/people_api.h"
#include "http.h"

static void h_health(sg_req *rq)
{
    reply_json(rq, 200, json_pack("{ss}", "status", "ok"));
}


#define PEOPLE_ROUTES(path, x)                                       \
    {"GET", "/api/v1/" path, h_##x##_list, 0},                       \
    {"POST", "/api/v1/" path, h_##x##_add, R_JSON},                  \
    {"GET", "/api/v1/" path "/{id}", h_##x##_get, 0},                \
    {"PATCH", "/api/v1/" path "/{id}", h_##x##_edit, R_JSON},        \
    {"POST", "/api/v1/" path "/{id}/end", h_##x##_end, R_JSON}

const route http_routes[] = {
    {"GET", "/healthz", h_health, R_PUBLIC},
    {"POST", "/api/v1/login", h_login, R_PUBLIC | R_JSON},
    {"POST", "/api/v1/logout", h_logout, 0},
    {"GET", "/api/v1/me", h_me, 0},
    {"POST", "/api/v1/me/password", h_me_password, R_JSON},
    {"GET", "/api/v1/setting", h_setting_get, 0},
    PEOPLE_ROUTES("rooms", room),
    PEOPLE_ROUTES("adults", adult),
    {"POST", "/api/v1/adults/{id}/password", h_adult_password, R_JSON},
    PEOPLE_ROUTES("children", child),
    {"POST", "/api/v1/children/{id}/parents", h_child_link, R_JSON},
    {"POST", "/api/v1/children/{id}/parents/{id}/end", h_child_unlink, R_JSON},
    PEOPLE_ROUTES("parents", parent),
    {"POST", "/api/v1/import/children", h_import, R_CSV},
    {"POST", "/api/v1/import/staff", h_import, R_CSV},
    {"GET", "/api/v1/audit", h_audit_list, 0},
    {"GET", "/api/v1/audit/verify", h_audit_verify, 0},
    {"POST", "/api/v1/audit/checkpoint", h_audit_checkpoint, R_JSON},
    {"GET", "/api/v1/tokens", h_token_list, 0},
    {"POST", "/api/v1/tokens", h_token_create, R_JSON},
    {"POST", "/api/v1/tokens/{id}/revoke", h_token_revoke, R_JSON},
    {NULL, NULL, NULL, 0},
};

/* Does `path` fit `pattern`? Fills ids for {id} segments. */
static bool fits(const char *pattern, const char *path, int64_t *ids, int *nids)
{
    *nids = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (strncmp(p, "{id}", 4) == 0) {
            if (*s < '1' || *s > '9')
                return false;
            char *end;
            long long v = strtoll(s, &end, 10);
            if (end - s > 18 || *nids >= 4)
                return false;
            ids[(*nids)++] = v;
            s = end;
            p += 4;
        } else if (*p++ != *s++) {
            return false;
        }
    }
    return *p == 0 && *s == 0;
}

const route *http_match(sg_req *rq, bool *path_known)
{
    *path_known = false;
    int64_t ids[4];
    int n;
    for (const route *r = http_routes; r->method; r++) {
        if (!fits(r->pattern, rq->path, ids, &n))
            continue;
        if (strcmp(r->method, rq->method) != 0) {
            *path_known = true;
            continue;
        }
        memcpy(rq->ids, ids, sizeof ids);
        rq->nids = n;
        return r;
    }
    return NULL;
}
