#!/bin/bash
# Secure broker connections (issue 9, "Broker security"):
#   - TLS: a throw-away CA and server certificates; `record` over mqtts://
#     with the CA from the config file stores a reading published over TLS;
#     a wrong CA, an expired certificate and a host-name mismatch each give a
#     clear, specific reason in record's log (once, not a silent retry loop).
#   - Authentication: password_file + allow_anonymous false; credentials from
#     the config file or the environment work, wrong ones say "not authorised",
#     the password is never on the recorder's command line (one given in the
#     --broker URL is replaced by "***" in what ps shows), and a config file
#     holding a password that others can read draws a warning.
#   - ACL: the console's user may not write park/#; the console runs normally
#     and never tries to.
. "$abs_top_srcdir/tests/integration/lib.sh"

command -v openssl >/dev/null 2>&1 || skip "openssl is not installed"
command -v mosquitto_passwd >/dev/null 2>&1 || skip "mosquitto_passwd is not installed"

D=$(pw_tmpdir)
export PARKWATCH_DB="$D/park.db"

log_has() { grep -qE -- "$2" "$(bg_log "$1")"; }
has_reading_at() { "$PW" query readings | awk -F '\t' -v t="$1" '$0 ~ t { f = 1 } END { exit !f }'; }

assert_exit 0 "$PW" db init
assert_exit 0 "$PW" seed --enterprises 3 --seed 7
read -r ENT SENSOR < <("$PW" query sensors | awk -F '\t' '
	NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
	!done { print $idx["enterprise_code"], $idx["code"]; done = 1 }')
[ -n "$SENSOR" ] || fail "the seeded park has no sensor"
TOPIC="park/$ENT/$SENSOR/reading"
TS=$(($(date +%s%3N) - 5000))

# ---------------------------------------------------------------------------
# Certificates (EC keys: fast)

C="$D/pki"
mkdir -p "$C/db"
ec_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
make_ca()
{
	ec_key "$C/$1.key"
	openssl req -x509 -new -key "$C/$1.key" -out "$C/$1.crt" -days 2 -subj "/CN=$1" 2>/dev/null
}
# make_server NAME CN SAN: a server certificate signed by ca, valid now.
make_server()
{
	ec_key "$C/$1.key"
	openssl req -new -key "$C/$1.key" -out "$C/$1.csr" -subj "/CN=$2" 2>/dev/null
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$3" >"$C/$1.ext"
	openssl x509 -req -in "$C/$1.csr" -CA "$C/ca.crt" -CAkey "$C/ca.key" -CAcreateserial \
		-out "$C/$1.crt" -days 2 -extfile "$C/$1.ext" 2>/dev/null
}
make_ca ca
make_ca otherca
make_server good localhost "IP:127.0.0.1,DNS:localhost"
make_server wrongname wrong.example "DNS:wrong.example"
# Expired: `openssl ca` takes explicit validity dates.
: >"$C/db/index.txt"
echo 01 >"$C/db/serial"
cat >"$C/ca.cnf" <<EOF
[ca]
default_ca = tca
[tca]
database = $C/db/index.txt
serial = $C/db/serial
new_certs_dir = $C/db
certificate = $C/ca.crt
private_key = $C/ca.key
default_md = sha256
policy = pol
copy_extensions = copy
unique_subject = no
[pol]
commonName = supplied
EOF
ec_key "$C/expired.key"
openssl req -new -key "$C/expired.key" -out "$C/expired.csr" -subj "/CN=localhost" \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
openssl ca -batch -config "$C/ca.cnf" -in "$C/expired.csr" -out "$C/expired.crt" \
	-startdate 20200101000000Z -enddate 20200102000000Z >/dev/null 2>&1 ||
	hard_error "openssl ca could not make the expired certificate"
for f in good wrongname expired; do
	[ -s "$C/$f.crt" ] || hard_error "certificate $f was not made"
done
# mosquitto may run as another user than the test: the keys must be readable.
chmod 0644 "$C"/*.key

# ---------------------------------------------------------------------------
# TLS: one broker, three TLS listeners (good, expired, wrong name)

PORT_EXPIRED=$(free_port)
PORT_WRONGNAME=$(free_port)
[ "$PORT_EXPIRED" != "$PORT_WRONGNAME" ] || PORT_WRONGNAME=$(free_port)
BROKER_CONF_EXTRA="certfile $C/good.crt
keyfile $C/good.key
listener $PORT_EXPIRED 127.0.0.1
certfile $C/expired.crt
keyfile $C/expired.key
listener $PORT_WRONGNAME 127.0.0.1
certfile $C/wrongname.crt
keyfile $C/wrongname.key"
broker_start
wait_until 10 grep -q "listen socket on port $PORT_WRONGNAME" "$BROKER_DIR/mosquitto.log" ||
	hard_error "the broker did not open its TLS listeners"
TLS_URL="mqtts://127.0.0.1:$BROKER_PORT"

printf '[mqtt]\ncafile = %s\n' "$C/ca.crt" >"$D/tls.ini"
printf '[mqtt]\ncafile = %s\n' "$C/otherca.crt" >"$D/otherca.ini"

# The good case: connect, store a reading published over TLS.
bg_start tls_ok "$PW" --config "$D/tls.ini" --broker "$TLS_URL" record --client-id "pwtest-tls-$$"
wait_until 15 log_has tls_ok "link up" || fail "record did not connect over TLS: $(cat "$(bg_log tls_ok)")"
TS=$((TS + 1))
mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" --cafile "$C/ca.crt" -q 1 -t "$TOPIC" \
	-m "{\"ts\": $TS, \"value\": 1.25}" || fail "mosquitto_pub over TLS failed"
wait_until 10 has_reading_at "$TS" || fail "a reading published over TLS was not stored"
bg_stop tls_ok
assert_eq 0 "$BG_STATUS" "record exits 0 on SIGTERM"

# tls_refused NAME CONFIG URL REGEX: record is refused with a reason matching
# REGEX, says so once (no silent loop, no log flood) and keeps running.
tls_refused()
{
	local name=$1 cfg=$2 url=$3 re=$4 log n
	bg_start "$name" "$PW" --config "$cfg" --broker "$url" record --client-id "pwtest-$name-$$"
	log=$(bg_log "$name")
	wait_until 15 grep -q "link down" "$log" || fail "$name: no link-down message: $(cat "$log")"
	grep -qE -- "link down: $re" "$log" || fail "$name: unclear reason (want /$re/): $(cat "$log")"
	assert_not_contains "$(cat "$log")" "link up" "$name: connected although the certificate is bad"
	# Let it retry a few times (backoff 0.5, 1, 2 s): the same reason is not repeated.
	sleep 2.5
	kill -0 "$(bg_pid "$name")" 2>/dev/null || fail "$name: record died: $(cat "$log")"
	n=$(grep -c "link down" "$log" || true)
	[ "$n" -le 2 ] || fail "$name: the same failure was logged $n times: $(cat "$log")"
	bg_stop "$name"
	assert_eq 0 "$BG_STATUS" "$name: record exits 0 on SIGTERM"
}
tls_refused tls_wrong_ca "$D/otherca.ini" "$TLS_URL" \
	'TLS: certificate verify failed \((self-signed certificate in certificate chain|unable to get local issuer certificate)\)'
tls_refused tls_expired "$D/tls.ini" "mqtts://127.0.0.1:$PORT_EXPIRED" \
	'TLS: certificate verify failed \(certificate has expired\)'
tls_refused tls_wrong_name "$D/tls.ini" "mqtts://127.0.0.1:$PORT_WRONGNAME" \
	'TLS: host name mismatch, certificate not for 127\.0\.0\.1'
# The console says it on its status line too (not a silent retry loop).
tui_start con_tls 160 30 "$PW" --config "$D/otherca.ini" --broker "$TLS_URL" console --operator tls-test
tui_wait con_tls "MQTT DOWN [0-9:]+ .*TLS: certificate verify failed \\((self-signed|unable to get local issuer)" 20
tui_keys con_tls q
assert_eq 0 "$(tui_exit_status con_tls 10)" "the console quits with status 0"
broker_stop

# ---------------------------------------------------------------------------
# Authentication and ACL: a plain listener, no anonymous access.

OP_PW='op-S3cret-xyzzy'
REC_PW='rec-S3cret-plugh'
GW_PW='gw-S3cret'
mosquitto_passwd -c -b "$D/passwd" operator "$OP_PW" >/dev/null
mosquitto_passwd -b "$D/passwd" recorder "$REC_PW" >/dev/null
mosquitto_passwd -b "$D/passwd" gateway "$GW_PW" >/dev/null
mosquitto_passwd -b "$D/passwd" watcher watcher >/dev/null
# Anything not granted is denied: the operator (console) only reads park/#.
cat >"$D/acl" <<'EOF'
user operator
topic read park/#
topic readwrite parkwatch/presence/#

user recorder
topic read park/#
topic readwrite parkwatch/presence/#

user gateway
topic write park/#

user watcher
topic read parkwatch/#
EOF
chmod 0644 "$D/passwd" "$D/acl"
BROKER_DIR=
BROKER_CONF_EXTRA="allow_anonymous false
password_file $D/passwd
acl_file $D/acl
log_type debug"
broker_start
AUTH_URL="mqtt://127.0.0.1:$BROKER_PORT"
gw_pub() { mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -u gateway -P "$GW_PW" "$@"; }

# Anonymous access is really refused (the test would prove nothing otherwise).
if mosquitto_pub -h 127.0.0.1 -p "$BROKER_PORT" -t "$TOPIC" -m x 2>/dev/null; then
	fail "the broker accepted an anonymous client"
fi

# A config file holding a password, readable by others: a warning.
printf '[mqtt]\nusername = recorder\npassword = %s\n' "$REC_PW" >"$D/rec.ini"
chmod 0644 "$D/rec.ini"
run "$PW" --config "$D/rec.ini" query enterprises
assert_eq 0 "$RUN_RC" "a readable config file is a warning, not an error"
assert_match "$RUN_ERR" "warning: .*rec\.ini.*password.*readable by others" "no warning for a world-readable password file"
assert_not_contains "$RUN_ERR" "$REC_PW" "the warning shows the password"
chmod 0600 "$D/rec.ini"
run "$PW" --config "$D/rec.ini" query enterprises
assert_not_contains "$RUN_ERR" "readable by others" "warning although the file is private"

# Right credentials from the config file.
bg_start rec_cfg "$PW" --config "$D/rec.ini" --broker "$AUTH_URL" record --client-id "pwtest-auth-$$"
wait_until 15 log_has rec_cfg "link up" || fail "record (config credentials) did not connect: $(cat "$(bg_log rec_cfg)")"
TS=$((TS + 1))
gw_pub -q 1 -t "$TOPIC" -m "{\"ts\": $TS, \"value\": 2.5}"
wait_until 10 has_reading_at "$TS" || fail "a reading was not stored with config credentials"
bg_stop rec_cfg

# Right credentials from the environment; the password is not on argv.
printf '[mqtt]\n' >"$D/empty.ini"
PARKWATCH_MQTT_USERNAME=recorder PARKWATCH_MQTT_PASSWORD="$REC_PW" \
	bg_start rec_env "$PW" --config "$D/empty.ini" --broker "$AUTH_URL" record --client-id "pwtest-auth-$$"
wait_until 15 log_has rec_env "link up" || fail "record (environment credentials) did not connect: $(cat "$(bg_log rec_env)")"
ARGS=$(ps -o args= -p "$(bg_pid rec_env)")
[ -n "$ARGS" ] || fail "cannot read the recorder's command line"
assert_not_contains "$ARGS" "$REC_PW" "the password is on the recorder's command line"
assert_not_contains "$(cat "$(bg_log rec_env)")" "$REC_PW" "the password is in the recorder's log"
TS=$((TS + 1))
gw_pub -q 1 -t "$TOPIC" -m "{\"ts\": $TS, \"value\": 2.75}"
wait_until 10 has_reading_at "$TS" || fail "a reading was not stored with environment credentials"
bg_stop rec_env

# Credentials in the --broker URL work, and ps shows "***" in their place.
bg_start rec_url "$PW" --config "$D/empty.ini" --broker "mqtt://recorder:$REC_PW@127.0.0.1:$BROKER_PORT" \
	record --client-id "pwtest-auth-$$"
wait_until 15 log_has rec_url "link up" || fail "record (URL credentials) did not connect: $(cat "$(bg_log rec_url)")"
ARGS=$(ps -o args= -p "$(bg_pid rec_url)")
assert_not_contains "$ARGS" "$REC_PW" "the URL's password is visible in ps"
assert_contains "$ARGS" "mqtt://recorder:***@127.0.0.1:$BROKER_PORT" "ps does not show the redacted URL"
assert_not_contains "$(cat "$(bg_log rec_url)")" "$REC_PW" "the URL's password is in the recorder's log"
bg_stop rec_url

# Wrong password: "not authorised", plainly, once; no password in the log.
PARKWATCH_MQTT_USERNAME=recorder PARKWATCH_MQTT_PASSWORD=wrong-guess \
	bg_start rec_bad "$PW" --config "$D/empty.ini" --broker "$AUTH_URL" record --client-id "pwtest-auth-$$"
wait_until 15 log_has rec_bad "link down" || fail "no link-down message with a wrong password: $(cat "$(bg_log rec_bad)")"
assert_match "$(cat "$(bg_log rec_bad)")" "link down: connection refused: not authori[sz]ed" "wrong credentials not said plainly"
assert_not_contains "$(cat "$(bg_log rec_bad)")" "wrong-guess" "the password is in the log"
bg_stop rec_bad
printf '[mqtt]\nusername = operator\npassword = wrong-guess\n' >"$D/badpw.ini"
chmod 0600 "$D/badpw.ini"
tui_start con_bad 120 30 "$PW" --config "$D/badpw.ini" --broker "$AUTH_URL" console --operator auth-test
tui_wait con_bad "MQTT DOWN [0-9:]+ .*connection refused: not authori[sz]ed" 20
tui_keys con_bad q
assert_eq 0 "$(tui_exit_status con_bad 10)" "the console quits with status 0"

# ---------------------------------------------------------------------------
# ACL: the console's user cannot write park/#; the console works regardless.

printf '[mqtt]\nusername = operator\npassword = %s\n' "$OP_PW" >"$D/console.ini"
chmod 0600 "$D/console.ini"
bg_start presence mosquitto_sub -h 127.0.0.1 -p "$BROKER_PORT" -u watcher -P watcher -v \
	-t 'parkwatch/presence/console/#'
tui_start con 100 30 "$PW" --config "$D/console.ini" --broker "$AUTH_URL" console --operator acl-test
tui_wait con "MQTT up" 20
wait_until 10 grep -qE "^parkwatch/presence/console/.* online" "$(bg_log presence)" ||
	fail "the console's presence 'online' was not published: $(cat "$(bg_log presence)")"
# Live traffic reaches it; the link stays up.
TS=$((TS + 1))
gw_pub -q 1 -t "$TOPIC" -m "{\"ts\": $TS, \"value\": 3.0}"
tui_keys con 2
tui_wait con "MQTT up" 5
tui_keys con q
assert_eq 0 "$(tui_exit_status con 10)" "the console quits with status 0"
wait_until 10 grep -qE "^parkwatch/presence/console/.* offline" "$(bg_log presence)" ||
	fail "the console's presence 'offline' was not published: $(cat "$(bg_log presence)")"
if grep -E "Denied PUBLISH from parkwatch-console" "$BROKER_DIR/mosquitto.log" >&2; then
	fail "the console tried to publish where its ACL denies it"
fi
grep -q "Denied" "$BROKER_DIR/mosquitto.log" && note "broker denials: $(grep Denied "$BROKER_DIR/mosquitto.log")"
exit 0
