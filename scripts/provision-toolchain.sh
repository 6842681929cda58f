#!/usr/bin/env bash
# Provisions the cross toolchain and emulator Bulkhead builds and tests with:
# gcc-arm-none-eabi, qemu-system-arm (QEMU 9 or later: `-audio none`, `-accel tcg,one-insn-per-tb=on` and
# the mps3-an536 board), qemu-user (user-mode qemu-arm, which runs the transpiler's Cortex-R5F
# differential builds), gdb-multiarch, cppcheck, clang-format (the layout check of the hand-written C),
# python3-can (python-can, used by the interoperability test of the virtual CAN bus) and chromium (the
# headless browser of the dashboard's end-to-end test, driven by playwright-core)
# (Debian/Ubuntu packages).
# Where the distribution's own QEMU is older than 9 (Debian 12 "bookworm" ships 7.2), QEMU comes from
# the bookworm-backports suite of Debian's archive (10.0 at the time of writing).
# Idempotent. As root on Debian/Ubuntu it installs what is missing; otherwise it prints
# the exact commands to run and exits 1.
#   --check              only report, exit 1 when something is missing
#   --check-or-install   install when possible (default)
set -u
mode="${1:---check-or-install}"
minimum_qemu_major=9

# tool on PATH -> Debian package that provides it
tools=(arm-none-eabi-gcc qemu-system-arm qemu-arm gdb-multiarch cppcheck clang-format)
packages=(gcc-arm-none-eabi qemu-system-arm qemu-user gdb-multiarch cppcheck clang-format)

qemu_major() {
  qemu-system-arm --version 2>/dev/null | head -1 | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p'
}

missing=()
for i in "${!tools[@]}"; do
  command -v "${tools[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
# Debian's own interpreter, which python3-can installs into (a PATH python3 may be another one).
/usr/bin/python3 -c 'import can' >/dev/null 2>&1 || missing+=(python3-can)
# The dashboard test drives Debian's Chromium (Playwright's own browsers are not downloaded).
[ -x /usr/bin/chromium ] || missing+=(chromium)

# QEMU older than the runner supports: reinstall both QEMU packages from a suite that has a newer one.
old_qemu=""
if command -v qemu-system-arm >/dev/null 2>&1; then
  major="$(qemu_major)"
  if [ -z "$major" ] || [ "$major" -lt "$minimum_qemu_major" ]; then
    old_qemu="$(qemu-system-arm --version | head -1)"
  fi
fi

if [ "${#missing[@]}" -eq 0 ] && [ -z "$old_qemu" ]; then
  echo "toolchain: ok ($(arm-none-eabi-gcc -dumpversion 2>/dev/null | head -1) arm-none-eabi-gcc, $(qemu-system-arm --version | head -1 | sed 's/.*version \([0-9.]*\).*/qemu \1/'))"
  exit 0
fi

# Where QEMU must come from: the distribution's suite when its candidate is new enough, else
# bookworm-backports on Debian 12.
codename="$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")"
backports_list=/etc/apt/sources.list.d/bookworm-backports.list
needs_qemu=false
for p in "${missing[@]}"; do [ "$p" = qemu-system-arm ] && needs_qemu=true; done
[ -n "$old_qemu" ] && needs_qemu=true
use_backports=false
if $needs_qemu && [ "$codename" = bookworm ]; then
  use_backports=true
fi

plain=()
for p in "${missing[@]}"; do
  if $use_backports && { [ "$p" = qemu-system-arm ] || [ "$p" = qemu-user ]; }; then continue; fi
  plain+=("$p")
done

commands=()
if $use_backports; then
  commands+=("echo 'deb http://deb.debian.org/debian bookworm-backports main' > $backports_list")
fi
commands+=("apt-get update")
[ "${#plain[@]}" -gt 0 ] && commands+=("apt-get install -y ${plain[*]}")
if $use_backports; then
  commands+=("apt-get install -y -t bookworm-backports qemu-system-arm qemu-user")
elif $needs_qemu && [ -n "$old_qemu" ]; then
  commands+=("apt-get install -y qemu-system-arm qemu-user  # must give QEMU >= $minimum_qemu_major")
fi
joined=""
for c in "${commands[@]}"; do joined="${joined:+$joined && }$c"; done

report_missing() {
  [ "${#missing[@]}" -gt 0 ] && echo "toolchain: missing ${missing[*]}" >&2
  [ -n "$old_qemu" ] && echo "toolchain: $old_qemu is too old; Bulkhead needs QEMU $minimum_qemu_major or later" >&2
  return 0
}

if [ "$mode" = "--check" ]; then
  report_missing
  echo "toolchain: install with: sudo sh -c \"$joined\"" >&2
  exit 1
fi

verify_qemu() {
  local major
  major="$(qemu_major)"
  if [ -z "$major" ] || [ "$major" -lt "$minimum_qemu_major" ]; then
    echo "toolchain: qemu-system-arm is still older than $minimum_qemu_major ($(qemu-system-arm --version 2>/dev/null | head -1))" >&2
    return 1
  fi
}

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  report_missing
  echo "toolchain: installing (${joined})"
  export DEBIAN_FRONTEND=noninteractive
  if sh -c "$joined" >/dev/null && verify_qemu; then
    echo "toolchain: installed; $(qemu-system-arm --version | head -1)"
    exit 0
  fi
  echo "toolchain: installation failed; run: $joined" >&2
  exit 1
fi

if command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "toolchain: installing with sudo (${joined})"
  if sudo -n sh -c "DEBIAN_FRONTEND=noninteractive; export DEBIAN_FRONTEND; $joined" >/dev/null && verify_qemu; then
    exit 0
  fi
fi

report_missing
echo "toolchain: Bulkhead needs these Debian/Ubuntu packages. Install them with:" >&2
echo "    sudo sh -c \"$joined\"" >&2
exit 1
