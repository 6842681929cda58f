/*
 * port_message.h: the message the port-writer test guest sends and the port-reader checks: a
 * sequence number (0, 1, 2, ...) and its complement, so a torn or corrupted copy is detectable.
 * Follows: docs/HYPERCALLS.md (QueuingSend / SamplingWrite copy bytes verbatim).
 */
#ifndef PORT_MESSAGE_H
#define PORT_MESSAGE_H

#include <stdint.h>

typedef struct {
    uint32_t sequence;
    uint32_t check; /* ~sequence */
} port_message;

/* Messages the writer sends in total, and per slot (at most the queue depth, so nothing is lost
 * while the reader drains its queue once per slot). Overridable with -D. */
#ifndef PORT_MESSAGE_COUNT
#define PORT_MESSAGE_COUNT 30u
#endif
#ifndef PORT_MESSAGES_PER_SLOT
#define PORT_MESSAGES_PER_SLOT 3u
#endif

#endif /* PORT_MESSAGE_H */
