/*
 * The port layer's C side: implements the CPU-independent externs declared in the modules of
 * firmware/port/ (symbols bh_port_...) over the BSP API (bsp/include/bsp.h), for the transpiled
 * hypervisor core; the CPU-specific ones (MPU block load, VFP state, the thread-ID registers a guest can
 * write) are in the folder of the board's CPU layer (armv7r/, armv8r/), which the build adds.
 * Follows: ARM DDI 0406C C12.8.2 PMCCNTR (cycle counter), B1.3.3 CPSR.I (IRQ mask save/restore), ARM
 * IHI 0048B 4.3.5-4.3.6 (GIC enable/disable); UART output goes to the BSP's transmit ring, never waiting; UART input comes
 * from the BSP's interrupt-filled receive ring (bsp_uart_getc).
 * The core checks every range before calling the copy functions: they trust their arguments.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bsp.h"
#include "bh_offsets.h"
#include "cpu.h"
#include "hypervisor.h"
#include "irq.h"
#include "limits.h"
#include "memory.h"
#include "mpu.h"
#include "port_cpu.h"
#include "stack_canary.h"
#include "uart.h"
#include "vcpu_context.h"

/* The context block the BSP saves and restores is the first part of the core's VcpuContext. */
_Static_assert(VCPU_CONTEXT_R_OFFSET == BH_CONTEXT_R0, "vcpu_context r0 matches bh_context");
_Static_assert(VCPU_CONTEXT_SP_USR_OFFSET == BH_CONTEXT_SP_USR, "vcpu_context sp_usr matches bh_context");
_Static_assert(VCPU_CONTEXT_LR_USR_OFFSET == BH_CONTEXT_LR_USR, "vcpu_context lr_usr matches bh_context");
_Static_assert(VCPU_CONTEXT_PC_OFFSET == BH_CONTEXT_PC, "vcpu_context pc matches bh_context");
_Static_assert(VCPU_CONTEXT_CPSR_OFFSET == BH_CONTEXT_CPSR, "vcpu_context cpsr matches bh_context");

/* A guest console write can always make progress on an idle UART: the room left beside the hypervisor's
 * reserve holds a line start and an escaped byte (firmware/core/console.ts). */
_Static_assert(BSP_UART_TX_RING_MIN_BYTES >=
                   LIMITS_CONSOLE_HYPERVISOR_RESERVE + LIMITS_CONSOLE_LINE_START_MAX + 4u,
               "the console's transmit ring is large enough for the hypervisor's reserve and a guest byte");

/* Bytes of a word, and the address bits that make a pointer unaligned to one. */
#define PORT_WORD_BYTES 4u
#define PORT_WORD_MASK  3u
/* Regions the last block load left enabled: the next load disables only those beyond its own count.
 * UINT32_MAX until the first load, which clears every region the MPU has. */
static uint32_t port_mpu_loaded = UINT32_MAX;
/* The block the last load took its regions from, and their count (port_mpu_block_reload). */
static const uint32_t *port_mpu_block;
static uint32_t port_mpu_block_count;

/* Loads `count` regions of `words_per_region` words each (the CPU's layout: PORT_MPU_WORDS_PER_REGION of
 * port_cpu.h). A block in another layout than this CPU's loads no region: the guest then has no access
 * at all. */
void bh_port_mpu_load_regions(uint32_t *words, uint32_t words_len, uint32_t words_per_region, uint32_t count)
{
    uint32_t regions = bsp_mpu_region_count();
    if (port_mpu_loaded > regions) {
        port_mpu_loaded = regions;
    }
    uint32_t load = count;
    if (load > regions) {
        load = regions;
    }
    if (words_per_region != PORT_MPU_WORDS_PER_REGION) {
        load = 0u;
    }
    if (load * PORT_MPU_WORDS_PER_REGION > words_len) {
        load = words_len / PORT_MPU_WORDS_PER_REGION;
    }
    bsp_mpu_load_block(words, load, port_mpu_loaded);
    port_mpu_loaded = load;
    port_mpu_block = words;
    port_mpu_block_count = load;
    port_cpu_mpu_block_loaded();
}

void port_mpu_block_unload(void)
{
    if (port_mpu_loaded != UINT32_MAX) {
        bsp_mpu_load_block(port_mpu_block, 0u, port_mpu_loaded);
        port_mpu_loaded = 0u;
    }
}

void port_mpu_block_reload(void)
{
    if (port_mpu_block != NULL) {
        bsp_mpu_load_block(port_mpu_block, port_mpu_block_count, port_mpu_loaded);
        port_mpu_loaded = port_mpu_block_count;
    }
}

/* Idle thread stack (PORT_IDLE_STACK_WORDS words, port_cpu.h of the CPU's folder): between WFIs the
 * idle loop does the slot owner's cold-restart steps and streams the trace (hypervisor_hv_idle). Its
 * lowest words hold the BSP's stack canary (planted when the core asks for the stack, checked by the
 * core's self-checks at every major frame). */

static uint32_t port_idle_stack[PORT_IDLE_STACK_WORDS] __attribute__((aligned(8)));

/* The PMU cycle count the trace stamps its records with: PMCCNTR read here (cp15.h of the CPU layer)
 * rather than through bsp_pmu_cycles(), one call less on every trace record. */
uint32_t bh_port_read_cycles(void) { return cp15_read_pmccntr(); }

/* The idle thread: runs in SYS mode with interrupts enabled whenever no VM may run. It does the slot
 * owner's cold-restart steps and streams the trace records the hypervisor's entry points left in the
 * ring (within the per-tick budgets), then waits for the next interrupt (unless the system polls). A
 * record made by an interrupt taken between the drain and the WFI waits for the wake-up after it (at
 * the latest the next tick). */
static void port_idle_loop(void)
{
    for (;;) {
        (void)hypervisor_hv_idle();
        if (hypervisor_hv_idle_may_wait()) {
            bsp_wait_for_interrupt();
        }
    }
}

void bh_port_context_set_current(struct vcpu_context *ctx)
{
    bsp_context_set_current((bh_context *)(void *)ctx);
}

uint32_t bh_port_idle_entry(void) { return (uint32_t)(uintptr_t)&port_idle_loop; }

/* Called once, by hvInit, before the idle thread first runs: plants the stack's canary. */
uint32_t bh_port_idle_stack_top(void)
{
    bsp_idle_stack_canary_plant(port_idle_stack);
    return (uint32_t)(uintptr_t)&port_idle_stack[PORT_IDLE_STACK_WORDS];
}

/* Copies `length` bytes; a word at a time when both ends and the length are word-aligned (port
 * messages in the pool always start on a word, and guests usually pass aligned buffers). */
static void port_copy(volatile uint8_t *dst, const volatile uint8_t *src, uint32_t length)
{
    if ((((uint32_t)(uintptr_t)dst | (uint32_t)(uintptr_t)src | length) & PORT_WORD_MASK) == 0u) {
        volatile uint32_t *dst_words = (volatile uint32_t *)(volatile void *)dst;
        const volatile uint32_t *src_words = (const volatile uint32_t *)(const volatile void *)src;
        for (uint32_t i = 0u; i < length / PORT_WORD_BYTES; i++) {
            dst_words[i] = src_words[i];
        }
        return;
    }
    for (uint32_t i = 0u; i < length; i++) {
        dst[i] = src[i];
    }
}

void bh_port_copy_from_guest(uint8_t *dst, uint32_t dst_len, uint32_t dst_offset, uint32_t guest_address,
                             uint32_t length)
{
    (void)dst_len;
    port_copy(&dst[dst_offset], (const volatile uint8_t *)(uintptr_t)guest_address, length);
}

void bh_port_copy_to_guest(uint32_t guest_address, uint8_t *src, uint32_t src_len, uint32_t src_offset,
                           uint32_t length)
{
    (void)src_len;
    port_copy((volatile uint8_t *)(uintptr_t)guest_address, &src[src_offset], length);
}

void bh_port_uart_put_byte(uint32_t uart, uint8_t value) { (void)bsp_uart_try_putc(uart, (char)value); }

void bh_port_uart_put_string(uint32_t uart, const char *text)
{
    for (; *text != '\0'; text++) {
        (void)bsp_uart_try_putc(uart, *text);
    }
}

uint32_t bh_port_uart_tx_room(uint32_t uart) { return bsp_uart_tx_room(uart); }

/* No byte waiting in the receive ring (PORT_UART_NO_BYTE of firmware/port/uart.ts). */
#define PORT_UART_NO_BYTE 0xFFFFFFFFu

uint32_t bh_port_uart_get_byte(uint32_t uart)
{
    char c;
    return bsp_uart_getc(uart, &c) ? (uint32_t)(uint8_t)c : PORT_UART_NO_BYTE;
}

uint32_t bh_port_uart_rx_lost(uint32_t uart) { return bsp_uart_rx_dropped(uart) + bsp_uart_rx_errors(uart); }

void bh_port_irq_mask(uint32_t irq) { (void)bsp_irq_disable(irq); }

uint32_t bh_port_irq_save(void) { return bsp_irq_save_cpu(); }

void bh_port_irq_restore(uint32_t saved) { bsp_irq_restore_cpu(saved); }

void bh_port_irq_unmask(uint32_t irq) { (void)bsp_irq_enable(irq); }
