/*
 * The port layer's guest-state externs on the Armv8-R CPU (firmware/port/cpu.ts portGuestState*): a
 * guest at EL1 can write far more than the exception frame holds, so each VM has a block of EL1 state
 * (bsp/armv8r/el1_state.h: banked registers of the ABT/UND/IRQ/FIQ modes, VBAR, SCTLR, the EL1 MPU, the
 * virtual timer, the fault and thread-ID registers, ...) here, outside the core's VcpuContext (so the
 * Armv7-R image carries none of it). A VM's block is saved when it is switched out and loaded when it is
 * switched in, together with TPIDRURW (in VcpuContext) and CLREX; a (re)start gives the VM the reset
 * value, taken from the EL1 registers as the CPU left them at boot, before any guest ran.
 * Follows: ARM DDI 0568 (Armv8-R AArch32 supplement: the EL1 state of a guest at EL1 under an EL2
 * hypervisor), ARM DDI 0487 part G (TPIDRURW, CLREX: an LDREX of one VM cannot make a STREX of the next
 * succeed).
 */
#include <stdbool.h>
#include <stdint.h>

#include "bsp.h"
#include "cpu.h"
#include "limits.h"
#include "vcpu_context.h"

/* Each VM's EL1 state while it is switched out. */
static bsp_el1_state port_el1_states[LIMITS_MAX_VMS];
/* The EL1 state a VM starts with: the boot-time registers, sanitised (bsp_el1_state_reset_value). */
static bsp_el1_state port_el1_reset_state;
static bool port_el1_reset_taken;
/* The VM whose EL1 state the CPU holds (LIMITS_NO_VM between a save and the next restore). */
static uint32_t port_loaded_vm = LIMITS_NO_VM;

static void port_tpidrurw_write(uint32_t value)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2\n\tclrex" : : "r"(value) : "memory");
}

void bh_port_guest_state_save(uint32_t vm, struct vcpu_context *ctx)
{
    uint32_t urw;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(urw));
    ctx->tpidrurw = urw;
    if (vm < LIMITS_MAX_VMS) {
        bsp_el1_state_save(&port_el1_states[vm]);
    }
    port_loaded_vm = LIMITS_NO_VM;
}

void bh_port_guest_state_restore(uint32_t vm, struct vcpu_context *ctx)
{
    port_tpidrurw_write(ctx->tpidrurw);
    if (vm < LIMITS_MAX_VMS) {
        bsp_el1_state_load(&port_el1_states[vm]);
        port_loaded_vm = vm;
    }
}

void bh_port_guest_state_reset(uint32_t vm)
{
    if (vm >= LIMITS_MAX_VMS) {
        return; /* the core only passes its own VM indices */
    }
    if (!port_el1_reset_taken) {
        /* The first start of the first VM comes before any guest has run: EL1 is as the CPU reset it. */
        bsp_el1_state captured;
        bsp_el1_state_save(&captured);
        bsp_el1_state_reset_value(&port_el1_reset_state, &captured);
        port_el1_reset_taken = true;
    }
    bsp_el1_state_copy(&port_el1_states[vm], &port_el1_reset_state);
    if (vm == port_loaded_vm) {
        /* Restarted inside its own slot: it runs on without a switch, so its CPU state is reset now. */
        port_tpidrurw_write(0u);
        bsp_el1_state_load(&port_el1_reset_state);
    }
}
