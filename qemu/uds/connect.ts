// Job: open a UDS session to the diagnostic guest over the virtual CAN bus of a running system: connect
// the SLCAN client to QEMU's bus UART TCP port, open the channel, and stack the host ISO-TP channel
// (0x7E0 / 0x7E8, functional 0x7DF) and the UDS client on it.
import { SlcanClient } from '../slcan/client.ts';
import { slcanLink } from './can-link.ts';
import { UdsClient, type UdsClientOptions } from './client.ts';
import { IsoTpChannel, type IsoTpOptions } from './isotp.ts';

/** The diagnostic guest's identifiers (docs/DESIGN.md §5). */
export const UDS_PHYSICAL_REQUEST_ID = 0x7e0;
export const UDS_RESPONSE_ID = 0x7e8;
export const UDS_FUNCTIONAL_REQUEST_ID = 0x7df;

export interface UdsConnectionOptions extends UdsClientOptions {
  host?: string;
  port: number;
  bitrate?: number;
  /** SLCAN connection and command timeout, ms (default 5000). */
  slcanTimeoutMs?: number;
  /** ISO-TP settings (identifiers default to the diagnostic guest's). */
  isoTp?: Partial<IsoTpOptions>;
}

export interface UdsConnection {
  client: UdsClient;
  channel: IsoTpChannel;
  slcan: SlcanClient;
  close(): Promise<void>;
}

/** Connects and opens the bus; the caller closes the connection. */
export async function connectUds(options: UdsConnectionOptions): Promise<UdsConnection> {
  const host = options.host ?? '127.0.0.1';
  const slcan = await SlcanClient.connect(host, options.port, { timeoutMs: options.slcanTimeoutMs ?? 5000 });
  try {
    await slcan.open({ bitrate: options.bitrate ?? 500_000 });
  } catch (err) {
    await slcan.end();
    throw err;
  }
  const channel = new IsoTpChannel(slcanLink(slcan), {
    txId: UDS_PHYSICAL_REQUEST_ID,
    rxId: UDS_RESPONSE_ID,
    functionalId: UDS_FUNCTIONAL_REQUEST_ID,
    ...options.isoTp,
  });
  const client = new UdsClient(channel, options);
  return {
    client,
    channel,
    slcan,
    async close() {
      channel.close();
      await slcan.end();
    },
  };
}
