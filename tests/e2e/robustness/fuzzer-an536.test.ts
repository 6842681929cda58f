// Hypercall fuzzing on QEMU mps3-an536 (Cortex-R52: hypervisor at EL2, guests at EL1 in SYS mode calling
// with `hvc #imm16`; -icount shift=0,sleep=off), system systems/test-fuzz-an536.ts (test-fuzz moved into
// the board's DDR): the hc-fuzzer guest assembles each call as an HVC (any 16-bit number) in its
// scratch area and issues 100,000 of them, with the seed of the realview-eb suite, beside the port
// writer/reader pair and `ping`. The same assertions as fuzzer.test.ts (helpers/fuzzer-suite.ts):
// campaign complete, every call accounted for, many distinct results, invariant reports growing and
// none failed, `ping` on its plan boundaries, every port message received in order, same seed ⇒ same
// results. Recorded with recordReliability (suite `hc-fuzzer-an536`). Longer campaigns:
// `npm run fuzz:hypercalls -- --board mps3-an536`.
import { describeFuzzCampaign } from './helpers/fuzzer-suite.ts';

describeFuzzCampaign({
  board: 'mps3-an536',
  title: 'robustness on QEMU mps3-an536 (Cortex-R52, HVC): hypercall fuzzer beside port and ping neighbours',
  suite: 'hc-fuzzer-an536',
  reportTitle: 'Hypercall fuzzer on the Cortex-R52 (QEMU mps3-an536, icount)',
  seed: 0x5eed0008,
  calls: 100_000,
  progressEvery: 10_000,
  portMessages: 60,
  timeoutMs: 180_000,
});
