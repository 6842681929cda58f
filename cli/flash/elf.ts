// Job: decide whether an ELF file is an image a board's configuration volume can load. Reads the ELF32
// header and program headers (no tool needed), then checks, each refusal naming the file: a 32-bit
// little-endian Arm executable; every load segment inside the board's load region; the lowest loaded
// byte at the volume's load address (the flat binary's first byte lands there); and the reset path at
// that first word: the entry point itself, or an A32 branch to it (the first vector of a vector table).
import { readFileSync } from 'node:fs';

import type { BoardVolume } from '../../bsp/board-description.ts';

/** A refusal of `bulkhead flash`: the message names the file or folder at fault. */
export class FlashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlashError';
  }
}

/** One PT_LOAD program header. */
export interface LoadSegment {
  /** Load (physical) address: where the flat binary places the segment's bytes. */
  readonly paddr: number;
  readonly vaddr: number;
  /** Bytes in the file (copied by objcopy) and in memory (the rest is zero-filled at run time). */
  readonly filesz: number;
  readonly memsz: number;
  /** Offset of the segment's bytes in the file. */
  readonly offset: number;
}

export interface ElfImage {
  readonly file: string;
  readonly entry: number;
  readonly segments: readonly LoadSegment[];
  /** The whole file, to read words at load addresses. */
  readonly bytes: Buffer;
}

const ELF_MAGIC = 0x464c457f; // "\x7fELF", little-endian
const ELFCLASS32 = 1;
const ELFDATA2LSB = 1;
const ET_EXEC = 2;
const EM_ARM = 40;
const PT_LOAD = 1;
const ELF32_HEADER_SIZE = 52;
const ELF32_PHDR_SIZE = 32;

export const hex = (value: number): string => `0x${value.toString(16).padStart(8, '0')}`;

/** Reads `file`'s header and load segments; throws a FlashError naming it when it is not a 32-bit
 *  little-endian Arm executable. */
export function readElfImage(file: string): ElfImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new FlashError(`cannot read image ${file}: ${(error as Error).message}`);
  }
  if (bytes.length < ELF32_HEADER_SIZE || bytes.readUInt32LE(0) !== ELF_MAGIC) {
    throw new FlashError(`${file} is not an ELF file (give the .elf that \`bulkhead build\` writes)`);
  }
  const [elfClass, data] = [bytes[4], bytes[5]];
  const type = bytes.readUInt16LE(16);
  const machine = bytes.readUInt16LE(18);
  if (elfClass !== ELFCLASS32 || data !== ELFDATA2LSB || machine !== EM_ARM || type !== ET_EXEC) {
    throw new FlashError(
      `${file} is not a 32-bit little-endian Arm executable (class ${elfClass}, data ${data}, type ${type}, machine ${machine})`,
    );
  }
  const entry = bytes.readUInt32LE(24);
  const phoff = bytes.readUInt32LE(28);
  const phentsize = bytes.readUInt16LE(42);
  const phnum = bytes.readUInt16LE(44);
  if (phentsize < ELF32_PHDR_SIZE || phoff + phnum * phentsize > bytes.length) {
    throw new FlashError(`${file}: its program headers lie outside the file (truncated ELF?)`);
  }
  const segments: LoadSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (bytes.readUInt32LE(at) !== PT_LOAD) continue;
    const segment: LoadSegment = {
      offset: bytes.readUInt32LE(at + 4),
      vaddr: bytes.readUInt32LE(at + 8),
      paddr: bytes.readUInt32LE(at + 12),
      filesz: bytes.readUInt32LE(at + 16),
      memsz: bytes.readUInt32LE(at + 20),
    };
    if (segment.offset + segment.filesz > bytes.length) {
      throw new FlashError(`${file}: load segment ${i} lies beyond the end of the file (truncated ELF?)`);
    }
    segments.push(segment);
  }
  return { file, entry, segments, bytes };
}

/** The range `[start, end)` the flat binary covers: from the lowest to the highest loaded file byte. */
export function loadedSpan(image: ElfImage): { start: number; end: number } {
  const loaded = image.segments.filter((s) => s.filesz > 0);
  if (loaded.length === 0) throw new FlashError(`${image.file} has no load segment with contents`);
  return {
    start: Math.min(...loaded.map((s) => s.paddr)),
    end: Math.max(...loaded.map((s) => s.paddr + s.filesz)),
  };
}

/** The 32-bit word the image loads at `address`, or undefined when no segment's file bytes cover it. */
export function wordAt(image: ElfImage, address: number): number | undefined {
  const segment = image.segments.find((s) => address >= s.paddr && address + 4 <= s.paddr + s.filesz);
  return segment === undefined
    ? undefined
    : image.bytes.readUInt32LE(segment.offset + address - segment.paddr);
}

/** Target of the A32 unconditional branch `B <label>` (encoding A1) at `address`, or undefined when
 *  `word` is not one. */
export function branchTarget(word: number, address: number): number | undefined {
  if (word >>> 24 !== 0xea) return undefined;
  const offset = ((word & 0xffffff) << 8) >> 6; // sign-extended imm24 * 4
  return (address + 8 + offset) >>> 0;
}

/** Throws a FlashError naming the file when `image` cannot be loaded through `volume`. */
export function checkImageForVolume(image: ElfImage, volume: BoardVolume): void {
  const region = volume.loadRegion;
  const regionEnd = region.base + region.size;
  const regionText = `${hex(region.base)}..${hex(regionEnd - 1)}`;
  for (const s of image.segments) {
    for (const [what, base] of [
      ['load', s.paddr],
      ['run', s.vaddr],
    ] as const) {
      if (s.memsz > 0 && (base < region.base || base + s.memsz > regionEnd)) {
        throw new FlashError(
          `${image.file}: a segment's ${what} range ${hex(base)}..${hex(base + s.memsz - 1)} lies outside ` +
            `the board's load region ${regionText}`,
        );
      }
    }
  }
  const { start } = loadedSpan(image);
  if (start !== volume.loadAddress) {
    throw new FlashError(
      `${image.file} starts loading at ${hex(start)}, but the board loads its image at ${hex(volume.loadAddress)} ` +
        '(IMAGE0ADDRESS): link the image for this board',
    );
  }
  if (image.entry === volume.loadAddress) return;
  const first = wordAt(image, volume.loadAddress);
  const target = first === undefined ? undefined : branchTarget(first, volume.loadAddress);
  if (target !== image.entry) {
    throw new FlashError(
      `${image.file}: the reset path starts at the image's first word (${hex(volume.loadAddress)}), which is ` +
        `neither its entry point ${hex(image.entry)} nor a branch to it` +
        (first === undefined ? '' : ` (it holds ${hex(first)})`),
    );
  }
}
