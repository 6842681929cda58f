// Reads a guest ELF with binutils for the guest tests: allocated sections (address, size, flags,
// load address from the program headers), the entry point, the float ABI flag, and per-function
// `svc` immediates from `arm-none-eabi-objdump -d`.
import { execFileSync } from 'node:child_process';

export interface ElfSection {
  name: string;
  address: number;
  size: number;
  /** readelf flag letters, e.g. `AX`, `WA`. */
  flags: string;
  /** NOBITS sections occupy no file bytes (bss, stack, noinit). */
  nobits: boolean;
}

export interface ElfSegment {
  virtualAddress: number;
  physicalAddress: number;
  fileSize: number;
  memorySize: number;
}

function readelf(args: string[], elf: string): string {
  return execFileSync('arm-none-eabi-readelf', [...args, '-W', elf], { encoding: 'utf8' });
}

/** Sections with the A (allocated) flag and a non-zero size. */
export function allocatedSections(elf: string): ElfSection[] {
  const sections: ElfSection[] = [];
  for (const line of readelf(['-S'], elf).split('\n')) {
    const m =
      /^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]{8})\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([A-Za-z]*)\s/.exec(
        line,
      );
    if (m === null) continue;
    const section = {
      name: m[1],
      address: parseInt(m[3], 16),
      size: parseInt(m[4], 16),
      flags: m[5],
      nobits: m[2] === 'NOBITS',
    };
    if (section.flags.includes('A') && section.size > 0) sections.push(section);
  }
  return sections;
}

/** LOAD program headers. */
export function loadSegments(elf: string): ElfSegment[] {
  const segments: ElfSegment[] = [];
  for (const line of readelf(['-l'], elf).split('\n')) {
    const m = /^\s*LOAD\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)/.exec(
      line,
    );
    if (m === null) continue;
    segments.push({
      virtualAddress: parseInt(m[1], 16),
      physicalAddress: parseInt(m[2], 16),
      fileSize: parseInt(m[3], 16),
      memorySize: parseInt(m[4], 16),
    });
  }
  return segments;
}

export function entryPoint(elf: string): number {
  const m = /Entry point address:\s+0x([0-9a-f]+)/.exec(readelf(['-h'], elf));
  if (m === null) throw new Error(`no entry point in ${elf}`);
  return parseInt(m[1], 16);
}

/** `hard-float ABI` / `soft-float ABI` from the ELF header flags. */
export function floatAbi(elf: string): 'hard' | 'soft' {
  const flags = readelf(['-h'], elf);
  if (flags.includes('hard-float ABI')) return 'hard';
  if (flags.includes('soft-float ABI')) return 'soft';
  throw new Error(`no float ABI flag in ${elf}`);
}

export function disassemble(file: string): string {
  return execFileSync('arm-none-eabi-objdump', ['-d', file], { encoding: 'utf8' });
}

/** Function name → the `svc` immediates in its body, in order. */
export function svcImmediatesByFunction(disassembly: string): Map<string, number[]> {
  const result = new Map<string, number[]>();
  let current: number[] | undefined;
  for (const line of disassembly.split('\n')) {
    const header = /^[0-9a-f]+ <([^>]+)>:$/.exec(line);
    if (header !== null) {
      current = [];
      result.set(header[1], current);
      continue;
    }
    const svc = /\tsvc\t0x([0-9a-f]+)/.exec(line);
    if (svc !== null && current !== undefined) current.push(parseInt(svc[1], 16));
  }
  return result;
}
