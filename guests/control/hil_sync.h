/*
 * hil_sync.h: the point of the control guest's HIL exchange where a lock-step host stops it
 * (docs/HIL-PROTOCOL.md §"Lock-step"). The guest calls hil_sync_request_sent() once the last byte of
 * an actuator frame has been written to UART2's data register. A host that debugs the machine (QEMU's
 * gdb stub, qemu/vehicle/lockstep.ts) sets a breakpoint on it: the machine stops there at the same
 * instruction count in every run, and the host steps the vehicle model and has the reply put into the
 * UART before it lets the guest go on. Without a host attached it only returns (hil_sync.S).
 *
 * Follows: docs/HIL-PROTOCOL.md §"Lock-step".
 */
#ifndef CONTROL_HIL_SYNC_H
#define CONTROL_HIL_SYNC_H

/* An actuator frame has been written completely to UART2 (a lock-step host's breakpoint). */
void hil_sync_request_sent(void);

#endif /* CONTROL_HIL_SYNC_H */
