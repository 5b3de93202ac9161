#!/usr/bin/env bash
# Checks what the Dockerfile builds without Docker: runs its publish command into a temporary directory, starts the output
# with the image's ENV and ENTRYPOINT (paths moved to temporary ones) plus switches a user would add after the image name
# (ports, and --WildDns:Dns:MaxUdpSize 1400), and checks that DNS still listens on 0.0.0.0 (the log line, and an answer
# on 127.0.0.1), that the added switch took effect, that the health check passes, and that SIGTERM exits 0.
# Also checks .dockerignore and the systemd unit against the published folder.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-image: $*" >&2; [ -f "$work/server.log" ] && cat "$work/server.log" >&2; exit 1; }

# .dockerignore: COPY . . must not take a data directory (control.token), build output or the history.
for pattern in 'data/' '**/data/' '*.token' '**/bin/' '**/obj/' '.git'; do
  grep -qxF -- "$pattern" .dockerignore || fail ".dockerignore lacks '$pattern'"
done

publish=$(sed -n 's/^RUN \(dotnet publish .*\)$/\1/p' Dockerfile)
[ -n "$publish" ] || fail "no 'RUN dotnet publish' line in the Dockerfile"
echo "check-image: ${publish/-o \/app/-o $work/app}"
${publish/-o \/app/-o $work/app} >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }

# The systemd unit's Documentation= links must exist in what publish produced (the unit expects it in /opt/wilddns).
for link in $(sed -n 's/^Documentation=//p' deploy/wilddns.service); do
  path=${link#file:///opt/wilddns/}
  [ "$path" != "$link" ] || fail "deploy/wilddns.service: Documentation=$link is not in /opt/wilddns"
  [ -f "$work/app/$path" ] || fail "deploy/wilddns.service: Documentation=$link, but publish wrote no $path"
done
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify deploy/wilddns.service || fail "systemd-analyze verify deploy/wilddns.service failed"
fi

move_paths() {
  local word=$1
  word=${word//\/app\//$work/app/}
  word=${word//\/etc\/wilddns\/zones/$work/zones}
  word=${word//\/var\/lib\/wilddns/$work/data}
  printf '%s' "$word"
}

# ENV KEY=VALUE \ KEY=VALUE ...: every pair, continuation lines included (no value holds a space).
mapfile -t environment < <(awk '/^ENV / { on = 1; sub(/^ENV /, "") } on { line = $0; more = sub(/\\$/, "", line); n = split(line, words, " "); for (i = 1; i <= n; i++) if (words[i] != "") print words[i]; on = more }' Dockerfile)
grep -qx 'WildDns__Dns__Listen__0=0.0.0.0' < <(printf '%s\n' "${environment[@]}") || fail "the Dockerfile's ENV does not listen on 0.0.0.0"
variables=()
for pair in "${environment[@]}"; do variables+=("$(move_paths "$pair")"); done

# ENTRYPOINT ["dotnet", "/app/wilddns.dll", "serve"]: the JSON array as words (none holds a comma or a space).
mapfile -t entrypoint < <(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' Dockerfile | tr ',' '\n' | sed 's/^ *"//; s/" *$//')
[ "${#entrypoint[@]}" -gt 2 ] || fail "no ENTRYPOINT array in the Dockerfile"
mkdir -p "$work/zones" "$work/data"
cp zones/*.zone "$work/zones/"
args=()
for word in "${entrypoint[@]}"; do args+=("$(move_paths "$word")"); done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
dns_port=$(free_port)
control_port=$(free_port)
ops_port=$(free_port)
# What a user types after the image name: no --listen, so the image's 0.0.0.0 must stay.
added=(--dns-port "$dns_port" --control-port "$control_port" --ops-port "$ops_port" --WildDns:Dns:MaxUdpSize 1400)
echo "check-image: ${variables[*]} ${args[*]} ${added[*]}"
(cd "$work" && exec env "${variables[@]}" ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true "${args[@]}" "${added[@]}" >"$work/server.log" 2>&1) &
pid=$!

ready=
for _ in $(seq 1 100); do
  if (cd "$work" && env "${variables[@]}" "${args[0]}" "$work/app/wilddns.dll" health --ops-port "$ops_port" >/dev/null 2>&1); then ready=yes; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.3
done
[ -n "$ready" ] || fail "the server did not become ready"

grep -q "Serving DNS on 0.0.0.0:$dns_port " "$work/server.log" || fail "DNS is not listening on 0.0.0.0:$dns_port with a switch added after the image name"
answer=$(dig +short +time=2 +tries=2 -p "$dns_port" @127.0.0.1 192-168-2-1.cald5f5f7ba45.cert.example.com A)
[ "$answer" = "192.168.2.1" ] || fail "DNS answered '$answer', expected 192.168.2.1"
edns=$(dig +edns=0 +bufsize=4096 +time=2 +tries=2 -p "$dns_port" @127.0.0.1 192-168-2-1.cald5f5f7ba45.cert.example.com A)
grep -q 'udp: 1400' <<<"$edns" || fail "the added switch --WildDns:Dns:MaxUdpSize 1400 did not take effect:
$edns"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || fail "exit code $status after SIGTERM"
echo "check-image: published output listened on 0.0.0.0 with switches added, answered DNS, honoured the added switch, was ready, and stopped with exit code 0"
