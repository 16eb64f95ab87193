#!/usr/bin/env bash
# Runs a small demo with --keep-running, lints every /metrics URL of its summary with promtool, compares the
# journaled readings with the summary, then starts a real Prometheus (Debian package prometheus) on 127.0.0.1:9091
# with ops/prometheus/prometheus.yml (2 s scrapes) and prints up, the same sum and the state of every alert rule.
set -u
cd "$(dirname "$0")/../.."
rm -rf var/M5; mkdir -p var/M5
./ami demo --meters 2000 --slots 3 --date 2026-11-22 --keep-running --var var/M5 --summary var/M5/s.json > var/M5/demo.log 2>&1 &
DEMO=$!
for i in $(seq 1 300); do [ -f var/M5/s.json ] && break; sleep 1; done
python3 -c "import json;s=json.load(open('var/M5/s.json'));print('operator',json.dumps(s['operator']));print('journaled',s['readings']['journaled'])"
for u in $(python3 -c "import json;print(' '.join(json.load(open('var/M5/s.json'))['operator']['metrics']))"); do
  echo "== $u"; curl -s $u | promtool check metrics && echo "promtool check metrics: ok"
done
curl -s http://127.0.0.1:7202/metrics | grep '^ami_hes_readings_journaled_total' 
curl -s http://127.0.0.1:7202/metrics | awk '/^ami_hes_readings_journaled_total/{s+=$2} END{print "sum ami_hes_readings_journaled_total =", s}'
sed 's/scrape_interval: 15s/scrape_interval: 2s/; s/evaluation_interval: 15s/evaluation_interval: 2s/' ops/prometheus/prometheus.yml > var/M5/prometheus.yml
cp ops/prometheus/alerts.yml var/M5/
prometheus --config.file=var/M5/prometheus.yml --storage.tsdb.path=var/M5/tsdb --web.listen-address=127.0.0.1:9091 > var/M5/prometheus.log 2>&1 &
PROM=$!
sleep 12
curl -s 'http://127.0.0.1:9091/api/v1/query?query=up' | python3 -c "import json,sys;d=json.load(sys.stdin);print('up:',[(r['metric']['job'],r['value'][1]) for r in d['data']['result']])"
curl -s 'http://127.0.0.1:9091/api/v1/query?query=sum(ami_hes_readings_journaled_total)' | python3 -c "import json,sys;d=json.load(sys.stdin);print('prometheus sum journaled:',[r['value'][1] for r in d['data']['result']])"
curl -s 'http://127.0.0.1:9091/api/v1/rules' | python3 -c "import json,sys;d=json.load(sys.stdin);print('rules:',[(r['name'],r['state'],r['health']) for g in d['data']['groups'] for r in g['rules']])"
kill $PROM; kill $DEMO; wait 2>/dev/null
