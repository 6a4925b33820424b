/* ctx.c — failure reports carried by the caller's context. */
#include <stdarg.h>
#include <stdio.h>
#include "ctx.h"

sg_err sg_fail(sg_ctx *cx, sg_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->msg, sizeof cx->msg, fmt, ap);
    va_end(ap);
    cx->field[0] = 0;
    return e;
}

sg_err sg_fail_field(sg_ctx *cx, sg_err e, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->msg, sizeof cx->msg, fmt, ap);
    va_end(ap);
    snprintf(cx->field, sizeof cx->field, "%s", field);
    return e;
}

sg_err sg_store(sg_ctx *cx, sg_err e)
{
    if (e && !cx->msg[0] && cx->db)
        snprintf(cx->msg, sizeof cx->msg, "%s", store_errmsg(cx->db));
    return e;
}

const char *sg_msg(const sg_ctx *cx, sg_err e)
{
    if (cx && cx->msg[0])
        return cx->msg;
    if (cx && cx->db && (e == SG_ESTORE || e == SG_EEXISTS || e == SG_ECONFLICT) &&
        store_errmsg(cx->db)[0])
        return store_errmsg(cx->db);
    return sg_err_default_msg(e);
}

void sg_clear(sg_ctx *cx)
{
    cx->msg[0] = 0;
    cx->field[0] = 0;
    if (cx->err_detail) {
        json_decref(cx->err_detail);
        cx->err_detail = NULL;
    }
}
