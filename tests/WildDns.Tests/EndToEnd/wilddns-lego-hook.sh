#!/bin/sh
# A hook for lego's exec DNS provider (EXEC_PATH=this file). lego runs it as
#   wilddns-lego-hook.sh present|cleanup <fqdn> <value>
# with the fqdn ending in a dot, e.g. _acme-challenge.cald5f5f7ba45.cert.example.com.
# WILDDNS, WILDDNS_SERVER and WILDDNS_DATA default to the installed command and the default server on this machine.
set -eu
wilddns=${WILDDNS:-wilddns}
server=${WILDDNS_SERVER:-http://127.0.0.1:5380}
data=${WILDDNS_DATA:-data}
name=${2%.}
case "$1" in
  present) exec $wilddns challenge publish "$name" "$3" --server "$server" --data "$data" ;;
  cleanup) exec $wilddns challenge remove "$name" "$3" --server "$server" --data "$data" ;;
  *) echo "wilddns-lego-hook: unknown action '$1'" >&2; exit 2 ;;
esac
