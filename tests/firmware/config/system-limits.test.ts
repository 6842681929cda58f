// Per-system limits (firmware/config/derive.ts `systemLimits`, cli/build/generate/limits-module.ts): an image's core is
// sized from its system description: exactly its VMs, MPU regions, ports and their pool storage, IRQ
// routes, queue states and virtual-CAN queue slots, with the image's trace ring; every other limit and
// every name of firmware/core/limits.ts is kept, and nothing may exceed the core's maximum.
import assert from 'node:assert/strict';

import { limitsModuleSource } from '../../../cli/build/generate/limits-module.ts';
import { deriveTables, systemLimits } from '../../../firmware/config/derive.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import type { SystemDescription } from '../../../firmware/config/types.ts';
import * as coreLimits from '../../../firmware/core/limits.ts';
import { portPoolBytes } from '../../../firmware/core/port-layout.ts';
import demo from '../../../systems/demo.ts';
import oneVm from '../../../systems/test-one-vm.ts';

function tablesOf(desc: SystemDescription) {
  return deriveTables(validatedSystem(desc));
}

const numericLimits = Object.entries(coreLimits).filter(([, value]) => typeof value === 'number');

describe('firmware/config per-system limits', () => {
  it('sizes the demo core for its 2 VMs, 3 ports, routes and CAN queue depth', () => {
    const tables = tablesOf(demo);
    const limits = systemLimits(tables);
    assert.deepEqual(Object.keys(limits).sort(), numericLimits.map(([name]) => name).sort());
    assert.equal(limits.MAX_VMS, 2);
    assert.equal(limits.MAX_PORTS, 3);
    assert.equal(limits.QUEUE_STATE_ENTRIES, 6);
    assert.equal(limits.MAX_IRQ_ROUTES, Math.max(1, tables.irqRoutes.length));
    assert.equal(limits.VCAN_RX_DEPTH, Math.max(...tables.vms.map((vm) => vm.canRxDepth)));
    assert.equal(
      limits.MAX_MPU_REGIONS,
      Math.max(...tables.vms.map((vm) => vm.mpuWords.length / tables.mpuWordsPerRegion)),
    );
    assert.equal(limits.MPU_WORDS_PER_REGION, 3);
    assert.equal(limits.TRACE_RING_EVENTS, coreLimits.TRACE_RING_EVENTS_IMAGE);
    const last = tables.ports.at(-1)!;
    const lastBytes = portPoolBytes(last.kind, last.maxMessageSize, last.depth, 1);
    assert.ok(limits.PORT_POOL_BYTES >= last.bufferOffset + lastBytes, 'the pool holds every port');
    assert.ok(limits.PORT_POOL_BYTES < coreLimits.PORT_POOL_BYTES / 4, `pool ${limits.PORT_POOL_BYTES}`);
    assert.equal(
      limits.FAULT_LOG_ENTRIES,
      3 * coreLimits.FAULT_LOG_SHARE,
      'a share per VM and the hypervisor',
    );
    assert.equal(limits.FAULT_LOG_WORDS, limits.FAULT_LOG_ENTRIES * coreLimits.FAULT_LOG_ENTRY_WORDS);
    for (const name of ['FAULT_LOG_SHARE', 'VIRQ_COUNT', 'NO_VM', 'MAX_MESSAGE_SIZE', 'CONSOLE_CHUNK'])
      assert.equal(limits[name], coreLimits[name as keyof typeof coreLimits], name);
    for (const [name, max] of numericLimits) assert.ok(limits[name] <= (max as number), name);
  });

  it('keeps one slot of every table for a system without ports, routes or CAN queues', () => {
    const limits = systemLimits(tablesOf(oneVm));
    assert.equal(limits.MAX_VMS, 1);
    assert.equal(limits.MAX_PORTS, 1);
    assert.equal(limits.PORT_POOL_BYTES, 4);
    assert.equal(limits.MAX_IRQ_ROUTES, 1);
    assert.equal(limits.VCAN_RX_DEPTH, 1);
    assert.equal(limits.QUEUE_STATE_ENTRIES, 1);
  });

  it('writes a module with every limit as an exported constant, in the subset', () => {
    const tables = tablesOf(demo);
    const source = limitsModuleSource(tables, 'demo');
    assert.match(source, /^\/\/ Limits of the core for system 'demo'/);
    const exported = [...source.matchAll(/^export const ([A-Z_]+) = (\d+);$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    assert.deepEqual(Object.fromEntries(exported), systemLimits(tables));
    assert.equal(limitsModuleSource(tables, 'demo'), source, 'deterministic');
  });
});
