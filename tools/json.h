/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - the few helpers drvsup needs to print JSON by hand.
 */
#ifndef DRVSUP_JSON_H
#define DRVSUP_JSON_H

#include <stdio.h>

/* A JSON string literal for s ("null" when s is NULL). */
void json_str(FILE *f, const char *s);
/* "key": */
void json_key(FILE *f, const char *key);

#endif /* DRVSUP_JSON_H */
