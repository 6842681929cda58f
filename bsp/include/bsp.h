/*
 * The board support package's C API for the layer above (hypervisor core, self-test images).
 * Board- and CPU-independent: it declares the CPU services every CPU layer (bsp/<cpu>/) implements and
 * the board services every board directory (bsp/<board>/) implements. Nothing here names a board device
 * or address, nor a CPU layer: the build puts the board's CPU layer on the include path, and its
 * context.h, cp15.h, psr.h and cpu_api.h (the part of the API that differs between CPUs: the MPU and the
 * exception hooks of its privilege model) are included by their plain names.
 * Follows: the API conventions of bsp/README.md; register-level details are in the headers it
 * includes (ARM DDI 0406C for Armv7-R, ARM DDI 0568 for Armv8-R AArch32) and in each board directory.
 */
#ifndef BSP_BSP_H
#define BSP_BSP_H

#include <stdbool.h>
#include <stdint.h>

#include "context.h"
#include "cp15.h"
#include "psr.h"

/* ---- Semihosting exit codes used by the BSP itself ---- */
#define BSP_EXIT_OK                  0
#define BSP_EXIT_FAILURE             1
#define BSP_EXIT_UNHANDLED_EXCEPTION 2
#define BSP_EXIT_BOUNDS_FAIL         75 /* distinctive: a transpiled array index check failed */

/* Result of BSP calls that validate their arguments. */
typedef enum bsp_status {
    BSP_OK = 0,
    BSP_ERR_RANGE = -1,     /* an index (region, UART, IRQ) is out of range */
    BSP_ERR_ALIGNMENT = -2, /* a base address is not aligned to its size */
    BSP_ERR_SIZE = -3,      /* a size is not a power of two in the supported range */
} bsp_status;

/* The CPU layer's own part of the API (needs bsp_status). */
#include "cpu_api.h"

/* ======================= CPU services (bsp/<cpu>) ======================= */

/* -- Interrupt masking and idle (ARM DDI 0406C B1.3.3, A8.8.425 WFI) -- */
void bsp_irq_enable_cpu(void);
void bsp_irq_disable_cpu(void);
/* Masks IRQs and returns the previous CPSR; bsp_irq_restore_cpu puts its mask bits back. */
uint32_t bsp_irq_save_cpu(void);
void bsp_irq_restore_cpu(uint32_t saved);
void bsp_wait_for_interrupt(void);
/* Makes the debug communications channel privileged (PL0 accesses trap as undefined instructions). */
void bsp_debug_channel_lock(void);

/* -- PMU cycle counter -- */
void bsp_pmu_start(void);      /* enable the cycle counter and reset it to 0 */
void bsp_pmu_reset(void);      /* reset the cycle counter to 0 */
uint32_t bsp_pmu_cycles(void); /* PMCCNTR (instructions under QEMU -icount shift=0) */

/* -- VFP -- */
void bsp_vfp_enable(void); /* CPACR cp10/cp11 full access, FPEXC.EN */
bool bsp_vfp_enabled(void);

/* -- MPU: declared by the CPU layer's cpu_api.h (PMSAv7 on Armv7-R, PMSAv8-32 on Armv8-R) -- */

/* -- Exception contexts -- */
/* The block the next exception saves the interrupted thread into (and restores from on exit). */
bh_context *bsp_context_current(void);
void bsp_context_set_current(bh_context *ctx);
/* Prepares `ctx` to start at `entry` (bit 0 set: Thumb) in `psr_mode` with the given stack and r0. */
void bsp_context_init(bh_context *ctx, uint32_t entry, uint32_t stack_top, uint32_t psr_mode, uint32_t arg0);
/*
 * Called from a SYS-mode thread: saves the caller into `self` (resuming as a return from this call),
 * makes `next` current and restores it. Returns the value found in self->r[0] when `self` is
 * resumed, so whoever switches back chooses the return value.
 */
uint32_t bsp_context_switch(bh_context *self, bh_context *next);

/* -- Exception hooks, implemented by the layer above (weak defaults report and exit) -- */
typedef struct bsp_fault_info {
    uint32_t pc;      /* faulting instruction */
    uint32_t address; /* DFAR or IFAR */
    uint32_t status;  /* raw DFSR or IFSR */
    uint32_t fs;      /* fault status code (FSR_FS_* in the CPU layer's cp15.h) */
    bool write;       /* data aborts: the access was a write */
} bsp_fault_info;

void bsp_handle_svc(bh_context *ctx, uint32_t imm);
void bsp_handle_irq(bh_context *ctx);
void bsp_handle_fiq(bh_context *ctx);
void bsp_handle_data_abort(bh_context *ctx, const bsp_fault_info *fault);
void bsp_handle_prefetch_abort(bh_context *ctx, const bsp_fault_info *fault);
void bsp_handle_undefined(bh_context *ctx, uint32_t instruction);

/* Writes " pc=0x<pc> cpsr=0x<cpsr> detail=0x<detail>" and a newline to the console: the tail of a
 * report about an exception's interrupted context. */
void bsp_console_write_context(const bh_context *ctx, uint32_t detail);
/* Name of a fault status code: "background", "permission", "alignment", ... */
const char *bsp_fault_status_name(uint32_t fs);

/* -- Semihosting (ARM semihosting specification, SYS_EXIT_EXTENDED, SYS_WRITE0) -- */
void bsp_semihost_exit(int code) __attribute__((noreturn));
void bsp_semihost_write0(const char *text);

/* Hook for transpiled code: an array index check failed (`index` >= `length`). Declared identically by
 * the transpiler's generated bh_runtime.h. Weak; the default prints both values and exits with
 * BSP_EXIT_BOUNDS_FAIL. */
_Noreturn void bh_bounds_fail(uint32_t index, uint32_t length);

/* ======================= Board services (bsp/<board>) ======================= */

void bsp_board_init(void); /* interrupt controller, UARTs (TX ready, RX interrupts on) */
const char *bsp_board_name(void);

/* -- Interrupt controller -- */
typedef void (*bsp_irq_handler)(uint32_t irq_id, void *arg);
#define BSP_IRQ_SPURIOUS 1023u
bsp_status bsp_irq_register(uint32_t irq_id, bsp_irq_handler handler, void *arg);
bsp_status bsp_irq_enable(uint32_t irq_id);
bsp_status bsp_irq_disable(uint32_t irq_id);
/* Lower values are more urgent; the board decides how many priority bits exist. */
bsp_status bsp_irq_set_priority(uint32_t irq_id, uint8_t priority);
/* Acknowledges one pending interrupt, runs its handler, signals end of interrupt.
 * Returns the interrupt ID handled, or BSP_IRQ_SPURIOUS. */
uint32_t bsp_irq_dispatch(void);

/* -- UARTs: interrupt-driven transmit from a ring buffer, interrupt-driven receive into a ring buffer -- */
uint32_t bsp_uart_count(void);
/* Waits until the byte is queued (for boot and fatal paths: it may wait as long as the UART takes). */
bsp_status bsp_uart_putc(uint32_t uart, char c);
bsp_status bsp_uart_write(uint32_t uart, const char *text);
/* Bytes every board's transmit ring holds at least (bsp_uart_tx_room of an idle UART). */
#define BSP_UART_TX_RING_MIN_BYTES 256u
/* Queues one byte without waiting: false (and the byte counted dropped) when the transmit ring is full.
 * Callable with interrupts masked or not. */
bool bsp_uart_try_putc(uint32_t uart, char c);
uint32_t bsp_uart_tx_room(uint32_t uart);    /* bytes bsp_uart_try_putc accepts now */
uint32_t bsp_uart_tx_dropped(uint32_t uart); /* bytes bsp_uart_try_putc refused */
bool bsp_uart_getc(uint32_t uart, char *c);  /* false when the ring buffer is empty */
/* Waits until every byte queued on every UART has been handed to the hardware, pumping the transmit
 * rings itself (callable with interrupts masked); bsp_semihost_exit calls it so no output is lost. */
void bsp_uart_flush_all(void);
uint32_t bsp_uart_rx_dropped(uint32_t uart); /* bytes lost because the ring buffer was full */
uint32_t bsp_uart_rx_errors(uint32_t uart);  /* receive errors: PL011 OE/BE/PE/FE words, CMSDK overruns */
uint32_t bsp_uart_irq_id(uint32_t uart);

/* -- Periodic tick -- */
typedef void (*bsp_tick_handler)(void);
bsp_status bsp_tick_start(uint32_t period_us, bsp_tick_handler on_tick);
void bsp_tick_stop(void);
uint32_t bsp_tick_irq_id(void);

/* -- Console (the board's console UART) -- */
void bsp_console_write(const char *text);
void bsp_console_write_dec(uint32_t value);  /* decimal, no padding */
void bsp_console_write_hex8(uint32_t value); /* 8 lower-case hex digits, no prefix */
void bsp_console_write_hex(uint32_t value);  /* lower-case hex, no leading zeros, no prefix */

#endif /* BSP_BSP_H */
