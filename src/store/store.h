/*
 * store.h — the embedded store (SQLite) behind a narrow interface.
 *
 * The core never calls it; the hub does, between "validate" and "apply".
 * Ownership: store_open returns a handle the caller frees with store_close
 * (NULL ok). Statements are prepared once at open.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stddef.h>

struct store;

/* Opens (creating, mode 0600) DIR/codevhub.db, in WAL mode with
 * synchronous=FULL, and applies pending migrations in order. NULL with a
 * reason in err on failure. path ":memory:" opens a private test store. */
struct store *store_open(const char *path, char *err, size_t errlen);
void store_close(struct store *st);
/* The schema version after migrations. */
int store_schema_version(struct store *st);
/* Runs PRAGMA integrity_check; 0 when "ok". */
int store_check(struct store *st);

#endif
