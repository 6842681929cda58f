// Job: recognise a board's configuration volume in a folder and say where each file of the flash goes.
// The volume is FAT, whose names match without regard to case, so each path is looked up component by
// component ignoring case and keeps the spelling the volume already has (`IMAGES.TXT` or `images.txt`).
// A folder without the board's root files, its board file and its application note folder is refused,
// naming the folder and what it lacks, unless forced: then the missing folders are planned and the
// files only Arm's bundle supplies are listed, never invented.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { BoardVolume } from '../../bsp/board-description.ts';
import { FlashError } from './elf.ts';

export interface VolumeLayout {
  readonly root: string;
  /** The folder the image file goes to, and the image list, in the volume's own spelling. */
  readonly softwareDir: string;
  readonly imagesFile: string;
  /** Where the original image list is kept before Bulkhead first replaces it (8.3: `images.bak`). */
  readonly backupFile: string;
  /** Whether the image list exists already. */
  readonly imagesExists: boolean;
  /** Folders to create, parents first. */
  readonly missingDirs: readonly string[];
  /** Files of the layout that are missing and that only the board vendor's bundle supplies (forced). */
  readonly missingFromBundle: readonly string[];
}

interface Lookup {
  /** The path, in the volume's spelling as far as it exists. */
  readonly path: string;
  readonly kind: 'file' | 'dir' | 'missing';
}

/** `relative` (with `/` separators) under `root`, each component matched without regard to case. */
export function lookUp(root: string, relative: string): Lookup {
  let path = root;
  const parts = relative.split('/').filter((part) => part !== '');
  for (let i = 0; i < parts.length; i++) {
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return { path: join(path, ...parts.slice(i)), kind: 'missing' };
    }
    const found = names.find((name) => name.toLowerCase() === parts[i].toLowerCase());
    if (found === undefined) return { path: join(path, ...parts.slice(i)), kind: 'missing' };
    path = join(path, found);
  }
  const stat = statSync(path, { throwIfNoEntry: false });
  return { path, kind: stat === undefined ? 'missing' : stat.isDirectory() ? 'dir' : 'file' };
}

/** The parent folders of `relative` under `root` that do not exist yet, parents first, plus itself. */
function missingFolders(root: string, relative: string): string[] {
  const parts = relative.split('/').filter((part) => part !== '');
  const missing: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    const found = lookUp(root, parts.slice(0, i).join('/'));
    if (found.kind === 'missing') missing.push(found.path);
    else if (found.kind === 'file') throw new FlashError(`${found.path} is a file where a folder belongs`);
  }
  return missing;
}

/** Inspects `root` as `volume`; throws a FlashError naming the folder when it is not one (and not
 *  `force`d). */
export function inspectVolume(root: string, volume: BoardVolume, force: boolean): VolumeLayout {
  const stat = statSync(root, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isDirectory())
    throw new FlashError(`${root} is a file, not a volume folder`);
  if (stat === undefined && !force) {
    throw new FlashError(
      `${root}: no such folder (is the board's volume mounted there?); nothing was written`,
    );
  }
  const appFolder = `${volume.boardFolder}/${volume.applicationNote}`;
  const required: { relative: string; kind: 'file' | 'dir' }[] = [
    ...volume.rootFiles.map((relative) => ({ relative, kind: 'file' as const })),
    { relative: `${volume.boardFolder}/${volume.boardFile}`, kind: 'file' },
    { relative: `${appFolder}/`, kind: 'dir' },
  ];
  const missing = required.filter((r) => lookUp(root, r.relative).kind !== r.kind).map((r) => r.relative);
  if (missing.length > 0 && !force) {
    throw new FlashError(
      `${root} does not look like an MPS3 volume with the ${volume.applicationNote} application note: it has ` +
        `no ${missing.join(', no ')}; nothing was written (--force writes the layout anyway)`,
    );
  }
  const missingDirs = [
    ...(stat === undefined ? [root] : []),
    ...missingFolders(root, appFolder),
    ...missingFolders(root, volume.softwareFolder),
  ];
  const images = lookUp(root, `${appFolder}/${volume.imagesFile}`);
  if (images.kind === 'dir') throw new FlashError(`${images.path} is a folder, not the image list`);
  const stem = volume.imagesFile.replace(/\.[^.]*$/, '');
  return {
    root,
    softwareDir: lookUp(root, volume.softwareFolder).path,
    imagesFile: images.path,
    backupFile: lookUp(root, `${appFolder}/${stem}.bak`).path,
    imagesExists: images.kind === 'file',
    missingDirs,
    missingFromBundle: missing.filter((relative) => !relative.endsWith('/')),
  };
}

/** Whether `name` is an 8.3 file name the MCC reads: up to 8 characters, a dot, up to 3. */
export function isShortName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,8}\.[A-Za-z0-9]{1,3}$/.test(name);
}
