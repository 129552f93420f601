/*
 * tlscert.h — the certificate the TLS vhost presents, replaceable while
 * the hub runs (SIGHUP), without touching established connections.
 *
 * Ownership: tlscert_load() returns a set the caller owns until it hands
 * it to tlscert_install(), which owns it from then on and frees the set
 * it replaces; tlscert_free_all() frees the installed one. A handshake in
 * progress holds its own references, so replacing a set never pulls a
 * certificate from under a connection.
 */
#ifndef NET_TLSCERT_H
#define NET_TLSCERT_H

#include <stddef.h>

#include <openssl/ssl.h>

struct tlscert;

/* Reads the PEM chain (leaf first) and key, and checks they belong
 * together. NULL with a reason in err (file names, never key bytes). */
struct tlscert *tlscert_load(const char *cert_path, const char *key_path,
			     char *err, size_t errlen);
void tlscert_install(struct tlscert *set);
void tlscert_free(struct tlscert *set);
/* Makes every new handshake on ctx present the installed set. */
void tlscert_attach(SSL_CTX *ctx);
void tlscert_free_all(void);

#endif
