#ifndef LITMUS_FILESYSTEM_H
#define LITMUS_FILESYSTEM_H

/// Atomically swaps two existing paths (Linux renameat2 with RENAME_EXCHANGE), so a reader sees either
/// the old or the new one and never neither. Returns 0, or -1 with errno set (ENOSYS or EINVAL where the
/// kernel or file system cannot exchange; the caller then falls back to two renames).
int litmus_exchange_paths(const char *first, const char *second);

#endif
