/*
 * port-reader: test guest for inter-VM ports (destination side). In each of its slots it drains its
 * queue of the queuing port `numbers`, printing "reader: got <n>" per message in arrival order and
 * "reader: lost <first>..<last>" or "reader: bad <n>" when the sequence skips or a copy is corrupt;
 * then it reads the sampling port `latest` ("reader: latest <n> age <ticks> valid <0|1>") and reports
 * the queue's overflow count when it is not zero. After PORT_MESSAGE_COUNT messages it prints
 * "reader: done <received> lost <lost> bad <bad>" and yields for good.
 * Follows: docs/HYPERCALLS.md (QueuingReceive, QueuingStatus, SamplingRead, Yield).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"
#include "../port-writer/port_message.h"

#if !defined(BH_PORT_NUMBERS) || !defined(BH_PORT_LATEST)
#error "port-reader needs a queuing port 'numbers' and a sampling port 'latest' (systems/test-two-vms.ts)"
#endif

int main(void)
{
    uint32_t expected = 0u;
    uint32_t received = 0u;
    uint32_t lost = 0u;
    uint32_t bad = 0u;
    uint32_t overflows_reported = 0u;
    while (expected < PORT_MESSAGE_COUNT) {
        port_message message;
        uint32_t length = 0u;
        while (bh_queuing_receive(BH_PORT_NUMBERS, &message, sizeof message, &length, NULL) == BH_OK) {
            received++;
            if (length != sizeof message || message.check != ~message.sequence ||
                message.sequence < expected) {
                bad++;
                (void)bh_printf("reader: bad %lu length %lu\n", (unsigned long)message.sequence,
                                (unsigned long)length);
                continue;
            }
            if (message.sequence > expected) {
                lost += message.sequence - expected;
                (void)bh_printf("reader: lost %lu..%lu\n", (unsigned long)expected,
                                (unsigned long)(message.sequence - 1u));
            }
            (void)bh_printf("reader: got %lu\n", (unsigned long)message.sequence);
            expected = message.sequence + 1u;
        }
        bh_sample_info info;
        if (bh_sampling_read(BH_PORT_LATEST, &message, sizeof message, &info) == BH_OK) {
            (void)bh_printf("reader: latest %lu age %lu valid %lu\n", (unsigned long)message.sequence,
                            (unsigned long)info.age_ticks, (unsigned long)info.valid);
        }
        uint32_t overflows = 0u;
        if (bh_queuing_status(BH_PORT_NUMBERS, NULL, &overflows) == BH_OK &&
            overflows != overflows_reported) {
            overflows_reported = overflows;
            (void)bh_printf("reader: overflows %lu\n", (unsigned long)overflows);
        }
        if (expected < PORT_MESSAGE_COUNT) {
            (void)bh_yield();
        }
    }
    (void)bh_printf("reader: done %lu lost %lu bad %lu\n", (unsigned long)received, (unsigned long)lost,
                    (unsigned long)bad);
    for (;;) {
        (void)bh_yield();
    }
}
