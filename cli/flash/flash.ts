// Job: turn an ELF and a board's configuration volume into the files the board loads, and write them
// (or, in a dry run, only say what would be written). The ELF is checked against the board's load facts
// (elf.ts), converted by objcopy into the flat binary the MCC copies to the load address, and checked
// to be that image (its length spans the load segments, its first word is the one at the load address);
// the volume is inspected (volume.ts); the image list gets the image as its one entry (images-txt.ts),
// the original list is kept once as a backup; then everything is written at once (write.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import type { BoardDescription, BoardVolume } from '../../bsp/board-description.ts';
import { runTool } from '../build/run-tool.ts';
import { tools } from '../build/toolchain.ts';
import { checkImageForVolume, FlashError, hex, loadedSpan, readElfImage, wordAt } from './elf.ts';
import { editImagesTxt, type ImagesTxtEdit } from './images-txt.ts';
import { inspectVolume, isShortName, type VolumeLayout } from './volume.ts';
import { applyWrites, type FileWrite } from './write.ts';

export interface FlashRequest {
  readonly board: BoardDescription;
  /** The volume's folder (where it is mounted). */
  readonly volumeRoot: string;
  readonly elf: string;
  /** 8.3 name of the image file in the software folder (default: the board's). */
  readonly imageName?: string;
  /** Write the layout into a folder that does not look like the board's volume. */
  readonly force: boolean;
  /** Only plan: write nothing. */
  readonly dryRun: boolean;
}

export interface FlashReport {
  readonly volume: BoardVolume;
  readonly layout: VolumeLayout;
  readonly elf: string;
  /** The image file on the volume and its size. */
  readonly binaryPath: string;
  readonly binaryBytes: number;
  readonly images: ImagesTxtEdit;
  /** Where the original image list was (or would be) kept; undefined when nothing needed keeping. */
  readonly backup: string | undefined;
  /** Every file written (or to be written), in order. */
  readonly writes: readonly { path: string; bytes: number }[];
  readonly wrote: boolean;
}

/** The board's volume facts; a FlashError for a board that has none. */
export function boardVolume(board: BoardDescription): BoardVolume {
  if (board.volume === undefined) {
    throw new FlashError(`board '${board.name}' has no configuration volume to flash (${board.summary})`);
  }
  return board.volume;
}

/** The flat binary objcopy makes of `elf` (`-O binary`: the load segments' bytes from the lowest load
 *  address, gaps zero-filled). */
export async function flatBinary(elf: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-flash-'));
  try {
    const bin = join(dir, 'image.bin');
    const result = await runTool(tools.objcopy, ['-O', 'binary', elf, bin]);
    if (result.code !== 0) throw new FlashError(`${tools.objcopy} failed on ${elf}: ${result.stderr.trim()}`);
    return readFileSync(bin);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Checks, converts and writes (see the file header). */
export async function flash(request: FlashRequest): Promise<FlashReport> {
  const volume = boardVolume(request.board);
  const imageName = request.imageName ?? volume.imageFile;
  if (!isShortName(imageName)) {
    throw new FlashError(`image name '${imageName}' is not an 8.3 name (up to 8 characters, '.', up to 3)`);
  }
  const image = readElfImage(request.elf);
  checkImageForVolume(image, volume);
  const layout = inspectVolume(request.volumeRoot, volume, request.force);

  const binary = await flatBinary(request.elf);
  const span = loadedSpan(image);
  if (binary.length !== span.end - span.start || binary.readUInt32LE(0) !== wordAt(image, span.start)) {
    throw new FlashError(
      `${request.elf}: objcopy's flat binary (${binary.length} bytes) is not the image's load span ` +
        `${hex(span.start)}..${hex(span.end - 1)}`,
    );
  }

  const previous = layout.imagesExists ? readFileSync(layout.imagesFile, 'utf8') : undefined;
  const images = editImagesTxt(previous, {
    address: volume.loadAddress,
    update: volume.imageUpdate,
    file: `\\${volume.softwareFolder}\\${imageName}`,
    note: `${request.board.name} image from ${basename(dirname(request.elf))}/${basename(request.elf)}`,
  });
  const backup =
    previous !== undefined && !images.previousWasBulkhead && previous !== images.text
      ? layout.backupFile
      : undefined;
  const binaryPath = join(layout.softwareDir, imageName);
  const writes: FileWrite[] = [
    ...(backup === undefined || previous === undefined ? [] : [{ path: backup, data: previous }]),
    { path: binaryPath, data: binary },
    { path: layout.imagesFile, data: images.text },
  ];
  if (!request.dryRun) applyWrites(layout.missingDirs, writes);
  return {
    volume,
    layout,
    elf: request.elf,
    binaryPath,
    binaryBytes: binary.length,
    images,
    backup,
    writes: writes.map((w) => ({ path: w.path, bytes: Buffer.byteLength(w.data) })),
    wrote: !request.dryRun,
  };
}
