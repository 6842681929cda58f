/*
 * port_attacks.c: the hostile guest's port and virtual-CAN attacks, which are refused without a
 * health event (they are ordinary outcomes of the ABI): writing the control VM's `vehicle_status`
 * (the hostile VM is only its destination), sending on `control_faults` (destination) and receiving
 * from `setpoint_cmd` (source), a queuing send on a sampling port and a port index out of range;
 * sending CAN frames with the control VM's identifier 0x100 (outside the VM's transmit filter) and
 * with invalid identifier, DLC and flag bits; and two floods: 16 sends on its own `hostile_flood`
 * queue (depth 4, never read: 4 queued, 12 refused as full and counted) and 32 frames with its own
 * identifier 0x7E8 on the bus; and a console line left open for 110 ticks, across other output on the
 * same UART (the hypervisor's reports, the control VM's lines), which must still start lines of their
 * own. Each prints the results it got and the counters afterwards.
 * Follows: docs/HYPERCALLS.md (ports, CanSend, CanStatus), docs/VCAN.md (filters).
 */
#include "attacks.h"
#include "bulkhead_system.h"

#define CONTROL_CAN_ID      0x100u
#define OWN_CAN_ID          0x7E8u
#define ID_ABOVE_11_BITS    0x800u
#define DLC_ABOVE_8         9u
#define RESERVED_ID_FLAG    (1u << 29)
#define CAN_DLC             8u
#define NO_SUCH_PORT        99u
#define QUEUING_FLOOD_SENDS 16u
#define CAN_FLOOD_FRAMES    32u
/* How long the console attack keeps its line open: past one of the hypervisor's 100-tick reports. */
#define UNTERMINATED_LINE_TICKS 110u

static uint8_t message[32] __attribute__((aligned(8))) = {0xA5u, 0x5Au, 0xFFu, 0xFFu};

void attack_port_spoof_vehicle_status(void)
{
    hostile_report("port-spoof-vehicle-status",
                   bh_sampling_write(BH_PORT_VEHICLE_STATUS, message, BH_PORT_VEHICLE_STATUS_MAX_MESSAGE));
}

void attack_port_send_control_faults(void)
{
    hostile_report("port-send-control-faults",
                   bh_queuing_send(BH_PORT_CONTROL_FAULTS, message, BH_PORT_CONTROL_FAULTS_MAX_MESSAGE));
}

void attack_port_receive_own_setpoints(void)
{
    hostile_report("port-receive-own-setpoints",
                   bh_queuing_receive(BH_PORT_SETPOINT_CMD, message, sizeof message, NULL, NULL));
}

void attack_port_queuing_send_on_sampling(void)
{
    hostile_report("port-queuing-send-on-sampling", bh_queuing_send(BH_PORT_HOSTILE_MARK, message, 1u));
}

void attack_port_out_of_range(void)
{
    hostile_report("port-out-of-range", bh_queuing_send(NO_SUCH_PORT, message, 1u));
}

void attack_can_spoof_control_id(void)
{
    hostile_report("can-spoof-control-id", bh_can_send(CONTROL_CAN_ID, CAN_DLC, message));
    bh_can_status_info status = {0u, 0u, 0u};
    (void)bh_can_status(&status);
    (void)bh_printf("hostile: can tx refused %lu\n", (unsigned long)status.tx_refused);
}

void attack_can_bad_arguments(void)
{
    hostile_report("can-id-above-11-bits", bh_can_send(ID_ABOVE_11_BITS, CAN_DLC, message));
    hostile_report("can-dlc-above-8", bh_svc_can_send(OWN_CAN_ID, DLC_ABOVE_8, 0u, 0u).r0);
    hostile_report("can-reserved-flag", bh_can_send(OWN_CAN_ID | RESERVED_ID_FLAG, CAN_DLC, message));
}

void attack_flood_queuing_port(void)
{
    uint32_t ok = 0u;
    uint32_t full = 0u;
    uint32_t other = 0u;
    for (uint32_t i = 0u; i < QUEUING_FLOOD_SENDS; i++) {
        message[0] = (uint8_t)i;
        bh_result result = bh_queuing_send(BH_PORT_HOSTILE_FLOOD, message, BH_PORT_HOSTILE_FLOOD_MAX_MESSAGE);
        if (result == BH_OK) {
            ok++;
        } else if (result == BH_FULL) {
            full++;
        } else {
            other++;
        }
    }
    uint32_t queued = 0u;
    uint32_t overflows = 0u;
    (void)bh_queuing_status(BH_PORT_HOSTILE_FLOOD, &queued, &overflows);
    (void)bh_printf("hostile: flood queue ok %lu full %lu other %lu queued %lu overflows %lu\n",
                    (unsigned long)ok, (unsigned long)full, (unsigned long)other, (unsigned long)queued,
                    (unsigned long)overflows);
}

void attack_console_unterminated_line(void)
{
    static const char open_line[] = "hostile: this line stays open";
    (void)bh_console_write(open_line, sizeof open_line - 1u);
    uint32_t until = bh_ticks() + UNTERMINATED_LINE_TICKS;
    while (bh_ticks() < until) {
        (void)bh_watchdog_kick(NULL);
        (void)bh_yield();
    }
    (void)bh_console_write(" until now\n", sizeof " until now\n" - 1u);
}

void attack_flood_can_bus(void)
{
    uint32_t ok = 0u;
    for (uint32_t i = 0u; i < CAN_FLOOD_FRAMES; i++) {
        message[0] = (uint8_t)i;
        if (bh_can_send(OWN_CAN_ID, CAN_DLC, message) == BH_OK) {
            ok++;
        }
    }
    (void)bh_printf("hostile: flood can sent %lu of %lu\n", (unsigned long)ok,
                    (unsigned long)CAN_FLOOD_FRAMES);
}
