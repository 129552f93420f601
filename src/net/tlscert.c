/*
 * tlscert.c — certificate sets and the handshake hook that presents them.
 *
 * lws 4.1.6 loads a vhost's certificate once; its lws_tls_cert_updated()
 * reloads into the live SSL_CTX file by file, so a new certificate whose
 * key fails to load leaves the vhost with no certificate, and a key of
 * another type (RSA after ECDSA) is added beside the old one, which
 * OpenSSL may keep choosing. Instead the vhost's SSL_CTX gets a
 * certificate callback (OpenSSL calls it on every server handshake, after
 * the ClientHello, before choosing a certificate): it clears the new
 * SSL's certificates and installs the current set. A set is complete and
 * consistent (leaf, chain, key matching the leaf) before it can become
 * current, so a bad file on SIGHUP leaves the old certificate in service.
 */
#include "net/tlscert.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/log.h"

struct tlscert {
	X509 *leaf;
	STACK_OF(X509) * chain;
	EVP_PKEY *key;
};

static struct tlscert *current;

/* Never prompt on a terminal for a passphrase: an encrypted key is an
 * error, like a missing one. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return 0;
}

void tlscert_free(struct tlscert *set)
{
	if (!set)
		return;
	X509_free(set->leaf);
	sk_X509_pop_free(set->chain, X509_free);
	EVP_PKEY_free(set->key);
	free(set);
}

static int read_chain(struct tlscert *set, const char *path)
{
	BIO *bio = BIO_new_file(path, "r");
	unsigned long err;
	X509 *x;

	if (!bio)
		return -1;
	set->leaf = PEM_read_bio_X509_AUX(bio, NULL, no_passphrase, NULL);
	set->chain = sk_X509_new_null();
	while (set->leaf && set->chain &&
	       (x = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL)))
		if (!sk_X509_push(set->chain, x)) {
			X509_free(x);
			break;
		}
	BIO_free(bio);
	/* The loop ends at the end of the file (no start line) or at a
	 * broken certificate: only the first is success. */
	err = ERR_peek_last_error();
	if (!set->leaf || !set->chain || ERR_GET_LIB(err) != ERR_LIB_PEM ||
	    ERR_GET_REASON(err) != PEM_R_NO_START_LINE)
		return -1;
	ERR_clear_error();
	return 0;
}

struct tlscert *tlscert_load(const char *cert_path, const char *key_path,
			     char *err, size_t errlen)
{
	struct tlscert *set = calloc(1, sizeof *set);
	BIO *bio;

	if (!set) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ERR_clear_error();
	if (read_chain(set, cert_path)) {
		snprintf(err, errlen, "%s: no readable PEM certificate chain",
			 cert_path);
		goto fail;
	}
	bio = BIO_new_file(key_path, "r");
	set->key = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)
		       : NULL;
	BIO_free(bio);
	if (!set->key) {
		snprintf(err, errlen, "%s: no readable unencrypted PEM key",
			 key_path);
		goto fail;
	}
	if (X509_check_private_key(set->leaf, set->key) != 1) {
		snprintf(err, errlen, "%s does not match the key in %s",
			 cert_path, key_path);
		goto fail;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(set->leaf)) < 0)
		log_warn("tls_cert_expired");
	ERR_clear_error();
	return set;
fail:
	ERR_clear_error();
	tlscert_free(set);
	return NULL;
}

void tlscert_install(struct tlscert *set)
{
	tlscert_free(current);
	current = set;
}

static int on_handshake_cert(SSL *ssl, void *arg)
{
	(void)arg;
	if (!current)
		return 1; /* keep what lws loaded into the SSL_CTX */
	/* Cleared first: a leftover certificate of another key type would
	 * still be eligible. SSL_use_cert_and_key takes its own references. */
	SSL_certs_clear(ssl);
	return SSL_use_cert_and_key(ssl, current->leaf, current->key,
				    current->chain, 1) == 1;
}

void tlscert_attach(SSL_CTX *ctx)
{
	SSL_CTX_set_cert_cb(ctx, on_handshake_cert, NULL);
}

void tlscert_free_all(void)
{
	tlscert_install(NULL);
}
