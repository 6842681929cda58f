// Corpus program: a traffic-light state machine with enum states and events, switch dispatch, an
// integer-to-enum decoder (switch) and an event script from a const table.
import { bool, u8, u32 } from '../../../../transpiler/runtime/index.ts';
import { printStr, printU32 } from '../../support/print.ts';

enum LightState {
  Red,
  RedAmber,
  Green,
  Amber,
  FlashingAmber,
}

enum LightEvent {
  Tick = 1,
  Fault = 2,
  Reset = 4,
  Pedestrian = 8,
}

const EVENT_SCRIPT: readonly u8[] = [1, 1, 1, 8, 1, 1, 2, 1, 1, 4, 1, 8, 1, 1, 1, 9, 1] as const;

let state: LightState = LightState.Red;
let ticksInState: u32 = 0;
let pedestrianWaiting: bool = false;

function decodeEvent(code: u8): LightEvent {
  switch (code) {
    case 1:
      return LightEvent.Tick;
    case 2:
      return LightEvent.Fault;
    case 8:
      return LightEvent.Pedestrian;
    default:
      return LightEvent.Reset;
  }
}

function enter(next: LightState): void {
  state = next;
  ticksInState = 0;
}

function handle(event: LightEvent): void {
  if (event === LightEvent.Fault) {
    enter(LightState.FlashingAmber);
    return;
  }
  if (event === LightEvent.Pedestrian) {
    pedestrianWaiting = true;
    return;
  }
  switch (state) {
    case LightState.Red:
      if (event === LightEvent.Tick) {
        ticksInState = u32(ticksInState + 1);
        if (ticksInState >= 2) {
          enter(LightState.RedAmber);
        }
      }
      break;
    case LightState.RedAmber:
      enter(LightState.Green);
      break;
    case LightState.Green:
      ticksInState = u32(ticksInState + 1);
      if (pedestrianWaiting || ticksInState >= 4) {
        pedestrianWaiting = false;
        enter(LightState.Amber);
      }
      break;
    case LightState.Amber:
      enter(LightState.Red);
      break;
    case LightState.FlashingAmber:
      if (event === LightEvent.Reset) {
        enter(LightState.Red);
      }
      break;
  }
}

function stateName(s: LightState): void {
  switch (s) {
    case LightState.Red:
      printStr('red');
      break;
    case LightState.RedAmber:
      printStr('red-amber');
      break;
    case LightState.Green:
      printStr('green');
      break;
    case LightState.Amber:
      printStr('amber');
      break;
    default:
      printStr('flashing');
      break;
  }
}

export function main(): void {
  for (const code of EVENT_SCRIPT) {
    const event = decodeEvent(code);
    handle(event);
    printU32('event', u32(event));
    printU32('state', u32(state));
    stateName(state);
  }
  printU32('ticks', ticksInState);
}
