// Job: the longitudinal vehicle model the HIL host runs in lock-step with the control guest: one
// straight-line degree of freedom (speed) under drive force (throttle, limited by peak traction force
// and by engine power), brake force, aerodynamic drag, rolling resistance and road grade. Integrated by
// explicit (forward) Euler with a fixed sub-step; the vehicle does not roll backwards (resistive
// forces stop it at 0 m/s, they never reverse it). Pure and deterministic: same inputs, same trace.

/** Standard gravity, m/s². */
export const GRAVITY = 9.80665;

export interface VehicleParameters {
  /** Vehicle mass including driver, kg. */
  massKg: number;
  /** Air density, kg/m³. */
  airDensity: number;
  /** Drag coefficient C_d (dimensionless). */
  dragCoefficient: number;
  /** Frontal area A, m². */
  frontalAreaM2: number;
  /** Rolling-resistance coefficient C_rr (dimensionless). */
  rollingCoefficient: number;
  /** Peak drive force at the wheels at full throttle (traction/torque limit), N. */
  maxDriveForceN: number;
  /** Peak drive power at the wheels at full throttle, W. */
  maxDrivePowerW: number;
  /** Brake force at full brake, N. */
  maxBrakeForceN: number;
  /** Road grade θ, radians (positive: uphill). */
  gradeRad: number;
}

/** A mid-size petrol saloon (about 1.5 t, C_d·A ≈ 0.66 m², 110 kW at the wheels): 0→100 km/h in
 *  about 9 s and a top speed near 225 km/h on the flat. */
export const MID_SIZE_CAR: Readonly<VehicleParameters> = {
  massKg: 1500,
  airDensity: 1.204, // dry air at 20 °C, sea level
  dragCoefficient: 0.3,
  frontalAreaM2: 2.2,
  rollingCoefficient: 0.01,
  maxDriveForceN: 5000, // ≈ 0.34 g of traction
  maxDrivePowerW: 110_000,
  maxBrakeForceN: 12_000, // ≈ 0.8 g
  gradeRad: 0,
};

/** Integration sub-step, s: 1 ms, so a 10 ms control period is 10 Euler steps. */
export const DEFAULT_SUBSTEP_S = 0.001;
/** Below this speed the drive force is computed at this speed, so power/v stays finite. */
const POWER_LIMIT_FLOOR_MS = 1.0;

export interface ForceBreakdown {
  driveN: number;
  brakeN: number;
  dragN: number;
  rollingN: number;
  gradeN: number;
}

export function checkParameters(p: VehicleParameters): void {
  const positive: (keyof VehicleParameters)[] = [
    'massKg',
    'airDensity',
    'dragCoefficient',
    'frontalAreaM2',
    'maxDriveForceN',
    'maxDrivePowerW',
    'maxBrakeForceN',
  ];
  for (const name of positive) {
    if (!(Number.isFinite(p[name]) && p[name] > 0))
      throw new RangeError(`vehicle parameter ${name} = ${p[name]} must be a positive number`);
  }
  if (!(Number.isFinite(p.rollingCoefficient) && p.rollingCoefficient >= 0)) {
    throw new RangeError(`vehicle parameter rollingCoefficient = ${p.rollingCoefficient} must be ≥ 0`);
  }
  if (!(Number.isFinite(p.gradeRad) && Math.abs(p.gradeRad) < Math.PI / 4)) {
    throw new RangeError(`vehicle parameter gradeRad = ${p.gradeRad} must be within ±π/4`);
  }
}

/** Drive force at the wheels for `throttle` (0..1) at speed `v` m/s: min(peak force, power / v). */
export function driveForce(p: VehicleParameters, throttle: number, v: number): number {
  const available = Math.min(p.maxDriveForceN, p.maxDrivePowerW / Math.max(v, POWER_LIMIT_FLOOR_MS));
  return throttle * available;
}

/** Forces at speed `v` (m/s ≥ 0); resistive ones as magnitudes opposing forward motion. */
export function forces(p: VehicleParameters, throttle: number, brake: number, v: number): ForceBreakdown {
  return {
    driveN: driveForce(p, throttle, v),
    brakeN: brake * p.maxBrakeForceN,
    dragN: 0.5 * p.airDensity * p.dragCoefficient * p.frontalAreaM2 * v * v,
    rollingN: p.rollingCoefficient * p.massKg * GRAVITY * Math.cos(p.gradeRad),
    gradeN: p.massKg * GRAVITY * Math.sin(p.gradeRad),
  };
}

function clampUnit(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} = ${value} is not a finite number`);
  return Math.min(1, Math.max(0, value));
}

export class VehicleModel {
  /** Speed, m/s (never negative). */
  speedMs = 0;
  /** Distance travelled, m. */
  positionM = 0;
  /** Simulated time, s. */
  timeS = 0;
  readonly params: Readonly<VehicleParameters>;

  constructor(
    params: VehicleParameters = MID_SIZE_CAR,
    readonly substepS: number = DEFAULT_SUBSTEP_S,
  ) {
    checkParameters(params);
    if (!(substepS > 0 && substepS <= 0.01))
      throw new RangeError(`sub-step ${substepS} s must be in (0, 0.01]`);
    this.params = { ...params };
  }

  get speedKmh(): number {
    return this.speedMs * 3.6;
  }

  /** Advances by `durationS` (a whole number of sub-steps) with throttle and brake (0..1, clamped)
   *  held constant. */
  step(throttleIn: number, brakeIn: number, durationS: number): void {
    const throttle = clampUnit('throttle', throttleIn);
    const brake = clampUnit('brake', brakeIn);
    const steps = Math.round(durationS / this.substepS);
    if (steps < 1 || Math.abs(steps * this.substepS - durationS) > 1e-9) {
      throw new RangeError(
        `step duration ${durationS} s is not a whole number of ${this.substepS} s sub-steps`,
      );
    }
    const m = this.params.massKg;
    for (let i = 0; i < steps; i++) {
      const f = forces(this.params, throttle, brake, this.speedMs);
      // Forces that can only oppose motion (brake, rolling resistance, drag) stop the car, never
      // reverse it; grade can push it either way but a parked car on a slope is held by its brakes
      // and rolling resistance as long as those exceed the grade force.
      const propulsive = f.driveN - f.gradeN;
      const resistive = f.brakeN + f.rollingN + f.dragN;
      let next: number;
      if (this.speedMs <= 0 && propulsive <= resistive) {
        next = 0; // stuck at rest: static friction/brake holds
      } else {
        next = this.speedMs + ((propulsive - resistive) / m) * this.substepS;
        if (next < 0) next = 0;
      }
      this.positionM += 0.5 * (this.speedMs + next) * this.substepS;
      this.speedMs = next;
      this.timeS += this.substepS;
    }
  }
}

/** Speed (m/s) at which the full-throttle drive force balances drag, rolling resistance and grade,
 *  found by bisection on [0, 200] m/s (the net force falls monotonically with speed there). */
export function terminalSpeedMs(p: VehicleParameters, throttle = 1): number {
  const net = (v: number) => {
    const f = forces(p, throttle, 0, v);
    return f.driveN - f.dragN - f.rollingN - f.gradeN;
  };
  let low = 0;
  let high = 200;
  if (net(low) <= 0) return 0;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (low + high);
    if (net(mid) > 0) low = mid;
    else high = mid;
  }
  return 0.5 * (low + high);
}
