/* Uses wct and an Advapi32 function through the installed package; prints what it saw. */
#include <stdio.h>
#include <windows.h>
#include <wct.h>

int main(void)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL is_cycle = TRUE;
    WCHAR user[256];
    DWORD user_length = 256;
    HWCT session = OpenThreadWaitChainSession(0, NULL);

    if (!session) { printf("open failed: %lu\n", GetLastError()); return 1; }
    if (!GetThreadWaitChain(session, 0, 0, GetCurrentThreadId(), &count, nodes, &is_cycle))
    {
        printf("GetThreadWaitChain failed: %lu\n", GetLastError());
        return 1;
    }
    CloseThreadWaitChainSession(session);
    if (!GetUserNameW(user, &user_length)) { printf("GetUserNameW failed\n"); return 1; }
    printf("consumer: %lu node(s), first type %d, thread %lu, cycle %d\n", count,
           nodes[0].ObjectType, nodes[0].ThreadObject.ThreadId, is_cycle);
    return !(count >= 1 && nodes[0].ObjectType == WctThreadType &&
             nodes[0].ThreadObject.ThreadId == GetCurrentThreadId() && !is_cycle);
}
