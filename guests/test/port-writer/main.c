/*
 * port-writer: test guest for inter-VM ports (source side). In each of its slots it sends the next
 * PORT_MESSAGES_PER_SLOT numbered messages on the queuing port `numbers` and writes the last one to
 * the sampling port `latest`, printing "writer: sent <n> <result>" per message; after
 * PORT_MESSAGE_COUNT messages it prints "writer: done <count>" and yields for good.
 * Follows: docs/HYPERCALLS.md (QueuingSend, SamplingWrite, Yield).
 */
#include "bulkhead.h"
#include "bulkhead_system.h"
#include "port_message.h"

#if !defined(BH_PORT_NUMBERS) || !defined(BH_PORT_LATEST)
#error "port-writer needs a queuing port 'numbers' and a sampling port 'latest' (systems/test-two-vms.ts)"
#endif

int main(void)
{
    uint32_t next = 0u;
    while (next < PORT_MESSAGE_COUNT) {
        for (uint32_t i = 0u; i < PORT_MESSAGES_PER_SLOT && next < PORT_MESSAGE_COUNT; i++) {
            port_message message = {next, ~next};
            bh_result sent = bh_queuing_send(BH_PORT_NUMBERS, &message, sizeof message);
            bh_result written = bh_sampling_write(BH_PORT_LATEST, &message, sizeof message);
            (void)bh_printf("writer: sent %lu %s %s\n", (unsigned long)next, bh_result_name(sent),
                            bh_result_name(written));
            next++;
        }
        (void)bh_yield();
    }
    (void)bh_printf("writer: done %lu\n", (unsigned long)next);
    for (;;) {
        (void)bh_yield();
    }
}
