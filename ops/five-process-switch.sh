#!/usr/bin/env bash
# A supplier switch with every service as its own process, as a utility runs them:
#   ./ami switching, ./ami mdms --switching …, ./ami hes, ./ami front, ./ami sim
# on one simulated clock (each process gets --clock-start computed at its own launch, so they agree to about a
# second of wall time × speed). A retailer takes over a point on its reading day (2026-11-24, a Tuesday: the
# reading day of the groups whose basic day is the 22nd, 23rd or 24th), filed through the front with curl; the MDMS
# is killed with SIGKILL mid-run and restarted. Checks from both retailers' W4 files that the point's values went to
# the old retailer up to 23:59 of the 23rd and to the new one from 00:00 of the 24th, and nowhere else.
#   usage: ops/five-process-switch.sh [VAR_DIR]        (default var/p5; ports 7201 5683 7202 8081 8084 8443 9000 8812)
set -euo pipefail
cd "$(dirname "$0")/.."
VAR=${1:-var/p5}
SPEED=60
T0=2026-11-23T13:20:00Z                 # 22:20 JST
FIRST_SLOT=48                            # 23:30–24:00 JST of the 23rd
SLOTS=4                                  # … to 01:30 JST of the 24th
SWITCH_DATE=2026-11-24
rm -rf "$VAR"; mkdir -p "$VAR/log"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

./ami --help >/dev/null                  # build once, before the clock starts
W0=$(date +%s.%N)
clock_now() { python3 -c "import datetime,sys;t0=datetime.datetime.fromisoformat('${T0%Z}+00:00');w0=float('$W0');import time;print((t0+datetime.timedelta(seconds=(time.time()-w0)*$SPEED)).strftime('%Y-%m-%dT%H:%M:%S.%fZ'))"; }
clock() { echo --clock-start "$(clock_now)" --clock-speed $SPEED; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened"; exit 1; }

# provisioning: keys, PKI, the population's master data
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$VAR/master.key"
./ami certs init --dir "$VAR/pki" >/dev/null
./ami certs server --dir "$VAR/pki" --password pw >/dev/null
for r in R0001 R0002; do ./ami certs client --dir "$VAR/pki" --operator $r --org "Retailer $r" --password pw >/dev/null; done
./ami sim --files-only --meters 200 --master-data "$VAR/master-data.csv" --date 2026-11-23 --first-slot $FIRST_SLOT --slots $SLOTS
FIRST_METER=$(sed -n 2p "$VAR/master-data.csv" | cut -d, -f2)
# the switched point: supplied by R0001, in a group read on the 24th (default assignment: ID mod 20 → group, basic days below)
POINT=$(python3 - "$VAR/master-data.csv" <<'PY'
import csv,sys
basic=[1,2,3,5,6,8,9,10,12,13,15,16,17,19,20,22,23,24,26,27]
for row in csv.DictReader(open(sys.argv[1])):
    g=int(row['supply_point_id'])%20
    if row['retailer']=='R0001' and basic[g] in (22,23,24):
        print(row['supply_point_id']); break
PY
)
echo "switching $POINT from R0001 to R0002 on $SWITCH_DATE (its reading day)"

./ami switching --var "$VAR" --master-data "$VAR/master-data.csv" --deadline-hours 1 $(clock) > "$VAR/log/switching.log" 2>&1 & PIDS+=($!)
wait_port 8084
./ami mdms --var "$VAR" --journal "$VAR/journal" --master-data "$VAR/master-data.csv" --switching http://127.0.0.1:8084 $(clock) \
  > "$VAR/log/mdms-1.log" 2>&1 & MDMS=$!; PIDS+=($MDMS)
./ami hes --journal "$VAR/journal" --master-key-file "$VAR/master.key" --meters 200 --first-meter "$FIRST_METER" $(clock) \
  > "$VAR/log/hes.log" 2>&1 & PIDS+=($!)
./ami front --cert "$VAR/pki/server.crt.pem" --key "$VAR/pki/server.key.pem" --ca "$VAR/pki/ca.crt.pem" \
  --backend-port 8081 --switching-port 8084 > "$VAR/log/front.log" 2>&1 & PIDS+=($!)
wait_port 8081; wait_port 7201; wait_port 8443

curl_as() { local who=$1; shift; curl --silent --show-error --fail --cacert "$VAR/pki/ca.crt.pem" \
  --cert "$VAR/pki/clients/$who.crt.pem" --key "$VAR/pki/clients/$who.key.pem" "$@"; }
B=https://localhost:8443
BROKERING=$(curl_as R0002 -H 'Content-Type: application/json' -H "Idempotency-Key: p5-brokering" -X POST "$B/switching/IS_20110" \
  -d "{\"supplyPointId\":\"$POINT\",\"switchDate\":\"$SWITCH_DATE\",\"contractNumber\":\"K-1\",\"contractName\":\"デモ 太郎\",\"address\":\"東京都千代田区1-1-1\"}" \
  | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
curl_as R0001 -H 'Content-Type: application/json' -X POST "$B/switching/IS_20410" -d "{\"id\":\"$BROKERING\",\"answer\":\"OK\"}" >/dev/null
START=$(curl_as R0002 -H 'Content-Type: application/json' -H "Idempotency-Key: p5-start" -X POST "$B/switching/IF_10610" \
  -d "{\"supplyPointId\":\"$POINT\",\"switchDate\":\"$SWITCH_DATE\"}" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
echo "filed through the front at $(clock_now): 廃止取次 $BROKERING answered OK by R0001, switching start $START by R0002"

# the meters start when the clock reaches the first slot
python3 -c "import time;w0=float('$W0');t=w0+(($(date -d 2026-11-23T14:30:00Z +%s)-$(date -d $T0 +%s))/$SPEED);time.sleep(max(0,t-time.time()))"
./ami sim --meters 200 --master-key-file "$VAR/master.key" --date 2026-11-23 --first-slot $FIRST_SLOT --slots $SLOTS --speed $SPEED \
  > "$VAR/log/sim.log" 2>&1 & SIM=$!; PIDS+=($SIM)

# SIGKILL the MDMS mid-run (00:40 JST of the 24th) and start it again on the same clock
python3 -c "import time;w0=float('$W0');t=w0+(($(date -d 2026-11-23T15:40:00Z +%s)-$(date -d $T0 +%s))/$SPEED);time.sleep(max(0,t-time.time()))"
kill -9 $MDMS; echo "MDMS killed with SIGKILL at $(clock_now)"
./ami mdms --var "$VAR" --journal "$VAR/journal" --master-data "$VAR/master-data.csv" --switching http://127.0.0.1:8084 $(clock) \
  > "$VAR/log/mdms-2.log" 2>&1 & PIDS+=($!)
wait $SIM
# until the last slot's cut-off (01:30 + 20 min JST) has passed on the clock, and its files are out
python3 -c "import time;w0=float('$W0');t=w0+(($(date -d 2026-11-23T16:55:00Z +%s)-$(date -d $T0 +%s))/$SPEED);time.sleep(max(0,t-time.time()))"

python3 - "$VAR/outbox" "$POINT" <<'PY'
import glob,os,sys,zipfile,re
outbox,point=sys.argv[1],sys.argv[2]
seen={}
for r in ('R0001','R0002'):
    for f in sorted(glob.glob(os.path.join(outbox,r,'W41110*.zip'))):
        name=os.path.basename(f); end=name[6:18]; rev=name[18:20]
        with zipfile.ZipFile(f) as z:
            xml=z.read(z.namelist()[0]).decode()
        if point in xml:
            seen.setdefault(end,set()).add(r)
ok=True
for end in sorted(seen):
    want='R0001' if end<='202611240000' else 'R0002'
    good=seen[end]=={want}
    ok&=good
    print(f"slot ending {end}: in {sorted(seen[end])} files {'ok' if good else 'WRONG'}")
ok&=len(seen)==4
print("routed correctly:", ok)
sys.exit(0 if ok else 1)
PY
