/*
 * worker_pool.h - the threads that run asynchronous GetThreadWaitChain requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_WORKER_POOL_H
#define WCT_WORKER_POOL_H

#include "wct_private.h"

/* TRUE when thread_id is one of the pool's own threads (the probe never suspends them). */
BOOL worker_pool_owns_thread(DWORD thread_id);

/* DLL_PROCESS_DETACH on FreeLibrary: makes idle workers leave; never waits. */
void worker_pool_unload(void);

#endif /* WCT_WORKER_POOL_H */
