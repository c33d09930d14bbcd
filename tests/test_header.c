/*
 * test_header.c - include/wct.h: constants, layout and declarations, as a consumer sees them
 * (the toolchain's stock headers plus our include/).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "header_layout.h"

HRESULT WINAPI layout_co_get_call_state(int call_type, PULONG server_pid)
{
    *server_pid = (ULONG)call_type;
    return S_OK;
}

HRESULT WINAPI layout_co_get_activation_state(GUID clsid, DWORD client_tid, DWORD *activation_state)
{
    (void)clsid;
    *activation_state = client_tid;
    return S_OK;
}

static void test_header_node_layout(void **state)
{
    WAITCHAIN_NODE_INFO node;

    (void)state;
    assert_int_equal(sizeof(node), 280);
    assert_int_equal((BYTE *)&node.LockObject.ObjectName - (BYTE *)&node, 8);
    assert_int_equal((BYTE *)&node.ThreadObject.ThreadId - (BYTE *)&node, 12);
    assert_int_equal((BYTE *)&node.LockObject.Alertable - (BYTE *)&node, 272);
    assert_int_equal(ARRAYSIZE(node.LockObject.ObjectName), WCT_OBJNAME_LENGTH);
}

static void test_header_constants(void **state)
{
    (void)state;
    assert_int_equal(WCT_MAX_NODE_COUNT, 16);
    assert_int_equal(WCT_ASYNC_OPEN_FLAG, 1);
    assert_int_equal(WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG |
                     WCT_NETWORK_IO_FLAG, 0xf);
    assert_int_equal(WctSocketIoType, 11);
    assert_int_equal(WctSmbIoType, 12);
}

static void test_header_com_callback_prototypes(void **state)
{
    ULONG pid = 0;
    DWORD activation = 0;
    GUID clsid = {0};

    (void)state;
    assert_int_equal(layout_call_state_type_check(7, &pid), S_OK);
    assert_int_equal(pid, 7);
    assert_int_equal(layout_activation_state_type_check(clsid, 9, &activation), S_OK);
    assert_int_equal(activation, 9);
}

static void test_header_declares_the_exports(void **state)
{
    HWCT (WINAPI *open_session)(DWORD, PWAITCHAINCALLBACK) = OpenThreadWaitChainSession;
    VOID (WINAPI *close_session)(HWCT) = CloseThreadWaitChainSession;
    BOOL (WINAPI *get_chain)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD, PWAITCHAIN_NODE_INFO,
                             LPBOOL) = GetThreadWaitChain;
    VOID (WINAPI *register_com)(PCOGETCALLSTATE, PCOGETACTIVATIONSTATE) = RegisterWaitChainCOMCallback;

    (void)state;
    assert_non_null(open_session);
    assert_non_null(close_session);
    assert_non_null(get_chain);
    assert_non_null(register_com);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_node_layout),
        cmocka_unit_test(test_header_constants),
        cmocka_unit_test(test_header_com_callback_prototypes),
        cmocka_unit_test(test_header_declares_the_exports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
