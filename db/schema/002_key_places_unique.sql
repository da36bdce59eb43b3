-- 002: one key place of a name per enterprise.
--
-- `import key_places` keys its rows on (enterprise, name); without a
-- constraint that key was only looked up, and a place added by hand (SQL, a
-- script) could still repeat a name. A database that already holds such
-- repeats keeps the oldest of each name (the one a sensor's `key_place`
-- already resolved to): sensors on a newer copy move to it, then the
-- copies go. The unique index serves the lookups by enterprise too, so
-- key_places_enterprise goes.
UPDATE sensors
   SET key_place_id = (SELECT min(k2.id)
                         FROM key_places AS k1
                         JOIN key_places AS k2
                           ON k2.enterprise_id = k1.enterprise_id AND k2.name = k1.name
                        WHERE k1.id = sensors.key_place_id)
 WHERE key_place_id IS NOT NULL;

DELETE FROM key_places
 WHERE id NOT IN (SELECT min(id) FROM key_places GROUP BY enterprise_id, name);

DROP INDEX key_places_enterprise;
CREATE UNIQUE INDEX key_places_enterprise_name ON key_places(enterprise_id, name);
