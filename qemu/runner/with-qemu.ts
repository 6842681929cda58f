// Job: scope a QEMU run to a block of code: launch, run the block, and kill QEMU in `finally`,
// so a failed expect or assertion inside a test never leaves QEMU running.
import { launch, type LaunchOptions } from './launch.ts';
import type { QemuInstance } from './qemu-instance.ts';

export async function withQemu<T>(
  options: LaunchOptions,
  body: (vm: QemuInstance) => Promise<T>,
): Promise<T> {
  const vm = await launch(options);
  try {
    return await body(vm);
  } finally {
    await vm.kill();
  }
}
