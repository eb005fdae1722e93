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
/* "key":"value" (null when value is NULL), after a comma unless first. */
void json_kv(FILE *f, const char *key, const char *value, int first);

#endif /* DRVSUP_JSON_H */
