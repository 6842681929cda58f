// Job: the UDS (ISO 14229-1) client of the host tester: one method per service of the diagnostic
// guest's contract (docs/UDS.md) with typed results, over a host ISO-TP channel. Handles response
// pending (NRC 0x78: wait P2* for the final answer), the suppress-positive-response bit (wait P2 for a
// possible negative answer, else done), functional requests (a missing answer is not an error: NRCs may
// be suppressed), and security unlock with the contract's key algorithm. Negative responses throw
// `UdsNegativeResponseError` (with the NRC and its name); `exchange` returns them instead.
import { splitDidRecords, decodeDid, type DidRecord, type DidValue } from './dids.ts';
import { parseDtcRecords, type DtcRecord } from './dtc.ts';
import { UdsNegativeResponseError, UdsProtocolError, UdsTimeoutError, hexBytes } from './errors.ts';
import { IsoTpTimeoutError, type IsoTpChannel } from './isotp.ts';
import { NEGATIVE_RESPONSE_SID, NRC_RESPONSE_PENDING } from './nrc.ts';
import { DEFAULT_SECURITY_SECRET, securityKeyBytes } from './security.ts';

export const SID = {
  DiagnosticSessionControl: 0x10,
  EcuReset: 0x11,
  ClearDiagnosticInformation: 0x14,
  ReadDtcInformation: 0x19,
  ReadDataByIdentifier: 0x22,
  SecurityAccess: 0x27,
  WriteDataByIdentifier: 0x2e,
  RoutineControl: 0x31,
  TesterPresent: 0x3e,
  ControlDtcSetting: 0x85,
} as const;

/** Suppress-positive-response bit of a sub-function byte. */
export const SPRB = 0x80;
const POSITIVE_OFFSET = 0x40;

export const Session = { Default: 0x01, Programming: 0x02, Extended: 0x03 } as const;
export const ResetType = { Hard: 0x01, Soft: 0x03 } as const;
export const RoutineControlType = { Start: 0x01, Stop: 0x02, Results: 0x03 } as const;
export const DtcReport = { CountByStatusMask: 0x01, ByStatusMask: 0x02, Supported: 0x0a } as const;

export interface UdsClientOptions {
  /** P2client: wait for the first answer, ms (default 1000: the server's 50 ms plus bus, host and
   *  emulation delays). */
  p2Ms?: number;
  /** P2*client: wait for the final answer after a response-pending, ms (default 6000: the server's
   *  5000 ms plus margin). */
  p2StarMs?: number;
}

export interface RequestOptions {
  /** Send on the functional identifier (0x7DF, single frame only). */
  functional?: boolean;
}

/** What one request got back. */
export type UdsOutcome =
  { kind: 'positive'; response: Uint8Array } | { kind: 'negative'; nrc: number } | { kind: 'none' };

export interface UdsExchange {
  outcome: UdsOutcome;
  /** Response-pending (0x78) answers before the final one. */
  pendingResponses: number;
  /** Host wall time from the request to the final answer (or to giving up), ms. */
  elapsedMs: number;
}

export interface SessionTiming {
  session: number;
  /** P2server, ms. */
  p2ServerMs: number;
  /** P2*server, ms (sent in 10 ms units). */
  p2StarServerMs: number;
}

export interface DtcCount {
  availabilityMask: number;
  formatIdentifier: number;
  count: number;
}

export interface DtcList {
  availabilityMask: number;
  records: DtcRecord[];
}

export interface RoutineResult {
  controlType: number;
  routineId: number;
  /** routineInfo / routineStatusRecord bytes after the identifier. */
  status: Uint8Array;
}

function u8Check(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new RangeError(`${what} ${value} is not a byte`);
  return value;
}

function u16Check(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff)
    throw new RangeError(`${what} 0x${value.toString(16)} is not a 16-bit identifier`);
  return value;
}

export class UdsClient {
  readonly p2Ms: number;
  readonly p2StarMs: number;
  /** Timing the server announced in its last DiagnosticSessionControl response. */
  serverTiming: SessionTiming | null = null;

  constructor(
    readonly channel: IsoTpChannel,
    options: UdsClientOptions = {},
  ) {
    this.p2Ms = options.p2Ms ?? 1000;
    this.p2StarMs = options.p2StarMs ?? 6000;
  }

  /** Sends `request` and collects the final answer. `expectAnswer` false (SPRB set, or functional):
   *  silence until P2 is `none`; otherwise silence is a `UdsTimeoutError`. */
  async exchange(
    request: Uint8Array,
    options: RequestOptions & { expectAnswer?: boolean } = {},
  ): Promise<UdsExchange> {
    if (request.length === 0) throw new RangeError('UDS request is empty');
    const sid = request[0];
    const functional = options.functional === true;
    const expectAnswer = options.expectAnswer ?? !functional;
    this.channel.discardPending();
    const started = performance.now();
    await this.channel.send(request, { functional });
    let pending = 0;
    let timeoutMs = this.p2Ms;
    for (;;) {
      let response: Uint8Array;
      try {
        response = await this.channel.receive(timeoutMs);
      } catch (err) {
        if (!(err instanceof IsoTpTimeoutError)) throw err;
        if (!expectAnswer && pending === 0)
          return { outcome: { kind: 'none' }, pendingResponses: 0, elapsedMs: performance.now() - started };
        throw new UdsTimeoutError(request, timeoutMs, pending, pending > 0 ? 'P2*' : 'P2');
      }
      if (response[0] === NEGATIVE_RESPONSE_SID) {
        if (response.length < 3)
          throw new UdsProtocolError(request, response, 'negative response shorter than 3 bytes');
        if (response[1] !== sid)
          throw new UdsProtocolError(
            request,
            response,
            `negative response for SID 0x${response[1].toString(16).toUpperCase()}, not for this request`,
          );
        const nrc = response[2];
        if (nrc === NRC_RESPONSE_PENDING) {
          pending++;
          timeoutMs = this.p2StarMs;
          continue;
        }
        return {
          outcome: { kind: 'negative', nrc },
          pendingResponses: pending,
          elapsedMs: performance.now() - started,
        };
      }
      if (response[0] !== ((sid + POSITIVE_OFFSET) & 0xff))
        throw new UdsProtocolError(
          request,
          response,
          `unexpected SID 0x${response[0].toString(16).toUpperCase()} (expected 0x${((sid + POSITIVE_OFFSET) & 0xff).toString(16).toUpperCase()} or 0x7F)`,
        );
      return {
        outcome: { kind: 'positive', response },
        pendingResponses: pending,
        elapsedMs: performance.now() - started,
      };
    }
  }

  /** Sends `request`; returns the positive response (null when none came and none was required: SPRB
   *  or functional), throws `UdsNegativeResponseError` on a negative one. */
  async request(
    request: Uint8Array,
    options: RequestOptions & { expectAnswer?: boolean } = {},
  ): Promise<Uint8Array | null> {
    const { outcome } = await this.exchange(request, options);
    if (outcome.kind === 'negative') throw new UdsNegativeResponseError(request, outcome.nrc);
    if (outcome.kind === 'none') return null;
    return outcome.response;
  }

  private async positive(
    request: Uint8Array,
    minLength: number,
    options: RequestOptions = {},
  ): Promise<Uint8Array> {
    const response = await this.request(request, { ...options, expectAnswer: true });
    if (response === null)
      throw new UdsTimeoutError(request, this.p2Ms, 0, 'no answer to a functional request');
    if (response.length < minLength)
      throw new UdsProtocolError(
        request,
        response,
        `truncated response: ${response.length} bytes, at least ${minLength} expected`,
      );
    return response;
  }

  /** A request with a sub-function: with `suppressPositive` the SPRB is set and null returned when
   *  no (negative) answer comes within P2. */
  private async withSubFunction(
    sid: number,
    subFunction: number,
    rest: number[],
    minLength: number,
    options: RequestOptions & { suppressPositive?: boolean },
  ): Promise<Uint8Array | null> {
    const suppress = options.suppressPositive === true;
    const request = Uint8Array.from([
      sid,
      (u8Check(subFunction, 'sub-function') & 0x7f) | (suppress ? SPRB : 0),
      ...rest,
    ]);
    if (suppress || options.functional === true) {
      const response = await this.request(request, {
        functional: options.functional === true,
        expectAnswer: false,
      });
      if (response !== null && response.length < minLength)
        throw new UdsProtocolError(
          request,
          response,
          `truncated response: ${response.length} bytes, at least ${minLength} expected`,
        );
      return response;
    }
    const response = await this.positive(request, minLength);
    if ((response[1] & 0x7f) !== (subFunction & 0x7f))
      throw new UdsProtocolError(
        request,
        response,
        `response echoes sub-function 0x${response[1].toString(16)}`,
      );
    return response;
  }

  /** 0x10: switches session (1 default, 2 programming, 3 extended); returns the announced timing. */
  async diagnosticSessionControl(
    session: number,
    options: RequestOptions & { suppressPositive?: boolean } = {},
  ): Promise<SessionTiming | null> {
    const response = await this.withSubFunction(SID.DiagnosticSessionControl, session, [], 6, options);
    if (response === null) return null;
    const timing: SessionTiming = {
      session: response[1],
      p2ServerMs: (response[2] << 8) | response[3],
      p2StarServerMs: ((response[4] << 8) | response[5]) * 10,
    };
    this.serverTiming = timing;
    return timing;
  }

  /** 0x11: reset type 1 hard (control partition, then the diag partition), 3 soft (diag partition). */
  async ecuReset(
    resetType: number,
    options: RequestOptions & { suppressPositive?: boolean } = {},
  ): Promise<number | null> {
    const response = await this.withSubFunction(SID.EcuReset, resetType, [], 2, options);
    return response === null ? null : response[1];
  }

  /** 0x14: clears the DTCs of `group` (default 0xFFFFFF, all). */
  async clearDiagnosticInformation(group = 0xffffff, options: RequestOptions = {}): Promise<void> {
    const request = Uint8Array.of(
      SID.ClearDiagnosticInformation,
      (group >> 16) & 0xff,
      (group >> 8) & 0xff,
      group & 0xff,
    );
    if (options.functional === true) await this.request(request, { functional: true });
    else await this.positive(request, 1);
  }

  /** 0x19 0x01: number of DTCs matching `statusMask`. */
  async readDtcCount(statusMask = 0xff): Promise<DtcCount> {
    const request = Uint8Array.of(
      SID.ReadDtcInformation,
      DtcReport.CountByStatusMask,
      u8Check(statusMask, 'status mask'),
    );
    const r = await this.positive(request, 6);
    return { availabilityMask: r[2], formatIdentifier: r[3], count: (r[4] << 8) | r[5] };
  }

  private async dtcList(request: Uint8Array): Promise<DtcList> {
    const r = await this.positive(request, 3);
    try {
      return { availabilityMask: r[2], records: parseDtcRecords(r.subarray(3)) };
    } catch (err) {
      throw new UdsProtocolError(request, r, (err as Error).message);
    }
  }

  /** 0x19 0x02: DTCs whose status matches `statusMask`. */
  readDtcsByStatusMask(statusMask = 0xff): Promise<DtcList> {
    return this.dtcList(
      Uint8Array.of(SID.ReadDtcInformation, DtcReport.ByStatusMask, u8Check(statusMask, 'status mask')),
    );
  }

  /** 0x19 0x0A: every DTC the server supports (stored), with its status. */
  readSupportedDtcs(): Promise<DtcList> {
    return this.dtcList(Uint8Array.of(SID.ReadDtcInformation, DtcReport.Supported));
  }

  /** 0x22: the records of `dids` (one request), in request order; a DID the server does not support
   *  is left out of the answer when others are known. DIDs of variable length must come last. */
  async readDataByIdentifier(dids: readonly number[], options: RequestOptions = {}): Promise<DidRecord[]> {
    if (dids.length === 0) throw new RangeError('ReadDataByIdentifier needs at least one DID');
    const request = Uint8Array.from([
      SID.ReadDataByIdentifier,
      ...dids.flatMap((d) => [u16Check(d, 'DID') >> 8, d & 0xff]),
    ]);
    const r =
      options.functional === true
        ? await this.request(request, { functional: true })
        : await this.positive(request, 3);
    if (r === null) return [];
    try {
      return splitDidRecords(dids, r.subarray(1));
    } catch (err) {
      throw new UdsProtocolError(request, r, (err as Error).message);
    }
  }

  /** 0x22 for one DID, decoded. */
  async readDid(did: number): Promise<DidValue> {
    const request = Uint8Array.of(SID.ReadDataByIdentifier, u16Check(did, 'DID') >> 8, did & 0xff);
    const [record] = await this.readDataByIdentifier([did]);
    try {
      return decodeDid(did, record.bytes);
    } catch (err) {
      throw new UdsProtocolError(
        request,
        Uint8Array.of(0x62, did >> 8, did & 0xff, ...record.bytes),
        (err as Error).message,
      );
    }
  }

  /** 0x2E: writes `data` to `did`. */
  async writeDataByIdentifier(did: number, data: Uint8Array): Promise<void> {
    const request = Uint8Array.from([
      SID.WriteDataByIdentifier,
      u16Check(did, 'DID') >> 8,
      did & 0xff,
      ...data,
    ]);
    const r = await this.positive(request, 3);
    if (((r[1] << 8) | r[2]) !== did)
      throw new UdsProtocolError(
        request,
        r,
        `response confirms DID 0x${hexBytes(r.subarray(1, 3)).replace(' ', '')}`,
      );
  }

  /** 0x27 requestSeed (odd level, default 1): the seed bytes (all zero when already unlocked). */
  async requestSeed(level = 0x01, options: { suppressPositive?: boolean } = {}): Promise<Uint8Array> {
    const r = await this.withSubFunction(SID.SecurityAccess, level, [], 2, options);
    return r === null ? new Uint8Array(0) : Uint8Array.from(r.subarray(2));
  }

  /** 0x27 sendKey (even level, default 2). */
  async sendKey(key: Uint8Array, level = 0x02, options: { suppressPositive?: boolean } = {}): Promise<void> {
    await this.withSubFunction(SID.SecurityAccess, level, [...key], 2, options);
  }

  /** requestSeed then sendKey with the contract's algorithm and `secret`; `alreadyUnlocked` when the
   *  seed was zero (no key sent). */
  async unlock(
    secret = DEFAULT_SECURITY_SECRET,
    level = 0x01,
  ): Promise<{ alreadyUnlocked: boolean; seed: Uint8Array }> {
    const seed = await this.requestSeed(level);
    if (seed.every((b) => b === 0)) return { alreadyUnlocked: true, seed };
    await this.sendKey(securityKeyBytes(seed, secret), level + 1);
    return { alreadyUnlocked: false, seed };
  }

  /** 0x31: routine control; `status` is the record after the routine identifier. */
  async routineControl(
    controlType: number,
    routineId: number,
    options: RequestOptions & { suppressPositive?: boolean; data?: Uint8Array } = {},
  ): Promise<RoutineResult | null> {
    u16Check(routineId, 'routine identifier');
    const r = await this.withSubFunction(
      SID.RoutineControl,
      controlType,
      [routineId >> 8, routineId & 0xff, ...(options.data ?? [])],
      4,
      options,
    );
    if (r === null) return null;
    const echoed = (r[2] << 8) | r[3];
    if (echoed !== routineId)
      throw new UdsProtocolError(
        Uint8Array.of(SID.RoutineControl, controlType, routineId >> 8, routineId & 0xff),
        r,
        `response names routine 0x${echoed.toString(16)}`,
      );
    return { controlType: r[1] & 0x7f, routineId, status: Uint8Array.from(r.subarray(4)) };
  }

  /** 0x3E 0x00 (with `suppressPositive`: 0x3E 0x80, no answer expected). */
  async testerPresent(options: RequestOptions & { suppressPositive?: boolean } = {}): Promise<void> {
    await this.withSubFunction(SID.TesterPresent, 0x00, [], 2, options);
  }

  /** 0x85: DTC setting on (true, 0x01) or off (false, 0x02); extended session. */
  async controlDtcSetting(
    on: boolean,
    options: RequestOptions & { suppressPositive?: boolean } = {},
  ): Promise<void> {
    await this.withSubFunction(SID.ControlDtcSetting, on ? 0x01 : 0x02, [], 2, options);
  }
}
