/*
 * uart-storm: test guest for interrupt storms. Its VM owns UART2 (passed through, BH_DEVICE_UART2_*).
 * It enables the PL011's receive and receive-timeout interrupts, empties the receive FIFO once (bytes
 * that arrived before it ran: the receive interrupt is raised when a byte enters an empty FIFO), and
 * registers an upcall handler that counts the upcalls and acknowledges the virtual interrupt WITHOUT
 * reading the received bytes, so once the host sends, the UART's interrupt line stays asserted and
 * fires again at every acknowledgement: a storm the hypervisor's per-frame interrupt budget must
 * contain. Once per slot it kicks its watchdog, prints the upcalls so far and yields (without a host
 * sending, it is a quiet, healthy guest).
 *   storm: slot <n> tick <t> upcalls <total>
 * Follows: ARM PrimeCell UART (PL011) TRM, DDI 0183G, §3.3.1 UARTDR, §3.3.3 UARTFR (RXFE bit 4),
 * §3.3.8 UARTCR, §3.3.10 UARTIMSC (RXIM bit 4, RTIM bit 6); docs/HYPERCALLS.md (VirqSetHandler,
 * VirqEnable, VirqAck, WatchdogKick, Yield).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"

#define PL011_DR        0x000u
#define PL011_FR        0x018u
#define PL011_FR_RXFE   (1u << 4)
#define PL011_CR        0x030u
#define PL011_IMSC      0x038u
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_RXE    (1u << 9)
#define PL011_IMSC_RXIM (1u << 4)
#define PL011_IMSC_RTIM (1u << 6)

static volatile uint32_t upcalls;

static volatile uint32_t *uart_register(uint32_t offset)
{
    return (volatile uint32_t *)(uintptr_t)(BH_DEVICE_UART2_BASE + offset);
}

static void on_virq(uint32_t virq)
{
    upcalls = upcalls + 1u;
    (void)bh_virq_ack(virq);
}

int main(void)
{
    *uart_register(PL011_CR) = PL011_CR_UARTEN | PL011_CR_RXE;
    *uart_register(PL011_IMSC) = PL011_IMSC_RXIM | PL011_IMSC_RTIM;
    while ((*uart_register(PL011_FR) & PL011_FR_RXFE) == 0u) {
        (void)*uart_register(PL011_DR);
    }
    (void)bh_virq_set_handler(on_virq);
    (void)bh_virq_enable(BH_DEVICE_UART2_VIRQ);
    for (uint32_t slot = 0u;; slot++) {
        (void)bh_watchdog_kick(NULL);
        (void)bh_printf("storm: slot %lu tick %lu upcalls %lu\n", (unsigned long)slot,
                        (unsigned long)bh_ticks(), (unsigned long)upcalls);
        (void)bh_yield();
    }
}
