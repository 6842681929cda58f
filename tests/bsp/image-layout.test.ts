// The self-test image built by cli/build matches its linker script: ELF entry at the reset handler,
// vector table at address 0 holding `ldr pc, =handler` for every exception, hypervisor sections below
// the partition area, the test partition's sections at their PMSAv7-aligned addresses, a .bin that is
// the memory image from address 0, a link map, and `arm-none-eabi-size` output.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSystem, type BuiltImage } from '../../cli/build/image.ts';
import { sizeReport } from '../../cli/build/link.ts';
import { tools } from '../../cli/build/toolchain.ts';

const partitionBase = 0x00100000;
const vectorCount = 8;
const reservedVector = 5;
/** `ldr pc, [pc, #imm12]` (ARM DDI 0406C A8.8.64, encoding A1, U=1): imm12 in bits [11:0]. */
const ldrPcLiteralMask = 0xfffff000;
const ldrPcLiteral = 0xe59ff000;
const armPcReadOffset = 8;
const vectorHandlers = [
  'bh_reset_handler',
  'bh_exception_undefined',
  'bh_exception_svc',
  'bh_exception_prefetch_abort',
  'bh_exception_data_abort',
  '',
  'bh_exception_irq',
  'bh_exception_fiq',
];

interface Section {
  name: string;
  address: number;
  size: number;
  type: string;
  flags: string;
}

function symbols(elf: string): Map<string, number> {
  const out = execFileSync(tools.nm, [elf], { encoding: 'utf8' });
  const table = new Map<string, number>();
  for (const line of out.split('\n')) {
    const match = /^([0-9a-f]{8}) \w (\S+)$/.exec(line);
    if (match) table.set(match[2], parseInt(match[1], 16));
  }
  return table;
}

function sections(elf: string): Map<string, Section> {
  const out = execFileSync(tools.readelf, ['-S', '-W', elf], { encoding: 'utf8' });
  const table = new Map<string, Section>();
  for (const line of out.split('\n')) {
    const match =
      /\]\s+(\S+)\s+(\S+)\s+([0-9a-f]{8})\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Za-z]*)\s/.exec(line);
    if (match) {
      const [, name, type, address, size, flags] = match as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      table.set(name, { name, type, flags, address: parseInt(address, 16), size: parseInt(size, 16) });
    }
  }
  return table;
}

function entryPoint(elf: string): number {
  const out = execFileSync(tools.readelf, ['-h', elf], { encoding: 'utf8' });
  const match = /Entry point address:\s+0x([0-9a-f]+)/.exec(out);
  assert.ok(match, 'readelf -h shows no entry point');
  return parseInt(match[1], 16);
}

describe('bsp: self-test image layout', function () {
  this.timeout(120_000);
  let outRoot: string;
  let image: BuiltImage;
  let syms: Map<string, number>;
  let secs: Map<string, Section>;

  before(async () => {
    outRoot = mkdtempSync(join(tmpdir(), 'bulkhead-bsp-layout-'));
    image = await buildSystem('selftest', { outRoot });
    syms = symbols(image.elf);
    secs = sections(image.elf);
  });

  after(() => rmSync(outRoot, { recursive: true, force: true }));

  it('writes bulkhead.elf, .bin and .map under <outRoot>/selftest', () => {
    assert.equal(image.dir, join(outRoot, 'selftest'));
    assert.equal(image.elf, join(outRoot, 'selftest', 'bulkhead.elf'));
    for (const file of [image.elf, image.bin, image.map]) assert.ok(existsSync(file), `${file} missing`);
    const map = readFileSync(image.map, 'utf8');
    assert.ok(/^\.vectors\s+0x00000000\s/m.test(map), 'the map does not place .vectors at 0');
    assert.ok(/^\.partition0_code\s+0x00100000\s/m.test(map), 'the map does not place the partition code');
  });

  it('enters at the reset handler and places the vector table at address 0', () => {
    assert.equal(syms.get('bh_vector_table'), 0);
    assert.equal(secs.get('.vectors')?.address, 0);
    assert.equal(entryPoint(image.elf), syms.get('bh_reset_handler'));
  });

  it('fills every vector with a jump to its handler (reserved vector excepted)', () => {
    const bin = readFileSync(image.bin);
    for (let i = 0; i < vectorCount; i++) {
      const word = bin.readUInt32LE(i * 4);
      if (i === reservedVector) continue;
      assert.equal((word & ldrPcLiteralMask) >>> 0, ldrPcLiteral, `vector ${i} is not ldr pc, [pc, #imm]`);
      const literalAddress = i * 4 + armPcReadOffset + (word & 0xfff);
      const target = bin.readUInt32LE(literalAddress);
      const handler = vectorHandlers[i];
      assert.equal(target, syms.get(handler), `vector ${i} does not reach ${handler}`);
    }
  });

  it('keeps the hypervisor below the partition area and gives every mode an 8-byte aligned stack', () => {
    for (const name of ['.vectors', '.text', '.rodata', '.data', '.bss', '.stacks']) {
      const section = secs.get(name);
      if (section === undefined) continue;
      assert.ok(section.address + section.size <= partitionBase, `${name} overlaps the partition area`);
    }
    const tops = ['svc', 'irq', 'fiq', 'abt', 'und', 'sys'].map((mode) => {
      const top = syms.get(`__stack_${mode}_top`);
      assert.ok(top !== undefined, `no stack for ${mode} mode`);
      assert.equal(top % 8, 0, `${mode} stack top is not 8-byte aligned`);
      return top;
    });
    assert.equal(new Set(tops).size, tops.length, 'two modes share a stack top');
    const stacks = secs.get('.stacks');
    assert.ok(stacks !== undefined && stacks.type === 'NOBITS', '.stacks must not take space in the image');
  });

  it('places the test partition in 4 KiB regions aligned to their size from 0x00100000', () => {
    const code = secs.get('.partition0_code');
    const data = secs.get('.partition0_data');
    assert.ok(code && data, 'partition sections missing');
    assert.equal(code.address, partitionBase);
    assert.equal(data.address, partitionBase + 0x1000);
    assert.ok(code.size > 0 && code.size <= 0x1000);
    assert.ok(data.size <= 0x1000);
    const usrEntry = syms.get('selftest_usr_main');
    assert.ok(
      usrEntry !== undefined && usrEntry >= code.address && usrEntry < code.address + code.size,
      'the USR entry is not inside the partition code region',
    );
  });

  it('writes a .bin that is the memory image from address 0 to the last loaded byte', () => {
    const loaded = [...secs.values()].filter(
      (s) => s.type !== 'NOBITS' && s.flags.includes('A') && s.size > 0,
    );
    assert.ok(loaded.length >= 3, 'too few loaded sections found');
    const loadedEnd = Math.max(...loaded.map((s) => s.address + s.size));
    assert.equal(statSync(image.bin).size, loadedEnd);
    const bin = readFileSync(image.bin);
    const elfBytes = execFileSync(tools.readelf, ['-x', '.partition0_code', image.elf], { encoding: 'utf8' });
    const firstWord = /0x00100000 ([0-9a-f]{8})/.exec(elfBytes);
    assert.ok(firstWord, 'cannot read the partition code from the ELF');
    assert.equal(bin.subarray(partitionBase, partitionBase + 4).toString('hex'), firstWord[1]);
  });

  it('arm-none-eabi-size reports the ELF', async () => {
    const report = await sizeReport(image.elf);
    const match = /^\s*text\s+data\s+bss\s+dec\s+hex\s+filename\n\s*(\d+)\s+(\d+)\s+(\d+)/m.exec(report);
    assert.ok(match, `unexpected size output:\n${report}`);
    assert.ok(Number(match[1]) > 0);
  });
});
