// Job: the dashboard page: opens the server's WebSocket, keeps what it receives and renders it (a
// Gantt of the VMs' slots, CPU load, the demo vehicle's speed/set-point/throttle, health events, port
// traffic, decoded CAN frames, UDS transactions, the console) with ECharts; its buttons send control
// requests back. Rendering is throttled to a few frames per second; state is kept in plain arrays.
import * as echarts from 'echarts/core';
import { CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
} from 'echarts';

import type { ControlRequest, HelloMessage, ServerMessage } from '../messages.ts';

echarts.use([CustomChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Virtual time the Gantt shows, µs. */
const GANTT_WINDOW_US = 100_000;
/** Samples kept per plot, and rows per table. */
const PLOT_POINTS = 3000;
const TABLE_ROWS = 60;
const CONSOLE_LINES = 300;
const RENDER_MS = 200;
const COLOURS = ['#3366cc', '#dc7633', '#2e8b57', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#d4ac0d'];

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`page has no #${id}`);
  return element as T;
};

let hello: HelloMessage | null = null;
/** Slot intervals kept for the Gantt: [row, startUs, endUs]. */
const slots: [number, number, number][] = [];
const loadSeries = new Map<string, [number, number][]>();
let loadTotal: Record<string, number> = {};
let loadInterval: Record<string, number> = {};
const vehicle = {
  speed: [] as [number, number][],
  setpoint: [] as [number, number][],
  throttle: [] as [number, number][],
  brake: [] as [number, number][],
};
let lastSetpoint: number | null = null;
let virtualUs = 0;
let paused = false;
let dirty = true;
let nextControlId = 1;

const gantt = echarts.init(byId('gantt'));
const load = echarts.init(byId('load'));
const vehiclePlot = echarts.init(byId('vehicle'));

/** Gantt rows: each VM, then idle. */
function rowNames(): string[] {
  return hello === null ? [] : [...hello.vms.map((vm) => vm.name), 'idle'];
}

function rowOf(vm: number): number {
  return vm < 0 || hello === null ? (hello?.vms.length ?? 0) : vm;
}

function renderSlotBar(
  params: CustomSeriesRenderItemParams,
  api: CustomSeriesRenderItemAPI,
): CustomSeriesRenderItemReturn {
  const row = api.value(0) as number;
  const start = api.coord([api.value(1), row]);
  const end = api.coord([api.value(2), row]);
  const height = (api.size?.([0, 1]) as number[])[1] * 0.6;
  return {
    type: 'rect',
    shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 1), height },
    style: { fill: row < (hello?.vms.length ?? 0) ? COLOURS[row % COLOURS.length] : '#c8ccd4' },
    name: String(params.dataIndex),
  };
}

function appendRow(tableId: string, cells: string[], className = ''): void {
  const body = byId<HTMLTableElement>(tableId).tBodies[0];
  const row = body.insertRow(0);
  if (className !== '') row.className = className;
  for (const text of cells) row.insertCell().textContent = text;
  while (body.rows.length > TABLE_ROWS) body.deleteRow(body.rows.length - 1);
}

function formatUs(us: number): string {
  return `${(us / 1e6).toFixed(3)} s`;
}

function onHello(message: HelloMessage): void {
  hello = message;
  byId('system').textContent = `${message.system} on ${message.board}`;
  const vmSelect = byId<HTMLSelectElement>('control-vm');
  vmSelect.replaceChildren(...message.vms.map((vm) => new Option(vm.name, vm.name)));
  const planSelect = byId<HTMLSelectElement>('control-plan');
  planSelect.replaceChildren(...message.plans.map((plan) => new Option(plan.name, plan.name)));
}

function onMessage(message: ServerMessage): void {
  dirty = true;
  switch (message.t) {
    case 'hello':
      onHello(message);
      break;
    case 'slots':
      for (const item of message.items) slots.push([rowOf(item.vm), item.startUs, item.endUs]);
      if (slots.length > 20_000) slots.splice(0, slots.length - 20_000);
      break;
    case 'load':
      loadInterval = message.interval;
      loadTotal = message.total;
      for (const [name, share] of Object.entries(message.interval)) {
        const points = loadSeries.get(name) ?? [];
        points.push([message.toUs / 1e6, share]);
        if (points.length > PLOT_POINTS) points.shift();
        loadSeries.set(name, points);
      }
      break;
    case 'event':
      appendRow(
        'events',
        [formatUs(message.atUs), message.vm ?? '–', message.text],
        message.kind === 'fault' || message.kind === 'console-fault' ? 'fault' : '',
      );
      byId('events').dataset.count = String(Number(byId('events').dataset.count ?? '0') + 1);
      break;
    case 'ports': {
      const body = byId<HTMLTableElement>('ports').tBodies[0];
      body.replaceChildren();
      for (const entry of message.counts) {
        const row = body.insertRow();
        for (const text of [entry.port, entry.operation, String(entry.count)])
          row.insertCell().textContent = text;
      }
      break;
    }
    case 'can': {
      const signals = Object.entries(message.signals)
        .map(([name, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(2)}`)
        .join(' ');
      appendRow('can', [
        `${message.id.toString(16).toUpperCase()}${message.name === null ? '' : ` ${message.name}`}`,
        message.data,
        signals,
      ]);
      break;
    }
    case 'uds':
      appendRow('uds', [message.request, message.response ?? '(no response)', message.text]);
      break;
    case 'vehicle':
      if (message.setpointKmh !== null) lastSetpoint = message.setpointKmh;
      vehicle.speed.push([message.timeS, message.speedKmh]);
      if (lastSetpoint !== null) vehicle.setpoint.push([message.timeS, lastSetpoint]);
      vehicle.throttle.push([message.timeS, message.throttle]);
      vehicle.brake.push([message.timeS, message.brake]);
      for (const points of Object.values(vehicle)) if (points.length > PLOT_POINTS) points.shift();
      break;
    case 'console': {
      const consoleElement = byId('console');
      consoleElement.textContent += `${message.line}\n`;
      const lines = consoleElement.textContent.split('\n');
      if (lines.length > CONSOLE_LINES) consoleElement.textContent = lines.slice(-CONSOLE_LINES).join('\n');
      consoleElement.scrollTop = consoleElement.scrollHeight;
      break;
    }
    case 'time':
      virtualUs = message.virtualUs;
      paused = message.paused;
      break;
    case 'control-result':
      byId('control-answer').textContent = `${message.ok ? '✓' : '✗'} ${message.text}`;
      break;
  }
}

function render(): void {
  if (!dirty || hello === null) return;
  dirty = false;
  byId('virtual-time').textContent = formatUs(virtualUs);
  byId('run-state').textContent = paused ? '(paused)' : '';
  const newest = slots.length === 0 ? 0 : slots[slots.length - 1][2];
  const shown = slots.filter((slot) => slot[2] >= newest - GANTT_WINDOW_US);
  const rows = rowNames();
  byId('gantt').dataset.rows = JSON.stringify(
    rows.map((name, row) => [name, shown.filter((slot) => slot[0] === row).length]),
  );
  gantt.setOption({
    animation: false,
    grid: { left: 70, right: 20, top: 10, bottom: 30 },
    xAxis: {
      type: 'value',
      min: Math.max(0, newest - GANTT_WINDOW_US) / 1000,
      max: newest / 1000,
      name: 'ms',
      axisLabel: { formatter: '{value}' },
    },
    yAxis: { type: 'category', data: rows, inverse: true },
    series: [
      {
        type: 'custom',
        renderItem: renderSlotBar,
        encode: { x: [1, 2], y: 0 },
        data: shown.map(([row, start, end]) => [row, start / 1000, end / 1000]),
      },
    ],
  });
  const names = [...loadSeries.keys()];
  load.setOption({
    animation: false,
    legend: { data: names, top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 20, top: 30, bottom: 30 },
    xAxis: { type: 'value', name: 's', scale: true },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: names.map((name) => ({ name, type: 'line', showSymbol: false, data: loadSeries.get(name) })),
  });
  const loadBody = byId<HTMLTableElement>('load-table').tBodies[0];
  loadBody.replaceChildren();
  for (const name of Object.keys(loadTotal)) {
    const row = loadBody.insertRow();
    row.dataset.name = name;
    row.dataset.total = String(loadTotal[name]);
    for (const text of [name, (loadInterval[name] ?? 0).toFixed(1), loadTotal[name].toFixed(2)])
      row.insertCell().textContent = text;
  }
  vehiclePlot.setOption({
    animation: false,
    legend: { data: ['speed', 'set-point', 'throttle', 'brake'], top: 0 },
    tooltip: { trigger: 'axis' },
    grid: { left: 45, right: 45, top: 30, bottom: 30 },
    xAxis: { type: 'value', name: 's', scale: true },
    yAxis: [
      { type: 'value', name: 'km/h', min: 0 },
      { type: 'value', name: '0..1', min: 0, max: 1 },
    ],
    series: [
      { name: 'speed', type: 'line', showSymbol: false, data: vehicle.speed },
      { name: 'set-point', type: 'line', showSymbol: false, data: vehicle.setpoint },
      { name: 'throttle', type: 'line', showSymbol: false, yAxisIndex: 1, data: vehicle.throttle },
      { name: 'brake', type: 'line', showSymbol: false, yAxisIndex: 1, data: vehicle.brake },
    ],
  });
}

const socket = new WebSocket(`ws://${location.host}/ws`);
socket.addEventListener('message', (event: MessageEvent<string>) =>
  onMessage(JSON.parse(event.data) as ServerMessage),
);
socket.addEventListener('close', () => {
  byId('run-state').textContent = '(disconnected: the run ended)';
});

/** `ControlRequest` without its id (distributed over the union, so each member keeps its fields). */
type ControlWithoutId = ControlRequest extends infer R
  ? R extends ControlRequest
    ? Omit<R, 'id'>
    : never
  : never;

function send(request: ControlWithoutId): void {
  const full = { ...request, id: nextControlId++ };
  byId('control-answer').textContent = `… ${full.control}`;
  socket.send(JSON.stringify(full));
}

byId('restart-vm').addEventListener('click', () =>
  send({ control: 'restart-vm', vm: byId<HTMLSelectElement>('control-vm').value }),
);
byId('switch-plan').addEventListener('click', () =>
  send({ control: 'switch-plan', plan: byId<HTMLSelectElement>('control-plan').value }),
);
byId('sensor-dropout').addEventListener('click', () => send({ control: 'sensor-dropout', periods: 50 }));
byId('pause').addEventListener('click', () => send({ control: 'pause' }));
byId('resume').addEventListener('click', () => send({ control: 'resume' }));
setInterval(render, RENDER_MS);
window.addEventListener('resize', () => [gantt, load, vehiclePlot].forEach((chart) => chart.resize()));
