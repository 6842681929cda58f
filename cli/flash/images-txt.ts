// Job: the text of an application note's images.txt with Bulkhead's image as the one image the MCC
// loads. The file is the MCC's key-value format (Arm's MPS3 instructions): `TITLE:`, an `[IMAGES]`
// section with `TOTALIMAGES: n` and per image `IMAGEnUPDATE`, `IMAGEnADDRESS`, `IMAGEnFILE` (and, in newer
// bundles, `IMAGEnPORT`), comments after `;`. Only the section's TOTALIMAGES and IMAGEn… lines are
// replaced (they are returned, to be shown); every other line (title, comments, other sections) stays
// as it was, in the file's own line ends. A comment line marks the file as written by Bulkhead, so a
// later flash knows the file it replaces is its own and keeps the original backup.

/** The image entry written as IMAGE0. */
export interface ImageEntry {
  /** IMAGE0ADDRESS. */
  readonly address: number;
  /** IMAGE0UPDATE, e.g. `AUTO`. */
  readonly update: string;
  /** Path on the volume as the MCC spells it, e.g. `\SOFTWARE\BULKHEAD.BIN`. */
  readonly file: string;
  /** What the image is, for the marker comment (e.g. the board and the ELF it came from). */
  readonly note: string;
}

export interface ImagesTxtEdit {
  /** The new file's text. */
  readonly text: string;
  /** The lines of the previous file that the new image list replaces. */
  readonly replaced: readonly string[];
  /** Whether the previous file was already written by `bulkhead flash` (its marker comment). */
  readonly previousWasBulkhead: boolean;
}

/** Title of a new file (the one Arm's MPS3 image lists carry). */
const NEW_TITLE = 'TITLE: Arm MPS3 FPGA prototyping board Images Configuration File';
const MARKER = /^\s*;\s*bulkhead flash\b/i;
const SECTION = /^\s*\[([^\]]*)\]/;
const IMAGE_KEY = /^\s*(TOTALIMAGES|IMAGE\d+[A-Z]+)\s*:/i;

/** `0x20000000`: eight hex digits, as the MCC files write addresses. */
function address(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}

function imageLines(entry: ImageEntry): string[] {
  return [
    `; bulkhead flash: ${entry.note}`,
    'TOTALIMAGES: 1',
    `IMAGE0UPDATE: ${entry.update}`,
    `IMAGE0ADDRESS: ${address(entry.address)}`,
    `IMAGE0FILE: ${entry.file}`,
  ];
}

/** images.txt with `entry` as its only image; `previous` is the current file's text (undefined: none). */
export function editImagesTxt(previous: string | undefined, entry: ImageEntry): ImagesTxtEdit {
  const ours = imageLines(entry);
  if (previous === undefined || previous.trim() === '') {
    const text = [NEW_TITLE, '', '[IMAGES]', ...ours, ''].join('\r\n');
    return { text, replaced: [], previousWasBulkhead: false };
  }
  const eol = previous.includes('\r\n') ? '\r\n' : '\n';
  const endsWithEol = previous.endsWith('\n');
  const lines = previous.split(/\r?\n/);
  if (endsWithEol) lines.pop();
  const previousWasBulkhead = lines.some((line) => MARKER.test(line));

  const header = lines.findIndex((line) => SECTION.exec(line)?.[1].trim().toUpperCase() === 'IMAGES');
  if (header < 0) {
    const text = [...lines, '', '[IMAGES]', ...ours].join(eol) + eol;
    return { text, replaced: [], previousWasBulkhead };
  }
  let end = header + 1;
  while (end < lines.length && !SECTION.test(lines[end])) end++;
  const kept: string[] = [];
  const replaced: string[] = [];
  let insertAt = -1;
  for (let i = header + 1; i < end; i++) {
    const line = lines[i];
    if (IMAGE_KEY.test(line) || MARKER.test(line)) {
      if (insertAt < 0) insertAt = kept.length;
      if (!MARKER.test(line)) replaced.push(line);
    } else {
      kept.push(line);
    }
  }
  if (insertAt < 0) insertAt = 0;
  const section = [...kept.slice(0, insertAt), ...ours, ...kept.slice(insertAt)];
  const text = [...lines.slice(0, header + 1), ...section, ...lines.slice(end)].join(eol) + eol;
  return { text, replaced, previousWasBulkhead };
}
