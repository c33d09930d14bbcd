/* PLACEHOLDER: replaced by the chain walker (issue 4). */
#include "chain_walker.h"
DWORD chain_walker_get(const struct probe_ops *probe, DWORD flags, DWORD thread_id,
                       DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    (void)probe; (void)flags; (void)thread_id; (void)node_count; (void)nodes; (void)is_cycle;
    return ERROR_NOT_SUPPORTED;
}
