/* help.c - --help texts: the program's and each subcommand's. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "parkwatch/cli.h"
#include "parkwatch/util.h"

struct help_entry {
	const char *name;
	const char *text;
};

static const struct help_entry helps[] = {
	{"console",
	 "Usage: parkwatch [console] [--theme NAME] [--operator NAME] [--read-only] [--no-mqtt]\n"
	 "The full-screen operator console. Press ? inside for the keys of each screen.\n"
	 "  --theme NAME     default, night, mono, high-contrast, or your own\n"
	 "                   $XDG_CONFIG_HOME/parkwatch/themes/NAME.theme\n"
	 "  --operator NAME  who is on duty (default $PARKWATCH_OPERATOR, else login name)\n"
	 "  --read-only      look, change nothing\n"
	 "  --no-mqtt        no broker: what the database holds\n"},
	{"record",
	 "Usage: parkwatch record [--client-id ID] [--stats-every S]\n"
	 "Headless recorder: subscribes to park/# at QoS 1 with a fixed client id and a\n"
	 "persistent session, stores readings and alarms, and acknowledges a message only\n"
	 "once it is stored; SIGINT/SIGTERM/SIGHUP flush and exit 0.\n"
	 "  --client-id ID   the fixed client id (default parkwatch-record-HOST)\n"
	 "  --stats-every S  a statistics line on stderr every S seconds (default 60)\n"},
	{"db",
	 "Usage: parkwatch db init|migrate|check\n"
	 "  init     create the database file and its schema\n"
	 "  migrate  upgrade the schema to this version\n"
	 "  check    integrity and consistency checks; exit 0 when sound\n"},
	{"seed",
	 "Usage: parkwatch seed [--enterprises N] [--seed S]\n"
	 "Fill a fresh database with a demo park (default 240 enterprises, N up to\n"
	 "100000, seed 1) and the built-in laws and standards; a missing file is\n"
	 "created. The same N and S on the same day give the same data (dates are\n"
	 "relative to today). Phone numbers are fictitious: 1990000xxxx.\n"
	 "A database that already has enterprises is refused (exit 1).\n"},
	{"sim",
	 "Usage: parkwatch sim [--rate MSGS_PER_S] [--duration S] [--scenario NAME] [--seed S]\n"
	 "       [--qos 0|1]\n"
	 "Publish simulated sensor traffic for the seeded park (default 50 msgs/s, until\n"
	 "SIGINT/SIGTERM, seed 1, QoS 0). Scenarios: normal, ammonia-leak, storm.\n"},
	{"query",
	 "Usage: parkwatch query TABLE [--format tsv|json]\n"
	 "Tables: enterprises key_places sensors alarms rejected risk hazards inspections\n"
	 "        teams members chemicals certificates equipment incidents duty readings\n"},
	{"log",
	 "Usage: parkwatch log [-c|--category C] [--operator NAME] [--flag] TEXT...\n"
	 "       parkwatch log --clear-flag ID REASON...\n"
	 "Append one entry to the duty log as the current operator; --flag carries it\n"
	 "into every handover report until --clear-flag clears it (with a reason).\n"},
	{"regs",
	 "Usage: parkwatch regs import FILE...\n"
	 "       parkwatch regs search [--limit N] QUERY\n"
	 "import: load laws and standards (format in parkwatch(1)); all files or none,\n"
	 "  errors as FILE:LINE; a title already present is replaced.\n"
	 "search: one hit a line, best first: title TAB article TAB snippet, the match\n"
	 "  marked [like this]; Chinese of any length and English words (default\n"
	 "  limit 20). No hits: nothing on stdout, 'no results' on stderr, exit 0.\n"},
	{"report",
	 "Usage: parkwatch report shift [--from T] [--to T] [--format text|csv] [--operator NAME]\n"
	 "                              [--acknowledge]\n"
	 "--acknowledge: the incoming operator takes over; logged like ':handover' then 'a'.\n"
	 "The shift handover report. Default window: the current shift (08:00-20:00 or\n"
	 "20:00-08:00 site time); one end given means the 12 hours after --from or\n"
	 "before --to. T is ISO 8601. csv: one section,item,field,value table.\n"},
	{"import",
	 "Usage: parkwatch import TABLE FILE [--skip-bad] [--operator NAME]\n"
	 "TABLE: enterprises key_places sensors chemicals certificates teams members\n"
	 "equipment inspections. FILE is what 'query TABLE' prints (tsv) or the same\n"
	 "columns as CSV (.csv), UTF-8. All or nothing: each bad row is reported as\n"
	 "FILE:LINE: reason and exit 1; --skip-bad loads the good rows (exit 0, a warning\n"
	 "counts the bad). An existing code (or enterprise + name) updates its row.\n"
	 "Columns: docs/import.md.\n"},
	{"alarm",
	 "Usage: parkwatch alarm ack ID [--comment C] [--operator NAME]\n"
	 "       parkwatch alarm shelve ID --for MINUTES --reason R [--operator NAME]\n"
	 "       parkwatch alarm unshelve ID [--operator NAME]\n"
	 "What a, s and u do in the console (same duty-log entry); prints the new state.\n"
	 "MINUTES: 1 to 1440.\n"},
	{"hazard",
	 "Usage: parkwatch hazard report ENTERPRISE --grade general|major --text T\n"
	 "                [--source S] [--deadline DATE] [--location L]\n"
	 "                [--photo PATH|URL]... [--inspection ID]\n"
	 "       parkwatch hazard move ID STATUS [--note N] [--assignee NAME]\n"
	 "                [--deadline DATE] [--measures T] [--funds T]\n"
	 "                [--responsible NAME] [--contingency T]\n"
	 "       parkwatch hazard extend ID --deadline DATE --reason R\n"
	 "STATUS: reported assigned rectifying submitted verified closed (submitted may go\n"
	 "back to rectifying). S: grid third_party self_check enforcement operator.\n"
	 "report prints the id; an illegal move exits 1 and says what is allowed next.\n"
	 "Every action takes --operator NAME.\n"},
	{"inspection",
	 "Usage: parkwatch inspection add ENTERPRISE --inspector NAME --org ORG\n"
	 "                [--findings T] [--kind grid|third_party|enforcement|self]\n"
	 "                [--items T] [--at TIME] [--operator NAME]\n"
	 "Record a visit (default kind grid, time now) and print its id.\n"},
	{"risk",
	 "Usage: parkwatch risk [list]\n"
	 "       parkwatch risk set NAME VALUE [--operator NAME]\n"
	 "       parkwatch risk recompute [ENTERPRISE]\n"
	 "The four-colour model's parameters (see docs/risk-model.md). set changes one,\n"
	 "recomputes every enterprise and logs it, like the console's ':risk set'.\n"},
	{"incident",
	 "Usage: parkwatch incident open (--alarm ID | --enterprise CODE) --type TYPE [--severity 1-4]\n"
	 "                [--summary T] [--location L]\n"
	 "       parkwatch incident dispatch ID (--team CODE | --member ID)\n"
	 "       parkwatch incident advance DISPATCH_ID en_route|on_scene|cleared\n"
	 "       parkwatch incident advance --incident ID [--team CODE] en_route|on_scene|cleared\n"
	 "       parkwatch incident status ID pending|active|controlled|closed\n"
	 "       parkwatch incident note ID TEXT...\n"
	 "       parkwatch incident loan ID --equipment CODE [--qty N] [--borrower NAME]\n"
	 "       parkwatch incident return LOAN_ID\n"
	 "       parkwatch incident show (ID | --enterprise CODE)\n"
	 "TYPE: leak fire explosion poisoning flood other. open and dispatch print the incident id;\n"
	 "only available members are dispatched. Every action takes --operator NAME.\n"},
	{"member",
	 "Usage: parkwatch member status ID available|off_duty [--operator NAME]\n"
	 "Put a rescue member on or off duty (the Rescue screen's o key). dispatched, en_route\n"
	 "and on_scene come from incident dispatch; a member out on a dispatch is stood down by\n"
	 "clearing it (incident advance DISPATCH_ID cleared).\n"},
	{"equipment",
	 "Usage: parkwatch equipment loan CODE [--qty N] (--enterprise CODE | --borrower NAME)\n"
	 "                [--due YYYY-MM-DD] [--operator NAME]\n"
	 "       parkwatch equipment return LOAN_ID [--operator NAME]\n"
	 "Lend equipment from the centre's store (the Rescue screen's L key; qty 1 by default) and\n"
	 "print the loan id; refused when fewer are available than asked, or the item is damaged or\n"
	 "expired. return marks any loan returned (R), an incident's too.\n"},
};

static const char program_help[] =
	"Usage: parkwatch [OPTION]... [SUBCOMMAND] [ARG]...\n"
	"Operator console of the industrial park's emergency service centre.\n"
	"\n"
	"Options (accepted by every subcommand, anywhere on the line):\n"
	"  --db PATH       SQLite database (default $PARKWATCH_DB, else\n"
	"                  $XDG_DATA_HOME/parkwatch/parkwatch.db)\n"
	"  --broker URL    mqtt://[user[:password]@]host[:port] or mqtts://...\n"
	"                  (default $PARKWATCH_BROKER, else mqtt://127.0.0.1:1883)\n"
	"  --config PATH   ini file (default $XDG_CONFIG_HOME/parkwatch/config,\n"
	"                  then /etc/xdg/parkwatch/config)\n"
	"  --help          show help (after a subcommand: its help)\n"
	"  --version       show the version\n"
	"\n"
	"Subcommands (none means console):\n"
	"  console   the full-screen operator console\n"
	"  record    headless recorder: MQTT in, SQLite out\n"
	"  db        init | migrate | check\n"
	"  seed      fill the database with a demo park\n"
	"  sim       publish simulated sensor traffic\n"
	"  query     print a table for scripts (tsv or json)\n"
	"  log       append a duty-log entry\n"
	"  regs      import | search laws and regulations\n"
	"  report    shift handover report\n"
	"  risk      list | set | recompute the risk model\n"
	"  import    load base data from tsv or csv\n"
	"  alarm     ack | shelve | unshelve an alarm\n"
	"  hazard    report | move | extend a hidden hazard\n"
	"  inspection add an inspection visit\n"
	"  incident  open | dispatch | advance | status | note | loan | return | show\n"
	"  member    status: put a rescue member on or off duty\n"
	"  equipment loan | return equipment from the centre's store\n"
	"\n"
	"Exit status: 0 success, 1 failure, 2 bad usage.\n"
	"See parkwatch(1) and the operator guide for details.\n";

void pw_print_help(const char *sub)
{
	if (sub) {
		for (size_t i = 0; i < PW_ARRAY_LEN(helps); i++) {
			if (strcmp(helps[i].name, sub) == 0) {
				fputs(helps[i].text, stdout);
				fputs("\nGlobal options: --db PATH, --broker URL, --config PATH, --help, --version\n",
				      stdout);
				return;
			}
		}
	}
	fputs(program_help, stdout);
}
