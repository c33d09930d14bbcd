/* PLACEHOLDER: replaced by the Windows/Wine probe (issue 4). */
#include "probe.h"
#include <winternl.h>
static DWORD inspect_thread(void *context, DWORD thread_id, DWORD want,
                            struct probe_thread *thread, struct probe_wait *wait)
{
    (void)context; (void)thread_id; (void)want; (void)thread; (void)wait;
    return ERROR_NOT_SUPPORTED;
}
const struct probe_ops probe_win_ops = { NULL, NULL, inspect_thread };
