// Job: the CAN link the host ISO-TP layer runs on: send a frame (resolved once the bus has taken it)
// and subscribe to received frames. Two links: one over the SLCAN client (the virtual CAN bus of a
// running QEMU, `qemu/slcan/client.ts`) and an in-memory bus whose nodes see each other's frames
// (Node tests and simulations, no sockets).
import { checkCanMessage, type CanMessage } from '../slcan/can-frame.ts';
import type { SlcanClient } from '../slcan/client.ts';

/** A node's view of a CAN bus. */
export interface CanLink {
  /** Sends one frame; resolves when the bus has accepted it, rejects when it refused it. */
  send(frame: CanMessage): Promise<void>;
  /** Calls `listener` for every frame received from the bus; returns the function that unsubscribes. */
  subscribe(listener: (frame: CanMessage) => void): () => void;
}

/** A standard (11-bit) data frame with `data` as its payload. */
export function standardFrame(id: number, data: Uint8Array): CanMessage {
  return { id, extended: false, remote: false, dlc: data.length, data };
}

/** The link of an SLCAN client whose channel is open. Frames the client also queues for its own
 *  `receive()` are drained, so a long session does not accumulate them. */
export function slcanLink(client: SlcanClient): CanLink {
  return {
    send: (frame) => client.send(frame),
    subscribe(listener) {
      const onFrame = (frame: CanMessage): void => {
        listener(frame);
        // The client keeps every frame for `receive()` too; nobody calls it on this link.
        void client.receive(0).catch(() => undefined);
      };
      client.on('frame', onFrame);
      return () => {
        client.off('frame', onFrame);
      };
    },
  };
}

/** An in-memory CAN bus: a frame sent by one node is delivered to every other node, asynchronously
 *  (on the next turn of the event loop), in the order frames were sent. */
export class MemoryCanBus {
  private readonly listeners = new Map<number, Set<(frame: CanMessage) => void>>();
  private nextNode = 0;
  /** Every frame carried, in order, with the node that sent it and when (performance.now(), ms). */
  readonly log: { node: number; frame: CanMessage; atMs: number }[] = [];

  /** A new node on the bus. */
  attach(): CanLink {
    const node = this.nextNode++;
    const own = new Set<(frame: CanMessage) => void>();
    this.listeners.set(node, own);
    return {
      send: (frame) => {
        checkCanMessage(frame);
        const copy: CanMessage = { ...frame, data: Uint8Array.from(frame.data) };
        this.log.push({ node, frame: copy, atMs: performance.now() });
        return new Promise((resolve) => {
          setImmediate(() => {
            for (const [other, set] of this.listeners) {
              if (other === node) continue;
              for (const listener of [...set]) listener(copy);
            }
            resolve();
          });
        });
      },
      subscribe(listener) {
        own.add(listener);
        return () => {
          own.delete(listener);
        };
      },
    };
  }
}
