// The hypercall table (firmware/abi/hypercalls.ts) and everything generated from it agree: the table is
// consistent; every committed generated file (core enums, core dispatch, TS guest SDK, its C bodies,
// the docs tables) is byte for byte what the table gives; the core's enums carry the table's numbers;
// the dispatch has exactly one case per call, each calling the call's handler with the table's
// arguments; the guest C header compiles and each typed wrapper issues its call's SVC immediate with
// the arguments in the table's registers; each TS SDK binding issues its call with the table's
// registers; and driving the real core with random arguments, every call returns only result codes
// the table lists for it and leaves r1..r3 alone when it has no values.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fromRepo } from '../../../cli/build/paths.ts';
import { validatedSystem } from '../../../firmware/config/validated-system.ts';
import { deriveTables } from '../../../firmware/config/derive.ts';
import { DISPATCH_MODULE } from '../../../cli/build/generate/hypercall-dispatch.ts';
import { staleFiles } from '../../../cli/build/generate/abi-files.ts';
import {
  ABI_VERSION,
  HYPERCALLS,
  RESULT_CODES,
  VM_STATES,
  VM_STATUS_PAGES,
  pointerArgument,
  snakeCase,
} from '../../../firmware/abi/hypercalls.ts';
import { hypercallDispatch } from '../../../firmware/core/hypercall-dispatch.ts';
import {
  HYPERCALL_ABI_VERSION,
  HYPERCALL_COUNT,
  Hypercall,
  HvResult,
  VmState,
  VmStatusPage,
} from '../../../firmware/core/hypercall-numbers.ts';
import { partitionOf } from '../../../firmware/core/partition.ts';
import { contextOf } from '../../../firmware/core/vcpu-context.ts';
import { SimMachine } from '../../../firmware/sim/machine.ts';
import { enumMembers, writeAbiHeader } from '../../../cli/build/generate/abi-header.ts';
import * as sdk from '../../../guests/sdk/ts/bulkhead.ts';
import { installGuestSimulation, type GuestSimulation } from '../../../guests/sdk/ts/simulation.ts';
import { bindingParams } from '../../../cli/build/generate/ts-binding-shape.ts';
import demo from '../../../systems/demo.ts';
import testTwoVms from '../../../systems/test-two-vms.ts';

const resultNames = new Set(RESULT_CODES.map((r) => r.name));

describe('hypercall ABI: the table and what is generated from it agree', function () {
  this.timeout(120_000);

  it('the table is consistent: numbers 0..n-1 once each, known result codes, at most r0..r3 in, r1..r3 out', () => {
    assert.deepEqual(
      HYPERCALLS.map((h) => h.number).sort((a, b) => a - b),
      HYPERCALLS.map((_, i) => i),
    );
    assert.equal(new Set(HYPERCALLS.map((h) => h.name)).size, HYPERCALLS.length);
    assert.deepEqual(
      RESULT_CODES.map((r) => r.value),
      RESULT_CODES.map((_, i) => i),
    );
    for (const h of HYPERCALLS) {
      assert.ok(h.args.length <= 4 && h.values.length <= 3, h.name);
      for (const r of [...h.results, ...(h.valuesOn ?? [])]) assert.ok(resultNames.has(r), `${h.name}: ${r}`);
      for (const r of h.valuesOn ?? []) assert.ok(h.results.includes(r), `${h.name}: values on ${r}`);
      assert.equal(new Set(h.results).size, h.results.length, `${h.name}: results listed once`);
      assert.ok(h.args.filter((a) => a.type === 'address' || a.type === 'code').length <= 1, h.name);
      if (h.noReply === 'ok-self')
        assert.ok(
          h.args.some((a) => a.name === 'target'),
          h.name,
        );
      if (h.trace === 'port-record-on-ok') assert.ok(pointerArgument(h) !== null, h.name);
      if (h.hot === true)
        assert.ok(
          h.noReply === undefined &&
            h.trace === 'hypercall' &&
            h.results.every((r) => RESULT_CODES.find((c) => c.name === r)?.violation !== true),
          `${h.name}: hot`,
        );
    }
  });

  it('every committed generated file is what the table gives (npm run generate leaves nothing to do)', async () => {
    assert.deepEqual(await staleFiles(), []);
  });

  it("the core's enums carry the table's numbers, codes, pages and states", () => {
    assert.equal(HYPERCALL_ABI_VERSION, ABI_VERSION);
    assert.equal(HYPERCALL_COUNT, HYPERCALLS.length);
    const pairs = (members: readonly { name: string; value: number }[]) =>
      members.map((m) => [m.name, m.value] as [string, number]);
    assert.deepEqual(
      enumMembers(Hypercall),
      pairs(HYPERCALLS.map((h) => ({ name: h.name, value: h.number }))),
    );
    assert.deepEqual(enumMembers(HvResult), pairs(RESULT_CODES));
    assert.deepEqual(enumMembers(VmStatusPage), pairs(VM_STATUS_PAGES));
    assert.deepEqual(enumMembers(VmState), pairs(VM_STATES));
  });

  it('the dispatch has one case per call, calling its handler with the decoded arguments', async () => {
    const source = readFileSync(fromRepo(DISPATCH_MODULE), 'utf8');
    const cases = [...source.matchAll(/case u32\(Hypercall\.(\w+)\): \{([\s\S]*?)\n {4}\}/g)];
    assert.deepEqual(
      cases.map((c) => c[1]),
      HYPERCALLS.map((h) => h.name),
    );
    for (const [, name, body] of cases) {
      const spec = HYPERCALLS.find((h) => h.name === name)!;
      spec.args.forEach((a, i) =>
        assert.match(body, new RegExp(`const ${a.name}: \\w+ = ctx\\.r\\[${i}\\];`)),
      );
      const params = ['vm', ...spec.args.map((a) => a.name), ...(spec.handler.context ? ['ctx'] : [])];
      assert.ok(body.includes(`${spec.handler.name}(${params.join(', ')})`), `${name} calls its handler`);
      const module = (await import(fromRepo(join('firmware/core', spec.handler.module)))) as Record<
        string,
        unknown
      >;
      const handler = module[spec.handler.name];
      assert.equal(typeof handler, 'function', `${spec.handler.module} exports ${spec.handler.name}`);
      assert.equal((handler as (...a: unknown[]) => unknown).length, params.length, `${name}: parameters`);
    }
    assert.equal((source.match(/\bcase /g) ?? []).length, HYPERCALLS.length, 'no other case');
  });

  describe('the guest C header', () => {
    let scratch: string;
    before(() => {
      scratch = mkdtempSync(join(tmpdir(), 'bulkhead-abi-agree-'));
      writeAbiHeader(scratch);
    });
    after(() => rmSync(scratch, { recursive: true, force: true }));

    it("each typed wrapper issues its call's SVC with the arguments in the table's registers", () => {
      // One function per call: arguments 0x100 + register index, so the disassembly shows each mov.
      const functions = HYPERCALLS.map((h) => {
        const args = h.args.map((_, i) => `0x${(0x100 + i).toString(16)}u`).join(', ');
        const reply = h.values.length === 0 ? 'bh_result' : `bh_${snakeCase(h.name)}_reply`;
        return [
          `${reply} call_${h.number}(void);`,
          `${reply} call_${h.number}(void) { return bh_call_${snakeCase(h.name)}(${args}); }`,
          h.values.length === 0
            ? ''
            : `_Static_assert(sizeof(${reply}) == ${4 * (h.values.length + 1)}u, "${h.name} values");`,
        ].join('\n');
      });
      const source = join(scratch, 'wrappers.c');
      writeFileSync(source, ['#include "bulkhead_abi.h"', ...functions, ''].join('\n'));
      const object = join(scratch, 'wrappers.o');
      execFileSync('arm-none-eabi-gcc', [
        ...['-mcpu=cortex-r5', '-marm', '-O2', '-std=c11', '-ffreestanding'],
        ...['-Wall', '-Wextra', '-Werror', '-pedantic', `-I${scratch}`, '-c', source, '-o', object],
      ]);
      const disassembly = execFileSync('arm-none-eabi-objdump', ['-d', object], { encoding: 'utf8' });
      for (const h of HYPERCALLS) {
        const body = disassembly.split(`<call_${h.number}>:`)[1].split(/\n\n/)[0];
        const svc = /\bsvc\s+0x([0-9a-f]+)/.exec(body);
        assert.ok(svc !== null, `${h.name}: svc`);
        assert.equal(parseInt(svc[1], 16), h.number, `${h.name}: immediate`);
        h.args.forEach((_, i) =>
          assert.match(body, new RegExp(`mov[w]?\\s+r${i}, #${0x100 + i}\\b`), `${h.name}: r${i}`),
        );
      }
    });
  });

  it('each TS SDK binding issues its call with the table’s registers', () => {
    const issued: { call: number; registers: number[] }[] = [];
    const recorder: GuestSimulation = {
      call(call, r0, r1, r2, r3) {
        issued.push({ call, registers: [r0, r1, r2, r3] });
        return 0;
      },
      callWithInput(call, r0, _data, length) {
        issued.push({ call, registers: r0 === null ? [-1, length] : [r0, -1, length] });
        return 0;
      },
      callWithOutput(call, r0) {
        issued.push({ call, registers: r0 === null ? [-1] : [r0, -1] });
        return 0;
      },
      ticks() {
        issued.push({ call: Hypercall.GetTime, registers: [] });
        return 0;
      },
    };
    installGuestSimulation(recorder);
    try {
      const functions = sdk as unknown as Record<string, (...a: unknown[]) => number>;
      const bindings = HYPERCALLS.flatMap((h) => h.bindings.map((b) => ({ h, b })));
      assert.deepEqual(
        Object.keys(sdk).sort(),
        bindings.map(({ b }) => b.fn).sort(),
        'one function per binding',
      );
      for (const { h, b } of bindings) {
        const params = bindingParams(h, b);
        const args = params.map((p, i) =>
          p.ts === 'u32'
            ? 0x100 + i
            : p.ts === 'cstr'
              ? 'x'
              : p.ts === 'Uint8Array'
                ? new Uint8Array(4)
                : new Uint32Array(3),
        );
        assert.equal(functions[b.fn].length, params.length, `${b.fn}: parameters`);
        issued.length = 0;
        functions[b.fn](...args);
        assert.equal(issued.length, 1, b.fn);
        assert.equal(issued[0].call, h.number, `${b.fn} issues ${h.name}`);
        // Scalar arguments land in the register of the table argument with the same name.
        params.forEach((p, i) => {
          const register = h.args.findIndex((a) => a.name === p.name);
          if (p.ts === 'u32' && register >= 0 && b.kind !== 'sdk') {
            assert.equal(issued[0].registers[register], 0x100 + i, `${b.fn}: ${p.name} in r${register}`);
          }
        });
        if (b.kind === 'registers') {
          for (const [name, value] of Object.entries(b.fixed ?? {})) {
            const register = h.args.findIndex((a) => a.name === name);
            assert.equal(issued[0].registers[register], value, `${b.fn}: fixed ${name}`);
          }
        }
      }
    } finally {
      installGuestSimulation(null);
    }
  });

  for (const system of [testTwoVms, demo]) {
    it(`in the real core (${system.name}), each call returns only its table's result codes and writes only its values`, () => {
      const tables = deriveTables(validatedSystem(system));
      new SimMachine(tables, []);
      let seed = 0x5eed;
      const random = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const vmCount = tables.vms.length;
      const interesting = (vm: number): number[] => {
        const areas = tables.vms[vm].areas;
        const area = areas[random(areas.length)];
        return [
          0,
          1,
          2,
          3,
          8,
          16,
          24,
          31,
          32,
          256,
          257,
          0xffffffff,
          0xfffffffc,
          vmCount,
          vmCount - 1,
          0x7ff,
          area.base,
          area.base + 0x100,
          area.base + 2,
          area.base + area.size - 8,
          area.base + 1,
        ];
      };
      const seen = new Map<string, Set<string>>();
      for (let round = 0; round < 4000; round++) {
        const spec = HYPERCALLS[random(HYPERCALLS.length)];
        const vm = random(vmCount);
        const ctx = contextOf(vm);
        const values = interesting(vm);
        const registers = [0, 1, 2, 3].map(() => values[random(values.length)] >>> 0);
        // A zero-length buffer is valid wherever it points; the simulated memory only holds the VMs'
        // areas, so such a buffer points into one.
        const pointer = spec.args.findIndex((a) => a.type === 'address');
        if (pointer >= 0 && registers[pointer + 1] === 0) registers[pointer] = tables.vms[vm].areas[0].base;
        registers.forEach((r, i) => (ctx.r[i] = r));
        const starts = partitionOf(vm).starts;
        const result = hypercallDispatch(vm, spec.number, ctx);
        const name = HvResult[result];
        assert.ok(spec.results.includes(name), `${spec.name}(${registers.join(', ')}) returned ${name}`);
        if (!seen.has(spec.name)) seen.set(spec.name, new Set());
        seen.get(spec.name)!.add(name);
        const replaced =
          partitionOf(vm).starts !== starts || (spec.noReply === 'ok' && result === HvResult.Ok);
        if (spec.values.length === 0 && !replaced && partitionOf(vm).starts === starts) {
          for (let i = 1; i < 4; i++) {
            if (ctx.r[i] !== registers[i]) assert.fail(`${spec.name} wrote r${i} though it has no values`);
          }
        }
        if (!replaced && spec.noReply === undefined) assert.equal(ctx.r[0], result, `${spec.name}: r0`);
      }
      assert.equal(seen.size, HYPERCALLS.length, 'every call was made');
      assert.equal(hypercallDispatch(0, HYPERCALLS.length, contextOf(0)), HvResult.UnknownCall);
    });
  }
});
