/*
 * memory_attacks.c: the hostile guest's memory attacks. Loads and stores into the control VM, the
 * hypervisor, its own read-only code, device registers it was not given (the control VM's UART2, the
 * virtual-CAN and trace UARTs, the hypervisor's tick timer, the unassigned timer1, the GIC, the board's
 * system controller) and the top of the address space; an unaligned multiple load; execution from its
 * data, its stack, the control VM's code and the hypervisor's vectors; and an unbounded recursion that
 * overflows its stack. Every one must end in a data or prefetch abort (a health event), so reaching
 * the line after the access prints "NOT STOPPED".
 * Follows: ARM DDI 0406C B5.1-B5.3 (PMSAv7: USR accesses outside the enabled regions, writes to
 * read-only regions and instruction fetches from XN regions abort), A3.2.1 (LDM to an unaligned
 * address always takes an alignment fault); the board's memory map (bsp/<board>/board.ts).
 */
#include "attacks.h"
#include "bulkhead_system.h"

/* Device registers (the board's bases from bulkhead_system.h): data register of a PL011 (offset 0,
 * PL011 TRM DDI 0183 3.2), control register of an SP804's first timer (0x08, SP804 TRM DDI 0271 3.1),
 * GIC distributor control (0x000) and CPU-interface acknowledge (0x00C) registers (IHI 0048A 4.1),
 * system registers' reset control (0x40). */
#define UART1_DR                BH_BOARD_UART1_BASE
#define UART2_DR                BH_BOARD_UART2_BASE
#define UART3_DR                BH_BOARD_UART3_BASE
#define TIMER0_CONTROL          (BH_BOARD_TIMER0_BASE + 0x08u)
#define TIMER1_CONTROL          (BH_BOARD_TIMER1_BASE + 0x08u)
#define GIC_DISTRIBUTOR_CONTROL BH_BOARD_GIC_DIST_BASE
#define GIC_CPU_ACKNOWLEDGE     (BH_BOARD_GIC_CPU_BASE + 0x00Cu)
#define SYSTEM_CONTROLLER_RESET (BH_BOARD_SYSREGS_BASE + 0x40u)
#define TOP_WORD                0xFFFFFFFCu
#define WRITTEN_VALUE           0xDEADBEEFu
/* Offset into the own code area that is written to (past crt0's first instructions). */
#define OWN_CODE_OFFSET 0x40u
/* ARM `bx lr`: a harmless instruction to place in memory that must not be executable. */
#define ARM_BX_LR 0xE12FFF1Eu
/* Byte offset that makes an address not word aligned. */
#define UNALIGNED_OFFSET 2u

static volatile uint32_t sink;
/* A `bx lr` in .data (read-write, execute never). */
uint32_t hostile_exec_buffer[2] = {ARM_BX_LR, ARM_BX_LR};
/* Words read by the unaligned multiple load. */
uint32_t hostile_unaligned_words[4] __attribute__((aligned(8)));

void hostile_overflow_stack(uint32_t fill);   /* cpu_instructions.S */
void hostile_load_multiple(uint32_t address); /* cpu_instructions.S */

/* The empty asm hides the constant addresses from the compiler, which would otherwise reject
 * dereferencing what it knows is no object. */
static void load(const char *name, uint32_t address)
{
    __asm__("" : "+r"(address));
    sink = *(volatile uint32_t *)(uintptr_t)address;
    hostile_not_stopped(name);
}

static void store(const char *name, uint32_t address)
{
    __asm__("" : "+r"(address));
    *(volatile uint32_t *)(uintptr_t)address = WRITTEN_VALUE;
    hostile_not_stopped(name);
}

static void call_address(const char *name, uint32_t address)
{
    __asm__("" : "+r"(address));
    void (*target)(void) = (void (*)(void))(uintptr_t)address;
    target();
    hostile_not_stopped(name);
}

void attack_read_control_data(void) { load("read-control-data", CONTROL_DATA_ADDRESS); }
void attack_write_control_data(void) { store("write-control-data", CONTROL_DATA_ADDRESS); }
void attack_read_control_code(void) { load("read-control-code", CONTROL_CODE_ADDRESS); }
void attack_read_hypervisor(void) { load("read-hypervisor", HYPERVISOR_WORD_ADDRESS); }
void attack_write_hypervisor_vectors(void) { store("write-hypervisor-vectors", HYPERVISOR_VECTORS_ADDRESS); }
void attack_write_own_code(void) { store("write-own-code", BH_VM_HOSTILE_AREA_CODE_BASE + OWN_CODE_OFFSET); }
void attack_read_uart2_of_control(void) { load("read-uart2-of-control", UART2_DR); }
void attack_write_uart1_vcan(void) { store("write-uart1-vcan", UART1_DR); }
void attack_write_uart3_trace(void) { store("write-uart3-trace", UART3_DR); }
void attack_write_timer0_tick(void) { store("write-timer0-tick", TIMER0_CONTROL); }
void attack_write_timer1_unassigned(void) { store("write-timer1-unassigned", TIMER1_CONTROL); }
void attack_write_gic_distributor(void) { store("write-gic-distributor", GIC_DISTRIBUTOR_CONTROL); }
void attack_read_gic_acknowledge(void) { load("read-gic-acknowledge", GIC_CPU_ACKNOWLEDGE); }
void attack_write_system_controller(void) { store("write-system-controller", SYSTEM_CONTROLLER_RESET); }
void attack_read_top_of_address_space(void) { load("read-top-of-address-space", TOP_WORD); }

void attack_unaligned_ldm(void)
{
    hostile_load_multiple(bh_address(hostile_unaligned_words) + UNALIGNED_OFFSET);
    hostile_not_stopped("unaligned-ldm");
}

void attack_exec_data(void) { call_address("exec-data", bh_address(hostile_exec_buffer)); }

void attack_exec_stack(void)
{
    volatile uint32_t code[2] = {ARM_BX_LR, ARM_BX_LR};
    (void)bh_printf("hostile: stack code at 0x%08lx\n", (unsigned long)bh_address(code));
    call_address("exec-stack", bh_address(code));
}

void attack_exec_control_code(void) { call_address("exec-control-code", CONTROL_CODE_ADDRESS); }
void attack_exec_hypervisor_vector(void)
{
    call_address("exec-hypervisor-vector", HYPERVISOR_VECTORS_ADDRESS);
}

void attack_stack_overflow(void)
{
    hostile_overflow_stack(HOSTILE_STACK_FILL);
    hostile_not_stopped("stack-overflow");
}
