/* cli.h — the commands main.c's table names. Each takes the arguments
 * after its command word and returns the exit status (0 ok, 1 error, 2
 * usage). */
#ifndef SG_CLI_H
#define SG_CLI_H
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_room(int argc, char **argv);
int cmd_adult(int argc, char **argv);
int cmd_child(int argc, char **argv);
int cmd_parent(int argc, char **argv);
int cmd_parent_invite(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_device(int argc, char **argv);
int cmd_presence(int argc, char **argv);
int cmd_shift(int argc, char **argv);
int cmd_grant(int argc, char **argv);
int cmd_kiosk(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_findings(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_visitor(int argc, char **argv);
int cmd_message(int argc, char **argv);
int cmd_breach(int argc, char **argv);
int cmd_consent(int argc, char **argv);
#endif
