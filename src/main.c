/* main.c — the command table. safeguard is one binary: these commands, the
 * HTTP server (serve, demo) and, later, the scheduled sweeps. Adding a
 * command touches this table and its own file only. */
#include <stdio.h>
#include <string.h>
#include "core/crypto.h"
#include "setup/cli.h"

static int cmd_help(int argc, char **argv);

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
    const char *usage;
} commands[] = {
    {"init", cmd_init, "create a data directory for a setting and its first manager",
     "safeguard init --data DIR --setting NAME --kind nursery|pre-school|childminder|out-of-school\n"
     "               --manager EMAIL [--manager-name \"FIRST LAST\"] [--password-file FILE]\n"
     "               [--database postgresql://…] [--organisation NAME --organisation-kind group|local-authority]\n"
     "  Refuses to touch an existing directory. Without --password-file a password is generated and shown once.\n"},
    {"serve", cmd_serve, "run the HTTP server (JSON API) until SIGINT/SIGTERM",
     "safeguard serve --data DIR [--listen ADDR:PORT]   (default 127.0.0.1:8080)\n"},
    {"demo", cmd_demo, "build a fresh fictional demo pre-school and serve it",
     "safeguard demo [--data DIR] [--listen ADDR:PORT] [--no-serve]\n"
     "  DIR defaults to ./demo-data and is rebuilt each time (only if it is a demo directory).\n"},
    {"room", cmd_room, "rooms and outdoor areas: add, list, show, edit, end",
     "safeguard room add  --data DIR --name NAME --class children|adults-only|private [--outdoor true]\n"
     "                    [--min-age-months N] [--max-age-months N]\n"
     "safeguard room list --data DIR [--q TEXT] [--include-ended] [--json]\n"
     "safeguard room show|end --data DIR --id N [--date YYYY-MM-DD]\n"
     "safeguard room edit --data DIR --id N [--FIELD VALUE]...\n"
     "  Every command also takes --as EMAIL to act as (and be audited as) that adult.\n"},
    {"adult", cmd_adult, "staff, students, volunteers and others: add, list, show, edit, end (mark as left)",
     "safeguard adult add  --data DIR --first-name F --last-name L --roles manager,dsl,key-person,...\n"
     "                     [--email E] [--phone P] [--line-manager-id N] [--start-date D] [--password P]\n"
     "safeguard adult list --data DIR [--q TEXT] [--include-ended] [--json]\n"
     "safeguard adult show|end --data DIR --id N [--date YYYY-MM-DD]\n"
     "safeguard adult edit --data DIR --id N [--FIELD VALUE]...\n"
     "  Roles: manager deputy dsl chair key-person staff student volunteer office technician online-safety-lead\n"},
    {"child", cmd_child, "children: add, list, show, edit, end (mark as left), link/unlink a parent",
     "safeguard child add  --data DIR --first-name F --last-name L --date-of-birth YYYY-MM-DD\n"
     "                     [--room-id N] [--key-person-id N] [--start-date D]\n"
     "                     [--looked-after true --social-worker NAME --local-authority NAME]\n"
     "safeguard child list --data DIR [--q TEXT] [--room-id N] [--include-ended] [--json]\n"
     "safeguard child show|end --data DIR --id N [--date YYYY-MM-DD]\n"
     "safeguard child edit --data DIR --id N [--FIELD VALUE]...\n"
     "safeguard child link --data DIR --id N --parent-id P --relationship mother\n"
     "                     [--parental-responsibility false] [--may-consent false]\n"
     "safeguard child unlink --data DIR --id N --link-id L\n"},
    {"parent", cmd_parent, "parents and carers: add, list, show, edit, end, invite to the parent portal",
     "safeguard parent add  --data DIR --first-name F --last-name L [--email E] [--phone P]\n"
     "safeguard parent list --data DIR [--q TEXT] [--include-ended] [--json]\n"
     "safeguard parent show|end --data DIR --id N\n"
     "safeguard parent edit --data DIR --id N [--FIELD VALUE]...\n"
     "safeguard parent invite --data DIR --id N   (prints a one-time link, valid [sessions] invite_days)\n"},
    {"import", cmd_import, "import a class list or staff list from CSV (all or nothing)",
     "safeguard import children|staff --data DIR [--dry-run] FILE.csv\n"
     "  See docs/import.md for the columns. A file with any bad row changes nothing;\n"
     "  every bad row is listed with the reason.\n"},
    {"audit", cmd_audit, "verify, sign or read the audit log",
     "safeguard audit verify --data DIR [--checkpoint FILE] [--all-settings]\n"
     "safeguard audit checkpoint --data DIR > checkpoint.json   (keep a copy elsewhere)\n"
     "safeguard audit list --data DIR [--action A] [--object-type T] [--limit N]\n"},
    {"backup", cmd_backup, "make a consistent copy of the database while the server runs",
     "safeguard backup --data DIR --to FILE\n"},
    {"token", cmd_token, "bearer tokens for scripts: create (shown once), revoke, list",
     "safeguard token create --data DIR --adult EMAIL --name NAME\n"
     "safeguard token revoke --data DIR --id N\n"
     "safeguard token list --data DIR\n"},
    {"presence", cmd_presence, "shifts and the personal-device locker: board, sign-on, check-in, check-out …",
     "safeguard presence board --data DIR [--date YYYY-MM-DD]\n"
     "safeguard presence show|sign-on|sign-off|none --data DIR --adult-id N\n"
     "safeguard presence check-in --data DIR --adult-id N --devices phone,smart-watch --switched off|silent [--locker 7]\n"
     "safeguard presence check-out --data DIR --adult-id N [--devices phone] [--purpose break|permission]\n"
     "safeguard presence ledger --data DIR [--adult-id N] [--from DATE] [--to DATE]\n"
     "safeguard presence pin --data DIR [--adult-id N] --pin DIGITS [--password P]\n"
     "  A sign-on may carry the check-in: --devices … --switched …, or --none true.\n"},
    {"shift", cmd_shift, "the rota: plan a shift with its break, change it, show it",
     "safeguard shift plan --data DIR --adult-id N --date YYYY-MM-DD --start HH:MM --end HH:MM\n"
     "                     [--break-start HH:MM --break-minutes N]\n"
     "safeguard shift edit --data DIR --id N [--start HH:MM] [--end HH:MM] [--break-start HH:MM] [--break-minutes N]\n"
     "safeguard shift show --data DIR --id N\n"},
    {"grant", cmd_grant, "a manager's permission to use a personal device: create, end, list",
     "safeguard grant create --data DIR --adult-id N --kind emergency|home-visit|outing|virtual-course\n"
     "                       --reason TEXT --ends-at YYYY-MM-DDTHH:MM:SSZ [--room-id N] [--course-device own-device|loaned-ipad]\n"
     "safeguard grant end --data DIR --id N\n"
     "safeguard grant list --data DIR\n"},
    {"kiosk", cmd_kiosk, "locker kiosks: create (token shown once), list, revoke",
     "safeguard kiosk create --data DIR --name NAME\n"
     "safeguard kiosk list --data DIR\n"
     "safeguard kiosk revoke --data DIR --id N\n"},
    {"policy", cmd_policy, "the setting's policy choices (CONFIG): show, set",
     "safeguard policy show --data DIR\n"
     "safeguard policy set --data DIR --NAME VALUE   e.g. --breaks.device_use none\n"},
    {"findings", cmd_findings, "what needs attention now (the manager's home page)",
     "safeguard findings --data DIR [--json]\n"},
    {"sweep", cmd_sweep, "check the time-based rules now and raise or resolve findings",
     "safeguard sweep --data DIR\n"
     "  The server does this every [sweeps] every_seconds (default 60).\n"},
    {"device", cmd_device, "the setting's own devices: register, hand-outs, lock-up, enrolment, quarantine",
     "safeguard device add  --data DIR --kind tablet|camera|phone|laptop|computer|memory-card|usb-stick --label L\n"
     "                      --kept-in PLACE --passcode-set true|false --designated-use staff|children|office-phone|allocated|loan\n"
     "                      [--virus-protection true|false] [--designated-user-id N] [--serial S] [--notes TEXT]\n"
     "safeguard device list --data DIR [--q TEXT] [--kind K] [--include-retired] [--json]\n"
     "safeguard device show|retire|revoke --data DIR --id N\n"
     "safeguard device edit --data DIR --id N [--FIELD VALUE]...\n"
     "safeguard device app-add --data DIR --id N --name APP --category C --checked-safe true --age-appropriate true\n"
     "safeguard device app-remove --data DIR --id N --app-id A\n"
     "safeguard device handout|return --data DIR --id N [--adult-id A] [--purpose P] [--note TEXT]\n"
     "safeguard device off-site --data DIR --id N --kind home|outing --adult-id A [--reason R --undertaking true\n"
     "                      --expected-return YYYY-MM-DD] [--outing-ref REF]\n"
     "safeguard device holder --data DIR --id N [--at YYYY-MM-DDTHH:MM:SSZ]\n"
     "safeguard device history --data DIR [--id N] [--adult-id A] [--from T] [--to T]\n"
     "safeguard device lockup-sheet --data DIR\n"
     "safeguard device lockup --data DIR --locked ID,ID,...\n"
     "safeguard device enrol --data DIR --id N --base-url http://HOST:PORT [--svg FILE]\n"
     "safeguard device quarantine|release --data DIR --id N --reason TEXT [--concern-ref REF]\n"
     "safeguard device report --data DIR --id N --kind fault|loss|misuse|prohibited-app --text TEXT\n"
     "safeguard device report-close --data DIR --id N --report-id R --outcome TEXT\n"
     "  Every command also takes --as EMAIL to act as (and be audited as) that adult.\n"},
    {"visitor", cmd_visitor, "the office's visitor log: sign-in, sign-out, list (phones left or kept)",
     "safeguard visitor sign-in  --data DIR --name N --purpose P [--organisation O] [--visiting WHO]\n"
     "                           [--professional true] [--phone office|none|kept] [--watch office|none|kept]\n"
     "                           [--lone-working-reason R --quiet-space-id N]\n"
     "safeguard visitor sign-out --data DIR --id N [--not-returned phone,smart-watch --note TEXT]\n"
     "safeguard visitor list     --data DIR [--date YYYY-MM-DD] [--json]\n"},
    {"message", cmd_message, "calls taken for staff on the setting phone: take, relay, list",
     "safeguard message take  --data DIR --adult-id N --caller WHO --message TEXT [--urgent true] [--caller-phone P]\n"
     "safeguard message relay --data DIR --id N --relieved true [--relieved-by-id N] [--note TEXT]\n"
     "safeguard message list  --data DIR [--date YYYY-MM-DD] [--json]\n"},
    {"breach", cmd_breach, "observed breaches of the phone and camera rules: record, list",
     "safeguard breach record --data DIR --kind KIND (--subject-adult-id N | --subject-name NAME)\n"
     "                        --what-seen TEXT --challenge TEXT [--room-id N] [--place TEXT]\n"
     "                        [--observed-at YYYY-MM-DDTHH:MM:SSZ] [--outing-id N]\n"
     "safeguard breach list   --data DIR [--open] [--json]\n"
     "  Kinds: phone-seen-in-room phone-used-with-children smart-watch-used-with-children\n"
     "  photo-on-personal-device outing-phone-misuse visitor-phone-use parent-phone-use\n"
     "  parent-camera-without-consent other\n"},
    {"consent", cmd_consent, "consent to images: the form, paper consent, withdrawal, restrictions, press visits",
     "safeguard consent purposes|forms|overview|restrictions|press-list --data DIR [--json]\n"
     "safeguard consent publish --data DIR --file FORM.json   ({title, intro, purposes:[{purpose, text}]})\n"
     "safeguard consent show --data DIR --child N\n"
     "safeguard consent scan --data DIR --file SIGNED-FORM.pdf|jpg|png   (prints the scan id)\n"
     "safeguard consent give --data DIR --child N --signer-id P [--signer-kind young_person] --form-id F\n"
     "                       --given journal,display --refused website --signed-name NAME --scan-id S\n"
     "                       [--signed-on YYYY-MM-DD] [--expires-on YYYY-MM-DD] [--individual-only true]\n"
     "safeguard consent own --data DIR --as EMAIL --given journal --refused press --signed-name NAME\n"
     "safeguard consent withdraw --data DIR --id CONSENT --reason TEXT\n"
     "safeguard consent allows --data DIR (--child N | --adult N) --purpose P [--at YYYY-MM-DDTHH:MM:SSZ]\n"
     "safeguard consent restrict --data DIR (--child N | --adult N) --reason TEXT\n"
     "safeguard consent lift --data DIR --id RESTRICTION --reason TEXT\n"
     "safeguard consent young-person-check --data DIR --child N --no-issues true\n"
     "safeguard consent press-add --data DIR --visit-on YYYY-MM-DD --organisation NAME [--notes TEXT]\n"
     "safeguard consent press-approve --data DIR --id N\n"
     "  Purposes: journal other_journals display public_display website brochure press video events event_publicity\n"
     "  Every command also takes --as EMAIL to act as (and be audited as) that adult.\n"},
    {"help", cmd_help, "show this list, or one command's usage", "safeguard help [COMMAND]\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void overview(FILE *f)
{
    fprintf(f, "usage: safeguard COMMAND [FLAGS]   (safeguard COMMAND --help for details)\n\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int cmd_help(int argc, char **argv)
{
    const struct command *c = argc > 0 ? find(argv[0]) : NULL;
    if (argc > 0 && !c) {
        fprintf(stderr, "safeguard: usage: unknown command '%s'\n", argv[0]);
        overview(stderr);
        return 2;
    }
    if (c)
        fputs(c->usage, stdout);
    else
        overview(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        overview(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return cmd_help(0, NULL);
    const struct command *c = find(argv[1]);
    if (!c) {
        fprintf(stderr, "safeguard: usage: unknown command '%s'\n", argv[1]);
        overview(stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(c->usage, stdout);
            return 0;
        }
    if (crypto_init()) {
        fprintf(stderr, "safeguard: crypto_error: libsodium could not start\n");
        return 1;
    }
    int rc = c->fn(argc - 2, argv + 2);
    if (rc == 2)
        fprintf(stderr, "usage:\n%s", c->usage);
    return rc;
}
