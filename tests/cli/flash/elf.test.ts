// What `bulkhead flash` accepts as an image for a board's volume, on ELF files made here byte by byte:
// a 32-bit little-endian Arm executable whose load segments lie in the board's load region, whose lowest
// loaded byte is the volume's load address and whose first word is its entry or a branch to it. Each
// refusal names the file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BoardVolume } from '../../../bsp/board-description.ts';
import { mps3An536 } from '../../../bsp/mps3-an536/board.ts';
import {
  branchTarget,
  checkImageForVolume,
  FlashError,
  readElfImage,
  type ElfImage,
} from '../../../cli/flash/elf.ts';

const volume: BoardVolume = mps3An536.volume!;
const base = volume.loadAddress;

interface Segment {
  paddr: number;
  vaddr?: number;
  data: Buffer;
  memsz?: number;
}

/** An ELF32 file: header, program headers, then each segment's bytes. */
function elfFile(entry: number, segments: Segment[], machine = 40, elfClass = 1): Buffer {
  const header = Buffer.alloc(52);
  header.writeUInt32LE(0x464c457f, 0);
  header[4] = elfClass;
  header[5] = 1;
  header[6] = 1;
  header.writeUInt16LE(2, 16); // ET_EXEC
  header.writeUInt16LE(machine, 18);
  header.writeUInt32LE(1, 20);
  header.writeUInt32LE(entry, 24);
  header.writeUInt32LE(52, 28);
  header.writeUInt16LE(52, 40);
  header.writeUInt16LE(32, 42);
  header.writeUInt16LE(segments.length, 44);
  const phdrs = Buffer.alloc(32 * segments.length);
  let offset = 52 + phdrs.length;
  segments.forEach((s, i) => {
    const at = i * 32;
    phdrs.writeUInt32LE(1, at); // PT_LOAD
    phdrs.writeUInt32LE(offset, at + 4);
    phdrs.writeUInt32LE(s.vaddr ?? s.paddr, at + 8);
    phdrs.writeUInt32LE(s.paddr, at + 12);
    phdrs.writeUInt32LE(s.data.length, at + 16);
    phdrs.writeUInt32LE(s.memsz ?? s.data.length, at + 20);
    phdrs.writeUInt32LE(7, at + 24);
    offset += s.data.length;
  });
  return Buffer.concat([header, phdrs, ...segments.map((s) => s.data)]);
}

/** `b <target>` at `at` (A32, encoding A1). */
function branch(at: number, target: number): number {
  return (0xea000000 | (((target - at - 8) >> 2) & 0xffffff)) >>> 0;
}

/** 32 bytes of vectors whose first is a branch to `target`, then code. */
function vectors(target: number): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.writeUInt32LE(branch(base, target), 0);
  return bytes;
}

describe('cli/flash: the ELF checks', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulkhead-flash-elf-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function image(name: string, bytes: Buffer): ElfImage {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return readElfImage(file);
  }

  function refusal(name: string, bytes: Buffer): string {
    try {
      checkImageForVolume(image(name, bytes), volume);
    } catch (error) {
      assert.ok(error instanceof FlashError, String(error));
      assert.ok(error.message.includes(join(dir, name)), `does not name the file: ${error.message}`);
      return error.message;
    }
    assert.fail(`${name} was accepted`);
  }

  it('accepts an image whose first word branches to its entry, and one that enters at its first word', () => {
    const entry = base + 0x20;
    const elf = image('vectors.elf', elfFile(entry, [{ paddr: base, data: vectors(entry), memsz: 0x1000 }]));
    assert.equal(elf.entry, entry);
    assert.deepEqual(
      elf.segments.map((s) => [s.paddr, s.filesz, s.memsz]),
      [[base, 64, 0x1000]],
    );
    checkImageForVolume(elf, volume);
    checkImageForVolume(image('plain.elf', elfFile(base, [{ paddr: base, data: Buffer.alloc(8) }])), volume);
  });

  it('decodes A32 branches forwards and backwards and nothing else', () => {
    assert.equal(branchTarget(branch(base, base + 0x20), base), base + 0x20);
    assert.equal(branchTarget(branch(base + 0x100, base), base + 0x100), base);
    assert.equal(branchTarget(0xe59ff018, base), undefined); // ldr pc, [pc, #24]
  });

  it('refuses a file that is not an ELF, or not a 32-bit Arm one', () => {
    assert.throws(() => image('text.elf', Buffer.from('not an image\n')), /text\.elf is not an ELF file/);
    assert.throws(
      () => image('x86.elf', elfFile(base, [{ paddr: base, data: Buffer.alloc(8) }], 3)),
      /x86\.elf is not a 32-bit little-endian Arm executable/,
    );
    assert.throws(
      () => image('class64.elf', elfFile(base, [{ paddr: base, data: Buffer.alloc(8) }], 40, 2)),
      /class64\.elf is not a 32-bit/,
    );
    const truncated = elfFile(base, [{ paddr: base, data: Buffer.alloc(64) }]).subarray(0, 100);
    assert.throws(() => image('truncated.elf', truncated), /truncated\.elf: load segment 0 lies beyond/);
  });

  it('refuses segments outside the load region, by load or by run address', () => {
    const end = volume.loadRegion.base + volume.loadRegion.size;
    const data = vectors(base + 0x20);
    assert.match(
      refusal('big.elf', elfFile(base + 0x20, [{ paddr: base, data, memsz: volume.loadRegion.size + 4 }])),
      /load range .* lies outside the board's load region/,
    );
    assert.match(
      refusal(
        'runs-elsewhere.elf',
        elfFile(base + 0x20, [
          { paddr: base, data },
          { paddr: base + 0x1000, vaddr: end, data: Buffer.alloc(4) },
        ]),
      ),
      /run range 0x28000000\.\.0x28000003 lies outside/,
    );
  });

  it('refuses an image that does not start at the load address', () => {
    const at = base + 0x1000;
    assert.match(
      refusal('linked-higher.elf', elfFile(at, [{ paddr: at, data: Buffer.alloc(8) }])),
      /starts loading at 0x20001000, but the board loads its image at 0x20000000 \(IMAGE0ADDRESS\)/,
    );
  });

  it('refuses an image whose first word does not lead to its entry', () => {
    assert.match(
      refusal('wrong-branch.elf', elfFile(base + 0x40, [{ paddr: base, data: vectors(base + 0x20) }])),
      /neither its entry point 0x20000040 nor a branch to it \(it holds 0xea000006\)/,
    );
    assert.match(
      refusal('no-branch.elf', elfFile(base + 0x20, [{ paddr: base, data: Buffer.alloc(64) }])),
      /neither its entry point/,
    );
  });
});
