#!/usr/bin/env bash
# Checks what the Dockerfile builds without Docker: runs its publish command into a temporary directory, starts the output
# with the image's ENTRYPOINT (paths moved to temporary ones, ports to free ones), asks DNS and the health check, and stops
# it with SIGTERM, expecting exit code 0.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

publish=$(sed -n 's/^RUN \(dotnet publish .*\)$/\1/p' Dockerfile)
[ -n "$publish" ] || { echo "check-image: no 'RUN dotnet publish' line in the Dockerfile" >&2; exit 1; }
echo "check-image: ${publish/-o \/app/-o $work/app}"
${publish/-o \/app/-o $work/app} >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }

# ENTRYPOINT ["dotnet", "/app/wilddns.dll", "serve", ...]: the JSON array as words (none holds a comma or a space).
mapfile -t entrypoint < <(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' Dockerfile | tr ',' '\n' | sed 's/^ *"//; s/" *$//')
[ "${#entrypoint[@]}" -gt 2 ] || { echo "check-image: no ENTRYPOINT array in the Dockerfile" >&2; exit 1; }
mkdir -p "$work/zones" "$work/data"
cp zones/*.zone "$work/zones/"
args=()
for word in "${entrypoint[@]}"; do
  word=${word//\/app\//$work/app/}
  word=${word//\/etc\/wilddns\/zones/$work/zones}
  word=${word//\/var\/lib\/wilddns/$work/data}
  args+=("$word")
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }
dns_port=$(free_port)
control_port=$(free_port)
ops_port=$(free_port)
echo "check-image: ${args[*]} --listen 127.0.0.1 --dns-port $dns_port --control-port $control_port --ops-port $ops_port"
(cd "$work" && ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true exec "${args[@]}" \
  --listen 127.0.0.1 --dns-port "$dns_port" --control-port "$control_port" --ops-port "$ops_port" >"$work/server.log" 2>&1) &
pid=$!

ready=
for _ in $(seq 1 100); do
  if "${args[0]}" "$work/app/wilddns.dll" health --ops-port "$ops_port" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.3
done
[ -n "$ready" ] || { echo "check-image: the server did not become ready" >&2; cat "$work/server.log" >&2; exit 1; }

answer=$(dig +short +time=2 +tries=2 -p "$dns_port" @127.0.0.1 192-168-2-1.cald5f5f7ba45.cert.example.com A)
[ "$answer" = "192.168.2.1" ] || { echo "check-image: DNS answered '$answer', expected 192.168.2.1" >&2; cat "$work/server.log" >&2; exit 1; }

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || { echo "check-image: exit code $status after SIGTERM" >&2; cat "$work/server.log" >&2; exit 1; }
echo "check-image: published output answered DNS, was ready, and stopped with exit code 0"
