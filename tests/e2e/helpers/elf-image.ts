// Job: read what the QEMU tests need from a 32-bit little-endian ELF image: its entry point, its
// loadable segments (address ranges and permissions) and its symbol table. Follows the System V ABI
// ELF specification (ELF header, program header, section header and Elf32_Sym layouts).
import { readFileSync } from 'node:fs';

export interface LoadSegment {
  address: number;
  /** Size in memory (includes .bss). */
  size: number;
  executable: boolean;
  writable: boolean;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
}

export interface ElfImage {
  entry: number;
  segments: LoadSegment[];
  symbols: Map<string, ElfSymbol>;
}

const elfClass32 = 1;
const elfDataLittleEndian = 1;
const programTypeLoad = 1;
const segmentFlagExecute = 1;
const segmentFlagWrite = 2;
const sectionTypeSymbolTable = 2;

export function readElfImage(path: string): ElfImage {
  const bytes = readFileSync(path);
  if (bytes.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${path}: not an ELF file`);
  if (bytes[4] !== elfClass32 || bytes[5] !== elfDataLittleEndian)
    throw new Error(`${path}: not a 32-bit little-endian ELF`);
  const u16 = (offset: number): number => bytes.readUInt16LE(offset);
  const u32 = (offset: number): number => bytes.readUInt32LE(offset);

  const entry = u32(0x18);
  const programHeaders = u32(0x1c);
  const sectionHeaders = u32(0x20);
  const programHeaderSize = u16(0x2a);
  const programHeaderCount = u16(0x2c);
  const sectionHeaderSize = u16(0x2e);
  const sectionHeaderCount = u16(0x30);

  const segments: LoadSegment[] = [];
  for (let i = 0; i < programHeaderCount; i++) {
    const at = programHeaders + i * programHeaderSize;
    if (u32(at) !== programTypeLoad) continue;
    const flags = u32(at + 0x18);
    segments.push({
      address: u32(at + 0x08),
      size: u32(at + 0x14),
      executable: (flags & segmentFlagExecute) !== 0,
      writable: (flags & segmentFlagWrite) !== 0,
    });
  }

  const symbols = new Map<string, ElfSymbol>();
  const section = (index: number) => {
    const at = sectionHeaders + index * sectionHeaderSize;
    return {
      type: u32(at + 0x04),
      offset: u32(at + 0x10),
      size: u32(at + 0x14),
      link: u32(at + 0x18),
      entrySize: u32(at + 0x24),
    };
  };
  for (let i = 0; i < sectionHeaderCount; i++) {
    const table = section(i);
    if (table.type !== sectionTypeSymbolTable) continue;
    const strings = section(table.link);
    for (let at = table.offset; at + table.entrySize <= table.offset + table.size; at += table.entrySize) {
      const nameOffset = strings.offset + u32(at);
      const nameEnd = bytes.indexOf(0, nameOffset);
      const name = bytes.toString('latin1', nameOffset, nameEnd);
      if (name.length > 0 && !symbols.has(name))
        symbols.set(name, { name, value: u32(at + 0x04), size: u32(at + 0x08) });
    }
  }
  return { entry, segments, symbols };
}
