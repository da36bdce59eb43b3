#!/bin/bash
# Alarms are a risk input (issue 4): a priority-1 alarm raised through the
# broker and the recorder turns a blue enterprise at least orange, with the
# reason in words, in `query risk` and `query enterprises` alike, and the
# colour change is kept in risk_history.
. "$abs_top_srcdir/tests/integration/lib.sh"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"
"$PW" db init >/dev/null
"$PW" seed --enterprises 40 --seed 5 >/dev/null

# tsv helpers: column number of NAME in TABLE, and the value for a key.
col() { "$PW" query "$1" | awk 'NR == 1' | tr '\t' '\n' | grep -nx "$2" | cut -d: -f1; }
cell()
{
	local kc wc
	kc=$(col "$1" "$2")
	wc=$(col "$1" "$4")
	"$PW" query "$1" | awk -F '\t' -v k="$kc" -v w="$wc" -v key="$3" '$k == key { print $w }'
}

# A gas sensor (high, with L2) of a blue enterprise.
pick()
{
	local sc ec kc dc l2c
	sc=$(col sensors code); ec=$(col sensors enterprise_code); kc=$(col sensors kind)
	dc=$(col sensors direction); l2c=$(col sensors l2)
	"$PW" query sensors | awk -F '\t' -v s="$sc" -v e="$ec" -v k="$kc" -v d="$dc" -v l="$l2c" \
		'NR > 1 && ($k == "nh3" || $k == "lel" || $k == "co") && $d == "high" && $l != "" { print $s "\t" $e "\t" $l }' |
	while IFS=$'\t' read -r s e l; do
		if [ "$(cell risk enterprise_code "$e" colour)" = blue ]; then
			printf '%s\t%s\t%s\n' "$s" "$e" "$l"
			break
		fi
	done
}
IFS=$'\t' read -r SENSOR ENT L2 < <(pick) || true
[ -n "${SENSOR:-}" ] || skip "seeded park has no gas sensor at a blue enterprise"

broker_start
bg_start rec "$PW" --broker "$BROKER_URL" record
wait_until 10 grep -q 'link up' "$(bg_log rec)" || fail "recorder did not connect"

# Two readings above L2, 20 s apart in sensor time: longer than any on-delay.
now=$(date +%s%3N)
value=$(awk -v l="$L2" 'BEGIN { print l * 2 }')
for ts in $((now - 20000)) "$now"; do
	mqtt_pub -q 1 -t "park/$ENT/$SENSOR/reading" -m "{\"ts\": $ts, \"value\": $value}"
done

colour_raised() { case "$(cell risk enterprise_code "$ENT" colour)" in orange|red) return 0 ;; esac; return 1; }
wait_until 15 colour_raised || fail "$ENT stayed $(cell risk enterprise_code "$ENT" colour) after a P1 alarm on $SENSOR"
assert_eq "$(cell risk enterprise_code "$ENT" colour)" "$(cell enterprises code "$ENT" risk)" \
	"query enterprises agrees with query risk"
assert_contains "$(cell risk enterprise_code "$ENT" reasons)" "一级报警"
hist=$(sqlite3 "$PARKWATCH_DB" "SELECT count(*) FROM risk_history h JOIN enterprises e ON e.id = h.enterprise_id WHERE e.code = '$ENT'")
[ "$hist" -ge 2 ] || fail "colour change not in risk_history ($hist rows)"
bg_stop rec
assert_eq 0 "$BG_STATUS" "recorder exit status"
