#!/usr/bin/env bash
# Job: bridge the virtual CAN bus (the bus hub port that `bulkhead start` prints) to a Linux SocketCAN
# interface, so candump, cansend, Wireshark or python-can's `socketcan` interface see the bus as a CAN
# device. socat joins the hub over TCP and gives it a pseudo-terminal; slcand attaches the kernel's
# slcan line discipline to that terminal (500 kbit/s, opened on start, closed on exit) and the
# interface is brought up. Runs until Ctrl-C (or SIGTERM), then takes everything down again.
#   usage: scripts/socketcan-bridge.sh PORT [INTERFACE]     (default interface slcan0)
# Needs root, socat, slcand (Debian: can-utils) and a kernel with the slcan driver (CONFIG_CAN_SLCAN).
set -euo pipefail
port="${1:-}"
iface="${2:-slcan0}"
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "usage: $0 PORT [INTERFACE]   (PORT: the CAN bus hub port printed by bulkhead start; got '${port}')" >&2
  exit 2
fi
for tool in socat slcand ip; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$0: '$tool' is not installed (Debian: apt-get install socat can-utils iproute2)" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "$0: slcand and ip need root" >&2; exit 2; }
modprobe slcan 2>/dev/null || true

pty="$(mktemp -u /tmp/bulkhead-can-XXXXXX)"
socat "PTY,link=${pty},raw,echo=0" "TCP:127.0.0.1:${port}" &
socat_pid=$!
cleanup() {
  ip link set "$iface" down 2>/dev/null || true
  [ -n "${slcand_pid:-}" ] && kill "$slcand_pid" 2>/dev/null || true
  kill "$socat_pid" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM
for _ in $(seq 50); do [ -e "$pty" ] && break; sleep 0.1; done
[ -e "$pty" ] || { echo "$0: socat could not join the bus hub on 127.0.0.1:${port}" >&2; exit 1; }
# -o: send O (open) on start, -c: send C (close) on exit, -s6: 500 kbit/s (S6), -F: stay in the foreground.
slcand -o -c -s6 -F "$pty" "$iface" &
slcand_pid=$!
for _ in $(seq 50); do ip link show "$iface" >/dev/null 2>&1 && break; sleep 0.1; done
ip link show "$iface" >/dev/null 2>&1 || { echo "$0: slcand made no interface '$iface' (does the kernel have the slcan driver?)" >&2; exit 1; }
ip link set "$iface" up
echo "bridge: bus hub 127.0.0.1:${port} <-> SocketCAN ${iface} (Ctrl-C stops)"
wait "$slcand_pid"
