/* PLACEHOLDER: replaced by the worker pool (issue 3). */
#include "worker_pool.h"
BOOL worker_pool_owns_thread(DWORD thread_id) { (void)thread_id; return FALSE; }
void worker_pool_unload(void) {}
