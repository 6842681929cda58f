#!/usr/bin/env bash
# Provisions the cross toolchain and emulator Bulkhead builds and tests with:
# gcc-arm-none-eabi, qemu-system-arm, qemu-user (user-mode qemu-arm, which runs the transpiler's
# Cortex-R5F differential builds), gdb-multiarch, cppcheck, clang-format (the layout check of the
# hand-written C), and python3-can (python-can, used by the interoperability test of the virtual CAN
# bus) (Debian/Ubuntu packages).
# Idempotent. As root on Debian/Ubuntu it installs what is missing; otherwise it prints
# the exact command to run and exits 1.
#   --check              only report, exit 1 when something is missing
#   --check-or-install   install when possible (default)
set -u
mode="${1:---check-or-install}"

# tool on PATH -> Debian package that provides it
tools=(arm-none-eabi-gcc qemu-system-arm qemu-arm gdb-multiarch cppcheck clang-format)
packages=(gcc-arm-none-eabi qemu-system-arm qemu-user gdb-multiarch cppcheck clang-format)

missing=()
for i in "${!tools[@]}"; do
  command -v "${tools[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
# Debian's own interpreter, which python3-can installs into (a PATH python3 may be another one).
/usr/bin/python3 -c 'import can' >/dev/null 2>&1 || missing+=(python3-can)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "toolchain: ok ($(arm-none-eabi-gcc -dumpversion 2>/dev/null | head -1) arm-none-eabi-gcc, $(qemu-system-arm --version | head -1 | sed 's/.*version \([0-9.]*\).*/qemu \1/'))"
  exit 0
fi

install_cmd="apt-get update && apt-get install -y ${missing[*]}"
if [ "$mode" = "--check" ]; then
  echo "toolchain: missing ${missing[*]}" >&2
  echo "toolchain: install with: sudo sh -c '$install_cmd'" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "toolchain: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; then
    echo "toolchain: installed ${missing[*]}"
    exit 0
  fi
  echo "toolchain: apt-get failed; run: $install_cmd" >&2
  exit 1
fi

if command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "toolchain: installing ${missing[*]} with sudo"
  if sudo -n sh -c "DEBIAN_FRONTEND=noninteractive $install_cmd" >/dev/null; then
    exit 0
  fi
fi

echo "toolchain: missing ${missing[*]}" >&2
echo "toolchain: Bulkhead needs these Debian/Ubuntu packages. Install them with:" >&2
echo "    sudo sh -c '$install_cmd'" >&2
exit 1
