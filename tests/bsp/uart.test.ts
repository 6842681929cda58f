// The four PL011 UARTs on QEMU: bytes sent from the host to each UART arrive through that UART's
// receive interrupt (GIC ID 44 + n) into its ring buffer, in order, none dropped, and the answer
// comes back on the same UART by polled transmit. Uses the UART test image (bsp/uart-echo) and the
// QEMU runner; `q` on UART0 ends the image with exit code 0.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSystem, type BuiltImage } from '../../cli/build/image.ts';
import { withQemu, type ChannelName } from '../../qemu/runner/index.ts';

const uartIrqBase = 44;
const answerLine = (uart: number, byte: string): RegExp =>
  new RegExp(
    `^uart${uart} irq=(\\d+) byte=${byte.charCodeAt(0).toString(16).padStart(2, '0')} dropped=(\\d+)$`,
    'm',
  );

describe('bsp: PL011 UARTs on QEMU', function () {
  this.timeout(120_000);
  let outRoot: string;
  let image: BuiltImage;

  before(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-uart-'));
    image = await buildSystem('uart-echo', { outRoot });
  });
  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('receives on every UART through its own interrupt and answers on it', async () => {
    await withQemu({ elf: image.elf, icount: false, timeoutMs: 60_000 }, async (vm) => {
      await vm.expect('uart-echo: ready');
      for (const uart of [1, 2, 3]) {
        const channel = await vm.connect(`uart${uart}` as ChannelName);
        const burst = `burst-${uart}-0123456789`;
        await channel.write(burst);
        for (const byte of burst) {
          const match = await channel.expect(answerLine(uart, byte), { timeoutMs: 10_000 });
          assert.equal(
            Number(match[1]),
            uartIrqBase + uart,
            `UART${uart} byte arrived through the wrong IRQ`,
          );
          assert.equal(Number(match[2]), 0, `UART${uart} dropped bytes`);
        }
        const lines = channel.output().trim().split('\n');
        assert.equal(
          lines.length,
          burst.length,
          `UART${uart} answered ${lines.length} times for ${burst.length} bytes`,
        );
      }
      vm.send('x');
      const match = await vm.expect(answerLine(0, 'x'));
      assert.equal(Number(match[1]), uartIrqBase);
      vm.send('q');
      const result = await vm.wait();
      assert.equal(result.exitCode, 0, `exit code ${String(result.exitCode)}: ${result.stderr}`);
    });
  });
});
