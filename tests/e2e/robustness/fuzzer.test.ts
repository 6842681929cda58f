// Hypercall fuzzing on QEMU realview-eb (Cortex-R5F, guests in USR mode calling with SVC; -icount
// shift=0,sleep=off), system systems/test-fuzz.ts: the hc-fuzzer guest issues 100,000 seeded random
// hypercalls (any 24-bit SVC number, arguments biased to interesting pointers and lengths) while the
// port writer/reader pair and `ping` run beside it. The assertions (helpers/fuzzer-suite.ts, shared
// with fuzzer-an536.test.ts): the campaign completes with the seed it was given, every call accounted
// for in the result histogram and many different results reached (valid calls included); the
// hypervisor keeps running, prints its `hv: invariants ok <checks>` report with the count growing and
// never a failed invariant; `ping` starts every one of its slots exactly on its plan boundary (tick
// 10k+7) before, during and after the campaign; every port message of the writer reaches the reader,
// in order, none lost or corrupt; and a second run with the same seed makes the same calls with the
// same results (a failing seed replays). Recorded with recordReliability (suite `hc-fuzzer`).
import { describeFuzzCampaign } from './helpers/fuzzer-suite.ts';

describeFuzzCampaign({
  board: 'realview-eb',
  title: 'robustness on QEMU: hypercall fuzzer beside port and ping neighbours (icount)',
  suite: 'hc-fuzzer',
  reportTitle: 'Hypercall fuzzer (QEMU, icount)',
  seed: 0x5eed0008,
  calls: 100_000,
  progressEvery: 10_000,
  portMessages: 60,
  timeoutMs: 120_000,
});
