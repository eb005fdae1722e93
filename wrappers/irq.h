/* SPDX-License-Identifier: GPL-2.0 */
/*
 * irq.h - irq.c's handlers, for a bus whose core requests the line on the
 * driver's behalf (pcmcia.c): the same gated, tracked handler.
 */
#ifndef DRVSUP_WRAP_IRQ_H
#define DRVSUP_WRAP_IRQ_H

#include <linux/interrupt.h>

struct drvsup_domain;

int dsw_request_threaded_irq(unsigned int irq, irq_handler_t handler,
			     irq_handler_t thread_fn, unsigned long flags,
			     const char *name, void *dev_id);
const void *dsw_free_irq(unsigned int irq, void *dev_id);
bool dsw_irq_held(struct drvsup_domain *d, unsigned int irq, void *dev_id);

#endif /* DRVSUP_WRAP_IRQ_H */
