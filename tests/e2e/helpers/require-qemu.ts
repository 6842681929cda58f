// Job: fail (never skip) a QEMU test suite when qemu-system-arm is missing, naming the script that
// installs it. CI provisions QEMU, so its absence is a broken machine, not a reason to skip.
import { requireQemu } from '../../../qemu/runner/executables.ts';
import { loadBoardProfile } from '../../../qemu/runner/board-profile.ts';

export function requireQemuForTests(board = 'realview-eb'): void {
  requireQemu(loadBoardProfile(board).qemuBinary);
}
