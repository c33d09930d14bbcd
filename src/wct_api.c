/* PLACEHOLDER: replaced by the real entry points (issue 3). */
#include "wct_private.h"
HWCT WINAPI OpenThreadWaitChainSession(DWORD flags, PWAITCHAINCALLBACK callback)
{ (void)flags; (void)callback; SetLastError(ERROR_NOT_SUPPORTED); return NULL; }
VOID WINAPI CloseThreadWaitChainSession(HWCT handle) { (void)handle; }
BOOL WINAPI GetThreadWaitChain(HWCT handle, DWORD_PTR context, DWORD flags, DWORD thread_id,
                               LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{ (void)handle; (void)context; (void)flags; (void)thread_id; (void)node_count; (void)nodes; (void)is_cycle;
  SetLastError(ERROR_NOT_SUPPORTED); return FALSE; }
VOID WINAPI RegisterWaitChainCOMCallback(PCOGETCALLSTATE call_state, PCOGETACTIVATIONSTATE activation_state)
{ (void)call_state; (void)activation_state; }
