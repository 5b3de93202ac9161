#!/usr/bin/env bash
# Registration load: wilddns serve, Debian's pebble validating against it (PEBBLE_VA_NOSLEEP=1) and wilddns registrar
# serve ordering from pebble, all on loopback; registers DEVICES devices (default 200), enrolls them all at once with
# curl and openssl as a device would (202 until ready, then 200), and prints how many got a certificate for their
# wildcard names, ACME orders per device (the registrar's "ordered" lines), the median and 95th-percentile time from
# the first request to the certificate, and the orders-in-flight cap (WildDns:Registrar:OrdersInFlight).
#
#   bench/registrar-load.sh [DEVICES] [ORDERS_IN_FLIGHT]
#
# Needs: dotnet, pebble, curl, openssl, python3. Everything runs in a temporary directory, removed at the end, and every
# process it started is stopped by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

devices=${1:-200}
in_flight=${2:-10}
deadline_seconds=${DEADLINE_SECONDS:-900}
for tool in dotnet pebble curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "registrar-load: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d /tmp/wilddns-registrar-load.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/WildDns -v quiet -nologo >/dev/null
wilddns=(dotnet src/WildDns/bin/Release/net10.0/wilddns.dll)

# Free loopback ports, each held open while the next is picked, so no two are the same.
read -r dns_port control_port ops_port pebble_port pebble_mgmt pebble_http pebble_tls est_port admin_port registrar_ops_port < <(python3 - <<'EOF'
import socket
held = [socket.socket() for _ in range(10)]
for s in held: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in held])
EOF
)

# until TIMEOUT COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after TIMEOUT seconds.
until_ok() {
  local end=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || return 1
    sleep 0.2
  done
}

mkdir -p "$work/server" "$work/registrar" "$work/devices"
"${wilddns[@]}" serve --dns-port "$dns_port" --listen 127.0.0.1 --control-port "$control_port" --ops-port "$ops_port" \
  --data "$work/server" --zones zones >"$work/server.log" 2>&1 &
pids+=($!)
until_ok 60 curl -sf --http1.1 "http://127.0.0.1:$ops_port/health/ready" || { echo "wilddns serve did not start" >&2; cat "$work/server.log" >&2; exit 1; }

# Debian's pebble ships without its HTTPS certificate: a throwaway one for 127.0.0.1 and localhost.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=pebble load listener" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$work/pebble-tls.key" -out "$work/pebble-tls.pem" 2>/dev/null
cat >"$work/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:$pebble_port", "managementListenAddress": "127.0.0.1:$pebble_mgmt",
  "certificate": "$work/pebble-tls.pem", "privateKey": "$work/pebble-tls.key",
  "httpPort": $pebble_http, "tlsPort": $pebble_tls, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
# No nonce rejections: the run measures the registrar, not pebble's fault injection.
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 pebble -config "$work/pebble.json" -dnsserver "127.0.0.1:$dns_port" \
  >"$work/pebble.log" 2>&1 &
pids+=($!)
until_ok 60 curl -sf --cacert "$work/pebble-tls.pem" "https://127.0.0.1:$pebble_port/dir" || { echo "pebble did not start" >&2; cat "$work/pebble.log" >&2; exit 1; }
curl -sf --cacert "$work/pebble-tls.pem" "https://127.0.0.1:$pebble_mgmt/roots/0" >"$work/pebble-root.pem"

"${wilddns[@]}" registrar serve --data "$work/registrar" --zone cert.example.com \
  --est-port "$est_port" --admin-port "$admin_port" --ops-port "$registrar_ops_port" \
  --acme-directory "https://127.0.0.1:$pebble_port/dir" --acme-ca-file "$work/pebble-tls.pem" --ca-certs "$work/pebble-root.pem" \
  --control "http://127.0.0.1:$control_port" --control-token-file "$work/server/control.token" \
  --nameserver "127.0.0.1:$dns_port" \
  --WildDns:Registrar:Est:Listen 127.0.0.1 --WildDns:Registrar:RetryAfter 00:00:01 \
  --WildDns:Registrar:OrdersInFlight "$in_flight" >"$work/registrar.log" 2>&1 &
pids+=($!)
est="https://localhost:$est_port/.well-known/est"
until_ok 60 curl -sf --cacert "$work/registrar/est.crt" "$est/cacerts" || { echo "wilddns registrar serve did not start" >&2; cat "$work/registrar.log" >&2; exit 1; }

# The factory line: one dataset per device, four registrations at a time (each is its own wilddns process).
echo "registering $devices devices ..." >&2
seq 1 "$devices" | xargs -P 4 -I{} "${wilddns[@]}" registrar register --vendor "Acme Medical" --model CT-9 --serial "load-{}" \
  --institution hospital-abc --out "$work/devices/{}.json" --server "http://127.0.0.1:$admin_port" --data "$work/registrar" >/dev/null

# The device side, as curl and openssl do it: a P-256 key and request for the dataset's names, then simpleenroll until 200.
enroll() {
  local n=$1 dir="$work/devices/$1" certid secret first names
  mkdir -p "$dir"
  read -r certid secret first names < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["certid"], d["secret"], d["names"][0], ",".join("DNS:"+n for n in d["names"]))' "$work/devices/$n.json")
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/key.pem" -subj "/CN=$first" \
    -addext "subjectAltName=$names" -outform DER -out "$dir/csr.der" 2>"$dir/openssl.log" || { echo "$certid csr 0 0"; return; }
  openssl base64 -in "$dir/csr.der" -out "$dir/csr.b64"
  local start status end=$((SECONDS + deadline_seconds))
  start=$(date +%s.%N)
  while ((SECONDS < end)); do
    status=$(curl -s --cacert "$work/registrar/est.crt" -u "$certid:$secret" -H "Content-Type: application/pkcs10" \
      -H "Content-Transfer-Encoding: base64" --data-binary "@$dir/csr.b64" -o "$dir/answer.b64" -w '%{http_code}' "$est/simpleenroll" || true)
    [[ $status == 202 || $status == 000 ]] || break
    sleep 1
  done
  local seconds
  seconds=$(awk -v from="$start" -v to="$(date +%s.%N)" 'BEGIN { printf "%.2f", to - from }')
  local issued=0
  if [[ $status == 200 ]] && openssl base64 -d -in "$dir/answer.b64" | openssl pkcs7 -inform DER -print_certs 2>/dev/null \
      | openssl x509 -noout -ext subjectAltName 2>/dev/null | grep -q "DNS:\*\.$certid\.cert\.example\.com"; then
    issued=1
  fi
  echo "$certid $status $issued $seconds"
}
export -f enroll
export work est deadline_seconds

echo "enrolling $devices devices at once (orders in flight: $in_flight) ..." >&2
seq 1 "$devices" | xargs -P "$devices" -I{} bash -c 'enroll {}' >"$work/results.txt"

issued=$(awk '$3 == 1 { n++ } END { print n + 0 }' "$work/results.txt")
orders=$(grep -c '): ordered ' "$work/registrar.log" || true)
ordered_devices=$( (grep -o '([a-z0-9]*): ordered ' "$work/registrar.log" || true) | sort -u | wc -l)
read -r median p95 max < <(awk '$3 == 1 { print $4 }' "$work/results.txt" | sort -n | awk '
  { t[NR] = $1 }
  END { if (NR == 0) { print "- - -"; exit }
        printf "%.1f %.1f %.1f\n", t[int((NR + 1) / 2)], t[int(NR * 0.95 + 0.999999)], t[NR] }')

echo "devices:                 $devices"
echo "issued (wildcard leaf):  $issued"
echo "ACME orders:             $orders for $ordered_devices devices ($(awk -v o="$orders" -v d="$devices" 'BEGIN { printf "%.2f", o / d }') per device)"
echo "time to certificate:     median $median s, p95 $p95 s, max $max s (first request to the 200, polling every 1 s)"
echo "orders in flight (cap):  $in_flight (WildDns:Registrar:OrdersInFlight)"
# The registrar's own view, from its operations port: issued enrollments and the mean time from acceptance to certificate.
curl -sf --http1.1 "http://127.0.0.1:$registrar_ops_port/metrics" | awk '
  /^wilddns_registration_enrollments_total\{.*outcome="issued"/ { issued += $NF }
  /^wilddns_registration_acme_orders_total\{.*outcome="placed"/ { placed += $NF }
  /^wilddns_registration_enrollment_duration_seconds_sum/ { sum += $NF }
  /^wilddns_registration_enrollment_duration_seconds_count/ { count += $NF }
  END { printf "registrar /metrics:      %d issued, %d orders placed, mean acceptance to certificate %.1f s\n", issued, placed, count ? sum / count : 0 }'
if ((issued != devices)); then
  echo "not issued:" >&2
  awk '$3 != 1' "$work/results.txt" >&2
  tail -20 "$work/registrar.log" >&2
  exit 1
fi
