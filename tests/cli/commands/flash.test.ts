// `bulkhead flash --board mps3-an536 <volume>` as a process, on MPS3 volumes made in a temporary folder
// with the layout Arm documents (config.txt, MB/HBI0309C/board.txt, MB/HBI0309C/AN536/images.txt,
// SOFTWARE/): it builds the EL2 self-test image (a BSP image of the board, which builds today) and
// writes its flat binary, byte for byte objcopy's, and an images.txt naming it, keeping the bundle's
// list once as images.bak; it takes a built ELF, including a hypervisor image built for the board; it
// refuses, writing nothing, a folder that is not such a volume, an ELF linked elsewhere or not an ELF,
// a board without a volume and (while the board's CPU does not host the core) a hypervisor system to
// build; --force writes the layout into an empty folder; --dry-run writes nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { mps3An536 } from '../../../bsp/mps3-an536/board.ts';
import { repoRoot } from '../../../cli/build/paths.ts';
import { buildHypervisorSystemFrom } from '../../../cli/build/system.ts';
import { tools } from '../../../cli/build/toolchain.ts';
import testOneVmAn536 from '../../../systems/test-one-vm-an536.ts';

function bulkhead(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BUNDLE_IMAGES = [
  'TITLE: Versatile Express Images Configuration File',
  '',
  '[IMAGES]',
  'TOTALIMAGES: 1 ;Number of Images (Max: 32)',
  'IMAGE0ADDRESS: 0x00000000',
  'IMAGE0FILE: \\SOFTWARE\\an536.axf',
  '',
].join('\r\n');

/** A volume as the AN536 bundle lays it out (file names in the volume's own case). */
function makeVolume(root: string): string {
  mkdirSync(join(root, 'MB', 'HBI0309C', 'AN536'), { recursive: true });
  mkdirSync(join(root, 'SOFTWARE'));
  writeFileSync(join(root, 'config.txt'), 'TITLE: V2M-MPS3 Configuration File\r\n');
  writeFileSync(join(root, 'MB', 'HBI0309C', 'board.txt'), 'TITLE: board\r\n');
  writeFileSync(join(root, 'MB', 'HBI0309C', 'AN536', 'images.txt'), BUNDLE_IMAGES);
  return root;
}

/** Every file under `root` with its contents, to show that nothing changed. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path).toString('base64'));
    }
  };
  walk(root);
  return files;
}

const imagesOf = (root: string): string => readFileSync(join(root, 'MB/HBI0309C/AN536/images.txt'), 'utf8');

describe('bulkhead flash --board mps3-an536', function () {
  this.timeout(180_000);
  let tmp: string;
  let outRoot: string;
  let elf: string;
  let firstVolume: string;
  let first: ReturnType<typeof bulkhead>;

  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bulkhead-flash-'));
    outRoot = join(tmp, 'out');
    firstVolume = makeVolume(join(tmp, 'first'));
    first = bulkhead([
      'flash',
      '--board',
      'mps3-an536',
      firstVolume,
      '--system',
      'el2-selftest',
      '--out',
      outRoot,
    ]);
    elf = join(outRoot, 'el2-selftest', 'bulkhead.elf');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("builds the system and writes objcopy's flat binary and an images.txt naming it at the load address", () => {
    assert.equal(first.status, 0, first.stderr);
    const expected = join(tmp, 'expected.bin');
    execFileSync(tools.objcopy, ['-O', 'binary', elf, expected]);
    assert.deepEqual(readFileSync(join(firstVolume, 'SOFTWARE', 'BULKHEAD.BIN')), readFileSync(expected));
    const lines = imagesOf(firstVolume).split('\r\n');
    assert.deepEqual(lines.slice(0, 3), BUNDLE_IMAGES.split('\r\n').slice(0, 3));
    assert.deepEqual(lines.slice(4, 8), [
      'TOTALIMAGES: 1',
      `IMAGE0UPDATE: ${mps3An536.volume!.imageUpdate}`,
      `IMAGE0ADDRESS: 0x${mps3An536.volume!.loadAddress.toString(16).padStart(8, '0')}`,
      'IMAGE0FILE: \\SOFTWARE\\BULKHEAD.BIN',
    ]);
    assert.equal(readFileSync(join(firstVolume, 'MB/HBI0309C/AN536/images.bak'), 'utf8'), BUNDLE_IMAGES);
    assert.match(first.stdout, /replaced in MB\/HBI0309C\/AN536\/images\.txt:\n {4}TOTALIMAGES: 1 ;Number/);
    assert.match(first.stdout, /next steps:\n {2}1\. Eject the volume/);
    assert.match(first.stdout, /uart0 \(CMSDK APB UART \(per core\)\) at 115200 baud, 8N1/);
    assert.equal(readdirSync(join(firstVolume, 'SOFTWARE')).join(), 'BULKHEAD.BIN', 'a temporary file left');
  });

  it('flashes again from --image, keeping the original list as the backup', () => {
    const again = bulkhead([
      'flash',
      '--board',
      'mps3-an536',
      firstVolume,
      '--image',
      elf,
      '--name',
      'BH2.BIN',
    ]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(imagesOf(firstVolume), /IMAGE0FILE: \\SOFTWARE\\BH2\.BIN\r\n/);
    assert.equal(imagesOf(firstVolume).match(/TOTALIMAGES/g)?.length, 1);
    assert.equal(readFileSync(join(firstVolume, 'MB/HBI0309C/AN536/images.bak'), 'utf8'), BUNDLE_IMAGES);
    assert.doesNotMatch(again.stdout, /kept as/);
  });

  it('refuses a folder that is not an MPS3 volume, naming it and writing nothing', () => {
    const folder = join(tmp, 'not-a-volume');
    mkdirSync(join(folder, 'SOFTWARE'), { recursive: true });
    writeFileSync(join(folder, 'config.txt'), 'x');
    const before = snapshot(folder);
    const result = bulkhead(['flash', '--board', 'mps3-an536', folder, '--image', elf]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`${folder} does not look like an MPS3 volume`));
    assert.match(result.stderr, /no MB\/HBI0309C\/board\.txt, no MB\/HBI0309C\/AN536\//);
    assert.deepEqual(snapshot(folder), before);
    const missing = bulkhead(['flash', '--board', 'mps3-an536', join(tmp, 'nowhere'), '--image', elf]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nowhere: no such folder/);
  });

  it('with --force writes the layout into an empty folder and names the files Arm supplies', () => {
    const folder = join(tmp, 'staging');
    mkdirSync(folder);
    const result = bulkhead(['flash', '--board', 'mps3-an536', folder, '--image', elf, '--force']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(statSync(join(folder, 'SOFTWARE', 'BULKHEAD.BIN')).size > 0);
    assert.match(imagesOf(folder), /^TITLE: .*\r\n\r\n\[IMAGES\]\r\n/);
    assert.match(result.stdout, /lacks config\.txt, MB\/HBI0309C\/board\.txt/);
  });

  it('refuses an ELF the board cannot load, or a file that is no ELF, naming it and writing nothing', () => {
    const volume = makeVolume(join(tmp, 'refusals'));
    const before = snapshot(volume);
    const moved = join(tmp, 'moved.elf');
    execFileSync(tools.objcopy, ['--change-addresses', '0x1000', elf, moved]);
    const linkedElsewhere = bulkhead(['flash', '--board', 'mps3-an536', volume, '--image', moved]);
    assert.equal(linkedElsewhere.status, 1);
    assert.match(linkedElsewhere.stderr, new RegExp(`${moved} starts loading at 0x20001000`));
    const text = join(tmp, 'notes.elf');
    writeFileSync(text, 'not an image\n');
    const notElf = bulkhead(['flash', '--board', 'mps3-an536', volume, '--image', text]);
    assert.equal(notElf.status, 1);
    assert.match(notElf.stderr, new RegExp(`${text} is not an ELF file`));
    assert.deepEqual(snapshot(volume), before);
  });

  it('in a dry run prints what it would write and writes nothing', () => {
    const volume = makeVolume(join(tmp, 'dry'));
    const before = snapshot(volume);
    const result = bulkhead(['flash', '--board', 'mps3-an536', volume, '--image', elf, '--dry-run']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /dry run: would write .*\(nothing written\)/);
    assert.match(result.stdout, /SOFTWARE\/BULKHEAD\.BIN \(\d+ bytes\)/);
    assert.match(result.stdout, / {4}IMAGE0FILE: \\SOFTWARE\\BULKHEAD\.BIN/);
    assert.deepEqual(snapshot(volume), before);
  });

  it('builds a hypervisor system for the board (--system) and writes its image (a VM image and its pristine copy in DDR)', async () => {
    const volume = makeVolume(join(tmp, 'hypervisor-image'));
    const result = bulkhead([
      'flash',
      '--board',
      'mps3-an536',
      volume,
      '--system',
      'test-one-vm-an536',
      '--out',
      outRoot,
    ]);
    assert.equal(result.status, 0, result.stderr);
    const built = await buildHypervisorSystemFrom(testOneVmAn536, { outRoot });
    const expected = join(tmp, 'hypervisor.bin');
    execFileSync(tools.objcopy, ['-O', 'binary', built.elf, expected]);
    assert.deepEqual(readFileSync(join(volume, 'SOFTWARE', 'BULKHEAD.BIN')), readFileSync(expected));
  });

  it('refuses a board without a volume and bad arguments', () => {
    const volume = join(tmp, 'first');
    const realview = bulkhead(['flash', '--board', 'realview-eb', volume, '--image', elf]);
    assert.equal(realview.status, 1);
    assert.match(realview.stderr, /board 'realview-eb' has no configuration volume/);
    assert.equal(bulkhead(['flash', volume, '--image', elf]).status, 2);
    assert.match(
      bulkhead(['flash', '--board', 'mps3-an536', volume]).stderr,
      /either --image <elf> or --system/,
    );
    const badName = bulkhead([
      'flash',
      '--board',
      'mps3-an536',
      volume,
      '--image',
      elf,
      '--name',
      'bulkhead-image.bin',
    ]);
    assert.equal(badName.status, 1);
    assert.match(badName.stderr, /'bulkhead-image\.bin' is not an 8\.3 name/);
  });
});
