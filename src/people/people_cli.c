/* people_cli.c — `safeguard room|adult|child|parent add|list|show|edit|end`
 * and `safeguard import children|staff`.
 *
 * Flags become record fields: --first-name Amy → "first_name": "Amy";
 * "true"/"false" become booleans, "null" clears a field, fields ending in
 * _id or _months become numbers, and --roles takes a comma-separated list.
 * The area checks them exactly as it checks an API body. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../auth/auth.h"
#include "../core/args.h"
#include "../setup/cli.h"
#include "../setup/setup.h"
#include "people.h"

typedef struct {
    const char *name;
    sg_err (*add)(sg_ctx *, json_t *, json_t **);
    sg_err (*get)(sg_ctx *, int64_t, json_t **);
    sg_err (*list)(sg_ctx *, const people_query *, json_t **);
    sg_err (*edit)(sg_ctx *, int64_t, json_t *, json_t **);
    sg_err (*end)(sg_ctx *, int64_t, json_t *, json_t **);
    const char *plural;
} entity;

static const entity rooms = {"room", room_add, room_get, room_list, room_edit, room_end, "rooms"};
static const entity adults = {"adult", adult_add, adult_get, adult_list, adult_edit, adult_end, "adults"};
static const entity children = {"child", child_add, child_get, child_list, child_edit, child_end, "children"};
static const entity parents = {"parent", parent_add, parent_get, parent_list, parent_edit, parent_end, "parents"};

static const char *const reserved[] = {"data", "as", "json", "id", "include-ended", "q", "date", "link-id", NULL};

static bool is_reserved(const char *k)
{
    for (int i = 0; reserved[i]; i++)
        if (strcmp(reserved[i], k) == 0)
            return true;
    return false;
}

/* The record fields given as flags. */
static json_t *fields_from_flags(const cli_args *a) { return args_to_json(a, reserved); }

static void print_json(json_t *o)
{
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (s)
        puts(s);
    free(s);
}

static const char *str(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* One line per record: what a person scanning a list needs. */
static void print_line(const entity *en, json_t *r)
{
    long long id = (long long)json_integer_value(json_object_get(r, "id"));
    if (en == &rooms) {
        printf("%-5lld %-32s %-12s %lld children%s\n", id, str(r, "name"), str(r, "class"),
               (long long)json_integer_value(json_object_get(r, "children")),
               json_is_null(json_object_get(r, "ended_on")) ? "" : " (closed)");
        return;
    }
    char name[200];
    snprintf(name, sizeof name, "%s %s", str(r, "first_name"), str(r, "last_name"));
    printf("%-5lld %-28s", id, name);
    if (en == &adults) {
        json_t *roles = json_object_get(r, "roles");
        size_t i;
        json_t *x;
        json_array_foreach(roles, i, x) printf("%s%s", i ? "," : "", json_string_value(x));
    } else if (en == &children) {
        printf(" %-10s %-22s key person: %s%s", str(r, "date_of_birth"), str(r, "room_name"), str(r, "key_person_name"),
               json_is_true(json_object_get(r, "looked_after")) ? "  [looked after]" : "");
    } else {
        json_t *kids = json_object_get(r, "children");
        size_t i;
        json_t *x;
        printf(" %-30s", str(r, "email"));
        json_array_foreach(kids, i, x) printf("%s%s", i ? ", " : " parent of ", str(x, "name"));
    }
    if (json_is_true(json_object_get(r, "left")))
        printf("  (left %s)", str(r, "leave_date"));
    putchar('\n');
}

static int run(const entity *en, int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const sw[] = {"json", "include-ended", NULL};
    if (argc < 1)
        return args_report(&ecx, sg_fail(&ecx, SG_EUSAGE, "%s needs add, list, show, edit or end", en->name));
    const char *verb = argv[0];
    sg_err e = args_parse(&ecx, argc - 1, argv + 1, sw, &a);
    if (!e && a.npos)
        e = sg_fail(&ecx, SG_EUSAGE, "unexpected argument '%s'", a.pos[0]);
    if (!e && !args_get(&a, "data"))
        e = sg_fail(&ecx, SG_EUSAGE, "%s %s needs --data DIR", en->name, verb);
    /* A child's parents: link adds one, unlink ends one (--link-id). */
    bool linking = en == &children && (!strcmp(verb, "link") || !strcmp(verb, "unlink"));
    bool needs_id = !strcmp(verb, "show") || !strcmp(verb, "edit") || !strcmp(verb, "end") || linking;
    bool known = needs_id || !strcmp(verb, "add") || !strcmp(verb, "list");
    if (!e && !known)
        e = sg_fail(&ecx, SG_EUSAGE, "unknown %s command '%s' (add, list, show, edit, end)", en->name, verb);
    int64_t id = 0;
    if (!e && needs_id) {
        const char *s = args_get(&a, "id");
        char *end = NULL;
        id = s ? strtoll(s, &end, 10) : 0;
        if (!s || *end || id <= 0)
            e = sg_fail(&ecx, SG_EUSAGE, "%s %s needs --id N", en->name, verb);
    }
    if (!e && (!strcmp(verb, "list") || !strcmp(verb, "show"))) {
        for (int i = 0; i < a.n; i++)
            if (!is_reserved(a.key[i]) && strcmp(a.key[i], "room-id") != 0)
                e = sg_fail(&ecx, SG_EUSAGE, "unknown flag --%s", a.key[i]);
    }
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    sg_ctx *cx = &app.cx;
    if (args_get(&a, "as"))
        e = auth_act_as(cx, args_get(&a, "as"));
    json_t *out = NULL, *in = NULL;
    if (!e && !strcmp(verb, "list")) {
        const char *room = args_get(&a, "room-id");
        people_query q = {.q = args_get(&a, "q"), .include_ended = args_has(&a, "include-ended"),
                          .room_id = room ? atoll(room) : 0};
        e = en->list(cx, &q, &out);
    } else if (!e && !strcmp(verb, "show")) {
        e = en->get(cx, id, &out);
    } else if (!e && !strcmp(verb, "add")) {
        in = fields_from_flags(&a);
        e = en->add(cx, in, &out);
    } else if (!e && !strcmp(verb, "link")) {
        in = fields_from_flags(&a);
        e = child_link_parent(cx, id, in, &out);
    } else if (!e && !strcmp(verb, "unlink")) {
        const char *l = args_get(&a, "link-id");
        e = l ? child_unlink_parent(cx, id, atoll(l), &out)
              : sg_fail(cx, SG_EUSAGE, "child unlink needs --id CHILD and --link-id N");
    } else if (!e && !strcmp(verb, "edit")) {
        in = fields_from_flags(&a);
        e = en->edit(cx, id, in, &out);
    } else if (!e) {
        in = args_get(&a, "date") ? json_pack("{ss}", "date", args_get(&a, "date")) : json_object();
        e = en->end(cx, id, in, &out);
    }
    json_decref(in);
    if (!e) {
        json_t *list = json_object_get(out, en->plural);
        if (json_is_array(list) && !args_has(&a, "json")) {
            size_t i;
            json_t *r;
            json_array_foreach(list, i, r) print_line(en, r);
            if (json_array_size(list) == 0)
                printf("no %s\n", en->plural);
        } else {
            print_json(out);
        }
    }
    json_decref(out);
    int rc = args_report(cx, e);
    setup_close(&app);
    return rc;
}

int cmd_room(int argc, char **argv) { return run(&rooms, argc, argv); }
int cmd_adult(int argc, char **argv) { return run(&adults, argc, argv); }
int cmd_child(int argc, char **argv) { return run(&children, argc, argv); }
int cmd_parent(int argc, char **argv)
{
    /* The portal invitation is the auth area's (auth/portal_cli.c). */
    if (argc > 0 && !strcmp(argv[0], "invite"))
        return cmd_parent_invite(argc - 1, argv + 1);
    return run(&parents, argc, argv);
}

static void show_progress(int done, int total, void *arg)
{
    (void)arg;
    if (total < 200)
        return;
    if (done == total || done % 25 == 0)
        fprintf(stderr, "\rchecked %d of %d rows%s", done, total, done == total ? "\n" : "");
}

int cmd_import(int argc, char **argv)
{
    sg_ctx ecx = {0};
    cli_args a;
    static const char *const ok[] = {"data", "as", "dry-run", NULL};
    static const char *const sw[] = {"dry-run", NULL};
    const char *kind = argc > 0 ? argv[0] : "";
    sg_err e = args_parse(&ecx, argc > 0 ? argc - 1 : 0, argv + (argc > 0), sw, &a);
    if (!e && strcmp(kind, "children") != 0 && strcmp(kind, "staff") != 0)
        e = sg_fail(&ecx, SG_EUSAGE, "import children|staff --data DIR FILE.csv");
    if (!e && (a.npos != 1 || !args_get(&a, "data")))
        e = sg_fail(&ecx, SG_EUSAGE, "import %s needs --data DIR and one FILE.csv", kind);
    if (!e) {
        int keep = a.npos;
        a.npos = 0;
        e = args_only(&ecx, &a, ok);
        a.npos = keep;
    }
    sg_app app;
    if (e || (e = setup_open(args_get(&a, "data"), &app, &ecx)))
        return args_report(&ecx, e);
    size_t len = 0;
    char *data = args_read_file(&app.cx, a.pos[0], &len, 64u * 1024 * 1024);
    json_t *out = NULL;
    if (!data)
        e = SG_EIO;
    if (!e && args_get(&a, "as"))
        e = auth_act_as(&app.cx, args_get(&a, "as"));
    bool dry = args_has(&a, "dry-run");
    /* Progress only for long files on a terminal. */
    import_progress prog = isatty(2) ? show_progress : NULL;
    if (!e)
        e = import_csv(&app.cx, kind, data, len, dry, prog, &out);
    if (!e)
        printf(dry ? "%lld rows checked; all good; nothing saved (dry run)\n" : "imported %lld %s\n",
               (long long)json_integer_value(json_object_get(out, "rows")), kind);
    free(data);
    json_decref(out);
    int rc = args_report(&app.cx, e);
    setup_close(&app);
    return rc;
}
