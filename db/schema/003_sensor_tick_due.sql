-- 003: when each sensor next needs the periodic tick (issue 14).
--
-- The comm-timeout and on-delay check used to scan every in-service sensor
-- once a second (reading each one's engine JSON), which made an idle
-- console's cost grow with the park. tick_due is the engine's own answer
-- to "when could a tick next do something" (pw_alarm_tick_due(), epoch ms;
-- NULL: nothing pending), written with the engine state. The tick then
-- reads only the sensors whose time has come, through the index.
--
-- 0 means "look at it at the next tick": every existing sensor starts so
-- (the first ticks after this migration evaluate each sensor once and
-- write its real due time), new rows get it by default, and a change to
-- the definition a due time depends on sets it again.
ALTER TABLE sensors ADD COLUMN tick_due INTEGER DEFAULT 0;
CREATE INDEX sensors_tick_due ON sensors(tick_due);

CREATE TRIGGER sensors_tick_due_def AFTER UPDATE OF
  in_service, comm_timeout_s, on_delay_s, l1, l2, direction, opposite_l1 ON sensors
  WHEN OLD.in_service IS NOT NEW.in_service OR OLD.comm_timeout_s IS NOT NEW.comm_timeout_s
    OR OLD.on_delay_s IS NOT NEW.on_delay_s OR OLD.l1 IS NOT NEW.l1 OR OLD.l2 IS NOT NEW.l2
    OR OLD.direction IS NOT NEW.direction OR OLD.opposite_l1 IS NOT NEW.opposite_l1
BEGIN
  UPDATE sensors SET tick_due = 0 WHERE id = NEW.id;
END;

-- Rollup retention by the same idea: the oldest minute is one seek, so
-- expired rollups go as soon as they expire instead of one sensor a second
-- in a round robin (4 days for a round at 375,000 sensors). Rollup rows are
-- inserted once per sensor and minute and never change their minute, so
-- the index costs little on ingest.
CREATE INDEX readings_minute_minute ON readings_minute(minute);
