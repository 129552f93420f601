/*
 * fuzz.h — what every target provides. The same source builds two ways:
 * with clang's libFuzzer (tests/fuzz/build.sh, -fsanitize=fuzzer) and with
 * the plain replay driver (replay.c, gcc, the ASan build) that feeds every
 * file of the committed corpus to the target as an ordinary test.
 *
 * A target aborts (FUZZ_CHECK) when an invariant breaks; the sanitizers
 * catch memory and undefined-behaviour errors.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",       \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* Invariants that a reported, not yet fixed hub bug breaks (README.md,
 * "Findings"). They are checked in the replay test and the default build;
 * build.sh also makes "-campaign" binaries with FUZZ_TOLERATE_KNOWN so a
 * long run keeps looking for NEW bugs instead of stopping on a known one. */
#ifdef FUZZ_TOLERATE_KNOWN
#define FUZZ_KNOWN_BUG(cond) ((void)0)
#else
#define FUZZ_KNOWN_BUG(cond) FUZZ_CHECK(cond)
#endif

#endif
