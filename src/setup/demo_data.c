/* demo_data.c — the fictional demo setting, "Hollybrook Forest Pre-School".
 *
 * `safeguard demo` builds a fresh data directory (setup_init makes the
 * setting and its manager, Helen Ashworth) and then calls demo_populate to
 * fill it with a pre-school someone can click around: the rooms and areas
 * of the seed CCTV policy, twelve adults covering every internal role, forty
 * children in the five indoor children's rooms, and their parents and
 * carers, including one looked-after child with a foster carer.
 *
 * Everything is invented. Names are made up; e-mails use the reserved
 * example domains; phone numbers are in Ofcom's drama range (07700 900xxx).
 * Ages and dates are months back from clock_today(), so the children always
 * fit their rooms however long after this was written the demo is run.
 *
 * The file is mostly data: static tables read top to bottom, and one loop
 * per table that feeds each row to the people area's *_add_tx functions,
 * so the same rules (and audit events) apply as for a real setting. All of
 * it is one transaction: the demo is built whole or not at all. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <time.h>
#include "../auth/portal.h"
#include "../consent/consent.h"
#include "../core/clock.h"
#include "../devices/devices.h"
#include "../people/people.h"
#include "../presence/office.h"
#include "../presence/presence.h"
#include "setup.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DEMO_AUTHORITY "Hollybrook County Council"   /* fictional */

/* ---- Rooms and areas (seed policy 002: the CCTV camera locations) ---- */

enum { LADYBIRD, BUMBLEBEE, BUTTERFLY, CATERPILLAR, FOREST, N_ROOMS = 10 };

typedef struct {
    const char *name, *class;
    bool outdoor;
    int min_months, max_months;   /* -1: no age range (adults' and private areas) */
} demo_room;

static const demo_room rooms[N_ROOMS] = {
    [LADYBIRD] = {"Ladybird Room", "children", false, 48, 60},
    [BUMBLEBEE] = {"Bumblebee Room", "children", false, 36, 48},
    [BUTTERFLY] = {"Butterfly Room", "children", false, 30, 36},
    [CATERPILLAR] = {"Caterpillar Room", "children", false, 24, 30},
    [FOREST] = {"Forest School Room", "children", false, 36, 60},
    {"Forest School outside area", "children", true, 36, 60},
    {"Children's play area", "children", true, 24, 60},
    {"Office", "adults-only", false, -1, -1},
    {"Staff room and kitchen", "adults-only", false, -1, -1},
    {"Toilets and changing area", "private", false, -1, -1},
};

/* ---- Adults. MANAGER already exists (setup_init); the rest are added in
 * this order, which is also the order the log-ins are printed in. ---- */

enum { NONE = -1, MANAGER, PRIYA, ELEANOR, GRAHAM, AISHA, CHLOE, TOMASZ, MEGAN,
       JADE, MARGARET, SUNITA, DANIEL, N_ADULTS };

typedef struct {
    const char *first, *last, *password;
    int line_manager;             /* an earlier row, or NONE */
    int months_ago;               /* started this many months back */
    const char *roles[3];
} demo_adult;

static const demo_adult adults[N_ADULTS] = {
    [MANAGER] = {"Helen", "Ashworth", "demo-manager-1", NONE, 0, {"manager"}},
    [PRIYA] = {"Priya", "Mistry", "demo-deputy-1", MANAGER, 50, {"deputy", "key-person", "online-safety-lead"}},
    [ELEANOR] = {"Eleanor", "Doyle", "demo-dsl-1", MANAGER, 44, {"dsl", "key-person"}},
    [GRAHAM] = {"Graham", "Hale", "demo-chair-1", NONE, 30, {"chair"}},
    [AISHA] = {"Aisha", "Rahman", "demo-keyperson-1", MANAGER, 38, {"key-person", "staff"}},
    [CHLOE] = {"Chloe", "Bennett", "demo-keyperson-2", MANAGER, 27, {"key-person", "staff"}},
    [TOMASZ] = {"Tomasz", "Nowak", "demo-keyperson-3", PRIYA, 20, {"key-person", "staff"}},
    [MEGAN] = {"Megan", "Price", "demo-keyperson-4", PRIYA, 14, {"key-person"}},
    [JADE] = {"Jade", "Fletcher", "demo-student-1", MEGAN, 5, {"student"}},
    [MARGARET] = {"Margaret", "Osei", "demo-volunteer-1", PRIYA, 16, {"volunteer"}},
    [SUNITA] = {"Sunita", "Kaur", "demo-office-1", MANAGER, 33, {"office"}},
    [DANIEL] = {"Daniel", "Reeves", "demo-technician-1", MANAGER, 9, {"technician"}},
};

/* ---- Families: one or two carers and the one or two children they bring.
 * A child's age is `months` whole months and `days` more, counted back
 * from today; it must lie in the room's range (the last month excluded).
 * Each carer is linked to each child of the family; `pr` is parental
 * responsibility, and only those with it may consent (PEOPLE-11). ---- */

typedef struct {
    const char *first, *last, *relationship;
    bool pr;
} demo_carer;

typedef struct {
    const char *first, *last;
    int room, months, days, key_person;
} demo_kid;

typedef struct {
    demo_carer carer[2];
    demo_kid child[2];
    const char *social_worker;    /* non-NULL: the children are looked after */
} demo_family;

#define PR true
#define NO_PR false

static const demo_family families[] = {
    /* Caterpillar Room (24-30 months) */
    {{{"Sarah", "Hughes", "mother", PR}, {"Owen", "Hughes", "father", PR}},
     {{"Amelia", "Hughes", CATERPILLAR, 25, 4, MEGAN}}},
    {{{"Nadia", "Ahmed", "mother", PR}, {"Imran", "Ahmed", "father", PR}},
     {{"Zain", "Ahmed", CATERPILLAR, 27, 12, MEGAN}}},
    {{{"Claire", "Walsh", "mother", PR}, {"Declan", "Walsh", "father", PR}},
     {{"Poppy", "Walsh", CATERPILLAR, 26, 9, MEGAN}, {"Finn", "Walsh", LADYBIRD, 52, 3, TOMASZ}}},
    {{{"Laura", "Thompson", "mother", PR}},
     {{"Oliver", "Thompson", CATERPILLAR, 28, 20, MEGAN}}},
    {{{"Chiamaka", "Okafor", "mother", PR}, {"Emeka", "Okafor", "father", PR}},
     {{"Ada", "Okafor", CATERPILLAR, 26, 1, PRIYA}}},
    {{{"Rhian", "Jenkins", "mother", PR}, {"Gareth", "Jenkins", "father", PR}},
     {{"Leo", "Jenkins", CATERPILLAR, 29, 6, PRIYA}}},
    {{{"Fiona", "Campbell", "mother", PR}, {"Stuart", "Campbell", "father", PR}},
     {{"Maisie", "Campbell", CATERPILLAR, 25, 17, MEGAN}}},
    {{{"Anjali", "Patel", "mother", PR}, {"Vikram", "Patel", "father", PR}},
     {{"Harrison", "Patel", CATERPILLAR, 27, 25, PRIYA}}},

    /* Butterfly Room (30-36 months) */
    {{{"Kirsty", "Murray", "mother", PR}, {"Andrew", "Murray", "father", PR}},
     {{"Isla", "Murray", BUTTERFLY, 31, 8, CHLOE}}},
    {{{"Agnieszka", "Kowalska", "mother", PR}, {"Piotr", "Kowalski", "father", PR}},
     {{"Theo", "Kowalski", BUTTERFLY, 33, 14, CHLOE}}},
    {{{"Bethan", "Evans", "mother", PR}, {"Craig", "Morgan", "step-father", NO_PR}},
     {{"Ruby", "Evans", BUTTERFLY, 30, 11, CHLOE}}},
    {{{"Samira", "Hussain", "mother", PR}, {"Tariq", "Hussain", "father", PR}},
     {{"Yusuf", "Hussain", BUTTERFLY, 34, 2, ELEANOR}}},
    {{{"Joanna", "Lloyd", "grandmother (special guardian)", PR}},
     {{"Freya", "Lloyd", BUTTERFLY, 32, 19, CHLOE}}},
    {{{"Emma", "Bailey", "mother", PR}, {"Tom", "Bailey", "father", PR}},
     {{"Arthur", "Bailey", BUTTERFLY, 35, 5, ELEANOR}}},
    {{{"Giulia", "Rossi", "mother", PR}, {"Mark", "Rossi", "father", PR}},
     {{"Sofia", "Rossi", BUTTERFLY, 31, 22, CHLOE}}},
    {{{"Ciara", "O'Neill", "mother", PR}, {"Liam", "O'Neill", "father", PR}},
     {{"Rory", "O'Neill", BUTTERFLY, 32, 3, CHLOE}, {"Grace", "O'Neill", BUMBLEBEE, 46, 15, AISHA}}},

    /* Bumblebee Room (36-48 months) */
    {{{"Natalie", "Robinson", "mother", PR}, {"Lee", "Robinson", "father", PR}},
     {{"Evie", "Robinson", BUMBLEBEE, 38, 7, AISHA}}},
    {{{"Farzana", "Ali", "mother", PR}, {"Rashid", "Ali", "father", PR}},
     {{"Musa", "Ali", BUMBLEBEE, 40, 13, AISHA}}},
    {{{"Gemma", "Carter", "mother", PR}},
     {{"Lily-Rose", "Carter", BUMBLEBEE, 37, 24, ELEANOR}}},
    {{{"Funmilayo", "Adeyemi", "mother", PR}, {"Tunde", "Adeyemi", "father", PR}},
     {{"Noah", "Adeyemi", BUMBLEBEE, 44, 10, AISHA}}},
    {{{"Kelly", "Turner", "mother", PR}, {"Ryan", "Turner", "father", PR}},
     {{"Alfie", "Turner", BUMBLEBEE, 39, 2, AISHA}}},
    {{{"Yuki", "Reid", "mother", PR}, {"Callum", "Reid", "father", PR}},
     {{"Hana", "Reid", BUMBLEBEE, 45, 18, ELEANOR}}},
    {{{"Sam", "Shaw", "mother", PR}, {"Jo", "Shaw", "mother", PR}},
     {{"Ellis", "Shaw", BUMBLEBEE, 41, 6, AISHA}}},

    /* Ladybird Room (48-60 months) */
    {{{"Akosua", "Mensah", "mother", PR}, {"Kwame", "Mensah", "father", PR}},
     {{"Amara", "Mensah", LADYBIRD, 55, 16, TOMASZ}}},
    {{{"Rachel", "Harris", "mother", PR}, {"Paul", "Harris", "father", PR}},
     {{"George", "Harris", LADYBIRD, 49, 8, TOMASZ}}},
    {{{"Sian", "Thomas", "mother", PR}},
     {{"Ivy", "Thomas", LADYBIRD, 57, 21, PRIYA}}},
    {{{"Ayesha", "Khan", "mother", PR}, {"Asif", "Khan", "father", PR}},
     {{"Ibrahim", "Khan", LADYBIRD, 51, 12, TOMASZ}}},
    {{{"Eilidh", "Fraser", "mother", PR}, {"Ross", "Fraser", "father", PR}},
     {{"Matilda", "Fraser", LADYBIRD, 53, 4, PRIYA}}},
    /* The looked-after child: the local authority shares parental
     * responsibility with the birth parents; the foster carers hold none. */
    {{{"Denise", "Marsh", "foster carer", NO_PR}, {"Alan", "Marsh", "foster carer", NO_PR}},
     {{"Reggie", "Cole", LADYBIRD, 58, 9, TOMASZ}}, "Joanne Pryce"},
    {{{"Mariam", "Hassan", "mother", PR}, {"Omar", "Hassan", "father", PR}},
     {{"Layla", "Hassan", LADYBIRD, 50, 26, PRIYA}}},
    {{{"Tanya", "Brown", "mother", PR}, {"Jerome", "Brown", "father", PR}},
     {{"Elijah", "Brown", LADYBIRD, 54, 11, TOMASZ}}},

    /* Forest School Room (36-60 months) */
    {{{"Lucy", "Parker", "mother", PR}, {"James", "Parker", "father", PR}},
     {{"Rosie", "Parker", FOREST, 47, 3, TOMASZ}}},
    {{{"Kate", "Wright", "mother", PR}, {"Simon", "Wright", "father", PR}},
     {{"Jacob", "Wright", FOREST, 56, 14, ELEANOR}}},
    {{{"Ffion", "Edwards", "mother", PR}, {"Dafydd", "Edwards", "father", PR}},
     {{"Nia", "Edwards", FOREST, 44, 20, AISHA}}},
    {{{"Neha", "Sharma", "mother", PR}, {"Arjun", "Sharma", "father", PR}},
     {{"Rohan", "Sharma", FOREST, 50, 7, ELEANOR}}},
    {{{"Siobhan", "Byrne", "mother", PR}},
     {{"Orla", "Byrne", FOREST, 39, 23, AISHA}}},
    {{{"Ngozi", "Okoro", "mother", PR}, {"Chidi", "Okoro", "father", PR}},
     {{"Samuel", "Okoro", FOREST, 53, 1, TOMASZ}}},
    {{{"Victoria", "Holt", "mother", PR}, {"Ben", "Holt", "grandfather", NO_PR}},
     {{"Esme", "Holt", FOREST, 41, 15, ELEANOR}}},
};

/* ---- Helpers ---- */

/* The date `months` and `days` before today as "YYYY-MM-DD". The day of the
 * month is capped at 28 first, so that whole months back from today are
 * exactly `months` (date_months_between) for any days < 28. */
static void date_back(const char *today, int months, int days, char out[11])
{
    int y = 1970, m = 1, d = 1;
    sscanf(today, "%d-%d-%d", &y, &m, &d);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1 - months,
                    .tm_mday = (d < 28 ? d : 28) - days, .tm_hour = 12};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* "first.last@domain", lower case, keeping letters, digits and hyphens. */
static void email_of(const char *first, const char *last, const char *domain, char *out, size_t n)
{
    char raw[200];
    snprintf(raw, sizeof raw, "%s.%s@%s", first, last, domain);
    size_t k = 0;
    for (const char *p = raw; *p && k + 1 < n; p++)
        if (isalnum((unsigned char)*p) || strchr(".@-", *p))
            out[k++] = (char)tolower((unsigned char)*p);
    out[k] = 0;
}

typedef sg_err (*add_fn)(sg_ctx *, json_t *, int64_t *);

/* Run one *_add_tx with `in` (owned: released here, as json_pack's result
 * may be NULL when memory runs out). */
static sg_err add(sg_ctx *cx, add_fn fn, json_t *in, int64_t *id)
{
    sg_err e = in ? fn(cx, in, id) : sg_fail(cx, SG_EINTERNAL, "out of memory building the demo");
    json_decref(in);
    return e;
}

static sg_err add_room(sg_ctx *cx, const demo_room *r, int64_t *id)
{
    json_t *in = json_pack("{ss ss sb}", "name", r->name, "class", r->class, "outdoor", r->outdoor);
    if (in && r->min_months >= 0) {
        json_object_set_new(in, "min_age_months", json_integer(r->min_months));
        json_object_set_new(in, "max_age_months", json_integer(r->max_months));
    }
    return add(cx, room_add_tx, in, id);
}

static sg_err add_adult(sg_ctx *cx, const char *today, int i, int64_t *ids, json_t *logins)
{
    const demo_adult *a = &adults[i];
    char email[120], phone[24], start[11], roles[120] = "";
    email_of(a->first, a->last, "hollybrook.example", email, sizeof email);
    snprintf(phone, sizeof phone, "07700 900%03d", 10 + i);
    date_back(today, a->months_ago, 0, start);
    json_t *list = json_array();
    for (int r = 0; r < 3 && a->roles[r]; r++) {
        json_array_append_new(list, json_string(a->roles[r]));
        snprintf(roles + strlen(roles), sizeof roles - strlen(roles), "%s%s", r ? ", " : "", a->roles[r]);
    }
    json_t *in = json_pack("{ss ss ss ss ss so ss}", "first_name", a->first, "last_name", a->last,
                           "email", email, "phone", phone, "start_date", start, "roles", list,
                           "password", a->password);
    if (in && a->line_manager != NONE)
        json_object_set_new(in, "line_manager_id", json_integer(ids[a->line_manager]));
    sg_err e = add(cx, adult_add_tx, in, &ids[i]);
    if (!e)
        json_array_append_new(logins, json_pack("{ss ss ss}", "email", email, "password", a->password,
                                                "roles", roles));
    return e;
}

static sg_err add_child(sg_ctx *cx, const char *today, const demo_kid *k, const char *social_worker,
                        const int64_t *room_ids, const int64_t *adult_ids, int64_t *id)
{
    /* Started at about two (25 months), at most 22 months ago, never today. */
    char dob[11], start[11];
    int back = k->months - 25 < 0 ? 0 : k->months - 25 > 22 ? 22 : k->months - 25;
    date_back(today, k->months, k->days, dob);
    date_back(today, back, 7 + k->days % 14, start);
    json_t *in = json_pack("{ss ss ss sI sI ss sb}", "first_name", k->first, "last_name", k->last,
                           "date_of_birth", dob, "room_id", (json_int_t)room_ids[k->room],
                           "key_person_id", (json_int_t)adult_ids[k->key_person], "start_date", start,
                           "looked_after", social_worker != NULL);
    if (in && social_worker) {
        json_object_set_new(in, "social_worker", json_string(social_worker));
        json_object_set_new(in, "local_authority", json_string(DEMO_AUTHORITY));
    }
    return add(cx, child_add_tx, in, id);
}

static sg_err link_carer(sg_ctx *cx, int64_t child_id, int64_t parent_id, const demo_carer *c, bool looked_after)
{
    /* A looked-after child's foster carers are carers, not parents, for
     * consent (CONSENT-05). */
    json_t *in = json_pack("{sI ss sb sb ss}", "parent_id", (json_int_t)parent_id, "relationship", c->relationship,
                           "parental_responsibility", c->pr, "may_consent", c->pr, "kind",
                           looked_after ? "carer" : "parent");
    int64_t link_id = 0;
    sg_err e = in ? child_link_parent_tx(cx, child_id, in, &link_id)
                  : sg_fail(cx, SG_EINTERNAL, "out of memory building the demo");
    json_decref(in);
    return e;
}

static sg_err add_family(sg_ctx *cx, const char *today, const demo_family *f, int *phone_no,
                         const int64_t *room_ids, const int64_t *adult_ids)
{
    sg_err e = SG_OK;
    int64_t parent_ids[2] = {0};
    for (int p = 0; !e && p < 2 && f->carer[p].first; p++) {
        char email[120], phone[24];
        email_of(f->carer[p].first, f->carer[p].last, "example.com", email, sizeof email);
        snprintf(phone, sizeof phone, "07700 900%03d", (*phone_no)++);
        json_t *in = json_pack("{ss ss ss ss}", "first_name", f->carer[p].first, "last_name", f->carer[p].last,
                               "email", email, "phone", phone);
        e = add(cx, parent_add_tx, in, &parent_ids[p]);
    }
    for (int c = 0; !e && c < 2 && f->child[c].first; c++) {
        int64_t child_id = 0;
        e = add_child(cx, today, &f->child[c], f->social_worker, room_ids, adult_ids, &child_id);
        for (int p = 0; !e && p < 2 && f->carer[p].first; p++)
            e = link_carer(cx, child_id, parent_ids[p], &f->carer[p], f->social_worker != NULL);
    }
    return e;
}

/* ---- The one entry point ---- */

/* Fill cx's fresh setting (holding only the manager) with the demo
 * pre-school, in one transaction. *logins is a new array of {email,
 * password, roles} (caller owns) in the order of `adults`, or NULL on
 * failure. Returns SG_OK or the first error, whose message is in cx. */
sg_err demo_populate(sg_ctx *cx, json_t **logins)
{
    char today[11];
    int64_t room_ids[N_ROOMS] = {0}, adult_ids[N_ADULTS] = {0};
    int phone_no = 100;
    json_t *list = json_array();
    *logins = NULL;
    clock_today(today);
    sg_err e = store_begin(cx->db);
    if (e) {
        json_decref(list);
        return sg_store(cx, e);
    }
    e = adult_by_email(cx, "manager@hollybrook.example", &adult_ids[MANAGER]);
    if (!e)
        json_array_append_new(list, json_pack("{ss ss ss}", "email", "manager@hollybrook.example",
                                              "password", adults[MANAGER].password, "roles", "manager"));
    for (int r = 0; !e && r < N_ROOMS; r++)
        e = add_room(cx, &rooms[r], &room_ids[r]);
    for (int a = MANAGER + 1; !e && a < N_ADULTS; a++)
        e = add_adult(cx, today, a, adult_ids, list);
    for (size_t f = 0; !e && f < COUNT(families); f++)
        e = add_family(cx, today, &families[f], &phone_no, room_ids, adult_ids);
    e = store_end(cx->db, e);
    /* What each area adds runs after the people are in, one transaction per
     * change, through the functions the API calls. */
    if (!e)
        e = presence_demo_populate(cx, list);
    if (!e)
        e = office_demo_populate(cx);
    if (!e)
        e = devices_demo(cx);
    if (!e)
        e = consent_demo(cx);
    /* Two parents with a ready portal account: Claire Walsh has two
     * children here (Poppy and Finn), Sarah Hughes one (Amelia). */
    if (!e)
        e = portal_demo_account(cx, "claire.walsh@example.com", "demo-parent-1", list);
    if (!e)
        e = portal_demo_account(cx, "sarah.hughes@example.com", "demo-parent-2", list);
    if (e)
        json_decref(list);
    else
        *logins = list;
    return e;
}
