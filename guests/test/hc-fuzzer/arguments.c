/*
 * arguments.c: random hypercall numbers and arguments for the hypercall fuzzer (see arguments.h).
 * Follows: docs/HYPERCALLS.md (numbers 0..24, limits: console 256 bytes, ports' maximum message sizes,
 * 24-byte fault-log entries, 16-byte CAN records), systems/test-fuzz.ts (memory map),
 * docs/CONFIG.md "Board" (hypervisor memory and device registers, from bulkhead_system.h's BH_BOARD_*, so
 * the same list serves realview-eb and mps3-an536).
 */
#include "arguments.h"

#include "bulkhead.h"
#include "bulkhead_system.h"

#define ASSIGNED_NUMBERS 25u
#define BYTE_VALUES      256u
/* Percentages of the number mix. */
#define NUMBERS_ASSIGNED_PERCENT 70u
#define NUMBERS_LOW_PERCENT      20u
#define PERCENT                  100u
/* Small integers cover every valid VM, port, plan, mode and virtual-interrupt number and a few past. */
#define SMALL_INTEGERS 36u

uint32_t fuzz_buffer[FUZZ_BUFFER_WORDS] __attribute__((aligned(8)));

_Static_assert(sizeof fuzz_buffer >= FUZZ_TARGET_BYTES + 4096u + 4u,
               "fuzz_buffer's landing zone is too short");

/* The GIC block besides the distributor: the CPU interface (GICv2, realview-eb) or the redistributors
 * (GICv3, mps3-an536). */
#if defined(BH_BOARD_GIC_CPU_BASE)
#define GIC_FIRST_BLOCK_BASE BH_BOARD_GIC_CPU_BASE
#else
#define GIC_FIRST_BLOCK_BASE BH_BOARD_GIC_REDIST_BASE
#endif

/* Addresses of memory that is not the fuzzer's: another VM's code and data, the hypervisor, devices. */
/* clang-format off */
static const uint32_t foreign_addresses[] = {
    BH_VM_WRITER_AREA_CODE_BASE, BH_VM_WRITER_AREA_DATA_BASE, BH_VM_READER_AREA_DATA_BASE,
    BH_VM_PING_AREA_DATA_BASE + BH_VM_PING_AREA_DATA_SIZE - 4u,
    BH_BOARD_HYPERVISOR_BASE, BH_BOARD_HYPERVISOR_BASE + 0x100u, BH_BOARD_HYPERVISOR_BASE + 0x8000u,
    BH_BOARD_HYPERVISOR_BASE + BH_BOARD_HYPERVISOR_SIZE - 4u, /* hypervisor */
    BH_BOARD_UART0_BASE, BH_BOARD_UART1_BASE, BH_BOARD_UART3_BASE, BH_BOARD_TIMER0_BASE, /* devices */
    GIC_FIRST_BLOCK_BASE, BH_BOARD_GIC_DIST_BASE,
    0x08000000u, 0x80000000u, 0xFFFFFF00u, 0xFFFFFFF0u, 0xFFFFFFFFu,
};
/* clang-format on */

/* Lengths around the calls' limits, huge and wrapping ones. */
/* clang-format off */
static const uint32_t interesting_lengths[] = {
    0u, 1u, 2u, 3u, 4u, 8u, 15u, 16u, 17u, 23u, 24u, 25u, 31u, 32u, 33u, 64u, 255u, 256u, 257u,
    4096u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFF00u, 0xFFFFFFFCu, 0xFFFFFFFFu,
};
/* clang-format on */

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

uint32_t fuzz_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

uint32_t fuzz_below(uint32_t *state, uint32_t bound) { return fuzz_random(state) % bound; }

static uint32_t own_pointer(uint32_t *state)
{
    switch (fuzz_below(state, 8u)) {
    case 0u:
        return bh_address(fuzz_buffer);
    case 1u:
        return bh_address(fuzz_buffer) + fuzz_below(state, FUZZ_TARGET_BYTES);
    case 2u:
        return BH_VM_FUZZ_AREA_CODE_BASE + fuzz_below(state, BH_VM_FUZZ_AREA_CODE_SIZE);
    case 3u:
        return BH_VM_FUZZ_AREA_CODE_BASE + BH_VM_FUZZ_AREA_CODE_SIZE - fuzz_below(state, 64u);
    case 4u:
        return BH_VM_FUZZ_AREA_SCRATCH_BASE + fuzz_below(state, BH_VM_FUZZ_AREA_SCRATCH_SIZE);
    case 5u:
        return BH_VM_FUZZ_AREA_SCRATCH_BASE + BH_VM_FUZZ_AREA_SCRATCH_SIZE - fuzz_below(state, 64u);
    case 6u:
        return BH_VM_FUZZ_AREA_SCRATCH_BASE + BH_VM_FUZZ_AREA_SCRATCH_SIZE;
    default:
        return BH_VM_FUZZ_AREA_SCRATCH_BASE - fuzz_below(state, 8u);
    }
}

static uint32_t pointer(uint32_t *state)
{
    uint32_t address = fuzz_below(state, 3u) == 0u
                           ? foreign_addresses[fuzz_below(state, (uint32_t)COUNT_OF(foreign_addresses))]
                           : own_pointer(state);
    if (fuzz_below(state, 4u) == 0u) {
        address += fuzz_below(state, 4u); /* misaligned */
    }
    return address;
}

uint32_t fuzz_argument(uint32_t *state)
{
    switch (fuzz_below(state, 10u)) {
    case 0u:
    case 1u:
    case 2u:
    case 3u:
        return fuzz_below(state, SMALL_INTEGERS);
    case 4u:
    case 5u:
    case 6u:
        return pointer(state);
    case 7u:
    case 8u:
        return interesting_lengths[fuzz_below(state, (uint32_t)COUNT_OF(interesting_lengths))];
    default:
        return fuzz_random(state);
    }
}

uint32_t fuzz_number(uint32_t *state)
{
    uint32_t pick = fuzz_below(state, PERCENT);
    if (pick < NUMBERS_ASSIGNED_PERCENT) {
        return fuzz_below(state, ASSIGNED_NUMBERS);
    }
    if (pick < NUMBERS_ASSIGNED_PERCENT + NUMBERS_LOW_PERCENT) {
        return fuzz_below(state, BYTE_VALUES);
    }
    return fuzz_random(state) & FUZZ_NUMBER_MASK;
}
