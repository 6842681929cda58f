// Writes a board's generated build files (`board_map.h`, `board-memory.ld`) into `<outRoot>/board/<board>/`
// and returns that folder, which builds add to their include and linker search paths. A file is only
// replaced when its text changes, through a rename, so concurrent builds never read a half-written file
// and unchanged files keep their timestamps.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BoardDescription } from '../../bsp/board-description.ts';
import { BOARD_HEADER_NAME, boardHeaderSource } from './generate/board-header.ts';
import { BOARD_MEMORY_SCRIPT_NAME, boardMemoryScriptSource } from './generate/board-memory-script.ts';
import { defaultOutRoot } from './paths.ts';

/** Writes `text` to `file` unless it already holds exactly that text. */
export function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** The folder holding `board`'s generated header and memory script, brought up to date. */
export function boardGeneratedDir(board: BoardDescription, outRoot: string = defaultOutRoot): string {
  const dir = join(outRoot, 'board', board.name);
  mkdirSync(dir, { recursive: true });
  writeIfChanged(join(dir, BOARD_HEADER_NAME), boardHeaderSource(board));
  writeIfChanged(join(dir, BOARD_MEMORY_SCRIPT_NAME), boardMemoryScriptSource(board));
  return dir;
}
