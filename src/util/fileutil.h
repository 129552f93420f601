/*
 * fileutil.h — small files the hub owns: secrets and links, mode 0600.
 */
#ifndef UTIL_FILEUTIL_H
#define UTIL_FILEUTIL_H

#include <stddef.h>

/* Creates dir (mode 0700) if missing. 0 on success, -errno otherwise. */
int file_ensure_dir(const char *dir);
/* Writes data atomically (temp file + rename) with mode 0600. */
int file_write_private(const char *path, const void *data, size_t len);
/* Reads a whole file of at most max bytes into a malloc'd NUL-terminated
 * buffer. NULL with errno set on failure (EFBIG when too large). */
char *file_read_all(const char *path, size_t max, size_t *len_out);

#endif
