/*
 * store_spool.h - saving the entries a console kept in the spool (spool.h)
 * because the database would not take them before it exited.
 *
 * store_open() calls store_spool_replay() on every read-write open of a
 * current database, so the next parkwatch that opens it for writing (a
 * console, the recorder, `log`, any writing subcommand) saves them; a
 * console whose start found the database locked tries again now and then
 * (ui_save_tick()).
 */
#ifndef PARKWATCH_STORE_SPOOL_H
#define PARKWATCH_STORE_SPOOL_H

#include <stdio.h>

struct pw_store;

/*
 * Save every entry in the database's spool directory, then those of this
 * database in the user's own spool (pw_spool_fallback_dir()), oldest file first,
 * each in the order it was typed, each in its own transaction:
 *   - "duty": the duty-log entry with its original time, operator,
 *     category and flag, and a "system" note saying it was recovered from
 *     the spool (typed when and by whom, spooled by which process on which
 *     host, saved by whom), committed together with the entry's spool id in
 *     meta ("spool:<id>"), so a replay killed half-way and run again saves
 *     nothing twice;
 *   - "alarm_ack", "alarm_shelve", "alarm_unshelve": the action as the
 *     original operator (the alarm's own rules may refuse it now: already
 *     acknowledged by someone else), then the note saying what became of it;
 *   - "incident_note", "hazard_report": the note on the incident, the new
 *     hazard, at its original time, with the recovery note and mark in the
 *     same transaction (refused now: the note alone says why);
 *   - anything else: the note alone, with the text, so nothing typed is lost.
 * A file is removed (durably) once every entry in it is committed. An entry
 * that cannot be saved (the database busy, the disk full) stops its file,
 * which stays for the next open; busy also stops the other files. Lines
 * that are not whole entries (a torn write) are skipped and reported.
 * Problems (never successes: those are in the duty log) are written to LOG
 * (may be NULL), one line each. Returns the number of entries saved now,
 * or -1 when something was left behind.
 */
int store_spool_replay(struct pw_store *st, FILE *log);

#endif
