// Job: the live dashboard of `bulkhead start`, end to end: the demo runs in QEMU (lock-step HIL, bus hub,
// recorded trace) and headless Chromium (Debian's, driven by playwright-core) opens the printed URL.
// The page must show both VMs' slots; its CPU shares must equal `bulkhead trace summary` of the same
// recorded trace within 1 percentage point (compared while virtual time is paused, so both see the same
// records); an injected sensor dropout must show up as the control guest's fault within one second of
// virtual time; a plan switch asked on the page must be applied by the hypervisor (trace record shown)
// through the diagnostic guest's UDS session; a VM restart asked on the page goes through the
// diagnostic guest's UDS routine (the transaction and the restart shown); and pause must stop virtual
// time until resume.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { readTraceFile, traceContext } from '../../../cli/trace/decode.ts';
import { summarizeTrace } from '../../../cli/trace/summary.ts';
import { loadSystemDescription } from '../../../firmware/config/load.ts';
import { repoRoot } from '../../../qemu/runner/index.ts';
import { chromiumMissing, openChromium, type OpenBrowser } from '../../support/chromium.ts';
import { requireQemuForTests } from '../helpers/require-qemu.ts';

const TRACE_FILE = join(repoRoot, 'out', 'demo', 'trace.txt');

/** Polls `read` until `accept` holds (returns that value) or fails after `timeoutMs` with `what`. */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/** The events table as [virtual seconds, VM, text], newest first. */
function events(page: Page): Promise<[number, string, string][]> {
  return page.$$eval('#events tbody tr', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
      return [parseFloat(cells[0]), cells[1], cells[2]] as [number, string, string];
    }),
  );
}

const virtualSeconds = (page: Page): Promise<number> =>
  page.$eval('#virtual-time', (element) => parseFloat(element.textContent ?? 'NaN'));

describe('dashboard: bulkhead start in headless Chromium (QEMU)', function () {
  this.timeout(600_000);
  let child: ChildProcess | null = null;
  let browser: OpenBrowser | null = null;
  let page: Page;
  let stdout = '';

  before(async () => {
    requireQemuForTests();
    // CI provisions Chromium (scripts/provision-toolchain.sh): its absence is a broken machine.
    const missing = chromiumMissing();
    if (missing !== null) throw new Error(missing);
    child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'cli', 'main.ts'), 'start', '--duration', '300'],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.resume();
    const url = await until(
      'the dashboard URL on stdout',
      () => Promise.resolve(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]),
      (u) => u !== undefined,
      300_000,
    );
    browser = await openChromium();
    page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url!);
    assert.deepEqual(pageErrors, []);
  });

  after(async () => {
    await browser?.close();
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
  });

  it('shows both VMs in the slot Gantt', async () => {
    const rows = await until(
      'slots of both VMs',
      () => page.$eval('#gantt', (element) => JSON.parse(element.dataset.rows ?? '[]') as [string, number][]),
      (r) =>
        r.some(([name, n]) => name === 'control' && n > 0) && r.some(([name, n]) => name === 'diag' && n > 0),
    );
    assert.ok(rows.length >= 3, JSON.stringify(rows));
  });

  it('shows an injected sensor dropout as the control guest fault within 1 s of virtual time', async () => {
    await until(
      'a second of virtual time',
      () => virtualSeconds(page),
      (s) => s > 1,
    );
    await page.click('#sensor-dropout');
    const seen = await until(
      'the dropout and the fault it causes',
      () => events(page),
      (rows) =>
        rows.some((r) => /dropout .* injected/.test(r[2])) &&
        rows.some((r) => /SensorTimeout set/.test(r[2])),
    );
    const injected = seen.find((r) => /dropout .* injected/.test(r[2]))!;
    const fault = seen.find((r) => /SensorTimeout set/.test(r[2]))!;
    assert.equal(fault[1], 'control');
    assert.ok(
      fault[0] >= injected[0] && fault[0] - injected[0] < 1,
      `injected at ${injected[0]} s, shown at ${fault[0]} s`,
    );
  });

  it('switches the plan through the diagnostic session, applied by the hypervisor', async () => {
    await page.selectOption('#control-plan', 'diag-heavy');
    await page.click('#switch-plan');
    await until(
      'the plan switch applied',
      () => events(page),
      (rows) => rows.some((r) => /plan diag-heavy applied/.test(r[2])),
    );
    await page.selectOption('#control-plan', 'normal');
    await page.click('#switch-plan');
    await until(
      'back to the normal plan',
      () => events(page),
      // Newest first: a `normal` applied after (above) the `diag-heavy` one, not the boot's request.
      (rows) => {
        const heavy = rows.findIndex((r) => /plan diag-heavy applied/.test(r[2]));
        const normal = rows.findIndex((r) => /plan normal applied/.test(r[2]));
        return heavy > 0 && normal >= 0 && normal < heavy;
      },
    );
  });

  it('restarts the control VM through the diagnostic guest (UDS routine), seen in the trace', async () => {
    const before = (await events(page)).filter(
      (r) => r[1] === 'control' && /state restarting/.test(r[2]),
    ).length;
    await page.selectOption('#control-vm', 'control');
    await page.click('#restart-vm');
    await until(
      'the answer on the page',
      () => page.$eval('#control-answer', (e) => e.textContent ?? ''),
      (t) => t.includes('restart accepted'),
    );
    await until(
      'the control VM restarting in the trace',
      () => events(page),
      (rows) => rows.filter((r) => r[1] === 'control' && /state restarting/.test(r[2])).length > before,
    );
    await until(
      'the UDS transaction shown',
      () => page.$$eval('#uds tbody tr', (rows) => rows.map((r) => r.textContent ?? '')),
      (rows) => rows.some((t) => /RoutineControl.*positive/.test(t)),
    );
  });

  it('pauses virtual time; the CPU shares then equal the trace summary within 1 point', async () => {
    await page.click('#pause');
    await until(
      'the page says paused',
      () => page.$eval('#run-state', (e) => e.textContent ?? ''),
      (t) => t.includes('paused'),
    );
    // The link holds the machine at its next control period; let the trace feed catch up.
    await new Promise((r) => setTimeout(r, 2000));
    const first = await virtualSeconds(page);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await virtualSeconds(page), first, 'virtual time stood still');
    const shares = await page.$$eval('#load-table tbody tr', (rows) =>
      Object.fromEntries(
        rows.map((row) => [
          (row as HTMLElement).dataset.name ?? '',
          Number((row as HTMLElement).dataset.total),
        ]),
      ),
    );
    const desc = await loadSystemDescription(join(repoRoot, 'systems', 'demo.ts'));
    const context = traceContext(desc);
    const summary = summarizeTrace(readTraceFile(TRACE_FILE, context), context);
    for (const [owner, fraction] of Object.entries(summary.cpuShare)) {
      assert.ok(owner in shares, `the page shows ${owner}: ${JSON.stringify(shares)}`);
      assert.ok(
        Math.abs(shares[owner] - fraction * 100) < 1,
        `${owner}: page ${shares[owner]} %, trace summary ${(fraction * 100).toFixed(2)} %`,
      );
    }
    await page.click('#resume');
    await until(
      'virtual time runs again',
      () => virtualSeconds(page),
      (s) => s > first,
    );
  });
});
