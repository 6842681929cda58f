// The kernels of the code-quality benchmark: for each, the subset source, its hand-written C twin, the
// bare-metal harness that runs both on the R5, and which functions make up "the kernel" when code bytes
// are counted (the harness-only helpers that read the final state are left out on both sides).

export interface Kernel {
  /** Name in reports and in the harness's report line. */
  name: string;
  /** Subset source, relative to bench/codegen/kernels/. */
  ts: string;
  /** Hand-written C twin, relative to bench/codegen/kernels/. */
  c: string;
  /** Harness main, relative to bench/codegen/harness/. */
  harness: string;
  /** Function symbols (exact names) that serve only the harness's final check, not the kernel. */
  notKernel: readonly string[];
  /** Harness iterations for a full benchmark run. */
  iterations: number;
}

export const KERNELS: readonly Kernel[] = [
  { name: 'crc32', ts: 'crc32.ts', c: 'crc32.c', harness: 'crc32-main.c', notKernel: [], iterations: 100 },
  { name: 'sha256', ts: 'sha256.ts', c: 'sha256.c', harness: 'sha256-main.c', notKernel: [], iterations: 40 },
  { name: 'pid', ts: 'pid.ts', c: 'pid.c', harness: 'pid-main.c', notKernel: [], iterations: 400 },
  {
    name: 'ring-buffer',
    ts: 'ring-buffer.ts',
    c: 'ring-buffer.c',
    harness: 'ring-buffer-main.c',
    notKernel: [],
    iterations: 60,
  },
  {
    name: 'slot-lookup',
    ts: 'slot-lookup.ts',
    c: 'slot-lookup.c',
    harness: 'slot-lookup-main.c',
    notKernel: [
      'slot_lookup_scheduler_digest',
      'slot_lookup_mul33',
      'hand_scheduler_digest',
      'slot_lookup_scheduler_request_plan',
      'hand_scheduler_request_plan',
      'slot_lookup_scheduler_start',
      'hand_scheduler_start',
    ],
    iterations: 400,
  },
];

export function kernelNamed(name: string): Kernel {
  const kernel = KERNELS.find((k) => k.name === name);
  if (kernel === undefined) {
    throw new Error(`codegen: unknown kernel '${name}' (known: ${KERNELS.map((k) => k.name).join(', ')})`);
  }
  return kernel;
}
